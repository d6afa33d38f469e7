//! The period a report covers: a month, a quarter or a year of local calendar dates.

use chrono::{Datelike, NaiveDate};

use crate::domain::dates::{add_days, add_months};
use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

/// A whole month, quarter or year, from its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodKind,
    pub first: NaiveDate,
}

/// A year of exactly four ASCII digits (`str::parse` alone would take `+202` or ` 202`).
fn four_digits(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// The first day of a month given as `YYYY-MM`.
pub fn parse_month(raw: &str) -> Result<NaiveDate, Error> {
    let bad = || Error::invalid("month", raw, "a month YYYY-MM, e.g. 2026-11");
    let (y, m) = raw.trim().split_once('-').ok_or_else(bad)?;
    if m.len() != 2 || !m.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let month = m.parse().map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(four_digits(y).ok_or_else(bad)?, month, 1).ok_or_else(bad)
}

/// The first day of a quarter given as `YYYY-Qn` (`q` in any case).
pub fn parse_quarter(raw: &str) -> Result<NaiveDate, Error> {
    let bad = || Error::invalid("quarter", raw, "a quarter YYYY-Qn (n 1-4), e.g. 2026-Q4");
    let t = raw.trim();
    let (y, q) = t.split_once(['-']).ok_or_else(bad)?;
    let n = match q.as_bytes() {
        [b'Q' | b'q', d @ b'1'..=b'4'] => u32::from(d - b'0'),
        _ => return Err(bad()),
    };
    NaiveDate::from_ymd_opt(four_digits(y).ok_or_else(bad)?, 3 * n - 2, 1).ok_or_else(bad)
}

/// The first day of a year given as `YYYY`.
pub fn parse_year(raw: &str) -> Result<NaiveDate, Error> {
    let bad = || Error::invalid("year", raw, "a year YYYY, e.g. 2026");
    NaiveDate::from_ymd_opt(four_digits(raw.trim()).ok_or_else(bad)?, 1, 1).ok_or_else(bad)
}

impl Period {
    /// The period from the command line: at most one of the three options; none = `today`'s month.
    pub fn from_options(
        month: Option<&str>,
        quarter: Option<&str>,
        year: Option<&str>,
        today: NaiveDate,
    ) -> Result<Period, Error> {
        let given: Vec<String> = [("month", month), ("quarter", quarter), ("year", year)]
            .iter()
            .filter_map(|(name, v)| v.map(|v| format!("--{name} {v}")))
            .collect();
        if given.len() > 1 {
            // One line like every other bad input (clap's conflict error is a usage block).
            return Err(Error::invalid(
                "period",
                given.join(" "),
                "only one of --month YYYY-MM, --quarter YYYY-Qn, --year YYYY",
            ));
        }
        let (kind, first) = match (month, quarter, year) {
            (Some(m), _, _) => (PeriodKind::Month, parse_month(m)?),
            (_, Some(q), _) => (PeriodKind::Quarter, parse_quarter(q)?),
            (_, _, Some(y)) => (PeriodKind::Year, parse_year(y)?),
            _ => (PeriodKind::Month, today.with_day(1).unwrap_or(today)),
        };
        // A report tells what happened: a period that has not begun has nothing in it yet, and
        // the portfolio "as of" today would pass for it.
        if first > today {
            let (field, raw, now) = match kind {
                PeriodKind::Month => ("month", month, today.format("%Y-%m").to_string()),
                PeriodKind::Quarter => (
                    "quarter",
                    quarter,
                    format!("{}-Q{}", today.year(), today.month0() / 3 + 1),
                ),
                PeriodKind::Year => ("year", year, today.year().to_string()),
            };
            return Err(Error::invalid(
                field,
                raw.unwrap_or_default().trim(),
                format!("{now} or earlier: a report covers a period that has begun"),
            ));
        }
        Ok(Period { kind, first })
    }

    pub fn months(&self) -> u32 {
        match self.kind {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
        }
    }

    /// The day after the period.
    pub fn next_first(&self) -> NaiveDate {
        add_months(self.first, self.months())
    }

    /// The period's last day (inclusive).
    pub fn last(&self) -> NaiveDate {
        add_days(self.next_first(), -1)
    }

    /// How the title names it: `2026-11`, `2026-Q4`, `2026`.
    pub fn label(&self) -> String {
        match self.kind {
            PeriodKind::Month => self.first.format("%Y-%m").to_string(),
            PeriodKind::Quarter => {
                format!("{}-Q{}", self.first.year(), self.first.month0() / 3 + 1)
            }
            PeriodKind::Year => self.first.year().to_string(),
        }
    }

    /// For people: `November 2026`, `October to December 2026`, `2026`.
    pub fn name(&self) -> String {
        match self.kind {
            PeriodKind::Month => self.first.format("%B %Y").to_string(),
            PeriodKind::Quarter => format!(
                "{} to {}",
                self.first.format("%B"),
                self.last().format("%B %Y")
            ),
            PeriodKind::Year => self.first.year().to_string(),
        }
    }

    /// The title's words: `2026-11 (November 2026)`, `2026-Q4 (October to December 2026)`, `2026`.
    pub fn title(&self) -> String {
        match self.kind {
            PeriodKind::Year => self.label(),
            _ => format!("{} ({})", self.label(), self.name()),
        }
    }

    /// `month`, `quarter`, `year`: "churned in the quarter".
    pub fn unit(&self) -> &'static str {
        match self.kind {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn period(m: Option<&str>, q: Option<&str>, y: Option<&str>) -> Result<Period, Error> {
        Period::from_options(m, q, y, d(2026, 11, 23))
    }

    #[test]
    fn each_kind_knows_its_days_and_names() {
        let p = period(None, None, None).unwrap();
        assert_eq!(
            (p.first, p.last(), p.label()),
            (d(2026, 11, 1), d(2026, 11, 30), "2026-11".into())
        );
        let q = period(None, Some("2026-q4"), None).unwrap();
        assert_eq!(
            (q.first, q.last(), q.label()),
            (d(2026, 10, 1), d(2026, 12, 31), "2026-Q4".into())
        );
        assert_eq!(q.name(), "October to December 2026");
        let q1 = Period {
            kind: PeriodKind::Quarter,
            first: d(2028, 1, 1),
        };
        assert_eq!(q1.last(), d(2028, 3, 31));
        let y = period(None, None, Some("2026")).unwrap();
        assert_eq!(
            (y.first, y.last(), y.label()),
            (d(2026, 1, 1), d(2026, 12, 31), "2026".into())
        );
        let m = Period {
            kind: PeriodKind::Month,
            first: d(2028, 2, 1),
        };
        assert_eq!(
            (m.last(), m.name()),
            (d(2028, 2, 29), "February 2028".into())
        );
    }

    #[test]
    fn bad_periods_name_the_field() {
        let field = |r: Result<Period, Error>| match r {
            Err(Error::Invalid { field, value, .. }) => format!("{field} {value}"),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(period(None, Some("2026-Q5"), None)),
            "quarter 2026-Q5"
        );
        assert_eq!(field(period(None, Some("2026-Q"), None)), "quarter 2026-Q");
        assert_eq!(field(period(None, Some("26-Q1"), None)), "quarter 26-Q1");
        assert_eq!(field(period(Some("2026-13"), None, None)), "month 2026-13");
        assert_eq!(field(period(Some("+202-01"), None, None)), "month +202-01");
        assert_eq!(field(period(None, None, Some("20266"))), "year 20266");
        assert_eq!(
            field(period(Some("2026-11"), None, Some("2026"))),
            "period --month 2026-11 --year 2026"
        );
    }

    #[test]
    fn a_period_that_has_not_begun_is_refused() {
        let allowed = |r: Result<Period, Error>| match r {
            Err(Error::Invalid {
                field,
                value,
                allowed,
            }) => format!("{field} {value}: {allowed}"),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            allowed(period(Some("2026-12"), None, None)),
            "month 2026-12: 2026-11 or earlier: a report covers a period that has begun"
        );
        assert!(
            allowed(period(None, Some("2027-Q1"), None)).starts_with("quarter 2027-Q1: 2026-Q4 or")
        );
        assert!(allowed(period(None, None, Some("2027"))).starts_with("year 2027: 2026 or"));
        // The period under way is a report so far.
        assert!(period(Some("2026-11"), None, None).is_ok());
        assert!(period(None, Some("2026-Q4"), None).is_ok());
        assert!(period(None, None, Some("2026")).is_ok());
    }
}
