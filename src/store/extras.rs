//! What only "now" needs besides the health facts: this week's ticks, the latest note of each
//! feedback loop (read from migration 007's `note_latest` where it exists) and the last owner
//! change, per account.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::facts::{Binds, for_each_row, only_account};
use super::{Store, from_ts};
use crate::clock::Timestamp;
use crate::domain::dates::local_date;
use crate::domain::feedback::LastNotes;
use crate::domain::{IsoWeek, NoteKind};
use crate::error::Error;

/// What only "now" needs: this week's ticks, the latest note of each loop, the owner change.
#[derive(Debug, Clone, Default)]
pub struct NowExtras {
    pub this_week_done: crate::domain::checklist::Ticked,
    pub last: LastNotes,
    pub owner_changed_on: Option<NaiveDate>,
}

impl Store {
    /// This week's ticks, the latest note of each feedback loop and the last owner change, per
    /// account.
    pub fn now_extras(
        &self,
        now: Timestamp,
        only: Option<i64>,
    ) -> Result<HashMap<i64, NowExtras>, Error> {
        let summarised = self.has_latest_summaries()?;
        self.now_extras_with(now, only, summarised)
    }

    /// `now_extras` read from the notes themselves, never from migration 007's tables: the
    /// reference its property test compares with.
    #[doc(hidden)]
    pub fn now_extras_reference(
        &self,
        now: Timestamp,
        only: Option<i64>,
    ) -> Result<HashMap<i64, NowExtras>, Error> {
        self.now_extras_with(now, only, false)
    }

    fn now_extras_with(
        &self,
        now: Timestamp,
        only: Option<i64>,
        summarised: bool,
    ) -> Result<HashMap<i64, NowExtras>, Error> {
        let mut out: HashMap<i64, NowExtras> = HashMap::new();
        let binds = Binds::new(only).with(":week", IsoWeek::at(now).to_string());
        let conn = self.conn();
        if summarised {
            // The live ticks, whatever their moments (as the query below has them).
            for_each_row(
                conn,
                &format!(
                    "SELECT account_id AS account_id, items AS items FROM tick_week WHERE week = :week{}",
                    only_account(only, "account_id")
                ),
                &binds,
                |r| {
                    let items = super::facts_fast::tick_items(r.get("items")?)?;
                    if !items.is_empty() {
                        out.entry(r.get("account_id")?).or_default().this_week_done = items;
                    }
                    Ok(())
                },
            )?;
        } else {
            for_each_row(
                conn,
                &format!(
                    "SELECT account_id AS account_id, item AS item FROM checklist_tick WHERE week = :week AND undone_at IS NULL{}",
                    only_account(only, "account_id")
                ),
                &binds,
                |r| {
                    out.entry(r.get("account_id")?)
                        .or_default()
                        .this_week_done
                        .insert(&r.get::<String>("item")?);
                    Ok(())
                },
            )?;
        }
        // The latest note of each loop's kind (its `at`, whatever its moments, as `MAX(at)` has
        // it): migration 007 keeps exactly that row per account and kind.
        if summarised {
            let mut loop_binds = Binds(binds.0.clone());
            let mut names = Vec::new();
            for (i, kind) in LastNotes::KINDS.iter().enumerate() {
                loop_binds = loop_binds.with(format!(":loop{i}"), kind.as_str().to_string());
                names.push(format!(":loop{i}"));
            }
            for_each_row(
                conn,
                &format!(
                    "SELECT account_id AS account_id, kind AS kind, at AS latest_at FROM note_latest \
                     WHERE kind IN ({}){}",
                    names.join(", "),
                    only_account(only, "account_id")
                ),
                &loop_binds,
                |r| {
                    let kind: NoteKind = r.parse("kind")?;
                    let date = local_date(from_ts(r.get("latest_at")?));
                    out.entry(r.get("account_id")?)
                        .or_default()
                        .last
                        .record(kind, date);
                    Ok(())
                },
            )?;
        }
        // Otherwise one seek per account and kind (note_by_kind).
        let slow_kinds: &[NoteKind] = if summarised { &[] } else { &LastNotes::KINDS };
        for &kind in slow_kinds {
            for_each_row(
                conn,
                &format!(
                    "SELECT account_id AS account_id, MAX(at) AS latest_at FROM note \
                     WHERE kind = CAST(:kind AS TEXT){} GROUP BY account_id",
                    only_account(only, "account_id")
                ),
                &Binds(binds.0.clone()).with(":kind", kind.as_str().to_string()),
                |r| {
                    let date = local_date(from_ts(r.get("latest_at")?));
                    out.entry(r.get("account_id")?)
                        .or_default()
                        .last
                        .record(kind, date);
                    Ok(())
                },
            )?;
        }
        for_each_row(
            conn,
            &format!(
                "SELECT account_id AS account_id, MAX(at) AS changed_at FROM account_event \
                 WHERE field = 'owner'{} GROUP BY account_id",
                only_account(only, "account_id")
            ),
            &binds,
            |r| {
                out.entry(r.get("account_id")?)
                    .or_default()
                    .owner_changed_on = Some(local_date(from_ts(r.get("changed_at")?)));
                Ok(())
            },
        )?;
        Ok(out)
    }
}
