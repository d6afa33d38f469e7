//! Test support: a real temporary database with fixed demo data at a fixed moment.

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::app::App;
use super::keymap::Keymap;
use super::ui;
use crate::clock::Timestamp;
use crate::config::Config;
use crate::store::{Access, Store};

use std::collections::VecDeque;
use std::time::Duration;

use crossterm::event::Event;

use super::{Clock, Events, run_loop};
use crate::error::Error;

pub const USER: &str = "anna.berger";

pub fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub path: std::path::PathBuf,
    pub store: Store,
    pub app: App,
}

/// Twelve demo accounts (seed 7) in a temporary file, loaded into an App.
pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tend.db");
    let cfg = Config::default();
    let store = Store::open(&path, &cfg.store, Access::Write).unwrap();
    crate::demo::fill(&store, &cfg, now(), USER, 12, 7, false).unwrap();
    let keymap = Keymap::from_config(&cfg.keys).unwrap();
    let mut app = App::new(cfg, keymap, USER.into(), now());
    super::reload(&store, &mut app);
    Fixture {
        _dir: dir,
        path,
        store,
        app,
    }
}

/// A note of `kind` saying `text`, at `at`: no NPS, no follow-up.
pub fn plain_note(
    at: Timestamp,
    kind: crate::domain::NoteKind,
    text: &str,
) -> crate::store::notes::NewNote {
    crate::store::notes::NewNote {
        at,
        kind,
        text: text.into(),
        nps: None,
        follow_up: None,
    }
}

pub fn key(code: KeyCode) -> KeyEvent {
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        KeyCode::BackTab => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

/// A mouse event at column `x`, row `y`.
pub fn mouse(
    kind: crossterm::event::MouseEventKind,
    x: u16,
    y: u16,
) -> crossterm::event::MouseEvent {
    crossterm::event::MouseEvent {
        kind,
        column: x,
        row: y,
        modifiers: crossterm::event::KeyModifiers::NONE,
    }
}

pub fn chars(s: &str) -> Vec<KeyEvent> {
    s.chars().map(|c| key(KeyCode::Char(c))).collect()
}

/// Render the app into a `width`×`height` buffer and return its lines.
pub fn screen(app: &App, width: u16, height: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| ui::render(app, f.area(), f.buffer_mut()))
        .unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..height)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < width {
                let symbol = buf[(x, y)].symbol();
                line.push_str(symbol);
                // A wide character covers the next cell too.
                x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
            }
            line
        })
        .collect()
}

pub fn text(lines: &[String]) -> String {
    lines.join("\n")
}

/// Ids of the hand-built fixture's records.
pub struct Small {
    pub alpha: i64,
    pub brandt: i64,
    pub civitas: i64,
    pub delta: i64,
    /// Alpha's yellow escalation (opened 2 h ago) and Brandt's orange one (overdue).
    pub alpha_yellow: i64,
    pub brandt_orange: i64,
    /// Civitas's escalation, resolved yesterday.
    pub civitas_resolved: i64,
}

/// Four accounts with known scores, escalations, notes and a visit, built by hand through the
/// store at fixed moments (2026-11-23 09:00 UTC, a Monday) — the cockpit's screen tests run on
/// this, not on random demo data.
///
/// Triage order: Delta (no review) · Brandt (base 50) · Alpha (base 80) · Civitas (base 90).
pub fn small() -> (Fixture, Small) {
    use crate::domain::escalation::Level;
    use crate::domain::{NoteKind, Scores, Tier};
    use crate::store::accounts::NewAccount;
    use crate::store::notes::NewNote;
    use chrono::{Duration, NaiveDate};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tend.db");
    let cfg = Config::default();
    let store = Store::open(&path, &cfg.store, Access::Write).unwrap();
    let t = now();
    let created = t - Duration::days(200);
    let since = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    let add = |name: &str, owner: &str, tier: Tier, value: i64| {
        let new = NewAccount {
            name: name.into(),
            owner: owner.into(),
            backup: None,
            tier,
            value_cents: value * 100,
            client_since: since,
            renewal: None,
            referred_by: None,
        };
        store.add_account(&new, USER, created).unwrap().id
    };
    let alpha = add("Alpha Logistik GmbH", USER, Tier::Premium, 4500);
    let brandt = add("Bäckerei Brandt", USER, Tier::Standard, 1200);
    let civitas = add("Civitas Verlag", "jonas.keller", Tier::Standard, 2800);
    let delta = add("Delta Druck AG", "jonas.keller", Tier::New, 900);
    let scores = |n: i64| Scores {
        performance: n,
        relationship: n,
        outlook: n,
        engagement: n,
    };
    let review_at = t - Duration::days(20);
    store
        .add_review(alpha, scores(80), None, USER, review_at)
        .unwrap();
    store
        .add_review(brandt, scores(50), Some("late deliveries"), USER, review_at)
        .unwrap();
    store
        .add_review(civitas, scores(90), None, "jonas.keller", review_at)
        .unwrap();
    let sla = &cfg.escalation.sla_hours;
    let alpha_yellow = store
        .open_escalation(
            alpha,
            Level::Yellow,
            "meeting moved twice",
            sla,
            USER,
            t - Duration::hours(2),
        )
        .unwrap()
        .id;
    let brandt_orange = store
        .open_escalation(
            brandt,
            Level::Orange,
            "complaint about the invoice",
            sla,
            USER,
            t - Duration::hours(60),
        )
        .unwrap()
        .id;
    let civitas_resolved = store
        .open_escalation(
            civitas,
            Level::Yellow,
            "slow replies",
            sla,
            "jonas.keller",
            t - Duration::days(3),
        )
        .unwrap()
        .id;
    store
        .resolve_escalation(
            civitas_resolved,
            "called, all fine",
            "jonas.keller",
            t - Duration::days(1),
        )
        .unwrap();
    let note = |account: i64, days: i64, kind: NoteKind, text: &str, nps: Option<u8>| {
        let at = t - Duration::days(days);
        let n = NewNote {
            at,
            kind,
            text: text.into(),
            nps,
            follow_up: None,
        };
        store.add_note(account, &n, USER, at).unwrap();
    };
    note(
        alpha,
        3,
        NoteKind::Call,
        "weekly call: Q1 budget confirmed",
        None,
    );
    note(alpha, 10, NoteKind::Email, "sent the monthly report", None);
    note(
        brandt,
        2,
        NoteKind::Complaint,
        "invoice wrong again",
        Some(4),
    );
    note(
        brandt,
        9,
        NoteKind::Meeting,
        "review of the delivery plan",
        None,
    );
    note(
        civitas,
        1,
        NoteKind::Call,
        "renewal talk went well",
        Some(9),
    );
    store
        .plan_visit(
            civitas,
            NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
            "jonas.keller",
            t - Duration::days(5),
        )
        .unwrap();
    store
        .tick(alpha, crate::domain::IsoWeek::at(t), "update", USER, t)
        .unwrap();
    let keymap = Keymap::from_config(&cfg.keys).unwrap();
    let mut app = App::new(cfg, keymap, USER.into(), t);
    super::reload(&store, &mut app);
    (
        Fixture {
            _dir: dir,
            path,
            store,
            app,
        },
        Small {
            alpha,
            brandt,
            civitas,
            delta,
            alpha_yellow,
            brandt_orange,
            civitas_resolved,
        },
    )
}

pub enum Step {
    Key(crossterm::event::KeyEvent),
    Mouse(crossterm::event::MouseEvent),
    /// Run something (another process's write) and let time pass.
    Do(Box<dyn FnOnce()>),
}

pub struct Script(pub VecDeque<Step>, pub bool);

impl Events for Script {
    fn next(&mut self, timeout: Duration) -> Result<Option<Event>, Error> {
        match self.0.pop_front() {
            Some(Step::Key(k)) => Ok(Some(Event::Key(k))),
            Some(Step::Mouse(m)) => Ok(Some(Event::Mouse(m))),
            Some(Step::Do(f)) => {
                f();
                std::thread::sleep(timeout);
                Ok(None)
            }
            // When the script is over: Esc (closes any input, keeping a draft), then Ctrl-C until
            // it quits (the first one asks when drafts exist).
            None => {
                let k = if self.1 { ctrl('c') } else { key(KeyCode::Esc) };
                self.1 = true;
                Ok(Some(Event::Key(k)))
            }
        }
    }
}

/// Run the loop over `steps` (then Esc, q) on an 80×24 TestBackend; every frame's text.
pub fn drive(f: &mut Fixture, steps: VecDeque<Step>, clock: &mut dyn Clock) -> Vec<String> {
    drive_sized(f, steps, clock, 80, 24)
}

/// `drive` on a terminal of another size.
pub fn drive_sized(
    f: &mut Fixture,
    steps: VecDeque<Step>,
    clock: &mut dyn Clock,
    width: u16,
    height: u16,
) -> Vec<String> {
    let mut script = Script(steps, false);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut frames = Vec::new();
    let mut draw = |t: &mut Terminal<TestBackend>, app: &App| -> Result<(), Error> {
        let _ = t.draw(|fr| ui::render(app, fr.area(), fr.buffer_mut()));
        frames.push(text(&screen(app, width, height)));
        Ok(())
    };
    run_loop(
        &mut terminal,
        &mut f.app,
        &f.store,
        &mut script,
        clock,
        &mut draw,
    )
    .unwrap();
    frames
}

pub struct Fixed;
impl Clock for Fixed {
    fn now(&mut self) -> Timestamp {
        now()
    }
}
