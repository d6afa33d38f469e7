//! The portfolio review of a month, quarter or year: KPIs beside their targets, churn by category,
//! at-risk accounts, escalations, weekly routine, visits and notable feedback.
//! (One cohesive thing past 400 lines: the portfolio report, one section per function.)

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::Datelike as _;

use super::{Period, Window, active_on, md, pct, period_counts};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::dates::{add_days, add_months, local_date};
use crate::domain::portfolio::{
    churn_rate, clv_cents, expected_lifetime_months, percent, retention_rate,
};
use crate::domain::summary::{AccountSummary, kpis};
use crate::domain::{Account, Band, ChurnCategory, NoteKind, Status, format_eur};
use crate::error::Error;
use crate::store::Store;
use crate::text::one_line;
use crate::view::explanation_lines;

pub fn report(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    period: Period,
) -> Result<String, Error> {
    let win = Window::new(period, now);
    let accounts = store.accounts()?;
    let live: Vec<AccountSummary> = crate::triage::summaries(store, cfg, win.eval, None)?
        .into_iter()
        .filter(crate::triage::in_triage)
        .collect();

    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "# Portfolio review — {}", period.title());
    let _ = writeln!(w);
    let _ = writeln!(w, "Portfolio {}; {}.", win.as_of(), win.runs());
    let _ = writeln!(w);
    kpi_section(w, cfg, &win, &accounts, &live);
    churn_section(w, &win, &accounts);
    at_risk_section(w, &live);
    super::weekly::at_risk_by_week(w, store, cfg, &win)?;
    escalation_section(w, store, &win)?;
    routine_section(w, store, cfg, &win, &accounts)?;
    visit_section(w, store, &win, &accounts, &live)?;
    feedback_section(w, store, &win, &accounts)?;
    Ok(out)
}

fn kpi_section(
    w: &mut String,
    cfg: &Config,
    win: &Window,
    accounts: &[Account],
    live: &[AccountSummary],
) {
    let unit = win.period.unit();
    let t = &cfg.targets;
    let k = kpis(live, cfg, win.eval);
    let counts = period_counts(accounts, win.first, win.last);

    // Expected lifetime: the monthly churn of the 12 months up to the evaluation day's month
    // (for a month report, that month and the 11 before it; a running period stops at today).
    let anchor = win.eval_day.with_day(1).unwrap_or(win.first);
    let monthly: Vec<Option<f64>> = (0..12)
        .map(|i| {
            let m_first = anchor
                .checked_sub_months(chrono::Months::new(i))
                .unwrap_or(anchor);
            let m_last = add_days(add_months(m_first, 1), -1);
            let c = period_counts(accounts, m_first, m_last);
            churn_rate(c.churned_during, c.active_start)
        })
        .collect();
    let lifetime = expected_lifetime_months(&monthly, cfg.portfolio.max_lifetime_months);
    let active_values: Vec<i64> = accounts
        .iter()
        .filter(|a| active_on(a, win.eval_day))
        .map(|a| a.value_cents)
        .collect();
    let avg_value = if active_values.is_empty() {
        0.0
    } else {
        active_values.iter().sum::<i64>() as f64 / active_values.len() as f64
    };
    let clv = clv_cents(avg_value, lifetime);

    // Referral rate over the clients that started in the period (the same "new" as retention).
    let new: Vec<&Account> = accounts
        .iter()
        .filter(|a| win.contains_day(a.client_since))
        .collect();
    let referred = new.iter().filter(|a| a.referred_by.is_some()).count();
    let referral = if new.is_empty() {
        "no new accounts".to_string()
    } else {
        format!(
            "{} ({referred} of {})",
            pct(Some(referred as f64 / new.len() as f64 * 100.0)),
            new.len()
        )
    };

    let nps = k.nps.map_or("n/a".into(), |n| format!("{n:+}"));
    let retention = retention_rate(counts.active_start, counts.active_end, counts.new_during);
    let churn = churn_rate(counts.churned_during, counts.active_start);
    let risk = format_eur((k.revenue_at_risk * 100.0).round() as i64);
    let _ = writeln!(w, "## Portfolio KPIs");
    let _ = writeln!(w);
    let _ = writeln!(w, "| KPI | value | target |");
    let _ = writeln!(w, "|---|---:|---:|");
    let mut row = |kpi: &str, value: String, target: String| {
        let _ = writeln!(w, "| {kpi} | {value} | {target} |");
    };
    let none = String::new;
    row("active accounts", k.accounts.to_string(), none());
    let (start, end) = (counts.active_start, counts.active_end);
    row(
        &format!("clients at start / end of {unit}"),
        format!("{start} / {end}"),
        none(),
    );
    row(
        &format!("new clients in the {unit}"),
        counts.new_during.to_string(),
        none(),
    );
    row(
        &format!("churned in the {unit}"),
        counts.churned_during.to_string(),
        none(),
    );
    row(
        "retention rate",
        pct(retention),
        format!("target {} %", t.retention_rate),
    );
    row(
        "churn rate",
        pct(churn),
        format!("target {} %", t.churn_rate),
    );
    let (p, pa, d) = (k.promoters, k.passives, k.detractors);
    let nps_label = "NPS (promoters / passives / detractors)";
    row(
        nps_label,
        format!("{nps} ({p} / {pa} / {d})"),
        format!("target {}", t.nps),
    );
    let months = format!("target {} months", t.lifetime_months);
    row("expected lifetime", format!("{lifetime:.0} months"), months);
    row(
        "CLV estimate",
        format!("{} EUR", format_eur((clv / 100) * 100)),
        none(),
    );
    row("referral rate", referral, none());
    row("at-risk accounts", k.at_risk.to_string(), none());
    row("revenue at risk", format!("{risk} EUR / month"), none());
    let _ = writeln!(w);
    if win.period.kind != super::PeriodKind::Year {
        // The seed's churn target is a yearly figure: say so rather than scale it silently.
        let _ = writeln!(
            w,
            "Targets are the method's yearly figures; the rates above cover the {unit} only."
        );
        let _ = writeln!(w);
    }
}

/// Accounts churned in the period, per reason category (`other` when none was given).
fn churn_section(w: &mut String, win: &Window, accounts: &[Account]) {
    let churned: Vec<&Account> = accounts
        .iter()
        .filter(|a| a.churned_on.is_some_and(|c| win.contains_day(c)))
        .collect();
    let _ = writeln!(w, "## Churn by category");
    let _ = writeln!(w);
    if churned.is_empty() {
        let _ = writeln!(w, "No account churned in the {}.", win.period.unit());
        let _ = writeln!(w);
        return;
    }
    // Every category, zeros included, so two reports compare row by row.
    let _ = writeln!(w, "| category | churned | accounts |");
    let _ = writeln!(w, "|---|---:|---|");
    for category in ChurnCategory::ALL {
        let names: Vec<String> = churned
            .iter()
            .filter(|a| a.churn_category.unwrap_or(ChurnCategory::Other) == *category)
            .map(|a| md(&a.name))
            .collect();
        let _ = writeln!(w, "| {category} | {} | {} |", names.len(), names.join(", "));
    }
    let _ = writeln!(w);
}

fn at_risk_section(w: &mut String, live: &[AccountSummary]) {
    let _ = writeln!(w, "## At-risk accounts");
    let _ = writeln!(w);
    let at_risk: Vec<_> = live.iter().filter(|s| s.band() == Band::AtRisk).collect();
    if at_risk.is_empty() {
        let _ = writeln!(w, "None.");
    }
    for s in at_risk {
        let _ = writeln!(
            w,
            "### {} — {} ({}, owner {})",
            md(&s.account.name),
            s.health().unwrap_or(0),
            s.account.tier,
            md(&s.account.owner)
        );
        let _ = writeln!(w);
        let _ = writeln!(w, "```");
        for line in explanation_lines(&s.explanation, &s.facts) {
            let _ = writeln!(w, "{}", one_line(&line));
        }
        let _ = writeln!(w, "```");
        let _ = writeln!(w);
    }
}

fn escalation_section(w: &mut String, store: &Store, win: &Window) -> Result<(), Error> {
    let escalations = store.all_escalations()?;
    let opened = escalations
        .iter()
        .filter(|e| win.contains(e.opened_at))
        .count();
    let resolved: Vec<_> = escalations
        .iter()
        .filter(|e| e.resolved_at.is_some_and(|r| win.contains(r)))
        .collect();
    let eval = win.eval;
    let open_at_eval: Vec<_> = escalations
        .iter()
        .filter(|e| e.opened_at < eval && e.resolved_at.is_none_or(|r| r > eval))
        .collect();
    let overdue = open_at_eval.iter().filter(|e| e.due_at < eval).count();
    let _ = writeln!(w, "## Escalations");
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "Opened {opened} · resolved {} · still open {} · overdue {overdue}",
        resolved.len(),
        open_at_eval.len(),
    );
    let _ = writeln!(w);
    if resolved.is_empty() {
        return Ok(());
    }
    let within = resolved
        .iter()
        .filter(|e| e.resolved_at.is_some_and(|r| r <= e.due_at))
        .count();
    let _ = writeln!(
        w,
        "Resolved within their SLA: {within} of {}.",
        resolved.len()
    );
    let _ = writeln!(w);
    let _ = writeln!(w, "| # | account | level | opened | resolved after | SLA |");
    let _ = writeln!(w, "|---|---|---|---|---:|---|");
    for e in &resolved {
        let span = |d| crate::domain::when::span(d, false);
        let took = e
            .resolved_at
            .map_or(String::new(), |r| span(r - e.opened_at));
        let verdict = match e.resolved_at {
            Some(r) if r <= e.due_at => "within".to_string(),
            Some(r) => format!("late by {}", span(r - e.due_at)),
            None => String::new(),
        };
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {took} | {verdict} |",
            e.id,
            md(&e.account),
            e.level,
            local_date(e.opened_at)
        );
    }
    let _ = writeln!(w);
    Ok(())
}

/// Weekly routine per owner over the period's weeks, for the accounts active at its evaluation.
fn routine_section(
    w: &mut String,
    store: &Store,
    cfg: &Config,
    win: &Window,
    accounts: &[Account],
) -> Result<(), Error> {
    let weeks = win.routine_weeks();
    let items: Vec<&str> = cfg.checklist.items.iter().map(|i| i.key.as_str()).collect();
    let ticks = store.ticks_in_weeks(&weeks)?;
    let mut per_owner: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for a in accounts
        .iter()
        .filter(|a| a.status == Status::Active && active_on(a, win.eval_day))
    {
        let done = ticks
            .iter()
            .filter(|(id, _, item)| *id == a.id && items.contains(&item.as_str()))
            .count();
        let entry = per_owner.entry(a.owner.clone()).or_default();
        entry.0 += done;
        entry.1 += items.len() * weeks.len();
    }
    let _ = writeln!(w, "## Weekly routine");
    let _ = writeln!(w);
    let week_names: Vec<String> = weeks.iter().map(|w| w.to_string()).collect();
    let _ = writeln!(
        w,
        "Weeks {}: checklist items ticked per owner.",
        if week_names.is_empty() {
            "none yet".into()
        } else {
            week_names.join(", ")
        }
    );
    let _ = writeln!(w);
    let _ = writeln!(w, "| owner | ticked | of | completion |");
    let _ = writeln!(w, "|---|---:|---:|---:|");
    for (owner, (done, total)) in &per_owner {
        let _ = writeln!(
            w,
            "| {} | {done} | {total} | {} % |",
            md(owner),
            percent(*done, *total)
        );
    }
    let _ = writeln!(w);
    Ok(())
}

fn visit_section(
    w: &mut String,
    store: &Store,
    win: &Window,
    accounts: &[Account],
    live: &[AccountSummary],
) -> Result<(), Error> {
    let visits = store.visits_done_between(win.first, win.last)?;
    let names: BTreeMap<i64, &str> = accounts.iter().map(|a| (a.id, a.name.as_str())).collect();
    let _ = writeln!(w, "## Visits");
    let _ = writeln!(w);
    let overdue: Vec<_> = live.iter().filter(|s| s.visit_overdue).collect();
    let _ = writeln!(
        w,
        "Done in the {}: {} · overdue: {}",
        win.period.unit(),
        visits.len(),
        overdue.len()
    );
    let _ = writeln!(w);
    for v in &visits {
        let _ = writeln!(
            w,
            "- {} {}{}",
            v.done_on.map(|d| d.to_string()).unwrap_or_default(),
            md(names.get(&v.account_id).copied().unwrap_or("?")),
            v.note
                .as_deref()
                .map(|n| format!(": {}", md(n)))
                .unwrap_or_default()
        );
    }
    for s in &overdue {
        let _ = writeln!(
            w,
            "- overdue: {} (due {})",
            md(&s.account.name),
            s.next_visit.date
        );
    }
    let _ = writeln!(w);
    Ok(())
}

/// Complaints, praise and every NPS answer of the period, with their text.
fn feedback_section(
    w: &mut String,
    store: &Store,
    win: &Window,
    accounts: &[Account],
) -> Result<(), Error> {
    let names: BTreeMap<i64, &str> = accounts.iter().map(|a| (a.id, a.name.as_str())).collect();
    let notes = store.notes_between(win.start, win.end)?;
    let notable: Vec<_> = notes
        .iter()
        .filter(|n| matches!(n.kind, NoteKind::Complaint | NoteKind::Praise) || n.nps.is_some())
        .collect();
    let _ = writeln!(w, "## Notable feedback");
    let _ = writeln!(w);
    if notable.is_empty() {
        let _ = writeln!(w, "None recorded.");
    }
    for n in notable {
        let nps = n.nps.map(|v| format!(" NPS {v}")).unwrap_or_default();
        let _ = writeln!(
            w,
            "- {} **{}** {}{nps}: {}",
            local_date(n.at),
            md(names.get(&n.account_id).copied().unwrap_or("?")),
            n.kind,
            md(&n.text)
        );
    }
    Ok(())
}
