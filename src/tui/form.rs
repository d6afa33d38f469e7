//! Small forms (escalation, raise, resolve, visit, review, new account). Each field is a
//! `tui_input::Input`; a field with a closed set of values (level, tier) is a picker over the
//! domain's names. `validate` turns the typed text into an `Effect` or names what is wrong.
//! Nothing typed is dropped until a save succeeds.
//! (One cohesive thing past 400 lines: every form, its fields and its validation, with tests.)

use chrono::NaiveDate;
use tui_input::Input;

use super::action::Effect;
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
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub hint: &'static str,
    pub input: Input,
    /// Still the suggested value: the first character typed replaces it.
    pub pristine: bool,
    /// A closed set (a domain enum's `NAMES`): the field is a picker and `input` holds the
    /// chosen name. Empty: free text.
    pub choices: &'static [&'static str],
}

impl Field {
    pub fn is_picker(&self) -> bool {
        !self.choices.is_empty()
    }

    /// The chosen choice's position.
    pub fn chosen(&self) -> Option<usize> {
        self.choices.iter().position(|c| *c == self.input.value())
    }

    fn choose(&mut self, i: usize) {
        if let Some(c) = self.choices.get(i) {
            self.input = Input::new((*c).to_string());
            self.pristine = false;
        }
    }

    /// ←/→: the previous or next choice, wrapping around.
    pub fn cycle(&mut self, forward: bool) {
        let n = self.choices.len();
        if n == 0 {
            return;
        }
        let i = match (self.chosen(), forward) {
            (None, _) => 0,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.choose(i);
    }

    /// A letter picks the first choice starting with it; pressed again, the next such choice.
    /// A letter no choice starts with changes nothing (and returns false).
    pub fn pick_letter(&mut self, letter: char) -> bool {
        let letter: String = letter.to_lowercase().collect();
        let starts: Vec<usize> = (0..self.choices.len())
            .filter(|&i| self.choices[i].starts_with(&letter))
            .collect();
        let next = match self
            .chosen()
            .and_then(|c| starts.iter().position(|&i| i == c))
        {
            Some(k) => starts[(k + 1) % starts.len()],
            None => match starts.first() {
                Some(&i) => i,
                None => return false,
            },
        };
        self.choose(next);
        true
    }
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

fn field(label: &'static str, hint: &'static str, value: &str) -> Field {
    Field {
        label,
        hint,
        input: Input::new(value.to_string()),
        pristine: !value.is_empty(),
        choices: &[],
    }
}

/// A picker over `choices` (a domain enum's `NAMES`), `chosen` selected.
fn picker(label: &'static str, choices: &'static [&'static str], chosen: &str) -> Field {
    Field {
        choices,
        ..field(label, "←/→ or a letter picks", chosen)
    }
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
            FormKind::Raise { id, .. } => {
                let to: Level = text(0).parse().map_err(|e| (0, e))?;
                Ok(Effect::RaiseEscalation {
                    id: *id,
                    to,
                    note: optional(1),
                })
            }
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
            FormKind::AddAccount => {
                // Blank optional fields take the defaults, as omitted flags do on the CLI.
                let given = |i: usize| Some(self.value(i)).filter(|v| !v.trim().is_empty());
                let input = AccountInput {
                    name: self.value(0),
                    owner: Some(self.value(1)),
                    backup: given(2),
                    tier: given(3),
                    value: given(4),
                    since: given(5),
                    renewal: given(6),
                    referred_by: given(7),
                };
                let new = crate::ops::new_account(&input, "", today)
                    .map_err(|e| (self.field_of(&e), e))?;
                let _ = cfg;
                Ok(Effect::AddAccount(new))
            }
        }
    }

    /// The field an error names (the first when it names none of them).
    fn field_of(&self, e: &Error) -> usize {
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
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn typed(kind: FormKind, values: &[&str]) -> Form {
        let mut f = Form::new(kind, "Alpha", today(), "anna");
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
            typed(
                FormKind::Raise {
                    id: 3,
                    from: Level::Yellow
                },
                &["red", ""]
            )
            .validate(&cfg, today())
            .unwrap(),
            Effect::RaiseEscalation {
                id: 3,
                to: Level::Red,
                note: None
            }
        );
    }

    #[test]
    fn visit_dates() {
        let cfg = Config::default();
        let f = Form::new(FormKind::PlanVisit { account_id: 1 }, "A", today(), "anna");
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
    fn add_account_form_has_every_field_of_account_add() {
        let cfg = Config::default();
        let f = Form::new(FormKind::AddAccount, "", today(), "anna");
        let labels: Vec<&str> = f.fields.iter().map(|f| f.label).collect();
        assert_eq!(labels, AccountInput::FIELDS);
        // The defaults `tend account add` applies, shown: me, standard, 0, today.
        let values: Vec<&str> = (0..8).map(|i| f.value(i)).collect();
        assert_eq!(
            values,
            ["", "anna", "", "standard", "0", "2026-11-23", "", ""]
        );
        let ok = typed(
            FormKind::AddAccount,
            &[
                "Neu AG",
                "ben",
                "carla",
                "premium",
                "1200.50",
                "2026-01-15",
                "2027-01-15",
                "Müller GmbH",
            ],
        );
        assert_eq!(
            ok.validate(&cfg, today()).unwrap(),
            Effect::AddAccount(crate::store::accounts::NewAccount {
                name: "Neu AG".into(),
                owner: "ben".into(),
                backup: Some("carla".into()),
                tier: Tier::Premium,
                value_cents: 120_050,
                client_since: NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
                renewal: NaiveDate::from_ymd_opt(2027, 1, 15),
                referred_by: Some("Müller GmbH".into()),
            })
        );
        // Blank optional fields take the defaults.
        let blank = typed(
            FormKind::AddAccount,
            &["Neu AG", "anna", " ", "standard", "", "", "", ""],
        );
        assert!(matches!(
            blank.validate(&cfg, today()).unwrap(),
            Effect::AddAccount(n) if n.value_cents == 0 && n.client_since == today()
                && n.backup.is_none() && n.renewal.is_none()
        ));
        // Each error names its field (and the form focuses it): field, value, what is allowed.
        let cases: [(usize, &str, &str); 5] = [
            (0, "  ", "name '  ': a non-empty account name"),
            (1, "", "owner '': a user name"),
            (4, "12,5,0", "value '12,5,0': an amount in EUR"),
            (
                5,
                "2026-02-30",
                "since '2026-02-30': a calendar date YYYY-MM-DD",
            ),
            (6, "soon", "renewal 'soon': a calendar date YYYY-MM-DD"),
        ];
        for (i, bad, error) in cases {
            let mut f = typed(
                FormKind::AddAccount,
                &["Neu AG", "anna", "", "standard", "0", "", "", ""],
            );
            f.fields[i].input = Input::new(bad.to_string());
            let (at, e) = f.validate(&cfg, today()).unwrap_err();
            assert_eq!(at, i, "{bad}");
            assert!(e.to_string().starts_with(error), "{e}");
        }
    }

    #[test]
    fn pickers_offer_the_domains_names() {
        let f = Form::new(FormKind::Escalate { account_id: 1 }, "A", today(), "anna");
        assert_eq!(f.fields[0].choices, Level::NAMES);
        let names: Vec<&str> = Level::ALL.iter().map(|l| l.as_str()).collect();
        assert_eq!(f.fields[0].choices, names);
        let f = Form::new(FormKind::AddAccount, "", today(), "anna");
        assert_eq!(f.fields[3].choices, Tier::NAMES);
        let names: Vec<&str> = Tier::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(f.fields[3].choices, names);
        // Every other field is free text.
        assert_eq!(f.fields.iter().filter(|f| f.is_picker()).count(), 1);
    }

    #[test]
    fn a_picker_cycles_and_picks_by_letter() {
        let mut f = Form::new(FormKind::AddAccount, "", today(), "anna").fields[3].clone();
        assert_eq!(f.input.value(), "standard");
        f.cycle(true);
        assert_eq!(f.input.value(), "new");
        f.cycle(true);
        f.cycle(true);
        assert_eq!(f.input.value(), "premium", "wraps around");
        f.cycle(false);
        assert_eq!(f.input.value(), "difficult", "and back");
        assert!(f.pick_letter('s'));
        assert_eq!(f.input.value(), "standard");
        assert!(f.pick_letter('P'), "any case");
        assert_eq!(f.input.value(), "premium");
        assert!(!f.pick_letter('x'), "no choice starts with x");
        assert_eq!(f.input.value(), "premium");
    }
}
