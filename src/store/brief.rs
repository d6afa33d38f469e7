//! The records a briefing shows for one account (the text is made by `view::brief`).

use super::Store;
use crate::clock::Timestamp;
use crate::domain::escalation::{Escalation, sort_queue};
use crate::domain::{Contact, IsoWeek, Note, Tick, Visit};
use crate::error::Error;

/// What `tend brief` and the cockpit's briefing overlay show besides the account's summary.
#[derive(Debug, Clone, Default)]
pub struct Briefing {
    pub account_id: i64,
    /// Open escalations in queue order.
    pub open_escalations: Vec<Escalation>,
    /// The newest few notes.
    pub notes: Vec<Note>,
    /// This week's ticks.
    pub ticks: Vec<Tick>,
    pub last_visit: Option<Visit>,
    pub contacts: Vec<Contact>,
    /// Health at the end of each of the last weeks, then now (filled by `triage::briefing`).
    pub history: Vec<Option<i64>>,
}

/// How many notes a briefing shows.
pub const BRIEF_NOTES: usize = 3;

impl Store {
    pub fn briefing(&self, account_id: i64, now: Timestamp) -> Result<Briefing, Error> {
        let mut open: Vec<Escalation> = self
            .account_escalations(account_id)?
            .into_iter()
            .filter(|e| e.is_open())
            .collect();
        sort_queue(&mut open, now);
        Ok(Briefing {
            account_id,
            open_escalations: open,
            notes: self.notes(account_id, Some(BRIEF_NOTES))?,
            ticks: self.ticks(account_id, IsoWeek::at(now))?,
            last_visit: self.last_visit(account_id)?,
            contacts: self.contacts(account_id)?,
            history: Vec::new(),
        })
    }
}
