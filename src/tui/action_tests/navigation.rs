//! Movement in each pane, moving between panes, the filter and "mine".

use super::*;

fn note_ids(app: &App) -> Vec<i64> {
    app.detail
        .as_ref()
        .unwrap()
        .notes
        .iter()
        .map(|n| n.id)
        .collect()
}

#[test]
pub(super) fn down_moves_one_row_in_each_pane() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    // Accounts: the detail follows, and the queue follows to the account's escalation.
    assert_eq!(app.selected_id(), Some(ids.delta));
    assert_eq!(
        update(app, Action::Down),
        Some(Effect::LoadDetail(ids.brandt))
    );
    assert_eq!(app.sel.escalation, Some(ids.brandt_orange));
    assert_eq!(
        update(app, Action::Down),
        Some(Effect::LoadDetail(ids.alpha))
    );
    assert_eq!(app.sel.escalation, Some(ids.alpha_yellow));
    assert_eq!(
        update(app, Action::Down),
        Some(Effect::LoadDetail(ids.civitas))
    );
    assert_eq!(
        app.sel.escalation,
        Some(ids.alpha_yellow),
        "Civitas has no open escalation: the queue selection stays"
    );
    assert_eq!(update(app, Action::Down), None, "the last row");
    assert_eq!(app.selected_id(), Some(ids.civitas));

    update(app, Action::PaneChecklist);
    assert_eq!(update(app, Action::Down), None);
    assert_eq!(app.sel.checklist.as_deref(), Some("kpis"));
    for _ in 0..4 {
        update(app, Action::Down);
    }
    assert_eq!(
        app.sel.checklist.as_deref(),
        Some("signals"),
        "the last row"
    );

    update(app, Action::PaneEscalations);
    app.sel.escalation = None;
    update(app, Action::Down);
    assert_eq!(
        app.sel.escalation,
        Some(ids.brandt_orange),
        "nothing selected: the first row"
    );
    // The panes follow the escalation's account (what `n`, `e`, `b` act on).
    assert_eq!(app.selected_id(), Some(ids.brandt));
    assert_eq!(
        update(app, Action::Down),
        Some(Effect::LoadDetail(ids.alpha))
    );
    assert_eq!(app.sel.escalation, Some(ids.alpha_yellow));
    assert_eq!(update(app, Action::Down), None);
    assert_eq!(app.sel.escalation, Some(ids.alpha_yellow), "the last row");

    select(&mut f, 1);
    let notes = note_ids(&f.app);
    let app = &mut f.app;
    update(app, Action::PaneNotes);
    assert_eq!(app.note_row(), 0);
    assert_eq!(update(app, Action::Down), None);
    assert_eq!(app.sel.note, Some(notes[1]));
    update(app, Action::Down);
    assert_eq!(
        app.sel.note,
        Some(notes[1]),
        "the last of Brandt's two notes"
    );

    update(app, Action::PaneVisit);
    let before = app.sel.clone();
    assert_eq!(update(app, Action::Down), None);
    assert_eq!(app.sel, before, "the visit pane has no rows");
}

#[test]
pub(super) fn up_moves_one_row_in_each_pane() {
    let (mut f, ids) = small();
    assert_eq!(update(&mut f.app, Action::Up), None, "already at the top");
    update(&mut f.app, Action::Bottom);
    for (id, escalation) in [
        (ids.alpha, ids.alpha_yellow),
        (ids.brandt, ids.brandt_orange),
    ] {
        let effect = update(&mut f.app, Action::Up);
        assert_eq!(effect, Some(Effect::LoadDetail(id)));
        assert_eq!(f.app.sel.escalation, Some(escalation));
        run(&mut f, effect);
    }
    let app = &mut f.app;

    update(app, Action::PaneChecklist);
    assert_eq!(update(app, Action::Up), None);
    assert_eq!(
        app.sel.checklist.as_deref(),
        Some("update"),
        "the first row"
    );
    update(app, Action::Bottom);
    update(app, Action::Up);
    assert_eq!(app.sel.checklist.as_deref(), Some("meeting"));

    update(app, Action::PaneEscalations);
    app.sel.escalation = Some(ids.alpha_yellow);
    update(app, Action::Up);
    assert_eq!(app.sel.escalation, Some(ids.brandt_orange));
    assert_eq!(app.selected_id(), Some(ids.brandt));
    update(app, Action::Up);
    assert_eq!(app.sel.escalation, Some(ids.brandt_orange), "the first row");
    app.sel.escalation = None;
    update(app, Action::Up);
    assert_eq!(app.sel.escalation, Some(ids.brandt_orange));

    let notes = note_ids(&f.app);
    let app = &mut f.app;
    update(app, Action::PaneNotes);
    update(app, Action::Bottom);
    assert_eq!(update(app, Action::Up), None);
    assert_eq!(app.sel.note, Some(notes[0]));
    update(app, Action::Up);
    assert_eq!(app.sel.note, Some(notes[0]), "the first row");

    update(app, Action::PaneVisit);
    let before = app.sel.clone();
    assert_eq!(update(app, Action::Up), None);
    assert_eq!(app.sel, before);
}

#[test]
pub(super) fn top_selects_the_first_row_in_each_pane() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    assert_eq!(update(app, Action::Top), None, "already there");
    update(app, Action::Bottom);
    assert_eq!(
        update(app, Action::Top),
        Some(Effect::LoadDetail(ids.delta))
    );
    assert_eq!(app.account_row(), Some(0));

    update(app, Action::PaneChecklist);
    update(app, Action::Bottom);
    assert_eq!(update(app, Action::Top), None);
    assert_eq!(app.sel.checklist.as_deref(), Some("update"));

    update(app, Action::PaneEscalations);
    app.sel.escalation = Some(ids.alpha_yellow);
    update(app, Action::Top);
    assert_eq!(app.sel.escalation, Some(ids.brandt_orange));
    assert_eq!(app.selected_id(), Some(ids.brandt));

    select(&mut f, 1);
    let notes = note_ids(&f.app);
    let app = &mut f.app;
    update(app, Action::PaneNotes);
    update(app, Action::Bottom);
    assert_eq!(update(app, Action::Top), None);
    assert_eq!(app.sel.note, Some(notes[0]));

    update(app, Action::PaneVisit);
    let before = app.sel.clone();
    assert_eq!(update(app, Action::Top), None);
    assert_eq!(app.sel, before);
}

#[test]
pub(super) fn bottom_selects_the_last_row_in_each_pane() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    assert_eq!(
        update(app, Action::Bottom),
        Some(Effect::LoadDetail(ids.civitas))
    );
    assert_eq!(app.account_row(), Some(3));
    assert_eq!(update(app, Action::Bottom), None, "already there");

    update(app, Action::PaneChecklist);
    assert_eq!(update(app, Action::Bottom), None);
    assert_eq!(app.sel.checklist.as_deref(), Some("signals"));

    update(app, Action::PaneEscalations);
    assert_eq!(
        update(app, Action::Bottom),
        Some(Effect::LoadDetail(ids.alpha))
    );
    assert_eq!(app.sel.escalation, Some(ids.alpha_yellow));

    select(&mut f, 1);
    let notes = note_ids(&f.app);
    let app = &mut f.app;
    update(app, Action::PaneNotes);
    assert_eq!(update(app, Action::Bottom), None);
    assert_eq!(app.sel.note, Some(notes[1]));

    update(app, Action::PaneVisit);
    let before = app.sel.clone();
    assert_eq!(update(app, Action::Bottom), None);
    assert_eq!(app.sel, before);
}

#[test]
pub(super) fn next_pane_cycles_forward() {
    let (mut f, _) = small();
    let app = &mut f.app;
    let sel = app.sel.clone();
    for pane in [
        Pane::Checklist,
        Pane::Escalations,
        Pane::Notes,
        Pane::Visit,
        Pane::Accounts,
    ] {
        assert_eq!(update(app, Action::NextPane), None);
        assert_eq!(app.focus, pane);
    }
    assert_eq!(app.sel, sel, "moving the focus selects nothing");
}

#[test]
pub(super) fn prev_pane_cycles_backward() {
    let (mut f, _) = small();
    let app = &mut f.app;
    for pane in [
        Pane::Visit,
        Pane::Notes,
        Pane::Escalations,
        Pane::Checklist,
        Pane::Accounts,
    ] {
        assert_eq!(update(app, Action::PrevPane), None);
        assert_eq!(app.focus, pane);
    }
}

#[test]
pub(super) fn pane_keys_jump_to_their_pane() {
    let (mut f, _) = small();
    let app = &mut f.app;
    let jumps = [
        (Action::PaneAccounts, Pane::Accounts),
        (Action::PaneChecklist, Pane::Checklist),
        (Action::PaneEscalations, Pane::Escalations),
        (Action::PaneNotes, Pane::Notes),
        (Action::PaneVisit, Pane::Visit),
    ];
    for (_, from) in jumps {
        for (action, to) in jumps {
            app.focus = from;
            assert_eq!(update(app, action), None);
            assert_eq!(app.focus, to, "{action:?} from {from:?}");
        }
    }
}

#[test]
pub(super) fn filter_types_into_the_account_list() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    app.focus = Pane::Escalations;
    assert_eq!(update(app, Action::Filter), None);
    assert!(matches!(app.mode, Mode::Filter));
    assert_eq!(app.focus, Pane::Accounts, "the filter acts on the list");
    // Only "Civitas Verlag" has a 'v'; typing selects the first match and loads it.
    assert_eq!(
        handle_key(app, key(KeyCode::Char('V'))),
        Some(Effect::LoadDetail(ids.civitas))
    );
    assert_eq!(app.visible_ids(), vec![ids.civitas], "any case");
    assert_eq!(handle_key(app, key(KeyCode::Enter)), None);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.filter.value(), "V", "Enter keeps the filter");
    // Esc in the list clears it; the selection stays.
    assert_eq!(handle_key(app, key(KeyCode::Esc)), None);
    assert_eq!(app.filter.value(), "");
    assert_eq!(app.visible.len(), 4);
    assert_eq!(app.selected_id(), Some(ids.civitas));
    // Nothing matches: nothing selected; Esc while typing clears and selects the first row.
    update(app, Action::Filter);
    type_text(app, "zz");
    assert!(app.visible.is_empty());
    assert_eq!(app.selected_id(), None);
    assert_eq!(
        handle_key(app, key(KeyCode::Esc)),
        Some(Effect::LoadDetail(ids.delta))
    );
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.visible.len(), 4);
}

#[test]
pub(super) fn mine_shows_my_accounts_only_and_back() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    // Delta is Jonas's: hidden, so the selection moves to the first of Anna's.
    assert_eq!(
        update(app, Action::Mine),
        Some(Effect::LoadDetail(ids.brandt))
    );
    assert!(app.mine);
    assert_eq!(app.visible_ids(), vec![ids.brandt, ids.alpha]);
    assert_eq!(status(app), "showing my accounts (owner or backup)");
    assert_eq!(update(app, Action::Mine), None, "Brandt stays selected");
    assert!(!app.mine);
    assert_eq!(app.visible.len(), 4);
    assert_eq!(app.selected_id(), Some(ids.brandt));
    assert_eq!(status(app), "showing all accounts");
}

#[test]
pub(super) fn sort_cycles_the_account_order_and_keeps_the_selection() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    let names = |app: &App| -> Vec<String> {
        app.visible
            .iter()
            .map(|&i| app.data.list[i].account.name.clone())
            .collect()
    };
    update(app, Action::Down); // Brandt
    update(app, Action::Sort);
    assert_eq!(app.sort, crate::tui::app::SortOrder::Name);
    assert_eq!(
        names(app),
        vec![
            "Alpha Logistik GmbH",
            "Bäckerei Brandt",
            "Civitas Verlag",
            "Delta Druck AG"
        ]
    );
    assert_eq!(
        app.selected_id(),
        Some(ids.brandt),
        "the selection follows the account into the new order"
    );
    assert_eq!(status(app), "accounts by name");
    update(app, Action::Sort); // value: Alpha 4500, Civitas 2800, Brandt 1200, Delta 900
    assert_eq!(
        names(app),
        vec![
            "Alpha Logistik GmbH",
            "Civitas Verlag",
            "Bäckerei Brandt",
            "Delta Druck AG"
        ]
    );
    update(app, Action::Sort); // last contact, longest ago first: Delta never
    assert_eq!(names(app)[0], "Delta Druck AG");
    update(app, Action::Sort); // renewal: none set, so the triage order stays
    update(app, Action::Sort);
    assert_eq!(app.sort, crate::tui::app::SortOrder::Triage);
    assert_eq!(
        names(app),
        vec![
            "Delta Druck AG",
            "Bäckerei Brandt",
            "Alpha Logistik GmbH",
            "Civitas Verlag"
        ]
    );
}

#[test]
pub(super) fn page_keys_move_ten_rows() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    update(app, Action::PageDown);
    assert_eq!(app.selected_id(), Some(ids.civitas), "the last of four");
    update(app, Action::PageUp);
    assert_eq!(app.selected_id(), Some(ids.delta));
}

#[test]
fn the_filter_matches_fuzzily_without_accents_best_first() {
    let (mut f, ids) = small();
    let app = &mut f.app;
    update(app, Action::Filter);
    for c in chars("backerei br") {
        handle_key(app, c);
    }
    let names: Vec<&str> = app
        .visible
        .iter()
        .map(|&i| app.data.list[i].account.name.as_str())
        .collect();
    assert_eq!(names, vec!["Bäckerei Brandt"]);
    assert_eq!(app.selected_id(), Some(ids.brandt));
    handle_key(app, key(KeyCode::Esc));
    update(app, Action::Filter);
    for c in chars("lg") {
        handle_key(app, c);
    }
    // A subsequence: "Alpha Logistik GmbH" has l…g; ranked first.
    assert_eq!(
        app.data.list[app.visible[0]].account.name,
        "Alpha Logistik GmbH"
    );
}

#[test]
pub(super) fn palette_jumps_to_an_account_or_runs_an_action() {
    let (mut f, ids) = small();
    // Hide Civitas behind "mine" (Anna owns Alpha and Brandt), then find it by an accent-less,
    // case-less fragment.
    update(&mut f.app, Action::Mine);
    assert!(!f.app.visible_ids().contains(&ids.civitas));
    update(&mut f.app, Action::Palette);
    let Mode::Palette(p) = &f.app.mode else {
        panic!("the palette is open")
    };
    assert_eq!(
        p.items.first(),
        Some(&crate::tui::palette::Item::Action(Action::NextPane)),
        "an empty palette lists the actions first"
    );
    type_text(&mut f.app, "civ");
    let e = handle_key(&mut f.app, key(KeyCode::Enter));
    assert_eq!(e, Some(Effect::LoadDetail(ids.civitas)));
    assert_eq!(f.app.selected_id(), Some(ids.civitas));
    assert!(
        !f.app.mine,
        "the account is shown even though 'mine' hid it"
    );
    assert!(matches!(f.app.mode, Mode::Normal));
    // "backerei" finds "Bäckerei Brandt".
    update(&mut f.app, Action::Palette);
    type_text(&mut f.app, "backerei");
    handle_key(&mut f.app, key(KeyCode::Enter));
    assert_eq!(f.app.selected_id(), Some(ids.brandt));
    // An action by its label: "why" is not a label, "explain" is; it runs as its key would.
    update(&mut f.app, Action::Palette);
    type_text(&mut f.app, "explain the sc");
    assert_eq!(
        handle_key(&mut f.app, key(KeyCode::Enter)),
        Some(Effect::LoadExplain(ids.brandt))
    );
    assert!(matches!(f.app.mode, Mode::Overlay(Overlay::Explain)));
    handle_key(&mut f.app, key(KeyCode::Esc));
    // Nothing matches: Enter says so and changes nothing.
    update(&mut f.app, Action::Palette);
    type_text(&mut f.app, "zzzzqqq");
    assert_eq!(handle_key(&mut f.app, key(KeyCode::Enter)), None);
    assert_eq!(f.app.selected_id(), Some(ids.brandt));
    assert_eq!(status(&f.app), "nothing matches");
}
