//! `c`: the contacts overlay — list, add, edit, delete — acting on the account it was opened for.

use super::*;

fn contacts_box(app: &App) -> &crate::tui::contacts::ContactsBox {
    match &app.mode {
        Mode::Contacts(b) => b,
        other => panic!("the contacts are not open: {other:?}"),
    }
}

/// Perform a write as the run loop does.
fn write(f: &mut Fixture, effect: Option<Effect>) {
    let e = effect.expect("an effect");
    assert!(e.is_write(), "{e:?}");
    assert!(crate::tui::run_effect(&f.store, &mut f.app, e), "saved");
}

fn tab_type(app: &mut App, tabs: usize, text: &str) {
    for _ in 0..tabs {
        handle_key(app, key(KeyCode::Tab));
    }
    type_text(app, text);
}

#[test]
pub(super) fn c_lists_adds_edits_and_deletes_contacts_of_the_account_it_names() {
    let (mut f, ids) = small();
    select(&mut f, 2);
    assert_eq!(f.app.selected_id(), Some(ids.alpha));
    let e = update(&mut f.app, Action::Contacts);
    assert_eq!(e, Some(Effect::LoadContacts(ids.alpha)));
    run(&mut f, e);
    assert!(contacts_box(&f.app).contacts.is_empty());

    // Add: a bad e-mail address names the field and keeps everything typed.
    assert_eq!(handle_key(&mut f.app, key(KeyCode::Char('a'))), None);
    assert_eq!(
        form(&f.app).kind,
        FormKind::Contact {
            account_id: ids.alpha,
            id: None
        }
    );
    type_text(&mut f.app, "Jana Weiß");
    tab_type(&mut f.app, 1, "CMO");
    tab_type(&mut f.app, 1, "jana at alpha");
    assert_eq!(handle_key(&mut f.app, key(KeyCode::Enter)), None);
    let fm = form(&f.app);
    assert_eq!(fm.focus, 2);
    assert!(
        fm.save_error
            .as_deref()
            .unwrap()
            .contains("email 'jana at alpha'")
    );
    assert_eq!(fm.value(0), "Jana Weiß");
    handle_key(&mut f.app, ctrl('u'));
    type_text(&mut f.app, "jana@alpha.de");
    // Primary: yes; birthday without a year.
    tab_type(&mut f.app, 2, "yes");
    tab_type(&mut f.app, 1, "03-14");
    let save = handle_key(&mut f.app, key(KeyCode::Enter));
    // The colleague's write while the form was open moves nothing: the form names Alpha.
    write(&mut f, save);
    let b = contacts_box(&f.app);
    assert_eq!(b.account_id, ids.alpha);
    assert_eq!(b.contacts.len(), 1);
    let jana = b.contacts[0].clone();
    assert_eq!(b.sel, Some(jana.id), "the new contact is selected");
    assert_eq!(
        (jana.role.as_deref(), jana.email.as_deref(), jana.primary),
        (Some("CMO"), Some("jana@alpha.de"), true)
    );
    assert_eq!(jana.birthday.map(|b| b.to_string()), Some("03-14".into()));
    assert_eq!(
        f.app.status.as_ref().unwrap().text,
        "contact Jana Weiß added"
    );

    // Edit: the form holds her values; clearing the role clears it.
    handle_key(&mut f.app, key(KeyCode::Char('e')));
    assert_eq!(
        form(&f.app).kind,
        FormKind::Contact {
            account_id: ids.alpha,
            id: Some(jana.id)
        }
    );
    assert_eq!(form(&f.app).value(2), "jana@alpha.de");
    handle_key(&mut f.app, key(KeyCode::Tab));
    handle_key(&mut f.app, ctrl('u'));
    let save = handle_key(&mut f.app, key(KeyCode::Enter));
    write(&mut f, save);
    let stored = f.store.contacts(ids.alpha).unwrap();
    assert_eq!(stored[0].role, None);
    assert_eq!(stored[0].email.as_deref(), Some("jana@alpha.de"));

    // Delete: "n" goes back to the list, "y" deletes.
    handle_key(&mut f.app, key(KeyCode::Char('d')));
    let Mode::Confirm(c) = &f.app.mode else {
        panic!("a question")
    };
    assert_eq!(
        c.question,
        "Delete contact Jana Weiß of Alpha Logistik GmbH? y/n"
    );
    handle_key(&mut f.app, key(KeyCode::Char('n')));
    assert_eq!(contacts_box(&f.app).contacts.len(), 1);
    handle_key(&mut f.app, key(KeyCode::Char('d')));
    let yes = handle_key(&mut f.app, key(KeyCode::Char('y')));
    assert_eq!(
        yes,
        Some(Effect::DeleteContact {
            account_id: ids.alpha,
            id: jana.id
        })
    );
    write(&mut f, yes);
    assert!(contacts_box(&f.app).contacts.is_empty());
    assert!(f.store.contacts(ids.alpha).unwrap().is_empty());
    // Esc closes; with nothing selected `c` says so.
    handle_key(&mut f.app, key(KeyCode::Esc));
    assert!(matches!(f.app.mode, Mode::Normal));
    let mut app = empty_app();
    assert_eq!(update(&mut app, Action::Contacts), None);
    assert_eq!(status(&app), "no account selected");
}
