//! The palette: the typed text, then the matching actions (with their keys) and accounts (with
//! their health), best match first.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::overlay::input_box;
use crate::text::one_line;
use crate::tui::app::App;
use crate::tui::keymap::short_name;
use crate::tui::palette::{Item, Palette};
use crate::view::table::fit;

pub fn render(app: &App, p: &Palette, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    let Some(inner) = input_box(
        app,
        "Go to an account or run an action — Enter, Esc closes",
        ":",
        &p.input,
        (2, 72, area.height.saturating_sub(4).min(20), 3),
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
    if p.items.is_empty() {
        Paragraph::new(Span::styled("nothing matches", t.dim())).render(row(1), buf);
        return;
    }
    let rows = usize::from(inner.height - 1);
    let selected = p.selected_row();
    let offset = super::scroll_offset(selected, rows);
    for (i, item) in p.items.iter().enumerate().skip(offset).take(rows) {
        let chosen = i == selected;
        let (left, text, right) = match item {
            Item::Action(a) => {
                let keys = app
                    .keymap
                    .first_key(*a)
                    .map(|k| short_name(&k))
                    .unwrap_or_default();
                (keys, a.help().to_string(), "action".to_string())
            }
            Item::Account(id) => {
                let s = app.data.list.iter().find(|s| s.account.id == *id);
                let health = s
                    .and_then(|s| s.health())
                    .map_or("--".to_string(), |h| h.to_string());
                let name = s.map_or_else(|| format!("account {id}"), |s| one_line(&s.account.name));
                ("→".to_string(), name, format!("health {health}"))
            }
        };
        let head = format!("{:>6}  ", fit(&left, 6));
        let room = w.saturating_sub(head.width() + right.width() + 1);
        let text = fit(&text, room);
        let pad = " ".repeat(room.saturating_sub(text.width()) + 1);
        let style = if chosen {
            t.selected(true)
        } else {
            ratatui::style::Style::default()
        };
        let line = Line::from(vec![
            Span::styled(head, if chosen { style } else { t.key() }),
            Span::styled(format!("{text}{pad}"), style),
            Span::styled(right, if chosen { style } else { t.dim() }),
        ]);
        Paragraph::new(line).render(row(1 + (i - offset) as u16), buf);
    }
}
