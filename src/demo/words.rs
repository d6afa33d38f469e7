//! The demo's vocabulary: company names, people, and what notes and escalations say. Kept apart
//! from the generators so the lists can change without touching how a life unfolds (the order and
//! length of each list is part of a seed's output, though: changing one changes the portfolio).

use crate::domain::ChurnCategory;
use crate::domain::escalation::Level;

pub(super) const FAMILIES: &[&str] = &[
    "Müller",
    "Schmid",
    "Wehrle",
    "Baumann",
    "Kaiser",
    "Vogt",
    "Hofmann",
    "Ebner",
    "Zimmermann",
    "Kern",
    "Bächle",
    "Schwarz",
    "Faller",
    "Gerber",
    "Straub",
    "Maier",
    "Kuhn",
    "Brunner",
    "Huber",
    "Wolf",
    "Frey",
    "Jäger",
    "Ott",
    "Albiez",
    "Dold",
    "Rombach",
    "Kaltenbach",
    "Schäuble",
    "Würth",
    "Stihl",
];
pub(super) const REGIONS: &[&str] = &[
    "Schwarzwald",
    "Bodensee",
    "Hegau",
    "Breisgau",
    "Hochrhein",
    "Kaiserstuhl",
    "Markgräfler",
    "Ortenau",
    "Baar",
    "Wutach",
    "Klettgau",
    "Neckar",
    "Alb",
    "Rheintal",
];
pub(super) const TRADES: &[&str] = &[
    "Präzisionstechnik",
    "Holzbau",
    "Brauerei",
    "Autohaus",
    "Zahnarztpraxis",
    "Steuerberatung",
    "Maschinenbau",
    "Hotel",
    "Bäckerei",
    "Sanitär",
    "Elektrotechnik",
    "Möbelwerkstatt",
    "Weingut",
    "Logistik",
    "Kunststofftechnik",
    "Immobilien",
    "Optik",
    "Reisen",
    "Metallbau",
    "Gartenbau",
];
pub(super) const FORMS: &[&str] = &["GmbH", "GmbH & Co. KG", "AG", "e.K.", "KG"];
/// The other owners of the demo portfolio besides the user.
pub(super) const COLLEAGUES: &[&str] = &["anna.berger", "jonas.keller", "lea.wolf"];
pub(super) const FIRST: &[&str] = &[
    "Jana", "Thomas", "Sabine", "Markus", "Katrin", "Stefan", "Julia", "Andreas", "Petra",
    "Michael", "Nina", "Florian",
];
pub(super) const ROLES: &[&str] = &[
    "Geschäftsführung",
    "Marketingleitung",
    "Einkauf",
    "Vertriebsleitung",
    "Assistenz",
];
// What notes say, by kind.
pub(super) const CALLS: &[&str] = &[
    "Weekly call: campaign numbers discussed, next steps agreed",
    "Called about the Q{q} budget, decision expected next week",
    "Short check-in, everything on track",
    "Discussed the new landing page draft, two change requests",
    "Went through the KPI report together",
    "Asked about the delayed invoice, sorted out",
    "Talked about expanding to SEA next quarter",
];
pub(super) const EMAILS: &[&str] = &[
    "Sent the weekly update: results, insights, next steps",
    "Shared the monthly report with comments",
    "Answered questions about tracking setup within 2 h",
    "Sent proposal for the spring campaign",
];
pub(super) const MEETINGS: &[&str] = &[
    "Workshop on the new campaign structure",
    "Strategy workshop for next year",
    "Kick-off with the new marketing lead",
    "Photo shoot for the career page planned together",
];
pub(super) const INTERNAL: &[&str] = &[
    "Internal: aligned with the team on priorities",
    "Internal: briefed the backup on open topics",
    "Internal: reviewed the account plan with the team lead",
];
/// Calls, emails and meetings that end with a promise (a follow-up).
pub(super) const PROMISES: &[&str] = &[
    "Promised to send the revised offer",
    "Will call back once the budget is approved",
    "Send the KPI deep dive to the CEO",
    "Check the tracking setup and report back",
    "Prepare two headline options for the landing page",
    "Get back with a date for the on-site workshop",
];
/// Micro-feedback comments by the satisfaction rating (index 0: 1/5 … index 4: 5/5).
pub(super) const MICRO_FEEDBACK: [&[&str]; 5] = [
    &[
        "results disappointing, questions the budget",
        "feels nobody listens",
    ],
    &[
        "leads below expectations",
        "too many changes of plan",
        "the report came late again",
    ],
    &[
        "okay month, results flat",
        "wants faster replies",
        "unsure about the SEA budget",
    ],
    &[
        "reporting is clearer now",
        "good month, would like more ideas",
        "the landing page works well",
    ],
    &[
        "very happy with the new campaign",
        "quick answers, thank you",
        "best lead month this year",
    ],
];
/// What a quarterly relationship review found, by NPS class (detractor, passive, promoter).
pub(super) const RELATIONSHIP: [&[&str]; 3] = [
    &[
        "trust shaken, results and reporting questioned",
        "feels we react instead of lead",
    ],
    &[
        "solid collaboration, wants more proactive ideas",
        "happy overall, reporting could be shorter",
    ],
    &[
        "would recommend us without hesitation",
        "sees us as part of the team",
    ],
];
pub(super) const BUSINESS_REVIEWS: &[&str] = &[
    "results, KPIs and next steps; targets for next month agreed",
    "lead numbers and cost per lead reviewed, budget shifted to search",
    "campaign results presented, two test ideas agreed",
    "KPI dashboard walked through, next steps for the shop agreed",
];
pub(super) const SUCCESS_REVIEWS: &[&str] = &[
    "weekly call with the CEO, new KPI targets, senior on the account",
    "recovery plan for the lead numbers, check-in every Friday",
    "reporting simplified, one contact for everything, review in 30 days",
];
pub(super) const AUDITS: &[&str] = &[
    "Yearly partnership audit: goals for next year agreed",
    "Yearly partnership audit: contract scope and targets renewed",
];
pub(super) const PRAISE: &[&str] = &[
    "CEO loved the new website",
    "Lead numbers best since we started",
    "Thanks for the fast help with the shop outage",
];
pub(super) const COMPLAINTS: &[&str] = &[
    "Report came two days late again",
    "Unhappy about the agency fee increase",
    "Feels we do not understand their product",
    "Missed the agreed callback",
    "Campaign went live with the old prices",
    "Third new contact person this year, had to explain everything again",
];
/// Why escalations are opened, with the level they start at.
pub(super) const REASONS: &[(Level, &str)] = &[
    (Level::Yellow, "Replies getting slower, meeting moved twice"),
    (Level::Yellow, "Critical questions about the reporting"),
    (Level::Orange, "Direct complaint about campaign results"),
    (Level::Orange, "Budget cut announced for next quarter"),
    (Level::Red, "Threatened to cancel the contract"),
    (Level::Red, "Invoice 60 days late, no answer"),
];
/// Why churned clients left: the seed's reason categories with their weights (goals 34 %,
/// communication 28 %, contact change 19 %, costs 12 %, expertise 7 %; a few other reasons),
/// each with what the reason said and what the exit interview heard.
pub(super) const CHURN: &[(u64, ChurnCategory, &[&str], &str)] = &[
    (
        32,
        ChurnCategory::Goals,
        &[
            "lead targets missed two quarters in a row",
            "campaign results below the agreed KPIs",
        ],
        "the targets were never realistic, and we did not say so early enough",
    ),
    (
        26,
        ChurnCategory::Communication,
        &[
            "felt left alone, updates came irregularly",
            "too many misunderstandings about priorities",
        ],
        "wanted one short update every week instead of long reports now and then",
    ),
    (
        18,
        ChurnCategory::ContactChange,
        &[
            "left after the account manager changed",
            "third new contact person within a year",
        ],
        "had to start from scratch with every new contact person",
    ),
    (
        12,
        ChurnCategory::Costs,
        &[
            "costs not transparent enough",
            "budget cut, marketing moved in-house",
        ],
        "could not see what the fee paid for",
    ),
    (
        7,
        ChurnCategory::Expertise,
        &["did not feel we understood their industry"],
        "went to an agency that specialises in their trade",
    ),
    (
        5,
        ChurnCategory::Other,
        &["company sold", "business closed"],
        "no complaint about us, the new owners have their own agency",
    ),
];
/// How a contact likes to be reached, and when.
pub(super) const CHANNELS: &[&str] =
    &["phone", "email", "mobile", "Teams", "WhatsApp", "in person"];
pub(super) const BEST_TIMES: &[&str] = &[
    "mornings before 10",
    "after 14:00",
    "Tue and Thu",
    "Friday mornings",
    "not on Mondays",
    "lunchtime, 12:30",
];
/// Something personal worth remembering about a contact.
pub(super) const PERSONAL: &[&str] = &[
    "two kids, coaches the youth football team",
    "SC Freiburg season ticket",
    "runs the Black Forest marathon",
    "sails on Lake Constance",
    "vegetarian, loves Italian food",
    "restoring an old farmhouse",
    "daughter starts university in autumn",
    "plays in the town brass band",
    "keen e-bike rider",
];
/// Who recommends us besides existing clients.
pub(super) const REFERRERS: &[&str] = &[
    "Stefan Huber, tax adviser",
    "IHK Südlicher Oberrhein",
    "Wirtschaftsförderung Region Freiburg",
    "Jana Kern, BNI Breisgau",
    "Markus Frey, Handwerkskammer",
];
/// What an on-site visit was about.
pub(super) const VISIT_NOTES: &[&str] = &[
    "Workshop on next quarter's plan",
    "Met the CEO, good atmosphere",
    "Site tour and campaign review",
    "Visit with the new marketing lead",
];
