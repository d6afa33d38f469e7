//! The mouse (`[ui] mouse`): a click focuses the pane under it and selects the row it hit, the
//! wheel moves the selection in the pane under it (and scrolls an open overlay). Rows are found
//! with the same layout and scroll offset the frame was drawn with, and the selection stays an
//! identity: a click selects the record drawn there.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::action::Effect;
use super::app::{App, Mode, Pane};
use super::update::{move_selection, selection_effect};

/// Rows the wheel moves.
const WHEEL: isize = 3;

pub fn handle_mouse(app: &mut App, ev: MouseEvent, area: Rect) -> Option<Effect> {
    let wheel = match ev.kind {
        MouseEventKind::ScrollDown => Some(WHEEL),
        MouseEventKind::ScrollUp => Some(-WHEEL),
        _ => None,
    };
    match &app.mode {
        Mode::Overlay(_) => {
            if let Some(d) = wheel {
                app.overlay_scroll = app.overlay_scroll.saturating_add_signed(d as i16);
            }
            return None;
        }
        Mode::Normal => {}
        // A note, form or question is open: it acts on the record it names, and a click
        // elsewhere must not change what the screen behind it shows.
        _ => return None,
    }
    let click = matches!(ev.kind, MouseEventKind::Down(MouseButton::Left));
    if !click && wheel.is_none() {
        return None;
    }
    let areas = super::ui::layout(app, area)?;
    let at = Position::new(ev.column, ev.row);
    let pane = Pane::ORDER
        .into_iter()
        .find(|p| areas.pane_rect(*p).contains(at))?;
    let before = app.selected_id();
    app.status = None;
    app.focus = pane;
    if let Some(delta) = wheel {
        move_selection(app, delta);
        return selection_effect(app, before);
    }
    // A click inside the border selects the row drawn there (nothing below the last row).
    let inner = areas
        .pane_rect(pane)
        .inner(ratatui::layout::Margin::new(1, 1));
    if inner.contains(at) {
        let (selected, len) = rows(app, pane);
        let height = if pane == Pane::Accounts && app.today {
            super::ui::today_list_rows(inner.height)
        } else {
            inner.height
        };
        let offset = super::ui::scroll_offset(selected.unwrap_or(0), usize::from(height));
        let target = offset + usize::from(at.y - inner.y);
        if at.y - inner.y < height && target < len {
            let delta = target as isize - selected.unwrap_or(0) as isize;
            if selected.is_none() && pane == Pane::Escalations {
                // Nothing selected yet: step from the top.
                move_selection(app, isize::MIN);
                move_selection(app, target as isize);
            } else {
                move_selection(app, delta);
            }
        }
    }
    selection_effect(app, before)
}

/// The selected row of `pane` and how many rows it has.
fn rows(app: &App, pane: Pane) -> (Option<usize>, usize) {
    match pane {
        Pane::Accounts if app.today => (app.today_row(), app.today_items().len()),
        Pane::Accounts => (app.account_row(), app.visible.len()),
        Pane::Checklist => (Some(app.checklist_row()), app.cfg.checklist.items.len()),
        Pane::Escalations => (app.escalation_row(), app.data.queue.len()),
        Pane::Notes => (
            Some(app.note_row()),
            app.detail.as_ref().map_or(0, |d| d.notes.len()),
        ),
        Pane::Visit => (None, 0),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use crossterm::event::{KeyCode, MouseButton, MouseEventKind};
    use ratatui::layout::Rect;

    use super::*;
    use crate::tui::testing::{Fixed, Step, drive, key, mouse, small};

    const AREA: Rect = Rect::new(0, 0, 80, 24);

    fn click(x: u16, y: u16) -> crossterm::event::MouseEvent {
        mouse(MouseEventKind::Down(MouseButton::Left), x, y)
    }

    #[test]
    fn a_click_selects_the_row_drawn_there_and_focuses_its_pane() {
        let (mut f, ids) = small();
        let areas = crate::tui::ui::layout(&f.app, AREA).unwrap();
        let order = f.app.visible_ids();
        // The third row of the accounts list (inside the border).
        let (x, y) = (areas.left.x + 3, areas.left.y + 1 + 2);
        let effect = handle_mouse(&mut f.app, click(x, y), AREA);
        assert_eq!(f.app.sel.account, Some(order[2]));
        assert_eq!(effect, Some(Effect::LoadDetail(order[2])));
        // The escalation queue: its second row is the record drawn there, whatever was selected.
        let queue: Vec<i64> = f.app.data.queue.iter().map(|e| e.id).collect();
        let (x, y) = (areas.escalations.x + 2, areas.escalations.y + 2);
        handle_mouse(&mut f.app, click(x, y), AREA);
        assert_eq!(f.app.focus, Pane::Escalations);
        assert_eq!(f.app.sel.escalation, Some(queue[1]));
        assert!(queue.contains(&ids.brandt_orange));
        // The border or below the last row: the pane gets the focus, the selection stays.
        let before = f.app.sel.clone();
        handle_mouse(&mut f.app, click(areas.notes.x + 2, areas.notes.y), AREA);
        assert_eq!(f.app.focus, Pane::Notes);
        assert_eq!(f.app.sel, before);
        let last = areas.left.y + areas.left.height - 2;
        handle_mouse(&mut f.app, click(areas.left.x + 2, last), AREA);
        assert_eq!(f.app.focus, Pane::Accounts);
        assert_eq!(f.app.sel.account, before.account, "no account drawn there");
    }

    #[test]
    fn the_wheel_moves_the_selection_of_the_pane_under_it_and_scrolls_an_overlay() {
        let (mut f, _) = small();
        let areas = crate::tui::ui::layout(&f.app, AREA).unwrap();
        let order = f.app.visible_ids();
        let down = mouse(
            MouseEventKind::ScrollDown,
            areas.left.x + 2,
            areas.left.y + 2,
        );
        handle_mouse(&mut f.app, down, AREA);
        // Four accounts: three rows down is the last.
        assert_eq!(f.app.sel.account, Some(order[3]));
        f.app.mode = Mode::Overlay(crate::tui::app::Overlay::Help);
        handle_mouse(&mut f.app, down, AREA);
        assert_eq!(f.app.overlay_scroll, 3);
        assert_eq!(f.app.sel.account, Some(order[3]), "the list behind stays");
    }

    #[test]
    fn a_click_behind_an_open_form_changes_nothing() {
        let (mut f, _) = small();
        let areas = crate::tui::ui::layout(&f.app, AREA).unwrap();
        crate::tui::update::handle_key(&mut f.app, key(KeyCode::Char('e')));
        assert!(matches!(f.app.mode, Mode::Form(_)));
        let before = f.app.sel.clone();
        let effect = handle_mouse(&mut f.app, click(areas.left.x + 2, areas.left.y + 3), AREA);
        assert_eq!(effect, None);
        assert_eq!(f.app.sel, before);
        assert!(matches!(f.app.mode, Mode::Form(_)));
    }

    #[test]
    fn the_run_loop_takes_clicks_and_remembers_the_view() {
        let (mut f, _) = small();
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state/tend/cockpit.toml");
        f.app.state_file = Some(state.clone());
        let areas = crate::tui::ui::layout(&f.app, AREA).unwrap();
        let mut steps = VecDeque::new();
        steps.push_back(Step::Mouse(click(areas.left.x + 2, areas.left.y + 2)));
        steps.push_back(Step::Key(key(KeyCode::Char('m'))));
        steps.push_back(Step::Key(key(KeyCode::Char('o'))));
        steps.push_back(Step::Mouse(click(areas.notes.x + 2, areas.notes.y + 1)));
        drive(&mut f, steps, &mut Fixed);
        assert_eq!(f.app.focus, Pane::Notes);
        let saved = crate::tui::state::Remembered::load(&state);
        assert_eq!(
            saved,
            crate::tui::state::Remembered {
                mine: true,
                sort: "name".into(),
                focus: "notes".into(),
                today: false,
            }
        );
    }
}
