//! How tend writes dates, durations and deadlines: one style for the command line, the cockpit
//! and the reports, so "how late" reads the same everywhere (the README's "Dates and durations").
//!
//! - a date in full: ISO, `2026-11-24`;
//! - a span: `45m` under an hour, `19h` under a day, then `1d 19h`; compact (a narrow column):
//!   the largest unit only, `1d`;
//! - a deadline moment: `1d 19h overdue` / `in 3h` (compact `1d overdue` / `in 3h`);
//! - a due day: `3d overdue`, `today`, `tomorrow`, `in 12d` (compact, for a list: `Fri` within
//!   the week ahead, else the date);
//! - the onboarding phase: `onboarding day 18 · reality check`.

use chrono::{Duration, NaiveDate};

use super::dates::days_between;
use crate::clock::Timestamp;

/// The word after an amount of lateness.
pub const OVERDUE: &str = "overdue";

/// The same where room is short (the Today heading's count, a narrow list's column).
pub const LATE: &str = "late";

/// A `due`/`due_on` text for a narrow column: `617d late` for `617d overdue`.
pub fn narrow(when: &str) -> String {
    match when.strip_suffix(OVERDUE) {
        Some(amount) => format!("{amount}{LATE}"),
        None => when.to_string(),
    }
}

/// A moment for people, to the minute in local time: `2026-11-24 14:05` (machines get RFC 3339
/// in UTC, in JSON).
pub fn minute(t: crate::clock::Timestamp) -> String {
    t.with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// A date in full: `2026-11-24`.
pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `45m`, `19h`, `1d 19h`; compact: the largest unit only (`1d`).
pub fn span(d: Duration, compact: bool) -> String {
    let minutes = d.num_minutes().max(0);
    let (days, hours) = (minutes / (24 * 60), (minutes / 60) % 24);
    if minutes < 60 {
        format!("{minutes}m")
    } else if days == 0 {
        format!("{hours}h")
    } else if compact || hours == 0 {
        format!("{days}d")
    } else {
        format!("{days}d {hours}h")
    }
}

/// A deadline moment seen from `now`: `1d 19h overdue`, `in 19h`.
pub fn due(due: Timestamp, now: Timestamp, compact: bool) -> String {
    if due < now {
        format!("{} {OVERDUE}", span(now - due, compact))
    } else {
        format!("in {}", span(due - now, compact))
    }
}

/// A due day seen from `today`: `3d overdue`, `today`, `tomorrow`, `in 12d`; compact (a list's
/// column): `Fri` for a day within the week ahead, else the date.
pub fn due_on(due: NaiveDate, today: NaiveDate, compact: bool) -> String {
    match days_between(today, due) {
        d if d < 0 => format!("{}d {OVERDUE}", -d),
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        2..=6 if compact => due.format("%a").to_string(),
        _ if compact => date(due),
        d => format!("in {d}d"),
    }
}

/// The onboarding phase of an account in its first days: `onboarding day 18 · reality check`.
pub fn onboarding(day: i64, phase: &str) -> String {
    format!("onboarding day {day} · {phase}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn spans() {
        let h = Duration::hours;
        assert_eq!(span(Duration::minutes(30), false), "30m");
        assert_eq!(span(h(5), false), "5h");
        assert_eq!(span(h(43), false), "1d 19h");
        assert_eq!(span(h(43), true), "1d");
        assert_eq!(span(h(48), false), "2d");
        assert_eq!(span(h(5), true), "5h");
        assert_eq!(span(Duration::minutes(-5), false), "0m");
    }

    #[test]
    fn deadlines() {
        let now = chrono::Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let h = Duration::hours;
        assert_eq!(due(now - h(43), now, false), "1d 19h overdue");
        assert_eq!(due(now - h(43), now, true), "1d overdue");
        assert_eq!(due(now - h(5), now, false), "5h overdue");
        assert_eq!(due(now + h(19), now, false), "in 19h");
        assert_eq!(due(now + h(50), now, false), "in 2d 2h");
        assert_eq!(due(now + Duration::minutes(30), now, true), "in 30m");
    }

    #[test]
    fn due_days() {
        let today = d("2026-11-24"); // a Tuesday
        assert_eq!(due_on(d("2026-11-21"), today, false), "3d overdue");
        assert_eq!(due_on(d("2026-11-21"), today, true), "3d overdue");
        assert_eq!(due_on(today, today, true), "today");
        assert_eq!(due_on(d("2026-11-25"), today, false), "tomorrow");
        assert_eq!(due_on(d("2026-11-27"), today, true), "Fri");
        assert_eq!(due_on(d("2026-11-27"), today, false), "in 3d");
        assert_eq!(due_on(d("2026-12-06"), today, true), "2026-12-06");
        assert_eq!(date(d("2026-01-05")), "2026-01-05");
    }

    #[test]
    fn onboarding_wording() {
        assert_eq!(
            onboarding(18, "reality check"),
            "onboarding day 18 · reality check"
        );
    }
}
