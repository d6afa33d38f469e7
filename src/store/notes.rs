//! Feedback and activity notes.

use rusqlite::{OptionalExtension, Row, params};

use super::{Store, from_ts, parse_col, ts};
use crate::clock::Timestamp;
use crate::domain::{Note, NoteKind};
use crate::error::Error;

const NOTE_COLS: &str = "id, account_id, at, author, kind, text, nps, created_at";

fn note_from_row(r: &Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        account_id: r.get(1)?,
        at: from_ts(r.get(2)?),
        author: r.get(3)?,
        kind: parse_col::<NoteKind>(4, r.get(4)?)?,
        text: r.get(5)?,
        nps: r.get(6)?,
        created_at: from_ts(r.get(7)?),
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNote {
    pub at: Timestamp,
    pub kind: NoteKind,
    pub text: String,
    pub nps: Option<u8>,
}

fn unknown_note(id: i64) -> Error {
    Error::invalid(
        "note",
        id,
        "the id of an existing note (see 'tend notes NAME')",
    )
}

impl Store {
    pub fn add_note(
        &self,
        account_id: i64,
        n: &NewNote,
        by: &str,
        now: Timestamp,
    ) -> Result<Note, Error> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO note (account_id, at, author, kind, text, nps, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![account_id, ts(n.at), by, n.kind.as_str(), n.text, n.nps, ts(now)],
            )?;
            Ok(Note {
                id: tx.last_insert_rowid(),
                account_id,
                at: from_ts(ts(n.at)),
                author: by.to_string(),
                kind: n.kind,
                text: n.text.clone(),
                nps: n.nps,
                created_at: from_ts(ts(now)),
            })
        })
    }

    pub fn note(&self, id: i64) -> Result<Note, Error> {
        self.conn()
            .query_row(
                &format!("SELECT {NOTE_COLS} FROM note WHERE id = ?1"),
                [id],
                note_from_row,
            )
            .optional()?
            .ok_or_else(|| unknown_note(id))
    }

    pub fn edit_note(&self, id: i64, text: &str, by: &str, now: Timestamp) -> Result<(), Error> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE note SET text = ?1, edited_at = ?2, edited_by = ?3 WHERE id = ?4",
                params![text, ts(now), by, id],
            )?;
            if n == 0 {
                return Err(unknown_note(id));
            }
            Ok(())
        })
    }

    pub fn delete_note(&self, id: i64) -> Result<(), Error> {
        self.write(|tx| {
            if tx.execute("DELETE FROM note WHERE id = ?1", [id])? == 0 {
                return Err(unknown_note(id));
            }
            Ok(())
        })
    }

    /// Newest first; on the same moment the last written first.
    pub fn notes(&self, account_id: i64, limit: Option<usize>) -> Result<Vec<Note>, Error> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {NOTE_COLS} FROM note WHERE account_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2"
        ))?;
        let limit = limit.map(|l| l as i64).unwrap_or(-1);
        let rows = stmt.query_map(params![account_id, limit], note_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Notes of every account between two moments (reports), oldest first.
    pub fn notes_between(&self, from: Timestamp, to: Timestamp) -> Result<Vec<Note>, Error> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {NOTE_COLS} FROM note WHERE at >= ?1 AND at < ?2 ORDER BY at, id"
        ))?;
        let rows = stmt.query_map(params![ts(from), ts(to)], note_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
