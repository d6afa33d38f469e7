//! The four panes for the selected account: weekly checklist, escalation queue, notes, visit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{pane_block, scroll_offset};
use crate::domain::IsoWeek;
use crate::domain::dates::local_date;
use crate::domain::feedback::NpsClass;
use crate::text::one_line;
use crate::tui::app::{App, Pane};
use crate::view::table::fit;

pub fn checklist(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    let week = IsoWeek::at(app.now);
    let s = app.selected();
    let done = s.map_or(0, |s| s.checklist_done);
    let title = format!(
        "Checklist {week} · {done}/{}",
        app.cfg.checklist.items.len()
    );
    let block = pane_block(app, Pane::Checklist, title, area.width);
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(s) = s else { return };
    let detail = app.detail.as_ref().filter(|d| d.account_id == s.account.id);
    let focused = app.focus == Pane::Checklist;
    let width = inner.width as usize;
    let lines: Vec<Line> = app
        .cfg
        .checklist
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let tick = detail.and_then(|d| d.ticks.iter().find(|t| t.key == item.key));
            let (mark, style) = if tick.is_some() {
                ("[x]", t.ok())
            } else {
                ("[ ]", Style::default())
            };
            let who = tick
                .map(|t| format!(" ✓{}", one_line(&t.done_by)))
                .unwrap_or_default();
            let label = fit(
                &one_line(&item.label),
                width.saturating_sub(4 + who.width()),
            );
            let line = Line::from(vec![
                Span::styled(format!("{mark} "), style),
                Span::raw(label),
                Span::styled(who, t.dim()),
            ]);
            if focused && i == app.checklist_row() {
                line.style(t.selected(true))
            } else {
                line
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

pub fn escalations(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    let queue = &app.data.queue;
    let open = app.open_queue().count();
    let overdue = queue.iter().filter(|e| e.is_overdue(app.now)).count();
    let mut title = format!("Escalations {open} open · {overdue} overdue");
    if app.show_resolved {
        title.push_str(" · +resolved");
    }
    let block = pane_block(app, Pane::Escalations, title, area.width);
    let inner = block.inner(area);
    block.render(area, buf);
    if queue.is_empty() {
        Paragraph::new(Span::styled("no open escalations", t.ok())).render(inner, buf);
        return;
    }
    let selected_account = app.selected_id();
    let focused = app.focus == Pane::Escalations;
    let height = inner.height as usize;
    let width = inner.width as usize;
    let selected_row = app.escalation_row();
    // Keep the selected row in view (the queue re-sorts under it).
    let offset = scroll_offset(selected_row.unwrap_or(0), height);
    let due_text = |e: &crate::domain::escalation::Escalation| {
        if e.is_open() {
            crate::domain::when::due(e.due_at, app.now, true)
        } else {
            "resolved".to_string()
        }
    };
    // The due column is as wide as its widest visible row ("12h overdue", "in 22h").
    let due_w = queue
        .iter()
        .skip(offset)
        .take(height)
        .map(|e| due_text(e).width())
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = queue
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, e)| {
            let mine = Some(e.account_id) == selected_account;
            let due = due_text(e);
            let due_style = if e.is_overdue(app.now) {
                t.warn()
            } else {
                t.dim()
            };
            let head = format!("{}#{:<4}", if mine { "▸" } else { " " }, e.id);
            let level = format!("{:<7}", e.level.as_str());
            let due_cell = format!("{due:<w$} ", w = due_w);
            let rest = width.saturating_sub(head.width() + level.width() + due_cell.width());
            let text = fit(&one_line(&format!("{} — {}", e.account, e.reason)), rest);
            let mut line = Line::from(vec![
                Span::raw(head),
                Span::styled(level, t.level(e.level)),
                Span::styled(due_cell, due_style),
                Span::raw(text),
            ]);
            if !e.is_open() {
                line = line.style(t.dim());
            }
            if mine {
                line = line.style(Style::default().add_modifier(Modifier::BOLD));
            }
            if focused && Some(i) == selected_row {
                line.style(t.selected(true))
            } else {
                line
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

pub fn notes(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    let detail = app
        .detail
        .as_ref()
        .filter(|d| Some(d.account_id) == app.selected_id());
    let count = match detail {
        Some(d) if d.pinned.is_some() => {
            format!("{} (newest {} +1)", d.notes_total, d.notes.len() - 1)
        }
        Some(d) if d.notes_total > d.notes.len() => {
            format!("{} (newest {})", d.notes_total, d.notes.len())
        }
        Some(d) => d.notes.len().to_string(),
        None => "0".to_string(),
    };
    let block = pane_block(app, Pane::Notes, format!("Notes {count}"), area.width);
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(d) = detail else { return };
    if d.notes.is_empty() {
        let key = app.keymap.keys_of(crate::tui::action::Action::Note);
        Paragraph::new(Span::styled(
            format!("no notes yet — press {key} to log one"),
            t.dim(),
        ))
        .render(inner, buf);
        return;
    }
    let focused = app.focus == Pane::Notes;
    let height = inner.height as usize;
    let width = inner.width as usize;
    let selected_row = app.note_row();
    let offset = scroll_offset(selected_row, height);
    let lines: Vec<Line> = d
        .notes
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, n)| {
            let date = crate::domain::when::date(local_date(n.at));
            let kind = n.kind.as_str();
            let kind_style = match n.kind {
                crate::domain::NoteKind::Complaint => t.warn(),
                crate::domain::NoteKind::Praise => t.ok(),
                _ => t.dim(),
            };
            let mut spans = vec![
                Span::styled(format!("{date} "), t.dim()),
                Span::styled(format!("{kind} "), kind_style),
            ];
            let mut used = date.width() + kind.width() + 2;
            if let Some(nps) = n.nps {
                let style = match NpsClass::of(nps) {
                    NpsClass::Promoter => t.ok(),
                    NpsClass::Passive => Style::default(),
                    NpsClass::Detractor => t.warn(),
                };
                let badge = format!("NPS {nps} ");
                used += badge.width();
                spans.push(Span::styled(badge, style.add_modifier(Modifier::BOLD)));
            }
            // The author's short name ("anna" for anna.berger): who heard it matters, the domain less.
            let short: String = one_line(&n.author)
                .split(['.', '@'])
                .next()
                .unwrap_or("")
                .chars()
                .take(8)
                .collect();
            let author = format!("{short}: ");
            let text = one_line(&n.text);
            used += author.width();
            spans.push(Span::styled(author, t.dim()));
            spans.push(Span::raw(fit(&text, width.saturating_sub(used))));
            let line = Line::from(spans);
            if focused && i == selected_row {
                line.style(t.selected(true))
            } else {
                line
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

pub fn visit(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    let block = pane_block(app, Pane::Visit, "Quarterly visit".to_string(), area.width);
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(s) = app.selected() else { return };
    let today = local_date(app.now);
    let next = s.next_visit;
    let when = next.when(today);
    // "due" alone says it is not planned. Short enough for one row at 80 columns, where the pane
    // has two: the next row (a plan's warning, or the last visit) stays in view.
    let kind = if next.planned { "planned" } else { "due" };
    // A plan after the due date that has passed: the plan lies ahead, the quarter is late
    // (found in a trial: "2026-12-16 planned · 6d overdue" read as a contradiction).
    let when = if next.planned_beyond_due() && next.is_overdue(today) {
        let late = crate::domain::dates::days_between(next.due, today);
        format!("was due {late}d ago")
    } else {
        when
    };
    let style = if s.visit_overdue {
        t.warn()
    } else {
        Style::default()
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", next.date), style),
        Span::styled(kind, t.dim()),
        Span::styled(format!(" · {when}"), style),
    ])];
    if let Some(w) = next.beyond_due_warning() {
        lines.push(Line::from(Span::styled(w, t.warn())));
    }
    let detail = app.detail.as_ref().filter(|d| d.account_id == s.account.id);
    let last = match detail.and_then(|d| d.last_visit.as_ref()) {
        Some(v) => format!(
            "Last {}{}",
            v.done_on.map(|d| d.to_string()).unwrap_or_default(),
            v.note
                .as_deref()
                .map(|n| format!(" — {}", one_line(n)))
                .unwrap_or_default()
        ),
        None => "Last: no visit recorded yet".to_string(),
    };
    lines.push(Line::from(Span::styled(last, t.dim())));
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}
