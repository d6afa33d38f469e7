//! `:` — the palette: one fuzzy list over every account (jump to it) and every action (run it,
//! found by its label or its config name). What is shown is ranked once per keystroke, here,
//! not while drawing.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::action::{Action, Effect};
use super::app::{App, Mode, Pane};
use super::input::{is_ctrl, list_step};
use super::update::{selection_effect, update};

/// One entry: an account (its id) or an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Account(i64),
    Action(Action),
}

#[derive(Debug, Clone, Default)]
pub struct Palette {
    pub input: tui_input::Input,
    /// The entries matching the input, best first.
    pub items: Vec<Item>,
    /// The chosen entry (an identity: it stays chosen while the ranking moves).
    pub sel: Option<Item>,
}

impl Palette {
    pub fn selected_row(&self) -> usize {
        self.sel
            .and_then(|s| self.items.iter().position(|i| *i == s))
            .unwrap_or(0)
    }
}

/// Entries shown at most (a screenful; typing narrows).
const SHOWN: usize = 200;

/// Moving by rows means nothing from a palette, and quitting is a key away: the rest is offered.
fn offered(a: Action) -> bool {
    !matches!(
        a,
        Action::Quit
            | Action::Down
            | Action::Up
            | Action::Top
            | Action::Bottom
            | Action::PageDown
            | Action::PageUp
            | Action::Palette
    )
}

/// Rank every action and account against `query`: actions first on an empty query (the list of
/// what can be done), else one ranking by score, actions winning ties.
fn rank(app: &App, query: &str) -> Vec<Item> {
    let actions: Vec<(Item, String)> = Action::ALL
        .iter()
        .filter(|(a, _, _)| offered(*a))
        .map(|(a, name, help)| {
            (
                Item::Action(*a),
                format!("{help} {}", name.replace('_', " ")),
            )
        })
        .collect();
    let accounts = app
        .data
        .list
        .iter()
        .map(|s| (Item::Account(s.account.id), s.account.name.clone()));
    let all: Vec<(Item, String)> = actions.into_iter().chain(accounts).collect();
    let texts: Vec<&str> = all.iter().map(|(_, t)| t.as_str()).collect();
    crate::domain::names::fuzzy_rank(query, &texts)
        .into_iter()
        .take(SHOWN)
        .map(|(i, _)| all[i].0)
        .collect()
}

pub fn open(app: &mut App) {
    let items = rank(app, "");
    let sel = items.first().copied();
    app.mode = Mode::Palette(Palette {
        input: tui_input::Input::default(),
        items,
        sel,
    });
}

pub fn key(app: &mut App, key: KeyEvent) -> Option<Effect> {
    let Mode::Palette(p) = &mut app.mode else {
        return None;
    };
    let step = |p: &mut Palette, delta: isize| {
        if p.items.is_empty() {
            return;
        }
        let row = (p.selected_row() as isize + delta).clamp(0, p.items.len() as isize - 1);
        p.sel = p.items.get(row as usize).copied();
    };
    if let Some(delta) = list_step(&key) {
        step(p, delta);
        return None;
    }
    match key.code {
        KeyCode::Esc => {
            app.mode = Mode::Normal;
            None
        }
        KeyCode::Enter => {
            let chosen = p.items.get(p.selected_row()).copied();
            app.mode = Mode::Normal;
            match chosen {
                Some(Item::Action(a)) => update(app, a),
                Some(Item::Account(id)) => jump(app, id),
                None => {
                    app.say("nothing matches");
                    None
                }
            }
        }
        _ => {
            if is_ctrl(&key, 'u') {
                p.input.reset();
            } else {
                p.input.handle_event(&Event::Key(key));
            }
            let query = p.input.value().to_string();
            let items = rank(app, &query);
            let Mode::Palette(p) = &mut app.mode else {
                return None;
            };
            // Typing chooses the best match.
            p.sel = items.first().copied();
            p.items = items;
            None
        }
    }
}

/// Select the account in the list (shown even if the filter or "mine" hid it).
fn jump(app: &mut App, id: i64) -> Option<Effect> {
    let before = app.selected_id();
    if !app.visible_ids().contains(&id) {
        app.filter.reset();
        app.mine = false;
        app.refilter(Some(id));
    }
    app.today = false;
    app.focus = Pane::Accounts;
    app.sel.account = Some(id);
    selection_effect(app, before)
}
