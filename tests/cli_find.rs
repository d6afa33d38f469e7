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

/// Notes to search: ids 1.. in this order.
fn notebook() -> Env {
    let env = portfolio();
    let log = |name: &str, at: &str, text: &str| {
        env.ok(NOW, &["log", name, text, "--at", at]);
    };
    log(
        "Frey Reisen GmbH",
        "2026-11-02",
        "Budget cut for next quarter announced",
    ); // 1
    log(
        "Frey Bau AG",
        "2026-11-03",
        "Asked about the budget, nothing cut yet",
    ); // 2
    log("Müller GmbH", "2026-11-04", "Budgetplanung 2027 besprochen"); // 3
    log("Müller GmbH", "2026-11-05", "Invoice sorted out"); // 4
    log(
        "Zeta KG",
        "2026-11-06",
        "Budget cut for next quarter announced",
    ); // 5
    env
}

fn ids(env: &Env, args: &[&str]) -> Vec<i64> {
    let mut full = vec!["search"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--format", "json"]);
    env.json(NOW, &full)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["note_id"].as_i64().unwrap())
        .collect()
}

#[test]
fn search_finds_words_prefixes_and_phrases_best_then_newest() {
    let env = notebook();
    // All words must occur; equal matches newest first.
    assert_eq!(ids(&env, &["budget", "cut"]), vec![5, 1, 2]);
    // A phrase: these words next to each other.
    assert_eq!(ids(&env, &["\"budget cut\""]), vec![5, 1]);
    // A prefix reaches the German compound word too; case does not matter.
    let found = ids(&env, &["BUDG*"]);
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(found.contains(&3));
    // A note where the word weighs more ranks first: "invoice" is 1 of 3 words there.
    env.ok(
        NOW,
        &[
            "log",
            "Zeta KG",
            "Invoice, invoice and the invoice again: the invoice",
            "--at",
            "2026-10-01",
        ],
    );
    assert_eq!(ids(&env, &["invoice"]), vec![6, 4]);
    // One account (by a loose name, as everywhere).
    assert_eq!(ids(&env, &["budget", "--account", "frey r"]), vec![1]);
    // Nothing: an empty list, exit 0.
    assert_eq!(ids(&env, &["nonexistent"]), Vec::<i64>::new());
    assert_eq!(env.ok(NOW, &["search", "nonexistent"]), "no note matches\n");
    // --limit keeps the best.
    assert_eq!(ids(&env, &["budget", "--limit", "1"]), vec![5]);
}

#[test]
fn search_rows_carry_the_note_and_the_marked_passage() {
    let env = notebook();
    let rows = env.json(NOW, &["search", "invoice", "--format", "json"]);
    let row = &rows[0];
    let mut keys: Vec<&str> = row
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        ["account", "at", "kind", "note_id", "snippet", "text"]
    );
    assert_eq!(row["account"], "Müller GmbH");
    assert_eq!(row["at"], "2026-11-05T12:00:00Z");
    assert_eq!(row["kind"], "call");
    assert_eq!(row["snippet"], "[Invoice] sorted out");
    assert_eq!(row["text"], "Invoice sorted out");
    let table = env.ok(NOW, &["search", "invoice"]);
    assert_eq!(
        table,
        "NOTE  DATE        ACCOUNT      KIND  SNIPPET\n   4  2026-11-05  Müller GmbH  call  [Invoice] sorted out\n"
    );
    let csv = env.ok(NOW, &["search", "invoice", "--format", "csv"]);
    assert!(
        csv.starts_with("note_id,account,at,kind,snippet,text\n4,Müller GmbH,"),
        "{csv}"
    );
}

#[test]
fn a_bad_query_is_one_line_exit_2() {
    let env = notebook();
    let before = env.fingerprint();
    for (query, why) in [
        ("\"budget cut", "a quote is not closed"),
        ("bud*get", "a * ends a word: prefix*"),
        ("*", "a * ends a word: prefix*"),
        ("& .", "nothing to search for"),
    ] {
        let out = env.run(NOW, &["search", query]);
        assert_eq!(out.code, 2, "{query}: {}", out.stderr);
        assert_eq!(
            out.stderr,
            format!("tend: query '{query}': words, prefix* or \"a phrase\" ({why})\n")
        );
    }
    // What would be FTS5 syntax is only text to look for.
    for query in [
        "NOT budget",
        "text:budget",
        "budget OR",
        "NEAR(a b)",
        "budget'",
        "^budget",
    ] {
        let out = env.run(NOW, &["search", query]);
        assert_eq!(out.code, 0, "{query}: {}", out.stderr);
    }
    let out = env.run(NOW, &["search", "budget", "--account", "frey"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("did you mean"), "{}", out.stderr);
    assert_eq!(env.fingerprint(), before);
}

#[test]
fn the_index_follows_every_write() {
    let env = notebook();
    // Edit: the old words go, the new ones come.
    env.ok(NOW, &["note", "edit", "4", "--text", "Credit note issued"]);
    assert_eq!(ids(&env, &["invoice"]), Vec::<i64>::new());
    assert_eq!(ids(&env, &["credit"]), vec![4]);
    // The text as a plain argument too (found in a trial: `note edit 4 "…"` was refused).
    env.ok(NOW, &["note", "edit", "4", "Credit note issued twice"]);
    assert_eq!(ids(&env, &["twice"]), vec![4]);
    // A colleague's edit shows who changed the text (it showed the original author only).
    let out = env
        .cmd(
            NOW,
            &["note", "edit", "4", "Credit note issued three times"],
        )
        .env("TEND_USER", "jonas")
        .output()
        .unwrap();
    assert!(out.status.success());
    let notes = env.json(NOW, &["notes", "Müller GmbH", "--format", "json"]);
    let four = notes
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == 4)
        .unwrap();
    assert_eq!(
        (four["author"].as_str(), four["edited_by"].as_str()),
        (Some("anna"), Some("jonas"))
    );
    let table = env.ok(NOW, &["notes", "Müller GmbH"]);
    assert!(table.contains("anna (edited: jonas)"), "{table}");
    // A note that never was is not "deleted since" anything.
    for args in [
        &["note", "edit", "999", "x"][..],
        &["note", "delete", "999", "--yes"],
    ] {
        let out = env.run(NOW, args);
        assert_eq!(out.code, 2);
        assert!(
            out.stderr
                .starts_with("tend: note '999': the id of an existing note"),
            "{}",
            out.stderr
        );
    }
    // Delete.
    env.ok(NOW, &["note", "delete", "1", "--yes"]);
    assert_eq!(ids(&env, &["\"budget cut\""]), vec![5]);
    // Import (bulk insert).
    let csv = env.dir.path().join("notes.csv");
    std::fs::write(
        &csv,
        "account,at,kind,text,nps\nZeta KG,2026-10-10,email,Sent the renewal offer,\nFrey Bau AG,2026-10-11,call,Renewal discussed,\n",
    )
    .unwrap();
    env.ok(NOW, &["import", csv.to_str().unwrap()]);
    assert_eq!(ids(&env, &["renewal"]).len(), 2);
    // Deleting an account removes its notes (a cascade) and their index entries.
    env.ok(NOW, &["account", "delete", "Zeta KG", "--yes"]);
    assert_eq!(ids(&env, &["renewal"]).len(), 1);
    assert_eq!(ids(&env, &["budget"]), vec![2]);
    // The index agrees with the notes (FTS5's own check against the content table).
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute(
        "INSERT INTO note_fts (note_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .unwrap();
    // The bulk writer's deferral of the insert trigger ended with its transaction.
    let deferred: i64 = conn
        .query_row(
            "SELECT count(*) FROM meta WHERE key = 'note_fts_deferred'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(deferred, 0);
    // A quick note after the import is indexed by the trigger again.
    env.ok(NOW, &["log", "Frey Bau AG", "renewal signed"]);
    assert_eq!(ids(&env, &["renewal"]).len(), 2);
}

/// Demo data is written by the bulk writer: indexed in one statement, and consistent.
#[test]
fn demo_data_is_searchable() {
    let env = Env::new();
    env.ok(NOW, &["demo", "--accounts", "5"]);
    let rows = env.json(NOW, &["search", "call", "--format", "json"]);
    assert!(!rows.as_array().unwrap().is_empty());
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute(
        "INSERT INTO note_fts (note_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .unwrap();
}

/// A database of schema v4 (before the index) with notes: read-only it is searched as it is
/// (an index for the connection only, nothing written); opened for writing, migration 006 builds
/// the index from its notes.
#[test]
fn migration_006_indexes_the_notes_of_an_older_database() {
    use tend::config::Config;
    use tend::store::{Access, Store};
    let env = Env::new();
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        for sql in [
            include_str!("../src/store/migrations/001_init.sql"),
            include_str!("../src/store/migrations/002_covering_indexes.sql"),
            include_str!("../src/store/migrations/003_escalation_reopen.sql"),
            include_str!("../src/store/migrations/004_method_complete.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 4).unwrap();
        conn.pragma_update(None, "application_id", tend::store::APPLICATION_ID)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO account (id, name, name_key, owner, tier, client_since, created_at, created_by) \
             VALUES (1, 'Old KG', 'old kg', 'anna', 'standard', '2020-01-01', 1700000000, 'anna'); \
             INSERT INTO note (account_id, at, author, kind, text, created_at) VALUES \
             (1, 1700000000, 'anna', 'call', 'Budget cut for next year', 1700000000), \
             (1, 1700001000, 'anna', 'email', 'Sent the budget draft', 1700001000);",
        )
        .unwrap();
    }
    std::fs::set_permissions(&env.db, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let before = env.fingerprint();
    let store = Store::open(&env.db, &Config::default().store, Access::Read).unwrap();
    let hits = store.search("budget", None, 10).unwrap().hits;
    assert_eq!(
        hits.iter().map(|h| h.note.id).collect::<Vec<_>>(),
        vec![2, 1]
    );
    drop(store);
    assert_eq!(env.fingerprint(), before, "a read never writes");
    assert_eq!(ids(&env, &["\"budget cut\""]), vec![1]);
    assert_eq!(env.fingerprint(), before, "tend search reads only");
    let store = Store::open(&env.db, &Config::default().store, Access::Write).unwrap();
    assert_eq!(store.schema_version().unwrap(), tend::store::SCHEMA_VERSION);
    assert_eq!(store.search("budget", None, 10).unwrap().hits.len(), 2);
    assert_eq!(
        store.search("draft", None, 10).unwrap().hits[0].account,
        "Old KG"
    );
    drop(store);
    env.ok(NOW, &["log", "Old KG", "budget approved"]);
    assert_eq!(ids(&env, &["budget"]), vec![3, 2, 1]);
}

/// A word in more notes than the ranking window: the newest window is ranked, and the CLI says so.
#[test]
fn a_very_common_word_is_ranked_among_the_newest_matches() {
    use tend::store::search::RANK_WINDOW;
    let env = portfolio();
    let csv = env.dir.path().join("many.csv");
    let mut text = String::from("account,at,kind,text,nps\n");
    // Older notes first (lower ids): the first one is the best match of all (shortest).
    text.push_str("Zeta KG,2026-01-01,call,alpha,\n");
    for i in 0..RANK_WINDOW + 10 {
        text.push_str(&format!("Zeta KG,2026-02-01,call,alpha beta gamma {i},\n"));
    }
    std::fs::write(&csv, text).unwrap();
    env.ok(NOW, &["import", csv.to_str().unwrap()]);
    let out = env.run(
        NOW,
        &["search", "alpha", "--limit", "3", "--format", "json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("more than 2000 notes match"),
        "{}",
        out.stderr
    );
    let rows: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 3);
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .all(|r| r["text"] != "alpha")
    );
    // One account holding them all is still past the window; a phrase found once is not.
    let out = env.run(
        NOW,
        &["search", "alpha", "--account", "zeta", "--limit", "1"],
    );
    assert!(out.stderr.contains("more than"), "{}", out.stderr);
    let out = env.run(NOW, &["search", "\"gamma 7\""]);
    assert_eq!(out.code, 0);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

/// The row that defers the index during a bulk write cannot be smuggled in by a dump.
#[test]
fn a_dump_cannot_switch_the_index_off() {
    let env = portfolio();
    let mut dump = env.json(NOW, &["export", "--format", "json"]);
    dump["tables"]["meta"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"key": "note_fts_deferred", "value": "1"}));
    let file = env.dir.path().join("dump.json");
    std::fs::write(&file, dump.to_string()).unwrap();
    let other = Env::new();
    let out = other.run(NOW, &["import", file.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("note_fts_deferred"), "{}", out.stderr);
}
