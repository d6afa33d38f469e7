//! End to end in a real pseudo-terminal: the real binary in tmux, driven as a user would.
//! `.ci/run` installs tmux; without it these tests say so and pass only outside CI.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::Env;

const NOW: &str = "2026-11-23T09:00:00Z";

struct Tmux {
    socket: String,
}

impl Tmux {
    fn available() -> bool {
        let ok = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is required in CI (.ci/run installs it)"
            );
            eprintln!(
                "tmux not installed: skipping the pseudo-terminal test (apt-get install tmux)"
            );
        }
        ok
    }

    fn start(name: &str, env: &Env, width: u16, height: u16) -> Tmux {
        let socket = format!("tend-test-{name}-{}", std::process::id());
        let bin = env!("CARGO_BIN_EXE_tend");
        let shell = format!(
            "env TEND_NOW={NOW} TEND_USER={} TEND_DB='{}' TZ=UTC HOME='{}' TERM=xterm-256color {bin}; echo EXIT=$?; sleep 60",
            env.user,
            env.db.display(),
            env.dir.path().display()
        );
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                &shell,
            ])
            .env_remove("TMUX")
            .status()
            .unwrap();
        assert!(status.success());
        Tmux { socket }
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-t", "t", "-p"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            Command::new("tmux")
                .args(["-L", &self.socket, "send-keys", "-t", "t", k])
                .status()
                .unwrap();
            // Separate keys the way a person would (an Esc followed at once by a key reads as Alt-key).
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn text(&self, s: &str) {
        Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "t", "-l", s])
            .status()
            .unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    fn wait_for(&self, needle: &str, within: Duration) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            assert!(
                start.elapsed() < within,
                "'{needle}' did not appear within {within:?}:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

fn portfolio() -> Env {
    let env = Env::new();
    env.ok(
        NOW,
        &[
            "account",
            "add",
            "Alpha GmbH",
            "--since",
            "2026-01-10",
            "--value",
            "4000",
        ],
    );
    env.ok(
        NOW,
        &[
            "health",
            "Alpha GmbH",
            "--performance",
            "60",
            "--relationship",
            "60",
            "--outlook",
            "60",
            "--engagement",
            "60",
        ],
    );
    env.ok(NOW, &["account", "add", "Beta AG", "--since", "2025-05-01"]);
    env.ok(
        NOW,
        &[
            "health",
            "Beta AG",
            "--performance",
            "90",
            "--relationship",
            "90",
            "--outlook",
            "90",
            "--engagement",
            "90",
        ],
    );
    env
}

#[test]
fn quick_note_in_a_real_terminal_lands_in_the_database() {
    if !Tmux::available() {
        return;
    }
    let env = portfolio();
    let tmux = Tmux::start("note", &env, 80, 24);
    let screen = tmux.wait_for("Accounts 2", Duration::from_secs(10));
    assert!(screen.contains("Alpha GmbH"), "{screen}");
    // Alpha is worst, so it is selected: two keystrokes plus the text.
    tmux.keys(&["n"]);
    tmux.wait_for("Note for Alpha GmbH", Duration::from_secs(5));
    tmux.text("nps 9 loves the new dashboard");
    tmux.keys(&["Enter"]);
    tmux.wait_for("saved call note, NPS 9", Duration::from_secs(5));
    // Committed before the screen said so: another connection sees it now.
    let notes = env.json(NOW, &["notes", "Alpha GmbH", "--format", "json"]);
    assert_eq!(notes[0]["text"], "loves the new dashboard");
    assert_eq!(notes[0]["nps"], 9);
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0", Duration::from_secs(5));
}

#[test]
fn a_second_process_write_appears_within_two_seconds() {
    if !Tmux::available() {
        return;
    }
    let env = portfolio();
    let tmux = Tmux::start("live", &env, 80, 24);
    tmux.wait_for("Accounts 2", Duration::from_secs(10));
    let start = Instant::now();
    env.ok(
        NOW,
        &[
            "log",
            "Alpha GmbH",
            "colleague called them about the invoice",
        ],
    );
    env.ok(
        NOW,
        &[
            "escalate",
            "Beta AG",
            "--level",
            "orange",
            "--reason",
            "budget cut announced",
        ],
    );
    let screen = tmux.wait_for("colleague called them", Duration::from_secs(3));
    assert!(start.elapsed() < Duration::from_secs(3));
    let screen = if screen.contains("Beta AG — budget") {
        screen
    } else {
        tmux.wait_for("Beta AG — budget", Duration::from_secs(2))
    };
    assert!(screen.contains("1 open"), "{screen}");
    // The selection stayed on Alpha (the worst account).
    assert!(
        screen
            .lines()
            .any(|l| l.contains('▶') && l.contains("Alpha GmbH")),
        "{screen}"
    );
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0", Duration::from_secs(5));
}

#[test]
fn tiny_terminal_gets_a_message_and_quits_cleanly() {
    if !Tmux::available() {
        return;
    }
    let env = portfolio();
    let tmux = Tmux::start("tiny", &env, 40, 10);
    tmux.wait_for("tend needs", Duration::from_secs(10));
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0", Duration::from_secs(5));
}
