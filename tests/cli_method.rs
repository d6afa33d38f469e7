//! SPEC §6 walked through the command line with hand-computed numbers: both scores, success and
//! business reviews, complaints, a budget cut, an owner change, churn with a category and the exit
//! interview, contacts as people, referrals.

mod common;
use common::Env;
use serde_json::Value;

const T0: &str = "2026-11-02T09:00:00Z"; // Monday, ISO week 2026-W45
const NAME: &str = "Rombach Optik AG";

fn health(env: &Env, now: &str) -> Value {
    env.json(now, &["health", NAME, "--format", "json"])
}

fn flags(env: &Env, now: &str, name: &str) -> Vec<String> {
    let list = env.json(now, &["account", "list", "--all", "--format", "json"]);
    list.as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {list}"))["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

fn row(h: &Value, reason_start: &str) -> Option<i64> {
    h["adjustments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["reason"].as_str().unwrap().starts_with(reason_start))
        .map(|a| a["points"].as_i64().unwrap())
}

#[test]
fn the_method_complete_walked_through() {
    let env = Env::new();
    // Created at T0 (a Monday): the previous week's checklist does not count for it.
    env.ok(
        T0,
        &[
            "account",
            "add",
            NAME,
            "--since",
            "2025-01-10",
            "--value",
            "5000",
            "--referred-by",
            "Müller GmbH",
        ],
    );
    env.review(T0, NAME, [60, 60, 60, 60]);
    // A visit yesterday (also a contact): next one due 2027-02-01, nothing overdue.
    env.ok(T0, &["visit", "done", NAME, "--on", "2026-11-01"]);

    // Review score (40·60 + 30·60 + 20·60 + 10·60 + 50) div 100 = 60; no signal yet: health 60,
    // at-risk (< 70) → a Customer Success Review is due; no business review since becoming a
    // client → due.
    let h = health(&env, T0);
    assert_eq!(
        (h["review_score"].as_i64(), h["health"].as_i64()),
        (Some(60), Some(60))
    );
    let f = flags(&env, T0, NAME);
    assert!(f.contains(&"success-review-due".into()), "{f:?}");
    assert!(f.contains(&"business-review-due".into()), "{f:?}");
    let table = env.ok(T0, &["health", NAME]);
    assert!(
        table.starts_with("Rombach Optik AG — review score 60 · health 60 (at-risk)"),
        "{table}"
    );

    // Both reviews held: the flags clear.
    env.ok(
        T0,
        &[
            "log",
            NAME,
            "agreed: weekly call, new KPI board",
            "--kind",
            "success-review",
        ],
    );
    env.ok(
        T0,
        &[
            "log",
            NAME,
            "results Q3, next steps",
            "--kind",
            "business-review",
        ],
    );
    let f = flags(&env, T0, NAME);
    assert!(!f.contains(&"success-review-due".into()), "{f:?}");
    assert!(!f.contains(&"business-review-due".into()), "{f:?}");

    // Two complaints: 2 × −5 = −10 → 50. Value 5000 → 3000 EUR: −40 % ≥ 20 % → −10 → 40.
    // A new owner: flagged, no score change.
    env.ok(
        T0,
        &["log", NAME, "report late again", "--kind", "complaint"],
    );
    env.ok(T0, &["log", NAME, "wrong figures", "--kind", "complaint"]);
    env.ok(
        T0,
        &["account", "edit", NAME, "--value", "3000", "--owner", "ben"],
    );
    let h = health(&env, "2026-11-02T10:00:00Z");
    assert_eq!(h["health"], 40, "{h}");
    assert_eq!(h["review_score"], 60);
    assert_eq!(
        row(&h, "complaints: 2 in the last 90 days"),
        Some(-10),
        "{h}"
    );
    assert_eq!(
        row(&h, "budget cut: the monthly value is 40 % lower"),
        Some(-10),
        "{h}"
    );
    let f = flags(&env, "2026-11-02T10:00:00Z", NAME);
    assert!(f.contains(&"budget-cut-40".into()), "{f:?}");
    assert!(f.contains(&"new-owner".into()), "{f:?}");
    let brief = env.ok("2026-11-02T10:00:00Z", &["brief", NAME]);
    assert!(brief.contains("budget cut -40%"), "{brief}");
    assert!(brief.contains("new owner since 2026-11-02"), "{brief}");
    assert!(brief.contains("Referred by Müller GmbH"), "{brief}");
    assert!(
        brief.contains("Review score 60 · health 40 at-risk"),
        "{brief}"
    );

    // 2027-01-31 is the window's 90th day: both still count; on 2027-02-01 (day 91) neither does.
    let h = health(&env, "2027-01-31T09:00:00Z");
    assert_eq!(row(&h, "complaints: 2"), Some(-10), "{h}");
    assert_eq!(row(&h, "budget cut"), Some(-10), "{h}");
    let h = health(&env, "2027-02-01T09:00:00Z");
    assert_eq!(row(&h, "complaints"), None, "{h}");
    assert_eq!(row(&h, "budget cut"), None, "{h}");
    // And "as of then" is recomputed exactly: before the complaints were written, none counted.
    let before = health(&env, "2026-11-02T08:00:00Z");
    assert_eq!(row(&before, "complaints"), None);
}

#[test]
fn churn_with_a_category_and_the_exit_interview() {
    let env = Env::new();
    env.ok(T0, &["account", "add", "Baar KG", "--since", "2024-01-01"]);
    env.ok(T0, &["account", "add", "Old AG", "--since", "2023-01-01"]);
    env.review(T0, "Old AG", [40, 40, 40, 40]);
    // A churn before the client came is refused, and nothing is written.
    let before = env.fingerprint();
    let bad = env.run(
        "2026-10-01T10:00:00Z",
        &[
            "account",
            "churn",
            "Old AG",
            "--reason",
            "x",
            "--on",
            "2022-12-31",
        ],
    );
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert_eq!(
        bad.stderr,
        "tend: on '2022-12-31': 2023-01-01 (client since) or later: a client cannot leave before it came\n"
    );
    assert_eq!(env.fingerprint(), before);
    env.ok(
        "2026-10-01T10:00:00Z",
        &[
            "account",
            "churn",
            "Old AG",
            "--reason",
            "price",
            "--category",
            "costs",
        ],
    );
    let out = env.ok(
        "2026-11-20T10:00:00Z",
        &[
            "account",
            "churn",
            "Baar KG",
            "--reason",
            "went in-house",
            "--category",
            "expertise",
        ],
    );
    assert!(
        out.contains(
            "churned on 2026-11-20 (expertise); exit interview due by 2026-11-27 (on the agenda until 2026-12-20)"
        ),
        "the agenda's due date, not the flag's window: {out}"
    );
    let bad = env.run(
        "2026-11-20T10:00:00Z",
        &["account", "edit", "Old AG", "--since", "2026-10-02"],
    );
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert_eq!(
        bad.stderr,
        "tend: since '2026-10-02': 2026-10-01 (the churn date) or earlier: a client cannot come after it left\n"
    );
    // Churned within 30 days, no exit interview at or after the churn date: due. Old AG churned 50
    // days ago: no longer flagged.
    assert!(flags(&env, "2026-11-20T11:00:00Z", "Baar KG").contains(&"exit-interview-due".into()));
    assert!(!flags(&env, "2026-11-20T11:00:00Z", "Old AG").contains(&"exit-interview-due".into()));
    let show = env.ok("2026-11-20T11:00:00Z", &["account", "show", "Baar KG"]);
    assert!(
        show.contains("Churned on 2026-11-20 (expertise): went in-house"),
        "{show}"
    );
    assert!(show.contains("exit interview due"), "{show}");
    // A churned client is not scored any more: said so, not "no health review yet".
    let h = env.ok("2026-11-20T11:00:00Z", &["health", "Old AG"]);
    assert!(
        h.contains("no score: the client has churned (the last review was on"),
        "{h}"
    );
    assert!(!h.contains("no health review yet"), "{h}");
    assert!(
        !show.contains("overdue"),
        "no visit talk for a churned client: {show}"
    );
    // 2026-12-20 is day 30: still due; 2026-12-21 (day 31): not any more.
    assert!(flags(&env, "2026-12-20T09:00:00Z", "Baar KG").contains(&"exit-interview-due".into()));
    assert!(!flags(&env, "2026-12-21T09:00:00Z", "Baar KG").contains(&"exit-interview-due".into()));
    // The interview held clears it.
    env.ok(
        "2026-11-25T10:00:00Z",
        &[
            "log",
            "Baar KG",
            "they want more strategy",
            "--kind",
            "exit-interview",
        ],
    );
    assert!(!flags(&env, "2026-11-25T11:00:00Z", "Baar KG").contains(&"exit-interview-due".into()));
}

#[test]
fn contacts_are_people() {
    let env = Env::new();
    env.ok(T0, &["account", "add", NAME]);
    env.ok(
        T0,
        &[
            "contact",
            "add",
            NAME,
            "Jana Weiß",
            "--role",
            "CMO",
            "--primary",
            "--birthday",
            "1980-03-14",
            "--channel",
            "Signal",
            "--best-time",
            "mornings",
            "--personal",
            "two kids, sails",
        ],
    );
    env.ok(
        T0,
        &["contact", "add", NAME, "Ole Berg", "--birthday", "02-29"],
    );
    let list = env.json(T0, &["contact", "list", NAME, "--format", "json"]);
    assert_eq!(list[0]["person"], "Jana Weiß");
    assert_eq!(list[0]["birthday"], "1980-03-14");
    assert_eq!(list[0]["channel"], "Signal");
    assert_eq!(list[0]["best_time"], "mornings");
    assert_eq!(list[0]["personal"], "two kids, sails");
    assert_eq!(list[1]["birthday"], "02-29");
    env.ok(
        T0,
        &[
            "contact",
            "edit",
            NAME,
            "ole berg",
            "--name",
            "Ole Berger",
            "--channel",
            "phone",
            "--birthday",
            "",
        ],
    );
    let list = env.json(T0, &["contact", "list", NAME, "--format", "json"]);
    assert_eq!(list[1]["person"], "Ole Berger");
    assert_eq!(list[1]["channel"], "phone");
    assert_eq!(list[1]["birthday"], Value::Null);
    let table = env.ok(T0, &["contact", "list", NAME]);
    assert!(
        table.contains("Signal") && table.contains("best: mornings · two kids"),
        "{table}"
    );
    env.ok(T0, &["contact", "delete", NAME, "Ole Berger", "--yes"]);
    assert_eq!(
        env.json(T0, &["contact", "list", NAME, "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
