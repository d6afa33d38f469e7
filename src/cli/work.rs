//! The daily work: notes, escalations, checklist, visits.

use std::io::{Read, Write};

use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Ctx, Format, json_line, rfc3339};
use crate::domain::dates::{local_date, parse_date, parse_moment};
use crate::domain::escalation::{Escalation, Level, sort_queue};
use crate::domain::feedback::{check_nps, check_text};
use crate::domain::{IsoWeek, NoteKind, Status};
use crate::error::Error;
use crate::store::notes::NewNote;
use crate::text::one_line;
use crate::triage;
use crate::view::due_text;
use crate::view::table::{self, col, rcol};

#[derive(Debug, Args)]
pub struct LogArgs {
    name: String,
    /// The note; `-` reads it from standard input.
    #[arg(required = true, num_args = 1..)]
    text: Vec<String>,
    /// call, email, meeting, visit, micro-feedback, relationship-review, audit, exit-interview, praise, complaint, internal.
    #[arg(long, default_value = "call")]
    kind: String,
    /// An NPS answer 0-10 given in this conversation.
    #[arg(long, allow_hyphen_values = true)]
    nps: Option<String>,
    /// When it happened: YYYY-MM-DD (12:00), YYYY-MM-DD HH:MM or RFC 3339 (default: now).
    #[arg(long)]
    at: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum NoteCmd {
    /// Replace a note's text.
    Edit {
        id: i64,
        #[arg(long)]
        text: String,
    },
    /// Delete a note (needs --yes).
    Delete {
        id: i64,
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct NotesArgs {
    name: String,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[arg(long)]
    limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct EscalateArgs {
    name: String,
    /// yellow (24 h, account manager), orange (48 h, team lead) or red (24 h, management).
    #[arg(long)]
    level: String,
    #[arg(long)]
    reason: String,
}

#[derive(Debug, Args)]
pub struct EscalationsArgs {
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Resolved ones too (newest resolution first, after the open queue).
    #[arg(long)]
    all: bool,
    /// Only accounts I own or back up.
    #[arg(long)]
    mine: bool,
}

#[derive(Debug, Subcommand)]
pub enum EscalationCmd {
    /// One level up (or --to a higher level); due again after the new level's SLA.
    Raise {
        id: i64,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Resolve with a note on what was done.
    Resolve {
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
    /// Open a resolved escalation again (due after its level's SLA from now); says why in its history.
    Reopen {
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
    /// One escalation with its history: opened, raised, reopened — when, who, why.
    Show {
        id: i64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

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

fn week_arg(ctx: &Ctx, raw: Option<&str>) -> Result<IsoWeek, Error> {
    match raw {
        Some(w) => w.parse(),
        None => Ok(IsoWeek::at(ctx.now)),
    }
}

pub fn log(ctx: &Ctx, a: LogArgs, out: &mut dyn Write) -> Result<(), Error> {
    let kind: NoteKind = a.kind.parse()?;
    let nps = a.nps.as_deref().map(check_nps).transpose()?;
    let at = match a.at.as_deref() {
        Some(raw) => parse_moment("at", raw)?,
        None => ctx.now,
    };
    let text = if a.text.len() == 1 && a.text[0] == "-" {
        let mut buf = String::new();
        std::io::stdin().read_to_string(&mut buf)?;
        buf.trim_end_matches(['\n', '\r']).to_string()
    } else {
        a.text.join(" ")
    };
    let text = check_text("text", &text)?;
    let store = ctx.write()?;
    let account = store.find_account(&a.name)?;
    let n = ctx.ops(&store).log_note(
        account.id,
        NewNote {
            at,
            kind,
            text,
            nps,
        },
    )?;
    writeln!(
        out,
        "note {} saved for '{}' ({})",
        n.id,
        one_line(&account.name),
        n.kind
    )?;
    Ok(())
}

pub fn note(ctx: &Ctx, cmd: NoteCmd, out: &mut dyn Write) -> Result<(), Error> {
    match cmd {
        NoteCmd::Edit { id, text } => {
            let store = ctx.write()?;
            ctx.ops(&store).edit_note(id, &text)?;
            writeln!(out, "note {id} updated")?;
        }
        NoteCmd::Delete { id, yes } => {
            if !yes {
                return Err(Error::invalid("yes", "", "--yes: a deleted note is gone"));
            }
            let store = ctx.write()?;
            ctx.ops(&store).delete_note(id)?;
            writeln!(out, "note {id} deleted")?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct NoteJson {
    id: i64,
    at: String,
    author: String,
    kind: NoteKind,
    text: String,
    nps: Option<u8>,
}

pub fn notes(ctx: &Ctx, a: NotesArgs, out: &mut dyn Write) -> Result<(), Error> {
    let store = ctx.read()?;
    let account = store.find_account(&a.name)?;
    let notes = store.notes(account.id, a.limit)?;
    let rows: Vec<NoteJson> = notes
        .into_iter()
        .map(|n| NoteJson {
            id: n.id,
            at: rfc3339(n.at),
            author: n.author,
            kind: n.kind,
            text: n.text,
            nps: n.nps,
        })
        .collect();
    let cells = |rows: &[NoteJson]| -> Vec<Vec<String>> {
        rows.iter()
            .map(|n| {
                vec![
                    n.id.to_string(),
                    n.at[..10].to_string(),
                    n.kind.to_string(),
                    n.author.clone(),
                    n.nps.map(|v| v.to_string()).unwrap_or_default(),
                    n.text.clone(),
                ]
            })
            .collect()
    };
    match a.format {
        Format::Json => json_line(out, &rows),
        Format::Csv => Ok(write!(
            out,
            "{}",
            table::csv_of(&["id", "at", "kind", "author", "nps", "text"], &rows)
        )?),
        Format::Table => {
            if rows.is_empty() {
                writeln!(out, "no notes yet (log one: tend log NAME TEXT)")?;
                return Ok(());
            }
            let columns = [
                rcol("ID", 6),
                col("DATE", 10),
                col("KIND", 14),
                col("AUTHOR", 8),
                rcol("NPS", 3),
                col("TEXT", 200),
            ];
            Ok(write!(
                out,
                "{}",
                table::render(&columns, &cells(&rows), 80)
            )?)
        }
    }
}

pub fn escalate(ctx: &Ctx, a: EscalateArgs, out: &mut dyn Write) -> Result<(), Error> {
    let level: Level = a.level.parse()?;
    let reason = check_text("reason", &a.reason)?;
    let store = ctx.write()?;
    let account = store.find_account(&a.name)?;
    let e = ctx
        .ops(&store)
        .open_escalation(account.id, level, &reason)?;
    writeln!(out, "{}", e.id)?;
    eprintln!(
        "escalation {} ({}) for '{}': {} by {} ({})",
        e.id,
        e.level,
        one_line(&account.name),
        e.level.action(),
        e.level.owner_role(),
        crate::view::due_text(e.due_at, ctx.now)
    );
    Ok(())
}

#[derive(Serialize)]
struct EscalationJson {
    id: i64,
    account: String,
    level: Level,
    reason: String,
    opened_at: String,
    due_at: String,
    overdue: bool,
    owner_role: &'static str,
    status: crate::domain::escalation::EscalationStatus,
}

fn escalation_json(e: &Escalation, now: crate::clock::Timestamp) -> EscalationJson {
    EscalationJson {
        id: e.id,
        account: e.account.clone(),
        level: e.level,
        reason: e.reason.clone(),
        opened_at: rfc3339(e.opened_at),
        due_at: rfc3339(e.due_at),
        overdue: e.is_overdue(now),
        owner_role: e.level.owner_role(),
        status: e.status,
    }
}

pub fn escalations(ctx: &Ctx, a: EscalationsArgs, out: &mut dyn Write) -> Result<(), Error> {
    let store = ctx.read()?;
    let mut queue = store.escalations(a.all)?;
    if a.mine {
        let mine: std::collections::HashSet<i64> = store
            .accounts()?
            .into_iter()
            .filter(|acc| acc.is_mine(&ctx.user))
            .map(|acc| acc.id)
            .collect();
        queue.retain(|e| mine.contains(&e.account_id));
    }
    sort_queue(&mut queue, ctx.now);
    let rows: Vec<EscalationJson> = queue.iter().map(|e| escalation_json(e, ctx.now)).collect();
    match a.format {
        Format::Json => json_line(out, &rows),
        Format::Csv => Ok(write!(
            out,
            "{}",
            table::csv_of(
                &[
                    "id",
                    "account",
                    "level",
                    "reason",
                    "opened_at",
                    "due_at",
                    "overdue",
                    "owner_role",
                    "status"
                ],
                &rows
            )
        )?),
        Format::Table => {
            if queue.is_empty() {
                writeln!(out, "no open escalations")?;
                return Ok(());
            }
            let cells: Vec<Vec<String>> = queue
                .iter()
                .map(|e| {
                    let due = if e.is_open() {
                        due_text(e.due_at, ctx.now)
                    } else {
                        format!(
                            "resolved {}",
                            e.resolved_at
                                .map(|t| local_date(t).to_string())
                                .unwrap_or_default()
                        )
                    };
                    vec![
                        e.id.to_string(),
                        e.level.to_string(),
                        due,
                        e.account.clone(),
                        e.level.owner_role().to_string(),
                        e.reason.clone(),
                    ]
                })
                .collect();
            let columns = [
                rcol("ID", 5),
                col("LEVEL", 6),
                col("DUE", 14),
                col("ACCOUNT", 20),
                col("OWNER", 15),
                col("REASON", 200),
            ];
            Ok(write!(out, "{}", table::render(&columns, &cells, 80))?)
        }
    }
}

pub fn escalation(ctx: &Ctx, cmd: EscalationCmd, out: &mut dyn Write) -> Result<(), Error> {
    match cmd {
        EscalationCmd::Raise { id, to, note } => {
            let to: Option<Level> = to.as_deref().map(str::parse).transpose()?;
            let store = ctx.write()?;
            let e = ctx.ops(&store).raise_escalation(id, to, note.as_deref())?;
            writeln!(
                out,
                "escalation {} raised to {}: {} by {} ({})",
                e.id,
                e.level,
                e.level.action(),
                e.level.owner_role(),
                due_text(e.due_at, ctx.now)
            )?;
        }
        EscalationCmd::Resolve { id, note } => {
            let store = ctx.write()?;
            let e = ctx
                .ops(&store)
                .resolve_escalation(id, note.as_deref().unwrap_or(""))?;
            let within = if e.resolved_at.is_some_and(|r| r <= e.due_at) {
                "within its SLA"
            } else {
                "after its due time"
            };
            writeln!(out, "escalation {} resolved {within}", e.id)?;
        }
        EscalationCmd::Reopen { id, note } => {
            let store = ctx.write()?;
            let e = ctx
                .ops(&store)
                .reopen_escalation(id, note.as_deref().unwrap_or(""))?;
            writeln!(
                out,
                "escalation {} reopened ({}): {} by {}, {}",
                e.id,
                e.level,
                e.level.action(),
                e.level.owner_role(),
                due_text(e.due_at, ctx.now)
            )?;
        }
        EscalationCmd::Show { id, format } => escalation_show(ctx, id, format, out)?,
    }
    Ok(())
}

#[derive(Serialize)]
struct EscalationChangeJson {
    at: String,
    event: &'static str,
    from: Option<Level>,
    to: Level,
    by: String,
    note: Option<String>,
    due_at: String,
}

#[derive(Serialize)]
struct EscalationShowJson {
    #[serde(flatten)]
    escalation: EscalationJson,
    opened_by: String,
    resolved_at: Option<String>,
    resolved_by: Option<String>,
    resolution: Option<String>,
    history: Vec<EscalationChangeJson>,
    /// Resolutions undone by a reopen, oldest first.
    undone_resolutions: Vec<UndoneResolutionJson>,
}

#[derive(Serialize)]
struct UndoneResolutionJson {
    resolved_at: String,
    resolved_by: String,
    resolution: String,
}

fn escalation_show(ctx: &Ctx, id: i64, format: Format, out: &mut dyn Write) -> Result<(), Error> {
    let store = ctx.read()?;
    let e = store.escalation(id)?;
    let history: Vec<EscalationChangeJson> = store
        .escalation_history(id)?
        .into_iter()
        .map(|c| EscalationChangeJson {
            at: rfc3339(c.at),
            event: c.event(),
            from: c.from,
            to: c.to,
            by: c.by,
            note: c.note,
            due_at: rfc3339(c.due_at),
        })
        .collect();
    let row = EscalationShowJson {
        escalation: escalation_json(&e, ctx.now),
        opened_by: e.opened_by.clone(),
        resolved_at: e.resolved_at.map(rfc3339),
        resolved_by: e.resolved_by.clone(),
        resolution: e.resolution.clone(),
        history,
        undone_resolutions: store
            .undone_resolutions(id)?
            .into_iter()
            .map(|(at, by, text)| UndoneResolutionJson {
                resolved_at: rfc3339(at),
                resolved_by: by,
                resolution: text,
            })
            .collect(),
    };
    match format {
        Format::Json => json_line(out, &row),
        Format::Csv => Ok(write!(
            out,
            "{}",
            table::csv_of(
                &["at", "event", "from", "to", "by", "note", "due_at"],
                &row.history
            )
        )?),
        Format::Table => {
            let state = match &row.resolved_at {
                Some(at) => format!(
                    "resolved {at} by {}: {}",
                    row.resolved_by.as_deref().unwrap_or(""),
                    row.resolution.as_deref().unwrap_or("")
                ),
                None => format!("open, {}", due_text(e.due_at, ctx.now)),
            };
            writeln!(
                out,
                "{}",
                one_line(&format!(
                    "#{} {} — {} — {}",
                    e.id, e.level, e.account, e.reason
                ))
            )?;
            writeln!(out, "{}", one_line(&state))?;
            for c in &row.history {
                let levels = match c.from {
                    Some(from) if from != c.to => format!("{from} → {}", c.to),
                    _ => c.to.to_string(),
                };
                let note = c
                    .note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{}",
                    one_line(&format!(
                        "  {} {} {levels} by {}{note}",
                        c.at, c.event, c.by
                    ))
                )?;
            }
            for u in &row.undone_resolutions {
                writeln!(
                    out,
                    "{}",
                    one_line(&format!(
                        "  {} resolved by {}: {} (undone by a reopen)",
                        u.resolved_at, u.resolved_by, u.resolution
                    ))
                )?;
            }
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct ChecklistJson {
    key: String,
    label: String,
    done: bool,
    done_at: Option<String>,
    done_by: Option<String>,
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
                done_by: tick.map(|t| t.done_by.clone()),
            }
        })
        .collect();
    match a.format {
        Format::Json => json_line(out, &rows),
        Format::Csv => Ok(write!(
            out,
            "{}",
            table::csv_of(&["key", "label", "done", "done_at", "done_by"], &rows)
        )?),
        Format::Table => {
            writeln!(out, "{} — checklist {week}", one_line(&account.name))?;
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let by = match (&r.done_at, &r.done_by) {
                        (Some(at), Some(by)) => format!("{} {by}", &at[..10]),
                        _ => String::new(),
                    };
                    vec![
                        if r.done { "[x]".into() } else { "[ ]".into() },
                        r.key.clone(),
                        r.label.clone(),
                        by,
                    ]
                })
                .collect();
            Ok(write!(
                out,
                "{}",
                table::render(
                    &[col("", 3), col("KEY", 10), col("ITEM", 50), col("DONE", 20)],
                    &cells,
                    80
                )
            )?)
        }
    }
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
            ctx.ops(&store).plan_visit(account.id, date)?;
            writeln!(
                out,
                "visit to '{}' planned for {date}",
                one_line(&account.name)
            )?;
        }
        VisitCmd::Done { name, on, note } => {
            let on = match on.as_deref() {
                Some(raw) => parse_date("on", raw)?,
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
    match format {
        Format::Json => json_line(out, &rows),
        Format::Csv => Ok(write!(
            out,
            "{}",
            table::csv_of(
                &["account", "next_visit", "planned", "overdue", "last_visit"],
                &rows
            )
        )?),
        Format::Table => {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let when = r.when.clone();
                    vec![
                        r.next_visit.to_string(),
                        if r.planned {
                            "planned".into()
                        } else {
                            "due".into()
                        },
                        when,
                        r.account.clone(),
                        r.last_visit
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| "never".into()),
                    ]
                })
                .collect();
            let columns = [
                col("NEXT", 10),
                col("", 7),
                col("WHEN", 16),
                col("ACCOUNT", 30),
                col("LAST VISIT", 10),
            ];
            Ok(write!(out, "{}", table::render(&columns, &cells, 80))?)
        }
    }
}
