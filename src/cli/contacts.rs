//! `tend contact …`: the people at a client.

use std::io::Write;

use clap::Subcommand;
use serde::Serialize;

use super::listing::{Row, print};
use super::{Ctx, Format, opt_text};
use crate::error::Error;
use crate::store::accounts::NewContact;
use crate::view::table::{Column, col};

#[derive(Debug, Subcommand)]
pub enum ContactCmd {
    /// Add a contact person: `tend contact add Alpha "Jana Weiß" --role CMO --primary`.
    Add {
        name: String,
        person: String,
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        primary: bool,
    },
    /// The contacts of an account.
    List {
        name: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

pub fn contact(ctx: &Ctx, cmd: ContactCmd, out: &mut dyn Write) -> Result<(), Error> {
    match cmd {
        ContactCmd::Add {
            name,
            person: who,
            role,
            email,
            phone,
            primary,
        } => {
            let who = crate::domain::feedback::check_text("person", &who)?
                .trim()
                .to_string();
            if let Some(e) = email.as_deref().filter(|e| {
                !e.trim().is_empty() && (!e.contains('@') || e.contains(char::is_whitespace))
            }) {
                return Err(Error::invalid(
                    "email",
                    e,
                    "an e-mail address like name@example.com",
                ));
            }
            let c = NewContact {
                person: who,
                role: opt_text(role),
                email: opt_text(email),
                phone: opt_text(phone),
                primary,
            };
            let store = ctx.write()?;
            let a = store.find_account(&name)?;
            ctx.ops(&store).add_contact(a.id, &c)?;
            writeln!(
                out,
                "added contact '{}' to '{}'",
                crate::text::one_line(&c.person),
                crate::text::one_line(&a.name)
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
                })
                .collect();
            print(format, &rows, out)
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
}

impl Row for ContactJson {
    const FIELDS: &'static [&'static str] = &["person", "role", "email", "phone", "primary"];
    const COLUMNS: &'static [Column] = &[
        col("PERSON", 22),
        col("ROLE", 14),
        col("EMAIL", 24),
        col("PHONE", 16),
        col("PRIMARY", 7),
    ];
    const EMPTY: &'static str = "no contacts yet (add one: tend contact add NAME PERSON)";

    fn cells(&self) -> Vec<String> {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![
            self.person.clone(),
            text(&self.role),
            text(&self.email),
            text(&self.phone),
            if self.primary { "yes" } else { "" }.into(),
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
        });
    }
}
