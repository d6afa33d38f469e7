//! `tend contact …`: the people at a client.

use std::io::Write;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::listing::{Row, print};
use super::{Ctx, Format, opt_text};
use crate::domain::Birthday;
use crate::domain::feedback::check_text;
use crate::error::Error;
use crate::store::contacts::{ContactPatch, NewContact};
use crate::text::one_line;
use crate::view::table::{Column, col};

/// The details of a contact person, shared by `add` and `edit` ("" clears a field on edit).
#[derive(Debug, Args)]
pub struct ContactFields {
    #[arg(long)]
    role: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    /// MM-DD or YYYY-MM-DD.
    #[arg(long)]
    birthday: Option<String>,
    /// How they like to be reached: phone, e-mail, Signal, …
    #[arg(long)]
    channel: Option<String>,
    /// When to reach them: "mornings", "not on Fridays", …
    #[arg(long)]
    best_time: Option<String>,
    /// Something personal worth remembering (kids, hobbies, a recent holiday).
    #[arg(long)]
    personal: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ContactCmd {
    /// Add a contact person: `tend contact add Alpha "Jana Weiß" --role CMO --primary`.
    Add {
        name: String,
        person: String,
        #[command(flatten)]
        fields: ContactFields,
        #[arg(long)]
        primary: bool,
    },
    /// Change a contact: `tend contact edit Alpha "Jana Weiß" --birthday 03-14 --channel Signal`.
    Edit {
        name: String,
        person: String,
        /// A new name for the person.
        #[arg(long = "name")]
        new_name: Option<String>,
        #[command(flatten)]
        fields: ContactFields,
        /// Make them the primary contact.
        #[arg(long)]
        primary: bool,
    },
    /// Remove a contact (needs --yes).
    Delete {
        name: String,
        person: String,
        #[arg(long)]
        yes: bool,
    },
    /// The contacts of an account.
    List {
        name: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

fn birthday(raw: Option<&str>) -> Result<Option<Option<Birthday>>, Error> {
    raw.map(|b| {
        if b.trim().is_empty() {
            Ok(None)
        } else {
            Birthday::parse("birthday", b).map(Some)
        }
    })
    .transpose()
}

/// `Some("")` clears, `Some(text)` sets, `None` leaves the field alone.
fn clearable(raw: Option<String>) -> Option<Option<String>> {
    raw.map(|v| Some(v.trim().to_string()).filter(|v| !v.is_empty()))
}

pub fn contact(ctx: &Ctx, cmd: ContactCmd, out: &mut dyn Write) -> Result<(), Error> {
    match cmd {
        ContactCmd::Add {
            name,
            person: who,
            fields: f,
            primary,
        } => {
            let who = check_text("person", &who)?.trim().to_string();
            let c = NewContact {
                person: who,
                role: opt_text(f.role),
                email: opt_text(f.email),
                phone: opt_text(f.phone),
                primary,
                birthday: birthday(f.birthday.as_deref())?.flatten(),
                channel: opt_text(f.channel),
                best_time: opt_text(f.best_time),
                personal: opt_text(f.personal),
            };
            let store = ctx.write()?;
            let a = store.find_account(&name)?;
            ctx.ops(&store).add_contact(a.id, &c)?;
            writeln!(
                out,
                "added contact '{}' to '{}'",
                one_line(&c.person),
                one_line(&a.name)
            )?;
            Ok(())
        }
        ContactCmd::Edit {
            name,
            person,
            new_name,
            fields: f,
            primary,
        } => {
            let new_name = new_name
                .map(|n| check_text("name", &n).map(|n| n.trim().to_string()))
                .transpose()?;
            let patch = ContactPatch {
                person: new_name,
                role: clearable(f.role),
                email: clearable(f.email),
                phone: clearable(f.phone),
                primary: primary.then_some(true),
                birthday: birthday(f.birthday.as_deref())?,
                channel: clearable(f.channel),
                best_time: clearable(f.best_time),
                personal: clearable(f.personal),
            };
            let store = ctx.write()?;
            let a = store.find_account(&name)?;
            let c = store.find_contact(a.id, &person)?;
            let c = ctx.ops(&store).edit_contact(c.id, &patch)?;
            writeln!(
                out,
                "updated contact '{}' of '{}'",
                one_line(&c.person),
                one_line(&a.name)
            )?;
            Ok(())
        }
        ContactCmd::Delete { name, person, yes } => {
            if !yes {
                return Err(Error::invalid(
                    "yes",
                    "",
                    "--yes: a deleted contact is gone",
                ));
            }
            let store = ctx.write()?;
            let a = store.find_account(&name)?;
            let c = store.find_contact(a.id, &person)?;
            ctx.ops(&store).delete_contact(c.id)?;
            writeln!(
                out,
                "deleted contact '{}' of '{}'",
                one_line(&c.person),
                one_line(&a.name)
            )?;
            Ok(())
        }
        ContactCmd::List { name, format } => {
            let store = ctx.read()?;
            let a = store.find_account(&name)?;
            let contacts = store.contacts(a.id)?;
            let rows: Vec<ContactJson> = contacts
                .iter()
                .map(|c| ContactJson {
                    person: c.person.clone(),
                    role: c.role.clone(),
                    email: c.email.clone(),
                    phone: c.phone.clone(),
                    primary: c.primary,
                    birthday: c.birthday.map(|b| b.to_string()),
                    channel: c.channel.clone(),
                    best_time: c.best_time.clone(),
                    personal: c.personal.clone(),
                })
                .collect();
            print(format, &rows, ctx.width, out)
        }
    }
}

#[derive(Serialize)]
struct ContactJson {
    person: String,
    role: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    primary: bool,
    birthday: Option<String>,
    channel: Option<String>,
    best_time: Option<String>,
    personal: Option<String>,
}

impl Row for ContactJson {
    const FIELDS: &'static [&'static str] = &[
        "person",
        "role",
        "email",
        "phone",
        "primary",
        "birthday",
        "channel",
        "best_time",
        "personal",
    ];
    const COLUMNS: &'static [Column] = &[
        col("", 1),
        col("PERSON", 20),
        col("ROLE", 12),
        col("REACH", 24),
        col("BIRTHDAY", 10),
        col("NOTES", 60),
    ];
    const EMPTY: &'static str = "no contacts yet (add one: tend contact add NAME PERSON)";

    fn cells(&self) -> Vec<String> {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        // Reach: the preferred channel first, then the phone or e-mail to use.
        let reach: Vec<String> = [&self.channel, &self.phone, &self.email]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        let notes: Vec<String> = [
            self.best_time.as_ref().map(|t| format!("best: {t}")),
            self.personal.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        vec![
            if self.primary { "*" } else { "" }.into(),
            self.person.clone(),
            text(&self.role),
            reach.join(" · "),
            text(&self.birthday),
            notes.join(" · "),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_rows_follow_the_json() {
        super::super::listing::fields_follow_the_json(&ContactJson {
            person: "Eva".into(),
            role: None,
            email: None,
            phone: Some("+49".into()),
            primary: true,
            birthday: Some("03-14".into()),
            channel: None,
            best_time: None,
            personal: None,
        });
    }
}
