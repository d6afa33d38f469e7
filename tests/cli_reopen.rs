//! Reopening a resolved escalation through the CLI: open again with a new due time, the change in
//! its history with who and why, the health "as of" any moment recomputed exactly, and the monthly
//! report counting it as open (its earlier resolution undone).

mod common;
use common::Env;

// Monday 2026-11-02 09:00 UTC; the account is old enough for a full previous-week checklist.
const OPEN: &str = "2026-11-02T09:00:00Z";
const RESOLVE: &str = "2026-11-02T19:00:00Z"; // +10 h, within the 48 h SLA
const BETWEEN: &str = "2026-11-03T05:00:00Z"; // +20 h: resolved then
const REOPEN: &str = "2026-11-03T15:00:00Z"; // +30 h
const AFTER: &str = "2026-11-03T16:00:00Z"; // +31 h

fn health(env: &Env, now: &str) -> serde_json::Value {
    env.json(now, &["health", "Rombach Optik AG", "--format", "json"])
}

#[test]
fn reopen_opens_again_records_why_and_the_past_stays_exact() {
    let env = Env::new();
    env.ok(
        OPEN,
        &[
            "account",
            "add",
            "Rombach Optik AG",
            "--since",
            "2025-01-10",
        ],
    );
    env.review(OPEN, "Rombach Optik AG", [70, 70, 70, 70]);
    env.ok(OPEN, &["log", "Rombach Optik AG", "weekly call"]);
    let id = env
        .ok(
            OPEN,
            &[
                "escalate",
                "Rombach Optik AG",
                "--level",
                "orange",
                "--reason",
                "complaint about the report",
            ],
        )
        .trim()
        .to_string();
    let out = env.ok(
        RESOLVE,
        &[
            "escalation",
            "resolve",
            &id,
            "--note",
            "sent a corrected report",
        ],
    );
    assert_eq!(
        out.trim(),
        format!("escalation {id} resolved within its SLA")
    );
    let before = health(&env, BETWEEN);

    let out = env.ok(
        REOPEN,
        &[
            "escalation",
            "reopen",
            &id,
            "--note",
            "the corrected report is wrong too",
        ],
    );
    // Orange: a crisis meeting by the team lead, due 48 h from now.
    assert_eq!(
        out.trim(),
        format!(
            "escalation {id} reopened (orange): crisis meeting with a solution plan by team lead, in 2d"
        )
    );
    let e = env.json(AFTER, &["escalation", "show", &id, "--format", "json"]);
    assert_eq!(e["status"], "open");
    assert_eq!(e["due_at"], "2026-11-05T15:00:00Z", "reopened + 48 h");
    assert_eq!(e["resolved_at"], serde_json::Value::Null);
    let history = e["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["event"], "opened");
    assert_eq!(history[1]["event"], "reopened");
    assert_eq!(history[1]["at"], "2026-11-03T15:00:00Z");
    assert_eq!(history[1]["by"], "anna");
    assert_eq!(history[1]["note"], "the corrected report is wrong too");
    assert_eq!(
        e["undone_resolutions"][0]["resolution"],
        "sent a corrected report"
    );
    assert_eq!(
        e["undone_resolutions"][0]["resolved_at"],
        "2026-11-02T19:00:00Z"
    );
    assert_eq!(history[1]["due_at"], "2026-11-05T15:00:00Z");

    // In the queue again.
    let queue = env.json(AFTER, &["escalations", "--format", "json"]);
    assert_eq!(queue[0]["id"].to_string(), id);

    // Health: base (70·40 + 70·30 + 70·20 + 70·10 + 50) div 100 = 70; the previous week
    // (W44) has no ticks: 5 × −2 = −10. Between resolution and reopening: 70 − 10 = 60, exactly
    // what it was before the reopen was written.
    assert_eq!(health(&env, BETWEEN), before);
    assert_eq!(before["health"], 60);
    // After reopening: orange −15 → 45.
    let now = health(&env, AFTER);
    assert_eq!(now["health"], 45, "{now}");
    assert!(
        now["adjustments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["points"] == -15)
    );

    // The November report: opened 1, resolved 0 (the resolution was undone), still open 1.
    let report = env.ok("2026-11-30T12:00:00Z", &["report", "--month", "2026-11"]);
    assert!(
        report.contains("Opened 1 · resolved 0 · still open 1"),
        "{report}"
    );

    // Resolve again: the history keeps both resolutions apart.
    env.ok(
        "2026-11-04T10:00:00Z",
        &["escalation", "resolve", &id, "--note", "fixed for good"],
    );
    assert_eq!(health(&env, BETWEEN)["health"], 60);
    assert_eq!(health(&env, AFTER)["health"], 45);
    let table = env.ok("2026-11-04T11:00:00Z", &["escalation", "show", &id]);
    assert!(
        table.contains("resolved 2026-11-04 10:00 by anna: fixed for good"),
        "{table}"
    );
    assert!(
        table.contains(
            "2026-11-03 15:00 reopened orange by anna: the corrected report is wrong too"
        ),
        "{table}"
    );
    assert!(
        table.contains(
            "2026-11-02 19:00 resolved by anna: sent a corrected report (undone by a reopen)"
        ),
        "{table}"
    );
    // In time order: the undone resolution before the reopening that undid it.
    let resolved = table.find("2026-11-02 19:00 resolved").unwrap();
    let reopened = table.find("2026-11-03 15:00 reopened").unwrap();
    assert!(resolved < reopened, "{table}");
}
