//! Portfolio KPIs: retention, churn, expected lifetime, CLV, checklist completion.

/// Retention rate in percent: (active at end − new during) / active at start × 100.
pub fn retention_rate(active_start: usize, active_end: usize, new_during: usize) -> Option<f64> {
    (active_start > 0)
        .then(|| (active_end as f64 - new_during as f64) / active_start as f64 * 100.0)
}

/// Churn rate in percent: churned during / active at start × 100.
pub fn churn_rate(churned_during: usize, active_start: usize) -> Option<f64> {
    (active_start > 0).then(|| churned_during as f64 / active_start as f64 * 100.0)
}

/// Expected lifetime in months = 1 / average monthly churn (as a fraction), capped; the cap when
/// there was no churn. Months without accounts at their start are left out of the average.
pub fn expected_lifetime_months(monthly_churn_percent: &[Option<f64>], cap: i64) -> f64 {
    let known: Vec<f64> = monthly_churn_percent.iter().flatten().copied().collect();
    if known.is_empty() {
        return cap as f64;
    }
    let average = known.iter().sum::<f64>() / known.len() as f64 / 100.0;
    if average <= 0.0 {
        cap as f64
    } else {
        (1.0 / average).min(cap as f64)
    }
}

/// Customer lifetime value in cents: average monthly value × expected lifetime in months.
pub fn clv_cents(average_monthly_value_cents: f64, lifetime_months: f64) -> i64 {
    (average_monthly_value_cents * lifetime_months).round() as i64
}

/// Rounded percent of `part` in `whole` (0 when `whole` is 0).
pub fn percent(part: usize, whole: usize) -> i64 {
    if whole == 0 {
        0
    } else {
        ((part as f64 / whole as f64) * 100.0).round() as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_and_churn_over_a_period() {
        // 20 active at start, 2 churned, 3 new: 21 at end.
        assert_eq!(retention_rate(20, 21, 3), Some(90.0));
        assert_eq!(churn_rate(2, 20), Some(10.0));
        assert_eq!(retention_rate(0, 3, 3), None);
        assert_eq!(churn_rate(0, 0), None);
    }

    #[test]
    fn lifetime_is_inverse_average_churn_capped() {
        // Average 2 % per month → 50 months.
        let months = [Some(1.0), Some(3.0), Some(2.0), Some(2.0)];
        assert!((expected_lifetime_months(&months, 120) - 50.0).abs() < 1e-9);
        assert_eq!(expected_lifetime_months(&[Some(0.0); 12], 120), 120.0);
        assert_eq!(expected_lifetime_months(&[], 120), 120.0);
        assert_eq!(expected_lifetime_months(&[Some(0.5)], 120), 120.0); // 200 → cap
        assert_eq!(expected_lifetime_months(&[None, Some(10.0)], 120), 10.0);
    }

    #[test]
    fn clv_and_percent() {
        assert_eq!(clv_cents(450_000.0, 50.0), 22_500_000);
        assert_eq!(percent(7, 20), 35);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(0, 0), 0);
    }
}
