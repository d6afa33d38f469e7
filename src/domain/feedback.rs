//! Notes, NPS classes, feedback cadence and the cockpit's quick-note prefixes.

use chrono::NaiveDate;

use super::named_enum;
use crate::error::Error;

named_enum!(NoteKind, "kind", {
    Call => "call",
    Email => "email",
    Meeting => "meeting",
    Visit => "visit",
    MicroFeedback => "micro-feedback",
    RelationshipReview => "relationship-review",
    Audit => "audit",
    ExitInterview => "exit-interview",
    Praise => "praise",
    Complaint => "complaint",
    Internal => "internal",
    BusinessReview => "business-review",
    SuccessReview => "success-review",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NpsClass {
    Detractor,
    Passive,
    Promoter,
}

impl NpsClass {
    pub fn of(score: u8) -> NpsClass {
        match score {
            0..=6 => NpsClass::Detractor,
            7..=8 => NpsClass::Passive,
            _ => NpsClass::Promoter,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            NpsClass::Detractor => "detractor",
            NpsClass::Passive => "passive",
            NpsClass::Promoter => "promoter",
        }
    }
}

pub fn check_nps(raw: &str) -> Result<u8, Error> {
    raw.trim()
        .parse::<u8>()
        .ok()
        .filter(|n| *n <= 10)
        .ok_or_else(|| Error::invalid("nps", raw, "a whole number 0-10"))
}

/// Note text as stored: anything but empty (whitespace only counts as empty).
pub fn check_text(field: &str, raw: &str) -> Result<String, Error> {
    if raw.trim().is_empty() {
        Err(Error::invalid(field, raw, "a non-empty text"))
    } else {
        Ok(raw.to_string())
    }
}

/// What a quick-note line means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickNote {
    pub kind: NoteKind,
    pub nps: Option<u8>,
    pub text: String,
}

/// `!` makes a complaint; then `nps N` (any case, N 0–10) records an NPS answer; otherwise a call.
/// The prefixes are removed from the text. `nps` followed by something that is not a number is
/// ordinary text; `nps 11` is refused.
pub fn parse_quick_note(line: &str) -> Result<QuickNote, Error> {
    let mut rest = line.trim_start();
    let mut kind = NoteKind::Call;
    if let Some(after) = rest.strip_prefix('!') {
        kind = NoteKind::Complaint;
        rest = after.trim_start();
    } else if let Some((k, after)) = kind_prefix(rest) {
        kind = k;
        rest = after;
    }
    let mut nps = None;
    if rest.len() >= 3 && rest.is_char_boundary(3) && rest[..3].eq_ignore_ascii_case("nps") {
        // `nps 7` and `nps: 7` both record an answer.
        let after = rest[3..].strip_prefix(':').unwrap_or(&rest[3..]);
        let after_trim = after.trim_start();
        let digits: String = after_trim
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let next = after_trim[digits.len()..].chars().next();
        let separated = after.starts_with(char::is_whitespace) || rest[3..].starts_with(':');
        if separated && !digits.is_empty() && next.is_none_or(char::is_whitespace) {
            nps = Some(check_nps(&digits)?);
            rest = after_trim[digits.len()..].trim_start();
        }
    }
    let text = rest.trim_end().to_string();
    if text.is_empty() && nps.is_none() {
        return Err(Error::invalid(
            "note",
            line,
            "some text (prefixes: '!' complaint, 'email:', 'meeting:', …, 'nps N')",
        ));
    }
    Ok(QuickNote { kind, nps, text })
}

/// The quick note's kind prefixes (`email: …`); an unknown word before a colon stays in the text.
pub const KIND_PREFIXES: &[(&str, NoteKind)] = &[
    ("email", NoteKind::Email),
    ("meeting", NoteKind::Meeting),
    ("visit", NoteKind::Visit),
    ("internal", NoteKind::Internal),
    ("praise", NoteKind::Praise),
    ("mf", NoteKind::MicroFeedback),
    ("rr", NoteKind::RelationshipReview),
    ("br", NoteKind::BusinessReview),
    ("sr", NoteKind::SuccessReview),
];

fn kind_prefix(line: &str) -> Option<(NoteKind, &str)> {
    let (word, after) = line.split_once(':')?;
    let word = word.trim();
    KIND_PREFIXES
        .iter()
        .find(|(p, _)| p.eq_ignore_ascii_case(word))
        .map(|(_, k)| (*k, after.trim_start()))
}

/// The kind a quick note's Tab (forward) or Shift-Tab moves to: the call first, the complaint,
/// the prefixes' order, then every other kind — so every kind can be chosen.
pub fn step_quick_kind(kind: NoteKind, forward: bool) -> NoteKind {
    let mut order: Vec<NoteKind> = vec![NoteKind::Call, NoteKind::Complaint];
    order.extend(KIND_PREFIXES.iter().map(|(_, k)| *k));
    for k in NoteKind::ALL {
        if !order.contains(k) {
            order.push(*k);
        }
    }
    let n = order.len();
    let i = order.iter().position(|k| *k == kind).unwrap_or(0);
    order[if forward {
        (i + 1) % n
    } else {
        (i + n - 1) % n
    }]
}

/// Net promoter score over the given answers: % promoters − % detractors, rounded; `None` if none.
pub fn nps_score(answers: &[u8]) -> Option<i64> {
    if answers.is_empty() {
        return None;
    }
    let n = answers.len() as i64;
    let promoters = answers
        .iter()
        .filter(|a| NpsClass::of(**a) == NpsClass::Promoter)
        .count() as i64;
    let detractors = answers
        .iter()
        .filter(|a| NpsClass::of(**a) == NpsClass::Detractor)
        .count() as i64;
    // Round half away from zero in integers: (200·diff ± n) div (2n).
    let diff = 100 * (promoters - detractors);
    let rounded = if diff >= 0 {
        (2 * diff + n) / (2 * n)
    } else {
        -((-2 * diff + n) / (2 * n))
    };
    Some(rounded)
}

/// The date of the latest note of each kind the method's loops ask for (None: never).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LastNotes {
    pub micro_feedback: Option<NaiveDate>,
    pub relationship_review: Option<NaiveDate>,
    pub audit: Option<NaiveDate>,
    pub business_review: Option<NaiveDate>,
    pub success_review: Option<NaiveDate>,
    pub exit_interview: Option<NaiveDate>,
}

impl LastNotes {
    /// Record a note of `kind` on `date` if it is a loop's kind and newer than what is known.
    pub fn record(&mut self, kind: NoteKind, date: NaiveDate) {
        let slot = match kind {
            NoteKind::MicroFeedback => &mut self.micro_feedback,
            NoteKind::RelationshipReview => &mut self.relationship_review,
            NoteKind::Audit => &mut self.audit,
            NoteKind::BusinessReview => &mut self.business_review,
            NoteKind::SuccessReview => &mut self.success_review,
            NoteKind::ExitInterview => &mut self.exit_interview,
            _ => return,
        };
        if slot.is_none_or(|d| d < date) {
            *slot = Some(date);
        }
    }

    /// The note kinds `record` keeps.
    pub const KINDS: [NoteKind; 6] = [
        NoteKind::MicroFeedback,
        NoteKind::RelationshipReview,
        NoteKind::Audit,
        NoteKind::BusinessReview,
        NoteKind::SuccessReview,
        NoteKind::ExitInterview,
    ];
}

/// A word `@WHEN` anywhere in a quick note promises a follow-up: the first valid one is removed
/// from the text and returned; an `@word` that is not a valid WHEN stays in the text.
/// A line ending in an `@` word that is no day (`@fir`) meant a follow-up: refuse it rather than
/// lose the promise. An `@` word inside the text (`ping @foo`) stays text.
pub fn check_follow_up_tail(text: &str, today: NaiveDate) -> Result<(), Error> {
    match text.split_whitespace().last() {
        Some(word) if word.len() > 1 && word.starts_with('@') => {
            super::dates::parse_when("follow-up", &word[1..], today)
                .map(|_| ())
                .map_err(|_| {
                    Error::invalid(
                        "follow-up",
                        word,
                        "@ then a day: YYYY-MM-DD, today, tomorrow, mon…sun or 3d (text ending in @word: add a full stop)",
                    )
                })
        }
        _ => Ok(()),
    }
}

pub fn extract_follow_up(text: &str, today: NaiveDate) -> (String, Option<NaiveDate>) {
    let mut found = None;
    let mut kept: Vec<&str> = Vec::new();
    for word in text.split(' ') {
        if found.is_none()
            && let Some(when) = word.strip_prefix('@')
            && let Ok(date) = super::dates::parse_when("follow-up", when, today)
        {
            found = Some(date);
            continue;
        }
        kept.push(word);
    }
    if found.is_none() {
        return (text.to_string(), None);
    }
    let joined = kept.join(" ");
    (
        joined.split_whitespace().collect::<Vec<_>>().join(" "),
        found,
    )
}

/// Which feedback loops are due: none of that kind within its days of the latest note (or of
/// `client_since` when there was none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CadenceDue {
    pub micro_feedback: bool,
    pub relationship_review: bool,
    pub partnership_audit: bool,
    pub business_review: bool,
}

pub fn cadence_due(
    today: NaiveDate,
    client_since: NaiveDate,
    last: &LastNotes,
    cfg: &crate::config::CadenceConfig,
) -> CadenceDue {
    let due = |last: Option<NaiveDate>, days: i64| {
        super::dates::days_between(last.unwrap_or(client_since), today) > days
    };
    CadenceDue {
        micro_feedback: due(last.micro_feedback, cfg.micro_feedback_days),
        relationship_review: due(last.relationship_review, cfg.relationship_review_days),
        partnership_audit: due(last.audit, cfg.partnership_audit_days),
        business_review: due(last.business_review, cfg.business_review_days),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn q(kind: NoteKind, nps: Option<u8>, text: &str) -> QuickNote {
        QuickNote {
            kind,
            nps,
            text: text.into(),
        }
    }

    #[test]
    fn quick_note_prefixes() {
        assert_eq!(
            parse_quick_note("called, all fine").unwrap(),
            q(NoteKind::Call, None, "called, all fine")
        );
        assert_eq!(
            parse_quick_note("! invoice wrong again").unwrap(),
            q(NoteKind::Complaint, None, "invoice wrong again")
        );
        assert_eq!(
            parse_quick_note("!late report").unwrap(),
            q(NoteKind::Complaint, None, "late report")
        );
        assert_eq!(
            parse_quick_note("NPS 9 love the dashboards").unwrap(),
            q(NoteKind::Call, Some(9), "love the dashboards")
        );
        assert_eq!(
            parse_quick_note("! nps 3 too slow").unwrap(),
            q(NoteKind::Complaint, Some(3), "too slow")
        );
        assert_eq!(
            parse_quick_note("nps 10").unwrap(),
            q(NoteKind::Call, Some(10), "")
        );
        assert_eq!(
            parse_quick_note("Nps 0 cancel?").unwrap(),
            q(NoteKind::Call, Some(0), "cancel?")
        );
    }

    #[test]
    fn nps_like_text_that_is_not_a_prefix_stays_text() {
        assert_eq!(
            parse_quick_note("nps survey sent").unwrap(),
            q(NoteKind::Call, None, "nps survey sent")
        );
        assert_eq!(
            parse_quick_note("npsx 3").unwrap(),
            q(NoteKind::Call, None, "npsx 3")
        );
        assert_eq!(
            parse_quick_note("nps 9x great").unwrap(),
            q(NoteKind::Call, None, "nps 9x great")
        );
        assert_eq!(
            parse_quick_note("asked nps 9").unwrap(),
            q(NoteKind::Call, None, "asked nps 9")
        );
        assert_eq!(
            parse_quick_note("ñps 9").unwrap(),
            q(NoteKind::Call, None, "ñps 9")
        );
    }

    #[test]
    fn quick_note_refusals() {
        assert_eq!(
            parse_quick_note("nps 11 wow").unwrap_err().to_string(),
            "nps '11': a whole number 0-10"
        );
        assert!(parse_quick_note("   ").is_err());
        assert!(parse_quick_note("!").is_err());
    }

    #[test]
    fn nps_classes() {
        assert_eq!(NpsClass::of(0), NpsClass::Detractor);
        assert_eq!(NpsClass::of(6), NpsClass::Detractor);
        assert_eq!(NpsClass::of(7), NpsClass::Passive);
        assert_eq!(NpsClass::of(8), NpsClass::Passive);
        assert_eq!(NpsClass::of(9), NpsClass::Promoter);
        assert_eq!(NpsClass::of(10), NpsClass::Promoter);
        assert!(check_nps("11").is_err());
        assert!(check_nps("-1").is_err());
    }

    #[test]
    fn portfolio_nps() {
        assert_eq!(nps_score(&[]), None);
        assert_eq!(nps_score(&[10, 9, 8, 3]), Some(25));
        assert_eq!(nps_score(&[0, 0, 10]), Some(-33));
        assert_eq!(nps_score(&[9, 7, 7]), Some(33));
        assert_eq!(nps_score(&[9, 9, 7]), Some(67));
        assert_eq!(nps_score(&[9, 0]), Some(0));
        assert_eq!(nps_score(&[3]), Some(-100));
    }

    #[test]
    fn cadence_flags() {
        let cfg = Config::default().cadence;
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = d("2026-11-23");
        let mut last = LastNotes {
            micro_feedback: Some(d("2026-10-19")),
            relationship_review: Some(d("2026-08-15")),
            business_review: Some(d("2026-10-19")),
            ..LastNotes::default()
        };
        let c = cadence_due(today, d("2020-01-01"), &last, &cfg);
        assert!(!c.micro_feedback); // 35 days ago: not yet
        assert!(!c.relationship_review); // 100 days
        assert!(c.partnership_audit); // none since 2020
        assert!(!c.business_review); // 35 days ago: not yet
        last.micro_feedback = Some(d("2026-10-18"));
        last.relationship_review = Some(d("2026-08-14"));
        last.business_review = Some(d("2026-10-18"));
        let c = cadence_due(today, d("2020-01-01"), &last, &cfg);
        assert!(c.micro_feedback);
        assert!(c.relationship_review);
        assert!(c.business_review, "36 days since the last business review");
        // Counted from client since when there was none.
        let young = cadence_due(today, d("2026-11-01"), &LastNotes::default(), &cfg);
        assert_eq!(young, CadenceDue::default());
        let older = cadence_due(today, d("2026-10-18"), &LastNotes::default(), &cfg);
        assert!(older.business_review && older.micro_feedback);
    }

    #[test]
    fn kind_prefixes_and_nps_with_a_colon() {
        let q = parse_quick_note("email: sent the deck").unwrap();
        assert_eq!(
            (q.kind, q.text.as_str()),
            (NoteKind::Email, "sent the deck")
        );
        let q = parse_quick_note("BR: Q4 results nps: 9").unwrap();
        assert_eq!(
            (q.kind, q.nps),
            (NoteKind::BusinessReview, None),
            "nps must lead"
        );
        let q = parse_quick_note("br: nps: 9 Q4 results").unwrap();
        assert_eq!(
            (q.kind, q.nps, q.text.as_str()),
            (NoteKind::BusinessReview, Some(9), "Q4 results")
        );
        let q = parse_quick_note("nps: 7 ok").unwrap();
        assert_eq!((q.kind, q.nps), (NoteKind::Call, Some(7)));
        let q = parse_quick_note("todo: call back").unwrap();
        assert_eq!(
            (q.kind, q.text.as_str()),
            (NoteKind::Call, "todo: call back"),
            "unknown prefix stays"
        );
        let q = parse_quick_note("mf: 4/5, reporting clearer").unwrap();
        assert_eq!(q.kind, NoteKind::MicroFeedback);
        assert_eq!(step_quick_kind(NoteKind::Call, true), NoteKind::Complaint);
        assert_eq!(
            step_quick_kind(NoteKind::Call, false),
            NoteKind::ExitInterview
        );
        // Every kind is reached, each once, and the cycle closes.
        let mut seen = vec![NoteKind::Call];
        let mut k = step_quick_kind(NoteKind::Call, true);
        while k != NoteKind::Call {
            assert!(!seen.contains(&k), "{k} twice");
            seen.push(k);
            k = step_quick_kind(k, true);
        }
        seen.sort();
        assert_eq!(seen, NoteKind::ALL);
    }

    #[test]
    fn follow_ups_in_a_quick_note() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let (t, d) = extract_follow_up("send the offer @fri to Jana", today);
        assert_eq!(
            (t.as_str(), d.map(|d| d.to_string())),
            ("send the offer to Jana", Some("2026-11-27".into()))
        );
        let (t, d) = extract_follow_up("ping @foo and mail anna@example.com", today);
        assert_eq!(
            (t.as_str(), d),
            ("ping @foo and mail anna@example.com", None)
        );
        assert!(check_follow_up_tail("call back about the offer @fri", today).is_ok());
        assert!(check_follow_up_tail("ping @foo and mail anna@example.com", today).is_ok());
        let typo = check_follow_up_tail("call back about the offer @fir", today)
            .unwrap_err()
            .to_string();
        assert!(typo.starts_with("follow-up '@fir': @ then a day"), "{typo}");
        let (t, d) = extract_follow_up("@3d call back", today);
        assert_eq!(
            (t.as_str(), d.map(|d| d.to_string())),
            ("call back", Some("2026-11-28".into()))
        );
    }

    #[test]
    fn last_notes_keep_the_newest_of_each_loop() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut last = LastNotes::default();
        last.record(NoteKind::BusinessReview, d("2026-11-01"));
        last.record(NoteKind::BusinessReview, d("2026-10-01"));
        last.record(NoteKind::Call, d("2026-11-20"));
        last.record(NoteKind::ExitInterview, d("2026-11-02"));
        assert_eq!(last.business_review, Some(d("2026-11-01")));
        assert_eq!(last.exit_interview, Some(d("2026-11-02")));
        assert_eq!(last.micro_feedback, None);
    }
}
