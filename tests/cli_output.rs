//! What the command line prints (issue 16): full columns for a pipe, the terminal's (or
//! `COLUMNS`') width otherwise; the escalation owner as a person beside the role; one date and
//! duration style; shell completions that know account names.

mod common;
use common::Env;

use unicode_width::UnicodeWidthStr;

const NOW: &str = "2026-11-23T09:00:00Z";
const OWNER: &str = "anna.bergermann-schulze";
const NAME: &str = "Rombach Optik und Augenoptik Meisterbetrieb GmbH";
const REASON: &str = "Threatened to cancel the contract unless the monthly report arrives on time";

fn setup() -> Env {
    let env = Env::new();
    env.ok(NOW, &["account", "add", NAME, "--owner", OWNER]);
    env.ok(
        "2026-11-21T14:00:00Z",
        &["escalate", NAME, "--level", "orange", "--reason", REASON],
    );
    env.ok(NOW, &["log", NAME, "--at", "2026-11-22", &REASON.repeat(2)]);
    env
}

#[test]
fn piped_output_keeps_every_cell_whole() {
    let env = setup();
    let queue = env.ok(NOW, &["escalations"]);
    assert!(
        queue.contains(OWNER) && queue.contains(NAME) && queue.contains(REASON),
        "{queue}"
    );
    let notes = env.ok(NOW, &["notes", NAME]);
    assert!(notes.contains(&REASON.repeat(2)), "{notes}");
    let list = env.ok(NOW, &["account", "list"]);
    assert!(list.contains(NAME) && list.contains(OWNER), "{list}");
}

#[test]
fn columns_fits_the_asked_width() {
    let env = setup();
    for args in [
        &["escalations"][..],
        &["notes", NAME][..],
        &["account", "list"][..],
        &["search", "report"][..],
        &["visits"][..],
        &["kpi"][..],
    ] {
        let out = env.cmd(NOW, args).env("COLUMNS", "60").output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        for line in text.lines() {
            assert!(
                line.width() <= 60,
                "{args:?}: {} cells:\n{text}",
                line.width()
            );
        }
        if !matches!(args[0], "visits" | "kpi") {
            assert!(text.contains('…'), "{args:?} must have been cut:\n{text}");
        }
    }
}

#[test]
fn the_escalation_queue_names_the_owner_and_the_role() {
    let env = setup();
    let queue = env.ok(NOW, &["escalations"]);
    let mut lines = queue.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        ["ID", "LEVEL", "DUE", "ACCOUNT", "OWNER", "ROLE", "REASON"]
    );
    let row = lines.next().unwrap();
    // Opened 2026-11-21 14:00 with 48 h: due 2026-11-23 14:00, in 5 h.
    assert!(row.contains("in 5h"), "{row}");
    assert!(
        row.contains(&format!("{OWNER}  team lead  {REASON}")),
        "{row}"
    );
    let json = env.json(NOW, &["escalations", "--format", "json"]);
    assert_eq!(json[0]["owner"], OWNER);
    assert_eq!(json[0]["owner_role"], "team lead");
    let later = env.ok("2026-11-25T09:00:00Z", &["escalations"]);
    assert!(later.contains("1d 19h overdue"), "{later}");
}

#[test]
fn note_dates_are_iso_and_local() {
    let env = setup();
    // A call at 00:30 Berlin time belongs to the 23rd there, though UTC says the 22nd.
    env.ok(
        NOW,
        &[
            "log",
            NAME,
            "--at",
            "2026-11-23T00:30:00+01:00",
            "late call",
        ],
    );
    let out = env
        .cmd(NOW, &["notes", NAME])
        .env("TZ", "Europe/Berlin")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().nth(1).unwrap().contains(" 2026-11-23  call"),
        "{text}"
    );
    assert!(
        text.lines().nth(2).unwrap().contains(" 2026-11-22  call"),
        "{text}"
    );
}
