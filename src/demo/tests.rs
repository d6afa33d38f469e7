//! The demo portfolio is deterministic and shows what Release 2 knows: churn history with reason
//! categories, the method's loops, complaints, follow-ups, birthdays, budget cuts, owner changes.

use chrono::{TimeZone, Utc};

use super::fill;
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::{Band, Status};
use crate::store::{Access, Store};

fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

fn demo(n: usize, seed: u64) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(
        &dir.path().join("demo.db"),
        &Config::default().store,
        Access::Write,
    )
    .unwrap();
    fill(&store, &Config::default(), now(), "me", n, seed, false).unwrap();
    (dir, store)
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_same_seed_gives_the_same_portfolio() {
    let (_a, a) = demo(25, 3);
    let (_b, b) = demo(25, 3);
    let (_c, c) = demo(25, 4);
    assert_eq!(a.fingerprint().unwrap(), b.fingerprint().unwrap());
    assert_ne!(a.fingerprint().unwrap(), c.fingerprint().unwrap());
}

#[test]
fn a_small_demo_shows_every_situation_of_the_method() {
    let cfg = Config::default();
    let (_dir, store) = demo(40, 1);
    let list = crate::triage::summaries(&store, &cfg, now(), None).unwrap();
    let slugs: Vec<String> = list.iter().flat_map(|s| s.flag_slugs()).collect();
    for flag in [
        "exit-interview-due",
        "budget-cut-",
        "new-owner",
        "success-review-due",
        "business-review-due",
        "micro-feedback-due",
    ] {
        assert!(
            slugs.iter().any(|s| s.starts_with(flag)),
            "{flag}: {slugs:?}"
        );
    }
    let active: Vec<_> = list
        .iter()
        .filter(|s| s.account.status == Status::Active)
        .collect();
    let at_risk = active.iter().filter(|s| s.band() == Band::AtRisk).count();
    let healthy = active.iter().filter(|s| s.band() == Band::Healthy).count();
    let visits = active.iter().filter(|s| s.visit_overdue).count();
    assert!(
        at_risk * 100 < active.len() * 40,
        "{at_risk} of {}",
        active.len()
    );
    assert!(healthy * 2 > active.len(), "{healthy} of {}", active.len());
    assert!(visits * 5 < active.len(), "{visits} visits overdue");
    // Not every at-risk account needs its success review: some held one.
    let due = list
        .iter()
        .filter(|s| s.flag_slugs().iter().any(|f| f == "success-review-due"))
        .count();
    assert!(due < at_risk, "{due} of {at_risk}");

    // Churn history with categories; micro-feedback without NPS, relationship reviews with it.
    let churned = count(
        &store,
        "SELECT count(*) FROM account WHERE status = 'churned'",
    );
    assert!((6..=16).contains(&churned), "{churned}");
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM account WHERE status = 'churned' AND (churn_category IS NULL OR churned_on < '2024-05-01')"
        ),
        0
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM note WHERE kind = 'micro-feedback' AND (nps IS NOT NULL OR text NOT LIKE '%/5 — %')"
        ),
        0
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM note WHERE nps IS NOT NULL AND kind != 'relationship-review'"
        ),
        0
    );
    assert!(
        count(
            &store,
            "SELECT count(*) FROM note WHERE kind = 'relationship-review'"
        ) > 40
    );
    for kind in [
        "business-review",
        "success-review",
        "exit-interview",
        "complaint",
    ] {
        let sql = format!("SELECT count(*) FROM note WHERE kind = '{kind}'");
        assert!(count(&store, &sql) > 0, "{kind}");
    }
    // Two complaints in 90 days and no open escalation: the agenda suggests one.
    assert!(
        count(
            &store,
            "SELECT count(*) FROM account a WHERE a.status != 'churned' \
             AND (SELECT count(*) FROM note n WHERE n.account_id = a.id AND n.kind = 'complaint' \
                  AND n.at >= unixepoch('2026-08-25')) >= 2 \
             AND NOT EXISTS (SELECT 1 FROM escalation e WHERE e.account_id = a.id AND e.status = 'open')"
        ) > 0
    );

    // Referrals, follow-ups (overdue, due this week, done), birthdays within the week.
    let referred = count(
        &store,
        "SELECT count(*) FROM account WHERE referred_by IS NOT NULL",
    );
    assert!((6..=18).contains(&referred), "{referred} of 40 referred");
    let live = "JOIN account a ON a.id = n.account_id AND a.status != 'churned'";
    let overdue = count(
        &store,
        &format!(
            "SELECT count(*) FROM note n {live} WHERE follow_up < '2026-11-23' AND follow_up_done_at IS NULL"
        ),
    );
    let this_week = count(
        &store,
        &format!(
            "SELECT count(*) FROM note n {live} WHERE follow_up BETWEEN '2026-11-23' AND '2026-11-29' AND follow_up_done_at IS NULL"
        ),
    );
    let done = count(
        &store,
        "SELECT count(*) FROM note WHERE follow_up_done_at IS NOT NULL AND follow_up_done_by IS NOT NULL \
         AND follow_up_done_at >= at",
    );
    assert!(
        overdue >= 1 && this_week >= 1 && done > overdue,
        "{overdue} {this_week} {done}"
    );
    assert!(
        count(
            &store,
            "SELECT count(*) FROM contact WHERE substr(birthday, -5) BETWEEN '11-24' AND '11-30'"
        ) > 0
    );

    // Recorded value changes end at the account's value.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM account a JOIN account_event e ON e.account_id = a.id \
             AND e.field = 'value_cents' AND e.id = (SELECT max(id) FROM account_event x \
             WHERE x.account_id = a.id AND x.field = 'value_cents') \
             WHERE CAST(e.new_value AS INTEGER) != a.value_cents"
        ),
        0
    );
}

#[test]
fn churn_makes_a_lifetime_of_years_not_the_cap() {
    let cfg = Config::default();
    let (_dir, store) = demo(300, 2);
    let today = crate::domain::dates::local_date(now());
    let period =
        crate::transfer::report::Period::from_options(None, None, Some("2026"), today).unwrap();
    let report = crate::transfer::report::report(&store, &cfg, now(), period).unwrap();
    let value = |kpi: &str| -> f64 {
        let line = report
            .lines()
            .find(|l| l.starts_with(&format!("| {kpi} |")))
            .unwrap_or_else(|| panic!("{kpi}: {report}"));
        line.split('|')
            .nth(2)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let lifetime = value("expected lifetime");
    let churn = value("churn rate");
    assert!((36.0..=110.0).contains(&lifetime), "{lifetime} months");
    assert!((8.0..=25.0).contains(&churn), "{churn} %");
}

/// A plan whose day passed without a visit recorded is a visit that was due: never one planned
/// days after a visit just made (found in a trial: "Last 2026-12-01" beside "2026-12-03 planned ·
/// 3d overdue").
#[test]
fn a_missed_plan_is_never_right_after_a_visit() {
    let (_dir, store) = demo(400, 3);
    let odd = count(
        &store,
        "SELECT count(*) FROM visit p JOIN visit d ON d.account_id = p.account_id \
         WHERE p.status = 'planned' AND p.planned_on < '2026-11-23' \
         AND d.status = 'done' AND d.done_on >= date(p.planned_on, '-45 days')",
    );
    assert_eq!(odd, 0);
    // The situation itself stays in the demo.
    assert!(
        count(
            &store,
            "SELECT count(*) FROM visit WHERE status = 'planned' AND planned_on < '2026-11-23'"
        ) > 0
    );
}
