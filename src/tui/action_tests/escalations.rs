//! Opening, raising, resolving and reopening escalations; showing the resolved ones.

use super::*;

fn open_escalation(f: &mut Fixture, account: i64, level: Level) -> i64 {
    let sla = f.app.cfg.escalation.sla_hours;
    let id = f
        .store
        .open_escalation(account, level, "test", &sla, USER, now())
        .unwrap()
        .id;
    crate::tui::reload(&f.store, &mut f.app);
    id
}

fn show_resolved(f: &mut Fixture) {
    let e = update(&mut f.app, Action::ShowResolved);
    run(f, e);
    assert!(f.app.show_resolved);
}

#[test]
pub(super) fn escalate_opens_a_form_for_the_selected_account() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    assert_eq!(update(app, Action::Escalate), None);
    let opened = form(app);
    assert_eq!(
        opened.kind,
        FormKind::Escalate {
            account_id: ids.delta
        }
    );
    assert_eq!(opened.title, "Open an escalation — Delta Druck AG");
    assert_eq!(opened.value(0), "yellow", "the suggested level");
    assert_eq!(
        opened.fields[0].choices,
        Level::NAMES,
        "the domain's levels"
    );
    // It opens on the reason: typed straight on, a reason whose first letter is a level's
    // lands in the reason and picks nothing (a trial typed "Client angry" and got red).
    assert_eq!(form(app).focus, 1);
    type_text(app, "report late twice");
    assert_eq!(
        form(app).value(0),
        "yellow",
        "the reason's letters pick nothing"
    );
    assert_eq!(form(app).value(1), "report late twice");
    handle_key(app, ctrl('u'));
    // On the level, a letter picks (it never appends: no "yellowo"), →/← cycle.
    handle_key(app, key(KeyCode::BackTab));
    type_text(app, "o");
    assert_eq!(form(app).value(0), "orange");
    assert_eq!(form(app).focus, 0, "it stays: Tab goes on to the reason");
    handle_key(app, key(KeyCode::Right));
    assert_eq!(form(app).value(0), "red");
    handle_key(app, key(KeyCode::Right));
    assert_eq!(form(app).value(0), "yellow", "wraps around");
    handle_key(app, key(KeyCode::Left));
    assert_eq!(form(app).value(0), "red");
    // Backspace and a letter no level starts with leave the choice alone; Ctrl-U puts back
    // the suggested one.
    handle_key(app, key(KeyCode::Backspace));
    type_text(app, "x");
    assert_eq!(form(app).value(0), "red");
    assert_eq!(
        form(app).save_error.as_deref(),
        Some("level 'x': one of yellow, orange, red")
    );
    handle_key(app, ctrl('u'));
    assert_eq!(form(app).value(0), "yellow");
    type_text(app, "r");
    type_text(app, "y");
    assert_eq!(form(app).value(0), "yellow");
    handle_key(app, key(KeyCode::Tab));
    type_text(app, "budget cut");
    assert_eq!(
        handle_key(app, key(KeyCode::Enter)),
        Some(Effect::OpenEscalation {
            account_id: ids.delta,
            level: Level::Yellow,
            reason: "budget cut".into()
        })
    );

    let mut app = empty_app();
    assert_eq!(update(&mut app, Action::Escalate), None);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(status(&app), "no account selected");
}

#[test]
pub(super) fn raise_opens_for_a_raisable_escalation_and_refuses_others() {
    let (mut f, ids) = small();
    // From the list: the selected account's escalation.
    select(&mut f, 2);
    assert_eq!(update(&mut f.app, Action::Raise), None);
    assert_eq!(
        form(&f.app).kind,
        FormKind::Raise {
            id: ids.alpha_yellow,
            from: Level::Yellow
        }
    );
    // The picker offers the higher levels, one up chosen. It opens on the note: typed straight
    // on, a note picks no level (a trial typed "raise…" and got red, the note gone).
    assert_eq!(form(&f.app).fields[0].choices, ["orange", "red"]);
    assert_eq!(form(&f.app).value(0), "orange");
    assert_eq!(form(&f.app).focus, 1);
    type_text(&mut f.app, "raise now");
    assert_eq!(
        form(&f.app).value(0),
        "orange",
        "the note's letters pick nothing"
    );
    assert_eq!(form(&f.app).value(1), "raise now");
    handle_key(&mut f.app, ctrl('u'));
    // On the level, `r` picks red.
    handle_key(&mut f.app, key(KeyCode::BackTab));
    type_text(&mut f.app, "r");
    assert_eq!(
        handle_key(&mut f.app, key(KeyCode::Enter)),
        Some(Effect::RaiseEscalation {
            id: ids.alpha_yellow,
            from: Level::Yellow,
            to: Level::Red,
            note: None
        })
    );
    assert_eq!(
        form(&f.app).title,
        format!(
            "Raise escalation #{} yellow — Alpha Logistik GmbH",
            ids.alpha_yellow
        )
    );
    handle_key(&mut f.app, key(KeyCode::Esc));
    // In the queue pane: the selected row.
    f.app.focus = Pane::Escalations;
    f.app.sel.escalation = Some(ids.brandt_orange);
    update(&mut f.app, Action::Raise);
    assert_eq!(
        form(&f.app).kind,
        FormKind::Raise {
            id: ids.brandt_orange,
            from: Level::Orange
        }
    );
    assert_eq!(form(&f.app).fields[0].choices, ["red"]);
    assert_eq!(
        handle_key(&mut f.app, key(KeyCode::Enter)),
        Some(Effect::RaiseEscalation {
            id: ids.brandt_orange,
            from: Level::Orange,
            to: Level::Red,
            note: None
        }),
        "the note is optional"
    );
    handle_key(&mut f.app, key(KeyCode::Esc));

    // Delta gets a red and a yellow: from the list, Raise takes the one that can go higher.
    let red = open_escalation(&mut f, ids.delta, Level::Red);
    let yellow = open_escalation(&mut f, ids.delta, Level::Yellow);
    f.app.focus = Pane::Accounts;
    select(&mut f, 0);
    assert_eq!(f.app.selected_id(), Some(ids.delta));
    update(&mut f.app, Action::Raise);
    assert_eq!(
        form(&f.app).kind,
        FormKind::Raise {
            id: yellow,
            from: Level::Yellow
        }
    );
    handle_key(&mut f.app, key(KeyCode::Esc));
    // The red itself, selected in the queue: refused.
    f.app.focus = Pane::Escalations;
    f.app.sel.escalation = Some(red);
    assert_eq!(update(&mut f.app, Action::Raise), None);
    assert!(matches!(f.app.mode, Mode::Normal));
    assert_eq!(
        status(&f.app),
        format!("#{red} is red already: it cannot be raised further")
    );
    assert!(f.app.status.as_ref().unwrap().error);
}

#[test]
pub(super) fn raise_and_resolve_refuse_a_resolved_escalation_and_an_account_without_one() {
    let (mut f, ids) = small();
    show_resolved(&mut f);
    f.app.sel.escalation = Some(ids.civitas_resolved);
    for action in [Action::Raise, Action::Resolve] {
        assert_eq!(update(&mut f.app, action), None);
        assert!(matches!(f.app.mode, Mode::Normal), "{action:?}");
        assert_eq!(
            status(&f.app),
            format!("#{} is resolved: R reopens it first", ids.civitas_resolved)
        );
    }
    // From the list, Civitas (only a resolved one) and Delta (none) have no open escalation.
    f.app.focus = Pane::Accounts;
    for row in [3, 0] {
        select(&mut f, row);
        for action in [Action::Raise, Action::Resolve] {
            assert_eq!(update(&mut f.app, action), None);
            assert!(matches!(f.app.mode, Mode::Normal));
            assert_eq!(status(&f.app), "no open escalation here", "{action:?}");
        }
    }
    let mut app = empty_app();
    update(&mut app, Action::Raise);
    assert_eq!(status(&app), "no open escalation here");
}

#[test]
pub(super) fn resolve_opens_for_an_open_escalation_and_refuses_others() {
    let (mut f, ids) = small();
    select(&mut f, 1);
    assert_eq!(update(&mut f.app, Action::Resolve), None);
    let form = form(&f.app);
    assert_eq!(
        form.kind,
        FormKind::Resolve {
            id: ids.brandt_orange
        }
    );
    assert_eq!(
        form.title,
        format!(
            "Resolve escalation #{} orange — Bäckerei Brandt",
            ids.brandt_orange
        )
    );
    assert_eq!(
        handle_key(&mut f.app, key(KeyCode::Enter)),
        None,
        "a resolution needs a note"
    );
    type_text(&mut f.app, "credit note sent");
    assert_eq!(
        handle_key(&mut f.app, key(KeyCode::Enter)),
        Some(Effect::ResolveEscalation {
            id: ids.brandt_orange,
            note: "credit note sent".into(),
            seen_due: Some(f.store.escalation(ids.brandt_orange).unwrap().due_at),
        })
    );
    // The refusals are in `raise_and_resolve_refuse_a_resolved_escalation_and_an_account_without_one`.
}

#[test]
pub(super) fn reopen_opens_for_a_resolved_escalation_and_refuses_others() {
    let (mut f, ids) = small();
    // An open one: refused.
    f.app.focus = Pane::Escalations;
    f.app.sel.escalation = Some(ids.alpha_yellow);
    assert_eq!(update(&mut f.app, Action::Reopen), None);
    assert!(matches!(f.app.mode, Mode::Normal));
    assert_eq!(
        status(&f.app),
        format!(
            "#{} is open: only a resolved escalation can be reopened",
            ids.alpha_yellow
        )
    );
    // Civitas from the list while resolved ones are hidden: says how to show them.
    f.app.focus = Pane::Accounts;
    select(&mut f, 3);
    assert_eq!(update(&mut f.app, Action::Reopen), None);
    assert_eq!(
        status(&f.app),
        "no resolved escalation selected: A shows resolved ones in the escalation pane"
    );
    // Shown: from the list and from the queue row.
    show_resolved(&mut f);
    for pane in [Pane::Accounts, Pane::Escalations] {
        f.app.focus = pane;
        f.app.sel.escalation = Some(ids.civitas_resolved);
        assert_eq!(update(&mut f.app, Action::Reopen), None);
        let form = form(&f.app);
        assert_eq!(
            form.kind,
            FormKind::Reopen {
                id: ids.civitas_resolved
            }
        );
        assert_eq!(
            form.title,
            format!(
                "Reopen escalation #{} yellow — Civitas Verlag",
                ids.civitas_resolved
            )
        );
        handle_key(&mut f.app, key(KeyCode::Esc));
    }
    let mut app = empty_app();
    update(&mut app, Action::Reopen);
    assert!(status(&app).starts_with("no resolved escalation selected"));
}

#[test]
pub(super) fn show_resolved_toggles_and_asks_for_a_reload() {
    let (mut f, ids) = small();
    let effect = update(&mut f.app, Action::ShowResolved);
    assert_eq!(effect, Some(Effect::Reload));
    assert!(f.app.show_resolved);
    assert_eq!(f.app.focus, Pane::Escalations, "where they are shown");
    assert_eq!(
        status(&f.app),
        "resolved escalations shown after the open queue (R reopens one)"
    );
    run(&mut f, effect);
    let queue: Vec<i64> = f.app.data.queue.iter().map(|e| e.id).collect();
    assert_eq!(
        queue,
        vec![ids.brandt_orange, ids.alpha_yellow, ids.civitas_resolved]
    );
    let effect = update(&mut f.app, Action::ShowResolved);
    assert_eq!(effect, Some(Effect::Reload));
    assert!(!f.app.show_resolved);
    assert_eq!(status(&f.app), "open escalations only");
    run(&mut f, effect);
    assert_eq!(f.app.data.queue.len(), 2);
}

#[test]
fn enter_in_the_queue_tells_the_escalations_story_and_acts_on_it() {
    let (mut f, ids) = small();
    f.app.focus = Pane::Escalations;
    f.app.sel.escalation = Some(ids.brandt_orange);
    let e = update(&mut f.app, Action::Act);
    assert_eq!(e, Some(Effect::LoadEscalation(ids.brandt_orange)));
    run(&mut f, e);
    assert!(matches!(
        f.app.mode,
        Mode::Overlay(Overlay::Escalation(id)) if id == ids.brandt_orange
    ));
    let shown = crate::tui::testing::text(&crate::tui::testing::screen(&f.app, 80, 24));
    assert!(shown.contains("complaint about the invoice"), "{shown}");
    assert!(shown.contains(" opened orange by "), "{shown}");
    // `r` on it resolves exactly that escalation.
    handle_key(&mut f.app, key(KeyCode::Char('r')));
    assert_eq!(
        form(&f.app).kind,
        FormKind::Resolve {
            id: ids.brandt_orange
        }
    );
    // An empty queue: nothing to tell.
    let mut app = empty_app();
    app.focus = Pane::Escalations;
    assert_eq!(update(&mut app, Action::Act), None);
    assert_eq!(status(&app), "no escalation here");
}
