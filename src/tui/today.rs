//! The Today view's actions: `Enter` does what the selected item asks for, `z` snoozes it.

use super::action::{Action, Effect};
use super::app::{App, Overlay, Pane};
use super::form::FormKind;
use super::update::{open_form, open_form_for, open_note_for, open_overlay};

/// `Enter` on a Today item: do what it asks for.
pub(super) fn act(app: &mut App) -> Option<Effect> {
    use crate::domain::NoteKind;
    use crate::domain::agenda::ItemKind;
    if !app.today || app.focus != Pane::Accounts {
        return None;
    }
    let Some(item) = app.selected_item().cloned() else {
        app.say("nothing due here");
        return None;
    };
    let id_of = |prefix: &str| {
        item.id
            .strip_prefix(prefix)
            .and_then(|n| n.parse::<i64>().ok())
    };
    let note_kind = match item.kind {
        ItemKind::Escalation => {
            if let Some(id) = id_of("escalation:")
                && let Some(e) = app.data.queue.iter().find(|e| e.id == id)
            {
                let subject = format!("#{} {} — {}", e.id, e.level, e.account);
                open_form_for(app, FormKind::Resolve { id }, &subject);
            }
            return None;
        }
        ItemKind::FollowUp => return id_of("follow-up:").map(|id| Effect::FollowUpDone { id }),
        ItemKind::WeeklyRoutine => {
            // The checklist belongs to one account: leave the agenda for that account's row, so
            // that the week's item leaving the agenda cannot move the panes to another account
            // while Space ticks.
            app.today = false;
            let filter = std::mem::take(&mut app.filter);
            app.today_aside = Some((filter, std::mem::replace(&mut app.mine, false)));
            let before = app.selected_id();
            app.refilter(Some(item.account_id));
            app.sel.account = Some(item.account_id);
            app.focus = Pane::Checklist;
            // On the first item still missing this week: Space ticks it, never unticks a done
            // one (found in a trial: the cursor stood on a done item and Space unticked it).
            app.sel.checklist = app
                .data
                .list
                .iter()
                .find(|s| s.account.id == item.account_id)
                .and_then(|s| {
                    s.checklist_missing_keys(&app.cfg)
                        .next()
                        .map(str::to_string)
                });
            app.say(format!(
                "weekly routine of {}: Space ticks, t returns to Today",
                crate::text::one_line(&item.account)
            ));
            if before != Some(item.account_id) {
                return Some(Effect::LoadDetail(item.account_id));
            }
            return None;
        }
        ItemKind::Visit => {
            open_form(app, |id| FormKind::PlanVisit { account_id: id });
            return None;
        }
        ItemKind::Review => {
            open_form(app, |id| FormKind::Review { account_id: id });
            return None;
        }
        // "… open an orange one?": the escalation form at that level, the reason to write.
        ItemKind::Complaints => {
            open_form(app, |id| FormKind::Escalate { account_id: id });
            if let super::app::Mode::Form(form) = &mut app.mode
                && !form.restored
                && let Some(level) = form.fields.first_mut()
            {
                level.input = tui_input::Input::new(
                    crate::domain::agenda::COMPLAINTS_LEVEL.as_str().to_string(),
                );
                form.focus = 1;
                form.mark_opened();
            }
            return None;
        }
        ItemKind::BusinessReview => NoteKind::BusinessReview,
        ItemKind::MicroFeedback => NoteKind::MicroFeedback,
        ItemKind::RelationshipReview => NoteKind::RelationshipReview,
        ItemKind::Audit => NoteKind::Audit,
        ItemKind::SuccessReview => NoteKind::SuccessReview,
        ItemKind::ExitInterview => NoteKind::ExitInterview,
        _ => {
            open_overlay(app, Overlay::Brief);
            return app.selected_id().map(Effect::LoadBrief);
        }
    };
    // The quick note for the item's account, named by the item: a churned client (its exit
    // interview) has no row in the list, and the note goes to it all the same.
    open_note_for(
        app,
        item.account_id,
        item.account.to_string(),
        Some(note_kind),
    );
    None
}

/// `z` on a Today item: the snooze form (escalations keep their deadline).
pub(super) fn snooze_form(app: &mut App) {
    if !app.today {
        let key = app.keymap.keys_of(Action::Today);
        app.say(format!(
            "z snoozes an item of the Today view: press {key} first"
        ));
        return;
    }
    let Some(item) = app.selected_item().cloned() else {
        app.say("nothing to snooze here");
        return;
    };
    if item.kind == crate::domain::agenda::ItemKind::Escalation {
        let id = item.id.trim_start_matches("escalation:");
        app.complain(format!(
            "#{id} ({}) cannot be snoozed: an escalation's deadline holds",
            crate::text::one_line(&item.account)
        ));
        return;
    }
    let subject = format!("{} · {}", item.kind.as_str(), item.account);
    open_form_for(app, FormKind::Snooze { item: item.id }, &subject);
}
