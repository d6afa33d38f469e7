//! The contacts overlay: each person on two rows — name (★ primary) and role, then how to reach
//! them and what to remember.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::overlay::boxed;
use crate::domain::Contact;
use crate::text::one_line;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::contacts::ContactsBox;
use crate::view::table::fit;

pub fn render(app: &App, b: &ContactsBox, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    let width = area.width.saturating_sub(4).min(90);
    let rows = (b.contacts.len().max(1) * 2) as u16;
    let height = (rows + 3).min(area.height.saturating_sub(2));
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let k = |a: Action| app.keymap.first_key(a).unwrap_or_default();
    let title = format!(
        "Contacts — {} — {} add, {} edit, {} delete, Esc closes",
        one_line(&b.account),
        k(Action::AddAccount),
        k(Action::Escalate),
        k(Action::Delete)
    );
    let inner = boxed(app, &title, rect, buf);
    let w = usize::from(inner.width);
    let row = |y: u16| Rect {
        y: inner.y + y,
        height: 1,
        ..inner
    };
    if b.contacts.is_empty() {
        let text = format!("no contacts yet — {} adds one", k(Action::AddAccount));
        Paragraph::new(Span::styled(text, t.dim())).render(row(0), buf);
        return;
    }
    let per_page = usize::from(inner.height / 2).max(1);
    let selected = b.selected_row();
    let offset = super::scroll_offset(selected, per_page);
    for (i, c) in b.contacts.iter().enumerate().skip(offset).take(per_page) {
        let y = 2 * (i - offset) as u16;
        let chosen = i == selected;
        let mut head = one_line(&c.person);
        if let Some(role) = &c.role {
            head.push_str(&format!(" · {}", one_line(role)));
        }
        let style = if chosen {
            t.selected(true)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        };
        let star = if c.primary { "★ " } else { "  " };
        Paragraph::new(Line::from(vec![
            Span::styled(star, t.key()),
            Span::styled(fit(&head, w.saturating_sub(2)), style),
        ]))
        .render(row(y), buf);
        Paragraph::new(Span::styled(fit(&details(c), w.saturating_sub(4)), t.dim())).render(
            Rect {
                x: inner.x + 4,
                width: inner.width.saturating_sub(4),
                ..row(y + 1)
            },
            buf,
        );
    }
}

/// "jana@x.de · +49 30 1234 · birthday 03-14 · Signal, mornings · two kids"
fn details(c: &Contact) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(c.email.iter().map(|e| one_line(e)));
    parts.extend(c.phone.iter().map(|p| one_line(p)));
    if let Some(b) = c.birthday {
        parts.push(format!("birthday {b}"));
    }
    let reach: Vec<String> = c
        .channel
        .iter()
        .chain(c.best_time.iter())
        .map(|s| one_line(s))
        .collect();
    if !reach.is_empty() {
        parts.push(reach.join(", "));
    }
    parts.extend(c.personal.iter().map(|p| one_line(p)));
    if parts.is_empty() {
        "no details yet".into()
    } else {
        parts.join(" · ")
    }
}
