//! The weekly update routine: which template items were left undone in a week.

use crate::clock::Timestamp;
use crate::config::ChecklistItem;

use super::IsoWeek;

/// Template items not ticked. A week with no ticks counts every current item as undone; ticks of
/// keys no longer in the template are ignored.
pub fn undone<'a>(template: &'a [ChecklistItem], ticked: &Ticked) -> Vec<&'a ChecklistItem> {
    template
        .iter()
        .filter(|item| !ticked.contains(&item.key))
        .collect()
}

/// The checklist keys ticked for a week (`HealthFacts::previous_week_ticked`), sorted and each
/// once, kept in one string: every account's facts hold one, and at 100 000 accounts a vector
/// of strings each was ≈ 13 MB of small allocations at the trend pass (and as much kept).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Ticked(String);

/// Between two keys (a key is a template item's key: no control characters).
const SEP: char = '\u{1f}';

impl Ticked {
    pub fn contains(&self, key: &str) -> bool {
        self.iter().any(|k| k == key)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split(SEP).filter(|k| !k.is_empty())
    }

    /// One more key, in its place.
    pub fn insert(&mut self, key: &str) {
        *self = self.iter().chain([key]).collect();
    }
}

impl<S: AsRef<str>> FromIterator<S> for Ticked {
    fn from_iter<I: IntoIterator<Item = S>>(keys: I) -> Self {
        let keys: Vec<S> = keys.into_iter().collect();
        let mut sorted: Vec<&str> = keys.iter().map(AsRef::as_ref).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut joined = String::with_capacity(sorted.iter().map(|k| k.len() + 1).sum());
        for (i, k) in sorted.iter().enumerate() {
            if i > 0 {
                joined.push(SEP);
            }
            joined.push_str(k);
        }
        Ticked(joined)
    }
}

/// As the list of keys it holds.
impl std::fmt::Debug for Ticked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
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
        assert_eq!(undone(&template, &Ticked::default()).len(), 5);
        let ticked: Ticked = ["update", "kpis", "gone"].into_iter().collect();
        let left: Vec<&str> = undone(&template, &ticked)
            .iter()
            .map(|i| i.key.as_str())
            .collect();
        assert_eq!(left, vec!["questions", "meeting", "signals"]);
    }

    #[test]
    fn ticked_keys_are_kept_sorted_once_and_read_back() {
        let mut t: Ticked = ["kpis", "update", "kpis"].into_iter().collect();
        assert_eq!(format!("{t:?}"), r#"["kpis", "update"]"#);
        assert!(t.contains("kpis") && t.contains("update") && !t.contains("kpi"));
        assert!(!t.contains("") && !Ticked::default().contains(""));
        t.insert("meeting");
        t.insert("update");
        assert_eq!(t.iter().collect::<Vec<_>>(), ["kpis", "meeting", "update"]);
        assert_eq!(t, ["update", "meeting", "kpis"].into_iter().collect());
        assert!(Ticked::default().is_empty() && !t.is_empty());
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
