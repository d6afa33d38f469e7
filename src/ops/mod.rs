//! The operations: one function per user action, holding its rules (validation) and the store
//! call, returning the record it wrote. The CLI commands and the cockpit's effects both call these,
//! so no rule lives in only one front end. Front ends parse raw text into typed values (with the
//! shared parsers in `domain`) and resolve names to ids; everything a write must respect is here.

use chrono::NaiveDate;

use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::dates::local_date;
use crate::domain::escalation::{Escalation, Level};
use crate::domain::feedback::{check_text, extract_follow_up, parse_quick_note};
use crate::domain::{
    Account, ChurnCategory, Contact, IsoWeek, Note, Scores, Status, Visit, account_name,
};
use crate::error::Error;
use crate::store::Store;
use crate::store::accounts::{AccountPatch, NewAccount};
use crate::store::contacts::{ContactPatch, NewContact};
use crate::store::notes::NewNote;

mod accounts;
pub use accounts::{AccountInput, new_account, new_account_problems};

/// Who acts, when, under which rules, on which database.
pub struct Ops<'a> {
    pub store: &'a Store,
    pub cfg: &'a Config,
    pub user: &'a str,
    pub now: Timestamp,
}

/// What a tick did: a no-op when the item already was (or was not) ticked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TickOutcome {
    pub done: bool,
    pub changed: bool,
}

impl<'a> Ops<'a> {
    pub fn new(store: &'a Store, cfg: &'a Config, user: &'a str, now: Timestamp) -> Ops<'a> {
        Ops {
            store,
            cfg,
            user,
            now,
        }
    }

    fn today(&self) -> NaiveDate {
        local_date(self.now)
    }

    pub fn add_account(&self, mut new: NewAccount) -> Result<Account, Error> {
        new.name = account_name(&new.name)?;
        self.store.add_account(&new, self.user, self.now)
    }

    /// Edit fields; the status may become active or paused (churn has its own operation).
    pub fn edit_account(&self, id: i64, patch: &AccountPatch) -> Result<Account, Error> {
        if patch.status == Some(Status::Churned) {
            return Err(Error::invalid(
                "status",
                "churned",
                "active or paused (churn with 'tend account churn NAME --reason TEXT')",
            ));
        }
        if let Some(name) = &patch.name {
            account_name(name)?;
        }
        // The other side of churn's rule: a client cannot have come after it left.
        if let Some(since) = patch.client_since
            && let Some(left) = self.store.account_by_id(id)?.churned_on
            && since > left
        {
            return Err(Error::invalid(
                "since",
                since,
                format!("{left} (the churn date) or earlier: a client cannot come after it left"),
            ));
        }
        self.store.edit_account(id, patch, self.user, self.now)
    }

    pub fn churn_account(
        &self,
        id: i64,
        reason: &str,
        category: ChurnCategory,
        on: NaiveDate,
    ) -> Result<(), Error> {
        let reason = check_text("reason", reason)?;
        // Churn records that a client left: a date ahead would take the account out of every
        // list and queue today, and ask for an exit interview months early.
        if on > self.today() {
            return Err(Error::invalid(
                "on",
                on,
                "today or earlier: churn records that a client has left",
            ));
        }
        self.store
            .churn_account(id, &reason, category, on, self.user, self.now)
    }

    pub fn delete_account(&self, id: i64) -> Result<(), Error> {
        self.store.delete_account(id)
    }

    pub fn add_contact(&self, account_id: i64, contact: &NewContact) -> Result<(), Error> {
        check_text("person", &contact.person)?;
        check_email(contact.email.as_deref())?;
        self.store
            .add_contact(account_id, contact, self.user, self.now)
            .map(|_| ())
    }

    pub fn edit_contact(&self, id: i64, patch: &ContactPatch) -> Result<Contact, Error> {
        if let Some(p) = &patch.person {
            check_text("name", p)?;
        }
        if let Some(email) = &patch.email {
            check_email(email.as_deref())?;
        }
        self.store.edit_contact(id, patch)
    }

    /// An edit from a form that opened with `was`: only the fields changed there are written,
    /// so a colleague's edit of other fields since stays; a field both changed is refused,
    /// naming what it says now (found in a trial: saving a phone number put back the role and
    /// note a colleague had just changed).
    pub fn edit_contact_from(
        &self,
        id: i64,
        was: &NewContact,
        mine: &NewContact,
    ) -> Result<Contact, Error> {
        let c = self.store.contact_by_id(id)?;
        let now = NewContact {
            person: c.person,
            role: c.role,
            email: c.email,
            phone: c.phone,
            primary: c.primary,
            birthday: c.birthday,
            channel: c.channel,
            best_time: c.best_time,
            personal: c.personal,
        };
        let mut patch = ContactPatch::default();
        fn take<T: PartialEq + Clone + std::fmt::Debug>(
            field: &str,
            (was, now, mine): (&T, &T, &T),
            show: impl Fn(&T) -> String,
            slot: &mut Option<T>,
        ) -> Result<(), Error> {
            if mine == was {
                return Ok(());
            }
            if now != was && now != mine {
                return Err(Error::invalid(
                    field,
                    show(mine),
                    format!(
                        "changed by a colleague since you opened it, now '{}': Enter again saves yours over it",
                        show(now)
                    ),
                ));
            }
            *slot = Some(mine.clone());
            Ok(())
        }
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        take(
            "person",
            (&was.person, &now.person, &mine.person),
            String::clone,
            &mut patch.person,
        )?;
        take(
            "role",
            (&was.role, &now.role, &mine.role),
            text,
            &mut patch.role,
        )?;
        take(
            "email",
            (&was.email, &now.email, &mine.email),
            text,
            &mut patch.email,
        )?;
        take(
            "phone",
            (&was.phone, &now.phone, &mine.phone),
            text,
            &mut patch.phone,
        )?;
        let yes = |b: &bool| if *b { "yes" } else { "no" }.to_string();
        take(
            "primary",
            (&was.primary, &now.primary, &mine.primary),
            yes,
            &mut patch.primary,
        )?;
        let day =
            |b: &Option<crate::domain::Birthday>| b.map(|b| b.to_string()).unwrap_or_default();
        take(
            "birthday",
            (&was.birthday, &now.birthday, &mine.birthday),
            day,
            &mut patch.birthday,
        )?;
        take(
            "channel",
            (&was.channel, &now.channel, &mine.channel),
            text,
            &mut patch.channel,
        )?;
        take(
            "best time",
            (&was.best_time, &now.best_time, &mine.best_time),
            text,
            &mut patch.best_time,
        )?;
        take(
            "personal",
            (&was.personal, &now.personal, &mine.personal),
            text,
            &mut patch.personal,
        )?;
        self.edit_contact(id, &patch)
    }

    pub fn delete_contact(&self, id: i64) -> Result<(), Error> {
        self.store.delete_contact(id)
    }

    pub fn log_note(&self, account_id: i64, note: NewNote) -> Result<Note, Error> {
        check_text("text", &note.text)?;
        check_note_moment(note.at, self.now)?;
        self.store.add_note(account_id, &note, self.user, self.now)
    }

    /// A quick note line (`! nps 4 invoice wrong`), written now.
    pub fn log_quick_note(
        &self,
        account_id: i64,
        line: &str,
        kind: Option<crate::domain::NoteKind>,
    ) -> Result<Note, Error> {
        let q = parse_quick_note(line)?;
        crate::domain::feedback::check_follow_up_tail(&q.text, self.today())?;
        let (text, follow_up) = extract_follow_up(&q.text, self.today());
        self.log_note(
            account_id,
            NewNote {
                at: self.now,
                // A kind chosen for the note wins over the default call (a `!` still complains).
                kind: match (kind, q.kind) {
                    (Some(k), crate::domain::NoteKind::Call) => k,
                    (_, k) => k,
                },
                text,
                nps: q.nps,
                follow_up,
            },
        )
    }

    /// Close a follow-up (a no-op when it was closed already: false).
    pub fn follow_up_done(&self, id: i64) -> Result<bool, Error> {
        self.store.follow_up_done(id, self.user, self.now)
    }

    /// Snooze an agenda item until a date after today; escalations keep their deadline.
    pub fn snooze(&self, item: &str, until: NaiveDate, reason: &str) -> Result<(), Error> {
        if item.starts_with("escalation:") {
            return Err(Error::invalid(
                "id",
                item,
                "an agenda item that is not an escalation (an escalation's deadline holds)",
            ));
        }
        check_snooze_until(until, self.today())?;
        let reason = check_text("reason", reason)?;
        self.store.snooze(item, until, &reason, self.user, self.now)
    }

    pub fn clear_snooze(&self, item: &str) -> Result<bool, Error> {
        self.store.clear_snooze(item, self.user, self.now)
    }

    pub fn edit_note(&self, id: i64, text: &str) -> Result<(), Error> {
        let text = check_text("text", text)?;
        self.store.edit_note(id, &text, self.user, self.now)
    }

    /// `edit_note` from an editor that started from the text `was`: refused, naming who changed
    /// it, when the note's text is not `was` any more.
    pub fn edit_note_from(&self, id: i64, was: &str, text: &str) -> Result<(), Error> {
        let text = check_text("text", text)?;
        self.store
            .edit_note_from(id, Some(was), &text, self.user, self.now)
    }

    /// `delete_note` after a question that showed the text `was`: refused, naming who changed
    /// it and what it says now, when someone edited it since (found in a trial: a colleague's
    /// newer text was deleted unseen).
    pub fn delete_note_from(&self, id: i64, was: &str) -> Result<(), Error> {
        self.store.delete_note_from(id, Some(was))
    }

    pub fn delete_note(&self, id: i64) -> Result<(), Error> {
        self.store.delete_note(id)
    }

    /// Open an escalation; a churned account gets none.
    pub fn open_escalation(
        &self,
        account_id: i64,
        level: Level,
        reason: &str,
    ) -> Result<Escalation, Error> {
        let reason = check_text("reason", reason)?;
        self.escalations_allowed(account_id)?;
        self.store.open_escalation(
            account_id,
            level,
            &reason,
            &self.cfg.escalation.sla_hours,
            self.user,
            self.now,
        )
    }

    pub fn raise_escalation(
        &self,
        id: i64,
        to: Option<Level>,
        note: Option<&str>,
    ) -> Result<Escalation, Error> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        self.store.raise_escalation(
            id,
            to,
            note,
            &self.cfg.escalation.sla_hours,
            self.user,
            self.now,
        )
    }

    /// Resolve; with `seen_due` (a form's), refused when the deadline seen moved since — a
    /// colleague raised or reopened it.
    pub fn resolve_escalation(
        &self,
        id: i64,
        note: &str,
        seen_due: Option<Timestamp>,
    ) -> Result<Escalation, Error> {
        let note = check_text("note", note).map_err(|_| {
            Error::invalid("note", note, "a note on how it was resolved (--note TEXT)")
        })?;
        self.store
            .resolve_escalation_as_seen(id, &note, seen_due, self.user, self.now)
    }

    /// Reopen a resolved escalation; not on a churned account (no queue would show it).
    pub fn reopen_escalation(&self, id: i64, note: &str) -> Result<Escalation, Error> {
        let note = check_text("note", note).map_err(|_| {
            Error::invalid("note", note, "a note on why it is open again (--note TEXT)")
        })?;
        self.escalations_allowed(self.store.escalation(id)?.account_id)?;
        self.store.reopen_escalation(
            id,
            &note,
            &self.cfg.escalation.sla_hours,
            self.user,
            self.now,
        )
    }

    /// A churned account has no open escalations: none is opened or reopened on it.
    fn escalations_allowed(&self, account_id: i64) -> Result<(), Error> {
        let account = self.store.account_by_id(account_id)?;
        if account.status == Status::Churned {
            return Err(Error::invalid(
                "account",
                &account.name,
                "an active or paused account (this one has churned)",
            ));
        }
        Ok(())
    }

    /// The key must be an item of the configured template.
    pub fn check_item(&self, key: &str) -> Result<(), Error> {
        if self.cfg.checklist_label(key).is_some() {
            return Ok(());
        }
        let keys: Vec<&str> = self
            .cfg
            .checklist
            .items
            .iter()
            .map(|i| i.key.as_str())
            .collect();
        Err(Error::invalid(
            "key",
            key,
            format!("one of {}", keys.join(", ")),
        ))
    }

    /// Tick (`done`) or untick an item; the other way round is a harmless no-op.
    pub fn tick(
        &self,
        account_id: i64,
        week: IsoWeek,
        key: &str,
        done: bool,
    ) -> Result<TickOutcome, Error> {
        self.check_item(key)?;
        let changed = if done {
            self.store
                .tick(account_id, week, key, self.user, self.now)?
        } else {
            self.store
                .untick(account_id, week, key, self.user, self.now)?
        };
        Ok(TickOutcome { done, changed })
    }

    /// Plan (or reschedule) the next visit: today or later. With `seen` (a form's), refused
    /// once when the planned visit is no longer the one seen.
    pub fn plan_visit(
        &self,
        account_id: i64,
        date: NaiveDate,
        seen: Option<Option<NaiveDate>>,
    ) -> Result<Visit, Error> {
        check_plan_date(date, self.today())?;
        self.store
            .plan_visit_as_seen(account_id, date, seen, self.user, self.now)
    }

    /// Record a visit (the planned one, or an unplanned one) on `on`: today or earlier.
    pub fn visit_done(
        &self,
        account_id: i64,
        on: NaiveDate,
        note: Option<&str>,
    ) -> Result<Visit, Error> {
        if on > self.today() {
            return Err(Error::invalid(
                "on",
                on,
                "today or an earlier date (plan future visits with 'tend visit plan')",
            ));
        }
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        self.store
            .visit_done(account_id, on, note, self.user, self.now)
    }

    /// Cancel the planned visit; false when none was planned.
    pub fn cancel_visit(&self, account_id: i64) -> Result<bool, Error> {
        self.store.cancel_visit(account_id, self.user, self.now)
    }

    /// Record a review; returns its id.
    pub fn review(
        &self,
        account_id: i64,
        scores: Scores,
        note: Option<&str>,
    ) -> Result<i64, Error> {
        for (field, n) in scores.fields() {
            Scores::check(field, n)?;
        }
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        self.store
            .add_review(account_id, scores, note, self.user, self.now)
            .map(|r| r.id)
    }

    /// Take back a write made a moment ago (the cockpit's `u`); refused, saying why, when the
    /// record changed since. Returns what was undone, named with its account: the write may
    /// be on an account no longer on screen (found in a trial: "'questions' unticked" read as
    /// if it were the account shown).
    pub fn undo(&self, u: &Undo) -> Result<String, Error> {
        // Looked up first: taking back a note, an escalation or an account removes it.
        let name = self
            .undo_account(u)
            .and_then(|id| self.store.account_by_id(id).ok())
            .map(|a| format!(" — {}", crate::text::one_line(&a.name)))
            .unwrap_or_default();
        self.undo_write(u).map(|done| format!("{done}{name}"))
    }

    /// The account a write to take back belongs to.
    fn undo_account(&self, u: &Undo) -> Option<i64> {
        let s = self.store;
        let of_note = |id: i64| s.note(id).ok().map(|n| n.account_id);
        let of_escalation = |id: i64| s.escalation(id).ok().map(|e| e.account_id);
        match u {
            Undo::Note { id, .. } | Undo::EditNote { id, .. } | Undo::FollowUpDone { id, .. } => {
                of_note(*id)
            }
            Undo::EscalationOpened { id, .. }
            | Undo::Raise { id, .. }
            | Undo::Resolve { id, .. } => of_escalation(*id),
            Undo::Tick { account_id, .. }
            | Undo::Plan { account_id, .. }
            | Undo::Review { account_id, .. } => Some(*account_id),
            Undo::AccountAdded { id, .. } => Some(*id),
            // The item's id names it (`silence:12`).
            Undo::Snooze { .. } => None,
        }
    }

    fn undo_write(&self, u: &Undo) -> Result<String, Error> {
        let s = self.store;
        match u {
            Undo::Note { id, created_at } => s
                .undo_note(*id, *created_at, self.user)
                .map(|_| format!("note {id} removed")),
            Undo::Tick {
                account_id,
                week,
                key,
                done,
                at,
            } => {
                let item = (*account_id, *week, key.as_str());
                s.undo_tick(item, (*done, *at), self.user, self.now)?;
                Ok(format!(
                    "'{key}' {}",
                    if *done { "unticked" } else { "ticked again" }
                ))
            }
            Undo::EscalationOpened { id, created_at } => s
                .undo_escalation_opened(*id, *created_at)
                .map(|_| format!("escalation #{id} removed")),
            Undo::Raise {
                id,
                from,
                to,
                due_before,
            } => s
                .undo_raise(*id, *from, *to, *due_before, self.user, self.now)
                .map(|_| format!("#{id} lowered back to {from}")),
            Undo::Resolve {
                id,
                resolved_at,
                due_before,
            } => {
                // A resolution taken back is a reopening (the history says so) with the
                // deadline it had: undo gives no fresh SLA.
                self.escalations_allowed(s.escalation(*id)?.account_id)?;
                let e = s.undo_resolve(*id, *resolved_at, *due_before, self.user, self.now)?;
                Ok(format!(
                    "#{id} open again, {}",
                    crate::domain::when::due(e.due_at, self.now, false)
                ))
            }
            Undo::Plan {
                account_id,
                planned,
                previous,
            } => {
                s.undo_plan(*account_id, *planned, *previous, self.user, self.now)?;
                Ok(match previous {
                    Some(d) => format!("visit plan back to {d}"),
                    None => "visit plan removed".to_string(),
                })
            }
            Undo::Review {
                id,
                account_id,
                created_at,
            } => s
                .undo_review(*id, *account_id, *created_at)
                .map(|_| "review removed".to_string()),
            Undo::AccountAdded { id, created_at } => s
                .undo_account_added(*id, *created_at)
                .map(|_| "new account removed".to_string()),
            Undo::FollowUpDone { id, created_at } => s
                .undo_follow_up_done(*id, *created_at)
                .map(|_| format!("follow-up {id} open again")),
            Undo::EditNote {
                id,
                created_at,
                before,
                after,
            } => {
                let now = s
                    .note(*id)
                    .ok()
                    .filter(|n| n.created_at == *created_at)
                    .ok_or_else(|| Error::Db(format!("cannot undo: note {id} is gone")))?;
                if now.text != *after {
                    return Err(Error::Db(format!(
                        "cannot undo: note {id} was edited again since"
                    )));
                }
                self.edit_note(*id, before)?;
                Ok(format!("note {id} text restored"))
            }
            Undo::Snooze { item } => {
                self.clear_snooze(item)?;
                Ok(format!("{item} shows again"))
            }
        }
    }
}

/// How to take back one write made in the cockpit (newest first, up to 20 are kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undo {
    /// Every record below is named by its id and the moment it was created: SQLite gives a
    /// deleted record's id to the next one, and undo must never take back a colleague's record
    /// that got the number of one deleted here.
    Note {
        id: i64,
        created_at: Timestamp,
    },
    Tick {
        account_id: i64,
        week: IsoWeek,
        key: String,
        /// What the write set.
        done: bool,
        /// When: undo takes back only that change, never a colleague's since.
        at: Timestamp,
    },
    EscalationOpened {
        id: i64,
        created_at: Timestamp,
    },
    Raise {
        id: i64,
        from: Level,
        to: Level,
        due_before: Timestamp,
    },
    Resolve {
        id: i64,
        /// The resolution this write made (undo refuses once anyone resolved it again).
        resolved_at: Timestamp,
        /// The deadline it had before: undo restores it.
        due_before: Timestamp,
    },
    Plan {
        account_id: i64,
        planned: NaiveDate,
        previous: Option<NaiveDate>,
    },
    Review {
        id: i64,
        account_id: i64,
        created_at: Timestamp,
    },
    AccountAdded {
        id: i64,
        created_at: Timestamp,
    },
    FollowUpDone {
        id: i64,
        created_at: Timestamp,
    },
    EditNote {
        id: i64,
        created_at: Timestamp,
        before: String,
        after: String,
    },
    Snooze {
        item: String,
    },
}

/// A snooze lasts until a day after today (the item shows again that day).
pub fn check_snooze_until(until: NaiveDate, today: NaiveDate) -> Result<(), Error> {
    if until <= today {
        return Err(Error::invalid("until", until, "a date after today"));
    }
    Ok(())
}

/// A note happened by now: a note dated ahead would count in every score from its own moment on,
/// before it was true.
pub fn check_note_moment(at: Timestamp, now: Timestamp) -> Result<(), Error> {
    if at > now {
        return Err(Error::invalid(
            "at",
            crate::domain::when::date(local_date(at)),
            "now or earlier: a note records what happened",
        ));
    }
    Ok(())
}

/// A contact's e-mail address, when one is given: something@somewhere, no spaces.
pub fn check_email(email: Option<&str>) -> Result<(), Error> {
    match email.filter(|e| !e.trim().is_empty()) {
        Some(e) if !e.contains('@') || e.contains(char::is_whitespace) => Err(Error::invalid(
            "email",
            e,
            "an e-mail address like name@example.com",
        )),
        _ => Ok(()),
    }
}

/// A visit is planned for today or later (a past one is recorded with `visit done --on`).
pub fn check_plan_date(date: NaiveDate, today: NaiveDate) -> Result<(), Error> {
    if date < today {
        return Err(Error::invalid(
            "date",
            date,
            "today or a later date (record a past visit with 'tend visit done NAME --on DATE')",
        ));
    }
    Ok(())
}
