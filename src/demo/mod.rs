//! Deterministic, realistic demo data relative to "now": Mittelstand clients, several owners, a
//! quarter of them churned over the last 30 months (by the seed's reason categories), referrals,
//! owner changes and budget cuts, contacts known as people, a year of reviews, notes of every kind
//! with follow-ups, the method's loops (business reviews, micro-feedback, relationship reviews
//! with NPS, audits, success reviews, exit interviews), complaints, escalations at every level,
//! 12 weeks of checklists, visits.
//!
//! `fill` and `ensure_demo_db` live here; the parts: `rng` (SplitMix64 and the Latin hypercube
//! that spreads fates, tiers and moods evenly), `words` (names and texts), `account` (the account
//! row with its status, owner and value history, contacts, reviews) and `history` (notes,
//! escalations, checklist, visits). The first accounts of every demo each show one situation the
//! agenda knows (`history::Showcase`). The same seed and "now" give the same database, byte for
//! byte.

mod account;
mod history;
mod rng;
mod words;

use std::collections::HashSet;

use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::dates::local_date;
use crate::error::Error;
use crate::store::Store;

use self::rng::Rng;
use self::words::COLLEAGUES;

/// Fill `store` with `n` accounts. Refuses a non-empty database unless `force`.
pub fn fill(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    user: &str,
    n: usize,
    seed: u64,
    force: bool,
) -> Result<usize, Error> {
    if !force && !store.is_empty()? {
        return Err(Error::invalid(
            "database",
            store
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            "an empty database for demo data (or --force to add to it)",
        ));
    }
    let mut owners: Vec<String> = vec![user.to_string()];
    owners.extend(
        COLLEAGUES
            .iter()
            .map(|s| s.to_string())
            .filter(|c| c != user),
    );
    store.bulk(|b| {
        let mut rng = Rng(seed ^ 0x7465_6E64);
        let mut names = HashSet::new();
        let mut portfolio = account::Portfolio::new(cfg, now, &owners, n);
        for i in 0..n {
            let name = account::unique_name(&mut rng, &mut names, b, i)?;
            account::generate(b, &mut portfolio, &mut rng, i, &name)?;
        }
        b.set_meta("demo_generated", &local_date(now).to_string())?;
        Ok(n)
    })
}

/// `--demo`: open the demo database, (re)generating it when missing or made before today.
pub fn ensure_demo_db(
    path: &std::path::Path,
    cfg: &Config,
    now: Timestamp,
    user: &str,
) -> Result<(), Error> {
    let fresh = match Store::open(path, &cfg.store, crate::store::Access::Read) {
        Ok(s) if path.exists() => s
            .meta("demo_generated")?
            .is_some_and(|d| d >= local_date(now).to_string()),
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    for suffix in ["", "-wal", "-shm"] {
        let p = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| Error::Io(format!("{}: {e}", p.display())))?;
        }
    }
    let store = Store::open(path, &cfg.store, crate::store::Access::Write)?;
    fill(&store, cfg, now, user, 40, 1, false)?;
    Ok(())
}

#[cfg(test)]
mod tests;
