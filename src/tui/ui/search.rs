//! The search overlay: the query, then each hit on two rows — date, account and kind, then the
//! passage with the matching words highlighted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::overlay::input_box;
use crate::domain::dates::local_date;
use crate::domain::search::Snippet;
use crate::text::one_line;
use crate::tui::app::{App, SearchBox};
use crate::view::table::fit;

pub fn render(app: &App, b: &SearchBox, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    let Some(inner) = input_box(
        app,
        "Search every note — ↑↓ choose, Enter opens, Esc closes",
        "search",
        &b.input,
        (1, 110, area.height.saturating_sub(2), 4),
        area,
        buf,
    ) else {
        return;
    };
    let row = |y: u16| Rect {
        y: inner.y + y,
        height: 1,
        ..inner
    };
    let w = usize::from(inner.width);
    let hits = &b.results.hits;
    let (status, style) = match &b.problem {
        Some(p) => (p.clone(), t.warn()),
        None if b.input.value().trim().is_empty() => {
            (format!("type {}", crate::domain::search::ALLOWED), t.dim())
        }
        None if hits.is_empty() && !b.searched.is_empty() => ("no note matches".into(), t.dim()),
        None => {
            let n = hits.len();
            let text = if n == super::super::search::LIMIT {
                format!("the {n} best matches — add a word to narrow the search")
            } else {
                format!("{n} note{}", if n == 1 { "" } else { "s" })
            };
            (text, t.dim())
        }
    };
    Paragraph::new(Span::styled(fit(&status, w), style)).render(row(1), buf);
    let footer = b
        .results
        .window_full
        .then(|| crate::domain::search::window_full_hint(crate::store::search::RANK_WINDOW));
    let rows = inner.height - 2 - u16::from(footer.is_some());
    let per_page = usize::from(rows / 2).max(1);
    let selected = b.selected_row();
    let offset = super::scroll_offset(selected, per_page);
    for (i, hit) in hits.iter().enumerate().skip(offset).take(per_page) {
        let y = 2 + 2 * (i - offset) as u16;
        let chosen = i == selected;
        let head = format!(
            "{}  {} · {}",
            local_date(hit.note.at),
            one_line(&hit.account),
            hit.note.kind
        );
        let head_style = if chosen {
            t.selected(true)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        };
        let marker = if chosen { "▶ " } else { "  " };
        Paragraph::new(Line::from(vec![
            Span::styled(marker, t.key()),
            Span::styled(fit(&head, w.saturating_sub(2)), head_style),
        ]))
        .render(row(y), buf);
        Paragraph::new(snippet_line(&hit.snippet, w.saturating_sub(4), t.key())).render(
            Rect {
                x: inner.x + 4,
                width: inner.width.saturating_sub(4),
                ..row(y + 1)
            },
            buf,
        );
    }
    if let Some(f) = footer {
        Paragraph::new(Span::styled(fit(&f, w), t.warn())).render(row(inner.height - 1), buf);
    }
}

/// The passage on one row of `width` cells, the matches in `mark`'s style (reversed too, so they
/// stand out without colour).
fn snippet_line(s: &Snippet, width: usize, mark: Style) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 0;
    let mut at = 0;
    let mut push = |text: &str, style: Style, used: &mut usize| {
        let text = one_line(text);
        let room = width.saturating_sub(*used);
        if room == 0 || text.is_empty() {
            return;
        }
        let shown = fit(&text, room);
        *used += shown.width();
        spans.push(Span::styled(shown, style));
    };
    for m in &s.marks {
        let (Some(before), Some(hit)) = (s.text.get(at..m.start), s.text.get(m.clone())) else {
            continue;
        };
        push(before, Style::default(), &mut used);
        push(hit, mark.add_modifier(Modifier::REVERSED), &mut used);
        at = m.end;
    }
    if let Some(rest) = s.text.get(at..) {
        push(rest, Style::default(), &mut used);
    }
    Line::from(spans)
}
