//! Contacts at a client: the people, how and when to reach them, what to remember about them.

use rusqlite::{OptionalExtension, Row, params};

use super::{Store, from_ts, ts};
use crate::clock::Timestamp;
use crate::domain::{Birthday, Contact};
use crate::error::Error;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewContact {
    pub person: String,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub primary: bool,
    pub birthday: Option<Birthday>,
    pub channel: Option<String>,
    pub best_time: Option<String>,
    pub personal: Option<String>,
}

/// Fields to change; `Some(None)` clears an optional field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactPatch {
    pub person: Option<String>,
    pub role: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub primary: Option<bool>,
    pub birthday: Option<Option<Birthday>>,
    pub channel: Option<Option<String>>,
    pub best_time: Option<Option<String>>,
    pub personal: Option<Option<String>>,
}

const CONTACT_COLS: &str = "id, account_id, person, role, email, phone, is_primary, birthday, channel, \
     best_time, personal, created_at, created_by";

/// Read by position (`CONTACT_COLS`' order): `get("name")` asks SQLite for every column name on
/// each call — 65 ms for the 12 956 birthdays the agenda reads at 10 000 accounts, 9 ms by
/// position.
fn contact_from_row(r: &Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: r.get(0)?,
        account_id: r.get(1)?,
        person: r.get(2)?,
        role: r.get(3)?,
        email: r.get(4)?,
        phone: r.get(5)?,
        primary: r.get(6)?,
        // Stored only after validation; an unreadable value reads as none rather than failing.
        birthday: r
            .get::<_, Option<String>>(7)?
            .and_then(|b| Birthday::parse("birthday", &b).ok()),
        channel: r.get(8)?,
        best_time: r.get(9)?,
        personal: r.get(10)?,
        created_at: from_ts(r.get(11)?),
        created_by: r.get(12)?,
    })
}

fn unknown_contact(person: &str) -> Error {
    Error::invalid(
        "person",
        person,
        "a contact of this account (see 'tend contact list NAME')",
    )
}

impl Store {
    pub fn add_contact(
        &self,
        account_id: i64,
        c: &NewContact,
        by: &str,
        now: Timestamp,
    ) -> Result<Contact, Error> {
        let id = self.write(|tx| {
            if c.primary {
                tx.execute("UPDATE contact SET is_primary = 0 WHERE account_id = ?1", [account_id])?;
            }
            tx.execute(
                "INSERT INTO contact (account_id, person, role, email, phone, is_primary, birthday, channel, best_time, \
                 personal, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    account_id,
                    c.person,
                    c.role,
                    c.email,
                    c.phone,
                    c.primary,
                    c.birthday.map(|b| b.to_string()),
                    c.channel,
                    c.best_time,
                    c.personal,
                    ts(now),
                    by
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        self.contact_by_id(id)
    }

    /// A contact by id (the cockpit names the one on screen): gone means someone deleted it
    /// since (found in a trial: "database: Query returned no rows").
    pub fn contact_by_id(&self, id: i64) -> Result<Contact, Error> {
        self.conn()
            .query_row(
                &format!("SELECT {CONTACT_COLS} FROM contact WHERE id = ?1"),
                [id],
                contact_from_row,
            )
            .optional()?
            .ok_or_else(|| Error::invalid("contact", id, "deleted meanwhile, by someone else"))
    }

    /// The account's contact named `person` (compared ignoring case).
    pub fn find_contact(&self, account_id: i64, person: &str) -> Result<Contact, Error> {
        self.conn()
            .query_row(
                &format!(
                    "SELECT {CONTACT_COLS} FROM contact WHERE account_id = ?1 AND lower(trim(person)) = lower(trim(?2)) \
                     ORDER BY id LIMIT 1"
                ),
                params![account_id, person],
                contact_from_row,
            )
            .optional()?
            .ok_or_else(|| unknown_contact(person))
    }

    pub fn edit_contact(&self, id: i64, patch: &ContactPatch) -> Result<Contact, Error> {
        self.write(|tx| {
            let account_id: i64 = tx
                .query_row("SELECT account_id FROM contact WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(|| unknown_contact(&id.to_string()))?;
            let set = |col: &str, value: Option<String>| -> Result<(), Error> {
                tx.execute(
                    &format!("UPDATE contact SET {col} = ?1 WHERE id = ?2"),
                    params![value, id],
                )?;
                Ok(())
            };
            if let Some(p) = &patch.person {
                set("person", Some(p.clone()))?;
            }
            for (col, value) in [
                ("role", &patch.role),
                ("email", &patch.email),
                ("phone", &patch.phone),
                ("channel", &patch.channel),
                ("best_time", &patch.best_time),
                ("personal", &patch.personal),
            ] {
                if let Some(v) = value {
                    set(col, v.clone())?;
                }
            }
            if let Some(b) = &patch.birthday {
                set("birthday", b.map(|b| b.to_string()))?;
            }
            if let Some(primary) = patch.primary {
                if primary {
                    tx.execute(
                        "UPDATE contact SET is_primary = 0 WHERE account_id = ?1",
                        [account_id],
                    )?;
                }
                tx.execute(
                    "UPDATE contact SET is_primary = ?1 WHERE id = ?2",
                    params![primary, id],
                )?;
            }
            Ok(())
        })?;
        self.contact_by_id(id)
    }

    pub fn delete_contact(&self, id: i64) -> Result<(), Error> {
        self.write(|tx| {
            if tx.execute("DELETE FROM contact WHERE id = ?1", [id])? == 0 {
                return Err(unknown_contact(&id.to_string()));
            }
            Ok(())
        })
    }

    /// Contacts, the primary first, then by name.
    pub fn contacts(&self, account_id: i64) -> Result<Vec<Contact>, Error> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {CONTACT_COLS} FROM contact WHERE account_id = ?1 ORDER BY is_primary DESC, person, id"
        ))?;
        let rows = stmt.query_map([account_id], contact_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every contact's birthday with the account and the person (the agenda's birthday items),
    /// by account and contact. Only the three columns the agenda uses are read.
    pub fn birthdays(&self) -> Result<Vec<crate::domain::agenda::BirthdayOf>, Error> {
        self.birthdays_where("", [])
    }

    /// `birthdays` of a few accounts.
    pub fn birthdays_of(
        &self,
        ids: &[i64],
    ) -> Result<Vec<crate::domain::agenda::BirthdayOf>, Error> {
        self.birthdays_where(
            "AND account_id IN (SELECT value FROM json_each(?1))",
            [super::id_array(ids)],
        )
    }

    fn birthdays_where(
        &self,
        and: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<crate::domain::agenda::BirthdayOf>, Error> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT account_id, person, birthday FROM contact WHERE birthday IS NOT NULL {and} ORDER BY account_id, id",
        ))?;
        let rows = stmt.query_map(params, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (account_id, person, raw) = row?;
            // Stored only after validation; an unreadable value is no birthday (as for a contact).
            if let Ok(birthday) = Birthday::parse("birthday", &raw) {
                out.push(crate::domain::agenda::BirthdayOf {
                    account_id,
                    person,
                    birthday,
                });
            }
        }
        Ok(out)
    }
}
