//! Account, contact, health, briefing and KPI commands.

use std::io::Write;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Ctx, Format, json_line, opt_text};
use crate::domain::dates::{local_date, parse_date};
use crate::domain::summary::{AccountSummary, kpis};
use crate::domain::{Band, Scores, Status, Tier, account_name, format_eur, parse_eur};
use crate::error::Error;
use crate::store::accounts::{AccountPatch, NewAccount, NewContact};
use crate::triage;
use crate::view::table::{self, col, rcol};
use crate::view::{self, explanation_lines, health_text, trend_text};

#[derive(Debug, Args)]
pub struct AccountFields {
    /// Primary account manager (default: the current user).
    #[arg(long)]
    owner: Option<String>,
    /// Backup account manager ("" clears it on edit).
    #[arg(long)]
    backup: Option<String>,
    /// premium, standard, new or difficult.
    #[arg(long)]
    tier: Option<String>,
    /// Monthly value in EUR, e.g. 4500 or 4500.50.
    #[arg(long, allow_hyphen_values = true)]
    value: Option<String>,
    /// Client since, YYYY-MM-DD (default: today).
    #[arg(long)]
    since: Option<String>,
    /// Renewal date, YYYY-MM-DD ("" clears it on edit).
    #[arg(long)]
    renewal: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AccountCmd {
    /// Add an account: `tend account add "Müller GmbH" --tier premium --value 4500`.
    Add {
        name: String,
        #[command(flatten)]
        fields: AccountFields,
    },
    /// Accounts in triage order: unscored first, then worst health first.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Only accounts I own or back up.
        #[arg(long)]
        mine: bool,
        /// Only one band: healthy, watch, at-risk or unscored.
        #[arg(long)]
        band: Option<String>,
        /// Include churned accounts.
        #[arg(long)]
        all: bool,
    },
    /// Everything about one account.
    Show {
        name: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Change an account: `tend account edit Alpha --status paused`.
    Edit {
        name: String,
        /// A new name.
        #[arg(long = "name")]
        new_name: Option<String>,
        /// active or paused (use `account churn` for churn).
        #[arg(long)]
        status: Option<String>,
        #[command(flatten)]
        fields: AccountFields,
    },
    /// Record that a client left: `tend account churn Alpha --reason "budget cut"`.
    Churn {
        name: String,
        #[arg(long)]
        reason: String,
        /// Churn date (default: today).
        #[arg(long)]
        on: Option<String>,
    },
    /// Erase an account and all its records (needs --yes).
    Delete {
        name: String,
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ContactCmd {
    /// Add a contact person: `tend contact add Alpha "Jana Weiß" --role CMO --primary`.
    Add {
        name: String,
        person: String,
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        primary: bool,
    },
    /// The contacts of an account.
    List {
        name: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

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

fn tier(raw: Option<&str>) -> Result<Option<Tier>, Error> {
    raw.map(str::parse).transpose()
}

fn date_opt(field: &str, raw: Option<&str>) -> Result<Option<chrono::NaiveDate>, Error> {
    raw.map(|s| parse_date(field, s)).transpose()
}

fn clearable_date(
    field: &str,
    raw: Option<&str>,
) -> Result<Option<Option<chrono::NaiveDate>>, Error> {
    match raw {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(Some(None)),
        Some(s) => Ok(Some(Some(parse_date(field, s)?))),
    }
}

fn person(field: &str, raw: &str) -> Result<String, Error> {
    let t = raw.trim();
    if t.is_empty() || t.chars().any(char::is_control) {
        return Err(Error::invalid(
            field,
            raw,
            "a user name without control characters",
        ));
    }
    Ok(t.to_string())
}

pub fn account(ctx: &Ctx, cmd: AccountCmd, out: &mut dyn Write) -> Result<(), Error> {
    match cmd {
        AccountCmd::Add { name, fields } => {
            let name = account_name(&name)?;
            let new = NewAccount {
                owner: person("owner", fields.owner.as_deref().unwrap_or(&ctx.user))?,
                backup: opt_text(fields.backup)
                    .map(|b| person("backup", &b))
                    .transpose()?,
                tier: tier(fields.tier.as_deref())?.unwrap_or(Tier::Standard),
                value_cents: fields
                    .value
                    .as_deref()
                    .map(|v| parse_eur("value", v))
                    .transpose()?
                    .unwrap_or(0),
                client_since: date_opt("since", fields.since.as_deref())?
                    .unwrap_or_else(|| local_date(ctx.now)),
                renewal: date_opt("renewal", fields.renewal.as_deref())?,
                name,
            };
            let store = ctx.write()?;
            let a = ctx.ops(&store).add_account(new)?;
            writeln!(
                out,
                "added '{}' ({}, owner {}, {} EUR/month, client since {})",
                crate::text::one_line(&a.name),
                a.tier,
                a.owner,
                format_eur(a.value_cents),
                a.client_since
            )?;
            Ok(())
        }
        AccountCmd::List {
            format,
            mine,
            band,
            all,
        } => {
            let band: Option<Band> = band.as_deref().map(str::parse).transpose()?;
            let store = ctx.read()?;
            let mut list = if all {
                triage::summaries(&store, &ctx.cfg, ctx.now, None)?
            } else {
                triage::triage(&store, &ctx.cfg, ctx.now)?
            };
            list.retain(|s| {
                (!mine || s.account.is_mine(&ctx.user)) && band.is_none_or(|b| s.band() == b)
            });
            print_list(&list, format, out)
        }
        AccountCmd::Show { name, format } => {
            let store = ctx.read()?;
            let a = store.find_account(&name)?;
            let s = triage::summary_of(&store, &ctx.cfg, ctx.now, a.id)?;
            match format {
                Format::Json => json_line(out, &AccountJson::from(&s)),
                Format::Csv => print_list(std::slice::from_ref(&s), Format::Csv, out),
                Format::Table => {
                    let b = store.briefing(s.account.id, ctx.now)?;
                    for line in view::brief(&b, &s, &ctx.cfg, ctx.now) {
                        writeln!(out, "{line}")?;
                    }
                    Ok(())
                }
            }
        }
        AccountCmd::Edit {
            name,
            new_name,
            status,
            fields,
        } => {
            let status = match status.as_deref() {
                None => None,
                Some(raw) => match raw.parse::<Status>()? {
                    Status::Churned => {
                        return Err(Error::invalid(
                            "status",
                            raw,
                            "active or paused (churn with 'tend account churn NAME --reason TEXT')",
                        ));
                    }
                    s => Some(s),
                },
            };
            let patch = AccountPatch {
                name: new_name.as_deref().map(account_name).transpose()?,
                owner: fields
                    .owner
                    .as_deref()
                    .map(|o| person("owner", o))
                    .transpose()?,
                backup: fields
                    .backup
                    .as_deref()
                    .map(|b| {
                        if b.trim().is_empty() {
                            Ok(None)
                        } else {
                            person("backup", b).map(Some)
                        }
                    })
                    .transpose()?,
                tier: tier(fields.tier.as_deref())?,
                value_cents: fields
                    .value
                    .as_deref()
                    .map(|v| parse_eur("value", v))
                    .transpose()?,
                client_since: date_opt("since", fields.since.as_deref())?,
                renewal: clearable_date("renewal", fields.renewal.as_deref())?,
                status,
            };
            let store = ctx.write()?;
            let a = store.find_account(&name)?;
            let b = ctx.ops(&store).edit_account(a.id, &patch)?;
            writeln!(out, "updated '{}'", crate::text::one_line(&b.name))?;
            Ok(())
        }
        AccountCmd::Churn { name, reason, on } => {
            let reason = crate::domain::feedback::check_text("reason", &reason)?;
            let on = date_opt("on", on.as_deref())?.unwrap_or_else(|| local_date(ctx.now));
            let store = ctx.write()?;
            let a = store.find_account(&name)?;
            ctx.ops(&store).churn_account(a.id, &reason, on)?;
            writeln!(out, "'{}' churned on {on}", crate::text::one_line(&a.name))?;
            Ok(())
        }
        AccountCmd::Delete { name, yes } => {
            if !yes {
                return Err(Error::invalid(
                    "yes",
                    "",
                    "--yes: deleting erases the account and all its records",
                ));
            }
            let store = ctx.write()?;
            let a = store.find_account(&name)?;
            ctx.ops(&store).delete_account(a.id)?;
            writeln!(
                out,
                "deleted '{}' and all its records",
                crate::text::one_line(&a.name)
            )?;
            Ok(())
        }
    }
}

/// The fields of `account list --format json`, in order (also the CSV columns).
const ACCOUNT_FIELDS: &[&str] = &[
    "name",
    "owner",
    "backup",
    "tier",
    "status",
    "health",
    "band",
    "trend",
    "open_escalations",
    "next_visit",
    "visit_planned",
    "visit_overdue",
    "last_contact",
    "checklist_done",
    "checklist_total",
    "renewal",
    "onboarding_phase",
    "flags",
];

#[derive(Serialize)]
struct AccountJson {
    name: String,
    owner: String,
    backup: Option<String>,
    tier: Tier,
    status: Status,
    health: Option<i64>,
    band: Band,
    trend: Option<i64>,
    open_escalations: usize,
    next_visit: chrono::NaiveDate,
    visit_planned: bool,
    visit_overdue: bool,
    last_contact: Option<chrono::NaiveDate>,
    checklist_done: usize,
    checklist_total: usize,
    renewal: Option<chrono::NaiveDate>,
    onboarding_phase: Option<String>,
    flags: Vec<String>,
}

impl From<&AccountSummary> for AccountJson {
    fn from(s: &AccountSummary) -> Self {
        let a = &s.account;
        AccountJson {
            name: a.name.clone(),
            owner: a.owner.clone(),
            backup: a.backup.clone(),
            tier: a.tier,
            status: a.status,
            health: s.health(),
            band: s.band(),
            trend: s.trend,
            open_escalations: s.open_escalations,
            next_visit: s.next_visit.date,
            visit_planned: s.next_visit.planned,
            visit_overdue: s.visit_overdue,
            last_contact: s.last_contact,
            checklist_done: s.checklist_done,
            checklist_total: s.checklist_total,
            renewal: a.renewal,
            onboarding_phase: s.onboarding.as_ref().map(|(_, p)| p.name.clone()),
            flags: s.flag_slugs(),
        }
    }
}

fn print_list(list: &[AccountSummary], format: Format, out: &mut dyn Write) -> Result<(), Error> {
    match format {
        Format::Json => {
            let rows: Vec<AccountJson> = list.iter().map(AccountJson::from).collect();
            json_line(out, &rows)
        }
        Format::Csv => {
            let rows: Vec<AccountJson> = list.iter().map(AccountJson::from).collect();
            write!(out, "{}", table::csv_of(ACCOUNT_FIELDS, &rows))?;
            Ok(())
        }
        Format::Table => {
            if list.is_empty() {
                writeln!(out, "no accounts (add one: tend account add NAME)")?;
                return Ok(());
            }
            let columns = [
                rcol("CHS", 3),
                col("BAND", 8),
                col("TREND", 5),
                col("ACCOUNT", 24),
                col("OWNER", 10),
                col("FLAGS", 60),
            ];
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|s| {
                    vec![
                        health_text(s),
                        s.band().to_string(),
                        trend_text(s),
                        s.account.name.clone(),
                        s.account.owner.clone(),
                        s.flag_labels().join(", "),
                    ]
                })
                .collect();
            write!(out, "{}", table::render(&columns, &rows, 80))?;
            Ok(())
        }
    }
}

pub fn contact(ctx: &Ctx, cmd: ContactCmd, out: &mut dyn Write) -> Result<(), Error> {
    match cmd {
        ContactCmd::Add {
            name,
            person: who,
            role,
            email,
            phone,
            primary,
        } => {
            let who = crate::domain::feedback::check_text("person", &who)?
                .trim()
                .to_string();
            if let Some(e) = email.as_deref().filter(|e| {
                !e.trim().is_empty() && (!e.contains('@') || e.contains(char::is_whitespace))
            }) {
                return Err(Error::invalid(
                    "email",
                    e,
                    "an e-mail address like name@example.com",
                ));
            }
            let c = NewContact {
                person: who,
                role: opt_text(role),
                email: opt_text(email),
                phone: opt_text(phone),
                primary,
            };
            let store = ctx.write()?;
            let a = store.find_account(&name)?;
            ctx.ops(&store).add_contact(a.id, &c)?;
            writeln!(
                out,
                "added contact '{}' to '{}'",
                crate::text::one_line(&c.person),
                crate::text::one_line(&a.name)
            )?;
            Ok(())
        }
        ContactCmd::List { name, format } => {
            let store = ctx.read()?;
            let a = store.find_account(&name)?;
            let contacts = store.contacts(a.id)?;
            #[derive(Serialize)]
            struct Row<'a> {
                person: &'a str,
                role: Option<&'a str>,
                email: Option<&'a str>,
                phone: Option<&'a str>,
                primary: bool,
            }
            let rows: Vec<Row> = contacts
                .iter()
                .map(|c| Row {
                    person: &c.person,
                    role: c.role.as_deref(),
                    email: c.email.as_deref(),
                    phone: c.phone.as_deref(),
                    primary: c.primary,
                })
                .collect();
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.person.to_string(),
                        r.role.unwrap_or("").to_string(),
                        r.email.unwrap_or("").to_string(),
                        r.phone.unwrap_or("").to_string(),
                        if r.primary {
                            "yes".into()
                        } else {
                            String::new()
                        },
                    ]
                })
                .collect();
            match format {
                Format::Json => json_line(out, &rows),
                Format::Csv => Ok(write!(
                    out,
                    "{}",
                    table::csv_of(&["person", "role", "email", "phone", "primary"], &rows)
                )?),
                Format::Table => {
                    let columns = [
                        col("PERSON", 22),
                        col("ROLE", 14),
                        col("EMAIL", 24),
                        col("PHONE", 16),
                        col("PRIMARY", 7),
                    ];
                    Ok(write!(out, "{}", table::render(&columns, &cells, 80))?)
                }
            }
        }
    }
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
                "{} — health {} ({})",
                crate::text::one_line(&s.account.name),
                health_text(&s),
                s.band()
            )?;
            for line in explanation_lines(&s.explanation, s.facts.review.map(|r| r.0)) {
                writeln!(out, "{line}")?;
            }
            if let Some(t) = s.trend {
                writeln!(out, "trend: {t:+} over {} days", ctx.cfg.health.trend_days)?;
            }
            if s.review_stale {
                writeln!(
                    out,
                    "review stale: the last review is over {} days old",
                    ctx.cfg.health.review_stale_days
                )?;
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
