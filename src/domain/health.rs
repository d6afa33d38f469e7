//! The Customer Health Score: base from the latest review, adjustments from live signals, each
//! explained so that `base + Σ adjustments = health` exactly.
//! (One cohesive thing past 400 lines: the score and every signal row, side by side.)

use chrono::NaiveDate;
use serde::Serialize;

use super::checklist::{previous_week_counts, undone};
use super::dates::{days_between, local_date};
use super::escalation::Level;
use super::feedback::NpsClass;
use super::visit::next_visit;
use super::{Band, IsoWeek, Scores, Status};
use crate::clock::Timestamp;
use crate::config::{Config, Weights};

/// An escalation as it stood at the moment of computation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenEscalation {
    pub id: i64,
    pub level: Level,
    pub due_at: Timestamp,
}

/// Everything the score needs about one account, as it was at one moment `t`
/// (the store builds these from the records that existed at `t`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthFacts {
    pub status: Status,
    pub created_at: Timestamp,
    pub client_since: NaiveDate,
    pub review: Option<(Timestamp, Scores)>,
    pub open_escalations: Vec<OpenEscalation>,
    /// Keys ticked for the ISO week before `t`'s week.
    pub previous_week_ticked: super::checklist::Ticked,
    /// The latest note of a contact kind (call, email, meeting, visit).
    pub last_contact: Option<Timestamp>,
    pub planned_visit: Option<NaiveDate>,
    pub last_visit: Option<NaiveDate>,
    pub latest_nps: Option<(Timestamp, u8)>,
    /// When each complaint note counted at `t` happened (the store may leave out older ones).
    pub complaints: Vec<Timestamp>,
    /// The monthly value at `t` (cents) and its recorded changes up to `t`: (at, old, new).
    pub value_cents: i64,
    pub value_changes: Vec<(Timestamp, i64, i64)>,
}

impl HealthFacts {
    /// The facts of an account before any record is read: its status, creation and value, and
    /// nothing recorded.
    pub fn started(
        status: Status,
        created_at: Timestamp,
        client_since: NaiveDate,
        value_cents: i64,
    ) -> HealthFacts {
        HealthFacts {
            status,
            created_at,
            client_since,
            review: None,
            open_escalations: Vec::new(),
            previous_week_ticked: Default::default(),
            last_contact: None,
            planned_visit: None,
            last_visit: None,
            latest_nps: None,
            complaints: Vec::new(),
            value_cents,
            value_changes: Vec::new(),
        }
    }

    /// These facts, read at an earlier moment of the same day, as a read at `t` gives them
    /// when none of the account's records changed in between (`AccountSummary::aged`): tend
    /// dates no record after the moment it is written, so only the complaints the read leaves
    /// out move (`complaints_read_from`).
    pub fn as_of_later(&mut self, t: Timestamp, cfg: &Config) {
        let from = complaints_read_from(t, cfg);
        self.complaints.retain(|at| *at >= from);
    }
}

/// The oldest complaint a read of the facts at `t` takes: the window and two days of slack for
/// time zones (the score counts calendar days: `complaints_row`).
pub fn complaints_read_from(t: Timestamp, cfg: &Config) -> Timestamp {
    t - chrono::Duration::days(cfg.health.complaints.window_days + 2)
}

/// What an explanation row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Escalation,
    Overdue,
    EscalationCap,
    Checklist,
    ChecklistCap,
    Contact,
    Visit,
    Nps,
    Complaints,
    BudgetCut,
    Clamp,
}

impl Signal {
    /// The stable key of a row (`escalation:17`, `checklist-cap`, …): rows of two explanations
    /// with the same key are the same signal.
    pub fn key(self, escalation: Option<i64>) -> String {
        let name = match self {
            Signal::Escalation => "escalation",
            Signal::Overdue => "overdue",
            Signal::EscalationCap => "escalation-cap",
            Signal::Checklist => "checklist",
            Signal::ChecklistCap => "checklist-cap",
            Signal::Contact => "contact",
            Signal::Visit => "visit",
            Signal::Nps => "nps",
            Signal::Complaints => "complaints",
            Signal::BudgetCut => "budget-cut",
            Signal::Clamp => "clamp",
        };
        match escalation {
            Some(id) => format!("{name}:{id}"),
            None => name.to_string(),
        }
    }
}

/// The key of the base row in a comparison (the base is never an adjustment).
pub const BASE_KEY: &str = "base";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Adjustment {
    #[serde(skip)]
    pub signal: Signal,
    /// JSON `signal`: the stable key (`Signal::key`).
    #[serde(rename = "signal")]
    pub key: String,
    pub reason: String,
    pub points: i64,
}

impl Adjustment {
    fn new(signal: Signal, reason: String, points: i64) -> Adjustment {
        Adjustment {
            signal,
            key: signal.key(None),
            reason,
            points,
        }
    }

    /// A row about one escalation: its key carries the escalation's id.
    fn escalation(signal: Signal, id: i64, reason: String, points: i64) -> Adjustment {
        Adjustment {
            signal,
            key: signal.key(Some(id)),
            reason,
            points,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub health: Option<i64>,
    pub base: Option<i64>,
    /// The same as `base`, under the method's name (JSON `review_score`).
    pub review_score: Option<i64>,
    pub band: Band,
    pub adjustments: Vec<Adjustment>,
}

/// `(Σ weight·score + 50) div 100`: integer arithmetic, rounding half up.
pub fn base_score(s: &Scores, w: &Weights) -> i64 {
    (w.performance * s.performance
        + w.relationship * s.relationship
        + w.outlook * s.outlook
        + w.engagement * s.engagement
        + 50)
        / 100
}

pub fn band(health: Option<i64>, cfg: &Config) -> Band {
    match health {
        None => Band::Unscored,
        Some(h) if h >= cfg.health.healthy => Band::Healthy,
        Some(h) if h >= cfg.health.watch => Band::Watch,
        Some(_) => Band::AtRisk,
    }
}

/// The score at `t` with every row that made it.
pub fn explain(f: &HealthFacts, cfg: &Config, t: Timestamp) -> Explanation {
    let Some((_, scores)) = f.review.filter(|_| f.status != Status::Churned) else {
        return Explanation {
            health: None,
            base: None,
            review_score: None,
            band: Band::Unscored,
            adjustments: Vec::new(),
        };
    };
    let base = base_score(&scores, &cfg.health.weights);
    let today = local_date(t);
    let mut rows = Vec::new();
    escalation_rows(f, cfg, t, &mut rows);
    if f.status == Status::Active {
        checklist_rows(f, cfg, t, &mut rows);
        contact_row(f, cfg, today, &mut rows);
        visit_row(f, cfg, today, &mut rows);
    }
    nps_row(f, cfg, today, &mut rows);
    complaints_row(f, cfg, today, &mut rows);
    budget_cut_row(f, cfg, today, &mut rows);

    let sum: i64 = base + rows.iter().map(|r| r.points).sum::<i64>();
    let health = sum.clamp(0, 100);
    if health != sum {
        rows.push(Adjustment::new(
            Signal::Clamp,
            format!("clamp: the score stays within 0-100 (sum was {sum})"),
            health - sum,
        ));
    }
    Explanation {
        health: Some(health),
        base: Some(base),
        review_score: Some(base),
        band: band(Some(health), cfg),
        adjustments: rows,
    }
}

fn escalation_rows(f: &HealthFacts, cfg: &Config, t: Timestamp, rows: &mut Vec<Adjustment>) {
    let p = &cfg.health.escalation;
    let mut escalations: Vec<&OpenEscalation> = f.open_escalations.iter().collect();
    escalations.sort_by_key(|e| (std::cmp::Reverse(e.level.rank()), e.id));
    let mut level_sum = 0;
    for e in &escalations {
        let points = match e.level {
            Level::Yellow => p.yellow,
            Level::Orange => p.orange,
            Level::Red => p.red,
        };
        level_sum += points;
        rows.push(Adjustment::escalation(
            Signal::Escalation,
            e.id,
            format!("escalation #{} open at level {}", e.id, e.level),
            points,
        ));
    }
    if level_sum < -p.level_cap {
        rows.push(Adjustment::new(
            Signal::EscalationCap,
            format!(
                "escalation cap: level points together at most -{}",
                p.level_cap
            ),
            -p.level_cap - level_sum,
        ));
    }
    for e in escalations.iter().filter(|e| e.due_at < t) {
        rows.push(Adjustment::escalation(
            Signal::Overdue,
            e.id,
            format!(
                "escalation #{} is {}",
                e.id,
                super::when::due(e.due_at, t, false)
            ),
            p.overdue,
        ));
    }
}

fn checklist_rows(f: &HealthFacts, cfg: &Config, t: Timestamp, rows: &mut Vec<Adjustment>) {
    let previous = IsoWeek::at(t).previous();
    if !previous_week_counts(f.created_at, previous) {
        return;
    }
    let p = &cfg.health.checklist;
    let missed: Vec<&str> = undone(&cfg.checklist.items, &f.previous_week_ticked)
        .iter()
        .map(|i| i.key.as_str())
        .collect();
    if missed.is_empty() {
        return;
    }
    let sum = p.per_item * missed.len() as i64;
    rows.push(Adjustment::new(
        Signal::Checklist,
        format!(
            "checklist {previous}: {} of {} not done ({})",
            missed.len(),
            cfg.checklist.items.len(),
            missed.join(", ")
        ),
        sum,
    ));
    if sum < -p.cap {
        rows.push(Adjustment::new(
            Signal::ChecklistCap,
            format!("checklist cap: missed items together at most -{}", p.cap),
            -p.cap - sum,
        ));
    }
}

fn contact_row(f: &HealthFacts, cfg: &Config, today: NaiveDate, rows: &mut Vec<Adjustment>) {
    let s = &cfg.health.silence;
    let (since, what) = match f.last_contact {
        Some(at) => (
            local_date(at),
            "since the last call, email, meeting or visit",
        ),
        None => (f.client_since, "without contact since becoming a client"),
    };
    let days = days_between(since, today);
    let points = if days >= s.silent_days {
        s.silent
    } else if days >= s.quiet_days {
        s.quiet
    } else {
        return;
    };
    rows.push(Adjustment::new(
        Signal::Contact,
        format!("contact: {days} days {what}"),
        points,
    ));
}

fn visit_row(f: &HealthFacts, cfg: &Config, today: NaiveDate, rows: &mut Vec<Adjustment>) {
    let next = next_visit(
        f.planned_visit,
        f.last_visit,
        f.client_since,
        cfg.visit.interval_months,
    );
    if next.is_overdue(today) {
        let since = next.overdue_since();
        // "540d overdue", as every front end writes it (domain::when).
        let late = super::when::due_on(since, today, false);
        let reason = if next.planned_beyond_due() {
            format!(
                "visit: quarterly visit {late} (due {since}; the plan for {} lies beyond it)",
                next.date
            )
        } else if next.planned {
            format!("visit: quarterly visit {late} (planned for {since})")
        } else {
            format!("visit: quarterly visit {late} (due {since})")
        };
        rows.push(Adjustment::new(
            Signal::Visit,
            reason,
            cfg.health.visit.overdue,
        ));
    }
}

/// Complaint notes within the window (its last day included) — one row, capped inside it.
fn complaints_row(f: &HealthFacts, cfg: &Config, today: NaiveDate, rows: &mut Vec<Adjustment>) {
    let p = &cfg.health.complaints;
    let n = f
        .complaints
        .iter()
        .filter(|at| (0..=p.window_days).contains(&days_between(local_date(**at), today)))
        .count() as i64;
    if n == 0 || p.per_complaint == 0 {
        return;
    }
    rows.push(Adjustment::new(
        Signal::Complaints,
        format!("complaints: {n} in the last {} days", p.window_days),
        (n * p.per_complaint).max(-p.cap),
    ));
}

/// The drop in whole percent (rounded half up) when the monthly value was lowered within the
/// window and now stands at least `percent` % below the value before the first lowering in it.
pub fn budget_cut(f: &HealthFacts, cfg: &Config, today: NaiveDate) -> Option<i64> {
    let p = &cfg.health.budget_cut;
    let before = f
        .value_changes
        .iter()
        .filter(|(at, _, _)| (0..=p.window_days).contains(&days_between(local_date(*at), today)))
        .find(|(_, old, new)| new < old)
        .map(|(_, old, _)| *old)
        .filter(|old| *old > 0)?;
    let cut = before - f.value_cents;
    if cut <= 0 {
        return None;
    }
    let percent = (200 * cut + before) / (2 * before);
    (percent >= p.percent).then_some(percent)
}

fn budget_cut_row(f: &HealthFacts, cfg: &Config, today: NaiveDate, rows: &mut Vec<Adjustment>) {
    let points = cfg.health.budget_cut.points;
    if points == 0 {
        return;
    }
    if let Some(percent) = budget_cut(f, cfg, today) {
        rows.push(Adjustment::new(
            Signal::BudgetCut,
            format!(
                "budget cut: the monthly value is {percent} % lower than {} days ago",
                cfg.health.budget_cut.window_days
            ),
            points,
        ));
    }
}

fn nps_row(f: &HealthFacts, cfg: &Config, today: NaiveDate, rows: &mut Vec<Adjustment>) {
    let Some((at, score)) = f.latest_nps else {
        return;
    };
    let p = &cfg.health.nps;
    let date = local_date(at);
    if days_between(date, today) > p.window_days {
        return;
    }
    let class = NpsClass::of(score);
    let points = match class {
        NpsClass::Detractor => p.detractor,
        NpsClass::Promoter => p.promoter,
        NpsClass::Passive => return,
    };
    rows.push(Adjustment::new(
        Signal::Nps,
        format!("NPS: {} answer {score} on {date}", class.as_str()),
        points,
    ));
}

/// `health(now) − health(then)`; `None` when either is unscored.
pub fn trend(now: Option<i64>, then: Option<i64>) -> Option<i64> {
    Some(now? - then?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrow {
    Up,
    Flat,
    Down,
}

pub fn arrow(trend: Option<i64>, cfg: &Config) -> Option<Arrow> {
    let t = trend?;
    Some(if t >= cfg.health.trend_arrow {
        Arrow::Up
    } else if t <= -cfg.health.trend_arrow {
        Arrow::Down
    } else {
        Arrow::Flat
    })
}

impl Arrow {
    pub fn symbol(self) -> &'static str {
        match self {
            Arrow::Up => "↑",
            Arrow::Flat => "→",
            Arrow::Down => "↓",
        }
    }
}

/// A review older than the configured days marks the account "review stale".
pub fn review_stale(review_at: Option<Timestamp>, today: NaiveDate, cfg: &Config) -> bool {
    review_at.is_some_and(|at| days_between(local_date(at), today) > cfg.health.review_stale_days)
}

#[cfg(test)]
#[path = "health_tests.rs"]
mod tests;
