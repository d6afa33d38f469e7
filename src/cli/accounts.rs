//! `tend account …`: add, list (triage order), show, edit, churn, delete.
//! (One cohesive thing past 400 lines: the account commands and the account row.)

use std::io::Write;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::args::*;
use super::listing::{Row, print};
use super::{Ctx, Format, json_line};
use crate::domain::dates::local_date;
use crate::domain::summary::AccountSummary;
use crate::domain::{Band, ChurnCategory, Status, Tier, account_name, format_eur, parse_eur};
use crate::error::Error;
use crate::store::accounts::AccountPatch;
use crate::triage;
use crate::view::table::{Column, col, rcol};
use crate::view::{self, health_text, trend_text};

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
    /// Who referred the client to us ("" clears it on edit).
    #[arg(long)]
    referred_by: Option<String>,
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
        /// Why, as a category: goals, communication, contact-change, costs, expertise or other.
        #[arg(long, default_value = "other")]
        category: String,
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

pub fn account(ctx: &Ctx, cmd: AccountCmd, out: &mut dyn Write) -> Result<(), Error> {
    match cmd {
        AccountCmd::Add { name, fields } => {
            // The same checks and defaults as the cockpit's add-account form.
            let new = crate::ops::new_account(
                &crate::ops::AccountInput {
                    name: &name,
                    owner: fields.owner.as_deref(),
                    backup: fields.backup.as_deref(),
                    tier: fields.tier.as_deref(),
                    value: fields.value.as_deref(),
                    since: fields.since.as_deref(),
                    renewal: fields.renewal.as_deref(),
                    referred_by: fields.referred_by.as_deref(),
                },
                &ctx.user,
                local_date(ctx.now),
            )?;
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
            // Each summary becomes its row as it is made (memory at 100 000 accounts).
            let rows = triage::rows(&store, &ctx.cfg, ctx.now, |s| {
                let listed = (all || triage::in_triage(&s))
                    && (!mine || s.account.is_mine(&ctx.user))
                    && band.is_none_or(|b| s.band() == b);
                listed.then(|| AccountJson::from(&s))
            })?;
            print(format, &rows, ctx.width, out)
        }
        AccountCmd::Show { name, format } => {
            let store = ctx.read()?;
            let a = store.find_account(&name)?;
            let s = triage::summary_of(&store, &ctx.cfg, ctx.now, a.id)?;
            match format {
                Format::Json => json_line(out, &AccountJson::from(&s)),
                Format::Csv => print(Format::Csv, &[AccountJson::from(&s)], ctx.width, out),
                Format::Table => {
                    let b = triage::briefing(&store, &ctx.cfg, ctx.now, s.account.id)?;
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
                // Only the two a plain edit may set are named as allowed (churn has its own
                // command and asks for a reason).
                Some(raw) => match raw.parse::<Status>().map_err(|_| {
                    Error::invalid(
                        "status",
                        raw,
                        "active or paused (churn with 'tend account churn NAME --reason TEXT')",
                    )
                })? {
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
                referred_by: fields
                    .referred_by
                    .map(|r| Some(r.trim().to_string()).filter(|r| !r.is_empty())),
            };
            let store = ctx.write()?;
            let a = store.find_account(&name)?;
            let b = ctx.ops(&store).edit_account(a.id, &patch)?;
            writeln!(out, "updated '{}'", crate::text::one_line(&b.name))?;
            Ok(())
        }
        AccountCmd::Churn {
            name,
            reason,
            category,
            on,
        } => {
            let category: ChurnCategory = category.parse()?;
            let reason = crate::domain::feedback::check_text("reason", &reason)?;
            let on = date_opt("on", on.as_deref())?.unwrap_or_else(|| local_date(ctx.now));
            let store = ctx.write()?;
            let a = store.find_account(&name)?;
            ctx.ops(&store).churn_account(a.id, &reason, category, on)?;
            writeln!(
                out,
                "'{}' churned on {on} ({category}); {}",
                crate::text::one_line(&a.name),
                crate::domain::agenda::exit_interview_hint(on, local_date(ctx.now), &ctx.cfg)
            )?;
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
    review_score: Option<i64>,
    /// Table cells: the score, the trend and the flags as people read them.
    #[serde(skip)]
    chs: String,
    #[serde(skip)]
    trend_text: String,
    #[serde(skip)]
    flag_labels: String,
}

impl Row for AccountJson {
    const FIELDS: &'static [&'static str] = &[
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
        "review_score",
    ];
    const COLUMNS: &'static [Column] = &[
        rcol("HEALTH", 6),
        col("BAND", 8),
        col("TREND", 5),
        col("ACCOUNT", 24),
        col("OWNER", 14),
        col("FLAGS", 60),
    ];
    const EMPTY: &'static str = "no accounts (add one: tend account add NAME)";

    fn cells(&self) -> Vec<String> {
        vec![
            self.chs.clone(),
            self.band.to_string(),
            self.trend_text.clone(),
            self.name.clone(),
            self.owner.clone(),
            self.flag_labels.clone(),
        ]
    }
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
            review_score: s.review_score,
            chs: health_text(s),
            trend_text: trend_text(s),
            flag_labels: s.flag_labels().join(", "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_rows_follow_the_json() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let row = AccountJson {
            name: "A".into(),
            owner: "anna".into(),
            backup: None,
            tier: Tier::Standard,
            status: Status::Active,
            health: Some(50),
            band: Band::AtRisk,
            trend: None,
            open_escalations: 0,
            next_visit: d,
            visit_planned: false,
            visit_overdue: false,
            last_contact: None,
            checklist_done: 0,
            checklist_total: 5,
            renewal: None,
            onboarding_phase: None,
            flags: vec![],
            review_score: Some(60),
            chs: "50".into(),
            trend_text: String::new(),
            flag_labels: String::new(),
        };
        super::super::listing::fields_follow_the_json(&row);
    }
}
