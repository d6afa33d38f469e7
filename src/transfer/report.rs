//! `tend report`: the monthly business review in Markdown.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::dates::{add_days, add_months, local_date, local_midnight};
use crate::domain::portfolio::{churn_rate, clv_cents, expected_lifetime_months, retention_rate};
use crate::domain::summary::kpis;
use crate::domain::{Account, Band, IsoWeek, NoteKind, Status, format_eur};
use crate::error::Error;
use crate::store::Store;
use crate::text::one_line;
use crate::view::explanation_lines;

/// The first day of a month given as `YYYY-MM`.
pub fn parse_month(raw: &str) -> Result<NaiveDate, Error> {
    let bad = || Error::invalid("month", raw, "a month YYYY-MM, e.g. 2026-11");
    let (y, m) = raw.trim().split_once('-').ok_or_else(bad)?;
    if y.len() != 4 || m.len() != 2 {
        return Err(bad());
    }
    NaiveDate::from_ymd_opt(
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        1,
    )
    .ok_or_else(bad)
}

/// Counts for one period of business dates (inclusive), per SPEC §1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodCounts {
    pub active_start: usize,
    pub active_end: usize,
    pub new_during: usize,
    pub churned_during: usize,
}

/// A client is active on day `d` from its "client since" date until (not including) its churn date.
fn active_on(a: &Account, d: NaiveDate) -> bool {
    a.client_since <= d && a.churned_on.is_none_or(|c| c > d)
}

pub fn period_counts(accounts: &[Account], first: NaiveDate, last: NaiveDate) -> PeriodCounts {
    let before = add_days(first, -1);
    PeriodCounts {
        active_start: accounts.iter().filter(|a| active_on(a, before)).count(),
        active_end: accounts.iter().filter(|a| active_on(a, last)).count(),
        new_during: accounts
            .iter()
            .filter(|a| a.client_since >= first && a.client_since <= last)
            .count(),
        churned_during: accounts
            .iter()
            .filter(|a| a.churned_on.is_some_and(|c| c >= first && c <= last))
            .count(),
    }
}

fn pct(v: Option<f64>) -> String {
    v.map_or("n/a".to_string(), |x| format!("{x:.1} %"))
}

/// Markdown text is escaped where it could break the layout; control characters are neutralised.
fn md(s: &str) -> String {
    one_line(s)
        .replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
}

pub fn report(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    first: NaiveDate,
) -> Result<String, Error> {
    let next = add_months(first, 1);
    let last = add_days(next, -1);
    let start = local_midnight(first);
    let end = local_midnight(next);
    let eval = now.min(end);
    let eval_day = local_date(eval).min(last);
    let accounts = store.accounts()?;
    let all = crate::triage::summaries(store, cfg, eval, None)?;
    let live: Vec<_> = all
        .iter()
        .filter(|s| s.account.status != Status::Churned)
        .cloned()
        .collect();
    let k = kpis(&live, cfg, eval);
    let counts = period_counts(&accounts, first, last);

    // CLV: average monthly value of active accounts × 1 / average monthly churn of the last 12 months.
    let monthly: Vec<Option<f64>> = (0..12)
        .map(|i| {
            let m_first = first
                .checked_sub_months(chrono::Months::new(i))
                .unwrap_or(first);
            let m_last = add_days(add_months(m_first, 1), -1);
            let c = period_counts(&accounts, m_first, m_last);
            churn_rate(c.churned_during, c.active_start)
        })
        .collect();
    let lifetime = expected_lifetime_months(&monthly, cfg.portfolio.max_lifetime_months);
    let active_values: Vec<i64> = accounts
        .iter()
        .filter(|a| active_on(a, eval_day))
        .map(|a| a.value_cents)
        .collect();
    let avg_value = if active_values.is_empty() {
        0.0
    } else {
        active_values.iter().sum::<i64>() as f64 / active_values.len() as f64
    };
    let clv = clv_cents(avg_value, lifetime);

    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "# Monthly business review — {}", first.format("%B %Y"));
    let _ = writeln!(w);
    let as_of = if eval < end {
        format!("as of {}", local_date(eval))
    } else {
        format!("at the end of {}", first.format("%B"))
    };
    let _ = writeln!(w, "Portfolio {as_of}; the month runs {first} to {last}.");
    let _ = writeln!(w);
    let _ = writeln!(w, "## Portfolio KPIs");
    let _ = writeln!(w);
    let _ = writeln!(w, "| KPI | value |");
    let _ = writeln!(w, "|---|---:|");
    let _ = writeln!(w, "| active accounts | {} |", k.accounts);
    let _ = writeln!(
        w,
        "| clients at start / end of month | {} / {} |",
        counts.active_start, counts.active_end
    );
    let _ = writeln!(w, "| new clients in the month | {} |", counts.new_during);
    let _ = writeln!(w, "| churned in the month | {} |", counts.churned_during);
    let _ = writeln!(
        w,
        "| retention rate | {} |",
        pct(retention_rate(
            counts.active_start,
            counts.active_end,
            counts.new_during
        ))
    );
    let _ = writeln!(
        w,
        "| churn rate | {} |",
        pct(churn_rate(counts.churned_during, counts.active_start))
    );
    let nps = k.nps.map_or("n/a".into(), |n| format!("{n:+}"));
    let _ = writeln!(
        w,
        "| NPS (promoters / passives / detractors) | {nps} ({} / {} / {}) |",
        k.promoters, k.passives, k.detractors
    );
    let _ = writeln!(w, "| expected lifetime | {lifetime:.0} months |");
    let _ = writeln!(
        w,
        "| CLV estimate | {} EUR |",
        format_eur((clv / 100) * 100)
    );
    let _ = writeln!(w, "| at-risk accounts | {} |", k.at_risk);
    let _ = writeln!(
        w,
        "| revenue at risk | {} EUR / month |",
        format_eur((k.revenue_at_risk * 100.0).round() as i64)
    );
    let _ = writeln!(w);

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
        for line in explanation_lines(&s.explanation, s.facts.review.map(|r| r.0)) {
            let _ = writeln!(w, "{}", one_line(&line));
        }
        let _ = writeln!(w, "```");
        let _ = writeln!(w);
    }

    let escalations = store.all_escalations()?;
    let opened: Vec<_> = escalations
        .iter()
        .filter(|e| e.opened_at >= start && e.opened_at < end)
        .collect();
    let resolved: Vec<_> = escalations
        .iter()
        .filter(|e| e.resolved_at.is_some_and(|r| r >= start && r < end))
        .collect();
    let open_at_eval: Vec<_> = escalations
        .iter()
        .filter(|e| e.opened_at < eval && e.resolved_at.is_none_or(|r| r > eval))
        .collect();
    let overdue = open_at_eval.iter().filter(|e| e.due_at < eval).count();
    let _ = writeln!(w, "## Escalations");
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "Opened {} · resolved {} · still open {} · overdue {}",
        opened.len(),
        resolved.len(),
        open_at_eval.len(),
        overdue
    );
    let _ = writeln!(w);
    if !resolved.is_empty() {
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
            let took = e.resolved_at.map_or(0, |r| (r - e.opened_at).num_hours());
            let verdict = match e.resolved_at {
                Some(r) if r <= e.due_at => "within".to_string(),
                Some(r) => format!("late by {}h", (r - e.due_at).num_hours()),
                None => String::new(),
            };
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} | {took}h | {verdict} |",
                e.id,
                md(&e.account),
                e.level,
                local_date(e.opened_at)
            );
        }
        let _ = writeln!(w);
    }

    // Weekly routine per owner: ISO weeks whose Monday lies in the month, active accounts.
    let mut weeks = Vec::new();
    let mut week = IsoWeek::of(first);
    if week.monday() < first {
        week = week.next();
    }
    while week.monday() <= last && week.monday() <= eval_day {
        weeks.push(week);
        week = week.next();
    }
    let items: Vec<&str> = cfg.checklist.items.iter().map(|i| i.key.as_str()).collect();
    let ticks = store.ticks_in_weeks(&weeks)?;
    let mut per_owner: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for a in accounts
        .iter()
        .filter(|a| a.status == Status::Active && active_on(a, eval_day))
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
            crate::domain::portfolio::percent(*done, *total)
        );
    }
    let _ = writeln!(w);

    let visits = store.visits_done_between(first, last)?;
    let names: BTreeMap<i64, &str> = accounts.iter().map(|a| (a.id, a.name.as_str())).collect();
    let _ = writeln!(w, "## Visits");
    let _ = writeln!(w);
    let overdue_visits: Vec<_> = live.iter().filter(|s| s.visit_overdue).collect();
    let _ = writeln!(
        w,
        "Done in the month: {} · overdue: {}",
        visits.len(),
        overdue_visits.len()
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
    for s in &overdue_visits {
        let _ = writeln!(
            w,
            "- overdue: {} (due {})",
            md(&s.account.name),
            s.next_visit.date
        );
    }
    let _ = writeln!(w);

    let notes = store.notes_between(start, end)?;
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
    Ok(out)
}
