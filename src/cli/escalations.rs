//! `tend escalate`, `tend escalations`, `tend escalation …`: the three-level escalation system.

use std::io::Write;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::listing::{Row, print};
use super::{Ctx, Format, json_line, rfc3339};
use crate::domain::dates::local_date;
use crate::domain::escalation::{Escalation, Level, sort_queue};
use crate::domain::feedback::check_text;
use crate::error::Error;
use crate::text::one_line;
use crate::view::table::{self, Column, col, rcol};

#[derive(Debug, Args)]
pub struct EscalateArgs {
    name: String,
    /// yellow (24 h, account manager), orange (48 h, team lead) or red (24 h, management).
    #[arg(long)]
    level: String,
    /// What happened (required: the queue and the digest show it).
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
        /// A level higher than one up (orange or red).
        #[arg(long)]
        to: Option<String>,
        /// Why, kept in its history.
        #[arg(long)]
        note: Option<String>,
    },
    /// Resolve with a note on what was done.
    Resolve {
        id: i64,
        /// How it was resolved (required).
        #[arg(long)]
        note: Option<String>,
    },
    /// Open a resolved escalation again (due after its level's SLA from now); says why in its history.
    Reopen {
        id: i64,
        /// Why it is open again (required).
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
        crate::domain::when::due(e.due_at, ctx.now, false)
    );
    Ok(())
}

#[derive(Serialize)]
struct EscalationJson {
    id: i64,
    account: String,
    /// The account's owner: the person who answers for it (the role says who must act).
    owner: String,
    level: Level,
    reason: String,
    opened_at: String,
    due_at: String,
    overdue: bool,
    owner_role: &'static str,
    status: crate::domain::escalation::EscalationStatus,
    /// The table's DUE cell: "in 5h", "2d 3h overdue", "resolved 2026-11-20".
    #[serde(skip)]
    when: String,
}

impl Row for EscalationJson {
    const FIELDS: &'static [&'static str] = &[
        "id",
        "account",
        "owner",
        "level",
        "reason",
        "opened_at",
        "due_at",
        "overdue",
        "owner_role",
        "status",
    ];
    const COLUMNS: &'static [Column] = &[
        rcol("ID", 5),
        col("LEVEL", 6),
        col("DUE", 14),
        col("ACCOUNT", 20),
        col("OWNER", 14),
        col("ROLE", 15),
        col("REASON", 200),
    ];
    const EMPTY: &'static str = "no open escalations";

    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.level.to_string(),
            self.when.clone(),
            self.account.clone(),
            self.owner.clone(),
            self.owner_role.to_string(),
            self.reason.clone(),
        ]
    }
}

fn escalation_json(e: &Escalation, owner: &str, now: crate::clock::Timestamp) -> EscalationJson {
    let when = match e.resolved_at {
        Some(t) if !e.is_open() => format!("resolved {}", local_date(t)),
        _ => crate::domain::when::due(e.due_at, now, false),
    };
    EscalationJson {
        when,
        id: e.id,
        account: e.account.clone(),
        owner: owner.to_string(),
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
    let accounts: std::collections::HashMap<i64, crate::domain::Account> = store
        .accounts()?
        .into_iter()
        .map(|acc| (acc.id, acc))
        .collect();
    if a.mine {
        queue.retain(|e| {
            accounts
                .get(&e.account_id)
                .is_some_and(|acc| acc.is_mine(&ctx.user))
        });
    }
    sort_queue(&mut queue, ctx.now);
    let owner = |e: &Escalation| {
        accounts
            .get(&e.account_id)
            .map_or(String::new(), |acc| acc.owner.clone())
    };
    let rows: Vec<EscalationJson> = queue
        .iter()
        .map(|e| escalation_json(e, &owner(e), ctx.now))
        .collect();
    print(a.format, &rows, ctx.width, out)
}

pub fn escalation(ctx: &Ctx, cmd: EscalationCmd, out: &mut dyn Write) -> Result<(), Error> {
    match cmd {
        EscalationCmd::Raise { id, to, note } => {
            // Named as typed: `--to purple` is the field `to`.
            let to: Option<Level> = to
                .as_deref()
                .map(|raw| {
                    raw.parse()
                        .map_err(|_| Error::invalid("to", raw, crate::domain::one_of(Level::NAMES)))
                })
                .transpose()?;
            let store = ctx.write()?;
            let e = ctx.ops(&store).raise_escalation(id, to, note.as_deref())?;
            writeln!(
                out,
                "escalation {} raised to {}: {} by {} ({})",
                e.id,
                e.level,
                e.level.action(),
                e.level.owner_role(),
                crate::domain::when::due(e.due_at, ctx.now, false)
            )?;
        }
        EscalationCmd::Resolve { id, note } => {
            let store = ctx.write()?;
            let e = ctx
                .ops(&store)
                .resolve_escalation(id, note.as_deref().unwrap_or(""), None)?;
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
                crate::domain::when::due(e.due_at, ctx.now, false)
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
    let owner = store.account_by_id(e.account_id)?.owner;
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
        escalation: escalation_json(&e, &owner, ctx.now),
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
            let history = store.escalation_history(id)?;
            let undone = store.undone_resolutions(id)?;
            // For people, in local time like the cockpit's overlay (found in a trial: UTC
            // stamps); JSON keeps RFC 3339.
            let stamp = crate::domain::when::minute;
            for line in crate::view::escalation_story(&e, &history, &undone, ctx.now, &stamp) {
                writeln!(out, "{line}")?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escalation_rows_follow_the_json() {
        let now = chrono::Utc::now();
        let e = Escalation {
            id: 1,
            account_id: 1,
            account: "A".into(),
            level: Level::Red,
            reason: "r".into(),
            opened_at: now,
            opened_by: "anna".into(),
            due_at: now,
            status: crate::domain::escalation::EscalationStatus::Open,
            resolved_at: None,
            resolved_by: None,
            resolution: None,
        };
        super::super::listing::fields_follow_the_json(&escalation_json(&e, "anna", now));
    }
}
