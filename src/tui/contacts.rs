//! `c`: the contacts of the selected account — list, add, edit, delete — in an overlay. The
//! overlay is opened for one account (its id) and every form it opens names that account or that
//! contact, so a reload behind it cannot redirect a write. Writes go through `ops` (the CLI's
//! `tend contact …` rules: a person's name, an e-mail address, a birthday MM-DD or YYYY-MM-DD).

use crossterm::event::{KeyCode, KeyEvent};

use super::action::{Action, Effect};
use super::app::{App, Confirm, Mode};
use super::field::{field, picker};
use super::form::{Form, FormKind};
use crate::domain::{Birthday, Contact};
use crate::error::Error;
use crate::store::contacts::NewContact;
use crate::text::one_line;

#[derive(Debug, Clone)]
pub struct ContactsBox {
    pub account_id: i64,
    pub account: String,
    pub contacts: Vec<Contact>,
    /// The selected contact (an id, never a row).
    pub sel: Option<i64>,
}

impl ContactsBox {
    pub fn selected_row(&self) -> usize {
        self.sel
            .and_then(|id| self.contacts.iter().position(|c| c.id == id))
            .unwrap_or(0)
    }

    pub fn selected(&self) -> Option<&Contact> {
        self.contacts.get(self.selected_row())
    }
}

/// `c`: read the selected account's contacts (the overlay opens when they arrive).
pub fn open(app: &mut App) -> Option<Effect> {
    match app.selected_id() {
        Some(id) => Some(Effect::LoadContacts(id)),
        None => {
            app.say("no account selected");
            None
        }
    }
}

/// The contacts arrived: open the overlay, or refresh it keeping the selected contact (a new
/// one — the only id not there before — is selected after an add).
pub fn show(app: &mut App, account_id: i64, contacts: Vec<Contact>) {
    let account = app
        .account_name(account_id)
        .unwrap_or_else(|| format!("account {account_id}"));
    let (old_ids, old_sel): (Vec<i64>, Option<i64>) = match &app.mode {
        Mode::Contacts(b) if b.account_id == account_id => {
            (b.contacts.iter().map(|c| c.id).collect(), b.sel)
        }
        _ => (Vec::new(), None),
    };
    let added = contacts
        .iter()
        .map(|c| c.id)
        .find(|id| !old_ids.is_empty() && !old_ids.contains(id));
    let ids: Vec<i64> = contacts.iter().map(|c| c.id).collect();
    let sel = added.or_else(|| super::app::keep_identity(&ids, old_sel, None));
    app.mode = Mode::Contacts(ContactsBox {
        account_id,
        account,
        contacts,
        sel,
    });
}

/// The open list read again after someone else's write: the selection stays on its contact
/// (a colleague's new contact is not selected, as one's own is by `show`).
pub fn refresh(app: &mut App, account_id: i64, contacts: Vec<Contact>) {
    let Mode::Contacts(b) = &mut app.mode else {
        return;
    };
    if b.account_id != account_id {
        return;
    }
    let old_row = b.selected_row();
    let ids: Vec<i64> = contacts.iter().map(|c| c.id).collect();
    b.sel = super::app::keep_identity(&ids, b.sel, Some(old_row));
    b.contacts = contacts;
}

pub fn key(app: &mut App, key: KeyEvent) -> Option<Effect> {
    let action = app.keymap.action(&key);
    let Mode::Contacts(b) = &mut app.mode else {
        return None;
    };
    let step = |b: &mut ContactsBox, delta: isize| {
        let len = b.contacts.len() as isize;
        if len > 0 {
            let row = (b.selected_row() as isize + delta).clamp(0, len - 1) as usize;
            b.sel = b.contacts.get(row).map(|c| c.id);
        }
    };
    if key.code == KeyCode::Esc {
        app.mode = Mode::Normal;
        return None;
    }
    match action {
        Some(Action::Down) => step(b, 1),
        Some(Action::Up) => step(b, -1),
        Some(Action::Top) => step(b, isize::MIN / 2),
        Some(Action::Bottom) => step(b, isize::MAX / 2),
        Some(Action::Quit) | Some(Action::Contacts) => app.mode = Mode::Normal,
        Some(Action::AddAccount) => {
            let (account_id, name) = (b.account_id, b.account.clone());
            super::update::open_form_for(
                app,
                FormKind::Contact {
                    account_id,
                    id: None,
                },
                &name,
            );
        }
        Some(Action::Escalate) | Some(Action::Act) => {
            let Some(c) = b.selected().cloned() else {
                app.say("no contact yet — a adds one");
                return None;
            };
            let kind = FormKind::Contact {
                account_id: b.account_id,
                id: Some(c.id),
            };
            let subject = format!("{} — {}", one_line(&c.person), one_line(&b.account));
            super::update::open_form_for(app, kind, &subject);
            if let Mode::Form(form) = &mut app.mode
                && !form.restored
            {
                fill(form, &c);
            }
        }
        Some(Action::Delete) => {
            let c = b.selected()?;
            let question = format!(
                "Delete contact {} of {}? y/n",
                one_line(&c.person),
                one_line(&b.account)
            );
            let effect = Effect::DeleteContact {
                account_id: b.account_id,
                id: c.id,
            };
            let back = Some(Box::new(app.mode.clone()));
            app.mode = Mode::Confirm(Confirm {
                question,
                effect,
                back,
            });
        }
        _ => {}
    }
    None
}

/// The contact form: every field of `tend contact add`.
pub fn fields() -> Vec<super::form::Field> {
    vec![
        field("person", "their name", ""),
        field("role", "optional: CMO, project lead, …", ""),
        field("email", "optional: name@example.com", ""),
        field("phone", "optional", ""),
        picker("primary", &["no", "yes"], "no"),
        field("birthday", "optional: MM-DD or YYYY-MM-DD", ""),
        field("channel", "optional: how they like to be reached", ""),
        field("best time", "optional: mornings, not on Fridays, …", ""),
        field("personal", "optional: something worth remembering", ""),
    ]
}

/// A contact's values as the form's fields hold them.
pub fn values(c: &Contact) -> Vec<String> {
    [
        Some(c.person.clone()),
        c.role.clone(),
        c.email.clone(),
        c.phone.clone(),
        Some(if c.primary { "yes" } else { "no" }.to_string()),
        c.birthday.map(|b| b.to_string()),
        c.channel.clone(),
        c.best_time.clone(),
        c.personal.clone(),
    ]
    .into_iter()
    .map(Option::unwrap_or_default)
    .collect()
}

/// A contact's values in the form, to edit them.
fn fill(form: &mut Form, c: &Contact) {
    for (f, v) in form.fields.iter_mut().zip(values(c)) {
        f.input = tui_input::Input::new(v);
        f.pristine = false;
    }
    form.mark_opened();
}

/// The contact the form describes, or the first problem (field index, message); an edit
/// carries the contact as the form opened with it (a colleague's edit since is kept).
pub fn validate(form: &Form, account_id: i64, id: Option<i64>) -> Result<Effect, (usize, Error)> {
    let contact = contact_of(|i| form.value(i).to_string())?;
    let was = id.map(|_| {
        Box::new(
            contact_of(|i| form.initial.get(i).cloned().unwrap_or_default())
                .unwrap_or_else(|_| contact.clone()),
        )
    });
    Ok(Effect::SaveContact {
        account_id,
        id,
        contact,
        was,
    })
}

fn contact_of(value: impl Fn(usize) -> String) -> Result<NewContact, (usize, Error)> {
    contact_problems(&value).map_err(|mut all| all.remove(0))
}

/// Every field's problem (the form shows each under its field), else the contact.
pub fn problems(form: &Form) -> Vec<(usize, Error)> {
    contact_problems(&|i| form.value(i).to_string())
        .err()
        .unwrap_or_default()
}

fn contact_problems(value: &dyn Fn(usize) -> String) -> Result<NewContact, Vec<(usize, Error)>> {
    let text = |i: usize| value(i).trim().to_string();
    let optional = |i: usize| Some(text(i)).filter(|t| !t.is_empty());
    let person = crate::domain::feedback::check_text("person", &value(0))
        .map(|p| p.trim().to_string())
        .map_err(|e| (0, e));
    let email = crate::ops::check_email(optional(2).as_deref()).map_err(|e| (2, e));
    let primary = match text(4).to_lowercase().as_str() {
        "yes" | "y" => Ok(true),
        "no" | "n" | "" => Ok(false),
        other => Err((4, Error::invalid("primary", other, "yes or no"))),
    };
    let birthday = optional(5)
        .map(|b| Birthday::parse("birthday", &b))
        .transpose()
        .map_err(|e| (5, e));
    let (person, primary, birthday) = match (person, email, primary, birthday) {
        (Ok(person), Ok(()), Ok(primary), Ok(birthday)) => (person, primary, birthday),
        (person, email, primary, birthday) => {
            return Err([person.err(), email.err(), primary.err(), birthday.err()]
                .into_iter()
                .flatten()
                .collect());
        }
    };
    Ok(NewContact {
        person,
        role: optional(1),
        email: optional(2),
        phone: optional(3),
        primary,
        birthday,
        channel: optional(6),
        best_time: optional(7),
        personal: optional(8),
    })
}
