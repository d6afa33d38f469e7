//! Data in and out: CSV import (all or nothing), JSON dump round trip, online backup, report.

mod common;
use common::Env;

const NOW: &str = "2026-11-23T09:00:00Z";

fn write(env: &Env, name: &str, text: &str) -> String {
    let p = env.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

fn accounts_csv(rows: usize, bad: &[usize]) -> String {
    let mut s = String::from("name,owner,backup,tier,value,since,renewal\n");
    for i in 0..rows {
        // Data row i sits on line i + 2 (the header is line 1).
        let line = i + 2;
        let row = if bad.first() == Some(&line) {
            format!("Kunde {i} GmbH,anna,,gold,1000,2025-01-01,\n")
        } else if bad.get(1) == Some(&line) {
            format!("Kunde {i} GmbH,anna,,standard,1000,2025-02-30,\n")
        } else if bad.get(2) == Some(&line) {
            format!("Kunde {i} GmbH,anna,,standard,viel,2025-01-01,\n")
        } else {
            format!(
                "Kunde {i} GmbH,anna,ben,premium,{},2025-01-01,2027-01-31\n",
                1000 + i
            )
        };
        s.push_str(&row);
    }
    s
}

#[test]
fn a_thousand_rows_with_three_bad_ones_are_refused_by_line_then_import_when_fixed() {
    let env = Env::new();
    env.ok(NOW, &["account", "add", "Existing AG"]);
    let before = env.fingerprint();
    let bad = write(&env, "bad.csv", &accounts_csv(1000, &[17, 503, 1001]));
    let out = env.run(NOW, &["import", &bad]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines[0], "tend: 3 bad rows, nothing imported:");
    assert_eq!(
        lines[1],
        "line 17: tier 'gold': one of premium, standard, new, difficult"
    );
    assert_eq!(
        lines[2],
        "line 503: since '2025-02-30': a day that exists: 2025-02 has 28 days"
    );
    assert_eq!(
        lines[3],
        "line 1001: value 'viel': an amount in EUR >= 0, e.g. 4500 or 4500.50"
    );
    assert_eq!(lines.len(), 4);
    assert_eq!(env.fingerprint(), before, "nothing written");

    let good = write(&env, "good.csv", &accounts_csv(1000, &[]));
    let started = std::time::Instant::now();
    assert_eq!(
        env.ok(NOW, &["import", &good]).trim(),
        "imported 1000 accounts"
    );
    eprintln!("import of 1000 rows took {:?}", started.elapsed());
    let list = env.json(NOW, &["account", "list", "--format", "json"]);
    assert_eq!(list.as_array().unwrap().len(), 1001);
    let k = env.json(
        NOW,
        &["account", "show", "Kunde 7 GmbH", "--format", "json"],
    );
    assert_eq!(k["tier"], "premium");
    assert_eq!(k["backup"], "ben");
    assert_eq!(k["renewal"], "2027-01-31");
    // Importing the same file again: every name is taken now.
    let again = env.run(NOW, &["import", &good]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("line 2: name 'Kunde 0 GmbH'"),
        "{}",
        again.stderr
    );
}

/// A file with a header and no rows imports nothing and writes nothing: not even the change
/// log's "read everything" mark a bulk write leaves for open cockpits (found by the importer's
/// property test, which generates an empty body now and then).
#[test]
fn a_file_of_no_rows_leaves_the_database_as_it_was() {
    let env = Env::new();
    env.ok(NOW, &["account", "add", "Existing AG"]);
    let before = env.fingerprint();
    for (name, text) in [
        ("accounts.csv", "name,owner,tier,value,since\n"),
        ("notes.csv", "account,at,kind,text,nps\n"),
    ] {
        let file = write(&env, name, text);
        let out = env.ok(NOW, &["import", &file]);
        assert!(out.starts_with("imported 0 "), "{out}");
        assert_eq!(env.fingerprint(), before, "{name}");
    }
}

#[test]
fn semicolons_bom_umlauts_quotes_and_newlines() {
    let env = Env::new();
    let text = "\u{feff}Name;Tier;Value;Owner\n\"Müller; Söhne GmbH\";premium;4500,50;jörg\n\"Bäckerei \"\"Zum Korn\"\"\";new;;\nÖzdemir Bau KG;standard;800;\n";
    let file = write(&env, "excel.csv", text);
    assert_eq!(
        env.ok(NOW, &["import", &file]).trim(),
        "imported 3 accounts"
    );
    let a = env.json(
        NOW,
        &["account", "show", "müller; söhne gmbh", "--format", "json"],
    );
    assert_eq!(a["name"], "Müller; Söhne GmbH");
    assert_eq!(a["owner"], "jörg");
    let b = env.json(
        NOW,
        &[
            "account",
            "show",
            "Bäckerei \"Zum Korn\"",
            "--format",
            "json",
        ],
    );
    assert_eq!(b["tier"], "new");
    assert_eq!(b["owner"], "anna", "default owner is the current user");

    let notes = "account,at,kind,text,nps\n\"Müller; Söhne GmbH\",2026-11-02,call,\"Anruf: Budget, Termine\nund zweite Zeile\",\nÖzdemir Bau KG,2026-11-03 14:30,micro-feedback,sehr zufrieden,9\n";
    let file = write(&env, "notes.csv", notes);
    assert_eq!(env.ok(NOW, &["import", &file]).trim(), "imported 2 notes");
    let n = env.json(NOW, &["notes", "Müller; Söhne GmbH", "--format", "json"]);
    assert_eq!(n[0]["text"], "Anruf: Budget, Termine\nund zweite Zeile");
    assert_eq!(n[0]["at"], "2026-11-02T12:00:00Z");
    let n = env.json(NOW, &["notes", "Özdemir Bau KG", "--format", "json"]);
    assert_eq!(n[0]["nps"], 9);
    assert_eq!(n[0]["kind"], "micro-feedback");

    // Names are unique ignoring case and accents, against the file and within it.
    let before = env.fingerprint();
    let file = write(
        &env,
        "again.csv",
        "name
Ozdemir Bau KG
Neu AG
neu ag
",
    );
    let out = env.run(NOW, &["import", &file]);
    assert_eq!(out.code, 2);
    let lines: Vec<&str> = out.stderr.lines().skip(1).collect();
    assert_eq!(
        lines,
        [
            "line 2: name 'Ozdemir Bau KG': a name no other account has (compared ignoring case and accents)",
            "line 4: name 'neu ag': a name no other account has (compared ignoring case and accents)"
        ],
        "{}",
        out.stderr
    );
    assert_eq!(env.fingerprint(), before);
}

#[test]
fn unknown_columns_and_bad_note_rows_are_refused() {
    let env = Env::new();
    env.ok(NOW, &["account", "add", "Alpha"]);
    let before = env.fingerprint();
    let f = write(&env, "x.csv", "name,colour\nBeta,blue\n");
    let out = env.run(NOW, &["import", &f]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("tend: column 'colour': one of name, owner"),
        "{}",
        out.stderr
    );
    let f = write(
        &env,
        "n.csv",
        "account,at,kind,text,nps\nAlpha,2026-11-01,call,ok,\nNobody,2026-11-01,call,x,\nAlpha,2026-11-01,chat,x,\nAlpha,2026-11-01,call,x,11\nAlpha,2026-11-01,call,,\nAlpha,2027-05-01,call,planned,\n",
    );
    let out = env.run(NOW, &["import", &f]);
    assert_eq!(out.code, 2);
    let lines: Vec<&str> = out.stderr.lines().skip(1).collect();
    assert_eq!(lines.len(), 5, "{}", out.stderr);
    assert!(lines[0].starts_with("line 3: account 'Nobody'"));
    assert!(lines[1].starts_with("line 4: kind 'chat'"));
    assert!(lines[2].starts_with("line 5: nps '11'"));
    assert!(lines[3].starts_with("line 6: text ''"));
    // The same rule as `tend log --at`: a note records what happened.
    assert!(lines[4].starts_with("line 7: at '2027-05-01': now or earlier"));
    assert_eq!(env.fingerprint(), before);
    // One bad row is one row.
    let f = write(
        &env,
        "one.csv",
        "account,at,kind,text,nps\nAlpha,2027-05-01,call,x,\n",
    );
    let out = env.run(NOW, &["import", &f]);
    assert!(
        out.stderr.starts_with("tend: 1 bad row, nothing imported:"),
        "{}",
        out.stderr
    );
}

#[test]
fn json_dump_round_trip_is_exact() {
    let env = Env::new();
    env.ok(NOW, &["demo", "--accounts", "12", "--seed", "3"]);
    let dump = env.dir.path().join("dump.json");
    env.ok(
        NOW,
        &[
            "export",
            "--format",
            "json",
            "--out",
            dump.to_str().unwrap(),
        ],
    );
    let copy = Env::new();
    assert!(
        copy.ok(NOW, &["import", dump.to_str().unwrap()])
            .starts_with("restored")
    );
    let list = env.json(NOW, &["account", "list", "--all", "--format", "json"]);
    assert_eq!(
        list,
        copy.json(NOW, &["account", "list", "--all", "--format", "json"])
    );
    for cmd in [
        &["escalations", "--all", "--format", "json"][..],
        &["visits", "--format", "json"],
        &["kpi", "--format", "json"],
    ] {
        assert_eq!(env.json(NOW, cmd), copy.json(NOW, cmd), "{cmd:?}");
    }
    for a in list.as_array().unwrap() {
        let name = a["name"].as_str().unwrap();
        for cmd in ["notes", "checklist"] {
            assert_eq!(
                env.json(NOW, &[cmd, name, "--format", "json"]),
                copy.json(NOW, &[cmd, name, "--format", "json"])
            );
        }
    }
    // Every row of every table but the change log (migration 009), which numbers this file's own
    // writes: the restore wrote row by row where the demo wrote in bulk.
    let data = |fp: String| -> String {
        let from = fp.find("[account_change]\n").unwrap();
        let to = from + fp[from..].find("\n[account_event]").unwrap();
        format!("{}{}", &fp[..from], &fp[to..])
    };
    assert_eq!(
        data(env.fingerprint()),
        data(copy.fingerprint()),
        "every row of every table"
    );
    // A dump restores only into an empty database.
    let out = copy.run(NOW, &["import", dump.to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("an empty database"), "{}", out.stderr);
}

#[test]
fn csv_export_guards_against_formulas() {
    let env = Env::new();
    env.ok(NOW, &["account", "add", "=HYPERLINK(\"http://x\")"]);
    let csv = env.ok(NOW, &["export", "--format", "csv"]);
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
    // --out writes the file; a second run replaces it and says so.
    let path = env.dir.path().join("accounts.csv");
    let out_path = path.to_str().unwrap();
    let first = env.ok(NOW, &["export", "--format", "csv", "--out", out_path]);
    assert_eq!(first, format!("wrote {out_path}\n"));
    let again = env.ok(NOW, &["export", "--format", "csv", "--out", out_path]);
    assert_eq!(
        again,
        format!("wrote {out_path} (replaced the file that was there)\n")
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), csv);
}

#[test]
fn backup_while_another_process_writes() {
    let env = Env::new();
    env.ok(NOW, &["demo", "--accounts", "30"]);
    let writer = {
        let db = env.db.clone();
        std::thread::spawn(move || {
            for i in 0..40 {
                let out = std::process::Command::new(env!("CARGO_BIN_EXE_tend"))
                    .args([
                        "--db",
                        db.to_str().unwrap(),
                        "account",
                        "add",
                        &format!("Neu {i}"),
                    ])
                    .env("TEND_NOW", NOW)
                    .env("TEND_USER", "ben")
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        })
    };
    let copy = env.dir.path().join("copy.db");
    let out = env.ok(NOW, &["backup", copy.to_str().unwrap()]);
    writer.join().unwrap();
    assert!(out.contains("integrity check ok"));
    let list = std::process::Command::new(env!("CARGO_BIN_EXE_tend"))
        .args([
            "--db",
            copy.to_str().unwrap(),
            "account",
            "list",
            "--format",
            "json",
            "--all",
        ])
        .env("TEND_NOW", NOW)
        .output()
        .unwrap();
    assert!(list.status.success());
    let n = serde_json::from_slice::<serde_json::Value>(&list.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .len();
    assert!((30..=70).contains(&n), "a consistent snapshot: {n}");
    // An existing target is never overwritten.
    let again = env.run(NOW, &["backup", copy.to_str().unwrap()]);
    assert_eq!(again.code, 2);
}

#[test]
fn completions_for_three_shells() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish"] {
        let out = env.ok(NOW, &["completions", shell]);
        assert!(
            out.contains("escalations") && out.contains("checklist"),
            "{shell}"
        );
    }
}

/// October 2026 laid down through the CLI; every figure of the report computed by hand.
#[test]
fn monthly_report_figures() {
    let env = Env::new();
    let at = |s: &str| format!("2026-{s}Z");
    env.ok(
        &at("09-01T09:00:00"),
        &[
            "account",
            "add",
            "Alpha",
            "--since",
            "2025-01-01",
            "--value",
            "1000",
        ],
    );
    env.ok(
        &at("09-01T09:00:00"),
        &[
            "account",
            "add",
            "Beta",
            "--since",
            "2025-06-01",
            "--value",
            "3000",
            "--owner",
            "ben",
        ],
    );
    env.ok(
        &at("09-01T09:00:00"),
        &[
            "account",
            "add",
            "Delta",
            "--since",
            "2024-01-01",
            "--value",
            "4000",
        ],
    );
    env.ok(
        &at("09-01T09:00:00"),
        &[
            "account",
            "add",
            "Echo",
            "--since",
            "2026-05-01",
            "--value",
            "500",
        ],
    );
    env.ok(
        &at("09-01T09:00:00"),
        &[
            "account",
            "churn",
            "Echo",
            "--reason",
            "moved in-house",
            "--on",
            "2026-06-15",
        ],
    );
    env.ok(
        &at("10-10T09:00:00"),
        &[
            "account",
            "add",
            "Gamma",
            "--since",
            "2026-10-10",
            "--value",
            "2000",
        ],
    );
    env.ok(
        &at("10-20T17:00:00"),
        &[
            "account",
            "churn",
            "Delta",
            "--reason",
            "budget cut",
            "--on",
            "2026-10-20",
        ],
    );
    env.review(&at("10-01T09:00:00"), "Alpha", [50, 50, 50, 50]);
    env.review(&at("10-01T09:00:00"), "Beta", [90, 90, 90, 90]);
    // Escalations: one within its SLA, one 24 h late, one still open and overdue at the month's end.
    let e1 = env.ok(
        &at("10-05T09:00:00"),
        &[
            "escalate",
            "Alpha",
            "--level",
            "yellow",
            "--reason",
            "slow replies",
        ],
    );
    env.ok(
        &at("10-05T15:00:00"),
        &["escalation", "resolve", e1.trim(), "--note", "called back"],
    );
    let e2 = env.ok(
        &at("10-10T09:00:00"),
        &[
            "escalate",
            "Beta",
            "--level",
            "orange",
            "--reason",
            "complaint about results",
        ],
    );
    env.ok(
        &at("10-13T09:00:00"),
        &[
            "escalation",
            "resolve",
            e2.trim(),
            "--note",
            "crisis meeting, plan agreed",
        ],
    );
    env.ok(
        &at("10-30T09:00:00"),
        &[
            "escalate",
            "Beta",
            "--level",
            "red",
            "--reason",
            "threat to cancel",
        ],
    );
    // Weekly routine: anna 5 + 3 (Alpha) + 2 (Gamma) of 40; ben 4 (Beta) of 20.
    for (account, week, keys) in [
        (
            "Alpha",
            "2026-W41",
            &["update", "kpis", "questions", "meeting", "signals"][..],
        ),
        ("Alpha", "2026-W42", &["update", "kpis", "questions"]),
        ("Gamma", "2026-W43", &["update", "kpis"]),
        (
            "Beta",
            "2026-W44",
            &["update", "kpis", "questions", "meeting"],
        ),
    ] {
        for key in keys {
            env.ok(
                &at("10-30T10:00:00"),
                &["check", account, key, "--week", week],
            );
        }
    }
    env.ok(
        &at("10-15T16:00:00"),
        &[
            "visit",
            "done",
            "Alpha",
            "--on",
            "2026-10-15",
            "--note",
            "Workshop",
        ],
    );
    env.ok(
        &at("10-07T10:00:00"),
        &["log", "Alpha", "Report late again", "--kind", "complaint"],
    );
    env.ok(
        &at("10-20T10:00:00"),
        &[
            "log",
            "Beta",
            "great quarter",
            "--kind",
            "micro-feedback",
            "--nps",
            "9",
        ],
    );
    env.ok(
        &at("10-25T10:00:00"),
        &["log", "Gamma", "loves the onboarding", "--kind", "praise"],
    );
    env.ok(&at("10-26T10:00:00"), &["log", "Gamma", "routine call"]);

    let r = env.ok("2026-11-23T09:00:00Z", &["report", "--month", "2026-10"]);
    let has = |s: &str| assert!(r.contains(s), "missing {s:?} in:\n{r}");
    has("# Portfolio review — 2026-10 (October 2026)\n");
    has("| active accounts | 3 |");
    has("| clients at start / end of month | 3 / 3 |");
    has("| new clients in the month | 1 |");
    has("| churned in the month | 1 |");
    // (3 − 1) / 3 and 1 / 3.
    has("| retention rate | 66.7 % |");
    has("| churn rate | 33.3 % |");
    has("| NPS (promoters / passives / detractors) | +100 (1 / 0 / 0) |");
    // Monthly churn over 12 months: 33.3 % (Oct), 25 % (Jun: 1 of 4), ten months 0 → 4.86 % → 20.6 months.
    has("| expected lifetime | 21 months |");
    // Active at the end: 1000, 3000, 2000 → 2000 EUR × 20.571 = 41142 EUR.
    has("| CLV estimate | 41142 EUR |");
    has("| at-risk accounts | 2 |");
    has("| revenue at risk | 4000 EUR / month |");
    has("### Alpha — ");
    has("### Beta — ");
    has("Opened 3 · resolved 2 · still open 1 · overdue 1");
    has("Resolved within their SLA: 1 of 2.");
    has("| 6h | within |");
    has("| 3d | late by 1d |");
    has("Weeks 2026-W41, 2026-W42, 2026-W43, 2026-W44");
    has("| anna | 10 | 40 | 25 % |");
    has("| ben | 4 | 20 | 20 % |");
    has("Done in the month: 1");
    has("- 2026-10-15 Alpha: Workshop");
    has("**Alpha** complaint: Report late again");
    has("**Beta** micro-feedback NPS 9: great quarter");
    has("**Gamma** praise: loves the onboarding");
    assert!(
        !r.contains("routine call"),
        "plain calls are not notable feedback"
    );
    // Bad month.
    let out = env.run(NOW, &["report", "--month", "2026-13"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr.trim(),
        "tend: month '2026-13': a month YYYY-MM, e.g. 2026-11"
    );
}
