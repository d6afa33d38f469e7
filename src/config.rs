//! Configuration: `config/default.toml` is embedded; one user file may patch any key of it.
//! (One cohesive thing past 400 lines: the schema of every section and its loading, side by side.)
//!
//! The user file is merged key by key over the default *before* deserialising, so an unknown key
//! or a value of the wrong type is reported with its full dotted name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::{Table, Value};

use crate::error::Error;

pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub health: HealthConfig,
    pub escalation: EscalationConfig,
    pub checklist: ChecklistConfig,
    pub visit: VisitConfig,
    pub cadence: CadenceConfig,
    pub success_review: SuccessReviewConfig,
    pub today: TodayConfig,
    pub signals: SignalsConfig,
    pub targets: TargetsConfig,
    pub onboarding: OnboardingConfig,
    pub renewal: RenewalConfig,
    pub portfolio: PortfolioConfig,
    pub store: StoreConfig,
    pub backup: BackupConfig,
    pub replication: ReplicationConfig,
    pub doctor: DoctorConfig,
    pub ui: UiConfig,
    /// action name → key names; see `tui::keymap`.
    pub keys: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthConfig {
    pub weights: Weights,
    pub healthy: i64,
    pub watch: i64,
    pub review_stale_days: i64,
    pub trend_days: i64,
    pub trend_arrow: i64,
    pub escalation: EscalationPoints,
    pub checklist: ChecklistPoints,
    pub silence: SilencePoints,
    pub visit: VisitPoints,
    pub nps: NpsPoints,
    pub complaints: ComplaintPoints,
    pub budget_cut: BudgetCutPoints,
}

/// Complaint notes in the window: `per_complaint` each, at most `cap` together (one row).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintPoints {
    pub window_days: i64,
    pub per_complaint: i64,
    pub cap: i64,
}

/// A monthly value lowered within the window by at least `percent` %.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetCutPoints {
    pub window_days: i64,
    pub percent: i64,
    pub points: i64,
}

/// The agenda (`tend today`, the cockpit's Today view, the digest).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TodayConfig {
    /// The default look-ahead in days.
    pub days: i64,
    /// A new client's first health review is due this many days after "client since".
    pub first_review_days: i64,
    /// The exit interview is due this many days after the churn date.
    pub exit_interview_due_days: i64,
    /// The digest reports health moves of at least this many points.
    pub digest_health_move: i64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuccessReviewConfig {
    /// An at-risk account needs a success review unless one was held within this many days.
    pub repeat_days: i64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalsConfig {
    /// An owner change within this many days is flagged.
    pub owner_change_days: i64,
}

/// The seed's figures, printed beside the portfolio KPIs in reports.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetsConfig {
    pub retention_rate: i64,
    pub churn_rate: i64,
    pub nps: i64,
    pub lifetime_months: i64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub performance: i64,
    pub relationship: i64,
    pub outlook: i64,
    pub engagement: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationPoints {
    pub yellow: i64,
    pub orange: i64,
    pub red: i64,
    pub level_cap: i64,
    pub overdue: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistPoints {
    pub per_item: i64,
    pub cap: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SilencePoints {
    pub contact_kinds: Vec<String>,
    pub quiet_days: i64,
    pub quiet: i64,
    pub silent_days: i64,
    pub silent: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitPoints {
    pub overdue: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NpsPoints {
    pub window_days: i64,
    pub detractor: i64,
    pub promoter: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationConfig {
    pub sla_hours: SlaHours,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaHours {
    pub yellow: i64,
    pub orange: i64,
    pub red: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistConfig {
    pub items: Vec<ChecklistItem>,
    /// The weekday the week's routine is due (`mon` … `sun`).
    pub due_weekday: String,
}

impl ChecklistConfig {
    /// The weekday the routine is due (validated at load).
    pub fn due_weekday(&self) -> Option<chrono::Weekday> {
        match self.due_weekday.trim().to_lowercase().as_str() {
            "mon" => Some(chrono::Weekday::Mon),
            "tue" => Some(chrono::Weekday::Tue),
            "wed" => Some(chrono::Weekday::Wed),
            "thu" => Some(chrono::Weekday::Thu),
            "fri" => Some(chrono::Weekday::Fri),
            "sat" => Some(chrono::Weekday::Sat),
            "sun" => Some(chrono::Weekday::Sun),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub key: String,
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitConfig {
    pub interval_months: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CadenceConfig {
    pub micro_feedback_days: i64,
    pub relationship_review_days: i64,
    pub partnership_audit_days: i64,
    pub business_review_days: i64,
    pub exit_interview_days: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnboardingConfig {
    pub phases: Vec<OnboardingPhase>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnboardingPhase {
    pub until_day: i64,
    pub name: String,
    pub hint: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenewalConfig {
    pub window_days: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortfolioConfig {
    pub nps_window_days: i64,
    pub max_lifetime_months: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoreMode {
    Private,
    Team,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    pub mode: StoreMode,
    pub busy_timeout_ms: u64,
}

/// Watched by `tend doctor`; tend itself writes backups only when told (`tend backup PATH`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupConfig {
    /// "" = not checked.
    pub dir: String,
    pub max_age_hours: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicationConfig {
    /// "" = /etc/litestream.yml when it exists.
    pub litestream_config: String,
    pub max_lag_minutes: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoctorConfig {
    pub wal_warn_mb: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiConfig {
    pub colors: String,
    pub refresh_ms: u64,
    pub status_ms: u64,
    /// Clicks select panes and rows, the wheel scrolls; false leaves the terminal's own text
    /// selection alone.
    pub mouse: bool,
}

impl Default for Config {
    fn default() -> Self {
        // The embedded default is tested to parse and validate; failing here is a build defect.
        Config::from_toml_patch(None).expect("embedded config/default.toml is valid")
    }
}

impl Config {
    /// The default config with `patch` (the text of a user file) merged over it.
    pub fn from_toml_patch(patch: Option<(&str, &Path)>) -> Result<Config, Error> {
        let mut base: Table = DEFAULT_TOML
            .parse()
            .map_err(|e| Error::Config(format!("built-in default: {e}")))?;
        if let Some((text, path)) = patch {
            let user: Table = text.parse().map_err(|e: toml::de::Error| {
                Error::Config(format!("{}: {}", path.display(), e.message()))
            })?;
            merge(&mut base, user, "")?;
        }
        let config: Config = Value::Table(base)
            .try_into()
            .map_err(|e: toml::de::Error| Error::Config(e.message().to_string()))?;
        config.validate()?;
        Ok(config)
    }

    /// Load the default, patched by the first user file found: `explicit`, `TEND_CONFIG`, or the
    /// platform config directory's `tend/config.toml` when it exists.
    pub fn load(explicit: Option<&Path>) -> Result<Config, Error> {
        match Config::user_file(explicit) {
            None => Config::from_toml_patch(None),
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| Error::Io(format!("config {}: {e}", path.display())))?;
                Config::from_toml_patch(Some((&text, &path)))
            }
        }
    }

    /// The user file `load` reads: `explicit`, else `TEND_CONFIG`, else the platform config
    /// directory's `tend/config.toml` when it exists; `None` means the built-in default alone.
    pub fn user_file(explicit: Option<&Path>) -> Option<PathBuf> {
        match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => match std::env::var_os("TEND_CONFIG") {
                Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
                _ => crate::paths::config_file().filter(|p| p.exists()),
            },
        }
    }

    fn validate(&self) -> Result<(), Error> {
        let w = self.health.weights;
        for (name, v) in [
            ("performance", w.performance),
            ("relationship", w.relationship),
            ("outlook", w.outlook),
            ("engagement", w.engagement),
        ] {
            if !(0..=100).contains(&v) {
                return Err(Error::Config(format!(
                    "health.weights.{name} '{v}': a whole percent 0-100"
                )));
            }
        }
        if self.checklist.due_weekday().is_none() {
            return Err(Error::Config(format!(
                "checklist.due_weekday '{}': one of mon, tue, wed, thu, fri, sat, sun",
                self.checklist.due_weekday
            )));
        }
        let sum = w.performance + w.relationship + w.outlook + w.engagement;
        if sum != 100 {
            return Err(Error::Config(format!(
                "health.weights '{sum}': the four weights must sum to 100"
            )));
        }
        if !(0..=100).contains(&self.health.watch) || self.health.watch > self.health.healthy {
            return Err(Error::Config(format!(
                "health.watch '{}': 0-100 and not above health.healthy ({})",
                self.health.watch, self.health.healthy
            )));
        }
        for (name, h) in [
            ("yellow", self.escalation.sla_hours.yellow),
            ("orange", self.escalation.sla_hours.orange),
            ("red", self.escalation.sla_hours.red),
        ] {
            if h <= 0 {
                return Err(Error::Config(format!(
                    "escalation.sla_hours.{name} '{h}': a positive number of hours"
                )));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for item in &self.checklist.items {
            let valid = !item.key.is_empty()
                && item
                    .key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid || !seen.insert(item.key.as_str()) {
                return Err(Error::Config(format!(
                    "checklist.items.key '{}': a unique key of letters, digits, '-' or '_'",
                    item.key
                )));
            }
        }
        for (name, v, unit) in [
            ("backup.max_age_hours", self.backup.max_age_hours, "hours"),
            (
                "replication.max_lag_minutes",
                self.replication.max_lag_minutes,
                "minutes",
            ),
            ("doctor.wal_warn_mb", self.doctor.wal_warn_mb, "megabytes"),
        ] {
            if v <= 0 {
                return Err(Error::Config(format!(
                    "{name} '{v}': a positive number of {unit}"
                )));
            }
        }
        if self.visit.interval_months == 0 {
            return Err(Error::Config(
                "visit.interval_months '0': at least 1".to_string(),
            ));
        }
        Ok(())
    }

    pub fn checklist_label(&self, key: &str) -> Option<&str> {
        self.checklist
            .items
            .iter()
            .find(|i| i.key == key)
            .map(|i| i.label.as_str())
    }
}

/// Merge `patch` over `base`. Keys must exist in `base` (except below `keys`, whose entries are
/// checked by the keymap) and keep their type; arrays and inline tables of arrays are replaced whole.
fn merge(base: &mut Table, patch: Table, prefix: &str) -> Result<(), Error> {
    for (key, value) in patch {
        let dotted = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match base.get_mut(&key) {
            None if prefix == "keys" => {
                base.insert(key, value);
            }
            None => {
                return Err(Error::Config(format!("unknown key '{dotted}'")));
            }
            Some(Value::Table(inner)) => match value {
                Value::Table(patch_inner) => merge(inner, patch_inner, &dotted)?,
                other => {
                    return Err(Error::Config(format!(
                        "{dotted} '{other}': expected a table"
                    )));
                }
            },
            Some(existing) => {
                if std::mem::discriminant(existing) != std::mem::discriminant(&value) {
                    return Err(Error::Config(format!(
                        "{dotted} '{value}': expected {}",
                        existing.type_str()
                    )));
                }
                *existing = value;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patch(text: &str) -> Result<Config, Error> {
        Config::from_toml_patch(Some((text, Path::new("user.toml"))))
    }

    #[test]
    fn default_parses_with_spec_values() {
        let c = Config::default();
        assert_eq!(c.health.weights.performance, 40);
        assert_eq!(c.health.escalation.red, -30);
        assert_eq!(c.escalation.sla_hours.orange, 48);
        assert_eq!(c.checklist.items.len(), 5);
        assert_eq!(c.checklist.items[0].key, "update");
        assert_eq!(c.onboarding.phases.len(), 4);
        assert_eq!(c.store.mode, StoreMode::Private);
    }

    #[test]
    fn user_file_patches_one_key() {
        let c = patch("[health]\nreview_stale_days = 60\n").unwrap();
        assert_eq!(c.health.review_stale_days, 60);
        assert_eq!(c.health.healthy, 80);
        let c = patch("[health.weights]\nperformance = 50\nengagement = 0\n").unwrap();
        assert_eq!(c.health.weights.performance, 50);
        assert_eq!(c.health.weights.relationship, 30);
    }

    #[test]
    fn unknown_key_is_named() {
        let e = patch("[health]\nreviw_stale_days = 60\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("health.reviw_stale_days"), "{e}");
        let e = patch("colour = 1\n").unwrap_err().to_string();
        assert!(e.contains("'colour'"), "{e}");
    }

    #[test]
    fn wrong_type_is_named() {
        let e = patch("[health.weights]\nperformance = \"forty\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("health.weights.performance"), "{e}");
        assert!(e.contains("integer"), "{e}");
    }

    #[test]
    fn weights_must_sum_to_100() {
        let e = patch("[health.weights]\nperformance = 41\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("health.weights") && e.contains("100"), "{e}");
    }

    #[test]
    fn checklist_template_can_be_replaced() {
        let c = patch("[checklist]\nitems = [{ key = \"call\", label = \"Called\" }]\n").unwrap();
        assert_eq!(c.checklist.items.len(), 1);
        let e = patch("[checklist]\nitems = [{ key = \"a b\", label = \"x\" }]\n").unwrap_err();
        assert!(e.to_string().contains("checklist.items.key"));
    }

    #[test]
    fn doctor_thresholds_are_positive() {
        let c = Config::default();
        assert_eq!(c.backup.dir, "");
        assert_eq!(c.backup.max_age_hours, 26);
        let e = patch("[backup]\nmax_age_hours = 0\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "config: backup.max_age_hours '0': a positive number of hours"
        );
        let e = patch("[doctor]\nwal_warn_mb = -1\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("doctor.wal_warn_mb '-1'"), "{e}");
    }

    #[test]
    fn keys_may_add_and_override() {
        let c = patch("[keys]\nquit = [\"Q\"]\n").unwrap();
        assert_eq!(c.keys["quit"], vec!["Q".to_string()]);
    }
}
