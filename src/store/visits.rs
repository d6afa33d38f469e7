//! Quarterly visits: one planned visit per account at a time.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::{Store, date_str, from_ts, parse_at, parse_stored_date, ts};
use crate::clock::Timestamp;
use crate::domain::{NoteKind, Visit, VisitStatus};
use crate::error::Error;

const VISIT_COLS: &str =
    "id, account_id, planned_on, status, done_on, note, created_at, created_by, closed_at";

/// The account's planned visit: its date and who planned it.
fn planned_on(
    conn: &rusqlite::Connection,
    account_id: i64,
) -> rusqlite::Result<Option<(NaiveDate, String)>> {
    conn.query_row(
        "SELECT planned_on, created_by FROM visit WHERE account_id = ?1 AND status = 'planned'",
        [account_id],
        |r| Ok((parse_stored_date(&r.get::<_, String>(0)?), r.get(1)?)),
    )
    .optional()
}

fn visit_from_row(r: &Row<'_>) -> rusqlite::Result<Visit> {
    Ok(Visit {
        id: r.get(0)?,
        account_id: r.get(1)?,
        planned_on: r
            .get::<_, Option<String>>(2)?
            .map(|s| parse_stored_date(&s)),
        status: parse_at::<VisitStatus>(r, 3)?,
        done_on: r
            .get::<_, Option<String>>(4)?
            .map(|s| parse_stored_date(&s)),
        note: r.get(5)?,
        created_at: from_ts(r.get(6)?),
        created_by: r.get(7)?,
        closed_at: r.get::<_, Option<i64>>(8)?.map(from_ts),
    })
}

impl Store {
    /// Plan the next visit; a visit already planned is rescheduled (closed, and a new one planned,
    /// so the past stays as it was).
    pub fn plan_visit(
        &self,
        account_id: i64,
        on: NaiveDate,
        by: &str,
        now: Timestamp,
    ) -> Result<Visit, Error> {
        self.plan_visit_as_seen(account_id, on, None, by, now)
    }

    /// Plan, refused when `seen` is given and the account's planned visit is no longer the one
    /// seen (`Some(None)`: none was planned): a colleague planned, moved, cancelled or made it
    /// since (found in a trial: a plan typed over the form's date replaced a colleague's plan of
    /// a minute before without a word).
    pub fn plan_visit_as_seen(
        &self,
        account_id: i64,
        on: NaiveDate,
        seen: Option<Option<NaiveDate>>,
        by: &str,
        now: Timestamp,
    ) -> Result<Visit, Error> {
        self.write(|tx| {
            if let Some(seen) = seen {
                let current = planned_on(tx, account_id)?;
                if current.as_ref().map(|(d, _)| *d) != seen {
                    let what = match current {
                        Some((d, who)) => format!("{who} planned it for {d} meanwhile"),
                        None => "the plan was cancelled or the visit made meanwhile".to_string(),
                    };
                    return Err(Error::invalid(
                        "date",
                        on,
                        format!("a plan over the one you saw, but {what} — Enter again plans {on}"),
                    ));
                }
            }
            tx.execute(
                "UPDATE visit SET status = 'cancelled', closed_at = ?1, closed_by = ?2, \
                 note = COALESCE(note, 'rescheduled to ' || ?3) WHERE account_id = ?4 AND status = 'planned'",
                params![ts(now), by, date_str(on), account_id],
            )?;
            tx.execute(
                "INSERT INTO visit (account_id, planned_on, status, created_at, created_by) VALUES (?1, ?2, 'planned', ?3, ?4)",
                params![account_id, date_str(on), ts(now), by],
            )?;
            Ok(tx.query_row(
                &format!("SELECT {VISIT_COLS} FROM visit WHERE id = ?1"),
                [tx.last_insert_rowid()],
                visit_from_row,
            )?)
        })
    }

    /// Mark the planned visit done on `on` (or record an unplanned one) and write a `visit` note,
    /// in one transaction.
    pub fn visit_done(
        &self,
        account_id: i64,
        on: NaiveDate,
        note: Option<&str>,
        by: &str,
        now: Timestamp,
    ) -> Result<Visit, Error> {
        self.write(|tx| {
            let planned: Option<i64> = tx
                .query_row("SELECT id FROM visit WHERE account_id = ?1 AND status = 'planned'", [account_id], |r| r.get(0))
                .optional()?;
            let id = match planned {
                Some(id) => {
                    tx.execute(
                        "UPDATE visit SET status = 'done', done_on = ?1, note = ?2, closed_at = ?3, closed_by = ?4 WHERE id = ?5",
                        params![date_str(on), note, ts(now), by, id],
                    )?;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO visit (account_id, planned_on, status, done_on, note, created_at, created_by, closed_at, closed_by) \
                         VALUES (?1, NULL, 'done', ?2, ?3, ?4, ?5, ?4, ?5)",
                        params![account_id, date_str(on), note, ts(now), by],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            let at = crate::domain::dates::local_moment(on, chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default());
            let at = at.min(now);
            let text = match note {
                Some(n) if !n.trim().is_empty() => format!("On-site visit: {n}"),
                _ => "On-site visit".to_string(),
            };
            tx.execute(
                "INSERT INTO note (account_id, at, author, kind, text, nps, created_at) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6)",
                params![account_id, ts(at), by, NoteKind::Visit.as_str(), text, ts(now)],
            )?;
            Ok(tx.query_row(&format!("SELECT {VISIT_COLS} FROM visit WHERE id = ?1"), [id], visit_from_row)?)
        })
    }

    /// Cancel the planned visit; `false` when none was planned.
    pub fn cancel_visit(&self, account_id: i64, by: &str, now: Timestamp) -> Result<bool, Error> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE visit SET status = 'cancelled', closed_at = ?1, closed_by = ?2 WHERE account_id = ?3 AND status = 'planned'",
                params![ts(now), by, account_id],
            )?;
            Ok(n > 0)
        })
    }

    /// Every visit of an account, newest first.
    pub fn visits(&self, account_id: i64) -> Result<Vec<Visit>, Error> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {VISIT_COLS} FROM visit WHERE account_id = ?1 ORDER BY COALESCE(done_on, planned_on) DESC, id DESC"
        ))?;
        let rows = stmt.query_map([account_id], visit_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Visits done between two dates (inclusive), every account: (account id, visit).
    pub fn visits_done_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Visit>, Error> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {VISIT_COLS} FROM visit WHERE status = 'done' AND done_on >= ?1 AND done_on <= ?2 ORDER BY done_on, id"
        ))?;
        let rows = stmt.query_map(params![date_str(from), date_str(to)], visit_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The last visit done, with its note.
    /// The date of the account's planned visit, if one is planned.
    pub fn planned_visit(&self, account_id: i64) -> Result<Option<NaiveDate>, Error> {
        Ok(planned_on(self.conn(), account_id)?.map(|(d, _)| d))
    }

    pub fn last_visit(&self, account_id: i64) -> Result<Option<Visit>, Error> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {VISIT_COLS} FROM visit WHERE account_id = ?1 AND status = 'done' ORDER BY done_on DESC, id DESC LIMIT 1"),
                [account_id],
                visit_from_row,
            )
            .optional()?)
    }
}
