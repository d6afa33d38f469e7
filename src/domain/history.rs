//! "Why did the score move": two explanations compared row by row, the score at the end of each
//! past ISO week, and a sparkline of it. Pure: the store recomputes the facts of each moment.

use chrono::NaiveTime;
use serde::Serialize;

use super::dates::{add_days, local_moment};
use super::health::{BASE_KEY, Explanation};
use super::{Band, IsoWeek};
use crate::clock::Timestamp;

/// One signal in both explanations (0 where it is absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompareRow {
    pub signal: String,
    pub then: i64,
    pub now: i64,
    pub change: i64,
    /// What the row says (now's wording, else then's).
    #[serde(skip)]
    pub reason: String,
}

/// The rows of `then` and `now` matched by signal key: the base first, then every signal in the
/// order `now` lists it, then those only `then` had. The changes add up to the change in health;
/// an unscored side counts as 0 everywhere.
pub fn compare(then: &Explanation, now: &Explanation) -> Vec<CompareRow> {
    let mut rows = vec![CompareRow {
        signal: BASE_KEY.to_string(),
        then: then.base.unwrap_or(0),
        now: now.base.unwrap_or(0),
        change: now.base.unwrap_or(0) - then.base.unwrap_or(0),
        reason: "review score (base)".to_string(),
    }];
    let points = |e: &Explanation, key: &str| -> i64 {
        e.adjustments
            .iter()
            .filter(|a| a.key == key)
            .map(|a| a.points)
            .sum()
    };
    for a in now.adjustments.iter().chain(then.adjustments.iter()) {
        if rows.iter().any(|r| r.signal == a.key) {
            continue;
        }
        let (t, n) = (points(then, &a.key), points(now, &a.key));
        rows.push(CompareRow {
            signal: a.key.clone(),
            then: t,
            now: n,
            change: n - t,
            reason: a.reason.clone(),
        });
    }
    rows
}

/// How a comparison shows one row's then, now and change: a side without a score shows `--`
/// on every row, and the change only where both sides are scored (an unscored side counts as 0
/// in the numbers; shown as 0 it read as if every signal had been at 0 then).
pub fn compare_cells(
    then: i64,
    now: i64,
    then_scored: bool,
    now_scored: bool,
) -> (String, String, String) {
    let side = |v: i64, scored: bool| if scored { v.to_string() } else { "--".into() };
    let change = if then_scored && now_scored {
        format!("{:+}", now - then)
    } else {
        String::new()
    };
    (side(then, then_scored), side(now, now_scored), change)
}

/// The heading of a comparison's reasons: the wording is now's where the signal is there now.
pub const COMPARE_WHY: &str = "why (now, else then)";

/// One point of an account's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryPoint {
    pub week: String,
    pub at: String,
    pub health: Option<i64>,
    pub band: Band,
}

/// The moments of a history: the end (Sunday 23:59:59 local) of each of the `weeks` ISO weeks
/// before the current one, oldest first, then `now` itself.
pub fn history_moments(now: Timestamp, weeks: u32) -> Vec<(IsoWeek, Timestamp)> {
    let current = IsoWeek::at(now);
    let mut out = Vec::with_capacity(weeks as usize + 1);
    let mut week = current;
    for _ in 0..weeks {
        week = week.previous();
        let sunday = add_days(week.monday(), 6);
        let end = local_moment(
            sunday,
            NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN),
        );
        out.push((week, end));
    }
    out.reverse();
    out.push((current, now));
    out
}

/// The smallest range of health points the bars of one sparkline stretch over (≈ 3 points a
/// bar): a move of a point or two is a step at most, and 59 → 70 is seen to climb.
pub const SPARK_MIN_SPAN: i64 = 20;

/// ▁▂▃▄▅▆▇█ over the range the values cover (at least `SPARK_MIN_SPAN` points, centred on
/// them and kept within 0–100), `-` where unscored. Scaled to 0–100, a year between 59 and 70 drew
/// as one flat line (found in a trial); the numbers beside it say where it starts and ends.
pub fn sparkline(values: &[Option<i64>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let scored = values.iter().flatten().map(|v| (*v).clamp(0, 100));
    let (lo, hi) = scored.fold((100, 0), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = (hi - lo).max(SPARK_MIN_SPAN);
    let bottom = (lo - (span - (hi - lo)) / 2).clamp(0, 100 - span);
    values
        .iter()
        .map(|v| match v {
            Some(h) => {
                let h = (*h).clamp(0, 100) - bottom;
                BARS[((h * 7 + span / 2) / span).clamp(0, 7) as usize]
            }
            None => '-',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::health::{Adjustment, Signal};
    use chrono::{TimeZone, Utc};

    fn explanation(base: i64, rows: &[(&str, i64)]) -> Explanation {
        let adjustments: Vec<Adjustment> = rows
            .iter()
            .map(|(k, p)| Adjustment {
                signal: Signal::Contact,
                key: k.to_string(),
                reason: format!("{k} reason"),
                points: *p,
            })
            .collect();
        let health = (base + adjustments.iter().map(|a| a.points).sum::<i64>()).clamp(0, 100);
        Explanation {
            health: Some(health),
            base: Some(base),
            review_score: Some(base),
            band: Band::Watch,
            adjustments,
        }
    }

    #[test]
    fn rows_match_by_signal_and_the_changes_add_up() {
        let then = explanation(75, &[("contact", -5), ("checklist", -4)]);
        let now = explanation(75, &[("escalation:17", -30), ("checklist", -10)]);
        let rows = compare(&then, &now);
        let keys: Vec<&str> = rows.iter().map(|r| r.signal.as_str()).collect();
        assert_eq!(keys, vec!["base", "escalation:17", "checklist", "contact"]);
        assert_eq!(
            rows.iter()
                .map(|r| (r.then, r.now, r.change))
                .collect::<Vec<_>>(),
            vec![(75, 75, 0), (0, -30, -30), (-4, -10, -6), (-5, 0, 5)]
        );
        let total: i64 = rows.iter().map(|r| r.change).sum();
        assert_eq!(total, now.health.unwrap() - then.health.unwrap());
        assert_eq!(
            rows.iter().map(|r| r.then).sum::<i64>(),
            then.health.unwrap()
        );
        assert_eq!(rows.iter().map(|r| r.now).sum::<i64>(), now.health.unwrap());
    }

    #[test]
    fn weeks_end_on_sunday_night_and_now_comes_last() {
        // TZ is the process's; tests run with TZ unset (UTC) in CI.
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(); // Wednesday of W48
        let m = history_moments(now, 2);
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].0.to_string(), "2026-W46");
        assert_eq!(m[1].0.to_string(), "2026-W47");
        assert_eq!(m[2], (IsoWeek::at(now), now));
        assert_eq!(
            crate::domain::dates::local_date(m[1].1).to_string(),
            "2026-11-22"
        );
    }

    #[test]
    fn sparkline_bars() {
        // The whole range: as on a 0–100 scale.
        assert_eq!(
            sparkline(&[Some(0), Some(50), Some(100), None, Some(14)]),
            "▁▅█-▂"
        );
        // 59 → 70 climbs over the 20 points around it (55–75) instead of staying level.
        assert_eq!(sparkline(&[Some(59), Some(62), Some(66), Some(70)]), "▂▃▅▆");
        // A level line sits in the middle; near the ends the range stays within 0–100.
        assert_eq!(sparkline(&[Some(70), Some(70)]), "▅▅");
        assert_eq!(sparkline(&[Some(95), Some(100)]), "▆█");
        assert_eq!(sparkline(&[Some(0), Some(3)]), "▁▂");
        assert_eq!(sparkline(&[None, None]), "--");
    }
}
