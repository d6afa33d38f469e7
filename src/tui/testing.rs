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
