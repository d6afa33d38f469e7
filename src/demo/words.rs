//! The demo's vocabulary: company names, people, and what notes and escalations say. Kept apart
//! from the generators so the lists can change without touching how a life unfolds (the order and
//! length of each list is part of a seed's output, though: changing one changes the portfolio).

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
    "Monthly business review on site",
    "Strategy workshop for next year",
    "Kick-off with the new marketing lead",
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
/// Why a churned client left.
pub(super) const CHURN_REASONS: &[&str] = &[
    "budget cut",
    "moved to an in-house team",
    "went with a cheaper agency",
    "company sold",
];
/// What an on-site visit was about.
pub(super) const VISIT_NOTES: &[&str] = &[
    "Workshop on next quarter's plan",
    "Met the CEO, good atmosphere",
    "Site tour and campaign review",
    "Visit with the new marketing lead",
];
