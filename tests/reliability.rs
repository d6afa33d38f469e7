//! Nothing lost, nobody let in: concurrent writers, kill -9, hostile text, files, the terminal.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Env, Tmux, fingerprint};
use tend::config::Config;
use tend::store::{Access, Store};

const NOW: &str = "2026-11-23T09:00:00Z";

fn note_count(env: &Env, name: &str) -> usize {
    env.json(NOW, &["notes", name, "--format", "json"])
        .as_array()
        .unwrap()
        .len()
}

fn tend_pid_in(tmux: &Tmux) -> u32 {
    let shell = tmux.pane_pid();
    let out = Command::new("pgrep")
        .args(["-P", &shell.to_string()])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn four_writers_and_a_cockpit_lose_nothing() {
    let env = Env::new();
    env.ok(NOW, &["account", "add", "Alpha"]);
    // A running cockpit on the same file, polling and writing quick notes during the burst.
    let tmux = Tmux::available().then(|| Tmux::start("conc", &env, 80, 24));
    if let Some(t) = &tmux {
        t.wait_for("Accounts 1", Duration::from_secs(10));
    }
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let db = env.db.clone();
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..200 {
                    let out = Command::new(env!("CARGO_BIN_EXE_tend"))
                        .args([
                            "--db",
                            db.to_str().unwrap(),
                            "log",
                            "Alpha",
                            &format!("writer {w} note {i}"),
                        ])
                        .env("TEND_NOW", NOW)
                        .env("TEND_USER", format!("w{w}"))
                        .output()
                        .unwrap();
                    if !out.status.success() || !out.stderr.is_empty() {
                        failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
                    }
                }
                failures
            })
        })
        .collect();
    let mut cockpit_notes = 0;
    if let Some(t) = &tmux {
        for i in 0..10 {
            t.keys(&["n"]);
            t.text(&format!("cockpit note {i}"));
            t.keys(&["Enter"]);
            t.wait_for("saved call note", Duration::from_secs(10));
            t.keys(&["Escape"]);
            cockpit_notes += 1;
        }
    }
    let failures: Vec<String> = writers
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert!(failures.is_empty(), "writers saw errors: {failures:?}");
    assert_eq!(note_count(&env, "Alpha"), 800 + cockpit_notes);
    if let Some(t) = &tmux {
        assert!(!t.screen().contains("locked"));
        t.keys(&["q"]);
        t.wait_for("EXIT=0", Duration::from_secs(5));
    }
    let store = Store::open(&env.db, &Config::default().store, Access::Read).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

/// Writers that print an acknowledgement after each committed note are killed with SIGKILL at
/// random moments; every acknowledged note must be there afterwards.
#[test]
fn kill_9_loses_no_acknowledged_write() {
    let env = Env::new();
    env.ok(NOW, &["account", "add", "Alpha"]);
    let bin = env!("CARGO_BIN_EXE_tend");
    let mut acknowledged = Vec::new();
    for round in 0..6u64 {
        let script = format!(
            "i=0; while true; do i=$((i+1)); '{bin}' log Alpha \"round {round} note $i\" >/dev/null && echo \"ack round {round} note $i\"; done"
        );
        let child = Command::new("sh")
            .args(["-c", &script])
            .env("TEND_NOW", NOW)
            .env("TEND_DB", &env.db)
            .env("TEND_USER", "anna")
            .stdout(Stdio::piped())
            .process_group(0)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(150 + round * 67));
        let pgid = child.id();
        let killed = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .status()
            .unwrap();
        assert!(killed.success(), "kill -9 of the writer group");
        let out = child.wait_with_output().unwrap();
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            acknowledged.push(line.trim_start_matches("ack ").to_string());
        }
    }
    // A long single transaction killed half-way leaves nothing half-written.
    let mut demo = Command::new(bin)
        .args([
            "--db",
            env.dir.path().join("demo.db").to_str().unwrap(),
            "demo",
            "--accounts",
            "3000",
        ])
        .env("TEND_NOW", NOW)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let _ = demo.kill();
    let _ = demo.wait();

    assert!(
        acknowledged.len() > 5,
        "the writers got going: {}",
        acknowledged.len()
    );
    let notes = env.json(NOW, &["notes", "Alpha", "--format", "json"]);
    let stored: std::collections::HashSet<String> = notes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap().to_string())
        .collect();
    for a in &acknowledged {
        assert!(stored.contains(a), "acknowledged but missing: {a}");
    }
    eprintln!(
        "kill -9: {} acknowledged, {} present",
        acknowledged.len(),
        stored.len()
    );
    let store = Store::open(&env.db, &Config::default().store, Access::Write).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let demo = Store::open(
        &env.dir.path().join("demo.db"),
        &Config::default().store,
        Access::Write,
    )
    .unwrap();
    assert_eq!(demo.integrity_check().unwrap(), "ok");
    let accounts = demo.accounts().unwrap().len();
    assert!(
        accounts == 0 || accounts == 3000,
        "all or nothing: {accounts}"
    );
}

fn hostile_texts() -> Vec<String> {
    vec![
        "escape \x1b[2J\x1b[31mred\x1b]0;pwned\x07 done".to_string(),
        "bidi \u{202e}gnp.exe\u{202c} and \u{2066}isolate\u{2069}".to_string(),
        "nul \0 inside".to_string(),
        "emoji 😀👍🏽 and CJK 東京都 한국어".to_string(),
        "x".repeat(100 * 1024),
        "tabs\tand\nnewlines\r\n".to_string(),
    ]
}

#[test]
fn hostile_text_round_trips_exactly_and_is_shown_neutralised() {
    let env = Env::new();
    env.ok(NOW, &["account", "add", "Alpha"]);
    for text in hostile_texts() {
        let out = env.run_with_stdin(NOW, &["log", "Alpha", "-"], &text);
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
    let texts = hostile_texts();
    // CLI JSON: exact (a trailing newline of stdin text is trimmed by design).
    let notes = env.json(NOW, &["notes", "Alpha", "--format", "json"]);
    let stored: Vec<String> = notes
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|n| n["text"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = texts
        .iter()
        .map(|t| t.trim_end_matches(['\n', '\r']).to_string())
        .collect();
    assert_eq!(stored, expected);
    // The JSON dump carries them exactly too.
    let dump = env.ok(NOW, &["export", "--format", "json"]);
    let dump: serde_json::Value = serde_json::from_str(&dump).unwrap();
    let dumped: Vec<&str> = dump["tables"]["note"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        dumped,
        expected.iter().map(String::as_str).collect::<Vec<_>>()
    );
    // Tables for a terminal carry no raw control or bidi characters.
    for args in [
        &["notes", "Alpha"][..],
        &["brief", "Alpha"],
        &["account", "list"],
    ] {
        let out = env.ok(NOW, args);
        assert!(
            !out.chars().any(|c| (c.is_control() && c != '\n')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)),
            "{args:?}"
        );
    }
    // The cockpit: neutralised, and wide characters take their two cells.
    let cfg = Config::default();
    let store = Store::open(&env.db, &cfg.store, Access::Read).unwrap();
    let keymap = tend::tui::keymap::Keymap::from_config(&cfg.keys).unwrap();
    let now = tend::domain::dates::parse_moment("now", NOW).unwrap();
    let mut app = tend::tui::app::App::new(cfg, keymap, "anna".into(), now);
    tend::tui::reload(&store, &mut app);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| tend::tui::ui::render(&app, f.area(), f.buffer_mut()))
        .unwrap();
    let buf = terminal.backend().buffer();
    let mut screen = String::new();
    for y in 0..40 {
        let mut x = 0;
        let mut width = 0;
        while x < 120 {
            let s = buf[(x, y)].symbol();
            screen.push_str(s);
            let w = unicode_width::UnicodeWidthStr::width(s).max(1) as u16;
            width += w;
            x += w;
        }
        assert_eq!(width, 120, "row {y} keeps its width");
        screen.push('\n');
    }
    assert!(
        !screen
            .chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}')
    );
    assert!(screen.contains("東京都"), "{screen}");
}

#[test]
fn read_only_missing_directory_and_corrupt_files_get_one_line() {
    let env = Env::new();
    env.ok(NOW, &["account", "add", "Alpha"]);
    // Read-only file: reads work, a write is refused in one line, nothing changes.
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o400)).unwrap();
    let before = fingerprint(&env.db);
    assert!(env.ok(NOW, &["account", "list"]).contains("Alpha"));
    let out = env.run(NOW, &["account", "add", "Beta"]);
    if out.code != 0 {
        assert_eq!(out.code, 1);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    } else {
        // root ignores file modes: the write was allowed by the OS.
        assert!(is_root());
    }
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o600)).unwrap();
    if out.code != 0 {
        assert_eq!(fingerprint(&env.db), before);
    }
    // A directory that cannot be created.
    let out = env.run(
        NOW,
        &["--db", "/proc/tend-cannot/x.db", "account", "add", "X"],
    );
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.starts_with("tend: "), "{}", out.stderr);
    // A corrupt file (right header, garbage after it) is refused and never overwritten.
    let corrupt = env.dir.path().join("corrupt.db");
    let mut bytes = std::fs::read(&env.db).unwrap();
    for b in bytes.iter_mut().skip(100) {
        *b = 0xA5;
    }
    std::fs::write(&corrupt, &bytes).unwrap();
    for args in [&["account", "list"][..], &["account", "add", "Beta"]] {
        let mut full = vec!["--db", corrupt.to_str().unwrap()];
        full.extend_from_slice(args);
        let out = env.run(NOW, &full);
        assert_eq!(out.code, 1, "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(!out.stderr.contains("panicked"));
    }
    assert_eq!(std::fs::read(&corrupt).unwrap(), bytes, "never overwritten");
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Team mode: two Unix users in one group share a database in a setgid directory. Needs root
/// (to create the users); elsewhere it says so and passes.
#[test]
fn team_mode_two_unix_users_share_one_database() {
    if !is_root() || Command::new("useradd").arg("--help").output().is_err() {
        eprintln!("not root or no useradd: skipping the two-user test");
        return;
    }
    let group = "tendteam";
    let _ = Command::new("groupadd").arg(group).status();
    for user in ["tendusera", "tenduserb"] {
        let _ = Command::new("useradd")
            .args(["-M", "-N", "-g", group, user])
            .status();
    }
    let dir = std::path::PathBuf::from(format!("/tmp/tend-team-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir(&dir).unwrap();
    Command::new("chgrp")
        .args([group, dir.to_str().unwrap()])
        .status()
        .unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let config = dir.join("team.toml");
    std::fs::write(&config, "[store]\nmode = \"team\"\n").unwrap();
    Command::new("chgrp")
        .args([group, config.to_str().unwrap()])
        .status()
        .unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o640)).unwrap();
    // The binary must be reachable by the test users: copy it into the shared directory.
    let bin = dir.join("tend");
    std::fs::copy(env!("CARGO_BIN_EXE_tend"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let db = dir.join("team.db");
    let run_as = |user: &str, args: &[&str]| {
        let mut c = Command::new("runuser");
        c.args([
            "-u",
            user,
            "--",
            bin.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
        ]);
        c.args(args)
            .env("TEND_NOW", NOW)
            .env("TEND_USER", user)
            .env("HOME", &dir);
        common::output_of_copied_binary(&mut c)
    };
    let a = run_as("tendusera", &["account", "add", "Shared GmbH"]);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    let b = run_as("tenduserb", &["log", "Shared GmbH", "from user b"]);
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let a = run_as("tendusera", &["log", "Shared GmbH", "from user a"]);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o660);
    let notes = run_as("tenduserb", &["notes", "Shared GmbH", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&notes.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigterm_sighup_and_panic_restore_the_terminal() {
    if !Tmux::available() {
        return;
    }
    let env = Env::new();
    env.ok(NOW, &["account", "add", "Alpha"]);
    // SIGTERM: exit 143, terminal back in cooked mode with echo.
    let t = Tmux::start("term", &env, 80, 24);
    t.wait_for("Accounts 1", Duration::from_secs(10));
    let pid = tend_pid_in(&t);
    assert!(pid > 0);
    Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    let s = t.wait_for("EXIT=143", Duration::from_secs(5));
    let s = if s.contains(" echo") {
        s
    } else {
        t.wait_for(" echo", Duration::from_secs(3))
    };
    assert!(
        s.contains("icanon") && !s.contains("-icanon") && !s.contains("-echo"),
        "{s}"
    );
    assert!(
        !s.contains("Accounts 1"),
        "the alternate screen is gone: {s}"
    );
    drop(t);

    // Panic (debug builds have a hook): message, exit 101, terminal restored.
    let t = Tmux::start_with("panic", &env, 80, 24, "TEND_TEST_PANIC=1 RUST_BACKTRACE=0");
    let s = t.wait_for("EXIT=101", Duration::from_secs(10));
    let s = if s.contains(" echo") {
        s
    } else {
        t.wait_for(" echo", Duration::from_secs(3))
    };
    // The message is printed after the restore (leaving the alternate screen puts the cursor back
    // where the shell left it, so later lines may overwrite its start).
    assert!(s.contains("PANIC"), "{s}");
    assert!(
        s.contains("icanon") && !s.contains("-icanon") && !s.contains("-echo"),
        "{s}"
    );
    drop(t);

    // The terminal vanishes (SSH drop): the cockpit exits instead of spinning.
    let t = Tmux::start("hup", &env, 80, 24);
    t.wait_for("Accounts 1", Duration::from_secs(10));
    let pid = tend_pid_in(&t);
    t.kill_server();
    let start = Instant::now();
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "tend {pid} still running after its terminal went away"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
