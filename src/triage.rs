//! The read model shared by the command line and the cockpit: every account's summary now (health,
//! 30-day trend, flags) in triage order, and the portfolio KPIs.

use std::collections::HashMap;

use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::agenda::AgendaItem;
use crate::domain::health::HealthFacts;
pub use crate::domain::summary::in_triage;
use crate::domain::summary::{AccountSummary, NowFacts, TriageKey, summarize, triage_key};
use crate::error::Error;
use crate::store::{FactsRead, Need, Store};

/// Summaries of every account (or only `only`), churned included, in triage order.
pub fn summaries(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    only: Option<i64>,
) -> Result<Vec<AccountSummary>, Error> {
    if only.is_some() {
        let then = now - chrono::Duration::days(cfg.health.trend_days);
        let then_facts: HashMap<i64, HealthFacts> = store
            .facts_fast(then, cfg, only)?
            .into_iter()
            .map(|f| (f.account.id, f.facts))
            .collect();
        let now_facts = store.facts_fast(now, cfg, only)?;
        return build(store, cfg, now, only, now_facts, Some(&then_facts));
    }
    rows(store, cfg, now, Some)
}

/// Every account's summary, with its trend, made into a row by `row` (`None` leaves the account
/// out), in triage order — without keeping the summaries: each is made, turned into its row and
/// dropped. A summary is ≈ 3 KB (facts, explanation rows, flags); a listing's row a fraction of
/// that, so `tend account list` at 100 000 accounts holds the rows, not the summaries.
pub fn rows<R: Send>(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    row: impl Fn(AccountSummary) -> Option<R> + Sync,
) -> Result<Vec<R>, Error> {
    // Both moments at once, each on two connections (`facts_split`): the trend's pass keeps
    // its second connection busy with seeks while its first is done early, so run alone the two
    // passes left a core idle for 40-90 ms at 10 000 accounts. The health then is all that is
    // kept of the first moment. Each pass is one snapshot, as when they ran one after the other.
    let (then_health, (now_facts, extras)) = both_moments(store, cfg, now)?;
    let trend = |s: &mut AccountSummary| {
        let then = then_health.get(&s.account.id).copied().flatten();
        set_trend(s, then, cfg);
    };
    Ok(assemble(
        cfg,
        now,
        now_facts,
        extras.unwrap_or_default(),
        None,
        |mut s| {
            trend(&mut s);
            row(s)
        },
    ))
}

/// `then_health` and the facts now (with the extras), side by side (`beside`).
fn both_moments(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
) -> Result<(HashMap<i64, Option<i64>>, crate::store::FactsRead), Error> {
    beside(
        store,
        cfg,
        |s| then_health(s, cfg, now),
        || store.facts_split(now, cfg, Need::Summaries),
    )
}

/// `theirs` on a read connection of its own (a scoped thread) while `mine` runs here, when the
/// store is a file and no transaction is open here (a transaction's own writes are seen by this
/// connection only); otherwise both run here, `theirs` first, and when that connection could
/// not open or read, `theirs` runs here after `mine`. Each is its own snapshot, as when they
/// ran one after the other.
fn beside<A: Send, B>(
    store: &Store,
    cfg: &Config,
    theirs: impl Fn(&Store) -> Result<A, Error> + Sync,
    mine: impl FnOnce() -> Result<B, Error>,
) -> Result<(A, B), Error> {
    let path = store.file_beside().filter(|_| store.conn().is_autocommit());
    let Some(path) = path else {
        let a = theirs(store)?;
        return Ok((a, mine()?));
    };
    std::thread::scope(|s| {
        let other = s.spawn(|| -> Result<A, Error> {
            let other = Store::open(&path, &cfg.store, crate::store::Access::Read)?;
            theirs(&other)
        });
        let b = mine();
        let joined = other.join();
        // This connection's own error first: it is about the file the user named.
        let b = b?;
        let a = match joined {
            Ok(Ok(a)) => a,
            Ok(Err(_)) => theirs(store)?,
            // A panic there is a bug: surface it here as one.
            Err(panic) => std::panic::resume_unwind(panic),
        };
        Ok((a, b))
    })
}

/// The summaries without the 30-day trend (`trend` and `arrow` are `None`): one "facts at t" pass
/// instead of two. The cockpit draws these first and completes them with `apply_trend`.
pub fn summaries_now(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    only: Option<i64>,
) -> Result<Vec<AccountSummary>, Error> {
    if only.is_some() {
        let now_facts = store.facts_fast(now, cfg, only)?;
        return build(store, cfg, now, only, now_facts, None);
    }
    Ok(summaries_made_of(
        read_now(store, cfg, now)?,
        cfg,
        now,
        |_| true,
    ))
}

/// What `summaries_now_of` makes the summaries of: every account's facts now with the extras.
/// Reading can fail; making the summaries of what was read cannot (`summaries_made_of`), so a
/// caller may drop the summaries it holds between the two.
pub fn read_now(store: &Store, cfg: &Config, now: Timestamp) -> Result<FactsRead, Error> {
    store.facts_split(now, cfg, Need::Summaries)
}

/// The summaries (without the trend) of what `read_now` read, of every account `keep` keeps,
/// each other one dropped as soon as it is made (the cockpit keeps few of the churned: at
/// 100 000 accounts a quarter of the summaries).
pub fn summaries_made_of(
    read: FactsRead,
    cfg: &Config,
    now: Timestamp,
    keep: impl Fn(&AccountSummary) -> bool + Sync,
) -> Vec<AccountSummary> {
    let (now_facts, extras) = read;
    assemble(cfg, now, now_facts, extras.unwrap_or_default(), None, |s| {
        keep(&s).then_some(s)
    })
}

/// Every account's health at the start of the trend window (`trend_days` before `now`).
pub fn then_health(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
) -> Result<HashMap<i64, Option<i64>>, Error> {
    let then = now - chrono::Duration::days(cfg.health.trend_days);
    Ok(store
        .health_split(then, cfg)?
        .into_iter()
        .map(|(id, facts)| (id, health_at(&facts, cfg, then)))
        .collect())
}

/// `then_health` of a few accounts (those a colleague just wrote to); an account that no longer
/// exists is left out.
pub fn then_health_of(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    ids: &[i64],
) -> Result<HashMap<i64, Option<i64>>, Error> {
    let then = now - chrono::Duration::days(cfg.health.trend_days);
    let mut out = HashMap::with_capacity(ids.len());
    for &id in ids {
        out.extend(
            store
                .facts_fast(then, cfg, Some(id))?
                .into_iter()
                .map(|f| (f.account.id, health_at(&f.facts, cfg, then))),
        );
    }
    Ok(out)
}

fn health_at(facts: &HealthFacts, cfg: &Config, t: Timestamp) -> Option<i64> {
    crate::domain::health::explain(facts, cfg, t).health
}

/// Complete summaries made by `summaries_now` with the trend: exactly what `summarize` computes
/// from the facts then (a test compares the two paths).
pub fn apply_trend(
    list: &mut [AccountSummary],
    then_health: &HashMap<i64, Option<i64>>,
    cfg: &Config,
) {
    for s in list {
        let then = then_health.get(&s.account.id).copied().flatten();
        set_trend(s, then, cfg);
    }
}

/// The trend and its arrow of a summary against the account's health then.
fn set_trend(s: &mut AccountSummary, then: Option<i64>, cfg: &Config) {
    s.trend = crate::domain::health::trend(s.explanation.health, then);
    s.arrow = crate::domain::health::arrow(s.trend, cfg);
}

fn build(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    only: Option<i64>,
    now_facts: Vec<crate::store::facts::AccountFacts>,
    then_facts: Option<&HashMap<i64, HealthFacts>>,
) -> Result<Vec<AccountSummary>, Error> {
    let extras = store.now_extras(now, only)?;
    Ok(assemble(cfg, now, now_facts, extras, then_facts, Some))
}

/// Summarise every account, make each summary into its row (`row`; `None` leaves it out) and
/// sort the rows in triage order: on both cores when there are many (summarising 10 000
/// accounts is ≈ 20 ms of explanation rows, flags and reasons on one).
fn assemble<R: Send>(
    cfg: &Config,
    now: Timestamp,
    now_facts: Vec<crate::store::facts::AccountFacts>,
    mut extras: HashMap<i64, crate::store::facts::NowExtras>,
    then_facts: Option<&HashMap<i64, HealthFacts>>,
    row: impl Fn(AccountSummary) -> Option<R> + Sync,
) -> Vec<R> {
    // Keys and rows apart, the rows sorted in place: at 100 000 accounts a second copy of the
    // summaries (a sort buffer, a collect into another type) would be ≈ 75 MB more at the peak.
    type Extras = HashMap<i64, crate::store::facts::NowExtras>;
    let one = |chunk: Vec<crate::store::facts::AccountFacts>,
               mut extras: Extras,
               capacity: usize|
     -> (Vec<TriageKey>, Vec<R>) {
        let mut keys = Vec::with_capacity(capacity);
        let mut rows = Vec::with_capacity(capacity);
        for f in chunk {
            let e = extras.remove(&f.account.id).unwrap_or_default();
            let extra = NowFacts {
                this_week_done: e.this_week_done,
                last: e.last,
                owner_changed_on: e.owner_changed_on,
            };
            let then = then_facts.and_then(|m| m.get(&f.account.id));
            let s = summarize(f.account, f.facts, then, &extra, cfg, now);
            let key = triage_key(&s);
            if let Some(r) = row(s) {
                keys.push(key);
                rows.push(r);
            }
        }
        (keys, rows)
    };
    let total = now_facts.len();
    let (keys, mut rows) = if total >= PARALLEL_FROM {
        let mut first = now_facts;
        let second = first.split_off(total / 2);
        let second_extras: Extras = second
            .iter()
            .filter_map(|f| extras.remove_entry(&f.account.id))
            .collect();
        std::thread::scope(|s| {
            let other = s.spawn(|| {
                let n = second.len();
                one(second, second_extras, n)
            });
            let (mut keys, mut rows) = one(first, extras, total);
            // A panic in the other half is a bug: surface it here as one.
            let (more_keys, more_rows) = other
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            keys.extend(more_keys);
            rows.extend(more_rows);
            (keys, rows)
        })
    } else {
        one(now_facts, extras, total)
    };
    // Stable, as `triage_sort`: equal keys keep the name order the facts come in (the row's
    // index breaks ties). Sorted as (key, index) pairs side by side: comparing through an
    // index into `keys` missed the cache on every comparison (107 ms at 100 000 accounts).
    let mut keyed: Vec<(TriageKey, usize)> = keys.into_iter().zip(0..).collect();
    keyed.sort_unstable();
    let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
    crate::domain::sorted::permute(&mut rows, order);
    // Room was taken for every account; `row` may have left some out (the cockpit drops most
    // churned accounts: ≈ 19 MB of room at 100 000).
    rows.shrink_to_fit();
    rows
}

/// From how many accounts summarising is shared by two threads (below, a thread costs more than
/// it saves). Unit tests share from a few accounts on, so both ways are tested.
#[cfg(not(test))]
const PARALLEL_FROM: usize = 2_000;
#[cfg(test)]
const PARALLEL_FROM: usize = 8;

/// The triage list as users see it: churned accounts leave it.
pub fn triage(store: &Store, cfg: &Config, now: Timestamp) -> Result<Vec<AccountSummary>, Error> {
    rows(store, cfg, now, |s| in_triage(&s).then_some(s))
}

pub fn summary_of(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    account_id: i64,
) -> Result<AccountSummary, Error> {
    summaries(store, cfg, now, Some(account_id))?
        .pop()
        .ok_or_else(|| Error::invalid("account", format!("#{account_id}"), "an existing account"))
}

/// The explanation of one account's score as it stood at `t`, recomputed from the records.
pub fn explanation_at(
    store: &Store,
    cfg: &Config,
    t: Timestamp,
    account_id: i64,
) -> Result<crate::domain::health::Explanation, Error> {
    let facts = store
        .facts_fast(t, cfg, Some(account_id))?
        .pop()
        .ok_or_else(|| {
            Error::invalid("account", format!("#{account_id}"), "an existing account")
        })?;
    Ok(crate::domain::health::explain(&facts.facts, cfg, t))
}

/// Health at the end of each of the `weeks` ISO weeks before the current one, then now.
pub fn history(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    account_id: i64,
    weeks: u32,
) -> Result<Vec<crate::domain::history::HistoryPoint>, Error> {
    crate::domain::history::history_moments(now, weeks)
        .into_iter()
        .map(|(week, at)| {
            let e = explanation_at(store, cfg, at, account_id)?;
            Ok(crate::domain::history::HistoryPoint {
                week: week.to_string(),
                at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                health: e.health,
                band: e.band,
            })
        })
        .collect()
}

/// How many past weeks the briefing's and the explanation's sparklines show.
pub const SPARK_WEEKS: u32 = 12;

/// The briefing's records with the health history for its sparkline.
pub fn briefing(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    account_id: i64,
) -> Result<crate::store::brief::Briefing, Error> {
    let mut b = store.briefing(account_id, now)?;
    b.history = history(store, cfg, now, account_id, SPARK_WEEKS)?
        .into_iter()
        .map(|p| p.health)
        .collect();
    Ok(b)
}

/// What the explanation overlay adds to the summary: the score 30 days ago and the history.
#[derive(Debug, Clone)]
pub struct ExplainExtra {
    pub account_id: i64,
    pub then: crate::domain::health::Explanation,
    pub history: Vec<Option<i64>>,
}

pub fn explain_extra(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    account_id: i64,
) -> Result<ExplainExtra, Error> {
    let then_at = now - chrono::Duration::days(cfg.health.trend_days);
    Ok(ExplainExtra {
        account_id,
        then: explanation_at(store, cfg, then_at, account_id)?,
        history: history(store, cfg, now, account_id, SPARK_WEEKS)?
            .into_iter()
            .map(|p| p.health)
            .collect(),
    })
}

/// The agenda: every item due across the portfolio (see `domain::agenda`).
pub fn agenda(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    q: crate::domain::agenda::AgendaQuery<'_>,
) -> Result<Vec<crate::domain::agenda::AgendaItem>, Error> {
    // No agenda item reads the trend: one "facts at t" pass is enough. Each account's items are
    // made as soon as its summary is, and the summary is dropped: at 100 000 accounts holding
    // every summary beside the 500 000 items was ≈ 130 MB more at the peak. The same items and
    // order as `agenda_of` over all the summaries (a test compares them).
    // The records, then the facts: two reads, as `agenda_of` after `summaries_now` are (the
    // facts' two connections need this one outside a transaction, so they cannot share one).
    let mut records = AgendaRecords::read(store, None, q, now)?;
    records.by_account();
    // The items made so far and the sort names of their accounts (`agenda::in_order`).
    type Made = (Vec<AgendaItem>, Vec<(String, i64)>);
    let (now_facts, extras) = store.facts_split(now, cfg, Need::Summaries)?;
    let room = crate::domain::agenda::room_for(now_facts.len());
    let made = std::sync::Mutex::new((Vec::with_capacity(room), Vec::new()) as Made);
    assemble(
        cfg,
        now,
        now_facts,
        extras.unwrap_or_default(),
        None,
        |s| -> Option<()> {
            let one = std::slice::from_ref(&s);
            let items = crate::domain::agenda::items(&records.input_of(one), q, cfg, now);
            let mut made = made.lock().unwrap_or_else(|e| e.into_inner());
            if !items.is_empty() {
                made.0.extend(items);
                made.1.push(crate::domain::agenda::sort_name(&s.account));
            }
            None
        },
    );
    let (items, names) = made.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok(crate::domain::agenda::in_order(items, names))
}

/// The agenda over summaries already computed (the cockpit has them, as its list and its
/// churned accounts: `lists`, each account in one of them).
pub fn agenda_of(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    lists: &[&[AccountSummary]],
    q: crate::domain::agenda::AgendaQuery<'_>,
) -> Result<Vec<crate::domain::agenda::AgendaItem>, Error> {
    let records = AgendaRecords::read(store, None, q, now)?;
    Ok(agenda_made_of(records, cfg, now, lists, q))
}

/// What `agenda_of` reads for the whole portfolio: all of it that can fail.
pub fn agenda_records(
    store: &Store,
    now: Timestamp,
    q: crate::domain::agenda::AgendaQuery<'_>,
) -> Result<AgendaRecords, Error> {
    AgendaRecords::read(store, None, q, now)
}

/// `agenda_of` made of what `agenda_records` read (nothing here can fail, so a caller may drop
/// the agenda it holds between the two).
pub fn agenda_made_of(
    records: AgendaRecords,
    cfg: &Config,
    now: Timestamp,
    lists: &[&[AccountSummary]],
    q: crate::domain::agenda::AgendaQuery<'_>,
) -> Vec<crate::domain::agenda::AgendaItem> {
    // A record belongs to one account, so each list's items are its accounts' items.
    let mut items = Vec::new();
    for list in lists {
        let more = crate::domain::agenda::items(&records.input(list), q, cfg, now);
        // The first list's items are taken as they are, not copied into a new vector.
        match items.is_empty() {
            true => items = more,
            false => items.extend(more),
        }
    }
    // The items hold what they say: the records go before the sort (≈ 23 MB at 100 000).
    drop(records);
    let names = lists
        .iter()
        .flat_map(|list| list.iter())
        .map(|s| crate::domain::agenda::sort_name(&s.account))
        .collect();
    crate::domain::agenda::in_order(items, names)
}

/// The agenda items of a few accounts (`summaries`: theirs), in no order: the cockpit puts them
/// into its agenda with `domain::agenda::update` after a colleague changed those accounts.
pub fn agenda_items_of(
    store: &Store,
    cfg: &Config,
    now: Timestamp,
    summaries: &[AccountSummary],
    q: crate::domain::agenda::AgendaQuery<'_>,
) -> Result<Vec<crate::domain::agenda::AgendaItem>, Error> {
    let ids: Vec<i64> = summaries.iter().map(|s| s.account.id).collect();
    let records = AgendaRecords::read(store, Some(&ids), q, now)?;
    Ok(crate::domain::agenda::items(
        &records.input(summaries),
        q,
        cfg,
        now,
    ))
}

/// The records that are agenda items themselves, of every account or of `only` these.
pub struct AgendaRecords {
    escalations: Vec<crate::domain::escalation::Escalation>,
    follow_ups: Vec<crate::domain::agenda::FollowUpDue>,
    birthdays: Vec<crate::domain::agenda::BirthdayOf>,
    snoozes: HashMap<String, (chrono::NaiveDate, String)>,
}

impl AgendaRecords {
    /// The records of every account or of `only` these, as far as `q` can list them.
    fn read(
        store: &Store,
        only: Option<&[i64]>,
        q: crate::domain::agenda::AgendaQuery<'_>,
        now: Timestamp,
    ) -> Result<AgendaRecords, Error> {
        let (escalations, follow_ups, mut birthdays) = match only {
            None => (
                store.escalations(false)?,
                store.follow_ups(false)?,
                store.birthdays()?,
            ),
            Some(ids) => (
                store.open_escalations_of(ids)?,
                store.open_follow_ups_of(ids)?,
                store.birthdays_of(ids)?,
            ),
        };
        let follow_ups = follow_ups
            .into_iter()
            .filter_map(|f| {
                Some(crate::domain::agenda::FollowUpDue {
                    id: f.note.id,
                    account_id: f.note.account_id,
                    due: f.note.follow_up?,
                    text: crate::text::one_line(&f.note.text),
                })
            })
            .collect();
        crate::domain::agenda::birthdays_within(&mut birthdays, q, now);
        Ok(AgendaRecords {
            escalations,
            follow_ups,
            birthdays,
            snoozes: store.snoozes()?,
        })
    }

    fn input<'a>(
        &'a self,
        summaries: &'a [AccountSummary],
    ) -> crate::domain::agenda::AgendaInput<'a> {
        crate::domain::agenda::AgendaInput {
            summaries,
            escalations: &self.escalations,
            follow_ups: &self.follow_ups,
            birthdays: &self.birthdays,
            snoozes: &self.snoozes,
        }
    }

    /// Group the records by account (`input_of`), each account's in the order they were read.
    fn by_account(&mut self) {
        self.escalations.sort_by_key(|e| e.account_id);
        self.follow_ups.sort_by_key(|f| f.account_id);
        self.birthdays.sort_by_key(|b| b.account_id);
    }

    /// `input` of one account's summary with only its records (after `by_account`).
    fn input_of<'a>(&'a self, one: &'a [AccountSummary]) -> crate::domain::agenda::AgendaInput<'a> {
        fn of<T>(v: &[T], id: i64, account: impl Fn(&T) -> i64) -> &[T] {
            let from = v.partition_point(|x| account(x) < id);
            let to = from + v[from..].partition_point(|x| account(x) == id);
            &v[from..to]
        }
        let id = one.first().map_or(i64::MIN, |s| s.account.id);
        crate::domain::agenda::AgendaInput {
            summaries: one,
            escalations: of(&self.escalations, id, |e| e.account_id),
            follow_ups: of(&self.follow_ups, id, |f| f.account_id),
            birthdays: of(&self.birthdays, id, |b| b.account_id),
            snoozes: &self.snoozes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::summary::triage_sort;

    /// The one-step path on one account at a time (facts then and now into `summarize`), in
    /// triage order.
    fn one_step(store: &Store, cfg: &Config, now: Timestamp) -> Vec<AccountSummary> {
        let mut whole: Vec<AccountSummary> = summaries_now(store, cfg, now, None)
            .unwrap()
            .iter()
            .map(|s| {
                summaries(store, cfg, now, Some(s.account.id))
                    .unwrap()
                    .remove(0)
            })
            .collect();
        triage_sort(&mut whole);
        whole
    }
    use chrono::TimeZone;

    /// A demo portfolio of `accounts` (seed `seed`) in `tend.db` of a new temporary directory,
    /// with the default config and the tests' now.
    fn demo_file(accounts: usize, seed: u64) -> (tempfile::TempDir, Store, Config, Timestamp) {
        let cfg = Config::default();
        let now = chrono::Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tend.db");
        let store = Store::open(&path, &cfg.store, crate::store::Access::Write).unwrap();
        crate::demo::fill(&store, &cfg, now, "anna.berger", accounts, seed, false).unwrap();
        (dir, store, cfg, now)
    }

    /// The cockpit's path (summaries now, the trend a moment later) gives exactly the summaries
    /// of the one-step path.
    #[test]
    fn the_trend_applied_later_equals_the_trend_computed_at_once() {
        let cfg = Config::default();
        let now = chrono::Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let store = Store::in_memory().unwrap();
        crate::demo::fill(&store, &cfg, now, "anna.berger", 60, 7, false).unwrap();
        let whole = one_step(&store, &cfg, now);
        let mut later = summaries_now(&store, &cfg, now, None).unwrap();
        assert!(later.iter().all(|s| s.trend.is_none() && s.arrow.is_none()));
        apply_trend(&mut later, &then_health(&store, &cfg, now).unwrap(), &cfg);
        assert!(whole.iter().any(|s| s.trend.is_some_and(|t| t != 0)));
        let key = |l: &[AccountSummary]| -> Vec<String> {
            l.iter()
                .map(|s| {
                    format!(
                        "{} {:?} {:?} {:?} {:?}",
                        s.account.id,
                        s.health(),
                        s.trend,
                        s.arrow,
                        s.flags
                    )
                })
                .collect()
        };
        assert_eq!(key(&whole), key(&later));
    }

    /// On a file the list is made on several threads and connections (the trend on its own,
    /// now on two, the summaries in two halves): it equals the one-step path account by
    /// account, and `rows`/`triage` keep exactly the accounts asked for, in the same order.
    #[test]
    fn the_parallel_list_equals_the_one_step_path_on_a_file() {
        let (_dir, store, cfg, now) = demo_file(60, 7);
        let whole = one_step(&store, &cfg, now);
        assert!(whole.len() >= PARALLEL_FROM * 2);
        assert!(
            whole.iter().any(|s| !in_triage(s)),
            "the demo has churned accounts"
        );
        let debug = |l: &[AccountSummary]| format!("{l:#?}");
        assert_eq!(
            debug(&summaries(&store, &cfg, now, None).unwrap()),
            debug(&whole)
        );
        let listed: Vec<AccountSummary> = whole.iter().filter(|s| in_triage(s)).cloned().collect();
        assert_eq!(debug(&triage(&store, &cfg, now).unwrap()), debug(&listed));
        let band = whole[0].band();
        let ids = rows(&store, &cfg, now, |s| {
            (s.band() == band).then_some(s.account.id)
        })
        .unwrap();
        let expected: Vec<i64> = whole
            .iter()
            .filter(|s| s.band() == band)
            .map(|s| s.account.id)
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(ids, expected);
    }

    /// `agenda` makes each account's items from its summary and drops it; `agenda_of` makes them
    /// from every summary at once (the cockpit's path). Same items, same order, for every query —
    /// the demo has churned and paused accounts, escalations, follow-ups, birthdays; a snooze
    /// and a colleague's accounts make `all` and `mine` differ from the plain agenda.
    #[test]
    fn the_agenda_made_account_by_account_equals_the_agenda_over_all_summaries() {
        use crate::domain::agenda::AgendaQuery;
        let (_dir, store, cfg, now) = demo_file(60, 11);
        let list = summaries_now(&store, &cfg, now, None).unwrap();
        let first = agenda(
            &store,
            &cfg,
            now,
            AgendaQuery {
                days: 7,
                mine: None,
                all: false,
            },
        )
        .unwrap();
        let snoozed = &first[first.len() / 2].id;
        let tomorrow = crate::domain::dates::local_date(now) + chrono::Duration::days(3);
        crate::ops::Ops::new(&store, &cfg, "anna.berger", now)
            .snooze(snoozed, tomorrow, "waiting for the client")
            .unwrap();
        let debug = |l: &[AgendaItem]| format!("{l:#?}");
        let mut kinds = std::collections::HashSet::new();
        for (days, mine, all) in [
            (7, None, false),
            (7, None, true),
            (0, None, false),
            (60, Some("anna.berger"), false),
            (3660, None, true),
        ] {
            let q = AgendaQuery { days, mine, all };
            let streamed = agenda(&store, &cfg, now, q).unwrap();
            assert!(!streamed.is_empty(), "{q:?}");
            kinds.extend(streamed.iter().map(|i| i.kind));
            assert_eq!(
                debug(&streamed),
                debug(&agenda_of(&store, &cfg, now, &[&list], q).unwrap()),
                "{q:?}"
            );
        }
        assert!(kinds.len() >= 5, "{kinds:?}");
        // The cockpit's call: its list and its churned accounts as two lists.
        let (churned, listed): (Vec<AccountSummary>, Vec<AccountSummary>) =
            list.iter().cloned().partition(|s| !in_triage(s));
        assert!(!churned.is_empty() && !listed.is_empty());
        let q = AgendaQuery {
            days: 60,
            mine: None,
            all: true,
        };
        assert_eq!(
            debug(&agenda_of(&store, &cfg, now, &[&listed, &churned], q).unwrap()),
            debug(&agenda(&store, &cfg, now, q).unwrap())
        );
    }

    /// The cockpit keeps only the churned summaries `churned_on_agenda` names: the others have
    /// no item in any look-ahead, snoozed ones included, on a portfolio where churned accounts
    /// have every kind of record (notes with follow-ups, contacts with birthdays, escalations).
    #[test]
    fn a_churned_account_is_on_the_agenda_only_for_its_exit_interview() {
        use crate::domain::agenda::{AgendaQuery, churned_on_agenda};
        let (_dir, store, cfg, now) = demo_file(80, 13);
        let churned_past_interview = |store: &Store| -> Vec<AccountSummary> {
            summaries_now(store, &cfg, now, None)
                .unwrap()
                .into_iter()
                .filter(|s| !in_triage(s) && !churned_on_agenda(s))
                .collect()
        };
        let first = churned_past_interview(&store);
        assert!(
            !first.is_empty(),
            "the demo has churned accounts past their interview"
        );
        // One of them with every record that makes an item for an account still served: an open
        // promise due in two days, a contact's birthday in three, an open escalation.
        let id = first[0].account.id;
        let today = crate::domain::dates::local_date(now);
        let in_days = |d: i64| today + chrono::Duration::days(d);
        let promise = crate::store::notes::NewNote {
            at: now,
            kind: crate::domain::NoteKind::Call,
            text: "will send the final invoice".into(),
            nps: None,
            follow_up: Some(in_days(2)),
        };
        store.add_note(id, &promise, "anna.berger", now).unwrap();
        let born = in_days(3);
        let contact = crate::store::contacts::NewContact {
            person: "Robin Gone".into(),
            role: None,
            email: None,
            phone: None,
            primary: false,
            birthday: Some(crate::domain::Birthday {
                year: None,
                month: chrono::Datelike::month(&born),
                day: chrono::Datelike::day(&born),
            }),
            channel: None,
            best_time: None,
            personal: None,
        };
        store.add_contact(id, &contact, "anna.berger", now).unwrap();
        store
            .open_escalation(
                id,
                crate::domain::escalation::Level::Orange,
                "unpaid invoice",
                &cfg.escalation.sla_hours,
                "anna.berger",
                now,
            )
            .unwrap();
        let dropped = churned_past_interview(&store);
        assert!(dropped.iter().any(|s| s.account.id == id));
        let q = AgendaQuery {
            days: 3660,
            mine: None,
            all: true,
        };
        assert!(
            agenda_of(&store, &cfg, now, &[&dropped], q)
                .unwrap()
                .is_empty()
        );
        // Those kept have their exit interview on it, and nothing else.
        let kept: Vec<AccountSummary> = summaries_now(&store, &cfg, now, None)
            .unwrap()
            .into_iter()
            .filter(|s| !in_triage(s) && churned_on_agenda(s))
            .collect();
        let items = agenda_of(&store, &cfg, now, &[&kept], q).unwrap();
        assert!(!items.is_empty());
        assert_eq!(items.len(), kept.len(), "{items:#?}");
    }

    /// Two contacts of one name with birthdays give two items of one id: both are listed, in
    /// the order they were read, by either path.
    #[test]
    fn two_birthdays_of_one_name_keep_their_order_on_both_paths() {
        use crate::domain::agenda::{AgendaQuery, ItemKind};
        let (_dir, store, cfg, now) = demo_file(40, 5);
        let list = summaries_now(&store, &cfg, now, None).unwrap();
        let active = list
            .iter()
            .find(|s| s.account.status == crate::domain::Status::Active)
            .unwrap();
        let ops = crate::ops::Ops::new(&store, &cfg, "anna.berger", now);
        for year in [1970, 1985] {
            let contact = crate::store::contacts::NewContact {
                person: "Kim Twin".into(),
                role: None,
                email: None,
                phone: None,
                primary: false,
                birthday: Some(crate::domain::Birthday {
                    year: Some(year),
                    month: 11,
                    day: 25,
                }),
                channel: None,
                best_time: None,
                personal: None,
            };
            ops.add_contact(active.account.id, &contact).unwrap();
        }
        let q = AgendaQuery {
            days: 7,
            mine: None,
            all: false,
        };
        let streamed = agenda(&store, &cfg, now, q).unwrap();
        let twins: Vec<&str> = streamed
            .iter()
            .filter(|i| i.kind == ItemKind::Birthday && i.reason.starts_with("Kim Twin"))
            .map(|i| i.reason.as_str())
            .collect();
        // By account and contact: the one added first (born 1970) first.
        assert_eq!(twins.len(), 2, "{twins:?}");
        assert!(twins[0].contains("turns 56"), "{twins:?}");
        assert!(twins[1].contains("turns 41"), "{twins:?}");
        let debug = |l: &[AgendaItem]| format!("{l:#?}");
        assert_eq!(
            debug(&streamed),
            debug(&agenda_of(&store, &cfg, now, &[&list], q).unwrap())
        );
    }

    /// When the second connection cannot open (here: the file at the path is no database any
    /// more, while this connection still holds the real one), this connection reads both
    /// moments: the list is the same.
    #[test]
    fn the_trend_is_read_here_when_a_second_connection_cannot_open() {
        let (dir, store, cfg, now) = demo_file(30, 3);
        let path = dir.path().join("tend.db");
        let debug = |l: &[AccountSummary]| format!("{l:#?}");
        let expected = debug(&summaries(&store, &cfg, now, None).unwrap());
        assert!(expected.contains("arrow: Some("), "the demo has trends");
        std::fs::rename(&path, dir.path().join("moved.db")).unwrap();
        std::fs::write(&path, "not a database").unwrap();
        assert_eq!(
            debug(&summaries(&store, &cfg, now, None).unwrap()),
            expected
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"not a database");
    }
}
