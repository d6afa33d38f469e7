//! Flags: what the triage list, the briefing, the JSON and the cockpit say about an account besides
//! its score. Computed once per account in `summary::summarize` from the config's thresholds; each
//! flag carries its renderings (JSON slug, wide label, compact letter) so no front end spells a rule
//! or a threshold itself.

use super::escalation::Level;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flag {
    /// At least one open escalation is past its due time (JSON only: the letter shows it as `!`).
    EscalationOverdue,
    /// The worst open escalation's level; `overdue` when any is past due.
    Escalation {
        level: Level,
        overdue: bool,
    },
    /// At-risk and no success review within `[success_review] repeat_days`.
    SuccessReviewDue,
    /// The monthly value was cut by this many percent within the window.
    BudgetCut {
        percent: i64,
    },
    /// The owner changed on this date (changing contacts cause churn).
    NewOwner {
        since: chrono::NaiveDate,
    },
    /// Churned recently without an exit interview.
    ExitInterviewDue,
    BusinessReviewDue,
    Unscored,
    VisitOverdue,
    ReviewStale,
    /// No call, email, meeting or visit for `days` (≥ `quiet_days`); `silent` once ≥ `silent_days`.
    NoContact {
        days: i64,
        silent: bool,
    },
    /// Renewal within the renewal window (negative: passed that many days ago).
    Renewal {
        days: i64,
    },
    /// In the first 90 days: day `day` of the phase `phase`.
    Onboarding {
        day: i64,
        phase: String,
    },
    Paused,
    MicroFeedbackDue,
    RelationshipReviewDue,
    AuditDue,
}

/// How loudly a flag is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Level(Level),
    Warn,
    Plain,
}

impl Flag {
    /// Machine-readable (`account list` JSON `flags`).
    pub fn slug(&self) -> String {
        match self {
            Flag::EscalationOverdue => "escalation-overdue".into(),
            Flag::Escalation { level, .. } => format!("escalation-{level}"),
            Flag::SuccessReviewDue => "success-review-due".into(),
            Flag::BudgetCut { percent } => format!("budget-cut-{percent}"),
            Flag::NewOwner { .. } => "new-owner".into(),
            Flag::ExitInterviewDue => "exit-interview-due".into(),
            Flag::BusinessReviewDue => "business-review-due".into(),
            Flag::Unscored => "unscored".into(),
            Flag::VisitOverdue => "visit-overdue".into(),
            Flag::ReviewStale => "review-stale".into(),
            Flag::NoContact { days, .. } => format!("no-contact-{days}d"),
            Flag::Renewal { days } if *days >= 0 => format!("renewal-in-{days}d"),
            Flag::Renewal { days } => format!("renewal-passed-{}d", -days),
            Flag::Onboarding { phase, .. } => format!("onboarding-{}", phase.replace(' ', "-")),
            Flag::Paused => "paused".into(),
            Flag::MicroFeedbackDue => "micro-feedback-due".into(),
            Flag::RelationshipReviewDue => "relationship-review-due".into(),
            Flag::AuditDue => "audit-due".into(),
        }
    }

    /// For people, where there is room (CLI table, briefing, a wide cockpit list). `None`: said
    /// elsewhere on the same line (the score's band, the escalation's `!`).
    pub fn label(&self) -> Option<String> {
        Some(match self {
            Flag::EscalationOverdue | Flag::Unscored => return None,
            Flag::SuccessReviewDue => "success review due".into(),
            Flag::BudgetCut { percent } => format!("budget cut -{percent}%"),
            Flag::NewOwner { since } => format!("new owner since {since}"),
            Flag::ExitInterviewDue => "exit interview due".into(),
            Flag::BusinessReviewDue => "business review due".into(),
            Flag::Escalation { level, overdue } => {
                format!("esc:{level}{}", if *overdue { "!" } else { "" })
            }
            Flag::VisitOverdue => "visit overdue".into(),
            Flag::ReviewStale => "review stale".into(),
            Flag::NoContact { days, silent: true } => format!("{days}d silent"),
            Flag::NoContact {
                days,
                silent: false,
            } => format!("{days}d quiet"),
            Flag::Renewal { days } if *days >= 0 => format!("renewal {days}d"),
            Flag::Renewal { .. } => "renewal passed".into(),
            Flag::Onboarding { day, phase } => super::when::onboarding(*day, phase),
            Flag::Paused => "paused".into(),
            Flag::MicroFeedbackDue => "micro-feedback due".into(),
            Flag::RelationshipReviewDue => "relationship review due".into(),
            Flag::AuditDue => "partnership audit due".into(),
        })
    }

    /// One or two characters for a narrow list (the README's legend). `None`: not shown there.
    pub fn letter(&self) -> Option<String> {
        Some(match self {
            Flag::Escalation { overdue, .. } => format!("E{}", if *overdue { "!" } else { "" }),
            Flag::VisitOverdue => "V".into(),
            Flag::ReviewStale => "R".into(),
            Flag::NoContact { days, .. } => format!("{days}d"),
            Flag::Renewal { .. } => "$".into(),
            Flag::BudgetCut { .. } => "B".into(),
            Flag::SuccessReviewDue => "S".into(),
            Flag::Onboarding { .. } => "N".into(),
            Flag::Paused => "P".into(),
            _ => return None,
        })
    }

    pub fn severity(&self) -> Severity {
        match self {
            Flag::Escalation { level, .. } => Severity::Level(*level),
            Flag::VisitOverdue
            | Flag::NoContact { silent: true, .. }
            | Flag::BudgetCut { .. }
            | Flag::SuccessReviewDue
            | Flag::ExitInterviewDue => Severity::Warn,
            Flag::Renewal { days } if *days < 0 => Severity::Warn,
            _ => Severity::Plain,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renderings() {
        let e = Flag::Escalation {
            level: Level::Red,
            overdue: true,
        };
        assert_eq!(e.slug(), "escalation-red");
        assert_eq!(e.label().as_deref(), Some("esc:red!"));
        assert_eq!(e.letter().as_deref(), Some("E!"));
        assert_eq!(e.severity(), Severity::Level(Level::Red));
        let quiet = Flag::NoContact {
            days: 16,
            silent: false,
        };
        assert_eq!(quiet.slug(), "no-contact-16d");
        assert_eq!(quiet.label().as_deref(), Some("16d quiet"));
        assert_eq!(quiet.severity(), Severity::Plain);
        let silent = Flag::NoContact {
            days: 40,
            silent: true,
        };
        assert_eq!(silent.label().as_deref(), Some("40d silent"));
        assert_eq!(silent.severity(), Severity::Warn);
        assert_eq!(Flag::Renewal { days: -3 }.slug(), "renewal-passed-3d");
        assert_eq!(
            Flag::Renewal { days: 12 }.label().as_deref(),
            Some("renewal 12d")
        );
        let o = Flag::Onboarding {
            day: 18,
            phase: "reality check".into(),
        };
        assert_eq!(o.slug(), "onboarding-reality-check");
        assert_eq!(
            o.label().as_deref(),
            Some("onboarding day 18 · reality check")
        );
        assert_eq!(Flag::EscalationOverdue.label(), None);
        assert_eq!(Flag::AuditDue.letter(), None);
    }
}
