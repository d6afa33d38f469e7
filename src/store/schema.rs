//! The schema: numbered migrations that upgrade a database in place, and the stand-ins that let
//! this binary read an older database without writing to it.

use super::{APPLICATION_ID, Store};
use crate::error::Error;

/// Numbered migrations, applied in order inside one write transaction; `user_version` counts them.
pub(super) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_covering_indexes.sql"),
    include_str!("migrations/003_escalation_reopen.sql"),
    include_str!("migrations/004_method_complete.sql"),
    include_str!("migrations/005_today.sql"),
    include_str!("migrations/006_note_search.sql"),
    include_str!("migrations/007_latest_summaries.sql"),
    include_str!("migrations/008_note_ids_never_reused.sql"),
    include_str!("migrations/009_account_changes.sql"),
    include_str!("migrations/010_first_frame_indexes.sql"),
    include_str!("migrations/011_snooze_names_its_account.sql"),
    include_str!("migrations/012_escalation_ids_never_reused.sql"),
];

/// The schema version this binary migrates to (`PRAGMA user_version` of an up-to-date database).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

impl Store {
    /// A database of an older schema opened for reading is not migrated (reads never write): the
    /// tables later migrations add are stood in for by empty TEMP tables, which live in this
    /// connection's memory only, so every read works on it.
    pub(super) fn read_compat(&self) -> Result<(), Error> {
        let current = self.schema_version()?;
        if current > 0 && current < 3 {
            let sql = include_str!("migrations/003_escalation_reopen.sql")
                .replace("CREATE TABLE", "CREATE TEMP TABLE")
                .replace(
                    "CREATE INDEX escalation_reopen_by_escalation ON escalation_reopen",
                    "CREATE INDEX temp.escalation_reopen_by_escalation ON escalation_reopen",
                )
                .replace("REFERENCES escalation(id) ON DELETE CASCADE", "");
            self.conn.execute_batch(&sql)?;
        }
        if current > 0 && current < 4 {
            // Temp views shadow the tables (unqualified names resolve to `temp` first) and add the
            // columns migration 004 brings, empty.
            self.conn.execute_batch(
                "CREATE TEMP VIEW account AS SELECT *, CASE WHEN status = 'churned' THEN 'other' END AS churn_category, \
                 NULL AS referred_by FROM main.account; \
                 CREATE TEMP VIEW contact AS SELECT *, NULL AS birthday, NULL AS channel, NULL AS best_time, \
                 NULL AS personal FROM main.contact;",
            )?;
        }
        if current > 0 && current < 5 {
            self.conn.execute_batch(
                "CREATE TEMP VIEW note AS SELECT *, NULL AS follow_up, NULL AS follow_up_done_at, \
                 NULL AS follow_up_done_by FROM main.note; \
                 CREATE TEMP TABLE snooze (id INTEGER PRIMARY KEY, item TEXT NOT NULL, until TEXT NOT NULL, \
                 reason TEXT NOT NULL, at INTEGER NOT NULL, by TEXT NOT NULL, cleared_at INTEGER, cleared_by TEXT);",
            )?;
        }
        Ok(())
    }

    pub(super) fn migrate(&self) -> Result<(), Error> {
        let current = self.schema_version()?;
        let latest = MIGRATIONS.len() as i64;
        if current > latest {
            return Err(Error::Db(format!(
                "database schema v{current} is newer than this tend (v{latest}): update tend"
            )));
        }
        if current == latest {
            return Ok(());
        }
        self.write(|tx| {
            // Re-read inside the write lock: another process may have migrated meanwhile.
            let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
                tx.execute_batch(sql)?;
                tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            Ok(())
        })
    }
}
