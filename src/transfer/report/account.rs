//! The agenda for the business review meeting with one client: how the account stands and why,
//! what happened in the period, and what is due next.

use std::fmt::Write as _;

use super::{Period, Window, md};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::dates::local_date;
use crate::domain::escalation::Escalation;
use crate::domain::feedback::NpsClass;
use crate::domain::portfolio::percent;
use crate::domain::summary::AccountSummary;
use crate::domain::{Account, IsoWeek, Note, NoteKind, Status, VisitStatus, format_eur};
use crate::error::Error;
use crate::store::Store;
use crate::text::one_line;
use crate::view::{explanation_lines, scores_text, trend_line};

pub fn account_report(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    name: &str,
    period: Period,
) -> Result<String, Error> {
    let account = store.find_account(name)?;
    let win = Window::new(period, now);
    let s = crate::triage::summary_of(store, cfg, win.eval, account.id)?;
    let a = &s.account;

    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "# Business review — {} — {}",
        md(&a.name),
        period.title()
    );
    let _ = writeln!(w);
    let _ = writeln!(w, "{}", md(&account_line(a)));
    let _ = writeln!(w);
    let _ = writeln!(w, "Figures {}; {}.", win.as_of(), win.runs());
    let _ = writeln!(w);
    health_section(w, cfg, &s);
    let notes: Vec<Note> = store
        .notes(a.id, None)?
        .into_iter()
        .rev() // oldest first: the meeting walks through the period in order
        .filter(|n| win.contains(n.at))
        .collect();
    notes_section(w, &win, &notes);
    escalation_section(w, &win, &store.account_escalations(a.id)?);
    routine_section(w, store, cfg, &win, a)?;
    visit_section(w, store, &win, &s)?;
    nps_section(w, &win, &notes);
    let _ = writeln!(w, "## Due next");
    let _ = writeln!(w);
    let labels = s.flag_labels();
    if labels.is_empty() {
        let _ = writeln!(w, "Nothing is due.");
    }
    for label in labels {
        let _ = writeln!(w, "- {}", md(&label));
    }
    Ok(out)
}

/// "owner anna · backup ben · premium · 4500 EUR/month · client since 2025-01-01 · …".
fn account_line(a: &Account) -> String {
    let mut parts = vec![format!("owner {}", a.owner)];
    if let Some(b) = &a.backup {
        parts.push(format!("backup {b}"));
    }
    parts.push(a.tier.to_string());
    parts.push(format!("{} EUR/month", format_eur(a.value_cents)));
    parts.push(format!("client since {}", a.client_since));
    if let Some(r) = &a.referred_by {
        parts.push(format!("referred by {r}"));
    }
    match a.churned_on {
        Some(on) => parts.push(format!("churned on {on}")),
        None => parts.push(a.status.to_string()),
    }
    parts.join(" · ")
}

fn health_section(w: &mut String, cfg: &Config, s: &AccountSummary) {
    let _ = writeln!(w, "## Health");
    let _ = writeln!(w);
    let trend = trend_line(s, cfg)
        .unwrap_or_else(|| format!("no trend (no score {} days earlier)", cfg.health.trend_days));
    let _ = writeln!(
        w,
        "Scores: {} ({}); {trend}.",
        scores_text(s),
        s.band().as_str()
    );
    let _ = writeln!(w);
    let _ = writeln!(w, "```");
    for line in explanation_lines(&s.explanation, &s.facts) {
        let _ = writeln!(w, "{}", one_line(&line));
    }
    let _ = writeln!(w, "```");
    let _ = writeln!(w);
}

/// The period's notes grouped by kind, in the kinds' usual order, each oldest first.
fn notes_section(w: &mut String, win: &Window, notes: &[Note]) {
    let _ = writeln!(w, "## Notes of the {}", win.period.unit());
    let _ = writeln!(w);
    if notes.is_empty() {
        let _ = writeln!(w, "None recorded.");
        let _ = writeln!(w);
    }
    for kind in NoteKind::ALL {
        let of_kind: Vec<&Note> = notes.iter().filter(|n| n.kind == *kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let _ = writeln!(w, "### {kind} ({})", of_kind.len());
        let _ = writeln!(w);
        for n in of_kind {
            let nps = n.nps.map(|v| format!(" [NPS {v}]")).unwrap_or_default();
            let _ = writeln!(w, "- {}{nps}: {}", local_date(n.at), md(&n.text));
        }
        let _ = writeln!(w);
    }
}

/// Whether an escalation met its deadline, as the period's end (or now) sees it.
enum Sla {
    Kept(chrono::Duration),
    Missed(String),
    Pending(String),
}

fn sla(e: &Escalation, eval: Timestamp) -> Sla {
    match e.resolved_at.filter(|r| *r <= eval) {
        Some(r) if r <= e.due_at => Sla::Kept(r - e.opened_at),
        Some(r) => Sla::Missed(format!(
            "missed: resolved {} late",
            crate::domain::when::span(r - e.due_at, false)
        )),
        None if e.due_at < eval => Sla::Missed(format!(
            "missed: open, {}",
            crate::domain::when::due(e.due_at, eval, false)
        )),
        None => Sla::Pending(format!(
            "open, due {}",
            crate::domain::when::due(e.due_at, eval, false)
        )),
    }
}

/// Escalations opened or resolved in the period, and those still open at its end.
fn escalation_section(w: &mut String, win: &Window, all: &[Escalation]) {
    let eval = win.eval;
    let open_at_eval =
        |e: &Escalation| e.opened_at < eval && e.resolved_at.is_none_or(|r| r > eval);
    let mut shown: Vec<&Escalation> = all
        .iter()
        .filter(|e| {
            win.contains(e.opened_at)
                || e.resolved_at.is_some_and(|r| win.contains(r))
                || open_at_eval(e)
        })
        .collect();
    shown.sort_by_key(|e| (e.opened_at, e.id));
    let opened = shown.iter().filter(|e| win.contains(e.opened_at)).count();
    let resolved = shown
        .iter()
        .filter(|e| e.resolved_at.is_some_and(|r| win.contains(r)))
        .count();
    let verdicts: Vec<Sla> = shown.iter().map(|e| sla(e, eval)).collect();
    let kept = verdicts
        .iter()
        .filter(|v| matches!(v, Sla::Kept(_)))
        .count();
    let missed = verdicts
        .iter()
        .filter(|v| matches!(v, Sla::Missed(_)))
        .count();
    let _ = writeln!(w, "## Escalations");
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "Opened {opened} · resolved {resolved} · still open {} · SLA kept {kept} · missed {missed}",
        shown.iter().filter(|e| open_at_eval(e)).count()
    );
    let _ = writeln!(w);
    if shown.is_empty() {
        return;
    }
    let _ = writeln!(w, "| # | level | reason | opened | resolved | SLA |");
    let _ = writeln!(w, "|---|---|---|---|---|---|");
    for (e, v) in shown.iter().zip(verdicts) {
        let resolved = e
            .resolved_at
            .filter(|r| *r <= eval)
            .map(|r| local_date(r).to_string())
            .unwrap_or_else(|| "open".into());
        let verdict = match v {
            Sla::Kept(took) => format!(
                "kept: resolved after {}",
                crate::domain::when::span(took, false)
            ),
            Sla::Missed(t) | Sla::Pending(t) => t,
        };
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {resolved} | {verdict} |",
            e.id,
            e.level,
            md(&e.reason),
            local_date(e.opened_at)
        );
    }
    let _ = writeln!(w);
}

/// Completion = ticked template items / (weeks × template items), over the period's weeks owed:
/// like the health rule (SPEC §3), a week counts when the client was one from its Monday on, and
/// not after the churn.
fn routine_section(
    w: &mut String,
    store: &Store,
    cfg: &Config,
    win: &Window,
    a: &Account,
) -> Result<(), Error> {
    let weeks: Vec<IsoWeek> = win
        .routine_weeks()
        .into_iter()
        .filter(|wk| wk.monday() >= a.client_since)
        .filter(|wk| a.churned_on.is_none_or(|c| c > wk.monday()))
        .collect();
    let items = &cfg.checklist.items;
    let _ = writeln!(w, "## Weekly routine");
    let _ = writeln!(w);
    if weeks.is_empty() {
        let _ = writeln!(w, "No routine week in the {} yet.", win.period.unit());
        let _ = writeln!(w);
        return Ok(());
    }
    let mut rows = Vec::new();
    let mut done_total = 0;
    for week in &weeks {
        let ticks = store.ticks(a.id, *week)?;
        let (done, missing): (Vec<_>, Vec<_>) = items
            .iter()
            .partition(|i| ticks.iter().any(|t| t.key == i.key));
        done_total += done.len();
        let missing: Vec<&str> = missing.iter().map(|i| i.key.as_str()).collect();
        rows.push(format!(
            "| {week} | {} of {} | {} |",
            done.len(),
            items.len(),
            missing.join(", ")
        ));
    }
    let slots = weeks.len() * items.len();
    let _ = writeln!(
        w,
        "Completion {} % ({done_total} of {slots} items over {} weeks).",
        percent(done_total, slots),
        weeks.len()
    );
    let _ = writeln!(w);
    let _ = writeln!(w, "| week | done | missing |");
    let _ = writeln!(w, "|---|---:|---|");
    for row in rows {
        let _ = writeln!(w, "{row}");
    }
    let _ = writeln!(w);
    Ok(())
}

fn visit_section(
    w: &mut String,
    store: &Store,
    win: &Window,
    s: &AccountSummary,
) -> Result<(), Error> {
    let _ = writeln!(w, "## Visits");
    let _ = writeln!(w);
    let mut done: Vec<_> = store
        .visits(s.account.id)?
        .into_iter()
        .filter(|v| v.status == VisitStatus::Done && v.done_on.is_some_and(|d| win.contains_day(d)))
        .collect();
    done.sort_by_key(|v| (v.done_on, v.id));
    if done.is_empty() {
        let _ = writeln!(w, "- no visit done in the {}", win.period.unit());
    }
    for v in &done {
        let _ = writeln!(
            w,
            "- done {}{}",
            v.done_on.map(|d| d.to_string()).unwrap_or_default(),
            v.note
                .as_deref()
                .map(|n| format!(": {}", md(n)))
                .unwrap_or_default()
        );
    }
    let next = s.next_visit;
    if s.account.status == Status::Churned {
        // A churned client gets no visits (as in the briefing).
        let _ = writeln!(w, "- no next visit: the client has churned");
    } else {
        let kind = if next.planned { "planned" } else { "due" };
        let _ = writeln!(
            w,
            "- next visit {} {kind} ({})",
            next.date,
            next.when(s.today)
        );
    }
    let _ = writeln!(w);
    Ok(())
}

fn nps_section(w: &mut String, win: &Window, notes: &[Note]) {
    let answers: Vec<(&Note, u8)> = notes.iter().filter_map(|n| n.nps.map(|v| (n, v))).collect();
    let _ = writeln!(w, "## NPS");
    let _ = writeln!(w);
    if answers.is_empty() {
        let _ = writeln!(w, "No NPS answer in the {}.", win.period.unit());
    }
    for (n, score) in answers {
        let _ = writeln!(
            w,
            "- {}: {score} ({}), {}",
            local_date(n.at),
            NpsClass::of(score).as_str(),
            n.kind
        );
    }
    let _ = writeln!(w);
}
