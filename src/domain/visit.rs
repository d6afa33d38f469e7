//! The quarterly on-site visit: next visit, due date, overdue.

use chrono::NaiveDate;

use super::dates::{add_months, days_between};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextVisit {
    /// The planned visit's date, or the due date when none is planned.
    pub date: NaiveDate,
    pub planned: bool,
    /// When the visit is due by the quarterly rule (last done visit or client since + interval),
    /// whatever is planned.
    pub due: NaiveDate,
}

impl NextVisit {
    /// Overdue when the next visit lies before today — or, with a plan later than the due date,
    /// once the due date has passed: planning a visit for next year does not make a missed
    /// quarter go away.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.date.min(self.due) < today
    }

    /// A plan that lies beyond the due date (it does not lift the overdue penalty).
    pub fn planned_beyond_due(&self) -> bool {
        self.planned && self.date > self.due
    }

    /// "today", "in 12d", "5d overdue" (`domain::when`) — overdue counted from `overdue_since`.
    pub fn when(&self, today: NaiveDate) -> String {
        let day = if self.is_overdue(today) {
            self.overdue_since()
        } else {
            self.date
        };
        super::when::due_on(day, today, false)
    }

    /// A warning for a plan beyond the due date, shown beside the plan.
    pub fn beyond_due_warning(&self) -> Option<String> {
        if self.planned {
            plan_warning(self.due, self.date)
        } else {
            None
        }
    }

    /// The date the overdue count starts from: the earlier of the plan and the due date.
    pub fn overdue_since(&self) -> NaiveDate {
        self.date.min(self.due)
    }

    /// Days until the visit (negative: overdue by that many days).
    pub fn days_until(&self, today: NaiveDate) -> i64 {
        days_between(today, self.date)
    }
}

/// A plan for `date` later than the visit's `due` date does not lift the overdue penalty: say so
/// wherever such a plan is made or shown.
pub fn plan_warning(due: NaiveDate, date: NaiveDate) -> Option<String> {
    (date > due).then(|| {
        format!(
            "planned after the due date {due}: overdue from {} on",
            due + chrono::Duration::days(1)
        )
    })
}

/// With a visit planned: its date. Otherwise due = last done visit (or client since) + interval,
/// clamped to the end of the month.
pub fn next_visit(
    planned: Option<NaiveDate>,
    last_done: Option<NaiveDate>,
    client_since: NaiveDate,
    interval_months: u32,
) -> NextVisit {
    let due = add_months(last_done.unwrap_or(client_since), interval_months);
    match planned {
        Some(date) => NextVisit {
            date,
            planned: true,
            due,
        },
        None => NextVisit {
            date: due,
            planned: false,
            due,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn due_from_client_since_or_last_visit() {
        let n = next_visit(None, None, d("2026-08-31"), 3);
        assert_eq!(
            n,
            NextVisit {
                date: d("2026-11-30"),
                planned: false,
                due: d("2026-11-30"),
            }
        );
        let n = next_visit(None, Some(d("2026-11-30")), d("2020-01-01"), 3);
        assert_eq!(n.date, d("2027-02-28"));
    }

    #[test]
    fn planned_visit_wins_and_rescheduling_moves_it() {
        let n = next_visit(
            Some(d("2026-12-10")),
            Some(d("2026-01-01")),
            d("2020-01-01"),
            3,
        );
        assert_eq!(
            n,
            NextVisit {
                date: d("2026-12-10"),
                planned: true,
                due: d("2026-04-01"),
            }
        );
        // Due since April: the plan for December does not lift the overdue visit.
        assert!(n.is_overdue(d("2026-11-23")));
        // Rescheduling is a new planned date; the old one no longer counts.
        let moved = next_visit(
            Some(d("2027-01-15")),
            Some(d("2026-01-01")),
            d("2020-01-01"),
            3,
        );
        assert_eq!(moved.days_until(d("2026-11-23")), 53);
    }

    #[test]
    fn overdue_only_before_today() {
        let today = d("2026-11-23");
        let due_today = next_visit(None, Some(d("2026-08-23")), d("2020-01-01"), 3);
        assert!(!due_today.is_overdue(today));
        let due_yesterday = next_visit(None, Some(d("2026-08-22")), d("2020-01-01"), 3);
        assert!(due_yesterday.is_overdue(today));
        assert_eq!(due_yesterday.days_until(today), -1);
        let planned_past = next_visit(Some(d("2026-11-20")), None, d("2020-01-01"), 3);
        assert!(planned_past.is_overdue(today));
    }

    #[test]
    fn a_plan_beyond_the_due_date_cannot_game_the_visit() {
        // Last visit 2026-09-10 → due 2026-12-10.
        let last = Some(d("2026-09-10"));
        let honest = next_visit(Some(d("2026-12-05")), last, d("2020-01-01"), 3);
        assert_eq!(honest.due, d("2026-12-10"));
        assert!(!honest.planned_beyond_due());
        assert!(!honest.is_overdue(d("2026-12-05")));
        assert!(
            honest.is_overdue(d("2026-12-06")),
            "a missed plan is overdue"
        );

        let late = next_visit(Some(d("2027-02-20")), last, d("2020-01-01"), 3);
        assert!(late.planned_beyond_due());
        // Before the due date has passed the plan is fine …
        assert!(!late.is_overdue(d("2026-12-10")));
        // … once it has passed, the later plan does not lift the overdue penalty.
        assert!(late.is_overdue(d("2026-12-11")));
        assert_eq!(late.overdue_since(), d("2026-12-10"));
        assert_eq!(late.date, d("2027-02-20"), "the plan is still shown");
        assert_eq!(late.when(d("2027-01-04")), "25d overdue");
        assert_eq!(
            late.beyond_due_warning().as_deref(),
            Some("planned after the due date 2026-12-10: overdue from 2026-12-11 on")
        );
        assert_eq!(honest.when(d("2026-12-04")), "tomorrow");
        assert_eq!(honest.when(d("2026-12-05")), "today");
        assert_eq!(plan_warning(d("2026-12-10"), d("2026-12-10")), None);
    }
}
