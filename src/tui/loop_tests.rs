//! The run loop driven by scripted events against a real temporary database, no terminal.

use std::collections::VecDeque;

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::testing::{Fixed, Script, Step, chars, drive, fixture, key, now};
use super::*;
use crate::config::Config;
use crate::store::Access;
use crate::store::notes::NewNote;

#[test]
fn quick_note_is_committed_and_a_colleagues_write_appears() {
    let mut f = fixture();
    f.app.cfg.ui.refresh_ms = 100;
    let account = f.app.selected().unwrap().account.clone();
    let path = f.path.clone();
    let id = account.id;
    let mut steps: VecDeque<Step> = VecDeque::new();
    steps.push_back(Step::Key(key(KeyCode::Char('n'))));
    steps.extend(
        chars("! nps 4 invoice wrong again")
            .into_iter()
            .map(Step::Key),
    );
    steps.push_back(Step::Key(key(KeyCode::Enter)));
    steps.push_back(Step::Do(Box::new(move || {
        let other = Store::open(&path, &Config::default().store, Access::Write).unwrap();
        let n = NewNote {
            at: now(),
            kind: crate::domain::NoteKind::Email,
            text: "from a colleague".into(),
            nps: None,
            follow_up: None,
        };
        other.add_note(id, &n, "jonas.keller", now()).unwrap();
    })));
    steps.push_back(Step::Do(Box::new(|| {})));
    let frames = drive(&mut f, steps, &mut Fixed);

    let notes = f.store.notes(id, Some(5)).unwrap();
    let mine = notes
        .iter()
        .find(|n| n.text == "invoice wrong again")
        .expect("the quick note is stored");
    assert_eq!(mine.kind, crate::domain::NoteKind::Complaint);
    assert_eq!(mine.nps, Some(4));
    assert!(
        frames
            .iter()
            .any(|s| s.contains("saved complaint note, NPS 4")),
        "the screen confirmed the save"
    );
    assert!(
        frames.last().unwrap().contains("from a colleague"),
        "{}",
        frames.last().unwrap()
    );
    assert!(f.app.quit);
}

#[test]
fn a_database_error_shows_in_the_status_line_and_the_cockpit_keeps_running() {
    let mut f = fixture();
    // Delete the selected account behind the cockpit's back, then try to log a note for it.
    f.app.cfg.ui.refresh_ms = 100;
    let id = f.app.selected_id().unwrap();
    let path = f.path.clone();
    let mut steps: VecDeque<Step> = VecDeque::new();
    steps.push_back(Step::Key(key(KeyCode::Char('n'))));
    steps.extend(chars("hello").into_iter().map(Step::Key));
    steps.push_back(Step::Do(Box::new(move || {
        let other = Store::open(&path, &Config::default().store, Access::Write).unwrap();
        other.delete_account(id).unwrap();
    })));
    steps.push_back(Step::Key(key(KeyCode::Enter)));
    let mut script = Script(steps, false);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    // Stop before the implicit 'q' to look at the state after the failed save.
    let mut saw_error = false;
    let mut draw = |t: &mut Terminal<TestBackend>, app: &App| -> Result<(), Error> {
        let _ = t.draw(|fr| ui::render(app, fr.area(), fr.buffer_mut()));
        if app
            .status
            .as_ref()
            .is_some_and(|s| s.error && s.text.contains("not saved"))
        {
            saw_error = true;
            assert!(
                matches!(&app.mode, app::Mode::Note(n) if n.input.value() == "hello" && n.account_id == id),
                "the text is kept"
            );
        }
        Ok(())
    };
    run_loop(
        &mut terminal,
        &mut f.app,
        &f.store,
        &mut script,
        &mut Fixed,
        &mut draw,
    )
    .unwrap();
    assert!(saw_error);
}

/// A clock that jumps a week ahead after the first tick: the week rolls over without a restart.
struct Jumping(u32);
impl Clock for Jumping {
    fn now(&mut self) -> Timestamp {
        self.0 += 1;
        now() + chrono::Duration::days(7)
    }
}

#[test]
fn the_week_rolls_over_without_a_restart() {
    let mut f = fixture();
    f.app.cfg.ui.refresh_ms = 100;
    let mut steps: VecDeque<Step> = VecDeque::new();
    steps.push_back(Step::Do(Box::new(|| {})));
    steps.push_back(Step::Do(Box::new(|| {})));
    let frames = drive(&mut f, steps, &mut Jumping(0));
    assert!(frames[0].contains("Checklist 2026-W48"), "{}", frames[0]);
    assert!(
        frames.last().unwrap().contains("Checklist 2026-W49"),
        "{}",
        frames.last().unwrap()
    );
}

#[test]
fn an_added_account_is_selected_even_under_a_filter() {
    let mut f = fixture();
    let mut steps: VecDeque<Step> = VecDeque::new();
    steps.push_back(Step::Key(key(KeyCode::Char('/'))));
    steps.extend(chars("zzz").into_iter().map(Step::Key));
    steps.push_back(Step::Key(key(KeyCode::Enter)));
    steps.push_back(Step::Key(key(KeyCode::Char('a'))));
    steps.extend(chars("Neu Fensterbau GmbH").into_iter().map(Step::Key));
    steps.push_back(Step::Key(key(KeyCode::Enter)));
    drive(&mut f, steps, &mut Fixed);
    assert_eq!(f.app.filter.value(), "");
    assert_eq!(
        f.app.selected().unwrap().account.name,
        "Neu Fensterbau GmbH"
    );
    assert_eq!(
        f.app.detail.as_ref().unwrap().account_id,
        f.app.selected_id().unwrap()
    );
}

#[test]
fn an_idle_cockpit_draws_nothing() {
    // Nothing happens for three refresh intervals: no frame is drawn (an idle redraw kept a dead
    // SSH session alive); the Esc at the end draws one. The first frame is followed by one with
    // the trend arrows (computed after the first frame is on screen).
    let mut f = fixture();
    f.app.cfg.ui.refresh_ms = 100;
    let mut steps: VecDeque<Step> = VecDeque::new();
    for _ in 0..3 {
        steps.push_back(Step::Do(Box::new(|| {})));
    }
    let frames = drive(&mut f, steps, &mut Fixed);
    assert_eq!(
        frames.len(),
        3,
        "the first frame, the one with the trend, and the one after Esc"
    );
}

#[test]
fn a_reload_keeps_the_arrows_until_the_trend_pass_corrects_them() {
    let mut f = fixture();
    reload(&f.store, &mut f.app);
    let trend = |app: &App| -> Vec<(i64, Option<i64>)> {
        app.data
            .list
            .iter()
            .map(|s| (s.account.id, s.trend))
            .collect()
    };
    let before = trend(&f.app);
    assert!(before.iter().any(|(_, t)| t.is_some()), "{before:?}");
    // What the frame after a write shows: the arrows of the last pass, not none.
    assert!(reload_without_trend(&f.store, &mut f.app));
    assert_eq!(trend(&f.app), before);
    complete_load(&f.store, &mut f.app);
    assert_eq!(trend(&f.app), before);
}
