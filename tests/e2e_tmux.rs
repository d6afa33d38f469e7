//! End to end in a real pseudo-terminal: the real binary in tmux, driven as a user would.
//! `.ci/run` installs tmux; without it these tests say so and pass only outside CI.

mod common;

use std::time::{Duration, Instant};

use common::{Env, Tmux};

const NOW: &str = "2026-11-23T09:00:00Z";

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
    env.review(NOW, "Alpha GmbH", [60, 60, 60, 60]);
    env.ok(NOW, &["account", "add", "Beta AG", "--since", "2025-05-01"]);
    env.review(NOW, "Beta AG", [90, 90, 90, 90]);
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
