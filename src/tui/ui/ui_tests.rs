use crossterm::event::KeyCode;

use crate::tui::action::Action;
use crate::tui::testing::{key, screen, small, text};
use crate::tui::update::{handle_key, update};

#[test]
fn main_screen_80x24() {
    let (f, _) = small();
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
    assert!(all.contains("2 Checklist 2026-W48"));
    assert!(all.contains("3 Escalations"));
    assert!(all.contains("4 Notes"));
    assert!(all.contains("5 Quarterly visit"));
    assert!(
        lines[23].contains("filter") && lines[23].contains("quit"),
        "footer: {}",
        lines[23]
    );
    // The selected (first) account is on the first list row, with the marker.
    assert!(
        lines[2].starts_with("│▶  --  Delta Druck AG"),
        "{}",
        lines[2]
    );
    for l in &lines {
        assert!(unicode_width::UnicodeWidthStr::width(l.as_str()) <= 80);
    }
}

#[test]
fn triage_order_on_screen_worst_first() {
    let (f, _) = small();
    let lines = screen(&f.app, 80, 24);
    // Unscored first, then by health, lowest first.
    let rows: Vec<String> = lines[2..6]
        .iter()
        .map(|l| l.chars().take(36).collect())
        .collect();
    for (row, (health, name)) in rows.iter().zip([
        ("--", "Delta Druck AG"),
        ("0", "Bäckerei Brandt"),
        ("55", "Alpha Logistik GmbH"),
        ("75", "Civitas Verlag"),
    ]) {
        assert!(
            row.contains(&format!(" {health}  {name}")),
            "{row:?} should show {health} {name}"
        );
    }
}

#[test]
fn main_screen_200x60_shows_more() {
    let (f, _) = small();
    let lines = screen(&f.app, 200, 60);
    let all = text(&lines);
    assert!(all.contains("Weekly update sent (results, insights, next steps)"));
    // Wide lists spell flags out.
    assert!(
        all.contains("esc:orange! success review due visit overdue"),
        "{all}"
    );
    assert!(all.contains("visit overdue 632d silent"), "{all}");
    for l in &lines {
        assert!(unicode_width::UnicodeWidthStr::width(l.as_str()) <= 200);
    }
}

#[test]
fn too_small_gets_a_message_and_no_panic_at_any_size() {
    let (f, _) = small();
    let all = text(&screen(&f.app, 40, 10));
    assert!(all.contains("tend needs 60×16"), "{all}");
    assert!(all.contains("press q to quit"), "the way out: {all}");
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
    let (mut f, _) = small();
    update(&mut f.app, Action::Help);
    let all = text(&screen(&f.app, 80, 40));
    // Every row the keymap gives the help is on the screen, and every action is in a row.
    let rows = f.app.keymap.help_rows();
    for (keys, help) in &rows {
        assert!(
            all.contains(help.as_str()),
            "help lacks {keys} {help}: {all}"
        );
    }
    for (action, name, help) in Action::ALL {
        let grouped = Action::HELP_GROUPS
            .iter()
            .any(|(actions, _)| actions.contains(action));
        assert!(grouped || all.contains(help), "help lacks {name}: {all}");
    }
    assert!(all.contains("j/k move down/up (↓/↑)"));
}

#[test]
fn explain_overlay_adds_up() {
    let (mut f, ids) = small();
    update(&mut f.app, Action::Down);
    update(&mut f.app, Action::Explain);
    let s = f.app.selected().unwrap();
    assert_eq!(s.account.id, ids.brandt);
    let e = &s.explanation;
    let sum = e.base.unwrap() + e.adjustments.iter().map(|a| a.points).sum::<i64>();
    assert_eq!(Some(sum), s.health());
    // At 80×24 a wrapped line does not push the total out of the box.
    let all = text(&screen(&f.app, 80, 24));
    assert!(
        all.contains("Why review score 50 · health 0 — Bäckerei Brandt"),
        "{all}"
    );
    assert!(all.contains("  50  base"), "{all}");
    assert!(all.contains("   0  health: at-risk"), "{all}");
}

#[test]
fn brief_overlay_matches_the_cli_briefing() {
    let (mut f, ids) = small();
    update(&mut f.app, Action::Down);
    let effect = update(&mut f.app, Action::Brief).unwrap();
    assert_eq!(effect, crate::tui::action::Effect::LoadBrief(ids.brandt));
    crate::tui::run_effect(&f.store, &mut f.app, effect);
    let s = f.app.selected().unwrap();
    let brief = crate::view::brief(f.app.brief.as_ref().unwrap(), s, &f.app.cfg, f.app.now);
    // Every line of the briefing is on screen, the last one too, narrow and wide.
    for (w, h) in [(100, 40), (160, 48)] {
        let all = text(&screen(&f.app, w, h));
        for line in &brief {
            let start: String = line.chars().take(30).collect();
            assert!(all.contains(&start), "{w}x{h} lacks {start:?}: {all}");
        }
    }
    assert!(brief.last().unwrap().starts_with("Next visit: "));
}

#[test]
fn forms_render_with_valid_and_invalid_input() {
    let (mut f, _) = small();
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
    let (mut f, _) = small();
    update(&mut f.app, Action::Note);
    for c in "called".chars() {
        handle_key(&mut f.app, key(KeyCode::Char(c)));
    }
    let all = text(&screen(&f.app, 80, 24));
    assert!(
        all.contains("call note for Delta Druck AG") && all.contains("called"),
        "{all}"
    );
    handle_key(&mut f.app, key(KeyCode::Esc));
    update(&mut f.app, Action::Filter);
    handle_key(&mut f.app, key(KeyCode::Char('x')));
    assert!(text(&screen(&f.app, 80, 24)).contains("/x"));
}

#[test]
fn hostile_text_is_neutralised_on_screen() {
    let (mut f, ids) = small();
    let id = ids.delta;
    let note = crate::store::notes::NewNote {
        at: crate::tui::testing::now(),
        kind: crate::domain::NoteKind::Call,
        text: "evil\x1b[2J\u{202e}gnp.exe 東京".into(),
        nps: None,
        follow_up: None,
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
        (
            Action::PlanVisit,
            "2026-02-30",
            "2026-12-10",
            "date '2026-02-30'",
        ),
        (Action::Review, "101", "80", "performance '101'"),
        (Action::AddAccount, "   ", "Neu AG", "name '   '"),
    ];
    for (action, bad, good, error) in cases {
        let (mut f, _) = small();
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
        assert!(all.contains(error), "{action:?} shows why: {all}");
        // Enter refuses to save an invalid form and keeps the text.
        assert_eq!(handle_key(&mut f.app, key(KeyCode::Enter)), None);
        let Mode::Form(form) = &f.app.mode else {
            panic!("{action:?}: form closed")
        };
        assert_eq!(form.value(0), *bad);
        assert!(text(&screen(&f.app, 80, 24)).contains("not saved"));
        for _ in 0..20 {
            handle_key(&mut f.app, key(KeyCode::Backspace));
        }
        for c in good.chars() {
            handle_key(&mut f.app, key(KeyCode::Char(c)));
        }
        let all = text(&screen(&f.app, 80, 24));
        assert!(all.contains(good), "{action:?}: {all}");
    }
    // The resolve form from the escalation pane (Brandt's overdue orange is the first row).
    let (mut f, ids) = small();
    update(&mut f.app, Action::PaneEscalations);
    update(&mut f.app, Action::Resolve);
    let all = text(&screen(&f.app, 80, 24));
    let title = format!(
        "Resolve escalation #{} orange — Bäckerei Brandt",
        ids.brandt_orange
    );
    assert!(all.contains(&title), "{all}");
    assert_eq!(
        handle_key(&mut f.app, key(KeyCode::Enter)),
        None,
        "a resolution needs a note"
    );
    assert!(text(&screen(&f.app, 80, 24)).contains("note ''"));
    // Visit done form.
    let (mut f, _) = small();
    update(&mut f.app, Action::VisitDone);
    assert!(text(&screen(&f.app, 80, 24)).contains("Visit done — Delta Druck AG"));
}

/// `wrapped_rows` sizes the overlays: it must never count fewer rows than a wrapping paragraph
/// renders, or the box cuts off its last line.
#[test]
fn wrapped_rows_counts_every_rendered_row() {
    use ratatui::text::Line;
    use ratatui::widgets::{Paragraph, Widget, Wrap};
    let samples = [
        "   -10  checklist 2026-W47: 5 of 5 not done (update, kpis, questions, meeting, signals)",
        "tend needs 60×16 — this terminal is 40×10",
        "a-very-long-word-without-any-space-that-must-be-broken-somewhere-in-the-middle ok",
        "  two  spaces  between  words  and  trailing  ",
        "Bäckerei Brandt — 東京 wide characters count twice on screen",
        "",
    ];
    for width in [10u16, 17, 40, 74, 98] {
        let lines: Vec<Line> = samples.iter().map(|s| Line::from(*s)).collect();
        let estimate = super::wrapped_rows(&lines, width);
        let area = ratatui::layout::Rect::new(0, 0, width, estimate + 5);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(area, &mut buf);
        for y in estimate..area.height {
            let row: String = (0..width).map(|x| buf[(x, y)].symbol()).collect();
            assert_eq!(
                row.trim(),
                "",
                "width {width}: row {y} is past the estimate"
            );
        }
    }
}

#[test]
fn a_long_form_scrolls_so_the_focused_field_stays_in_view() {
    let (mut f, _) = small();
    update(&mut f.app, Action::AddAccount);
    // The smallest screen tend draws: the eighth field, focused, is shown with its hint and the
    // message line stays clear.
    for _ in 0..7 {
        handle_key(&mut f.app, key(KeyCode::Tab));
    }
    let lines = screen(&f.app, 60, 16);
    let all = text(&lines);
    assert!(all.contains("referred by"), "{all}");
    assert!(all.contains("optional: who referred the client"), "{all}");
    assert!(all.contains("Enter saves"), "{all}");
    // At 80×24 every field fits: none scrolls away.
    let all = text(&screen(&f.app, 80, 24));
    for label in crate::ops::AccountInput::FIELDS {
        assert!(all.contains(label), "{label}: {all}");
    }
}

#[test]
fn names_that_would_be_cut_alike_are_cut_in_their_middle() {
    // Found in a trial: two rows read "Markgräfler Weingut G…" at 80 columns.
    let (mut f, _) = small();
    let cfg = crate::config::Config::default();
    let ops = crate::ops::Ops::new(&f.store, &cfg, "anna.berger", f.app.now);
    for name in [
        "Markgräfler Weingut GmbH",
        "Markgräfler Weingut GmbH & Co. KG",
    ] {
        let new = crate::store::accounts::NewAccount {
            name: name.into(),
            owner: "anna.berger".into(),
            backup: None,
            tier: crate::domain::Tier::Standard,
            value_cents: 100_000,
            client_since: chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
            renewal: None,
            referred_by: None,
        };
        ops.add_account(new).unwrap();
    }
    crate::tui::reload(&f.store, &mut f.app);
    let lines = screen(&f.app, 80, 24);
    let rows: Vec<&String> = lines.iter().filter(|l| l.contains("Markgräf")).collect();
    assert_eq!(rows.len(), 2, "{}", text(&lines));
    assert_ne!(rows[0], rows[1]);
    assert!(rows.iter().any(|r| r.contains("…ngut GmbH")), "{rows:?}");
    assert!(rows.iter().any(|r| r.contains("Co. KG")), "{rows:?}");
    // A name cut alike by no other keeps its start.
    assert!(text(&lines).contains("Alpha Logistik GmbH"));
}

/// A wide list spells the flags out, except on a row where that would leave the name too short to
/// read: that row takes the letters (found in a trial at 120 columns: "Sch…e.K. esc:red! …").
#[test]
fn a_long_name_keeps_its_room_and_its_row_takes_the_flag_letters() {
    let (mut f, ids) = small();
    let patch = crate::store::accounts::AccountPatch {
        name: Some("Alpha Logistik und Spedition GmbH & Co. KG".into()),
        ..Default::default()
    };
    f.store
        .edit_account(ids.alpha, &patch, "anna.berger", crate::tui::testing::now())
        .unwrap();
    crate::tui::reload(&f.store, &mut f.app);
    let shown = text(&screen(&f.app, 120, 40));
    let row = shown
        .lines()
        .find(|l| l.contains("Alpha Logistik"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(row.contains("Alpha Logistik und Sped"), "{row}");
    assert!(row.contains(" E S V "), "{row}");
    // Where the name keeps its room the flags stay spelled out.
    assert!(
        shown.contains("Civitas Verlag                 visit overdue"),
        "{shown}"
    );
}

/// Today with a filter that matches no item says so, not "nothing due" (found in a trial).
#[test]
fn today_with_a_filter_that_matches_nothing_says_so() {
    let (mut f, _) = small();
    update(&mut f.app, Action::Today);
    update(&mut f.app, Action::Filter);
    for c in "zzz".chars() {
        handle_key(&mut f.app, key(KeyCode::Char(c)));
    }
    handle_key(&mut f.app, key(KeyCode::Enter));
    let shown = text(&screen(&f.app, 80, 24));
    assert!(shown.contains("nothing due matches"), "{shown}");
    assert!(!shown.contains("enjoy the day"), "{shown}");
}

/// Enter on the add-account form with three bad fields: the message counts the others, and each
/// shows under its field.
#[test]
fn the_add_account_form_counts_its_other_problems() {
    let (mut f, _) = small();
    update(&mut f.app, Action::AddAccount);
    let crate::tui::app::Mode::Form(form) = &mut f.app.mode else {
        panic!("the form")
    };
    for (i, v) in [(0, "Neu AG"), (1, "Anna Berger"), (4, "4.500,00")] {
        form.fields[i].input = tui_input::Input::new(v.to_string());
        form.fields[i].pristine = false;
    }
    handle_key(&mut f.app, key(KeyCode::Enter));
    let crate::tui::app::Mode::Form(form) = &f.app.mode else {
        panic!("the form stays")
    };
    assert_eq!(form.focus, 1);
    assert_eq!(
        form.save_error.as_deref(),
        Some(
            "not saved: owner 'Anna Berger': a user name as TEND_USER gives it, e.g. anna.berger (no spaces) (and 1 more problem, under its field)"
        )
    );
    let shown = text(&screen(&f.app, 120, 40));
    assert!(shown.contains("value '4.500,00'"), "{shown}");
}
