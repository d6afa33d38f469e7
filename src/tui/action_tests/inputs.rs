//! The quick note, checklist ticks, visits, reviews and new accounts.

use super::*;

#[test]
pub(super) fn note_opens_for_the_selected_account() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    assert_eq!(update(app, Action::Note), None);
    let Mode::Note(note) = &app.mode else {
        panic!("the note box is open")
    };
    assert_eq!(note.account_id, ids.delta);
    assert_eq!(note.account, "Delta Druck AG");
    assert_eq!(note.input.value(), "");
    assert!(!note.restored);
    // Tab / Shift-Tab choose the kind among the domain's kinds (never typed into the text).
    let kind = |app: &App| match &app.mode {
        Mode::Note(n) => (n.kind, n.input.value().to_string()),
        _ => panic!("the note box closed"),
    };
    handle_key(app, key(KeyCode::Tab));
    assert_eq!(
        kind(app),
        (Some(crate::domain::NoteKind::Complaint), String::new())
    );
    handle_key(app, key(KeyCode::BackTab));
    handle_key(app, key(KeyCode::BackTab));
    assert_eq!(
        kind(app),
        (Some(crate::domain::NoteKind::ExitInterview), String::new())
    );
    type_text(app, "reasons: price");
    assert_eq!(
        handle_key(app, key(KeyCode::Enter)),
        Some(Effect::SaveNote {
            account_id: ids.delta,
            line: "reasons: price".into(),
            kind: Some(crate::domain::NoteKind::ExitInterview),
        })
    );

    let mut app = empty_app();
    assert_eq!(update(&mut app, Action::Note), None);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(status(&app), "no account selected");
}

#[test]
pub(super) fn toggle_ticks_in_the_checklist_pane_only() {
    let (mut f, ids) = small();
    assert_eq!(update(&mut f.app, Action::Toggle), None);
    assert_eq!(
        status(&f.app),
        "Space ticks items in the checklist pane: press 2 (or Tab) to go there"
    );
    // Alpha has "update" ticked this week: Space unticks it; "kpis" is not: Space ticks it.
    select(&mut f, 2);
    let app = &mut f.app;
    update(app, Action::PaneChecklist);
    let week = IsoWeek::at(now());
    assert_eq!(
        update(app, Action::Toggle),
        Some(Effect::ToggleTick {
            account_id: ids.alpha,
            week,
            key: "update".into(),
            done: false
        })
    );
    update(app, Action::Down);
    let tick = update(app, Action::Toggle);
    assert_eq!(
        tick,
        Some(Effect::ToggleTick {
            account_id: ids.alpha,
            week,
            key: "kpis".into(),
            done: true
        })
    );
    // A colleague ticked it a moment before: the status line says so, not as if this key had.
    f.store
        .tick(ids.alpha, week, "kpis", "jonas.keller", now())
        .unwrap();
    assert!(crate::tui::run_effect(&f.store, &mut f.app, tick.unwrap()));
    assert_eq!(
        status(&f.app),
        format!("already ticked 'kpis' for {week} — Alpha Logistik GmbH")
    );

    let mut app = empty_app();
    app.focus = Pane::Checklist;
    assert_eq!(update(&mut app, Action::Toggle), None, "no account");
}

#[test]
pub(super) fn unticking_a_colleagues_tick_of_a_moment_ago_asks_first() {
    // The colleague's tick reached the cockpit between the frame the user looked at and the
    // key: a Space meant to tick must not take the colleague's tick back.
    let (mut f, ids) = small();
    let week = IsoWeek::at(now());
    f.store
        .tick(
            ids.alpha,
            week,
            "kpis",
            "jonas.keller",
            now() - chrono::Duration::seconds(5),
        )
        .unwrap();
    crate::tui::reload(&f.store, &mut f.app);
    select(&mut f, 2);
    let app = &mut f.app;
    update(app, Action::PaneChecklist);
    update(app, Action::Down);
    assert_eq!(app.checklist_row(), 1);
    let space = key(KeyCode::Char(' '));
    assert_eq!(handle_key(app, space), None);
    assert_eq!(
        status(app),
        "jonas.keller ticked 'KPIs reviewed' 5s ago — Space again unticks it"
    );
    // Another key in between: asked again.
    handle_key(app, key(KeyCode::Down));
    handle_key(app, key(KeyCode::Up));
    assert_eq!(handle_key(app, space), None);
    let untick = Some(Effect::ToggleTick {
        account_id: ids.alpha,
        week,
        key: "kpis".into(),
        done: false,
    });
    assert_eq!(handle_key(app, space), untick, "the second Space unticks");
    // Older ticks, and one's own, untick at once.
    app.now = now() + chrono::Duration::minutes(5);
    assert_eq!(handle_key(app, space), untick);
    app.now = now();
    update(app, Action::Up);
    assert_eq!(
        handle_key(app, space),
        Some(Effect::ToggleTick {
            account_id: ids.alpha,
            week,
            key: "update".into(),
            done: false,
        })
    );
}

#[test]
pub(super) fn plan_visit_suggests_a_date_and_knows_the_due_date() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    assert_eq!(update(app, Action::PlanVisit), None);
    let form = form(app);
    assert_eq!(
        form.kind,
        FormKind::PlanVisit {
            account_id: ids.delta
        }
    );
    assert_eq!(form.value(0), "2026-12-07", "two weeks from today");
    assert_eq!(form.visit_due, NaiveDate::from_ymd_opt(2025, 6, 1));
    assert_eq!(
        handle_key(app, key(KeyCode::Enter)),
        Some(Effect::PlanVisit {
            account_id: ids.delta,
            date: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            seen: Some(None),
        })
    );
    // Civitas has a visit planned: the form moves that plan and starts from its date.
    select(&mut f, 3);
    update(&mut f.app, Action::PlanVisit);
    let plan = super::form(&f.app);
    assert_eq!(
        plan.kind,
        FormKind::PlanVisit {
            account_id: ids.civitas
        }
    );
    assert_eq!(plan.value(0), "2026-12-10");
    assert!(!plan.has_typed_text());

    let mut app = empty_app();
    update(&mut app, Action::PlanVisit);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(status(&app), "no account selected");
}

#[test]
pub(super) fn visit_done_records_a_visit_on_a_date_today_by_default() {
    let (mut f, ids) = small();
    select(&mut f, 3);
    let app = &mut f.app;
    assert_eq!(update(app, Action::VisitDone), None);
    let form = form(app);
    assert_eq!(
        form.kind,
        FormKind::VisitDone {
            account_id: ids.civitas
        }
    );
    assert_eq!(form.title, "Visit done — Civitas Verlag");
    assert_eq!(form.value(0), "2026-11-23", "today by default");
    assert_eq!(form.focus, 1, "opens on its note");
    type_text(app, "met the new CFO");
    assert_eq!(
        handle_key(app, key(KeyCode::Enter)),
        Some(Effect::VisitDone {
            account_id: ids.civitas,
            on: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            note: Some("met the new CFO".into())
        })
    );
    // Another day: typed over the suggestion; a future day is refused.
    update(app, Action::VisitDone);
    handle_key(app, key(KeyCode::BackTab));
    type_text(app, "2026-11-20");
    assert!(matches!(
        handle_key(app, key(KeyCode::Enter)),
        Some(Effect::VisitDone { on, .. }) if on == NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    ));
    update(app, Action::VisitDone);
    handle_key(app, key(KeyCode::BackTab));
    type_text(app, "2026-11-30");
    assert_eq!(handle_key(app, key(KeyCode::Enter)), None);

    let mut app = empty_app();
    update(&mut app, Action::VisitDone);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(status(&app), "no account selected");
}

#[test]
pub(super) fn review_takes_four_scores_and_shows_the_base() {
    let (mut f, ids) = small();
    select(&mut f, 1);
    let app = &mut f.app;
    assert_eq!(update(app, Action::Review), None);
    assert_eq!(
        form(app).kind,
        FormKind::Review {
            account_id: ids.brandt
        }
    );
    for score in ["80", "70", "60"] {
        type_text(app, score);
        handle_key(app, key(KeyCode::Tab));
    }
    assert_eq!(form(app).preview(&app.cfg), None, "three of four scores");
    assert_eq!(handle_key(app, key(KeyCode::Enter)), None);
    assert_eq!(form(app).focus, 3, "the missing score is focused");
    type_text(app, "50");
    assert_eq!(
        form(app).preview(&app.cfg).as_deref(),
        Some("base score 70")
    );
    assert_eq!(
        handle_key(app, key(KeyCode::Enter)),
        Some(Effect::Review {
            account_id: ids.brandt,
            scores: Scores {
                performance: 80,
                relationship: 70,
                outlook: 60,
                engagement: 50
            },
            note: None
        })
    );

    let mut app = empty_app();
    update(&mut app, Action::Review);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(status(&app), "no account selected");
}

#[test]
pub(super) fn add_account_opens_even_with_no_accounts() {
    let mut app = empty_app();
    assert_eq!(update(&mut app, Action::AddAccount), None);
    let form = form(&app);
    assert_eq!(form.kind, FormKind::AddAccount);
    assert_eq!(form.title, "Add an account");
    assert_eq!((form.value(1), form.value(3)), (USER, "standard"));
    type_text(&mut app, "Engel Reisen KG");
    // To the tier picker: `p` picks premium (typing never appends to a picker).
    for _ in 0..3 {
        handle_key(&mut app, key(KeyCode::Tab));
    }
    type_text(&mut app, "p");
    assert_eq!(super::form(&app).value(3), "premium");
    assert_eq!(
        handle_key(&mut app, key(KeyCode::Enter)),
        Some(Effect::AddAccount(crate::store::accounts::NewAccount {
            name: "Engel Reisen KG".into(),
            owner: USER.into(),
            backup: None,
            tier: Tier::Premium,
            value_cents: 0,
            client_since: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            renewal: None,
            referred_by: None,
        }))
    );
}

#[test]
pub(super) fn log_note_takes_a_kind_a_past_moment_nps_and_a_follow_up() {
    let (mut f, ids) = small();
    select(&mut f, 2);
    assert_eq!(update(&mut f.app, Action::LogNote), None);
    assert_eq!(
        form(&f.app).kind,
        FormKind::LogNote {
            account_id: ids.alpha
        }
    );
    assert_eq!(
        (form(&f.app).value(0), form(&f.app).value(1)),
        ("call", "now")
    );
    // It opens on its text: typed straight on, the text lands there, not in the kind picker.
    assert_eq!(form(&f.app).focus, 2);
    type_text(&mut f.app, "QBR prep with the CFO");
    assert_eq!(form(&f.app).value(0), "call");
    handle_key(&mut f.app, key(KeyCode::BackTab));
    handle_key(&mut f.app, key(KeyCode::BackTab));
    // The kind is a picker: `m` picks meeting (then micro-feedback); it takes no text.
    handle_key(&mut f.app, key(KeyCode::Char('m')));
    assert_eq!(form(&f.app).value(0), "meeting");
    handle_key(&mut f.app, key(KeyCode::Tab));
    // A moment ahead of now is refused, naming the field; everything typed stays.
    type_text(&mut f.app, "2026-12-01");
    handle_key(&mut f.app, key(KeyCode::Tab));
    handle_key(&mut f.app, key(KeyCode::Tab));
    type_text(&mut f.app, "9");
    handle_key(&mut f.app, key(KeyCode::Tab));
    type_text(&mut f.app, "fri");
    assert_eq!(handle_key(&mut f.app, key(KeyCode::Enter)), None);
    let fm = form(&f.app);
    assert_eq!(fm.focus, 1);
    assert!(
        fm.save_error.as_deref().unwrap().contains("now or earlier"),
        "{:?}",
        fm.save_error
    );
    assert_eq!(fm.value(2), "QBR prep with the CFO");
    handle_key(&mut f.app, ctrl('u'));
    type_text(&mut f.app, "yesterday");
    let save = handle_key(&mut f.app, key(KeyCode::Enter));
    let Some(Effect::LogNote { account_id, note }) = save.clone() else {
        panic!("a note to log: {save:?}")
    };
    assert_eq!(account_id, ids.alpha);
    assert_eq!(note.kind, crate::domain::NoteKind::Meeting);
    assert_eq!(note.nps, Some(9));
    assert_eq!(note.follow_up, NaiveDate::from_ymd_opt(2026, 11, 27));
    assert_eq!(
        crate::domain::dates::local_date(note.at),
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    );
    assert!(crate::tui::run_effect(&f.store, &mut f.app, save.unwrap()));
    let stored = f.store.notes(ids.alpha, Some(5)).unwrap();
    let n = stored
        .iter()
        .find(|n| n.text == "QBR prep with the CFO")
        .expect("stored");
    assert_eq!(n.at, note.at, "backdated");
    assert_eq!(
        status(&f.app),
        "saved meeting note for 2026-11-22, NPS 9, follow-up 2026-11-27 — Alpha Logistik GmbH"
    );
    // Undo takes it back.
    let undo = update(&mut f.app, Action::Undo);
    assert!(crate::tui::run_effect(&f.store, &mut f.app, undo.unwrap()));
    assert!(
        f.store
            .notes(ids.alpha, Some(5))
            .unwrap()
            .iter()
            .all(|n| n.id != stored[0].id || n.text != "QBR prep with the CFO")
    );
    // A note of now, at a moment between two seconds (the store keeps whole seconds): no date.
    f.app.now = now() + chrono::Duration::milliseconds(600);
    update(&mut f.app, Action::LogNote);
    type_text(&mut f.app, "all good");
    let save = handle_key(&mut f.app, key(KeyCode::Enter)).expect("a save");
    assert!(crate::tui::run_effect(&f.store, &mut f.app, save));
    assert_eq!(status(&f.app), "saved call note — Alpha Logistik GmbH");
}

#[test]
fn a_name_the_store_refuses_focuses_the_name_field_and_keeps_the_form() {
    let (mut f, _) = small();
    update(&mut f.app, Action::AddAccount);
    type_text(&mut f.app, "alpha logistik gmbh");
    // Go to the last field, as a user who filled everything would be.
    for _ in 0..7 {
        handle_key(&mut f.app, key(KeyCode::Tab));
    }
    let save = handle_key(&mut f.app, key(KeyCode::Enter)).expect("the form validates");
    assert!(!crate::tui::run_effect(&f.store, &mut f.app, save));
    let fm = form(&f.app);
    assert_eq!(fm.focus, 0, "the name field has the focus");
    assert_eq!(fm.value(0), "alpha logistik gmbh");
    assert!(
        fm.save_error
            .as_deref()
            .unwrap()
            .starts_with("not saved: name 'alpha logistik gmbh'"),
        "{:?}",
        fm.save_error
    );
}

/// The quick note's status line says what its prefixes were read as: `@fri` is a follow-up on
/// that Friday.
#[test]
fn a_quick_note_says_its_follow_up() {
    let (mut f, ids) = small();
    let save = Effect::SaveNote {
        account_id: ids.alpha,
        line: "promised the Q1 numbers @fri".into(),
        kind: None,
    };
    assert!(crate::tui::run_effect(&f.store, &mut f.app, save));
    assert_eq!(
        status(&f.app),
        "saved call note, follow-up 2026-11-27 — Alpha Logistik GmbH"
    );
}
