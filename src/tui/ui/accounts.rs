//! The accounts list: triage order, health with its band colour, trend arrow, flags.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::pane_block;
use crate::domain::summary::AccountSummary;
use crate::text::one_line;
use crate::tui::app::{App, Mode, Pane};
use crate::view::table::fit;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    let filter = app.filter.value();
    let mut title = format!("Accounts {}", app.visible.len());
    if app.sort != crate::tui::app::SortOrder::Triage {
        title.push_str(&format!(" · {}", app.sort.label()));
    }
    if app.mine {
        title.push_str(" · mine");
    }
    if !filter.is_empty() || matches!(app.mode, Mode::Filter) {
        title.push_str(&format!(" · /{}", one_line(filter)));
        if matches!(app.mode, Mode::Filter) {
            title.push('▏');
        }
    }
    // The header counts active accounts; the list also holds the paused ones (flag P). Last in
    // the title: a narrow pane cuts this before the filter typed.
    let paused = app
        .visible
        .iter()
        .filter(|&&i| app.data.list[i].account.status == crate::domain::Status::Paused)
        .count();
    if paused > 0 {
        title.push_str(&format!(" · {paused} paused"));
    }
    let block = pane_block(app, Pane::Accounts, title, area.width);
    let inner = block.inner(area);
    block.render(area, buf);
    if app.visible.is_empty() {
        let msg = if app.data.list.is_empty() {
            "no accounts yet — press a to add one"
        } else {
            "no account matches"
        };
        Paragraph::new(Span::styled(msg, t.dim())).render(inner, buf);
        return;
    }
    let height = inner.height as usize;
    let selected_row = app.account_row();
    let offset = super::scroll_offset(selected_row.unwrap_or(0), height);
    let focused = app.focus == Pane::Accounts;
    let width = inner.width as usize;
    // The names on screen, so that a name cut to the same start as another's is cut in its
    // middle instead (found in a trial: two "Markgräfler Weingut G…" rows).
    let shown: Vec<&str> = (app.visible.iter().skip(offset).take(height))
        .map(|&i| app.data.list[i].account.name.as_str())
        .collect();
    let lines: Vec<Line> = app
        .visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(row, &i)| {
            row_line(
                app,
                &app.data.list[i],
                Some(row) == selected_row,
                focused,
                width,
                &shown,
            )
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// The name width a row keeps before its flags are spelled out (most names fit, or are known
/// by their start).
const NAME_MIN: usize = 24;

fn row_line<'a>(
    app: &App,
    s: &AccountSummary,
    selected: bool,
    focused: bool,
    width: usize,
    shown: &[&str],
) -> Line<'a> {
    let t = app.theme;
    let health = s.health().map_or(" --".to_string(), |h| format!("{h:>3}"));
    let arrow = s.arrow.map_or(" ", |a| a.symbol());
    let full = one_line(&s.account.name);
    let room = |flags: &[(String, Style)]| {
        let text: usize = flags.iter().map(|(f, _)| 1 + f.width()).sum();
        width.saturating_sub(2 + 3 + 2 + text + 1).max(8)
    };
    // A wide list spells the flags out, unless that leaves the name too short to read: then
    // this row takes the letters (found in a trial: "Sch…e.K. esc:red! success review due").
    let mut flags = compact_flags(s, width >= 50, t);
    if width >= 50 && room(&flags) < full.width().min(NAME_MIN) {
        flags = compact_flags(s, false, t);
    }
    let name_room = room(&flags);
    let mut name = fit(&full, name_room);
    if let Some(start) = name.strip_suffix('…')
        && shown
            .iter()
            .any(|other| *other != s.account.name && other.starts_with(start))
    {
        name = crate::view::table::fit_middle(&full, name_room);
    }
    let pad = " ".repeat(name_room.saturating_sub(name.width()));
    let marker = if selected { "▶" } else { " " };
    let mut spans = vec![
        Span::raw(format!("{marker} ")),
        Span::styled(health, t.band(s.band())),
        Span::styled(format!("{arrow} "), t.dim()),
        Span::raw(format!("{name}{pad}")),
    ];
    for (f, style) in flags {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(f, style));
    }
    let line = Line::from(spans);
    if selected {
        line.style(t.selected(focused))
    } else {
        line
    }
}

/// The account's flags with their style: labels where the list is wide, letters where it is not.
fn compact_flags(
    s: &AccountSummary,
    wide: bool,
    t: crate::tui::ui::theme::Theme,
) -> Vec<(String, Style)> {
    s.flags
        .iter()
        // The list shows the flags that have a letter; a wide list spells them out.
        .filter(|f| f.letter().is_some())
        .filter_map(|f| {
            let text = if wide { f.label() } else { f.letter() }?;
            Some((text, t.severity(f.severity())))
        })
        .collect()
}
