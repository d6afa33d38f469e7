//! The text-entry modes (filter, quick note, forms): they take raw keys (STYLE rule 2's one
//! exception), and keep what is typed as a draft when left with Esc.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;

use super::action::{Action, Effect};
use super::app::{App, Draft, DraftKey, Mode};
use super::update::{clear_filter, selection_effect};
use crate::domain::feedback::parse_quick_note;

pub(super) fn is_ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

/// Rows a key moves the choice in a list that has a text input above it (search, palette):
/// ↓/↑, Ctrl-N/Ctrl-P, PgDn/PgUp — letters are for the input.
pub(super) fn list_step(key: &KeyEvent) -> Option<isize> {
    match key.code {
        KeyCode::Down => Some(1),
        KeyCode::Up => Some(-1),
        KeyCode::PageDown => Some(10),
        KeyCode::PageUp => Some(-10),
        _ if is_ctrl(key, 'n') => Some(1),
        _ if is_ctrl(key, 'p') => Some(-1),
        _ => None,
    }
}

/// Keep what is typed in the open note or form as a draft (or drop the draft when nothing is).
pub(super) fn stash_draft(app: &mut App) {
    match &app.mode {
        Mode::Note(n) => {
            let key = DraftKey::Note(n.account_id);
            let text = n.input.value().to_string();
            if text.trim().is_empty() {
                app.drafts.remove(&key);
            } else {
                app.drafts.insert(key, Draft::Note(text));
            }
        }
        Mode::Form(f) => {
            let key = DraftKey::Form(f.kind.clone());
            if f.has_typed_text() {
                let draft = Draft::Form {
                    fields: f.fields.clone(),
                    initial: f.initial.clone(),
                    seen_due: f.seen_due,
                };
                app.drafts.insert(key, draft);
            } else {
                app.drafts.remove(&key);
            }
        }
        _ => {}
    }
}

pub(super) fn filter_key(app: &mut App, key: KeyEvent) -> Option<Effect> {
    match key.code {
        KeyCode::Enter => {
            app.mode = Mode::Normal;
            None
        }
        KeyCode::Esc => clear_filter(app),
        _ => {
            let before = app.selected_id();
            app.filter.handle_event(&Event::Key(key));
            // Typing a filter selects its first match (in Today: the first item of an account
            // it matches — `refilter` moves a selection it hides to the first item shown).
            app.sel.account = None;
            if app.today {
                app.sel.today = None;
            }
            app.refilter(None);
            app.sel.account = app.visible_ids().first().copied();
            selection_effect(app, before)
        }
    }
}

pub(super) fn note_key(app: &mut App, key: KeyEvent) -> Option<Effect> {
    let Mode::Note(note) = &mut app.mode else {
        return None;
    };
    match key.code {
        // Tab / Shift-Tab cycle the note's kind (shown in the title) through every kind; a typed
        // prefix still decides.
        KeyCode::Tab | KeyCode::BackTab => {
            let current = note.kind.unwrap_or(crate::domain::NoteKind::Call);
            let forward = key.code == KeyCode::Tab;
            note.kind = Some(crate::domain::feedback::step_quick_kind(current, forward));
            None
        }
        KeyCode::Esc => {
            let kept = !note.input.value().trim().is_empty();
            let name = crate::text::one_line(&note.account);
            stash_draft(app);
            app.mode = Mode::Normal;
            if kept {
                let key = app.keymap.keys_of(Action::Note);
                app.say(format!("draft kept for {name} ({key} brings it back)"));
            }
            None
        }
        _ if is_ctrl(&key, 'u') => {
            note.input.reset();
            None
        }
        KeyCode::Enter => {
            let line = note.input.value().to_string();
            let (account_id, kind) = (note.account_id, note.kind);
            match parse_quick_note(&line) {
                Err(e) => {
                    app.complain(e.to_string());
                    None
                }
                Ok(_) => Some(Effect::SaveNote {
                    account_id,
                    line,
                    kind,
                }),
            }
        }
        _ => {
            note.input.handle_event(&Event::Key(key));
            None
        }
    }
}

pub(super) fn form_key(app: &mut App, key: KeyEvent) -> Option<Effect> {
    let now = app.now;
    let Mode::Form(form) = &mut app.mode else {
        return None;
    };
    match key.code {
        KeyCode::Esc => {
            // A resolution or a raise's note for an escalation no longer open: its form cannot
            // open again, so the text goes to the account's quick note, where n finds it.
            let closed = form.escalation_closed(&app.data.queue);
            let text = form
                .fields
                .iter()
                .find(|f| !f.is_picker())
                .map(|f| f.input.value().trim().to_string());
            if let (true, Some((account_id, name)), Some(text)) = (closed, form.named.clone(), text)
                && !text.is_empty()
            {
                let draft = match app.drafts.get(&DraftKey::Note(account_id)) {
                    Some(Draft::Note(before)) => format!("{before} — {text}"),
                    _ => text,
                };
                app.drafts
                    .insert(DraftKey::Note(account_id), Draft::Note(draft));
                app.drafts.remove(&DraftKey::Form(form.kind.clone()));
                app.mode = Mode::Normal;
                app.say(format!(
                    "kept as a note draft for {} — n opens it",
                    crate::text::one_line(&name)
                ));
                return None;
            }
            let kept = form.has_typed_text();
            // A contact form goes back to the contacts it was opened from.
            let back = match form.kind {
                super::form::FormKind::Contact { account_id, .. } => {
                    Some(Effect::LoadContacts(account_id))
                }
                _ => None,
            };
            stash_draft(app);
            app.mode = Mode::Normal;
            if kept {
                app.say(
                    "draft kept — open the same form again to continue (Ctrl-U, Esc discards it)",
                );
            }
            back
        }
        _ if is_ctrl(&key, 'u') => {
            // A picker always holds one of its choices: Ctrl-U puts back the one the form
            // opened with (so a draft that only changed it can be discarded, as Esc says).
            let initial = form.initial.get(form.focus).cloned().unwrap_or_default();
            if let Some(f) = form.fields.get_mut(form.focus) {
                if f.is_picker() {
                    f.input = tui_input::Input::new(initial);
                } else {
                    f.input.reset();
                    f.pristine = false;
                }
            }
            form.save_error = None;
            None
        }
        KeyCode::Tab | KeyCode::Down => {
            form.focus = (form.focus + 1) % form.fields.len();
            None
        }
        KeyCode::BackTab | KeyCode::Up => {
            form.focus = (form.focus + form.fields.len() - 1) % form.fields.len();
            None
        }
        KeyCode::Enter => match form.validate(&app.cfg, now) {
            Ok(effect) => Some(effect),
            Err((i, e)) => {
                form.focus = i;
                // Every problem shows under its field; the message counts the others.
                let more = form.problems(&app.cfg, now).len().saturating_sub(1);
                form.save_error = Some(match more {
                    0 => format!("not saved: {e}"),
                    1 => format!("not saved: {e} (and 1 more problem, under its field)"),
                    n => format!("not saved: {e} (and {n} more problems, under their fields)"),
                });
                None
            }
        },
        _ => {
            if let Some(f) = form.fields.get_mut(form.focus).filter(|f| f.is_picker()) {
                // A picker takes ←/→ and letters, never text.
                match key.code {
                    KeyCode::Right => f.cycle(true),
                    KeyCode::Left => f.cycle(false),
                    KeyCode::Char(c) if !f.pick_letter(c) => {
                        let allowed = crate::domain::one_of(f.choices);
                        let e = crate::error::Error::invalid(f.label, c, allowed);
                        form.save_error = Some(e.to_string());
                        return None;
                    }
                    _ => {}
                }
            } else if let Some(f) = form.fields.get_mut(form.focus) {
                type_into(f, key);
            }
            form.save_error = None;
            None
        }
    }
}

/// A key typed into a free-text field; typing over a suggested value replaces it, as if it
/// were selected.
fn type_into(f: &mut super::field::Field, key: KeyEvent) {
    if f.pristine && matches!(key.code, KeyCode::Char(_)) {
        f.input.reset();
    }
    f.pristine = false;
    f.input.handle_event(&Event::Key(key));
}
