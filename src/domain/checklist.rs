//! The weekly update routine: which template items were left undone in a week.

use crate::clock::Timestamp;
use crate::config::ChecklistItem;

use super::IsoWeek;

/// Template items not ticked. A week with no ticks counts every current item as undone; ticks of
/// keys no longer in the template are ignored.
pub fn undone<'a>(template: &'a [ChecklistItem], ticked: &[String]) -> Vec<&'a ChecklistItem> {
    template
        .iter()
        .filter(|item| !ticked.contains(&item.key))
        .collect()
}

/// The previous week's checklist counts only for accounts created before that week's Monday 00:00.
pub fn previous_week_counts(account_created_at: Timestamp, previous: IsoWeek) -> bool {
    account_created_at < previous.start()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use chrono::{TimeZone, Utc};

    #[test]
    fn no_ticks_means_all_undone() {
        let template = Config::default().checklist.items;
        assert_eq!(undone(&template, &[]).len(), 5);
        let ticked = vec!["update".to_string(), "kpis".to_string(), "gone".to_string()];
        let left: Vec<&str> = undone(&template, &ticked)
            .iter()
            .map(|i| i.key.as_str())
            .collect();
        assert_eq!(left, vec!["questions", "meeting", "signals"]);
    }

    #[test]
    fn previous_week_counts_only_for_older_accounts() {
        // Runs in UTC for a fixed answer: the CI sets no TZ, and tests compare instants.
        let week: IsoWeek = "2026-W47".parse().unwrap();
        let monday = week.start();
        assert!(previous_week_counts(
            monday - chrono::Duration::seconds(1),
            week
        ));
        assert!(!previous_week_counts(monday, week));
        assert!(!previous_week_counts(
            Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap(),
            week
        ));
    }
}
