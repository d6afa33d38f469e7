//! Escalations and their level history.

use rusqlite::{OptionalExtension, Row, params};

use super::{Store, from_ts, parse_at, parse_opt_at, ts};
use crate::clock::Timestamp;
use crate::config::SlaHours;
use crate::domain::escalation::{
    Escalation, EscalationStatus, Level, LevelChange, due_at, raise_target,
};
use crate::error::Error;

const ESC_COLS: &str = "e.id, e.account_id, a.name, e.level, e.reason, e.opened_at, e.opened_by, e.due_at, \
     e.status, e.resolved_at, e.resolved_by, e.resolution";

fn escalation_from_row(r: &Row<'_>) -> rusqlite::Result<Escalation> {
    Ok(Escalation {
        id: r.get(0)?,
        account_id: r.get(1)?,
        account: r.get(2)?,
        level: parse_at::<Level>(r, 3)?,
        reason: r.get(4)?,
        opened_at: from_ts(r.get(5)?),
        opened_by: r.get(6)?,
        due_at: from_ts(r.get(7)?),
        status: parse_at::<EscalationStatus>(r, 8)?,
        resolved_at: r.get::<_, Option<i64>>(9)?.map(from_ts),
        resolved_by: r.get(10)?,
        resolution: r.get(11)?,
    })
}

/// One escalation read inside a write transaction (the state the write changes).
fn escalation_in(tx: &rusqlite::Transaction<'_>, id: i64) -> Result<Escalation, Error> {
    tx.query_row(
        &format!("SELECT {ESC_COLS} FROM escalation e JOIN account a ON a.id = e.account_id WHERE e.id = ?1"),
        [id],
        escalation_from_row,
    )
    .optional()?
    .ok_or_else(|| unknown_escalation(id))
}

const CHANGE_COLS: &str = "at, from_level, to_level, by, note, due_at";

/// A level change from `CHANGE_COLS` starting at column `at`.
fn level_change_from_row(r: &Row<'_>, at: usize) -> rusqlite::Result<LevelChange> {
    Ok(LevelChange {
        at: from_ts(r.get(at)?),
        from: parse_opt_at(r, at + 1)?,
        to: parse_at(r, at + 2)?,
        by: r.get(at + 3)?,
        note: r.get(at + 4)?,
        due_at: from_ts(r.get(at + 5)?),
    })
}

fn unknown_escalation(id: i64) -> Error {
    Error::invalid(
        "escalation",
        id,
        "the id of an existing escalation (see 'tend escalations --all')",
    )
}

impl Store {
    pub fn open_escalation(
        &self,
        account_id: i64,
        level: Level,
        reason: &str,
        sla: &SlaHours,
        by: &str,
        now: Timestamp,
    ) -> Result<Escalation, Error> {
        let due = due_at(level, now, sla);
        let id = self.write(|tx| {
            super::bulk::Bulk::new(tx).escalation(account_id, level, reason, now, due, by)
        })?;
        self.escalation(id)
    }

    pub fn escalation(&self, id: i64) -> Result<Escalation, Error> {
        self.select_escalations("WHERE e.id = ?1", [id])?
            .pop()
            .ok_or_else(|| unknown_escalation(id))
    }

    /// Raise one level (or to `to`), due again after the new level's SLA from now.
    pub fn raise_escalation(
        &self,
        id: i64,
        to: Option<Level>,
        note: Option<&str>,
        sla: &SlaHours,
        by: &str,
        now: Timestamp,
    ) -> Result<Escalation, Error> {
        self.write(|tx| {
            let e = escalation_in(tx, id)?;
            let target = raise_target(&e, to)?;
            let due = due_at(target, now, sla);
            tx.execute(
                "UPDATE escalation SET level = ?1, due_at = ?2 WHERE id = ?3",
                params![target.as_str(), ts(due), id],
            )?;
            tx.execute(
                "INSERT INTO escalation_change (escalation_id, at, from_level, to_level, by, note, due_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, ts(now), e.level.as_str(), target.as_str(), by, note, ts(due)],
            )?;
            Ok(())
        })?;
        self.escalation(id)
    }

    pub fn resolve_escalation(
        &self,
        id: i64,
        note: &str,
        by: &str,
        now: Timestamp,
    ) -> Result<Escalation, Error> {
        self.resolve_escalation_as_seen(id, note, None, by, now)
    }

    /// Resolve, refused when `seen_due` is given and the escalation's deadline is no longer the
    /// one seen: a colleague raised it, or resolved and reopened it, since (found in a trial: a
    /// resolution typed before a colleague's reopen closed it again without a word).
    pub fn resolve_escalation_as_seen(
        &self,
        id: i64,
        note: &str,
        seen_due: Option<Timestamp>,
        by: &str,
        now: Timestamp,
    ) -> Result<Escalation, Error> {
        self.write(|tx| {
            let status: Option<(String, Option<String>, i64)> = tx
                .query_row(
                    "SELECT status, resolved_by, due_at FROM escalation WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            match status {
                None => return Err(unknown_escalation(id)),
                Some((status, _, due)) if status == "open" && seen_due.is_some_and(|s| ts(s) != due) => {
                    let last = tx
                        .query_row(
                            &format!("SELECT {CHANGE_COLS} FROM escalation_change WHERE escalation_id = ?1 ORDER BY at DESC, id DESC LIMIT 1"),
                            [id],
                            |r| level_change_from_row(r, 0),
                        )
                        .optional()?;
                    let what = match last {
                        Some(c) if c.event() == "reopened" => format!("{} reopened it", c.by),
                        Some(c) if c.event() == "raised" => format!("{} raised it to {}", c.by, c.to),
                        _ => "it changed".to_string(),
                    };
                    return Err(Error::invalid(
                        "escalation",
                        id,
                        format!("the escalation as you saw it, but {what} meanwhile — Enter again resolves it"),
                    ));
                }
                // Who did: a colleague's resolution while this one's form was open is the usual
                // way here (found in a trial: "resolved already" left the user guessing).
                Some((status, by, _)) if status == "resolved" => {
                    let by = by.map_or(String::new(), |b| format!(" by {b}"));
                    return Err(Error::invalid(
                        "escalation",
                        id,
                        format!("an open escalation (this one was resolved{by} already)"),
                    ));
                }
                _ => {}
            }
            tx.execute(
                "UPDATE escalation SET status = 'resolved', resolved_at = ?1, resolved_by = ?2, resolution = ?3 WHERE id = ?4",
                params![ts(now), by, note, id],
            )?;
            Ok(())
        })?;
        self.escalation(id)
    }

    /// Open a resolved escalation again: due after its level's SLA from now, the undone
    /// resolution kept in `escalation_reopen`, the reopening in the level history (same level,
    /// with who and why).
    pub fn reopen_escalation(
        &self,
        id: i64,
        note: &str,
        sla: &SlaHours,
        by: &str,
        now: Timestamp,
    ) -> Result<Escalation, Error> {
        self.reopen_with(id, note, by, now, None, |level| due_at(level, now, sla))
    }

    /// Take back the resolution `by` made at `resolved_at` (the cockpit's undo): open again with
    /// the deadline it had before — an overdue escalation stays overdue — recorded as a
    /// reopening "resolution undone". Refused (`cannot undo: …`) when it is open already or was
    /// resolved again since, by anyone.
    pub fn undo_resolve(
        &self,
        id: i64,
        resolved_at: Timestamp,
        due: Timestamp,
        by: &str,
        now: Timestamp,
    ) -> Result<Escalation, Error> {
        self.reopen_with(id, "resolution undone", by, now, Some(resolved_at), |_| due)
    }

    /// Reopen `id` with the deadline `due` gives for its level; with `resolved_at`, only the
    /// resolution `by` made then.
    fn reopen_with(
        &self,
        id: i64,
        note: &str,
        by: &str,
        now: Timestamp,
        undoing: Option<Timestamp>,
        due: impl FnOnce(Level) -> Timestamp,
    ) -> Result<Escalation, Error> {
        self.write(|tx| {
            let e = escalation_in(tx, id)?;
            let (Some(resolved_at), EscalationStatus::Resolved) = (e.resolved_at, e.status) else {
                if undoing.is_some() {
                    return Err(Error::Db(format!("cannot undo: #{id} is open already")));
                }
                return Err(Error::invalid(
                    "escalation",
                    id,
                    "a resolved escalation (this one is open)",
                ));
            };
            if let Some(mine) = undoing
                && (resolved_at != mine || e.resolved_by.as_deref() != Some(by))
            {
                return Err(Error::Db(format!(
                    "cannot undo: #{id} was reopened and resolved again since"
                )));
            }
            let due = due(e.level);
            tx.execute(
                "INSERT INTO escalation_reopen (escalation_id, resolved_at, resolved_by, resolution, reopened_at, reopened_by, note) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id,
                    ts(resolved_at),
                    e.resolved_by.as_deref().unwrap_or(""),
                    e.resolution.as_deref().unwrap_or(""),
                    ts(now),
                    by,
                    note
                ],
            )?;
            tx.execute(
                "UPDATE escalation SET status = 'open', due_at = ?1, resolved_at = NULL, resolved_by = NULL, resolution = NULL WHERE id = ?2",
                params![ts(due), id],
            )?;
            tx.execute(
                "INSERT INTO escalation_change (escalation_id, at, from_level, to_level, by, note, due_at) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6)",
                params![id, ts(now), e.level.as_str(), by, note, ts(due)],
            )?;
            Ok(())
        })?;
        self.escalation(id)
    }

    /// Open escalations of non-churned accounts, plus resolved ones when `all`. Unsorted: see
    /// `domain::escalation::sort_queue`.
    pub fn escalations(&self, all: bool) -> Result<Vec<Escalation>, Error> {
        let filter = if all { "" } else { "AND e.status = 'open'" };
        self.select_escalations(&format!("WHERE a.status != 'churned' {filter}"), [])
    }

    /// `escalations(false)` of a few accounts.
    pub fn open_escalations_of(&self, ids: &[i64]) -> Result<Vec<Escalation>, Error> {
        self.select_escalations(
            "WHERE a.status != 'churned' AND e.status = 'open' \
             AND e.account_id IN (SELECT value FROM json_each(?1))",
            [super::id_array(ids)],
        )
    }

    /// Every escalation, churned accounts' included (reports).
    pub fn all_escalations(&self) -> Result<Vec<Escalation>, Error> {
        self.select_escalations("ORDER BY e.opened_at, e.id", [])
    }

    pub fn account_escalations(&self, account_id: i64) -> Result<Vec<Escalation>, Error> {
        self.select_escalations("WHERE e.account_id = ?1", [account_id])
    }

    /// Escalations with their account's name; `tail` is the WHERE/ORDER BY part.
    fn select_escalations(
        &self,
        tail: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<Escalation>, Error> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {ESC_COLS} FROM escalation e JOIN account a ON a.id = e.account_id {tail}"
        ))?;
        let rows = stmt.query_map(params, escalation_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Resolutions undone by a reopen, oldest first: (resolved at, by, resolution).
    pub fn undone_resolutions(&self, id: i64) -> Result<Vec<(Timestamp, String, String)>, Error> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT resolved_at, resolved_by, resolution FROM escalation_reopen WHERE escalation_id = ?1 ORDER BY resolved_at, id",
        )?;
        let rows = stmt.query_map([id], |r| Ok((from_ts(r.get(0)?), r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every level change (opening, raise, reopening) since `since`, oldest first:
    /// (escalation id, the change).
    pub fn escalation_changes_since(
        &self,
        since: Timestamp,
    ) -> Result<Vec<(i64, LevelChange)>, Error> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT escalation_id, {CHANGE_COLS} FROM escalation_change WHERE at >= ?1 ORDER BY at, id"
        ))?;
        let rows = stmt.query_map([ts(since)], |r| {
            Ok((r.get(0)?, level_change_from_row(r, 1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn escalation_history(&self, id: i64) -> Result<Vec<LevelChange>, Error> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {CHANGE_COLS} FROM escalation_change WHERE escalation_id = ?1 ORDER BY at, id"
        ))?;
        let rows = stmt.query_map([id], |r| level_change_from_row(r, 0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
