//! The forms' fields, defaults, pickers and validation.

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// 2026-11-23 09:00 UTC, the day of `today()`.
fn now() -> crate::clock::Timestamp {
    crate::tui::testing::now()
}

/// The form's problems now, as (field, message).
fn problems_of(form: &Form) -> Vec<(usize, String)> {
    form.problems(&Config::default(), now())
        .into_iter()
        .map(|(i, e)| (i, e.to_string()))
        .collect()
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
        ok.validate(&cfg, now()).unwrap(),
        Effect::OpenEscalation {
            account_id: 1,
            level: Level::Orange,
            reason: "budget cut".into()
        }
    );
    let bad = typed(FormKind::Escalate { account_id: 1 }, &["purple", "x"]);
    let (i, e) = bad.validate(&cfg, now()).unwrap_err();
    assert_eq!(i, 0);
    assert!(e.to_string().starts_with("level 'purple'"));
    let empty = typed(FormKind::Escalate { account_id: 1 }, &["red", "  "]);
    assert_eq!(empty.validate(&cfg, now()).unwrap_err().0, 1);
}

#[test]
fn resolve_needs_a_note_raise_does_not() {
    let cfg = Config::default();
    assert!(
        typed(FormKind::Resolve { id: 3 }, &[""])
            .validate(&cfg, now())
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
        .validate(&cfg, now())
        .unwrap(),
        Effect::RaiseEscalation {
            id: 3,
            from: Level::Yellow,
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
            .validate(&cfg, now())
            .is_err()
    );
    assert!(
        typed(FormKind::PlanVisit { account_id: 1 }, &["2026-11-22"])
            .validate(&cfg, now())
            .is_err()
    );
    assert!(
        typed(FormKind::PlanVisit { account_id: 1 }, &["2026-11-23"])
            .validate(&cfg, now())
            .is_ok()
    );
}

#[test]
fn review_shows_the_base_live() {
    let cfg = Config::default();
    let partial = typed(FormKind::Review { account_id: 1 }, &["80", "70", "60"]);
    assert_eq!(partial.preview(&cfg), None);
    assert_eq!(partial.validate(&cfg, now()).unwrap_err().0, 3);
    let full = typed(
        FormKind::Review { account_id: 1 },
        &["80", "70", "60", "50", "ok"],
    );
    assert_eq!(full.preview(&cfg).as_deref(), Some("base score 70"));
    assert!(matches!(
        full.validate(&cfg, now()).unwrap(),
        Effect::Review { note: Some(_), .. }
    ));
    let over = typed(
        FormKind::Review { account_id: 1 },
        &["101", "70", "60", "50"],
    );
    assert!(
        over.validate(&cfg, now())
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
        ok.validate(&cfg, now()).unwrap(),
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
        blank.validate(&cfg, now()).unwrap(),
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
            "since '2026-02-30': a day that exists: 2026-02 has 28 days",
        ),
        (6, "soon", "renewal 'soon': a calendar date YYYY-MM-DD"),
    ];
    for (i, bad, error) in cases {
        let mut f = typed(
            FormKind::AddAccount,
            &["Neu AG", "anna", "", "standard", "0", "", "", ""],
        );
        f.fields[i].input = Input::new(bad.to_string());
        let (at, e) = f.validate(&cfg, now()).unwrap_err();
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

/// The note form names its own field: a moment ahead is refused as `when`, not as the CLI's
/// `at` (found in a trial).
#[test]
fn a_note_dated_ahead_is_refused_under_its_fields_name() {
    let cfg = Config::default();
    let form = typed(
        FormKind::LogNote { account_id: 1 },
        &["call", "2026-12-10", "talked about the budget", "", ""],
    );
    let (field, e) = form.validate(&cfg, crate::tui::testing::now()).unwrap_err();
    assert_eq!(field, 1);
    assert_eq!(
        e.to_string(),
        "when '2026-12-10': now or earlier: a note records what happened"
    );
}

/// The add-account form shows every problem at once, each under its field, and Enter's message
/// counts the others (found in a trial: four Enters for four mistakes).
#[test]
fn the_add_account_form_shows_every_problem_at_once() {
    let cfg = Config::default();
    let form = typed(
        FormKind::AddAccount,
        &[
            "Neu AG",
            "Anna Berger",
            "",
            "standard",
            "4.500,00",
            "",
            "2026-13-01",
            "",
        ],
    );
    let problems = problems_of(&form);
    let fields: Vec<usize> = problems.iter().map(|(i, _)| *i).collect();
    assert_eq!(fields, vec![1, 4, 6], "{problems:?}");
    assert!(problems[0].1.starts_with("owner 'Anna Berger'"));
    assert!(problems[1].1.starts_with("value '4.500,00'"));
    assert!(problems[2].1.starts_with("renewal '2026-13-01'"));
    // Enter refuses with the first, focused, and counts the rest.
    assert_eq!(form.validate(&cfg, now()).unwrap_err().0, 1);
    let fine = typed(
        FormKind::AddAccount,
        &["Neu AG", "anna", "", "standard", "4500", "", "", ""],
    );
    assert!(fine.problems(&cfg, now()).is_empty());
}

/// The note form shows every problem at once too (found in a trial: `nps 140` and follow-up
/// `someday` were flagged only after `when` was fixed).
#[test]
fn the_note_form_shows_every_problem_at_once() {
    let cfg = Config::default();
    let form = typed(
        FormKind::LogNote { account_id: 1 },
        &["call", "2026-12-10", "talked", "140", "someday"],
    );
    let problems = problems_of(&form);
    assert_eq!(
        problems.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        vec![1, 3, 4],
        "{problems:?}"
    );
    assert!(problems[0].1.starts_with("when '2026-12-10'"));
    assert!(problems[1].1.starts_with("nps '140'"));
    assert!(problems[2].1.starts_with("follow-up 'someday'"));
    assert_eq!(
        form.validate(&cfg, crate::tui::testing::now())
            .unwrap_err()
            .0,
        1
    );
}

/// The contact form shows every problem at once as well.
#[test]
fn the_contact_form_shows_every_problem_at_once() {
    let cfg = Config::default();
    let kind = FormKind::Contact {
        account_id: 1,
        id: None,
    };
    let form = typed(
        kind,
        &[
            "Jana Ott",
            "",
            "jana at ott",
            "",
            "maybe",
            "02-30",
            "",
            "",
            "",
        ],
    );
    let fields: Vec<usize> = problems_of(&form).into_iter().map(|(i, _)| i).collect();
    assert_eq!(fields, vec![2, 4, 5]);
    assert_eq!(form.validate(&cfg, now()).unwrap_err().0, 2);
}
