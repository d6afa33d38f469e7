//! Full-text search over every note (SQLite FTS5, migration 006).

use rusqlite::{OptionalExtension, params};

use super::{Store, from_ts, parse_at};
use crate::domain::search::{SearchQuery, Snippet, Term};
use crate::domain::{Note, NoteKind};
use crate::error::Error;

/// A note that matches a search, with its account's name and the passage that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub note: Note,
    pub account: String,
    pub snippet: Snippet,
}

/// What a search found: the best hits, and whether ranking was limited to the newest matches.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// More than [`RANK_WINDOW`] notes matched: only the most recently written
    /// [`RANK_WINDOW`] of them were ranked (say so, and suggest another word).
    pub window_full: bool,
}

/// At most this many matching notes are ranked, the most recently written ones. Ranking costs
/// about 2 µs a note (SQLite's bm25 reads each note's length), so a word found in a quarter of a
/// 550 000-note portfolio would take a quarter of a second; nobody reads that far down a list of
/// hits, and the newest notes are the ones people look for. See BENCHMARKS.md.
pub const RANK_WINDOW: usize = 2_000;

/// The query in FTS5's syntax, limited to the `text` column (and to one account's notes when
/// given). Every term is a quoted string (a `"` inside is doubled), so what a person typed is
/// only ever text to look for, never an operator or a column filter.
fn fts5_query(q: &SearchQuery, account_id: Option<i64>) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let terms: Vec<String> = q
        .terms
        .iter()
        .map(|t| match t {
            Term::Word(w) => quote(w),
            Term::Prefix(p) => format!("{}*", quote(p)),
            Term::Phrase(p) => quote(p),
        })
        .collect();
    let text = format!("text : ({})", terms.join(" "));
    match account_id {
        Some(id) => format!("account_id : \"{id}\" AND {text}"),
        None => text,
    }
}

impl Store {
    /// Notes matching `query` (words, `prefix*`, `"a phrase"`; see `SearchQuery`), of one account
    /// or all: best match first (SQLite's bm25), then newest, at most `limit`; ranked among the
    /// newest [`RANK_WINDOW`] matches.
    pub fn search(
        &self,
        query: &str,
        account_id: Option<i64>,
        limit: usize,
    ) -> Result<SearchResults, Error> {
        let parsed = SearchQuery::parse(query)?;
        self.ensure_search_index()?;
        let fts = fts5_query(&parsed, account_id);
        // The note just past the window, if there is one: the index lists a term's notes by id,
        // so walking them newest first and stopping is cheap.
        let past_window: Option<i64> = self
            .conn()
            .prepare_cached(
                "SELECT rowid FROM note_fts WHERE note_fts MATCH ?1 \
                 ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
            )?
            .query_row(params![fts, RANK_WINDOW as i64], |r| r.get(0))
            .optional()?;
        // Rank the window (id, bm25, time) and keep the best `limit`; the passages are marked in
        // Rust from the notes' text (`Snippet::of`).
        let mut stmt = self.conn().prepare_cached(
            "WITH best AS ( \
                 SELECT note_fts.rowid AS id, note_fts.rank AS rank, note.at AS at \
                 FROM note_fts JOIN note ON note.id = note_fts.rowid \
                 WHERE note_fts MATCH ?1 AND note_fts.rowid > ?2 \
                 ORDER BY rank, at DESC, id DESC LIMIT ?3) \
             SELECT note.id, note.account_id, note.at, note.author, note.kind, note.text, note.nps, \
                    note.created_at, account.name \
             FROM best \
             JOIN note ON note.id = best.id \
             JOIN account ON account.id = note.account_id \
             ORDER BY best.rank, best.at DESC, best.id DESC",
        )?;
        let rows = stmt.query_map(
            params![
                fts,
                past_window.unwrap_or(i64::MIN),
                limit.min(i64::MAX as usize) as i64,
            ],
            |r| {
                let text: String = r.get(5)?;
                Ok(SearchHit {
                    snippet: Snippet::of(&text, &parsed),
                    note: Note {
                        id: r.get(0)?,
                        account_id: r.get(1)?,
                        at: from_ts(r.get(2)?),
                        author: r.get(3)?,
                        kind: parse_at::<NoteKind>(r, 4)?,
                        text,
                        nps: r.get(6)?,
                        created_at: from_ts(r.get(7)?),
                        // Search shows what was said; the follow-up is in the notes list.
                        follow_up: None,
                        follow_up_done: false,
                        edited_by: None,
                    },
                    account: r.get(8)?,
                })
            },
        )?;
        Ok(SearchResults {
            hits: rows.collect::<Result<_, _>>()?,
            window_full: past_window.is_some(),
        })
    }

    /// A database of a schema before 006 that is opened read-only has no index (reads never
    /// migrate): build one for this connection only, in its TEMP schema, from the notes.
    fn ensure_search_index(&self) -> Result<(), Error> {
        let present: i64 = self.conn().query_row(
            "SELECT (SELECT count(*) FROM main.sqlite_schema WHERE name = 'note_fts') \
                  + (SELECT count(*) FROM temp.sqlite_schema WHERE name = 'note_fts')",
            [],
            |r| r.get(0),
        )?;
        if present == 0 {
            self.conn().execute_batch(
                "CREATE VIRTUAL TABLE temp.note_fts USING fts5(text, account_id, \
                     tokenize = 'unicode61 remove_diacritics 2'); \
                 INSERT INTO temp.note_fts (rowid, text, account_id) \
                     SELECT id, text, account_id FROM main.note;",
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_becomes_quoted_strings() {
        let q = SearchQuery::parse("budget cut* \"next quarter\" NOT col:x").unwrap();
        assert_eq!(
            fts5_query(&q, None),
            "text : (\"budget\" \"cut\"* \"next quarter\" \"NOT\" \"col:x\")"
        );
        let q = SearchQuery::parse("x").unwrap();
        assert_eq!(
            fts5_query(&q, Some(7)),
            "account_id : \"7\" AND text : (\"x\")"
        );
    }
}
