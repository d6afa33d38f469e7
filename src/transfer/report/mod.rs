//! `tend report`, Markdown: the portfolio review of a month, quarter or year (`portfolio`), and the
//! agenda for the business review meeting with one client (`account`).

mod account;
mod period;
mod portfolio;
mod weekly;

pub use account::account_report;
pub use period::{Period, PeriodKind, parse_month, parse_quarter, parse_year};
pub use portfolio::report;

use chrono::NaiveDate;

use crate::clock::Timestamp;
use crate::domain::dates::{add_days, local_date, local_midnight};
use crate::domain::{Account, IsoWeek};
use crate::text::one_line;

/// The moments a report reads: the period's bounds, and the moment its state (health, flags,
/// what is open) is taken at — the period's end, or now while the period is still running, so a
/// closed period's report reads the same whenever it is made.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    pub period: Period,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Local midnight starting `first`.
    pub start: Timestamp,
    /// Local midnight after `last` (exclusive).
    pub end: Timestamp,
    pub eval: Timestamp,
    /// The business date of `eval`, inside the period.
    pub eval_day: NaiveDate,
}

impl Window {
    pub fn new(period: Period, now: Timestamp) -> Window {
        let (first, last) = (period.first, period.last());
        let end = local_midnight(period.next_first());
        let eval = now.min(end);
        Window {
            period,
            first,
            last,
            start: local_midnight(first),
            end,
            eval,
            eval_day: local_date(eval).min(last),
        }
    }

    /// "as of 2026-11-23" while the period runs, else "at the end of the quarter".
    pub fn as_of(&self) -> String {
        if self.eval < self.end {
            format!("as of {}", local_date(self.eval))
        } else {
            format!("at the end of the {}", self.period.unit())
        }
    }

    /// "the quarter runs 2026-10-01 to 2026-12-31".
    pub fn runs(&self) -> String {
        format!(
            "the {} runs {} to {}",
            self.period.unit(),
            self.first,
            self.last
        )
    }

    /// The ISO weeks of the weekly routine: those whose Monday lies in the period, up to the
    /// evaluation day (a week not begun has nothing to tick yet).
    pub fn routine_weeks(&self) -> Vec<IsoWeek> {
        let mut weeks = Vec::new();
        let mut week = IsoWeek::of(self.first);
        if week.monday() < self.first {
            week = week.next();
        }
        while week.monday() <= self.last && week.monday() <= self.eval_day {
            weeks.push(week);
            week = week.next();
        }
        weeks
    }

    pub fn contains_day(&self, d: NaiveDate) -> bool {
        d >= self.first && d <= self.last
    }

    pub fn contains(&self, t: Timestamp) -> bool {
        t >= self.start && t < self.end
    }
}

/// Counts for one period of business dates (inclusive), per SPEC §1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodCounts {
    pub active_start: usize,
    pub active_end: usize,
    pub new_during: usize,
    pub churned_during: usize,
}

/// A client is active on day `d` from its "client since" date until (not including) its churn date.
pub(crate) fn active_on(a: &Account, d: NaiveDate) -> bool {
    a.client_since <= d && a.churned_on.is_none_or(|c| c > d)
}

pub fn period_counts(accounts: &[Account], first: NaiveDate, last: NaiveDate) -> PeriodCounts {
    let before = add_days(first, -1);
    PeriodCounts {
        active_start: accounts.iter().filter(|a| active_on(a, before)).count(),
        active_end: accounts.iter().filter(|a| active_on(a, last)).count(),
        new_during: accounts
            .iter()
            .filter(|a| a.client_since >= first && a.client_since <= last)
            .count(),
        churned_during: accounts
            .iter()
            .filter(|a| a.churned_on.is_some_and(|c| c >= first && c <= last))
            .count(),
    }
}

pub(crate) fn pct(v: Option<f64>) -> String {
    v.map_or("n/a".to_string(), |x| format!("{x:.1} %"))
}

/// Markdown text is escaped where it could break the layout; control characters are neutralised.
pub(crate) fn md(s: &str) -> String {
    one_line(s)
        .replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
}
