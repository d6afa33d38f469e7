//! One demo account: its name, the account row with status history, contacts and a year of reviews;
//! then hands its life to the history generators.

use std::collections::HashSet;

use chrono::Duration;

use super::history::{Life, Mood, at_day, checklist, escalations, notes, visits};
use super::rng::Rng;
use super::words::{CHURN_REASONS, FAMILIES, FIRST, FORMS, REGIONS, ROLES, TRADES};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::dates::{add_days, local_date};
use crate::domain::{Scores, Status, Tier};
use crate::error::Error;
use crate::store::bulk::{Bulk, BulkAccount};

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
        if names.insert(name.to_lowercase()) && !b.name_taken(&name)? {
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

/// Write one account with everything that belongs to it.
pub(super) fn generate(
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
        churn_reason: churned_on.map(|_| *rng.pick(CHURN_REASONS)),
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
    // All draw from the one generator: their order is part of a seed's output.
    notes(b, rng, &life)?;
    escalations(b, rng, &life)?;
    checklist(b, rng, &life)?;
    visits(b, rng, &life)?;
    Ok(())
}
