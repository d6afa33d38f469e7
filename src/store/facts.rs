//! The facts the health score needs, for every account at once, as they stood at a moment `t`.
//!
//! A record counts at `t` when it had been written by then (`created_at <= t`) and its own moment is
//! not later (`at <= t`); state changes (resolutions, level changes, unticks, visit closes, status
//! changes) count from their own timestamps. So `facts_at(now - 30 days)` recomputes the past exactly,
//! and the trend needs no snapshot table. A handful of aggregate queries serve all accounts.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{ToSql, params_from_iter};

use super::accounts::{ACCOUNT_COLS, account_from_row};
use super::{Store, from_ts, parse_col, parse_stored_date, ts};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::dates::local_date;
use crate::domain::feedback::LastNotes;
use crate::domain::health::{HealthFacts, OpenEscalation};
use crate::domain::{Account, IsoWeek, Scores, Status};
use crate::error::Error;

/// One account with its health facts at `t`.
#[derive(Debug, Clone)]
pub struct AccountFacts {
    pub account: Account,
    pub facts: HealthFacts,
}

/// What only "now" needs: this week's ticks, the latest note of each loop, the owner change.
#[derive(Debug, Clone, Default)]
pub struct NowExtras {
    pub this_week_done: Vec<String>,
    pub last: LastNotes,
    pub owner_changed_on: Option<NaiveDate>,
}

impl Store {
    /// Facts at `t` for every account (or only `only`), churned ones included; in name order.
    pub fn facts_at(
        &self,
        t: Timestamp,
        cfg: &Config,
        only: Option<i64>,
    ) -> Result<Vec<AccountFacts>, Error> {
        let t_secs = ts(t);
        let mut binds: Vec<i64> = vec![t_secs];
        if let Some(id) = only {
            binds.push(id);
        }
        let filter = |col: &str| {
            if only.is_some() {
                format!(" AND {col} = ?2")
            } else {
                String::new()
            }
        };
        let conn = self.conn();
        let query = |sql: &str| -> Result<rusqlite::CachedStatement<'_>, Error> {
            Ok(conn.prepare_cached(sql)?)
        };
        let bind = params_from_iter(binds.iter().map(|v| v as &dyn ToSql));

        let mut out: Vec<AccountFacts> = Vec::new();
        let mut index: HashMap<i64, usize> = HashMap::new();
        {
            let sql = format!(
                "SELECT {ACCOUNT_COLS}, \
                 COALESCE((SELECT new_value FROM account_event ev WHERE ev.account_id = account.id AND ev.field = 'status' AND ev.at <= ?1 ORDER BY ev.at DESC, ev.id DESC LIMIT 1), \
                          (SELECT old_value FROM account_event ev WHERE ev.account_id = account.id AND ev.field = 'status' AND ev.at > ?1 ORDER BY ev.at, ev.id LIMIT 1), \
                          account.status) AS status_at_t \
                 FROM account WHERE 1 = 1{} ORDER BY name_key",
                filter("account.id")
            );
            let mut stmt = query(&sql)?;
            let mut rows = stmt.query(bind)?;
            while let Some(r) = rows.next()? {
                let account = account_from_row(r)?;
                let status: Status = parse_col(
                    r.as_ref().column_index("status_at_t")?,
                    r.get("status_at_t")?,
                )?;
                index.insert(account.id, out.len());
                out.push(AccountFacts {
                    facts: HealthFacts {
                        status,
                        created_at: account.created_at,
                        client_since: account.client_since,
                        review: None,
                        open_escalations: Vec::new(),
                        previous_week_ticked: Vec::new(),
                        last_contact: None,
                        planned_visit: None,
                        last_visit: None,
                        latest_nps: None,
                        complaints: Vec::new(),
                        value_cents: account.value_cents,
                        value_changes: Vec::new(),
                    },
                    account,
                });
            }
        }
        let bind = || params_from_iter(binds.iter().map(|v| v as &dyn ToSql));
        let mut each =
            |sql: String,
             f: &mut dyn FnMut(&rusqlite::Row<'_>, &mut HealthFacts) -> rusqlite::Result<()>|
             -> Result<(), Error> {
                let mut stmt = query(&sql)?;
                let mut rows = stmt.query(bind())?;
                while let Some(r) = rows.next()? {
                    let id: i64 = r.get(0)?;
                    if let Some(&i) = index.get(&id) {
                        f(r, &mut out[i].facts)?;
                    }
                }
                Ok(())
            };

        // Latest review at t: one index seek per account (review_by_account).
        each(
            format!(
                "SELECT a.id, r.at, r.performance, r.relationship, r.outlook, r.engagement FROM account a \
                 JOIN review r ON r.id = (SELECT id FROM review WHERE account_id = a.id AND at <= ?1 AND created_at <= ?1 \
                                          ORDER BY at DESC, id DESC LIMIT 1) WHERE 1 = 1{}",
                filter("a.id")
            ),
            &mut |r, f| {
                f.review = Some((
                    from_ts(r.get(1)?),
                    Scores {
                        performance: r.get(2)?,
                        relationship: r.get(3)?,
                        outlook: r.get(4)?,
                        engagement: r.get(5)?,
                    },
                ));
                Ok(())
            },
        )?;

        // Escalations open at t, with the level and due time they had at t.
        each(
            format!(
                "SELECT e.account_id, e.id, c.to_level, c.due_at FROM escalation e \
                 JOIN escalation_change c ON c.id = (SELECT id FROM escalation_change WHERE escalation_id = e.id AND at <= ?1 ORDER BY at DESC, id DESC LIMIT 1) \
                 WHERE e.opened_at <= ?1 AND (e.resolved_at IS NULL OR e.resolved_at > ?1) \
                 AND NOT EXISTS (SELECT 1 FROM escalation_reopen r WHERE r.escalation_id = e.id AND r.resolved_at <= ?1 AND r.reopened_at > ?1){}",
                filter("e.account_id")
            ),
            &mut |r, f| {
                f.open_escalations.push(OpenEscalation {
                    id: r.get(1)?,
                    level: parse_col(2, r.get(2)?)?,
                    due_at: from_ts(r.get(3)?),
                });
                Ok(())
            },
        )?;

        // The previous ISO week's ticks as they stood at t.
        let previous = IsoWeek::at(t).previous();
        each(
            format!(
                "SELECT account_id, item FROM checklist_tick WHERE week = '{previous}' AND done_at <= ?1 \
                 AND (undone_at IS NULL OR undone_at > ?1){}",
                filter("account_id")
            ),
            &mut |r, f| {
                f.previous_week_ticked.push(r.get(1)?);
                Ok(())
            },
        )?;

        // The latest contact note: per account and contact kind one backwards seek in note_contact.
        let kinds = &cfg.health.silence.contact_kinds;
        let per_kind: Vec<String> = kinds
            .iter()
            .map(|k| {
                format!(
                    "(SELECT at FROM note WHERE account_id = a.id AND kind = '{}' AND at <= ?1 AND created_at <= ?1 ORDER BY at DESC LIMIT 1)",
                    k.replace('\'', "''")
                )
            })
            .collect();
        if !per_kind.is_empty() {
            each(
                format!(
                    "SELECT a.id, {} FROM account a WHERE 1 = 1{}",
                    per_kind.join(", "),
                    filter("a.id")
                ),
                &mut |r, f| {
                    let mut latest: Option<i64> = None;
                    for i in 0..per_kind.len() {
                        latest = latest.max(r.get::<_, Option<i64>>(i + 1)?);
                    }
                    f.last_contact = latest.map(from_ts);
                    Ok(())
                },
            )?;
        }

        // Visits: planned at t (created, not yet closed), and the last done by t.
        each(
            format!(
                "SELECT account_id, planned_on FROM visit WHERE planned_on IS NOT NULL AND created_at <= ?1 \
                 AND (closed_at IS NULL OR closed_at > ?1){} ORDER BY created_at, id",
                filter("account_id")
            ),
            &mut |r, f| {
                f.planned_visit = Some(parse_stored_date(&r.get::<_, String>(1)?));
                Ok(())
            },
        )?;
        each(
            format!(
                "SELECT account_id, MAX(done_on) FROM visit WHERE status = 'done' AND closed_at <= ?1{} GROUP BY account_id",
                filter("account_id")
            ),
            &mut |r, f| {
                f.last_visit = Some(parse_stored_date(&r.get::<_, String>(1)?));
                Ok(())
            },
        )?;

        // The latest NPS answer: one seek per account in the partial index note_nps.
        each(
            format!(
                "SELECT a.id, n.at, n.nps FROM account a \
                 JOIN note n ON n.id = (SELECT id FROM note WHERE account_id = a.id AND nps IS NOT NULL AND at <= ?1 AND created_at <= ?1 \
                                        ORDER BY at DESC, id DESC LIMIT 1) WHERE 1 = 1{}",
                filter("a.id")
            ),
            &mut |r, f| {
                f.latest_nps = Some((from_ts(r.get(1)?), r.get(2)?));
                Ok(())
            },
        )?;
        // Complaint notes of the window (a day of slack for time zones; the domain counts days):
        // one seek per account in note_by_account_kind.
        let window = cfg.health.complaints.window_days + 2;
        {
            let mut stmt = query(&format!(
                "SELECT a.id, n.at FROM account a JOIN note n ON n.account_id = a.id AND n.kind = 'complaint' \
                 AND n.at <= ?1 AND n.at >= ?1 - ?{w} * 86400 AND n.created_at <= ?1 WHERE 1 = 1{}",
                filter("a.id"),
                w = binds.len() + 1
            ))?;
            let mut with_window: Vec<i64> = binds.clone();
            with_window.push(window);
            let mut rows = stmt.query(params_from_iter(with_window.iter()))?;
            while let Some(r) = rows.next()? {
                if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
                    out[i].facts.complaints.push(from_ts(r.get(1)?));
                }
            }
        }
        // The monthly value as it stood at t, and its changes up to t (budget cuts).
        {
            let mut stmt = query(&format!(
                "SELECT account_id, at, old_value, new_value FROM account_event WHERE field = 'value_cents'{} \
                 ORDER BY account_id, at, id",
                if only.is_some() {
                    " AND account_id = ?1"
                } else {
                    ""
                }
            ))?;
            let mut rows = stmt.query(params_from_iter(only.iter()))?;
            let mut later_seen: std::collections::HashSet<i64> = std::collections::HashSet::new();
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let Some(&i) = index.get(&id) else { continue };
                let at: i64 = r.get(1)?;
                let cents = |v: Option<String>| v.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
                let (old, new) = (cents(r.get(2)?), cents(r.get(3)?));
                if at <= t_secs {
                    out[i].facts.value_changes.push((from_ts(at), old, new));
                } else if later_seen.insert(id) {
                    // The first change after t started from the value at t.
                    out[i].facts.value_cents = old;
                }
            }
        }
        Ok(out)
    }

    /// This week's ticks and the latest feedback-loop notes, per account.
    pub fn now_extras(
        &self,
        now: Timestamp,
        only: Option<i64>,
    ) -> Result<HashMap<i64, NowExtras>, Error> {
        let mut out: HashMap<i64, NowExtras> = HashMap::new();
        let week = IsoWeek::at(now);
        let (filter, binds): (&str, Vec<i64>) = match only {
            Some(id) => (" AND account_id = ?1", vec![id]),
            None => ("", vec![]),
        };
        let conn = self.conn();
        {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT account_id, item FROM checklist_tick WHERE week = '{week}' AND undone_at IS NULL{filter}"
            ))?;
            let mut rows = stmt.query(params_from_iter(binds.iter()))?;
            while let Some(r) = rows.next()? {
                out.entry(r.get(0)?)
                    .or_default()
                    .this_week_done
                    .push(r.get(1)?);
            }
        }
        // The latest note of each loop's kind: one seek per account and kind (note_by_account_kind).
        for kind in LastNotes::KINDS {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT account_id, MAX(at) FROM note WHERE kind = ?{k}{filter} GROUP BY account_id",
                k = binds.len() + 1
            ))?;
            let mut args: Vec<rusqlite::types::Value> = binds.iter().map(|b| (*b).into()).collect();
            args.push(kind.as_str().to_string().into());
            let mut rows = stmt.query(params_from_iter(args.iter()))?;
            while let Some(r) = rows.next()? {
                let date = local_date(from_ts(r.get(1)?));
                out.entry(r.get(0)?).or_default().last.record(kind, date);
            }
        }
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT account_id, MAX(at) FROM account_event WHERE field = 'owner'{filter} GROUP BY account_id"
        ))?;
        let mut rows = stmt.query(params_from_iter(binds.iter()))?;
        while let Some(r) = rows.next()? {
            out.entry(r.get(0)?).or_default().owner_changed_on =
                Some(local_date(from_ts(r.get(1)?)));
        }
        Ok(out)
    }
}
