//! The SQLite store — the only module that imports rusqlite.
//!
//! Opening checks the file before SQLite touches it (permissions, header, application id), so a
//! foreign or corrupt file is refused and never modified. Every write runs in `BEGIN IMMEDIATE`
//! (several processes share one file: a deferred transaction that upgrades to a write lock can fail
//! with "database is locked" despite the busy timeout) and is committed before it returns.
//! (One cohesive thing past 400 lines: opening a database file safely — modes, pragmas, read-only and immutable fallbacks, the checks before SQLite touches a file.)

pub mod accounts;
pub mod brief;
pub mod bulk;
pub mod changes;
pub mod checklist;
pub mod contacts;
pub mod dump;
pub mod escalations;
mod extras;
pub mod facts;
mod facts_fast;
mod facts_split;
pub mod notes;
mod schema;
pub mod search;
pub mod undo;
pub mod visits;

use std::fs::OpenOptions;
use std::io::Read;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::clock::Timestamp;
use crate::config::{StoreConfig, StoreMode};
use crate::error::Error;

/// `PRAGMA application_id` of a tend database ("tend" in ASCII).
pub const APPLICATION_ID: i32 = 0x7465_6E64;

pub use facts::Need;
pub use facts_split::FactsRead;
pub use schema::SCHEMA_VERSION;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Never writes: no file is created, no migration runs, the connection is read-only.
    Read,
    /// Creates the file (0600, or 0660 in team mode) and migrates as needed.
    Write,
    /// Like `Read`, and leaves no trace at all (`tend doctor`): a missing file is an error, not an
    /// empty database, and SQLite's read-only open, which creates `-wal` and `-shm` beside a WAL
    /// database nobody has open, is avoided by reading such a file as immutable.
    Inspect,
}

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    read_only: bool,
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        // A write naming a record another process deleted a moment ago (a note for an account
        // a colleague removed while the form was open): say so, not SQLite's constraint name.
        if let rusqlite::Error::SqliteFailure(f, _) = &e
            && f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY
        {
            return Error::Db("its account or record was deleted by someone meanwhile".into());
        }
        Error::Db(e.to_string().replace('\n', " "))
    }
}

impl Store {
    /// Open the database at `path`. With `Access::Read` a missing file reads as an empty database.
    pub fn open(path: &Path, cfg: &StoreConfig, access: Access) -> Result<Store, Error> {
        let exists = path.exists();
        if exists {
            check_existing_file(path)?;
        }
        let mut store = match (access, exists) {
            (Access::Read, false) => Store::in_memory()?,
            (Access::Inspect, false) => {
                return Err(Error::Io(format!("{}: no such file", path.display())));
            }
            (Access::Read | Access::Inspect, true) => {
                let busy = Duration::from_millis(cfg.busy_timeout_ms);
                let conn = if access == Access::Inspect && !wal_files_exist(path) {
                    open_immutable(path)?
                } else {
                    open_read_only(path, busy)?
                };
                let store = Store {
                    conn,
                    path: Some(path.to_path_buf()),
                    read_only: true,
                };
                store.check_tend_db(path)?;
                store.read_compat()?;
                store
            }
            (Access::Write, _) => {
                if !exists {
                    create_file(path, cfg.mode)?;
                }
                let mut conn = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(|e| open_error(path, e))?;
                // Before the first statement: the checks below read the file while another
                // process may hold a lock (a replicator's checkpoint; found as a flaky
                // "database is locked" in the Litestream test).
                wait_when_busy(&mut conn, Duration::from_millis(cfg.busy_timeout_ms))?;
                let store = Store {
                    conn,
                    path: Some(path.to_path_buf()),
                    read_only: false,
                };
                store.check_tend_db(path)?;
                store
            }
        };
        wait_when_busy(&mut store.conn, Duration::from_millis(cfg.busy_timeout_ms))?;
        store.conn.pragma_update(None, "foreign_keys", "ON")?;
        if !store.read_only && store.path.is_some() {
            let mode: String = store
                .conn
                .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::Db(format!(
                    "{}: could not switch to WAL (journal_mode is {mode})",
                    path.display()
                )));
            }
            store.conn.pragma_update(None, "synchronous", "FULL")?;
            store.migrate()?;
        }
        Ok(store)
    }

    /// A private, empty, migrated database in memory (tests, and reads of a missing file).
    pub fn in_memory() -> Result<Store, Error> {
        let store = Store {
            conn: Connection::open_in_memory()?,
            path: None,
            read_only: false,
        };
        store.conn.pragma_update(None, "foreign_keys", "ON")?;
        store.migrate()?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The file a second connection may open to read beside this one (`facts_split`, the
    /// cockpit's queue): none for an in-memory store or a file that is gone.
    pub fn file_beside(&self) -> Option<std::path::PathBuf> {
        self.path().filter(|p| p.exists()).map(Path::to_path_buf)
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Changes when another connection commits; polled by the cockpit to show colleagues' writes.
    pub fn data_version(&self) -> Result<i64, Error> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Run the reads of `f` in one read transaction, so they see one snapshot of the file (a
    /// colleague's commit between two statements cannot mix two states into one answer). Inside
    /// a transaction already open, `f` simply runs in it. A read transaction writes nothing.
    pub fn in_snapshot<T>(&self, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
        if !self.conn.is_autocommit() {
            return f();
        }
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let value = f();
        let end = self
            .conn
            .execute_batch(if value.is_ok() { "COMMIT" } else { "ROLLBACK" });
        let value = value?;
        end?;
        Ok(value)
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file.
    pub fn integrity_check(&self) -> Result<String, Error> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// `PRAGMA quick_check`: `["ok"]` for a sound file, else its first findings (at most `limit`).
    pub fn quick_check(&self, limit: usize) -> Result<Vec<String>, Error> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut found = Vec::new();
        for row in rows.take(limit) {
            found.push(row?);
        }
        Ok(found)
    }

    /// `PRAGMA application_id`, `journal_mode` and `synchronous` (checks and `tend doctor`-style output).
    pub fn pragmas(&self) -> Result<(i32, String, i64), Error> {
        let app = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let journal = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let sync = self
            .conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        Ok((app, journal, sync))
    }

    /// Every row of every table, in a stable text form: tests compare it to prove nothing changed.
    pub fn fingerprint(&self) -> Result<String, Error> {
        // Virtual tables are skipped: the full-text index reads back its content table's rows;
        // its own shadow tables are listed like any other. WITHOUT ROWID tables (FTS5's config)
        // are read in primary-key order, which a plain scan gives.
        let mut tables: Vec<(String, bool)> = Vec::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' \
                 AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)))?;
            for t in rows {
                tables.push(t?);
            }
        }
        let mut out = String::new();
        for (t, without_rowid) in tables {
            out.push_str(&format!("[{t}]\n"));
            let order = if without_rowid { "" } else { " ORDER BY rowid" };
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT * FROM main.\"{t}\"{order}"))?;
            let n = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let cells: Vec<String> = (0..n).map(|i| format!("{:?}", r.get_ref(i))).collect();
                out.push_str(&cells.join("|"));
                out.push('\n');
            }
        }
        Ok(out)
    }

    pub fn schema_version(&self) -> Result<i64, Error> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Run `f` in one `BEGIN IMMEDIATE` transaction and commit before returning its result.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        if self.read_only {
            return Err(Error::Db(format!(
                "{} is opened read-only: nothing was written",
                self.path
                    .as_deref()
                    .unwrap_or(Path::new(":memory:"))
                    .display()
            )));
        }
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    fn check_tend_db(&self, path: &Path) -> Result<(), Error> {
        let app_id: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| open_error(path, e))?;
        if app_id == APPLICATION_ID {
            return Ok(());
        }
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(|e| open_error(path, e))?;
        if app_id == 0 && tables == 0 {
            return Ok(()); // an empty file: ours to initialise
        }
        Err(Error::Db(format!(
            "{}: an SQLite database, but not a tend database (application_id {app_id:#x}); not touched",
            path.display()
        )))
    }
}

/// The filesystem type holding `path`, from /proc/mounts (longest matching mount point).
pub fn filesystem_type(path: &Path) -> Option<String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = std::fs::canonicalize(dir).ok()?;
    let mounts = std::fs::read_to_string("/proc/mounts").ok()?;
    mounts
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let _dev = f.next()?;
            let point = f.next()?.replace("\\040", " ");
            let kind = f.next()?;
            dir.starts_with(&point)
                .then(|| (point.len(), kind.to_string()))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, kind)| kind)
}

/// Filesystem types (as in /proc/mounts) that are served over the network.
pub fn is_network_filesystem(kind: &str) -> bool {
    [
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "fuse.sshfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
    ]
    .contains(&kind)
}

/// WAL needs shared memory on one host: a database on a network filesystem can corrupt.
pub fn network_filesystem_warning(path: &Path) -> Option<String> {
    let kind = filesystem_type(path)?;
    is_network_filesystem(&kind).then(|| {
        format!(
            "warning: {} is on a network filesystem ({kind}); SQLite's WAL needs one host — keep the database on a local disk",
            path.display()
        )
    })
}

fn open_error(path: &Path, e: rusqlite::Error) -> Error {
    let msg = e.to_string();
    if msg.contains("not a database") || msg.contains("malformed") {
        Error::Db(format!(
            "{}: not a valid SQLite database; not touched",
            path.display()
        ))
    } else {
        Error::Db(format!("{}: {}", path.display(), msg.replace('\n', " ")))
    }
}

/// Refuse files others may write and files that are not SQLite, before SQLite opens them.
fn check_existing_file(path: &Path) -> Result<(), Error> {
    let meta =
        std::fs::metadata(path).map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
    if !meta.is_file() {
        return Err(Error::Io(format!("{}: not a regular file", path.display())));
    }
    let mode = meta.permissions().mode();
    if mode & 0o002 != 0 {
        return Err(Error::Db(format!(
            "{}: writable by every user (mode {:o}); refusing to use it — chmod o-w it first",
            path.display(),
            mode & 0o777
        )));
    }
    if meta.len() == 0 {
        return Ok(());
    }
    let mut header = [0u8; 16];
    let mut file =
        std::fs::File::open(path).map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
    let n = file.read(&mut header).unwrap_or(0);
    if n < 16 || &header != b"SQLite format 3\0" {
        return Err(Error::Db(format!(
            "{}: not an SQLite database; not touched",
            path.display()
        )));
    }
    Ok(())
}

pub(crate) fn create_file(path: &Path, mode: StoreMode) -> Result<(), Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Io(format!("{}: cannot create directory: {e}", dir.display())))?;
    }
    let bits = match mode {
        StoreMode::Private => 0o600,
        StoreMode::Team => 0o660,
    };
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(bits)
        .open(path);
    match file {
        Ok(f) => {
            // The umask may have taken group bits away in team mode: set them explicitly.
            f.set_permissions(std::fs::Permissions::from_mode(bits))
                .map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::Io(format!("{}: cannot create: {e}", path.display()))),
    }
}

/// Wait up to `timeout` for another connection's lock, trying again every millisecond.
///
/// Not SQLite's `busy_timeout`: its handler sleeps longer and longer, 100 ms at a time after the
/// first quarter second, and a writer that looks so rarely loses the free lock to whoever comes
/// next. Behind a stream of short transactions (four `tend log` loops beside Litestream) a
/// `BEGIN IMMEDIATE` could wait out all 5 s and fail with "database is locked" although nobody
/// held the lock for more than a fraction of a second (a flaky replication test).
fn wait_when_busy(conn: &mut Connection, timeout: Duration) -> Result<(), Error> {
    let mut since = Instant::now();
    conn.busy_handler(Some(move |tries: i32| {
        // SQLite counts the tries of each wait from 0.
        if tries == 0 {
            since = Instant::now();
        }
        let wait = since.elapsed() < timeout;
        if wait {
            std::thread::sleep(Duration::from_millis(1));
        }
        wait
    }))?;
    Ok(())
}

fn open_read_only(path: &Path, busy: Duration) -> Result<Connection, Error> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
    // Before the first statement, which may meet another process's lock.
    wait_when_busy(&mut conn, busy)?;
    // A WAL database in a directory we cannot write needs its -shm; if that fails, read the file
    // as immutable (nobody can be writing it if we cannot either). Never on a busy or locked
    // file: immutable ignores the WAL, so a colleague's commits would be missed.
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(conn),
        Err(first)
            if matches!(
                first.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ) =>
        {
            Err(open_error(path, first))
        }
        Err(first) => {
            drop(conn);
            let uri = format!("file:{}?immutable=1", uri_escape(path));
            let conn = Connection::open_with_flags(&uri, flags | OpenFlags::SQLITE_OPEN_URI)
                .map_err(|e| open_error(path, e))?;
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(|_| open_error(path, first))?;
            Ok(conn)
        }
    }
}

/// The `-wal` and `-shm` files beside `path`, which SQLite names by appending to the file name.
pub fn wal_paths(path: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|suffix| {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// Both exist while any connection has a WAL database open; then a read-only open creates nothing.
fn wal_files_exist(path: &Path) -> bool {
    wal_paths(path).iter().all(|p| p.exists())
}

/// Read the file as it is on disk, without locks, `-wal` or `-shm`: only for a database that no
/// connection has open (its WAL files are absent), so there is no WAL content to miss.
fn open_immutable(path: &Path) -> Result<Connection, Error> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let uri = format!("file:{}?immutable=1", uri_escape(path));
    let conn = Connection::open_with_flags(&uri, flags).map_err(|e| open_error(path, e))?;
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| open_error(path, e))?;
    Ok(conn)
}

fn uri_escape(path: &Path) -> String {
    let mut out = String::new();
    for b in path.to_string_lossy().bytes() {
        match b {
            b'?' | b'#' | b'%' => out.push_str(&format!("%{b:02X}")),
            _ => out.push(b as char),
        }
    }
    out
}

// ---- conversions shared by the table modules -------------------------------------------------

pub(crate) fn ts(t: Timestamp) -> i64 {
    t.timestamp()
}

pub(crate) fn from_ts(secs: i64) -> Timestamp {
    DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default()
}

pub(crate) fn date_str(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn parse_stored_date(s: &str) -> NaiveDate {
    // Digits at fixed places, as tend writes them, without chrono's format machinery (which
    // parses the format string on every call: measurable over every account's dates).
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10))
        && let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d)
    {
        return date;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

/// Parse a closed-set column; a value tend did not write surfaces as a database error.
pub(crate) fn parse_col<T: std::str::FromStr>(idx: usize, s: &str) -> rusqlite::Result<T> {
    s.parse().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("unexpected value '{s}'").into(),
        )
    })
}

/// A closed-set column by position, parsed from SQLite's own text (no `String` per value: these
/// are read for every account and note of a portfolio-wide pass).
pub(crate) fn parse_at<T: std::str::FromStr>(
    r: &rusqlite::Row<'_>,
    idx: usize,
) -> rusqlite::Result<T> {
    parse_col(idx, text_at(r, idx)?)
}

/// `parse_at` of a column that may be NULL.
pub(crate) fn parse_opt_at<T: std::str::FromStr>(
    r: &rusqlite::Row<'_>,
    idx: usize,
) -> rusqlite::Result<Option<T>> {
    match r.get_ref(idx)?.as_str_or_null() {
        Ok(Some(s)) => Ok(Some(parse_col(idx, s)?)),
        Ok(None) => Ok(None),
        Err(e) => Err(from_sql_failure(idx, e)),
    }
}

fn text_at<'r>(r: &'r rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(idx)?
        .as_str()
        .map_err(|e| from_sql_failure(idx, e))
}

fn from_sql_failure(idx: usize, e: rusqlite::types::FromSqlError) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
}

impl Store {
    /// Whether the file has this table: a database of an older schema opened read-only lacks the
    /// tables later migrations add (their readers fall back).
    pub(crate) fn has_table(&self, name: &str) -> Result<bool, Error> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM main.sqlite_schema WHERE type = 'table' AND name = ?1",
            [name],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }
}

/// Account ids as a JSON array, for SQLite's `json_each` (`account_id IN (SELECT value FROM
/// json_each(?))`): a list of any length in one bound value, no temporary table (reads never
/// write).
pub(crate) fn id_array(ids: &[i64]) -> String {
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    format!("[{list}]")
}
