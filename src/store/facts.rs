//! The facts the health score needs, for every account at once, as they stood at a moment `t`.
//!
//! A record counts at `t` when it had been written by then (`created_at <= t`) and its own moment is
//! not later (`at <= t`); state changes (resolutions, level changes, unticks, visit closes, status
//! changes) count from their own timestamps. So `facts_at(now - 30 days)` recomputes the past exactly,
//! and the trend needs no snapshot table. A handful of aggregate queries serve all accounts.
//!
//! The rule is written once, in `counts_at` and `live_at`; every query takes its values as bound
//! named parameters (`:t`, `:account`, `:week`, `:kind0`…) and is read by column name, so a query's
//! text never depends on data and a column added to `ACCOUNT_COLS` cannot shift what is read.
//! (One cohesive thing past 400 lines: every fact the score needs, as of one moment, in one pass.)
//! The fast path is in `facts_fast.rs`, what only "now" needs in `extras.rs`.

use std::collections::HashMap;
use std::str::FromStr;

use rusqlite::types::{FromSql, Value};
use rusqlite::{Connection, Row};

use super::accounts::{
    ACCOUNT_COLS, HEALTH_ACCOUNT_COLS, account_from_row, health_account_from_row,
};
pub use super::extras::NowExtras;
use super::{Store, from_ts, parse_stored_date, ts};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::health::{HealthFacts, OpenEscalation};
use crate::domain::{Account, IsoWeek, Scores, Status};
use crate::error::Error;

/// What a portfolio-wide pass reads of each account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Every column of each account, the accounts in name order, and the extras of "now": what
    /// summaries are made of.
    Summaries,
    /// Only what health is computed from — the trend's baseline: each account carries its id,
    /// status, value and dates, and nothing else (`health_account_from_row`); the accounts come
    /// in no particular order; no extras. At 100 000 accounts the names, owners and free text
    /// of every account, and a name sort, are ≈ 80 MB at the cockpit's peak that health never
    /// reads.
    Health,
}

/// One account with its health facts at `t`.
#[derive(Debug, Clone)]
pub struct AccountFacts {
    pub account: Account,
    pub facts: HealthFacts,
}

/// "A record counts at `t`": it had been written by then and its own moment is not later. Reviews
/// and notes carry both moments — a note can be entered today about a call last week, and must not
/// change a past score before it was entered.
pub(super) fn counts_at(alias: &str) -> String {
    format!("{alias}.created_at <= :t AND {alias}.at <= :t")
}

/// A state that lives from `from` until `until` (NULL: still) held at `t`: an open escalation, a
/// resolution later undone, a live tick, a planned visit.
pub(super) fn live_at(from: &str, until: &str) -> String {
    format!("{from} <= :t AND ({until} IS NULL OR {until} > :t)")
}

/// The restriction to one account (`:account`) when the caller asks for one; it is a separate
/// fragment, not `(:account IS NULL OR …)`, because only a plain equality lets SQLite seek.
///
/// The CAST is the identity and keeps the plan, but it is not decoration: for `col = :param` SQLite's
/// planner may peek at the bound value and mark the statement for re-preparation when rebound, and
/// rusqlite's statement cache clears the bindings of every statement it takes back — so such a
/// statement was parsed and planned afresh on every call (6 of the 10 single-account statements,
/// about half of a `summary_of`). An expression on the right is not peeked at.
pub(super) fn only_account(only: Option<i64>, col: &str) -> String {
    match only {
        Some(_) => format!(" AND {col} = CAST(:account AS INTEGER)"),
        None => String::new(),
    }
}

/// The named values of one call. Each statement is bound with the names its text uses, so one set
/// serves every query of the call.
pub(super) struct Binds(pub(super) Vec<(String, Value)>);

impl Binds {
    pub(super) fn new(only: Option<i64>) -> Binds {
        Binds(
            only.map(|id| (":account".to_string(), Value::Integer(id)))
                .into_iter()
                .collect(),
        )
    }

    pub(super) fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Binds {
        self.0.push((name.into(), value.into()));
        self
    }
}

/// Run `sql` (from the connection's statement cache) with `binds`, calling `f` on every row. A
/// parameter the text names but no bind supplies is an error here rather than a silent NULL.
pub(super) fn for_each_row(
    conn: &Connection,
    sql: &str,
    binds: &Binds,
    mut f: impl FnMut(&Named<'_, '_>) -> rusqlite::Result<()>,
) -> Result<(), Error> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut bound = 0;
    for (name, value) in &binds.0 {
        if let Some(i) = stmt.parameter_index(name)? {
            stmt.raw_bind_parameter(i, value)?;
            bound += 1;
        }
    }
    if bound != stmt.parameter_count() {
        return Err(Error::Db(format!(
            "a facts query names a parameter that is not bound: {sql}"
        )));
    }
    let names: Vec<String> = stmt.column_names().map(String::from).collect();
    let mut rows = stmt.raw_query();
    while let Some(row) = rows.next()? {
        f(&Named { row, names: &names })?;
    }
    Ok(())
}

/// A result row read by column name. The names are taken from the statement once: rusqlite's
/// `get("name")` asks SQLite for every column name on every call, which cost 12 % of the
/// instructions of a portfolio-wide `facts_at`.
pub(super) struct Named<'a, 'r> {
    pub(super) row: &'a Row<'r>,
    names: &'a [String],
}

impl Named<'_, '_> {
    fn index(&self, name: &str) -> rusqlite::Result<usize> {
        self.names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| rusqlite::Error::InvalidColumnName(name.to_string()))
    }

    pub(super) fn get<T: FromSql>(&self, name: &str) -> rusqlite::Result<T> {
        self.row.get(self.index(name)?)
    }

    /// A closed-set column; a value tend did not write surfaces as a database error.
    pub(super) fn parse<T: FromStr>(&self, name: &str) -> rusqlite::Result<T> {
        super::parse_at(self.row, self.index(name)?)
    }
}

/// The facts migration 007 keeps a per-account record for (the latest review, contact note, done
/// visit and NPS answer; a week's live ticks), looked up in the records themselves. `facts_at`
/// runs these for every account; the fast path only for the accounts whose stored record does
/// not answer for t.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Latest {
    Review,
    Contact,
    LastVisit,
    Nps,
    /// The previous ISO week's ticks as they stood at t (`:week`).
    Ticks,
}

impl Latest {
    pub(super) const ALL: [Latest; 5] = [
        Latest::Review,
        Latest::Contact,
        Latest::LastVisit,
        Latest::Nps,
        Latest::Ticks,
    ];

    /// The query, with `kinds` contact kinds bound as `:kind0`…; each row names its `account_id`.
    pub(super) fn sql(self, kinds: usize, only: Option<i64>) -> String {
        match self {
            // One index seek per account (review_by_account).
            Latest::Review => format!(
                "SELECT a.id AS account_id, r.at AS at, r.performance AS performance, r.relationship AS relationship, \
                 r.outlook AS outlook, r.engagement AS engagement FROM account a \
                 JOIN review r ON r.id = (SELECT rv.id FROM review rv WHERE rv.account_id = a.id AND {} \
                                          ORDER BY rv.at DESC, rv.id DESC LIMIT 1) WHERE 1 = 1{}",
                counts_at("rv"),
                only_account(only, "a.id")
            ),
            // Per account and contact kind one backwards seek in note_contact. One subquery per
            // kind rather than `kind IN (…)`: MAX over an IN list reads every note of those
            // kinds, the per-kind `ORDER BY … LIMIT 1` reads one index entry each. The CAST keeps
            // the statement from being re-prepared on every call (see `only_account`).
            Latest::Contact => {
                let columns: Vec<String> = (0..kinds)
                    .map(|i| {
                        format!(
                            "(SELECT n.at FROM note n WHERE n.account_id = a.id AND n.kind = CAST(:kind{i} AS TEXT) AND {} \
                             ORDER BY n.at DESC LIMIT 1) AS contact{i}_at",
                            counts_at("n")
                        )
                    })
                    .collect();
                format!(
                    "SELECT a.id AS account_id, {} FROM account a WHERE 1 = 1{}",
                    if columns.is_empty() {
                        "NULL AS no_contact_kind".to_string()
                    } else {
                        columns.join(", ")
                    },
                    only_account(only, "a.id")
                )
            }
            Latest::LastVisit => format!(
                "SELECT account_id AS account_id, MAX(done_on) AS last_done_on FROM visit \
                 WHERE status = 'done' AND closed_at <= :t{} GROUP BY account_id",
                only_account(only, "account_id")
            ),
            // From the index alone (checklist_by_week covers it), in item order per account.
            Latest::Ticks => format!(
                "SELECT account_id AS account_id, item AS item FROM checklist_tick WHERE week = :week AND {}{}",
                live_at("done_at", "undone_at"),
                only_account(only, "account_id")
            ),
            // One seek per account in the partial index note_nps.
            Latest::Nps => format!(
                "SELECT a.id AS account_id, n.at AS at, n.nps AS nps FROM account a \
                 JOIN note n ON n.id = (SELECT nn.id FROM note nn WHERE nn.account_id = a.id AND nn.nps IS NOT NULL AND {} \
                                        ORDER BY nn.at DESC, nn.id DESC LIMIT 1) WHERE 1 = 1{}",
                counts_at("nn"),
                only_account(only, "a.id")
            ),
        }
    }

    pub(super) fn read(
        self,
        r: &Named<'_, '_>,
        f: &mut HealthFacts,
        kinds: usize,
    ) -> rusqlite::Result<()> {
        match self {
            Latest::Review => {
                f.review = Some((
                    from_ts(r.get("at")?),
                    Scores {
                        performance: r.get("performance")?,
                        relationship: r.get("relationship")?,
                        outlook: r.get("outlook")?,
                        engagement: r.get("engagement")?,
                    },
                ));
            }
            Latest::Contact => {
                let mut latest: Option<i64> = None;
                for i in 0..kinds {
                    latest = latest.max(r.get::<Option<i64>>(&format!("contact{i}_at"))?);
                }
                f.last_contact = latest.map(from_ts);
            }
            Latest::LastVisit => {
                f.last_visit = Some(parse_stored_date(&r.get::<String>("last_done_on")?));
            }
            Latest::Nps => f.latest_nps = Some((from_ts(r.get("at")?), r.get("nps")?)),
            Latest::Ticks => f.previous_week_ticked.insert(&r.get::<String>("item")?),
        }
        Ok(())
    }
}

impl Store {
    /// Facts at `t` for every account (or only `only`), churned ones included; in name order.
    /// The reference: every fact is looked up in the records themselves.
    pub fn facts_at(
        &self,
        t: Timestamp,
        cfg: &Config,
        only: Option<i64>,
    ) -> Result<Vec<AccountFacts>, Error> {
        self.facts(t, cfg, only, false)
    }

    /// Exactly `facts_at(t)`, read from the per-account latest records of migration 007 where
    /// they answer for `t` (always, when nothing is dated after `t`), else by the same seeks as
    /// `facts_at`, account by account (`facts_fast.rs`). A database below v7 opened read-only has
    /// no such tables: it is read by `facts_at`.
    pub fn facts_fast(
        &self,
        t: Timestamp,
        cfg: &Config,
        only: Option<i64>,
    ) -> Result<Vec<AccountFacts>, Error> {
        let fast = self.has_latest_summaries()?;
        self.facts(t, cfg, only, fast)
    }

    fn facts(
        &self,
        t: Timestamp,
        cfg: &Config,
        only: Option<i64>,
        fast: bool,
    ) -> Result<Vec<AccountFacts>, Error> {
        let m = Moment::new(t, cfg, only);
        let conn = self.conn();
        let room = match only {
            Some(_) => 1,
            None => account_count(conn)?,
        };
        let (mut out, index) = read_accounts(conn, &m, fast, Need::Summaries, room)?;
        // The latest review, contact note, done visit and NPS answer at t (per account an index
        // seek each here) and the previous week's ticks; the fast path reads them from
        // migration 007's tables.
        if fast {
            super::facts_fast::fill(conn, t, &m.kinds, only, &m.binds, &index, &mut out)?;
        } else {
            for lookup in Latest::ALL {
                let sql = lookup.sql(m.kinds.len(), only);
                for_each_account(conn, &sql, &m.binds, &index, &mut out, |r, f| {
                    lookup.read(r, f, m.kinds.len())
                })?;
            }
        }
        read_records(conn, &m, cfg, &index, &mut out)?;
        Ok(out)
    }
}

/// One call's moment, the contact kinds and the named values every query of the call binds.
pub(super) struct Moment {
    pub(super) t: Timestamp,
    pub(super) only: Option<i64>,
    pub(super) kinds: Vec<String>,
    pub(super) binds: Binds,
}

impl Moment {
    pub(super) fn new(t: Timestamp, cfg: &Config, only: Option<i64>) -> Moment {
        let kinds = cfg.health.silence.contact_kinds.clone();
        let previous = IsoWeek::at(t).previous();
        let mut binds = Binds::new(only)
            .with(":t", ts(t))
            .with(":week", previous.to_string());
        for (i, kind) in kinds.iter().enumerate() {
            binds = binds.with(format!(":kind{i}"), kind.clone());
        }
        Moment {
            t,
            only,
            kinds,
            binds,
        }
    }
}

/// The accounts (in name order) with their facts started: the status at t (the fast path reads
/// the current one here and `fill` replays the changes), the creation, the value; and the index
/// from account id to position.
pub(super) fn read_accounts<S: Started>(
    conn: &Connection,
    m: &Moment,
    fast: bool,
    need: Need,
    room: usize,
) -> Result<(Vec<S>, HashMap<i64, usize>), Error> {
    let (only, binds) = (m.only, &m.binds);

    // Room for as many as there are (`room`, from `account_count`; a count that moved since
    // only costs a reallocation): grown by pushing, the vector held room for up to twice the
    // accounts (≈ 12 MB at 100 000).
    let mut out: Vec<S> = Vec::with_capacity(room);
    let mut index: HashMap<i64, usize> = HashMap::with_capacity(room);
    // The status at t: the last change by t, else the value the first later change replaced,
    // else the current one.
    // (The fast path reads the status column here and replays the status changes below.)
    // It also reads the accounts in table order and sorts them by name here: walking the
    // name index costs a table seek per account.
    // Health needs no name order (`Need::Health`).
    let name_order = fast && need == Need::Summaries;
    let (status_at, order) = if fast {
        let name_key = if name_order {
            "account.name_key AS name_key, "
        } else {
            ""
        };
        (format!("{name_key}account.status"), "")
    } else {
        (
            "COALESCE((SELECT ev.new_value FROM account_event ev WHERE ev.account_id = account.id AND ev.field = 'status' AND ev.at <= :t ORDER BY ev.at DESC, ev.id DESC LIMIT 1), \
                      (SELECT ev.old_value FROM account_event ev WHERE ev.account_id = account.id AND ev.field = 'status' AND ev.at > :t ORDER BY ev.at, ev.id LIMIT 1), \
                      account.status)".to_string(), " ORDER BY name_key")
    };
    let mut name_keys: Vec<String> = Vec::new();
    let (cols, from_row): (&str, fn(&Row<'_>) -> rusqlite::Result<Account>) = match need {
        Need::Summaries => (ACCOUNT_COLS, account_from_row),
        Need::Health => (HEALTH_ACCOUNT_COLS, health_account_from_row),
    };
    for_each_row(
        conn,
        &format!(
            "SELECT {cols}, {status_at} AS status_at \
                 FROM account WHERE 1 = 1{}{order}",
            only_account(only, "account.id")
        ),
        binds,
        |r| {
            let account = from_row(r.row)?;
            let status: Status = r.parse("status_at")?;
            if name_order {
                name_keys.push(r.get("name_key")?);
            }
            let facts = HealthFacts::started(
                status,
                account.created_at,
                account.client_since,
                account.value_cents,
            );
            out.push(S::started(account, facts));
            Ok(())
        },
    )?;
    if name_order {
        // Byte order of the keys: SQLite's BINARY collation, which `ORDER BY name_key` uses.
        // Reordered in place: a second vector of the facts was ≈ 55 MB more at the peak of
        // 100 000 accounts.
        let mut order: Vec<usize> = (0..out.len()).collect();
        order.sort_unstable_by(|&a, &b| name_keys[a].cmp(&name_keys[b]));
        drop(name_keys);
        crate::domain::sorted::permute(&mut out, order);
    }
    for (i, f) in out.iter().enumerate() {
        index.insert(f.id(), i);
    }
    Ok((out, index))
}

/// What a portfolio-wide read makes of each account: its facts with the whole account
/// (`AccountFacts`, what summaries are made of), or with its id alone (`(i64, HealthFacts)`,
/// what the trend's baseline needs: at 100 000 accounts the accounts beside it were 18 MB).
pub(super) trait Started: super::facts_fast::Slot + Sized {
    fn started(account: Account, facts: HealthFacts) -> Self;
    fn id(&self) -> i64;
    /// From what the single-connection read gives.
    fn from_facts(f: AccountFacts) -> Self;
}

impl Started for AccountFacts {
    fn started(account: Account, facts: HealthFacts) -> Self {
        AccountFacts { account, facts }
    }
    fn id(&self) -> i64 {
        self.account.id
    }
    fn from_facts(f: AccountFacts) -> Self {
        f
    }
}

impl Started for (i64, HealthFacts) {
    fn started(account: Account, facts: HealthFacts) -> Self {
        (account.id, facts)
    }
    fn id(&self) -> i64 {
        self.0
    }
    fn from_facts(f: AccountFacts) -> Self {
        (f.account.id, f.facts)
    }
}

/// How many accounts there are: the room a portfolio-wide read takes.
pub(super) fn account_count(conn: &Connection) -> Result<usize, Error> {
    let n: i64 = conn.query_row("SELECT count(*) FROM account", [], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Run `sql` (its rows name their account `account_id`) and give `f` each row with that
/// account's facts; rows of accounts not in `index` are passed over.
fn for_each_account<S: super::facts_fast::Slot>(
    conn: &Connection,
    sql: &str,
    binds: &Binds,
    index: &HashMap<i64, usize>,
    out: &mut [S],
    mut f: impl FnMut(&Named<'_, '_>, &mut HealthFacts) -> rusqlite::Result<()>,
) -> Result<(), Error> {
    for_each_row(conn, sql, binds, |r| {
        match index.get(&r.get::<i64>("account_id")?) {
            Some(&i) => f(r, out[i].facts()),
            None => Ok(()),
        }
    })
}

/// What every path reads from the records themselves: the escalations open at t, the visit
/// planned at t, the complaints of the window and the value with its changes.
pub(super) fn read_records<S: super::facts_fast::Slot>(
    conn: &Connection,
    m: &Moment,
    cfg: &Config,
    index: &HashMap<i64, usize>,
    out: &mut [S],
) -> Result<(), Error> {
    let (t, only, binds) = (m.t, m.only, &m.binds);
    // Every further query names its account `account_id` and fills that account's facts.
    let mut each = |sql: String,
                    f: &mut dyn FnMut(&Named<'_, '_>, &mut HealthFacts) -> rusqlite::Result<()>|
     -> Result<(), Error> { for_each_account(conn, &sql, binds, index, out, f) };

    // Escalations open at t, with the level and due time they had at t, by id whatever index
    // finds them (escalation_live for all accounts, escalation_by_account for one).
    each(
        format!(
            "SELECT e.account_id AS account_id, e.id AS id, c.to_level AS level, c.due_at AS due_at FROM escalation e \
                 JOIN escalation_change c ON c.id = (SELECT ch.id FROM escalation_change ch WHERE ch.escalation_id = e.id AND ch.at <= :t \
                                                     ORDER BY ch.at DESC, ch.id DESC LIMIT 1) \
                 WHERE {} \
                 AND NOT EXISTS (SELECT 1 FROM escalation_reopen r WHERE r.escalation_id = e.id AND {}){} \
                 ORDER BY e.id",
            live_at("e.opened_at", "e.resolved_at"),
            live_at("r.resolved_at", "r.reopened_at"),
            only_account(only, "e.account_id")
        ),
        &mut |r, f| {
            f.open_escalations.push(OpenEscalation {
                id: r.get("id")?,
                level: r.parse("level")?,
                due_at: from_ts(r.get("due_at")?),
            });
            Ok(())
        },
    )?;

    // Visits planned at t (created, not yet closed): two ranges of visit_by_closed, which holds
    // everything read here (migration 010).
    each(
        format!(
            "SELECT account_id AS account_id, planned_on AS planned_on FROM visit WHERE planned_on IS NOT NULL AND {}{} \
                 ORDER BY created_at, id",
            live_at("created_at", "closed_at"),
            only_account(only, "account_id")
        ),
        &mut |r, f| {
            f.planned_visit = Some(parse_stored_date(&r.get::<String>("planned_on")?));
            Ok(())
        },
    )?;

    // Complaint notes of the window (`complaints_read_from`): one range of note_complaint
    // (migration 010). The CAST keeps the statement from being re-prepared (`only_account`).
    let from = crate::domain::health::complaints_read_from(t, cfg);
    for_each_row(
        conn,
        &format!(
            "SELECT a.id AS account_id, n.at AS at FROM account a JOIN note n ON n.account_id = a.id \
                 AND n.kind = 'complaint' AND {} AND n.at >= CAST(:complaints_from AS INTEGER) WHERE 1 = 1{} \
                 ORDER BY n.at, n.id",
            counts_at("n"),
            only_account(only, "a.id")
        ),
        &Binds(binds.0.clone()).with(":complaints_from", ts(from)),
        |r| {
            if let Some(&i) = index.get(&r.get::<i64>("account_id")?) {
                out[i].facts().complaints.push(from_ts(r.get("at")?));
            }
            Ok(())
        },
    )?;

    // The monthly value as it stood at t, and its recorded changes up to t (budget cuts): a
    // change after t started from the value at t.
    let mut later_seen: std::collections::HashSet<i64> = std::collections::HashSet::new();
    for_each_row(
        conn,
        &format!(
            "SELECT account_id AS account_id, at AS at, old_value AS old_value, new_value AS new_value \
                 FROM account_event WHERE field = 'value_cents'{} ORDER BY account_id, at, id",
            only_account(only, "account_id")
        ),
        binds,
        |r| {
            let id: i64 = r.get("account_id")?;
            let Some(&i) = index.get(&id) else {
                return Ok(());
            };
            let at: i64 = r.get("at")?;
            let cents = |v: Option<String>| v.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
            let (old, new) = (cents(r.get("old_value")?), cents(r.get("new_value")?));
            if at <= ts(t) {
                out[i].facts().value_changes.push((from_ts(at), old, new));
            } else if later_seen.insert(id) {
                out[i].facts().value_cents = old;
            }
            Ok(())
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_parameter_without_a_value_is_an_error_not_null() {
        let store = Store::in_memory().unwrap();
        let binds = Binds::new(None).with(":t", 0_i64);
        let mut seen = 0;
        for_each_row(store.conn(), "SELECT :t AS t", &binds, |r| {
            seen += r.get::<i64>("t")? + 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, 1);
        let unbound = for_each_row(store.conn(), "SELECT :t, :week", &binds, |_| Ok(()));
        assert!(unbound.is_err());
    }
}
