//! Note search and name lookup at portfolio scale (`cargo bench --bench search`).
//!
//! Uses the same generated database as `benches/cockpit.rs` (`target/bench-data/`, 10 000 demo
//! accounts by default, `TEND_BENCH_ACCOUNTS` to change); kept apart from it so that it needs
//! nothing of the cockpit. The demo's notes come from a few dozen sentences, so common words match
//! tens of thousands of notes: the worst case for ranking.

use tend::config::Config;
use tend::store::{Access, Store};

#[path = "common/bench_db.rs"]
mod bench_db;
use bench_db::db;

fn main() {
    divan::main();
}

fn store() -> Store {
    Store::open(db(), &Config::default().store, Access::Read).unwrap()
}

/// `tend search`'s default: the best 20 of every note, ranked, with snippets.
#[divan::bench(args = ["outage", "next", "budg*", "\"agency fee\"", "weekly call next"])]
fn search_all_notes(bencher: divan::Bencher, query: &str) {
    let store = store();
    bencher.bench_local(|| store.search(query, None, 20).unwrap().hits.len());
}

/// One account's notes (`--account`): the match list is still the whole portfolio's.
#[divan::bench(args = ["next", "budg*"])]
fn search_one_account(bencher: divan::Bencher, query: &str) {
    let store = store();
    let id = store.accounts().unwrap()[0].id;
    bencher.bench_local(|| store.search(query, Some(id), 20).unwrap().hits.len());
}

/// A name that is not exact (loads every name, then the rule).
#[divan::bench]
fn find_account_by_prefix(bencher: divan::Bencher) {
    let store = store();
    let name = store.accounts().unwrap()[0].name.clone();
    let prefix: String = name
        .to_lowercase()
        .chars()
        .take(name.chars().count() - 2)
        .collect();
    bencher.bench_local(|| store.find_account(&prefix).map(|a| a.id).unwrap_or(0));
}

/// The cockpit's `/` filter and `:` palette: rank every name for a typed query.
#[divan::bench]
fn fuzzy_rank_every_name(bencher: divan::Bencher) {
    let store = store();
    let names = store.account_names().unwrap();
    bencher.bench_local(|| tend::domain::names::fuzzy_rank("mul gmb", &names).len());
}
