//! Bulk writes in one transaction with cached prepared statements (demo data, imports). Each
//! method writes one record exactly as given, timestamps included, so history can be laid down.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Store, date_str, ts};
use crate::clock::Timestamp;
use crate::domain::escalation::Level;
use crate::domain::{ChurnCategory, NoteKind, Scores, Status, Tier, name_key};
use crate::error::Error;

pub struct Bulk<'a> {
    tx: &'a Transaction<'a>,
}

pub struct BulkAccount<'s> {
    pub name: &'s str,
    pub owner: &'s str,
    pub backup: Option<&'s str>,
    pub tier: Tier,
    pub value_cents: i64,
    pub client_since: NaiveDate,
    pub renewal: Option<NaiveDate>,
    pub status: Status,
    pub churned_on: Option<NaiveDate>,
    pub churn_reason: Option<&'s str>,
    pub churn_category: Option<ChurnCategory>,
    pub referred_by: Option<&'s str>,
    pub created_at: Timestamp,
    pub created_by: &'s str,
}

/// A contact with everything the person is known by (Release 2: birthday, channel, best time,
/// something personal).
pub struct BulkContact<'s> {
    pub account: i64,
    pub person: &'s str,
    pub role: Option<&'s str>,
    pub email: Option<&'s str>,
    pub phone: Option<&'s str>,
    pub primary: bool,
    /// `MM-DD` or `YYYY-MM-DD`.
    pub birthday: Option<&'s str>,
    pub channel: Option<&'s str>,
    pub best_time: Option<&'s str>,
    pub personal: Option<&'s str>,
    pub created_at: Timestamp,
    pub created_by: &'s str,
}

/// A note with every column: counted from `at`, written at `created_at`, with an optional
/// follow-up (closed at that moment by that person when `follow_up_done` is set).
pub struct BulkNote<'s> {
    pub account: i64,
    pub at: Timestamp,
    pub created_at: Timestamp,
    pub author: &'s str,
    pub kind: NoteKind,
    pub text: &'s str,
    pub nps: Option<u8>,
    pub follow_up: Option<NaiveDate>,
    pub follow_up_done: Option<(Timestamp, &'s str)>,
}

/// The `meta` key that defers the note index's insert trigger (migration 006) during a bulk
/// write; it never outlives that write transaction, and a dump that carries it is refused.
pub(crate) const FTS_DEFERRED_KEY: &str = "note_fts_deferred";

impl Store {
    /// Run `f` with a bulk writer inside one `BEGIN IMMEDIATE` transaction.
    ///
    /// The notes it adds reach the full-text index in one statement at the end, not one trigger
    /// call each: FTS5 writes its pending tokens out at every statement that touches it, so a
    /// note per statement made a segment per note to merge (`tend demo --accounts 10000`: 50 s
    /// instead of 4). The `meta` row that defers the trigger lives only inside this transaction,
    /// so no other connection ever sees it. A bulk writer only inserts notes, never edits or
    /// deletes one (the update and delete triggers always run), and the new notes are exactly
    /// those above the largest id before it (SQLite gives a new row the largest id plus one).
    pub fn bulk<T>(&self, f: impl FnOnce(&mut Bulk<'_>) -> Result<T, Error>) -> Result<T, Error> {
        self.write(|tx| {
            let last_before: i64 =
                tx.query_row("SELECT coalesce(max(id), 0) FROM note", [], |r| r.get(0))?;
            let last_review: i64 =
                tx.query_row("SELECT coalesce(max(id), 0) FROM review", [], |r| r.get(0))?;
            let last_visit: i64 =
                tx.query_row("SELECT coalesce(max(id), 0) FROM visit", [], |r| r.get(0))?;
            let last_tick: i64 =
                tx.query_row("SELECT coalesce(max(id), 0) FROM checklist_tick", [], |r| {
                    r.get(0)
                })?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, '1')",
                [FTS_DEFERRED_KEY],
            )?;
            let changes_before = tx.total_changes();
            let value = f(&mut Bulk { tx })?;
            // Rows written by `f` (its statements and what their triggers wrote).
            let wrote = tx.total_changes() != changes_before;
            tx.execute("DELETE FROM meta WHERE key = ?1", [FTS_DEFERRED_KEY])?;
            tx.execute(
                "INSERT INTO note_fts (rowid, text, account_id) \
                 SELECT id, text, account_id FROM note WHERE id > ?1",
                [last_before],
            )?;
            refresh_latest(tx, last_before, last_review, last_visit, last_tick)?;
            // The change log's insert triggers were deferred too: readers read everything again
            // — when something was written: an import of no rows leaves the file as it was.
            if wrote {
                tx.execute("INSERT INTO account_touch VALUES (0)", [])?;
            }
            Ok(value)
        })
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>, Error> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn is_empty(&self) -> Result<bool, Error> {
        let n: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM account", [], |r| r.get(0))?;
        Ok(n == 0)
    }
}

/// Migration 007's latest records of the accounts a bulk write added notes, reviews, done
/// visits or ticks to, looked up again from all their records at the end (the insert triggers were
/// deferred): a trigger per row made `tend demo --accounts 10000` 47 % slower (17.4 -> 25.5 s
/// wall, 16.2 -> 24.1 s CPU, half of it system time). The lookups are the
/// migration's own fill, restricted to those accounts, so the rows are exactly what the
/// triggers would have left.
fn refresh_latest(
    tx: &Transaction<'_>,
    last_note: i64,
    last_review: i64,
    last_visit: i64,
    last_tick: i64,
) -> Result<(), Error> {
    // The weeks of the accounts that got ticks (a bulk writer never unticks).
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS bulk_ticks (week TEXT, account_id INTEGER, PRIMARY KEY (week, account_id)); \
         DELETE FROM temp.bulk_ticks;",
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO temp.bulk_ticks SELECT week, account_id FROM checklist_tick WHERE id > :last",
        rusqlite::named_params! {":last": last_tick},
    )?;
    tx.execute_batch(
        "DELETE FROM tick_week WHERE (week, account_id) IN (SELECT week, account_id FROM temp.bulk_ticks); \
         INSERT INTO tick_week (week, account_id, items, changed_at) \
             SELECT t.week, t.account_id, json_group_array(t.item) FILTER (WHERE t.undone_at IS NULL), \
                    max(max(t.done_at, coalesce(t.undone_at, t.done_at))) \
             FROM temp.bulk_ticks b JOIN checklist_tick t ON t.week = b.week AND t.account_id = b.account_id \
             GROUP BY t.week, t.account_id; \
         DROP TABLE temp.bulk_ticks;",
    )?;
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS bulk_notes (account_id INTEGER PRIMARY KEY); \
         CREATE TEMP TABLE IF NOT EXISTS bulk_nps (account_id INTEGER PRIMARY KEY); \
         CREATE TEMP TABLE IF NOT EXISTS bulk_reviews (account_id INTEGER PRIMARY KEY); \
         CREATE TEMP TABLE IF NOT EXISTS bulk_visits (account_id INTEGER PRIMARY KEY); \
         DELETE FROM temp.bulk_notes; DELETE FROM temp.bulk_nps; \
         DELETE FROM temp.bulk_reviews; DELETE FROM temp.bulk_visits;",
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO temp.bulk_notes SELECT account_id FROM note WHERE id > :last",
        rusqlite::named_params! {":last": last_note},
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO temp.bulk_nps SELECT account_id FROM note WHERE id > :last AND nps IS NOT NULL",
        rusqlite::named_params! {":last": last_note},
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO temp.bulk_reviews SELECT account_id FROM review WHERE id > :last",
        rusqlite::named_params! {":last": last_review},
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO temp.bulk_visits SELECT account_id FROM visit WHERE id > :last AND status = 'done'",
        rusqlite::named_params! {":last": last_visit},
    )?;
    tx.execute_batch(
        "DELETE FROM note_latest WHERE account_id IN (SELECT account_id FROM temp.bulk_notes); \
         INSERT INTO note_latest (account_id, kind, note_id, at, created_at) \
             SELECT n.account_id, n.kind, n.id, n.at, n.created_at \
             FROM (SELECT DISTINCT m.kind, m.account_id FROM temp.bulk_notes b JOIN note m ON m.account_id = b.account_id) k \
             JOIN note n ON n.id = (SELECT m.id FROM note m WHERE m.kind = k.kind AND m.account_id = k.account_id \
                                    ORDER BY m.at DESC, m.id DESC LIMIT 1); \
         DELETE FROM nps_latest WHERE account_id IN (SELECT account_id FROM temp.bulk_nps); \
         INSERT INTO nps_latest (account_id, note_id, at, created_at, nps) \
             SELECT n.account_id, n.id, n.at, n.created_at, n.nps FROM temp.bulk_nps a \
             JOIN note n ON n.id = (SELECT m.id FROM note m WHERE m.account_id = a.account_id AND m.nps IS NOT NULL \
                                    ORDER BY m.at DESC, m.id DESC LIMIT 1); \
         DELETE FROM review_latest WHERE account_id IN (SELECT account_id FROM temp.bulk_reviews); \
         INSERT INTO review_latest (account_id, review_id, at, created_at, performance, relationship, outlook, engagement) \
             SELECT r.account_id, r.id, r.at, r.created_at, r.performance, r.relationship, r.outlook, r.engagement \
             FROM temp.bulk_reviews a \
             JOIN review r ON r.id = (SELECT m.id FROM review m WHERE m.account_id = a.account_id \
                                      ORDER BY m.at DESC, m.id DESC LIMIT 1); \
         DELETE FROM visit_latest_done WHERE account_id IN (SELECT account_id FROM temp.bulk_visits); \
         INSERT INTO visit_latest_done (account_id, visit_id, done_on, closed_at) \
             SELECT v.account_id, v.id, v.done_on, v.closed_at FROM temp.bulk_visits a \
             JOIN visit v ON v.id = (SELECT m.id FROM visit m WHERE m.status = 'done' AND m.account_id = a.account_id \
                                     ORDER BY m.done_on DESC, m.closed_at DESC, m.id DESC LIMIT 1); \
         DROP TABLE temp.bulk_notes; DROP TABLE temp.bulk_nps; \
         DROP TABLE temp.bulk_reviews; DROP TABLE temp.bulk_visits;",
    )?;
    Ok(())
}

impl<'a> Bulk<'a> {
    /// Bulk writes inside a transaction the caller already holds.
    pub(crate) fn new(tx: &'a Transaction<'a>) -> Bulk<'a> {
        Bulk { tx }
    }

    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<(), Error> {
        self.tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    pub fn name_taken(&mut self, name: &str) -> Result<bool, Error> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT 1 FROM account WHERE name_key = ?1")?;
        Ok(stmt.exists([name_key(name)])?)
    }

    pub fn account(&mut self, a: &BulkAccount<'_>) -> Result<i64, Error> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO account (name, name_key, owner, backup, tier, value_cents, client_since, renewal, status, \
             churned_on, churn_reason, created_at, created_by, churn_category, referred_by) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?;
        stmt.execute(params![
            a.name,
            name_key(a.name),
            a.owner,
            a.backup,
            a.tier.as_str(),
            a.value_cents,
            date_str(a.client_since),
            a.renewal.map(date_str),
            a.status.as_str(),
            a.churned_on.map(date_str),
            a.churn_reason,
            ts(a.created_at),
            a.created_by,
            a.churn_category.map(|c| c.as_str()),
            a.referred_by
        ])?;
        Ok(self.tx.last_insert_rowid())
    }

    pub fn status_change(
        &mut self,
        account: i64,
        at: Timestamp,
        by: &str,
        from: Status,
        to: Status,
    ) -> Result<(), Error> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO account_event (account_id, at, by, field, old_value, new_value) VALUES (?1, ?2, ?3, 'status', ?4, ?5)",
        )?;
        stmt.execute(params![account, ts(at), by, from.as_str(), to.as_str()])?;
        Ok(())
    }

    /// Any recorded field change of an account (`owner`, `value_cents` with cents as text, …),
    /// exactly as `Store::edit_account` records it.
    pub fn account_event(
        &mut self,
        account: i64,
        at: Timestamp,
        by: &str,
        field: &str,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<(), Error> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO account_event (account_id, at, by, field, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        stmt.execute(params![account, ts(at), by, field, old, new])?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn contact(
        &mut self,
        account: i64,
        person: &str,
        role: Option<&str>,
        email: Option<&str>,
        phone: Option<&str>,
        primary: bool,
        at: Timestamp,
        by: &str,
    ) -> Result<(), Error> {
        self.contact_full(&BulkContact {
            account,
            person,
            role,
            email,
            phone,
            primary,
            birthday: None,
            channel: None,
            best_time: None,
            personal: None,
            created_at: at,
            created_by: by,
        })
    }

    pub fn contact_full(&mut self, c: &BulkContact<'_>) -> Result<(), Error> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO contact (account_id, person, role, email, phone, is_primary, birthday, channel, best_time, \
             personal, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        stmt.execute(params![
            c.account,
            c.person,
            c.role,
            c.email,
            c.phone,
            c.primary,
            c.birthday,
            c.channel,
            c.best_time,
            c.personal,
            ts(c.created_at),
            c.created_by
        ])?;
        Ok(())
    }

    pub fn review(
        &mut self,
        account: i64,
        at: Timestamp,
        by: &str,
        s: Scores,
        note: Option<&str>,
    ) -> Result<(), Error> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO review (account_id, at, by, performance, relationship, outlook, engagement, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?2)",
        )?;
        stmt.execute(params![
            account,
            ts(at),
            by,
            s.performance,
            s.relationship,
            s.outlook,
            s.engagement,
            note
        ])?;
        Ok(())
    }

    /// A note that counts from `at` (history laid down by the demo data).
    pub fn note(
        &mut self,
        account: i64,
        at: Timestamp,
        author: &str,
        kind: NoteKind,
        text: &str,
        nps: Option<u8>,
    ) -> Result<i64, Error> {
        self.note_created(account, at, at, author, kind, text, nps)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn note_created(
        &mut self,
        account: i64,
        at: Timestamp,
        created_at: Timestamp,
        author: &str,
        kind: NoteKind,
        text: &str,
        nps: Option<u8>,
    ) -> Result<i64, Error> {
        self.note_full(&BulkNote {
            account,
            at,
            created_at,
            author,
            kind,
            text,
            nps,
            follow_up: None,
            follow_up_done: None,
        })
    }

    pub fn note_full(&mut self, n: &BulkNote<'_>) -> Result<i64, Error> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO note (account_id, at, author, kind, text, nps, created_at, follow_up, follow_up_done_at, \
             follow_up_done_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        stmt.execute(params![
            n.account,
            ts(n.at),
            n.author,
            n.kind.as_str(),
            n.text,
            n.nps,
            ts(n.created_at),
            n.follow_up.map(date_str),
            n.follow_up_done.map(|(at, _)| ts(at)),
            n.follow_up_done.map(|(_, by)| by)
        ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Open an escalation at `at` with its first history row.
    pub fn escalation(
        &mut self,
        account: i64,
        level: Level,
        reason: &str,
        at: Timestamp,
        due: Timestamp,
        by: &str,
    ) -> Result<i64, Error> {
        // Above every id ever given: an escalation taken back leaves its id unused (migration
        // 012 keeps the highest deleted).
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO escalation (id, account_id, level, reason, opened_at, opened_by, due_at) VALUES ( \
                 max(coalesce((SELECT max(id) FROM escalation), 0), \
                     coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'escalation_deleted_max'), 0)) + 1, \
                 ?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        stmt.execute(params![
            account,
            level.as_str(),
            reason,
            ts(at),
            by,
            ts(due)
        ])?;
        let id = self.tx.last_insert_rowid();
        self.level_change(id, at, None, level, by, None, due)?;
        Ok(id)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn level_change(
        &mut self,
        id: i64,
        at: Timestamp,
        from: Option<Level>,
        to: Level,
        by: &str,
        note: Option<&str>,
        due: Timestamp,
    ) -> Result<(), Error> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO escalation_change (escalation_id, at, from_level, to_level, by, note, due_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        stmt.execute(params![
            id,
            ts(at),
            from.map(|l| l.as_str()),
            to.as_str(),
            by,
            note,
            ts(due)
        ])?;
        let mut stmt = self
            .tx
            .prepare_cached("UPDATE escalation SET level = ?1, due_at = ?2 WHERE id = ?3")?;
        stmt.execute(params![to.as_str(), ts(due), id])?;
        Ok(())
    }

    pub fn resolve(&mut self, id: i64, at: Timestamp, by: &str, note: &str) -> Result<(), Error> {
        let mut stmt = self.tx.prepare_cached(
            "UPDATE escalation SET status = 'resolved', resolved_at = ?1, resolved_by = ?2, resolution = ?3 WHERE id = ?4",
        )?;
        stmt.execute(params![ts(at), by, note, id])?;
        Ok(())
    }

    pub fn tick(
        &mut self,
        account: i64,
        week: &str,
        key: &str,
        at: Timestamp,
        by: &str,
    ) -> Result<(), Error> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO checklist_tick (account_id, week, item, done_at, done_by) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (account_id, week, item) WHERE undone_at IS NULL DO NOTHING",
        )?;
        stmt.execute(params![account, week, key, ts(at), by])?;
        Ok(())
    }

    /// A visit: planned at `created_at`; done on `done_on` (closed at `closed_at`) or still planned.
    #[allow(clippy::too_many_arguments)]
    pub fn visit(
        &mut self,
        account: i64,
        planned_on: Option<NaiveDate>,
        done_on: Option<NaiveDate>,
        note: Option<&str>,
        created_at: Timestamp,
        closed_at: Option<Timestamp>,
        by: &str,
    ) -> Result<(), Error> {
        let status = if done_on.is_some() { "done" } else { "planned" };
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO visit (account_id, planned_on, status, done_on, note, created_at, created_by, closed_at, closed_by) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, CASE WHEN ?8 IS NULL THEN NULL ELSE ?7 END)",
        )?;
        stmt.execute(params![
            account,
            planned_on.map(date_str),
            status,
            done_on.map(date_str),
            note,
            ts(created_at),
            by,
            closed_at.map(ts)
        ])?;
        Ok(())
    }
}
