//! The quarterly on-site visit: next visit, due date, overdue.

use chrono::NaiveDate;

use super::dates::{add_months, days_between};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextVisit {
    /// The planned visit's date, or the due date when none is planned.
    pub date: NaiveDate,
    pub planned: bool,
}

impl NextVisit {
    /// Overdue when the next visit lies before today.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.date < today
    }

    /// Days until the visit (negative: overdue by that many days).
    pub fn days_until(&self, today: NaiveDate) -> i64 {
        days_between(today, self.date)
    }
}

/// With a visit planned: its date. Otherwise due = last done visit (or client since) + interval,
/// clamped to the end of the month.
pub fn next_visit(
    planned: Option<NaiveDate>,
    last_done: Option<NaiveDate>,
    client_since: NaiveDate,
    interval_months: u32,
) -> NextVisit {
    match planned {
        Some(date) => NextVisit {
            date,
            planned: true,
        },
        None => NextVisit {
            date: add_months(last_done.unwrap_or(client_since), interval_months),
            planned: false,
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
                planned: false
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
                planned: true
            }
        );
        assert!(!n.is_overdue(d("2026-11-23")));
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
}
