//! `tend log`, `tend note …`, `tend notes`: feedback and activity notes.

use std::io::{Read, Write};

use clap::{Args, Subcommand};
use serde::Serialize;

use super::listing::{Row, print};
use super::{Ctx, Format, rfc3339};
use crate::domain::NoteKind;
use crate::domain::dates::{local_date, parse_moment, parse_when};
use crate::domain::feedback::{check_nps, check_text};
use crate::error::Error;
use crate::store::notes::NewNote;
use crate::text::one_line;
use crate::view::table::{Column, col, rcol};

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
    /// A promise made: follow up by WHEN (YYYY-MM-DD, today, tomorrow, mon…sun, Nd).
    #[arg(long, value_name = "WHEN")]
    follow_up: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum NoteCmd {
    /// Replace a note's text: `tend note edit 12 "new text"` (or --text "new text").
    Edit {
        id: i64,
        /// The new text.
        #[arg(
            value_name = "TEXT",
            conflicts_with = "text",
            required_unless_present = "text"
        )]
        new_text: Option<String>,
        /// The new text (as the positional TEXT).
        #[arg(long)]
        text: Option<String>,
    },
    /// Delete a note (needs --yes).
    Delete {
        id: i64,
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words (all must occur), `prefix*`, `"a phrase"` (quote it for the shell: '"budget cut"').
    #[arg(required = true, num_args = 1..)]
    query: Vec<String>,
    /// Only this account's notes.
    #[arg(long, value_name = "NAME")]
    account: Option<String>,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Args)]
pub struct NotesArgs {
    name: String,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[arg(long)]
    limit: Option<usize>,
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
    let follow_up = a
        .follow_up
        .as_deref()
        .map(|w| parse_when("follow-up", w, local_date(ctx.now)))
        .transpose()?;
    let store = ctx.write()?;
    let account = store.find_account(&a.name)?;
    let n = ctx.ops(&store).log_note(
        account.id,
        NewNote {
            at,
            kind,
            text,
            nps,
            follow_up,
        },
    )?;
    let promise = n
        .follow_up
        .map(|d| format!(", follow up by {d}"))
        .unwrap_or_default();
    writeln!(
        out,
        "note {} saved for '{}' ({}{promise})",
        n.id,
        one_line(&account.name),
        n.kind
    )?;
    Ok(())
}

pub fn note(ctx: &Ctx, cmd: NoteCmd, out: &mut dyn Write) -> Result<(), Error> {
    match cmd {
        NoteCmd::Edit { id, new_text, text } => {
            let text = new_text.or(text).unwrap_or_default();
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
    follow_up: Option<chrono::NaiveDate>,
    follow_up_done: bool,
    /// Who last changed the text (null when it is as written).
    edited_by: Option<String>,
    /// The table's DATE: the local day (`at` is UTC, and a late call belongs to its own day).
    #[serde(skip)]
    date: String,
}

impl Row for NoteJson {
    const FIELDS: &'static [&'static str] = &[
        "id",
        "at",
        "author",
        "kind",
        "text",
        "nps",
        "follow_up",
        "follow_up_done",
        "edited_by",
    ];
    const COLUMNS: &'static [Column] = &[
        rcol("ID", 6),
        col("DATE", 10),
        col("KIND", 14),
        col("AUTHOR", 12),
        rcol("NPS", 3),
        col("TEXT", 200),
    ];
    const EMPTY: &'static str = "no notes yet (log one: tend log NAME TEXT)";

    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.date.clone(),
            self.kind.to_string(),
            match &self.edited_by {
                Some(by) if *by != self.author => format!("{} (edited: {by})", self.author),
                Some(_) => format!("{} (edited)", self.author),
                None => self.author.clone(),
            },
            self.nps.map(|v| v.to_string()).unwrap_or_default(),
            self.text.clone(),
        ]
    }
}

/// `--limit 0` would print "no notes yet" for an account full of them.
fn check_limit(limit: usize) -> Result<usize, Error> {
    if limit == 0 {
        return Err(Error::invalid(
            "limit",
            limit,
            "a number of notes, 1 or more",
        ));
    }
    Ok(limit)
}

pub fn notes(ctx: &Ctx, a: NotesArgs, out: &mut dyn Write) -> Result<(), Error> {
    a.limit.map(check_limit).transpose()?;
    let store = ctx.read()?;
    let account = store.find_account(&a.name)?;
    let notes = store.notes(account.id, a.limit)?;
    let rows: Vec<NoteJson> = notes
        .into_iter()
        .map(|n| NoteJson {
            id: n.id,
            at: rfc3339(n.at),
            date: local_date(n.at).to_string(),
            author: n.author,
            kind: n.kind,
            text: n.text,
            nps: n.nps,
            follow_up: n.follow_up,
            follow_up_done: n.follow_up_done,
            edited_by: n.edited_by,
        })
        .collect();
    print(a.format, &rows, ctx.width, out)
}

#[derive(Serialize)]
struct SearchRow {
    note_id: i64,
    account: String,
    at: String,
    kind: NoteKind,
    /// The passage that matched, each match in [brackets].
    snippet: String,
    text: String,
    #[serde(skip)]
    date: String,
}

impl Row for SearchRow {
    const FIELDS: &'static [&'static str] =
        &["note_id", "account", "at", "kind", "snippet", "text"];
    const COLUMNS: &'static [Column] = &[
        rcol("NOTE", 7),
        col("DATE", 10),
        col("ACCOUNT", 20),
        col("KIND", 14),
        col("SNIPPET", 200),
    ];
    const EMPTY: &'static str = "no note matches";

    fn cells(&self) -> Vec<String> {
        vec![
            self.note_id.to_string(),
            self.date.clone(),
            self.account.clone(),
            self.kind.to_string(),
            self.snippet.clone(),
        ]
    }
}

pub fn search(ctx: &Ctx, a: SearchArgs, out: &mut dyn Write) -> Result<(), Error> {
    let query = a.query.join(" ");
    check_limit(a.limit)?;
    let store = ctx.read()?;
    let account = a
        .account
        .as_deref()
        .map(|name| store.find_account(name))
        .transpose()?;
    let found = store.search(&query, account.map(|acc| acc.id), a.limit)?;
    if found.window_full {
        eprintln!(
            "tend: {}",
            crate::domain::search::window_full_hint(crate::store::search::RANK_WINDOW)
        );
    }
    let rows: Vec<SearchRow> = found
        .hits
        .into_iter()
        .map(|h| SearchRow {
            note_id: h.note.id,
            account: h.account,
            at: rfc3339(h.note.at),
            date: local_date(h.note.at).to_string(),
            kind: h.note.kind,
            snippet: h.snippet.marked_with("[", "]"),
            text: h.note.text,
        })
        .collect();
    print(a.format, &rows, ctx.width, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_rows_follow_the_json() {
        let row = NoteJson {
            id: 1,
            at: "2026-11-23T09:00:00Z".into(),
            date: "2026-11-23".into(),
            author: "anna".into(),
            kind: NoteKind::Call,
            text: "t".into(),
            nps: None,
            follow_up: None,
            follow_up_done: false,
            edited_by: Some("jonas".into()),
        };
        super::super::listing::fields_follow_the_json(&row);
    }

    #[test]
    fn search_rows_follow_the_json() {
        let row = SearchRow {
            note_id: 1,
            account: "A".into(),
            at: "2026-11-23T09:00:00Z".into(),
            date: "2026-11-23".into(),
            kind: NoteKind::Call,
            snippet: "[t]".into(),
            text: "t".into(),
        };
        super::super::listing::fields_follow_the_json(&row);
    }
}
