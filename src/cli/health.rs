//! `tend health`, `tend brief`, `tend kpi`: the score and why, the briefing, portfolio KPIs.

use std::io::Write;

use clap::Args;

use serde::Serialize;

use super::{Ctx, Format, json_line, opt_text};
use crate::clock::Timestamp;
use crate::domain::Scores;
use crate::domain::dates::parse_moment;
use crate::domain::health::Explanation;
use crate::domain::history::{CompareRow, compare as compare_rows, compare_cells};

/// The table's last column: the domain's wording, as table headings are written.
const COMPARE_HEADING: &str = "WHY (NOW, ELSE THEN)";
use crate::domain::summary::kpis;
use crate::error::Error;
use crate::triage;
use crate::view::table::{self, col, rcol};
use crate::view::{self, explanation_lines};

#[derive(Debug, Args)]
pub struct HealthArgs {
    name: String,
    /// Results, ROI, deadlines (40 %).
    #[arg(long, allow_hyphen_values = true)]
    performance: Option<String>,
    /// Communication, trust, conflict handling (30 %).
    #[arg(long, allow_hyphen_values = true)]
    relationship: Option<String>,
    /// Budget plans, interest in new services, strategic weight (20 %).
    #[arg(long, allow_hyphen_values = true)]
    outlook: Option<String>,
    /// Response times, resources provided, participation (10 %).
    #[arg(long, allow_hyphen_values = true)]
    engagement: Option<String>,
    #[arg(long)]
    note: Option<String>,
    /// Explain the current score (the default without scores).
    #[arg(long)]
    explain: bool,
    /// Compare with the score at WHEN (YYYY-MM-DD, or Nd = N days ago; 30d is the trend's own
    /// comparison): both explanations side by side, matched by signal.
    #[arg(long, value_name = "WHEN")]
    compare: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn health(ctx: &Ctx, a: HealthArgs, out: &mut dyn Write) -> Result<(), Error> {
    let given = [&a.performance, &a.relationship, &a.outlook, &a.engagement];
    let any = given.iter().any(|g| g.is_some());
    if any {
        let score = |field: &str, raw: &Option<String>| -> Result<i64, Error> {
            let raw = raw.as_deref().ok_or_else(|| {
                Error::invalid(field, "", "a score 0-100: a review needs all four of performance, relationship, outlook, engagement")
            })?;
            Scores::parse_score(field, raw)
        };
        let scores = Scores {
            performance: score("performance", &a.performance)?,
            relationship: score("relationship", &a.relationship)?,
            outlook: score("outlook", &a.outlook)?,
            engagement: score("engagement", &a.engagement)?,
        };
        let store = ctx.write()?;
        let account = store.find_account(&a.name)?;
        ctx.ops(&store)
            .review(account.id, scores, opt_text(a.note).as_deref())?;
        if a.format == Format::Table {
            writeln!(
                out,
                "review recorded for '{}'",
                crate::text::one_line(&account.name)
            )?;
        }
        return explain(ctx, &store, account.id, a.format, out);
    }
    if let Some(when) = a.compare.as_deref() {
        let then = past_moment("compare", when, ctx.now)?;
        let store = ctx.read()?;
        let account = store.find_account(&a.name)?;
        // Before the client came there is no score to compare with (it would read as base 0).
        let since = account.client_since;
        if crate::domain::dates::local_date(then) < since {
            let days = crate::domain::dates::days_between(
                since,
                crate::domain::dates::local_date(ctx.now),
            );
            let allowed = if days >= 0 {
                format!("{since} (client since) or later, or Nd with N at most {days}")
            } else {
                format!("a moment after {since} (client since): the account has no history yet")
            };
            return Err(Error::invalid("compare", when, allowed));
        }
        return compare(ctx, &store, account.id, then, a.format, out);
    }
    let store = ctx.read()?;
    let account = store.find_account(&a.name)?;
    explain(ctx, &store, account.id, a.format, out)
}

/// A moment in the past: `Nd` (N days before now) or a date/moment (`YYYY-MM-DD` = 12:00 local).
fn past_moment(field: &str, raw: &str, now: Timestamp) -> Result<Timestamp, Error> {
    let t = raw.trim();
    let bad = || {
        Error::invalid(
            field,
            raw,
            "YYYY-MM-DD, YYYY-MM-DD HH:MM or Nd (N days ago) in the past",
        )
    };
    let moment = match t.strip_suffix('d').map(str::parse::<u32>) {
        Some(Ok(days)) => now
            .checked_sub_signed(chrono::Duration::days(i64::from(days)))
            .ok_or_else(bad)?,
        Some(Err(_)) => return Err(bad()),
        None => parse_moment(field, t).map_err(|_| bad())?,
    };
    if moment > now {
        return Err(bad());
    }
    Ok(moment)
}

#[derive(Serialize)]
struct Side {
    at: String,
    #[serde(flatten)]
    explanation: Explanation,
}

#[derive(Serialize)]
struct Comparison {
    then: Side,
    now: Side,
    rows: Vec<CompareRow>,
}

fn compare(
    ctx: &Ctx,
    store: &crate::store::Store,
    id: i64,
    then_at: Timestamp,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let then = triage::explanation_at(store, &ctx.cfg, then_at, id)?;
    let now = triage::explanation_at(store, &ctx.cfg, ctx.now, id)?;
    let rows = compare_rows(&then, &now);
    let value = |h: Option<i64>| h.unwrap_or(0);
    match format {
        Format::Json => json_line(
            out,
            &Comparison {
                then: Side {
                    at: super::rfc3339(then_at),
                    explanation: then,
                },
                now: Side {
                    at: super::rfc3339(ctx.now),
                    explanation: now,
                },
                rows,
            },
        ),
        Format::Csv => Ok(write!(
            out,
            "{}",
            table::csv_of(&["signal", "then", "now", "change"], &rows)
        )?),
        Format::Table => {
            let scored = (then.health.is_some(), now.health.is_some());
            let mut cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let (t, n, change) = compare_cells(r.then, r.now, scored.0, scored.1);
                    vec![r.signal.clone(), t, n, change, r.reason.clone()]
                })
                .collect();
            let (t, n, change) =
                compare_cells(value(then.health), value(now.health), scored.0, scored.1);
            cells.push(vec![
                "health".into(),
                t,
                n,
                change,
                format!("{} → {}", then.band, now.band),
            ]);
            let then_day = crate::domain::dates::local_date(then_at);
            let columns = [
                col("SIGNAL", 16),
                rcol("THEN", 5),
                rcol("NOW", 5),
                rcol("CHANGE", 6),
                col(COMPARE_HEADING, 200),
            ];
            writeln!(
                out,
                "then = {then_day}, now = {}",
                crate::domain::dates::local_date(ctx.now)
            )?;
            Ok(write!(
                out,
                "{}",
                table::render(&columns, &cells, ctx.width)
            )?)
        }
    }
}

fn explain(
    ctx: &Ctx,
    store: &crate::store::Store,
    id: i64,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let s = triage::summary_of(store, &ctx.cfg, ctx.now, id)?;
    match format {
        Format::Json => json_line(out, &s.explanation),
        Format::Csv => {
            let mut rows = vec![vec![
                "base".to_string(),
                s.explanation
                    .base
                    .map(|b| b.to_string())
                    .unwrap_or_default(),
            ]];
            for adj in &s.explanation.adjustments {
                rows.push(vec![adj.reason.clone(), adj.points.to_string()]);
            }
            rows.push(vec![
                "health".into(),
                s.health().map(|h| h.to_string()).unwrap_or_default(),
            ]);
            Ok(write!(out, "{}", table::csv(&["reason", "points"], &rows))?)
        }
        Format::Table => {
            writeln!(
                out,
                "{} — {} ({})",
                crate::text::one_line(&s.account.name),
                view::scores_text(&s),
                s.band()
            )?;
            for line in explanation_lines(&s.explanation, &s.facts) {
                writeln!(out, "{line}")?;
            }
            for line in [
                view::trend_line(&s, &ctx.cfg),
                view::stale_line(&s, &ctx.cfg),
            ]
            .into_iter()
            .flatten()
            {
                writeln!(out, "{line}")?;
            }
            Ok(())
        }
    }
}

pub fn brief(ctx: &Ctx, name: &str, out: &mut dyn Write) -> Result<(), Error> {
    let store = ctx.read()?;
    let a = store.find_account(name)?;
    let s = triage::summary_of(&store, &ctx.cfg, ctx.now, a.id)?;
    let b = triage::briefing(&store, &ctx.cfg, ctx.now, s.account.id)?;
    for line in view::brief(&b, &s, &ctx.cfg, ctx.now) {
        writeln!(out, "{}", table::fit(&line, ctx.width))?;
    }
    Ok(())
}

pub fn kpi(ctx: &Ctx, format: Format, out: &mut dyn Write) -> Result<(), Error> {
    let store = ctx.read()?;
    let list = triage::triage(&store, &ctx.cfg, ctx.now)?;
    let k = kpis(&list, &ctx.cfg, ctx.now);
    match format {
        Format::Json => json_line(out, &k),
        Format::Csv | Format::Table => {
            let nps = k.nps.map(|n| n.to_string()).unwrap_or_else(|| "--".into());
            let rows: Vec<(&str, String)> = vec![
                ("accounts", k.accounts.to_string()),
                ("at_risk", k.at_risk.to_string()),
                ("unscored", k.unscored.to_string()),
                ("nps", nps),
                ("promoters", k.promoters.to_string()),
                ("passives", k.passives.to_string()),
                ("detractors", k.detractors.to_string()),
                ("open_escalations", k.open_escalations.to_string()),
                ("overdue_escalations", k.overdue_escalations.to_string()),
                ("visits_overdue", k.visits_overdue.to_string()),
                (
                    "checklist_completion",
                    format!("{}", k.checklist_completion),
                ),
                ("revenue_at_risk", format!("{:.2}", k.revenue_at_risk)),
            ];
            let cells: Vec<Vec<String>> = rows
                .into_iter()
                .map(|(a, b)| vec![a.to_string(), b])
                .collect();
            if format == Format::Csv {
                Ok(write!(out, "{}", table::csv(&["kpi", "value"], &cells))?)
            } else {
                Ok(write!(
                    out,
                    "{}",
                    table::render(&[col("KPI", 22), rcol("VALUE", 12)], &cells, ctx.width)
                )?)
            }
        }
    }
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    name: String,
    /// How many past ISO weeks (1-520).
    #[arg(long, default_value = "12")]
    weeks: String,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// `tend history NAME`: health at the end of each past ISO week, then now, recomputed.
pub fn history(ctx: &Ctx, a: HistoryArgs, out: &mut dyn Write) -> Result<(), Error> {
    let weeks: u32 = a
        .weeks
        .trim()
        .parse()
        .ok()
        .filter(|w| (1..=520).contains(w))
        .ok_or_else(|| Error::invalid("weeks", &a.weeks, "a whole number of weeks 1-520"))?;
    let store = ctx.read()?;
    let account = store.find_account(&a.name)?;
    let points = triage::history(&store, &ctx.cfg, ctx.now, account.id, weeks)?;
    match a.format {
        Format::Json => json_line(out, &points),
        Format::Csv => Ok(write!(
            out,
            "{}",
            table::csv_of(&["week", "at", "health", "band"], &points)
        )?),
        Format::Table => {
            let health: Vec<Option<i64>> = points.iter().map(|p| p.health).collect();
            writeln!(
                out,
                "{} — {}",
                crate::text::one_line(&account.name),
                crate::domain::history::sparkline(&health)
            )?;
            let cells: Vec<Vec<String>> = points
                .iter()
                .map(|p| {
                    vec![
                        p.week.clone(),
                        p.health.map_or("--".into(), |h| h.to_string()),
                        p.band.to_string(),
                    ]
                })
                .collect();
            let columns = [col("WEEK", 8), rcol("HEALTH", 6), col("BAND", 9)];
            Ok(write!(
                out,
                "{}",
                table::render(&columns, &cells, ctx.width)
            )?)
        }
    }
}

#[cfg(test)]
mod tests {
    /// The table's heading is the domain's wording (the cockpit's `x` shows it in lower case).
    #[test]
    fn the_compare_heading_is_the_domains_wording() {
        assert_eq!(
            super::COMPARE_HEADING,
            crate::domain::history::COMPARE_WHY.to_uppercase()
        );
    }
}
