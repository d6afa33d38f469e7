//! What happens over a demo account's life after it is created: notes of every kind, escalations at
//! every level, twelve weeks of checklist ticks, quarterly visits.

use chrono::{Duration, NaiveDate, NaiveTime};

use super::rng::Rng;
use super::words::{CALLS, COMPLAINTS, EMAILS, MEETINGS, PRAISE, REASONS, VISIT_NOTES};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::dates::{add_days, add_months, local_date, local_moment};
use crate::domain::escalation::due_at;
use crate::domain::{IsoWeek, NoteKind, Status};
use crate::error::Error;
use crate::store::bulk::Bulk;

/// How an account is doing; it shapes the review scores, the tone and gaps of notes, how many
/// escalations it has, how reliably its checklist is ticked and how late its visits are.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mood {
    Thriving,
    Steady,
    Wobbly,
    Troubled,
}

/// One demo account's life, shared by the generators of its notes, escalations, checklist, visits.
#[derive(Clone, Copy)]
pub(super) struct Life<'a> {
    pub(super) cfg: &'a Config,
    pub(super) now: Timestamp,
    pub(super) id: i64,
    pub(super) owner: &'a str,
    pub(super) since: NaiveDate,
    pub(super) created: Timestamp,
    /// Its churn date or now: nothing happens after it.
    pub(super) end: Timestamp,
    pub(super) mood: Mood,
    pub(super) status: Status,
}

/// A local wall-clock moment on `date` (demo events happen in office hours, in local time).
pub(super) fn at_day(date: NaiveDate, hour: u32, minute: u32) -> Timestamp {
    local_moment(
        date,
        NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN),
    )
}

pub(super) fn notes(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
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

pub(super) fn escalations(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
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

pub(super) fn checklist(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
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

pub(super) fn visits(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
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
        let note = rng.pick(VISIT_NOTES);
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
