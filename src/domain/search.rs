//! What a person may type into a note search, and how a found passage is marked. Pure: the store
//! turns a [`SearchQuery`] into SQLite's full-text syntax; nothing typed reaches SQLite unparsed.
//!
//! The language is small on purpose: words (all must occur, in any order), `prefix*`, and `"a
//! phrase"`. Words like `AND`, `OR`, `NOT`, `NEAR` and characters like `-`, `^`, `:` or `(` are
//! plain text here, not operators, so nothing a person pastes can change what the query means or
//! make SQLite fail.

use std::ops::Range;

use crate::error::Error;

/// One term of a search: every term must match a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A word (as the index splits words; "e-mail" is the phrase "e mail").
    Word(String),
    /// `budg*`: any word starting with this.
    Prefix(String),
    /// `"budget cut"`: these words, next to each other, in this order.
    Phrase(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub terms: Vec<Term>,
}

pub const ALLOWED: &str = "words, prefix* or \"a phrase\"";

/// Said when more notes match than are ranked (the CLI on stderr, the cockpit under the hits).
pub fn window_full_hint(window: usize) -> String {
    format!(
        "more than {window} notes match: the best of the {window} newest are shown; add a word to narrow the search"
    )
}

impl SearchQuery {
    pub fn parse(raw: &str) -> Result<SearchQuery, Error> {
        let bad = |why: &str| Error::invalid("query", raw, format!("{ALLOWED} ({why})"));
        let mut terms = Vec::new();
        let mut chars = raw.chars().peekable();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                chars.next();
                continue;
            }
            if c == '"' {
                chars.next();
                let mut phrase = String::new();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some(c) => phrase.push(c),
                        None => return Err(bad("a quote is not closed")),
                    }
                }
                if searchable(&phrase) {
                    terms.push(Term::Phrase(phrase.trim().to_string()));
                }
                continue;
            }
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                word.push(c);
                chars.next();
            }
            let stem = word.strip_suffix('*');
            if stem.unwrap_or(&word).contains('*') {
                return Err(bad("a * ends a word: prefix*"));
            }
            match stem {
                Some(stem) if searchable(stem) => terms.push(Term::Prefix(stem.to_string())),
                Some(_) => return Err(bad("a * ends a word: prefix*")),
                // Punctuation alone ("-", "&") holds no word to look for.
                None if searchable(&word) => terms.push(Term::Word(word)),
                None => {}
            }
        }
        if terms.is_empty() {
            return Err(bad("nothing to search for"));
        }
        Ok(SearchQuery { terms })
    }
}

/// A query as it is being typed (the cockpit's `s`): its last word, while the cursor is still
/// on it, counts as a prefix — "budget camp" finds "campaign" before the word is finished, and
/// "invoice" finds "invoices" (both found in a trial). Not inside an open quote, not after a space.
pub fn as_typed(raw: &str) -> String {
    let open_quote = raw.matches('"').count() % 2 == 1;
    match raw.chars().last() {
        Some(c) if c.is_alphanumeric() && !open_quote => format!("{raw}*"),
        _ => raw.to_string(),
    }
}

/// Whether the text holds a word the index would keep (a letter or digit).
fn searchable(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// A passage of a found note with the matching words marked: `marks` are byte ranges of `text`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    pub text: String,
    pub marks: Vec<Range<usize>>,
}

/// Words shown around the first match when a note is longer than that.
pub const SNIPPET_WORDS: usize = 16;

/// The words of a text as the index sees them (runs of letters and digits; a combining accent
/// stays with its letter), each with its byte range and its folded form.
fn words(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let is_word = |c: char| c.is_alphanumeric() || ('\u{0300}'..='\u{036F}').contains(&c);
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push((s..i, super::names::fold(&text[s..i])));
                start = None;
            }
            _ => {}
        }
    }
    out
}

impl Snippet {
    /// The passage of `text` that the query matched, its matching words marked. SQLite found the
    /// note; this only shows where, so it follows the index's rules (letters and digits, case and
    /// accents ignored) closely enough for highlighting, and is computed here because FTS5's own
    /// snippet() re-runs the query for every note shown (for a prefix, that is most of a search's
    /// time).
    pub fn of(text: &str, query: &SearchQuery) -> Snippet {
        let tokens = words(text);
        let mut marked = vec![false; tokens.len()];
        for term in &query.terms {
            let (raw, prefix) = match term {
                Term::Word(w) | Term::Phrase(w) => (w.as_str(), false),
                Term::Prefix(p) => (p.as_str(), true),
            };
            let needle: Vec<String> = words(raw).into_iter().map(|(_, w)| w).collect();
            let Some(last) = needle.len().checked_sub(1) else {
                continue;
            };
            for at in 0..tokens.len().saturating_sub(last) {
                let hit = needle.iter().enumerate().all(|(k, w)| {
                    let t = &tokens[at + k].1;
                    if prefix && k == last {
                        t.starts_with(w.as_str())
                    } else {
                        t == w
                    }
                });
                if hit {
                    marked[at..=at + last].iter_mut().for_each(|m| *m = true);
                }
            }
        }
        let first = marked.iter().position(|&m| m).unwrap_or(0);
        let (from, to) = if tokens.len() <= SNIPPET_WORDS {
            (0, tokens.len())
        } else {
            let from = first.saturating_sub(3).min(tokens.len() - SNIPPET_WORDS);
            (from, from + SNIPPET_WORDS)
        };
        let start = if from == 0 { 0 } else { tokens[from].0.start };
        let end = if to >= tokens.len() {
            text.len()
        } else {
            tokens[to - 1].0.end
        };
        let mut out = String::new();
        if start > 0 {
            out.push('…');
        }
        let shift = out.len();
        out.push_str(&text[start..end]);
        let marks = (from..to)
            .filter(|&i| marked[i])
            .map(|i| tokens[i].0.start - start + shift..tokens[i].0.end - start + shift)
            .collect();
        if end < text.len() {
            out.push('…');
        }
        Snippet { text: out, marks }
    }

    /// The passage with each match between `open` and `close`: `[budget] cut in Q1`.
    pub fn marked_with(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 4 * self.marks.len());
        let mut at = 0;
        for m in &self.marks {
            out.push_str(&self.text[at..m.start]);
            out.push_str(open);
            out.push_str(&self.text[m.clone()]);
            out.push_str(close);
            at = m.end;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_last_word_typed_is_a_prefix() {
        assert_eq!(as_typed("budget camp"), "budget camp*");
        assert_eq!(as_typed("invoice"), "invoice*");
        // Finished with a space, a star or a quote, or inside a quote: as written.
        assert_eq!(as_typed("budget "), "budget ");
        assert_eq!(as_typed("budg*"), "budg*");
        assert_eq!(as_typed("\"agency fee\""), "\"agency fee\"");
        assert_eq!(as_typed("\"agency fe"), "\"agency fe");
        assert!(SearchQuery::parse(&as_typed("müller")).is_ok());
    }

    use super::*;

    fn terms(raw: &str) -> Vec<Term> {
        SearchQuery::parse(raw).unwrap().terms
    }

    #[test]
    fn words_prefixes_and_phrases() {
        assert_eq!(
            terms("budget  cut* \"next quarter\""),
            vec![
                Term::Word("budget".into()),
                Term::Prefix("cut".into()),
                Term::Phrase("next quarter".into()),
            ]
        );
        assert_eq!(terms("Müller"), vec![Term::Word("Müller".into())]);
    }

    #[test]
    fn operators_and_punctuation_are_plain_text() {
        assert_eq!(
            terms("NOT budget OR - (x)"),
            vec![
                Term::Word("NOT".into()),
                Term::Word("budget".into()),
                Term::Word("OR".into()),
                Term::Word("(x)".into()),
            ]
        );
        assert_eq!(terms("\"\" a"), vec![Term::Word("a".into())]);
    }

    #[test]
    fn a_stray_quote_or_star_is_bad_input_in_one_line() {
        for raw in ["\"budget", "bud*get", "*", "a ***", "\"x\"*"] {
            let e = SearchQuery::parse(raw).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{raw}");
            let text = e.to_string();
            assert!(text.starts_with("query '"), "{text}");
            assert!(!text.contains('\n'));
        }
        let e = SearchQuery::parse("  - ").unwrap_err();
        assert!(e.to_string().contains("nothing to search for"), "{e}");
    }

    fn marked(text: &str, query: &str) -> String {
        Snippet::of(text, &SearchQuery::parse(query).unwrap()).marked_with("[", "]")
    }

    #[test]
    fn snippets_mark_words_prefixes_and_phrases_ignoring_case_and_accents() {
        assert_eq!(
            marked("Budget cut, budget talk", "budget"),
            "[Budget] cut, [budget] talk"
        );
        assert_eq!(
            marked("Budgetplanung 2027", "budg*"),
            "[Budgetplanung] 2027"
        );
        assert_eq!(
            marked("the budget, cut and a cut budget", "\"budget cut\""),
            "the [budget], [cut] and a cut budget"
        );
        assert_eq!(marked("Müller called", "muller"), "[Müller] called");
        assert_eq!(marked("e-mail sent", "e-mail"), "[e]-[mail] sent");
    }

    #[test]
    fn a_long_note_is_cut_around_its_first_match() {
        let text = (1..=40)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let s = Snippet::of(&text, &SearchQuery::parse("w20").unwrap());
        assert_eq!(
            s.marked_with("[", "]"),
            "…w17 w18 w19 [w20] w21 w22 w23 w24 w25 w26 w27 w28 w29 w30 w31 w32…"
        );
        let s = Snippet::of(&text, &SearchQuery::parse("w40").unwrap());
        assert!(
            s.text.ends_with("w40") && s.text.starts_with('…'),
            "{}",
            s.text
        );
        let s = Snippet::of(&text, &SearchQuery::parse("w1").unwrap());
        assert!(
            s.text.starts_with("w1 ") && s.text.ends_with('…'),
            "{}",
            s.text
        );
        assert_eq!(&s.text[s.marks[0].clone()], "w1");
    }
}
