//! Rendering: a pure function of `&App` into a buffer. One file per pane, overlays and forms.

mod accounts;
mod contacts;
mod overlay;
mod palette;
mod panes;
mod search;
pub mod theme;
mod today;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::action::Action;
use super::app::{App, Mode, Pane};
use super::keymap::Keymap;
use crate::domain::dates::local_date;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Where each part of the screen goes: computed once here, used to draw and to find what a mouse
/// click hit.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    pub header: Rect,
    /// The accounts list, or the Today view.
    pub left: Rect,
    pub checklist: Rect,
    pub escalations: Rect,
    pub notes: Rect,
    pub visit: Rect,
    pub footer: Rect,
}

impl Areas {
    /// The pane drawn in `rect`.
    pub fn pane_rect(&self, pane: Pane) -> Rect {
        match pane {
            Pane::Accounts => self.left,
            Pane::Checklist => self.checklist,
            Pane::Escalations => self.escalations,
            Pane::Notes => self.notes,
            Pane::Visit => self.visit,
        }
    }
}

/// The screen's layout; None when the terminal is too small for the cockpit.
pub fn layout(app: &App, area: Rect) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let list_width = (area.width * 45 / 100).clamp(36, 72);
    let [left, right] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Min(0)]).areas(body);
    let checklist_h = app.cfg.checklist.items.len() as u16 + 2;
    let visit_h = if body.height >= 30 { 6 } else { 4 };
    let [checklist, escalations, notes, visit] = Layout::vertical([
        Constraint::Length(checklist_h),
        Constraint::Fill(1),
        Constraint::Fill(1),
        Constraint::Length(visit_h),
    ])
    .areas(right);
    Some(Areas {
        header,
        left,
        checklist,
        escalations,
        notes,
        visit,
        footer,
    })
}

/// The first row a list shows in `height` rows so that `selected` is visible (every list draws
/// with it, and a click is mapped back with it).
pub use today::list_rows as today_list_rows;

pub fn scroll_offset(selected: usize, height: usize) -> usize {
    selected.saturating_sub(height.saturating_sub(1))
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(a) = layout(app, area) else {
        too_small(area, buf);
        return;
    };
    render_header(app, a.header, buf);
    if app.today {
        today::render(app, a.left, buf);
    } else {
        accounts::render(app, a.left, buf);
    }
    panes::checklist(app, a.checklist, buf);
    panes::escalations(app, a.escalations, buf);
    panes::notes(app, a.notes, buf);
    panes::visit(app, a.visit, buf);
    render_footer(app, a.footer, buf);
    match &app.mode {
        Mode::Overlay(o) => overlay::overlay(app, o, area, buf),
        Mode::Form(form) => overlay::form(app, form, area, buf),
        Mode::Note(note) => overlay::note(app, note, area, buf),
        Mode::Confirm(c) => overlay::confirm(app, &c.question, area, buf),
        Mode::Search(b) => search::render(app, b, area, buf),
        Mode::Palette(p) => palette::render(app, p, area, buf),
        Mode::Contacts(b) => contacts::render(app, b, area, buf),
        Mode::Normal | Mode::Filter => {}
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let text = format!(
        "tend needs {MIN_WIDTH}×{MIN_HEIGHT} — this terminal is {}×{}",
        area.width, area.height
    );
    let lines = vec![
        Line::from(text),
        Line::from("enlarge it, or press q to quit"),
    ];
    // The first line wraps in a narrow terminal: room for every row, or the way out is cut off.
    let height = wrapped_rows(&lines, area.width).min(area.height);
    let y = area.y + area.height / 2;
    let rect = Rect {
        x: area.x,
        y: y.saturating_sub(height / 2).max(area.y),
        width: area.width,
        height,
    };
    Paragraph::new(lines)
        .centered()
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(rect, buf);
}

/// How many rows `lines` take in a `Paragraph` that wraps at word boundaries in `width` columns
/// (never fewer than it renders: a box sized by it shows every line).
pub(crate) fn wrapped_rows(lines: &[Line], width: u16) -> u16 {
    use unicode_width::UnicodeWidthStr;
    let width = usize::from(width.max(1));
    let rows: usize = lines
        .iter()
        .map(|line| {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            let (mut rows, mut col) = (1, 0);
            for (i, word) in text.split(' ').enumerate() {
                let mut gap = usize::from(i > 0);
                let w = word.width();
                if col > 0 && col + gap + w > width {
                    rows += 1;
                    (col, gap) = (0, 0);
                }
                col += gap + w;
                // A word longer than the row is broken across rows.
                while col > width {
                    rows += 1;
                    col -= width;
                }
            }
            rows
        })
        .sum();
    u16::try_from(rows).unwrap_or(u16::MAX)
}

fn render_header(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    let mut spans = vec![Span::styled(" tend ", t.header())];
    if let Some(k) = &app.data.kpis {
        let nps = k
            .nps
            .map(|n| format!("{n:+}"))
            .unwrap_or_else(|| "--".into());
        spans.push(Span::raw(format!(" {} active · ", k.accounts)));
        spans.push(Span::styled(
            format!("{} at-risk", k.at_risk),
            if k.at_risk > 0 {
                t.warn()
            } else {
                Style::default()
            },
        ));
        let due_today = app.data.due_now;
        // The agenda follows the first frame (`tui::complete_load`).
        let due_today = if app.data.agenda_pending && app.data.agenda.is_empty() {
            "…".to_string()
        } else {
            due_today.to_string()
        };
        spans.push(Span::raw(format!(" · {due_today} due · NPS {nps} · ")));
        spans.push(Span::styled(
            format!("{} overdue esc", k.overdue_escalations),
            if k.overdue_escalations > 0 {
                t.warn()
            } else {
                Style::default()
            },
        ));
        // Revenue at risk when there is room for it (80 columns hold the rest).
        let risk = format!(" · €{} at risk/mo", compact_eur(k.revenue_at_risk));
        let used: usize = spans.iter().map(|s| s.width()).sum();
        if used + risk.width() <= area.width as usize {
            spans.push(Span::raw(risk));
        }
    }
    // The weekday, then the date in the one style.
    let today = local_date(app.now);
    let right = format!(
        "{}{} · {} {} ",
        if app.read_only { "read-only · " } else { "" },
        app.user,
        today.format("%a"),
        crate::domain::when::date(today)
    );
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let gap = (area.width as usize).saturating_sub(used + right.chars().count());
    if gap > 0 {
        spans.push(Span::raw(" ".repeat(gap)));
        spans.push(Span::styled(right, t.dim()));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

fn compact_eur(eur: f64) -> String {
    if eur >= 1_000_000.0 {
        format!("{:.1}M", eur / 1_000_000.0)
    } else if eur >= 1_000.0 {
        format!("{:.1}k", eur / 1_000.0)
    } else {
        format!("{eur:.0}")
    }
}

fn render_footer(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    if let Some(status) = &app.status {
        let style = if status.error { t.error() } else { t.ok() };
        let text = crate::text::one_line(&status.text);
        // A message wider than the screen takes the row above too (over the panes' bottom
        // borders, for the moment it shows): its end is often what to do next (found in a
        // trial at 80 columns: "… now 'great quar" and "Space again unticks i").
        let rows = if text.width() > usize::from(area.width) && area.y > 0 {
            2
        } else {
            1
        };
        let rect = Rect {
            y: area.y + 1 - rows,
            height: rows,
            ..area
        };
        ratatui::widgets::Clear.render(rect, buf);
        Paragraph::new(Line::from(Span::styled(text, style)))
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(rect, buf);
        return;
    }
    let pairs: Vec<(String, &str)> = match &app.mode {
        Mode::Filter => vec![
            ("type".into(), "filter"),
            ("Enter".into(), "keep"),
            ("Esc".into(), "clear"),
        ],
        Mode::Note(_) => vec![
            ("Enter".into(), "save"),
            ("Tab".into(), "kind"),
            ("Esc".into(), "keep draft"),
            ("!".into(), "complaint"),
            ("email: br: mf:".into(), "kinds"),
            ("nps N".into(), "NPS"),
            ("@fri".into(), "follow-up"),
        ],
        Mode::Form(_) => vec![
            ("Tab".into(), "next field"),
            ("Enter".into(), "save"),
            ("Esc".into(), "keep draft"),
            ("Ctrl-U".into(), "clear"),
        ],
        Mode::Overlay(super::app::Overlay::Note(_)) => vec![
            ("j/k".into(), "scroll"),
            (app.keymap.keys_of(Action::Escalate), "edit"),
            (app.keymap.keys_of(Action::Delete), "delete"),
            ("Esc".into(), "close"),
        ],
        Mode::Overlay(_) => vec![("j/k".into(), "scroll"), ("Esc".into(), "close")],
        Mode::Confirm(_) => vec![("y".into(), "yes"), ("any other key".into(), "no")],
        Mode::Search(_) => vec![
            ("type".into(), "search"),
            ("↑↓".into(), "choose"),
            ("Enter".into(), "open"),
            ("Esc".into(), "close"),
            ("word* \"a phrase\"".into(), "syntax"),
        ],
        Mode::Contacts(_) => vec![
            ("j/k".into(), "choose"),
            (app.keymap.keys_of(Action::AddAccount), "add"),
            (app.keymap.keys_of(Action::Escalate), "edit"),
            (app.keymap.keys_of(Action::Delete), "delete"),
            ("Esc".into(), "close"),
        ],
        Mode::Palette(_) => vec![
            ("type".into(), "find"),
            ("↑↓".into(), "choose"),
            ("Enter".into(), "go / run"),
            ("Esc".into(), "close"),
        ],
        Mode::Normal => footer_keys(&app.keymap, app.focus, app.today),
    };
    let mut spans = Vec::new();
    // What does not fit is left out from the middle: the pane's own keys come first and help and
    // quit always stay (the help lists the rest).
    let width = |(k, l): &(String, &str)| k.width() + l.width() + 3;
    let room = area.width as usize;
    let tail = if matches!(app.mode, Mode::Normal) && pairs.len() > 2 {
        2
    } else {
        0
    };
    let (head, last) = pairs.split_at(pairs.len() - tail);
    let mut used: usize = last.iter().map(width).sum();
    let mut shown: Vec<&(String, &str)> = Vec::new();
    for p in head {
        if used + width(p) <= room {
            used += width(p);
            shown.push(p);
        }
    }
    shown.extend(last);
    for (key, label) in shown {
        spans.push(Span::styled(key.clone(), t.key()));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

/// The footer in the normal mode: the keys that act where the focus is, then the global ones.
pub fn footer_keys(keymap: &Keymap, focus: Pane, today: bool) -> Vec<(String, &'static str)> {
    let mut actions: Vec<(Action, &'static str)> = match focus {
        Pane::Accounts if today => vec![
            (Action::Act, "act"),
            (Action::Snooze, "snooze"),
            (Action::Today, "accounts"),
        ],
        Pane::Accounts => vec![
            (Action::Filter, "filter"),
            (Action::Mine, "mine"),
            (Action::Today, "today"),
        ],
        Pane::Checklist => vec![(Action::Toggle, "tick")],
        Pane::Escalations => vec![
            (Action::Raise, "raise"),
            (Action::Resolve, "resolve"),
            (Action::Reopen, "reopen"),
            (Action::ShowResolved, "resolved"),
        ],
        Pane::Notes => vec![
            (Action::Act, "read"),
            (Action::Escalate, "edit"),
            (Action::Delete, "delete"),
        ],
        Pane::Visit => vec![(Action::PlanVisit, "plan"), (Action::VisitDone, "done")],
    };
    actions.extend([
        (Action::Note, "note"),
        (Action::Escalate, "escalate"),
        (Action::Review, "review"),
        (Action::Explain, "why"),
        (Action::Brief, "brief"),
        (Action::Help, "help"),
        (Action::Quit, "quit"),
    ]);
    // A key the pane gives its own meaning is listed once, with that meaning (`e` edits a note).
    let mut seen = std::collections::HashSet::new();
    actions.retain(|(a, _)| seen.insert(*a));
    actions
        .into_iter()
        .filter_map(|(a, label)| keymap.first_key(a).map(|k| (k, label)))
        .collect()
}

/// A bordered block whose border shows focus; the title carries the pane's number key. A title
/// wider than the pane (`width` columns) ends in "…" instead of being clipped mid-word.
pub(crate) fn pane_block(app: &App, pane: Pane, title: String, width: u16) -> Block<'static> {
    let focused = app.focus == pane && matches!(app.mode, Mode::Normal | Mode::Filter);
    let number = Pane::ORDER
        .iter()
        .position(|p| *p == pane)
        .map_or(0, |i| i + 1);
    let marker = if focused { "▶" } else { " " };
    Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(focused))
        .title(Span::styled(
            crate::view::table::fit(
                &format!("{marker}{number} {title} "),
                usize::from(width.saturating_sub(2)),
            ),
            app.theme.border(focused),
        ))
}

#[cfg(test)]
#[path = "ui_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "snapshot_tests.rs"]
mod snapshot_tests;

#[cfg(test)]
#[path = "snapshot_overlays.rs"]
mod snapshot_overlays;
