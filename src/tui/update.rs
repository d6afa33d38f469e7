//! `update`: state changes for each action, no I/O — anything that needs the store comes back as
//! an `Effect` for the run loop. Text-entry modes take the raw key (STYLE rule 2's one exception).

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::action::{Action, Effect};
use super::app::{App, Mode, NoteInput, Overlay, Pane};
use super::form::{Form, FormKind};
use crate::domain::IsoWeek;
use crate::domain::dates::local_date;
use crate::domain::feedback::parse_quick_note;

/// The single entry point for a key press.
pub fn handle_key(app: &mut App, key: KeyEvent) -> Option<Effect> {
    match &app.mode {
        Mode::Normal => {
            if key.code == KeyCode::Esc {
                if !app.filter.value().is_empty() {
                    return clear_filter(app);
                }
                app.status = None;
                return None;
            }
            let action = app.keymap.action(&key)?;
            update(app, action)
        }
        Mode::Overlay(_) => {
            match key.code {
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') | KeyCode::Char('?') => {
                    app.mode = Mode::Normal
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    app.overlay_scroll = app.overlay_scroll.saturating_add(1)
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    app.overlay_scroll = app.overlay_scroll.saturating_sub(1)
                }
                _ => {}
            }
            None
        }
        Mode::Filter => filter_key(app, key),
        Mode::Note(_) => note_key(app, key),
        Mode::Form(_) => form_key(app, key),
    }
}

/// What an action does in the normal mode.
pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let before = app.selected_id();
    match action {
        Action::Down => move_selection(app, 1),
        Action::Up => move_selection(app, -1),
        Action::Top => move_selection(app, isize::MIN),
        Action::Bottom => move_selection(app, isize::MAX),
        Action::NextPane => app.focus = app.focus.next(),
        Action::PrevPane => app.focus = app.focus.prev(),
        Action::PaneAccounts => app.focus = Pane::Accounts,
        Action::PaneChecklist => app.focus = Pane::Checklist,
        Action::PaneEscalations => app.focus = Pane::Escalations,
        Action::PaneNotes => app.focus = Pane::Notes,
        Action::PaneVisit => app.focus = Pane::Visit,
        Action::Filter => {
            app.focus = Pane::Accounts;
            app.mode = Mode::Filter;
        }
        Action::Mine => {
            app.mine = !app.mine;
            app.refilter(before);
            app.say(if app.mine {
                "showing my accounts (owner or backup)"
            } else {
                "showing all accounts"
            });
        }
        Action::Note => {
            if let Some(s) = app.selected() {
                app.mode = Mode::Note(NoteInput {
                    account_id: s.account.id,
                    account: s.account.name.clone(),
                    input: tui_input::Input::default(),
                });
            }
        }
        Action::Toggle => return toggle(app),
        Action::Escalate => open_form(app, |id| FormKind::Escalate { account_id: id }),
        Action::Raise | Action::Resolve => escalation_form(app, action),
        Action::PlanVisit => open_form(app, |id| FormKind::PlanVisit { account_id: id }),
        Action::VisitDone => open_form(app, |id| FormKind::VisitDone { account_id: id }),
        Action::Review => open_form(app, |id| FormKind::Review { account_id: id }),
        Action::AddAccount => {
            let today = local_date(app.now);
            app.mode = Mode::Form(Form::new(FormKind::AddAccount, "", today));
        }
        Action::Explain => open_overlay(app, Overlay::Explain),
        Action::Brief => {
            // The briefing is read when it is opened, not on every selection move.
            open_overlay(app, Overlay::Brief);
            if matches!(app.mode, Mode::Overlay(Overlay::Brief)) {
                return app.selected_id().map(Effect::LoadDetail);
            }
        }
        Action::Help => {
            app.overlay_scroll = 0;
            app.mode = Mode::Overlay(Overlay::Help);
        }
        Action::Quit => app.quit = true,
    }
    selection_effect(app, before)
}

fn selection_effect(app: &mut App, before: Option<i64>) -> Option<Effect> {
    let after = app.selected_id();
    if after == before {
        return None;
    }
    app.sel.checklist = 0;
    app.sel.note = 0;
    if let Some(id) = after
        && let Some(pos) = app.data.queue.iter().position(|e| e.account_id == id)
    {
        app.sel.escalation = pos;
    }
    after.map(Effect::LoadDetail)
}

fn step(current: usize, len: usize, delta: isize) -> usize {
    if len == 0 {
        return 0;
    }
    match delta {
        isize::MIN => 0,
        isize::MAX => len - 1,
        d => (current as isize + d).clamp(0, len as isize - 1) as usize,
    }
}

fn move_selection(app: &mut App, delta: isize) {
    let s = &mut app.sel;
    match app.focus {
        Pane::Accounts => s.account = step(s.account, app.visible.len(), delta),
        Pane::Checklist => s.checklist = step(s.checklist, app.cfg.checklist.items.len(), delta),
        Pane::Escalations => s.escalation = step(s.escalation, app.data.queue.len(), delta),
        Pane::Notes => {
            s.note = step(
                s.note,
                app.detail.as_ref().map_or(0, |d| d.notes.len()),
                delta,
            )
        }
        Pane::Visit => {}
    }
}

fn toggle(app: &mut App) -> Option<Effect> {
    if app.focus != Pane::Checklist {
        let key = app.keymap.keys_of(Action::PaneChecklist);
        app.say(format!(
            "Space ticks items in the checklist pane: press {key} (or Tab) to go there"
        ));
        return None;
    }
    let account_id = app.selected_id()?;
    let item = app.cfg.checklist.items.get(app.sel.checklist)?.key.clone();
    let done = app
        .detail
        .as_ref()
        .is_some_and(|d| d.account_id == account_id && d.ticks.iter().any(|t| t.key == item));
    Some(Effect::ToggleTick {
        account_id,
        week: IsoWeek::at(app.now),
        key: item,
        done: !done,
    })
}

fn open_form(app: &mut App, kind: impl FnOnce(i64) -> FormKind) {
    let Some(s) = app.selected() else {
        app.say("no account selected");
        return;
    };
    let (id, name) = (s.account.id, s.account.name.clone());
    app.mode = Mode::Form(Form::new(kind(id), &name, local_date(app.now)));
}

/// `E`/`r` act on the selected queue row in the escalation pane, elsewhere on the selected
/// account's most urgent open escalation.
fn escalation_form(app: &mut App, action: Action) {
    let target = if app.focus == Pane::Escalations {
        app.selected_escalation()
    } else {
        // The account's most urgent escalation that the action applies to (red cannot be raised).
        let id = app.selected_id();
        app.data
            .queue
            .iter()
            .filter(|e| Some(e.account_id) == id)
            .find(|e| action != Action::Raise || e.level.next().is_some())
            .or_else(|| app.data.queue.iter().find(|e| Some(e.account_id) == id))
    };
    let Some(e) = target else {
        app.say("no open escalation here");
        return;
    };
    let subject = format!("#{} {} — {}", e.id, e.level, e.account);
    let kind = if action == Action::Raise {
        if e.level.next().is_none() {
            app.complain(format!(
                "#{} is red already: it cannot be raised further",
                e.id
            ));
            return;
        }
        FormKind::Raise { id: e.id }
    } else {
        FormKind::Resolve { id: e.id }
    };
    app.mode = Mode::Form(Form::new(kind, &subject, local_date(app.now)));
}

fn open_overlay(app: &mut App, overlay: Overlay) {
    if app.selected().is_some() {
        app.overlay_scroll = 0;
        app.mode = Mode::Overlay(overlay);
    }
}

fn clear_filter(app: &mut App) -> Option<Effect> {
    let before = app.selected_id();
    app.filter.reset();
    app.mode = Mode::Normal;
    app.refilter(before);
    selection_effect(app, before)
}

fn filter_key(app: &mut App, key: KeyEvent) -> Option<Effect> {
    match key.code {
        KeyCode::Enter => {
            app.mode = Mode::Normal;
            None
        }
        KeyCode::Esc => clear_filter(app),
        _ => {
            let before = app.selected_id();
            app.filter.handle_event(&Event::Key(key));
            app.sel.account = 0;
            app.refilter(None);
            selection_effect(app, before)
        }
    }
}

fn note_key(app: &mut App, key: KeyEvent) -> Option<Effect> {
    let Mode::Note(note) = &mut app.mode else {
        return None;
    };
    match key.code {
        KeyCode::Esc => {
            app.mode = Mode::Normal;
            app.say("note discarded");
            None
        }
        KeyCode::Enter => {
            let line = note.input.value().to_string();
            let account_id = note.account_id;
            match parse_quick_note(&line) {
                Err(e) => {
                    app.complain(e.to_string());
                    None
                }
                Ok(_) => Some(Effect::SaveNote { account_id, line }),
            }
        }
        _ => {
            note.input.handle_event(&Event::Key(key));
            app.status = None;
            None
        }
    }
}

fn form_key(app: &mut App, key: KeyEvent) -> Option<Effect> {
    let today = local_date(app.now);
    let Mode::Form(form) = &mut app.mode else {
        return None;
    };
    match key.code {
        KeyCode::Esc => {
            app.mode = Mode::Normal;
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
        KeyCode::Enter => match form.validate(&app.cfg, today) {
            Ok(effect) => Some(effect),
            Err((i, e)) => {
                form.focus = i;
                form.save_error = Some(format!("not saved: {e}"));
                None
            }
        },
        _ => {
            if let Some(f) = form.fields.get_mut(form.focus) {
                // Typing over a suggested value replaces it, as if it were selected.
                if f.pristine && matches!(key.code, KeyCode::Char(_)) {
                    f.input.reset();
                }
                f.pristine = false;
                f.input.handle_event(&Event::Key(key));
            }
            form.save_error = None;
            None
        }
    }
}

/// After the run loop performed an effect: close the input on success, keep it (and say why) on
/// failure so nothing typed is lost.
pub fn saved(app: &mut App, result: Result<String, crate::error::Error>) {
    match result {
        Ok(message) => {
            if matches!(app.mode, Mode::Note(_) | Mode::Form(_)) {
                app.mode = Mode::Normal;
            }
            app.say(message);
        }
        Err(e) => {
            let text = format!("not saved: {e}");
            if let Mode::Form(form) = &mut app.mode {
                form.save_error = Some(text.clone());
            }
            app.complain(text);
        }
    }
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
