//! The number of at-risk accounts at the end of each ISO week of the period, recomputed from the
//! records as they stood then (SPEC §8).

use std::fmt::Write;

use chrono::NaiveTime;

use super::Window;
use crate::config::Config;
use crate::domain::dates::{add_days, local_moment};
use crate::domain::health::explain;
use crate::domain::{Band, IsoWeek, Status};
use crate::error::Error;
use crate::store::Store;

pub(super) fn at_risk_by_week(
    w: &mut String,
    store: &Store,
    cfg: &Config,
    win: &Window,
) -> Result<(), Error> {
    let _ = writeln!(w, "## At-risk accounts week by week");
    let _ = writeln!(w);
    let _ = writeln!(w, "| week | ends | at-risk | of active |");
    let _ = writeln!(w, "|---|---|---:|---:|");
    let end_of_day = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
    let mut week = IsoWeek::of(win.first);
    loop {
        let sunday = add_days(week.monday(), 6);
        if week.monday() > win.last {
            break;
        }
        // A week still running is counted as it stands now.
        let (at, label) = if local_moment(sunday, end_of_day) <= win.eval {
            (local_moment(sunday, end_of_day), sunday.to_string())
        } else if week.monday() <= crate::domain::dates::local_date(win.eval) {
            (win.eval, "so far".to_string())
        } else {
            break;
        };
        let facts = store.facts_at(at, cfg, None)?;
        let active: Vec<_> = facts
            .iter()
            .filter(|f| f.facts.status == Status::Active)
            .collect();
        let at_risk = active
            .iter()
            .filter(|f| explain(&f.facts, cfg, at).band == Band::AtRisk)
            .count();
        let _ = writeln!(w, "| {week} | {label} | {at_risk} | {} |", active.len());
        week = week.next();
    }
    let _ = writeln!(w);
    Ok(())
}
