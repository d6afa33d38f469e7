//! `tend digest`: due now, what changed since (health moves, escalations, complaints and
//! detractors, colleagues' notes on my accounts) and what comes up — for cron and mail.

use std::io::Write;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::today::{ItemRow, row};
use super::{Ctx, json_line, rfc3339};
use crate::clock::Timestamp;
use crate::domain::agenda::{AgendaItem, AgendaQuery, ItemKind};
use crate::domain::dates::{local_date, parse_moment};
use crate::error::Error;
use crate::text::one_line;
use crate::triage;

/// What the digest looks ahead (§7: "what comes up in 7 days").
const UPCOMING_DAYS: i64 = 7;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum DigestFormat {
    #[default]
    Text,
    Md,
    Json,
}

#[derive(Debug, Args)]
pub struct DigestArgs {
    /// Only accounts I own or back up.
    #[arg(long)]
    mine: bool,
    /// What changed since WHEN (YYYY-MM-DD, YYYY-MM-DD HH:MM, RFC 3339; default 24 hours ago).
    #[arg(long)]
    since: Option<String>,
    #[arg(long, value_enum, default_value_t = DigestFormat::Text)]
    format: DigestFormat,
}

#[derive(Serialize)]
struct HealthMove {
    account: String,
    then: Option<i64>,
    now: Option<i64>,
    change: i64,
}

#[derive(Serialize)]
struct Event {
    account: String,
    at: String,
    what: String,
}

#[derive(Serialize)]
struct Digest {
    since: String,
    now: String,
    due: Vec<ItemRow>,
    health_moves: Vec<HealthMove>,
    escalations: Vec<Event>,
    feedback: Vec<Event>,
    colleague_notes: Vec<Event>,
    /// Due within the next 7 days.
    upcoming: Vec<ItemRow>,
    /// Renewals inside the renewal window but past the 7 days (the agenda lists them whatever
    /// their date; under "coming up in 7 days" a renewal 45 days out read as due this week).
    renewals: Vec<ItemRow>,
    /// `[renewal] window_days`, for the heading.
    #[serde(skip)]
    renewal_window: i64,
    /// `--mine`: the heading says whose accounts it covers (found in a trial: "for jonas.keller"
    /// read as his accounts while it listed the whole portfolio).
    #[serde(skip)]
    mine: bool,
}

impl Digest {
    fn is_quiet(&self) -> bool {
        self.due.is_empty()
            && self.health_moves.is_empty()
            && self.escalations.is_empty()
            && self.feedback.is_empty()
            && self.colleague_notes.is_empty()
            && self.upcoming.is_empty()
            && self.renewals.is_empty()
    }
}

pub fn digest(ctx: &Ctx, a: DigestArgs, out: &mut dyn Write) -> Result<(), Error> {
    let since: Timestamp = match a.since.as_deref() {
        Some(raw) => parse_moment("since", raw)?,
        None => ctx.now - chrono::Duration::hours(24),
    };
    if since > ctx.now {
        return Err(Error::invalid(
            "since",
            a.since.as_deref().unwrap_or(""),
            "a moment in the past",
        ));
    }
    let store = ctx.read()?;
    let cfg = &ctx.cfg;
    let today = local_date(ctx.now);
    // Neither the agenda nor the digest's lines read the trend: one "facts at t" pass.
    let list = triage::summaries_now(&store, cfg, ctx.now, None)?;
    let mine = |owner: &str, backup: Option<&str>| {
        !a.mine || owner == ctx.user || backup == Some(ctx.user.as_str())
    };
    let ids: std::collections::HashMap<i64, &crate::domain::summary::AccountSummary> =
        list.iter().map(|s| (s.account.id, s)).collect();
    let in_scope = |id: i64| {
        ids.get(&id)
            .is_some_and(|s| mine(&s.account.owner, s.account.backup.as_deref()))
    };
    let q = AgendaQuery {
        days: UPCOMING_DAYS,
        mine: a.mine.then_some(ctx.user.as_str()),
        all: false,
    };
    let items = triage::agenda_of(&store, cfg, ctx.now, &[&list], q)?;
    let (due, upcoming): (Vec<AgendaItem>, Vec<AgendaItem>) =
        items.into_iter().partition(|i| i.overdue || i.due <= today);
    let horizon = q.window(ctx.now).1;
    let (renewals, upcoming): (Vec<AgendaItem>, Vec<AgendaItem>) = upcoming
        .into_iter()
        .partition(|i| i.kind == ItemKind::Renewal && i.due > horizon);

    // Health then (recomputed at `since`) and now.
    let then: std::collections::HashMap<i64, Option<i64>> = store
        .facts_fast(since, cfg, None)?
        .into_iter()
        .map(|f| {
            (
                f.account.id,
                crate::domain::health::explain(&f.facts, cfg, since).health,
            )
        })
        .collect();
    let health_moves: Vec<HealthMove> = list
        .iter()
        .filter(|s| crate::triage::in_triage(s) && in_scope(s.account.id))
        .filter_map(|s| {
            let (t, n) = (then.get(&s.account.id).copied().flatten(), s.health());
            let change = n? - t?;
            (change.abs() >= cfg.today.digest_health_move).then(|| HealthMove {
                account: s.account.name.clone(),
                then: t,
                now: n,
                change,
            })
        })
        .collect();

    let escalations = store.all_escalations()?;
    let by_id: std::collections::HashMap<i64, &crate::domain::escalation::Escalation> =
        escalations.iter().map(|e| (e.id, e)).collect();
    let mut esc_events: Vec<(Timestamp, Event)> = Vec::new();
    for (id, c) in store.escalation_changes_since(since)? {
        let Some(e) = by_id.get(&id).filter(|e| in_scope(e.account_id)) else {
            continue;
        };
        let what = match c.event() {
            "opened" => format!("#{id} opened ({}): {}", c.to, e.reason),
            "raised" => format!(
                "#{id} raised to {}{}",
                c.to,
                c.note.map(|n| format!(": {n}")).unwrap_or_default()
            ),
            _ => format!("#{id} reopened ({})", c.to),
        };
        esc_events.push((
            c.at,
            Event {
                account: e.account.clone(),
                at: rfc3339(c.at),
                what: format!("{what} — by {}", c.by),
            },
        ));
    }
    for e in escalations
        .iter()
        .filter(|e| e.resolved_at.is_some_and(|r| r >= since) && in_scope(e.account_id))
    {
        let at = e.resolved_at.unwrap_or(since);
        esc_events.push((
            at,
            Event {
                account: e.account.clone(),
                at: rfc3339(at),
                what: format!(
                    "#{} resolved by {}: {}",
                    e.id,
                    e.resolved_by.as_deref().unwrap_or(""),
                    e.resolution.as_deref().unwrap_or("")
                ),
            },
        ));
    }
    esc_events.sort_by_key(|(at, _)| *at);

    let mut feedback = Vec::new();
    let mut colleague_notes = Vec::new();
    for (n, account) in store.notes_since(since)? {
        if !ids.contains_key(&n.account_id) {
            continue;
        }
        let s = ids[&n.account_id];
        let event = |what: String| Event {
            account: account.clone(),
            at: rfc3339(n.at),
            what,
        };
        let detractor = n.nps.is_some_and(|v| v <= 6);
        if in_scope(n.account_id) && (n.kind == crate::domain::NoteKind::Complaint || detractor) {
            let nps = n.nps.map(|v| format!(" (NPS {v})")).unwrap_or_default();
            feedback.push(event(format!(
                "{}{nps} by {}: {}",
                n.kind, n.author, n.text
            )));
        }
        // Colleagues' notes on the accounts I own or back up.
        if n.author != ctx.user && s.account.is_mine(&ctx.user) {
            colleague_notes.push(event(format!("{} by {}: {}", n.kind, n.author, n.text)));
        }
    }

    let digest = Digest {
        since: rfc3339(since),
        now: rfc3339(ctx.now),
        due: due.into_iter().map(|i| row(i, ctx.now)).collect(),
        health_moves,
        escalations: esc_events.into_iter().map(|(_, e)| e).collect(),
        feedback,
        colleague_notes,
        upcoming: upcoming.into_iter().map(|i| row(i, ctx.now)).collect(),
        renewals: renewals.into_iter().map(|i| row(i, ctx.now)).collect(),
        renewal_window: cfg.renewal.window_days,
        mine: a.mine,
    };
    let since_text = crate::domain::dates::local_date(since);
    if a.format == DigestFormat::Json {
        return json_line(out, &digest);
    }
    if digest.is_quiet() {
        writeln!(
            out,
            "tend: nothing due and nothing changed since {since_text} — enjoy the day."
        )?;
        return Ok(());
    }
    write_digest(
        &digest,
        a.format == DigestFormat::Md,
        &ctx.user,
        today,
        since_text,
        out,
    )
}

fn write_digest(
    d: &Digest,
    md: bool,
    user: &str,
    today: chrono::NaiveDate,
    since: chrono::NaiveDate,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let heading = |out: &mut dyn Write, title: String| -> std::io::Result<()> {
        if md {
            writeln!(out, "\n## {title}\n")
        } else {
            writeln!(out, "\n{}", title.to_uppercase())
        }
    };
    let bullet = if md { "- " } else { "  " };
    let scope = if d.mine {
        "my accounts"
    } else {
        "every account"
    };
    if md {
        writeln!(
            out,
            "# tend digest for {} — {today} · {scope}",
            one_line(user)
        )?;
    } else {
        writeln!(
            out,
            "tend digest for {} — {today} (changes since {since}) · {scope}",
            one_line(user)
        )?;
    }
    let items = |out: &mut dyn Write, rows: &[ItemRow]| -> std::io::Result<()> {
        for r in rows {
            writeln!(
                out,
                "{bullet}{} · {} · {} — {}",
                r.when,
                r.kind.as_str(),
                one_line(&r.account),
                one_line(&r.reason)
            )?;
        }
        Ok(())
    };
    let events = |out: &mut dyn Write, rows: &[Event]| -> std::io::Result<()> {
        for e in rows {
            writeln!(
                out,
                "{bullet}{}: {}",
                one_line(&e.account),
                one_line(&e.what)
            )?;
        }
        Ok(())
    };
    if !d.due.is_empty() {
        let late = d.due.iter().filter(|r| r.overdue).count();
        heading(out, format!("Due now: {} ({late} overdue)", d.due.len()))?;
        items(out, &d.due)?;
    }
    if !d.health_moves.is_empty() {
        heading(out, format!("Health moved since {since}"))?;
        for m in &d.health_moves {
            let show = |h: Option<i64>| h.map_or("--".into(), |h| h.to_string());
            writeln!(
                out,
                "{bullet}{}: {} → {} ({:+})",
                one_line(&m.account),
                show(m.then),
                show(m.now),
                m.change
            )?;
        }
    }
    if !d.escalations.is_empty() {
        heading(out, "Escalations".into())?;
        events(out, &d.escalations)?;
    }
    if !d.feedback.is_empty() {
        heading(out, "Complaints and detractors".into())?;
        events(out, &d.feedback)?;
    }
    if !d.colleague_notes.is_empty() {
        heading(out, "Colleagues' notes on my accounts".into())?;
        events(out, &d.colleague_notes)?;
    }
    if !d.upcoming.is_empty() {
        heading(out, format!("Coming up in {UPCOMING_DAYS} days"))?;
        items(out, &d.upcoming)?;
    }
    if !d.renewals.is_empty() {
        heading(out, format!("Renewals within {} days", d.renewal_window))?;
        items(out, &d.renewals)?;
    }
    Ok(())
}
