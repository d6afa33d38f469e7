//! The panes of the cockpit: a leaf module, so the keymap and the app state both use it without
//! importing each other.

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

    /// The name the cockpit's state file keeps.
    pub fn name(self) -> &'static str {
        match self {
            Pane::Accounts => "accounts",
            Pane::Checklist => "checklist",
            Pane::Escalations => "escalations",
            Pane::Notes => "notes",
            Pane::Visit => "visit",
        }
    }

    pub fn from_name(name: &str) -> Option<Pane> {
        Pane::ORDER.into_iter().find(|p| p.name() == name)
    }

    pub fn next(self) -> Pane {
        let i = Pane::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        Pane::ORDER[(i + 1) % Pane::ORDER.len()]
    }

    pub fn prev(self) -> Pane {
        let i = Pane::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        Pane::ORDER[(i + Pane::ORDER.len() - 1) % Pane::ORDER.len()]
    }
}
