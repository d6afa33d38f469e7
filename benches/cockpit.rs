//! In-process benchmarks at portfolio scale (`cargo bench --bench cockpit`).
//!
//! The database is generated once by `tend demo` (10 000 accounts by default, `TEND_BENCH_ACCOUNTS`
//! to change) into `target/bench-data/` and reused. "Now" is fixed so runs compare.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tend::config::Config;
use tend::store::{Access, Store};
use tend::tui::app::App;
use tend::tui::keymap::Keymap;

#[path = "common/bench_db.rs"]
mod bench_db;
use bench_db::{db, now, scratch};

/// The binary's allocator (src/main.rs), so that these numbers are the product's.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    divan::main();
}

fn app(store: &Store) -> App {
    let cfg = Config::default();
    let keymap = Keymap::from_config(&cfg.keys).unwrap();
    let mut app = App::new(cfg, keymap, "anna.berger".into(), now());
    tend::tui::reload(store, &mut app);
    app
}

fn key(c: char) -> KeyEvent {
    KeyEvent {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

/// Open the database and compute the triage list: the health (and trend) of every account.
#[divan::bench(sample_count = 10)]
fn triage_list() -> usize {
    let cfg = Config::default();
    let store = Store::open(db(), &cfg.store, Access::Read).unwrap();
    tend::triage::triage(&store, &cfg, now()).unwrap().len()
}

/// From an open file to the first frame, as the cockpit does it: load everything but the agenda
/// and the trend (both added after this frame) and draw 200×60.
#[divan::bench(sample_count = 10)]
fn first_frame() {
    let store = Store::open(db(), &Config::default().store, Access::Read).unwrap();
    let cfg = Config::default();
    let keymap = Keymap::from_config(&cfg.keys).unwrap();
    let mut app = App::new(cfg, keymap, "anna.berger".into(), now());
    tend::tui::reload_without_trend(&store, &mut app);
    let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
    t.draw(|f| tend::tui::ui::render(&app, f.area(), f.buffer_mut()))
        .unwrap();
}

/// One frame of the main screen at 200×60.
#[divan::bench]
fn frame_200x60(bencher: divan::Bencher) {
    let store = Store::open(db(), &Config::default().store, Access::Read).unwrap();
    let app = app(&store);
    let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
    bencher.bench_local(|| {
        t.draw(|f| tend::tui::ui::render(&app, f.area(), f.buffer_mut()))
            .unwrap();
    });
}

/// `j`: move the selection, load the new account's panes, draw.
#[divan::bench]
fn key_move_and_frame(bencher: divan::Bencher) {
    let store = Store::open(db(), &Config::default().store, Access::Read).unwrap();
    let mut app = app(&store);
    let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut down = true;
    bencher.bench_local(|| {
        let k = if down { 'j' } else { 'k' };
        down = !down;
        if let Some(effect) = tend::tui::update::handle_key(&mut app, key(k)) {
            tend::tui::run_effect(&store, &mut app, effect);
        }
        t.draw(|f| tend::tui::ui::render(&app, f.area(), f.buffer_mut()))
            .unwrap();
    });
}

/// A keystroke in the name filter: refilter 10 000 names, load the selection, draw.
#[divan::bench]
fn key_filter_and_frame(bencher: divan::Bencher) {
    let store = Store::open(db(), &Config::default().store, Access::Read).unwrap();
    let mut app = app(&store);
    tend::tui::update::update(&mut app, tend::tui::action::Action::Filter);
    let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut typed = false;
    bencher.bench_local(|| {
        let k = if typed {
            KeyEvent {
                code: KeyCode::Backspace,
                ..key('x')
            }
        } else {
            key('a')
        };
        typed = !typed;
        if let Some(effect) = tend::tui::update::handle_key(&mut app, k) {
            tend::tui::run_effect(&store, &mut app, effect);
        }
        t.draw(|f| tend::tui::ui::render(&app, f.area(), f.buffer_mut()))
            .unwrap();
    });
}

/// A quick note: insert and commit (synchronous=FULL, so this includes the fsync). On the
/// scratch copy: written to the shared file, every run added ~60 call notes to its first
/// account and changed what the other benchmarks and `tend account list` measure.
#[divan::bench(sample_count = 50)]
fn quick_note_commit(bencher: divan::Bencher) {
    let store = Store::open(scratch(), &Config::default().store, Access::Write).unwrap();
    let id = store.accounts().unwrap()[0].id;
    bencher.bench_local(|| {
        let n = tend::store::notes::NewNote {
            at: now(),
            kind: tend::domain::NoteKind::Call,
            text: "bench note".into(),
            nps: None,
            follow_up: None,
        };
        store.add_note(id, &n, "bench", now()).unwrap();
    });
}

/// The cockpit's idle check: has anyone else committed?
#[divan::bench]
fn refresh_check_idle(bencher: divan::Bencher) {
    let store = Store::open(db(), &Config::default().store, Access::Read).unwrap();
    bencher.bench_local(|| store.data_version().unwrap());
}

/// "Facts at t" for every account, now (one connection, no parallelism).
#[divan::bench(sample_count = 10)]
fn facts_at_now(bencher: divan::Bencher) {
    let cfg = Config::default();
    let store = Store::open(db(), &cfg.store, Access::Read).unwrap();
    bencher.bench_local(|| store.facts_at(now(), &cfg, None).unwrap().len());
}

/// "Facts at t" for every account, 30 days ago (the trend's baseline).
#[divan::bench(sample_count = 10)]
fn facts_at_then(bencher: divan::Bencher) {
    let cfg = Config::default();
    let store = Store::open(db(), &cfg.store, Access::Read).unwrap();
    let then = now() - chrono::Duration::days(cfg.health.trend_days);
    bencher.bench_local(|| store.facts_at(then, &cfg, None).unwrap().len());
}

/// The same facts from migration 007's latest records (`facts_fast`), now: one scan each.
#[divan::bench(sample_count = 10)]
fn facts_fast_now(bencher: divan::Bencher) {
    let cfg = Config::default();
    let store = Store::open(db(), &cfg.store, Access::Read).unwrap();
    bencher.bench_local(|| store.facts_fast(now(), &cfg, None).unwrap().len());
}

/// `facts_fast` 30 days ago: most latest records are younger, so most accounts are sought.
#[divan::bench(sample_count = 10)]
fn facts_fast_then(bencher: divan::Bencher) {
    let cfg = Config::default();
    let store = Store::open(db(), &cfg.store, Access::Read).unwrap();
    let then = now() - chrono::Duration::days(cfg.health.trend_days);
    bencher.bench_local(|| store.facts_fast(then, &cfg, None).unwrap().len());
}

/// What only "now" needs: this week's ticks, the latest note of each loop, owner changes.
#[divan::bench(sample_count = 10)]
fn now_extras(bencher: divan::Bencher) {
    let cfg = Config::default();
    let store = Store::open(db(), &cfg.store, Access::Read).unwrap();
    bencher.bench_local(|| store.now_extras(now(), None).unwrap().len());
}

/// Every account's summary from facts already read (health, explanation rows, flags), on one
/// thread: the CPU the first frame spends after the reads (`triage` shares it by two threads).
#[divan::bench(sample_count = 10)]
fn summarize_all(bencher: divan::Bencher) {
    let cfg = Config::default();
    let store = Store::open(db(), &cfg.store, Access::Read).unwrap();
    let facts = store.facts_fast(now(), &cfg, None).unwrap();
    let extras = store.now_extras(now(), None).unwrap();
    bencher
        .with_inputs(|| facts.clone())
        .bench_local_values(|facts| {
            facts
                .into_iter()
                .map(|f| {
                    let e = extras.get(&f.account.id).cloned().unwrap_or_default();
                    let extra = tend::domain::summary::NowFacts {
                        this_week_done: e.this_week_done,
                        last: e.last,
                        owner_changed_on: e.owner_changed_on,
                    };
                    tend::domain::summary::summarize(f.account, f.facts, None, &extra, &cfg, now())
                })
                .count()
        });
}

/// The agenda alone, over summaries already computed (issue 14: well under 100 ms).
#[divan::bench(sample_count = 10)]
fn agenda_build(bencher: divan::Bencher) {
    let cfg = Config::default();
    let store = Store::open(db(), &cfg.store, Access::Read).unwrap();
    let list = tend::triage::summaries(&store, &cfg, now(), None).unwrap();
    let q = tend::domain::agenda::AgendaQuery {
        days: cfg.today.days,
        mine: None,
        all: false,
    };
    bencher.bench_local(|| {
        tend::triage::agenda_of(&store, &cfg, now(), &[&list], q)
            .unwrap()
            .len()
    });
}

/// A colleague's note became visible: the cockpit re-reads the account it changed before the
/// frame (its summary and health 30 days ago, the KPIs, the queue, the panes).
#[divan::bench(sample_count = 20)]
fn reload_after_write(bencher: divan::Bencher) {
    let (store, colleague, app, account) = colleague_writes();
    let app = std::cell::RefCell::new(app);
    bencher
        .with_inputs(|| colleague_note(&colleague, account))
        .bench_local_values(|_| tend::tui::reload_without_trend(&store, &mut app.borrow_mut()));
}

/// What follows that frame: the agenda (and no second trend pass).
#[divan::bench(sample_count = 20)]
fn reload_after_write_then(bencher: divan::Bencher) {
    let (store, colleague, app, account) = colleague_writes();
    let app = std::cell::RefCell::new(app);
    bencher
        .with_inputs(|| {
            colleague_note(&colleague, account);
            tend::tui::reload_without_trend(&store, &mut app.borrow_mut());
        })
        .bench_local_values(|_| tend::tui::complete_load(&store, &mut app.borrow_mut()));
}

/// A colleague snoozes an agenda item (and clears it again on the next input): the reload and
/// the agenda made again, all before the next key is read.
#[divan::bench(sample_count = 20)]
fn reload_after_snooze(bencher: divan::Bencher) {
    let (store, colleague, app, _) = colleague_writes();
    let item = app
        .data
        .agenda
        .iter()
        .find(|i| !i.id.starts_with("escalation:"))
        .map(|i| i.id.clone())
        .unwrap();
    let cfg = Config::default();
    let app = std::cell::RefCell::new(app);
    let ops = tend::ops::Ops::new(&colleague, &cfg, "jonas.keller", now());
    let until = now().date_naive() + chrono::Duration::days(3);
    let snoozed = std::cell::Cell::new(false);
    bencher
        .with_inputs(|| {
            if snoozed.replace(!snoozed.get()) {
                ops.clear_snooze(&item).unwrap();
            } else {
                ops.snooze(&item, until, "on holiday").unwrap();
            }
        })
        .bench_local_values(|_| {
            let mut app = app.borrow_mut();
            tend::tui::reload_without_trend(&store, &mut app);
            tend::tui::complete_load(&store, &mut app);
        });
}

/// A colleague's write when the data is older than a few minutes: before the next key, the
/// changed account read again, every other summary made again at this moment, then the trend
/// and the agenda.
#[divan::bench(sample_count = 10)]
fn reload_aged(bencher: divan::Bencher) {
    let (store, colleague, app, account) = colleague_writes();
    let app = std::cell::RefCell::new(app);
    bencher
        .with_inputs(|| {
            colleague_note(&colleague, account);
            app.borrow_mut().data.loaded_at = Some(now() - chrono::Duration::minutes(6));
        })
        .bench_local_values(|_| {
            let mut app = app.borrow_mut();
            tend::tui::reload_without_trend(&store, &mut app);
            tend::tui::complete_load(&store, &mut app);
        });
}

/// The reload before the frame when every account is read again (no change log to go by, or
/// the data older than a few minutes).
#[divan::bench(sample_count = 10)]
fn reload_everything(bencher: divan::Bencher) {
    let store = Store::open(db(), &Config::default().store, Access::Read).unwrap();
    let mut app = app(&store);
    bencher.bench_local(|| {
        app.data.changes_seen = None;
        tend::tui::reload_without_trend(&store, &mut app)
    });
}

/// The cockpit on a scratch copy, a colleague's connection to it, and the account they write to
/// (the 100th on the list).
fn colleague_writes() -> (Store, Store, App, i64) {
    let cfg = Config::default();
    let store = Store::open(scratch(), &cfg.store, Access::Write).unwrap();
    let colleague = Store::open(scratch(), &cfg.store, Access::Write).unwrap();
    let app = app(&store);
    let account = app.data.list[100].account.id;
    (store, colleague, app, account)
}

fn colleague_note(colleague: &Store, account: i64) {
    let note = tend::store::notes::NewNote {
        at: now(),
        kind: tend::domain::feedback::NoteKind::Call,
        text: "called about the invoice".into(),
        nps: None,
        follow_up: None,
    };
    colleague
        .add_note(account, &note, "jonas.keller", now())
        .unwrap();
}

/// The trend added after that frame (facts 30 days ago).
#[divan::bench(sample_count = 10)]
fn trend_after_frame(bencher: divan::Bencher) {
    let store = Store::open(db(), &Config::default().store, Access::Read).unwrap();
    let mut app = app(&store);
    bencher.bench_local(|| {
        app.data.trend_stale = true;
        tend::tui::complete_trend(&store, &mut app)
    });
}
