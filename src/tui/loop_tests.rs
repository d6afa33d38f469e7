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
        let n = crate::tui::testing::plain_note(
            now(),
            crate::domain::NoteKind::Email,
            "from a colleague",
        );
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

/// A clock ten minutes on from the fixture's "now".
struct Later;
impl Clock for Later {
    fn now(&mut self) -> Timestamp {
        now() + chrono::Duration::minutes(10)
    }
}

#[test]
fn an_idle_cockpit_makes_its_scores_again_as_time_passes() {
    // Nobody writes: the escalation running past its deadline still costs the account its
    // points, in the list as in a cockpit started later.
    let mut f = fixture();
    f.app.cfg.ui.refresh_ms = 100;
    let cfg = Config::default();
    let id = f.app.data.list[2].account.id;
    let red = chrono::Duration::hours(cfg.escalation.sla_hours.red);
    let opened = now() + chrono::Duration::minutes(3) - red;
    crate::ops::Ops::new(&f.store, &cfg, "jonas.keller", opened)
        .open_escalation(id, crate::domain::Level::Red, "the shop is down")
        .unwrap();
    reload(&f.store, &mut f.app);
    let summary = |app: &App| app.data.list.iter().find(|s| s.account.id == id).cloned();
    let before = summary(&f.app).unwrap();
    let mut steps: VecDeque<Step> = VecDeque::new();
    steps.push_back(Step::Do(Box::new(|| {})));
    steps.push_back(Step::Do(Box::new(|| {})));
    drive(&mut f, steps, &mut Later);
    let after = summary(&f.app).unwrap();
    assert_eq!(after.overdue_escalations, before.overdue_escalations + 1);
    assert!(after.explanation.health < before.explanation.health);
    let mut later = App::new(
        cfg.clone(),
        f.app.keymap.clone(),
        "anna.berger".into(),
        now() + chrono::Duration::minutes(10),
    );
    reload(&f.store, &mut later);
    assert_eq!(
        format!("{:?}", summary(&later).unwrap()),
        format!("{after:?}"),
        "as a cockpit started then"
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

/// A colleague's records written since the last tick count in the reload a key's save does: the
/// cockpit reads the clock at the key, not only at its ticks.
#[test]
fn a_colleagues_write_just_before_a_save_counts_in_the_reload() {
    use std::cell::Cell;
    use std::rc::Rc;
    struct Wall(Rc<Cell<Timestamp>>);
    impl Clock for Wall {
        fn now(&mut self) -> Timestamp {
            self.0.get()
        }
    }
    /// The colleague writes, the wall clock moves on, then the keys come at once (no tick).
    struct Keys(
        Option<Box<dyn FnOnce()>>,
        VecDeque<crossterm::event::KeyEvent>,
    );
    impl Events for Keys {
        fn next(&mut self, _timeout: Duration) -> Result<Option<Event>, Error> {
            if let Some(write) = self.0.take() {
                write();
            }
            Ok(Some(Event::Key(self.1.pop_front().unwrap_or(
                crossterm::event::KeyEvent::new(
                    KeyCode::Char('c'),
                    crossterm::event::KeyModifiers::CONTROL,
                ),
            ))))
        }
    }
    let mut f = fixture();
    // No tick during the script: only the key may bring the clock forward.
    f.app.cfg.ui.refresh_ms = 600_000;
    let selected = f.app.selected_id().unwrap();
    let other = f
        .app
        .data
        .list
        .iter()
        .filter(|s| s.account.id != selected)
        .max_by_key(|s| s.health())
        .map(|s| s.account.id)
        .unwrap();
    let before = f
        .app
        .data
        .list
        .iter()
        .find(|s| s.account.id == other)
        .unwrap()
        .health();
    let wall = Rc::new(Cell::new(now()));
    let later = now() + chrono::Duration::seconds(30);
    let (path, moved) = (f.path.clone(), wall.clone());
    let write = Box::new(move || {
        let colleague = Store::open(&path, &Config::default().store, Access::Write).unwrap();
        for i in 0..3 {
            let n = NewNote {
                at: later,
                kind: crate::domain::NoteKind::Complaint,
                text: format!("complaint {i}"),
                nps: None,
                follow_up: None,
            };
            colleague
                .add_note(other, &n, "jonas.keller", later)
                .unwrap();
        }
        moved.set(later);
    });
    let mut keys: VecDeque<_> = VecDeque::new();
    keys.push_back(key(KeyCode::Char('n')));
    keys.extend(chars("called, all fine"));
    keys.push_back(key(KeyCode::Enter));
    let mut events = Keys(Some(write), keys);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut draw = |_: &mut Terminal<TestBackend>, _: &App| -> Result<(), Error> { Ok(()) };
    run_loop(
        &mut terminal,
        &mut f.app,
        &f.store,
        &mut events,
        &mut Wall(wall),
        &mut draw,
    )
    .unwrap();

    let expected = crate::triage::summaries_now(&f.store, &f.app.cfg, later, Some(other))
        .unwrap()
        .remove(0)
        .health();
    assert_ne!(expected, before, "three complaints move the score");
    let shown = f
        .app
        .data
        .list
        .iter()
        .find(|s| s.account.id == other)
        .unwrap()
        .health();
    assert_eq!(shown, expected);
    let saved = f.store.notes(selected, Some(1)).unwrap();
    assert_eq!(
        saved[0].text, "called, all fine",
        "the note went to the selected account"
    );
}

/// Behind the "terminal too small" screen only quitting acts: a quick note typed and Enter
/// pressed there saves nothing, and `q` in the normal mode quits (found in a trial: keys went
/// into a hidden form and Enter saved it unseen).
#[test]
fn behind_the_too_small_screen_keys_write_nothing_and_q_quits() {
    let mut f = fixture();
    let id = f.app.selected_id().unwrap();
    let before = f.store.notes(id, None).unwrap().len();
    let mut steps: VecDeque<Step> = VecDeque::new();
    steps.push_back(Step::Key(key(KeyCode::Char('n'))));
    steps.extend(chars("hidden text").into_iter().map(Step::Key));
    steps.push_back(Step::Key(key(KeyCode::Enter)));
    steps.push_back(Step::Key(key(KeyCode::Char('q'))));
    let frames = super::testing::drive_sized(&mut f, steps, &mut Fixed, ui::MIN_WIDTH - 1, 15);
    assert!(f.app.quit, "q quit");
    assert!(matches!(f.app.mode, app::Mode::Normal), "n opened nothing");
    assert_eq!(f.store.notes(id, None).unwrap().len(), before);
    assert!(
        frames.iter().all(|s| s.contains("tend needs 60×16")),
        "{}",
        frames.last().unwrap()
    );
}
