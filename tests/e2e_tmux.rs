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
    tmux.wait_for("note for Alpha GmbH", Duration::from_secs(5));
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
    let screen = tmux.wait_for("colleague called", Duration::from_secs(3));
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

/// The reported sequence, as a user types it: select an escalation in the queue, raise it (the
/// queue re-sorts and it moves up), resolve — the escalation that was selected is resolved.
#[test]
fn raise_then_resolve_in_a_real_terminal_acts_on_the_selected_escalation() {
    if !Tmux::available() {
        return;
    }
    let env = portfolio();
    env.ok(
        NOW,
        &["account", "add", "Gamma KG", "--since", "2025-05-01"],
    );
    let escalate = |name: &str, level: &str, reason: &str| -> i64 {
        let out = env.ok(
            NOW,
            &["escalate", name, "--level", level, "--reason", reason],
        );
        out.split(|c: char| !c.is_ascii_digit())
            .find(|w| !w.is_empty())
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("an id in {out:?}"))
    };
    let alpha = escalate("Alpha GmbH", "yellow", "meetings moved");
    let beta = escalate("Beta AG", "orange", "budget cut");
    let gamma = escalate("Gamma KG", "orange", "complaint about work");
    let tmux = Tmux::start("raise", &env, 80, 24);
    tmux.wait_for("Accounts 3", Duration::from_secs(10));
    // Queue: Beta's orange, Gamma's orange, Alpha's yellow. Select the last (Alpha's).
    tmux.keys(&["3", "G"]);
    tmux.keys(&["E"]);
    tmux.wait_for(
        &format!("Raise escalation #{alpha} yellow"),
        Duration::from_secs(5),
    );
    tmux.keys(&["Enter"]);
    tmux.wait_for(
        &format!("#{alpha} raised to orange"),
        Duration::from_secs(5),
    );
    // Now orange and due with the others, it sorts first (ties by id); `r` resolves it.
    tmux.keys(&["r"]);
    let screen = tmux.wait_for("Resolve escalation #", Duration::from_secs(5));
    assert!(
        screen.contains(&format!("Resolve escalation #{alpha} orange — Alpha GmbH")),
        "{screen}"
    );
    tmux.text("called them, new meeting fixed");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("#{alpha} resolved"), Duration::from_secs(5));
    let all = env.json(NOW, &["escalations", "--all", "--format", "json"]);
    let status = |id: i64| {
        all.as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .map(|e| e["status"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(status(alpha), "resolved");
    assert_eq!(status(beta), "open");
    assert_eq!(status(gamma), "open");
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0", Duration::from_secs(5));
}

/// Today in a real terminal: `t` shows the agenda, the user moves to a follow-up, `Enter` closes
/// it, and the item leaves the list.
#[test]
fn today_enter_acts_and_the_item_leaves_the_list() {
    if !Tmux::available() {
        return;
    }
    let env = portfolio();
    env.ok(
        NOW,
        &[
            "log",
            "Beta AG",
            "send the offer",
            "--kind",
            "internal",
            "--follow-up",
            "today",
        ],
    );
    let tmux = Tmux::start("today", &env, 100, 30);
    tmux.wait_for("Accounts 2", Duration::from_secs(10));
    tmux.keys(&["t"]);
    let mut screen = tmux.wait_for("Today ", Duration::from_secs(5));
    assert!(screen.contains("follow-up"), "{screen}");
    // Move down until the selected row (▶) is the follow-up.
    for _ in 0..40 {
        if screen
            .lines()
            .any(|l| l.contains('▶') && l.contains("follow-up"))
        {
            break;
        }
        tmux.keys(&["j"]);
        std::thread::sleep(Duration::from_millis(150));
        screen = tmux.screen();
    }
    assert!(
        screen
            .lines()
            .any(|l| l.contains('▶') && l.contains("follow-up")),
        "{screen}"
    );
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("done", Duration::from_secs(5));
    assert!(!screen.contains("follow-up  Beta"), "{screen}");
    let open = env.json(NOW, &["follow-ups", "--format", "json"]);
    assert_eq!(
        open.as_array().unwrap().len(),
        0,
        "closed in the database: {open}"
    );
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0", Duration::from_secs(5));
}

/// The cockpit for people who live in it (issue 16), as a user drives it: find an account by an
/// accent-less fuzzy name, search every note, open the hit in full, edit it, and take back a
/// quick note with undo — each step checked in the database from another process.
#[test]
fn search_read_edit_undo_and_an_accentless_fuzzy_name() {
    if !Tmux::available() {
        return;
    }
    let env = portfolio();
    env.ok(NOW, &["account", "add", "Müller Logistik GmbH"]);
    env.review(NOW, "Müller Logistik GmbH", [70, 70, 70, 70]);
    env.ok(
        NOW,
        &[
            "log",
            "Müller Logistik GmbH",
            "budget freeze until March; ask again in Q2 about the warehouse rollout, \
             Frau Weiß wants the numbers of the pilot first and a reference call with a \
             customer of the same size before anything is signed",
        ],
    );
    env.ok(NOW, &["log", "Alpha GmbH", "sent the monthly report"]);
    let tmux = Tmux::start("live-in", &env, 80, 24);
    tmux.wait_for("Accounts 3", Duration::from_secs(10));

    // "muller log" (no umlaut, a gap, lower case) finds Müller Logistik GmbH.
    tmux.keys(&["/"]);
    tmux.text("muller log");
    let screen = tmux.wait_for("Accounts 1", Duration::from_secs(5));
    assert!(screen.contains("Müller Logistik GmbH"), "{screen}");
    tmux.keys(&["Enter", "Escape"]);
    tmux.wait_for("Accounts 3", Duration::from_secs(5));

    // Search every note; the hit opens in full (the end of a long note is on screen).
    tmux.keys(&["s"]);
    tmux.wait_for("Search every note", Duration::from_secs(5));
    tmux.text("freez*");
    tmux.wait_for("1 note", Duration::from_secs(5));
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("before anything is signed", Duration::from_secs(5));
    assert!(screen.contains("e edits, d deletes"), "{screen}");
    let notes = env.json(NOW, &["notes", "Müller Logistik GmbH", "--format", "json"]);
    let id = notes[0]["id"].as_i64().expect("a note id");

    // Edit it from the open note.
    tmux.keys(&["e"]);
    tmux.wait_for(&format!("Edit note {id}"), Duration::from_secs(5));
    tmux.keys(&["C-u"]);
    tmux.text("budget freeze lifted in November");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("note {id} updated"), Duration::from_secs(5));
    let notes = env.json(NOW, &["notes", "Müller Logistik GmbH", "--format", "json"]);
    assert_eq!(notes[0]["text"], "budget freeze lifted in November");

    // A quick note on the account the search selected, then undo takes it back.
    tmux.keys(&["n"]);
    tmux.wait_for("note for Müller Logistik GmbH", Duration::from_secs(5));
    tmux.text("email: sent the pilot numbers");
    tmux.keys(&["Enter"]);
    tmux.wait_for("saved email note", Duration::from_secs(5));
    let notes = env.json(NOW, &["notes", "Müller Logistik GmbH", "--format", "json"]);
    assert_eq!(notes.as_array().map(Vec::len), Some(2));
    tmux.keys(&["u"]);
    tmux.wait_for("undone", Duration::from_secs(5));
    let notes = env.json(NOW, &["notes", "Müller Logistik GmbH", "--format", "json"]);
    assert_eq!(notes.as_array().map(Vec::len), Some(1), "{notes}");
    assert_eq!(notes[0]["text"], "budget freeze lifted in November");
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0", Duration::from_secs(5));
}
