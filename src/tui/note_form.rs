//! `N`: a note with everything the quick note leaves out — its kind from a picker, when it
//! happened (backdating a call logged after the fact), an NPS answer and a follow-up date. The
//! same rules as `tend log` (ops::log_note): a text, NPS 0-10, a moment not after now.

use chrono::{Duration, NaiveDate, NaiveTime};

use super::action::Effect;
use super::field::{Field, field, picker};
use super::form::Form;
use crate::clock::Timestamp;
use crate::domain::NoteKind;
use crate::domain::dates::{local_date, local_moment, parse_moment, parse_when};
use crate::domain::feedback::{check_nps, check_text};
use crate::error::Error;
use crate::store::notes::NewNote;

pub fn fields() -> Vec<Field> {
    vec![
        picker("kind", NoteKind::NAMES, NoteKind::Call.as_str()),
        field(
            "when",
            "now, yesterday, YYYY-MM-DD (12:00) or YYYY-MM-DD HH:MM",
            "now",
        ),
        field("text", "what was said or done", ""),
        field("nps", "optional: an NPS answer 0-10", ""),
        field(
            "follow-up",
            "optional: YYYY-MM-DD, fri, 3d — a promise made",
            "",
        ),
    ]
}

/// When it happened: `now`, `yesterday` (12:00), or a date or moment as `tend log --at` takes
/// it. A bare date of today means now when 12:00 has not come yet.
pub fn when(raw: &str, now: Timestamp) -> Result<Timestamp, Error> {
    let today = local_date(now);
    let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN);
    let at = match raw.trim().to_lowercase().as_str() {
        "" | "now" => return Ok(now),
        "yesterday" => local_moment(today - Duration::days(1), noon),
        _ => parse_moment("when", raw)?,
    };
    let bare_today = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d") == Ok(today);
    Ok(if bare_today { at.min(now) } else { at })
}

/// Each field checked on its own (the checks do not depend on each other).
#[allow(clippy::type_complexity)]
fn checks(
    form: &Form,
    now: Timestamp,
) -> (
    Result<NoteKind, Error>,
    Result<Timestamp, Error>,
    Result<String, Error>,
    Result<Option<u8>, Error>,
    Result<Option<NaiveDate>, Error>,
) {
    let text = |i: usize| form.value(i).trim().to_string();
    let kind = text(0).parse::<NoteKind>();
    // The rule names `--at`; the form's field is "when" (found in a trial).
    let at = when(form.value(1), now).and_then(|at| {
        crate::ops::check_note_moment(at, now)
            .map(|()| at)
            .map_err(|e| match e {
                Error::Invalid { value, allowed, .. } => Error::Invalid {
                    field: "when".into(),
                    value,
                    allowed,
                },
                other => other,
            })
    });
    let note = check_text("text", form.value(2));
    let nps = Some(text(3))
        .filter(|t| !t.is_empty())
        .map(|t| check_nps(&t))
        .transpose();
    let follow_up = Some(text(4))
        .filter(|t| !t.is_empty())
        .map(|t| parse_when("follow-up", &t, local_date(now)))
        .transpose();
    (kind, at, note, nps, follow_up)
}

/// Every field's problem (the form shows each under its field).
pub fn problems(form: &Form, now: Timestamp) -> Vec<(usize, Error)> {
    let (kind, at, note, nps, follow_up) = checks(form, now);
    [kind.err(), at.err(), note.err(), nps.err(), follow_up.err()]
        .into_iter()
        .enumerate()
        .filter_map(|(i, e)| e.map(|e| (i, e)))
        .collect()
}

pub fn validate(form: &Form, account_id: i64, now: Timestamp) -> Result<Effect, (usize, Error)> {
    let (kind, at, note, nps, follow_up) = checks(form, now);
    let kind = kind.map_err(|e| (0, e))?;
    let at = at.map_err(|e| (1, e))?;
    let note = note.map_err(|e| (2, e))?;
    let nps = nps.map_err(|e| (3, e))?;
    let follow_up = follow_up.map_err(|e| (4, e))?;
    Ok(Effect::LogNote {
        account_id,
        note: NewNote {
            at,
            kind,
            text: note.trim().to_string(),
            nps,
            follow_up,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_takes_now_yesterday_dates_and_moments() {
        // 09:00 UTC; the tests run with TZ=UTC or the local zone — compare through local_moment.
        let now = crate::tui::testing::now();
        let today = local_date(now);
        let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap();
        assert_eq!(when("now", now).unwrap(), now);
        assert_eq!(when("", now).unwrap(), now);
        assert_eq!(
            when("yesterday", now).unwrap(),
            local_moment(today - Duration::days(1), noon)
        );
        assert_eq!(
            when("2026-11-20 15:30", now).unwrap(),
            local_moment(
                NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                NaiveTime::from_hms_opt(15, 30, 0).unwrap()
            )
        );
        // Today's bare date never lies ahead of now.
        assert!(when(&today.to_string(), now).unwrap() <= now);
        let bad = when("last tuesday", now).unwrap_err().to_string();
        assert!(bad.contains("when 'last tuesday'"), "{bad}");
    }
}
