//! What happens over a demo account's life after it is created: the everyday notes with their
//! follow-ups, the method's loops (monthly business review and micro-feedback, quarterly
//! relationship review with NPS, yearly audit), complaints, success reviews and exit interviews,
//! escalations at every level, twelve weeks of checklist ticks, quarterly visits.

use std::borrow::Cow;

use chrono::{Datelike as _, Duration, NaiveDate, NaiveTime};

use super::rng::Rng;
use super::words::{
    AUDITS, BUSINESS_REVIEWS, CALLS, COMPLAINTS, EMAILS, INTERNAL, MEETINGS, MICRO_FEEDBACK,
    PRAISE, PROMISES, REASONS, RELATIONSHIP, SUCCESS_REVIEWS, VISIT_NOTES,
};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::dates::{add_days, add_months, days_between, local_date, local_moment};
use crate::domain::escalation::due_at;
use crate::domain::feedback::NpsClass;
use crate::domain::{ChurnCategory, IsoWeek, NoteKind, Status};
use crate::error::Error;
use crate::store::bulk::{Bulk, BulkNote};

/// How an account is doing; it shapes the review scores, the tone and gaps of notes, how many
/// escalations and complaints it has, how reliably its loops and checklist are kept and how late
/// its visits are.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mood {
    Thriving,
    Steady,
    Wobbly,
    Troubled,
}

/// The first accounts of every demo each carry one situation that the flags and the agenda know,
/// so that even the small `--demo` portfolio shows them all; the rest is left to chance.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Showcase {
    /// A contact's birthday within the next week.
    Birthday,
    /// Churned 4-20 days ago, no exit interview yet.
    ExitInterviewDue,
    /// Two complaints within 90 days and no open escalation: the agenda suggests one.
    Complaints,
    /// The monthly value lowered by 20-45 % within 90 days.
    BudgetCut,
    /// The owner changed within 180 days.
    NewOwner,
    /// A promise that is overdue and one due today.
    FollowUps,
    /// Churned one to four months ago, exit interview held.
    ExitInterviewHeld,
}

impl Showcase {
    pub(super) fn of(i: usize) -> Option<Showcase> {
        [
            Showcase::Birthday,
            Showcase::ExitInterviewDue,
            Showcase::Complaints,
            Showcase::BudgetCut,
            Showcase::NewOwner,
            Showcase::FollowUps,
            Showcase::ExitInterviewHeld,
        ]
        .get(i)
        .copied()
    }
}

/// Why and when a churned account left.
#[derive(Clone, Copy)]
pub(super) struct Churn {
    pub(super) on: NaiveDate,
    pub(super) category: ChurnCategory,
    pub(super) reason: &'static str,
    /// What the exit interview heard.
    pub(super) heard: &'static str,
}

/// One demo account's life, shared by the generators of its notes, escalations, checklist, visits.
#[derive(Clone, Copy)]
pub(super) struct Life<'a> {
    pub(super) cfg: &'a Config,
    pub(super) now: Timestamp,
    pub(super) today: NaiveDate,
    pub(super) id: i64,
    pub(super) owner: &'a str,
    /// The owner before a change, and when it changed hands.
    pub(super) handover: Option<(&'a str, Timestamp)>,
    pub(super) since: NaiveDate,
    pub(super) created: Timestamp,
    /// Its churn date or now: nothing happens after it (but the exit interview).
    pub(super) end: Timestamp,
    /// The last contact: a silent spell before `end` for some troubled and wobbly accounts.
    pub(super) quiet: Timestamp,
    pub(super) mood: Mood,
    pub(super) status: Status,
    pub(super) churn: Option<Churn>,
    pub(super) show: Option<Showcase>,
}

impl<'a> Life<'a> {
    /// Who owned the account at `t`: records before a handover are the previous owner's.
    pub(super) fn author(&self, t: Timestamp) -> &'a str {
        match self.handover {
            Some((before, at)) if t < at => before,
            _ => self.owner,
        }
    }

    fn write(
        &self,
        b: &mut Bulk<'_>,
        at: Timestamp,
        kind: NoteKind,
        text: &str,
        nps: Option<u8>,
    ) -> Result<i64, Error> {
        b.note(self.id, at, self.author(at), kind, text, nps)
    }
}

/// A local wall-clock moment on `date` (demo events happen in office hours, in local time).
pub(super) fn at_day(date: NaiveDate, hour: u32, minute: u32) -> Timestamp {
    local_moment(
        date,
        NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN),
    )
}

/// Some moment in office hours on `date`.
fn office(rng: &mut Rng, date: NaiveDate) -> Timestamp {
    at_day(date, rng.range(8, 16) as u32, rng.range(0, 59) as u32)
}

pub(super) fn notes(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
    let start = (life.end - Duration::days(365)).max(life.created);
    everyday(b, rng, life, start)?;
    loops(b, rng, life, start)?;
    complaints(b, rng, life)?;
    success_reviews(b, rng, life)?;
    exit_interview(b, rng, life)?;
    if life.show == Some(Showcase::FollowUps) {
        let today = life.today;
        b.note_full(&BulkNote {
            account: life.id,
            at: at_day(add_days(today, -6), 11, 0),
            created_at: at_day(add_days(today, -6), 11, 0),
            author: life.owner,
            kind: NoteKind::Call,
            text: "Promised the Q1 budget proposal by Friday",
            nps: None,
            follow_up: Some(add_days(today, -3)),
            follow_up_done: None,
        })?;
        b.note_full(&BulkNote {
            account: life.id,
            at: at_day(add_days(today, -2), 15, 0),
            created_at: at_day(add_days(today, -2), 15, 0),
            author: life.owner,
            kind: NoteKind::Email,
            text: "Send the KPI deep dive to the CEO",
            nps: None,
            follow_up: Some(today),
            follow_up_done: None,
        })?;
    }
    Ok(())
}

/// Calls, emails, meetings, internal notes and praise until the last contact; some calls end
/// with a promise (a follow-up).
fn everyday(
    b: &mut Bulk<'_>,
    rng: &mut Rng,
    life: &Life<'_>,
    start: Timestamp,
) -> Result<(), Error> {
    let mood = life.mood;
    let mut day = add_days(local_date(start), rng.range(0, 3));
    loop {
        let t = office(rng, day).max(start);
        if t >= life.quiet {
            return Ok(());
        }
        let (kind, text): (NoteKind, Cow<'static, str>) = match rng.below(100) {
            0..=44 => {
                let q = (t.month() - 1) / 3 + 1;
                let call = *rng.pick(CALLS);
                let text = if call.contains("{q}") {
                    Cow::Owned(call.replace("{q}", &q.to_string()))
                } else {
                    Cow::Borrowed(call)
                };
                (NoteKind::Call, text)
            }
            45..=71 => (NoteKind::Email, Cow::Borrowed(*rng.pick(EMAILS))),
            72..=79 => (NoteKind::Meeting, Cow::Borrowed(*rng.pick(MEETINGS))),
            80..=85 => (NoteKind::Internal, Cow::Borrowed(*rng.pick(INTERNAL))),
            86..=92 if mood != Mood::Troubled => {
                (NoteKind::Praise, Cow::Borrowed(*rng.pick(PRAISE)))
            }
            _ => (
                NoteKind::Call,
                Cow::Borrowed("Follow-up call after the campaign launch"),
            ),
        };
        let (follow_up, follow_up_done) = follow_up(rng, life, t, kind);
        let text = if follow_up.is_some() {
            *rng.pick(PROMISES)
        } else {
            text.as_ref()
        };
        b.note_full(&BulkNote {
            account: life.id,
            at: t,
            created_at: t,
            author: life.author(t),
            kind,
            text,
            nps: None,
            follow_up,
            follow_up_done,
        })?;
        let gap = match mood {
            Mood::Thriving | Mood::Steady => rng.range(5, 10),
            _ => rng.range(6, 12),
        };
        day = add_days(day, gap);
    }
}

/// A promise made in a recent call, email or meeting: due 1-12 days later; most of those past
/// are done (on about their day, by whoever owned the account then), some are overdue, the rest
/// lie ahead (today, this week, next week).
fn follow_up<'a>(
    rng: &mut Rng,
    life: &Life<'a>,
    t: Timestamp,
    kind: NoteKind,
) -> (Option<NaiveDate>, Option<(Timestamp, &'a str)>) {
    if life.status == Status::Churned
        || !matches!(kind, NoteKind::Call | NoteKind::Email | NoteKind::Meeting)
    {
        return (None, None);
    }
    let day = local_date(t);
    let age = days_between(day, life.today);
    let p = match age {
        ..=21 => 0.16,
        22..=120 => 0.05,
        _ => return (None, None),
    };
    if !rng.chance(p) {
        return (None, None);
    }
    let due = add_days(day, rng.range(1, 12));
    let forgotten = if age <= 21 { 0.2 } else { 0.02 };
    if due >= life.today || rng.chance(forgotten) {
        return (Some(due), None);
    }
    let done_day = add_days(due, rng.range(-2, 1)).clamp(day, life.today);
    let done_at = office(rng, done_day)
        .max(t + Duration::hours(1))
        .min(life.now);
    (Some(due), Some((done_at, life.author(done_at))))
}

/// Notes of `kind` every `gap` days (lo, hi) from about `start` until before `stop`.
fn series(
    b: &mut Bulk<'_>,
    rng: &mut Rng,
    life: &Life<'_>,
    (start, stop): (Timestamp, Timestamp),
    (lo, hi): (i64, i64),
    kind: NoteKind,
    mut say: impl FnMut(&mut Rng) -> (String, Option<u8>),
) -> Result<(), Error> {
    let mut day = add_days(local_date(start), rng.range(lo / 2, hi));
    loop {
        let t = office(rng, day);
        if t >= stop {
            return Ok(());
        }
        let (text, nps) = say(rng);
        life.write(b, t, kind, &text, nps)?;
        day = add_days(day, rng.range(lo, hi));
    }
}

/// The method's feedback loops, kept by well-run accounts and lapsing for troubled ones: the
/// monthly business review, monthly micro-feedback (a satisfaction rating in the text, no NPS),
/// the quarterly relationship review (with the NPS question), the yearly partnership audit.
fn loops(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>, start: Timestamp) -> Result<(), Error> {
    let mood = life.mood;
    // A loop that lapsed stopped `lo..=hi` days before the last contact.
    let stop = |rng: &mut Rng, p: f64, lo: i64, hi: i64| {
        let lapse = if rng.chance(p) { rng.range(lo, hi) } else { 0 };
        (start, life.quiet - Duration::days(lapse))
    };

    let (gap, p) = match mood {
        Mood::Thriving => ((26, 33), 0.0),
        Mood::Steady => ((27, 34), 0.12),
        Mood::Wobbly => ((28, 40), 0.45),
        Mood::Troubled => ((30, 50), 0.65),
    };
    let window = stop(rng, p, 36, 90);
    series(b, rng, life, window, gap, NoteKind::BusinessReview, |rng| {
        (
            format!("Monthly business review: {}", rng.pick(BUSINESS_REVIEWS)),
            None,
        )
    })?;

    let (gap, p, ratings) = match mood {
        Mood::Thriving => ((26, 33), 0.05, (4, 5)),
        Mood::Steady => ((26, 34), 0.15, (3, 5)),
        Mood::Wobbly => ((28, 45), 0.4, (2, 4)),
        Mood::Troubled => ((30, 50), 0.55, (1, 3)),
    };
    let window = stop(rng, p, 36, 80);
    series(b, rng, life, window, gap, NoteKind::MicroFeedback, |rng| {
        let r = rng.range(ratings.0, ratings.1);
        let comment = rng.pick(MICRO_FEEDBACK[(r - 1) as usize]);
        (format!("Micro-feedback: {r}/5 — {comment}"), None)
    })?;

    let p = match mood {
        Mood::Thriving => 0.1,
        Mood::Steady => 0.2,
        Mood::Wobbly => 0.35,
        Mood::Troubled => 0.45,
    };
    let window = stop(rng, p, 101, 160);
    series(
        b,
        rng,
        life,
        window,
        (80, 97),
        NoteKind::RelationshipReview,
        |rng| {
            let nps = nps_for(rng, mood);
            let heard = match NpsClass::of(nps) {
                NpsClass::Detractor => RELATIONSHIP[0],
                NpsClass::Passive => RELATIONSHIP[1],
                NpsClass::Promoter => RELATIONSHIP[2],
            };
            (
                format!("Quarterly relationship review: {}", rng.pick(heard)),
                Some(nps),
            )
        },
    )?;

    // The yearly audit: held within the year by most, overdue for the others.
    let held = match mood {
        Mood::Thriving => 0.8,
        Mood::Steady => 0.75,
        Mood::Wobbly => 0.6,
        Mood::Troubled => 0.5,
    };
    let end_day = local_date(life.end);
    let ago = if rng.chance(held) {
        rng.range(15, 340)
    } else {
        rng.range(381, 520)
    };
    let at = office(rng, add_days(end_day, -ago));
    if at > life.created + Duration::days(30) && at < life.end {
        life.write(b, at, NoteKind::Audit, rng.pick::<&str>(AUDITS), None)?;
    }
    Ok(())
}

/// Complaints: troubled accounts have had one to three in the last 90 days, some wobbly ones two
/// (most clients leave after two bad experiences), the others one now and then.
fn complaints(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
    let (recent, older) = match life.mood {
        Mood::Troubled => (rng.range(1, 3), rng.range(0, 2)),
        Mood::Wobbly => (
            match rng.below(100) {
                0..=49 => 0,
                50..=81 => 1,
                _ => 2,
            },
            rng.range(0, 1),
        ),
        Mood::Steady => (i64::from(rng.chance(0.05)), i64::from(rng.chance(0.15))),
        Mood::Thriving => (0, i64::from(rng.chance(0.05))),
    };
    let recent = if life.show == Some(Showcase::Complaints) {
        2
    } else {
        recent
    };
    let end_day = local_date(life.end);
    for (n, (lo, hi)) in [(recent, (1, 85)), (older, (95, 360))] {
        for _ in 0..n {
            let day = add_days(end_day, -rng.range(lo, hi));
            let at = office(rng, day);
            if at > life.created && at < life.now {
                life.write(
                    b,
                    at,
                    NoteKind::Complaint,
                    rng.pick::<&str>(COMPLAINTS),
                    None,
                )?;
            }
        }
    }
    Ok(())
}

/// Customer Success Reviews: held within the last 30 days by half the troubled accounts and a
/// fifth of the wobbly ones (the others show "success review due" once at risk), earlier by some.
fn success_reviews(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
    let recent = match life.mood {
        Mood::Troubled => 0.5,
        Mood::Wobbly => 0.2,
        _ => return Ok(()),
    };
    let end_day = local_date(life.end);
    for (p, (lo, hi)) in [(recent, (2, 28)), (0.3, (40, 200))] {
        if rng.chance(p) {
            let day = add_days(end_day, -rng.range(lo, hi));
            let at = office(rng, day);
            if at > life.created && at < life.now {
                let text = format!(
                    "Customer Success Review: measures agreed — {}",
                    rng.pick(SUCCESS_REVIEWS)
                );
                life.write(b, at, NoteKind::SuccessReview, &text, None)?;
            }
        }
    }
    Ok(())
}

/// The exit interview after a churn, two to three weeks later: held for most, not yet for some.
fn exit_interview(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
    let Some(churn) = life.churn else {
        return Ok(());
    };
    let held = match life.show {
        Some(Showcase::ExitInterviewDue) => false,
        Some(Showcase::ExitInterviewHeld) => true,
        _ => rng.chance(0.65),
    };
    let after = rng.range(2, 21).min(days_between(churn.on, life.today) - 1);
    if !held || after < 1 {
        return Ok(());
    }
    let at = office(rng, add_days(churn.on, after));
    if at < life.now {
        let text = format!("Exit interview: {} — {}", churn.reason, churn.heard);
        life.write(b, at, NoteKind::ExitInterview, &text, None)?;
    }
    Ok(())
}

fn nps_for(rng: &mut Rng, mood: Mood) -> u8 {
    let v = match mood {
        Mood::Thriving => rng.range(8, 10).max(rng.range(8, 10)),
        Mood::Steady => rng.range(7, 10),
        Mood::Wobbly => rng.range(6, 9),
        Mood::Troubled => rng.range(1, 7),
    };
    v as u8
}

pub(super) fn escalations(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
    let Life {
        cfg,
        now,
        id,
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
    let start = (end - Duration::days(360)).max(created);
    for _ in 0..past {
        let span = (end - start).num_hours() - 24 * 8;
        if span <= 0 {
            break;
        }
        let opened = start + Duration::hours(rng.range(0, span));
        let by = life.author(opened);
        let (level, reason) = *rng.pick(REASONS);
        let due = due_at(level, opened, sla);
        let e = b.escalation(id, level, reason, opened, due, by)?;
        let mut current = level;
        let mut t = opened;
        if let Some(next) = level.next().filter(|_| rng.chance(0.3)) {
            t = opened + Duration::hours(rng.range(6, 40));
            b.level_change(
                e,
                t,
                Some(level),
                next,
                by,
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
            by,
            "Talked it through, solution plan agreed",
        )?;
    }
    if end < now {
        return Ok(());
    }
    let open = match mood {
        _ if life.show == Some(Showcase::Complaints) => 0,
        Mood::Troubled => 1 + i64::from(rng.chance(0.35)),
        Mood::Wobbly => i64::from(rng.chance(0.2)),
        _ => i64::from(rng.chance(0.03)),
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
        b.escalation(
            id,
            level,
            reason,
            opened,
            due_at(level, opened, sla),
            life.author(opened),
        )?;
    }
    Ok(())
}

pub(super) fn checklist(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
    let Life {
        cfg,
        now,
        id,
        created,
        end,
        mood,
        ..
    } = *life;
    let p = match mood {
        Mood::Thriving => 0.97,
        Mood::Steady => 0.92,
        Mood::Wobbly => 0.8,
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
                    b.tick(id, &week.to_string(), &item.key, at, life.author(at))?;
                }
            }
        }
        week = week.next();
    }
    Ok(())
}

/// Quarterly visits over the last two years (older ones change nothing), troubled accounts lagging
/// behind; then the next one, planned by most before its due date (a plan beyond it does not
/// lift the overdue penalty), by troubled accounts late or not at all.
pub(super) fn visits(b: &mut Bulk<'_>, rng: &mut Rng, life: &Life<'_>) -> Result<(), Error> {
    let Life {
        now,
        today,
        id,
        since,
        created,
        end,
        mood,
        status,
        ..
    } = *life;
    let end_day = local_date(end);
    let mut due = add_months(since, 3);
    let horizon = add_days(end_day, -730);
    while due < horizon {
        due = add_months(due, 3);
    }
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
        let closed_at = at_day(done, 16, 0);
        let note = rng.pick(VISIT_NOTES);
        let by = life.author(closed_at);
        b.visit(
            id,
            Some(done),
            Some(done),
            Some(note),
            planned_at,
            Some(closed_at),
            by,
        )?;
        b.note(
            id,
            at_day(done, 15, 0),
            by,
            NoteKind::Visit,
            &format!("On-site visit: {note}"),
            None,
        )?;
        due = add_months(done, 3);
    }
    if status == Status::Churned {
        return Ok(());
    }
    let (p, early, late) = match mood {
        Mood::Thriving | Mood::Steady => (0.7, -20, 0),
        Mood::Wobbly => (0.55, -12, 10),
        Mood::Troubled => (0.35, -5, 30),
    };
    let date = if rng.chance(0.03) && days_between(today, due) <= 14 {
        // Planned, but the day passed without the visit being recorded — for a visit that was
        // due by then (found in a trial: a visit five days ago, and another "3d overdue").
        Some(add_days(today, -rng.range(1, 6)))
    } else if days_between(today, due) <= 75 && rng.chance(p) {
        Some(add_days(due, rng.range(early, late)).max(add_days(today, 1)))
    } else {
        None
    };
    if let Some(date) = date {
        let planned_at = (now - Duration::days(rng.range(2, 20))).max(created);
        b.visit(
            id,
            Some(date),
            None,
            None,
            planned_at,
            None,
            life.author(planned_at),
        )?;
    }
    Ok(())
}
