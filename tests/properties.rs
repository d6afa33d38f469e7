//! Property tests: the rules and parsers hold for any input, not only the examples.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use tend::config::Config;
use tend::domain::dates::{IsoWeek, parse_date, parse_moment};
use tend::domain::escalation::Level;
use tend::domain::feedback::{NoteKind, parse_quick_note};
use tend::domain::health::{HealthFacts, OpenEscalation, explain};
use tend::domain::{Band, Scores, Status};
use tend::error::Error;
use tend::transfer::import::Imported;

/// No regression files written into the checkout: a failure prints its minimal input instead.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn now() -> tend::clock::Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

fn level() -> impl Strategy<Value = Level> {
    prop_oneof![Just(Level::Yellow), Just(Level::Orange), Just(Level::Red)]
}

prop_compose! {
    fn facts()(
        scores in proptest::option::of((0i64..=100, 0i64..=100, 0i64..=100, 0i64..=100)),
        paused in any::<bool>(),
        escalations in proptest::collection::vec((level(), -200i64..200), 0..6),
        ticked in proptest::sample::subsequence(vec!["update", "kpis", "questions", "meeting", "signals"], 0..=5),
        contact in proptest::option::of(0i64..500),
        planned in proptest::option::of(-100i64..100),
        last_visit in proptest::option::of(0i64..400),
        nps in proptest::option::of((0i64..400, 0u8..=10)),
        created_days in 0i64..1000,
        complaints in proptest::collection::vec(0i64..200, 0..6),
        value in 0i64..1_000_000,
        changes in proptest::collection::vec((0i64..200, 0i64..1_000_000), 0..4),
    ) -> HealthFacts {
        let n = now();
        HealthFacts {
            status: if paused { Status::Paused } else { Status::Active },
            created_at: n - Duration::days(created_days),
            client_since: (n - Duration::days(created_days)).date_naive(),
            review: scores.map(|(p, r, o, e)| (n - Duration::days(3), Scores { performance: p, relationship: r, outlook: o, engagement: e })),
            open_escalations: escalations.iter().enumerate().map(|(i, (l, h))| OpenEscalation { id: i as i64, level: *l, due_at: n + Duration::hours(*h) }).collect(),
            previous_week_ticked: ticked.iter().map(|s| s.to_string()).collect(),
            last_contact: contact.map(|d| n - Duration::days(d)),
            planned_visit: planned.map(|d| (n + Duration::days(d)).date_naive()),
            last_visit: last_visit.map(|d| (n - Duration::days(d)).date_naive()),
            latest_nps: nps.map(|(d, v)| (n - Duration::days(d), v)),
            complaints: complaints.iter().map(|d| n - Duration::days(*d)).collect(),
            value_cents: value,
            value_changes: {
                // Changes oldest first, each starting from the previous value.
                let mut sorted = changes.clone();
                sorted.sort_by_key(|(d, _)| -d);
                let mut out = Vec::new();
                let mut old = value;
                for (d, new) in sorted {
                    out.push((n - Duration::days(d), old, new));
                    old = new;
                }
                out
            },
        }
    }
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn health_is_0_to_100_and_the_explanation_adds_up(f in facts()) {
        let cfg = Config::default();
        let e = explain(&f, &cfg, now());
        match (e.health, e.base) {
            (Some(h), Some(b)) => {
                prop_assert!((0..=100).contains(&h));
                prop_assert_eq!(b + e.adjustments.iter().map(|a| a.points).sum::<i64>(), h);
                prop_assert_ne!(e.band, Band::Unscored);
            }
            (None, None) => prop_assert_eq!(e.band, Band::Unscored),
            _ => prop_assert!(false, "health and base are both set or both null"),
        }
    }

    #[test]
    fn iso_weeks_round_trip(days in -40000i64..40000) {
        let d = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + Duration::days(days);
        let w = IsoWeek::of(d);
        let parsed: IsoWeek = w.to_string().parse().unwrap();
        prop_assert_eq!(parsed, w);
        prop_assert!(w.monday() <= d && d < w.monday() + Duration::days(7));
        prop_assert_eq!(w.next().previous(), w);
    }

    #[test]
    fn a_comparison_adds_up_on_both_sides_and_across(then in facts(), now in facts()) {
        let cfg = Config::default();
        let (a, b) = (explain(&then, &cfg, self::now()), explain(&now, &cfg, self::now()));
        let rows = tend::domain::history::compare(&a, &b);
        prop_assert_eq!(&rows[0].signal, "base");
        let mut keys: Vec<&str> = rows.iter().map(|r| r.signal.as_str()).collect();
        keys.sort();
        keys.dedup();
        prop_assert_eq!(keys.len(), rows.len(), "each signal once");
        let score = |h: Option<i64>| h.unwrap_or(0);
        let then_sum: i64 = rows.iter().map(|r| r.then).sum();
        let now_sum: i64 = rows.iter().map(|r| r.now).sum();
        // An unscored side has no base and no rows: it adds up to 0.
        prop_assert_eq!(then_sum, score(a.health));
        prop_assert_eq!(now_sum, score(b.health));
        prop_assert_eq!(rows.iter().map(|r| r.change).sum::<i64>(), score(b.health) - score(a.health));
        for r in &rows {
            prop_assert_eq!(r.change, r.now - r.then);
        }
    }

    #[test]
    fn dates_round_trip_and_garbage_is_refused_not_panicked(days in -40000i64..40000, junk in "\\PC{0,20}") {
        let d = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + Duration::days(days);
        if (1000..=9999).contains(&chrono::Datelike::year(&d)) {
            prop_assert_eq!(parse_date("d", &d.to_string()).unwrap(), d);
        }
        let _ = parse_date("d", &junk);
        let _ = parse_moment("at", &junk);
        let _ = junk.parse::<IsoWeek>();
    }

    #[test]
    fn quick_note_parser_never_panics_and_keeps_the_text(line in "\\PC{0,60}", bang in any::<bool>(), nps in proptest::option::of(0u8..=10)) {
        let mut input = String::new();
        if bang { input.push_str("! "); }
        if let Some(n) = nps { input.push_str(&format!("nps {n} ")); }
        input.push_str(&line);
        match parse_quick_note(&input) {
            Ok(q) => {
                prop_assert!(input.contains(q.text.as_str()));
                let leading_bang = nps.is_none() && line.trim_start().starts_with('!');
                prop_assert_eq!(q.kind == NoteKind::Complaint, bang || leading_bang);
                if nps.is_some() { prop_assert_eq!(q.nps, nps); }
            }
            Err(e) => prop_assert!(e.to_string().starts_with("note ") || e.to_string().starts_with("nps ")),
        }
    }

    #[test]
    fn sanitize_leaves_no_control_characters(s in "\\PC*|[\\x00-\\x1f\\x7f\\u{202a}-\\u{202e}a-z]{0,40}") {
        let out = tend::text::sanitize(&s);
        prop_assert!(!out.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
        let bidi = out.chars().any(|c| ('\u{202a}'..='\u{202e}').contains(&c));
        prop_assert!(!bidi, "bidi override left in {:?}", out);
        prop_assert_eq!(tend::text::sanitize(&out), out.clone());
    }
}

proptest! {
    #![proptest_config(config(48))]

    /// Any text fed to the importer is either imported or refused with nothing written.
    #[test]
    fn importer_never_panics_and_is_all_or_nothing(body in "[a-zA-Z0-9,;\"\\n äöü=@-]{0,300}", header in prop_oneof![
        Just("name,owner,tier,value,since\n"), Just("account,at,kind,text,nps\n"), Just("name;tier\n"), Just(""),
    ]) {
        let dir = tempfile::tempdir().unwrap();
        let cfg = Config::default();
        let store = tend::store::Store::open(&dir.path().join("t.db"), &cfg.store, tend::store::Access::Write).unwrap();
        store.add_account(&tend::store::accounts::NewAccount {
            name: "Alpha".into(), owner: "anna".into(), backup: None, tier: tend::domain::Tier::Standard,
            value_cents: 0, client_since: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), renewal: None,
            referred_by: None,
        }, "anna", now()).unwrap();
        let alpha = store.accounts().unwrap()[0].id;
        let before = store.fingerprint().unwrap();
        let file = dir.path().join("in.csv");
        std::fs::write(&file, format!("{header}{body}")).unwrap();
        match tend::transfer::import::import_file(&store, &file, "anna", now()) {
            // Imported: exactly the rows it counts, and nothing when it counts none.
            Ok(imported) => {
                let n = match imported {
                    Imported::Accounts(n) => {
                        prop_assert_eq!(store.accounts().unwrap().len(), 1 + n);
                        n
                    }
                    // Alpha is the only account a note can name.
                    Imported::Notes(n) => {
                        prop_assert_eq!(store.notes(alpha, None).unwrap().len(), n);
                        n
                    }
                    Imported::Dump(_) => {
                        prop_assert!(false, "no '{{' can be generated, so never a JSON dump");
                        0
                    }
                };
                prop_assert_eq!(store.fingerprint().unwrap() == before, n == 0);
            }
            // The file is readable UTF-8 and the database healthy, so a refusal is always bad input
            // (exit 2, never 1), says where (a header or column name, or every bad row by its line
            // number), and writes nothing.
            Err(e) => {
                prop_assert_eq!(e.exit_code(), 2, "{}", e);
                match &e {
                    Error::Invalid { field, .. } => {
                        prop_assert!(field == "header" || field == "column", "{}", e)
                    }
                    Error::Rows(rows) => {
                        prop_assert!(!rows.is_empty());
                        for row in rows {
                            let line = row
                                .split_once(": ")
                                .and_then(|(l, _)| l.strip_prefix("line "))
                                .and_then(|n| n.parse::<u64>().ok());
                            prop_assert!(line.is_some(), "{:?} names no line", row);
                        }
                    }
                    other => prop_assert!(false, "not a bad-input error: {:?}", other),
                }
                prop_assert_eq!(store.fingerprint().unwrap(), before);
            }
        }
    }
}
