//! The cockpit's state: a snapshot of the data, focus, mode and per-pane selection. Small on
//! purpose: everything else is derived while rendering.

use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::escalation::Escalation;
use crate::domain::summary::{AccountSummary, Kpis};
use crate::domain::{Note, Tick, Visit};

use super::form::Form;
use super::keymap::Keymap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Accounts,
    Checklist,
    Escalations,
    Notes,
    Visit,
}

impl Pane {
    pub const ORDER: [Pane; 5] = [
        Pane::Accounts,
        Pane::Checklist,
        Pane::Escalations,
        Pane::Notes,
        Pane::Visit,
    ];

    pub fn next(self) -> Pane {
        let i = Pane::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        Pane::ORDER[(i + 1) % Pane::ORDER.len()]
    }

    pub fn prev(self) -> Pane {
        let i = Pane::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        Pane::ORDER[(i + Pane::ORDER.len() - 1) % Pane::ORDER.len()]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Explain,
    Brief,
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
}

#[derive(Debug, Clone)]
pub struct NoteInput {
    pub account_id: i64,
    pub account: String,
    pub input: tui_input::Input,
}

/// Portfolio-wide data, reloaded when the database changes.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// Every non-churned account in triage order.
    pub list: Vec<AccountSummary>,
    pub kpis: Option<Kpis>,
    /// Open escalations in queue order.
    pub queue: Vec<Escalation>,
}

/// What the right-hand panes show for the selected account.
#[derive(Debug, Clone, Default)]
pub struct Detail {
    pub account_id: i64,
    pub notes: Vec<Note>,
    pub ticks: Vec<Tick>,
    pub last_visit: Option<Visit>,
    pub brief: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Selection {
    pub account: usize,
    pub checklist: usize,
    pub escalation: usize,
    pub note: usize,
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
    pub sel: Selection,
    pub overlay_scroll: u16,
    pub status: Option<StatusLine>,
    /// Select this account at the next data reload instead of keeping the current selection.
    pub select_after_reload: Option<i64>,
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
            mine: false,
            sel: Selection::default(),
            overlay_scroll: 0,
            status: None,
            select_after_reload: None,
            quit: false,
        }
    }

    pub fn selected(&self) -> Option<&AccountSummary> {
        self.visible
            .get(self.sel.account)
            .and_then(|&i| self.data.list.get(i))
    }

    pub fn selected_id(&self) -> Option<i64> {
        self.selected().map(|s| s.account.id)
    }

    /// Replace the data, keeping the selection on the same account where it still exists.
    pub fn set_data(&mut self, data: Data) {
        let keep = self.select_after_reload.take().or(self.selected_id());
        self.data = data;
        self.refilter(keep);
        self.sel.escalation = self
            .sel
            .escalation
            .min(self.data.queue.len().saturating_sub(1));
    }

    /// Recompute the visible rows; select `keep` if visible, else stay in range.
    pub fn refilter(&mut self, keep: Option<i64>) {
        let needle = self.filter.value().trim().to_lowercase();
        self.visible = self
            .data
            .list
            .iter()
            .enumerate()
            .filter(|(_, s)| needle.is_empty() || s.account.name.to_lowercase().contains(&needle))
            .filter(|(_, s)| !self.mine || s.account.is_mine(&self.user))
            .map(|(i, _)| i)
            .collect();
        if let Some(id) = keep
            && let Some(pos) = self
                .visible
                .iter()
                .position(|&i| self.data.list[i].account.id == id)
        {
            self.sel.account = pos;
            return;
        }
        self.sel.account = self.sel.account.min(self.visible.len().saturating_sub(1));
    }

    /// The selected escalation in the queue pane.
    pub fn selected_escalation(&self) -> Option<&Escalation> {
        self.data.queue.get(self.sel.escalation)
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
