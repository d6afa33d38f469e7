//! A colleague's write re-reads only the accounts it changed (`reload_changed`): after each kind
//! of write the cockpit's data equals a cockpit that read everything at the same moment.

use chrono::{Duration, NaiveDate};

use super::testing::{USER, now};
use super::*;
use crate::config::Config;
use crate::domain::escalation::Level;
use crate::domain::feedback::NoteKind;
use crate::domain::{Birthday, ChurnCategory, Scores, Tier};
use crate::ops::Ops;
use crate::store::Access;
use crate::store::accounts::{AccountPatch, NewAccount};
use crate::store::contacts::NewContact;
use crate::store::notes::NewNote;

/// Everything the cockpit shows of the portfolio, in a form two cockpits can be compared by.
fn shown(app: &App) -> String {
    let mut churned: Vec<_> = app.data.churned.iter().collect();
    churned.sort_by_key(|s| s.account.id);
    let mut then: Vec<_> = app.data.then_health.iter().flatten().collect();
    then.sort();
    format!(
        "{:#?}\n{churned:#?}\n{:#?}\n{:#?}\n{:#?}\n{then:?}\n{}",
        app.data.list, app.data.kpis, app.data.queue, app.data.agenda, app.data.due_now
    )
}

/// Equal, or a panic that shows where they part (the whole portfolio is too long to read).
fn same(got: &str, want: &str, what: &str) {
    let (g, w): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
    if let Some(i) = (0..g.len().max(w.len())).find(|&i| g.get(i) != w.get(i)) {
        let from = i.saturating_sub(30);
        panic!(
            "{what}: line {i} differs\n--- partial reload\n{}\n--- full reload\n{}",
            g[from..(i + 3).min(g.len())].join("\n"),
            w[from..(i + 3).min(w.len())].join("\n")
        );
    }
}

fn cockpit(store: &Store) -> App {
    cockpit_at(store, now())
}

fn cockpit_at(store: &Store, t: Timestamp) -> App {
    let cfg = Config::default();
    let keymap = keymap::Keymap::from_config(&cfg.keys).unwrap();
    let mut app = App::new(cfg, keymap, USER.into(), t);
    reload(store, &mut app);
    app
}

fn note(at: Timestamp, kind: NoteKind, text: &str, nps: Option<u8>) -> NewNote {
    NewNote {
        at,
        kind,
        text: text.into(),
        nps,
        follow_up: None,
    }
}

type Write = Box<dyn Fn(&Ops<'_>, &Store, &[i64])>;

/// A 40-account demo file (kept while the directory lives), the cockpit's connection to it and
/// a colleague's.
fn demo_and_colleague() -> (tempfile::TempDir, Store, Store) {
    let cfg = Config::default();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tend.db");
    let store = Store::open(&path, &cfg.store, Access::Write).unwrap();
    crate::demo::fill(&store, &cfg, now(), USER, 40, 7, false).unwrap();
    let colleague = Store::open(&path, &cfg.store, Access::Write).unwrap();
    (dir, store, colleague)
}

#[test]
fn a_reload_of_the_changed_accounts_equals_a_full_reload() {
    let cfg = Config::default();
    let (_dir, store, colleague) = demo_and_colleague();
    let mut app = cockpit(&store);
    assert!(!app.data.trend_stale, "the trend pass ran");
    let ids: Vec<i64> = app.data.list.iter().map(|s| s.account.id).collect();
    let today = crate::domain::dates::local_date(now());
    let writes: Vec<(&str, Write)> = vec![
        (
            "a call today",
            Box::new(|o, _, ids| {
                o.log_note(ids[0], note(now(), NoteKind::Call, "called", None))
                    .unwrap();
            }),
        ),
        (
            "a backdated complaint (health 30 days ago moves too)",
            Box::new(|o, _, ids| {
                let at = now() - Duration::days(40);
                o.log_note(ids[5], note(at, NoteKind::Complaint, "late", Some(2)))
                    .unwrap();
            }),
        ),
        (
            "an escalation opened and raised",
            Box::new(|o, _, ids| {
                let e = o.open_escalation(ids[7], Level::Yellow, "slow").unwrap();
                o.raise_escalation(e.id, Some(Level::Red), Some("worse"))
                    .unwrap();
            }),
        ),
        (
            "the most urgent escalation resolved, then reopened elsewhere",
            Box::new(|o, s, _| {
                let open = s.escalations(false).unwrap();
                o.resolve_escalation(open[0].id, "fixed", None).unwrap();
                let e = o.open_escalation(open[0].account_id, Level::Orange, "again");
                o.resolve_escalation(e.unwrap().id, "done", None).unwrap();
            }),
        ),
        (
            "a review",
            Box::new(|o, _, ids| {
                let s = Scores {
                    performance: 20,
                    relationship: 30,
                    outlook: 10,
                    engagement: 40,
                };
                o.review(ids[20], s, None).unwrap();
            }),
        ),
        (
            "a tick and a visit",
            Box::new(|o, _, ids| {
                let key = Config::default().checklist.items[0].key.clone();
                let week = crate::domain::IsoWeek::at(now());
                o.tick(ids[2], week, &key, true).unwrap();
                let day = crate::domain::dates::local_date(now());
                o.visit_done(ids[3], day, Some("coffee")).unwrap();
                o.plan_visit(ids[4], day + Duration::days(20), None)
                    .unwrap();
            }),
        ),
        (
            "a rename that moves the account in the order, and a value change",
            Box::new(|o, _, ids| {
                let patch = AccountPatch {
                    name: Some("Aaaa First".into()),
                    value_cents: Some(1),
                    ..AccountPatch::default()
                };
                o.edit_account(ids[9], &patch).unwrap();
            }),
        ),
        (
            "a churn",
            Box::new(|o, _, ids| {
                let day = crate::domain::dates::local_date(now());
                o.churn_account(ids[11], "budget", ChurnCategory::Costs, day)
                    .unwrap();
            }),
        ),
        (
            "a new account with a birthday, and one deleted",
            Box::new(|o, _, ids| {
                let a = o
                    .add_account(NewAccount {
                        name: "Brand New GmbH".into(),
                        owner: USER.into(),
                        backup: None,
                        tier: Tier::Premium,
                        value_cents: 900_000,
                        client_since: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                        renewal: None,
                        referred_by: None,
                    })
                    .unwrap();
                let birthday = Birthday::parse("birthday", "11-25").unwrap();
                let contact = NewContact {
                    person: "Eva".into(),
                    role: None,
                    email: None,
                    phone: None,
                    primary: true,
                    birthday: Some(birthday),
                    channel: None,
                    best_time: None,
                    personal: None,
                };
                o.add_contact(a.id, &contact).unwrap();
                o.delete_account(ids[12]).unwrap();
            }),
        ),
        (
            "a note edited and one deleted",
            Box::new(|o, s, ids| {
                let n = o
                    .log_note(ids[14], note(now(), NoteKind::Meeting, "met", None))
                    .unwrap();
                o.edit_note(n.id, "met twice").unwrap();
                let old = s.notes(ids[15], Some(1)).unwrap();
                o.delete_note(old[0].id).unwrap();
            }),
        ),
    ];
    for (what, write) in &writes {
        let ops = Ops::new(&colleague, &cfg, "jonas.keller", now());
        write(&ops, &colleague, &ids);
        assert!(
            reload_changed(&store, &mut app).unwrap(),
            "{what}: read in part"
        );
        reload_panes(&store, &mut app);
        complete_load(&store, &mut app);
        assert!(!app.data.trend_stale, "{what}: no second trend pass");
        let full = cockpit(&store);
        same(&shown(&app), &shown(&full), what);
    }
    // A snooze (of the account's item, of a follow-up by its note) and its clearing move only
    // the item's account (migration 011).
    let ops = Ops::new(&colleague, &cfg, "jonas.keller", now());
    let promise = ops
        .log_note(
            ids[16],
            NewNote {
                follow_up: Some(today + Duration::days(1)),
                ..note(now(), NoteKind::Call, "send the offer", None)
            },
        )
        .unwrap();
    assert!(reload_changed(&store, &mut app).unwrap());
    complete_load(&store, &mut app);
    let item = app
        .data
        .agenda
        .iter()
        .find(|i| !i.id.starts_with("escalation:") && !i.id.starts_with("follow-up:"))
        .map(|i| i.id.clone())
        .unwrap();
    let follow_up = format!("follow-up:{}", promise.id);
    assert!(app.data.agenda.iter().any(|i| i.id == follow_up));
    for (what, snooze) in [
        ("a snooze", true),
        ("a follow-up snoozed", true),
        ("a snooze cleared", false),
    ] {
        let item = if what.contains("follow-up") {
            &follow_up
        } else {
            &item
        };
        if snooze {
            ops.snooze(item, today + Duration::days(3), "later")
                .unwrap();
        } else {
            assert!(ops.clear_snooze(item).unwrap());
        }
        assert!(
            reload_changed(&store, &mut app).unwrap(),
            "{what}: read in part"
        );
        reload_panes(&store, &mut app);
        complete_load(&store, &mut app);
        same(&shown(&app), &shown(&cockpit(&store)), what);
        let listed = app.data.agenda.iter().any(|i| &i.id == item);
        assert_eq!(listed, !snooze, "{what}: {item} on the agenda");
    }
    // And a bulk write (demo data, an import), whose insert triggers are deferred; one that
    // writes nothing leaves nothing to read.
    let mut app = cockpit(&store);
    colleague.bulk(|_| Ok(())).unwrap();
    assert!(reload_changed(&store, &mut app).unwrap());
    colleague.bulk(|b| b.set_meta("imported", "1")).unwrap();
    assert!(!reload_changed(&store, &mut app).unwrap());
}

/// Data read a while ago: a colleague's write re-reads the accounts it changed, and every other
/// summary is made again at the new moment from what it was made of — an escalation ran past
/// its deadline meanwhile, a complaint fell out of what a read takes — with the trend and the
/// agenda. Equal to a full read at that moment; another day is read whole.
#[test]
fn data_read_a_while_ago_is_made_again_at_the_new_moment() {
    let cfg = Config::default();
    let (_dir, store, colleague) = demo_and_colleague();
    let ids: Vec<i64> = cockpit(&store)
        .data
        .list
        .iter()
        .map(|s| s.account.id)
        .collect();
    let later = now() + Duration::minutes(AGED_AFTER_MINUTES + 5);
    // Written before the cockpit reads: a red escalation due between its two moments, and a
    // complaint a read takes at the first moment and not at the second.
    let red = Duration::hours(cfg.escalation.sla_hours.red);
    let e = Ops::new(
        &colleague,
        &cfg,
        "jonas.keller",
        now() + Duration::minutes(3) - red,
    )
    .open_escalation(ids[3], Level::Red, "the shop is down")
    .unwrap();
    assert!(e.due_at > now() && e.due_at <= later, "{}", e.due_at);
    let old = crate::domain::health::complaints_read_from(now(), &cfg) + Duration::minutes(2);
    Ops::new(&colleague, &cfg, "jonas.keller", now())
        .log_note(ids[4], note(old, NoteKind::Complaint, "slow", None))
        .unwrap();
    let mut app = cockpit(&store);
    let overdue = |app: &App| {
        let s = app.data.list.iter().find(|s| s.account.id == ids[3]);
        s.unwrap().overdue_escalations
    };
    let before = overdue(&app);
    app.now = later;
    Ops::new(&colleague, &cfg, "jonas.keller", later)
        .log_note(ids[0], note(later, NoteKind::Call, "called", None))
        .unwrap();
    assert!(reload_changed(&store, &mut app).unwrap(), "read in part");
    assert_eq!(app.data.loaded_at, Some(later));
    assert!(app.data.trend_stale && app.data.agenda_pending);
    reload_panes(&store, &mut app);
    complete_load(&store, &mut app);
    same(&shown(&app), &shown(&cockpit_at(&store, later)), "aged");
    assert_eq!(overdue(&app), before + 1);
    // A few minutes on, only the changed account is read again.
    app.now = later + Duration::minutes(1);
    Ops::new(&colleague, &cfg, "jonas.keller", app.now)
        .log_note(ids[1], note(app.now, NoteKind::Call, "again", None))
        .unwrap();
    assert!(reload_changed(&store, &mut app).unwrap());
    assert_eq!(app.data.loaded_at, Some(later));
    // The next day (the week's ticks, every date) is read whole.
    app.now = later + Duration::days(1);
    Ops::new(&colleague, &cfg, "jonas.keller", app.now)
        .log_note(ids[0], note(app.now, NoteKind::Call, "next day", None))
        .unwrap();
    assert!(!reload_changed(&store, &mut app).unwrap());
}

#[test]
fn a_read_that_fails_keeps_what_the_cockpit_shows() {
    // A full reload drops the old summaries and the old agenda before it makes the new ones (two
    // portfolios at once were the cockpit's peak at 100 000 accounts), but only after everything
    // that can fail was read: a read that fails leaves the screen as it was.
    let (_dir, store, colleague) = demo_and_colleague();
    let mut app = cockpit(&store);
    app.today = true;
    let before = shown(&app);
    assert!(!app.data.agenda.is_empty() && app.data.list.len() > 20);
    let selected = (app.selected_id(), app.sel.today.clone());
    assert!(selected.1.is_some());
    // A bulk write (read whole), then a file the facts cannot be read from.
    colleague
        .conn()
        .execute_batch(
            "INSERT INTO account_touch VALUES (0); ALTER TABLE escalation RENAME TO gone",
        )
        .unwrap();
    assert!(!reload_without_trend(&store, &mut app));
    let status = app.status.clone().unwrap();
    assert!(status.error && status.text.starts_with("could not read the database"));
    assert_eq!(shown(&app), before);
    assert_eq!((app.selected_id(), app.sel.today.clone()), selected);
    // The facts can be read again; the agenda's snoozes cannot.
    colleague
        .conn()
        .execute_batch(
            "ALTER TABLE gone RENAME TO escalation; ALTER TABLE snooze RENAME TO gone;
             INSERT INTO account_touch VALUES (0)",
        )
        .unwrap();
    app.status = None;
    reload(&store, &mut app);
    let status = app.status.clone().unwrap();
    assert!(status.error && status.text.starts_with("could not make the agenda"));
    assert_eq!(
        shown(&app),
        before,
        "the same data read again, the old agenda kept"
    );
    assert_eq!((app.selected_id(), app.sel.today.clone()), selected);
}
