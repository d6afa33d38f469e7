//! One demo account: its name, its fate (a client today, or churned within the last 30 months),
//! the account row with its status, owner and value history, contacts known as people and a year
//! of reviews; then hands its life to the history generators.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate};

use super::history::{Churn, Life, Mood, Showcase, at_day, checklist, escalations, notes, visits};
use super::rng::{Rng, Spread};
use super::words::{
    BEST_TIMES, CHANNELS, CHURN, FAMILIES, FIRST, FORMS, PERSONAL, REFERRERS, REGIONS, ROLES,
    TRADES,
};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::dates::{add_days, days_between, local_date};
use crate::domain::{ChurnCategory, NoteKind, Scores, Status, Tier};
use crate::error::Error;
use crate::store::bulk::{Bulk, BulkAccount, BulkContact};

/// The share of generated accounts that churned within the last `CHURN_DAYS`: with churn dates
/// spread evenly, about 15 % of the live portfolio leaves per year (the seed's 85 % retention),
/// which puts the expected lifetime at six to seven years rather than the 120-month cap.
const CHURNED: f64 = 0.25;
const CHURN_DAYS: i64 = 900;

/// What the accounts of one demo share while they are generated.
pub(super) struct Portfolio<'a> {
    pub(super) cfg: &'a Config,
    pub(super) now: Timestamp,
    pub(super) owners: &'a [String],
    /// Fate, tier and mood of each account, spread evenly over the portfolio.
    pub(super) spread: Spread,
    /// The clients so far (name, client since): who may have recommended a later one.
    pub(super) clients: Vec<(String, NaiveDate)>,
    /// A smooth weighted round robin over the churn reasons: however few accounts churned, their
    /// categories come out in the seed's proportions.
    churn_turns: Vec<i64>,
}

type ChurnReason = (u64, ChurnCategory, &'static [&'static str], &'static str);

impl<'a> Portfolio<'a> {
    pub(super) fn new(cfg: &'a Config, now: Timestamp, owners: &'a [String], n: usize) -> Self {
        Portfolio {
            cfg,
            now,
            owners,
            spread: Spread::default(),
            clients: Vec::with_capacity(n),
            churn_turns: vec![0; CHURN.len()],
        }
    }

    fn next_churn_reason(&mut self) -> &'static ChurnReason {
        let total: i64 = CHURN.iter().map(|c| c.0 as i64).sum();
        for (turn, c) in self.churn_turns.iter_mut().zip(CHURN) {
            *turn += c.0 as i64;
        }
        let mut best = 0;
        for (k, turn) in self.churn_turns.iter().enumerate() {
            if *turn > self.churn_turns[best] {
                best = k;
            }
        }
        self.churn_turns[best] -= total;
        &CHURN[best]
    }
}

/// A company name not used yet (compared lowercased, and against the database under `--force`);
/// after 20 clashes a numbered fallback.
pub(super) fn unique_name(
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
        if names.insert(crate::domain::names::fold(&name)) && !b.name_taken(&name)? {
            return Ok(name);
        }
    }
    Ok(format!("{} Kunde {i}", rng.pick(REGIONS)))
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

/// Write account number `i` with everything that belongs to it.
pub(super) fn generate(
    b: &mut Bulk<'_>,
    p: &mut Portfolio<'_>,
    rng: &mut Rng,
    i: usize,
    name: &str,
) -> Result<(), Error> {
    let (cfg, now) = (p.cfg, p.now);
    let today = local_date(now);
    let show = Showcase::of(i);
    let [fate, kind, temper] = p.spread.next(rng);
    // Its fate first: churned on some day of the last 30 months (spread evenly), or a client today.
    let churn_ago = match show {
        Some(Showcase::ExitInterviewDue) => Some(rng.range(4, 20)),
        Some(Showcase::ExitInterviewHeld) => Some(rng.range(35, 120)),
        Some(_) => None,
        None => (fate < CHURNED).then(|| 1 + (fate / CHURNED * (CHURN_DAYS - 1) as f64) as i64),
    };
    let churned_on = churn_ago.map(|d| add_days(today, -d));
    let tier = match (kind * 100.0) as u64 {
        0..=19 => Tier::Premium,
        20..=69 => Tier::Standard,
        70..=79 if churned_on.is_none() && show.is_none() => Tier::New,
        70..=79 => Tier::Standard,
        _ => Tier::Difficult,
    };
    let roll = (temper * 100.0) as u64;
    let mood = if churned_on.is_some() {
        // Those who left were mostly unhappy before.
        match roll {
            0..=44 => Mood::Troubled,
            45..=84 => Mood::Wobbly,
            _ => Mood::Steady,
        }
    } else if show == Some(Showcase::Complaints) {
        Mood::Wobbly
    } else {
        match (tier, roll) {
            (Tier::Difficult, 0..=29) => Mood::Troubled,
            (_, 0..=41) => Mood::Thriving,
            (_, 42..=73) => Mood::Steady,
            (_, 74..=93) => Mood::Wobbly,
            _ => Mood::Troubled,
        }
    };
    let since = match churned_on {
        // A quarter of the churns come in the first year: most cancellations come early.
        Some(on) => add_days(
            on,
            -if rng.chance(0.25) {
                rng.range(90, 365)
            } else {
                rng.range(366, 2400)
            },
        ),
        None if tier == Tier::New => add_days(today, -rng.range(1, 89)),
        None => add_days(today, -rng.range(120, 2600)),
    };
    let age_days = days_between(since, today);
    let owner = rng.pick(p.owners).clone();
    let backup = loop {
        let c = rng.pick(p.owners);
        if *c != owner || p.owners.len() < 2 {
            break Some(c.clone());
        }
    };
    let status = if churned_on.is_some() {
        Status::Churned
    } else if show.is_none() && rng.chance(0.07) {
        Status::Paused
    } else {
        Status::Active
    };
    let churn = churned_on.map(|on| {
        let (_, category, reasons, heard) = *p.next_churn_reason();
        Churn {
            on,
            category,
            reason: rng.pick::<&str>(reasons),
            heard,
        }
    });
    let created = at_day(since, 9, 0);
    // The end of this account's active history: its churn date or now.
    let end = match churned_on {
        Some(d) => at_day(d, 17, 0).min(now),
        None => now,
    };
    let value = rng.range(8, 150) * 10_000 + rng.range(0, 1) * 5_000;
    let renewal =
        (churned_on.is_none() && rng.chance(0.5)).then(|| add_days(today, rng.range(-5, 365)));
    // Referrals: more of the young clients came recommended (the method's clients become
    // ambassadors); mostly by an earlier client, else by someone from the network.
    let referral = if churned_on.is_none() && age_days <= 365 {
        0.5
    } else {
        0.27
    };
    let referred_by = if rng.chance(referral) {
        let earlier = (!p.clients.is_empty())
            .then(|| rng.pick(&p.clients))
            .filter(|(_, s)| *s < since)
            .map(|(n, _)| n.clone());
        match earlier {
            Some(n) if rng.chance(0.7) => Some(n),
            _ => Some(rng.pick(REFERRERS).to_string()),
        }
    } else {
        None
    };
    // An owner change: recently for some (the flag), long ago for others; clients lost to a
    // change of contact saw one before they left.
    let change_ago = match (show, churn) {
        (Some(Showcase::NewOwner), _) => Some(rng.range(20, 150)),
        (
            _,
            Some(Churn {
                on,
                category: ChurnCategory::ContactChange,
                ..
            }),
        ) => Some(days_between(on, today) + rng.range(30, 200)),
        _ if rng.chance(0.07) => Some(rng.range(10, 700)),
        _ => None,
    };
    let handover = change_ago
        .map(|d| now - Duration::days(d) + Duration::hours(rng.range(0, 6)))
        .filter(|at| *at > created + Duration::days(30) && *at < end && p.owners.len() > 1)
        .map(|at| {
            loop {
                let c = rng.pick(p.owners);
                if *c != owner {
                    break (c.as_str(), at);
                }
            }
        });
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
        churn_reason: churn.map(|c| c.reason),
        churn_category: churn.map(|c| c.category),
        referred_by: referred_by.as_deref(),
        created_at: created,
        created_by: handover.map_or(owner.as_str(), |h| h.0),
    })?;
    if status != Status::Churned {
        p.clients.push((name.to_string(), since));
    }
    // A silent spell before the end for some troubled and wobbly accounts.
    let silence = match mood {
        Mood::Troubled if rng.chance(0.5) => rng.range(16, 45),
        Mood::Wobbly if rng.chance(0.3) => rng.range(15, 25),
        _ => rng.range(0, 6),
    };
    let life = Life {
        cfg,
        now,
        today,
        id,
        owner: &owner,
        handover,
        since,
        created,
        end,
        quiet: end - Duration::days(silence),
        mood,
        status,
        churn,
        show,
    };

    if status == Status::Paused {
        let paused_at = (now - Duration::days(rng.range(3, 40))).max(created);
        b.status_change(
            id,
            paused_at,
            life.author(paused_at),
            Status::Active,
            Status::Paused,
        )?;
    }
    if churned_on.is_some() {
        b.status_change(id, end, &owner, Status::Active, Status::Churned)?;
    }
    if let Some((before, at)) = handover {
        b.account_event(id, at, before, "owner", Some(before), Some(&owner))?;
        b.note(
            id,
            at + Duration::hours(1),
            &owner,
            NoteKind::Internal,
            &format!("Handover: took the account over from {before}, introduced to the client"),
            None,
        )?;
    }
    value_history(b, rng, &life, tier, value)?;
    contacts(b, rng, &life)?;

    // Reviews: roughly monthly, the mood shaping the latest ones; some accounts never reviewed.
    let centre = match mood {
        Mood::Thriving => 91,
        Mood::Steady => 85,
        Mood::Wobbly => 82,
        Mood::Troubled => 64,
    };
    // Brand-new clients have often not been scored yet; everyone else has.
    let skip_review = (tier == Tier::New && age_days < 14) || rng.chance(0.02);
    if !skip_review {
        let first = (end - Duration::days(365)).max(created + Duration::days(7));
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
            b.review(id, t, life.author(t), scores_for(rng, centre + drift), note)?;
            t += Duration::days(rng.range(25, 35));
        }
        if last > first {
            b.review(
                id,
                last,
                life.author(last),
                scores_for(rng, centre),
                Some("latest scoring"),
            )?;
        }
    }

    // All draw from the one generator: their order is part of a seed's output.
    notes(b, rng, &life)?;
    escalations(b, rng, &life)?;
    checklist(b, rng, &life)?;
    visits(b, rng, &life)?;
    Ok(())
}

/// Changes of the monthly value, recorded as `edit` records them (field `value_cents`, cents as
/// text) and ending at the account's current value: budget cuts of 20-45 % within the last 90
/// days for some (the orange indicator), upsells and small cuts further back.
fn value_history(
    b: &mut Bulk<'_>,
    rng: &mut Rng,
    life: &Life<'_>,
    tier: Tier,
    value: i64,
) -> Result<(), Error> {
    let cut = match (life.show, life.churn, life.mood) {
        (Some(Showcase::BudgetCut), _, _) => 1.0,
        (
            _,
            Some(Churn {
                category: ChurnCategory::Costs,
                ..
            }),
            _,
        ) => 0.6,
        (_, Some(_), _) => 0.0,
        (_, _, Mood::Troubled) => 0.15,
        (_, _, Mood::Wobbly) => 0.08,
        (_, _, Mood::Steady) => 0.02,
        _ => 0.0,
    };
    // (when, change in percent)
    let mut changes: Vec<(Timestamp, i64)> = Vec::new();
    if tier != Tier::New && rng.chance(cut) {
        let at = life.end - Duration::days(rng.range(5, 80)) + Duration::hours(rng.range(0, 6));
        changes.push((at, -rng.range(20, 45)));
    }
    if rng.chance(0.15) {
        // An upsell; before a budget cut, not after it.
        let lo = if changes.is_empty() { 30 } else { 100 };
        changes.push((
            life.end - Duration::days(rng.range(lo, 700)),
            rng.range(10, 40),
        ));
    }
    if rng.chance(0.04) {
        changes.push((
            life.end - Duration::days(rng.range(120, 600)),
            -rng.range(10, 19),
        ));
    }
    changes.retain(|(at, _)| *at > life.created + Duration::days(14) && *at < life.now);
    if changes.is_empty() {
        return Ok(());
    }
    changes.sort_by_key(|c| c.0);
    // From the current value back: the value before each change, in whole 50 EUR.
    let mut rows = Vec::with_capacity(changes.len());
    let mut new = value;
    for &(at, percent) in changes.iter().rev() {
        let divisor = 100 + percent;
        let old = if percent < 0 {
            // Rounded up: the cut stays at least `percent`.
            ((new * 100 + divisor - 1) / divisor + 4_999) / 5_000 * 5_000
        } else {
            new * 100 / divisor / 5_000 * 5_000
        }
        .max(5_000);
        rows.push((at, old, new));
        new = old;
    }
    for &(at, old, new) in rows.iter().rev() {
        b.account_event(
            life.id,
            at,
            life.author(at),
            "value_cents",
            Some(&old.to_string()),
            Some(&new.to_string()),
        )?;
    }
    Ok(())
}

/// One to three people at the client: most with a birthday, how and when they like to be
/// reached, and something personal worth remembering.
fn contacts(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
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
        let next_birthday = if life.show == Some(Showcase::Birthday) && c == 0 {
            Some(add_days(life.today, rng.range(1, 6)))
        } else {
            rng.chance(0.65)
                .then(|| add_days(life.today, rng.range(0, 364)))
        };
        let birthday = next_birthday.map(|d| {
            let leap_day = d.month() == 2 && d.day() == 29;
            if rng.chance(0.4) && !leap_day {
                format!("{}-{}", rng.range(1958, 1994), d.format("%m-%d"))
            } else {
                d.format("%m-%d").to_string()
            }
        });
        let channel = rng.chance(0.8).then(|| *rng.pick(CHANNELS));
        let best_time = rng.chance(0.55).then(|| *rng.pick(BEST_TIMES));
        let personal = rng.chance(0.45).then(|| *rng.pick(PERSONAL));
        b.contact_full(&BulkContact {
            account: life.id,
            person: &format!("{first} {last}"),
            role: Some(*rng.pick(ROLES)),
            email: Some(&mail),
            phone: Some(&phone),
            primary: c == 0,
            birthday: birthday.as_deref(),
            channel,
            best_time,
            personal,
            created_at: life.created,
            created_by: life.author(life.created),
        })?;
    }
    Ok(())
}
