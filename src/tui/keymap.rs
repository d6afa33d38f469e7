//! One keymap table (config `[keys]`, user-overridable) drives key handling, the footer and the help.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    by_key: HashMap<Key, Action>,
    /// action → the key names as configured (first one shown in the footer).
    names: HashMap<Action, Vec<String>>,
}

pub fn parse_key(name: &str) -> Option<Key> {
    let (ctrl, rest) = match name.strip_prefix("Ctrl-") {
        Some(r) => (true, r),
        None => (false, name),
    };
    let code = match rest {
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "PageUp" => KeyCode::PageUp,
        "PageDown" => KeyCode::PageDown,
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "BackTab" => KeyCode::BackTab,
        "Space" => KeyCode::Char(' '),
        "Backspace" => KeyCode::Backspace,
        "Delete" => KeyCode::Delete,
        f if f.len() > 1 && f.starts_with('F') => KeyCode::F(f[1..].parse().ok()?),
        c if c.chars().count() == 1 => KeyCode::Char(c.chars().next()?),
        _ => return None,
    };
    Some(Key { code, ctrl })
}

/// A key's name as the help shows it, short enough for two columns at 80×24: PgDn, ⇧Tab, ↓, ^d.
pub fn short_name(name: &str) -> String {
    match name {
        "PageDown" => "PgDn".into(),
        "PageUp" => "PgUp".into(),
        "BackTab" => "⇧Tab".into(),
        "Down" => "↓".into(),
        "Up" => "↑".into(),
        "Left" => "←".into(),
        "Right" => "→".into(),
        other => match other.strip_prefix("Ctrl-") {
            Some(rest) => format!("^{rest}"),
            None => other.into(),
        },
    }
}

impl Keymap {
    pub fn from_config(
        keys: &std::collections::BTreeMap<String, Vec<String>>,
    ) -> Result<Keymap, Error> {
        let mut by_key = HashMap::new();
        let mut names = HashMap::new();
        for (action_name, list) in keys {
            let action = Action::from_name(action_name).ok_or_else(|| {
                let all: Vec<&str> = Action::ALL.iter().map(|(_, n, _)| *n).collect();
                Error::Config(format!(
                    "keys.{action_name} '{action_name}': an action, one of {}",
                    all.join(", ")
                ))
            })?;
            for name in list {
                let key = parse_key(name).ok_or_else(|| {
                    Error::Config(format!("keys.{action_name} '{name}': a key like j, G, Enter, Esc, Tab, Space, Up, F1 or Ctrl-x"))
                })?;
                if let Some(other) = by_key.insert(key, action)
                    && other != action
                {
                    return Err(Error::Config(format!(
                        "keys.{action_name} '{name}': already bound to {}",
                        other.name()
                    )));
                }
            }
            names.insert(action, list.clone());
        }
        Ok(Keymap { by_key, names })
    }

    pub fn action(&self, ev: &KeyEvent) -> Option<Action> {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let code = match ev.code {
            // Terminals report Shift-Tab as BackTab; uppercase letters arrive with SHIFT set.
            KeyCode::Tab if ev.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            c => c,
        };
        self.by_key.get(&Key { code, ctrl }).copied()
    }

    /// The keys bound to `action`, as configured ("j/Down").
    pub fn keys_of(&self, action: Action) -> String {
        self.names
            .get(&action)
            .map(|k| k.join("/"))
            .unwrap_or_default()
    }

    pub fn first_key(&self, action: Action) -> Option<String> {
        self.names.get(&action).and_then(|k| k.first()).cloned()
    }

    /// Every action with its keys (short names), for the help overlay; the actions of a help
    /// group share a row ("j/k  move down/up (↓/↑)").
    pub fn help_rows(&self) -> Vec<(String, String)> {
        let keys = |a: &Action| -> Vec<String> {
            self.names
                .get(a)
                .map(|k| k.iter().map(|n| short_name(n)).collect())
                .unwrap_or_default()
        };
        let mut rows = Vec::new();
        for (action, _, help) in Action::ALL {
            let group = Action::HELP_GROUPS
                .iter()
                .find(|(actions, _)| actions.contains(action));
            match group {
                // The group's row is written at its first action.
                Some((actions, label)) if actions.first() == Some(action) => {
                    let all: Vec<Vec<String>> = actions.iter().map(keys).collect();
                    let firsts: Vec<String> =
                        all.iter().filter_map(|k| k.first().cloned()).collect();
                    let others: Vec<String> =
                        all.iter().flat_map(|k| k.iter().skip(1).cloned()).collect();
                    if firsts.is_empty() {
                        continue;
                    }
                    let mut text = label.to_string();
                    if !others.is_empty() {
                        text.push_str(&format!(" ({})", others.join("/")));
                    }
                    rows.push((firsts.join("/"), text));
                }
                Some(_) => {}
                None => {
                    let k = keys(action);
                    if !k.is_empty() {
                        rows.push((k.join("/"), help.to_string()));
                    }
                }
            }
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crossterm::event::KeyEventKind;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: crossterm::event::KeyEventState::NONE,
        }
    }

    #[test]
    fn default_keys_map_to_actions() {
        let km = Keymap::from_config(&Config::default().keys).unwrap();
        assert_eq!(
            km.action(&press(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            km.action(&press(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            km.action(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            km.action(&press(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevPane)
        );
        assert_eq!(
            km.action(&press(KeyCode::Char(' '), KeyModifiers::NONE)),
            Some(Action::Toggle)
        );
        assert_eq!(
            km.action(&press(KeyCode::Char('3'), KeyModifiers::NONE)),
            Some(Action::PaneEscalations)
        );
        assert_eq!(
            km.action(&press(KeyCode::Char('y'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(km.keys_of(Action::Down), "j/Down");
    }

    #[test]
    fn every_action_has_a_default_key_and_help() {
        let km = Keymap::from_config(&Config::default().keys).unwrap();
        // Every action is bound and named in the help, a group's on one row.
        let grouped: usize = Action::HELP_GROUPS.iter().map(|(a, _)| a.len() - 1).sum();
        assert_eq!(km.help_rows().len(), Action::ALL.len() - grouped);
        for (action, _, _) in Action::ALL {
            assert!(km.first_key(*action).is_some(), "{action:?} has no key");
        }
        assert!(
            km.help_rows()
                .contains(&("j/k".to_string(), "move down/up (↓/↑)".to_string()))
        );
        assert!(
            crate::tui::ui::footer_keys(&km, crate::tui::pane::Pane::Accounts, false)
                .iter()
                .any(|(k, l)| k == "/" && *l == "filter")
        );
    }

    #[test]
    fn user_overrides_and_refusals() {
        let mut keys = Config::default().keys;
        keys.insert("quit".into(), vec!["Q".into()]);
        let km = Keymap::from_config(&keys).unwrap();
        assert_eq!(
            km.action(&press(KeyCode::Char('Q'), KeyModifiers::SHIFT)),
            Some(Action::Quit)
        );
        assert_eq!(
            km.action(&press(KeyCode::Char('q'), KeyModifiers::NONE)),
            None
        );
        keys.insert("quit".into(), vec!["j".into()]);
        assert!(
            Keymap::from_config(&keys)
                .unwrap_err()
                .to_string()
                .contains("already bound")
        );
        keys.insert("fly".into(), vec!["y".into()]);
        assert!(Keymap::from_config(&keys).is_err());
    }
}
