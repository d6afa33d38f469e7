//! Today: every action that is due across the portfolio, from the same summaries that carry the
//! health and the flags (no second copy of a rule). Pure.
//! (One cohesive thing past 400 lines: the agenda — one rule per item kind of SPEC §7, side by side.)

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::dates::{add_days, add_months, days_between, local_date};
use super::escalation::Escalation;
use super::flags::Flag;
use super::summary::AccountSummary;
use super::{Birthday, IsoWeek, Status};
use crate::clock::Timestamp;
use crate::config::Config;

/// The kinds of agenda items, in the order of SPEC §7's table (the last tie-breaker).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    Escalation,
    FollowUp,
    SuccessReview,
    Complaints,
    ExitInterview,
    Review,
    WeeklyRoutine,
    Visit,
    BusinessReview,
    MicroFeedback,
    RelationshipReview,
    Audit,
    Silence,
    Renewal,
    Onboarding,
    Birthday,
    Anniversary,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Escalation => "escalation",
            ItemKind::FollowUp => "follow-up",
            ItemKind::SuccessReview => "success-review",
            ItemKind::Complaints => "complaints",
            ItemKind::ExitInterview => "exit-interview",
            ItemKind::Review => "review",
            ItemKind::WeeklyRoutine => "weekly-routine",
            ItemKind::Visit => "visit",
            ItemKind::BusinessReview => "business-review",
            ItemKind::MicroFeedback => "micro-feedback",
            ItemKind::RelationshipReview => "relationship-review",
            ItemKind::Audit => "audit",
            ItemKind::Silence => "silence",
            ItemKind::Renewal => "renewal",
            ItemKind::Onboarding => "onboarding",
            ItemKind::Birthday => "birthday",
            ItemKind::Anniversary => "anniversary",
        }
    }
}

/// A follow-up promised in a note (its id is the note's id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpDue {
    pub id: i64,
    pub account_id: i64,
    pub due: NaiveDate,
    pub text: String,
}

/// A contact's birthday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BirthdayOf {
    pub account_id: i64,
    pub person: String,
    pub birthday: Birthday,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    /// Stable: `escalation:17`, `follow-up:230`, else `KIND:ACCOUNT_ID`.
    pub id: String,
    #[serde(skip)]
    pub account_id: i64,
    /// The account's name and owner, shared by its items (`Collector::names`): at 100 000
    /// accounts two copies per item were ≈ 18 MB of the cockpit's agenda.
    pub account: std::sync::Arc<str>,
    pub owner: std::sync::Arc<str>,
    pub kind: ItemKind,
    pub due: NaiveDate,
    /// The exact moment, for escalations.
    pub due_at: Option<Timestamp>,
    pub overdue: bool,
    /// One line that says why, with numbers.
    pub reason: String,
    pub snoozed_until: Option<NaiveDate>,
}

/// The level of escalation a complaints item asks for (the cockpit's `Enter` on it opens
/// the escalation form at this level).
pub const COMPLAINTS_LEVEL: super::escalation::Level = super::escalation::Level::Orange;

/// The heading of a Today list, the cockpit's pane and `tend today` alike: how many items, how
/// many are due by today (the cockpit header's "N due") and how many are overdue ("late", as
/// SPEC.md has it; it keeps the heading within an 80-column pane). "mine" comes before
/// the figures: a narrow pane cuts the end of its title.
pub fn heading<'a>(
    items: impl IntoIterator<Item = &'a AgendaItem>,
    today: NaiveDate,
    mine: bool,
) -> String {
    let (mut all, mut due, mut late) = (0, 0, 0);
    for i in items {
        all += 1;
        due += usize::from(i.due_by(today));
        late += usize::from(i.overdue);
    }
    let mine = if mine { " · mine" } else { "" };
    format!(
        "Today {all}{mine} · {due} due · {late} {}",
        super::when::LATE
    )
}

impl AgendaItem {
    /// Due today or overdue: what the header's "N due" and the Today pane's "N due" count.
    pub fn due_by(&self, today: NaiveDate) -> bool {
        self.due <= today
    }

    /// When, for a list (compact, `domain::when`): an escalation's moment ("12h overdue",
    /// "in 5h"), else its day ("2d overdue", "today", "tomorrow", "Fri", else the date).
    pub fn when(&self, now: Timestamp) -> String {
        match self.due_at {
            Some(at) => super::when::due(at, now, true),
            None => super::when::due_on(self.due, super::dates::local_date(now), true),
        }
    }
}

/// What the agenda is built from: the summaries (now) and the records that are items themselves.
pub struct AgendaInput<'a> {
    pub summaries: &'a [AccountSummary],
    /// Open escalations of non-churned accounts.
    pub escalations: &'a [Escalation],
    pub follow_ups: &'a [FollowUpDue],
    pub birthdays: &'a [BirthdayOf],
    /// Live snoozes: item id → (until, reason).
    pub snoozes: &'a HashMap<String, (NaiveDate, String)>,
}

/// Which items to list.
#[derive(Debug, Clone, Copy)]
pub struct AgendaQuery<'a> {
    /// Look-ahead in days: items due within it are listed (and everything overdue).
    pub days: i64,
    /// Only accounts this user owns or backs up.
    pub mine: Option<&'a str>,
    /// Snoozed items too.
    pub all: bool,
}

impl AgendaQuery<'_> {
    /// Today and the last day the look-ahead lists, as of `now`.
    pub fn window(&self, now: Timestamp) -> (NaiveDate, NaiveDate) {
        let today = local_date(now);
        (today, add_days(today, self.days))
    }
}

/// Every item due: open escalations first (overdue first, then by deadline), then the others,
/// overdue first (earliest first), then by due date; ties by account name, then by the order
/// of the kinds, then by item id (`order_key`).
pub fn agenda(
    input: &AgendaInput<'_>,
    q: AgendaQuery<'_>,
    cfg: &Config,
    now: Timestamp,
) -> Vec<AgendaItem> {
    let names = input
        .summaries
        .iter()
        .map(|s| sort_name(&s.account))
        .collect();
    in_order(items(input, q, cfg, now), names)
}

/// Room for the items of `accounts` accounts, reserved up front: grown by doubling, the vector
/// of 278 000 items at 100 000 accounts was copied into one twice its size (≈ 100 MB at the
/// cockpit's peak). Room is not memory: a large vector's pages become resident only when
/// written, and `in_order` gives back what was not used. The demo has 2.8 items per account.
pub fn room_for(accounts: usize) -> usize {
    accounts.saturating_mul(4)
}

/// An account's place among the names in the agenda's order (`in_order`).
pub fn sort_name(account: &super::Account) -> (String, i64) {
    (account.name.to_lowercase(), account.id)
}

/// `items` in the agenda's order (`agenda`); `names` holds `sort_name` of every account that has
/// an item (others may be there too).
pub fn in_order(mut items: Vec<AgendaItem>, mut names: Vec<(String, i64)>) -> Vec<AgendaItem> {
    // Made by pushing, the vector may hold room for twice the items, and the cockpit keeps it:
    // the room goes back first, before the sort's own memory is taken.
    items.shrink_to_fit();
    // The moment of each date and each account's sort name are worked out once, not per item
    // (51 000 items at 10 000 accounts): comparing numbers, not strings.
    let mut day_ends: HashMap<NaiveDate, Timestamp> = HashMap::new();
    for i in &items {
        day_ends.entry(i.due).or_insert_with(|| day_end(i.due));
    }
    names.sort();
    let rank: HashMap<i64, usize> = names
        .iter()
        .enumerate()
        .map(|(r, (_, id))| (*id, r))
        .collect();
    // The numeric part of each item's key beside its index, sorted, ties by the item's id (the
    // key's last part, compared in place instead of copied into every key: at 100 000
    // accounts ≈ 278 000 ids), then the items moved into that order in place.
    let mut keyed: Vec<(OrderHead<usize>, usize)> = items
        .iter()
        .enumerate()
        .map(|(j, i)| {
            let name = rank.get(&i.account_id).copied().unwrap_or(usize::MAX);
            (order_head(i, day_ends[&i.due], name), j)
        })
        .collect();
    keyed.sort_unstable_by(|(a, j), (b, k)| {
        a.cmp(b)
            .then_with(|| items[*j].id.cmp(&items[*k].id))
            .then(j.cmp(k))
    });
    super::sorted::permute(&mut items, keyed.into_iter().map(|(_, j)| j).collect());
    items
}

/// The agenda's order but for the item's id (`order_key`).
type OrderHead<N> = (bool, bool, i64, N, ItemKind);

/// The agenda's order (`agenda`): open escalations first, overdue ones first, then by their
/// deadline (a departure from SPEC §7, found in two trials: a red escalation 13 hours past its
/// deadline sat below a partnership audit 70 days late, and a new red one due in 23 hours on
/// row 41; an escalation's deadline is the method's hardest, at most 48 hours away); then the
/// other items, overdue first, then by the due moment — an escalation due at
/// 16:00 comes before a date item due the same day (a date is due at the end of its day) — then
/// by the account's name (`name`: its lowercased name, or its place in that order), then by kind
/// (`order_head`), then by the item's id (two follow-ups of one account due the same day): a
/// total order, so the cockpit's `update` puts an item exactly where making the whole agenda
/// does.
fn order_key<N: Ord>(i: &AgendaItem, day_end: Timestamp, name: N) -> (OrderHead<N>, String) {
    (order_head(i, day_end, name), i.id.clone())
}

fn order_head<N: Ord>(i: &AgendaItem, day_end: Timestamp, name: N) -> OrderHead<N> {
    (
        i.kind != ItemKind::Escalation,
        !i.overdue,
        i.due_at.unwrap_or(day_end).timestamp(),
        name,
        i.kind,
    )
}

fn day_end(due: NaiveDate) -> Timestamp {
    let end_of_day = chrono::NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(chrono::NaiveTime::MIN);
    super::dates::local_moment(due, end_of_day)
}

/// Make the items of `accounts` in an agenda `new` ones (theirs, made again), in the agenda's
/// order (`agenda`): an item that is the same stays where it is, one whose order key changed
/// moves to its new place, one no longer due leaves and a new one goes in where it belongs.
/// Only the items between an old and a new place move — at 100 000 accounts the agenda
/// holds 500 000 items, and re-inserting an account's items would move all of them each time.
/// Account names are unique by their lowercased form, so ordering by it equals ordering by rank.
pub fn update(agenda: &mut Vec<AgendaItem>, accounts: &HashSet<i64>, new: Vec<AgendaItem>) {
    let key = |i: &AgendaItem| order_key(i, day_end(i.due), i.account.to_lowercase());
    // Items are matched by id; where one account has two items of one id (two contacts of the
    // same name with birthdays), all of these accounts' items are taken out and put back.
    let mut in_new: HashSet<&str> = HashSet::new();
    let mut in_old: HashSet<&str> = HashSet::new();
    let unique = new.iter().all(|i| in_new.insert(&i.id))
        && agenda
            .iter()
            .filter(|i| accounts.contains(&i.account_id))
            .all(|i| in_old.insert(&i.id));
    if !unique {
        agenda.retain(|i| !accounts.contains(&i.account_id));
        for n in new {
            super::sorted::insert_sorted(agenda, n, key);
        }
        return;
    }
    let mut fresh: Vec<Option<AgendaItem>> = new.into_iter().map(Some).collect();
    let by_id: HashMap<String, usize> = fresh
        .iter()
        .enumerate()
        .filter_map(|(j, i)| Some((i.as_ref()?.id.clone(), j)))
        .collect();
    let mut gone: HashSet<String> = HashSet::new();
    // Items put in place already: one that moved right is met again further on.
    let mut placed: HashSet<String> = HashSet::new();
    let mut i = 0;
    while i < agenda.len() {
        let item = &agenda[i];
        if !accounts.contains(&item.account_id) || placed.contains(&item.id) {
            i += 1;
            continue;
        }
        let Some(n) = by_id.get(&item.id).and_then(|&j| fresh[j].take()) else {
            gone.insert(item.id.clone());
            i += 1;
            continue;
        };
        if n == *item {
            i += 1;
            continue;
        }
        // One item out of place at a time, so the rest is sorted for `settle`.
        placed.insert(n.id.clone());
        agenda[i] = n;
        if super::sorted::settle(agenda, i, key) <= i {
            i += 1;
        }
    }
    if !gone.is_empty() {
        agenda.retain(|i| !(accounts.contains(&i.account_id) && gone.contains(&i.id)));
    }
    for n in fresh.into_iter().flatten() {
        super::sorted::insert_sorted(agenda, n, key);
    }
}

/// Keep of `birthdays` those that can be listed by `items` with look-ahead `q` (a birthday is
/// listed by its next date, within the look-ahead; the others never are): at 100 000 accounts
/// 130 000 contacts have a birthday and ≈ 2 500 fall in a week, so the agenda need not hold
/// the rest while it is made.
pub fn birthdays_within(birthdays: &mut Vec<BirthdayOf>, q: AgendaQuery<'_>, now: Timestamp) {
    let (today, horizon) = q.window(now);
    birthdays.retain(|b| b.birthday.next_on_or_after(today) <= horizon);
    birthdays.shrink_to_fit();
}

/// The items due (within the look-ahead, snoozes and `mine` applied), in no particular order.
pub fn items(
    input: &AgendaInput<'_>,
    q: AgendaQuery<'_>,
    cfg: &Config,
    now: Timestamp,
) -> Vec<AgendaItem> {
    let (today, horizon) = q.window(now);
    let by_id: HashMap<i64, &AccountSummary> =
        input.summaries.iter().map(|s| (s.account.id, s)).collect();
    let mut push = Collector {
        items: Vec::with_capacity(room_for(input.summaries.len())),
        horizon,
        today,
        now,
        names: HashMap::new(),
        owners: HashMap::new(),
    };

    for e in input.escalations {
        let Some(s) = by_id.get(&e.account_id) else {
            continue;
        };
        let reason = format!(
            "{} escalation #{}: {} — {} ({})",
            e.level,
            e.id,
            e.reason,
            e.level.action(),
            e.level.owner_role()
        );
        push.add(
            s,
            ItemKind::Escalation,
            Some(escalation_item_id(e.id)),
            local_date(e.due_at),
            Some(e.due_at),
            true,
            || reason,
        );
    }
    for f in input.follow_ups {
        let Some(s) = by_id
            .get(&f.account_id)
            .filter(|s| super::summary::in_triage(s))
        else {
            continue;
        };
        push.add(
            s,
            ItemKind::FollowUp,
            Some(format!("follow-up:{}", f.id)),
            f.due,
            None,
            false,
            || format!("follow-up: {}", f.text),
        );
    }
    for s in input.summaries {
        match s.account.status {
            Status::Churned => churned_items(s, cfg, &mut push),
            Status::Paused => renewal_item(s, &mut push),
            Status::Active => active_items(s, cfg, today, &mut push),
        }
    }
    for b in input.birthdays {
        let Some(s) = by_id
            .get(&b.account_id)
            .filter(|s| s.account.status == Status::Active)
        else {
            continue;
        };
        let next = b.birthday.next_on_or_after(today);
        let age = b
            .birthday
            .year
            .map(|y| format!(" (turns {})", next.year() - y))
            .unwrap_or_default();
        push.add(
            s,
            ItemKind::Birthday,
            Some(format!("birthday:{}:{}", s.account.id, b.person)),
            next,
            None,
            false,
            || format!("{}'s birthday on {next}{age}", b.person),
        );
    }

    let mut items = push.items;
    for item in &mut items {
        if let Some((until, _)) = input.snoozes.get(&item.id)
            && *until > today
        {
            item.snoozed_until = Some(*until);
        }
    }
    items.retain(|i| q.all || i.snoozed_until.is_none());
    if let Some(user) = q.mine {
        let mine = mine(input.summaries, user);
        items.retain(|i| mine.contains(&i.account_id));
    }
    items
}

/// The accounts whose items "mine" keeps — those `user` owns or backs up, churned ones
/// included (an exit interview is theirs too): `tend today --mine` and the cockpit's `m`.
pub fn mine<'a>(
    summaries: impl IntoIterator<Item = &'a AccountSummary>,
    user: &str,
) -> std::collections::HashSet<i64> {
    summaries
        .into_iter()
        .filter(|s| s.account.is_mine(user))
        .map(|s| s.account.id)
        .collect()
}

/// Collects the items due within the look-ahead; a reason is written only for an item listed.
struct Collector {
    items: Vec<AgendaItem>,
    horizon: NaiveDate,
    today: NaiveDate,
    now: Timestamp,
    /// Each account's name and owner, once for all its items (owners once for all accounts).
    names: HashMap<i64, (std::sync::Arc<str>, std::sync::Arc<str>)>,
    owners: HashMap<String, std::sync::Arc<str>>,
}

impl Collector {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        s: &AccountSummary,
        kind: ItemKind,
        id: Option<String>,
        due: NaiveDate,
        due_at: Option<Timestamp>,
        always: bool,
        reason: impl FnOnce() -> String,
    ) {
        if !always && due > self.horizon {
            return;
        }
        // `format!` leaves room it guessed (often twice the text): an agenda keeps its items,
        // 278 000 of them at 100 000 accounts, so each keeps only its text.
        let mut id = id.unwrap_or_else(|| format!("{}:{}", kind.as_str(), s.account.id));
        id.shrink_to_fit();
        let mut reason = reason();
        reason.shrink_to_fit();
        let overdue = match due_at {
            Some(at) => at < self.now,
            None => due < self.today,
        };
        let owners = &mut self.owners;
        let (account, owner) = self
            .names
            .entry(s.account.id)
            .or_insert_with(|| {
                let owner = owners
                    .entry(s.account.owner.clone())
                    .or_insert_with(|| s.account.owner.as_str().into())
                    .clone();
                (s.account.name.as_str().into(), owner)
            })
            .clone();
        self.items.push(AgendaItem {
            id,
            account_id: s.account.id,
            account,
            owner,
            kind,
            due,
            due_at,
            overdue,
            reason,
            snoozed_until: None,
        });
    }
}

/// The agenda item of an open escalation.
pub fn escalation_item_id(id: i64) -> String {
    format!("escalation:{id}")
}

/// A churned account is on the agenda only while its exit interview is due: the other items
/// are for accounts still served (the store does not read churned accounts' escalations;
/// follow-ups need a listed account, birthdays an active one). The cockpit keeps only these
/// churned accounts' summaries (a quarter of the portfolio in the demo).
pub fn churned_on_agenda(s: &AccountSummary) -> bool {
    s.account.churned_on.is_some() && s.flags.contains(&Flag::ExitInterviewDue)
}

/// When the exit interview after a churn on `on` is due (the agenda's date).
pub fn exit_interview_due(on: NaiveDate, cfg: &Config) -> NaiveDate {
    add_days(on, cfg.today.exit_interview_due_days)
}

/// Whether an exit interview is asked for on `today` after a churn on `on` (the flag's window).
pub fn exit_interview_window(on: NaiveDate, today: NaiveDate, cfg: &Config) -> bool {
    crate::domain::dates::days_between(on, today) <= cfg.cadence.exit_interview_days
}

/// What recording a churn on `on` asks for next, said as the CLI confirms it: the exit
/// interview's due date while it is asked for (`[cadence] exit_interview_days`), else that the
/// window has passed.
pub fn exit_interview_hint(on: NaiveDate, today: NaiveDate, cfg: &Config) -> String {
    let days = cfg.cadence.exit_interview_days;
    if !exit_interview_window(on, today, cfg) {
        return format!("more than {days} days ago: no exit interview is asked for");
    }
    let due = exit_interview_due(on, cfg);
    let when = if due < today {
        "overdue since"
    } else {
        "due by"
    };
    format!(
        "exit interview {when} {due} (on the agenda until {})",
        add_days(on, days)
    )
}

fn churned_items(s: &AccountSummary, cfg: &Config, push: &mut Collector) {
    if let Some(on) = s.account.churned_on
        && churned_on_agenda(s)
    {
        let due = exit_interview_due(on, cfg);
        push.add(s, ItemKind::ExitInterview, None, due, None, false, || format!(
                "churned on {on}: hold the exit interview (why they left, what would have kept them)"
            ));
    }
}

fn renewal_item(s: &AccountSummary, push: &mut Collector) {
    if let (Some(days), Some(date)) = (s.renewal_in_days, s.account.renewal) {
        let when = if days >= 0 {
            format!("in {days} days")
        } else {
            format!("{} days ago", -days)
        };
        push.add(s, ItemKind::Renewal, None, date, None, true, || {
            format!("renewal on {date} ({when})")
        });
    }
}

fn active_items(s: &AccountSummary, cfg: &Config, today: NaiveDate, push: &mut Collector) {
    let health = s.health().map_or("--".into(), |h| h.to_string());
    if s.flags.contains(&Flag::SuccessReviewDue) {
        push.add(s, ItemKind::SuccessReview, None, today, None, false, || format!(
                "health {health} (at-risk), no success review in {} days: agree measures with the client",
                cfg.success_review.repeat_days
            ));
    }
    let window = cfg.health.complaints.window_days;
    let complaints = s
        .facts
        .complaints
        .iter()
        .filter(|at| (0..=window).contains(&days_between(local_date(**at), today)))
        .count();
    if complaints >= 2 && s.open_escalations == 0 {
        push.add(s, ItemKind::Complaints, None, today, None, false, || format!(
                "{complaints} complaints in the last {window} days and no open escalation: open an {COMPLAINTS_LEVEL} one?"
            ));
    }
    match s.facts.review {
        None => {
            let due = add_days(s.account.client_since, cfg.today.first_review_days);
            push.add(s, ItemKind::Review, None, due, None, false, || {
                format!(
                    "no health review yet (client since {})",
                    s.account.client_since
                )
            });
        }
        Some((at, _)) => {
            let on = local_date(at);
            let due = add_days(on, cfg.health.review_stale_days);
            push.add(s, ItemKind::Review, None, due, None, false, || {
                format!(
                    "the review of {on} goes stale after {} days",
                    cfg.health.review_stale_days
                )
            });
        }
    }
    let week = IsoWeek::of(today);
    let weekday = cfg.checklist.due_weekday().unwrap_or(chrono::Weekday::Fri);
    let routine_due = add_days(week.monday(), i64::from(weekday.num_days_from_monday()));
    // A client taken on after this week's routine was due (added on Saturday, or starting in
    // the future) owes it from next week on (found in a trial: a new account was "1d overdue").
    let started = local_date(s.account.created_at).max(s.account.client_since);
    if !s.checklist_missing.is_empty() && started <= routine_due {
        let due = routine_due;
        push.add(s, ItemKind::WeeklyRoutine, None, due, None, false, || {
            format!(
                "weekly routine {week}: {} of {} done, missing {}",
                s.checklist_done,
                s.checklist_total,
                s.checklist_missing_keys(cfg).collect::<Vec<_>>().join(", ")
            )
        });
    }
    let next = s.next_visit;
    let visit_due = if next.is_overdue(today) {
        next.overdue_since()
    } else {
        next.date
    };
    let what = if next.planned {
        "planned"
    } else {
        "due (not planned yet)"
    };
    push.add(s, ItemKind::Visit, None, visit_due, None, false, || {
        if next.planned_beyond_due() && next.is_overdue(today) {
            // Overdue since the due date, whatever lies ahead: "planned 2026-12-06: 14d
            // overdue" read as if tomorrow's visit were late (found in a trial).
            format!(
                "quarterly visit due {}: {} (planned for {})",
                next.due,
                next.when(today),
                next.date
            )
        } else {
            format!("quarterly visit {what} {}: {}", next.date, next.when(today))
        }
    });
    let since = s.account.client_since;
    for (kind, last, days, name) in [
        (
            ItemKind::BusinessReview,
            s.last.business_review,
            cfg.cadence.business_review_days,
            "business review",
        ),
        (
            ItemKind::MicroFeedback,
            s.last.micro_feedback,
            cfg.cadence.micro_feedback_days,
            "micro-feedback",
        ),
        (
            ItemKind::RelationshipReview,
            s.last.relationship_review,
            cfg.cadence.relationship_review_days,
            "relationship review",
        ),
        (
            ItemKind::Audit,
            s.last.audit,
            cfg.cadence.partnership_audit_days,
            "partnership audit",
        ),
    ] {
        let due = add_days(last.unwrap_or(since), days);
        push.add(s, kind, None, due, None, false, || match last {
            Some(d) => format!("{name} every {days} days: the last was on {d}"),
            None => format!("{name} every {days} days: none since becoming a client on {since}"),
        });
    }
    let quiet = cfg.health.silence.quiet_days;
    let last_contact = s.last_contact.unwrap_or(since);
    push.add(s, ItemKind::Silence, None, add_days(last_contact, quiet), None, false, || format!(
            "no call, email, meeting or visit since {last_contact}: {} days (the score drops after {quiet})",
            s.days_since_contact
        ));
    renewal_item(s, push);
    if let Some((day, phase)) = &s.onboarding {
        let last_day = add_days(since, phase.until_day - 1);
        push.add(s, ItemKind::Onboarding, None, last_day, None, false, || {
            format!(
                "{} until {last_day} — {}",
                super::when::onboarding(*day, &phase.name),
                phase.hint
            )
        });
    }
    let mut years = today.year() - since.year();
    let mut anniversary = add_months(since, 12 * years.max(0) as u32);
    if anniversary < today {
        years += 1;
        anniversary = add_months(since, 12 * years.max(0) as u32);
    }
    if years >= 1 {
        push.add(
            s,
            ItemKind::Anniversary,
            None,
            anniversary,
            None,
            false,
            || {
                format!(
                    "{years} year{} as a client on {anniversary}",
                    if years == 1 { "" } else { "s" }
                )
            },
        );
    }
}

#[cfg(test)]
#[path = "agenda_tests.rs"]
mod tests;
