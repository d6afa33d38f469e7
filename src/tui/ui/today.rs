//! The Today view in the left column: what is due, overdue first, one row per item.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::pane_block;
use crate::text::one_line;
use crate::tui::app::{App, Pane};
use crate::view::table::fit;

/// Rows under the list that spell out the selected item in full (a narrow column cuts the
/// account and the reason on the item's row).
pub const DETAIL_ROWS: u16 = 4;

/// The rows the list itself has in a pane whose inner height is `inner` (the mouse maps clicks
/// with it too).
pub fn list_rows(inner: u16) -> u16 {
    if inner >= 3 * DETAIL_ROWS {
        inner - DETAIL_ROWS
    } else {
        inner
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    let items = app.today_items();
    let mut title = crate::domain::agenda::heading(
        items.iter().copied(),
        crate::domain::dates::local_date(app.now),
        app.mine,
    );
    // The `/` filter typed, right after the count (as the account list's title has it).
    let filter = app.filter.value();
    let typing = matches!(app.mode, crate::tui::app::Mode::Filter);
    if (!filter.is_empty() || typing)
        && let Some((head, rest)) = title.split_once(" · ")
    {
        let cursor = if typing { "▏" } else { "" };
        title = format!(
            "{head} · /{}{cursor} · {rest}",
            crate::text::one_line(filter)
        );
    }
    let block = pane_block(app, Pane::Accounts, title, area.width);
    let inner = block.inner(area);
    block.render(area, buf);
    if items.is_empty() {
        // Items hidden by the filter or "mine" are not "nothing due" (found in a trial).
        let hidden = !app.data.agenda.is_empty() && (!filter.is_empty() || app.mine);
        let (text, style) = if hidden {
            (
                "nothing due matches — Esc clears the filter, m shows all",
                t.dim(),
            )
        } else {
            ("nothing due — enjoy the day", t.ok())
        };
        Paragraph::new(Span::styled(text, style)).render(inner, buf);
        return;
    }
    let height = usize::from(list_rows(inner.height));
    let width = inner.width as usize;
    let selected = app.today_row();
    let offset = super::scroll_offset(selected.unwrap_or(0), height);
    let focused = app.focus == Pane::Accounts;
    // A narrow pane (80 columns) gives the account's name the room: the kind goes (the
    // reason after the name says what is due) and "overdue" becomes "late" — with both, names
    // were cut to eight characters and could not be told apart (found in a trial).
    let narrow = width < 60;
    let when_of = |i: &crate::domain::agenda::AgendaItem| {
        let when = i.when(app.now);
        if narrow {
            crate::domain::when::narrow(&when)
        } else {
            when
        }
    };
    // The when column is as wide as its widest visible row ("2d overdue", "617d overdue").
    let when_w = items
        .iter()
        .skip(offset)
        .take(height)
        .map(|i| when_of(i).width())
        .max()
        .unwrap_or(0)
        .max(if narrow { 6 } else { 8 });
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(row, i)| {
            let is_selected = Some(row) == selected;
            let marker = if is_selected { "▶" } else { " " };
            let when = format!("{:<when_w$} ", when_of(i));
            let kind = if narrow {
                String::new()
            } else {
                format!("{:<10} ", fit(i.kind.as_str(), 10))
            };
            let head_width = marker.width() + 1 + when.width() + kind.width();
            let rest = width.saturating_sub(head_width);
            // In a narrow pane a row of the same account as the row above says so with a ditto
            // mark, so the reason shows (a filter to one account gave rows that all read
            // "Ortenau Metallbau AG —…"); the top row of the screen always names it.
            let same = narrow
                && row > offset
                && items
                    .get(row - 1)
                    .is_some_and(|p| p.account_id == i.account_id);
            let text = if same {
                fit(&one_line(&format!("  \"  {}", i.reason)), rest)
            } else {
                fit(&one_line(&format!("{} — {}", i.account, i.reason)), rest)
            };
            let when_style = if i.overdue { t.warn() } else { t.dim() };
            let line = Line::from(vec![
                Span::raw(format!("{marker} ")),
                Span::styled(when, when_style),
                Span::styled(kind, Style::default()),
                Span::raw(text),
            ]);
            if is_selected {
                line.style(t.selected(focused))
            } else {
                line
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
    // The selected item in full: its account, then why it is due (wrapped).
    if let Some(item) = app.selected_item()
        && usize::from(inner.height) > height
    {
        let rows = inner.height - height as u16;
        let detail = Rect {
            y: inner.y + height as u16,
            height: rows,
            ..inner
        };
        let rule = "─".repeat(width);
        let lines = vec![
            Line::from(Span::styled(rule, t.dim())),
            Line::from(Span::styled(
                fit(&one_line(&item.account), width),
                Style::default().add_modifier(ratatui::style::Modifier::BOLD),
            )),
            Line::from(Span::raw(one_line(&item.reason))),
        ];
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(detail, buf);
    }
}
