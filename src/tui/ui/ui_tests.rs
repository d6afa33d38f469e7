use crossterm::event::KeyCode;

use crate::tui::action::Action;
use crate::tui::testing::{fixture, key, screen, text};
use crate::tui::update::{handle_key, update};

#[test]
fn main_screen_80x24() {
    let f = fixture();
    let lines = screen(&f.app, 80, 24);
    let all = text(&lines);
    assert!(
        lines[0].contains("tend") && lines[0].contains("active") && lines[0].contains("at-risk"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("NPS") && lines[0].contains("overdue esc"),
        "{}",
        lines[0]
    );
    assert!(all.contains("1 Accounts"));
    assert!(all.contains("2 Week 2026-W48"));
    assert!(all.contains("3 Escalations"));
    assert!(all.contains("4 Notes"));
    assert!(all.contains("5 Quarterly visit"));
    assert!(
        lines[23].contains("filter") && lines[23].contains("quit"),
        "footer: {}",
        lines[23]
    );
    // The selected (first) account's name is on the first list row, with the marker.
    let first = &f.app.data.list[f.app.visible[0]];
    let name: String = first.account.name.chars().take(12).collect();
    assert!(
        lines[2].contains('▶') && lines[2].contains(&name),
        "{}",
        lines[2]
    );
    for l in &lines {
        assert!(unicode_width::UnicodeWidthStr::width(l.as_str()) <= 80);
    }
}

#[test]
fn triage_order_on_screen_worst_first() {
    let f = fixture();
    let lines = screen(&f.app, 80, 24);
    let healths: Vec<i64> = f
        .app
        .visible
        .iter()
        .filter_map(|&i| f.app.data.list[i].health())
        .collect();
    let mut sorted = healths.clone();
    sorted.sort();
    assert_eq!(healths, sorted);
    // The worst scored account's number is on screen.
    if let Some(h) = healths.first() {
        assert!(text(&lines).contains(&format!("{h:>3}")));
    }
}

#[test]
fn main_screen_200x60_shows_more() {
    let f = fixture();
    let lines = screen(&f.app, 200, 60);
    let all = text(&lines);
    assert!(all.contains("Weekly update sent (results, insights, next steps)"));
    // Wide lists spell flags out.
    assert!(
        all.contains("esc:")
            || all.contains("new d")
            || all.contains("renew")
            || all.contains("stale"),
        "{all}"
    );
    for l in &lines {
        assert!(unicode_width::UnicodeWidthStr::width(l.as_str()) <= 200);
    }
}

#[test]
fn too_small_gets_a_message_and_no_panic_at_any_size() {
    let f = fixture();
    let lines = screen(&f.app, 40, 10);
    assert!(
        text(&lines).contains("tend needs 60×16"),
        "{}",
        text(&lines)
    );
    for (w, h) in [
        (1, 1),
        (2, 5),
        (59, 16),
        (60, 15),
        (60, 16),
        (61, 17),
        (80, 24),
        (120, 30),
        (300, 100),
    ] {
        let _ = screen(&f.app, w, h);
    }
}

#[test]
fn help_overlay_lists_every_key() {
    let mut f = fixture();
    update(&mut f.app, Action::Help);
    let all = text(&screen(&f.app, 80, 40));
    for (_, name, help) in Action::ALL {
        assert!(all.contains(help), "help lacks {name}: {all}");
    }
    assert!(all.contains("j/Down"));
}

#[test]
fn explain_overlay_adds_up() {
    let mut f = fixture();
    // Pick the first scored account.
    let pos = f
        .app
        .visible
        .iter()
        .position(|&i| f.app.data.list[i].health().is_some())
        .unwrap();
    for _ in 0..pos {
        let e = update(&mut f.app, Action::Down);
        if let Some(crate::tui::action::Effect::LoadDetail(id)) = e {
            f.app.detail = Some(crate::tui::load_detail(&f.store, &f.app, id).unwrap());
        }
    }
    update(&mut f.app, Action::Explain);
    let s = f.app.selected().unwrap();
    let all = text(&screen(&f.app, 80, 24));
    assert!(
        all.contains(&format!("Why {}", s.health().unwrap())),
        "{all}"
    );
    assert!(all.contains("base"));
    assert!(all.contains(&format!("health: {}", s.band().as_str())));
}

#[test]
fn brief_overlay_matches_the_cli_briefing() {
    let mut f = fixture();
    if let Some(effect) = update(&mut f.app, Action::Brief) {
        crate::tui::run_effect(&f.store, &mut f.app, effect);
    }
    let all = text(&screen(&f.app, 100, 40));
    let s = f.app.selected().unwrap();
    let brief = crate::view::brief(f.app.brief.as_ref().unwrap(), s, &f.app.cfg, f.app.now);
    assert!(!brief.is_empty());
    let first: String = brief[0].chars().take(20).collect();
    assert!(all.contains(&first), "{all}");
    assert!(all.contains("Checklist 2026-W48"));
}

#[test]
fn forms_render_with_valid_and_invalid_input() {
    let mut f = fixture();
    update(&mut f.app, Action::Review);
    for c in "80".chars() {
        handle_key(&mut f.app, key(KeyCode::Char(c)));
    }
    let all = text(&screen(&f.app, 80, 24));
    assert!(all.contains("Health review"), "{all}");
    assert!(all.contains("performance") && all.contains("engagement"));
    // Fill in the rest: the base score shows live.
    for v in ["70", "60", "50"] {
        handle_key(&mut f.app, key(KeyCode::Tab));
        for c in v.chars() {
            handle_key(&mut f.app, key(KeyCode::Char(c)));
        }
    }
    assert!(text(&screen(&f.app, 80, 24)).contains("base score 70"));
    // An invalid value is named under its field.
    handle_key(&mut f.app, key(KeyCode::Char('0')));
    let all = text(&screen(&f.app, 80, 24));
    assert!(all.contains("engagement '500'"), "{all}");
}

#[test]
fn quick_note_box_and_filter_title() {
    let mut f = fixture();
    update(&mut f.app, Action::Note);
    for c in "called".chars() {
        handle_key(&mut f.app, key(KeyCode::Char(c)));
    }
    let all = text(&screen(&f.app, 80, 24));
    assert!(all.contains("Note for") && all.contains("called"), "{all}");
    handle_key(&mut f.app, key(KeyCode::Esc));
    update(&mut f.app, Action::Filter);
    handle_key(&mut f.app, key(KeyCode::Char('x')));
    assert!(text(&screen(&f.app, 80, 24)).contains("/x"));
}

#[test]
fn no_color_keeps_the_selection_visible() {
    let mut f = fixture();
    f.app.theme = crate::tui::ui::theme::Theme { color: false };
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|fr| super::render(&f.app, fr.area(), fr.buffer_mut()))
        .unwrap();
    let buf = terminal.backend().buffer();
    for y in 0..24 {
        for x in 0..80 {
            let c = &buf[(x, y)];
            assert_eq!(c.fg, ratatui::style::Color::Reset, "no colour at {x},{y}");
        }
    }
    // The selected row is reversed and carries the ▶ marker.
    let row: String = (0..36).map(|x| buf[(x, 2)].symbol().to_string()).collect();
    assert!(row.contains('▶'));
    assert!(
        buf[(5, 2)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
}

#[test]
fn hostile_text_is_neutralised_on_screen() {
    let mut f = fixture();
    let id = f.app.selected_id().unwrap();
    let note = crate::store::notes::NewNote {
        at: crate::tui::testing::now(),
        kind: crate::domain::NoteKind::Call,
        text: "evil\x1b[2J\u{202e}gnp.exe 東京".into(),
        nps: None,
    };
    f.store
        .add_note(id, &note, "x", crate::tui::testing::now())
        .unwrap();
    crate::tui::reload(&f.store, &mut f.app);
    let all = text(&screen(&f.app, 120, 30));
    assert!(!all.contains('\x1b') && !all.contains('\u{202e}'));
    assert!(all.contains("evil␛[2Jgnp.exe 東京"), "{all}");
}

#[test]
fn every_form_renders_valid_and_invalid_input() {
    use crate::tui::app::Mode;
    // (action, what to type into the first field after clearing it, a valid value, error shown)
    let cases: &[(Action, &str, &str, &str)] = &[
        (Action::Escalate, "purple", "red", "level 'purple'"),
        (
            Action::PlanVisit,
            "2026-02-30",
            "2026-12-10",
            "date '2026-02-30'",
        ),
        (Action::Review, "101", "80", "performance '101'"),
        (Action::AddAccount, "   x", "Neu AG", ""),
    ];
    for (action, bad, good, error) in cases {
        let mut f = fixture();
        update(&mut f.app, *action);
        assert!(matches!(f.app.mode, Mode::Form(_)), "{action:?}");
        // Clear the prefilled value, type the bad one.
        for _ in 0..20 {
            handle_key(&mut f.app, key(KeyCode::Backspace));
        }
        for c in bad.chars() {
            handle_key(&mut f.app, key(KeyCode::Char(c)));
        }
        let all = text(&screen(&f.app, 80, 24));
        if !error.is_empty() {
            assert!(all.contains(error), "{action:?} shows why: {all}");
        }
        // Enter refuses to save an invalid form and keeps the text.
        if !error.is_empty() {
            assert_eq!(handle_key(&mut f.app, key(KeyCode::Enter)), None);
            let Mode::Form(form) = &f.app.mode else {
                panic!("{action:?}: form closed")
            };
            assert_eq!(form.value(0), *bad);
            assert!(text(&screen(&f.app, 80, 24)).contains("not saved"));
        }
        for _ in 0..20 {
            handle_key(&mut f.app, key(KeyCode::Backspace));
        }
        for c in good.chars() {
            handle_key(&mut f.app, key(KeyCode::Char(c)));
        }
        let all = text(&screen(&f.app, 80, 24));
        assert!(all.contains(good), "{action:?}: {all}");
    }
    // Resolve and raise forms from the escalation pane.
    let mut f = fixture();
    update(&mut f.app, Action::PaneEscalations);
    update(&mut f.app, Action::Resolve);
    let all = text(&screen(&f.app, 80, 24));
    assert!(all.contains("Resolve escalation #"), "{all}");
    assert_eq!(
        handle_key(&mut f.app, key(KeyCode::Enter)),
        None,
        "a resolution needs a note"
    );
    assert!(text(&screen(&f.app, 80, 24)).contains("note ''"));
    // Visit done form.
    let mut f = fixture();
    update(&mut f.app, Action::VisitDone);
    assert!(text(&screen(&f.app, 80, 24)).contains("Visit done today"));
}
