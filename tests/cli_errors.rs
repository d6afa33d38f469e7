//! Bad input: one line `tend: <field> '<value>': <allowed>`, exit 2, and the database unchanged.

mod common;
use common::Env;

const NOW: &str = "2026-11-23T09:00:00Z";

fn setup() -> Env {
    let env = Env::new();
    env.ok(
        NOW,
        &[
            "account",
            "add",
            "Müller GmbH",
            "--tier",
            "premium",
            "--value",
            "4500",
        ],
    );
    env.review(NOW, "Müller GmbH", [80, 70, 60, 50]);
    let id = env.ok(
        NOW,
        &[
            "escalate",
            "Müller GmbH",
            "--level",
            "red",
            "--reason",
            "threat to cancel",
        ],
    );
    assert_eq!(id.trim(), "1");
    env.ok(
        NOW,
        &[
            "escalate",
            "Müller GmbH",
            "--level",
            "yellow",
            "--reason",
            "slow replies",
        ],
    );
    env.ok(NOW, &["log", "Müller GmbH", "first", "call"]);
    env
}

#[test]
fn bad_inputs_are_refused_and_nothing_is_written() {
    let env = setup();
    let cases: &[(&[&str], &str)] = &[
        (&["log", "Nobody AG", "hello"], "account 'Nobody AG'"),
        (&["log", "Müller GmbH", "hi", "--nps", "11"], "nps '11'"),
        (&["log", "Müller GmbH", "hi", "--nps", "-1"], "nps '-1'"),
        (
            &["log", "Müller GmbH", "hi", "--kind", "chat"],
            "kind 'chat'",
        ),
        (
            &["log", "Müller GmbH", "hi", "--at", "2026-02-30"],
            "at '2026-02-30'",
        ),
        (&["log", "Müller GmbH", " "], "text ' '"),
        // A note dated ahead of now would count in scores before it happened.
        (
            &["log", "Müller GmbH", "hi", "--at", "2026-12-24"],
            "at '2026-12-24'",
        ),
        (&["account", "add", "  "], "name '  '"),
        (&["account", "add", "MÜLLER gmbh"], "name 'MÜLLER gmbh'"),
        (
            &["account", "add", "Neu AG", "--since", "2026-02-30"],
            "since '2026-02-30'",
        ),
        (
            &["account", "add", "Neu AG", "--tier", "gold"],
            "tier 'gold'",
        ),
        (
            &["account", "add", "Neu AG", "--value", "viel"],
            "value 'viel'",
        ),
        (
            &["account", "add", "Neu AG", "--renewal", "2026-13-01"],
            "renewal '2026-13-01'",
        ),
        (
            &["account", "edit", "Müller GmbH", "--status", "churned"],
            "status 'churned'",
        ),
        (
            &["account", "edit", "Müller GmbH", "--status", "sleeping"],
            "status 'sleeping'",
        ),
        (
            &["escalation", "raise", "2", "--to", "purple"],
            "to 'purple'",
        ),
        (&["notes", "Müller GmbH", "--limit", "0"], "limit '0'"),
        (&["search", "call", "--limit", "0"], "limit '0'"),
        (
            &["snooze", "silence:1", "--clear", "--until", "2026-12-01"],
            "until '2026-12-01'",
        ),
        (&["account", "list", "--band", "red"], "band 'red'"),
        (&["account", "delete", "Müller GmbH"], "yes ''"),
        (
            &["account", "churn", "Müller GmbH", "--reason", ""],
            "reason ''",
        ),
        (
            &[
                "health",
                "Müller GmbH",
                "--performance",
                "80",
                "--relationship",
                "70",
                "--outlook",
                "60",
            ],
            "engagement ''",
        ),
        (
            &[
                "health",
                "Müller GmbH",
                "--performance",
                "101",
                "--relationship",
                "70",
                "--outlook",
                "60",
                "--engagement",
                "5",
            ],
            "performance '101'",
        ),
        (
            &[
                "health",
                "Müller GmbH",
                "--performance",
                "eighty",
                "--relationship",
                "70",
                "--outlook",
                "60",
                "--engagement",
                "5",
            ],
            "performance 'eighty'",
        ),
        (
            &[
                "escalate",
                "Müller GmbH",
                "--level",
                "purple",
                "--reason",
                "x",
            ],
            "level 'purple'",
        ),
        (
            &[
                "escalate",
                "Müller GmbH",
                "--level",
                "yellow",
                "--reason",
                "",
            ],
            "reason ''",
        ),
        (&["escalation", "raise", "1"], "level 'red'"),
        (
            &["escalation", "raise", "2", "--to", "yellow"],
            "to 'yellow'",
        ),
        (&["escalation", "raise", "99"], "escalation '99'"),
        (&["escalation", "resolve", "2"], "note ''"),
        (&["escalation", "resolve", "2", "--note", "  "], "note '  '"),
        (
            &["escalation", "reopen", "2", "--note", "again"],
            "escalation '2'",
        ),
        (
            &["escalation", "reopen", "99", "--note", "again"],
            "escalation '99'",
        ),
        (&["escalation", "reopen", "2"], "note ''"),
        (&["escalation", "reopen", "2", "--note", " "], "note ' '"),
        (&["escalation", "show", "99"], "escalation '99'"),
        (
            &[
                "account",
                "churn",
                "Müller GmbH",
                "--reason",
                "x",
                "--category",
                "budget",
            ],
            "category 'budget'",
        ),
        (
            &["account", "churn", "Müller GmbH", "--reason", " "],
            "reason ' '",
        ),
        (
            &[
                "account",
                "churn",
                "Müller GmbH",
                "--reason",
                "moving on",
                "--on",
                "2027-05-01",
            ],
            "on '2027-05-01': today or earlier",
        ),
        (
            &[
                "contact",
                "add",
                "Müller GmbH",
                "Eva",
                "--birthday",
                "02-30",
            ],
            "birthday '02-30'",
        ),
        (
            &[
                "contact",
                "add",
                "Müller GmbH",
                "Eva",
                "--birthday",
                "1980-2-3",
            ],
            "birthday '1980-2-3'",
        ),
        (
            &["contact", "edit", "Müller GmbH", "Nobody"],
            "person 'Nobody'",
        ),
        (&["contact", "delete", "Müller GmbH", "Nobody"], "yes ''"),
        (
            &["log", "Müller GmbH", "hi", "--kind", "business review"],
            "kind 'business review'",
        ),
        (&["check", "Müller GmbH", "coffee"], "key 'coffee'"),
        (
            &["check", "Müller GmbH", "update", "--week", "2026-W54"],
            "week '2026-W54'",
        ),
        (&["checklist", "Müller GmbH", "--week", "48"], "week '48'"),
        (
            &["visit", "plan", "Müller GmbH", "2026-02-30"],
            "date '2026-02-30'",
        ),
        (
            &["visit", "plan", "Müller GmbH", "2026-11-01"],
            "date '2026-11-01'",
        ),
        (
            &["visit", "done", "Müller GmbH", "--on", "2027-01-01"],
            "on '2027-01-01'",
        ),
        (&["note", "edit", "99", "--text", "x"], "note '99'"),
        (&["note", "delete", "1"], "yes ''"),
        (
            &[
                "contact",
                "add",
                "Müller GmbH",
                "Jana",
                "--email",
                "not-an-email",
            ],
            "email 'not-an-email'",
        ),
        // Before the client came (client since 2026-11-23) there is no score to compare with.
        (
            &["health", "Müller GmbH", "--compare", "9999d"],
            "compare '9999d'",
        ),
        (
            &["health", "Müller GmbH", "--compare", "4000000000d"],
            "compare '4000000000d'",
        ),
        (
            &[
                "account",
                "churn",
                "Müller GmbH",
                "--reason",
                "x",
                "--on",
                "2026-11-01",
            ],
            "on '2026-11-01'",
        ),
        // An owner is a user name as TEND_USER gives it: --mine could never match a full name.
        (
            &["account", "add", "Neu AG", "--owner", "Anna Berger"],
            "owner 'Anna Berger'",
        ),
        (
            &["account", "edit", "Müller GmbH", "--backup", "jonas keller"],
            "backup 'jonas keller'",
        ),
        // A report covers a period that has begun.
        (&["report", "--month", "2026-12"], "month '2026-12'"),
        (&["report", "--quarter", "2027-Q1"], "quarter '2027-Q1'"),
    ];
    let before = env.fingerprint();
    for (args, prefix) in cases {
        let out = env.run(NOW, args);
        assert_eq!(
            out.code, 2,
            "tend {args:?}: exit {} stderr {}",
            out.code, out.stderr
        );
        let expected = format!("tend: {prefix}: ");
        assert!(
            out.stderr.starts_with(&expected),
            "tend {args:?}: stderr {:?}, expected {expected:?}",
            out.stderr
        );
        assert_eq!(
            out.stderr.lines().count(),
            1,
            "one line for {args:?}: {}",
            out.stderr
        );
        assert!(
            out.stdout.is_empty(),
            "no output for {args:?}: {}",
            out.stdout
        );
        assert_eq!(env.fingerprint(), before, "database changed by {args:?}");
    }
}

/// A churned client's escalation stays closed: reopened, no queue and no count would show it.
#[test]
fn an_escalation_of_a_churned_account_is_not_reopened() {
    let env = setup();
    env.ok(NOW, &["escalation", "resolve", "1", "--note", "settled"]);
    env.ok(
        NOW,
        &["account", "churn", "Müller GmbH", "--reason", "moved on"],
    );
    let before = env.fingerprint();
    let out = env.run(NOW, &["escalation", "reopen", "1", "--note", "again"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        out.stderr.trim(),
        "tend: account 'Müller GmbH': an active or paused account (this one has churned)"
    );
    assert_eq!(env.fingerprint(), before);
}

#[test]
fn usage_errors_exit_2() {
    let env = setup();
    let before = env.fingerprint();
    for args in [
        &["escalation", "raise", "abc"][..],
        &["frobnicate"],
        &["health"],
    ] {
        let out = env.run(NOW, args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
    }
    assert_eq!(env.fingerprint(), before);
}

#[test]
fn bad_environment_is_one_line() {
    let env = setup();
    let out = env.run("yesterday", &["account", "list"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr.trim(),
        "tend: TEND_NOW 'yesterday': an RFC 3339 moment, e.g. 2026-11-23T09:00:00Z"
    );
    let cfg = env.dir.path().join("bad.toml");
    std::fs::write(&cfg, "[health.weights]\nperformance = 50\n").unwrap();
    let out = env.run(NOW, &["--config", cfg.to_str().unwrap(), "account", "list"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with("tend: config: health.weights '110'"),
        "{}",
        out.stderr
    );
}

#[test]
fn database_errors_exit_1_and_leave_the_file_alone() {
    let env = Env::new();
    std::fs::write(&env.db, "this is a spreadsheet, not a database").unwrap();
    let out = env.run(NOW, &["account", "add", "Alpha"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr.lines().count(), 1);
    assert!(
        out.stderr.contains("not an SQLite database"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&env.db).unwrap(),
        "this is a spreadsheet, not a database"
    );
}

#[test]
fn stored_control_characters_never_reach_the_terminal() {
    let env = setup();
    env.ok(
        NOW,
        &[
            "log",
            "Müller GmbH",
            "evil \x1b[2J\x1b]0;title\x07 text \u{202e}reversed",
        ],
    );
    for args in [
        &["notes", "Müller GmbH"][..],
        &["brief", "Müller GmbH"],
        &["account", "list"],
        &["escalations"],
    ] {
        let out = env.ok(NOW, args);
        assert!(
            !out.contains('\x1b') && !out.contains('\x07') && !out.contains('\u{202e}'),
            "{args:?}: {out:?}"
        );
    }
    // JSON keeps the exact text, escaped as JSON does.
    let notes = env.json(NOW, &["notes", "Müller GmbH", "--format", "json"]);
    assert_eq!(
        notes[0]["text"],
        "evil \x1b[2J\x1b]0;title\x07 text \u{202e}reversed"
    );
}
