//! Everything the triage list, the briefing and the KPIs say about one account now, derived from
//! its facts now and 30 days ago. Pure.

use chrono::NaiveDate;
use serde::Serialize;

use super::dates::{days_between, local_date};
use super::escalation::Level;
use super::feedback::{CadenceDue, LastNotes, NpsClass, cadence_due, nps_score};
use super::flags::Flag;
use super::health::{
    Arrow, Explanation, HealthFacts, Signal, arrow, budget_cut, explain, review_stale, trend,
};
use super::portfolio::percent;
use super::visit::{NextVisit, next_visit};
use super::{Account, Band, Status};
use crate::clock::Timestamp;
use crate::config::{Config, OnboardingPhase};

/// Extra facts only "now" needs.
#[derive(Debug, Clone, Default)]
pub struct NowFacts {
    pub this_week_done: crate::domain::checklist::Ticked,
    /// The latest note of each of the method's loops.
    pub last: LastNotes,
    /// When the owner last changed.
    pub owner_changed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct AccountSummary {
    pub account: Account,
    pub facts: HealthFacts,
    pub explanation: Explanation,
    pub trend: Option<i64>,
    pub arrow: Option<Arrow>,
    pub open_escalations: usize,
    pub overdue_escalations: usize,
    pub worst_level: Option<Level>,
    pub next_visit: NextVisit,
    pub visit_overdue: bool,
    pub last_contact: Option<NaiveDate>,
    pub days_since_contact: i64,
    pub checklist_done: usize,
    pub checklist_total: usize,
    /// This week's items not ticked yet: their places in the config's checklist template
    /// (`checklist_missing_keys` names them). Places, not copies of the keys: five strings per
    /// account were ≈ 20 MB of the cockpit's memory at 100 000 accounts.
    pub checklist_missing: Vec<u32>,
    pub review_stale: bool,
    pub onboarding: Option<(i64, OnboardingPhase)>,
    pub renewal_in_days: Option<i64>,
    pub cadence: CadenceDue,
    /// The weighted score of the latest review (the articles' CHS; `health` adds the signals).
    pub review_score: Option<i64>,
    /// The drop in whole percent when a budget cut counts (see `health::budget_cut`).
    pub budget_cut: Option<i64>,
    pub last: LastNotes,
    pub owner_changed_on: Option<NaiveDate>,
    /// The local date of "now" the summary was made for.
    pub today: NaiveDate,
    /// Computed once by `summarize`: every front end renders these.
    pub flags: Vec<Flag>,
}

impl AccountSummary {
    pub fn health(&self) -> Option<i64> {
        self.explanation.health
    }

    pub fn band(&self) -> Band {
        self.explanation.band
    }

    /// The keys of this week's items not ticked yet, in the template's order (`cfg`: the one
    /// the summary was made with).
    pub fn checklist_missing_keys<'a>(&self, cfg: &'a Config) -> impl Iterator<Item = &'a str> {
        let items = &cfg.checklist.items;
        self.checklist_missing
            .iter()
            .filter_map(|&at| items.get(usize::try_from(at).ok()?))
            .map(|i| i.key.as_str())
    }

    /// This summary made again at `now`, a later moment of the same day (so of the same ISO
    /// week), from what it was made of — for an account none of whose records changed in
    /// between, exactly what reading its records at `now` gives (`tui::reload_changed` keeps an
    /// open cockpit's scores moving with time this way; its test compares with a full read).
    /// The trend is left out, as by `triage::summaries_now`. `cfg` is the one it was made with.
    pub fn aged(self, cfg: &Config, now: Timestamp) -> AccountSummary {
        let extra = NowFacts {
            // The week's ticks count only as the template's items (`checklist_done`).
            this_week_done: (0u32..)
                .zip(&cfg.checklist.items)
                .filter(|(at, _)| !self.checklist_missing.contains(at))
                .map(|(_, i)| i.key.as_str())
                .collect(),
            last: self.last,
            owner_changed_on: self.owner_changed_on,
        };
        let mut facts = self.facts;
        facts.as_of_later(now, cfg);
        summarize(self.account, facts, None, &extra, cfg, now)
    }

    /// The JSON `flags`, most urgent first.
    pub fn flag_slugs(&self) -> Vec<String> {
        self.flags.iter().map(Flag::slug).collect()
    }

    /// The flags for people, where there is room.
    pub fn flag_labels(&self) -> Vec<String> {
        self.flags.iter().filter_map(Flag::label).collect()
    }
}

/// Every flag of an account, most urgent first, from the config's thresholds.
fn flags_of(s: &AccountSummary, cfg: &Config) -> Vec<Flag> {
    let mut f = Vec::new();
    let status = s.account.status;
    if s.overdue_escalations > 0 {
        f.push(Flag::EscalationOverdue);
    }
    if let Some(level) = s.worst_level {
        f.push(Flag::Escalation {
            level,
            overdue: s.overdue_escalations > 0,
        });
    }
    if status == Status::Active
        && s.band() == Band::AtRisk
        && s.last
            .success_review
            .is_none_or(|d| days_between(d, s.today) > cfg.success_review.repeat_days)
    {
        f.push(Flag::SuccessReviewDue);
    }
    if let Some(percent) = s.budget_cut {
        f.push(Flag::BudgetCut { percent });
    }
    if let Some(since) = s
        .owner_changed_on
        .filter(|d| days_between(*d, s.today) <= cfg.signals.owner_change_days)
    {
        f.push(Flag::NewOwner { since });
    }
    if status == Status::Churned
        && let Some(on) = s.account.churned_on
        && super::agenda::exit_interview_window(on, s.today, cfg)
        && s.last.exit_interview.is_none_or(|d| d < on)
    {
        f.push(Flag::ExitInterviewDue);
    }
    if s.explanation.health.is_none() && status != Status::Churned {
        f.push(Flag::Unscored);
    }
    if s.visit_overdue {
        f.push(Flag::VisitOverdue);
    }
    if s.review_stale {
        f.push(Flag::ReviewStale);
    }
    let silence = &cfg.health.silence;
    if status == Status::Active && s.days_since_contact >= silence.quiet_days {
        f.push(Flag::NoContact {
            days: s.days_since_contact,
            silent: s.days_since_contact >= silence.silent_days,
        });
    }
    if let Some(days) = s.renewal_in_days {
        f.push(Flag::Renewal { days });
    }
    if let Some((day, phase)) = &s.onboarding {
        f.push(Flag::Onboarding {
            day: *day,
            phase: phase.name.clone(),
        });
    }
    if status == Status::Paused {
        f.push(Flag::Paused);
    }
    if s.cadence.micro_feedback {
        f.push(Flag::MicroFeedbackDue);
    }
    if s.cadence.relationship_review {
        f.push(Flag::RelationshipReviewDue);
    }
    if s.cadence.partnership_audit {
        f.push(Flag::AuditDue);
    }
    if s.cadence.business_review {
        f.push(Flag::BusinessReviewDue);
    }
    f
}

pub fn summarize(
    account: Account,
    now_facts: HealthFacts,
    then_facts: Option<&HealthFacts>,
    extra: &NowFacts,
    cfg: &Config,
    now: Timestamp,
) -> AccountSummary {
    let today = local_date(now);
    let mut explanation = explain(&now_facts, cfg, now);
    // A summary is kept (the cockpit holds every account's): its rows keep only their text,
    // not the room `format!` guessed (≈ 10 MB at 100 000 accounts).
    for row in &mut explanation.adjustments {
        row.reason.shrink_to_fit();
    }
    explanation.adjustments.shrink_to_fit();
    let then_health = then_facts.and_then(|f| {
        let then = now - chrono::Duration::days(cfg.health.trend_days);
        explain(f, cfg, then).health
    });
    let trend = trend(explanation.health, then_health);
    let next = next_visit(
        now_facts.planned_visit,
        now_facts.last_visit,
        account.client_since,
        cfg.visit.interval_months,
    );
    let last_contact = now_facts.last_contact.map(local_date);
    let days_since_contact =
        days_between(last_contact.unwrap_or(account.client_since), today).max(0);
    let template = &cfg.checklist.items;
    let checklist_done = template
        .iter()
        .filter(|i| extra.this_week_done.contains(&i.key))
        .count();
    let day = days_between(account.client_since, today) + 1;
    let onboarding = if day >= 1 {
        cfg.onboarding
            .phases
            .iter()
            .find(|p| day <= p.until_day)
            .map(|p| (day, p.clone()))
    } else {
        None
    };
    let renewal_in_days = account
        .renewal
        .map(|r| days_between(today, r))
        .filter(|d| *d <= cfg.renewal.window_days);
    let active = account.status == Status::Active;
    let cadence = if active {
        cadence_due(today, account.client_since, &extra.last, &cfg.cadence)
    } else {
        CadenceDue::default()
    };
    let review_score = explanation.base;
    let cut = explanation
        .adjustments
        .iter()
        .any(|a| a.signal == Signal::BudgetCut)
        .then(|| budget_cut(&now_facts, cfg, today))
        .flatten();
    let open = &now_facts.open_escalations;
    let mut summary = AccountSummary {
        open_escalations: open.len(),
        overdue_escalations: open.iter().filter(|e| e.due_at < now).count(),
        worst_level: open.iter().map(|e| e.level).max_by_key(|l| l.rank()),
        next_visit: next,
        visit_overdue: active && next.is_overdue(today),
        last_contact,
        days_since_contact,
        checklist_done,
        checklist_total: template.len(),
        checklist_missing: (0u32..)
            .zip(template)
            .filter(|(_, i)| !extra.this_week_done.contains(&i.key))
            .map(|(at, _)| at)
            .collect(),
        // A churned client is not reviewed any more: its old review is not "stale".
        review_stale: account.status != Status::Churned
            && review_stale(now_facts.review.map(|r| r.0), today, cfg),
        onboarding: if account.status == Status::Churned {
            None
        } else {
            onboarding
        },
        renewal_in_days: if account.status == Status::Churned {
            None
        } else {
            renewal_in_days
        },
        cadence,
        arrow: arrow(trend, cfg),
        trend,
        explanation,
        review_score,
        budget_cut: cut,
        last: extra.last,
        owner_changed_on: extra.owner_changed_on,
        today,
        facts: now_facts,
        account,
        flags: Vec::new(),
    };
    summary.flags = flags_of(&summary, cfg);
    summary
}

/// Triage order: unscored first, then health ascending (worst first), ties by name.
pub fn triage_sort(list: &mut [AccountSummary]) {
    // The lowercased name is computed once per account, not once per comparison.
    list.sort_by_cached_key(triage_key);
}

/// Whether an account is on the triage list (and counts in the portfolio's figures): churned
/// accounts leave it.
pub fn in_triage(s: &AccountSummary) -> bool {
    s.account.status != Status::Churned
}

/// A summary's place in triage order (`triage_sort`): unscored first, then health ascending,
/// then the lowercased name.
pub type TriageKey = (bool, i64, String);

pub fn triage_key(s: &AccountSummary) -> TriageKey {
    (
        s.health().is_some(),
        s.health().unwrap_or(0),
        s.account.name.to_lowercase(),
    )
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpis {
    pub accounts: usize,
    pub at_risk: usize,
    pub unscored: usize,
    pub nps: Option<i64>,
    pub promoters: usize,
    pub passives: usize,
    pub detractors: usize,
    pub open_escalations: usize,
    pub overdue_escalations: usize,
    pub visits_overdue: usize,
    pub checklist_completion: i64,
    /// EUR per month.
    pub revenue_at_risk: f64,
}

/// Portfolio KPIs over active accounts; escalation counts over the queue (every non-churned account).
pub fn kpis(list: &[AccountSummary], cfg: &Config, now: Timestamp) -> Kpis {
    let today = local_date(now);
    let active: Vec<&AccountSummary> = list
        .iter()
        .filter(|s| s.account.status == Status::Active)
        .collect();
    let queue: Vec<&AccountSummary> = list.iter().filter(|s| in_triage(s)).collect();
    let answers: Vec<u8> = active
        .iter()
        .filter_map(|s| s.facts.latest_nps)
        .filter(|(at, _)| days_between(local_date(*at), today) <= cfg.portfolio.nps_window_days)
        .map(|(_, n)| n)
        .collect();
    let class_count = |c: NpsClass| answers.iter().filter(|a| NpsClass::of(**a) == c).count();
    let ticked: usize = active.iter().map(|s| s.checklist_done).sum();
    let slots = active.len() * cfg.checklist.items.len();
    let at_risk: Vec<&&AccountSummary> =
        active.iter().filter(|s| s.band() == Band::AtRisk).collect();
    Kpis {
        accounts: active.len(),
        at_risk: at_risk.len(),
        unscored: active.iter().filter(|s| s.band() == Band::Unscored).count(),
        nps: nps_score(&answers),
        promoters: class_count(NpsClass::Promoter),
        passives: class_count(NpsClass::Passive),
        detractors: class_count(NpsClass::Detractor),
        open_escalations: queue.iter().map(|s| s.open_escalations).sum(),
        overdue_escalations: queue.iter().map(|s| s.overdue_escalations).sum(),
        visits_overdue: active.iter().filter(|s| s.visit_overdue).count(),
        checklist_completion: percent(ticked, slots),
        revenue_at_risk: at_risk.iter().map(|s| s.account.value_cents).sum::<i64>() as f64 / 100.0,
    }
}
