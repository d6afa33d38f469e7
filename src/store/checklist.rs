//! Weekly checklist ticks. Unticking keeps the tick's history (undone_at) so past weeks can be
//! recomputed as they stood.

use rusqlite::{OptionalExtension, params};

use super::{Store, from_ts, ts};
use crate::clock::Timestamp;
use crate::domain::{IsoWeek, Tick};
use crate::error::Error;

impl Store {
    /// Tick `key` in `week`; `false` when it was ticked already (a harmless no-op).
    pub fn tick(
        &self,
        account_id: i64,
        week: IsoWeek,
        key: &str,
        by: &str,
        now: Timestamp,
    ) -> Result<bool, Error> {
        self.write(|tx| {
            let n = tx.execute(
                "INSERT INTO checklist_tick (account_id, week, item, done_at, done_by) VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT (account_id, week, item) WHERE undone_at IS NULL DO NOTHING",
                params![account_id, week.to_string(), key, ts(now), by],
            )?;
            Ok(n > 0)
        })
    }

    /// Untick `key` in `week`; `false` when it was not ticked (a harmless no-op).
    pub fn untick(
        &self,
        account_id: i64,
        week: IsoWeek,
        key: &str,
        by: &str,
        now: Timestamp,
    ) -> Result<bool, Error> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE checklist_tick SET undone_at = ?1, undone_by = ?2 \
                 WHERE account_id = ?3 AND week = ?4 AND item = ?5 AND undone_at IS NULL",
                params![ts(now), by, account_id, week.to_string(), key],
            )?;
            Ok(n > 0)
        })
    }

    /// The live ticks of one account and week.
    pub fn ticks(&self, account_id: i64, week: IsoWeek) -> Result<Vec<Tick>, Error> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT item, done_at, done_by FROM checklist_tick WHERE account_id = ?1 AND week = ?2 AND undone_at IS NULL ORDER BY done_at, id",
        )?;
        let rows = stmt.query_map(params![account_id, week.to_string()], |r| {
            Ok(Tick {
                account_id,
                week,
                key: r.get(0)?,
                done_at: from_ts(r.get(1)?),
                done_by: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Live ticks of the given weeks: (account id, week, item key).
    pub fn ticks_in_weeks(&self, weeks: &[IsoWeek]) -> Result<Vec<(i64, String, String)>, Error> {
        let mut out = Vec::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT account_id, week, item FROM checklist_tick WHERE week = ?1 AND undone_at IS NULL",
        )?;
        for w in weeks {
            let rows =
                stmt.query_map([w.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
    }

    pub fn is_ticked(&self, account_id: i64, week: IsoWeek, key: &str) -> Result<bool, Error> {
        Ok(self
            .conn()
            .query_row(
                "SELECT 1 FROM checklist_tick WHERE account_id = ?1 AND week = ?2 AND item = ?3 AND undone_at IS NULL",
                params![account_id, week.to_string(), key],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}
