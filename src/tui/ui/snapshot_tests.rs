//! Whole-screen snapshots on the hand-built four-account fixture (`testing::small`): every pane
//! focused, every overlay, every form, the quick note, the filter and the too-small message, at
//! 80×24 and some at a wide size. A snapshot shows the layout a user sees, so a broken layout fails
//! here where a `contains()` check would pass. Review a changed `.snap` as a user would read it.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::{Color, Modifier};

use crate::tui::action::Action;
use crate::tui::testing::{Fixture, chars, ctrl, key, screen, small, text};
use crate::tui::update::handle_key;

/// Press the action's first default key, as a user would (the key also clears the status line).
fn act(f: &mut Fixture, action: Action) {
    let name = f.app.keymap.first_key(action).unwrap();
    let bound = crate::tui::keymap::parse_key(&name).unwrap();
    assert!(!bound.ctrl, "{name}");
    press(f, [key(bound.code)]);
}

/// Perform what a key asks of the store, as the run loop does: selection moves load the detail,
/// the briefing loads its records. Snapshots never write.
fn press(f: &mut Fixture, keys: impl IntoIterator<Item = KeyEvent>) {
    for k in keys {
        if let Some(effect) = handle_key(&mut f.app, k) {
            assert!(!effect.is_write(), "{k:?} → {effect:?}");
            crate::tui::run_effect(&f.store, &mut f.app, effect);
        }
    }
}

fn shot(f: &Fixture, width: u16, height: u16) -> String {
    text(&screen(&f.app, width, height))
}

/// Triage order is Delta, Brandt, Alpha, Civitas: `row` moves the account selection there.
fn select_row(f: &mut Fixture, row: usize) {
    act(f, Action::Top);
    for _ in 0..row {
        act(f, Action::Down);
    }
}

const DELTA: usize = 0;
const BRANDT: usize = 1;
const ALPHA: usize = 2;
const CIVITAS: usize = 3;

#[test]
fn main_screen() {
    let (f, _) = small();
    insta::assert_snapshot!("main_80x24", shot(&f, 80, 24));
    insta::assert_snapshot!("main_160x48", shot(&f, 160, 48));
}

#[test]
fn each_pane_focused() {
    let (mut f, _) = small();
    select_row(&mut f, ALPHA);
    insta::assert_snapshot!("pane_accounts_alpha_80x24", shot(&f, 80, 24));
    act(&mut f, Action::PaneChecklist);
    act(&mut f, Action::Down);
    insta::assert_snapshot!("pane_checklist_80x24", shot(&f, 80, 24));
    act(&mut f, Action::PaneEscalations);
    insta::assert_snapshot!("pane_escalations_80x24", shot(&f, 80, 24));
    // Resolved ones shown after the queue, the last (Civitas's, resolved yesterday) selected.
    act(&mut f, Action::ShowResolved);
    act(&mut f, Action::Bottom);
    insta::assert_snapshot!("pane_escalations_resolved_80x24", shot(&f, 80, 24));
    act(&mut f, Action::ShowResolved);
    act(&mut f, Action::PaneAccounts);
    select_row(&mut f, BRANDT);
    act(&mut f, Action::PaneNotes);
    act(&mut f, Action::Down);
    insta::assert_snapshot!("pane_notes_brandt_80x24", shot(&f, 80, 24));
    act(&mut f, Action::PaneAccounts);
    select_row(&mut f, CIVITAS);
    act(&mut f, Action::PaneVisit);
    insta::assert_snapshot!("pane_visit_civitas_80x24", shot(&f, 80, 24));
}

#[test]
fn overlays() {
    let (mut f, _) = small();
    act(&mut f, Action::Help);
    insta::assert_snapshot!("overlay_help_80x24", shot(&f, 80, 24));
    press(&mut f, [key(KeyCode::Esc)]);
    select_row(&mut f, BRANDT);
    act(&mut f, Action::Explain);
    insta::assert_snapshot!("overlay_explain_brandt_80x24", shot(&f, 80, 24));
    press(&mut f, [key(KeyCode::Esc)]);
    // Delta has never been reviewed: no comparison of zeros, the way to score it.
    select_row(&mut f, DELTA);
    act(&mut f, Action::Explain);
    let delta = shot(&f, 80, 24);
    assert!(delta.contains("unscored: no health review yet"), "{delta}");
    assert!(!delta.contains("review score (base)"), "{delta}");
    press(&mut f, [key(KeyCode::Esc)]);
    select_row(&mut f, BRANDT);
    act(&mut f, Action::Brief);
    assert!(f.app.brief.is_some(), "the briefing was read");
    insta::assert_snapshot!("overlay_brief_brandt_80x24", shot(&f, 80, 24));
    insta::assert_snapshot!("overlay_brief_brandt_160x48", shot(&f, 160, 48));
}

#[test]
fn escalation_forms() {
    let (mut f, _) = small();
    select_row(&mut f, ALPHA);
    act(&mut f, Action::Escalate);
    // It opens on the reason; Shift-Tab goes to the level picker: every level shown, the
    // suggested one chosen.
    assert!(matches!(&f.app.mode, crate::tui::app::Mode::Form(form) if form.focus == 1));
    press(&mut f, [key(KeyCode::BackTab)]);
    insta::assert_snapshot!("form_escalate_level_picker_80x24", shot(&f, 80, 24));
    // `o` picks orange; the reason field focused, the picker shows its choice.
    press(&mut f, chars("o"));
    press(&mut f, [key(KeyCode::Tab)]);
    press(&mut f, chars("report late twice"));
    insta::assert_snapshot!("form_escalate_80x24", shot(&f, 80, 24));
    press(&mut f, [key(KeyCode::Esc)]);
    // Raise from the accounts pane: Alpha's most urgent raisable escalation.
    act(&mut f, Action::Raise);
    insta::assert_snapshot!("form_raise_80x24", shot(&f, 80, 24));
    press(&mut f, [key(KeyCode::Esc)]);
    act(&mut f, Action::PaneEscalations);
    act(&mut f, Action::Top);
    act(&mut f, Action::Resolve);
    press(&mut f, chars("credit note sent"));
    insta::assert_snapshot!("form_resolve_80x24", shot(&f, 80, 24));
    press(&mut f, [key(KeyCode::Esc)]);
    // `A` shows the resolved ones after the queue; the last row is Civitas's.
    press(&mut f, [key(KeyCode::Char('A')), key(KeyCode::Char('G'))]);
    act(&mut f, Action::Reopen);
    insta::assert_snapshot!("form_reopen_80x24", shot(&f, 80, 24));
}

#[test]
fn an_invalid_value_shows_its_error_and_enter_refuses() {
    let (mut f, _) = small();
    act(&mut f, Action::Escalate);
    // On the level picker, a letter no level starts with: the picker keeps its choice and says
    // what is allowed.
    press(&mut f, [key(KeyCode::BackTab)]);
    press(&mut f, chars("p"));
    insta::assert_snapshot!("form_escalate_no_such_level_80x24", shot(&f, 80, 24));
    press(&mut f, [key(KeyCode::Tab)]);
    press(&mut f, [key(KeyCode::Enter)]);
    insta::assert_snapshot!("form_escalate_not_saved_80x24", shot(&f, 80, 24));
}

#[test]
fn visit_forms() {
    let (mut f, _) = small();
    // Delta was never visited: the suggested date is past its due date, and the form says so.
    act(&mut f, Action::PlanVisit);
    insta::assert_snapshot!("form_plan_visit_80x24", shot(&f, 80, 24));
    press(&mut f, [key(KeyCode::Esc)]);
    select_row(&mut f, CIVITAS);
    act(&mut f, Action::VisitDone);
    press(&mut f, chars("met the new CFO"));
    insta::assert_snapshot!("form_visit_done_80x24", shot(&f, 80, 24));
}

#[test]
fn review_form_shows_the_live_base() {
    let (mut f, _) = small();
    select_row(&mut f, BRANDT);
    act(&mut f, Action::Review);
    for score in ["80", "70", "60", "50"] {
        press(&mut f, chars(score));
        press(&mut f, [key(KeyCode::Tab)]);
    }
    press(&mut f, chars("better since the new driver"));
    insta::assert_snapshot!("form_review_80x24", shot(&f, 80, 24));
    insta::assert_snapshot!("form_review_160x48", shot(&f, 160, 48));
}

#[test]
fn add_account_form() {
    let (mut f, _) = small();
    act(&mut f, Action::AddAccount);
    press(&mut f, chars("Engel Reisen KG"));
    // Owner (the current user) and backup as suggested, then the tier picker: `p` → premium.
    press(
        &mut f,
        [key(KeyCode::Tab), key(KeyCode::Tab), key(KeyCode::Tab)],
    );
    press(&mut f, chars("p"));
    press(&mut f, [key(KeyCode::Tab)]);
    press(&mut f, chars("3200"));
    insta::assert_snapshot!("form_add_account_80x24", shot(&f, 80, 24));
    // A bad renewal date: the field says what is wrong as it is typed; Enter refuses, keeps
    // every value and focuses the field.
    press(&mut f, [key(KeyCode::Tab), key(KeyCode::Tab)]);
    press(&mut f, chars("2027-02-30"));
    press(&mut f, [key(KeyCode::Tab)]);
    press(&mut f, [key(KeyCode::Enter)]);
    insta::assert_snapshot!("form_add_account_not_saved_80x24", shot(&f, 80, 24));
}

#[test]
fn quick_note_and_filter() {
    let (mut f, _) = small();
    select_row(&mut f, ALPHA);
    act(&mut f, Action::Note);
    press(&mut f, chars("! nps 6 report was late"));
    insta::assert_snapshot!("quick_note_80x24", shot(&f, 80, 24));
    press(&mut f, [ctrl('u'), key(KeyCode::Esc)]);
    act(&mut f, Action::Filter);
    press(&mut f, chars("ver"));
    insta::assert_snapshot!("filter_typing_80x24", shot(&f, 80, 24));
    press(&mut f, [key(KeyCode::Esc)]);
    act(&mut f, Action::Filter);
    press(&mut f, chars("zzz"));
    insta::assert_snapshot!("filter_no_match_80x24", shot(&f, 80, 24));
}

#[test]
fn too_small() {
    let (f, _) = small();
    insta::assert_snapshot!("too_small_40x10", shot(&f, 40, 10));
}

#[test]
fn no_color_main_screen_keeps_the_selection_visible() {
    let (mut f, _) = small();
    select_row(&mut f, DELTA);
    f.app.theme = crate::tui::ui::theme::Theme { color: false };
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|fr| super::render(&f.app, fr.area(), fr.buffer_mut()))
        .unwrap();
    let buf = terminal.backend().buffer();
    for cell in buf.content() {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "no colour"
        );
    }
    // The selected row (Delta, the first) carries the ▶ marker and is reversed up to its flags.
    assert_eq!(buf[(1, 2)].symbol(), "▶");
    for x in 1..34 {
        assert!(buf[(x, 2)].modifier.contains(Modifier::REVERSED), "x={x}");
    }
    assert!(!buf[(1, 3)].modifier.contains(Modifier::REVERSED));
    // The snapshot keeps the styles: with no colour, emphasis is modifiers only.
    insta::assert_snapshot!("no_color_main_80x24", format!("{buf:?}"));
}

#[test]
fn today_view() {
    let (mut f, _) = small();
    act(&mut f, Action::Today);
    insta::assert_snapshot!("today_80x24", shot(&f, 80, 24));
    insta::assert_snapshot!("today_160x48", shot(&f, 160, 48));
    act(&mut f, Action::Down);
    act(&mut f, Action::Snooze);
    insta::assert_snapshot!("today_snooze_form_80x24", shot(&f, 80, 24));
}

/// The Today pane counts what the header counts ("N due": due today or overdue), and at 80
/// columns "mine" stays visible when the title is cut.
#[test]
fn today_title_matches_the_header_and_keeps_mine() {
    let (mut f, _) = small();
    act(&mut f, Action::Today);
    let screen = shot(&f, 80, 24);
    let due = format!("{} due", f.app.data.due_now);
    let header = screen.lines().next().unwrap_or_default().to_string();
    let title = screen.lines().nth(1).unwrap_or_default().to_string();
    assert!(header.contains(&due), "{header}");
    assert!(title.contains(&due), "{title}");
    act(&mut f, Action::Mine);
    let title = shot(&f, 80, 24)
        .lines()
        .nth(1)
        .unwrap_or_default()
        .to_string();
    assert!(title.contains("· mine"), "{title}");
}

/// The header counts active accounts and the list also holds the paused ones: its title says how
/// many of its rows are paused, so "Accounts 4" next to "3 active" reads right.
#[test]
fn the_list_title_counts_the_paused_accounts_it_shows() {
    let (mut f, ids) = small();
    let patch = crate::store::accounts::AccountPatch {
        status: Some(crate::domain::Status::Paused),
        ..Default::default()
    };
    f.store
        .edit_account(ids.delta, &patch, "anna.berger", crate::tui::testing::now())
        .unwrap();
    crate::tui::reload(&f.store, &mut f.app);
    let screen = shot(&f, 80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    assert!(lines[0].contains(" 3 active"), "{screen}");
    assert!(lines[1].contains("Accounts 4 · 1 paused"), "{screen}");
}
