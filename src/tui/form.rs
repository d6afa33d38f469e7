//! Small forms (escalation, raise, resolve, visit, review, new account): their fields (`field.rs`:
//! free text, or a picker over a domain enum's names for a closed set such as level or tier) and
//! their validation. `validate` turns the typed text into an `Effect` or names what is wrong.
//! Nothing typed is dropped until a save succeeds. Tests in `form_tests.rs`.

use chrono::NaiveDate;
use tui_input::Input;

use super::action::Effect;
pub use super::field::Field;
use super::field::{field, picker};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::dates::parse_date;
use crate::domain::escalation::Level;
use crate::domain::health::base_score;
use crate::domain::{Scores, Tier};
use crate::error::Error;
use crate::ops::AccountInput;

/// What a form acts on: every kind names its record by id, so the form acts on exactly the
/// record it was opened for, whatever reloads happen while it is open.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FormKind {
    /// A note's text (its id).
    EditNote {
        id: i64,
    },
    Escalate {
        account_id: i64,
    },
    Raise {
        id: i64,
        /// Its level when the form opened: the picker offers the higher ones.
        from: Level,
    },
    Resolve {
        id: i64,
    },
    Reopen {
        id: i64,
    },
    PlanVisit {
        account_id: i64,
    },
    VisitDone {
        account_id: i64,
    },
    Review {
        account_id: i64,
    },
    AddAccount,
    /// Snooze an agenda item (its id).
    Snooze {
        item: String,
    },
    /// A note with its kind, moment, NPS and follow-up (`N`).
    LogNote {
        account_id: i64,
    },
    /// A contact of the account: a new one (`id` None) or that one.
    Contact {
        account_id: i64,
        id: Option<i64>,
    },
}

impl FormKind {
    /// A short name for the quit question: "resolve #40", "review for Alpha".
    pub fn describe(&self, account: &dyn Fn(i64) -> String) -> String {
        match self {
            FormKind::Escalate { account_id } => format!("escalation for {}", account(*account_id)),
            FormKind::Raise { id, .. } => format!("raise #{id}"),
            FormKind::Resolve { id } => format!("resolve #{id}"),
            FormKind::Reopen { id } => format!("reopen #{id}"),
            FormKind::PlanVisit { account_id } => {
                format!("visit plan for {}", account(*account_id))
            }
            FormKind::VisitDone { account_id } => format!("visit for {}", account(*account_id)),
            FormKind::Review { account_id } => format!("review for {}", account(*account_id)),
            FormKind::AddAccount => "new account".to_string(),
            FormKind::Snooze { item } => format!("snooze {item}"),
            FormKind::EditNote { id } => format!("edit of note {id}"),
            FormKind::LogNote { account_id } => format!("note for {}", account(*account_id)),
            FormKind::Contact {
                account_id,
                id: None,
            } => {
                format!("new contact for {}", account(*account_id))
            }
            FormKind::Contact { id: Some(id), .. } => format!("edit of contact {id}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Set when a save failed: shown until the next edit.
    pub save_error: Option<String>,
    /// The fields came back from a draft kept by an earlier Esc.
    pub restored: bool,
    /// The quarterly visit's due date (plan form): a later plan gets a warning.
    pub visit_due: Option<NaiveDate>,
    /// The values the form opened with (suggestions, or the record being edited): only a
    /// change from them is worth keeping as a draft.
    pub initial: Vec<String>,
    /// The escalation form: the account's escalations open when it opened (one opened since,
    /// by a colleague, is pointed out before a second one is opened).
    pub open_before: Vec<i64>,
    /// The resolve form: the escalation's deadline when it opened (a raise or a reopen by a
    /// colleague since moves it, and the save is refused once, saying so).
    pub seen_due: Option<Timestamp>,
    /// The plan form: the account's planned visit when it opened (`Some(None)`: none).
    pub seen_plan: Option<Option<NaiveDate>>,
    /// The account the form acts on and its name when the form opened (its title names it):
    /// a colleague's rename shows in the title (`App::form_title`).
    pub named: Option<(i64, String)>,
}

impl Form {
    /// `user` is the current user (a new account's default owner).
    pub fn new(kind: FormKind, subject: &str, today: NaiveDate, user: &str) -> Form {
        let (title, fields) = match &kind {
            FormKind::Escalate { .. } => (
                format!("Open an escalation — {subject}"),
                vec![
                    picker("level", Level::NAMES, Level::Yellow.as_str()),
                    field("reason", "what happened", ""),
                ],
            ),
            FormKind::Raise { from, .. } => (
                format!("Raise escalation {subject}"),
                vec![
                    picker("to", from.above(), from.next().map_or("", |l| l.as_str())),
                    field("note", "optional: why", ""),
                ],
            ),
            FormKind::Resolve { .. } => (
                format!("Resolve escalation {subject}"),
                vec![field("note", "how it was resolved", "")],
            ),
            FormKind::Reopen { .. } => (
                format!("Reopen escalation {subject}"),
                vec![field("note", "why it is open again", "")],
            ),
            FormKind::PlanVisit { .. } => (
                format!("Plan the quarterly visit — {subject}"),
                vec![field(
                    "date",
                    "YYYY-MM-DD, fri, 14d: today or later",
                    &(today + chrono::Duration::days(14)).to_string(),
                )],
            ),
            FormKind::VisitDone { .. } => (
                format!("Visit done — {subject}"),
                vec![
                    field(
                        "on",
                        "YYYY-MM-DD, today or yesterday — not ahead",
                        &today.to_string(),
                    ),
                    field("note", "optional: what came of it", ""),
                ],
            ),
            FormKind::Review { .. } => (
                format!("Health review — {subject}"),
                vec![
                    field("performance", "0-100 · results, ROI, deadlines", ""),
                    field("relationship", "0-100 · communication, trust", ""),
                    field("outlook", "0-100 · budget, new services", ""),
                    field("engagement", "0-100 · response times, resources", ""),
                    field("note", "optional", ""),
                ],
            ),
            FormKind::EditNote { .. } => (
                format!("Edit note {subject}"),
                vec![Field {
                    label: "text",
                    hint: "the note's text (the edit is recorded with who and when)",
                    input: Input::default(),
                    pristine: false,
                    choices: &[],
                }],
            ),
            FormKind::Snooze { .. } => (
                format!("Snooze — {subject}"),
                vec![
                    field(
                        "until",
                        "YYYY-MM-DD, tomorrow, fri, 3d: it shows again that day",
                        "tomorrow",
                    ),
                    field("reason", "why it can wait", ""),
                ],
            ),
            FormKind::LogNote { .. } => (
                format!("Log a note — {subject}"),
                super::note_form::fields(),
            ),
            FormKind::Contact { id: None, .. } => (
                format!("New contact — {subject}"),
                super::contacts::fields(),
            ),
            FormKind::Contact { id: Some(_), .. } => {
                (format!("Edit contact {subject}"), super::contacts::fields())
            }
            FormKind::AddAccount => {
                // The labels are the names `ops::new_account` gives its errors: an error finds
                // its field.
                let [
                    name,
                    owner,
                    backup,
                    tier,
                    value,
                    since,
                    renewal,
                    referred_by,
                ] = AccountInput::FIELDS;
                (
                    "Add an account".to_string(),
                    vec![
                        field(name, "unique, any case", ""),
                        field(owner, "primary account manager (a user name)", user),
                        field(backup, "optional: who stands in", ""),
                        picker(tier, Tier::NAMES, Tier::Standard.as_str()),
                        field(value, "EUR per month, e.g. 4500 or 4500.50", "0"),
                        field(since, "client since, YYYY-MM-DD", &today.to_string()),
                        field(renewal, "optional: renewal date, YYYY-MM-DD", ""),
                        field(referred_by, "optional: who referred the client", ""),
                    ],
                )
            }
        };
        let initial = fields.iter().map(|f| f.input.value().to_string()).collect();
        // A form whose first fields hold a suggestion (a level, a kind, a date) opens on its
        // text: typed straight on, the text lands where it belongs, and a suggestion changes
        // only when the user goes to it. Found in trials: typing "Client angry" into the
        // escalation form's level picked red by its r; a note typed into the raise form
        // ("raise…") raised a yellow escalation to red and dropped the note; "Client happy"
        // typed into the note form's kind picker picked kinds and was lost; a visit's note
        // typed into its date.
        let focus = match kind {
            FormKind::Escalate { .. } | FormKind::Raise { .. } | FormKind::VisitDone { .. } => 1,
            FormKind::LogNote { .. } => 2,
            _ => 0,
        };
        Form {
            kind,
            title,
            fields,
            focus,
            save_error: None,
            restored: false,
            visit_due: None,
            initial,
            open_before: Vec::new(),
            seen_due: None,
            seen_plan: None,
            named: None,
        }
    }

    /// What changed under the open form since it opened, from the queue as last read (drawn
    /// under the form while it holds, not only when Enter is refused): its escalation is no
    /// longer open (found in a trial: a resolution typed on for an escalation a colleague had
    /// closed), or a colleague opened one for its account (found in a trial: two escalations
    /// for one incident, a minute apart).
    /// A resolve or raise form whose escalation is no longer open: it cannot open again (Esc
    /// keeps its text as the account's note draft). Raised or reopened is still open.
    pub fn escalation_closed(&self, queue: &[crate::domain::escalation::Escalation]) -> bool {
        match self.kind {
            FormKind::Resolve { id } | FormKind::Raise { id, .. } => {
                !queue.iter().any(|e| e.id == id && e.is_open())
            }
            _ => false,
        }
    }

    pub fn notice(&self, queue: &[crate::domain::escalation::Escalation]) -> Option<String> {
        match self.kind {
            FormKind::Resolve { id } | FormKind::Raise { id, .. } => {
                match queue.iter().find(|e| e.id == id && e.is_open()) {
                    None => Some(format!(
                        "#{id} is no longer open: resolved meanwhile (Esc closes)"
                    )),
                    Some(e)
                        if matches!(self.kind, FormKind::Resolve { .. })
                            && self.seen_due.is_some_and(|d| d != e.due_at) =>
                    {
                        Some(format!(
                            "#{id} was raised or reopened meanwhile ({}) — read it before you resolve",
                            e.level
                        ))
                    }
                    Some(_) => None,
                }
            }
            FormKind::Escalate { account_id } => queue
                .iter()
                .find(|e| {
                    e.is_open() && e.account_id == account_id && !self.open_before.contains(&e.id)
                })
                .map(|e| {
                    format!(
                        "{} opened #{} {} for this account meanwhile — Enter opens another",
                        e.opened_by, e.id, e.level
                    )
                }),
            _ => None,
        }
    }

    /// Something was typed (not just the values it opened with): worth keeping as a draft.
    pub fn has_typed_text(&self) -> bool {
        self.fields.iter().enumerate().any(|(i, f)| {
            let v = f.input.value();
            !v.trim().is_empty() && self.initial.get(i).is_none_or(|o| o != v)
        })
    }

    /// The fields now hold what the form opens with (a record's values put in after `new`).
    pub fn mark_opened(&mut self) {
        self.initial = self
            .fields
            .iter()
            .map(|f| f.input.value().to_string())
            .collect();
    }

    pub fn value(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |f| f.input.value())
    }

    /// The effect this form saves, or the first problem (field index, message).
    pub fn validate(&self, cfg: &Config, now: Timestamp) -> Result<Effect, (usize, Error)> {
        let today = crate::domain::dates::local_date(now);
        let text = |i: usize| self.value(i).trim().to_string();
        let optional = |i: usize| Some(text(i)).filter(|t| !t.is_empty());
        let required = |i: usize, what: &str| -> Result<String, (usize, Error)> {
            optional(i).ok_or_else(|| {
                (
                    i,
                    Error::invalid(self.fields[i].label, self.value(i), what.to_string()),
                )
            })
        };
        match &self.kind {
            FormKind::Escalate { account_id } => {
                let level: Level = text(0).parse().map_err(|e| (0, e))?;
                let reason = required(1, "a reason: what happened")?;
                Ok(Effect::OpenEscalation {
                    account_id: *account_id,
                    level,
                    reason,
                })
            }
            FormKind::Raise { id, from } => {
                let to: Level = text(0).parse().map_err(|e| (0, e))?;
                Ok(Effect::RaiseEscalation {
                    id: *id,
                    from: *from,
                    to,
                    note: optional(1),
                })
            }
            FormKind::Resolve { id } => {
                let note = required(0, "a note on how it was resolved")?;
                Ok(Effect::ResolveEscalation {
                    id: *id,
                    note,
                    seen_due: self.seen_due,
                })
            }
            FormKind::Reopen { id } => {
                let note = required(0, "a note on why it is open again")?;
                Ok(Effect::ReopenEscalation { id: *id, note })
            }
            FormKind::PlanVisit { account_id } => {
                let date = crate::domain::dates::parse_when("date", &text(0), today)
                    .map_err(|e| (0, e))?;
                crate::ops::check_plan_date(date, today).map_err(|e| (0, e))?;
                Ok(Effect::PlanVisit {
                    account_id: *account_id,
                    date,
                    seen: self.seen_plan,
                })
            }
            FormKind::VisitDone { account_id } => {
                let on = crate::domain::dates::parse_past_day("on", &text(0), today)
                    .map_err(|e| (0, e))?;
                if on > today {
                    return Err((0, Error::invalid("on", on, "today or an earlier date")));
                }
                Ok(Effect::VisitDone {
                    account_id: *account_id,
                    on,
                    note: optional(1),
                })
            }
            FormKind::Review { account_id } => {
                let scores = self.scores()?;
                Ok(Effect::Review {
                    account_id: *account_id,
                    scores,
                    note: optional(4),
                })
            }
            FormKind::EditNote { id } => {
                let text = required(0, "the note's text")?;
                Ok(Effect::EditNote {
                    id: *id,
                    text,
                    was: self.initial.first().cloned().unwrap_or_default(),
                })
            }
            FormKind::Snooze { item } => {
                let until = crate::domain::dates::parse_when("until", &text(0), today)
                    .map_err(|e| (0, e))?;
                crate::ops::check_snooze_until(until, today).map_err(|e| (0, e))?;
                let reason = required(1, "why it can wait")?;
                Ok(Effect::Snooze {
                    item: item.clone(),
                    until,
                    reason,
                })
            }
            FormKind::Contact { account_id, id } => {
                super::contacts::validate(self, *account_id, *id)
            }
            FormKind::LogNote { account_id } => super::note_form::validate(self, *account_id, now),
            FormKind::AddAccount => {
                let _ = cfg;
                let new = crate::ops::new_account(&self.account_input(), "", today)
                    .map_err(|e| (self.field_of(&e), e))?;
                Ok(Effect::AddAccount(new))
            }
        }
    }

    /// The add-account form's fields as `ops::new_account` takes them: blank optional fields
    /// take the defaults, as omitted flags do on the CLI.
    fn account_input(&self) -> AccountInput<'_> {
        let given = |i: usize| Some(self.value(i)).filter(|v| !v.trim().is_empty());
        AccountInput {
            name: self.value(0),
            owner: Some(self.value(1)),
            backup: given(2),
            tier: given(3),
            value: given(4),
            since: given(5),
            renewal: given(6),
            referred_by: given(7),
        }
    }

    /// Every problem the form has now, each with its field: all of them where the rules check
    /// each field on its own (the add-account form: found in a trial, four Enters for four
    /// mistakes), else the first.
    pub fn problems(&self, cfg: &Config, now: Timestamp) -> Vec<(usize, Error)> {
        if let FormKind::LogNote { .. } = self.kind {
            return super::note_form::problems(self, now);
        }
        if let FormKind::Contact { .. } = self.kind {
            return super::contacts::problems(self);
        }
        if let FormKind::AddAccount = self.kind {
            let today = crate::domain::dates::local_date(now);
            return match crate::ops::new_account_problems(&self.account_input(), "", today) {
                Ok(_) => Vec::new(),
                Err(all) => all.into_iter().map(|e| (self.field_of(&e), e)).collect(),
            };
        }
        self.validate(cfg, now).err().into_iter().collect()
    }

    /// The field an error names (the first when it names none of them).
    pub fn field_of(&self, e: &Error) -> usize {
        match e {
            Error::Invalid { field, .. } => self
                .fields
                .iter()
                .position(|f| f.label == field)
                .unwrap_or(0),
            _ => 0,
        }
    }

    fn scores(&self) -> Result<Scores, (usize, Error)> {
        let score = |i: usize| -> Result<i64, (usize, Error)> {
            Scores::parse_score(self.fields[i].label, self.value(i)).map_err(|e| (i, e))
        };
        Ok(Scores {
            performance: score(0)?,
            relationship: score(1)?,
            outlook: score(2)?,
            engagement: score(3)?,
        })
    }

    /// Live preview under the fields (the review's base score as the scores are typed).
    pub fn preview(&self, cfg: &Config) -> Option<String> {
        match self.kind {
            // What the chosen level asks for, with the configured SLA.
            FormKind::Escalate { .. } | FormKind::Raise { .. } => {
                let level: Level = self.value(0).parse().ok()?;
                Some(format!(
                    "{level}: {} within {} · {}",
                    level.action(),
                    crate::domain::when::span(level.sla(&cfg.escalation.sla_hours), false),
                    level.owner_role()
                ))
            }
            FormKind::PlanVisit { .. } => {
                let date = parse_date("date", self.value(0).trim()).ok()?;
                crate::domain::visit::plan_warning(self.visit_due?, date)
            }
            FormKind::Review { .. } => match self.scores() {
                Ok(s) => Some(format!(
                    "base score {}",
                    base_score(&s, &cfg.health.weights)
                )),
                Err(_) => None,
            },
            _ => None,
        }
    }
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
