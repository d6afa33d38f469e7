//! `tend today`, `tend follow-ups`, `tend follow-up done`, `tend snooze`, `tend digest`: the agenda
//! of what is due, the promises made in calls, and the morning digest for cron and mail.

use std::io::Write;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::listing::{Row, print};
use super::{Ctx, Format, rfc3339};
use crate::domain::agenda::{AgendaItem, AgendaQuery, ItemKind};
use crate::domain::dates::local_date;
use crate::error::Error;
use crate::text::one_line;
use crate::triage;
use crate::view::table::{Column, col, rcol};

#[derive(Debug, Args)]
pub struct TodayArgs {
    /// Only accounts I own or back up.
    #[arg(long)]
    mine: bool,
    /// Look-ahead in days (default [today] days, 7).
    #[arg(long, allow_hyphen_values = true)]
    days: Option<String>,
    /// Snoozed items too.
    #[arg(long)]
    all: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Serialize)]
pub(super) struct ItemRow {
    pub(super) id: String,
    pub(super) account: std::sync::Arc<str>,
    pub(super) owner: std::sync::Arc<str>,
    pub(super) kind: ItemKind,
    pub(super) due: chrono::NaiveDate,
    pub(super) due_at: Option<String>,
    pub(super) overdue: bool,
    pub(super) reason: String,
    pub(super) snoozed_until: Option<chrono::NaiveDate>,
    #[serde(skip)]
    pub(super) when: String,
}

impl Row for ItemRow {
    const FIELDS: &'static [&'static str] = &[
        "id",
        "account",
        "owner",
        "kind",
        "due",
        "due_at",
        "overdue",
        "reason",
        "snoozed_until",
    ];
    // The id names the kind and is what `tend snooze ID` takes (`business-review:12`).
    const COLUMNS: &'static [Column] = &[
        col("WHEN", 12),
        col("ID", 24),
        col("ACCOUNT", 22),
        col("WHY", 200),
    ];
    const EMPTY: &'static str = "nothing due — enjoy the day";

    fn cells(&self) -> Vec<String> {
        let snoozed = self
            .snoozed_until
            .map(|d| format!(" (snoozed until {d})"))
            .unwrap_or_default();
        vec![
            self.when.clone(),
            self.id.clone(),
            self.account.to_string(),
            format!("{}{snoozed}", self.reason),
        ]
    }
}

/// An item as listed, its text moved, not copied (500 000 items at 100 000 accounts).
pub(super) fn row(i: AgendaItem, now: crate::clock::Timestamp) -> ItemRow {
    ItemRow {
        when: i.when(now),
        id: i.id,
        account: i.account,
        owner: i.owner,
        kind: i.kind,
        due: i.due,
        due_at: i.due_at.map(rfc3339),
        overdue: i.overdue,
        reason: i.reason,
        snoozed_until: i.snoozed_until,
    }
}

fn days(ctx: &Ctx, raw: Option<&str>) -> Result<i64, Error> {
    match raw {
        None => Ok(ctx.cfg.today.days),
        Some(r) => r
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|d| (0..=366).contains(d))
            .ok_or_else(|| Error::invalid("days", r, "a whole number of days 0-366")),
    }
}

pub fn today(ctx: &Ctx, a: TodayArgs, out: &mut dyn Write) -> Result<(), Error> {
    let days = days(ctx, a.days.as_deref())?;
    let store = ctx.read()?;
    let q = AgendaQuery {
        days,
        mine: a.mine.then_some(ctx.user.as_str()),
        all: a.all,
    };
    let items = triage::agenda(&store, &ctx.cfg, ctx.now, q)?;
    if a.format == Format::Table && !items.is_empty() {
        let today = crate::domain::dates::local_date(ctx.now);
        writeln!(
            out,
            "{}",
            crate::domain::agenda::heading(&items, today, a.mine)
        )?;
    }
    let rows: Vec<ItemRow> = items.into_iter().map(|i| row(i, ctx.now)).collect();
    print(a.format, &rows, ctx.width, out)
}

#[derive(Debug, Args)]
pub struct FollowUpsArgs {
    /// Only accounts I own or back up.
    #[arg(long)]
    mine: bool,
    /// Done ones too.
    #[arg(long)]
    all: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Serialize)]
struct FollowUpRow {
    id: i64,
    account: String,
    due: chrono::NaiveDate,
    done: bool,
    overdue: bool,
    text: String,
}

impl Row for FollowUpRow {
    const FIELDS: &'static [&'static str] = &["id", "account", "due", "done", "overdue", "text"];
    const COLUMNS: &'static [Column] = &[
        rcol("ID", 6),
        col("DUE", 10),
        col("", 7),
        col("ACCOUNT", 22),
        col("PROMISE", 200),
    ];
    const EMPTY: &'static str = "no open follow-ups (promise one: tend log NAME TEXT --follow-up fri, or @fri in a quick note)";

    fn cells(&self) -> Vec<String> {
        let state = if self.done {
            "done"
        } else if self.overdue {
            crate::domain::when::OVERDUE
        } else {
            ""
        };
        vec![
            self.id.to_string(),
            self.due.to_string(),
            state.to_string(),
            self.account.to_string(),
            self.text.clone(),
        ]
    }
}

pub fn follow_ups(ctx: &Ctx, a: FollowUpsArgs, out: &mut dyn Write) -> Result<(), Error> {
    let store = ctx.read()?;
    let today = local_date(ctx.now);
    let rows: Vec<FollowUpRow> = store
        .follow_ups(a.all)?
        .into_iter()
        .filter(|f| !a.mine || f.owner == ctx.user || f.backup.as_deref() == Some(&ctx.user))
        .filter_map(|f| {
            let due = f.note.follow_up?;
            Some(FollowUpRow {
                id: f.note.id,
                account: f.account,
                due,
                done: f.note.follow_up_done,
                overdue: !f.note.follow_up_done && due < today,
                text: f.note.text,
            })
        })
        .collect();
    print(a.format, &rows, ctx.width, out)
}

#[derive(Debug, Subcommand)]
pub enum FollowUpCmd {
    /// Close a follow-up: `tend follow-up done 230`.
    Done { id: i64 },
}

pub fn follow_up(ctx: &Ctx, cmd: FollowUpCmd, out: &mut dyn Write) -> Result<(), Error> {
    match cmd {
        FollowUpCmd::Done { id } => {
            let store = ctx.write()?;
            let state = if ctx.ops(&store).follow_up_done(id)? {
                "done"
            } else {
                "was done already"
            };
            writeln!(out, "follow-up {id} {state}")?;
        }
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct SnoozeArgs {
    /// The agenda item's id, as `tend today --format json` shows it (e.g. business-review:12).
    id: String,
    /// Hidden until this day (it shows again on it): YYYY-MM-DD, tomorrow, fri, 3d. Needed
    /// unless --clear.
    #[arg(long)]
    until: Option<String>,
    /// Why it can wait (kept with the snooze). Needed unless --clear.
    #[arg(long)]
    reason: Option<String>,
    /// Show it again now.
    #[arg(long)]
    clear: bool,
}

pub fn snooze(ctx: &Ctx, a: SnoozeArgs, out: &mut dyn Write) -> Result<(), Error> {
    // --clear shows the item again now: a date or reason beside it would be silently ignored.
    if a.clear
        && let Some((field, value)) = (a.until.as_deref().map(|u| ("until", u)))
            .or(a.reason.as_deref().map(|r| ("reason", r)))
    {
        return Err(Error::invalid(
            field,
            value,
            "nothing with --clear (it shows the item again now)",
        ));
    }
    let store = ctx.write()?;
    let ops = ctx.ops(&store);
    if a.clear {
        let state = if ops.clear_snooze(&a.id)? {
            "shows again"
        } else {
            "was not snoozed"
        };
        writeln!(out, "{} {state}", one_line(&a.id))?;
        return Ok(());
    }
    let until_raw = a.until.as_deref().unwrap_or("");
    // The same words as the cockpit's snooze form: a date, tomorrow, fri, 3d.
    let until = crate::domain::dates::parse_when("until", until_raw, local_date(ctx.now))?;
    // Only an item that is on the agenda (in any look-ahead, snoozed or not) can be snoozed.
    let everything = AgendaQuery {
        days: 3660,
        mine: None,
        all: true,
    };
    if a.id.starts_with("escalation:") {
        ops.snooze(&a.id, until, a.reason.as_deref().unwrap_or(""))?;
    }
    let known = triage::agenda(&store, &ctx.cfg, ctx.now, everything)?
        .iter()
        .any(|i| i.id == a.id);
    if !known {
        return Err(Error::invalid(
            "id",
            &a.id,
            "the id of an item on the agenda (see 'tend today --all --format json')",
        ));
    }
    ops.snooze(&a.id, until, a.reason.as_deref().unwrap_or(""))?;
    writeln!(out, "{} snoozed until {until}", one_line(&a.id))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_the_json() {
        super::super::listing::fields_follow_the_json(&ItemRow {
            id: "visit:1".into(),
            account: "A".into(),
            owner: "anna".into(),
            kind: ItemKind::Visit,
            due: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            due_at: None,
            overdue: false,
            reason: "r".into(),
            snoozed_until: None,
            when: "today".into(),
        });
        super::super::listing::fields_follow_the_json(&FollowUpRow {
            id: 1,
            account: "A".into(),
            due: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            done: false,
            overdue: false,
            text: "t".into(),
        });
    }
}
