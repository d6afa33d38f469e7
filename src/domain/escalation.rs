//! The three-level escalation system: SLA due times, raising, queue order.

use std::cmp::Ordering;

use chrono::Duration;

use super::named_enum;
use crate::clock::Timestamp;
use crate::config::SlaHours;
use crate::error::Error;

named_enum!(Level, "level", {
    Yellow => "yellow",
    Orange => "orange",
    Red => "red",
});

named_enum!(EscalationStatus, "escalation status", {
    Open => "open",
    Resolved => "resolved",
});

impl Level {
    pub fn sla(self, hours: &SlaHours) -> Duration {
        Duration::hours(match self {
            Level::Yellow => hours.yellow,
            Level::Orange => hours.orange,
            Level::Red => hours.red,
        })
    }

    pub fn owner_role(self) -> &'static str {
        match self {
            Level::Yellow => "account manager",
            Level::Orange => "team lead",
            Level::Red => "management",
        }
    }

    pub fn action(self) -> &'static str {
        match self {
            Level::Yellow => "personal conversation",
            Level::Orange => "crisis meeting with a solution plan",
            Level::Red => "management intervention",
        }
    }

    /// Higher is more severe.
    pub fn rank(self) -> u8 {
        match self {
            Level::Yellow => 1,
            Level::Orange => 2,
            Level::Red => 3,
        }
    }

    /// The levels a raise can go to (`--to`, the raise form's picker): every higher one.
    pub fn above(self) -> &'static [&'static str] {
        let at = Self::ALL
            .iter()
            .position(|l| *l == self)
            .map_or(0, |i| i + 1);
        &Self::NAMES[at..]
    }

    pub fn next(self) -> Option<Level> {
        match self {
            Level::Yellow => Some(Level::Orange),
            Level::Orange => Some(Level::Red),
            Level::Red => None,
        }
    }
}

/// When an escalation opened (or raised) at `at` to `level` must be answered.
pub fn due_at(level: Level, at: Timestamp, sla: &SlaHours) -> Timestamp {
    at + level.sla(sla)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    pub id: i64,
    pub account_id: i64,
    pub account: String,
    pub level: Level,
    pub reason: String,
    pub opened_at: Timestamp,
    pub opened_by: String,
    pub due_at: Timestamp,
    pub status: EscalationStatus,
    pub resolved_at: Option<Timestamp>,
    pub resolved_by: Option<String>,
    pub resolution: Option<String>,
}

impl Escalation {
    pub fn is_open(&self) -> bool {
        self.status == EscalationStatus::Open
    }

    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.is_open() && self.due_at < now
    }
}

/// One recorded level change (the first row of every escalation records its opening).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelChange {
    pub at: Timestamp,
    pub from: Option<Level>,
    pub to: Level,
    pub by: String,
    pub note: Option<String>,
    pub due_at: Timestamp,
}

impl LevelChange {
    /// What the row records: the opening (no previous level), a raise (the level went up) or a
    /// reopening (same level again after a resolution).
    pub fn event(&self) -> &'static str {
        match self.from {
            None => "opened",
            Some(from) if from == self.to => "reopened",
            Some(_) => "raised",
        }
    }
}

/// The level an escalation is raised to: one up, or `to` when that is higher.
pub fn raise_target(e: &Escalation, to: Option<Level>) -> Result<Level, Error> {
    if !e.is_open() {
        return Err(Error::invalid(
            "escalation",
            e.id,
            "an open escalation (this one is resolved)",
        ));
    }
    match to {
        None => e.level.next().ok_or_else(|| {
            Error::invalid(
                "level",
                e.level,
                "yellow or orange: a red escalation cannot be raised further",
            )
        }),
        Some(target) if target.rank() > e.level.rank() => Ok(target),
        Some(target) => Err(Error::invalid(
            "to",
            target,
            format!("a level above the current {}", e.level),
        )),
    }
}

/// Queue order: overdue first (earliest due first), then red, orange, yellow, each by earliest due;
/// ties by id. Resolved ones (with `--all`) follow, newest resolution first.
pub fn queue_cmp(a: &Escalation, b: &Escalation, now: Timestamp) -> Ordering {
    let key = |e: &Escalation| (!e.is_open(), !e.is_overdue(now));
    key(a).cmp(&key(b)).then_with(|| {
        if !a.is_open() {
            return b.resolved_at.cmp(&a.resolved_at).then(a.id.cmp(&b.id));
        }
        let level = if a.is_overdue(now) {
            Ordering::Equal
        } else {
            b.level.rank().cmp(&a.level.rank())
        };
        level.then(a.due_at.cmp(&b.due_at)).then(a.id.cmp(&b.id))
    })
}

pub fn sort_queue(queue: &mut [Escalation], now: Timestamp) {
    queue.sort_by(|a, b| queue_cmp(a, b, now));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use chrono::TimeZone;
    use chrono::Utc;

    fn t(h: i64) -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap() + Duration::hours(h)
    }

    fn esc(id: i64, level: Level, opened: i64) -> Escalation {
        let sla = Config::default().escalation.sla_hours;
        Escalation {
            id,
            account_id: 1,
            account: "A".into(),
            level,
            reason: "r".into(),
            opened_at: t(opened),
            opened_by: "u".into(),
            due_at: due_at(level, t(opened), &sla),
            status: EscalationStatus::Open,
            resolved_at: None,
            resolved_by: None,
            resolution: None,
        }
    }

    #[test]
    fn a_raise_goes_to_a_higher_level() {
        assert_eq!(Level::Yellow.above(), ["orange", "red"]);
        assert_eq!(Level::Orange.above(), ["red"]);
        assert!(Level::Red.above().is_empty());
    }

    #[test]
    fn due_times_follow_the_sla() {
        let sla = Config::default().escalation.sla_hours;
        assert_eq!(due_at(Level::Yellow, t(0), &sla), t(24));
        assert_eq!(due_at(Level::Orange, t(0), &sla), t(48));
        assert_eq!(due_at(Level::Red, t(0), &sla), t(24));
        assert_eq!(Level::Orange.owner_role(), "team lead");
        assert_eq!(Level::Red.owner_role(), "management");
    }

    #[test]
    fn raise_goes_one_up_or_to_a_higher_level() {
        let y = esc(1, Level::Yellow, 0);
        assert_eq!(raise_target(&y, None).unwrap(), Level::Orange);
        assert_eq!(raise_target(&y, Some(Level::Red)).unwrap(), Level::Red);
        assert!(raise_target(&y, Some(Level::Yellow)).is_err());
        let r = esc(2, Level::Red, 0);
        let e = raise_target(&r, None).unwrap_err().to_string();
        assert!(e.starts_with("level 'red'"), "{e}");
        let mut done = esc(3, Level::Yellow, 0);
        done.status = EscalationStatus::Resolved;
        assert!(raise_target(&done, None).is_err());
    }

    #[test]
    fn queue_order_overdue_then_level_then_due_then_id() {
        let now = t(30);
        let overdue_late = esc(1, Level::Yellow, 5); // due t(29): overdue
        let overdue_early = esc(2, Level::Orange, -20); // due t(28): overdue
        let red = esc(3, Level::Red, 10); // due t(34)
        let orange = esc(4, Level::Orange, 0); // due t(48)
        let yellow_a = esc(6, Level::Yellow, 20); // due t(44)
        let yellow_b = esc(5, Level::Yellow, 20); // same due: by id
        let mut resolved_old = esc(7, Level::Red, 0);
        resolved_old.status = EscalationStatus::Resolved;
        resolved_old.resolved_at = Some(t(2));
        let mut resolved_new = esc(8, Level::Yellow, 0);
        resolved_new.status = EscalationStatus::Resolved;
        resolved_new.resolved_at = Some(t(3));
        let mut q = vec![
            resolved_old,
            yellow_a,
            red,
            overdue_late,
            resolved_new,
            orange,
            yellow_b,
            overdue_early,
        ];
        sort_queue(&mut q, now);
        let ids: Vec<i64> = q.iter().map(|e| e.id).collect();
        assert_eq!(ids, vec![2, 1, 3, 4, 5, 6, 8, 7]);
    }
}
