//! SPEC §8 through the CLI, hand-computed: a score that moved through an escalation opened and
//! resolved, a complaint, a new review and silence — compared side by side and week by week.

mod common;
use common::Env;

const NAME: &str = "Alpha GmbH";
const NOW: &str = "2026-11-25T09:00:00Z"; // Wednesday of 2026-W48

fn setup() -> Env {
    let env = Env::new();
    // Mon 2 Nov (W45): created, reviewed at 80 everywhere (base 80), a call, a visit yesterday.
    let t0 = "2026-11-02T09:00:00Z";
    env.ok(t0, &["account", "add", NAME, "--since", "2025-01-01"]);
    env.review(t0, NAME, [80, 80, 80, 80]);
    env.ok(t0, &["log", NAME, "kick-off"]);
    env.ok(t0, &["visit", "done", NAME, "--on", "2026-11-01"]);
    // Wed 4 Nov: a yellow escalation (due Thu 10:00), resolved Fri.
    let id = env
        .ok(
            "2026-11-04T10:00:00Z",
            &[
                "escalate",
                NAME,
                "--level",
                "yellow",
                "--reason",
                "slow replies",
            ],
        )
        .trim()
        .to_string();
    env.ok(
        "2026-11-06T10:00:00Z",
        &["escalation", "resolve", &id, "--note", "called"],
    );
    // Tue 10 Nov (W46): the whole routine ticked; a complaint.
    for key in ["update", "kpis", "questions", "meeting", "signals"] {
        env.ok("2026-11-10T10:00:00Z", &["check", NAME, key]);
    }
    env.ok(
        "2026-11-10T11:00:00Z",
        &["log", NAME, "report was late", "--kind", "complaint"],
    );
    // Wed 18 Nov (W47): a new review at 70 everywhere (base 70). No call since 2 Nov.
    env.review("2026-11-18T09:00:00Z", NAME, [70, 70, 70, 70]);
    env
}

#[test]
fn history_week_by_week() {
    let env = setup();
    let h = env.json(NOW, &["history", NAME, "--weeks", "3", "--format", "json"]);
    let rows: Vec<(String, Option<i64>)> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["week"].as_str().unwrap().to_string(),
                p["health"].as_i64(),
            )
        })
        .collect();
    // End of W45 (Sun 8 Nov 23:59:59): escalation resolved, call 6 days ago: 80.
    // End of W46: the complaint −5 (W45's checklist does not count: created during W45): 75.
    // End of W47: base 70, 20 days without contact −5, complaint −5, W46 fully ticked: 60.
    // Now (W48): base 70, W47 not ticked 5 × −2 = −10, silence −5, complaint −5: 50.
    assert_eq!(
        rows,
        vec![
            ("2026-W45".into(), Some(80)),
            ("2026-W46".into(), Some(75)),
            ("2026-W47".into(), Some(60)),
            ("2026-W48".into(), Some(50)),
        ]
    );
    assert_eq!(h[0]["at"], "2026-11-08T23:59:59Z");
    assert_eq!(h[3]["at"], NOW);
    assert_eq!(h[3]["band"], "at-risk");
    let table = env.ok(NOW, &["history", NAME, "--weeks", "3"]);
    // The bars span the range covered, 50–80: ((h − 50)·7 + 15) div 30 picks one of
    // ▁▂▃▄▅▆▇█: 80 → 7 █, 75 → 6 ▇, 60 → 2 ▃, 50 → 0 ▁.
    assert!(table.starts_with("Alpha GmbH — █▇▃▁"), "{table}");
    // Before the account existed it was unscored.
    let long = env.json(NOW, &["history", NAME, "--weeks", "5", "--format", "json"]);
    assert_eq!(long[0]["health"], serde_json::Value::Null);
    assert_eq!(long[0]["band"], "unscored");
}

#[test]
fn compare_side_by_side() {
    let env = setup();
    // Thu 5 Nov 12:00: base 80, yellow −5, overdue since 10:00 −5 = 70.
    let c = env.json(
        NOW,
        &[
            "health",
            NAME,
            "--compare",
            "2026-11-05",
            "--format",
            "json",
        ],
    );
    assert_eq!(c["then"]["health"], 70);
    assert_eq!(c["then"]["at"], "2026-11-05T12:00:00Z");
    assert_eq!(c["now"]["health"], 50);
    let rows: Vec<(String, i64, i64, i64)> = c["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["signal"].as_str().unwrap().to_string(),
                r["then"].as_i64().unwrap(),
                r["now"].as_i64().unwrap(),
                r["change"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("base".into(), 80, 70, -10),
            ("checklist".into(), 0, -10, -10),
            ("contact".into(), 0, -5, -5),
            ("complaints".into(), 0, -5, -5),
            ("escalation:1".into(), -5, 0, 5),
            ("overdue:1".into(), -5, 0, 5),
        ]
    );
    // −10 − 10 − 5 − 5 + 5 + 5 = −20 = 50 − 70.
    assert_eq!(rows.iter().map(|r| r.3).sum::<i64>(), -20);
    let table = env.ok(NOW, &["health", NAME, "--compare", "2026-11-05"]);
    let last = table.lines().last().unwrap();
    assert!(
        last.starts_with("health")
            && last.contains("70")
            && last.contains("50")
            && last.contains("-20"),
        "{table}"
    );
    // 30d is the trend's own comparison: 26 Oct, before the account existed — unscored, all 0.
    let c = env.json(
        NOW,
        &["health", NAME, "--compare", "30d", "--format", "json"],
    );
    assert_eq!(c["then"]["health"], serde_json::Value::Null);
    assert_eq!(c["rows"][0]["then"], 0);
}

#[test]
fn bad_input_is_refused() {
    let env = setup();
    let before = env.fingerprint();
    for (args, start) in [
        (
            vec!["health", NAME, "--compare", "2026-02-30"],
            "tend: compare '2026-02-30'",
        ),
        (
            vec!["health", NAME, "--compare", "2027-01-01"],
            "tend: compare '2027-01-01'",
        ),
        (
            vec!["health", NAME, "--compare", "xd"],
            "tend: compare 'xd'",
        ),
        (vec!["history", NAME, "--weeks", "0"], "tend: weeks '0'"),
        (vec!["history", NAME, "--weeks", "521"], "tend: weeks '521'"),
        (vec!["history", "Nobody"], "tend: account 'Nobody'"),
    ] {
        let out = env.run(NOW, &args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.starts_with(start), "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    assert_eq!(env.fingerprint(), before);
}

#[test]
fn the_report_counts_at_risk_accounts_week_by_week() {
    let env = setup();
    let report = env.ok(NOW, &["report", "--month", "2026-11"]);
    // W44 ends 1 Nov (before the first review: unscored), W45 80, W46 75, W47 60 (at-risk),
    // W48 so far 50 (at-risk).
    for row in [
        "| 2026-W44 | 2026-11-01 | 0 | 1 |",
        "| 2026-W45 | 2026-11-08 | 0 | 1 |",
        "| 2026-W46 | 2026-11-15 | 0 | 1 |",
        "| 2026-W47 | 2026-11-22 | 1 | 1 |",
        "| 2026-W48 | so far | 1 | 1 |",
    ] {
        assert!(report.contains(row), "{row} in {report}");
    }
}
