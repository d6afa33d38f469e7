//! Dates, moments and ISO weeks in local time (`TZ` honoured through chrono's `Local`).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Local, Months, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};

use crate::clock::Timestamp;
use crate::error::Error;

/// The local calendar date of a moment.
pub fn local_date(t: Timestamp) -> NaiveDate {
    t.with_timezone(&Local).date_naive()
}

/// The moment of a local wall-clock time; on a DST gap the next valid instant, on a fold the first.
pub fn local_moment(date: NaiveDate, time: NaiveTime) -> Timestamp {
    let naive = date.and_time(time);
    match Local.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
        chrono::LocalResult::None => {
            let later = naive + chrono::Duration::hours(1);
            Local
                .from_local_datetime(&later)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&naive))
        }
    }
}

pub fn local_midnight(date: NaiveDate) -> Timestamp {
    local_moment(date, NaiveTime::MIN)
}

/// Calendar days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// `date` + `months`, clamped to the end of the month (Nov 30 + 3 months = Feb 28/29).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

pub fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        date.checked_add_days(Days::new(days as u64))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    }
    .unwrap_or(date)
}

/// A date given by a user: `YYYY-MM-DD`, a real calendar day.
pub fn parse_date(field: &str, s: &str) -> Result<NaiveDate, Error> {
    let t = s.trim();
    if !date_shaped(t) {
        return Err(Error::invalid(field, s, "a calendar date YYYY-MM-DD"));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| {
        // The shape was right: say that the day does not exist, and how many its month has
        // (found in a trial: 2026-02-30 was answered with the format it already had).
        let days = (|| {
            let y: i32 = t.get(0..4)?.parse().ok()?;
            let m: u32 = t.get(5..7)?.parse().ok()?;
            days_in_month(y, m).map(|d| format!("{y:04}-{m:02} has {d} days"))
        })();
        match days {
            Some(days) => Error::invalid(field, s, format!("a day that exists: {days}")),
            None => Error::invalid(field, s, "a calendar date YYYY-MM-DD (month 01-12)"),
        }
    })
}

/// How many days month `m` of year `y` has; None for a month that is not 1–12.
pub fn days_in_month(y: i32, m: u32) -> Option<u32> {
    (28..=31)
        .rev()
        .find(|d| NaiveDate::from_ymd_opt(y, m, *d).is_some())
}

/// `NNNN-NN-NN`: meant as a date, whether or not it is one.
fn date_shaped(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// A day that has been (a visit done): `YYYY-MM-DD`, `today` or `yesterday`.
pub fn parse_past_day(field: &str, raw: &str, today: NaiveDate) -> Result<NaiveDate, Error> {
    match raw.trim().to_lowercase().as_str() {
        "today" => Ok(today),
        "yesterday" => Ok(add_days(today, -1)),
        t if date_shaped(t) => parse_date(field, raw),
        t => parse_date(field, t)
            .map_err(|_| Error::invalid(field, raw, "YYYY-MM-DD, today or yesterday")),
    }
}

/// When a follow-up (or a snooze) falls: `YYYY-MM-DD`, `today`, `tomorrow`, `mon`…`sun` (the next
/// such day after today), or `Nd` (N days from today).
pub fn parse_when(field: &str, raw: &str, today: NaiveDate) -> Result<NaiveDate, Error> {
    let t = raw.trim().to_lowercase();
    let bad = || {
        Error::invalid(
            field,
            raw,
            "YYYY-MM-DD, today, tomorrow, mon…sun (the next such day) or Nd (N days from today)",
        )
    };
    let weekday = |name: &str| -> Option<Weekday> {
        Some(match name {
            "mon" | "monday" => Weekday::Mon,
            "tue" | "tuesday" => Weekday::Tue,
            "wed" | "wednesday" => Weekday::Wed,
            "thu" | "thursday" => Weekday::Thu,
            "fri" | "friday" => Weekday::Fri,
            "sat" | "saturday" => Weekday::Sat,
            "sun" | "sunday" => Weekday::Sun,
            _ => return None,
        })
    };
    match t.as_str() {
        "today" => return Ok(today),
        "tomorrow" => return Ok(add_days(today, 1)),
        _ => {}
    }
    if let Some(day) = weekday(&t) {
        let ahead = (7 + day.num_days_from_monday() as i64
            - today.weekday().num_days_from_monday() as i64)
            % 7;
        return Ok(add_days(today, if ahead == 0 { 7 } else { ahead }));
    }
    if let Some(n) = t.strip_suffix('d') {
        let n: u32 = n.parse().map_err(|_| bad())?;
        return Ok(add_days(today, i64::from(n)));
    }
    if date_shaped(&t) {
        return parse_date(field, raw);
    }
    parse_date(field, &t).map_err(|_| bad())
}

/// A moment given by a user: RFC 3339, `YYYY-MM-DD HH:MM`, or a bare date meaning 12:00 local.
pub fn parse_moment(field: &str, s: &str) -> Result<Timestamp, Error> {
    let t = s.trim();
    if let Ok(m) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(m.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(naive) = chrono::NaiveDateTime::parse_from_str(t, fmt) {
            return Ok(local_moment(naive.date(), naive.time()));
        }
    }
    // A date's shape and no such day: said as such (the day part of a moment is not checked
    // here — "2026-02-30 10:00" still gets the list of forms).
    if date_shaped(t) {
        let date = parse_date(field, s)?;
        return Ok(local_moment(
            date,
            NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN),
        ));
    }
    Err(Error::invalid(
        field,
        s,
        "a date YYYY-MM-DD (12:00 local), YYYY-MM-DD HH:MM, or RFC 3339",
    ))
}

/// An ISO 8601 week, written `2026-W48`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

impl IsoWeek {
    pub fn of(date: NaiveDate) -> IsoWeek {
        let w = date.iso_week();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }

    pub fn at(t: Timestamp) -> IsoWeek {
        IsoWeek::of(local_date(t))
    }

    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or(NaiveDate::MIN)
    }

    pub fn previous(self) -> IsoWeek {
        IsoWeek::of(add_days(self.monday(), -7))
    }

    pub fn next(self) -> IsoWeek {
        IsoWeek::of(add_days(self.monday(), 7))
    }

    /// Monday 00:00 local time: when this week starts.
    pub fn start(self) -> Timestamp {
        local_midnight(self.monday())
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

impl FromStr for IsoWeek {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = || Error::invalid("week", s, "an ISO week YYYY-Www, e.g. 2026-W48");
        let (y, w) = s.trim().split_once("-W").ok_or_else(bad)?;
        if y.len() != 4 || w.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let week: u32 = w.parse().map_err(|_| bad())?;
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(bad)?;
        Ok(IsoWeek { year, week })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn plus_three_months_clamps_to_month_end() {
        assert_eq!(add_months(d("2026-11-30"), 3), d("2027-02-28"));
        assert_eq!(add_months(d("2027-11-30"), 3), d("2028-02-29"));
        assert_eq!(add_months(d("2026-08-31"), 3), d("2026-11-30"));
        assert_eq!(add_months(d("2026-01-15"), 3), d("2026-04-15"));
    }

    #[test]
    fn iso_weeks_across_year_end() {
        // 2026 has 53 ISO weeks: Dec 31 2026 is a Thursday.
        assert_eq!(IsoWeek::of(d("2026-12-31")).to_string(), "2026-W53");
        assert_eq!(IsoWeek::of(d("2027-01-03")).to_string(), "2026-W53");
        assert_eq!(IsoWeek::of(d("2027-01-04")).to_string(), "2027-W01");
        let w1: IsoWeek = "2027-W01".parse().unwrap();
        assert_eq!(w1.previous().to_string(), "2026-W53");
        assert_eq!(w1.previous().next(), w1);
        assert_eq!(w1.monday(), d("2027-01-04"));
        // 2025-12-29 (Monday) belongs to 2026-W01.
        assert_eq!(IsoWeek::of(d("2025-12-29")).to_string(), "2026-W01");
        assert_eq!(
            "2026-W48".parse::<IsoWeek>().unwrap().monday(),
            d("2026-11-23")
        );
    }

    #[test]
    fn bad_weeks_are_refused() {
        for bad in [
            "2026-W54", "2027-W53", "2026-48", "2026-W4", "W48", "2026-W00",
        ] {
            let e = bad.parse::<IsoWeek>().unwrap_err().to_string();
            assert!(e.starts_with(&format!("week '{bad}'")), "{e}");
        }
    }

    #[test]
    fn dates_must_be_real() {
        assert_eq!(parse_date("since", "2026-02-28").unwrap(), d("2026-02-28"));
        let e = parse_date("since", "2026-02-30").unwrap_err().to_string();
        assert_eq!(
            e,
            "since '2026-02-30': a day that exists: 2026-02 has 28 days"
        );
        let e = parse_date("since", "2028-02-30").unwrap_err().to_string();
        assert_eq!(
            e,
            "since '2028-02-30': a day that exists: 2028-02 has 29 days"
        );
        let e = parse_date("since", "2026-13-01").unwrap_err().to_string();
        assert_eq!(
            e,
            "since '2026-13-01': a calendar date YYYY-MM-DD (month 01-12)"
        );
        // Through the look-ahead words and the past day, a date-shaped value says the same.
        let today = d("2026-11-23");
        let e = parse_when("until", "2026-02-30", today)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "until '2026-02-30': a day that exists: 2026-02 has 28 days"
        );
        let e = parse_past_day("on", "2026-04-31", today)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "on '2026-04-31': a day that exists: 2026-04 has 30 days");
        assert!(
            parse_when("until", "someday", today)
                .unwrap_err()
                .to_string()
                .contains("tomorrow")
        );
        let e = parse_moment("at", "2026-02-30").unwrap_err().to_string();
        assert_eq!(e, "at '2026-02-30': a day that exists: 2026-02 has 28 days");
        assert!(parse_date("since", "2026-2-3").is_err());
        assert!(parse_date("since", "23.11.2026").is_err());
    }

    #[test]
    fn days_between_counts_calendar_days() {
        assert_eq!(days_between(d("2026-11-01"), d("2026-11-15")), 14);
        assert_eq!(days_between(d("2026-11-15"), d("2026-11-01")), -14);
    }

    #[test]
    fn moments_parse() {
        let t = parse_moment("at", "2026-11-23T09:00:00Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-23T09:00:00+00:00");
        assert_eq!(
            local_date(parse_moment("at", "2026-11-23").unwrap()),
            d("2026-11-23")
        );
        assert!(parse_moment("at", "2026-13-01").is_err());
    }
}

#[cfg(test)]
mod when_tests {
    use super::*;

    #[test]
    fn when_words() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(); // a Wednesday
        let w = |s: &str| parse_when("follow-up", s, today).map(|d| d.to_string());
        assert_eq!(w("today").unwrap(), "2026-11-25");
        assert_eq!(w("Tomorrow").unwrap(), "2026-11-26");
        assert_eq!(w("fri").unwrap(), "2026-11-27");
        assert_eq!(
            w("wed").unwrap(),
            "2026-12-02",
            "the next Wednesday after today"
        );
        assert_eq!(w("mon").unwrap(), "2026-11-30");
        assert_eq!(w("10d").unwrap(), "2026-12-05");
        assert_eq!(w("2026-12-24").unwrap(), "2026-12-24");
        assert!(
            w("2026-13-01")
                .unwrap_err()
                .to_string()
                .starts_with("follow-up '2026-13-01'")
        );
        assert!(w("foo").is_err());
        assert!(w("-3d").is_err());
    }
}
