//! One rule, one place: a user config that patches a threshold moves the flags in the CLI (JSON
//! and table), the briefing and the cockpit together — they all render the same computed flags.

mod common;

use common::Env;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tend::config::Config;
use tend::store::{Access, Store};
use tend::tui::app::App;
use tend::tui::keymap::Keymap;

const NOW: &str = "2026-11-23T09:00:00Z";

/// Last call 10 days ago, review 30 days ago, renewal in 40 days; visit and feedback loops done.
fn portfolio() -> Env {
    let env = Env::new();
    env.ok(
        "2026-06-01T09:00:00Z",
        &[
            "account",
            "add",
            "Alpha GmbH",
            "--since",
            "2026-06-01",
            "--renewal",
            "2027-01-02",
        ],
    );
    env.review("2026-10-24T09:00:00Z", "Alpha GmbH", [90, 90, 90, 90]);
    env.ok(
        "2026-10-01T15:00:00Z",
        &["visit", "done", "Alpha GmbH", "--on", "2026-10-01"],
    );
    for kind in [
        "micro-feedback",
        "relationship-review",
        "business-review",
        "success-review",
    ] {
        env.ok(
            "2026-11-01T09:00:00Z",
            &["log", "Alpha GmbH", "asked", "--kind", kind],
        );
    }
    env.ok(
        "2026-11-13T09:00:00Z",
        &["log", "Alpha GmbH", "weekly call"],
    );
    env
}

fn flags(env: &Env, config: Option<&std::path::Path>) -> Vec<String> {
    let mut args = vec!["account", "list", "--format", "json"];
    let path;
    if let Some(p) = config {
        path = p.display().to_string();
        args.extend(["--config", path.as_str()]);
    }
    let v = env.json(NOW, &args);
    v[0]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

fn text(env: &Env, config: Option<&std::path::Path>, command: &[&str]) -> String {
    let mut args: Vec<String> = command.iter().map(|s| s.to_string()).collect();
    if let Some(p) = config {
        args.extend(["--config".to_string(), p.display().to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    env.ok(NOW, &args)
}

/// The cockpit's accounts list at 160×40 (wide: flags spelled out), rendered from the library.
fn cockpit(env: &Env, config: Option<&std::path::Path>) -> String {
    let cfg = Config::load(config).unwrap();
    let store = Store::open(&env.db, &cfg.store, Access::Read).unwrap();
    let keymap = Keymap::from_config(&cfg.keys).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&chrono::Utc);
    let mut app = App::new(cfg, keymap, "anna".into(), now);
    tend::tui::reload(&store, &mut app);
    let mut terminal = Terminal::new(TestBackend::new(160, 40)).unwrap();
    terminal
        .draw(|f| tend::tui::ui::render(&app, f.area(), f.buffer_mut()))
        .unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..40)
        .map(|y| (0..160).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn patched_thresholds_move_the_flags_everywhere_together() {
    // The TZ of the cockpit render is the process's: make it the CLI's.
    // SAFETY: set before any thread of this test reads the environment.
    unsafe { std::env::set_var("TZ", "UTC") };
    let env = portfolio();

    // Defaults: quiet after 15 days (not yet), review stale after 45 (not yet), renewal window 60.
    let default = flags(&env, None);
    assert!(
        !default.iter().any(|f| f.starts_with("no-contact")),
        "{default:?}"
    );
    assert!(!default.contains(&"review-stale".to_string()));
    assert!(
        default.contains(&"renewal-in-40d".to_string()),
        "{default:?}"
    );
    let table = text(&env, None, &["account", "list"]);
    assert!(
        table.contains("renewal 40d") && !table.contains("10d"),
        "{table}"
    );
    let brief = text(&env, None, &["brief", "Alpha GmbH"]);
    assert!(brief.contains("Flags: renewal 40d"), "{brief}");
    let screen = cockpit(&env, None);
    assert!(
        screen.contains("renewal 40d") && !screen.contains("10d"),
        "{screen}"
    );

    // Patched: quiet after 5, silent after 8, review stale after 20, renewal window 30.
    let patch = env.dir.path().join("team.toml");
    std::fs::write(
        &patch,
        "[health]\nreview_stale_days = 20\n[health.silence]\nquiet_days = 5\nsilent_days = 8\n[renewal]\nwindow_days = 30\n",
    )
    .unwrap();
    let p = Some(patch.as_path());
    let patched = flags(&env, p);
    assert!(
        patched.contains(&"no-contact-10d".to_string()),
        "{patched:?}"
    );
    assert!(patched.contains(&"review-stale".to_string()), "{patched:?}");
    assert!(
        !patched.iter().any(|f| f.starts_with("renewal")),
        "{patched:?}"
    );
    let table = text(&env, p, &["account", "list"]);
    assert!(table.contains("review stale, 10d silent"), "{table}");
    assert!(!table.contains("renewal"), "{table}");
    let brief = text(&env, p, &["brief", "Alpha GmbH"]);
    assert!(
        brief.contains("Flags: review stale · 10d silent"),
        "{brief}"
    );
    let screen = cockpit(&env, p);
    assert!(screen.contains("review stale 10d silent"), "{screen}");
    assert!(!screen.contains("renewal 40d"), "{screen}");
    // The score moved with the same thresholds: silence (10 days ≥ silent 8) costs −15.
    let health = text(&env, p, &["health", "Alpha GmbH"]);
    assert!(health.contains("-15  contact: 10 days"), "{health}");
}
