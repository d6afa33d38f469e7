//! `tend doctor` as a process on real files: every way an installation can be wrong gives a
//! `fail` line and exit 1 (never a panic), a healthy one exits 0, and the doctor never writes.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use common::Env;
use serde_json::Value;

const NOW: &str = "2026-11-23T09:00:00Z";

struct Report {
    code: i32,
    checks: Vec<Value>,
    stderr: String,
}

impl Report {
    fn get(&self, name: &str) -> &Value {
        self.checks
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no check '{name}' in {:#?}", self.checks))
    }

    fn status(&self, name: &str) -> &str {
        self.get(name)["status"].as_str().unwrap()
    }

    fn detail(&self, name: &str) -> &str {
        self.get(name)["detail"].as_str().unwrap()
    }

    fn failed(&self) -> Vec<&str> {
        self.checks
            .iter()
            .filter(|c| c["status"] == "fail")
            .map(|c| c["name"].as_str().unwrap())
            .collect()
    }
}

fn doctor(env: &Env, config: Option<&Path>) -> Report {
    let mut cmd = env.cmd(NOW, &["doctor", "--format", "json"]);
    if let Some(c) = config {
        cmd.env("TEND_CONFIG", c);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let checks: Vec<Value> = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout} / {}", String::from_utf8_lossy(&out.stderr)));
    for c in &checks {
        let status = c["status"].as_str().unwrap();
        assert!(["ok", "warn", "fail"].contains(&status), "{c}");
        if status != "ok" {
            assert!(!c["hint"].as_str().unwrap().is_empty(), "no hint: {c}");
        }
    }
    Report {
        code: out.status.code().unwrap_or(-1),
        checks,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn with_account() -> Env {
    let env = Env::new();
    env.ok(NOW, &["account", "add", "Alpha GmbH"]);
    env
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn write_config(env: &Env, text: &str) -> PathBuf {
    let path = env.dir.path().join("doctor.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn set_mtime(path: &Path, ago: Duration) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now() - ago)
        .unwrap();
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A snapshot of every file in the directory: names, bytes and modification times.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>, SystemTime)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            let p = e.path();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
                std::fs::metadata(&p).unwrap().modified().unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_healthy_database_exits_0() {
    let env = with_account();
    let r = doctor(&env, None);
    assert_eq!(r.code, 0, "{:#?}\n{}", r.checks, r.stderr);
    assert!(r.failed().is_empty());
    for name in [
        "database",
        "quick_check",
        "schema",
        "mode",
        "mode -wal",
        "mode -shm",
    ] {
        assert_eq!(r.status(name), "ok", "{name}: {:#?}", r.checks);
    }
    assert!(r.detail("database").contains("a tend database"));
    assert!(
        r.detail("mode")
            .starts_with(&format!("0600, owner {}, group ", owner_name()))
    );
    assert_eq!(r.detail("quick_check"), "ok");
    assert!(r.detail("schema").starts_with('v'));
    assert_eq!(r.status("config"), "ok");
    assert!(
        r.detail("user").starts_with("anna (from TEND_USER)"),
        "{}",
        r.detail("user")
    );
    assert!(
        r.detail("time zone").starts_with("UTC (from TZ)"),
        "{}",
        r.detail("time zone")
    );
    assert_eq!(r.status("backup"), "ok");

    // The table: one line per check and a count; CSV: a header and one row per check.
    let table = env.ok(NOW, &["doctor"]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("STATUS  CHECK"), "{table}");
    assert_eq!(lines.len(), r.checks.len() + 2, "{table}");
    assert!(lines[1].starts_with("ok      database"), "{table}");
    assert!(lines.last().unwrap().ends_with(" 0 fail"), "{table}");
    let csv = env.ok(NOW, &["doctor", "--format", "csv"]);
    assert!(csv.starts_with("name,status,detail,hint\n"), "{csv}");
    assert_eq!(csv.lines().count(), r.checks.len() + 1);
}

fn owner_name() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn doctor_never_writes() {
    let env = with_account();
    let before = snapshot(env.dir.path());
    std::thread::sleep(Duration::from_millis(20));
    for format in ["table", "json", "csv"] {
        let out = env.run(NOW, &["doctor", "--format", format]);
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
    assert_eq!(
        snapshot(env.dir.path()),
        before,
        "the doctor changed a file"
    );
    let [wal, shm] = tend::store::wal_paths(&env.db);
    assert!(
        !wal.exists() && !shm.exists(),
        "the doctor created -wal/-shm"
    );

    // While another process has the database open (its -wal and -shm exist), the same holds.
    let store = tend::store::Store::open(
        &env.db,
        &tend::config::Config::default().store,
        tend::store::Access::Write,
    )
    .unwrap();
    assert!(wal.exists());
    let before = snapshot(env.dir.path());
    let r = doctor(&env, None);
    assert_eq!(r.code, 0, "{:#?}", r.checks);
    assert_eq!(r.status("mode -wal"), "ok");
    assert!(
        r.detail("mode -wal").starts_with("0600"),
        "{}",
        r.detail("mode -wal")
    );
    let after = snapshot(env.dir.path());
    let without_shm = |s: &[(String, Vec<u8>, SystemTime)]| -> Vec<(String, Vec<u8>, SystemTime)> {
        // -shm is shared memory that every reader maps; its bytes are not the database.
        s.iter()
            .filter(|f| !f.0.ends_with("-shm"))
            .cloned()
            .collect()
    };
    assert_eq!(without_shm(&after), without_shm(&before));
    drop(store);
}

#[test]
fn a_missing_file_fails_and_is_not_created() {
    let env = Env::new();
    let r = doctor(&env, None);
    assert_eq!(r.code, 1);
    assert_eq!(r.failed(), vec!["database"]);
    assert!(
        r.detail("database").ends_with("tend.db: no such file"),
        "{}",
        r.detail("database")
    );
    assert!(
        r.stderr.contains("tend: doctor: 1 check failed"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"));
    assert!(!env.db.exists());
}

#[test]
fn a_directory_fails() {
    let env = Env::new();
    std::fs::create_dir(&env.db).unwrap();
    let r = doctor(&env, None);
    assert_eq!(r.code, 1);
    assert_eq!(r.failed(), vec!["database"]);
    assert!(r.detail("database").contains("not a regular file"));
}

#[test]
fn a_garbage_file_fails_untouched() {
    let env = Env::new();
    std::fs::write(
        &env.db,
        b"this is not a database, just some text\n".repeat(200),
    )
    .unwrap();
    chmod(&env.db, 0o600);
    let before = std::fs::read(&env.db).unwrap();
    let r = doctor(&env, None);
    assert_eq!(r.code, 1);
    assert_eq!(r.failed(), vec!["database"]);
    assert!(
        r.detail("database").contains("not an SQLite database"),
        "{}",
        r.detail("database")
    );
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
}

#[test]
fn a_plain_sqlite_database_is_not_tends() {
    let env = Env::new();
    std::fs::copy("tests/fixtures/foreign.sqlite", &env.db).unwrap();
    chmod(&env.db, 0o600);
    let before = std::fs::read(&env.db).unwrap();
    let r = doctor(&env, None);
    assert_eq!(r.code, 1);
    assert_eq!(r.failed(), vec!["database"]);
    assert!(
        r.detail("database").contains("not a tend database"),
        "{}",
        r.detail("database")
    );
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
}

#[test]
fn a_world_readable_file_fails_and_chmod_600_fixes_it() {
    let env = with_account();
    chmod(&env.db, 0o644);
    let r = doctor(&env, None);
    assert_eq!(r.code, 1);
    assert_eq!(r.failed(), vec!["mode"]);
    assert!(r.detail("mode").contains("readable by every user"));
    assert!(
        r.get("mode")["hint"]
            .as_str()
            .unwrap()
            .starts_with("chmod 600 ")
    );
    chmod(&env.db, 0o600);
    assert_eq!(doctor(&env, None).code, 0);
}

#[test]
fn a_world_writable_file_fails() {
    let env = with_account();
    chmod(&env.db, 0o666);
    let r = doctor(&env, None);
    assert_eq!(r.code, 1);
    assert_eq!(r.failed(), vec!["database", "mode"]);
    assert!(r.detail("database").contains("writable by every user"));
    assert!(r.detail("mode").contains("writable by every user"));
}

#[test]
fn team_mode_wants_group_access() {
    let env = with_account();
    let team = write_config(&env, "[store]\nmode = \"team\"\n");
    let r = doctor(&env, Some(&team));
    assert_eq!(r.code, 1);
    assert!(r.failed().contains(&"mode"), "{:#?}", r.checks);
    assert!(
        r.detail("mode")
            .contains("cannot read and write it (team mode wants 0660)")
    );
    // The temp directory is neither group-writable nor setgid.
    assert_eq!(r.status("directory"), "fail");
    assert!(
        r.detail("directory").contains("no setgid bit"),
        "{}",
        r.detail("directory")
    );
}

/// A correct team directory passes; without its setgid bit it fails. Needs root (chgrp to a group
/// root is not in); elsewhere it says so and returns.
#[test]
fn team_directory_group_and_setgid() {
    if !is_root() {
        eprintln!("not root: skipping the team directory test");
        return;
    }
    let env = Env::new();
    let team_dir = env.dir.path().join("shared");
    std::fs::create_dir(&team_dir).unwrap();
    let status = Command::new("chgrp")
        .args(["users", team_dir.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    chmod(&team_dir, 0o2770);
    let config = write_config(&env, "[store]\nmode = \"team\"\n");
    let db = team_dir.join("tend.db");
    let run = |args: &[&str]| {
        let out = env
            .cmd(NOW, args)
            .env("TEND_DB", &db)
            .env("TEND_CONFIG", &config)
            .output()
            .unwrap();
        let checks: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_default();
        (out.status.code(), checks)
    };
    let (code, _) = run(&["account", "add", "Shared AG"]);
    assert_eq!(code, Some(0));
    let (code, checks) = run(&["doctor", "--format", "json"]);
    let find =
        |checks: &[Value], name: &str| checks.iter().find(|c| c["name"] == name).cloned().unwrap();
    assert_eq!(code, Some(0), "{checks:#?}");
    let dir = find(&checks, "directory");
    assert!(
        dir["detail"]
            .as_str()
            .unwrap()
            .contains("group 'users', 2770 with setgid"),
        "{dir}"
    );
    assert!(
        find(&checks, "mode")["detail"]
            .as_str()
            .unwrap()
            .starts_with("0660")
    );

    chmod(&team_dir, 0o770);
    let (code, checks) = run(&["doctor", "--format", "json"]);
    assert_eq!(code, Some(1));
    assert_eq!(find(&checks, "directory")["status"], "fail");
}

/// A file the user may not read: run the doctor as `nobody` on root's 0600 database.
#[test]
fn an_unreadable_file_fails() {
    if !is_root() || Command::new("runuser").arg("--help").output().is_err() {
        eprintln!("not root or no runuser: skipping the unreadable-file test");
        return;
    }
    let env = with_account();
    chmod(env.dir.path(), 0o755);
    let bin = env.dir.path().join("tend");
    std::fs::copy(env!("CARGO_BIN_EXE_tend"), &bin).unwrap();
    chmod(&bin, 0o755);
    let out = common::output_of_copied_binary(
        Command::new("runuser")
            .args([
                "-u",
                "nobody",
                "--",
                bin.to_str().unwrap(),
                "--db",
                env.db.to_str().unwrap(),
            ])
            .args(["doctor", "--format", "json"])
            .env("TEND_USER", "nobody")
            .env("TZ", "UTC")
            .env("HOME", "/nonexistent")
            .env_remove("TEND_CONFIG"),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let checks: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let db = checks.iter().find(|c| c["name"] == "database").unwrap();
    assert_eq!(db["status"], "fail");
    assert!(
        db["detail"].as_str().unwrap().contains("Permission denied"),
        "{db}"
    );
}

#[test]
fn an_invalid_config_is_a_failed_check_not_a_stop() {
    let env = with_account();
    let bad = write_config(&env, "[health]\nreviw_stale_days = 60\n");
    let r = doctor(&env, Some(&bad));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.failed(), vec!["config"]);
    assert!(
        r.detail("config").contains("health.reviw_stale_days"),
        "{}",
        r.detail("config")
    );
    // The other checks still ran, on the built-in defaults.
    assert_eq!(r.status("database"), "ok");

    let unreadable = env.dir.path().join("no-such.toml");
    let r = doctor(&env, Some(&unreadable));
    assert_eq!(r.failed(), vec!["config"]);
}

#[test]
fn backups_are_watched_when_a_directory_is_set() {
    let env = with_account();
    let backups = env.dir.path().join("backups");
    let config = write_config(
        &env,
        &format!(
            "[backup]\ndir = \"{}\"\nmax_age_hours = 26\n",
            backups.display()
        ),
    );
    // Not there yet, then empty: both fail.
    assert_eq!(doctor(&env, Some(&config)).failed(), vec!["backup"]);
    std::fs::create_dir(&backups).unwrap();
    let r = doctor(&env, Some(&config));
    assert_eq!(r.failed(), vec!["backup"]);
    assert!(r.detail("backup").ends_with("no backup there yet"));

    // A real backup, made 30 hours ago: stale.
    let old = backups.join("tend-old.db");
    env.ok(NOW, &["backup", old.to_str().unwrap()]);
    set_mtime(&old, Duration::from_secs(30 * 3600));
    let r = doctor(&env, Some(&config));
    assert_eq!(r.code, 1);
    assert_eq!(r.failed(), vec!["backup"]);
    assert!(
        r.detail("backup")
            .contains("tend-old.db, 1 d 6 h old (over 26 h)"),
        "{}",
        r.detail("backup")
    );

    // Tonight's backup: fresh again.
    let new = backups.join("tend-new.db");
    env.ok(NOW, &["backup", new.to_str().unwrap()]);
    let r = doctor(&env, Some(&config));
    assert_eq!(r.code, 0, "{:#?}", r.checks);
    assert!(
        r.detail("backup").starts_with("newest is tend-new.db, "),
        "{}",
        r.detail("backup")
    );
}

#[test]
fn a_file_replica_is_checked_against_the_database() {
    let env = with_account();
    let replica = env.dir.path().join("replica");
    std::fs::create_dir_all(replica.join("ltx/0")).unwrap();
    let ltx = replica.join("ltx/0/0000000000000001-0000000000000001.ltx");
    std::fs::write(&ltx, b"x").unwrap();
    let yml = env.dir.path().join("litestream.yml");
    std::fs::write(
        &yml,
        format!(
            "dbs:\n  - path: {}\n    replicas:\n      - type: file\n        path: {}\n      - url: s3://acme/tend\n",
            env.db.display(),
            replica.display()
        ),
    )
    .unwrap();
    let config = write_config(
        &env,
        &format!("[replication]\nlitestream_config = \"{}\"\n", yml.display()),
    );
    let r = doctor(&env, Some(&config));
    assert_eq!(r.code, 0, "{:#?}", r.checks);
    assert!(r.detail("replication").contains("2 replica(s)"));
    let replicas: Vec<&Value> = r.checks.iter().filter(|c| c["name"] == "replica").collect();
    assert_eq!(replicas.len(), 2);
    assert_eq!(replicas[0]["status"], "ok");
    assert_eq!(
        replicas[1]["detail"],
        "s3://acme/tend: configured, not checked from here"
    );

    // The replica stopped an hour before the database last changed: fail.
    set_mtime(&ltx, Duration::from_secs(3600));
    let r = doctor(&env, Some(&config));
    assert_eq!(r.code, 1);
    assert_eq!(r.failed(), vec!["replica"]);

    // A Litestream config that does not mention this database: a warning.
    std::fs::write(
        &yml,
        "dbs:\n  - path: /srv/other.db\n    replica:\n      url: s3://x/y\n",
    )
    .unwrap();
    let r = doctor(&env, Some(&config));
    assert_eq!(r.code, 0);
    assert_eq!(r.status("replication"), "warn");
    // A configured file that is not there: a failure.
    std::fs::remove_file(&yml).unwrap();
    assert_eq!(doctor(&env, Some(&config)).failed(), vec!["replication"]);
}

/// The store's `Access::Inspect`, which the doctor opens with: a missing file is an error, and a
/// database nobody has open is read without creating `-wal`/`-shm` (SQLite's read-only open
/// would create both).
#[test]
fn inspect_access_leaves_no_trace() {
    use tend::config::Config;
    use tend::store::{Access, Store};
    let env = with_account();
    let cfg = Config::default().store;
    let missing = env.dir.path().join("missing.db");
    let e = Store::open(&missing, &cfg, Access::Inspect).err().unwrap();
    assert!(e.to_string().ends_with("missing.db: no such file"), "{e}");
    assert!(!missing.exists());

    let before = snapshot(env.dir.path());
    let store = Store::open(&env.db, &cfg, Access::Inspect).unwrap();
    assert_eq!(store.accounts().unwrap().len(), 1);
    assert_eq!(store.quick_check(5).unwrap(), vec!["ok".to_string()]);
    assert_eq!(store.schema_version().unwrap(), tend::store::SCHEMA_VERSION);
    assert!(store.is_read_only());
    drop(store);
    assert_eq!(snapshot(env.dir.path()), before);
}
