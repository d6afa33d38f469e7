//! Which account a typed name means — the one rule the command line and the cockpit share — and
//! the fuzzy ranking behind the cockpit's `/` filter and `:` palette.
//!
//! Resolving a name (`resolve_name`): an exact match (Unicode-lowercased, the key names are unique
//! by) wins; else a unique match ignoring case and accents ("muller gmbh" → "Müller GmbH"); else a
//! unique prefix, also ignoring accents. Anything else is not a match but a list of candidates for
//! "did you mean": a command that writes must never act on a guess.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::name_key;
use crate::error::Error;

/// At most this many names are offered in "did you mean".
pub const MAX_CANDIDATES: usize = 3;

/// What a typed name means among `names`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameMatch {
    /// The index of the one name meant.
    Found(usize),
    /// Nothing is meant for sure; these names (indices, best first, at most [`MAX_CANDIDATES`])
    /// come close. Empty when nothing does.
    Candidates(Vec<usize>),
}

/// A name folded for comparison: trimmed, lowercased, accents removed (Latin letters to their
/// base letter, combining marks dropped), runs of white space as one space.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        // A decomposed accent ("u" + U+0308) is a mark of its own: the letter before it stays.
        if ('\u{0300}'..='\u{036F}').contains(&c) {
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(nucleo_matcher::chars::normalize(c));
    }
    out
}

/// Account names are unique ignoring case and accents: two names that fold alike would make a
/// typed name that means one of them resolve to the other (found in a trial: "markgrafler
/// weingut gmbh" could be added beside "Markgräfler Weingut GmbH" and took its lookups).
/// The error for `name`, which `existing` (or another row of the same import) already has.
pub fn name_taken(name: &str, existing: Option<&str>) -> Error {
    let exists = existing.map_or(String::new(), |e| format!(": '{e}' exists"));
    Error::invalid(
        "name",
        name,
        format!("a name no other account has (compared ignoring case and accents{exists})"),
    )
}

/// Resolve `query` among `names` (exact, then ignoring case and accents, then a unique prefix).
pub fn resolve_name<S: AsRef<str>>(query: &str, names: &[S]) -> NameMatch {
    let key = name_key(query);
    if let Some(i) = names.iter().position(|n| name_key(n.as_ref()) == key) {
        return NameMatch::Found(i);
    }
    let folded_query = fold(query);
    if folded_query.is_empty() {
        return NameMatch::Candidates(Vec::new());
    }
    let folded: Vec<String> = names.iter().map(|n| fold(n.as_ref())).collect();
    let equal: Vec<usize> = (0..names.len())
        .filter(|&i| folded[i] == folded_query)
        .collect();
    if let [only] = equal[..] {
        return NameMatch::Found(only);
    }
    if !equal.is_empty() {
        return NameMatch::Candidates(best_of(query, names, equal));
    }
    let prefixed: Vec<usize> = (0..names.len())
        .filter(|&i| folded[i].starts_with(&folded_query))
        .collect();
    if let [only] = prefixed[..] {
        return NameMatch::Found(only);
    }
    if !prefixed.is_empty() {
        return NameMatch::Candidates(best_of(query, names, prefixed));
    }
    let ranked = fuzzy_rank(query, names);
    NameMatch::Candidates(
        ranked
            .into_iter()
            .take(MAX_CANDIDATES)
            .map(|(i, _)| i)
            .collect(),
    )
}

/// The given indices, best fuzzy score first (ties by folded name), at most [`MAX_CANDIDATES`].
/// Only the picked names are scored: a prefix shared by a handful of 10 000 names stays cheap.
fn best_of<S: AsRef<str>>(query: &str, names: &[S], picked: Vec<usize>) -> Vec<usize> {
    let subset: Vec<&str> = picked.iter().map(|&i| names[i].as_ref()).collect();
    let mut scores = vec![None; subset.len()];
    for (k, score) in fuzzy_rank(query, &subset) {
        scores[k] = Some(score);
    }
    let mut order: Vec<(Option<u32>, String, usize)> = picked
        .iter()
        .enumerate()
        .map(|(k, &i)| (scores[k], fold(subset[k]), i))
        .collect();
    order.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    order
        .into_iter()
        .take(MAX_CANDIDATES)
        .map(|(_, _, i)| i)
        .collect()
}

/// Rank `names` against a typed filter: every word of `query` must appear in the name as a
/// subsequence, ignoring case and accents ("muller gmb" finds "Müller GmbH"). Returns `(index,
/// score)` of the names that match, best first; ties keep the order of `names` (the caller's
/// order, e.g. triage). An empty query matches every name with score 0.
///
/// The scoring is nucleo's (the matcher of the helix editor): bonuses for matches at word starts
/// and consecutive characters, and here a small one for matches near the start, because a person
/// types the beginning of a client's name far more often than its middle.
pub fn fuzzy_rank<S: AsRef<str>>(query: &str, names: &[S]) -> Vec<(usize, u32)> {
    if query.trim().is_empty() {
        return (0..names.len()).map(|i| (i, 0)).collect();
    }
    let mut config = Config::DEFAULT;
    config.prefer_prefix = true;
    let mut matcher = Matcher::new(config);
    // The query as typed, and — when it spells an umlaut the German way ("jaeger", "mueller") —
    // with the umlauts written in (found in a trial: `/jaeger` did not find "Jäger Weingut").
    let mut queries = vec![query.to_string()];
    let umlauts = with_umlauts(query);
    if umlauts != query.to_lowercase() {
        queries.push(umlauts);
    }
    // Smart normalisation: an accent typed in the query must match; without one, "u" matches "ü".
    let patterns: Vec<(Pattern, Vec<String>, u32)> = queries
        .iter()
        .map(|q| {
            let pattern = Pattern::new(
                q,
                CaseMatching::Ignore,
                Normalization::Smart,
                AtomKind::Fuzzy,
            );
            let words: Vec<String> = fold(q).split(' ').map(str::to_string).collect();
            let chars = words.iter().map(|w| w.chars().count()).sum::<usize>();
            let scattered_min = u32::try_from(chars)
                .unwrap_or(u32::MAX)
                .saturating_mul(SCATTERED_MIN);
            (pattern, words, scattered_min)
        })
        .collect();
    let mut buf = Vec::new();
    let mut ranked: Vec<(usize, u32)> = names
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            patterns
                .iter()
                .filter_map(|(pattern, words, scattered_min)| {
                    let score =
                        pattern.score(Utf32Str::new(name.as_ref(), &mut buf), &mut matcher)?;
                    // Letters strewn across the name are a match only when they score like
                    // initials or word starts ("mwg", "gf"); a word typed whole must stand in
                    // the name (found in a trial: "kuhn" matched "Klettgau Elektrotechnik" by
                    // k…u…h…n, and with only that one left by "mine", n wrote to it).
                    let strong = score >= *scattered_min || {
                        let folded = fold(name.as_ref());
                        words.iter().all(|w| folded.contains(w.as_str()))
                    };
                    strong.then_some(score)
                })
                .max()
                .map(|score| (i, score))
        })
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
}

/// `query` lower-cased with "ae", "oe", "ue" written as "ä", "ö", "ü" (German spelling without
/// the umlaut keys).
fn with_umlauts(query: &str) -> String {
    query
        .to_lowercase()
        .replace("ae", "ä")
        .replace("oe", "ö")
        .replace("ue", "ü")
}

/// The score per typed letter (nucleo's) a match of letters scattered across a name needs: initials
/// and word starts score 24 and more ("mwg" for "Markgräfler Weingut GmbH": 25), a word's letters
/// strewn over other words 19 or less ("kuhn" in "Klettgau Elektrotechnik": 18.75). A typed word
/// found whole in the name matches at any score.
const SCATTERED_MIN: u32 = 22;

/// The one-line error for a name that resolved to nothing: `account 'frey': did you mean 'Frey
/// Reisen GmbH', 'Frey Bau AG'?`, or where to find the names when nothing comes close.
pub fn unknown_account(query: &str, candidates: &[&str]) -> Error {
    if candidates.is_empty() {
        return Error::invalid(
            "account",
            query,
            "the name of an existing account (see 'tend account list')",
        );
    }
    let quoted: Vec<String> = candidates
        .iter()
        .map(|c| format!("'{}'", crate::text::one_line(c)))
        .collect();
    Error::invalid(
        "account",
        query,
        format!("did you mean {}?", quoted.join(", ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &[
        "Frey Reisen GmbH",
        "Frey Bau AG",
        "Müller GmbH",
        "Mullerova s.r.o.",
        "Bäckerei Schön",
        "Zeta",
    ];

    fn found(query: &str) -> Option<&'static str> {
        match resolve_name(query, NAMES) {
            NameMatch::Found(i) => Some(NAMES[i]),
            NameMatch::Candidates(_) => None,
        }
    }

    fn candidates(query: &str) -> Vec<&'static str> {
        match resolve_name(query, NAMES) {
            NameMatch::Found(i) => panic!("{query} resolved to {}", NAMES[i]),
            NameMatch::Candidates(c) => c.into_iter().map(|i| NAMES[i]).collect(),
        }
    }

    #[test]
    fn folding_drops_case_accents_and_extra_space() {
        assert_eq!(fold("  MÜLLER   GmbH "), "muller gmbh");
        assert_eq!(fold("Bäckerei Schön"), "backerei schon");
        // Decomposed: "u" followed by a combining diaeresis.
        assert_eq!(fold("Mu\u{0308}ller"), "muller");
        assert_eq!(fold("Ærø Çedille"), fold("ærø çedille"));
    }

    #[test]
    fn an_exact_name_wins_over_everything() {
        assert_eq!(found("Zeta"), Some("Zeta"));
        assert_eq!(found("  müller gmbh "), Some("Müller GmbH"));
        // Exact beats a prefix of another name.
        let names = ["Frey", "Frey Bau AG"];
        assert_eq!(resolve_name("frey", &names), NameMatch::Found(0));
        // Exact (with its accent) beats an accent-insensitive twin.
        let twins = ["Muller GmbH", "Müller GmbH"];
        assert_eq!(resolve_name("müller gmbh", &twins), NameMatch::Found(1));
        assert_eq!(resolve_name("MULLER GMBH", &twins), NameMatch::Found(0));
    }

    #[test]
    fn case_and_accents_do_not_matter_when_unique() {
        assert_eq!(found("muller gmbh"), Some("Müller GmbH"));
        assert_eq!(found("BACKEREI SCHON"), Some("Bäckerei Schön"));
        assert_eq!(found("muller  GMBH"), Some("Müller GmbH"));
    }

    #[test]
    fn letters_strewn_over_other_words_are_no_match() {
        let names = [
            "Kuhn Immobilien AG",
            "Klettgau Elektrotechnik e.K.",
            "Markgräfler Weingut GmbH",
            "Breisgau Optik KG",
            "Schwarz Autohaus KG",
            "Gerber & Faller GmbH",
            "Alpha Logistik GmbH",
        ];
        let found = |q: &str| -> Vec<&str> {
            fuzzy_rank(q, &names)
                .into_iter()
                .map(|(i, _)| names[i])
                .collect()
        };
        assert_eq!(found("kuhn"), ["Kuhn Immobilien AG"]);
        assert_eq!(found("kle"), ["Klettgau Elektrotechnik e.K."]);
        // Initials and word starts still find their name; words found inside names too.
        assert_eq!(found("mwg"), ["Markgräfler Weingut GmbH"]);
        assert_eq!(found("gf"), ["Gerber & Faller GmbH"]);
        assert_eq!(found("ger fal"), ["Gerber & Faller GmbH"]);
        assert_eq!(found("haus"), ["Schwarz Autohaus KG"]);
        assert_eq!(found("sa"), ["Schwarz Autohaus KG"]);
        assert_eq!(found("tik"), ["Breisgau Optik KG", "Alpha Logistik GmbH"]);
        assert_eq!(found("markgrafler"), ["Markgräfler Weingut GmbH"]);
    }

    #[test]
    fn a_unique_prefix_is_enough() {
        assert_eq!(found("frey r"), Some("Frey Reisen GmbH"));
        assert_eq!(found("backer"), Some("Bäckerei Schön"));
        assert_eq!(found("müller g"), Some("Müller GmbH"));
        assert_eq!(found("mullero"), Some("Mullerova s.r.o."));
    }

    #[test]
    fn ambiguity_lists_candidates_and_resolves_nothing() {
        assert_eq!(candidates("frey"), vec!["Frey Bau AG", "Frey Reisen GmbH"]);
        // "muller" is a prefix of two names once accents are ignored.
        let c = candidates("muller");
        assert_eq!(c.len(), 2);
        assert!(c.contains(&"Müller GmbH") && c.contains(&"Mullerova s.r.o."));
        // Accent-insensitive twins are ambiguous unless the exact one is typed.
        let twins = ["Muller GmbH", "Müller GmbH"];
        assert!(matches!(
            resolve_name("mueller", &twins),
            NameMatch::Candidates(_)
        ));
        let c = match resolve_name("muller gmb", &["Müller GmbH", "Muller GmbH"]) {
            NameMatch::Candidates(c) => c,
            other => panic!("{other:?}"),
        };
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn candidates_are_at_most_three_and_fuzzy_when_no_prefix_fits() {
        let many = ["Alpha 1", "Alpha 2", "Alpha 3", "Alpha 4", "Alpha 5"];
        match resolve_name("alpha", &many) {
            NameMatch::Candidates(c) => assert_eq!(c, vec![0, 1, 2]),
            other => panic!("{other:?}"),
        }
        // Not a prefix, but a subsequence: offered, never taken.
        assert_eq!(candidates("reisen"), vec!["Frey Reisen GmbH"]);
        assert_eq!(candidates("qqq"), Vec::<&str>::new());
        assert_eq!(candidates("   "), Vec::<&str>::new());
    }

    #[test]
    fn fuzzy_rank_finds_subsequences_ignoring_case_and_accents() {
        let ranked = fuzzy_rank("muller gmb", NAMES);
        assert_eq!(NAMES[ranked[0].0], "Müller GmbH");
        assert_eq!(ranked.len(), 1, "{ranked:?}");
        let ranked = fuzzy_rank("MLLR", NAMES);
        let found: Vec<&str> = ranked.iter().map(|(i, _)| NAMES[*i]).collect();
        assert!(found.contains(&"Müller GmbH") && found.contains(&"Mullerova s.r.o."));
        // An accent typed in the query is honoured.
        let ranked = fuzzy_rank("schön", &["Schon AG", "Bäckerei Schön"]);
        assert_eq!(ranked.iter().map(|r| r.0).collect::<Vec<_>>(), vec![1]);
        assert!(fuzzy_rank("xyz", NAMES).is_empty());
    }

    #[test]
    fn fuzzy_rank_puts_the_best_match_first() {
        let names = ["Gamma Fry Tech", "Frey Reisen GmbH", "Offroad Eyewear"];
        let ranked = fuzzy_rank("frey", &names);
        assert_eq!(ranked[0].0, 1, "{ranked:?}");
        // Scores never increase down the list.
        assert!(ranked.windows(2).all(|w| w[0].1 >= w[1].1));
        // A start-of-name match beats the same letters in the middle.
        let ranked = fuzzy_rank("bau", &["Hochbau GmbH", "Bau AG"]);
        assert_eq!(ranked[0].0, 1, "{ranked:?}");
    }

    #[test]
    fn fuzzy_rank_reads_ae_oe_ue_as_umlauts_too() {
        let names = [
            "Jäger Weingut KG",
            "Mueller Bau",
            "Schön & Söhne",
            "Frauenhofer AG",
        ];
        let first = |q: &str| fuzzy_rank(q, &names).first().map(|r| names[r.0]);
        assert_eq!(first("jaeger"), Some("Jäger Weingut KG"));
        assert_eq!(first("schoen"), Some("Schön & Söhne"));
        // Written with "ue" in the name, typed with it: still found; "ue" that is not an
        // umlaut, too.
        assert_eq!(first("mueller"), Some("Mueller Bau"));
        assert_eq!(first("frauen"), Some("Frauenhofer AG"));
        assert!(fuzzy_rank("jaegerx", &names).is_empty());
    }

    #[test]
    fn fuzzy_rank_with_an_empty_query_keeps_every_name_in_order() {
        assert_eq!(fuzzy_rank("", &["b", "a"]), vec![(0, 0), (1, 0)]);
    }

    #[test]
    fn the_error_is_one_line_with_up_to_three_names() {
        let e = unknown_account("frey", &["Frey Reisen GmbH", "Frey Bau AG"]);
        assert_eq!(
            e.to_string(),
            "account 'frey': did you mean 'Frey Reisen GmbH', 'Frey Bau AG'?"
        );
        assert_eq!(e.exit_code(), 2);
        let e = unknown_account("x", &[]);
        assert!(e.to_string().contains("tend account list"));
        let e = unknown_account("x", &["Evil\nName"]);
        assert!(!e.to_string().contains('\n'));
    }
}
