//! The only place that reads the clock. `TEND_NOW` (RFC 3339) pins "now" for tests and demos.

use chrono::{DateTime, Utc};

use crate::error::Error;

pub type Timestamp = DateTime<Utc>;

/// "Now": `TEND_NOW` when set, else the system clock.
pub fn now() -> Result<Timestamp, Error> {
    match std::env::var("TEND_NOW") {
        Ok(s) if !s.trim().is_empty() => parse_now(&s),
        _ => Ok(Utc::now()),
    }
}

fn parse_now(s: &str) -> Result<Timestamp, Error> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            Error::invalid(
                "TEND_NOW",
                s,
                "an RFC 3339 moment, e.g. 2026-11-23T09:00:00Z",
            )
        })
}

/// The real time, ignoring `TEND_NOW`: for comparing with files' modification times, which the
/// operating system stamps with the real clock (`tend doctor`'s backup and replica ages).
pub fn wall_clock() -> std::time::SystemTime {
    std::time::SystemTime::now()
}

/// Whether "now" is pinned: the cockpit then does not advance its clock.
pub fn is_pinned() -> bool {
    std::env::var("TEND_NOW").is_ok_and(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339_with_offset() {
        let t = parse_now("2026-11-23T10:00:00+01:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-23T09:00:00+00:00");
    }

    #[test]
    fn rejects_garbage_naming_the_variable() {
        let e = parse_now("tomorrow").unwrap_err().to_string();
        assert!(e.starts_with("TEND_NOW 'tomorrow'"), "{e}");
    }
}
