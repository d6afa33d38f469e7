//! `tend doctor`: checks an installation and prints one line per check, `ok`, `warn` or `fail`,
//! each with what to do. It runs before the config is loaded for other commands (a config that
//! does not load is one of its findings) and is strictly read-only: the database is opened with
//! `Access::Inspect`, which creates no file, not even `-wal` or `-shm`.
//!
//! `gather` collects facts (`system`: file metadata, /proc, /etc; the store opened with
//! `Access::Inspect`), `checks` and `litestream` judge them without I/O, `report` prints them.
//! (One cohesive thing past 400 lines: running the checks and printing them.)

pub mod checks;
pub mod litestream;
mod system;

pub use system::{FileFacts, Identity};
use system::{file_facts, file_name, identity, newest_file, tend_user};

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Serialize;

use crate::cli::{Cli, Format};
use crate::config::{Config, StoreMode};
use crate::error::Error;
use crate::store::{Access, SCHEMA_VERSION, Store};
use crate::view::table::{self, col};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }
}

/// One line of the report: what was checked, the verdict, what was found, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub name: String,
    pub status: Status,
    pub detail: String,
    /// Empty when there is nothing to do.
    pub hint: String,
}

impl Check {
    pub fn ok(name: &str, detail: impl Into<String>) -> Check {
        Check::new(name, Status::Ok, detail, "")
    }

    pub fn warn(name: &str, detail: impl Into<String>, hint: impl Into<String>) -> Check {
        Check::new(name, Status::Warn, detail, hint)
    }

    pub fn fail(name: &str, detail: impl Into<String>, hint: impl Into<String>) -> Check {
        Check::new(name, Status::Fail, detail, hint)
    }

    fn new(
        name: &str,
        status: Status,
        detail: impl Into<String>,
        hint: impl Into<String>,
    ) -> Check {
        Check {
            name: name.to_string(),
            status,
            detail: detail.into(),
            hint: hint.into(),
        }
    }
}

/// What opening the database found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    Missing,
    NotAFile,
    /// Store::open's one-line refusal or error.
    Failed(String),
    Open(DbFacts),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbFacts {
    pub len: u64,
    pub app_id: i32,
    pub schema: i64,
    pub quick_check: Result<Vec<String>, String>,
}

/// `tend doctor`: print the report in `format`; an error (exit 1) when any check failed.
pub fn run(cli: &Cli, format: Format, out: &mut dyn Write) -> Result<(), Error> {
    let checks = gather(cli);
    // The verdict outlives a closed pipe (`tend doctor | head` still exits 1 on a failure).
    let printed = report(&checks, format, out);
    let failed = checks.iter().filter(|c| c.status == Status::Fail).count();
    if failed > 0 {
        return Err(Error::Io(format!(
            "doctor: {failed} check{} failed",
            if failed == 1 { "" } else { "s" }
        )));
    }
    printed
}

/// Every check, in the order they are printed.
pub fn gather(cli: &Cli) -> Vec<Check> {
    let mut checks = Vec::new();
    let config_file = Config::user_file(cli.config.as_deref());
    let (cfg, config_error) = match Config::load(cli.config.as_deref()) {
        Ok(cfg) => (cfg, None),
        Err(e) => (Config::default(), Some(e.to_string())),
    };
    let me = identity();
    let now = crate::clock::wall_clock();
    let db = crate::paths::database(cli.db.as_deref(), cli.demo);
    match &db {
        Ok(db) => database_checks(db, &cfg, &me, &mut checks),
        Err(e) => checks.push(Check::fail(
            "database",
            e.to_string(),
            "pass --db PATH or set TEND_DB",
        )),
    }
    checks.push(checks::config(
        config_file.as_deref(),
        config_error.as_deref(),
    ));
    checks.push(checks::user(
        tend_user().as_ref().map(|(n, s)| (n.as_str(), *s)),
        &me,
    ));
    checks.push(time_zone());
    let backup_dir = cfg.backup.dir.trim();
    let newest = if backup_dir.is_empty() {
        Ok(None)
    } else {
        newest_file(Path::new(backup_dir), 1).map(|found| found.map(|(p, f)| (file_name(&p), f)))
    };
    checks.push(checks::backup(
        backup_dir,
        &newest,
        now,
        cfg.backup.max_age_hours,
    ));
    if let Ok(db) = &db {
        replication_checks(db, &cfg, now, &mut checks);
    }
    checks
}

fn database_checks(db: &Path, cfg: &Config, me: &Identity, checks: &mut Vec<Check>) {
    let opened = inspect(db);
    checks.push(checks::database(db, &opened));
    if let Opened::Open(facts) = &opened {
        checks.push(checks::quick_check(facts));
        checks.push(checks::schema(facts, SCHEMA_VERSION));
    }
    let [wal, shm] = crate::store::wal_paths(db);
    let db_facts = file_facts(db).filter(|_| db.is_file());
    if db_facts.is_some() {
        checks.push(checks::file_mode(
            "mode",
            db,
            db_facts.as_ref(),
            cfg.store.mode,
        ));
        let wal_facts = file_facts(&wal);
        checks.push(checks::file_mode(
            "mode -wal",
            &wal,
            wal_facts.as_ref(),
            cfg.store.mode,
        ));
        checks.push(checks::file_mode(
            "mode -shm",
            &shm,
            file_facts(&shm).as_ref(),
            cfg.store.mode,
        ));
        checks.push(checks::wal_size(
            wal_facts.map(|f| f.len),
            cfg.doctor.wal_warn_mb,
        ));
    }
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let shown = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    match file_facts(dir) {
        Some(d) => checks.push(checks::directory(
            &shown,
            &d,
            cfg.store.mode,
            db_facts.as_ref().map(|f| f.group.as_str()),
            me,
        )),
        None if cfg.store.mode == StoreMode::Team => checks.push(Check::fail(
            "directory",
            format!("{}: cannot read it", dir.display()),
            "create it: chgrp TEAM DIR; chmod 2770 DIR (DEPLOY.md)",
        )),
        None => {}
    }
    checks.push(checks::filesystem(
        crate::store::filesystem_type(db).as_deref(),
    ));
}

/// Open the database without leaving a trace and read what the checks need.
fn inspect(db: &Path) -> Opened {
    match std::fs::metadata(db) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Opened::Missing,
        Err(e) => return Opened::Failed(format!("{}: {e}", db.display())),
        Ok(m) if !m.is_file() => return Opened::NotAFile,
        Ok(_) => {}
    }
    // Any config will do: Inspect neither creates nor migrates, so the store mode is not used.
    let store = match Store::open(db, &Config::default().store, Access::Inspect) {
        Ok(s) => s,
        Err(e) => return Opened::Failed(message(e)),
    };
    let read = || -> Result<DbFacts, Error> {
        let (app_id, _, _) = store.pragmas()?;
        Ok(DbFacts {
            len: std::fs::metadata(db).map(|m| m.len()).unwrap_or(0),
            app_id,
            schema: store.schema_version()?,
            quick_check: store.quick_check(5).map_err(|e| e.to_string()),
        })
    };
    match read() {
        Ok(facts) => Opened::Open(facts),
        Err(e) => Opened::Failed(message(e)),
    }
}

/// The error's text without the "database:" prefix: the check's name already says it.
fn message(e: Error) -> String {
    match e {
        Error::Db(m) | Error::Io(m) => m,
        other => other.to_string(),
    }
}

fn replication_checks(db: &Path, cfg: &Config, now: SystemTime, checks: &mut Vec<Check>) {
    let configured = cfg.replication.litestream_config.trim();
    let (file, explicit) = if configured.is_empty() {
        (PathBuf::from("/etc/litestream.yml"), false)
    } else {
        (PathBuf::from(configured), true)
    };
    let f = file.display();
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) if !explicit && e.kind() == std::io::ErrorKind::NotFound => {
            checks.push(Check::ok(
                "replication",
                "no Litestream config (/etc/litestream.yml; [replication] litestream_config is not set)",
            ));
            return;
        }
        Err(e) => {
            checks.push(Check::fail(
                "replication",
                format!("{f}: {e}"),
                "fix [replication] litestream_config, or the file's mode",
            ));
            return;
        }
    };
    let env = |k: &str| std::env::var(k).ok();
    let entries = match litestream::parse(&text, &env) {
        Ok(e) => e,
        Err(e) => {
            checks.push(Check::fail(
                "replication",
                format!("{f}: {e}"),
                "check the file with `litestream databases -config FILE`",
            ));
            return;
        }
    };
    let same = |p: &str| {
        let p = Path::new(p);
        p == db
            || matches!((std::fs::canonicalize(p), std::fs::canonicalize(db)), (Ok(a), Ok(b)) if a == b)
    };
    let Some(entry) = entries.iter().find(|e| same(&e.path)) else {
        checks.push(Check::warn(
            "replication",
            format!("{f} does not replicate {}", db.display()),
            "add it under dbs: with a replica (DEPLOY.md), or set [replication] litestream_config",
        ));
        return;
    };
    if entry.replicas.is_empty() {
        checks.push(Check::fail(
            "replication",
            format!("{f}: the entry for {} has no replica", db.display()),
            "add a replica: (DEPLOY.md has one for S3 and one for SFTP)",
        ));
        return;
    }
    checks.push(Check::ok(
        "replication",
        format!("{f}: {} replica(s) for this database", entry.replicas.len()),
    ));
    let [wal, _] = crate::store::wal_paths(db);
    let changed = [db, wal.as_path()]
        .iter()
        .filter_map(|p| file_facts(p).map(|f| f.modified))
        .max();
    for replica in &entry.replicas {
        checks.push(match replica {
            litestream::Replica::File(dir) => {
                let newest = newest_file(dir, 4).map(|n| n.map(|(_, f)| f.modified));
                litestream::file_replica(
                    &dir.display().to_string(),
                    &newest,
                    changed,
                    now,
                    cfg.replication.max_lag_minutes,
                )
            }
            litestream::Replica::Remote { location, .. } => Check {
                name: "replica".into(),
                status: Status::Ok,
                detail: format!("{location}: configured, not checked from here"),
                hint: format!(
                    "`litestream ltx -config {f} {}` lists what it holds",
                    db.display()
                ),
            },
        });
    }
}

fn time_zone() -> Check {
    let tz = std::env::var("TZ").ok();
    let zone_known = tz.as_deref().is_none_or(|t| {
        let name = t.trim().trim_start_matches(':');
        // A POSIX rule ("CET-1CEST", "UTC0") has a digit; a name needs a zoneinfo file.
        name.is_empty()
            || name.chars().any(|c| c.is_ascii_digit())
            || name == "UTC"
            || Path::new(name).is_absolute() && Path::new(name).is_file()
            || [
                "/usr/share/zoneinfo",
                "/usr/lib/zoneinfo",
                "/usr/share/lib/zoneinfo",
            ]
            .iter()
            .any(|d| Path::new(d).join(name).is_file())
    });
    let localtime = std::fs::read_link("/etc/localtime")
        .ok()
        .map(|target| {
            let t = target.to_string_lossy().into_owned();
            t.split_once("zoneinfo/")
                .map_or(t.clone(), |(_, zone)| zone.to_string())
        })
        .or_else(|| {
            Path::new("/etc/localtime")
                .is_file()
                .then(|| "a zone file".to_string())
        });
    let offset = chrono::Local::now().format("%:z").to_string();
    checks::time_zone(tz.as_deref(), zone_known, localtime.as_deref(), &offset)
}

/// Print the checks: a table (one line each, what to do after a dash), JSON or CSV.
pub fn report(checks: &[Check], format: Format, out: &mut dyn Write) -> Result<(), Error> {
    match format {
        Format::Json => crate::cli::json_line(out, &checks),
        Format::Csv => {
            write!(
                out,
                "{}",
                table::csv_of(&["name", "status", "detail", "hint"], checks)
            )?;
            Ok(())
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = checks
                .iter()
                .map(|c| {
                    let text = if c.hint.is_empty() {
                        c.detail.clone()
                    } else {
                        format!("{} — {}", c.detail, c.hint)
                    };
                    vec![c.status.as_str().to_string(), c.name.clone(), text]
                })
                .collect();
            // No width limit: a cut hint is no help, and the terminal wraps a long line.
            let columns = [
                col("STATUS", 6),
                col("CHECK", 12),
                col("DETAIL", usize::MAX),
            ];
            write!(out, "{}", table::render(&columns, &rows, usize::MAX))?;
            let count = |s: Status| checks.iter().filter(|c| c.status == s).count();
            writeln!(
                out,
                "{} ok, {} warn, {} fail",
                count(Status::Ok),
                count(Status::Warn),
                count(Status::Fail)
            )?;
            Ok(())
        }
    }
}
