//! Feedback and activity notes.

use rusqlite::{OptionalExtension, Row, params};

use super::{Store, from_ts, parse_at, ts};
use crate::clock::Timestamp;
use chrono::NaiveDate;

use crate::domain::{Note, NoteKind};
use crate::error::Error;

const NOTE_COLS: &str = "id, account_id, at, author, kind, text, nps, created_at, follow_up, follow_up_done_at, edited_by";

/// The columns `NOTE_COLS` fills: a query's own columns after them start here.
const NOTE_COLS_LEN: usize = 11;

/// `NOTE_COLS` qualified by a table alias, for joins.
fn note_cols(alias: &str) -> String {
    NOTE_COLS
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn note_from_row(r: &Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        account_id: r.get(1)?,
        at: from_ts(r.get(2)?),
        author: r.get(3)?,
        kind: parse_at::<NoteKind>(r, 4)?,
        text: r.get(5)?,
        nps: r.get(6)?,
        created_at: from_ts(r.get(7)?),
        follow_up: r
            .get::<_, Option<String>>(8)?
            .map(|d| super::parse_stored_date(&d)),
        follow_up_done: r.get::<_, Option<i64>>(9)?.is_some(),
        edited_by: r.get(10)?,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNote {
    pub at: Timestamp,
    pub kind: NoteKind,
    pub text: String,
    pub nps: Option<u8>,
    /// Follow up by this date (a promise made in the conversation).
    pub follow_up: Option<NaiveDate>,
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
                "INSERT INTO note (account_id, at, author, kind, text, nps, created_at, follow_up) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![account_id, ts(n.at), by, n.kind.as_str(), n.text, n.nps, ts(now), n.follow_up.map(super::date_str)],
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
                follow_up: n.follow_up,
                follow_up_done: false,
                edited_by: None,
            })
        })
    }

    pub fn note(&self, id: i64) -> Result<Note, Error> {
        self.note_if_any(id)?.ok_or_else(|| unknown_note(id))
    }

    /// The note with this id, or none (deleted).
    pub fn note_if_any(&self, id: i64) -> Result<Option<Note>, Error> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {NOTE_COLS} FROM note WHERE id = ?1"),
                [id],
                note_from_row,
            )
            .optional()?)
    }

    pub fn edit_note(&self, id: i64, text: &str, by: &str, now: Timestamp) -> Result<(), Error> {
        self.edit_note_from(id, None, text, by, now)
    }

    /// Edit a note whose text is still `was` (what the editor started from); when someone
    /// changed it since, nothing is written and the error says who and what it says now — an
    /// edit never silently overwrites a colleague's.
    pub fn edit_note_from(
        &self,
        id: i64,
        was: Option<&str>,
        text: &str,
        by: &str,
        now: Timestamp,
    ) -> Result<(), Error> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE note SET text = ?1, edited_at = ?2, edited_by = ?3 \
                 WHERE id = ?4 AND (?5 IS NULL OR text = ?5)",
                params![text, ts(now), by, id, was],
            )?;
            if n == 0 {
                // By id alone (the CLI): there is no such note, and nothing was seen of it.
                if was.is_none() {
                    return Err(unknown_note(id));
                }
                let again = "Enter again saves yours over it";
                return Err(not_as_seen(tx, id, "you opened it", again)?);
            }
            Ok(())
        })
    }

    pub fn delete_note(&self, id: i64) -> Result<(), Error> {
        self.delete_note_from(id, None)
    }

    /// Delete a note whose text is still `was` (what the person deleting it saw); otherwise
    /// nothing is deleted and the error says who changed it and what it says now.
    pub fn delete_note_from(&self, id: i64, was: Option<&str>) -> Result<(), Error> {
        self.write(|tx| {
            let n = tx.execute(
                "DELETE FROM note WHERE id = ?1 AND (?2 IS NULL OR text = ?2)",
                params![id, was],
            )?;
            if n == 0 {
                if was.is_none() {
                    return Err(unknown_note(id));
                }
                return Err(not_as_seen(tx, id, "you asked", "d again deletes it")?);
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

/// An open (or, with `all`, any) follow-up with its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub note: Note,
    pub account: String,
    pub owner: String,
    pub backup: Option<String>,
}

impl Store {
    /// Follow-ups of non-churned accounts, open ones (or all with `all`), earliest first.
    pub fn follow_ups(&self, all: bool) -> Result<Vec<FollowUp>, Error> {
        let open = if all {
            ""
        } else {
            "AND n.follow_up_done_at IS NULL"
        };
        self.follow_ups_where(open, [])
    }

    /// The open `follow_ups` of a few accounts.
    pub fn open_follow_ups_of(&self, ids: &[i64]) -> Result<Vec<FollowUp>, Error> {
        self.follow_ups_where(
            "AND n.follow_up_done_at IS NULL AND n.account_id IN (SELECT value FROM json_each(?1))",
            [super::id_array(ids)],
        )
    }

    fn follow_ups_where(
        &self,
        and: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<FollowUp>, Error> {
        let cols = note_cols("n");
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {cols}, a.name, a.owner, a.backup FROM note n JOIN account a ON a.id = n.account_id \
             WHERE n.follow_up IS NOT NULL AND a.status != 'churned' {and} ORDER BY n.follow_up, n.id"
        ))?;
        let rows = stmt.query_map(params, |r| {
            Ok(FollowUp {
                note: note_from_row(r)?,
                account: r.get(NOTE_COLS_LEN)?,
                owner: r.get(NOTE_COLS_LEN + 1)?,
                backup: r.get(NOTE_COLS_LEN + 2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Close a follow-up; false when it was closed already.
    pub fn follow_up_done(&self, id: i64, by: &str, now: Timestamp) -> Result<bool, Error> {
        self.write(|tx| {
            let state: Option<(Option<String>, Option<i64>)> = tx
                .query_row(
                    "SELECT follow_up, follow_up_done_at FROM note WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match state {
                None | Some((None, _)) => Err(Error::invalid(
                    "follow-up",
                    id,
                    "the id of a follow-up (see 'tend follow-ups')",
                )),
                Some((Some(_), Some(_))) => Ok(false),
                Some((Some(_), None)) => {
                    tx.execute(
                        "UPDATE note SET follow_up_done_at = ?1, follow_up_done_by = ?2 WHERE id = ?3",
                        params![ts(now), by, id],
                    )?;
                    Ok(true)
                }
            }
        })
    }

    /// Hide an agenda item until `until` (replacing a live snooze of the same item).
    pub fn snooze(
        &self,
        item: &str,
        until: NaiveDate,
        reason: &str,
        by: &str,
        now: Timestamp,
    ) -> Result<(), Error> {
        self.write(|tx| {
            tx.execute(
                "UPDATE snooze SET cleared_at = ?1, cleared_by = ?2 WHERE item = ?3 AND cleared_at IS NULL",
                params![ts(now), by, item],
            )?;
            tx.execute(
                "INSERT INTO snooze (item, until, reason, at, by) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![item, super::date_str(until), reason, ts(now), by],
            )?;
            Ok(())
        })
    }

    /// Clear an item's snooze; false when there was none.
    pub fn clear_snooze(&self, item: &str, by: &str, now: Timestamp) -> Result<bool, Error> {
        self.write(|tx| {
            Ok(tx.execute(
                "UPDATE snooze SET cleared_at = ?1, cleared_by = ?2 WHERE item = ?3 AND cleared_at IS NULL",
                params![ts(now), by, item],
            )? > 0)
        })
    }

    /// Live snoozes: item id → (until, reason).
    pub fn snoozes(&self) -> Result<std::collections::HashMap<String, (NaiveDate, String)>, Error> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT item, until, reason FROM snooze WHERE cleared_at IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (
                    super::parse_stored_date(&r.get::<_, String>(1)?),
                    r.get::<_, String>(2)?,
                ),
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl Store {
    /// How many notes an account has (the pane shows the newest few).
    pub fn note_count(&self, account_id: i64) -> Result<usize, Error> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM note WHERE account_id = ?1",
            [account_id],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// Notes written since `since` (created_at), oldest first, with their account's name.
    pub fn notes_since(&self, since: Timestamp) -> Result<Vec<(Note, String)>, Error> {
        let cols = note_cols("n");
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {cols}, a.name FROM note n JOIN account a ON a.id = n.account_id \
             WHERE n.created_at >= ?1 ORDER BY n.created_at, n.id"
        ))?;
        let rows = stmt.query_map([ts(since)], |r| {
            Ok((note_from_row(r)?, r.get(NOTE_COLS_LEN)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Why a write naming a note by what it said was refused: gone, or changed since `since` —
/// who changed it and what it says now, then how to go on (`again`).
fn not_as_seen(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    since: &str,
    again: &str,
) -> Result<Error, Error> {
    let current: Option<(String, Option<String>)> = tx
        .query_row(
            "SELECT text, edited_by FROM note WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((text, by)) = current else {
        // Found in a trial: "the id of an existing note (see 'tend notes NAME')" read as if
        // the user had typed a wrong id.
        return Ok(Error::invalid(
            "note",
            id,
            format!("deleted since {since}, by someone else"),
        ));
    };
    let who = by.as_deref().unwrap_or("someone");
    let mut text = crate::text::one_line(&text);
    if text.chars().count() > 40 {
        text = text.chars().take(39).collect::<String>() + "…";
    }
    Ok(Error::invalid(
        "note",
        id,
        format!("changed by {who} since {since}, now '{text}': {again}"),
    ))
}

#[cfg(test)]
mod cols_tests {
    /// A query's own columns after `NOTE_COLS` are read from `NOTE_COLS_LEN` on.
    #[test]
    fn note_cols_len_counts_the_columns() {
        assert_eq!(super::NOTE_COLS.split(", ").count(), super::NOTE_COLS_LEN);
    }
}
