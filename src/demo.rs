//! Deterministic, realistic demo data relative to "now": Mittelstand clients, several owners, a year
//! of reviews, notes of every kind, escalations at every level, 12 weeks of checklists, visits.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate, NaiveTime};

use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::dates::{add_days, add_months, local_date, local_moment};
use crate::domain::escalation::{Level, due_at};
use crate::domain::{IsoWeek, NoteKind, Scores, Status, Tier};
use crate::error::Error;
use crate::store::Store;
use crate::store::bulk::{Bulk, BulkAccount};

/// SplitMix64: tiny, fast, deterministic for a seed — all the demo needs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const FAMILIES: &[&str] = &[
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
const REGIONS: &[&str] = &[
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
const TRADES: &[&str] = &[
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
const FORMS: &[&str] = &["GmbH", "GmbH & Co. KG", "AG", "e.K.", "KG"];
const COLLEAGUES: &[&str] = &["anna.berger", "jonas.keller", "lea.wolf"];
const FIRST: &[&str] = &[
    "Jana", "Thomas", "Sabine", "Markus", "Katrin", "Stefan", "Julia", "Andreas", "Petra",
    "Michael", "Nina", "Florian",
];
const ROLES: &[&str] = &[
    "Geschäftsführung",
    "Marketingleitung",
    "Einkauf",
    "Vertriebsleitung",
    "Assistenz",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mood {
    Thriving,
    Steady,
    Wobbly,
    Troubled,
}

/// One demo account's life, shared by the generators of its notes, escalations, checklist, visits.
#[derive(Clone, Copy)]
struct Life<'a> {
    cfg: &'a Config,
    now: Timestamp,
    id: i64,
    owner: &'a str,
    since: NaiveDate,
    created: Timestamp,
    /// Its churn date or now: nothing happens after it.
    end: Timestamp,
    mood: Mood,
    status: Status,
}

/// Fill `store` with `n` accounts. Refuses a non-empty database unless `force`.
pub fn fill(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    user: &str,
    n: usize,
    seed: u64,
    force: bool,
) -> Result<usize, Error> {
    if !force && !store.is_empty()? {
        return Err(Error::invalid(
            "database",
            store
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            "an empty database for demo data (or --force to add to it)",
        ));
    }
    let mut owners: Vec<String> = vec![user.to_string()];
    owners.extend(
        COLLEAGUES
            .iter()
            .map(|s| s.to_string())
            .filter(|c| c != user),
    );
    store.bulk(|b| {
        let mut rng = Rng(seed ^ 0x7465_6E64);
        let mut names = HashSet::new();
        for i in 0..n {
            let name = unique_name(&mut rng, &mut names, b, i)?;
            account(b, cfg, now, &mut rng, &name, &owners)?;
        }
        b.set_meta("demo_generated", &local_date(now).to_string())?;
        Ok(n)
    })
}

fn unique_name(
    rng: &mut Rng,
    names: &mut HashSet<String>,
    b: &mut Bulk<'_>,
    i: usize,
) -> Result<String, Error> {
    for attempt in 0..20 {
        let family = rng.pick(FAMILIES);
        let trade = rng.pick(TRADES);
        let form = rng.pick(FORMS);
        let name = match (attempt, rng.below(3)) {
            (0..=9, 0) => format!("{family} {trade} {form}"),
            (0..=9, 1) => format!("{} {trade} {form}", rng.pick(REGIONS)),
            (0..=9, _) => format!("{family} & {} {form}", rng.pick(FAMILIES)),
            _ => format!("{} {trade} {family} {form}", rng.pick(REGIONS)),
        };
        if names.insert(name.to_lowercase()) && !b.name_taken(&name)? {
            return Ok(name);
        }
    }
    Ok(format!("{} Kunde {i}", rng.pick(REGIONS)))
}

fn at_day(date: NaiveDate, hour: u32, minute: u32) -> Timestamp {
    local_moment(
        date,
        NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN),
    )
}

fn scores_for(rng: &mut Rng, centre: i64) -> Scores {
    let mut s = |spread: i64| (centre + rng.range(-spread, spread)).clamp(5, 100);
    Scores {
        performance: s(12),
        relationship: s(12),
        outlook: s(15),
        engagement: s(15),
    }
}

fn account(
    b: &mut Bulk<'_>,
    cfg: &Config,
    now: Timestamp,
    rng: &mut Rng,
    name: &str,
    owners: &[String],
) -> Result<(), Error> {
    let today = local_date(now);
    let tier = match rng.below(100) {
        0..=19 => Tier::Premium,
        20..=69 => Tier::Standard,
        70..=79 => Tier::New,
        _ => Tier::Difficult,
    };
    let mood = match (tier, rng.below(100)) {
        (Tier::Difficult, 0..=34) => Mood::Troubled,
        (_, 0..=39) => Mood::Thriving,
        (_, 40..=69) => Mood::Steady,
        (_, 70..=87) => Mood::Wobbly,
        _ => Mood::Troubled,
    };
    let age_days = if tier == Tier::New {
        rng.range(1, 89)
    } else {
        rng.range(120, 2600)
    };
    let since = add_days(today, -age_days);
    let owner = rng.pick(owners).clone();
    let backup = loop {
        let c = rng.pick(owners);
        if *c != owner || owners.len() < 2 {
            break Some(c.clone());
        }
    };
    let status = match rng.below(100) {
        0..=5 if tier != Tier::New => Status::Churned,
        6..=12 => Status::Paused,
        _ => Status::Active,
    };
    let churned_on = (status == Status::Churned)
        .then(|| add_days(today, -rng.range(5, 200.min(age_days - 1).max(5))));
    let created = at_day(since, 9, 0);
    let value = rng.range(8, 150) * 10_000 + rng.range(0, 1) * 5_000;
    let renewal = rng.chance(0.5).then(|| add_days(today, rng.range(-5, 365)));
    let id = b.account(&BulkAccount {
        name,
        owner: &owner,
        backup: backup.as_deref(),
        tier,
        value_cents: value,
        client_since: since,
        renewal,
        status,
        churned_on,
        churn_reason: churned_on.map(|_| {
            *rng.pick(&[
                "budget cut",
                "moved to an in-house team",
                "went with a cheaper agency",
                "company sold",
            ])
        }),
        churn_category: None,
        referred_by: None,
        created_at: created,
        created_by: &owner,
    })?;
    // The end of this account's active history: its churn date or now.
    let end = match churned_on {
        Some(d) => at_day(d, 17, 0).min(now),
        None => now,
    };
    if status == Status::Paused {
        let paused_at = now - Duration::days(rng.range(3, 40));
        b.status_change(
            id,
            paused_at.max(created),
            &owner,
            Status::Active,
            Status::Paused,
        )?;
    }
    if let Some(d) = churned_on {
        b.status_change(
            id,
            at_day(d, 17, 0).min(now),
            &owner,
            Status::Active,
            Status::Churned,
        )?;
    }

    // Contacts.
    for c in 0..rng.range(1, 3) {
        let first = rng.pick(FIRST);
        let last = rng.pick(FAMILIES);
        let mail = format!(
            "{}.{}@example.de",
            first.to_lowercase(),
            last.to_lowercase().replace(['ü', 'ä', 'ö'], "e")
        );
        let phone = format!(
            "+49 7{} {}",
            rng.range(600, 799),
            rng.range(100_000, 999_999)
        );
        b.contact(
            id,
            &format!("{first} {last}"),
            Some(*rng.pick(ROLES)),
            Some(&mail),
            Some(&phone),
            c == 0,
            created,
            &owner,
        )?;
    }

    // Reviews: roughly monthly, the mood shaping the latest ones; some accounts never reviewed.
    let centre = match mood {
        Mood::Thriving => 91,
        Mood::Steady => 85,
        Mood::Wobbly => 77,
        Mood::Troubled => 64,
    };
    // Brand-new clients have often not been scored yet; everyone else has.
    let skip_review = (tier == Tier::New && age_days < 14) || rng.chance(0.02);
    let reviewed = !skip_review;
    if reviewed {
        let first = (now - Duration::days(365)).max(created + Duration::days(7));
        let stale = rng.chance(0.15);
        let last_gap = if stale {
            rng.range(46, 80)
        } else {
            rng.range(3, 40)
        };
        let last = end - Duration::days(last_gap);
        let mut t = first;
        let span = (last - first).num_days().max(1);
        while t <= last {
            // Troubled accounts slide over the last two months; thriving ones improve.
            let progress = (t - first).num_days() as f64 / span as f64;
            let drift = match mood {
                Mood::Troubled => (10.0 * (1.0 - progress)) as i64,
                Mood::Wobbly => (6.0 * (1.0 - progress)) as i64,
                Mood::Thriving => -((6.0 * (1.0 - progress)) as i64),
                Mood::Steady => 0,
            };
            let note = rng.chance(0.3).then_some("quarterly scoring with the team");
            b.review(id, t, &owner, scores_for(rng, centre + drift), note)?;
            t += Duration::days(rng.range(25, 35));
        }
        if last > first {
            b.review(
                id,
                last,
                &owner,
                scores_for(rng, centre),
                Some("latest scoring"),
            )?;
        }
    }

    let life = Life {
        cfg,
        now,
        id,
        owner: &owner,
        since,
        created,
        end,
        mood,
        status,
    };
    notes(b, rng, &life)?;
    escalations(b, rng, &life)?;
    checklist(b, rng, &life)?;
    visits(b, rng, &life)?;
    Ok(())
}

const CALLS: &[&str] = &[
    "Weekly call: campaign numbers discussed, next steps agreed",
    "Called about the Q{q} budget, decision expected next week",
    "Short check-in, everything on track",
    "Discussed the new landing page draft, two change requests",
    "Went through the KPI report together",
    "Asked about the delayed invoice, sorted out",
    "Talked about expanding to SEA next quarter",
];
const EMAILS: &[&str] = &[
    "Sent the weekly update: results, insights, next steps",
    "Shared the monthly report with comments",
    "Answered questions about tracking setup within 2 h",
    "Sent proposal for the spring campaign",
];
const MEETINGS: &[&str] = &[
    "Monthly business review on site",
    "Strategy workshop for next year",
    "Kick-off with the new marketing lead",
];
const PRAISE: &[&str] = &[
    "CEO loved the new website",
    "Lead numbers best since we started",
    "Thanks for the fast help with the shop outage",
];
const COMPLAINTS: &[&str] = &[
    "Report came two days late again",
    "Unhappy about the agency fee increase",
    "Feels we do not understand their product",
    "Missed the agreed callback",
];

fn notes(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
    let Life {
        now,
        id,
        owner,
        created,
        end,
        mood,
        ..
    } = *life;
    let start = (now - Duration::days(365)).max(created);
    // A silent spell before the end for some troubled and wobbly accounts.
    let silence = match mood {
        Mood::Troubled if rng.chance(0.5) => rng.range(16, 45),
        Mood::Wobbly if rng.chance(0.3) => rng.range(15, 25),
        _ => rng.range(0, 6),
    };
    let last = end - Duration::days(silence);
    let mut t = start + Duration::hours(rng.range(2, 72));
    let mut nps_turn = 0;
    while t < last {
        let roll = rng.below(100);
        let q = (t.format("%m").to_string().parse::<u32>().unwrap_or(1) - 1) / 3 + 1;
        let (kind, text, nps) = match roll {
            0..=39 => (
                NoteKind::Call,
                rng.pick(CALLS).replace("{q}", &q.to_string()),
                None,
            ),
            40..=64 => (NoteKind::Email, rng.pick(EMAILS).to_string(), None),
            65..=72 => (NoteKind::Meeting, rng.pick(MEETINGS).to_string(), None),
            73..=77 => (
                NoteKind::Internal,
                "Internal: aligned with the team on priorities".to_string(),
                None,
            ),
            78..=85 => {
                nps_turn += 1;
                let nps = nps_for(rng, mood);
                (
                    NoteKind::MicroFeedback,
                    format!("Micro-feedback: rated the last month {nps}/10"),
                    Some(nps),
                )
            }
            86..=89 => (
                NoteKind::RelationshipReview,
                "Quarterly relationship review: expectations and collaboration".to_string(),
                Some(nps_for(rng, mood)),
            ),
            90..=94 if mood != Mood::Troubled => {
                (NoteKind::Praise, rng.pick(PRAISE).to_string(), None)
            }
            _ if mood == Mood::Troubled || mood == Mood::Wobbly => {
                (NoteKind::Complaint, rng.pick(COMPLAINTS).to_string(), None)
            }
            _ => (
                NoteKind::Call,
                "Follow-up call after the campaign launch".to_string(),
                None,
            ),
        };
        b.note(id, t, owner, kind, &text, nps)?;
        let gap = match mood {
            Mood::Thriving | Mood::Steady => rng.range(4, 9),
            _ => rng.range(5, 12),
        };
        t += Duration::days(gap) + Duration::minutes(rng.range(0, 600));
    }
    if rng.chance(0.25) {
        b.note(
            id,
            start + Duration::days(rng.range(10, 300)).min(end - start),
            owner,
            NoteKind::Audit,
            "Yearly partnership audit: goals for next year agreed",
            None,
        )?;
    }
    let _ = nps_turn;
    Ok(())
}

fn nps_for(rng: &mut Rng, mood: Mood) -> u8 {
    let v = match mood {
        Mood::Thriving => rng.range(8, 10),
        Mood::Steady => rng.range(6, 10),
        Mood::Wobbly => rng.range(4, 9),
        Mood::Troubled => rng.range(1, 7),
    };
    v as u8
}

const REASONS: &[(Level, &str)] = &[
    (Level::Yellow, "Replies getting slower, meeting moved twice"),
    (Level::Yellow, "Critical questions about the reporting"),
    (Level::Orange, "Direct complaint about campaign results"),
    (Level::Orange, "Budget cut announced for next quarter"),
    (Level::Red, "Threatened to cancel the contract"),
    (Level::Red, "Invoice 60 days late, no answer"),
];

fn escalations(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
    let Life {
        cfg,
        now,
        id,
        owner,
        created,
        end,
        mood,
        ..
    } = *life;
    let sla = &cfg.escalation.sla_hours;
    let past = match mood {
        Mood::Thriving => rng.range(0, 1),
        Mood::Steady => rng.range(0, 2),
        Mood::Wobbly => rng.range(1, 3),
        Mood::Troubled => rng.range(2, 4),
    };
    let start = (now - Duration::days(360)).max(created);
    for _ in 0..past {
        let span = (end - start).num_hours() - 24 * 8;
        if span <= 0 {
            break;
        }
        let opened = start + Duration::hours(rng.range(0, span));
        let (level, reason) = *rng.pick(REASONS);
        let due = due_at(level, opened, sla);
        let e = b.escalation(id, level, reason, opened, due, owner)?;
        let mut current = level;
        let mut t = opened;
        if let Some(next) = level.next().filter(|_| rng.chance(0.3)) {
            t = opened + Duration::hours(rng.range(6, 40));
            b.level_change(
                e,
                t,
                Some(level),
                next,
                owner,
                Some("no improvement"),
                due_at(next, t, sla),
            )?;
            current = next;
        }
        // Most are answered within the SLA, some late.
        let hours = current.sla(sla).num_hours();
        let resolve = t + Duration::hours(if rng.chance(0.75) {
            rng.range(2, hours)
        } else {
            rng.range(hours + 1, hours * 3)
        });
        b.resolve(
            e,
            resolve.min(end),
            owner,
            "Talked it through, solution plan agreed",
        )?;
    }
    if end < now {
        return Ok(());
    }
    let open = match mood {
        Mood::Troubled => rng.range(1, 2),
        Mood::Wobbly => rng.range(0, 1),
        _ => i64::from(rng.chance(0.05)),
    };
    for _ in 0..open {
        let (level, reason) = *rng.pick(REASONS);
        // Some opened long enough ago to be overdue.
        let age = if rng.chance(0.4) {
            rng.range(30, 90)
        } else {
            rng.range(1, 20)
        };
        let opened = (now - Duration::hours(age)).max(created);
        b.escalation(id, level, reason, opened, due_at(level, opened, sla), owner)?;
    }
    Ok(())
}

fn checklist(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
    let Life {
        cfg,
        now,
        id,
        owner,
        created,
        end,
        mood,
        ..
    } = *life;
    let p = match mood {
        Mood::Thriving => 0.97,
        Mood::Steady => 0.92,
        Mood::Wobbly => 0.7,
        Mood::Troubled => 0.4,
    };
    let this = IsoWeek::at(now);
    let mut week = this;
    for _ in 0..12 {
        week = week.previous();
    }
    while week <= this {
        let start = week.start();
        if start >= created && start < end {
            let elapsed = if week == this {
                (now - start).num_hours() as f64 / (24.0 * 7.0)
            } else {
                1.0
            };
            for item in &cfg.checklist.items {
                if rng.chance(p * elapsed.min(1.0) * 1.3) {
                    let at = (start + Duration::hours(rng.range(8, 24 * 5))).min(now);
                    b.tick(id, &week.to_string(), &item.key, at, owner)?;
                }
            }
        }
        week = week.next();
    }
    Ok(())
}

fn visits(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
    let Life {
        now,
        id,
        owner,
        since,
        end,
        mood,
        status,
        ..
    } = *life;
    let today = local_date(now);
    let end_day = local_date(end);
    let mut due = add_months(since, 3);
    // Visits roughly every quarter; troubled accounts lag behind.
    while due < end_day {
        let lag = match mood {
            Mood::Troubled => rng.range(-5, 40),
            Mood::Wobbly => rng.range(-10, 20),
            _ => rng.range(-20, 5),
        };
        let done = add_days(due, lag);
        if done >= end_day || done >= today {
            break;
        }
        let planned_at = at_day(add_days(done, -rng.range(7, 30)), 10, 0);
        let note = rng.pick(&[
            "Workshop on next quarter's plan",
            "Met the CEO, good atmosphere",
            "Site tour and campaign review",
            "Visit with the new marketing lead",
        ]);
        b.visit(
            id,
            Some(done),
            Some(done),
            Some(note),
            planned_at,
            Some(at_day(done, 16, 0)),
            owner,
        )?;
        b.note(
            id,
            at_day(done, 15, 0),
            owner,
            NoteKind::Visit,
            &format!("On-site visit: {note}"),
            None,
        )?;
        due = add_months(done, 3);
    }
    if status == Status::Churned {
        return Ok(());
    }
    let plan = match mood {
        Mood::Troubled => rng.chance(0.3),
        _ => rng.chance(0.65),
    };
    if plan {
        let date = if rng.chance(0.1) {
            add_days(today, -rng.range(1, 6))
        } else {
            add_days(today, rng.range(2, 60))
        };
        b.visit(
            id,
            Some(date),
            None,
            None,
            now - Duration::days(rng.range(2, 20)),
            None,
            owner,
        )?;
    }
    Ok(())
}

/// `--demo`: open the demo database, (re)generating it when missing or made before today.
pub fn ensure_demo_db(
    path: &std::path::Path,
    cfg: &Config,
    now: Timestamp,
    user: &str,
) -> Result<(), Error> {
    let fresh = match Store::open(path, &cfg.store, crate::store::Access::Read) {
        Ok(s) if path.exists() => s
            .meta("demo_generated")?
            .is_some_and(|d| d >= local_date(now).to_string()),
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    for suffix in ["", "-wal", "-shm"] {
        let p = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| Error::Io(format!("{}: {e}", p.display())))?;
        }
    }
    let store = Store::open(path, &cfg.store, crate::store::Access::Write)?;
    fill(&store, cfg, now, user, 40, 1, false)?;
    Ok(())
}
