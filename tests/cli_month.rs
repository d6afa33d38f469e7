//! A realistic month through the command line, `TEND_NOW` moving forward; every score computed by
//! hand in the comments.

mod common;
use common::Env;
use serde_json::Value;

fn health(env: &Env, now: &str, name: &str) -> Value {
    env.json(now, &["health", name, "--format", "json"])
}

fn reasons(h: &Value) -> Vec<(String, i64)> {
    h["adjustments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["reason"].as_str().unwrap().to_string(),
                a["points"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn assert_adds_up(h: &Value) {
    let sum: i64 = h["base"].as_i64().unwrap() + reasons(h).iter().map(|r| r.1).sum::<i64>();
    assert_eq!(Some(sum), h["health"].as_i64(), "{h}");
}

#[test]
fn a_month_with_alpha_and_beta() {
    let env = Env::new();
    let t = |s: &str| format!("2026-11-{s}Z");

    // Mon 2 Nov 09:00: a client since June. Base (40·80 + 30·70 + 20·60 + 10·50 + 50) div 100 = 70.
    env.ok(
        &t("02T09:00:00"),
        &[
            "account",
            "add",
            "Alpha GmbH",
            "--since",
            "2026-06-01",
            "--value",
            "5000",
        ],
    );
    env.review(&t("02T09:00:00"), "Alpha GmbH", [80, 70, 60, 50]);
    let h = health(&env, &t("02T09:00:00"), "Alpha GmbH");
    // No contact since 1 June (154 days): -15; no visit, due 1 Sep: overdue -10. W44 does not count
    // (the account was created after its Monday). 70 - 15 - 10 = 45.
    assert_eq!(h["base"], 70);
    assert_eq!(h["health"], 45);
    assert_eq!(h["band"], "at-risk");
    assert_adds_up(&h);
    assert!(
        reasons(&h)
            .iter()
            .any(|(r, p)| r.starts_with("contact") && *p == -15)
    );
    assert!(
        reasons(&h)
            .iter()
            .any(|(r, p)| r.starts_with("visit") && *p == -10)
    );

    // 10:00: kick-off call: the silence is over, 70 - 10 = 60. The visit planned for the 20th does
    // not lift the overdue visit: it was due on 1 Sep, and a later plan cannot make a missed
    // quarter go away.
    env.ok(
        &t("02T10:00:00"),
        &["log", "Alpha GmbH", "Kick-off", "call"],
    );
    env.ok(
        &t("02T10:00:00"),
        &["visit", "plan", "Alpha GmbH", "2026-11-20"],
    );
    let h = health(&env, &t("02T10:00:00"), "Alpha GmbH");
    assert_eq!(h["health"], 60);
    assert!(
        reasons(&h).iter().any(|(r, p)| *p == -10
            && r.contains("overdue (due 2026-09-01;")
            && r.contains("the plan for 2026-11-20 lies beyond it")),
        "{h}"
    );

    // Wed 4 Nov: yellow escalation, due in 24 h: 60 - 5 = 55.
    let id = env.ok(
        &t("04T09:00:00"),
        &[
            "escalate",
            "Alpha GmbH",
            "--level",
            "yellow",
            "--reason",
            "slow replies",
        ],
    );
    let id = id.trim().to_string();
    assert_eq!(health(&env, &t("04T09:00:00"), "Alpha GmbH")["health"], 55);
    // Thu 5 Nov 12:00: overdue since 09:00: 60 - 5 - 5 = 50.
    let h = health(&env, &t("05T12:00:00"), "Alpha GmbH");
    assert_eq!(h["health"], 50);
    assert_adds_up(&h);
    // Raised to orange: due again in 48 h, not overdue: 70 - 10 - 15 = 45.
    env.ok(
        &t("05T12:00:00"),
        &["escalation", "raise", &id, "--note", "no answer"],
    );
    assert_eq!(health(&env, &t("05T12:00:00"), "Alpha GmbH")["health"], 45);
    let q = env.json(&t("05T12:00:00"), &["escalations", "--format", "json"]);
    assert_eq!(q[0]["level"], "orange");
    assert_eq!(q[0]["owner_role"], "team lead");
    assert_eq!(q[0]["due_at"], "2026-11-07T12:00:00Z");

    // Fri 6 Nov: resolved; a detractor answer in micro-feedback: 70 - 10 (visit) - 10 = 50.
    env.ok(
        &t("06T10:00:00"),
        &[
            "escalation",
            "resolve",
            &id,
            "--note",
            "call with their CEO",
        ],
    );
    env.ok(
        &t("06T11:00:00"),
        &[
            "log",
            "Alpha GmbH",
            "reports too slow",
            "--kind",
            "micro-feedback",
            "--nps",
            "3",
        ],
    );
    assert_eq!(health(&env, &t("06T11:00:00"), "Alpha GmbH")["health"], 50);

    // Week 46 (9-15 Nov): four of five items ticked, one twice (a no-op).
    for key in ["update", "kpis", "questions", "meeting", "update"] {
        env.ok(&t("10T15:00:00"), &["check", "Alpha GmbH", key]);
    }
    let list = env.json(
        &t("10T15:00:00"),
        &["checklist", "Alpha GmbH", "--format", "json"],
    );
    assert_eq!(
        list.as_array()
            .unwrap()
            .iter()
            .filter(|i| i["done"] == true)
            .count(),
        4
    );
    assert_eq!(list[0]["done_by"], "anna");

    // Mon 16 Nov: W46 counts now: -2; call 14 days ago: no penalty; NPS -10; visit -10 → 48.
    let h = health(&env, &t("16T09:00:00"), "Alpha GmbH");
    assert_eq!(h["health"], 48);
    assert!(
        reasons(&h)
            .iter()
            .any(|(r, p)| r.contains("2026-W46") && r.contains("signals") && *p == -2)
    );
    // Tue 17 Nov: 15 days without contact: -5 → 43.
    assert_eq!(health(&env, &t("17T09:00:00"), "Alpha GmbH")["health"], 43);

    // Fri 20 Nov: the visit happens (it also writes a visit note: contact again): 70 - 2 - 10 = 58.
    env.ok(
        &t("20T14:00:00"),
        &["visit", "done", "Alpha GmbH", "--note", "workshop"],
    );
    assert_eq!(health(&env, &t("20T14:00:00"), "Alpha GmbH")["health"], 58);
    let notes = env.json(
        &t("20T14:00:00"),
        &["notes", "Alpha GmbH", "--format", "json"],
    );
    assert_eq!(notes[0]["kind"], "visit");
    let visits = env.json(&t("20T14:00:00"), &["visits", "--format", "json"]);
    assert_eq!(visits[0]["next_visit"], "2027-02-20");
    assert_eq!(visits[0]["last_visit"], "2026-11-20");

    // Mon 23 Nov: W47 had no ticks at all: -10; NPS -10 → 50.
    let h = health(&env, &t("23T09:00:00"), "Alpha GmbH");
    assert_eq!(h["health"], 50);
    // A new review: (40·90 + 30·80 + 20·80 + 10·70 + 50) div 100 = 83; 83 - 20 = 63.
    env.review(&t("23T09:00:00"), "Alpha GmbH", [90, 80, 80, 70]);
    assert_eq!(health(&env, &t("23T09:00:00"), "Alpha GmbH")["health"], 63);
    // Red escalation at 09:30: 63 - 30 = 33.
    env.ok(
        &t("23T09:30:00"),
        &[
            "escalate",
            "Alpha GmbH",
            "--level",
            "red",
            "--reason",
            "threat to cancel",
        ],
    );

    // Beta: new today, no review; a yellow opened yesterday (overdue since 08:00) and an orange.
    env.ok(
        &t("22T08:00:00"),
        &[
            "account",
            "add",
            "Beta AG",
            "--owner",
            "ben",
            "--backup",
            "anna",
            "--since",
            "2026-11-22",
        ],
    );
    env.ok(
        &t("22T08:00:00"),
        &[
            "escalate",
            "Beta AG",
            "--level",
            "yellow",
            "--reason",
            "moved meeting",
        ],
    );
    env.ok(
        &t("23T08:00:00"),
        &[
            "escalate",
            "Beta AG",
            "--level",
            "orange",
            "--reason",
            "budget cut",
        ],
    );
    // Gamma: owned by someone else entirely.
    env.ok(
        &t("23T08:00:00"),
        &["account", "add", "Gamma KG", "--owner", "carl"],
    );

    let now = t("23T10:00:00");
    let q = env.json(&now, &["escalations", "--format", "json"]);
    let order: Vec<(&str, &str, bool)> = q
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["account"].as_str().unwrap(),
                e["level"].as_str().unwrap(),
                e["overdue"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        order,
        vec![
            ("Beta AG", "yellow", true),
            ("Alpha GmbH", "red", false),
            ("Beta AG", "orange", false)
        ]
    );

    // Triage: unscored first (by name), then worst health.
    let list = env.json(&now, &["account", "list", "--format", "json"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Beta AG", "Gamma KG", "Alpha GmbH"]);
    let alpha = &list[2];
    assert_eq!(alpha["health"], 33);
    assert_eq!(alpha["band"], "at-risk");
    assert_eq!(alpha["open_escalations"], 1);
    assert_eq!(alpha["next_visit"], "2027-02-20");
    assert_eq!(alpha["visit_planned"], false);
    assert_eq!(alpha["last_contact"], "2026-11-20");
    assert_eq!(alpha["checklist_total"], 5);
    assert_eq!(
        alpha["trend"],
        Value::Null,
        "the account did not exist 30 days ago"
    );
    assert_eq!(list[0]["onboarding_phase"], "honeymoon");
    assert_eq!(list[0]["health"], Value::Null);
    assert_eq!(list[0]["band"], "unscored");

    // --mine: anna owns Alpha and backs up Beta.
    let mine = env.json(&now, &["account", "list", "--format", "json", "--mine"]);
    assert_eq!(mine.as_array().unwrap().len(), 2);
    let at_risk = env.json(
        &now,
        &["account", "list", "--format", "json", "--band", "at-risk"],
    );
    assert_eq!(at_risk.as_array().unwrap().len(), 1);

    // KPIs: 3 active accounts, 1 at risk, 2 unscored, NPS from Alpha's detractor answer only.
    let k = env.json(&now, &["kpi", "--format", "json"]);
    assert_eq!(k["accounts"], 3);
    assert_eq!(k["at_risk"], 1);
    assert_eq!(k["unscored"], 2);
    assert_eq!(k["nps"], -100);
    assert_eq!(k["detractors"], 1);
    assert_eq!(k["promoters"], 0);
    assert_eq!(k["open_escalations"], 3);
    assert_eq!(k["overdue_escalations"], 1);
    assert_eq!(k["revenue_at_risk"], 5000.0);
    assert_eq!(k["checklist_completion"], 0);

    // A week later, the trend is computed from the records as they stood on 30 Nov - 30 days.
    // Churning Gamma removes it from the list and the KPIs but not from --all.
    env.ok(
        &now,
        &["account", "churn", "Gamma KG", "--reason", "budget cut"],
    );
    let list = env.json(&now, &["account", "list", "--format", "json"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let all = env.json(&now, &["account", "list", "--format", "json", "--all"]);
    assert_eq!(all.as_array().unwrap().len(), 3);
    assert_eq!(env.json(&now, &["kpi", "--format", "json"])["accounts"], 2);
}

#[test]
fn trend_compares_with_the_records_30_days_earlier() {
    let env = Env::new();
    // Reviewed on 1 Oct at 90 everywhere; calls every week; the visit planned for its due date
    // (client since 1 Sep + 3 months).
    env.ok(
        "2026-09-01T09:00:00Z",
        &["account", "add", "Delta", "--since", "2026-09-01"],
    );
    env.review("2026-10-01T09:00:00Z", "Delta", [90, 90, 90, 90]);
    env.ok(
        "2026-10-01T09:00:00Z",
        &["visit", "plan", "Delta", "2026-12-01"],
    );
    for day in ["10-20", "10-27", "11-03", "11-10", "11-17"] {
        env.ok(
            &format!("2026-{day}T10:00:00Z"),
            &["log", "Delta", "weekly call"],
        );
    }
    // Ticks for every week from W42 to W47 keep the routine complete.
    for (week, when) in [
        ("2026-W42", "10-13"),
        ("2026-W43", "10-20"),
        ("2026-W44", "10-27"),
        ("2026-W45", "11-03"),
        ("2026-W46", "11-10"),
        ("2026-W47", "11-17"),
    ] {
        for key in ["update", "kpis", "questions", "meeting", "signals"] {
            env.ok(
                &format!("2026-{when}T11:00:00Z"),
                &["check", "Delta", key, "--week", week],
            );
        }
    }
    // On 23 Nov an orange escalation opens: 90 - 15 = 75; on 24 Oct the score was 90.
    env.ok(
        "2026-11-23T08:00:00Z",
        &[
            "escalate",
            "Delta",
            "--level",
            "orange",
            "--reason",
            "complaint",
        ],
    );
    let list = env.json(
        "2026-11-23T09:00:00Z",
        &["account", "list", "--format", "json"],
    );
    assert_eq!(list[0]["health"], 75);
    assert_eq!(list[0]["trend"], -15);
    assert!(
        list[0]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "escalation-orange")
    );
}
