use crossterm::event::KeyCode;

use super::*;
use crate::tui::form::FormKind;
use crate::tui::testing::{chars, fixture, key, small};

fn press(app: &mut App, code: KeyCode) -> Option<Effect> {
    handle_key(app, key(code))
}

fn type_text(app: &mut App, s: &str) {
    for k in chars(s) {
        assert_eq!(handle_key(app, k), None);
    }
}

#[test]
fn movement_in_the_accounts_list_loads_the_detail() {
    let mut f = fixture();
    let app = &mut f.app;
    assert_eq!(app.account_row(), Some(0));
    let second = app.data.list[app.visible[1]].account.id;
    assert_eq!(update(app, Action::Down), Some(Effect::LoadDetail(second)));
    assert_eq!(
        update(app, Action::Up),
        Some(Effect::LoadDetail(app.data.list[app.visible[0]].account.id))
    );
    assert_eq!(update(app, Action::Up), None, "already at the top");
    let last = *app.visible.last().unwrap();
    assert_eq!(
        update(app, Action::Bottom),
        Some(Effect::LoadDetail(app.data.list[last].account.id))
    );
    assert_eq!(app.account_row(), Some(app.visible.len() - 1));
    assert_eq!(app.sel.account, Some(app.data.list[last].account.id));
    assert!(update(app, Action::Top).is_some());
    assert_eq!(app.account_row(), Some(0));
}

#[test]
fn panes_cycle_and_jump() {
    let mut f = fixture();
    let app = &mut f.app;
    assert_eq!(app.focus, Pane::Accounts);
    for (action, pane) in [
        (Action::NextPane, Pane::Checklist),
        (Action::NextPane, Pane::Escalations),
        (Action::PrevPane, Pane::Checklist),
        (Action::PaneNotes, Pane::Notes),
        (Action::PaneVisit, Pane::Visit),
        (Action::NextPane, Pane::Accounts),
        (Action::PrevPane, Pane::Visit),
        (Action::PaneEscalations, Pane::Escalations),
        (Action::PaneChecklist, Pane::Checklist),
        (Action::PaneAccounts, Pane::Accounts),
    ] {
        update(app, action);
        assert_eq!(app.focus, pane, "{action:?}");
    }
}

#[test]
fn movement_inside_other_panes_selects_records() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    update(app, Action::PaneChecklist);
    update(app, Action::Bottom);
    assert_eq!(app.sel.checklist.as_deref(), Some("signals"));
    update(app, Action::Down);
    assert_eq!(app.sel.checklist.as_deref(), Some("signals"));
    update(app, Action::Up);
    assert_eq!(app.sel.checklist.as_deref(), Some("meeting"));
    // Queue: Brandt's overdue orange first, then Alpha's yellow.
    update(app, Action::PaneEscalations);
    update(app, Action::Top);
    assert_eq!(app.sel.escalation, Some(ids.brandt_orange));
    update(app, Action::Down);
    assert_eq!(app.sel.escalation, Some(ids.alpha_yellow));
    update(app, Action::Down);
    assert_eq!(app.sel.escalation, Some(ids.alpha_yellow), "the last row");
    // Notes of the selected account (Delta has none; Brandt has two).
    update(app, Action::PaneAccounts);
    update(app, Action::Down);
    assert_eq!(app.selected_id(), Some(ids.brandt));
    let d = crate::tui::load_detail(&f.store, app, ids.brandt).unwrap();
    app.set_detail(Some(d));
    let notes: Vec<i64> = app
        .detail
        .as_ref()
        .unwrap()
        .notes
        .iter()
        .map(|n| n.id)
        .collect();
    assert_eq!(notes.len(), 2);
    update(app, Action::PaneNotes);
    assert_eq!(app.note_row(), 0);
    update(app, Action::Down);
    assert_eq!(app.sel.note, Some(notes[1]));
    update(app, Action::Down);
    assert_eq!(app.sel.note, Some(notes[1]));
}

#[test]
fn filter_is_incremental_enter_keeps_esc_clears() {
    let mut f = fixture();
    let app = &mut f.app;
    let total = app.visible.len();
    let target = app.data.list[app.visible[3]].account.name.clone();
    let needle: String = target.chars().take(6).collect();
    update(app, Action::Filter);
    assert!(matches!(app.mode, Mode::Filter));
    for k in chars(&needle.to_uppercase()) {
        handle_key(app, k);
    }
    assert!(app.visible.len() < total || total == 1);
    assert!(app.visible.iter().all(|&i| {
        app.data.list[i]
            .account
            .name
            .to_lowercase()
            .contains(&needle.to_lowercase())
    }));
    press(app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(
        app.filter.value(),
        needle.to_uppercase(),
        "Enter keeps the filter"
    );
    // Esc in the list clears an active filter.
    press(app, KeyCode::Esc);
    assert_eq!(app.filter.value(), "");
    assert_eq!(app.visible.len(), total);
    // Esc while typing clears too.
    update(app, Action::Filter);
    for k in chars("zzzz-nothing") {
        handle_key(app, k);
    }
    assert!(app.visible.is_empty());
    press(app, KeyCode::Esc);
    assert_eq!(app.visible.len(), total);
}

#[test]
fn mine_toggles_and_keeps_the_selection_when_possible() {
    let mut f = fixture();
    let app = &mut f.app;
    let total = app.visible.len();
    update(app, Action::Mine);
    assert!(app.mine);
    assert!(
        app.visible
            .iter()
            .all(|&i| app.data.list[i].account.is_mine(crate::tui::testing::USER))
    );
    assert!(app.visible.len() < total);
    update(app, Action::Mine);
    assert_eq!(app.visible.len(), total);
}

#[test]
fn overlays_open_and_close() {
    let mut f = fixture();
    let app = &mut f.app;
    for (action, overlay) in [
        (Action::Explain, Overlay::Explain),
        (Action::Brief, Overlay::Brief),
        (Action::Help, Overlay::Help),
    ] {
        update(app, action);
        assert!(
            matches!(&app.mode, Mode::Overlay(o) if *o == overlay),
            "{action:?}"
        );
        press(app, KeyCode::Char('j'));
        assert_eq!(app.overlay_scroll, 1);
        press(app, KeyCode::Esc);
        assert!(matches!(app.mode, Mode::Normal));
    }
}

#[test]
fn quit() {
    let mut f = fixture();
    assert!(!f.app.quit);
    update(&mut f.app, Action::Quit);
    assert!(f.app.quit);
}

#[test]
fn quick_note_returns_a_save_effect_and_keeps_text_on_bad_input() {
    let mut f = fixture();
    let app = &mut f.app;
    let id = app.selected_id().unwrap();
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
            account_id: id,
            line: "! nps 3 late again".into()
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
fn toggle_ticks_in_the_checklist_pane_only() {
    let mut f = fixture();
    let app = &mut f.app;
    assert_eq!(update(app, Action::Toggle), None);
    assert!(app.status.as_ref().unwrap().text.contains("checklist pane"));
    update(app, Action::PaneChecklist);
    let id = app.selected_id().unwrap();
    let first = app.cfg.checklist.items[0].key.clone();
    let done = app
        .detail
        .as_ref()
        .unwrap()
        .ticks
        .iter()
        .any(|t| t.key == first);
    assert_eq!(
        update(app, Action::Toggle),
        Some(Effect::ToggleTick {
            account_id: id,
            week: IsoWeek::at(app.now),
            key: first,
            done: !done
        })
    );
}

#[test]
fn forms_open_for_each_action() {
    let mut f = fixture();
    let app = &mut f.app;
    for action in [
        Action::Escalate,
        Action::PlanVisit,
        Action::VisitDone,
        Action::Review,
        Action::AddAccount,
    ] {
        update(app, action);
        assert!(matches!(app.mode, Mode::Form(_)), "{action:?}");
        press(app, KeyCode::Esc);
        assert!(matches!(app.mode, Mode::Normal));
    }
}

#[test]
fn raise_and_resolve_act_on_the_selected_queue_row() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    update(app, Action::PaneEscalations);
    update(app, Action::Bottom);
    assert_eq!(app.sel.escalation, Some(ids.alpha_yellow));
    update(app, Action::Resolve);
    let Mode::Form(form) = &app.mode else {
        panic!("resolve form")
    };
    assert_eq!(
        form.kind,
        FormKind::Resolve {
            id: ids.alpha_yellow
        }
    );
    assert!(form.title.contains(&format!(
        "#{} yellow — Alpha Logistik GmbH",
        ids.alpha_yellow
    )));
    press(app, KeyCode::Esc);
    update(app, Action::Raise);
    let Mode::Form(form) = &app.mode else {
        panic!("raise form")
    };
    assert_eq!(
        form.kind,
        FormKind::Raise {
            id: ids.alpha_yellow
        }
    );
    press(app, KeyCode::Esc);
    // Reopen refuses an open escalation and says why; nothing opens.
    update(app, Action::Reopen);
    assert!(matches!(app.mode, Mode::Normal));
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("only a resolved escalation")
    );
}

#[test]
fn a_failed_save_keeps_the_form_and_what_was_typed() {
    let mut f = fixture();
    let app = &mut f.app;
    update(app, Action::Escalate);
    press(app, KeyCode::Tab);
    type_text(app, "budget cut");
    let effect = press(app, KeyCode::Enter);
    assert!(matches!(effect, Some(Effect::OpenEscalation { .. })));
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
    press(app, KeyCode::BackTab);
    for _ in 0..6 {
        press(app, KeyCode::Backspace);
    }
    type_text(app, "purple");
    assert_eq!(press(app, KeyCode::Enter), None);
    let Mode::Form(form) = &app.mode else {
        panic!()
    };
    assert_eq!(form.focus, 0);
    assert!(
        form.save_error
            .as_deref()
            .unwrap()
            .contains("level 'purple'")
    );
}

#[test]
fn typing_over_a_suggested_value_replaces_it() {
    let mut f = fixture();
    let app = &mut f.app;
    update(app, Action::Escalate);
    type_text(app, "orange");
    let Mode::Form(form) = &app.mode else {
        panic!()
    };
    assert_eq!(form.value(0), "orange");
    // Editing keys keep it: Backspace edits the suggestion instead.
    update_back(app);
}

fn update_back(app: &mut App) {
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
