//! The fast "facts at t" (migration 007's latest records, kept by triggers) against the reference
//! `facts_at` (every fact looked up in the records), on random histories written to a real file:
//! notes (back-dated, dated ahead, edited, deleted, moved to another kind, account or moment by
//! plain SQL), NPS answers changed, reviews recorded, changed and deleted, escalations opened,
//! raised, resolved and reopened, ticks and unticks, visits planned, done, cancelled and deleted,
//! status and value changes, accounts deleted — with the writer's clock going back and forth, and
//! compared at moments before, inside and after the history. The stored tables are also compared
//! with a recomputation from scratch.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use tend::clock::Timestamp;
use tend::config::Config;
use tend::domain::escalation::Level;
use tend::domain::{IsoWeek, NoteKind, Scores, Status, Tier};
use tend::store::accounts::{AccountPatch, NewAccount};
use tend::store::notes::NewNote;
use tend::store::{Access, Need, Store};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn start() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 9, 1, 9, 0, 0).unwrap()
}

/// A standard account of anna's, a client since June.
fn account(name: &str, value_cents: i64) -> NewAccount {
    NewAccount {
        name: name.into(),
        owner: "anna".into(),
        backup: None,
        tier: Tier::Standard,
        value_cents,
        client_since: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        renewal: None,
        referred_by: None,
    }
}

const KINDS: [NoteKind; 7] = [
    NoteKind::Call,
    NoteKind::Email,
    NoteKind::Meeting,
    NoteKind::Visit,
    NoteKind::Complaint,
    NoteKind::MicroFeedback,
    NoteKind::RelationshipReview,
];

#[derive(Debug, Clone)]
enum Op {
    /// Move the writer's clock by this many hours (it may go back: another writer's clock).
    Clock(i64),
    /// A note dated `days` from the clock (negative: back-dated; positive: dated ahead).
    Note(usize, usize, i64, Option<u8>),
    EditText(usize),
    Delete(usize),
    /// Plain SQL on a note: a new moment (hours), kind, account or NPS answer.
    MoveAt(usize, i64),
    MoveKind(usize, usize),
    MoveAccount(usize, usize),
    SetNps(usize, Option<u8>),
    Review(usize, i64, u8),
    ReviewAt(usize, i64),
    DeleteReview(usize),
    Escalate(usize, u8),
    Raise(usize),
    Resolve(usize),
    Reopen(usize),
    Tick(usize, bool, usize),
    Untick(usize, bool, usize),
    Plan(usize, i64),
    VisitDone(usize, i64),
    Cancel(usize),
    DeleteVisit(usize),
    Paused(usize, bool),
    Value(usize, i64),
    DeleteAccount(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let a = 0usize..4;
    let pick = 0usize..64;
    prop_oneof![
        3 => (-30i64..80).prop_map(Op::Clock),
        8 => (a.clone(), 0..KINDS.len(), -60i64..5, proptest::option::weighted(0.3, 0u8..=10))
            .prop_map(|(a, k, d, n)| Op::Note(a, k, d, n)),
        1 => pick.clone().prop_map(Op::EditText),
        2 => pick.clone().prop_map(Op::Delete),
        1 => (pick.clone(), -900i64..200).prop_map(|(p, h)| Op::MoveAt(p, h)),
        1 => (pick.clone(), 0..KINDS.len()).prop_map(|(p, k)| Op::MoveKind(p, k)),
        1 => (pick.clone(), a.clone()).prop_map(|(p, a)| Op::MoveAccount(p, a)),
        1 => (pick.clone(), proptest::option::of(0u8..=10)).prop_map(|(p, n)| Op::SetNps(p, n)),
        2 => (a.clone(), -40i64..3, 0u8..=100).prop_map(|(a, d, s)| Op::Review(a, d, s)),
        1 => (pick.clone(), -900i64..100).prop_map(|(p, h)| Op::ReviewAt(p, h)),
        1 => pick.clone().prop_map(Op::DeleteReview),
        1 => (a.clone(), 0u8..3).prop_map(|(a, l)| Op::Escalate(a, l)),
        1 => pick.clone().prop_map(Op::Raise),
        1 => pick.clone().prop_map(Op::Resolve),
        1 => pick.clone().prop_map(Op::Reopen),
        2 => (a.clone(), any::<bool>(), 0usize..5).prop_map(|(a, p, i)| Op::Tick(a, p, i)),
        2 => (a.clone(), any::<bool>(), 0usize..5).prop_map(|(a, p, i)| Op::Untick(a, p, i)),
        1 => (a.clone(), -20i64..40).prop_map(|(a, d)| Op::Plan(a, d)),
        1 => (a.clone(), -30i64..3).prop_map(|(a, d)| Op::VisitDone(a, d)),
        1 => a.clone().prop_map(Op::Cancel),
        1 => pick.clone().prop_map(Op::DeleteVisit),
        1 => (a.clone(), any::<bool>()).prop_map(|(a, p)| Op::Paused(a, p)),
        1 => (a.clone(), 0i64..900_000).prop_map(|(a, v)| Op::Value(a, v)),
        1 => a.prop_map(Op::DeleteAccount),
    ]
}

/// A file with anna's four accounts made at `start()` (kept while the directory lives), and a
/// plain SQL connection to it for what tend would not write.
fn four_accounts() -> (tempfile::TempDir, Config, Store, rusqlite::Connection) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tend.db");
    let cfg = Config::default();
    let store = Store::open(&path, &cfg.store, Access::Write).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
        .unwrap();
    for name in ["Alpha", "Beta", "Gamma", "Delta"] {
        store
            .add_account(&account(name, 100_000), "anna", start())
            .unwrap();
    }
    (dir, cfg, store, conn)
}

fn ids(conn: &rusqlite::Connection, sql: &str) -> Vec<i64> {
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn nth(list: &[i64], pick: usize) -> Option<i64> {
    (!list.is_empty()).then(|| list[pick % list.len()])
}

/// Apply one operation; refusals (a rule says no) are part of a random history.
fn apply(store: &Store, conn: &rusqlite::Connection, cfg: &Config, clock: &mut Timestamp, op: &Op) {
    let accounts = ids(conn, "SELECT id FROM account ORDER BY id");
    let account = |i: usize| nth(&accounts, i);
    let now = *clock;
    let sla = &cfg.escalation.sla_hours;
    let week = |previous: bool| {
        let w = IsoWeek::at(now);
        if previous { w.previous() } else { w }
    };
    let day = |d: i64| (now + Duration::days(d)).date_naive();
    let note = |pick: usize| nth(&ids(conn, "SELECT id FROM note ORDER BY id"), pick);
    let escalation = |pick: usize| nth(&ids(conn, "SELECT id FROM escalation ORDER BY id"), pick);
    let sql = |text: &str, id: i64, value: rusqlite::types::Value| {
        conn.execute(text, rusqlite::params![value, id]).unwrap();
    };
    use rusqlite::types::Value::{Integer, Null, Text};
    match *op {
        Op::Clock(h) => *clock = now + Duration::hours(h),
        Op::Note(a, k, d, nps) => {
            if let Some(a) = account(a) {
                let n = NewNote {
                    at: now + Duration::days(d) + Duration::minutes(d * 7),
                    kind: KINDS[k],
                    text: "a note".into(),
                    nps,
                    follow_up: None,
                };
                store.add_note(a, &n, "anna", now).unwrap();
            }
        }
        Op::EditText(p) => {
            if let Some(id) = note(p) {
                store.edit_note(id, "edited", "ben", now).unwrap();
            }
        }
        Op::Delete(p) => {
            if let Some(id) = note(p) {
                store.delete_note(id).unwrap();
            }
        }
        Op::MoveAt(p, h) => {
            if let Some(id) = note(p) {
                let at = (now + Duration::hours(h)).timestamp();
                sql("UPDATE note SET at = ?1 WHERE id = ?2", id, Integer(at));
            }
        }
        Op::MoveKind(p, k) => {
            if let Some(id) = note(p) {
                let kind = KINDS[k].as_str().to_string();
                sql("UPDATE note SET kind = ?1 WHERE id = ?2", id, Text(kind));
            }
        }
        Op::MoveAccount(p, a) => {
            if let (Some(id), Some(a)) = (note(p), account(a)) {
                sql(
                    "UPDATE note SET account_id = ?1 WHERE id = ?2",
                    id,
                    Integer(a),
                );
            }
        }
        Op::SetNps(p, n) => {
            if let Some(id) = note(p) {
                let v = n.map_or(Null, |n| Integer(n.into()));
                sql("UPDATE note SET nps = ?1 WHERE id = ?2", id, v);
            }
        }
        Op::Review(a, d, s) => {
            if let Some(a) = account(a) {
                let s = i64::from(s);
                let scores = Scores {
                    performance: s,
                    relationship: 100 - s,
                    outlook: s / 2,
                    engagement: 50,
                };
                // A review is dated when it is written; plain SQL back-dates some.
                let r = store.add_review(a, scores, None, "anna", now).unwrap();
                if d != 0 {
                    let at = (now + Duration::days(d)).timestamp();
                    sql("UPDATE review SET at = ?1 WHERE id = ?2", r.id, Integer(at));
                }
            }
        }
        Op::ReviewAt(p, h) => {
            if let Some(id) = nth(&ids(conn, "SELECT id FROM review ORDER BY id"), p) {
                let at = (now + Duration::hours(h)).timestamp();
                sql(
                    "UPDATE review SET created_at = ?1 WHERE id = ?2",
                    id,
                    Integer(at),
                );
            }
        }
        Op::DeleteReview(p) => {
            if let Some(id) = nth(&ids(conn, "SELECT id FROM review ORDER BY id"), p) {
                conn.execute("DELETE FROM review WHERE id = ?1", [id])
                    .unwrap();
            }
        }
        Op::Escalate(a, l) => {
            if let Some(a) = account(a) {
                let level = [Level::Yellow, Level::Orange, Level::Red][usize::from(l)];
                let _ = store.open_escalation(a, level, "why", sla, "anna", now);
            }
        }
        Op::Raise(p) => {
            if let Some(id) = escalation(p) {
                let _ = store.raise_escalation(id, None, None, sla, "anna", now);
            }
        }
        Op::Resolve(p) => {
            if let Some(id) = escalation(p) {
                let _ = store.resolve_escalation(id, "done", "anna", now);
            }
        }
        Op::Reopen(p) => {
            if let Some(id) = escalation(p) {
                let _ = store.reopen_escalation(id, "again", sla, "anna", now);
            }
        }
        Op::Tick(a, previous, item) => {
            if let Some(a) = account(a) {
                let key = cfg.checklist.items[item % cfg.checklist.items.len()]
                    .key
                    .clone();
                store.tick(a, week(previous), &key, "anna", now).unwrap();
            }
        }
        Op::Untick(a, previous, item) => {
            if let Some(a) = account(a) {
                let key = cfg.checklist.items[item % cfg.checklist.items.len()]
                    .key
                    .clone();
                store.untick(a, week(previous), &key, "anna", now).unwrap();
            }
        }
        Op::Plan(a, d) => {
            if let Some(a) = account(a) {
                let _ = store.plan_visit(a, day(d), "anna", now);
            }
        }
        Op::VisitDone(a, d) => {
            if let Some(a) = account(a) {
                let _ = store.visit_done(a, day(d), None, "anna", now);
            }
        }
        Op::Cancel(a) => {
            if let Some(a) = account(a) {
                let _ = store.cancel_visit(a, "anna", now);
            }
        }
        Op::DeleteVisit(p) => {
            if let Some(id) = nth(&ids(conn, "SELECT id FROM visit ORDER BY id"), p) {
                conn.execute("DELETE FROM visit WHERE id = ?1", [id])
                    .unwrap();
            }
        }
        Op::Paused(a, paused) => {
            if let Some(a) = account(a) {
                let patch = AccountPatch {
                    status: Some(if paused {
                        Status::Paused
                    } else {
                        Status::Active
                    }),
                    ..AccountPatch::default()
                };
                let _ = store.edit_account(a, &patch, "anna", now);
            }
        }
        Op::Value(a, v) => {
            if let Some(a) = account(a) {
                let patch = AccountPatch {
                    value_cents: Some(v),
                    ..AccountPatch::default()
                };
                let _ = store.edit_account(a, &patch, "anna", now);
            }
        }
        Op::DeleteAccount(a) => {
            // Rarely: only when more than two accounts are left.
            if accounts.len() > 2
                && let Some(a) = account(a)
            {
                store.delete_account(a).unwrap();
            }
        }
    }
}

/// The stored latest records equal a recomputation from scratch (the migration's own fill).
fn stored_equals_recomputed(conn: &rusqlite::Connection) {
    let fill = include_str!("../src/store/migrations/007_latest_summaries.sql");
    for (table, cols) in [
        ("note_latest", "account_id, kind, note_id, at, created_at"),
        ("nps_latest", "account_id, note_id, at, created_at, nps"),
        (
            "review_latest",
            "account_id, review_id, at, created_at, performance, relationship, outlook, engagement",
        ),
        (
            "visit_latest_done",
            "account_id, visit_id, done_on, closed_at",
        ),
    ] {
        // The fill statement of this table, run into a temp table of the same shape.
        let fills = &fill[fill
            .find("-- The records written before this migration.")
            .unwrap()..];
        let start = fills
            .find(&format!("INSERT INTO {table} ("))
            .unwrap_or_else(|| panic!("no fill for {table}"));
        let text = &fills[start..];
        let end = text.find(";\n").unwrap();
        let select = &text[text.find("SELECT").unwrap()..end];
        conn.execute_batch(&format!(
            "DROP TABLE IF EXISTS temp.expected; CREATE TEMP TABLE expected AS {select};"
        ))
        .unwrap();
        let differ: i64 = conn
            .query_row(
                &format!(
                    "SELECT (SELECT count(*) FROM (SELECT {cols} FROM main.{table} EXCEPT SELECT * FROM temp.expected)) \
                          + (SELECT count(*) FROM (SELECT * FROM temp.expected EXCEPT SELECT {cols} FROM main.{table}))"
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(differ, 0, "{table} differs from the records");
    }
    // Ticks: the items of a week are a set (a JSON array in no particular order).
    let fills = &fill[fill
        .find("-- The records written before this migration.")
        .unwrap()..];
    let text = &fills[fills.find("INSERT INTO tick_week (").unwrap()..];
    let select = &text[text.find("SELECT").unwrap()..text.find(";\n").unwrap()];
    let rows = |sql: &str| -> Vec<(String, i64, Vec<String>, i64)> {
        let mut stmt = conn.prepare(sql).unwrap();
        let mut v: Vec<(String, i64, Vec<String>, i64)> = stmt
            .query_map([], |r| {
                let items: String = r.get(2)?;
                let mut items: Vec<String> = serde_json::from_str(&items).unwrap();
                items.sort();
                Ok((r.get(0)?, r.get(1)?, items, r.get(3)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        v.sort();
        v
    };
    assert_eq!(
        rows("SELECT week, account_id, items, changed_at FROM tick_week"),
        rows(select),
        "tick_week differs from the records"
    );
}

fn facts_key(list: Vec<tend::store::facts::AccountFacts>) -> Vec<String> {
    list.into_iter()
        .map(|f| format!("{:?} {:?}", f.account, f.facts))
        .collect()
}

/// The part of each account's facts health reads, sorted by account id.
fn health_key(list: Vec<tend::store::facts::AccountFacts>) -> Vec<String> {
    let mut v: Vec<(i64, String)> = list
        .into_iter()
        .map(|f| {
            let a = f.account;
            let head = (a.status, a.value_cents, a.client_since, a.created_at);
            (a.id, format!("{head:?} {:?}", f.facts))
        })
        .collect();
    v.sort();
    v.into_iter().map(|(id, s)| format!("{id} {s}")).collect()
}

fn extras_key(map: std::collections::HashMap<i64, tend::store::facts::NowExtras>) -> Vec<String> {
    let mut v: Vec<String> = map
        .into_iter()
        .map(|(id, e)| format!("{id} {e:?}"))
        .collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn fast_facts_equal_the_recomputation(ops in proptest::collection::vec(op(), 1..70), probe in -100i64..100) {
        let (_dir, cfg, store, conn) = four_accounts();
        let mut clock = start();
        for op in &ops {
            apply(&store, &conn, &cfg, &mut clock, op);
        }
        stored_equals_recomputed(&conn);
        let trend = Duration::days(cfg.health.trend_days);
        for t in [clock, clock + Duration::days(400), clock - trend, start() + Duration::hours(probe * 24), start() - Duration::days(1)] {
            prop_assert_eq!(
                facts_key(store.facts_fast(t, &cfg, None).unwrap()),
                facts_key(store.facts_at(t, &cfg, None).unwrap()),
                "at {}", t
            );
            for id in ids(&conn, "SELECT id FROM account") {
                prop_assert_eq!(
                    facts_key(store.facts_fast(t, &cfg, Some(id)).unwrap()),
                    facts_key(store.facts_at(t, &cfg, Some(id)).unwrap())
                );
            }
            prop_assert_eq!(
                extras_key(store.now_extras(t, None).unwrap()),
                extras_key(store.now_extras_reference(t, None).unwrap())
            );
            // The same read on two connections at once (the cockpit's path) gives the same.
            let (split, extras) = store.facts_split(t, &cfg, Need::Summaries).unwrap();
            prop_assert_eq!(facts_key(split), facts_key(store.facts_at(t, &cfg, None).unwrap()));
            prop_assert_eq!(
                extras_key(extras.unwrap()),
                extras_key(store.now_extras_reference(t, None).unwrap())
            );
            // What health is computed from, alone: every account's facts, its id, status,
            // value and dates as the full read has them, in any order, and no extras.
            let (health, none) = store.facts_split(t, &cfg, Need::Health).unwrap();
            prop_assert!(none.is_none());
            prop_assert_eq!(
                health_key(health),
                health_key(store.facts_at(t, &cfg, None).unwrap())
            );
            // And by id alone (the trend's baseline): the same facts.
            let mut by_id = store.health_split(t, &cfg).unwrap();
            by_id.sort_by_key(|(id, _)| *id);
            let mut want: Vec<_> = (store.facts_at(t, &cfg, None).unwrap().into_iter())
                .map(|f| (f.account.id, f.facts))
                .collect();
            want.sort_by_key(|(id, _)| *id);
            prop_assert_eq!(format!("{by_id:?}"), format!("{want:?}"));
        }
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// A summary made again later the same day (`AccountSummary::aged`, what an open cockpit
    /// does with the accounts nobody wrote to) equals reading the records then — as long as no
    /// record is dated after the first moment, which tend never writes (`t0` lies after every
    /// moment of the random history, back-dated and dated-ahead ones included).
    #[test]
    fn a_summary_made_again_later_equals_a_read_then(ops in proptest::collection::vec(op(), 1..70), later in 1i64..600) {
        let (_dir, cfg, store, conn) = four_accounts();
        let mut clock = start();
        for op in &ops {
            apply(&store, &conn, &cfg, &mut clock, op);
        }
        // Past every moment the history holds (notes and reviews are moved up to 200 hours
        // ahead), early in a day; `later` minutes on, the same day.
        let day = (clock + Duration::days(10)).date_naive();
        let t0 = Utc.from_utc_datetime(&day.and_hms_opt(6, 0, 0).unwrap());
        let t1 = t0 + Duration::minutes(later);
        prop_assume!(tend::domain::dates::local_date(t0) == tend::domain::dates::local_date(t1));
        // And an escalation that runs past its deadline in between, and a complaint that a
        // read takes at t0 and not at t1.
        let sla = cfg.escalation.sla_hours;
        let half = Duration::seconds(later * 30);
        if let Some(&first) = ids(&conn, "SELECT id FROM account ORDER BY id").first() {
            let opened = t0 - Duration::hours(sla.red) + half;
            store.open_escalation(first, Level::Red, "down", &sla, "anna", opened).unwrap();
            let complaint = NewNote {
                at: tend::domain::health::complaints_read_from(t0, &cfg) + half,
                kind: NoteKind::Complaint,
                text: "slow".into(),
                nps: None,
                follow_up: None,
            };
            store.add_note(first, &complaint, "anna", t0 - Duration::hours(1)).unwrap();
        }
        let by_id = |t| -> std::collections::BTreeMap<i64, tend::domain::summary::AccountSummary> {
            tend::triage::summaries_now(&store, &cfg, t, None)
                .unwrap()
                .into_iter()
                .map(|s| (s.account.id, s))
                .collect()
        };
        let (first, then) = (by_id(t0), by_id(t1));
        prop_assert_eq!(first.len(), then.len());
        for (id, s) in first {
            prop_assert_eq!(format!("{:#?}", s.aged(&cfg, t1)), format!("{:#?}", then[&id]));
        }
    }
}

/// A database below v7 opened read-only (reads never write) has no latest records: the fast
/// path reads it the slow way and gives the same facts.
#[test]
fn an_older_database_opened_read_only_is_read_the_slow_way() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tend.db");
    let cfg = Config::default();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    {
        let store = Store::open(&path, &cfg.store, Access::Write).unwrap();
        tend::demo::fill(&store, &cfg, now, "anna.berger", 12, 3, false).unwrap();
    }
    let expected = {
        let store = Store::open(&path, &cfg.store, Access::Read).unwrap();
        facts_key(store.facts_at(now, &cfg, None).unwrap())
    };
    // Back to v6: what an older tend left behind.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TRIGGER note_latest_insert; DROP TRIGGER nps_latest_insert; \
             DROP TRIGGER note_latest_delete; DROP TRIGGER nps_latest_delete; \
             DROP TRIGGER note_latest_update; DROP TRIGGER nps_latest_update; \
             DROP TRIGGER review_latest_insert; DROP TRIGGER review_latest_delete; \
             DROP TRIGGER review_latest_update; DROP TRIGGER visit_latest_insert; \
             DROP TRIGGER visit_latest_delete; DROP TRIGGER visit_latest_update; \
             DROP TABLE note_latest; DROP TABLE nps_latest; DROP TABLE review_latest; \
             DROP TABLE visit_latest_done; DROP INDEX visit_by_closed; \
             DROP TRIGGER tick_week_insert; DROP TRIGGER tick_week_delete; \
             DROP TRIGGER tick_week_update; DROP TABLE tick_week; PRAGMA user_version = 6;",
        )
        .unwrap();
        // And migration 009's change log.
        let touch: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%_touch_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        // (Migration 011's snooze triggers among them, and its view below.)
        assert_eq!(touch.len(), 34);
        for t in touch {
            conn.execute_batch(&format!("DROP TRIGGER {t}")).unwrap();
        }
        conn.execute_batch(
            "DROP VIEW snooze_account; DROP VIEW account_touch; DROP TABLE account_change;",
        )
        .unwrap();
        // And migration 010's indexes (its visit_by_closed went with 007's above).
        conn.execute_batch("DROP INDEX note_complaint; DROP INDEX escalation_live;")
            .unwrap();
        // And migration 012's trigger.
        conn.execute_batch("DROP TRIGGER escalation_id_kept;")
            .unwrap();
    }
    let store = Store::open(&path, &cfg.store, Access::Read).unwrap();
    assert_eq!(store.schema_version().unwrap(), 6);
    assert_eq!(
        facts_key(store.facts_fast(now, &cfg, None).unwrap()),
        expected
    );
    assert!(!store.now_extras(now, None).unwrap().is_empty());
    drop(store);
    // Opened for writing, it is migrated, and the fill gives the same facts.
    let store = Store::open(&path, &cfg.store, Access::Write).unwrap();
    assert_eq!(store.schema_version().unwrap(), tend::store::SCHEMA_VERSION);
    assert_eq!(
        facts_key(store.facts_fast(now, &cfg, None).unwrap()),
        expected
    );
}

/// A bulk write (demo data, imports) defers the insert triggers and looks its accounts up again
/// at the end: the stored records equal a recomputation, on an empty file and on one with
/// records, and the fast facts equal `facts_at`.
#[test]
fn bulk_writes_leave_the_latest_records_exact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tend.db");
    let cfg = Config::default();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let store = Store::open(&path, &cfg.store, Access::Write).unwrap();
    tend::demo::fill(&store, &cfg, now, "anna.berger", 25, 5, false).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    stored_equals_recomputed(&conn);
    let first = ids(&conn, "SELECT id FROM account ORDER BY id")[0];
    store
        .bulk(|b| {
            // Older than what is there, newer, and dated ahead of now.
            for (days, nps) in [(-400, Some(3)), (-1, None), (5, Some(9))] {
                let at = now + Duration::days(days);
                b.note(first, at, "ben", NoteKind::Call, "bulk", nps)?;
                b.note(first, at, "ben", NoteKind::RelationshipReview, "bulk", nps)?;
                let scores = Scores {
                    performance: 10,
                    relationship: 20,
                    outlook: 30,
                    engagement: 40,
                };
                b.review(first, at, "ben", scores, None)?;
                b.visit(
                    first,
                    None,
                    Some(at.date_naive()),
                    None,
                    at,
                    Some(at),
                    "ben",
                )?;
                let week = IsoWeek::at(at).previous().to_string();
                b.tick(first, &week, "kpis", at, "ben")?;
                b.tick(first, &week, "update", at, "ben")?;
            }
            Ok(())
        })
        .unwrap();
    stored_equals_recomputed(&conn);
    for t in [now, now - Duration::days(30), now + Duration::days(10)] {
        assert_eq!(
            facts_key(store.facts_fast(t, &cfg, None).unwrap()),
            facts_key(store.facts_at(t, &cfg, None).unwrap())
        );
    }
}

/// The last write of a history being an untick (an UPDATE of a tick) or a text edit: the stored
/// rows follow it (a random history rarely ends that way).
#[test]
fn an_untick_as_the_last_write_is_followed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tend.db");
    let cfg = Config::default();
    let store = Store::open(&path, &cfg.store, Access::Write).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut clock = start();
    let new = account("Alpha", 100_000);
    store.add_account(&new, "anna", clock).unwrap();
    for op in [
        Op::Tick(0, true, 0),
        Op::Tick(0, true, 1),
        Op::Tick(0, false, 2),
        Op::Clock(2),
        Op::Untick(0, true, 0),
        Op::Untick(0, false, 2),
    ] {
        apply(&store, &conn, &cfg, &mut clock, &op);
    }
    stored_equals_recomputed(&conn);
    for t in [clock, clock - Duration::hours(1)] {
        assert_eq!(
            facts_key(store.facts_fast(t, &cfg, None).unwrap()),
            facts_key(store.facts_at(t, &cfg, None).unwrap())
        );
        assert_eq!(
            extras_key(store.now_extras(t, None).unwrap()),
            extras_key(store.now_extras_reference(t, None).unwrap())
        );
    }
}

/// The two connections of `facts_split` read one snapshot even while a colleague writes: each
/// commit here changes the account's value (read on the first connection) and adds a call (its
/// last contact is read on the second) together, so a torn read would pair a value with another
/// commit's call.
#[test]
fn the_split_read_is_one_snapshot_while_another_process_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tend.db");
    let cfg = Config::default();
    let store = Store::open(&path, &cfg.store, Access::Write).unwrap();
    let new = account("Alpha", 0);
    let id = store.add_account(&new, "anna", start()).unwrap().id;
    let base = start().timestamp();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (path, stop) = (path.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            conn.busy_timeout(std::time::Duration::from_secs(5))
                .unwrap();
            let mut n = 0i64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) && n < 20_000 {
                n += 1;
                let tx = conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                    .unwrap();
                tx.execute(
                    "UPDATE account SET value_cents = ?1 WHERE id = ?2",
                    rusqlite::params![n, id],
                )
                .unwrap();
                tx.execute(
                    "INSERT INTO note (account_id, at, author, kind, text, created_at) VALUES (?1, ?2, 'bob', 'call', 'x', ?2)",
                    rusqlite::params![id, base + 60 * n],
                )
                .unwrap();
                tx.commit().unwrap();
            }
            n
        })
    };
    let t = start() + Duration::days(60);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..300 {
        let (facts, _) = store.facts_split(t, &cfg, Need::Summaries).unwrap();
        let f = &facts[0].facts;
        let expected = (f.value_cents > 0).then(|| {
            chrono::DateTime::<Utc>::from_timestamp(base + 60 * f.value_cents, 0).unwrap()
        });
        assert_eq!(
            f.last_contact, expected,
            "value {} paired with another commit's call",
            f.value_cents
        );
        seen.insert(f.value_cents);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.join().unwrap();
    assert!(written > 0);
    // The reads saw the file move (not one frozen state).
    assert!(seen.len() > 1, "the reads all saw one state: {seen:?}");
}

/// When the second connection cannot open (here: the path now names a file that is not a tend
/// database, while this connection keeps the one it opened), `facts_split` reads everything on
/// this connection instead of failing.
#[test]
fn a_second_connection_that_cannot_open_leaves_the_read_to_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tend.db");
    let cfg = Config::default();
    let store = Store::open(&path, &cfg.store, Access::Write).unwrap();
    for name in ["Alpha", "Beta"] {
        let new = account(name, 100_000);
        let a = store.add_account(&new, "anna", start()).unwrap();
        let note = NewNote {
            at: start() + Duration::days(3),
            kind: NoteKind::Call,
            text: "call".into(),
            nps: Some(9),
            follow_up: None,
        };
        store.add_note(a.id, &note, "anna", start()).unwrap();
    }
    let t = start() + Duration::days(10);
    let expected = facts_key(store.facts_at(t, &cfg, None).unwrap());
    std::fs::rename(&path, dir.path().join("moved.db")).unwrap();
    std::fs::write(&path, "not a database").unwrap();
    let (split, extras) = store.facts_split(t, &cfg, Need::Summaries).unwrap();
    assert_eq!(facts_key(split), expected);
    assert!(extras.is_some());
    assert_eq!(std::fs::read(&path).unwrap(), b"not a database");
}
