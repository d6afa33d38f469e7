//! What the command line prints (issue 16): full columns for a pipe, the terminal's (or
//! `COLUMNS`') width otherwise; the escalation owner as a person beside the role; one date and
//! duration style; shell completions that know account names.

mod common;
use common::Env;

use unicode_width::UnicodeWidthStr;

const NOW: &str = "2026-11-23T09:00:00Z";
const OWNER: &str = "anna.bergermann-schulze";
const NAME: &str = "Rombach Optik und Augenoptik Meisterbetrieb GmbH";
const REASON: &str = "Threatened to cancel the contract unless the monthly report arrives on time";

fn setup() -> Env {
    let env = Env::new();
    env.ok(NOW, &["account", "add", NAME, "--owner", OWNER]);
    env.ok(
        "2026-11-21T14:00:00Z",
        &["escalate", NAME, "--level", "orange", "--reason", REASON],
    );
    env.ok(NOW, &["log", NAME, "--at", "2026-11-22", &REASON.repeat(2)]);
    env
}

#[test]
fn piped_output_keeps_every_cell_whole() {
    let env = setup();
    let queue = env.ok(NOW, &["escalations"]);
    assert!(
        queue.contains(OWNER) && queue.contains(NAME) && queue.contains(REASON),
        "{queue}"
    );
    let notes = env.ok(NOW, &["notes", NAME]);
    assert!(notes.contains(&REASON.repeat(2)), "{notes}");
    let list = env.ok(NOW, &["account", "list"]);
    assert!(list.contains(NAME) && list.contains(OWNER), "{list}");
}

#[test]
fn columns_fits_the_asked_width() {
    let env = setup();
    for args in [
        &["escalations"][..],
        &["notes", NAME][..],
        &["account", "list"][..],
        &["search", "report"][..],
        &["visits"][..],
        &["kpi"][..],
    ] {
        let out = env.cmd(NOW, args).env("COLUMNS", "60").output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        for line in text.lines() {
            assert!(
                line.width() <= 60,
                "{args:?}: {} cells:\n{text}",
                line.width()
            );
        }
        if !matches!(args[0], "visits" | "kpi") {
            assert!(text.contains('…'), "{args:?} must have been cut:\n{text}");
        }
    }
}

#[test]
fn the_escalation_queue_names_the_owner_and_the_role() {
    let env = setup();
    let queue = env.ok(NOW, &["escalations"]);
    let mut lines = queue.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        ["ID", "LEVEL", "DUE", "ACCOUNT", "OWNER", "ROLE", "REASON"]
    );
    let row = lines.next().unwrap();
    // Opened 2026-11-21 14:00 with 48 h: due 2026-11-23 14:00, in 5 h.
    assert!(row.contains("in 5h"), "{row}");
    assert!(
        row.contains(&format!("{OWNER}  team lead  {REASON}")),
        "{row}"
    );
    let json = env.json(NOW, &["escalations", "--format", "json"]);
    assert_eq!(json[0]["owner"], OWNER);
    assert_eq!(json[0]["owner_role"], "team lead");
    let later = env.ok("2026-11-25T09:00:00Z", &["escalations"]);
    assert!(later.contains("1d 19h overdue"), "{later}");
}

#[test]
fn note_dates_are_iso_and_local() {
    let env = setup();
    // A call at 00:30 Berlin time belongs to the 23rd there, though UTC says the 22nd.
    env.ok(
        NOW,
        &[
            "log",
            NAME,
            "--at",
            "2026-11-23T00:30:00+01:00",
            "late call",
        ],
    );
    let out = env
        .cmd(NOW, &["notes", NAME])
        .env("TZ", "Europe/Berlin")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().nth(1).unwrap().contains(" 2026-11-23  call"),
        "{text}"
    );
    assert!(
        text.lines().nth(2).unwrap().contains(" 2026-11-22  call"),
        "{text}"
    );
}

#[test]
fn completion_lists_account_names_at_a_name() {
    let env = setup();
    env.ok(NOW, &["account", "add", "Müller GmbH"]);
    let hidden = |words: &[&str], cword: &str| {
        let mut args = vec!["__complete-accounts", "--cword", cword, "--"];
        args.extend_from_slice(words);
        env.run(NOW, &args)
    };
    let out = hidden(&["tend", "brief", "mu"], "2");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "Müller GmbH\n");
    let out = hidden(&["tend", "brief", ""], "2");
    assert_eq!(out.stdout, format!("Müller GmbH\n{NAME}\n"));
    // Not a NAME: exit 1, nothing printed, so the script falls back to clap's completion.
    let out = hidden(&["tend", "bri"], "1");
    assert_eq!((out.code, out.stdout.as_str()), (1, ""));
    // A database that does not exist completes nothing and is not created.
    let missing = env.dir.path().join("none.db");
    let out = hidden(
        &["tend", "--db", missing.to_str().unwrap(), "brief", ""],
        "4",
    );
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
    assert!(!missing.exists());
}

/// The generated bash script, sourced in a real bash, completes names (quoted) and still
/// completes commands.
#[test]
fn bash_completes_names_from_the_database() {
    let env = setup();
    env.ok(NOW, &["account", "add", "Müller GmbH"]);
    let bin = env.dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_tend"), bin.join("tend")).unwrap();
    let script = env.dir.path().join("tend.bash");
    std::fs::write(&script, env.ok(NOW, &["completions", "bash"])).unwrap();
    let complete = |line: &str| -> String {
        let program = format!(
            "source '{}'; COMP_WORDS=({line}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; \
             _tend_accounts tend \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
             [[ ${{#COMPREPLY[@]}} -gt 0 ]] && printf '%s\\n' \"${{COMPREPLY[@]}}\"; true",
            script.display()
        );
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let out = std::process::Command::new("bash")
            .args(["--norc", "-c", &program])
            .env("PATH", path)
            .env("TEND_DB", &env.db)
            .env("TEND_NOW", NOW)
            .env("HOME", env.dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(complete("tend brief Mü"), "Müller\\ GmbH\n");
    assert_eq!(complete("tend --db '' log mul"), "");
    assert_eq!(
        complete("tend account show rom"),
        format!("{}\n", NAME.replace(' ', "\\ "))
    );
    assert!(complete("tend bri").lines().any(|l| l == "brief"));
    assert!(
        complete("tend search budget --acc")
            .lines()
            .any(|l| l == "--account")
    );
    assert_eq!(
        complete("tend search budget --account Mü"),
        "Müller\\ GmbH\n"
    );
}
