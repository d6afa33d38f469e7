//! Text views shared by the command line and the cockpit, so `tend brief` and the `b` overlay say
//! the same thing. Everything here returns neutralised text.

pub mod table;

use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::Status;
use crate::domain::dates::local_date;
use crate::domain::format_eur;
use crate::domain::health::{Explanation, HealthFacts};
use crate::domain::summary::AccountSummary;
use crate::store::brief::Briefing;
use crate::text::one_line;

pub fn health_text(s: &AccountSummary) -> String {
    match s.health() {
        Some(h) => h.to_string(),
        None => "--".to_string(),
    }
}

/// Both scores, as the method names them: "review score 71 · health 56" (the review score is the
/// latest review's weighted score; health adds the live signals).
pub fn scores_text(s: &AccountSummary) -> String {
    match s.review_score {
        Some(r) => format!("review score {r} · health {}", health_text(s)),
        None => format!("health {}", health_text(s)),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// "Last 12 weeks: ▆▆▆▆▆▅▅▅▅▅▅▅▅ (75 → 53)" — the history's sparkline, oldest first.
pub fn history_line(history: &[Option<i64>]) -> Option<String> {
    if history.len() < 2 {
        return None;
    }
    let first = history.iter().flatten().next();
    let last = history.last().copied().flatten();
    let span = match (first, last) {
        (Some(a), Some(b)) => format!(" ({a} → {b})"),
        _ => String::new(),
    };
    Some(format!(
        "Last {} weeks: {}{span}",
        history.len() - 1,
        crate::domain::history::sparkline(history)
    ))
}

/// "Onboarding day 18 · reality check (until day 30) — communicate first challenges openly, …".
pub fn onboarding_line(s: &AccountSummary) -> Option<String> {
    let (day, phase) = s.onboarding.as_ref()?;
    Some(one_line(&format!(
        "{} (until day {}) — {}",
        capitalised(&crate::domain::when::onboarding(*day, &phase.name)),
        phase.until_day,
        phase.hint
    )))
}

/// "trend +5 over 30 days" (None without a trend).
pub fn trend_line(s: &AccountSummary, cfg: &Config) -> Option<String> {
    s.trend
        .map(|t| format!("trend {t:+} over {} days", cfg.health.trend_days))
}

/// "review stale: the last review is over 45 days old" (None when it is not).
pub fn stale_line(s: &AccountSummary, cfg: &Config) -> Option<String> {
    s.review_stale.then(|| {
        format!(
            "review stale: the last review is over {} days old",
            cfg.health.review_stale_days
        )
    })
}

pub fn trend_text(s: &AccountSummary) -> String {
    match (s.arrow, s.trend) {
        (Some(a), Some(t)) => format!("{}{t:+}", a.symbol()),
        _ => String::new(),
    }
}

/// The score explanation as lines: base, each row, the result.
pub fn explanation_lines(e: &Explanation, f: &HealthFacts) -> Vec<String> {
    let review = f.review.map(|r| r.0);
    let Some(base) = e.base else {
        return vec![match review {
            // Scored before, not any more: a churned client is not scored.
            Some(t) if f.status == Status::Churned => format!(
                "no score: the client has churned (the last review was on {})",
                local_date(t)
            ),
            _ => "unscored: no health review yet (record one: tend health NAME --performance N --relationship N --outlook N --engagement N)".into(),
        }];
    };
    let when = review
        .map(|t| format!(" (review of {})", local_date(t)))
        .unwrap_or_default();
    let mut lines = vec![format!("{base:>4}  base{when}")];
    for a in &e.adjustments {
        lines.push(format!("{:>+4}  {}", a.points, one_line(&a.reason)));
    }
    lines.push(format!(
        "{:>4}  health: {}",
        e.health.unwrap_or(0),
        e.band.as_str()
    ));
    lines
}

/// The one-screen briefing before a call (fits 80×24 for a typical account): the summary and the
/// records the store read for it. Pure.
pub fn brief(b: &Briefing, s: &AccountSummary, cfg: &Config, now: Timestamp) -> Vec<String> {
    let a = &s.account;
    let today = local_date(now);
    let mut out = Vec::new();
    let backup = a
        .backup
        .as_deref()
        .map(|b| format!(", backup {b}"))
        .unwrap_or_default();
    out.push(one_line(&format!(
        "{} — {} · {} · owner {}{} · {} EUR/month · client since {}",
        a.name,
        a.tier,
        a.status,
        a.owner,
        backup,
        format_eur(a.value_cents),
        a.client_since,
    )));
    if let Some(r) = &a.referred_by {
        out.push(one_line(&format!("Referred by {r}")));
    }
    let trend = trend_line(s, cfg)
        .map(|t| format!(", {t}"))
        .unwrap_or_default();
    if let (Some(on), Some(reason)) = (a.churned_on, a.churn_reason.as_deref()) {
        let category = a.churn_category.map(|c| c.as_str()).unwrap_or("other");
        out.push(one_line(&format!("Churned on {on} ({category}): {reason}")));
    } else {
        out.push(format!(
            "{} {}{trend}",
            capitalised(&scores_text(s)),
            s.band().as_str()
        ));
    }
    if let Some(line) = history_line(&b.history) {
        out.push(line);
    }
    if let Some(line) = onboarding_line(s) {
        out.push(line);
    }
    let rows = explanation_lines(&s.explanation, &s.facts);
    let shown = rows.len().min(7);
    for line in rows.iter().take(shown) {
        out.push(format!("  {line}"));
    }
    if rows.len() > shown {
        out.push(format!(
            "  … {} more rows: tend health '{}'",
            rows.len() - shown,
            one_line(&a.name)
        ));
    }
    let flags = s.flag_labels();
    if !flags.is_empty() {
        out.push(format!("Flags: {}", flags.join(" · ")));
    }
    let open = &b.open_escalations;
    if !open.is_empty() {
        out.push("Open escalations:".into());
        for e in open.iter().take(3) {
            out.push(one_line(&format!(
                "  #{} {} {} → {}: {}",
                e.id,
                e.level,
                crate::domain::when::due(e.due_at, now, false),
                e.level.owner_role(),
                e.reason
            )));
        }
    }
    let notes = &b.notes;
    if !notes.is_empty() {
        out.push("Last notes:".into());
        for n in notes {
            let nps = n.nps.map(|v| format!(" [NPS {v}]")).unwrap_or_default();
            out.push(one_line(&format!(
                "  {} {} {}{}: {}",
                local_date(n.at),
                n.kind,
                n.author,
                nps,
                n.text
            )));
        }
    }
    let week = crate::domain::IsoWeek::at(now);
    let ticks = &b.ticks;
    let items: Vec<String> = cfg
        .checklist
        .items
        .iter()
        .map(|i| {
            let done = ticks.iter().any(|t| t.key == i.key);
            format!("{}{}", if done { "✓" } else { "·" }, i.key)
        })
        .collect();
    out.push(format!(
        "Checklist {week}: {}/{}  {}",
        s.checklist_done,
        s.checklist_total,
        items.join(" ")
    ));
    let next = s.next_visit;
    let when = next.when(today);
    let kind = if next.planned { "planned" } else { "due" };
    let churned = a.status == crate::domain::Status::Churned;
    let warning = next
        .beyond_due_warning()
        .map(|w| format!(" — {w}"))
        .unwrap_or_default();
    let last = match &b.last_visit {
        Some(v) => format!(
            "; last {}{}",
            v.done_on.map(|d| d.to_string()).unwrap_or_default(),
            v.note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default()
        ),
        None => "; no visit yet".into(),
    };
    // A churned client gets no visits: only when the last one was.
    if churned {
        out.push(one_line(&format!("Visits{}", last.trim_start_matches(';'))));
    } else {
        out.push(one_line(&format!(
            "Next visit: {} {kind} ({when}){warning}{last}",
            next.date
        )));
    }
    let contacts = &b.contacts;
    if !contacts.is_empty() {
        let list: Vec<String> = contacts
            .iter()
            .take(3)
            .map(|c| {
                let role = c
                    .role
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default();
                let reach = c
                    .phone
                    .as_deref()
                    .or(c.email.as_deref())
                    .map(|p| format!(" {p}"))
                    .unwrap_or_default();
                let star = if c.primary { "*" } else { "" };
                format!("{star}{}{role}{reach}", c.person)
            })
            .collect();
        out.push(one_line(&format!("Contacts: {}", list.join("; "))));
    }
    out
}

/// An escalation's whole story, for `tend escalation show` and the cockpit's escalation overlay:
/// the headline with the reason, its state, every level change and every resolution a reopen
/// undid. `stamp` writes a moment (RFC 3339 on the command line, local time in the cockpit).
pub fn escalation_story(
    e: &crate::domain::escalation::Escalation,
    history: &[crate::domain::escalation::LevelChange],
    undone: &[(Timestamp, String, String)],
    now: Timestamp,
    stamp: &dyn Fn(Timestamp) -> String,
) -> Vec<String> {
    let mut lines = vec![one_line(&format!(
        "#{} {} — {} — {}",
        e.id, e.level, e.account, e.reason
    ))];
    lines.push(one_line(&match e.resolved_at {
        Some(at) => format!(
            "resolved {} by {}: {}",
            stamp(at),
            e.resolved_by.as_deref().unwrap_or(""),
            e.resolution.as_deref().unwrap_or("")
        ),
        None => format!("open, {}", crate::domain::when::due(e.due_at, now, false)),
    }));
    // One story in time order: each undone resolution between the changes around it (a
    // resolution of October listed after a reopening of December read backwards).
    let mut events: Vec<(Timestamp, String)> = Vec::new();
    for c in history {
        let levels = match c.from {
            Some(from) if from != c.to => format!("{from} → {}", c.to),
            _ => c.to.to_string(),
        };
        let note = c
            .note
            .as_deref()
            .map(|n| format!(": {n}"))
            .unwrap_or_default();
        events.push((
            c.at,
            one_line(&format!(
                "  {} {} {levels} by {}{note}",
                stamp(c.at),
                c.event(),
                c.by
            )),
        ));
    }
    for (at, by, text) in undone {
        events.push((
            *at,
            one_line(&format!(
                "  {} resolved by {by}: {text} (undone by a reopen)",
                stamp(*at)
            )),
        ));
    }
    // Stable: at the same moment, a change before a resolution, as they were listed.
    events.sort_by_key(|(at, _)| *at);
    lines.extend(events.into_iter().map(|(_, line)| line));
    lines
}
