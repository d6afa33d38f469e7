//! The notes pane: `Enter` reads a note in full, `e` edits it, `d` deletes it after a y/n.

use super::*;

fn on_alpha_notes(f: &mut Fixture) -> Vec<crate::domain::Note> {
    let app = &mut f.app;
    update(app, Action::Down);
    update(app, Action::Down);
    let d = crate::tui::load_detail(&f.store, &f.app, f.app.selected_id().unwrap()).unwrap();
    f.app.set_detail(Some(d));
    update(&mut f.app, Action::PaneNotes);
    f.app.detail.as_ref().unwrap().notes.clone()
}

#[test]
pub(super) fn enter_reads_and_e_edits_the_selected_note() {
    let (mut f, ids) = small();
    let notes = on_alpha_notes(&mut f);
    assert_eq!(f.app.selected_id(), Some(ids.alpha));
    let app = &mut f.app;
    update(app, Action::Down);
    assert_eq!(update(app, Action::Act), None);
    assert!(matches!(app.mode, Mode::Overlay(Overlay::Note(id)) if id == notes[1].id));
    handle_key(app, key(KeyCode::Esc));
    // `e` here edits the note (elsewhere it opens an escalation), prefilled with its text.
    update(app, Action::Escalate);
    let Mode::Form(form) = &app.mode else {
        panic!("edit form")
    };
    assert_eq!(form.kind, FormKind::EditNote { id: notes[1].id });
    assert_eq!(form.value(0), "sent the monthly report");
    handle_key(app, ctrl('u'));
    for c in chars("sent the monthly report (late)") {
        handle_key(app, c);
    }
    assert_eq!(
        handle_key(app, key(KeyCode::Enter)),
        Some(Effect::EditNote {
            id: notes[1].id,
            text: "sent the monthly report (late)".into(),
            was: "sent the monthly report".into(),
        })
    );
}

#[test]
pub(super) fn d_deletes_the_selected_note_after_yes_only() {
    let (mut f, _) = small();
    let notes = on_alpha_notes(&mut f);
    let app = &mut f.app;
    update(app, Action::Delete);
    let Mode::Confirm(c) = &app.mode else {
        panic!("a question")
    };
    assert!(
        c.question.starts_with(&format!(
            "Delete note {} for good (u cannot bring it back)? y/n — Alpha Logistik GmbH, call, ",
            notes[0].id
        )),
        "{}",
        c.question
    );
    assert_eq!(handle_key(app, key(KeyCode::Char('n'))), None);
    assert_eq!(status(app), "nothing deleted");
    update(app, Action::Delete);
    assert_eq!(
        handle_key(app, key(KeyCode::Char('y'))),
        Some(Effect::DeleteNote {
            id: notes[0].id,
            was: notes[0].text.clone(),
        })
    );
    // Outside the notes pane `d` says where it works.
    update(app, Action::PaneAccounts);
    update(app, Action::Delete);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(
        status(app),
        "d deletes a note in the notes pane: press 4 to go there"
    );
}

#[test]
pub(super) fn undo_pops_the_newest_write() {
    let (mut f, _) = small();
    let app = &mut f.app;
    assert_eq!(update(app, Action::Undo), None);
    assert_eq!(status(app), "nothing to undo in this session");
    app.push_undo((
        crate::ops::Undo::Note {
            id: 7,
            created_at: now(),
        },
        "saved call note".into(),
    ));
    let resolve = crate::ops::Undo::Resolve {
        id: 2,
        resolved_at: now(),
        due_before: now(),
    };
    app.push_undo((resolve.clone(), "#2 resolved".into()));
    assert_eq!(update(app, Action::Undo), Some(Effect::Undo(resolve)));
    assert_eq!(status(app), "undoing: #2 resolved");
    assert_eq!(app.undo.len(), 1);
    for i in 0..30 {
        app.push_undo((
            crate::ops::Undo::Note {
                id: i,
                created_at: now(),
            },
            "n".into(),
        ));
    }
    assert_eq!(app.undo.len(), crate::tui::app::UNDO_DEPTH);
}

#[test]
pub(super) fn undo_of_a_write_on_another_account_asks_first() {
    let (mut f, ids) = small();
    select(&mut f, 2);
    assert_eq!(f.app.selected_id(), Some(ids.alpha));
    let note = crate::ops::Undo::Note {
        id: 7,
        created_at: now(),
    };
    f.app
        .push_undo((note.clone(), "saved call note — Alpha Logistik GmbH".into()));
    let tick = crate::ops::Undo::Tick {
        account_id: ids.delta,
        week: IsoWeek::at(now()),
        key: "kpis".into(),
        done: true,
        at: now(),
    };
    select(&mut f, 0);
    f.app
        .push_undo((tick.clone(), "ticked 'kpis' — Delta Druck AG".into()));
    select(&mut f, 1);
    let app = &mut f.app;
    let u = key(KeyCode::Char('u'));
    // The write just made: taken back at once, wherever the selection is.
    assert_eq!(handle_key(app, u), Some(Effect::Undo(tick)));
    // Reaching back to one made on another account: asked first.
    assert_eq!(handle_key(app, u), None);
    assert_eq!(
        status(app),
        "u again takes back: saved call note — Alpha Logistik GmbH"
    );
    // Another key in between: asked again.
    handle_key(app, key(KeyCode::Char('j')));
    handle_key(app, key(KeyCode::Char('k')));
    assert_eq!(handle_key(app, u), None);
    assert_eq!(handle_key(app, u), Some(Effect::Undo(note.clone())));
    assert!(app.undo.is_empty());
    // On the account it was made on, at once.
    select(&mut f, 2);
    f.app.push_undo((note.clone(), "saved".into()));
    f.app.push_undo((note.clone(), "saved again".into()));
    assert_eq!(handle_key(&mut f.app, u), Some(Effect::Undo(note.clone())));
    assert_eq!(handle_key(&mut f.app, u), Some(Effect::Undo(note)));
}

#[test]
pub(super) fn s_searches_every_note_and_enter_opens_the_hit() {
    let (mut f, ids) = small();
    // The list starts on Delta; the hit is Brandt's; a filter hides Brandt.
    f.app.focus = Pane::Accounts;
    update(&mut f.app, Action::Filter);
    for k in chars("alp") {
        let e = handle_key(&mut f.app, k);
        run(&mut f, e);
    }
    handle_key(&mut f.app, key(KeyCode::Enter));
    assert_eq!(f.app.visible_ids(), vec![ids.alpha]);
    let e = update(&mut f.app, Action::Search);
    assert_eq!(e, None, "an empty query searches nothing");
    let mut last = None;
    for k in chars("invoic*") {
        last = handle_key(&mut f.app, k).or(last);
    }
    assert_eq!(last, Some(Effect::Search("invoic*".into())));
    run(&mut f, last);
    let Mode::Search(b) = &f.app.mode else {
        panic!("the search is open")
    };
    let hit = b.selected().expect("a hit").clone();
    assert_eq!(hit.note.account_id, ids.brandt);
    assert_eq!(hit.note.text, "invoice wrong again");
    // A stale answer (for a query no longer typed) is not shown.
    crate::tui::search::show(&mut f.app, "renewal".into(), Ok(Default::default()));
    let Mode::Search(b) = &f.app.mode else {
        panic!("still open")
    };
    assert_eq!(b.results.hits.len(), 1);
    // Enter selects Brandt (the filter that hid it is cleared) and opens that note.
    let open = handle_key(&mut f.app, key(KeyCode::Enter));
    assert_eq!(
        open,
        Some(Effect::OpenNote {
            account_id: ids.brandt,
            id: hit.note.id
        })
    );
    run(&mut f, open);
    assert_eq!(f.app.selected_id(), Some(ids.brandt));
    assert_eq!(f.app.filter.value(), "");
    assert_eq!(
        status(&f.app),
        "the list's filter and 'mine' were cleared to show this account"
    );
    assert_eq!(f.app.focus, Pane::Notes);
    assert_eq!(f.app.selected_note().map(|n| n.id), Some(hit.note.id));
    assert!(matches!(f.app.mode, Mode::Overlay(Overlay::Note(id)) if id == hit.note.id));
    // `e` on the open note edits that note.
    handle_key(&mut f.app, key(KeyCode::Char('e')));
    assert_eq!(form(&f.app).kind, FormKind::EditNote { id: hit.note.id });
    handle_key(&mut f.app, key(KeyCode::Esc));
    // `s` again starts from the last query; a query being typed with an open quote says why.
    let again = update(&mut f.app, Action::Search);
    assert_eq!(again, Some(Effect::Search("invoic*".into())));
    run(&mut f, again);
    handle_key(&mut f.app, ctrl('u'));
    let typed = {
        let mut e = None;
        for k in chars("\"wrong ag") {
            e = handle_key(&mut f.app, k).or(e);
        }
        e
    };
    run(&mut f, typed);
    let Mode::Search(b) = &f.app.mode else {
        panic!("still open")
    };
    assert!(
        b.problem.as_deref().is_some_and(|p| p.contains("query")),
        "{:?}",
        b.problem
    );
    handle_key(&mut f.app, key(KeyCode::Esc));
    assert!(matches!(f.app.mode, Mode::Normal));
    assert_eq!(f.app.last_search, "\"wrong ag");
    // Typed over, the last query is replaced, not appended to; ←/→ edit it instead.
    update(&mut f.app, Action::Search);
    assert!(status(&f.app).starts_with("the last search: typing replaces it"));
    let new = handle_key(&mut f.app, key(KeyCode::Char('q')));
    assert_eq!(new, Some(Effect::Search("q".into())));
    handle_key(&mut f.app, key(KeyCode::Esc));
    update(&mut f.app, Action::Search);
    handle_key(&mut f.app, key(KeyCode::End));
    let edited = handle_key(&mut f.app, key(KeyCode::Char('x')));
    assert_eq!(edited, Some(Effect::Search("qx".into())));
}

#[test]
fn esc_on_an_edit_form_left_as_it_opened_keeps_no_draft() {
    let (mut f, _) = small();
    let notes = on_alpha_notes(&mut f);
    let app = &mut f.app;
    update(app, Action::Escalate);
    assert_eq!(form(app).kind, FormKind::EditNote { id: notes[0].id });
    handle_key(app, key(KeyCode::Esc));
    assert!(
        app.drafts.is_empty(),
        "nothing was changed: {:?}",
        app.drafts
    );
    assert_eq!(status(app), "");
    // A change is a draft, and it comes back.
    update(app, Action::Escalate);
    type_text(app, "!");
    handle_key(app, key(KeyCode::Esc));
    assert_eq!(app.drafts.len(), 1);
    update(app, Action::Escalate);
    assert!(form(app).restored);
    assert!(form(app).value(0).ends_with('!'));
}

/// A refined query starts at its best hit (found in a trial: the hit chosen for the old query
/// stayed chosen below a new best match, and Enter opened it).
#[test]
fn a_refined_search_selects_its_best_hit() {
    let (mut f, ids) = small();
    let n =
        |text: &str| crate::tui::testing::plain_note(now(), crate::domain::NoteKind::Email, text);
    for text in ["invoices checked twice", "invoice sent"] {
        f.store.add_note(ids.alpha, &n(text), USER, now()).unwrap();
    }
    let typed = |f: &mut Fixture, s: &str| {
        for k in chars(s) {
            let e = handle_key(&mut f.app, k);
            run(f, e);
        }
    };
    let e = update(&mut f.app, Action::Search);
    run(&mut f, e);
    typed(&mut f, "invoice");
    handle_key(&mut f.app, key(KeyCode::Down));
    let chosen = match &f.app.mode {
        Mode::Search(b) => b.selected().unwrap().note.id,
        _ => panic!("the search"),
    };
    typed(&mut f, "*");
    let Mode::Search(b) = &f.app.mode else {
        panic!("the search")
    };
    assert!(b.results.hits.len() >= 3, "{:?}", b.results.hits);
    assert!(b.results.hits.iter().any(|h| h.note.id == chosen));
    assert_ne!(b.results.hits.first().map(|h| h.note.id), Some(chosen));
    assert_eq!(
        b.selected().map(|h| h.note.id),
        b.results.hits.first().map(|h| h.note.id)
    );
}
