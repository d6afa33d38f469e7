//! Whole-screen snapshots of the overlays that live beside the panes — search, palette, contacts
//! — on the hand-built fixture (`testing::small`), at 80×24.

use crossterm::event::{KeyCode, KeyEvent};

use crate::tui::testing::{Fixture, chars, key, screen, small, text};
use crate::tui::update::handle_key;

/// Keys as a user types them; what they ask of the store (reads only) is performed.
fn press(f: &mut Fixture, keys: impl IntoIterator<Item = KeyEvent>) {
    for k in keys {
        if let Some(effect) = handle_key(&mut f.app, k) {
            assert!(!effect.is_write(), "{k:?} → {effect:?}");
            crate::tui::run_effect(&f.store, &mut f.app, effect);
        }
    }
}

fn shot(f: &Fixture) -> String {
    text(&screen(&f.app, 80, 24))
}

#[test]
fn search_overlay() {
    let (mut f, _) = small();
    press(&mut f, [key(KeyCode::Char('s'))]);
    insta::assert_snapshot!("search_empty_80x24", shot(&f));
    // Two hits, best first; the matched words are marked (the style is checked below).
    press(&mut f, chars("re*"));
    insta::assert_snapshot!("search_hits_80x24", shot(&f));
    press(&mut f, [key(KeyCode::Down), key(KeyCode::Enter)]);
    insta::assert_snapshot!("search_opened_note_80x24", shot(&f));
}

#[test]
fn search_marks_the_matching_words() {
    let (mut f, _) = small();
    press(&mut f, [key(KeyCode::Char('s'))]);
    press(&mut f, chars("invoice"));
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    crate::tui::ui::render(&f.app, area, &mut buf);
    let lines = screen(&f.app, 80, 24);
    let (y, line) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains("invoice wrong again"))
        .expect("the passage is shown");
    let x = line[..line.find("invoice wrong").unwrap()].chars().count() as u16;
    let marked = |x: u16| {
        buf[(x, y as u16)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    };
    assert!(marked(x) && marked(x + 6), "the word is marked");
    assert!(!marked(x + 8), "'wrong' is not");
}

#[test]
fn an_overlay_taller_than_the_screen_says_more_is_below() {
    let (mut f, _) = small();
    press(&mut f, [key(KeyCode::Char('?'))]);
    let lines = screen(&f.app, 80, 16);
    insta::assert_snapshot!("help_80x16_more_below", text(&lines));
    assert!(text(&lines).contains("▼ more below — j scrolls"));
    // Scrolled to the end, the marker goes.
    for _ in 0..12 {
        press(&mut f, [key(KeyCode::Char('j'))]);
    }
    assert!(!text(&screen(&f.app, 80, 16)).contains("more below"));
}

#[test]
fn palette_overlay() {
    let (mut f, _) = small();
    press(&mut f, [key(KeyCode::Char(':'))]);
    insta::assert_snapshot!("palette_empty_80x24", shot(&f));
    press(&mut f, chars("br"));
    insta::assert_snapshot!("palette_br_80x24", shot(&f));
}

#[test]
fn contacts_overlay_and_form() {
    let (mut f, ids) = small();
    let ops = crate::ops::Ops::new(&f.store, &f.app.cfg, "anna.berger", f.app.now);
    let jana = crate::store::contacts::NewContact {
        person: "Jana Weiß".into(),
        role: Some("CMO".into()),
        email: Some("jana@delta-druck.de".into()),
        phone: Some("+49 30 1234 567".into()),
        primary: true,
        birthday: Some(crate::domain::Birthday::parse("birthday", "03-14").unwrap()),
        channel: Some("Signal".into()),
        best_time: Some("mornings".into()),
        personal: Some("two kids, sails on the Wannsee".into()),
    };
    ops.add_contact(ids.delta, &jana).unwrap();
    let tom = crate::store::contacts::NewContact {
        person: "Tom Berger".into(),
        role: Some("project lead".into()),
        ..Default::default()
    };
    ops.add_contact(ids.delta, &tom).unwrap();
    press(&mut f, [key(KeyCode::Char('c'))]);
    insta::assert_snapshot!("contacts_80x24", shot(&f));
    press(&mut f, [key(KeyCode::Char('e'))]);
    insta::assert_snapshot!("contact_edit_form_80x24", shot(&f));
    press(&mut f, [key(KeyCode::Esc), key(KeyCode::Char('c'))]);
    let (mut g, _) = small();
    press(&mut g, [key(KeyCode::Char('c'))]);
    insta::assert_snapshot!("contacts_none_80x24", shot(&g));
}

#[test]
fn log_note_form() {
    let (mut f, _) = small();
    // It opens on the text; the kind and the moment are gone back to.
    press(&mut f, [key(KeyCode::Char('N'))]);
    press(&mut f, chars("sent the pilot numbers"));
    press(&mut f, [key(KeyCode::BackTab), key(KeyCode::BackTab)]);
    press(&mut f, [key(KeyCode::Char('e')), key(KeyCode::Tab)]);
    press(&mut f, chars("yesterday"));
    press(&mut f, [key(KeyCode::Tab)]);
    insta::assert_snapshot!("log_note_form_80x24", shot(&f));
    // The last kind: the picker shows a window around it, "…" where choices lie beyond.
    press(
        &mut f,
        [
            key(KeyCode::BackTab),
            key(KeyCode::BackTab),
            key(KeyCode::Char('s')),
        ],
    );
    let screen = shot(&f);
    let row = screen.lines().find(|l| l.contains("kind")).unwrap();
    assert!(
        row.contains("‹…") && row.contains("[success-review]"),
        "{row}"
    );
}

#[test]
fn a_refusal_from_the_store_wraps_under_the_form() {
    let (mut f, _) = small();
    press(&mut f, [key(KeyCode::Char('a'))]);
    press(&mut f, chars("alpha logistik gmbh"));
    let save = handle_key(&mut f.app, key(KeyCode::Enter)).expect("valid");
    assert!(!crate::tui::run_effect(&f.store, &mut f.app, save));
    insta::assert_snapshot!("add_account_name_taken_80x24", shot(&f));
}

#[test]
fn escalation_overlay() {
    let (mut f, ids) = small();
    f.app.focus = crate::tui::app::Pane::Escalations;
    f.app.sel.escalation = Some(ids.brandt_orange);
    press(&mut f, [key(KeyCode::Enter)]);
    insta::assert_snapshot!("escalation_story_80x24", shot(&f));
}
