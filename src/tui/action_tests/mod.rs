//! One test per `Action` (refusals included) on the hand-built fixture `testing::small()`, so every
//! assertion names the record it expects. `test_of` maps each action to its test: an action added
//! without one does not compile. Movement and panes in `navigation`, the forms of escalations in
//! `escalations`, the other inputs in `inputs`; overlays and quitting here.
//!
//! The fixture, in triage order: Delta (no review, no escalation) · Brandt (orange, overdue) ·
//! Alpha (yellow) · Civitas (a resolved yellow, a visit planned). Anna owns Alpha and Brandt.

use std::collections::HashSet;

use chrono::NaiveDate;
use crossterm::event::KeyCode;

use super::*;
use crate::config::Config;
use crate::domain::escalation::Level;
use crate::domain::{Scores, Tier};
use crate::tui::form::FormKind;
use crate::tui::keymap::Keymap;
use crate::tui::testing::{Fixture, USER, chars, ctrl, key, now, small};

mod contacts;
mod escalations;
mod inputs;
mod navigation;
mod notes;
mod today;

/// The test that covers each action. No wildcard arm: a new `Action` needs a line here, and so a
/// test.
fn test_of(action: Action) -> fn() {
    match action {
        Action::Down => navigation::down_moves_one_row_in_each_pane,
        Action::Up => navigation::up_moves_one_row_in_each_pane,
        Action::Top => navigation::top_selects_the_first_row_in_each_pane,
        Action::Bottom => navigation::bottom_selects_the_last_row_in_each_pane,
        Action::NextPane => navigation::next_pane_cycles_forward,
        Action::PrevPane => navigation::prev_pane_cycles_backward,
        Action::PaneAccounts
        | Action::PaneChecklist
        | Action::PaneEscalations
        | Action::PaneNotes
        | Action::PaneVisit => navigation::pane_keys_jump_to_their_pane,
        Action::Filter => navigation::filter_types_into_the_account_list,
        Action::Mine => navigation::mine_shows_my_accounts_only_and_back,
        Action::Note => inputs::note_opens_for_the_selected_account,
        Action::LogNote => inputs::log_note_takes_a_kind_a_past_moment_nps_and_a_follow_up,
        Action::Toggle => inputs::toggle_ticks_in_the_checklist_pane_only,
        Action::Escalate => escalations::escalate_opens_a_form_for_the_selected_account,
        Action::Raise => escalations::raise_opens_for_a_raisable_escalation_and_refuses_others,
        Action::Resolve => escalations::resolve_opens_for_an_open_escalation_and_refuses_others,
        Action::Reopen => escalations::reopen_opens_for_a_resolved_escalation_and_refuses_others,
        Action::ShowResolved => escalations::show_resolved_toggles_and_asks_for_a_reload,
        Action::PlanVisit => inputs::plan_visit_suggests_a_date_and_knows_the_due_date,
        Action::VisitDone => inputs::visit_done_records_a_visit_on_a_date_today_by_default,
        Action::Review => inputs::review_takes_four_scores_and_shows_the_base,
        Action::Explain => explain_opens_for_the_selected_account,
        Action::Brief => brief_opens_and_asks_for_the_briefing,
        Action::AddAccount => inputs::add_account_opens_even_with_no_accounts,
        Action::Today => today::today_switches_the_left_list_and_the_panes_follow_the_item,
        Action::Act => today::act_does_what_the_item_asks_for,
        Action::Snooze => today::snooze_opens_a_form_and_refuses_escalations,
        Action::Delete => notes::d_deletes_the_selected_note_after_yes_only,
        Action::Sort => navigation::sort_cycles_the_account_order_and_keeps_the_selection,
        Action::PageDown | Action::PageUp => navigation::page_keys_move_ten_rows,
        Action::Undo => notes::undo_pops_the_newest_write,
        Action::Search => notes::s_searches_every_note_and_enter_opens_the_hit,
        Action::Palette => navigation::palette_jumps_to_an_account_or_runs_an_action,
        Action::Contacts => {
            contacts::c_lists_adds_edits_and_deletes_contacts_of_the_account_it_names
        }
        Action::Help => help_opens_scrolls_and_closes,
        Action::Quit => quit_at_once_without_drafts_and_asks_with_them,
    }
}

#[test]
fn every_action_has_a_test() {
    let mut seen = HashSet::new();
    for (action, name, _) in Action::ALL {
        assert!(
            seen.insert(*action),
            "{name} is listed twice in Action::ALL"
        );
        let _covered_by: fn() = test_of(*action);
    }
}

/// An app with no accounts at all (a new database).
fn empty_app() -> App {
    let cfg = Config::default();
    let keymap = Keymap::from_config(&cfg.keys).unwrap();
    App::new(cfg, keymap, USER.into(), now())
}

/// Perform a read effect as the run loop does (detail, briefing, reload).
fn run(f: &mut Fixture, effect: Option<Effect>) {
    if let Some(e) = effect {
        assert!(!e.is_write(), "{e:?}");
        crate::tui::run_effect(&f.store, &mut f.app, e);
    }
}

/// Select the account on triage row `row` (Delta 0, Brandt 1, Alpha 2, Civitas 3), with its detail.
fn select(f: &mut Fixture, row: usize) {
    let focus = f.app.focus;
    f.app.focus = Pane::Accounts;
    let e = update(&mut f.app, Action::Top);
    run(f, e);
    for _ in 0..row {
        let e = update(&mut f.app, Action::Down);
        run(f, e);
    }
    f.app.focus = focus;
}

fn status(app: &App) -> &str {
    app.status.as_ref().map_or("", |s| s.text.as_str())
}

fn form(app: &App) -> &crate::tui::form::Form {
    match &app.mode {
        Mode::Form(form) => form,
        other => panic!("no form open: {other:?}"),
    }
}

fn type_text(app: &mut App, s: &str) {
    for k in chars(s) {
        assert_eq!(handle_key(app, k), None);
    }
}

#[test]
fn explain_opens_for_the_selected_account() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    app.overlay_scroll = 3;
    // It reads the score 30 days ago and the weekly history for the comparison.
    assert_eq!(
        update(app, Action::Explain),
        Some(Effect::LoadExplain(ids.delta))
    );
    assert!(matches!(app.mode, Mode::Overlay(Overlay::Explain)));
    assert_eq!(app.overlay_scroll, 0, "a new overlay starts at its top");

    let mut app = empty_app();
    assert_eq!(update(&mut app, Action::Explain), None);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(status(&app), "no account selected");
}

#[test]
fn brief_opens_and_asks_for_the_briefing() {
    let (mut f, ids) = small();
    select(&mut f, 1);
    let effect = update(&mut f.app, Action::Brief);
    assert_eq!(effect, Some(Effect::LoadBrief(ids.brandt)));
    assert!(matches!(f.app.mode, Mode::Overlay(Overlay::Brief)));
    run(&mut f, effect);
    assert_eq!(f.app.brief.as_ref().unwrap().account_id, ids.brandt);

    let mut app = empty_app();
    assert_eq!(update(&mut app, Action::Brief), None);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(status(&app), "no account selected");
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut app = empty_app();
    app.overlay_scroll = 5;
    assert_eq!(update(&mut app, Action::Help), None);
    assert!(matches!(app.mode, Mode::Overlay(Overlay::Help)));
    assert_eq!(app.overlay_scroll, 0);
    handle_key(&mut app, key(KeyCode::Char('j')));
    handle_key(&mut app, key(KeyCode::Down));
    assert_eq!(app.overlay_scroll, 2);
    handle_key(&mut app, key(KeyCode::Char('k')));
    assert_eq!(app.overlay_scroll, 1);
    for close in [
        KeyCode::Esc,
        KeyCode::Enter,
        KeyCode::Char('q'),
        KeyCode::Char('?'),
    ] {
        update(&mut app, Action::Help);
        assert_eq!(handle_key(&mut app, key(close)), None);
        assert!(matches!(app.mode, Mode::Normal), "{close:?} closes");
        assert!(!app.quit, "q closes the overlay, it does not quit");
    }
}

#[test]
fn quit_at_once_without_drafts_and_asks_with_them() {
    let (mut f, _) = small();
    assert_eq!(update(&mut f.app, Action::Quit), None);
    assert!(f.app.quit);

    let (mut f, _) = small();
    let app = &mut f.app;
    update(app, Action::Note);
    type_text(app, "unsaved");
    handle_key(app, key(KeyCode::Esc));
    assert_eq!(update(app, Action::Quit), None);
    assert!(!app.quit && app.confirm_quit);
    assert_eq!(
        status(app),
        "Ctrl-C or q again quits and loses 1 draft: note for Delta Druck AG — any other key stays"
    );
    handle_key(app, key(KeyCode::Char('q')));
    assert!(app.quit, "the second q quits");
}
