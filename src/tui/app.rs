//! The cockpit's state: a snapshot of the data, focus, mode and per-pane selection. Small on
//! purpose: everything else is derived while rendering.

use std::collections::HashMap;

use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::escalation::Escalation;
use crate::domain::summary::{AccountSummary, Kpis};
use crate::domain::{Note, Tick, Visit};

use super::form::{Field, Form, FormKind};
use super::keymap::Keymap;
pub use super::pane::Pane;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Explain,
    Brief,
    /// One note in full (its id).
    Note(i64),
    /// One escalation's story: reason, state, history (its id).
    Escalation(i64),
}

/// What the escalation overlay shows, read when it opens.
#[derive(Debug, Clone)]
pub struct EscalationStory {
    pub escalation: Escalation,
    pub history: Vec<crate::domain::escalation::LevelChange>,
    pub undone: Vec<(Timestamp, String, String)>,
}

#[derive(Debug, Clone)]
pub enum Mode {
    Normal,
    /// Typing the account filter.
    Filter,
    Overlay(Overlay),
    /// The one-line quick note, for the account selected when it was opened.
    Note(NoteInput),
    Form(Form),
    /// A y/n question before a destructive write.
    Confirm(Confirm),
    /// `s`: full-text search over every note.
    Search(SearchBox),
    /// `:`: jump to an account or run an action by name.
    Palette(super::palette::Palette),
    /// `c`: the contacts of one account.
    Contacts(super::contacts::ContactsBox),
}

/// The search overlay: the query being typed and the hits of the last search run.
#[derive(Debug, Clone, Default)]
pub struct SearchBox {
    pub input: tui_input::Input,
    /// The query `results` answer (the input may be ahead of it for a moment).
    pub searched: String,
    pub results: crate::store::search::SearchResults,
    /// Why the query cannot run yet (an open quote, …); shown in place of the hits.
    pub problem: Option<String>,
    /// The selected hit: a note id, never a row.
    pub sel: Option<i64>,
    /// Still the last search as it came back: the first letter typed replaces it (←/→ and
    /// Backspace edit it instead).
    pub pristine: bool,
}

impl SearchBox {
    pub fn selected_row(&self) -> usize {
        self.sel
            .and_then(|id| self.results.hits.iter().position(|h| h.note.id == id))
            .unwrap_or(0)
    }

    pub fn selected(&self) -> Option<&crate::store::search::SearchHit> {
        self.results.hits.get(self.selected_row())
    }
}

/// "Delete note 12 for good (u cannot bring it back)? y/n — call, 2026-11-20: 'budget…'" and
/// what `y` does.
#[derive(Debug, Clone)]
pub struct Confirm {
    pub question: String,
    pub effect: super::action::Effect,
    /// Where "no" returns to (the overlay the question was asked from); None: the panes.
    pub back: Option<Box<Mode>>,
}

#[derive(Debug, Clone)]
pub struct NoteInput {
    pub account_id: i64,
    pub account: String,
    /// A kind chosen for the note (the agenda's item asks for a business review, …); None: the
    /// quick-note prefixes decide.
    pub kind: Option<crate::domain::NoteKind>,
    pub input: tui_input::Input,
    /// The text came back from a draft kept by an earlier Esc.
    pub restored: bool,
}

/// How many writes `u` can take back.
pub const UNDO_DEPTH: usize = 20;

/// A write `u` can take back: what undoes it, what the status line said of it, and the account
/// selected when it was made (`u` reaching back past the newest write asks first when another
/// account is selected now).
#[derive(Debug, Clone, PartialEq)]
pub struct Undone {
    pub undo: crate::ops::Undo,
    pub what: String,
    pub on: Option<i64>,
}

impl From<(crate::ops::Undo, String)> for Undone {
    fn from((undo, what): (crate::ops::Undo, String)) -> Self {
        Undone {
            undo,
            what,
            on: None,
        }
    }
}

/// What a draft belongs to: the quick note of one account, or one form for one record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DraftKey {
    Note(i64),
    Form(FormKind),
}

/// Text typed into a note or a form and left with Esc: restored the next time it is opened.
/// Kept in memory only (a draft is lost on quit, and the cockpit asks first).
#[derive(Debug, Clone)]
pub enum Draft {
    Note(String),
    /// The fields, and the values the form opened with (an edited note's text then: its save
    /// refuses when a colleague changed it since).
    Form {
        fields: Vec<Field>,
        initial: Vec<String>,
        /// A resolve form's deadline seen when its text was typed (`Form::seen_due`): a raise
        /// or reopen by a colleague after that is still pointed out when the draft comes back.
        seen_due: Option<crate::clock::Timestamp>,
    },
}

/// Portfolio-wide data, reloaded when the database changes.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// Every non-churned account in triage order.
    pub list: Vec<AccountSummary>,
    pub kpis: Option<Kpis>,
    /// Open escalations in queue order (then the newest resolved ones when they are shown).
    pub queue: Vec<Escalation>,
    /// What is due (the Today view), in agenda order.
    pub agenda: Vec<crate::domain::agenda::AgendaItem>,
    /// The summaries of the churned accounts on the agenda (`domain::agenda::churned_on_agenda`:
    /// their exit interviews); the agenda is made from them with `list`.
    pub churned: Vec<AccountSummary>,
    /// The agenda is still to be made (`tui::complete_load`): the header shows no count yet.
    pub agenda_pending: bool,
    /// Each account's health `trend_days` ago, from the last trend pass: a reload shows the
    /// arrows against it at once, and the next pass (right after the frame) corrects them.
    pub then_health: Option<std::collections::HashMap<i64, Option<i64>>>,
    /// Agenda items due today or before (the header's count, made with the agenda).
    pub due_now: usize,
    /// The change log's sequence number this data has read up to (`Store::changes_since`):
    /// a colleague's commit re-reads only the accounts changed after it. `None` on a database
    /// without a change log.
    pub changes_seen: Option<i64>,
    /// When every account was last read (`tui::load_data`): the accounts not re-read since are
    /// as of that moment, so a reload makes them again once that is `AGED_AFTER_MINUTES` ago.
    pub loaded_at: Option<crate::clock::Timestamp>,
    /// The arrows are against a trend pass older than the list: `tui::complete_trend` is due.
    pub trend_stale: bool,
    /// With `agenda_pending`: only these accounts' items are to be made again (a colleague
    /// changed them); `None`, the whole agenda.
    pub agenda_redo: Option<Vec<i64>>,
}

/// What the right-hand panes show for the selected account.
#[derive(Debug, Clone, Default)]
pub struct Detail {
    pub account_id: i64,
    pub notes: Vec<Note>,
    /// All of the account's notes (`notes` holds the newest that a screen can show).
    pub notes_total: usize,
    pub ticks: Vec<Tick>,
    pub last_visit: Option<Visit>,
    /// An older note than `notes` reaches, shown in its place because it was opened from the
    /// search: the pane then selects the note that was read, so `e` and `d` act on it.
    pub pinned: Option<i64>,
}

impl Detail {
    /// Show `note` in the pane (in time order) if it is the account's and not among the newest.
    pub fn pin(&mut self, note: Note) {
        if note.account_id != self.account_id || self.notes.iter().any(|n| n.id == note.id) {
            return;
        }
        // One older note at a time: the one opened before leaves.
        if let Some(old) = self.pinned.take() {
            self.notes.retain(|n| n.id != old);
        }
        let key = |n: &Note| std::cmp::Reverse((n.at, n.id));
        let at = self.notes.partition_point(|n| key(n) < key(&note));
        self.pinned = Some(note.id);
        self.notes.insert(at, note);
    }
}

/// The order of the accounts list (`o` cycles).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Unscored first, then the worst health first (the method's order).
    #[default]
    Triage,
    Name,
    /// Highest monthly value first.
    Value,
    /// The longest without contact first.
    LastContact,
    /// The soonest renewal first (none last).
    Renewal,
}

impl SortOrder {
    pub fn next(self) -> SortOrder {
        match self {
            SortOrder::Triage => SortOrder::Name,
            SortOrder::Name => SortOrder::Value,
            SortOrder::Value => SortOrder::LastContact,
            SortOrder::LastContact => SortOrder::Renewal,
            SortOrder::Renewal => SortOrder::Triage,
        }
    }

    pub const ALL: [SortOrder; 5] = [
        SortOrder::Triage,
        SortOrder::Name,
        SortOrder::Value,
        SortOrder::LastContact,
        SortOrder::Renewal,
    ];

    /// The name the cockpit's state file keeps.
    pub fn name(self) -> &'static str {
        match self {
            SortOrder::Triage => "triage",
            SortOrder::Name => "name",
            SortOrder::Value => "value",
            SortOrder::LastContact => "last_contact",
            SortOrder::Renewal => "renewal",
        }
    }

    pub fn from_name(name: &str) -> Option<SortOrder> {
        SortOrder::ALL.into_iter().find(|s| s.name() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Triage => "triage",
            SortOrder::Name => "by name",
            SortOrder::Value => "by value",
            SortOrder::LastContact => "by last contact",
            SortOrder::Renewal => "by renewal",
        }
    }
}

/// What is selected in each list: identities, never row positions. The row is found when it is
/// needed (rendering, moving), so a reload, a re-sort or a colleague's write cannot move the
/// selection onto another record; only when the record is gone does it move, to its neighbour.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub account: Option<i64>,
    /// A checklist item key (`None`: the first item).
    pub checklist: Option<String>,
    pub escalation: Option<i64>,
    /// The user chose `escalation` in the queue (moved there, clicked it, acted on it from its
    /// story); otherwise it is what following the selected account left there.
    pub escalation_chosen: bool,
    pub note: Option<i64>,
    /// An agenda item's id in the Today view.
    pub today: Option<String>,
}

/// `want` if it is still in `ids`; else the record now at the row it had (its neighbour); `None`
/// only when the list is empty.
pub fn keep_identity(ids: &[i64], want: Option<i64>, old_row: Option<usize>) -> Option<i64> {
    if want.is_some_and(|w| ids.contains(&w)) {
        return want;
    }
    let row = old_row.unwrap_or(0).min(ids.len().checked_sub(1)?);
    ids.get(row).copied()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub theme: super::ui::theme::Theme,
    pub cfg: Config,
    pub keymap: Keymap,
    pub user: String,
    pub now: Timestamp,
    pub read_only: bool,
    pub data: Data,
    pub detail: Option<Detail>,
    /// Indices into `data.list` after the filter and "mine".
    pub visible: Vec<usize>,
    pub focus: Pane,
    pub mode: Mode,
    pub filter: tui_input::Input,
    pub mine: bool,
    /// The Today view's filter and "mine", put aside when its weekly-routine item left for the
    /// account's checklist (the account's row must be visible there): back in Today they return.
    pub today_aside: Option<(tui_input::Input, bool)>,
    pub sel: Selection,
    pub overlay_scroll: u16,
    /// The records of the open briefing overlay (read when it opens).
    pub brief: Option<crate::store::brief::Briefing>,
    /// The explanation overlay's extras (read when it opens).
    pub explain: Option<crate::triage::ExplainExtra>,
    pub status: Option<StatusLine>,
    /// Select this account at the next data reload instead of keeping the current selection.
    pub select_after_reload: Option<i64>,
    /// The escalation pane shows the newest resolved escalations after the open queue.
    pub show_resolved: bool,
    /// The left list shows Today (the agenda) instead of the accounts.
    pub today: bool,
    pub sort: SortOrder,
    pub drafts: HashMap<DraftKey, Draft>,
    /// This session's writes that `u` can take back, newest last (at most `UNDO_DEPTH`).
    pub undo: Vec<Undone>,
    /// The newest write `u` cannot take back (a deleted note, a visit recorded, …): it emptied
    /// `undo` — `u` never reaches past it to an older write — and `u` names it when refusing.
    pub undo_barrier: Option<String>,
    /// Quitting was asked for while drafts exist: the next Ctrl-C (or `q`) quits.
    pub confirm_quit: bool,
    /// Space was pressed on an item a colleague ticked a moment ago (the screen may not have
    /// shown it yet): (account, key, asked at this key press). Space on it again unticks it;
    /// any other key forgets it.
    pub confirm_untick: Option<(i64, String, bool)>,
    /// `u` was pressed while the write it would take back was made on another account than
    /// the one selected: 2 at that key press, 1 during the next (where `u` takes it back), then 0.
    pub confirm_undo: u8,
    /// The newest entry of `undo` is the last write made (no `u` since): `u` takes it back at
    /// once wherever the selection is — the user just did it.
    pub undo_fresh: bool,
    /// The open escalation overlay's records.
    pub story: Option<EscalationStory>,
    /// The last search's query: `s` starts from it.
    pub last_search: String,
    /// A note opened from the search, read from the store (it may be older than the notes the
    /// notes pane holds, or an account the list does not show).
    pub found_note: Option<Note>,
    /// Where the view is remembered between sessions (`state.rs`); None: not remembered (tests).
    pub state_file: Option<std::path::PathBuf>,
    pub quit: bool,
}

impl App {
    pub fn new(cfg: Config, keymap: Keymap, user: String, now: Timestamp) -> App {
        App {
            theme: super::ui::theme::Theme { color: true },
            cfg,
            keymap,
            user,
            now,
            read_only: false,
            data: Data::default(),
            detail: None,
            visible: Vec::new(),
            focus: Pane::Accounts,
            mode: Mode::Normal,
            filter: tui_input::Input::default(),
            today_aside: None,
            mine: false,
            sel: Selection::default(),
            overlay_scroll: 0,
            brief: None,
            explain: None,
            status: None,
            select_after_reload: None,
            show_resolved: false,
            today: false,
            sort: SortOrder::Triage,
            drafts: HashMap::new(),
            undo: Vec::new(),
            undo_barrier: None,
            confirm_quit: false,
            confirm_untick: None,
            confirm_undo: 0,
            undo_fresh: false,
            story: None,
            last_search: String::new(),
            found_note: None,
            state_file: None,
            quit: false,
        }
    }

    /// The selected account's row in the visible list.
    pub fn account_row(&self) -> Option<usize> {
        let id = self.sel.account?;
        self.visible
            .iter()
            .position(|&i| self.data.list[i].account.id == id)
    }

    /// The account a form acts on and its name, as the data has it now (`None`: a form of no
    /// account, or one no longer loaded).
    pub fn account_of(&self, kind: &super::form::FormKind) -> Option<(i64, String)> {
        use super::form::FormKind as K;
        let account = |id: i64| {
            (self.data.list.iter())
                .chain(&self.data.churned)
                .find(|s| s.account.id == id)
                .map(|s| (id, s.account.name.clone()))
        };
        match *kind {
            K::Escalate { account_id }
            | K::PlanVisit { account_id }
            | K::VisitDone { account_id }
            | K::Review { account_id }
            | K::LogNote { account_id }
            | K::Contact { account_id, .. } => account(account_id),
            K::Raise { id, .. } | K::Resolve { id } | K::Reopen { id } => (self.data.queue.iter())
                .find(|e| e.id == id)
                .map(|e| (e.account_id, e.account.clone())),
            K::EditNote { .. } | K::AddAccount | K::Snooze { .. } => None,
        }
    }

    /// A form's title with the name of its account as it is now: a colleague's rename since
    /// the form opened shows (found in a trial: the title kept the old name).
    pub fn form_title(&self, form: &super::form::Form) -> String {
        match (&form.named, self.account_of(&form.kind)) {
            (Some((_, was)), Some((_, now))) if *was != now => {
                form.title.replacen(was.as_str(), &now, 1)
            }
            _ => form.title.clone(),
        }
    }

    /// The account the right-hand panes show: the selected account, or in the Today view the
    /// selected item's account.
    pub fn selected(&self) -> Option<&AccountSummary> {
        if self.today {
            // A churned account's exit interview too: its history is what the interview needs.
            let item = self.selected_item()?;
            return (self.data.list.iter())
                .chain(&self.data.churned)
                .find(|s| s.account.id == item.account_id);
        }
        self.account_row()
            .and_then(|row| self.visible.get(row))
            .and_then(|&i| self.data.list.get(i))
    }

    /// The Today view's items: only my accounts' with "mine", only the accounts whose names
    /// match the `/` filter (fuzzily, as the account list) when one is typed — in agenda order.
    pub fn today_items(&self) -> Vec<&crate::domain::agenda::AgendaItem> {
        let data = &self.data;
        let needle = self.filter.value().trim();
        if !self.mine && needle.is_empty() {
            return data.agenda.iter().collect();
        }
        // The accounts once, not a search of the list per item (this runs on every frame); the
        // churned ones too: their exit interviews are on the agenda (found in a trial: one on an
        // account I back up was missing here and listed by `tend today --mine`).
        let every = || data.list.iter().chain(&data.churned);
        let mine = self
            .mine
            .then(|| crate::domain::agenda::mine(every(), &self.user));
        let named = (!needle.is_empty()).then(|| {
            let accounts: Vec<&AccountSummary> = every().collect();
            let names: Vec<&str> = accounts.iter().map(|s| s.account.name.as_str()).collect();
            crate::domain::names::fuzzy_rank(needle, &names)
                .into_iter()
                .map(|(k, _)| accounts[k].account.id)
                .collect::<std::collections::HashSet<i64>>()
        });
        let keep = |id: &i64| {
            mine.as_ref().is_none_or(|m| m.contains(id))
                && named.as_ref().is_none_or(|n| n.contains(id))
        };
        data.agenda.iter().filter(|i| keep(&i.account_id)).collect()
    }

    pub fn today_row(&self) -> Option<usize> {
        let id = self.sel.today.as_deref()?;
        self.today_items().iter().position(|i| i.id == id)
    }

    pub fn selected_item(&self) -> Option<&crate::domain::agenda::AgendaItem> {
        let id = self.sel.today.as_deref()?;
        self.data.agenda.iter().find(|i| i.id == id)
    }

    pub fn selected_id(&self) -> Option<i64> {
        self.selected().map(|s| s.account.id)
    }

    /// A write `u` cannot take back: nothing before it can be taken back either.
    pub fn undo_barrier(&mut self, what: String) {
        self.undo.clear();
        self.undo_barrier = Some(what);
    }

    pub fn push_undo(&mut self, u: impl Into<Undone>) {
        let mut u = u.into();
        // The account this write was made on: the one selected when it is pushed (before the
        // reload after the write moves anything).
        u.on = u.on.or(self.selected_id());
        self.undo_barrier = None;
        self.undo_fresh = true;
        self.undo.push(u);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
    }

    /// The account ids of the visible rows, in order.
    pub fn visible_ids(&self) -> Vec<i64> {
        self.visible
            .iter()
            .map(|&i| self.data.list[i].account.id)
            .collect()
    }

    /// The selected escalation's row in the queue pane.
    pub fn escalation_row(&self) -> Option<usize> {
        let id = self.sel.escalation?;
        self.data.queue.iter().position(|e| e.id == id)
    }

    /// The selected note's row in the notes pane (the first when none is chosen).
    pub fn note_row(&self) -> usize {
        let notes = self.detail.as_ref().map_or(&[][..], |d| &d.notes[..]);
        self.sel
            .note
            .and_then(|id| notes.iter().position(|n| n.id == id))
            .unwrap_or(0)
    }

    /// The selected checklist item's row (the first when none is chosen).
    pub fn checklist_row(&self) -> usize {
        self.sel
            .checklist
            .as_deref()
            .and_then(|key| self.cfg.checklist.items.iter().position(|i| i.key == key))
            .unwrap_or(0)
    }

    /// Replace the data. Each selection stays on its record where it still exists, else moves to
    /// the record now at its row.
    pub fn set_data(&mut self, data: Data) {
        self.edit_data(|d| *d = data);
    }

    /// Change the data in place (`tui::reload_changed` re-reads a few accounts of 10 000); the
    /// selections follow their records as with `set_data`.
    pub fn edit_data(&mut self, edit: impl FnOnce(&mut Data)) {
        let account_row = self.account_row();
        let escalation_row = self.escalation_row();
        let today_row = self.today_row();
        let keep = self.select_after_reload.take().or(self.sel.account);
        let account_before = self.selected_id();
        let first_before = self.most_urgent_of_selected();
        edit(&mut self.data);
        self.follow_today(today_row);
        self.refilter_from(keep, account_row);
        let ids: Vec<i64> = self.data.queue.iter().map(|e| e.id).collect();
        let before = self.sel.escalation;
        self.sel.escalation = keep_identity(&ids, self.sel.escalation, escalation_row);
        // The selected escalation went (a colleague resolved it): in the queue, the account
        // follows the row the selection moved to, as when moving there. Elsewhere the queue
        // follows the account selected now when that changed what a move there would show:
        // another account (the selected one churned), the same account with a new most urgent
        // escalation (a colleague opened or raised one), or a selected escalation that is no
        // longer this account's — so `3` then `r` acts on that account's escalation. An
        // escalation of the account the user chose in the queue stays chosen otherwise.
        // In the queue pane that holds too while no row there was chosen (the one selected is
        // what following the account left behind: found in a trial, after a filter).
        let chosen = self.focus == Pane::Escalations && self.sel.escalation_chosen;
        if self.focus == Pane::Escalations && self.sel.escalation != before {
            self.account_follows_queue();
        } else if !chosen
            && (self.selected_id() != account_before
                || self.most_urgent_of_selected() != first_before
                || !self.selected_escalation_is_of_selected_account())
        {
            self.follow_account_in_queue();
        }
    }

    /// The selected account's most urgent open escalation (the queue is in urgency order).
    fn most_urgent_of_selected(&self) -> Option<i64> {
        self.selected_id()
            .and_then(|id| self.open_queue().find(|e| e.account_id == id).map(|e| e.id))
    }

    fn selected_escalation_is_of_selected_account(&self) -> bool {
        let account = self.selected_id();
        self.sel
            .escalation
            .and_then(|id| self.data.queue.iter().find(|e| e.id == id))
            .is_some_and(|e| Some(e.account_id) == account)
    }

    /// Outside the queue pane the queue follows the selected account to its most urgent open
    /// escalation, if it has one (in the queue pane the chosen row stays chosen).
    pub fn queue_follows_account(&mut self) {
        if self.focus != Pane::Escalations {
            self.follow_account_in_queue();
        }
    }

    fn follow_account_in_queue(&mut self) {
        let first = self.most_urgent_of_selected();
        if first.is_some() {
            self.sel.escalation = first;
            self.sel.escalation_chosen = false;
        }
    }

    /// In the queue pane the panes (and `n`, `e`, `b`…) follow the selected escalation's account
    /// when the list shows it: what is acted on is what the queue row names. In the Today view
    /// the selection moves to the escalation's own item (found in a trial: `n` there wrote to
    /// the Today row's account, not the escalation's).
    pub fn account_follows_queue(&mut self) {
        let Some((id, account)) = self
            .sel
            .escalation
            .and_then(|id| self.data.queue.iter().find(|e| e.id == id))
            .map(|e| (e.id, e.account_id))
        else {
            return;
        };
        if self.today {
            let item = crate::domain::agenda::escalation_item_id(id);
            if self.today_items().iter().any(|i| i.id == item) {
                self.sel.today = Some(item);
            }
        } else if self.visible_ids().contains(&account) {
            self.sel.account = Some(account);
        }
    }

    /// Change the agenda in place (`tui::complete_agenda` re-makes a few accounts' items); the
    /// Today selection follows its item as with `remake_agenda`.
    pub fn edit_agenda(&mut self, edit: impl FnOnce(&mut Vec<crate::domain::agenda::AgendaItem>)) {
        let today_row = self.today_row();
        edit(&mut self.data.agenda);
        self.agenda_made(today_row);
    }

    /// Make the whole agenda again from the data (`tui::complete_agenda`): the old items go
    /// before the new ones are made (at 100 000 accounts both at once were ≈ 40 MB more at the
    /// cockpit's peak), so `make` cannot fail. The Today selection follows its item.
    pub fn remake_agenda(
        &mut self,
        make: impl FnOnce(&Data) -> Vec<crate::domain::agenda::AgendaItem>,
    ) {
        let today_row = self.today_row();
        self.data.agenda = Vec::new();
        self.data.agenda = make(&self.data);
        self.agenda_made(today_row);
    }

    fn agenda_made(&mut self, today_row: Option<usize>) {
        let today = crate::domain::dates::local_date(self.now);
        self.data.due_now = self.data.agenda.iter().filter(|i| i.due_by(today)).count();
        self.data.agenda_pending = false;
        self.data.agenda_redo = None;
        self.follow_today(today_row);
    }

    /// The Today selection follows its item; a done item hands it to the one now at its row.
    pub(super) fn follow_today(&mut self, today_row: Option<usize>) {
        // Ids compared in place: 51 000 items at 10 000 accounts, and this runs on every reload.
        let items = self.today_items();
        let kept = match &self.sel.today {
            Some(id) if items.iter().any(|i| &i.id == id) => Some(id.clone()),
            _ => today_row.or(Some(0)).and_then(|r| {
                items
                    .get(r.min(items.len().saturating_sub(1)))
                    .map(|i| i.id.clone())
            }),
        };
        self.sel.today = kept;
    }

    /// Replace the selected account's detail; the note selection stays on its note (a new
    /// account starts at its newest note).
    pub fn set_detail(&mut self, detail: Option<Detail>) {
        let same_account =
            matches!((&self.detail, &detail), (Some(a), Some(b)) if a.account_id == b.account_id);
        let old_row = same_account.then(|| self.note_row());
        let want = if same_account { self.sel.note } else { None };
        self.detail = detail;
        let ids: Vec<i64> = self
            .detail
            .as_ref()
            .map(|d| d.notes.iter().map(|n| n.id).collect())
            .unwrap_or_default();
        self.sel.note = keep_identity(&ids, want, old_row);
    }

    /// Recompute the visible rows; keep `keep` selected if visible, else the row it had.
    pub fn refilter(&mut self, keep: Option<i64>) {
        let row = self.account_row();
        self.refilter_from(keep, row);
    }

    fn refilter_from(&mut self, keep: Option<i64>, old_row: Option<usize>) {
        let needle = self.filter.value().trim();
        let mine: Vec<usize> = self
            .data
            .list
            .iter()
            .enumerate()
            .filter(|(_, s)| !self.mine || s.account.is_mine(&self.user))
            .map(|(i, _)| i)
            .collect();
        // `/` matches fuzzily — case- and accent-insensitive subsequences ("muller gmb" finds
        // "Müller GmbH") — best match first; with no filter the list keeps its order.
        self.visible = if needle.is_empty() {
            mine
        } else {
            let names: Vec<&str> = mine
                .iter()
                .map(|&i| self.data.list[i].account.name.as_str())
                .collect();
            crate::domain::names::fuzzy_rank(needle, &names)
                .into_iter()
                .map(|(k, _)| mine[k])
                .collect()
        };
        // The list arrives in triage order; other orders are stable sorts of it.
        let list = &self.data.list;
        let sort = if needle.is_empty() {
            self.sort
        } else {
            SortOrder::Triage
        };
        match sort {
            SortOrder::Triage => {}
            SortOrder::Name => self
                .visible
                .sort_by_cached_key(|&i| crate::text::sort_key(&list[i].account.name)),
            SortOrder::Value => self
                .visible
                .sort_by_key(|&i| std::cmp::Reverse(list[i].account.value_cents)),
            SortOrder::LastContact => self
                .visible
                .sort_by_key(|&i| std::cmp::Reverse(list[i].days_since_contact)),
            SortOrder::Renewal => self
                .visible
                .sort_by_key(|&i| (list[i].account.renewal.is_none(), list[i].account.renewal)),
        }
        self.sel.account = keep_identity(&self.visible_ids(), keep, old_row);
        // In Today the same filter and "mine" choose the items: the selection stays on its item
        // while it is shown, else it goes to the first one shown — never an item the list hides
        // (found in a trial: after `m` no row was highlighted and Enter acted on the hidden one).
        if self.today {
            self.follow_today(Some(0));
        }
    }

    /// A note the screen holds: in the notes pane, or opened from the search.
    pub fn note_by_id(&self, id: i64) -> Option<&Note> {
        self.detail
            .as_ref()
            .and_then(|d| d.notes.iter().find(|n| n.id == id))
            .or(self.found_note.as_ref().filter(|n| n.id == id))
    }

    /// The selected note of the notes pane. A chosen note that the pane does not hold is no
    /// note at all: never the row that happens to stand first.
    pub fn selected_note(&self) -> Option<&crate::domain::Note> {
        let d = self
            .detail
            .as_ref()
            .filter(|d| Some(d.account_id) == self.selected_id())?;
        match self.sel.note {
            Some(id) => d.notes.iter().find(|n| n.id == id),
            None => d.notes.first(),
        }
    }

    /// The selected escalation in the queue pane.
    pub fn selected_escalation(&self) -> Option<&Escalation> {
        self.escalation_row()
            .and_then(|row| self.data.queue.get(row))
    }

    /// Open escalations (the queue without the resolved rows shown after it).
    pub fn open_queue(&self) -> impl Iterator<Item = &Escalation> {
        self.data.queue.iter().filter(|e| e.is_open())
    }

    /// An account's name as last read (listed or churned), on one line.
    pub fn account_name(&self, id: i64) -> Option<String> {
        (self.data.list.iter())
            .chain(&self.data.churned)
            .find(|s| s.account.id == id)
            .map(|s| crate::text::one_line(&s.account.name))
    }

    /// Unsaved drafts, described for the quit question ("note for Alpha", "resolve #40").
    pub fn draft_names(&self) -> Vec<String> {
        // Not in the data any more: deleted by someone (found in a trial: "account 26").
        let name = |id: i64| {
            self.account_name(id)
                .unwrap_or_else(|| "a deleted account".to_string())
        };
        let mut out: Vec<String> = self
            .drafts
            .keys()
            .map(|k| match k {
                DraftKey::Note(id) => format!("note for {}", name(*id)),
                DraftKey::Form(kind) => kind.describe(&name),
            })
            .collect();
        out.sort();
        out
    }

    pub fn say(&mut self, text: impl Into<String>) {
        self.status = Some(StatusLine {
            text: text.into(),
            error: false,
        });
    }

    pub fn complain(&mut self, text: impl Into<String>) {
        self.status = Some(StatusLine {
            text: text.into(),
            error: true,
        });
    }
}
