//! Which accounts changed since a reader last looked (migration 009's `account_change`, kept by
//! triggers inside every write transaction).

use super::Store;
use crate::error::Error;

/// The change log as one reader saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The largest sequence number written: the next `changes_since` starts here.
    pub seq: i64,
    /// Accounts whose records changed after the sequence asked for (deleted ones included).
    pub accounts: Vec<i64>,
    /// Something not of one account changed (a snooze of an item no record names: migration
    /// 011), or a bulk write happened, or the log went back (the file was replaced): read
    /// everything again.
    pub everything: bool,
}

/// The `account_change` id that stands for the whole portfolio (see migration 009).
const PORTFOLIO: i64 = 0;

impl Store {
    /// The largest sequence number in the change log; `None` on a database without one (older
    /// than v9, opened read-only: nothing can be read incrementally there).
    pub fn change_seq(&self) -> Result<Option<i64>, Error> {
        if !self.has_change_log()? {
            return Ok(None);
        }
        let seq = self.conn().query_row(
            "SELECT coalesce(max(seq), 0) FROM account_change",
            [],
            |r| r.get(0),
        )?;
        Ok(Some(seq))
    }

    /// The accounts changed after sequence `seen`, read in one statement (one snapshot) with the
    /// largest sequence number. Read it before the records it sends you to: a commit after this
    /// read has a larger number and is found by the next call.
    pub fn changes_since(&self, seen: i64) -> Result<Option<Changes>, Error> {
        if !self.has_change_log()? {
            return Ok(None);
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT NULL, coalesce(max(seq), 0) FROM account_change \
             UNION ALL SELECT account_id, seq FROM account_change WHERE seq > ?1",
        )?;
        let mut rows = stmt.query([seen])?;
        let mut changes = Changes {
            seq: seen,
            accounts: Vec::new(),
            everything: false,
        };
        while let Some(r) = rows.next()? {
            match r.get::<_, Option<i64>>(0)? {
                None => {
                    let max: i64 = r.get(1)?;
                    changes.everything |= max < seen;
                    changes.seq = max;
                }
                Some(PORTFOLIO) => changes.everything = true,
                Some(id) => changes.accounts.push(id),
            }
        }
        Ok(Some(changes))
    }

    fn has_change_log(&self) -> Result<bool, Error> {
        self.has_table("account_change")
    }
}
