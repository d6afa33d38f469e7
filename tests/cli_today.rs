//! SPEC §7 through the CLI: a week walked with TEND_NOW moving, the agenda checked each morning
//! (every item hand-derived in the comments), follow-ups, snoozes and the digest.

mod common;
use common::Env;
use serde_json::Value;

const NAME: &str = "Alpha GmbH";

fn ids(env: &Env, now: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["today", "--format", "json"];
    args.extend_from_slice(extra);
    env.json(now, &args)
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

fn item(env: &Env, now: &str, id: &str) -> Value {
    env.json(now, &["today", "--all", "--format", "json"])
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .cloned()
        .unwrap_or(Value::Null)
}

/// Created Mon 16 Nov (W47) with every loop fresh: a review at 80, a call, a visit the day before,
/// business review, micro-feedback, relationship review and audit notes.
fn setup() -> Env {
    let env = Env::new();
    let t = "2026-11-16T09:00:00Z";
    env.ok(t, &["account", "add", NAME, "--since", "2025-01-10"]);
    env.review(t, NAME, [80, 80, 80, 80]);
    env.ok(t, &["log", NAME, "kick-off"]);
    env.ok(t, &["visit", "done", NAME, "--on", "2026-11-15"]);
    for kind in [
        "business-review",
        "micro-feedback",
        "relationship-review",
        "audit",
    ] {
        env.ok(t, &["log", NAME, "held", "--kind", kind]);
    }
    env
}

#[test]
fn a_week_of_mornings() {
    let env = setup();
    let id = |kind: &str| format!("{kind}:1");

    // Mon 23 Nov (W48). A promise in a call: follow up on Wednesday.
    let mon = "2026-11-23T09:00:00Z";
    // An internal note (not a contact: the silence clock keeps running).
    let out = env.ok(
        mon,
        &[
            "log",
            NAME,
            "offer requested",
            "--kind",
            "internal",
            "--follow-up",
            "wed",
        ],
    );
    assert!(out.contains("follow up by 2026-11-25"), "{out}");
    let notes = env.json(mon, &["notes", NAME, "--format", "json"]);
    assert_eq!(notes[0]["follow_up"], "2026-11-25");
    assert_eq!(notes[0]["follow_up_done"], false);
    let fu_id = format!("follow-up:{}", notes[0]["id"]);
    // Items: the follow-up (Wed 25) and this week's routine, nothing ticked (due Fri 27). Silence:
    // last contact 16 Nov + 15 = 1 Dec, beyond the 7-day look-ahead (30 Nov). The review of 16 Nov
    // goes stale on 31 Dec. W47 does not count (created during it): health 80, no success review.
    assert_eq!(
        ids(&env, mon, &[]),
        vec![fu_id.clone(), id("weekly-routine")]
    );
    let routine = item(&env, mon, &id("weekly-routine"));
    assert_eq!(routine["due"], "2026-11-27");
    assert_eq!(
        routine["reason"],
        "weekly routine 2026-W48: 0 of 5 done, missing update, kpis, questions, meeting, signals"
    );
    // --days 10 reaches the silence warning (1 Dec) too.
    assert_eq!(
        ids(&env, mon, &["--days", "10"]),
        vec![fu_id.clone(), id("weekly-routine"), id("silence")]
    );

    // Tue 24: the look-ahead reaches 1 Dec — the silence warning, before the penalty.
    let tue = "2026-11-24T09:00:00Z";
    assert_eq!(
        ids(&env, tue, &[]),
        vec![fu_id.clone(), id("weekly-routine"), id("silence")]
    );
    // A call and the whole routine answer two of them.
    env.ok(tue, &["log", NAME, "weekly call"]);
    for key in ["update", "kpis", "questions", "meeting", "signals"] {
        env.ok(tue, &["check", NAME, key]);
    }
    assert_eq!(ids(&env, "2026-11-24T10:00:00Z", &[]), vec![fu_id.clone()]);

    // Wed 25: the follow-up is due today; done, it leaves. A yellow escalation (due Thu 10:00).
    let wed = "2026-11-25T09:00:00Z";
    let f = item(&env, wed, &fu_id);
    assert_eq!(
        (f["due"].as_str(), f["overdue"].as_bool()),
        (Some("2026-11-25"), Some(false))
    );
    let follow_ups = env.ok(wed, &["follow-ups"]);
    assert!(follow_ups.contains("offer requested"), "{follow_ups}");
    let n: String = fu_id.trim_start_matches("follow-up:").to_string();
    assert_eq!(
        env.ok(wed, &["follow-up", "done", &n]).trim(),
        format!("follow-up {n} done")
    );
    assert_eq!(
        env.ok(wed, &["follow-up", "done", &n]).trim(),
        format!("follow-up {n} was done already")
    );
    let esc = env
        .ok(
            "2026-11-25T10:00:00Z",
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
    assert_eq!(
        ids(&env, "2026-11-25T11:00:00Z", &[]),
        vec![format!("escalation:{esc}")]
    );
    // An escalation's deadline holds: no snooze.
    let out = env.run(
        "2026-11-25T11:00:00Z",
        &[
            "snooze",
            &format!("escalation:{esc}"),
            "--until",
            "2026-11-30",
            "--reason",
            "later",
        ],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with(&format!("tend: id 'escalation:{esc}'")),
        "{}",
        out.stderr
    );

    // Thu 26, 12:00: the escalation is late (due 10:00). Two complaints: with an escalation open
    // they are answered; resolved, the agenda suggests an orange one, due today.
    let thu = "2026-11-26T12:00:00Z";
    let e = item(&env, thu, &format!("escalation:{esc}"));
    assert_eq!(
        (e["overdue"].as_bool(), e["due_at"].as_str()),
        (Some(true), Some("2026-11-26T10:00:00Z"))
    );
    let table = env.ok(thu, &["today"]);
    assert!(table.starts_with("Today 1 · 1 due · 1 late"), "{table}");
    assert!(table.contains("overdue "), "{table}");
    env.ok(thu, &["log", NAME, "invoice wrong", "--kind", "complaint"]);
    env.ok(thu, &["log", NAME, "report late", "--kind", "complaint"]);
    // Health now 80 − 5 (yellow) − 5 (overdue) − 10 (two complaints) = 60: at-risk, so a
    // Customer Success Review is due today too.
    assert_eq!(
        ids(&env, thu, &[]),
        vec![format!("escalation:{esc}"), id("success-review")]
    );
    env.ok(thu, &["escalation", "resolve", &esc, "--note", "called"]);
    assert_eq!(
        ids(&env, "2026-11-26T13:00:00Z", &[]),
        vec![id("complaints")]
    );
    assert_eq!(
        item(&env, "2026-11-26T13:00:00Z", &id("complaints"))["reason"],
        "2 complaints in the last 90 days and no open escalation: open an orange one?"
    );
    // Snoozed until Sat 28: hidden Thu and Fri (shown with --all), back on Saturday.
    let out = env.ok(
        "2026-11-26T13:00:00Z",
        &[
            "snooze",
            &id("complaints"),
            "--until",
            "2026-11-28",
            "--reason",
            "talking to them Friday",
        ],
    );
    assert_eq!(out.trim(), "complaints:1 snoozed until 2026-11-28");
    assert!(ids(&env, "2026-11-27T09:00:00Z", &[]).is_empty());
    assert_eq!(
        item(&env, "2026-11-27T09:00:00Z", &id("complaints"))["snoozed_until"],
        "2026-11-28"
    );
    assert_eq!(
        ids(&env, "2026-11-28T09:00:00Z", &[]),
        vec![id("complaints")]
    );
    env.ok(
        "2026-11-28T09:00:00Z",
        &[
            "snooze",
            &id("complaints"),
            "--until",
            "2026-12-05",
            "--reason",
            "x",
        ],
    );
    env.ok(
        "2026-11-28T09:05:00Z",
        &["snooze", &id("complaints"), "--clear"],
    );
    assert_eq!(
        ids(&env, "2026-11-28T09:10:00Z", &[]),
        vec![id("complaints")]
    );
}

#[test]
fn digest_says_what_changed() {
    let env = setup();
    env.ok(
        "2026-11-25T10:00:00Z",
        &[
            "escalate",
            NAME,
            "--level",
            "orange",
            "--reason",
            "budget talk",
        ],
    );
    env.ok(
        "2026-11-25T11:00:00Z",
        &["log", NAME, "late again", "--kind", "complaint"],
    );
    let now = "2026-11-26T07:00:00Z";
    let text = env.ok(now, &["digest", "--since", "2026-11-25"]);
    // since 25 Nov 12:00 local: the escalation (10:00) and the complaint (11:00) came before.
    assert!(!text.contains("#1 opened"), "{text}");
    let text = env.ok(now, &["digest", "--since", "2026-11-25T00:00:00Z"]);
    assert!(
        text.starts_with(
            "tend digest for anna — 2026-11-26 (changes since 2026-11-25) · every account\n"
        ),
        "{text}"
    );
    let mine = env.ok(
        now,
        &["digest", "--mine", "--since", "2026-11-25T00:00:00Z"],
    );
    assert!(
        mine.lines().next().unwrap().ends_with("· my accounts"),
        "{mine}"
    );
    assert!(
        text.contains("ESCALATIONS\n  Alpha GmbH: #1 opened (orange): budget talk — by anna"),
        "{text}"
    );
    assert!(
        text.contains("COMPLAINTS AND DETRACTORS\n  Alpha GmbH: complaint by anna: late again"),
        "{text}"
    );
    let md = env.ok(
        now,
        &[
            "digest",
            "--since",
            "2026-11-25T00:00:00Z",
            "--format",
            "md",
        ],
    );
    assert!(md.starts_with("# tend digest for anna"), "{md}");
    assert!(
        md.contains("## Escalations\n\n- Alpha GmbH: #1 opened"),
        "{md}"
    );
    let json = env.json(
        now,
        &[
            "digest",
            "--since",
            "2026-11-25T00:00:00Z",
            "--format",
            "json",
        ],
    );
    assert_eq!(json["escalations"][0]["account"], NAME);
    assert_eq!(json["feedback"].as_array().unwrap().len(), 1);
    // A renewal in the renewal window but past the 7 days has its own heading (it read as due
    // this week under "coming up in 7 days").
    env.ok(now, &["account", "edit", NAME, "--renewal", "2027-01-10"]);
    let text = env.ok(now, &["digest"]);
    let (soon, renewals) = text
        .split_once("RENEWALS WITHIN 60 DAYS\n")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(!soon.contains("renewal on"), "{text}");
    assert!(
        renewals.starts_with(
            "  2027-01-10 · renewal · Alpha GmbH — renewal on 2027-01-10 (in 45 days)"
        ),
        "{text}"
    );
    let json = env.json(now, &["digest", "--format", "json"]);
    assert_eq!(json["renewals"][0]["kind"], "renewal");
    assert!(
        json["upcoming"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["kind"] != "renewal")
    );
    // A quiet portfolio says so in one line.
    let quiet = Env::new();
    let out = quiet.ok(now, &["digest"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("tend: nothing due and nothing changed since 2026-11-25"),
        "{out}"
    );
}

#[test]
fn bad_input_is_refused() {
    let env = setup();
    let now = "2026-11-23T09:00:00Z";
    let before = env.fingerprint();
    for (args, start) in [
        (
            vec!["log", NAME, "x", "--follow-up", "2026-13-01"],
            "tend: follow-up '2026-13-01'",
        ),
        (
            vec!["log", NAME, "x", "--follow-up", "someday"],
            "tend: follow-up 'someday'",
        ),
        (
            vec![
                "snooze",
                "visit:99",
                "--until",
                "2026-12-01",
                "--reason",
                "x",
            ],
            "tend: id 'visit:99'",
        ),
        (
            vec![
                "snooze",
                "weekly-routine:1",
                "--until",
                "2026-11-20",
                "--reason",
                "x",
            ],
            "tend: until '2026-11-20'",
        ),
        (
            vec!["snooze", "weekly-routine:1", "--until", "2026-12-01"],
            "tend: reason ''",
        ),
        (vec!["follow-up", "done", "1"], "tend: follow-up '1'"),
        (vec!["today", "--days", "-1"], "tend: days '-1'"),
        (
            vec!["digest", "--since", "2027-01-01"],
            "tend: since '2027-01-01'",
        ),
    ] {
        let out = env.run(now, &args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.starts_with(start), "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1);
    }
    assert_eq!(env.fingerprint(), before);
}
