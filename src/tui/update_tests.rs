//! Text entry (quick note, forms) and what a save does; each action's own test is in
//! `action_tests.rs`.

use crossterm::event::KeyCode;

use super::*;
use crate::tui::testing::{chars, key, small};

fn press(app: &mut App, code: KeyCode) -> Option<Effect> {
    handle_key(app, key(code))
}

fn type_text(app: &mut App, s: &str) {
    for k in chars(s) {
        assert_eq!(handle_key(app, k), None);
    }
}

#[test]
fn quick_note_returns_a_save_effect_and_keeps_text_on_bad_input() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    update(app, Action::Note);
    type_text(app, "nps 11 great");
    assert_eq!(press(app, KeyCode::Enter), None);
    assert!(app.status.as_ref().unwrap().error);
    let Mode::Note(note) = &app.mode else {
        panic!("the note stays open")
    };
    assert_eq!(note.input.value(), "nps 11 great");
    for _ in 0.."nps 11 great".len() {
        press(app, KeyCode::Backspace);
    }
    type_text(app, "! nps 3 late again");
    assert_eq!(
        press(app, KeyCode::Enter),
        Some(Effect::SaveNote {
            account_id: ids.delta,
            line: "! nps 3 late again".into(),
            kind: None,
        })
    );
    saved(app, Ok(("saved".into(), None)));
    assert!(matches!(app.mode, Mode::Normal));
    // Esc closes it (keeping a draft: see the draft tests).
    update(app, Action::Note);
    type_text(app, "draft");
    press(app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Normal));
}

#[test]
fn a_failed_save_keeps_the_form_and_what_was_typed() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    update(app, Action::Escalate);
    type_text(app, "budget cut");
    assert_eq!(
        press(app, KeyCode::Enter),
        Some(Effect::OpenEscalation {
            account_id: ids.delta,
            level: crate::domain::escalation::Level::Yellow,
            reason: "budget cut".into()
        })
    );
    saved(
        app,
        Err(crate::error::Error::Db("database is locked".into())),
    );
    let Mode::Form(form) = &app.mode else {
        panic!("form stays open")
    };
    assert_eq!(form.value(1), "budget cut");
    assert!(form.save_error.as_deref().unwrap().contains("locked"));
    // An invalid field refuses to save and focuses it.
    for _ in 0.."budget cut".len() {
        press(app, KeyCode::Backspace);
    }
    press(app, KeyCode::BackTab);
    assert_eq!(press(app, KeyCode::Enter), None);
    let Mode::Form(form) = &app.mode else {
        panic!()
    };
    assert_eq!(form.focus, 1);
    assert!(form.save_error.as_deref().unwrap().contains("reason ''"));
}

#[test]
fn typing_over_a_suggested_value_replaces_it() {
    let (mut f, _) = small();
    let app = &mut f.app;
    update(app, Action::VisitDone);
    press(app, KeyCode::BackTab);
    type_text(app, "2026-11-20");
    let Mode::Form(form) = &app.mode else {
        panic!()
    };
    assert_eq!(form.value(0), "2026-11-20");
    // Editing keys keep it: Backspace edits the suggestion instead.
    press(app, KeyCode::Esc);
    update(app, Action::PlanVisit);
    press(app, KeyCode::Backspace);
    let Mode::Form(form) = &app.mode else {
        panic!()
    };
    assert_eq!(
        form.value(0),
        "2026-12-0",
        "Backspace edits the suggested date"
    );
}
