//! The cockpit: terminal lifecycle and the run loop. The loop is generic over the ratatui backend
//! and over where events come from, so tests drive it with a `TestBackend` and a list of keys.
//! (One cohesive thing past 400 lines: loading, performing effects and the run loop.)

pub mod action;
pub mod app;
mod contacts;
pub mod field;
pub mod form;
mod input;
pub mod keymap;
mod mouse;
mod note_form;
pub mod palette;
pub mod pane;
mod search;
pub mod state;
mod today;
pub mod ui;
pub mod update;

use std::io::Write;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEventKind};
use ratatui::Terminal;
use ratatui::backend::Backend;

use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::IsoWeek;
use crate::domain::dates::local_date;
use crate::domain::escalation::sort_queue;
use crate::domain::summary::kpis;
use crate::error::Error;
use crate::ops::Undo;
use crate::store::Store;
use action::{Effect, Outcome};
use app::{App, Data, Detail};

/// Where key presses come from.
pub trait Events {
    /// The next event, or `None` when `timeout` passed without one.
    fn next(&mut self, timeout: Duration) -> Result<Option<Event>, Error>;
}

/// "Now" for the cockpit: the clock, read again on every tick unless `TEND_NOW` pins it.
pub trait Clock {
    fn now(&mut self) -> Timestamp;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&mut self) -> Timestamp {
        crate::clock::now().unwrap_or_else(|_| chrono::Utc::now())
    }
}

/// How many resolved escalations the queue pane shows after the open ones.
const RESOLVED_SHOWN: usize = 50;

/// Load the portfolio-wide data (triage list, KPIs, queue) without the 30-day trend, which needs a
/// second "facts at t" pass, and without the agenda: `complete_load` adds both (the run loop does
/// so right after the first frame, before it reads a key).
pub fn load_data(store: &Store, app: &App) -> Result<Data, Error> {
    Ok(read_data(store, app)?.made(&app.cfg, app.now))
}

/// What `load_data` reads: all of it that can fail. `Read::made` makes the data of it.
struct Read {
    facts: crate::store::FactsRead,
    queue: Vec<crate::domain::escalation::Escalation>,
    changes_seen: Option<i64>,
}

fn read_data(store: &Store, app: &App) -> Result<Read, Error> {
    // The change log's position first: a commit after it is re-read by the next reload.
    let changes_seen = store.change_seq()?;
    // Every account's facts, and the escalation queue read beside them on a connection of its
    // own: while the facts are read, one of the two connections is done first and its core
    // would idle (at 100 000 accounts the queue's 16 000 escalations took 160 ms after the facts).
    let (show_resolved, now) = (app.show_resolved, app.now);
    let (facts, queue) = std::thread::scope(|s| {
        let beside = store.file_beside().map(|path| {
            let cfg = &app.cfg.store;
            s.spawn(move || -> Result<_, Error> {
                let other = Store::open(&path, cfg, crate::store::Access::Read)?;
                load_queue(&other, show_resolved, now)
            })
        });
        let facts = crate::triage::read_now(store, &app.cfg, app.now);
        // A panic there is a bug: surface it here as one.
        let queue = beside.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        (facts, queue)
    });
    let facts = facts?;
    // The queue could not be read beside (no file handle left, …): read it here, where an error
    // of the file itself surfaces.
    let queue = match queue {
        Some(Ok(queue)) => queue,
        _ => load_queue(store, show_resolved, now)?,
    };
    Ok(Read {
        facts,
        queue,
        changes_seen,
    })
}

impl Read {
    /// The data made of what was read: nothing here can fail.
    fn made(self, cfg: &Config, now: Timestamp) -> Data {
        let mut list = crate::triage::summaries_made_of(self.facts, cfg, now, kept_summary);
        // The list shows all but the churned; of those only the ones on the agenda are kept
        // (their exit interviews: `churned_on_agenda`). Neither the KPIs nor the order depend on
        // the trend or the agenda. The churned are taken out where they stand (a partition into
        // two new vectors moved every summary: 140 ms at 100 000).
        let churned: Vec<_> = list
            .extract_if(.., |s| !crate::triage::in_triage(s))
            .collect();
        let k = kpis(&list, cfg, now);
        Data {
            list,
            kpis: Some(k),
            queue: self.queue,
            agenda: Vec::new(),
            churned,
            agenda_pending: true,
            then_health: None,
            due_now: 0,
            changes_seen: self.changes_seen,
            loaded_at: Some(now),
            trend_stale: true,
            agenda_redo: None,
        }
    }
}

/// The summaries the cockpit keeps: the listed accounts' and the churned ones on the agenda
/// (`domain::agenda::churned_on_agenda`: their exit interviews).
fn kept_summary(s: &crate::domain::summary::AccountSummary) -> bool {
    crate::triage::in_triage(s) || crate::domain::agenda::churned_on_agenda(s)
}

/// The escalation queue: open escalations in queue order, then (when shown) the latest resolved.
fn load_queue(
    store: &Store,
    show_resolved: bool,
    now: Timestamp,
) -> Result<Vec<crate::domain::escalation::Escalation>, Error> {
    let mut queue = store.escalations(show_resolved)?;
    sort_queue(&mut queue, now);
    // Resolved ones follow the open queue, newest resolution first: the latest are enough here.
    if let Some(first_resolved) = queue.iter().position(|e| !e.is_open()) {
        queue.truncate(first_resolved + RESOLVED_SHOWN);
    }
    Ok(queue)
}

/// How long the accounts a reload does not re-read may stay as they were summarised: their
/// scores move with time too (an escalation running past its deadline), so after this a reload
/// also makes every other summary again at the new moment (`AccountSummary::aged`), with the
/// trend and the agenda. The run loop does so after this long with no write at all too.
const AGED_AFTER_MINUTES: i64 = 5;

/// More changed accounts than this (a colleague's bulk edit) are read as a whole portfolio.
const CHANGED_MAX: usize = 64;

/// Re-read only the accounts changed since the data was read (migration 009's change log): their
/// summaries and health `trend_days` ago, in their places in triage order; then the KPIs and
/// their escalations in the queue. Data older than `AGED_AFTER_MINUTES` has every other summary
/// made again at this moment from what it was made of (no record of those accounts changed) and
/// its trend and agenda made again. The result equals a full reload at the same moment (a test
/// compares the two). False when everything must be read: no change log, a bulk write, a
/// snooze of an item no record names, many changes, or data read on another day (the week's
/// ticks, the agenda's dates).
fn reload_changed(store: &Store, app: &mut App) -> Result<bool, Error> {
    let (Some(seen), Some(loaded_at)) = (app.data.changes_seen, app.data.loaded_at) else {
        return Ok(false);
    };
    let age = app.now - loaded_at;
    if age < chrono::Duration::zero() || local_date(app.now) != local_date(loaded_at) {
        return Ok(false);
    }
    let aged = age >= chrono::Duration::minutes(AGED_AFTER_MINUTES);
    let Some(changes) = store.changes_since(seen)? else {
        return Ok(false);
    };
    if changes.everything || changes.accounts.len() > CHANGED_MAX {
        return Ok(false);
    }
    let (cfg, now) = (&app.cfg, app.now);
    let mut fresh = Vec::with_capacity(changes.accounts.len());
    for &id in &changes.accounts {
        fresh.extend(crate::triage::summaries_now(store, cfg, now, Some(id))?);
    }
    // Health then of the changed accounts, when the arrows are from a pass at this moment (aged
    // data has its trend made again as a whole, after the frame).
    let then = match (&app.data.then_health, app.data.trend_stale || aged) {
        (Some(_), false) => Some(crate::triage::then_health_of(
            store,
            cfg,
            now,
            &changes.accounts,
        )?),
        _ => None,
    };
    // The open queue: the changed accounts' open escalations replace theirs. With the resolved
    // shown, the latest resolved of the whole portfolio are read again.
    let (whole_queue, their_open) = if app.show_resolved {
        (
            Some(load_queue(store, app.show_resolved, app.now)?),
            Vec::new(),
        )
    } else {
        (None, store.open_escalations_of(&changes.accounts)?)
    };
    let cfg = app.cfg.clone();
    app.edit_data(|d| {
        use crate::domain::sorted::{insert_sorted, settle};
        use crate::domain::summary::triage_key;
        let changed: std::collections::HashSet<i64> = changes.accounts.iter().copied().collect();
        d.churned.retain(|s| !changed.contains(&s.account.id));
        if aged {
            // Every other summary again at this moment, in place (no second copy of the
            // portfolio), in triage order again; the churned that left the agenda go.
            let age = |list: Vec<crate::domain::summary::AccountSummary>| -> Vec<_> {
                list.into_iter()
                    .map(|s| match changed.contains(&s.account.id) {
                        true => s,
                        false => s.aged(&cfg, now),
                    })
                    .collect()
            };
            d.list = age(std::mem::take(&mut d.list));
            crate::domain::summary::triage_sort(&mut d.list);
            d.churned = age(std::mem::take(&mut d.churned));
            d.churned.retain(kept_summary);
            d.loaded_at = Some(now);
            d.trend_stale = true;
        }
        if let (Some(map), Some(then)) = (&mut d.then_health, then) {
            map.retain(|id, _| !changed.contains(id));
            map.extend(then);
        }
        // Each summary replaces its old one and moves to its place: only the rows in between
        // move (at 100 000 accounts removing and inserting moved the whole list each time).
        let kept: std::collections::HashSet<i64> = fresh.iter().map(|s| s.account.id).collect();
        for mut s in fresh {
            // (Aged data has every arrow set below.)
            if !aged && let Some(map) = &d.then_health {
                crate::triage::apply_trend(std::slice::from_mut(&mut s), map, &cfg);
            }
            let old = d.list.iter().position(|x| x.account.id == s.account.id);
            match (old, crate::triage::in_triage(&s)) {
                (Some(i), true) => {
                    d.list[i] = s;
                    settle(&mut d.list, i, triage_key);
                }
                (None, true) => insert_sorted(&mut d.list, s, triage_key),
                (old, false) => {
                    if let Some(i) = old {
                        d.list.remove(i);
                    }
                    if kept_summary(&s) {
                        d.churned.push(s);
                    }
                }
            }
        }
        // Deleted accounts.
        if kept.len() < changed.len() {
            d.list
                .retain(|s| kept.contains(&s.account.id) || !changed.contains(&s.account.id));
        }
        if aged && let Some(map) = &d.then_health {
            // The arrows against the last trend pass until the next one (as a full reload).
            crate::triage::apply_trend(&mut d.list, map, &cfg);
        }
        d.kpis = Some(kpis(&d.list, &cfg, now));
        match whole_queue {
            Some(queue) => d.queue = queue,
            None => {
                d.queue
                    .retain(|e| e.is_open() && !changed.contains(&e.account_id));
                d.queue.extend(their_open);
                sort_queue(&mut d.queue, now);
            }
        }
        d.changes_seen = Some(changes.seq);
        // The agenda follows after the frame: only these accounts' items, unless the whole of
        // it is still to be made (or every item's moment moved).
        match (&mut d.agenda_redo, d.agenda_pending) {
            _ if aged => d.agenda_redo = None,
            (_, false) => d.agenda_redo = Some(changes.accounts),
            (Some(redo), true) => redo.extend(changes.accounts),
            (None, true) => {}
        }
        d.agenda_pending = true;
    });
    Ok(true)
}

/// Make the agenda from the loaded summaries (the Today view and the header's count). In the
/// Today view the selection may move to another account's item (the selected one was done or
/// snoozed): the panes follow it.
pub fn complete_agenda(store: &Store, app: &mut App) {
    if !app.data.agenda_pending {
        return;
    }
    make_agenda(store, app);
    if app.selected_id() != app.detail.as_ref().map(|d| d.account_id) {
        reload_panes(store, app);
    }
}

fn make_agenda(store: &Store, app: &mut App) {
    let q = crate::domain::agenda::AgendaQuery {
        days: app.cfg.today.days,
        mine: None,
        all: false,
    };
    if let Some(ids) = app.data.agenda_redo.take() {
        // Only the changed accounts' items: theirs leave, their new ones go into place.
        let changed: std::collections::HashSet<i64> = ids.into_iter().collect();
        let theirs: Vec<_> = (app.data.list.iter().chain(&app.data.churned))
            .filter(|s| changed.contains(&s.account.id))
            .cloned()
            .collect();
        match crate::triage::agenda_items_of(store, &app.cfg, app.now, &theirs, q) {
            Ok(items) => {
                app.edit_agenda(|agenda| crate::domain::agenda::update(agenda, &changed, items))
            }
            Err(e) => app.complain(format!("could not make the agenda: {e}")),
        }
        return;
    }
    match crate::triage::agenda_records(store, app.now, q) {
        Ok(records) => {
            let (cfg, now) = (app.cfg.clone(), app.now);
            app.remake_agenda(|d| {
                // The churned accounts' items too (exit interviews).
                let lists = [&d.list[..], &d.churned[..]];
                crate::triage::agenda_made_of(records, &cfg, now, &lists, q)
            });
        }
        Err(e) => app.complain(format!("could not make the agenda: {e}")),
    }
}

/// What the first frame goes without: the trend, then the agenda (both before the next frame).
/// In this order the trend pass's facts (every account's, 30 days ago) are gone before the
/// agenda's items are made: at 100 000 accounts the other order held both at once, ≈ 130 MB
/// more at the cockpit's peak.
pub fn complete_load(store: &Store, app: &mut App) {
    complete_trend(store, app);
    complete_agenda(store, app);
}

/// An escalation with its history and undone resolutions (the escalation overlay).
pub fn load_story(store: &Store, id: i64) -> Result<app::EscalationStory, Error> {
    Ok(app::EscalationStory {
        escalation: store.escalation(id)?,
        history: store.escalation_history(id)?,
        undone: store.undone_resolutions(id)?,
    })
}

/// Load what the panes show for one account.
/// A note opened from the search that is older than the newest stays in the pane (and selected)
/// across reloads while it exists.
pub fn load_detail(store: &Store, app: &App, account_id: i64) -> Result<Detail, Error> {
    let mut detail = Detail {
        account_id,
        // Only what a screen can show (the pane is at most ~50 rows); `tend notes` has the rest.
        notes: store.notes(account_id, Some(60))?,
        notes_total: store.note_count(account_id)?,
        ticks: store.ticks(account_id, IsoWeek::at(app.now))?,
        last_visit: store.last_visit(account_id)?,
        pinned: None,
    };
    let pinned = app
        .detail
        .as_ref()
        .filter(|d| d.account_id == account_id)
        .and_then(|d| d.pinned);
    if let Some(id) = pinned
        && let Some(note) = store.note_if_any(id)?
    {
        detail.pin(note);
    }
    Ok(detail)
}

/// Reload everything, the trend included; a failure shows in the status line and the cockpit
/// keeps its old data.
pub fn reload(store: &Store, app: &mut App) {
    if reload_without_trend(store, app) {
        complete_load(store, app);
    }
}

/// Add the 30-day trend (arrows) to the loaded list: the facts as they stood `trend_days` ago.
/// Nothing to do when the arrows are already against this data's moment.
pub fn complete_trend(store: &Store, app: &mut App) {
    if !app.data.trend_stale {
        return;
    }
    match crate::triage::then_health(store, &app.cfg, app.now) {
        Ok(then) => {
            crate::triage::apply_trend(&mut app.data.list, &then, &app.cfg);
            app.data.then_health = Some(then);
            app.data.trend_stale = false;
        }
        Err(e) => app.complain(format!("could not compute the trend: {e}")),
    }
}

/// Reload everything but the agenda and the trend (`complete_load`); true when the data was
/// replaced.
pub fn reload_without_trend(store: &Store, app: &mut App) -> bool {
    // A failed partial read leaves it to the full read, which says what is wrong if it fails too.
    if let Ok(true) = reload_changed(store, app) {
        reload_panes(store, app);
        return true;
    }
    match read_data(store, app) {
        Ok(read) => {
            let (cfg, now) = (app.cfg.clone(), app.now);
            app.edit_data(|d| {
                // What was read cannot fail to be made: the old summaries go first (at 100 000
                // accounts holding both lists at once was ≈ 120 MB more at the cockpit's peak).
                d.list = Vec::new();
                d.churned = Vec::new();
                let mut data = read.made(&cfg, now);
                // Until the new agenda is made, the last one stands (the Today selection
                // follows its item through the reload).
                data.agenda = std::mem::take(&mut d.agenda);
                data.due_now = d.due_now;
                // The arrows against the last trend pass until the next one (no flicker).
                if let Some(then) = d.then_health.take() {
                    crate::triage::apply_trend(&mut data.list, &then, &cfg);
                    data.then_health = Some(then);
                }
                *d = data;
            });
            reload_panes(store, app);
            true
        }
        Err(e) => {
            app.complain(format!("could not read the database: {e}"));
            false
        }
    }
}

/// What the panes and an open overlay show for the selected account, after the data moved.
fn reload_panes(store: &Store, app: &mut App) {
    if let Some(id) = app.selected_id() {
        match load_detail(store, app, id) {
            Ok(d) => app.set_detail(Some(d)),
            Err(e) => app.complain(format!("could not load the account: {e}")),
        }
        // An open briefing follows the data (a colleague's note appears in it too).
        if matches!(app.mode, app::Mode::Overlay(app::Overlay::Brief)) {
            match crate::triage::briefing(store, &app.cfg, app.now, id) {
                Ok(b) => app.brief = Some(b),
                Err(e) => app.complain(format!("could not load the briefing: {e}")),
            }
        }
        // An open escalation follows a colleague's raise or resolution.
        if let app::Mode::Overlay(app::Overlay::Escalation(e)) = app.mode {
            match load_story(store, e) {
                Ok(s) => app.story = Some(s),
                Err(e) => app.complain(format!("could not load the escalation: {e}")),
            }
        }
        if matches!(app.mode, app::Mode::Overlay(app::Overlay::Explain)) {
            match crate::triage::explain_extra(store, &app.cfg, app.now, id) {
                Ok(x) => app.explain = Some(x),
                Err(e) => app.complain(format!("could not load the history: {e}")),
            }
        }
    } else {
        app.set_detail(None);
    }
}

/// Perform an effect with the store. Every write is committed before this returns `Ok`. It does
/// not change the app: `update::apply` does that with the outcome.
pub fn perform(store: &Store, app: &App, effect: Effect) -> Result<Outcome, Error> {
    let ops = crate::ops::Ops::new(store, &app.cfg, &app.user, app.now);
    let now = app.now;
    let mut select = None;
    let mut undo = None;
    let message = match effect {
        Effect::LoadDetail(id) => return Ok(Outcome::Detail(load_detail(store, app, id)?)),
        Effect::LoadBrief(id) => {
            return Ok(Outcome::Brief(crate::triage::briefing(
                store, &app.cfg, app.now, id,
            )?));
        }
        Effect::LoadExplain(id) => {
            return Ok(Outcome::Explain(crate::triage::explain_extra(
                store, &app.cfg, app.now, id,
            )?));
        }
        Effect::Reload => return Ok(Outcome::Reload),
        Effect::Search(query) => {
            let typed = crate::domain::search::as_typed(&query);
            let results = store
                .search(&typed, None, search::LIMIT)
                .map_err(|e| e.to_string());
            return Ok(Outcome::Search { query, results });
        }
        Effect::LoadEscalation(id) => {
            return Ok(Outcome::Escalation(load_story(store, id)?));
        }
        Effect::LoadContacts(account_id) => {
            return Ok(Outcome::Contacts {
                account_id,
                contacts: store.contacts(account_id)?,
            });
        }
        Effect::SaveContact {
            account_id,
            id,
            contact,
            was,
        } => {
            let person = one(&contact.person);
            match id {
                None => {
                    ops.add_contact(account_id, &contact)?;
                    format!("contact {person} added")
                }
                Some(id) => {
                    let was = was.map_or_else(|| contact.clone(), |w| *w);
                    ops.edit_contact_from(id, &was, &contact)?;
                    format!("contact {person} updated")
                }
            }
        }
        Effect::DeleteContact { id, .. } => {
            let c = store.contact_by_id(id)?;
            ops.delete_contact(id)?;
            format!("contact {} deleted", one(&c.person))
        }
        Effect::OpenNote { account_id, id } => {
            let note = store.note(id)?;
            let mut detail = load_detail(store, app, account_id)?;
            detail.pin(note.clone());
            return Ok(Outcome::Note { detail, note });
        }
        Effect::Undo(u) => format!("undone: {}", ops.undo(&u)?),
        Effect::SaveNote {
            account_id,
            line,
            kind,
        } => {
            let n = ops.log_quick_note(account_id, &line, kind)?;
            undo = Some(Undo::Note {
                id: n.id,
                created_at: n.created_at,
            });
            saved_note(store, &n, now)?
        }
        Effect::LogNote { account_id, note } => {
            let n = ops.log_note(account_id, note)?;
            undo = Some(Undo::Note {
                id: n.id,
                created_at: n.created_at,
            });
            saved_note(store, &n, now)?
        }
        Effect::EditNote { id, text, was } => {
            let old = store.note(id)?;
            ops.edit_note_from(id, &was, &text)?;
            undo = Some(Undo::EditNote {
                id,
                created_at: old.created_at,
                before: old.text,
                after: text,
            });
            format!("note {id} updated")
        }
        Effect::DeleteNote { id, was } => {
            ops.delete_note_from(id, &was)?;
            format!("note {id} deleted")
        }
        Effect::FollowUpDone { id } => {
            let closed = ops.follow_up_done(id)?;
            let n = store.note(id)?;
            if closed {
                undo = Some(Undo::FollowUpDone {
                    id,
                    created_at: n.created_at,
                });
            }
            let name = store.account_by_id(n.account_id)?.name;
            format!("follow-up done — {}: {}", one(&name), one(&n.text))
        }
        Effect::Snooze {
            item,
            until,
            reason,
        } => {
            ops.snooze(&item, until, &reason)?;
            // Said as the list shows it (found in a trial: "audit:18 snoozed until …").
            let what = app.data.agenda.iter().find(|i| i.id == item).map_or_else(
                || item.clone(),
                |i| format!("{} — {}", i.kind.as_str(), one(&i.account)),
            );
            let message = format!("{what} snoozed until {until} ({})", one(&reason));
            undo = Some(Undo::Snooze { item });
            message
        }
        Effect::ToggleTick {
            account_id,
            week,
            key,
            done,
        } => {
            let t = ops.tick(account_id, week, &key, done)?;
            let verb = if done { "ticked" } else { "unticked" };
            // A colleague did it a moment ago: say so, not as if this key press had.
            let already = if t.changed { "" } else { "already " };
            let name = store.account_by_id(account_id)?.name;
            let message = format!("{already}{verb} '{key}' for {week} — {}", one(&name));
            if t.changed {
                undo = Some(Undo::Tick {
                    account_id,
                    week,
                    key,
                    done,
                    at: now,
                });
            }
            message
        }
        Effect::OpenEscalation {
            account_id,
            level,
            reason,
        } => {
            let e = ops.open_escalation(account_id, level, &reason)?;
            undo = Some(Undo::EscalationOpened {
                id: e.id,
                created_at: e.opened_at,
            });
            format!(
                "escalation #{} opened — {}: {} by {}, {}",
                e.id,
                one(&e.account),
                level.action(),
                level.owner_role(),
                crate::domain::when::due(e.due_at, now, false)
            )
        }
        Effect::RaiseEscalation { id, from, to, note } => {
            let before = store.escalation(id)?;
            let e = match ops.raise_escalation(id, Some(to), note.as_deref()) {
                // Refused because a colleague raised it since the form opened: say so.
                Err(Error::Invalid { field, value, .. }) if before.level != from => {
                    let by = store
                        .escalation_history(id)?
                        .last()
                        .map(|c| c.by.clone())
                        .unwrap_or_default();
                    return Err(Error::Invalid {
                        field,
                        value,
                        allowed: format!(
                            "a level above {} — {by} raised #{id} from {from} meanwhile",
                            before.level
                        ),
                    });
                }
                other => other?,
            };
            undo = Some(Undo::Raise {
                id,
                from: before.level,
                to: e.level,
                due_before: before.due_at,
            });
            format!(
                "#{} raised to {} — {}: {} by {}",
                e.id,
                e.level,
                one(&e.account),
                e.level.action(),
                e.level.owner_role()
            )
        }
        Effect::ResolveEscalation { id, note, seen_due } => {
            let due_before = store.escalation(id)?.due_at;
            let e = ops.resolve_escalation(id, &note, seen_due)?;
            undo = e.resolved_at.map(|resolved_at| Undo::Resolve {
                id,
                resolved_at,
                due_before,
            });
            format!("#{id} resolved — {}", one(&e.account))
        }
        Effect::ReopenEscalation { id, note } => {
            let e = ops.reopen_escalation(id, &note)?;
            format!(
                "#{id} reopened — {}: {} by {}, {}",
                one(&e.account),
                e.level.action(),
                e.level.owner_role(),
                crate::domain::when::due(e.due_at, now, false)
            )
        }
        Effect::PlanVisit {
            account_id,
            date,
            seen,
        } => {
            let previous = store.planned_visit(account_id)?;
            ops.plan_visit(account_id, date, seen)?;
            undo = Some(Undo::Plan {
                account_id,
                planned: date,
                previous,
            });
            let name = store.account_by_id(account_id)?.name;
            format!("visit to {} planned for {date}", one(&name))
        }
        Effect::VisitDone {
            account_id,
            on,
            note,
        } => {
            ops.visit_done(account_id, on, note.as_deref())?;
            let name = store.account_by_id(account_id)?.name;
            format!(
                "visit on {on} recorded for {} (and a visit note)",
                one(&name)
            )
        }
        Effect::Review {
            account_id,
            scores,
            note,
        } => {
            let id = ops.review(account_id, scores, note.as_deref())?;
            undo = Some(Undo::Review {
                id,
                account_id,
                created_at: now,
            });
            let name = store.account_by_id(account_id)?.name;
            format!("review recorded for {}", one(&name))
        }
        Effect::AddAccount(new) => {
            let a = ops.add_account(new)?;
            select = Some(a.id);
            undo = Some(Undo::AccountAdded {
                id: a.id,
                created_at: a.created_at,
            });
            format!("added '{}'", one(&a.name))
        }
    };
    let undo = undo.map(|u| (u, message.clone()));
    Ok(Outcome::Saved {
        message,
        select,
        undo,
    })
}

/// Perform `effect` and apply its outcome to the app; true when something was written (the app
/// has been reloaded).
pub fn run_effect(store: &Store, app: &mut App, effect: Effect) -> bool {
    let ran = run_effect_before_frame(store, app, effect);
    if ran.pending {
        complete_load(store, app);
    }
    ran.written
}

/// What `run_effect_before_frame` did: a write was committed; the agenda and trend are due.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ran {
    pub written: bool,
    pub pending: bool,
}

/// `run_effect` for the run loop: after a write, only what the next frame needs is reloaded
/// (the list with health, KPIs, queue, the panes); the agenda and the trend are added by
/// `complete_load`, which the loop does right after that frame is drawn — the screen confirms
/// the save without waiting for them.
pub fn run_effect_before_frame(store: &Store, app: &mut App, effect: Effect) -> Ran {
    let is_write = effect.is_write();
    // A contact written from the contacts overlay goes back to it.
    let then = match &effect {
        Effect::SaveContact { account_id, .. } | Effect::DeleteContact { account_id, .. } => {
            Some(Effect::LoadContacts(*account_id))
        }
        _ => None,
    };
    let is_undo = matches!(effect, Effect::Undo(_));
    // A refused edit of these starts its form from what the record says now.
    let editing = match &effect {
        Effect::EditNote { id, .. } => Some(Editing::Note(*id)),
        Effect::SaveContact { id: Some(id), .. } => Some(Editing::Contact(*id)),
        Effect::ResolveEscalation { id, .. } => Some(Editing::Resolve(*id)),
        Effect::PlanVisit { account_id, .. } => Some(Editing::Plan(*account_id)),
        _ => None,
    };
    match perform(store, app, effect) {
        Ok(Outcome::Detail(d)) => app.set_detail(Some(d)),
        Ok(Outcome::Brief(b)) => app.brief = Some(b),
        Ok(Outcome::Explain(e)) => app.explain = Some(e),
        Ok(Outcome::Escalation(s)) => app.story = Some(s),
        Ok(Outcome::Reload) => {
            return Ran {
                written: false,
                pending: reload_without_trend(store, app),
            };
        }
        Ok(Outcome::Search { query, results }) => search::show(app, query, results),
        Ok(Outcome::Contacts {
            account_id,
            contacts,
        }) => contacts::show(app, account_id, contacts),
        Ok(Outcome::Note { detail, note }) => search::opened(app, detail, note),
        Ok(Outcome::Saved {
            message,
            select,
            undo,
        }) => {
            match undo {
                Some(u) => app.push_undo(u),
                // Taking one back leaves the ones before it to the next `u`.
                None if is_undo => {}
                None => app.undo_barrier(message.clone()),
            }
            update::saved(app, Ok((message, select)));
            let pending = reload_without_trend(store, app);
            // In the Today view the item acted on must leave the list in the frame that says
            // it is done: the agenda is made before that frame, only the trend follows it.
            if pending && app.today {
                complete_agenda(store, app);
            }
            if let Some(then) = then {
                run_effect_before_frame(store, app, then);
            }
            return Ran {
                written: true,
                pending,
            };
        }
        // A refused undo says why; nothing typed is at stake.
        Err(Error::Db(why)) if is_undo => app.complain(why),
        Err(e) if is_write => {
            if let Some(record) = editing {
                start_from_current(store, app, record);
            }
            update::saved(app, Err(e));
        }
        Err(e) => app.complain(e.to_string()),
    }
    Ran::default()
}

/// A record an edit form writes, by id.
#[derive(Clone, Copy)]
enum Editing {
    Note(i64),
    Contact(i64),
    /// The resolve form: its deadline seen becomes the current one.
    Resolve(i64),
    /// The plan form (by account): the plan seen becomes the current one.
    Plan(i64),
}

/// After a refused edit (a colleague changed the record since the form opened), the open form
/// starts from what the record says now, so Enter again saves over it knowingly: a note's text
/// stays as typed; a contact's fields not changed here take the current values, so Enter again
/// writes only what was changed here.
fn start_from_current(store: &Store, app: &mut App, record: Editing) {
    let app::Mode::Form(form) = &mut app.mode else {
        return;
    };
    match record {
        Editing::Note(id) => {
            if let Ok(n) = store.note(id)
                && let Some(first) = form.initial.first_mut()
            {
                *first = n.text;
            }
        }
        Editing::Contact(id) => {
            let Ok(c) = store.contact_by_id(id) else {
                return;
            };
            let now = contacts::values(&c);
            for (i, value) in now.iter().enumerate() {
                let untouched = form.initial.get(i).map(String::as_str) == Some(form.value(i));
                if untouched && let Some(f) = form.fields.get_mut(i) {
                    f.input = tui_input::Input::new(value.clone());
                }
            }
            form.initial = now;
        }
        Editing::Resolve(id) => {
            if let Ok(e) = store.escalation(id) {
                form.seen_due = Some(e.due_at);
            }
        }
        Editing::Plan(account_id) => {
            if let Ok(plan) = store.planned_visit(account_id) {
                form.seen_plan = Some(plan);
            }
        }
    }
}

/// "saved call note for 2026-11-22, NPS 9, follow-up 2026-11-27 — Alpha Logistik GmbH": the
/// quick note and the note form alike. The moment when backdated, what the prefixes were read
/// as, and the account by name (the list may have moved on: a colleague churned it meanwhile).
fn saved_note(store: &Store, n: &crate::domain::Note, now: Timestamp) -> Result<String, Error> {
    let date = crate::domain::when::date;
    // A note for another day says which; one of today does not (the store keeps whole seconds,
    // so a note of "now" read back lies a fraction of a second before now: found in a trial,
    // "saved call note for 2026-12-05" for a note just typed).
    let when = if local_date(n.at) != local_date(now) {
        format!(" for {}", date(local_date(n.at)))
    } else {
        String::new()
    };
    let nps = n.nps.map(|v| format!(", NPS {v}")).unwrap_or_default();
    let follow_up = n
        .follow_up
        .map(|d| format!(", follow-up {}", date(d)))
        .unwrap_or_default();
    let name = store.account_by_id(n.account_id)?.name;
    Ok(format!(
        "saved {} note{when}{nps}{follow_up} — {}",
        n.kind,
        one(&name)
    ))
}

fn one(s: &str) -> String {
    crate::text::one_line(s)
}

/// Due times and ages on screen move by the minute.
fn minute(t: Timestamp) -> i64 {
    t.timestamp().div_euclid(60)
}

/// Draws one frame (the real terminal wraps it in a synchronized update).
pub type Draw<'a, B> = dyn FnMut(&mut Terminal<B>, &App) -> Result<(), Error> + 'a;

/// The run loop: draw, wait for a key (or the refresh interval), update, perform effects, and pick
/// up other processes' writes by polling `PRAGMA data_version`.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    store: &Store,
    events: &mut dyn Events,
    clock: &mut dyn Clock,
    draw: &mut Draw<'_, B>,
) -> Result<(), Error> {
    let refresh = Duration::from_millis(app.cfg.ui.refresh_ms.max(100));
    let status_lasts = Duration::from_millis(app.cfg.ui.status_ms);
    let mut version = store.data_version().ok();
    let mut last_check = Instant::now();
    let mut day = local_date(app.now);
    // A status message goes away after a few seconds (or at the next key: `handle_key`).
    let mut status_seen: Option<(update::StatusKey, Instant)> = None;
    // The list with health at once; the trend arrows follow right after that frame is drawn.
    let mut trend_pending = reload_without_trend(store, app);
    // Draw only when something may have changed: an idle cockpit sends nothing, so a vanished SSH
    // client is noticed by sshd's ClientAlive probes (an idle redraw kept the session alive).
    let mut dirty = true;
    let mut drawn_minute = minute(app.now);
    let mut remembered = state::Remembered::of(app);
    // When the scores are next made again with no write at all: they move with time too (an
    // escalation runs past its deadline while the cockpit sits open all morning).
    let aged_after = chrono::Duration::minutes(AGED_AFTER_MINUTES);
    let next_aging = |app: &App| {
        let at = app.data.loaded_at.unwrap_or(app.now) + aged_after;
        // A read that failed is not tried again at every tick.
        if at <= app.now {
            app.now + aged_after
        } else {
            at
        }
    };
    let mut age_at = next_aging(app);
    while !app.quit {
        if dirty || minute(app.now) != drawn_minute {
            draw(terminal, app)?;
            dirty = false;
            drawn_minute = minute(app.now);
        }
        if trend_pending {
            trend_pending = false;
            complete_load(store, app);
            dirty = true;
            continue;
        }
        // Test hook (debug builds only): prove the terminal is restored on a panic.
        #[cfg(debug_assertions)]
        if std::env::var_os("TEND_TEST_PANIC").is_some() {
            panic!("TEND_TEST_PANIC");
        }
        let wait = refresh
            .saturating_sub(last_check.elapsed())
            .max(Duration::from_millis(10));
        if let Some(event) = events.next(wait)? {
            dirty = true;
            // What the key does reads the data as of now: a colleague's record written since
            // the last tick is dated after the old "now" and would not count yet, and the
            // reload after a save moves the change log past it — the account stayed stale
            // (found in a trial: three complaints logged in a second shell just before a
            // quick note left the other account's score as it was).
            app.now = clock.now();
            match event {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    // Behind the "terminal too small" screen nothing of the cockpit shows: only
                    // quitting acts there (found in a trial: q typed into a hidden form, and
                    // Enter opened an escalation nobody could see).
                    let size = terminal.size().map_err(|e| Error::Io(e.to_string()))?;
                    let hidden = size.width < ui::MIN_WIDTH || size.height < ui::MIN_HEIGHT;
                    let quits = key
                        .modifiers
                        .contains(crossterm::event::KeyModifiers::CONTROL)
                        && key.code == crossterm::event::KeyCode::Char('c')
                        || (matches!(app.mode, app::Mode::Normal)
                            && key.code == crossterm::event::KeyCode::Char('q'));
                    if hidden && !quits {
                        continue;
                    }
                    if let Some(effect) = update::handle_key(app, key) {
                        let ran = run_effect_before_frame(store, app, effect);
                        // Our own commits do not move data_version (it counts other
                        // connections' commits), so a colleague's commit during this write and
                        // reload is still seen at the next check.
                        trend_pending |= ran.pending;
                    }
                }
                Event::Mouse(mouse) => {
                    let size = terminal.size().map_err(|e| Error::Io(e.to_string()))?;
                    let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
                    if let Some(effect) = update::handle_mouse(app, mouse, area) {
                        trend_pending |= run_effect_before_frame(store, app, effect).pending;
                    }
                }
                Event::Resize(_, _) => {}
                _ => {}
            }
            remember(app, &mut remembered);
        }
        let key = update::status_key(app);
        match (&status_seen, key) {
            (_, None) => status_seen = None,
            (Some((seen, at)), Some(k)) if *seen == k => {
                if at.elapsed() >= status_lasts {
                    app.status = None;
                    status_seen = None;
                    dirty = true;
                }
            }
            (_, Some(k)) => status_seen = Some((k, Instant::now())),
        }
        if last_check.elapsed() >= refresh {
            last_check = Instant::now();
            // The version before the clock: a commit after the version was read is seen at the
            // next tick; one before it is dated no later than this "now", so it counts.
            let current = store.data_version().ok();
            app.now = clock.now();
            let today = local_date(app.now);
            // Another process committed, the day (and maybe the ISO week) rolled over, or the
            // data is old enough to be made again at this moment (`reload_changed`).
            if current != version || today != day || app.now >= age_at {
                version = current;
                day = today;
                trend_pending = reload_without_trend(store, app);
                refresh_contacts(store, app);
                age_at = next_aging(app);
                dirty = true;
            }
        }
    }
    Ok(())
}

/// An open contacts list follows a colleague's edits (found in a trial: a renamed contact kept
/// its old name there, and the delete question asked about it). After one's own write the
/// list is read by the write's own follow-up (`contacts::show`, which selects a new contact).
fn refresh_contacts(store: &Store, app: &mut App) {
    if let app::Mode::Contacts(b) = &app.mode {
        let account_id = b.account_id;
        match store.contacts(account_id) {
            Ok(c) => contacts::refresh(app, account_id, c),
            Err(e) => app.complain(format!("could not load the contacts: {e}")),
        }
    }
}

/// Write the remembered view when it changed (best effort: a state directory that cannot be
/// written is said once in the status line, and the cockpit goes on).
fn remember(app: &mut App, last: &mut state::Remembered) {
    let now = state::Remembered::of(app);
    if now == *last {
        return;
    }
    *last = now.clone();
    if let Some(path) = &app.state_file
        && let Err(e) = now.save(path)
    {
        app.complain(format!("could not remember the view: {e}"));
        app.state_file = None;
    }
}

/// Open the cockpit in the real terminal.
pub fn run(store: Store, app: &mut App) -> Result<(), Error> {
    let mut terminal = terminal::init(app.cfg.ui.mouse)?;
    let _guard = terminal::RestoreGuard;
    let mut events = terminal::CrosstermEvents::default();
    // The last frame: a frame that would not change a cell is not sent at all (not even the
    // synchronized-update codes), so an idle session writes nothing.
    let mut last: Option<ratatui::buffer::Buffer> = None;
    let mut draw = |t: &mut Terminal<ratatui::backend::CrosstermBackend<std::io::Stdout>>,
                    app: &App|
     -> Result<(), Error> {
        let area = t
            .size()
            .map(|s| ratatui::layout::Rect::new(0, 0, s.width, s.height))?;
        let mut frame = ratatui::buffer::Buffer::empty(area);
        ui::render(app, area, &mut frame);
        if last.as_ref() == Some(&frame) {
            return Ok(());
        }
        last = Some(frame);
        let _ = crossterm::execute!(
            std::io::stdout(),
            crossterm::terminal::BeginSynchronizedUpdate
        );
        t.draw(|f| ui::render(app, f.area(), f.buffer_mut()))?;
        let _ = crossterm::execute!(
            std::io::stdout(),
            crossterm::terminal::EndSynchronizedUpdate
        );
        std::io::stdout().flush()?;
        Ok(())
    };
    run_loop(
        &mut terminal,
        app,
        &store,
        &mut events,
        &mut SystemClock,
        &mut draw,
    )
}

pub mod terminal;

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
#[path = "loop_tests.rs"]
mod loop_tests;

#[cfg(test)]
#[path = "identity_tests.rs"]
mod identity_tests;

#[cfg(test)]
#[path = "reload_tests.rs"]
mod reload_tests;
