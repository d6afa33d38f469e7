//! The store on real database files in temporary directories.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use tend::clock::Timestamp;
use tend::config::{Config, StoreMode};
use tend::domain::escalation::{EscalationStatus, Level};
use tend::domain::{IsoWeek, NoteKind, Scores, Status, Tier, VisitStatus};
use tend::store::accounts::{AccountPatch, NewAccount};
use tend::store::contacts::NewContact;
use tend::store::notes::NewNote;
use tend::store::{Access, Store};

fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("tend.db")
}

fn open(path: &Path) -> Store {
    Store::open(path, &Config::default().store, Access::Write).unwrap()
}

fn new_account(name: &str) -> NewAccount {
    NewAccount {
        name: name.into(),
        owner: "anna".into(),
        backup: Some("ben".into()),
        tier: Tier::Premium,
        value_cents: 450_000,
        client_since: date("2024-03-01"),
        renewal: Some(date("2027-01-15")),
        referred_by: None,
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn created_files_are_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let store = open(&path);
    store
        .add_account(&new_account("Müller GmbH"), "anna", now())
        .unwrap();
    assert_eq!(mode(&path), 0o600);
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    let shm = PathBuf::from(format!("{}-shm", path.display()));
    assert!(wal.exists() && shm.exists());
    assert_eq!(mode(&wal), 0o600);
    assert_eq!(mode(&shm), 0o600);
}

#[test]
fn team_mode_creates_group_writable_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let mut cfg = Config::default().store;
    cfg.mode = StoreMode::Team;
    let store = Store::open(&path, &cfg, Access::Write).unwrap();
    store.add_account(&new_account("A"), "anna", now()).unwrap();
    assert_eq!(mode(&path), 0o660);
}

#[test]
fn pragmas_are_set() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&db(&dir));
    assert_eq!(
        store.schema_version().unwrap(),
        tend::store::SCHEMA_VERSION,
        "every migration applied"
    );
    let (app, journal, sync) = store.pragmas().unwrap();
    assert_eq!(app, tend::store::APPLICATION_ID);
    assert_eq!(journal, "wal");
    assert_eq!(sync, 2, "synchronous=FULL");
    // A second, read-only connection sees the same database.
    let ro = Store::open(&db(&dir), &Config::default().store, Access::Read).unwrap();
    assert!(ro.is_read_only());
    assert_eq!(ro.pragmas().unwrap().0, tend::store::APPLICATION_ID);
}

#[test]
fn account_round_trip_and_unique_names() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&db(&dir));
    let a = store
        .add_account(&new_account("Müller GmbH"), "anna", now())
        .unwrap();
    let back = store.find_account("  MÜLLER gmbh ").unwrap();
    assert_eq!(a, back);
    assert_eq!(back.tier, Tier::Premium);
    assert_eq!(back.value_cents, 450_000);
    assert_eq!(back.renewal, Some(date("2027-01-15")));
    assert_eq!(back.created_at, now());
    let e = store
        .add_account(&new_account("müller gmbh"), "ben", now())
        .unwrap_err();
    assert!(e.to_string().starts_with("name 'müller gmbh': "), "{e}");
    // Unique ignoring accents too: "muller gmbh" would take the lookups meant for Müller GmbH.
    let e = store
        .add_account(&new_account("Muller  GmbH"), "ben", now())
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "name 'Muller  GmbH': a name no other account has (compared ignoring case and accents: \
         'Müller GmbH' exists)"
    );
    assert_eq!(store.accounts().unwrap().len(), 1);
    // Renamed likewise; an account's own name with other accents is its own.
    let b = store
        .add_account(&new_account("Brandt"), "ben", now())
        .unwrap();
    let rename = |name: &str| AccountPatch {
        name: Some(name.into()),
        ..Default::default()
    };
    let e = store
        .edit_account(b.id, &rename("MULLER GMBH"), "ben", now())
        .unwrap_err();
    assert!(e.to_string().contains("'Müller GmbH' exists"), "{e}");
    let renamed = store
        .edit_account(a.id, &rename("Muller GmbH"), "ben", now())
        .unwrap();
    assert_eq!(renamed.name, "Muller GmbH");
    assert_eq!(store.accounts().unwrap().len(), 2);
    let e = store.find_account("Nobody").unwrap_err();
    assert!(e.to_string().starts_with("account 'Nobody'"));
}

#[test]
fn edits_are_recorded_as_history() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&db(&dir));
    let a = store
        .add_account(&new_account("Alpha"), "anna", now())
        .unwrap();
    let later = now() + Duration::hours(1);
    let patch = AccountPatch {
        status: Some(Status::Paused),
        backup: Some(None),
        value_cents: Some(100),
        ..Default::default()
    };
    let b = store.edit_account(a.id, &patch, "ben", later).unwrap();
    assert_eq!(b.status, Status::Paused);
    assert_eq!(b.backup, None);
    let history = store.account_history(a.id).unwrap();
    let fields: Vec<&str> = history.iter().map(|h| h.2.as_str()).collect();
    assert_eq!(fields, vec!["backup", "value_cents", "status"]);
    assert!(history.iter().all(|h| h.0 == later && h.1 == "ben"));
    // Status at a past moment comes from the history.
    let cfg = Config::default();
    let past = store.facts_at(now(), &cfg, Some(a.id)).unwrap();
    assert_eq!(past[0].facts.status, Status::Active);
    let present = store.facts_at(later, &cfg, Some(a.id)).unwrap();
    assert_eq!(present[0].facts.status, Status::Paused);
    // Churn.
    store
        .churn_account(
            a.id,
            "budget cut",
            tend::domain::ChurnCategory::Costs,
            date("2026-11-30"),
            "anna",
            later,
        )
        .unwrap();
    let c = store.account_by_id(a.id).unwrap();
    assert_eq!(c.status, Status::Churned);
    assert_eq!(c.churned_on, Some(date("2026-11-30")));
    assert!(
        store
            .churn_account(
                a.id,
                "again",
                tend::domain::ChurnCategory::Other,
                date("2026-11-30"),
                "anna",
                later
            )
            .is_err()
    );
}

#[test]
fn contacts_reviews_notes_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&db(&dir));
    let a = store
        .add_account(&new_account("Alpha"), "anna", now())
        .unwrap();
    let c = NewContact {
        person: "Dr. Jana Weiß".into(),
        role: Some("CMO".into()),
        email: Some("jana@example.de".into()),
        phone: None,
        primary: true,
        ..NewContact::default()
    };
    store.add_contact(a.id, &c, "anna", now()).unwrap();
    let second = NewContact {
        person: "Ole".into(),
        primary: true,
        ..c.clone()
    };
    store.add_contact(a.id, &second, "anna", now()).unwrap();
    let contacts = store.contacts(a.id).unwrap();
    assert_eq!(contacts.len(), 2);
    assert_eq!(contacts[0].person, "Ole"); // the one primary, first
    assert!(!contacts[1].primary);

    let s = Scores {
        performance: 80,
        relationship: 70,
        outlook: 60,
        engagement: 50,
    };
    store
        .add_review(a.id, s, Some("solid"), "anna", now())
        .unwrap();
    let reviews = store.reviews(a.id).unwrap();
    assert_eq!(reviews[0].scores, s);
    assert_eq!(reviews[0].note.as_deref(), Some("solid"));

    let text = "Grüße \u{1b}[31m 東京 😀\nline two";
    let n = store
        .add_note(
            a.id,
            &NewNote {
                at: now(),
                kind: NoteKind::MicroFeedback,
                text: text.into(),
                nps: Some(9),
                follow_up: None,
            },
            "anna",
            now(),
        )
        .unwrap();
    let back = store.note(n.id).unwrap();
    assert_eq!(back.text, text);
    assert_eq!(back.nps, Some(9));
    assert_eq!(back.kind, NoteKind::MicroFeedback);
    let second = store
        .add_note(
            a.id,
            &NewNote {
                at: now(),
                kind: NoteKind::Call,
                text: "later".into(),
                nps: None,
                follow_up: None,
            },
            "anna",
            now(),
        )
        .unwrap();
    let notes = store.notes(a.id, None).unwrap();
    assert_eq!(notes[0].id, second.id, "same moment: last written first");
    store.edit_note(n.id, "edited", "ben", now()).unwrap();
    assert_eq!(store.note(n.id).unwrap().text, "edited");
    store.delete_note(n.id).unwrap();
    assert!(store.note(n.id).is_err());
    assert!(store.delete_note(n.id).is_err());
}

#[test]
fn escalations_raise_resolve_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&db(&dir));
    let cfg = Config::default();
    let sla = cfg.escalation.sla_hours;
    let a = store
        .add_account(&new_account("Alpha"), "anna", now())
        .unwrap();
    let e = store
        .open_escalation(a.id, Level::Yellow, "slow replies", &sla, "anna", now())
        .unwrap();
    assert_eq!(e.due_at, now() + Duration::hours(24));
    let later = now() + Duration::hours(30);
    let raised = store
        .raise_escalation(e.id, None, Some("no answer"), &sla, "anna", later)
        .unwrap();
    assert_eq!(raised.level, Level::Orange);
    assert_eq!(raised.due_at, later + Duration::hours(48));
    let red = store
        .raise_escalation(e.id, Some(Level::Red), None, &sla, "lead", later)
        .unwrap();
    assert_eq!(red.level, Level::Red);
    assert!(
        store
            .raise_escalation(e.id, None, None, &sla, "x", later)
            .is_err()
    );
    let history = store.escalation_history(e.id).unwrap();
    let levels: Vec<(Option<Level>, Level)> = history.iter().map(|h| (h.from, h.to)).collect();
    assert_eq!(
        levels,
        vec![
            (None, Level::Yellow),
            (Some(Level::Yellow), Level::Orange),
            (Some(Level::Orange), Level::Red)
        ]
    );
    assert_eq!(history[1].note.as_deref(), Some("no answer"));

    // The level in force at a past moment comes from the history.
    let at_open = store
        .facts_at(now() + Duration::hours(1), &cfg, Some(a.id))
        .unwrap();
    assert_eq!(at_open[0].facts.open_escalations[0].level, Level::Yellow);

    let resolved = store
        .resolve_escalation(e.id, "call with CEO", "boss", later + Duration::hours(2))
        .unwrap();
    assert_eq!(resolved.status, EscalationStatus::Resolved);
    assert!(
        store
            .resolve_escalation(e.id, "again", "boss", later)
            .is_err()
    );
    assert!(
        store
            .raise_escalation(e.id, None, None, &sla, "x", later)
            .is_err()
    );
    assert!(store.escalations(false).unwrap().is_empty());
    assert_eq!(store.escalations(true).unwrap().len(), 1);
    // Before its resolution it was open.
    let before = store
        .facts_at(later + Duration::hours(1), &cfg, Some(a.id))
        .unwrap();
    assert_eq!(before[0].facts.open_escalations.len(), 1);
}

/// Undoing a resolution opens the escalation with the deadline it had (an overdue one stays
/// overdue), and only the resolution it took back: once anyone reopened and resolved it again,
/// undo refuses and changes nothing.
#[test]
fn undo_resolve_restores_the_deadline_and_only_its_own_resolution() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&db(&dir));
    let sla = Config::default().escalation.sla_hours;
    let a = store
        .add_account(&new_account("Alpha"), "anna", now())
        .unwrap();
    let e = store
        .open_escalation(a.id, Level::Red, "site down", &sla, "anna", now())
        .unwrap();
    let later = e.due_at + Duration::hours(30);
    let resolved = store
        .resolve_escalation(e.id, "fixed", "anna", later)
        .unwrap();
    let at = resolved.resolved_at.unwrap();
    let back = store
        .undo_resolve(e.id, at, e.due_at, "anna", later + Duration::minutes(1))
        .unwrap();
    assert_eq!(back.status, EscalationStatus::Open);
    assert_eq!(back.due_at, e.due_at, "still 30 h overdue");
    let history = store.escalation_history(e.id).unwrap();
    assert_eq!(
        history.last().unwrap().note.as_deref(),
        Some("resolution undone")
    );
    let refused = store
        .undo_resolve(e.id, at, e.due_at, "anna", later)
        .unwrap_err();
    assert!(refused.to_string().contains("is open already"), "{refused}");

    // Resolved again by a colleague: the old undo no longer applies.
    store
        .resolve_escalation(e.id, "really fixed", "jonas", later + Duration::hours(1))
        .unwrap();
    let refused = store
        .undo_resolve(e.id, at, e.due_at, "anna", later)
        .unwrap_err();
    assert!(
        refused.to_string().contains("resolved again since"),
        "{refused}"
    );
    let kept = store.escalation(e.id).unwrap();
    assert_eq!(kept.status, EscalationStatus::Resolved);
    assert_eq!(kept.resolution.as_deref(), Some("really fixed"));
}

#[test]
fn checklist_ticks_are_idempotent_and_keep_history() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&db(&dir));
    let cfg = Config::default();
    let a = store
        .add_account(&new_account("Alpha"), "anna", now())
        .unwrap();
    let week: IsoWeek = "2026-W47".parse().unwrap();
    let t0 = now() - Duration::days(5);
    assert!(store.tick(a.id, week, "update", "anna", t0).unwrap());
    assert!(!store.tick(a.id, week, "update", "anna", t0).unwrap());
    assert!(store.is_ticked(a.id, week, "update").unwrap());
    assert!(!store.untick(a.id, week, "kpis", "anna", t0).unwrap());
    let t1 = now() - Duration::hours(1);
    assert!(store.untick(a.id, week, "update", "anna", t1).unwrap());
    assert!(store.ticks(a.id, week).unwrap().is_empty());
    // At a moment between tick and untick the item was done.
    let f = store
        .facts_at(now() - Duration::hours(2), &cfg, Some(a.id))
        .unwrap();
    assert_eq!(
        f[0].facts.previous_week_ticked,
        ["update"].into_iter().collect()
    );
    let f = store.facts_at(now(), &cfg, Some(a.id)).unwrap();
    assert!(f[0].facts.previous_week_ticked.is_empty());
    assert!(store.tick(a.id, week, "update", "anna", now()).unwrap());
}

#[test]
fn visits_plan_reschedule_done_cancel() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&db(&dir));
    let cfg = Config::default();
    let a = store
        .add_account(&new_account("Alpha"), "anna", now())
        .unwrap();
    store
        .plan_visit(a.id, date("2026-12-01"), "anna", now())
        .unwrap();
    let t1 = now() + Duration::hours(1);
    store
        .plan_visit(a.id, date("2026-12-08"), "anna", t1)
        .unwrap();
    let visits = store.visits(a.id).unwrap();
    assert_eq!(
        visits
            .iter()
            .filter(|v| v.status == VisitStatus::Planned)
            .count(),
        1
    );
    let f = store.facts_at(t1, &cfg, Some(a.id)).unwrap();
    assert_eq!(f[0].facts.planned_visit, Some(date("2026-12-08")));
    let f = store.facts_at(now(), &cfg, Some(a.id)).unwrap();
    assert_eq!(f[0].facts.planned_visit, Some(date("2026-12-01")));

    let t2 = now() + Duration::hours(2);
    let done = store
        .visit_done(a.id, date("2026-11-23"), Some("workshop"), "anna", t2)
        .unwrap();
    assert_eq!(done.status, VisitStatus::Done);
    assert_eq!(done.planned_on, Some(date("2026-12-08")));
    let notes = store.notes(a.id, None).unwrap();
    assert_eq!(notes[0].kind, NoteKind::Visit);
    assert!(notes[0].text.contains("workshop"));
    let f = store.facts_at(t2, &cfg, Some(a.id)).unwrap();
    assert_eq!(f[0].facts.planned_visit, None);
    assert_eq!(f[0].facts.last_visit, Some(date("2026-11-23")));

    // An unplanned visit is recorded too.
    store
        .visit_done(a.id, date("2026-11-24"), None, "anna", t2)
        .unwrap();
    assert_eq!(
        store.last_visit(a.id).unwrap().unwrap().done_on,
        Some(date("2026-11-24"))
    );
    assert!(!store.cancel_visit(a.id, "anna", t2).unwrap());
    store
        .plan_visit(a.id, date("2027-02-01"), "anna", t2)
        .unwrap();
    assert!(store.cancel_visit(a.id, "anna", t2).unwrap());
}

#[test]
fn contact_kinds_are_bound_and_backdated_notes_count_from_entry() {
    // A configured kind is a value, never SQL: the quote in the second is just a character.
    let store = Store::in_memory().unwrap();
    let mut cfg = Config::default();
    cfg.health.silence.contact_kinds = vec!["call".into(), "x' OR kind <> 'call".into()];
    let a = store
        .add_account(&new_account("Alpha"), "anna", now() - Duration::days(30))
        .unwrap();
    let note = |at: Timestamp, kind: NoteKind| NewNote {
        at,
        kind,
        text: "t".into(),
        nps: None,
        follow_up: None,
    };
    let call_at = now() - Duration::days(3);
    store
        .add_note(a.id, &note(call_at, NoteKind::Call), "anna", now())
        .unwrap();
    store
        .add_note(
            a.id,
            &note(now() - Duration::days(1), NoteKind::Internal),
            "anna",
            now(),
        )
        .unwrap();
    let f = store.facts_at(now(), &cfg, Some(a.id)).unwrap();
    assert_eq!(f[0].facts.last_contact, Some(call_at));
    // The call was entered at now(): an hour earlier it did not count yet, though dated before.
    let f = store
        .facts_at(now() - Duration::hours(1), &cfg, None)
        .unwrap();
    assert_eq!(f[0].facts.last_contact, None);
}

#[test]
fn delete_erases_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&db(&dir));
    let sla = Config::default().escalation.sla_hours;
    let a = store
        .add_account(&new_account("Alpha"), "anna", now())
        .unwrap();
    store
        .add_note(
            a.id,
            &NewNote {
                at: now(),
                kind: NoteKind::Call,
                text: "x".into(),
                nps: None,
                follow_up: None,
            },
            "anna",
            now(),
        )
        .unwrap();
    store
        .open_escalation(a.id, Level::Red, "threat", &sla, "anna", now())
        .unwrap();
    store
        .plan_visit(a.id, date("2026-12-01"), "anna", now())
        .unwrap();
    store
        .tick(a.id, IsoWeek::at(now()), "update", "anna", now())
        .unwrap();
    store.delete_account(a.id).unwrap();
    assert!(store.accounts().unwrap().is_empty());
    assert!(store.escalations(true).unwrap().is_empty());
    assert!(store.notes(a.id, None).unwrap().is_empty());
}

/// A write for an account a colleague deleted a moment ago (the cockpit's form was open) says
/// so in words, not as SQLite's constraint, and writes nothing.
#[test]
fn a_write_for_a_deleted_account_says_it_was_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let store = open(&path);
    let a = store
        .add_account(&new_account("Alpha"), "anna", now())
        .unwrap();
    open(&path).delete_account(a.id).unwrap();
    let note = NewNote {
        at: now(),
        kind: NoteKind::Call,
        text: "called".into(),
        nps: None,
        follow_up: None,
    };
    let e = store.add_note(a.id, &note, "anna", now()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "database: its account or record was deleted by someone meanwhile"
    );
    assert!(store.notes(a.id, None).unwrap().is_empty());
}

/// A file another process holds locked is waited for and then refused — never read as
/// "immutable", which ignores the WAL and would show data from before that process's commits.
#[test]
fn a_locked_file_is_never_read_without_its_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let store = open(&path);
    store
        .add_account(&new_account("Alpha"), "anna", now())
        .unwrap();
    drop(store);
    // Another process: exclusive locking, a commit that lives in the WAL only.
    let other = rusqlite::Connection::open(&path).unwrap();
    other
        .pragma_update(None, "locking_mode", "EXCLUSIVE")
        .unwrap();
    other
        .execute("UPDATE account SET name = 'Beta'", [])
        .unwrap();
    let mut cfg = Config::default().store;
    cfg.busy_timeout_ms = 200;
    match Store::open(&path, &cfg, Access::Read) {
        Err(e) => assert!(e.to_string().contains("locked"), "{e}"),
        Ok(s) => {
            let names: Vec<String> = s
                .account_names()
                .unwrap()
                .into_iter()
                .map(|n| n.1)
                .collect();
            assert_eq!(names, ["Beta"], "read without the WAL");
        }
    }
}

#[test]
fn two_connections_write_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let first = open(&path);
    let a = first
        .add_account(&new_account("Alpha"), "anna", now())
        .unwrap();
    let threads: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let store = open(&path);
                for i in 0..100 {
                    let n = NewNote {
                        at: now(),
                        kind: NoteKind::Call,
                        text: format!("writer {w} note {i}"),
                        nps: None,
                        follow_up: None,
                    };
                    store.add_note(a.id, &n, "anna", now()).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(first.notes(a.id, None).unwrap().len(), 200);
}

#[test]
fn data_version_moves_when_another_connection_commits() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let watcher = open(&path);
    let writer = open(&path);
    let v0 = watcher.data_version().unwrap();
    assert_eq!(watcher.data_version().unwrap(), v0);
    writer
        .add_account(&new_account("Alpha"), "anna", now())
        .unwrap();
    assert_ne!(watcher.data_version().unwrap(), v0);
}

#[test]
fn refuses_world_writable_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    open(&path)
        .add_account(&new_account("Alpha"), "anna", now())
        .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    let before = std::fs::read(&path).unwrap();
    for access in [Access::Read, Access::Write] {
        let e = Store::open(&path, &Config::default().store, access)
            .err()
            .unwrap();
        assert!(e.to_string().contains("writable by every user"), "{e}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn refuses_a_file_that_is_not_sqlite_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    std::fs::write(&path, "name,owner\nAlpha,anna\n").unwrap();
    let e = Store::open(&path, &Config::default().store, Access::Write)
        .err()
        .unwrap();
    assert!(e.to_string().contains("not an SQLite database"), "{e}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "name,owner\nAlpha,anna\n"
    );
    assert_eq!(e.exit_code(), 1);
}

#[test]
fn refuses_a_foreign_sqlite_database_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    // A one-table database made with Python's sqlite3 module.
    std::fs::write(&path, include_bytes!("fixtures/foreign.sqlite")).unwrap();
    let before = std::fs::read(&path).unwrap();
    let e = Store::open(&path, &Config::default().store, Access::Write)
        .err()
        .unwrap();
    assert!(e.to_string().contains("not a tend database"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn read_access_never_writes() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing-here.db");
    let store = Store::open(&missing, &Config::default().store, Access::Read).unwrap();
    assert!(store.accounts().unwrap().is_empty());
    assert!(!missing.exists(), "a read must not create the file");

    let path = db(&dir);
    open(&path)
        .add_account(&new_account("Alpha"), "anna", now())
        .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
    let ro = Store::open(&path, &Config::default().store, Access::Read).unwrap();
    assert_eq!(ro.accounts().unwrap().len(), 1);
    let e = ro
        .add_account(&new_account("Beta"), "anna", now())
        .unwrap_err();
    assert!(e.to_string().contains("read-only"), "{e}");
}

/// A Release 1 database (schema v2, a churned account and a contact in it) is read as it is (reads
/// never write), upgraded in place when it is opened for writing, keeps its rows, and gets the
/// Release 2 fields: the churn category `other`, empty contact details; escalations can be
/// reopened.
#[test]
fn migrations_upgrade_a_release_1_database_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../src/store/migrations/001_init.sql"))
            .unwrap();
        conn.execute_batch(include_str!(
            "../src/store/migrations/002_covering_indexes.sql"
        ))
        .unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.pragma_update(None, "application_id", tend::store::APPLICATION_ID)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO account (id, name, name_key, owner, tier, client_since, status, churned_on, churn_reason, created_at, created_by) \
             VALUES (7, 'Old KG', 'old kg', 'anna', 'standard', '2020-01-01', 'churned', '2026-01-10', 'budget', 1700000000, 'anna'); \
             INSERT INTO contact (account_id, person, is_primary, created_at, created_by) VALUES (7, 'Eva', 1, 1700000000, 'anna');",
        )
        .unwrap();
    }
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let store = Store::open(&path, &Config::default().store, Access::Read).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        2,
        "reads never write (no migration)"
    );
    // … and read the Release 2 fields through stand-ins.
    let old = store.find_account("Old KG").unwrap();
    assert_eq!(old.churn_category, Some(tend::domain::ChurnCategory::Other));
    assert_eq!(store.contacts(7).unwrap()[0].birthday, None);
    drop(store);
    let store = Store::open(&path, &Config::default().store, Access::Write).unwrap();
    assert_eq!(store.schema_version().unwrap(), tend::store::SCHEMA_VERSION);
    let old = store.find_account("Old KG").unwrap();
    assert_eq!(old.churn_category, Some(tend::domain::ChurnCategory::Other));
    assert_eq!(old.churn_reason.as_deref(), Some("budget"));
    assert_eq!(store.contacts(7).unwrap()[0].person, "Eva");
    let a = store.add_account(&new_account("A"), "anna", now()).unwrap();
    let sla = Config::default().escalation.sla_hours;
    let e = store
        .open_escalation(
            a.id,
            tend::domain::escalation::Level::Red,
            "silence",
            &sla,
            "anna",
            now(),
        )
        .unwrap();
    store
        .resolve_escalation(e.id, "called", "anna", now())
        .unwrap();
    let later = now() + chrono::Duration::hours(3);
    let e = store
        .reopen_escalation(e.id, "no answer since", &sla, "anna", later)
        .unwrap();
    assert!(e.is_open());
    assert_eq!(e.due_at, later + chrono::Duration::hours(24));
    assert_eq!(store.undone_resolutions(e.id).unwrap().len(), 1);
}

/// Migration 008: a deleted note's id is never given to the next note (it used to be, when it
/// was the highest), so an id held by undo, a draft or a script cannot come to name another note.
/// The rebuild keeps every id, the search index and the latest-note summaries.
#[test]
fn note_ids_are_never_reused_and_migration_008_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    {
        // A v7 database with notes, as the previous release left it.
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in [
            include_str!("../src/store/migrations/001_init.sql"),
            include_str!("../src/store/migrations/002_covering_indexes.sql"),
            include_str!("../src/store/migrations/003_escalation_reopen.sql"),
            include_str!("../src/store/migrations/004_method_complete.sql"),
            include_str!("../src/store/migrations/005_today.sql"),
            include_str!("../src/store/migrations/006_note_search.sql"),
            include_str!("../src/store/migrations/007_latest_summaries.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 7).unwrap();
        conn.pragma_update(None, "application_id", tend::store::APPLICATION_ID)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO account (id, name, name_key, owner, tier, client_since, status, created_at, created_by) \
             VALUES (1, 'Alt KG', 'alt kg', 'anna', 'standard', '2020-01-01', 'active', 1700000000, 'anna'); \
             INSERT INTO note (id, account_id, at, author, kind, text, created_at) \
             VALUES (5, 1, 1700000000, 'anna', 'call', 'budget talk', 1700000000), \
                    (9, 1, 1700000100, 'anna', 'email', 'sent the offer', 1700000100);",
        )
        .unwrap();
    }
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let store = open(&path);
    assert_eq!(store.schema_version().unwrap(), tend::store::SCHEMA_VERSION);
    let ids: Vec<i64> = store.notes(1, None).unwrap().iter().map(|n| n.id).collect();
    assert_eq!(ids, vec![9, 5], "every id kept");
    assert_eq!(store.search("budget", None, 5).unwrap().hits[0].note.id, 5);
    // The highest note deleted: the next one gets a new number.
    store.delete_note(9).unwrap();
    let n = store
        .add_note(
            1,
            &tend::store::notes::NewNote {
                at: now(),
                kind: tend::domain::NoteKind::Call,
                text: "a colleague's note".into(),
                nps: None,
                follow_up: None,
            },
            "jonas",
            now(),
        )
        .unwrap();
    assert_eq!(n.id, 10, "id 9 is never given again");
    assert_eq!(
        store.search("colleague", None, 5).unwrap().hits[0].note.id,
        10
    );
}

/// A snooze moves the change log of its item's account (migration 011): `KIND:ACCOUNT_ID`,
/// `follow-up:NOTE_ID` and `escalation:ID` name it; an id that names no record of the file, or
/// no number as tend writes it, moves the whole portfolio, so a cockpit never misses a snooze.
#[test]
fn a_snooze_moves_the_change_log_of_its_items_account() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let store = open(&path);
    let a = store
        .add_account(&new_account("Alpha"), "anna", now())
        .unwrap();
    let b = store
        .add_account(&new_account("Beta"), "anna", now())
        .unwrap();
    let note = NewNote {
        at: now(),
        kind: NoteKind::Call,
        text: "send the offer".into(),
        nps: None,
        follow_up: Some(date("2026-11-30")),
    };
    let promise = store.add_note(b.id, &note, "anna", now()).unwrap();
    let sla = Config::default().escalation.sla_hours;
    let e = store
        .open_escalation(a.id, Level::Yellow, "slow", &sla, "anna", now())
        .unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let moved = |write: &dyn Fn()| {
        let seen = store.change_seq().unwrap().unwrap();
        write();
        let c = store.changes_since(seen).unwrap().unwrap();
        (c.everything, c.accounts)
    };
    let until = date("2026-11-28");
    let snooze = |item: &str| store.snooze(item, until, "later", "anna", now()).unwrap();
    let clear = |item: &str| assert!(store.clear_snooze(item, "anna", now()).unwrap());
    assert_eq!(
        moved(&|| snooze(&format!("review:{}", b.id))),
        (false, vec![b.id])
    );
    assert_eq!(
        moved(&|| clear(&format!("review:{}", b.id))),
        (false, vec![b.id])
    );
    let follow_up = format!("follow-up:{}", promise.id);
    assert_eq!(moved(&|| snooze(&follow_up)), (false, vec![b.id]));
    let escalation = format!("escalation:{}", e.id);
    let by_hand = |item: &str| {
        conn.execute(
            "INSERT INTO snooze (item, until, reason, at, by) VALUES (?1, '2026-11-28', 'x', 0, 'sql')",
            [item],
        )
        .unwrap();
    };
    assert_eq!(moved(&|| by_hand(&escalation)), (false, vec![a.id]));
    // An item changed by hand to another account's: both move. Deleted: its account.
    let change = || {
        conn.execute(
            "UPDATE snooze SET item = ?1 WHERE item = ?2",
            [format!("visit:{}", b.id), escalation.clone()],
        )
        .unwrap();
    };
    let (everything, mut accounts) = moved(&change);
    accounts.sort();
    assert_eq!((everything, accounts), (false, vec![a.id, b.id]));
    let delete = || {
        conn.execute(
            "DELETE FROM snooze WHERE item = ?1",
            [format!("visit:{}", b.id)],
        )
        .unwrap();
    };
    assert_eq!(moved(&delete), (false, vec![b.id]));
    for unknown in [
        "review:999".to_string(),
        format!("follow-up:{}", promise.id + 1000),
        format!("review:0{}", a.id),
        format!("review:{}x", a.id),
        format!("{}", a.id),
        "review:".to_string(),
    ] {
        let (everything, _) = moved(&|| by_hand(&unknown));
        assert!(everything, "{unknown}: the whole portfolio");
    }
}

#[test]
fn an_escalation_taken_back_leaves_its_id_unused() {
    // Migration 012: found in a trial, #65 named three escalations within minutes, each taken
    // back and its number given to the next.
    let dir = tempfile::tempdir().unwrap();
    let store = open(&db(&dir));
    let sla = Config::default().escalation.sla_hours;
    let a = store
        .add_account(&new_account("Alpha"), "anna", now())
        .unwrap();
    let open = |why: &str| {
        store
            .open_escalation(a.id, Level::Yellow, why, &sla, "anna", now())
            .unwrap()
    };
    let first = open("late report");
    let second = open("wrong invoice");
    store.undo_escalation_opened(second.id, now()).unwrap();
    let third = open("missed call");
    assert_eq!(third.id, second.id + 1, "not the id taken back");
    // Over several taken back, and deleted with their account (a cascade).
    store.undo_escalation_opened(third.id, now()).unwrap();
    store.undo_escalation_opened(first.id, now()).unwrap();
    let last = open("again");
    assert_eq!(last.id, third.id + 1);
    store.delete_account(a.id).unwrap();
    assert!(store.escalations(true).unwrap().is_empty());
    let b = store
        .add_account(&new_account("Beta"), "anna", now())
        .unwrap();
    let e = store
        .open_escalation(b.id, Level::Red, "down", &sla, "anna", now())
        .unwrap();
    assert_eq!(e.id, last.id + 1);
}
