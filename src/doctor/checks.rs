//! The doctor's judgements: each takes facts gathered by `doctor::gather` (no I/O here) and
//! returns one `Check`, so every threshold and every wording is unit-tested on plain values.
//! (One cohesive thing past 400 lines: the checks, one function each.)

use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::config::StoreMode;

use super::{Check, DbFacts, FileFacts, Identity, Opened, Status};

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

/// The database file: present, a regular file, opens, and is tend's.
pub fn database(path: &Path, opened: &Opened) -> Check {
    let p = path.display();
    match opened {
        Opened::Missing => Check::fail(
            "database",
            format!("{p}: no such file"),
            "check --db / TEND_DB; tend creates the file on its first write (e.g. `tend account add NAME`)",
        ),
        Opened::NotAFile => Check::fail(
            "database",
            format!("{p}: not a regular file (a directory?)"),
            "point --db / TEND_DB at the database file itself, e.g. DIR/tend.db",
        ),
        Opened::Failed(msg) => Check::fail("database", msg.clone(), open_hint(msg)),
        Opened::Open(facts) if facts.app_id == 0 => Check::warn(
            "database",
            format!("{p}: an empty SQLite file"),
            "tend initialises it on its first write",
        ),
        Opened::Open(facts) => Check::ok(
            "database",
            format!("{p}: a tend database, {}", size_text(facts.len)),
        ),
    }
}

fn open_hint(msg: &str) -> &'static str {
    if msg.contains("ermission denied") {
        "you may not read it: check its owner and mode (ls -l) and, in team mode, your groups (id)"
    } else if msg.contains("writable by every user") {
        "anyone could have changed it: chmod o-rwx the file, then check its contents"
    } else if msg.contains("not a tend database") {
        "another program's database: point --db / TEND_DB at tend's file"
    } else if msg.contains("not an SQLite database") || msg.contains("not a valid SQLite") {
        "not a database, or damaged beyond opening: check --db / TEND_DB, else restore a backup (DEPLOY.md)"
    } else {
        "see the message; `ls -l` the file and its directory"
    }
}

/// `PRAGMA quick_check` of an open database.
pub fn quick_check(facts: &DbFacts) -> Check {
    match &facts.quick_check {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => Check::ok("quick_check", "ok"),
        Ok(rows) => Check::fail(
            "quick_check",
            rows.join("; "),
            "the file is damaged: stop writers, keep a copy, restore the newest backup or replica (DEPLOY.md)",
        ),
        Err(e) => Check::fail(
            "quick_check",
            e.clone(),
            "the file could not be read through: restore the newest backup or replica (DEPLOY.md)",
        ),
    }
}

/// The schema version against the migrations this binary carries.
pub fn schema(facts: &DbFacts, known: i64) -> Check {
    let v = facts.schema;
    if facts.app_id == 0 {
        Check::ok(
            "schema",
            format!("none yet (this tend creates v{known} on its first write)"),
        )
    } else if v == known {
        Check::ok("schema", format!("v{v}, as this tend expects"))
    } else if v < known {
        Check::warn(
            "schema",
            format!("v{v}; this tend knows v{known}"),
            "the next write migrates it: an older tend on the same file then stops working, update them all",
        )
    } else {
        Check::fail(
            "schema",
            format!("v{v} is newer than this tend (v{known})"),
            "update this tend binary: it refuses to write a newer schema",
        )
    }
}

/// The mode of the database, `-wal` or `-shm` (`name`) against the store mode.
pub fn file_mode(name: &str, path: &Path, file: Option<&FileFacts>, mode: StoreMode) -> Check {
    let Some(f) = file else {
        return Check::ok(name, "not present (nobody has the database open)");
    };
    let bits = f.mode & 0o777;
    let (want, want_text) = match mode {
        StoreMode::Private => (0o600, "private mode wants 0600"),
        StoreMode::Team => (0o660, "team mode wants 0660"),
    };
    let p = path.display();
    let owner = f.owner.as_str();
    let fix = format!("chmod {want:o} {p}");
    if bits & 0o002 != 0 {
        return Check::fail(
            name,
            format!("{bits:04o}: writable by every user ({want_text})"),
            format!("{fix} (tend refuses a file anyone may write)"),
        );
    }
    if bits & 0o004 != 0 {
        return Check::fail(
            name,
            format!("{bits:04o}: readable by every user ({want_text})"),
            format!("{fix} (a restore or copy often leaves 0644)"),
        );
    }
    if bits & 0o600 != 0o600 {
        return Check::warn(
            name,
            format!("{bits:04o}, owner {owner}: the owner cannot read and write it"),
            format!("{fix} unless it is meant to be read-only (tend then only reads)"),
        );
    }
    match mode {
        StoreMode::Team if bits & 0o060 != 0o060 => Check::fail(
            name,
            format!(
                "{bits:04o}: the group '{}' cannot read and write it ({want_text})",
                f.group
            ),
            fix,
        ),
        StoreMode::Private if bits & 0o070 != 0 => Check::warn(
            name,
            format!(
                "{bits:04o}: the group '{}' has access ({want_text})",
                f.group
            ),
            format!("{fix}, or set [store] mode = \"team\" if the group shares it"),
        ),
        _ => Check::ok(
            name,
            format!("{bits:04o}, owner {owner}, group {}", f.group),
        ),
    }
}

/// The directory holding the database: where SQLite creates `-wal` and `-shm`.
pub fn directory(
    dir: &Path,
    facts: &FileFacts,
    mode: StoreMode,
    db_group: Option<&str>,
    me: &Identity,
) -> Check {
    let bits = facts.mode & 0o7777;
    let d = dir.display();
    let group = facts.group.as_str();
    let mut found = Findings::default();
    let sticky = bits & 0o1000 != 0;
    if bits & 0o002 != 0 && !sticky {
        found.add(
            Status::Fail,
            format!("anyone may delete or replace files here ({bits:04o})"),
            format!("chmod o-w {d}"),
        );
    }
    match mode {
        StoreMode::Private => {
            if found.is_empty() {
                return Check::ok(
                    "directory",
                    format!("{d}: {bits:04o}, owner {}", facts.owner),
                );
            }
        }
        StoreMode::Team => {
            if bits & 0o070 != 0o070 {
                found.add(
                    Status::Fail,
                    format!("the group '{group}' cannot create files here ({bits:04o}); SQLite creates -wal and -shm beside the database"),
                    format!("chmod 2770 {d}"),
                );
            }
            if bits & 0o2000 == 0 {
                found.add(
                    Status::Fail,
                    "no setgid bit: files created here take their creator's own group".to_string(),
                    format!("chmod g+s {d}"),
                );
            }
            if !me.is_root() && !me.in_group(facts.gid) {
                found.add(
                    Status::Fail,
                    format!("you ({}) are not in the group '{group}'", me.name),
                    format!("usermod -aG {group} {}, then log in again", me.name),
                );
            }
            if let Some(g) = db_group.filter(|g| *g != group) {
                found.add(
                    Status::Warn,
                    format!("the database belongs to group '{g}', not '{group}'"),
                    format!("chgrp {group} DB DB-wal DB-shm (those present)"),
                );
            }
            if found.is_empty() {
                return Check::ok(
                    "directory",
                    format!("{d}: group '{group}', {bits:04o} with setgid, as team mode wants"),
                );
            }
        }
    }
    found.into_check("directory", &d.to_string())
}

/// Problems of one check, reported together on its line.
#[derive(Default)]
struct Findings {
    status: Option<Status>,
    details: Vec<String>,
    hints: Vec<String>,
}

impl Findings {
    fn add(&mut self, status: Status, detail: String, hint: String) {
        self.status = Some(self.status.map_or(status, |s| s.max(status)));
        self.details.push(detail);
        self.hints.push(hint);
    }

    fn is_empty(&self) -> bool {
        self.details.is_empty()
    }

    fn into_check(self, name: &str, subject: &str) -> Check {
        Check {
            name: name.to_string(),
            status: self.status.unwrap_or(Status::Ok),
            detail: format!("{subject}: {}", self.details.join("; ")),
            hint: self.hints.join("; "),
        }
    }
}

/// The filesystem under the database: WAL needs shared memory on one host.
pub fn filesystem(kind: Option<&str>) -> Check {
    match kind {
        None => Check::ok("filesystem", "could not tell (no /proc/mounts)"),
        Some(k) if crate::store::is_network_filesystem(k) => Check::warn(
            "filesystem",
            format!("{k}: a network filesystem"),
            "SQLite's WAL needs one host: move the database to a local disk of the server everyone reaches over SSH",
        ),
        Some(k) => Check::ok("filesystem", format!("{k} (local)")),
    }
}

/// The size of the `-wal` file: it grows while a long-lived reader blocks checkpoints.
pub fn wal_size(len: Option<u64>, warn_mb: i64) -> Check {
    let limit = warn_mb.max(0) as u64 * MIB;
    match len {
        None => Check::ok("wal size", "no -wal file"),
        Some(n) if n > limit => Check::warn(
            "wal size",
            format!("{} (over {warn_mb} MB)", size_text(n)),
            "a long-lived reader keeps SQLite from checkpointing: find stale sessions with `fuser -v DB` and end them; the WAL shrinks when the last one closes",
        ),
        Some(n) => Check::ok("wal size", size_text(n)),
    }
}

/// The config file in use and whether it loads; `error` is the loader's one-line message.
pub fn config(file: Option<&Path>, error: Option<&str>) -> Check {
    match (file, error) {
        (None, None) => Check::ok("config", "built-in defaults (no user file)"),
        (Some(p), None) => Check::ok("config", format!("{}: valid", p.display())),
        (_, Some(e)) => Check::fail(
            "config",
            e.to_string(),
            "fix the named key (config/default.toml documents each one); the other checks here used the built-in defaults",
        ),
    }
}

/// Who tend will sign writes as.
pub fn user(tend_user: Option<(&str, &str)>, me: &Identity) -> Check {
    match tend_user {
        Some((name, source)) if name == me.name || me.name.is_empty() => Check::ok(
            "user",
            format!("{name} (from {source}), Unix uid {}", me.uid),
        ),
        Some((name, source)) => Check::ok(
            "user",
            format!(
                "{name} (from {source}), Unix user {} (uid {})",
                me.name, me.uid
            ),
        ),
        None => Check::warn(
            "user",
            format!(
                "neither TEND_USER nor USER is set: writes are signed 'me' (Unix uid {})",
                me.uid
            ),
            "export TEND_USER=<your name> (or log in normally, which sets USER)",
        ),
    }
}

/// Where tend's local dates come from. `tz` is `$TZ`; `zone_known` says whether a named zone
/// has a zoneinfo file; `localtime` is what /etc/localtime names, if it exists.
pub fn time_zone(
    tz: Option<&str>,
    zone_known: bool,
    localtime: Option<&str>,
    offset: &str,
) -> Check {
    match (tz.map(str::trim).filter(|t| !t.is_empty()), localtime) {
        (Some(t), _) if !zone_known => Check::warn(
            "time zone",
            format!("TZ '{t}' is not a zone this machine knows: dates use UTC"),
            "set TZ to a name under /usr/share/zoneinfo, e.g. TZ=Europe/Berlin",
        ),
        (Some(t), _) => Check::ok("time zone", format!("{t} (from TZ), now UTC{offset}")),
        (None, Some(l)) => Check::ok(
            "time zone",
            format!("{l} (from /etc/localtime), now UTC{offset}"),
        ),
        (None, None) => Check::warn(
            "time zone",
            "no TZ and no /etc/localtime: dates, ISO weeks and due days follow UTC",
            "export TZ=Europe/Berlin (your zone) in your shell profile",
        ),
    }
}

/// The newest file in `[backup] dir`. `newest` is its name, facts and modification time, or why
/// the directory could not be listed.
pub fn backup(
    dir: &str,
    newest: &Result<Option<(String, FileFacts)>, String>,
    now: SystemTime,
    max_age_hours: i64,
) -> Check {
    if dir.trim().is_empty() {
        return Check::ok("backup", "not watched ([backup] dir is not set)");
    }
    let hint_cron = "run `tend backup` from cron (DEPLOY.md) and check its mail or log";
    match newest {
        Err(e) => Check::fail("backup", format!("{dir}: {e}"), hint_cron),
        Ok(None) => Check::fail("backup", format!("{dir}: no backup there yet"), hint_cron),
        Ok(Some((name, f))) => {
            let age = age(now, f.modified);
            let max = Duration::from_secs(max_age_hours.max(0) as u64 * 3600);
            if age > max {
                Check::fail(
                    "backup",
                    format!(
                        "newest is {name}, {} old (over {max_age_hours} h)",
                        duration_text(age)
                    ),
                    hint_cron,
                )
            } else if f.mode & 0o004 != 0 {
                Check::warn(
                    "backup",
                    format!(
                        "newest is {name}, {} old, readable by every user ({:04o})",
                        duration_text(age),
                        f.mode & 0o777
                    ),
                    format!(
                        "chmod o-rwx {dir}/* and the directory: backups hold every client's data"
                    ),
                )
            } else {
                Check::ok(
                    "backup",
                    format!("newest is {name}, {} old", duration_text(age)),
                )
            }
        }
    }
}

/// How long ago `then` was (zero for a time in the future, e.g. a skewed clock).
pub fn age(now: SystemTime, then: SystemTime) -> Duration {
    now.duration_since(then).unwrap_or_default()
}

/// "45 s", "12 min", "5 h 3 min", "3 d 4 h".
pub fn duration_text(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        3600..86400 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        _ => format!("{} d {} h", s / 86400, s % 86400 / 3600),
    }
}

pub fn size_text(n: u64) -> String {
    if n >= MIB {
        format!("{:.1} MB", n as f64 / MIB as f64)
    } else if n >= KIB {
        format!("{} KB", n / KIB)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
#[path = "checks_tests.rs"]
mod tests;
