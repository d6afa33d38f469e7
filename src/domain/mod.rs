//! The retention rules, pure: no SQL, no terminal, no clock — `now` is always an argument.

pub mod agenda;
pub mod checklist;
pub mod dates;
pub mod escalation;
pub mod feedback;
pub mod flags;
pub mod health;
pub mod history;
pub mod names;
pub mod portfolio;
pub mod search;
pub mod sorted;
pub mod summary;
pub mod visit;
pub mod when;

use chrono::NaiveDate;
use serde::Serialize;

use crate::clock::Timestamp;
use crate::error::Error;

pub use dates::IsoWeek;
pub use escalation::Level;
pub use feedback::NoteKind;

/// Declares a closed set of lowercase names with `as_str`, `Display`, `FromStr` and `ALL`.
macro_rules! named_enum {
    ($name:ident, $field:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The names in `ALL`'s order: what a picker offers and what parsing accepts.
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn allowed() -> String {
                $crate::domain::one_of(Self::NAMES)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::Error;
            fn from_str(s: &str) -> Result<Self, $crate::error::Error> {
                // As stored and as usually typed: no copy (every account and note of a
                // portfolio-wide read passes here).
                if let Some(v) = Self::ALL.iter().copied().find(|v| v.as_str() == s) {
                    return Ok(v);
                }
                let lower = s.trim().to_lowercase();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == lower)
                    .ok_or_else(|| $crate::error::Error::invalid($field, s, Self::allowed()))
            }
        }
    };
}
pub(crate) use named_enum;

named_enum!(Tier, "tier", {
    Premium => "premium",
    Standard => "standard",
    New => "new",
    Difficult => "difficult",
});

named_enum!(Status, "status", {
    Active => "active",
    Paused => "paused",
    Churned => "churned",
});

// Why a client left (the seed's churn reasons).
named_enum!(ChurnCategory, "category", {
    Goals => "goals",
    Communication => "communication",
    ContactChange => "contact-change",
    Costs => "costs",
    Expertise => "expertise",
    Other => "other",
});

named_enum!(Band, "band", {
    Unscored => "unscored",
    AtRisk => "at-risk",
    Watch => "watch",
    Healthy => "healthy",
});

named_enum!(VisitStatus, "visit status", {
    Planned => "planned",
    Done => "done",
    Cancelled => "cancelled",
});

/// An account name as stored: trimmed, non-empty, compared Unicode-lowercased.
pub fn account_name(raw: &str) -> Result<String, Error> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", raw, "a non-empty account name"));
    }
    if name.chars().any(|c| c.is_control()) {
        return Err(Error::invalid(
            "name",
            raw,
            "an account name without control characters",
        ));
    }
    Ok(name.to_string())
}

/// What a closed set allows: "one of yellow, orange, red".
pub fn one_of(names: &[&str]) -> String {
    format!("one of {}", names.join(", "))
}

/// A user name (owner, backup): trimmed, non-empty, no control characters.
pub fn person(field: &str, raw: &str) -> Result<String, Error> {
    let t = raw.trim();
    // An owner is matched against TEND_USER ($USER) exactly, for --mine, the Today view and the
    // digest: a full name with spaces would never be anyone's "mine" (found in a trial).
    if t.is_empty() || t.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(Error::invalid(
            field,
            raw,
            "a user name as TEND_USER gives it, e.g. anna.berger (no spaces)",
        ));
    }
    Ok(t.to_string())
}

/// The key under which account names are unique.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Money as the user writes it (`1500`, `1500.50`, `1.500,50` is refused) → integer cents.
pub fn parse_eur(field: &str, s: &str) -> Result<i64, Error> {
    let bad = || Error::invalid(field, s, "an amount in EUR >= 0, e.g. 4500 or 4500.50");
    let t = s.trim().trim_end_matches('€').trim();
    let (whole, frac) = match t.split_once(['.', ',']) {
        Some((w, f)) => (w, f),
        None => (t, ""),
    };
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || whole.len() > 12 {
        return Err(bad());
    }
    if frac.len() > 2 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let euros: i64 = whole.parse().map_err(|_| bad())?;
    let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    Ok(euros * 100 + cents)
}

pub fn format_eur(cents: i64) -> String {
    if cents % 100 == 0 {
        format!("{}", cents / 100)
    } else {
        format!("{}.{:02}", cents / 100, (cents % 100).abs())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub owner: String,
    pub backup: Option<String>,
    pub tier: Tier,
    pub value_cents: i64,
    pub client_since: NaiveDate,
    pub renewal: Option<NaiveDate>,
    pub status: Status,
    pub churned_on: Option<NaiveDate>,
    pub churn_reason: Option<String>,
    pub churn_category: Option<ChurnCategory>,
    /// Who referred the client to us (free text).
    pub referred_by: Option<String>,
    pub created_at: Timestamp,
    pub created_by: String,
}

impl Account {
    /// The current user owns or backs up this account.
    pub fn is_mine(&self, user: &str) -> bool {
        self.owner == user || self.backup.as_deref() == Some(user)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: i64,
    pub account_id: i64,
    pub person: String,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub primary: bool,
    /// `MM-DD` or `YYYY-MM-DD`.
    pub birthday: Option<Birthday>,
    /// How they like to be reached ("phone", "Signal", …).
    pub channel: Option<String>,
    pub best_time: Option<String>,
    /// Something personal worth remembering.
    pub personal: Option<String>,
    pub created_at: Timestamp,
    pub created_by: String,
}

/// A birthday, with or without the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Birthday {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

impl Birthday {
    /// `MM-DD` or `YYYY-MM-DD`; Feb 29 is allowed without a year (and in leap years).
    pub fn parse(field: &str, raw: &str) -> Result<Birthday, Error> {
        let bad = || Error::invalid(field, raw, "a birthday MM-DD or YYYY-MM-DD");
        let t = raw.trim();
        let parts: Vec<&str> = t.split('-').collect();
        let (year, month, day) = match parts.as_slice() {
            [m, d] if m.len() == 2 && d.len() == 2 => (None, *m, *d),
            [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
                (Some(y.parse::<i32>().map_err(|_| bad())?), *m, *d)
            }
            _ => return Err(bad()),
        };
        let month: u32 = month.parse().map_err(|_| bad())?;
        let day: u32 = day.parse().map_err(|_| bad())?;
        // Check against a leap year when no year is given, so 02-29 is valid and 02-30 is not.
        // The shape was right: say that the day does not exist (found in a trial: 02-30 was
        // answered with the format it already had).
        NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day).ok_or_else(|| {
            match dates::days_in_month(year.unwrap_or(2000), month) {
                Some(most) => Error::invalid(
                    field,
                    raw,
                    format!("a day that exists: month {month:02} has {most} days"),
                ),
                None => Error::invalid(field, raw, "a month 01-12: MM-DD or YYYY-MM-DD"),
            }
        })?;
        Ok(Birthday { year, month, day })
    }

    /// The next birthday on or after `today` (Feb 29 falls on Feb 28 in other years).
    pub fn next_on_or_after(&self, today: NaiveDate) -> NaiveDate {
        use chrono::Datelike;
        let on = |y: i32| {
            NaiveDate::from_ymd_opt(y, self.month, self.day)
                .or_else(|| NaiveDate::from_ymd_opt(y, self.month, self.day - 1))
                .unwrap_or(today)
        };
        let this_year = on(today.year());
        if this_year >= today {
            this_year
        } else {
            on(today.year() + 1)
        }
    }
}

impl std::fmt::Display for Birthday {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}-{:02}-{:02}", self.month, self.day),
            None => write!(f, "{:02}-{:02}", self.month, self.day),
        }
    }
}

/// The four dimension scores of a health review, each 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scores {
    pub performance: i64,
    pub relationship: i64,
    pub outlook: i64,
    pub engagement: i64,
}

impl Scores {
    pub fn check(field: &str, value: i64) -> Result<i64, Error> {
        if (0..=100).contains(&value) {
            Ok(value)
        } else {
            Err(Error::invalid(field, value, "a whole score 0-100"))
        }
    }

    /// One score as typed (CLI argument or form field).
    pub fn parse_score(field: &str, raw: &str) -> Result<i64, Error> {
        let n: i64 = raw
            .trim()
            .parse()
            .map_err(|_| Error::invalid(field, raw, "a whole score 0-100"))?;
        Scores::check(field, n)
    }

    /// The four dimensions with their names, in the method's order.
    pub fn fields(&self) -> [(&'static str, i64); 4] {
        [
            ("performance", self.performance),
            ("relationship", self.relationship),
            ("outlook", self.outlook),
            ("engagement", self.engagement),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub id: i64,
    pub account_id: i64,
    pub at: Timestamp,
    pub by: String,
    pub scores: Scores,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub id: i64,
    pub account_id: i64,
    pub at: Timestamp,
    pub author: String,
    pub kind: NoteKind,
    pub text: String,
    pub nps: Option<u8>,
    pub created_at: Timestamp,
    /// A promise made in this note: follow up by this date.
    pub follow_up: Option<NaiveDate>,
    pub follow_up_done: bool,
    /// Who last changed the text, when it was changed after it was written.
    pub edited_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub id: i64,
    pub account_id: i64,
    pub planned_on: Option<NaiveDate>,
    pub status: VisitStatus,
    pub done_on: Option<NaiveDate>,
    pub note: Option<String>,
    pub created_at: Timestamp,
    pub created_by: String,
    pub closed_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    pub account_id: i64,
    pub week: IsoWeek,
    pub key: String,
    pub done_at: Timestamp,
    pub done_by: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_keyed_lowercase() {
        assert_eq!(account_name("  Müller GmbH ").unwrap(), "Müller GmbH");
        assert_eq!(name_key("MÜLLER GmbH"), name_key("müller gmbh"));
        assert_eq!(
            account_name("   ").unwrap_err().to_string(),
            "name '   ': a non-empty account name"
        );
    }

    #[test]
    fn enums_parse_case_insensitively_and_list_what_is_allowed() {
        assert_eq!("Premium".parse::<Tier>().unwrap(), Tier::Premium);
        assert_eq!(
            "gold".parse::<Tier>().unwrap_err().to_string(),
            "tier 'gold': one of premium, standard, new, difficult"
        );
        assert_eq!("at-risk".parse::<Band>().unwrap(), Band::AtRisk);
    }

    #[test]
    fn euros_become_cents() {
        assert_eq!(parse_eur("value", "4500").unwrap(), 450_000);
        assert_eq!(parse_eur("value", "4500.5").unwrap(), 450_050);
        assert_eq!(parse_eur("value", "12,34").unwrap(), 1234);
        assert!(parse_eur("value", "-5").is_err());
        assert!(parse_eur("value", "1.2.3").is_err());
        assert!(parse_eur("value", "abc").is_err());
        assert_eq!(format_eur(450_050), "4500.50");
        assert_eq!(format_eur(450_000), "4500");
    }

    #[test]
    fn a_birthday_that_does_not_exist_says_how_many_days_its_month_has() {
        let err = |raw: &str| Birthday::parse("birthday", raw).unwrap_err().to_string();
        assert_eq!(
            err("02-30"),
            "birthday '02-30': a day that exists: month 02 has 29 days"
        );
        assert_eq!(
            err("1990-02-29"),
            "birthday '1990-02-29': a day that exists: month 02 has 28 days"
        );
        assert_eq!(
            err("04-31"),
            "birthday '04-31': a day that exists: month 04 has 30 days"
        );
        assert_eq!(
            err("13-01"),
            "birthday '13-01': a month 01-12: MM-DD or YYYY-MM-DD"
        );
        assert_eq!(
            err("5.3."),
            "birthday '5.3.': a birthday MM-DD or YYYY-MM-DD"
        );
        assert!(Birthday::parse("birthday", "02-29").is_ok());
    }
}
