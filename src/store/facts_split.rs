//! "Facts at t" for the whole portfolio on two connections at once (the machine's second core),
//! as of one snapshot of the file.
//!
//! This connection reads the accounts and what every path reads from the records (escalations,
//! planned visits, complaints, value changes); a second, read-only connection reads what
//! migration 007 keeps per account (`fill`: the status at t, latest review, contact, visit, NPS,
//! last week's ticks) and, for "now", the extras. Each reads in one transaction. Two
//! transactions see the same snapshot when nobody committed between the start of the first and
//! the start of the second: `PRAGMA data_version` of this connection, read before both and after
//! both, tells; when it moved (a colleague wrote during those milliseconds) the answer is thrown
//! away and read again on this connection alone, in one transaction. So the result is exactly
//! the sequential one (tests compare them).

use std::collections::HashMap;

use super::facts::{
    AccountFacts, Moment, Need, NowExtras, Started, account_count, for_each_row, read_accounts,
    read_records,
};
use super::facts_fast::{fill, take_filled};
use super::{Access, Store, from_ts};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::health::HealthFacts;
use crate::error::Error;

/// The facts at t with, when asked for, the extras of "now".
pub type FactsRead = Read<AccountFacts>;

/// The facts at t of every account, each as `S` (`Started`), and the extras when asked for.
type Read<S> = (Vec<S>, Option<HashMap<i64, NowExtras>>);

/// The second connection's part: per account id (in `index`'s positions) the facts `fill`
/// writes, and the extras when asked for.
type Theirs = (
    Vec<(i64, HealthFacts)>,
    HashMap<i64, usize>,
    Option<HashMap<i64, NowExtras>>,
);

impl Store {
    /// `facts_fast(t)` for every account, and `now_extras(t)` when summaries are made of them
    /// (`Need::Summaries`; the trend's baseline, `Need::Health`, reads only what health needs),
    /// read as of one snapshot — on two connections in parallel when this store is a file with
    /// migration 007's tables and no transaction is open here.
    pub fn facts_split(&self, t: Timestamp, cfg: &Config, need: Need) -> Result<FactsRead, Error> {
        self.split(t, cfg, need)
    }

    /// What health at `t` is computed from, per account id (the trend's baseline), read as
    /// `facts_split` reads: each account's id and facts, no account beside them, in no order.
    pub fn health_split(
        &self,
        t: Timestamp,
        cfg: &Config,
    ) -> Result<Vec<(i64, HealthFacts)>, Error> {
        Ok(self.split(t, cfg, Need::Health)?.0)
    }

    fn split<S: Started>(&self, t: Timestamp, cfg: &Config, need: Need) -> Result<Read<S>, Error> {
        let extras = need == Need::Summaries;
        let path = self.file_beside();
        let parallel =
            path.is_some() && self.conn().is_autocommit() && self.has_latest_summaries()?;
        let (Some(path), true) = (path, parallel) else {
            return self.facts_in_one(t, cfg, extras);
        };
        let before = self.data_version()?;
        // Counted once for both connections (only their room depends on it).
        let room = account_count(self.conn())?;
        let cfg_theirs = cfg.clone();
        let theirs = std::thread::spawn(move || -> Result<Theirs, Error> {
            let other = Store::open(&path, &cfg_theirs.store, Access::Read)?;
            other.in_snapshot(|| other.filled(t, &cfg_theirs, extras, room))
        });
        let m = Moment::new(t, cfg, None);
        let mine = self.in_snapshot(|| {
            let (mut out, index) = read_accounts::<S>(self.conn(), &m, true, need, room)?;
            read_records(self.conn(), &m, cfg, &index, &mut out)?;
            Ok(out)
        });
        let theirs = theirs
            .join()
            .map_err(|_| Error::Db("reading the facts on a second connection failed".into()))?;
        let mut out = mine?;
        // The second connection could not open or read (a read-only fallback it cannot take, no
        // file handle left, …): this connection reads it all, as it did before there were two —
        // an error of the file itself surfaces there.
        let Ok((mut slots, index, extras_read)) = theirs else {
            return self.facts_in_one(t, cfg, extras);
        };
        // Written between the two snapshots: read again, alone.
        if self.data_version()? != before || slots.len() != out.len() {
            return self.facts_in_one(t, cfg, extras);
        }
        for f in &mut out {
            let Some(&j) = index.get(&f.id()) else {
                return self.facts_in_one(t, cfg, extras);
            };
            take_filled(f.facts(), &mut slots[j].1);
        }
        Ok((out, extras_read))
    }

    /// The same on this connection alone, in one transaction.
    fn facts_in_one<S: Started>(
        &self,
        t: Timestamp,
        cfg: &Config,
        extras: bool,
    ) -> Result<Read<S>, Error> {
        self.in_snapshot(|| {
            let facts = (self.facts_fast(t, cfg, None)?.into_iter())
                .map(S::from_facts)
                .collect();
            let extras = match extras {
                true => Some(self.now_extras(t, None)?),
                false => None,
            };
            Ok((facts, extras))
        })
    }

    /// The second connection's part (migration 007's tables are there: the caller checked).
    fn filled(
        &self,
        t: Timestamp,
        cfg: &Config,
        extras: bool,
        room: usize,
    ) -> Result<Theirs, Error> {
        let m = Moment::new(t, cfg, None);
        // `fill` replays the status changes over the current status, as `read_accounts` has it.
        let mut slots: Vec<(i64, HealthFacts)> = Vec::with_capacity(room);
        for_each_row(
            self.conn(),
            "SELECT id AS id, status AS status FROM account",
            &m.binds,
            |r| {
                let id: i64 = r.get("id")?;
                let status = r.parse("status")?;
                let started = HealthFacts::started(status, from_ts(0), chrono::NaiveDate::MIN, 0);
                slots.push((id, started));
                Ok(())
            },
        )?;
        let index: HashMap<i64, usize> = slots
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect();
        fill(self.conn(), t, &m.kinds, None, &m.binds, &index, &mut slots)?;
        let extras = match extras {
            true => Some(self.now_extras(t, None)?),
            false => None,
        };
        Ok((slots, index, extras))
    }
}
