//! The database every benchmark reads: `target/bench-data/tend-N.db`, 10 000 demo accounts by
//! default (`TEND_BENCH_ACCOUNTS` to change), generated on first use with seed 1 at a fixed now.
//! One definition for the bench crates (`#[path]`-included: each bench is its own crate).

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use tend::clock::Timestamp;
use tend::config::Config;
use tend::store::{Access, Store};

pub fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

pub fn accounts() -> usize {
    std::env::var("TEND_BENCH_ACCOUNTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

/// The file, generated when missing; opening it for writing also migrates a file an older tend
/// generated, so what is measured is this schema.
pub fn db() -> &'static PathBuf {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("tend-{}.db", accounts()));
        let cfg = Config::default();
        let fresh = !path.exists();
        let store = Store::open(&path, &cfg.store, Access::Write).unwrap();
        if fresh {
            let started = std::time::Instant::now();
            tend::demo::fill(&store, &cfg, now(), "anna.berger", accounts(), 1, false).unwrap();
            eprintln!(
                "generated {} accounts in {:?}",
                accounts(),
                started.elapsed()
            );
        }
        path
    })
}

/// A copy of the file to write to (`target/bench-data/scratch/`), so benchmarks that write leave
/// the shared file as generated. Made once per bench process.
#[allow(dead_code)] // Not every bench crate writes.
pub fn scratch() -> &'static PathBuf {
    static COPY: OnceLock<PathBuf> = OnceLock::new();
    COPY.get_or_init(|| {
        let src = db();
        let dir = src.with_file_name("scratch");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(src.file_name().unwrap());
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(path.with_extension(format!("db{suffix}")));
        }
        std::fs::copy(src, &path).unwrap();
        path
    })
}
