//! Finding things from the command line: account names typed loosely (§9 / issue 16), and the
//! full-text search over every note.

mod common;
use common::Env;

const NOW: &str = "2026-11-23T09:00:00Z";

fn portfolio() -> Env {
    let env = Env::new();
    for name in ["Frey Reisen GmbH", "Frey Bau AG", "Müller GmbH", "Zeta KG"] {
        env.ok(NOW, &["account", "add", name]);
    }
    env
}

#[test]
fn a_loose_name_finds_the_one_account_it_means() {
    let env = portfolio();
    // Case and accents ignored, unique: it is that account, for reads and writes alike.
    let out = env.ok(NOW, &["log", "muller gmbh", "called", "about", "Q1"]);
    assert!(out.contains("for 'Müller GmbH'"), "{out}");
    // A unique prefix, accent-insensitive.
    let notes = env.json(NOW, &["notes", "MUL", "--format", "json"]);
    assert_eq!(notes.as_array().unwrap().len(), 1);
    let out = env.ok(NOW, &["log", "frey r", "booked"]);
    assert!(out.contains("for 'Frey Reisen GmbH'"), "{out}");
    let brief = env.ok(NOW, &["brief", "zeta"]);
    assert!(brief.starts_with("Zeta KG"), "{brief}");
}

#[test]
fn an_ambiguous_name_offers_candidates_and_writes_nothing() {
    let env = portfolio();
    let before = env.fingerprint();
    for args in [
        &["log", "frey", "a note that must not be written"][..],
        &["escalate", "frey", "--level", "red", "--reason", "x"][..],
        &["account", "delete", "frey", "--yes"][..],
        &["brief", "frey"][..],
    ] {
        let out = env.run(NOW, args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert_eq!(
            out.stderr, "tend: account 'frey': did you mean 'Frey Bau AG', 'Frey Reisen GmbH'?\n",
            "{args:?}"
        );
        assert!(out.stdout.is_empty());
    }
    // Not a prefix but close: offered, never taken.
    let out = env.run(NOW, &["log", "reisen", "text"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "tend: account 'reisen': did you mean 'Frey Reisen GmbH'?\n"
    );
    // Nothing close: where to look.
    let out = env.run(NOW, &["log", "Nobody", "text"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr.lines().count(), 1);
    assert!(out.stderr.contains("tend account list"), "{}", out.stderr);
    assert_eq!(env.fingerprint(), before);
}

#[test]
fn an_exact_name_wins_over_a_longer_one() {
    let env = portfolio();
    env.ok(NOW, &["account", "add", "Frey"]);
    let out = env.ok(NOW, &["log", "frey", "exact"]);
    assert!(out.contains("for 'Frey'"), "{out}");
}
