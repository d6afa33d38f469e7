//! Accounts, their change history, contacts and health reviews.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::bulk::{Bulk, BulkAccount};
use super::{Store, date_str, from_ts, parse_at, parse_opt_at, parse_stored_date, ts};
use crate::clock::Timestamp;
use crate::domain::names::{NameMatch, resolve_name, unknown_account};
use crate::domain::{Account, ChurnCategory, Review, Scores, Status, Tier, name_key};
use crate::error::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub name: String,
    pub owner: String,
    pub backup: Option<String>,
    pub tier: Tier,
    pub value_cents: i64,
    pub client_since: NaiveDate,
    pub renewal: Option<NaiveDate>,
    pub referred_by: Option<String>,
}

/// Fields to change; `Some(None)` clears an optional field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountPatch {
    pub name: Option<String>,
    pub owner: Option<String>,
    pub backup: Option<Option<String>>,
    pub tier: Option<Tier>,
    pub value_cents: Option<i64>,
    pub client_since: Option<NaiveDate>,
    pub renewal: Option<Option<NaiveDate>>,
    pub status: Option<Status>,
    pub referred_by: Option<Option<String>>,
}

pub(crate) const ACCOUNT_COLS: &str = "id, name, owner, backup, tier, value_cents, client_since, renewal, \
     status, churned_on, churn_reason, created_at, created_by, churn_category, referred_by";

/// An account from a row that starts with `ACCOUNT_COLS` (queries may add columns after them).
/// Read by position: `get("name")` asks SQLite for every column name on each call, which is
/// measurable in the portfolio-wide facts (12 % of `facts_at`).
pub(crate) fn account_from_row(r: &Row<'_>) -> rusqlite::Result<Account> {
    let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
        Ok(r.get::<_, Option<String>>(i)?
            .map(|s| parse_stored_date(&s)))
    };
    Ok(Account {
        id: r.get(0)?,
        name: r.get(1)?,
        owner: r.get(2)?,
        backup: r.get(3)?,
        tier: parse_at(r, 4)?,
        value_cents: r.get(5)?,
        client_since: parse_stored_date(&r.get::<_, String>(6)?),
        renewal: date(7)?,
        status: parse_at(r, 8)?,
        churned_on: date(9)?,
        churn_reason: r.get(10)?,
        created_at: from_ts(r.get(11)?),
        created_by: r.get(12)?,
        churn_category: parse_opt_at(r, 13)?,
        referred_by: r.get(14)?,
    })
}

/// The columns health is computed from (`facts::Need::Health`).
pub(crate) const HEALTH_ACCOUNT_COLS: &str = "id, value_cents, client_since, status, created_at";

/// An account from a row that starts with `HEALTH_ACCOUNT_COLS`: its id, status, value and dates
/// as stored; every name and free text empty, the tier standard and no renewal or churn — not
/// read. Only the trend's baseline uses it (`facts::Need::Health`), and only for the account's
/// health, which reads none of those.
pub(crate) fn health_account_from_row(r: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: r.get(0)?,
        name: String::new(),
        owner: String::new(),
        backup: None,
        tier: Tier::Standard,
        value_cents: r.get(1)?,
        client_since: parse_stored_date(&r.get::<_, String>(2)?),
        renewal: None,
        status: parse_at(r, 3)?,
        churned_on: None,
        churn_reason: None,
        created_at: from_ts(r.get(4)?),
        created_by: String::new(),
        churn_category: None,
        referred_by: None,
    })
}

fn unknown_account_id(id: i64) -> Error {
    unknown_account(&format!("#{id}"), &[])
}

/// An account's id and name (`account_names`); its `AsRef<str>` is the name, so a list of them
/// goes straight into `resolve_name` and `fuzzy_rank`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountName(pub i64, pub String);

impl AsRef<str> for AccountName {
    fn as_ref(&self) -> &str {
        &self.1
    }
}

/// The name of another account than `except` that `name` clashes with (`names::name_taken`): the
/// same key, else the same name folded (a scan: adding and renaming are rare, and at 100 000
/// accounts folding every name is a few tens of milliseconds).
fn clash(
    tx: &rusqlite::Transaction<'_>,
    name: &str,
    except: Option<i64>,
) -> Result<Option<String>, Error> {
    let same_key: Option<String> = tx
        .query_row(
            "SELECT name FROM account WHERE name_key = ?1 AND id IS NOT ?2",
            params![name_key(name), except],
            |r| r.get(0),
        )
        .optional()?;
    if same_key.is_some() {
        return Ok(same_key);
    }
    let folded = crate::domain::names::fold(name);
    let mut stmt = tx.prepare_cached("SELECT id, name FROM account")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (id, other): (i64, String) = (r.get(0)?, r.get(1)?);
        if Some(id) != except && crate::domain::names::fold(&other) == folded {
            return Ok(Some(other));
        }
    }
    Ok(None)
}

impl Store {
    pub fn add_account(
        &self,
        new: &NewAccount,
        by: &str,
        now: Timestamp,
    ) -> Result<Account, Error> {
        self.write(|tx| {
            if let Some(existing) = clash(tx, &new.name, None)? {
                return Err(crate::domain::names::name_taken(&new.name, Some(&existing)));
            }
            let id = Bulk::new(tx).account(&BulkAccount {
                name: &new.name,
                owner: &new.owner,
                backup: new.backup.as_deref(),
                tier: new.tier,
                value_cents: new.value_cents,
                client_since: new.client_since,
                renewal: new.renewal,
                status: Status::Active,
                churned_on: None,
                churn_reason: None,
                churn_category: None,
                referred_by: new.referred_by.as_deref(),
                created_at: now,
                created_by: by,
            })?;
            Ok(tx.query_row(
                &format!("SELECT {ACCOUNT_COLS} FROM account WHERE id = ?1"),
                [id],
                account_from_row,
            )?)
        })
    }

    /// The account a typed name means, by the one rule of `domain::names::resolve_name`: exact
    /// (Unicode-lowercased), else unique ignoring case and accents, else a unique prefix. Any other
    /// name is an error listing up to three candidates ("did you mean …?"), so no command acts on
    /// a guess.
    pub fn find_account(&self, name: &str) -> Result<Account, Error> {
        // The exact name is what scripts and most people type: one indexed lookup.
        let exact = self
            .conn()
            .query_row(
                &format!("SELECT {ACCOUNT_COLS} FROM account WHERE name_key = ?1"),
                [name_key(name)],
                account_from_row,
            )
            .optional()?;
        if let Some(account) = exact {
            return Ok(account);
        }
        let names = self.account_names()?;
        match resolve_name(name, &names) {
            NameMatch::Found(i) => self.account_by_id(names[i].0),
            NameMatch::Candidates(found) => {
                let candidates: Vec<&str> = found.iter().map(|&i| names[i].1.as_str()).collect();
                Err(unknown_account(name, &candidates))
            }
        }
    }

    /// Every account's id and name, churned ones too, by name key: what names are resolved
    /// against, and what the cockpit's filter and palette rank (`domain::names::fuzzy_rank`).
    pub fn account_names(&self) -> Result<Vec<AccountName>, Error> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, name FROM account ORDER BY name_key")?;
        let rows = stmt.query_map([], |r| Ok(AccountName(r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn account_by_id(&self, id: i64) -> Result<Account, Error> {
        self.conn()
            .query_row(
                &format!("SELECT {ACCOUNT_COLS} FROM account WHERE id = ?1"),
                [id],
                account_from_row,
            )
            .optional()?
            .ok_or_else(|| unknown_account_id(id))
    }

    pub fn accounts(&self) -> Result<Vec<Account>, Error> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {ACCOUNT_COLS} FROM account ORDER BY name_key"
        ))?;
        let rows = stmt.query_map([], account_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Apply `patch`, recording every changed field (old → new) in the account's history.
    pub fn edit_account(
        &self,
        id: i64,
        patch: &AccountPatch,
        by: &str,
        now: Timestamp,
    ) -> Result<Account, Error> {
        self.write(|tx| {
            let before = tx.query_row(
                &format!("SELECT {ACCOUNT_COLS} FROM account WHERE id = ?1"),
                [id],
                account_from_row,
            )?;
            if before.status == Status::Churned && patch.status.is_some() {
                return Err(Error::invalid(
                    "status",
                    patch.status.map(|s| s.as_str()).unwrap_or(""),
                    "a churned account keeps its status (its history stays as it was)",
                ));
            }
            let mut changes: Vec<(&str, Option<String>, Option<String>)> = Vec::new();
            if let Some(name) = &patch.name {
                let key = name_key(name);
                if let Some(existing) = clash(tx, name, Some(id))? {
                    return Err(crate::domain::names::name_taken(name, Some(&existing)));
                }
                if *name != before.name {
                    tx.execute("UPDATE account SET name = ?1, name_key = ?2 WHERE id = ?3", params![name, key, id])?;
                    changes.push(("name", Some(before.name.clone()), Some(name.clone())));
                }
            }
            let mut set = |field: &'static str, old: Option<String>, new: Option<String>| -> Result<(), Error> {
                if old != new {
                    tx.execute(&format!("UPDATE account SET {field} = ?1 WHERE id = ?2"), params![new, id])?;
                    changes.push((field, old, new));
                }
                Ok(())
            };
            if let Some(owner) = &patch.owner {
                set("owner", Some(before.owner.clone()), Some(owner.clone()))?;
            }
            if let Some(backup) = &patch.backup {
                set("backup", before.backup.clone(), backup.clone())?;
            }
            if let Some(tier) = patch.tier {
                set("tier", Some(before.tier.to_string()), Some(tier.to_string()))?;
            }
            if let Some(v) = patch.value_cents {
                set("value_cents", Some(before.value_cents.to_string()), Some(v.to_string()))?;
            }
            if let Some(d) = patch.client_since {
                set("client_since", Some(date_str(before.client_since)), Some(date_str(d)))?;
            }
            if let Some(r) = &patch.renewal {
                set("renewal", before.renewal.map(date_str), r.map(date_str))?;
            }
            if let Some(s) = patch.status {
                set("status", Some(before.status.to_string()), Some(s.to_string()))?;
            }
            if let Some(r) = &patch.referred_by {
                set("referred_by", before.referred_by.clone(), r.clone())?;
            }
            for (field, old, new) in changes {
                tx.execute(
                    "INSERT INTO account_event (account_id, at, by, field, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![id, ts(now), by, field, old, new],
                )?;
            }
            Ok(tx.query_row(&format!("SELECT {ACCOUNT_COLS} FROM account WHERE id = ?1"), [id], account_from_row)?)
        })
    }

    pub fn churn_account(
        &self,
        id: i64,
        reason: &str,
        category: ChurnCategory,
        on: NaiveDate,
        by: &str,
        now: Timestamp,
    ) -> Result<(), Error> {
        self.write(|tx| {
            let (status, since): (String, String) =
                tx.query_row("SELECT status, client_since FROM account WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            if status == "churned" {
                return Err(Error::invalid("status", status, "an active or paused account (this one has churned already)"));
            }
            // Dates are stored as YYYY-MM-DD: text order is date order.
            if date_str(on) < since {
                return Err(Error::invalid("on", on, format!("{since} (client since) or later: a client cannot leave before it came")));
            }
            tx.execute(
                "UPDATE account SET status = 'churned', churned_on = ?1, churn_reason = ?2, churn_category = ?3 WHERE id = ?4",
                params![date_str(on), reason, category.as_str(), id],
            )?;
            tx.execute(
                "INSERT INTO account_event (account_id, at, by, field, old_value, new_value) VALUES (?1, ?2, ?3, 'status', ?4, 'churned')",
                params![id, ts(now), by, status],
            )?;
            Ok(())
        })
    }

    /// Erase the account and every record that belongs to it.
    pub fn delete_account(&self, id: i64) -> Result<(), Error> {
        self.write(|tx| {
            tx.execute("DELETE FROM account WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// The account's recorded field changes: (at, by, field, old, new), oldest first.
    #[allow(clippy::type_complexity)]
    pub fn account_history(
        &self,
        id: i64,
    ) -> Result<Vec<(Timestamp, String, String, Option<String>, Option<String>)>, Error> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT at, by, field, old_value, new_value FROM account_event WHERE account_id = ?1 ORDER BY at, id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                from_ts(r.get(0)?),
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn add_review(
        &self,
        account_id: i64,
        scores: Scores,
        note: Option<&str>,
        by: &str,
        now: Timestamp,
    ) -> Result<Review, Error> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO review (account_id, at, by, performance, relationship, outlook, engagement, note, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?2)",
                params![account_id, ts(now), by, scores.performance, scores.relationship, scores.outlook, scores.engagement, note],
            )?;
            Ok(Review {
                id: tx.last_insert_rowid(),
                account_id,
                at: from_ts(ts(now)),
                by: by.to_string(),
                scores,
                note: note.map(str::to_string),
            })
        })
    }

    /// Reviews of an account, newest first.
    pub fn reviews(&self, account_id: i64) -> Result<Vec<Review>, Error> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, account_id, at, by, performance, relationship, outlook, engagement, note FROM review \
             WHERE account_id = ?1 ORDER BY at DESC, id DESC",
        )?;
        let rows = stmt.query_map([account_id], |r| {
            Ok(Review {
                id: r.get(0)?,
                account_id: r.get(1)?,
                at: from_ts(r.get(2)?),
                by: r.get(3)?,
                scores: Scores {
                    performance: r.get(4)?,
                    relationship: r.get(5)?,
                    outlook: r.get(6)?,
                    engagement: r.get(7)?,
                },
                note: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
