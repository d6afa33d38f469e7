//! Small forms (escalation, raise, resolve, visit, review, new account). Each field is a
//! `tui_input::Input`; `validate` turns the typed text into an `Effect` or names what is wrong.
//! Nothing typed is dropped until a save succeeds.
//! (One cohesive thing past 400 lines: every form, its fields and its validation, with tests.)

use chrono::NaiveDate;
use tui_input::Input;

use super::action::Effect;
use crate::config::Config;
use crate::domain::dates::parse_date;
use crate::domain::escalation::Level;
use crate::domain::health::base_score;
use crate::domain::{Scores, Tier, account_name, parse_eur};
use crate::error::Error;

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
    /// A contact of the account: a new one (`id` None) or that one.
    Contact {
        account_id: i64,
        id: Option<i64>,
    },
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub hint: &'static str,
    pub input: Input,
    /// Still the suggested value: the first character typed replaces it.
    pub pristine: bool,
}

impl FormKind {
    /// A short name for the quit question: "resolve #40", "review for Alpha".
    pub fn describe(&self, account: &dyn Fn(i64) -> String) -> String {
        match self {
            FormKind::Escalate { account_id } => format!("escalation for {}", account(*account_id)),
            FormKind::Raise { id } => format!("raise #{id}"),
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
}

pub(super) fn field(label: &'static str, hint: &'static str, value: &str) -> Field {
    Field {
        label,
        hint,
        input: Input::new(value.to_string()),
        pristine: !value.is_empty(),
    }
}

impl Form {
    pub fn new(kind: FormKind, subject: &str, today: NaiveDate) -> Form {
        let (title, fields) = match &kind {
            FormKind::Escalate { .. } => (
                format!("Open an escalation — {subject}"),
                vec![
                    field("level", "yellow 24h · orange 48h · red 24h", "yellow"),
                    field("reason", "what happened", ""),
                ],
            ),
            FormKind::Raise { .. } => (
                format!("Raise escalation {subject}"),
                vec![field("note", "optional: why", "")],
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
                    field("on", "YYYY-MM-DD, today or earlier", &today.to_string()),
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
            FormKind::Contact { id: None, .. } => (
                format!("New contact — {subject}"),
                super::contacts::fields(),
            ),
            FormKind::Contact { id: Some(_), .. } => {
                (format!("Edit contact {subject}"), super::contacts::fields())
            }
            FormKind::AddAccount => (
                "Add an account".to_string(),
                vec![
                    field("name", "unique, any case", ""),
                    field("tier", "premium · standard · new · difficult", "standard"),
                    field("value", "EUR per month", "0"),
                ],
            ),
        };
        Form {
            kind,
            title,
            fields,
            focus: 0,
            save_error: None,
            restored: false,
            visit_due: None,
        }
    }

    /// Something was typed (not just the suggested values): worth keeping as a draft.
    pub fn has_typed_text(&self) -> bool {
        self.fields
            .iter()
            .any(|f| !f.pristine && !f.input.value().trim().is_empty())
    }

    pub fn value(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |f| f.input.value())
    }

    /// The effect this form saves, or the first problem (field index, message).
    pub fn validate(&self, cfg: &Config, today: NaiveDate) -> Result<Effect, (usize, Error)> {
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
            FormKind::Raise { id } => Ok(Effect::RaiseEscalation {
                id: *id,
                note: optional(0),
            }),
            FormKind::Resolve { id } => {
                let note = required(0, "a note on how it was resolved")?;
                Ok(Effect::ResolveEscalation { id: *id, note })
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
                })
            }
            FormKind::VisitDone { account_id } => {
                let on = parse_date("on", &text(0)).map_err(|e| (0, e))?;
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
                Ok(Effect::EditNote { id: *id, text })
            }
            FormKind::Snooze { item } => {
                let until = crate::domain::dates::parse_when("until", &text(0), today)
                    .map_err(|e| (0, e))?;
                if until <= today {
                    return Err((0, Error::invalid("until", until, "a date after today")));
                }
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
            FormKind::AddAccount => {
                let name = account_name(self.value(0)).map_err(|e| (0, e))?;
                let tier: Tier = text(1).parse().map_err(|e| (1, e))?;
                let value_cents = parse_eur("value", &text(2)).map_err(|e| (2, e))?;
                let _ = cfg;
                Ok(Effect::AddAccount {
                    name,
                    tier,
                    value_cents,
                })
            }
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
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn typed(kind: FormKind, values: &[&str]) -> Form {
        let mut f = Form::new(kind, "Alpha", today());
        for (i, v) in values.iter().enumerate() {
            f.fields[i].input = Input::new(v.to_string());
            f.fields[i].pristine = false;
        }
        f
    }

    #[test]
    fn escalation_form() {
        let cfg = Config::default();
        let ok = typed(
            FormKind::Escalate { account_id: 1 },
            &["orange", "budget cut"],
        );
        assert_eq!(
            ok.validate(&cfg, today()).unwrap(),
            Effect::OpenEscalation {
                account_id: 1,
                level: Level::Orange,
                reason: "budget cut".into()
            }
        );
        let bad = typed(FormKind::Escalate { account_id: 1 }, &["purple", "x"]);
        let (i, e) = bad.validate(&cfg, today()).unwrap_err();
        assert_eq!(i, 0);
        assert!(e.to_string().starts_with("level 'purple'"));
        let empty = typed(FormKind::Escalate { account_id: 1 }, &["red", "  "]);
        assert_eq!(empty.validate(&cfg, today()).unwrap_err().0, 1);
    }

    #[test]
    fn resolve_needs_a_note_raise_does_not() {
        let cfg = Config::default();
        assert!(
            typed(FormKind::Resolve { id: 3 }, &[""])
                .validate(&cfg, today())
                .is_err()
        );
        assert_eq!(
            typed(FormKind::Raise { id: 3 }, &[""])
                .validate(&cfg, today())
                .unwrap(),
            Effect::RaiseEscalation { id: 3, note: None }
        );
    }

    #[test]
    fn visit_dates() {
        let cfg = Config::default();
        let f = Form::new(FormKind::PlanVisit { account_id: 1 }, "A", today());
        assert_eq!(f.value(0), "2026-12-07", "a sensible default date");
        assert!(
            typed(FormKind::PlanVisit { account_id: 1 }, &["2026-02-30"])
                .validate(&cfg, today())
                .is_err()
        );
        assert!(
            typed(FormKind::PlanVisit { account_id: 1 }, &["2026-11-22"])
                .validate(&cfg, today())
                .is_err()
        );
        assert!(
            typed(FormKind::PlanVisit { account_id: 1 }, &["2026-11-23"])
                .validate(&cfg, today())
                .is_ok()
        );
    }

    #[test]
    fn review_shows_the_base_live() {
        let cfg = Config::default();
        let partial = typed(FormKind::Review { account_id: 1 }, &["80", "70", "60"]);
        assert_eq!(partial.preview(&cfg), None);
        assert_eq!(partial.validate(&cfg, today()).unwrap_err().0, 3);
        let full = typed(
            FormKind::Review { account_id: 1 },
            &["80", "70", "60", "50", "ok"],
        );
        assert_eq!(full.preview(&cfg).as_deref(), Some("base score 70"));
        assert!(matches!(
            full.validate(&cfg, today()).unwrap(),
            Effect::Review { note: Some(_), .. }
        ));
        let over = typed(
            FormKind::Review { account_id: 1 },
            &["101", "70", "60", "50"],
        );
        assert!(
            over.validate(&cfg, today())
                .unwrap_err()
                .1
                .to_string()
                .starts_with("performance '101'")
        );
    }

    #[test]
    fn add_account_form() {
        let cfg = Config::default();
        let ok = typed(FormKind::AddAccount, &["Neu AG", "Premium", "1200.50"]);
        assert_eq!(
            ok.validate(&cfg, today()).unwrap(),
            Effect::AddAccount {
                name: "Neu AG".into(),
                tier: Tier::Premium,
                value_cents: 120_050
            }
        );
        assert_eq!(
            typed(FormKind::AddAccount, &["", "standard", "0"])
                .validate(&cfg, today())
                .unwrap_err()
                .0,
            0
        );
        assert_eq!(
            typed(FormKind::AddAccount, &["X", "gold", "0"])
                .validate(&cfg, today())
                .unwrap_err()
                .0,
            1
        );
    }
}
