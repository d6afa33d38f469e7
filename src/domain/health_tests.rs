use super::*;
use chrono::{Duration, TimeZone, Utc};

// Noon UTC keeps the local date equal to the UTC date for any TZ within ±11 h.
fn at(y: i32, m: u32, d: u32) -> Timestamp {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Monday 2026-11-23, ISO week 2026-W48; the previous week is 2026-W47.
fn now() -> Timestamp {
    at(2026, 11, 23)
}

fn scores(p: i64, r: i64, o: i64, e: i64) -> Scores {
    Scores {
        performance: p,
        relationship: r,
        outlook: o,
        engagement: e,
    }
}

const ALL_TICKED: [&str; 5] = ["update", "kpis", "questions", "meeting", "signals"];

/// A calm, healthy account: reviewed at 80 everywhere, nothing pending.
fn calm() -> HealthFacts {
    HealthFacts {
        status: Status::Active,
        created_at: at(2024, 1, 1),
        client_since: date(2024, 1, 1),
        review: Some((at(2026, 11, 1), scores(80, 80, 80, 80))),
        open_escalations: vec![],
        previous_week_ticked: ALL_TICKED.iter().map(|s| s.to_string()).collect(),
        last_contact: Some(at(2026, 11, 20)),
        planned_visit: Some(date(2026, 12, 10)),
        last_visit: Some(date(2026, 9, 1)),
        latest_nps: None,
        complaints: vec![],
        value_cents: 500_000,
        value_changes: vec![],
    }
}

fn esc(id: i64, level: Level, due: Timestamp) -> OpenEscalation {
    OpenEscalation {
        id,
        level,
        due_at: due,
    }
}

fn check_sum(e: &Explanation) {
    let sum = e.base.unwrap() + e.adjustments.iter().map(|a| a.points).sum::<i64>();
    assert_eq!(Some(sum), e.health, "rows must add up: {e:#?}");
}

fn explain_now(f: &HealthFacts) -> Explanation {
    let e = explain(f, &Config::default(), now());
    check_sum(&e);
    e
}

fn points(e: &Explanation, signal: Signal) -> Vec<i64> {
    e.adjustments
        .iter()
        .filter(|a| a.signal == signal)
        .map(|a| a.points)
        .collect()
}

#[test]
fn base_rounds_half_up_in_integers() {
    let w = Config::default().health.weights;
    assert_eq!(base_score(&scores(1, 1, 1, 1), &w), 1);
    assert_eq!(base_score(&scores(57, 57, 57, 57), &w), 57);
    assert_eq!(base_score(&scores(0, 0, 0, 5), &w), 1); // 0.5 → 1
    assert_eq!(base_score(&scores(0, 0, 0, 4), &w), 0); // 0.4 → 0
    assert_eq!(base_score(&scores(0, 0, 0, 15), &w), 2); // 1.5 → 2
    assert_eq!(base_score(&scores(100, 100, 100, 100), &w), 100);
    assert_eq!(base_score(&scores(90, 60, 70, 35), &w), 72); // 71.5 rounds up
}

#[test]
fn calm_account_is_its_base() {
    let e = explain_now(&calm());
    assert_eq!(e.base, Some(80));
    assert_eq!(e.health, Some(80));
    assert!(e.adjustments.is_empty(), "{:?}", e.adjustments);
    assert_eq!(e.band, Band::Healthy);
}

#[test]
fn escalation_levels_and_overdue() {
    let mut f = calm();
    f.open_escalations = vec![
        esc(1, Level::Yellow, now() + Duration::hours(5)),
        esc(2, Level::Orange, now() + Duration::hours(5)),
    ];
    let e = explain_now(&f);
    assert_eq!(points(&e, Signal::Escalation), vec![-15, -5]);
    assert_eq!(e.health, Some(60));

    f.open_escalations = vec![esc(3, Level::Red, now() - Duration::hours(2))];
    let e = explain_now(&f);
    assert_eq!(points(&e, Signal::Escalation), vec![-30]);
    assert_eq!(points(&e, Signal::Overdue), vec![-5]);
    assert!(
        e.adjustments
            .iter()
            .any(|a| a.reason == "escalation #3 is 2h overdue")
    );
    assert_eq!(e.health, Some(45));
}

#[test]
fn escalation_level_cap_leaves_overdue_outside() {
    let mut f = calm();
    f.review = Some((at(2026, 11, 1), scores(100, 100, 100, 100)));
    let past = now() - Duration::hours(1);
    f.open_escalations = vec![
        esc(1, Level::Red, past),
        esc(2, Level::Orange, past),
        esc(3, Level::Yellow, now()),
    ];
    let e = explain_now(&f);
    // -30 -15 -5 = -50, capped at -40 (+10 row); two overdue -5 each outside the cap.
    assert_eq!(points(&e, Signal::EscalationCap), vec![10]);
    assert_eq!(points(&e, Signal::Overdue), vec![-5, -5]);
    assert_eq!(e.health, Some(50));
}

#[test]
fn checklist_points_and_cap() {
    let mut f = calm();
    f.previous_week_ticked = ["update", "kpis"].into_iter().collect();
    let e = explain_now(&f);
    assert_eq!(points(&e, Signal::Checklist), vec![-6]);
    assert!(
        e.adjustments
            .iter()
            .any(|a| a.reason.contains("2026-W47") && a.reason.contains("meeting"))
    );
    assert_eq!(e.health, Some(74));

    // Seven items, none ticked: -14 capped at -10.
    let mut cfg = Config::default();
    for k in ["a", "b"] {
        cfg.checklist.items.push(crate::config::ChecklistItem {
            key: k.into(),
            label: k.into(),
        });
    }
    f.previous_week_ticked = Default::default();
    let e = explain(&f, &cfg, now());
    check_sum(&e);
    assert_eq!(points(&e, Signal::Checklist), vec![-14]);
    assert_eq!(points(&e, Signal::ChecklistCap), vec![4]);
    assert_eq!(e.health, Some(70));
}

#[test]
fn week_without_ticks_counts_all_undone() {
    let mut f = calm();
    f.previous_week_ticked = Default::default();
    assert_eq!(explain_now(&f).health, Some(70));
}

#[test]
fn previous_week_only_for_accounts_created_before_its_monday() {
    let mut f = calm();
    f.previous_week_ticked = Default::default();
    // Created during 2026-W47 (Monday 2026-11-16): that week does not count.
    f.created_at = at(2026, 11, 17);
    assert!(points(&explain_now(&f), Signal::Checklist).is_empty());
    f.created_at = at(2026, 11, 15);
    assert_eq!(points(&explain_now(&f), Signal::Checklist), vec![-10]);
}

#[test]
fn silence_thresholds_14_15_30_31() {
    let mut f = calm();
    for (days, expected) in [
        (14, vec![]),
        (15, vec![-5]),
        (30, vec![-5]),
        (31, vec![-15]),
    ] {
        f.last_contact = Some(now() - Duration::days(days));
        assert_eq!(
            points(&explain_now(&f), Signal::Contact),
            expected,
            "{days} days"
        );
    }
    // No contact note at all: counted from client since.
    f.last_contact = None;
    f.client_since = date(2026, 11, 3);
    let e = explain_now(&f);
    assert_eq!(points(&e, Signal::Contact), vec![-5]);
    assert!(
        e.adjustments
            .iter()
            .any(|a| a.reason.contains("since becoming a client"))
    );
}

#[test]
fn overdue_visit_costs_ten() {
    let mut f = calm();
    f.planned_visit = None;
    f.last_visit = Some(date(2026, 8, 22)); // due 2026-11-22: overdue by a day
    let e = explain_now(&f);
    assert_eq!(points(&e, Signal::Visit), vec![-10]);
    f.last_visit = Some(date(2026, 8, 23)); // due today: not overdue
    assert!(points(&explain_now(&f), Signal::Visit).is_empty());
    f.planned_visit = Some(date(2026, 11, 22));
    assert_eq!(points(&explain_now(&f), Signal::Visit), vec![-10]);
}

#[test]
fn nps_detractor_promoter_passive_and_window() {
    let mut f = calm();
    f.latest_nps = Some((at(2026, 10, 1), 3));
    assert_eq!(points(&explain_now(&f), Signal::Nps), vec![-10]);
    f.latest_nps = Some((at(2026, 10, 1), 9));
    assert_eq!(points(&explain_now(&f), Signal::Nps), vec![5]);
    f.latest_nps = Some((at(2026, 10, 1), 8));
    assert!(points(&explain_now(&f), Signal::Nps).is_empty());
    // 180 days ago still counts, 181 does not.
    f.latest_nps = Some((now() - Duration::days(180), 0));
    assert_eq!(points(&explain_now(&f), Signal::Nps), vec![-10]);
    f.latest_nps = Some((now() - Duration::days(181), 0));
    assert!(points(&explain_now(&f), Signal::Nps).is_empty());
}

#[test]
fn clamp_rows_keep_the_sum_exact() {
    let mut f = calm();
    f.review = Some((at(2026, 11, 1), scores(10, 10, 10, 10)));
    f.open_escalations = vec![esc(1, Level::Red, now() - Duration::hours(1))];
    f.latest_nps = Some((at(2026, 11, 1), 0));
    let e = explain_now(&f);
    assert_eq!(e.health, Some(0));
    assert_eq!(points(&e, Signal::Clamp), vec![35]); // 10 -30 -5 -10 = -35

    f.review = Some((at(2026, 11, 1), scores(100, 100, 100, 100)));
    f.open_escalations = vec![];
    f.latest_nps = Some((at(2026, 11, 1), 10));
    let e = explain_now(&f);
    assert_eq!(e.health, Some(100));
    assert_eq!(points(&e, Signal::Clamp), vec![-5]);
}

#[test]
fn band_edges() {
    let cfg = Config::default();
    assert_eq!(band(Some(69), &cfg), Band::AtRisk);
    assert_eq!(band(Some(70), &cfg), Band::Watch);
    assert_eq!(band(Some(79), &cfg), Band::Watch);
    assert_eq!(band(Some(80), &cfg), Band::Healthy);
    assert_eq!(band(None, &cfg), Band::Unscored);
}

#[test]
fn unscored_account_has_no_health() {
    let mut f = calm();
    f.review = None;
    f.open_escalations = vec![esc(1, Level::Red, now())];
    let e = explain(&f, &Config::default(), now());
    assert_eq!(e.health, None);
    assert_eq!(e.base, None);
    assert_eq!(e.band, Band::Unscored);
}

#[test]
fn paused_accounts_skip_routine_silence_and_visit() {
    let mut f = calm();
    f.status = Status::Paused;
    f.previous_week_ticked = Default::default();
    f.last_contact = None;
    f.planned_visit = None;
    f.last_visit = Some(date(2025, 1, 1));
    f.open_escalations = vec![esc(1, Level::Yellow, now() + Duration::hours(1))];
    f.latest_nps = Some((at(2026, 11, 1), 2));
    let e = explain_now(&f);
    assert_eq!(e.health, Some(65)); // 80 - 5 escalation - 10 NPS; nothing else
    assert!(points(&e, Signal::Checklist).is_empty());
    assert!(points(&e, Signal::Contact).is_empty());
    assert!(points(&e, Signal::Visit).is_empty());
}

#[test]
fn every_reason_names_its_signal() {
    let mut f = calm();
    f.review = Some((at(2026, 11, 1), scores(50, 50, 50, 50)));
    f.open_escalations = vec![
        esc(1, Level::Red, now() - Duration::hours(1)),
        esc(2, Level::Red, now()),
    ];
    f.previous_week_ticked = Default::default();
    f.last_contact = Some(now() - Duration::days(40));
    f.planned_visit = Some(date(2026, 11, 1));
    f.latest_nps = Some((at(2026, 11, 1), 1));
    let e = explain_now(&f);
    for a in &e.adjustments {
        let want = match a.signal {
            Signal::Escalation => "escalation",
            Signal::Overdue => "overdue",
            Signal::Checklist => "checklist",
            Signal::Contact => "contact",
            Signal::Visit => "visit",
            Signal::Nps => "NPS",
            Signal::Complaints => "complaints",
            Signal::BudgetCut => "budget cut",
            Signal::EscalationCap | Signal::ChecklistCap => "cap",
            Signal::Clamp => "clamp",
        };
        assert!(a.reason.contains(want), "{a:?}");
    }
    // 50 - 40 (two reds capped) - 5 - 10 - 15 - 10 - 10 = -40, clamped to 0.
    assert_eq!(points(&e, Signal::Clamp), vec![40]);
    assert_eq!(e.health, Some(0));
}

#[test]
fn trend_and_arrows() {
    let cfg = Config::default();
    assert_eq!(trend(Some(60), Some(70)), Some(-10));
    assert_eq!(trend(None, Some(70)), None);
    assert_eq!(trend(Some(70), None), None);
    assert_eq!(arrow(Some(5), &cfg), Some(Arrow::Up));
    assert_eq!(arrow(Some(4), &cfg), Some(Arrow::Flat));
    assert_eq!(arrow(Some(-4), &cfg), Some(Arrow::Flat));
    assert_eq!(arrow(Some(-5), &cfg), Some(Arrow::Down));
    assert_eq!(arrow(None, &cfg), None);
}

#[test]
fn trend_is_recomputed_from_facts_at_both_moments() {
    // Thirty days ago the account was calm; since then a red escalation opened and went overdue.
    let cfg = Config::default();
    let then = now() - Duration::days(30);
    let mut past = calm();
    past.last_contact = Some(then - Duration::days(2));
    past.planned_visit = Some(date(2026, 11, 10));
    let mut present = calm();
    present.open_escalations = vec![esc(9, Level::Red, now() - Duration::hours(3))];
    let h_then = explain(&past, &cfg, then).health;
    let h_now = explain(&present, &cfg, now()).health;
    assert_eq!(h_then, Some(80));
    assert_eq!(h_now, Some(45));
    assert_eq!(trend(h_now, h_then), Some(-35));
}

#[test]
fn review_staleness() {
    let cfg = Config::default();
    let today = date(2026, 11, 23);
    assert!(!review_stale(Some(at(2026, 10, 9)), today, &cfg)); // 45 days
    assert!(review_stale(Some(at(2026, 10, 8)), today, &cfg)); // 46 days
    assert!(!review_stale(None, today, &cfg));
}

#[test]
fn complaints_in_the_window_count_capped_inside_their_row() {
    let mut f = calm();
    // 2026-08-25 is 90 days before 2026-11-23 (the window includes its 90th day); 08-24 is 91.
    f.complaints = vec![at(2026, 8, 24), at(2026, 8, 25)];
    let e = explain_now(&f);
    assert_eq!(points(&e, Signal::Complaints), vec![-5]);
    let row = e
        .adjustments
        .iter()
        .find(|a| a.signal == Signal::Complaints)
        .unwrap();
    assert_eq!(row.reason, "complaints: 1 in the last 90 days");
    f.complaints
        .extend([at(2026, 10, 1), at(2026, 11, 1), at(2026, 11, 20)]);
    // 4 in the window: 4 × −5 = −20, capped at −15 inside the row (no cap row).
    let e = explain_now(&f);
    assert_eq!(points(&e, Signal::Complaints), vec![-15]);
    assert!(points(&e, Signal::ChecklistCap).is_empty());
    // Paused accounts count complaints too.
    f.status = Status::Paused;
    assert_eq!(points(&explain_now(&f), Signal::Complaints), vec![-15]);
}

#[test]
fn a_budget_cut_of_at_least_the_percent_within_the_window() {
    let mut f = calm();
    // 5000 → 4000 on 1 Nov (−20 %): counts; rounded half up.
    f.value_changes = vec![(at(2026, 11, 1), 500_000, 400_000)];
    f.value_cents = 400_000;
    let cfg = Config::default();
    assert_eq!(budget_cut(&f, &cfg, date(2026, 11, 23)), Some(20));
    let e = explain_now(&f);
    assert_eq!(points(&e, Signal::BudgetCut), vec![-10]);
    // Two steps in the window compare with the value before the first: 5000 → 4500 → 3000 = −40 %.
    f.value_changes = vec![
        (at(2026, 9, 1), 500_000, 450_000),
        (at(2026, 10, 1), 450_000, 300_000),
    ];
    f.value_cents = 300_000;
    assert_eq!(budget_cut(&f, &cfg, date(2026, 11, 23)), Some(40));
    // Raised back to 4100 since: −18 % is below the threshold.
    f.value_changes.push((at(2026, 11, 10), 300_000, 410_000));
    f.value_cents = 410_000;
    assert_eq!(budget_cut(&f, &cfg, date(2026, 11, 23)), None);
    // A cut older than the window (91 days) does not count.
    f.value_changes = vec![(at(2026, 8, 24), 500_000, 100_000)];
    f.value_cents = 100_000;
    assert_eq!(budget_cut(&f, &cfg, date(2026, 11, 23)), None);
    // 19.5 % rounds to 20 % and counts.
    f.value_changes = vec![(at(2026, 11, 1), 1_000, 805)];
    f.value_cents = 805;
    assert_eq!(budget_cut(&f, &cfg, date(2026, 11, 23)), Some(20));
    // points = 0 removes the row.
    let mut zero = cfg.clone();
    zero.health.budget_cut.points = 0;
    assert!(
        explain(&f, &zero, now())
            .adjustments
            .iter()
            .all(|a| a.signal != Signal::BudgetCut)
    );
}

#[test]
fn every_row_has_a_stable_signal_key() {
    let mut f = calm();
    f.open_escalations = vec![
        esc(17, Level::Red, now() - Duration::hours(2)),
        esc(18, Level::Red, now() + Duration::hours(2)),
    ];
    f.previous_week_ticked = Default::default();
    f.last_contact = Some(now() - Duration::days(40));
    f.complaints = vec![now() - Duration::days(1)];
    let e = explain_now(&f);
    let keys: Vec<&str> = e.adjustments.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(
        keys,
        vec![
            "escalation:17",
            "escalation:18",
            "escalation-cap",
            "overdue:17",
            "checklist",
            "contact",
            "complaints",
        ]
    );
    // 80 − 40 (capped) − 5 − 10 − 15 − 5 = 5: no clamp.
    assert_eq!(e.health, Some(5));
    let json = serde_json::to_value(&e.adjustments[0]).unwrap();
    assert_eq!(json["signal"], "escalation:17");
    assert_eq!(json.as_object().unwrap().len(), 3, "signal, reason, points");
}
