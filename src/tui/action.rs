//! What a key means (`Action`) and what needs the store (`Effect`).

use crate::domain::IsoWeek;
use crate::domain::Scores;
use crate::domain::escalation::Level;

/// Named actions; the config's `[keys]` table binds keys to these names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Down,
    Up,
    Top,
    Bottom,
    NextPane,
    PrevPane,
    PaneAccounts,
    PaneChecklist,
    PaneEscalations,
    PaneNotes,
    PaneVisit,
    Filter,
    Mine,
    Note,
    Toggle,
    Escalate,
    Raise,
    Resolve,
    Reopen,
    ShowResolved,
    PlanVisit,
    VisitDone,
    Review,
    Explain,
    Brief,
    AddAccount,
    Today,
    Act,
    Snooze,
    Delete,
    Sort,
    PageDown,
    PageUp,
    Undo,
    LogNote,
    Search,
    Palette,
    Contacts,
    Help,
    Quit,
}

impl Action {
    /// (config name, help text), in the order the help overlay lists them.
    pub const ALL: &'static [(Action, &'static str, &'static str)] = &[
        (Action::Down, "down", "move down"),
        (Action::Up, "up", "move up"),
        (Action::Top, "top", "first row"),
        (Action::Bottom, "bottom", "last row"),
        (Action::NextPane, "next_pane", "next pane"),
        (Action::PrevPane, "prev_pane", "previous pane"),
        (Action::PaneAccounts, "pane_accounts", "accounts"),
        (Action::PaneChecklist, "pane_checklist", "checklist"),
        (Action::PaneEscalations, "pane_escalations", "escalations"),
        (Action::PaneNotes, "pane_notes", "notes"),
        (Action::PaneVisit, "pane_visit", "visit"),
        (Action::Filter, "filter", "filter accounts by name"),
        (Action::Mine, "mine", "my accounts only"),
        (Action::Note, "note", "quick note (see below)"),
        (Action::Toggle, "toggle", "tick / untick an item"),
        (Action::Escalate, "escalate", "escalate · notes: edit it"),
        (Action::Raise, "raise", "raise the escalation"),
        (Action::Resolve, "resolve", "resolve the escalation"),
        (Action::Reopen, "reopen", "reopen a resolved one"),
        (
            Action::ShowResolved,
            "show_resolved",
            "show resolved ones too",
        ),
        (Action::PlanVisit, "plan_visit", "plan the next visit"),
        (Action::VisitDone, "visit_done", "mark the visit done"),
        (Action::Review, "review", "new health review"),
        (Action::Explain, "explain", "explain the score"),
        (Action::Brief, "brief", "briefing before a call"),
        (Action::AddAccount, "add_account", "add an account"),
        (Action::Today, "today", "Today ⇄ accounts"),
        (Action::Act, "act", "act on item · read note"),
        (Action::Snooze, "snooze", "snooze the item (Today)"),
        (Action::Delete, "delete", "delete the note (y/n)"),
        (Action::Sort, "sort", "cycle the list's order"),
        (Action::PageDown, "page_down", "a page down"),
        (Action::PageUp, "page_up", "a page up"),
        (Action::Undo, "undo", "undo my last write"),
        (Action::LogNote, "log_note", "note: kind, date, NPS…"),
        (Action::Search, "search", "search every note"),
        (Action::Palette, "palette", "find an account or action"),
        (Action::Contacts, "contacts", "contacts: list, add, edit"),
        (Action::Help, "help", "help: every key"),
        (Action::Quit, "quit", "quit"),
    ];

    /// Actions the help lists on one row (so it fits 80×24): the first key of each, then what
    /// they do; other keys bound to them are named after it.
    pub const HELP_GROUPS: &'static [(&'static [Action], &'static str)] = &[
        (&[Action::Down, Action::Up], "move down/up"),
        (&[Action::Top, Action::Bottom], "first/last row"),
        (&[Action::NextPane, Action::PrevPane], "next/previous pane"),
        (
            &[
                Action::PaneAccounts,
                Action::PaneChecklist,
                Action::PaneEscalations,
                Action::PaneNotes,
                Action::PaneVisit,
            ],
            "pane: accounts … visit",
        ),
        (&[Action::PageDown, Action::PageUp], "page down/up"),
    ];

    pub fn name(self) -> &'static str {
        Action::ALL
            .iter()
            .find(|(a, _, _)| *a == self)
            .map_or("?", |(_, n, _)| n)
    }

    pub fn help(self) -> &'static str {
        Action::ALL
            .iter()
            .find(|(a, _, _)| *a == self)
            .map_or("?", |(_, _, h)| h)
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(a, _, _)| *a)
    }
}

/// A write (or a read) the run loop performs with the store; `update` itself does no I/O.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The selection moved: load the selected account's notes, ticks and visit.
    LoadDetail(i64),
    /// The briefing overlay opened: read the records it shows.
    LoadBrief(i64),
    /// The explanation overlay opened: the score 30 days ago and the weekly history.
    LoadExplain(i64),
    /// What is shown changed (not the data): read everything again.
    Reload,
    /// Run the search overlay's query.
    Search(String),
    /// Read an escalation's story (the escalation overlay).
    LoadEscalation(i64),
    /// Read an account's contacts (the contacts overlay).
    LoadContacts(i64),
    /// Open a found note: read it whole and its account's panes.
    OpenNote {
        account_id: i64,
        id: i64,
    },
    SaveNote {
        account_id: i64,
        line: String,
        /// Chosen for the note (an agenda item asked for it); None: the prefixes decide.
        kind: Option<crate::domain::NoteKind>,
    },
    FollowUpDone {
        id: i64,
    },
    EditNote {
        id: i64,
        text: String,
        /// The note's text when the form opened: a colleague's edit since is not overwritten.
        was: String,
    },
    /// A note from the note form (kind, moment, NPS, follow-up).
    LogNote {
        account_id: i64,
        note: crate::store::notes::NewNote,
    },
    DeleteNote {
        id: i64,
        /// The text the question showed: a colleague's edit since is not deleted unseen.
        was: String,
    },
    /// Add (`id` None) or change a contact of the account.
    SaveContact {
        account_id: i64,
        id: Option<i64>,
        contact: crate::store::contacts::NewContact,
        /// An edit: the contact as the form opened with it (only the fields changed since are
        /// written; one a colleague changed too is refused first).
        was: Option<Box<crate::store::contacts::NewContact>>,
    },
    DeleteContact {
        account_id: i64,
        id: i64,
    },
    /// Take back a write made in this session.
    Undo(crate::ops::Undo),
    Snooze {
        item: String,
        until: chrono::NaiveDate,
        reason: String,
    },
    ToggleTick {
        account_id: i64,
        week: IsoWeek,
        key: String,
        done: bool,
    },
    OpenEscalation {
        account_id: i64,
        level: Level,
        reason: String,
    },
    RaiseEscalation {
        id: i64,
        /// Its level when the form opened (a colleague may have raised it since).
        from: Level,
        /// One level up unless a higher one was picked.
        to: Level,
        note: Option<String>,
    },
    ResolveEscalation {
        id: i64,
        note: String,
        /// Its deadline when the form opened: a colleague's raise or reopen since moves it.
        seen_due: Option<crate::clock::Timestamp>,
    },
    ReopenEscalation {
        id: i64,
        note: String,
    },
    PlanVisit {
        account_id: i64,
        date: chrono::NaiveDate,
        /// The planned visit the form showed (`Some(None)`: none): a colleague's plan since is
        /// pointed out once.
        seen: Option<Option<chrono::NaiveDate>>,
    },
    VisitDone {
        account_id: i64,
        on: chrono::NaiveDate,
        note: Option<String>,
    },
    Review {
        account_id: i64,
        scores: Scores,
        note: Option<String>,
    },
    /// Checked by `ops::new_account`, as `tend account add` is.
    AddAccount(crate::store::accounts::NewAccount),
}

impl Effect {
    /// A write: its failure keeps the note or form open and says why.
    pub fn is_write(&self) -> bool {
        !matches!(
            self,
            Effect::LoadDetail(_)
                | Effect::LoadBrief(_)
                | Effect::LoadExplain(_)
                | Effect::Reload
                | Effect::Search(_)
                | Effect::LoadContacts(_)
                | Effect::LoadEscalation(_)
                | Effect::OpenNote { .. }
        )
    }
}

/// What the run loop got from performing an effect; `run_effect` applies it to the app.
#[derive(Debug)]
pub enum Outcome {
    Detail(super::app::Detail),
    Brief(crate::store::brief::Briefing),
    Explain(crate::triage::ExplainExtra),
    Reload,
    /// The hits of a query (or why it could not run).
    Search {
        query: String,
        results: Result<crate::store::search::SearchResults, String>,
    },
    Escalation(super::app::EscalationStory),
    /// An account's contacts.
    Contacts {
        account_id: i64,
        contacts: Vec<crate::domain::Contact>,
    },
    /// A found note, with its account's panes.
    Note {
        detail: super::app::Detail,
        note: crate::domain::Note,
    },
    /// A write was committed: say so; `select` is an account to select after the reload.
    Saved {
        message: String,
        select: Option<i64>,
        /// How to take this write back, and what it was (for `u`).
        undo: Option<(crate::ops::Undo, String)>,
    },
}
