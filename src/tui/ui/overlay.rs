//! Overlays (help, explanation, briefing) and input boxes (quick note, forms) drawn over the screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use tui_input::Input;
use unicode_width::UnicodeWidthStr;

use crate::text::one_line;
use crate::tui::app::{App, NoteInput, Overlay};
use crate::tui::form::{Field, Form, FormKind};
use crate::view::explanation_lines;
use crate::view::table::fit;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A box `top` rows below the screen's top, at most `max_width` wide and `height` high, whose
/// first row is `label` and a one-line input (search, palette). The box's inner area, or None
/// when the terminal leaves fewer than `min_rows` inside it.
#[allow(clippy::too_many_arguments)]
pub(super) fn input_box(
    app: &App,
    title: &str,
    label: &str,
    input: &Input,
    (top, max_width, height, min_rows): (u16, u16, u16, u16),
    area: Rect,
    buf: &mut Buffer,
) -> Option<Rect> {
    let width = area.width.saturating_sub(4).min(max_width);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + top,
        width,
        height: height.min(area.height.saturating_sub(top)),
    };
    let inner = boxed(app, title, rect, buf);
    if inner.height < min_rows {
        return None;
    }
    let row = Rect { height: 1, ..inner };
    Paragraph::new(Span::styled(label.to_string(), app.theme.key())).render(row, buf);
    let skip = label.width() as u16 + 1;
    render_input(
        input,
        Rect {
            x: inner.x + skip,
            width: inner.width.saturating_sub(skip),
            ..row
        },
        buf,
        true,
    );
    Some(inner)
}

pub(super) fn boxed(app: &App, title: &str, rect: Rect, buf: &mut Buffer) -> Rect {
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(true))
        .title(Span::styled(
            format!(" {} ", one_line(title)),
            app.theme.border(true),
        ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

pub fn overlay(app: &App, which: &Overlay, area: Rect, buf: &mut Buffer) {
    let width = area.width.saturating_sub(4).min(100);
    let inner_width = width.saturating_sub(2);
    let (title, lines): (String, Vec<Line>) = match which {
        Overlay::Help => (
            "Keys — Esc closes".into(),
            help_lines(app, inner_width as usize),
        ),
        Overlay::Explain => match app.selected() {
            Some(s) => {
                let extra = app
                    .explain
                    .as_ref()
                    .filter(|x| x.account_id == s.account.id);
                let mut lines: Vec<Line> = match extra {
                    // Now beside 30 days ago, row by row, with the change — when there is a
                    // score on either side (an unscored account showed "0 0 +0 review score").
                    Some(x) if s.explanation.base.is_some() || x.then.base.is_some() => {
                        explain_compare(app, s, x, inner_width as usize)
                    }
                    _ => explanation_lines(&s.explanation, &s.facts)
                        .into_iter()
                        .map(Line::from)
                        .collect(),
                };
                if let Some(line) = extra.and_then(|x| crate::view::history_line(&x.history)) {
                    lines.push(Line::from(line));
                }
                if let Some(t) = crate::view::trend_line(s, &app.cfg) {
                    lines.push(Line::from(t));
                }
                if let Some(stale) = crate::view::stale_line(s, &app.cfg) {
                    lines.push(Line::from(Span::styled(stale, app.theme.warn())));
                }
                if let Some(onboarding) = crate::view::onboarding_line(s) {
                    lines.push(Line::from(Span::styled(onboarding, app.theme.dim())));
                }
                (
                    format!("Why {} — {}", crate::view::scores_text(s), s.account.name),
                    lines,
                )
            }
            None => ("Why".into(), vec![]),
        },
        Overlay::Note(id) => note_lines(app, *id),
        Overlay::Escalation(id) => match app.story.as_ref().filter(|s| s.escalation.id == *id) {
            Some(s) => {
                let lines = crate::view::escalation_story(
                    &s.escalation,
                    &s.history,
                    &s.undone,
                    app.now,
                    &crate::domain::when::minute,
                );
                let keys = format!(
                    "Escalation #{id} — {} raise, {} resolve, {} reopen, Esc closes",
                    app.keymap.keys_of(crate::tui::action::Action::Raise),
                    app.keymap.keys_of(crate::tui::action::Action::Resolve),
                    app.keymap.keys_of(crate::tui::action::Action::Reopen)
                );
                (keys, lines.into_iter().map(Line::from).collect())
            }
            None => (format!("Escalation #{id}"), vec![]),
        },
        Overlay::Brief => {
            let lines = match (app.selected(), app.brief.as_ref()) {
                (Some(s), Some(b)) if b.account_id == s.account.id => {
                    // Wrapped, not cut: a note's text or a contact's phone at the end of a
                    // long line must stay readable at 80 columns.
                    crate::view::brief(b, s, &app.cfg, app.now)
                        .into_iter()
                        .map(|l| Line::from(one_line(&l)))
                        .collect()
                }
                _ => vec![],
            };
            ("Briefing — Esc closes".into(), lines)
        }
    };
    // Rows as wrapped, so a line that wraps does not push the last one (the total) out of the box.
    let height = (super::wrapped_rows(&lines, inner_width).saturating_add(2))
        .min(area.height.saturating_sub(2))
        .max(5);
    let rect = centered(area, width, height);
    let total = super::wrapped_rows(&lines, inner_width);
    let inner = boxed(app, &title, rect, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((app.overlay_scroll, 0))
        .render(inner, buf);
    // What the box cannot show is marked on its bottom border.
    if total > inner.height.saturating_add(app.overlay_scroll) {
        let more = " ▼ more below — j scrolls ";
        let x = rect.x + rect.width.saturating_sub(more.width() as u16 + 2);
        buf.set_string(x, rect.y + rect.height - 1, more, app.theme.key());
    }
}

/// One note in full: when, kind, who, NPS and follow-up, then the text wrapped.
fn note_lines(app: &App, id: i64) -> (String, Vec<Line<'static>>) {
    let t = app.theme;
    let Some(n) = app.note_by_id(id) else {
        return ("Note".into(), vec![Line::from("this note is gone")]);
    };
    let mut head = format!(
        "{} · {} · {}",
        crate::domain::when::minute(n.at),
        n.kind,
        one_line(&n.author)
    );
    if let Some(v) = n.nps {
        head.push_str(&format!(" · NPS {v}"));
    }
    // Found in a trial: a colleague's edit showed under the original author only.
    if let Some(by) = &n.edited_by {
        head.push_str(&format!(" · edited by {}", one_line(by)));
    }
    let mut lines = vec![Line::from(Span::styled(head, t.dim()))];
    if let Some(d) = n.follow_up {
        let state = if n.follow_up_done { " (done)" } else { "" };
        lines.push(Line::from(Span::styled(
            format!("follow up by {d}{state}"),
            t.warn(),
        )));
    }
    lines.push(Line::from(""));
    // The text as written, line by line (neutralised), wrapped by the paragraph.
    for l in n.text.lines() {
        lines.push(Line::from(one_line(l)));
    }
    let account = app
        .account_name(n.account_id)
        .unwrap_or_else(|| format!("account {}", n.account_id));
    let keys = format!(
        "Note {} · {account} — {} edits, {} deletes, Esc closes",
        n.id,
        app.keymap.keys_of(crate::tui::action::Action::Escalate),
        app.keymap.keys_of(crate::tui::action::Action::Delete)
    );
    (keys, lines)
}

/// A y/n question in a small box.
pub fn confirm(app: &App, question: &str, area: Rect, buf: &mut Buffer) {
    let width = area.width.saturating_sub(4).min(80);
    let rect = centered(area, width, 3);
    let inner = boxed(app, "Confirm", rect, buf);
    Paragraph::new(Span::styled(one_line(question), app.theme.warn())).render(inner, buf);
}

/// Every key, in two columns where there is room (so the help fits 80×24).
fn help_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let rows = app.keymap.help_rows();
    let entry = |(keys, help): &(String, String), w: usize| -> Vec<Span<'static>> {
        // Short key names so both columns fit: PgDn, ^d.

        let k = format!("{:>9} ", fit(keys, 9));
        let h = fit(help, w.saturating_sub(k.width() + 1));
        let pad = " ".repeat(w.saturating_sub(k.width() + h.width()));
        vec![Span::styled(k, t.key()), Span::raw(format!("{h}{pad}"))]
    };
    let mut lines: Vec<Line> = Vec::new();
    let half = rows.len().div_ceil(2);
    let col = (width.saturating_sub(1) / 2).max(20);
    for i in 0..half {
        let mut spans = entry(&rows[i], col);
        if let Some(right) = rows.get(i + half) {
            spans.push(Span::raw(" "));
            spans.extend(entry(right, col));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(Span::styled(
        "Flags: E esc (!overdue) S success rev. B budget V visit R stale 9d quiet",
        t.dim(),
    )));
    lines.push(Line::from(Span::styled(
        "$ renewal N new P paused · note: ! email: br: mf: rr: sr: nps 9 @fri Tab",
        t.dim(),
    )));
    lines
}

pub fn note(app: &App, note: &NoteInput, area: Rect, buf: &mut Buffer) {
    // The account's name as the data has it now (a colleague may have renamed it).
    let now_named = (app.data.list.iter())
        .chain(&app.data.churned)
        .find(|s| s.account.id == note.account_id)
        .map(|s| &s.account.name);
    let (name, input) = (now_named.unwrap_or(&note.account), &note.input);
    let width = area.width.saturating_sub(4).min(90);
    let rect = centered(area, width, 3);
    // The kind the note will be saved as: a typed prefix, else the one chosen with Tab, else call.
    let typed = crate::domain::feedback::parse_quick_note(input.value())
        .map(|q| q.kind)
        .unwrap_or(crate::domain::NoteKind::Call);
    let kind = match (note.kind, typed) {
        (Some(k), crate::domain::NoteKind::Call) => k,
        (_, k) => k,
    };
    let title = if note.restored {
        format!("{kind} note for {name} · draft — Enter saves, Ctrl-U clears")
    } else {
        format!("{kind} note for {name} — Enter saves, Tab kind, Esc keeps a draft")
    };
    let inner = boxed(app, &title, rect, buf);
    render_input(input, inner, buf, true);
}

/// One line of input, scrolled so the cursor stays visible; the cursor is drawn as a reversed cell.
pub(super) fn render_input(input: &Input, area: Rect, buf: &mut Buffer, focused: bool) {
    let width = area.width.max(1) as usize;
    let scroll = input.visual_scroll(width.saturating_sub(1));
    let shown: String = one_line(input.value());
    let mut skipped = 0;
    let mut visible = String::new();
    for c in shown.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if skipped < scroll {
            skipped += w;
            continue;
        }
        visible.push(c);
    }
    Paragraph::new(fit(&visible, width)).render(area, buf);
    if focused {
        let x = area.x + (input.visual_cursor().saturating_sub(scroll)) as u16;
        if x < area.x + area.width {
            buf[(x, area.y)].set_style(Style::default().add_modifier(Modifier::REVERSED));
        }
    }
}

/// A picker: every choice, the chosen one in brackets (and highlighted when focused), so the
/// choices are visible without colour: `‹ [yellow]  orange   red  ›`.
fn render_picker(app: &App, f: &Field, area: Rect, buf: &mut Buffer, focused: bool) {
    let t = app.theme;
    let chosen = f.chosen();
    let arrow = if focused { t.key() } else { t.dim() };
    let label = |i: usize, c: &str| {
        if Some(i) == chosen {
            format!("[{c}] ")
        } else {
            format!(" {c}  ")
        }
    };
    // More choices than the row holds (the thirteen note kinds): a window around the chosen
    // one, "…" marking what lies beyond on either side.
    let widths: Vec<usize> = f
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| label(i, c).width())
        .collect();
    let room = usize::from(area.width).saturating_sub(6);
    let (mut lo, mut hi) = (chosen.unwrap_or(0), chosen.unwrap_or(0) + 1);
    let mut used: usize = widths.get(lo).copied().unwrap_or(0);
    loop {
        let grow_right = hi < widths.len() && used + widths[hi] <= room;
        if grow_right {
            used += widths[hi];
            hi += 1;
        }
        let grow_left = lo > 0 && used + widths[lo - 1] <= room;
        if grow_left {
            lo -= 1;
            used += widths[lo];
        }
        if !grow_right && !grow_left {
            break;
        }
    }
    let mut spans = vec![Span::styled(if lo > 0 { "‹…" } else { "‹ " }, arrow)];
    for (i, c) in f.choices.iter().enumerate().take(hi).skip(lo) {
        let style = match (Some(i) == chosen, focused) {
            (true, true) => t.selected(true),
            (true, false) => Style::default().add_modifier(Modifier::BOLD),
            (false, _) => t.dim(),
        };
        let text = label(i, c);
        spans.push(Span::styled(text.trim_end().to_string(), style));
        spans.push(Span::raw(" ".repeat(text.len() - text.trim_end().len())));
    }
    spans.push(Span::styled(
        if hi < f.choices.len() {
            "…›"
        } else {
            "›"
        },
        arrow,
    ));
    Paragraph::new(Line::from(spans)).render(area, buf);
}

pub fn form(app: &App, form: &Form, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    let width = area.width.saturating_sub(4).min(76);
    let height = (form.fields.len() as u16 * 2 + 5).min(area.height);
    let rect = centered(area, width, height);
    let title = if form.restored {
        format!("{} · draft", app.form_title(form))
    } else {
        app.form_title(form)
    };
    let inner = boxed(app, &title, rect, buf);
    let label_w = form
        .fields
        .iter()
        .map(|f| f.label.width())
        .max()
        .unwrap_or(0) as u16
        + 2;
    let problems = form.problems(&app.cfg, app.now);
    // Two rows a field, the last row for the message; in a short terminal the fields scroll so
    // the focused one stays in view (the add-account form has eight).
    let shown = (inner.height.saturating_sub(1) / 2).max(1) as usize;
    let first = (form.focus + 1).saturating_sub(shown);
    for (i, f) in form.fields.iter().enumerate().skip(first).take(shown) {
        let y = inner.y + (i - first) as u16 * 2;
        if y + 1 >= inner.y + inner.height {
            break;
        }
        let focused = i == form.focus;
        let label_style = if focused { t.key() } else { Style::default() };
        Paragraph::new(Span::styled(
            format!("{:>w$}", f.label, w = label_w as usize - 2),
            label_style,
        ))
        .render(
            Rect {
                x: inner.x,
                y,
                width: label_w,
                height: 1,
            },
            buf,
        );
        let field_area = Rect {
            x: inner.x + label_w,
            y,
            width: inner.width.saturating_sub(label_w),
            height: 1,
        };
        if f.is_picker() {
            render_picker(app, f, field_area, buf, focused);
        } else {
            render_input(&f.input, field_area, buf, focused);
        }
        let problem = problems.iter().find(|(j, _)| *j == i);
        let bad = problem.is_some() && !f.input.value().is_empty();
        let (hint, style) = match problem {
            Some((_, e)) if bad => (e.to_string(), t.error()),
            // Letters pick only where the cursor is: say how to get there.
            _ if f.is_picker() && !focused => {
                (format!("Tab or Shift-Tab here, then {}", f.hint), t.dim())
            }
            _ => (f.hint.to_string(), t.dim()),
        };
        Paragraph::new(Span::styled(fit(&hint, field_area.width as usize), style)).render(
            Rect {
                y: y + 1,
                ..field_area
            },
            buf,
        );
    }
    let last_y = inner.y + inner.height.saturating_sub(1);
    let message = match (&form.save_error, form.notice(&app.data.queue)) {
        (Some(e), _) => Span::styled(e.clone(), t.error()),
        (None, Some(n)) => Span::styled(n, t.warn()),
        (None, None) => match form.preview(&app.cfg) {
            Some(p) if matches!(form.kind, FormKind::PlanVisit { .. }) => Span::styled(p, t.warn()),
            Some(p) => Span::styled(p, t.ok()),
            None => Span::styled("Enter saves · Tab next field · Esc keeps a draft", t.dim()),
        },
    };
    // A long message (a refusal naming what is allowed) wraps onto the row above when the
    // fields leave it free.
    let used = (form.fields.len().min(shown) * 2) as u16;
    let two = inner.height >= used + 2 && message.width() > usize::from(inner.width);
    let rows = if two { 2 } else { 1 };
    Paragraph::new(Line::from(message))
        .wrap(Wrap { trim: true })
        .render(
            Rect {
                x: inner.x,
                y: last_y + 1 - rows,
                width: inner.width,
                height: rows,
            },
            buf,
        );
}

/// The explanation as a comparison: "  now  then  change  why", base first, health last.
fn explain_compare(
    app: &App,
    s: &crate::domain::summary::AccountSummary,
    x: &crate::triage::ExplainExtra,
    width: usize,
) -> Vec<Line<'static>> {
    let t = app.theme;
    let days = app.cfg.health.trend_days;
    let mut lines = vec![Line::from(Span::styled(
        format!(
            " now {:>5} change  {}",
            format!("-{days}d"),
            crate::domain::history::COMPARE_WHY
        ),
        t.dim(),
    ))];
    let rows = crate::domain::history::compare(&x.then, &s.explanation);
    let (then_scored, now_scored) = (x.then.health.is_some(), s.health().is_some());
    for r in &rows {
        let (then, now, change) =
            crate::domain::history::compare_cells(r.then, r.now, then_scored, now_scored);
        let head = format!("{now:>4} {then:>5} {change:>6}  ");
        let why = fit(&one_line(&r.reason), width.saturating_sub(head.width()));
        let style = if change.is_empty() {
            Style::default()
        } else if r.change < 0 {
            t.warn()
        } else if r.change > 0 {
            t.ok()
        } else {
            Style::default()
        };
        lines.push(Line::from(vec![Span::styled(head, style), Span::raw(why)]));
    }
    let (now, then) = (s.health(), x.then.health);
    let show = |h: Option<i64>| h.map_or("--".to_string(), |h| h.to_string());
    let change = match (now, then) {
        (Some(n), Some(t)) => format!("{:+}", n - t),
        _ => String::new(),
    };
    lines.push(Line::from(Span::styled(
        format!(
            "{:>4} {:>5} {:>6}  health: {}",
            show(now),
            show(then),
            change,
            s.band().as_str()
        ),
        Style::default().add_modifier(Modifier::BOLD),
    )));
    lines
}
