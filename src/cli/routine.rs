//! `tend checklist`, `tend check`, `tend visit …`, `tend visits`: the weekly routine and the quarterly visit.

use std::io::Write;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::args::*;
use super::listing::{Row, print};
use super::{Ctx, Format, rfc3339};
use crate::domain::Status;
use crate::domain::dates::{local_date, parse_date};
use crate::error::Error;
use crate::text::one_line;
use crate::triage;
use crate::view::table::{Column, col};

#[derive(Debug, Args)]
pub struct ChecklistArgs {
    name: String,
    /// ISO week, e.g. 2026-W48 (default: this week).
    #[arg(long)]
    week: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    name: String,
    /// A checklist item key (default template: update, kpis, questions, meeting, signals).
    key: String,
    #[arg(long)]
    week: Option<String>,
    /// Untick instead.
    #[arg(long)]
    undo: bool,
}

#[derive(Debug, Subcommand)]
pub enum VisitCmd {
    /// Plan (or reschedule) the next visit: `tend visit plan Alpha 2026-12-10`.
    Plan { name: String, date: String },
    /// Record a visit as done (the planned one, or an unplanned one); also writes a visit note.
    Done {
        name: String,
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Cancel the planned visit.
    Cancel { name: String },
}

#[derive(Serialize)]
struct ChecklistJson {
    key: String,
    label: String,
    done: bool,
    done_at: Option<String>,
    done_by: Option<String>,
    /// The table's DONE day: local, like every date the CLI prints.
    #[serde(skip)]
    done_on: Option<String>,
}

impl Row for ChecklistJson {
    const FIELDS: &'static [&'static str] = &["key", "label", "done", "done_at", "done_by"];
    const COLUMNS: &'static [Column] =
        &[col("", 3), col("KEY", 10), col("ITEM", 50), col("DONE", 20)];
    const EMPTY: &'static str = "no checklist items (see [checklist] in the config)";

    fn cells(&self) -> Vec<String> {
        let by = match (&self.done_on, &self.done_by) {
            (Some(on), Some(by)) => format!("{on} {by}"),
            _ => String::new(),
        };
        let mark = if self.done { "[x]" } else { "[ ]" };
        vec![mark.into(), self.key.clone(), self.label.clone(), by]
    }
}

pub fn checklist(ctx: &Ctx, a: ChecklistArgs, out: &mut dyn Write) -> Result<(), Error> {
    let week = week_arg(ctx, a.week.as_deref())?;
    let store = ctx.read()?;
    let account = store.find_account(&a.name)?;
    let ticks = store.ticks(account.id, week)?;
    let rows: Vec<ChecklistJson> = ctx
        .cfg
        .checklist
        .items
        .iter()
        .map(|item| {
            let tick = ticks.iter().find(|t| t.key == item.key);
            ChecklistJson {
                key: item.key.clone(),
                label: item.label.clone(),
                done: tick.is_some(),
                done_at: tick.map(|t| rfc3339(t.done_at)),
                done_on: tick.map(|t| crate::domain::dates::local_date(t.done_at).to_string()),
                done_by: tick.map(|t| t.done_by.clone()),
            }
        })
        .collect();
    if a.format == Format::Table {
        writeln!(out, "{} — checklist {week}", one_line(&account.name))?;
    }
    print(a.format, &rows, ctx.width, out)
}

pub fn check(ctx: &Ctx, a: CheckArgs, out: &mut dyn Write) -> Result<(), Error> {
    let week = week_arg(ctx, a.week.as_deref())?;
    let store = ctx.write()?;
    let ops = ctx.ops(&store);
    // The key first: a typo in it is the likelier mistake than in the name.
    ops.check_item(&a.key)?;
    let account = store.find_account(&a.name)?;
    let changed = ops.tick(account.id, week, &a.key, !a.undo)?.changed;
    let state = match (a.undo, changed) {
        (false, true) => "ticked",
        (false, false) => "was already ticked",
        (true, true) => "unticked",
        (true, false) => "was not ticked",
    };
    writeln!(
        out,
        "'{}' {week}: {} {state}",
        one_line(&account.name),
        a.key
    )?;
    Ok(())
}

pub fn visit(ctx: &Ctx, cmd: VisitCmd, out: &mut dyn Write) -> Result<(), Error> {
    match cmd {
        VisitCmd::Plan { name, date } => {
            let date = parse_date("date", &date)?;
            crate::ops::check_plan_date(date, local_date(ctx.now))?;
            let store = ctx.write()?;
            let account = store.find_account(&name)?;
            ctx.ops(&store).plan_visit(account.id, date, None)?;
            writeln!(
                out,
                "visit to '{}' planned for {date}",
                one_line(&account.name)
            )?;
        }
        VisitCmd::Done { name, on, note } => {
            let on = match on.as_deref() {
                Some(raw) => crate::domain::dates::parse_past_day("on", raw, local_date(ctx.now))?,
                None => local_date(ctx.now),
            };
            let store = ctx.write()?;
            let account = store.find_account(&name)?;
            ctx.ops(&store)
                .visit_done(account.id, on, note.as_deref())?;
            writeln!(
                out,
                "visit to '{}' on {on} recorded",
                one_line(&account.name)
            )?;
        }
        VisitCmd::Cancel { name } => {
            let store = ctx.write()?;
            let account = store.find_account(&name)?;
            if ctx.ops(&store).cancel_visit(account.id)? {
                writeln!(
                    out,
                    "planned visit to '{}' cancelled",
                    one_line(&account.name)
                )?;
            } else {
                writeln!(out, "no visit to '{}' was planned", one_line(&account.name))?;
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct VisitJson {
    account: String,
    next_visit: chrono::NaiveDate,
    planned: bool,
    overdue: bool,
    last_visit: Option<chrono::NaiveDate>,
    #[serde(skip)]
    when: String,
}

impl Row for VisitJson {
    const FIELDS: &'static [&'static str] =
        &["account", "next_visit", "planned", "overdue", "last_visit"];
    const COLUMNS: &'static [Column] = &[
        col("NEXT", 10),
        col("", 7),
        col("WHEN", 16),
        col("ACCOUNT", 30),
        col("LAST VISIT", 10),
    ];
    const EMPTY: &'static str = "no active accounts";

    fn cells(&self) -> Vec<String> {
        vec![
            self.next_visit.to_string(),
            if self.planned { "planned" } else { "due" }.into(),
            self.when.clone(),
            self.account.clone(),
            self.last_visit
                .map(|d| d.to_string())
                .unwrap_or_else(|| "never".into()),
        ]
    }
}

pub fn visits(ctx: &Ctx, format: Format, out: &mut dyn Write) -> Result<(), Error> {
    let store = ctx.read()?;
    let today = local_date(ctx.now);
    let mut list = triage::triage(&store, &ctx.cfg, ctx.now)?;
    list.retain(|s| s.account.status == Status::Active);
    list.sort_by(|a, b| {
        (
            !a.visit_overdue,
            a.next_visit.date,
            a.account.name.to_lowercase(),
        )
            .cmp(&(
                !b.visit_overdue,
                b.next_visit.date,
                b.account.name.to_lowercase(),
            ))
    });
    let rows: Vec<VisitJson> = list
        .iter()
        .map(|s| VisitJson {
            account: s.account.name.clone(),
            next_visit: s.next_visit.date,
            planned: s.next_visit.planned,
            overdue: s.visit_overdue,
            last_visit: s.facts.last_visit,
            when: s.next_visit.when(today),
        })
        .collect();
    print(format, &rows, ctx.width, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checklist_and_visit_rows_follow_the_json() {
        super::super::listing::fields_follow_the_json(&ChecklistJson {
            key: "update".into(),
            label: "Weekly update".into(),
            done: true,
            done_at: Some("2026-11-23T09:00:00Z".into()),
            done_by: Some("anna".into()),
            done_on: Some("2026-11-23".into()),
        });
        super::super::listing::fields_follow_the_json(&VisitJson {
            account: "A".into(),
            next_visit: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            planned: true,
            overdue: false,
            last_visit: None,
            when: "in 8 days".into(),
        });
    }
}
