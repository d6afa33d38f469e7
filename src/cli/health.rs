//! `tend health`, `tend brief`, `tend kpi`: the score and why, the briefing, portfolio KPIs.

use std::io::Write;

use clap::Args;

use super::{Ctx, Format, json_line, opt_text};
use crate::domain::Scores;
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
    let store = ctx.read()?;
    let account = store.find_account(&a.name)?;
    explain(ctx, &store, account.id, a.format, out)
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
            for line in explanation_lines(&s.explanation, s.facts.review.map(|r| r.0)) {
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
    let b = store.briefing(s.account.id, ctx.now)?;
    for line in view::brief(&b, &s, &ctx.cfg, ctx.now) {
        writeln!(out, "{}", table::fit(&line, 80))?;
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
                    table::render(&[col("KPI", 22), rcol("VALUE", 12)], &cells, 80)
                )?)
            }
        }
    }
}
