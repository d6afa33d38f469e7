//! Parsers shared by the commands for raw argument text (dates, tiers, people, weeks).

use super::Ctx;
use crate::domain::dates::parse_date;
use crate::domain::{IsoWeek, Tier};
use crate::error::Error;

pub(crate) fn tier(raw: Option<&str>) -> Result<Option<Tier>, Error> {
    raw.map(str::parse).transpose()
}

pub(crate) fn date_opt(field: &str, raw: Option<&str>) -> Result<Option<chrono::NaiveDate>, Error> {
    raw.map(|s| parse_date(field, s)).transpose()
}

pub(crate) fn clearable_date(
    field: &str,
    raw: Option<&str>,
) -> Result<Option<Option<chrono::NaiveDate>>, Error> {
    match raw {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(Some(None)),
        Some(s) => Ok(Some(Some(parse_date(field, s)?))),
    }
}

pub(crate) use crate::domain::person;

pub(crate) fn week_arg(ctx: &Ctx, raw: Option<&str>) -> Result<IsoWeek, Error> {
    match raw {
        Some(w) => w.parse(),
        None => Ok(IsoWeek::at(ctx.now)),
    }
}
