//! The fast path of "facts at t" (`Store::facts_fast`): the latest review, contact note, done visit
//! and NPS answer and the previous week's ticks of every account read from migration 007's tables
//! in one scan each, and the status at t replayed from the status changes in one scan.
//!
//! A stored row is the latest of ALL the account's records (by the same order `facts_at` uses),
//! so when that record counts at t it is also the latest of the records that count at t: the
//! answer, exactly. When it does not (it was written or dated after t: `TEND_NOW` in the past, a
//! note dated ahead, the trend's "30 days ago"), that account is looked up by `facts_at`'s own
//! lookup, for the accounts that need it only (one statement over their ids per fact). So the result is `facts_at(t)` whatever the records hold; the
//! property test in tests/facts_fast.rs compares the two on random histories.

use std::collections::HashMap;

use rusqlite::Connection;

use super::facts::{AccountFacts, Binds, Latest, counts_at, for_each_row, live_at, only_account};
use super::{Store, from_ts, parse_stored_date, ts};
use crate::clock::Timestamp;
use crate::domain::health::HealthFacts;
use crate::domain::{Scores, Status};
use crate::error::Error;

impl Store {
    /// Whether this database keeps migration 007's latest records (an older one opened
    /// read-only does not: it is read the slow way, and nothing is written to it).
    pub(super) fn has_latest_summaries(&self) -> Result<bool, Error> {
        self.has_table("tick_week")
    }
}

/// Where `fill` writes: an account's facts (the sequential path), or an account id with facts of
/// its own (the second connection of `Store::facts_split`, merged by `take_filled`).
pub(super) trait Slot {
    fn facts(&mut self) -> &mut HealthFacts;
}

impl Slot for AccountFacts {
    fn facts(&mut self) -> &mut HealthFacts {
        &mut self.facts
    }
}

impl Slot for (i64, HealthFacts) {
    fn facts(&mut self) -> &mut HealthFacts {
        &mut self.1
    }
}

/// Move what `fill` writes (the status at t, the latest review, contact, done visit and NPS
/// answer, the previous week's ticks) from `from` into `to`.
pub(super) fn take_filled(to: &mut HealthFacts, from: &mut HealthFacts) {
    to.status = from.status;
    to.review = from.review.take();
    to.last_contact = from.last_contact.take();
    to.last_visit = from.last_visit.take();
    to.latest_nps = from.latest_nps.take();
    to.previous_week_ticked = std::mem::take(&mut from.previous_week_ticked);
}

/// Fill the status at t and the four `Latest` facts of `out` (the accounts `index` maps).
pub(super) fn fill<S: Slot>(
    conn: &Connection,
    t: Timestamp,
    kinds: &[String],
    only: Option<i64>,
    binds: &Binds,
    index: &HashMap<i64, usize>,
    out: &mut [S],
) -> Result<(), Error> {
    let at_t = ts(t);
    let counts = |at: i64, created_at: i64| at <= at_t && created_at <= at_t;
    let filter = only_account(only, "account_id");
    // Accounts to look up the slow way, per fact.
    let mut slow: Vec<(Latest, i64)> = Vec::new();

    status_at(conn, at_t, only, binds, index, out)?;

    for_each_row(
        conn,
        &format!(
            "SELECT account_id AS account_id, at AS at, created_at AS created_at, performance AS performance, \
             relationship AS relationship, outlook AS outlook, engagement AS engagement \
             FROM review_latest WHERE 1 = 1{filter}"
        ),
        binds,
        |r| {
            let id: i64 = r.get("account_id")?;
            let Some(&i) = index.get(&id) else {
                return Ok(());
            };
            let at: i64 = r.get("at")?;
            if counts(at, r.get("created_at")?) {
                out[i].facts().review = Some((
                    from_ts(at),
                    Scores {
                        performance: r.get("performance")?,
                        relationship: r.get("relationship")?,
                        outlook: r.get("outlook")?,
                        engagement: r.get("engagement")?,
                    },
                ));
            } else {
                slow.push((Latest::Review, id));
            }
            Ok(())
        },
    )?;

    // The latest contact: the latest of each contact kind, one range of note_latest per kind.
    // A kind whose stored note does not count at t is looked up for that account and that kind
    // only (below); the account's last contact is the latest over its kinds either way.
    let mut contact: Vec<Option<i64>> = vec![None; out.len()];
    let mut contact_slow: Vec<Vec<i64>> = vec![Vec::new(); kinds.len()];
    for (k, kind) in kinds.iter().enumerate() {
        for_each_row(
            conn,
            &format!(
                "SELECT account_id AS account_id, at AS at, created_at AS created_at \
                 FROM note_latest WHERE kind = CAST(:kind AS TEXT){filter}"
            ),
            &Binds(binds.0.clone()).with(":kind", kind.clone()),
            |r| {
                let id: i64 = r.get("account_id")?;
                let Some(&i) = index.get(&id) else {
                    return Ok(());
                };
                let at: i64 = r.get("at")?;
                if counts(at, r.get("created_at")?) {
                    contact[i] = contact[i].max(Some(at));
                } else {
                    contact_slow[k].push(id);
                }
                Ok(())
            },
        )?;
    }
    for (kind, ids) in kinds.iter().zip(&contact_slow) {
        if ids.is_empty() {
            continue;
        }
        let sql = format!(
            "SELECT j.value AS account_id, (SELECT n.at FROM note n WHERE n.account_id = j.value \
             AND n.kind = CAST(:kind AS TEXT) AND {} ORDER BY n.at DESC LIMIT 1) AS at \
             FROM json_each(:ids) j",
            counts_at("n")
        );
        let binds = with_ids(binds, ids).with(":kind", kind.clone());
        for_each_row(conn, &sql, &binds, |r| {
            if let Some(&i) = index.get(&r.get::<i64>("account_id")?) {
                contact[i] = contact[i].max(r.get::<Option<i64>>("at")?);
            }
            Ok(())
        })?;
    }
    for (i, f) in out.iter_mut().enumerate() {
        f.facts().last_contact = contact[i].map(from_ts);
    }

    for_each_row(
        conn,
        &format!(
            "SELECT account_id AS account_id, done_on AS done_on, closed_at AS closed_at \
             FROM visit_latest_done WHERE 1 = 1{filter}"
        ),
        binds,
        |r| {
            let id: i64 = r.get("account_id")?;
            if !index.contains_key(&id) {
                return Ok(());
            }
            let done_on: Option<String> = r.get("done_on")?;
            let closed_at: Option<i64> = r.get("closed_at")?;
            match (done_on, closed_at) {
                (Some(done_on), Some(closed_at)) if closed_at <= at_t => {
                    out[index[&id]].facts().last_visit = Some(parse_stored_date(&done_on));
                }
                _ => slow.push((Latest::LastVisit, id)),
            }
            Ok(())
        },
    )?;

    for_each_row(
        conn,
        &format!(
            "SELECT account_id AS account_id, at AS at, created_at AS created_at, nps AS nps \
             FROM nps_latest WHERE 1 = 1{filter}"
        ),
        binds,
        |r| {
            let id: i64 = r.get("account_id")?;
            let Some(&i) = index.get(&id) else {
                return Ok(());
            };
            let at: i64 = r.get("at")?;
            if counts(at, r.get("created_at")?) {
                out[i].facts().latest_nps = Some((from_ts(at), r.get("nps")?));
            } else {
                slow.push((Latest::Nps, id));
            }
            Ok(())
        },
    )?;

    // The previous week's ticks: the live ones, when no tick of that week changed after t.
    for_each_row(
        conn,
        &format!(
            "SELECT account_id AS account_id, items AS items, changed_at AS changed_at \
             FROM tick_week WHERE week = :week{filter}"
        ),
        binds,
        |r| {
            let id: i64 = r.get("account_id")?;
            let Some(&i) = index.get(&id) else {
                return Ok(());
            };
            if r.get::<i64>("changed_at")? <= at_t {
                out[i].facts().previous_week_ticked = tick_items(r.get("items")?)?;
            } else {
                slow.push((Latest::Ticks, id));
            }
            Ok(())
        },
    )?;

    // The slow way for the accounts whose stored record does not count at t: `facts_at`'s
    // lookup for exactly those accounts (`:ids`), in one statement per fact.
    for lookup in [
        Latest::Review,
        Latest::LastVisit,
        Latest::Nps,
        Latest::Ticks,
    ] {
        let ids: Vec<i64> = slow
            .iter()
            .filter(|(l, _)| *l == lookup)
            .map(|&(_, id)| id)
            .collect();
        if ids.is_empty() {
            continue;
        }
        let Some(sql) = slow_sql(lookup) else {
            continue;
        };
        let binds = with_ids(binds, &ids);
        for_each_row(conn, &sql, &binds, |r| {
            let Some(&i) = index.get(&r.get::<i64>("account_id")?) else {
                return Ok(());
            };
            match lookup {
                // No done visit closed by t: none.
                Latest::LastVisit => {
                    out[i].facts().last_visit = r
                        .get::<Option<String>>("last_done_on")?
                        .map(|d| parse_stored_date(&d));
                    Ok(())
                }
                _ => lookup.read(r, out[i].facts(), kinds.len()),
            }
        })?;
    }
    Ok(())
}

/// `binds` and the accounts `ids` as a JSON array (`:ids`, read by `json_each`).
fn with_ids(binds: &Binds, ids: &[i64]) -> Binds {
    Binds(binds.0.clone()).with(":ids", super::id_array(ids))
}

/// `facts_at`'s lookup of a `Latest` fact (`Latest::sql`) for the accounts in `:ids` only, one
/// index seek per account (the contact kinds are looked up in `fill`, per kind).
fn slow_sql(lookup: Latest) -> Option<String> {
    Some(match lookup {
        Latest::Review => format!(
            "SELECT j.value AS account_id, r.at AS at, r.performance AS performance, \
             r.relationship AS relationship, r.outlook AS outlook, r.engagement AS engagement \
             FROM json_each(:ids) j JOIN review r ON r.id = (SELECT rv.id FROM review rv \
             WHERE rv.account_id = j.value AND {} ORDER BY rv.at DESC, rv.id DESC LIMIT 1)",
            counts_at("rv")
        ),
        Latest::Nps => format!(
            "SELECT j.value AS account_id, n.at AS at, n.nps AS nps \
             FROM json_each(:ids) j JOIN note n ON n.id = (SELECT nn.id FROM note nn \
             WHERE nn.account_id = j.value AND nn.nps IS NOT NULL AND {} \
             ORDER BY nn.at DESC, nn.id DESC LIMIT 1)",
            counts_at("nn")
        ),
        Latest::LastVisit => "SELECT j.value AS account_id, (SELECT MAX(v.done_on) FROM visit v \
             WHERE v.status = 'done' AND v.account_id = j.value AND v.closed_at <= :t) AS last_done_on \
             FROM json_each(:ids) j"
            .to_string(),
        Latest::Ticks => format!(
            "SELECT account_id AS account_id, item AS item FROM checklist_tick \
             WHERE week = :week AND account_id IN (SELECT value FROM json_each(:ids)) AND {}",
            live_at("done_at", "undone_at")
        ),
        Latest::Contact => return None,
    })
}

/// The status at t, as `facts_at` has it: the new value of the last change by t, else the old
/// value of the first change after t, else the current status (`out` holds the current one).
fn status_at<S: Slot>(
    conn: &Connection,
    at_t: i64,
    only: Option<i64>,
    binds: &Binds,
    index: &HashMap<i64, usize>,
    out: &mut [S],
) -> Result<(), Error> {
    // Per account: (new value of the last change by t, old value of the first change after t);
    // the outer None: no such change, the inner: a change that stored NULL.
    type Candidates = (Option<Option<String>>, Option<Option<String>>);
    let mut seen: HashMap<i64, Candidates> = HashMap::new();
    for_each_row(
        conn,
        &format!(
            "SELECT account_id AS account_id, at AS at, old_value AS old_value, new_value AS new_value \
             FROM account_event WHERE field = 'status'{} ORDER BY account_id, at, id",
            only_account(only, "account_id")
        ),
        binds,
        |r| {
            let id: i64 = r.get("account_id")?;
            let entry = seen.entry(id).or_default();
            if r.get::<i64>("at")? <= at_t {
                entry.0 = Some(r.get("new_value")?);
            } else if entry.1.is_none() {
                entry.1 = Some(r.get("old_value")?);
            }
            Ok(())
        },
    )?;
    for (id, (last_by_t, first_after_t)) in seen {
        let Some(&i) = index.get(&id) else {
            continue;
        };
        // COALESCE: a change whose value is NULL passes to the next candidate.
        if let Some(value) = last_by_t.flatten().or(first_after_t.flatten()) {
            out[i].facts().status = value
                .parse::<Status>()
                .map_err(|_| Error::Db(format!("account #{id}: unexpected status '{value}'")))?;
        }
    }
    Ok(())
}

/// The item keys of a `tick_week` row, in item order (the order the index gives the slow query).
pub(super) fn tick_items(json: String) -> rusqlite::Result<crate::domain::checklist::Ticked> {
    let items: Vec<String> = serde_json::from_str(&json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(items.into_iter().collect())
}
