//! Peak memory of the cockpit's phases on a large file (BENCHMARKS.md, tenth step): the first
//! load, then a colleague's note once the data is older than five minutes (the aged reload), then
//! a colleague's snooze of an item no record names (the full reload). Prints VmHWM and VmRSS
//! after each phase, the high-water mark reset between phases. Linux only.
//!
//! `cargo run --release --example reload_memory -- COPY_OF_A_DEMO_DB` (it writes to the file).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use chrono::{DateTime, Duration, Utc};
use tend::config::Config;
use tend::ops::Ops;
use tend::store::{Access, Store};
use tend::tui::{app::App, keymap::Keymap};

fn mem() -> String {
    let st = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let get = |k: &str| {
        st.lines()
            .find(|l| l.starts_with(k))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    format!("peak {:4} MB, now {:4} MB", get("VmHWM"), get("VmRSS"))
}

/// Run one phase and print its peak memory and time.
fn timed<R>(name: &str, phase: impl FnOnce() -> R) {
    let t = std::time::Instant::now();
    phase();
    println!("{name:<32} {} ({} ms)", mem(), t.elapsed().as_millis());
    // Reset the high-water mark for the next phase.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn main() {
    let db = std::env::args().nth(1).expect("a copy of a demo database");
    let now: DateTime<Utc> = "2026-11-23T09:00:00Z".parse().unwrap();
    let cfg = Config::default();
    let store = Store::open(std::path::Path::new(&db), &cfg.store, Access::Read).unwrap();
    let colleague = Store::open(std::path::Path::new(&db), &cfg.store, Access::Write).unwrap();
    let keymap = Keymap::from_config(&cfg.keys).unwrap();
    let mut app = App::new(cfg.clone(), keymap, "anna.berger".into(), now);
    timed("first load (before the frame)", || {
        tend::tui::reload_without_trend(&store, &mut app)
    });
    timed("trend", || tend::tui::complete_trend(&store, &mut app));
    timed("agenda", || tend::tui::complete_agenda(&store, &mut app));

    let later = now + Duration::minutes(10);
    let id = app.data.list[3].account.id;
    let note = tend::store::notes::NewNote {
        at: later,
        kind: tend::domain::NoteKind::Call,
        text: "called about the invoice".into(),
        nps: None,
        follow_up: None,
    };
    Ops::new(&colleague, &cfg, "jonas.keller", later)
        .log_note(id, note)
        .unwrap();
    app.now = later;
    timed("aged reload (before the frame)", || {
        tend::tui::reload_without_trend(&store, &mut app)
    });
    timed("aged: trend", || {
        tend::tui::complete_trend(&store, &mut app)
    });
    timed("aged: agenda", || {
        tend::tui::complete_agenda(&store, &mut app)
    });

    Ops::new(&colleague, &cfg, "jonas.keller", later)
        .snooze(
            "nothing:0",
            later.date_naive() + chrono::Days::new(2),
            "probe",
        )
        .unwrap();
    timed("full reload (before the frame)", || {
        tend::tui::reload_without_trend(&store, &mut app)
    });
    timed("full: trend", || {
        tend::tui::complete_trend(&store, &mut app)
    });
    timed("full: agenda", || {
        tend::tui::complete_agenda(&store, &mut app)
    });
}
