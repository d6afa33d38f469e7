//! `tend report` over a quarter and a year (targets, churn by category, referral rate), the
//! business review agenda for one client, and bad input. Every figure is computed by hand.

mod common;
use common::Env;

fn at(s: &str) -> String {
    format!("{s}Z")
}

/// Add an account at `when` with `--since`, `--value` and any extra options.
fn add(env: &Env, when: &str, name: &str, since: &str, value: &str, extra: &[&str]) {
    let mut args = vec!["account", "add", name, "--since", since, "--value", value];
    args.extend_from_slice(extra);
    env.ok(&at(when), &args);
}

fn churn(env: &Env, name: &str, on: &str, category: Option<&str>) {
    let when = at(&format!("{on}T17:00:00"));
    let mut args = vec!["account", "churn", name, "--reason", "left us", "--on", on];
    if let Some(c) = category {
        args.extend_from_slice(&["--category", c]);
    }
    env.ok(&when, &args);
}

/// Eleven accounts around Q4 2026:
///
/// | account | since      | EUR  | churned            | referred by |
/// |---------|------------|------|--------------------|-------------|
/// | Alpha   | 2025-01-01 | 1000 |                    |             |
/// | Beta    | 2025-06-01 | 3000 |                    |             |
/// | Delta   | 2024-01-01 | 4000 | 2026-10-20 costs   |             |
/// | Echo    | 2026-03-01 |  500 | 2026-11-15 communication |       |
/// | Foxtrot | 2025-02-01 | 2000 | 2026-12-01 (default: other) |      |
/// | Golf    | 2025-03-01 | 1500 | 2026-09-30 goals   |             |
/// | Kilo    | 2026-09-01 | 1000 |                    | Alpha       |
/// | Lima    | 2024-05-01 | 2000 |                    |             |
/// | Hotel   | 2026-10-15 |  500 |                    | Alpha       |
/// | India   | 2026-11-02 | 1500 |                    |             |
/// | Juliet  | 2026-12-20 | 1000 |                    | Beta        |
fn portfolio() -> Env {
    let env = Env::new();
    let early = "2026-01-02T09:00:00";
    add(&env, early, "Alpha", "2025-01-01", "1000", &[]);
    add(&env, early, "Beta", "2025-06-01", "3000", &[]);
    add(&env, early, "Delta", "2024-01-01", "4000", &[]);
    add(&env, early, "Foxtrot", "2025-02-01", "2000", &[]);
    add(&env, early, "Golf", "2025-03-01", "1500", &[]);
    add(&env, early, "Lima", "2024-05-01", "2000", &[]);
    add(
        &env,
        "2026-03-01T09:00:00",
        "Echo",
        "2026-03-01",
        "500",
        &[],
    );
    let by_alpha = ["--referred-by", "Alpha"];
    add(
        &env,
        "2026-09-01T09:00:00",
        "Kilo",
        "2026-09-01",
        "1000",
        &by_alpha,
    );
    add(
        &env,
        "2026-10-15T09:00:00",
        "Hotel",
        "2026-10-15",
        "500",
        &by_alpha,
    );
    add(
        &env,
        "2026-11-02T09:00:00",
        "India",
        "2026-11-02",
        "1500",
        &[],
    );
    let by_beta = ["--referred-by", "Beta"];
    add(
        &env,
        "2026-12-20T09:00:00",
        "Juliet",
        "2026-12-20",
        "1000",
        &by_beta,
    );
    churn(&env, "Golf", "2026-09-30", Some("goals"));
    churn(&env, "Delta", "2026-10-20", Some("costs"));
    churn(&env, "Echo", "2026-11-15", Some("communication"));
    churn(&env, "Foxtrot", "2026-12-01", None);
    // One promoter and one detractor: NPS (1 − 1) / 2 = 0.
    let nps = |name: &str, when: &str, n: &str| {
        env.ok(
            &at(when),
            &[
                "log",
                name,
                "answer",
                "--kind",
                "micro-feedback",
                "--nps",
                n,
            ],
        );
    };
    nps("Beta", "2026-11-10T10:00:00", "10");
    nps("Alpha", "2026-12-05T10:00:00", "6");
    env
}

#[test]
fn quarter_report_with_targets_churn_by_category_and_referral_rate() {
    let env = portfolio();
    let r = env.ok("2027-01-10T09:00:00Z", &["report", "--quarter", "2026-Q4"]);
    let has = |s: &str| assert!(r.contains(s), "missing {s:?} in:\n{r}");
    has("# Portfolio review — 2026-Q4 (October to December 2026)\n");
    has("Portfolio at the end of the quarter; the quarter runs 2026-10-01 to 2026-12-31.");
    has("| KPI | value | target |\n|---|---:|---:|\n");
    // Active on 2026-09-30: Alpha Beta Delta Echo Foxtrot Kilo Lima (Golf left that day) = 7.
    // Active on 2026-12-31: Alpha Beta Kilo Lima Hotel India Juliet = 7.
    has("| clients at start / end of quarter | 7 / 7 |  |");
    has("| new clients in the quarter | 3 |  |");
    has("| churned in the quarter | 3 |  |");
    // (7 − 3) / 7 = 57.14 %; 3 / 7 = 42.86 %.
    has("| retention rate | 57.1 % | target 85 % |");
    has("| churn rate | 42.9 % | target 8 % |");
    has("| NPS (promoters / passives / detractors) | +0 (1 / 0 / 1) | target 78 |");
    // Jan–Dec 2026: Sep (Golf), Oct (Delta), Nov (Echo), Dec (Foxtrot) each 1 of 7, eight months
    // 0 → average 4/84 per month → 21 months.
    has("| expected lifetime | 21 months | target 34 months |");
    // Active on 2026-12-31: 1000+3000+1000+2000+500+1500+1000 = 10000 / 7 EUR × 21 = 30000 EUR.
    has("| CLV estimate | 30000 EUR |  |");
    // Hotel and Juliet of Hotel, India, Juliet (Kilo started in September).
    has("| referral rate | 66.7 % (2 of 3) |  |");
    has("Targets are the method's yearly figures; the rates above cover the quarter only.");
    // Every category, zeros too; Golf churned in Q3.
    has(
        "## Churn by category\n\n| category | churned | accounts |\n|---|---:|---|\n\
         | goals | 0 |  |\n| communication | 1 | Echo |\n| contact-change | 0 |  |\n\
         | costs | 1 | Delta |\n| expertise | 0 |  |\n| other | 1 | Foxtrot |\n",
    );
    has("Done in the quarter: 0");

    // The whole year: active on 2025-12-31 Alpha Beta Delta Foxtrot Golf Lima = 6; at the end 7;
    // new Echo Kilo Hotel India Juliet = 5; churned Golf Delta Echo Foxtrot = 4.
    let y = env.ok("2027-01-10T09:00:00Z", &["report", "--year", "2026"]);
    let has = |s: &str| assert!(y.contains(s), "missing {s:?} in:\n{y}");
    has("# Portfolio review — 2026\n");
    has("| clients at start / end of year | 6 / 7 |  |");
    // (7 − 5) / 6 = 33.3 %; 4 / 6 = 66.7 %; Kilo, Hotel, Juliet of 5 = 60 %.
    has("| retention rate | 33.3 % | target 85 % |");
    has("| churn rate | 66.7 % | target 8 % |");
    has("| referral rate | 60.0 % (3 of 5) |  |");
    has("| goals | 1 | Golf |");
    assert!(!y.contains("Targets are the method's yearly"), "{y}");

    // No option: this month (January 2027, running), with no new account.
    let m = env.ok("2027-01-10T09:00:00Z", &["report"]);
    let has = |s: &str| assert!(m.contains(s), "missing {s:?} in:\n{m}");
    has("# Portfolio review — 2027-01 (January 2027)\n");
    has("Portfolio as of 2027-01-10; the month runs 2027-01-01 to 2027-01-31.");
    has("| referral rate | no new accounts |  |");
    has("No account churned in the month.");
}

/// Alpha's October 2026, reported on 2026-11-23 (so "at the end of the month" is 2026-11-01 00:00).
#[test]
fn account_agenda_for_one_month() {
    let env = Env::new();
    let t = |s: &str| at(&format!("2026-{s}"));
    env.ok(
        &t("09-01T09:00:00"),
        &[
            "account",
            "add",
            "Alpha",
            "--since",
            "2025-01-01",
            "--value",
            "1000",
            "--backup",
            "ben",
            "--referred-by",
            "Beta AG",
        ],
    );
    env.ok(&t("09-01T09:00:00"), &["account", "add", "Other"]);
    let newbie = ["account", "add", "Newbie", "--since", "2026-10-14"];
    env.ok(&t("10-14T09:00:00"), &newbie);
    env.review(&t("10-01T09:00:00"), "Alpha", [80, 80, 80, 80]);
    let log = |when: &str, text: &str, extra: &[&str]| {
        let mut args = vec!["log", "Alpha", text];
        args.extend_from_slice(extra);
        env.ok(&t(when), &args);
    };
    log("09-28T10:00:00", "September call", &[]);
    log("10-02T10:00:00", "kick-off call", &[]);
    log(
        "10-07T10:00:00",
        "Report late again",
        &["--kind", "complaint"],
    );
    log("10-09T10:00:00", "line one\nline two\x1b[2J", &[]);
    log(
        "10-20T10:00:00",
        "great quarter",
        &["--kind", "micro-feedback", "--nps", "9"],
    );
    log(
        "10-28T10:00:00",
        "Q3 results, next steps agreed",
        &["--kind", "business-review"],
    );
    log("10-30T10:00:00", "follow-up call", &[]);
    log("11-03T10:00:00", "November call", &[]);
    env.ok(
        &t("10-20T10:00:00"),
        &["log", "Other", "not Alpha's", "--kind", "complaint"],
    );
    // Escalations: one before the month, one kept, one 24 h late, one open at the month's end
    // (resolved on 11-02, after the month).
    let escalate = |when: &str, level: &str, reason: &str| {
        let args = ["escalate", "Alpha", "--level", level, "--reason", reason];
        env.ok(&t(when), &args).trim().to_string()
    };
    let resolve = |when: &str, id: &str| {
        env.ok(&t(when), &["escalation", "resolve", id, "--note", "done"]);
    };
    let e0 = escalate("09-20T09:00:00", "yellow", "September issue");
    resolve("09-21T09:00:00", &e0);
    let e1 = escalate("10-05T09:00:00", "yellow", "slow replies");
    resolve("10-05T15:00:00", &e1);
    let e2 = escalate("10-10T09:00:00", "orange", "complaint about results");
    resolve("10-13T09:00:00", &e2);
    let e3 = escalate("10-30T09:00:00", "red", "threat to cancel");
    resolve("11-02T09:00:00", &e3);
    // Routine: W40 (Monday 09-28) is not October's; W41 5, W42 3, W43 0, W44 2 → 10 of 20.
    for (week, keys) in [
        ("2026-W40", &["update"][..]),
        (
            "2026-W41",
            &["update", "kpis", "questions", "meeting", "signals"],
        ),
        ("2026-W42", &["update", "kpis", "questions"]),
        ("2026-W44", &["update", "kpis"]),
    ] {
        for key in keys {
            env.ok(
                &t("10-30T11:00:00"),
                &["check", "Alpha", key, "--week", week],
            );
        }
    }
    env.ok(
        &t("10-15T16:00:00"),
        &[
            "visit",
            "done",
            "Alpha",
            "--on",
            "2026-10-15",
            "--note",
            "Workshop",
        ],
    );
    env.ok(
        &t("10-16T09:00:00"),
        &["visit", "plan", "Alpha", "2026-12-10"],
    );

    let r = env.ok(
        "2026-11-23T09:00:00Z",
        &["report", "--account", "alpha", "--month", "2026-10"],
    );
    let has = |s: &str| assert!(r.contains(s), "missing {s:?} in:\n{r}");
    has("# Business review — Alpha — 2026-10 (October 2026)\n");
    has(
        "owner anna · backup ben · standard · 1000 EUR/month · client since 2025-01-01 · \
         referred by Beta AG · active",
    );
    has("Figures at the end of the month; the month runs 2026-10-01 to 2026-10-31.");
    // At 11-01 00:00: base 80; red −30 and overdue −5 (e3 open since 10-31 09:00); one complaint
    // −5; last week W43 nothing ticked −10 (cap); NPS 9 promoter +5 → 35.
    // At 10-02 00:00: base 80; W39 nothing ticked −10; no visit since 2025-01-01, due 2025-04-01
    // −10 → 60. Trend 35 − 60 = −25.
    has("Scores: review score 80 · health 35 (at-risk); trend -25 over 30 days.");
    has("  80  base (review of 2026-10-01)\n");
    has("  35  health: at-risk\n");
    // Notes grouped by kind, oldest first, neutralised; September, November and Other's left out.
    has(
        "## Notes of the month\n\n### call (3)\n\n- 2026-10-02: kick-off call\n\
         - 2026-10-09: line one line two\u{241b}[2J\n- 2026-10-30: follow-up call\n",
    );
    has("### micro-feedback (1)\n\n- 2026-10-20 [NPS 9]: great quarter\n");
    has("### complaint (1)\n\n- 2026-10-07: Report late again\n");
    has("### business-review (1)\n\n- 2026-10-28: Q3 results, next steps agreed\n");
    for absent in [
        "September call",
        "November call",
        "not Alpha's",
        "September issue",
        "\x1b",
    ] {
        assert!(!r.contains(absent), "{absent:?} in:\n{r}");
    }
    // e1 6 h (SLA 24 h), e2 72 h (due after 48 h: 24 h late), e3 due 10-31 09:00, open at
    // 11-01 00:00: 15 h overdue.
    has("Opened 3 · resolved 2 · still open 1 · SLA kept 1 · missed 2");
    has(&format!(
        "| {e1} | yellow | slow replies | 2026-10-05 | 2026-10-05 | kept: resolved after 6h |"
    ));
    has(&format!(
        "| {e2} | orange | complaint about results | 2026-10-10 | 2026-10-13 | missed: resolved 1d late |"
    ));
    has(&format!(
        "| {e3} | red | threat to cancel | 2026-10-30 | open | missed: open, 15h overdue |"
    ));
    has("Completion 50 % (10 of 20 items over 4 weeks).");
    has(
        "| 2026-W41 | 5 of 5 |  |\n| 2026-W42 | 3 of 5 | meeting, signals |\n\
         | 2026-W43 | 0 of 5 | update, kpis, questions, meeting, signals |\n\
         | 2026-W44 | 2 of 5 | questions, meeting, signals |\n",
    );
    // Planned on 10-16 for 12-10: 39 days after 11-01.
    has("## Visits\n\n- done 2026-10-15: Workshop\n- next visit 2026-12-10 planned (in 39d)\n");
    has("## NPS\n\n- 2026-10-20: 9 (promoter), micro-feedback\n");
    // Relationship review: none in 100 days since client since; audit: none in 380 days.
    has(
        "## Due next\n\n- esc:red!\n- success review due\n- relationship review due\n\
         - partnership audit due\n",
    );

    // A client since Wednesday 10-14 owes the weeks from Monday 10-19 on: W43 and W44.
    let n = env.ok(
        "2026-11-23T09:00:00Z",
        &["report", "--account", "Newbie", "--month", "2026-10"],
    );
    let has = |s: &str| assert!(n.contains(s), "missing {s:?} in:\n{n}");
    has("Completion 0 % (0 of 10 items over 2 weeks).");
    has("| 2026-W43 | 0 of 5 |");
    has("## Notes of the month\n\nNone recorded.\n");
    has("Opened 0 · resolved 0 · still open 0 · SLA kept 0 · missed 0\n\n## Weekly");
    // Due three months after client since: 2027-01-14, 74 days after 11-01.
    has("- no visit done in the month\n- next visit 2027-01-14 due (in 74d)\n");
    has("No NPS answer in the month.");
}

#[test]
fn bad_report_input_is_one_line_exit_2_and_writes_nothing() {
    let env = Env::new();
    env.ok("2026-11-23T09:00:00Z", &["account", "add", "Alpha"]);
    let before = env.fingerprint();
    let file = env.dir.path().join("r.md");
    let out = file.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--quarter", "2026-Q5"],
            "tend: quarter '2026-Q5': a quarter YYYY-Qn (n 1-4), e.g. 2026-Q4",
        ),
        (
            &["--month", "2026-13"],
            "tend: month '2026-13': a month YYYY-MM, e.g. 2026-11",
        ),
        (&["--year", "26"], "tend: year '26': a year YYYY, e.g. 2026"),
        (
            &["--month", "2026-11", "--quarter", "2026-Q4"],
            "tend: period '--month 2026-11 --quarter 2026-Q4': \
             only one of --month YYYY-MM, --quarter YYYY-Qn, --year YYYY",
        ),
        (
            &["--account", "Nobody", "--quarter", "2026-Q4"],
            "tend: account 'Nobody': the name of an existing account (see 'tend account list')",
        ),
    ];
    for (args, expected) in cases {
        let mut full = vec!["report", "--out", out];
        full.extend_from_slice(args);
        let r = env.run("2026-11-23T09:00:00Z", &full);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr, format!("{expected}\n"), "{args:?}");
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        assert!(!file.exists(), "{args:?} wrote {out}");
        assert_eq!(env.fingerprint(), before, "{args:?} changed the database");
    }
}
