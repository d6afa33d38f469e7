//! Colours and emphasis in one place. Only the 16 named ANSI colours are used, so the cockpit reads
//! the same in a 16-colour terminal; with NO_COLOR (or `ui.colors = "none"`) everything is shown
//! with modifiers only and the selection keeps a visible marker.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::Band;
use crate::domain::escalation::Level;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// From the config value and the environment's NO_COLOR (read once at start-up).
    pub fn detect(setting: &str, no_color_env: bool) -> Theme {
        Theme {
            color: !(no_color_env || setting == "none"),
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    pub fn band(self, band: Band) -> Style {
        match band {
            Band::Healthy => self.fg(Color::Green),
            Band::Watch => self.fg(Color::Yellow),
            Band::AtRisk => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Band::Unscored => self.fg(Color::Gray).add_modifier(Modifier::DIM),
        }
    }

    pub fn level(self, level: Level) -> Style {
        match level {
            Level::Yellow => self.fg(Color::Yellow),
            Level::Orange => self.fg(Color::LightRed),
            Level::Red => self.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    /// A flag's style by its severity.
    pub fn severity(self, s: crate::domain::flags::Severity) -> Style {
        use crate::domain::flags::Severity;
        match s {
            Severity::Level(level) => self.level(level).add_modifier(Modifier::BOLD),
            Severity::Warn => self.warn(),
            Severity::Plain => Style::default(),
        }
    }

    pub fn warn(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn dim(self) -> Style {
        Style::default().add_modifier(Modifier::DIM)
    }

    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn header(self) -> Style {
        if self.color {
            Style::default().fg(Color::Black).bg(Color::Cyan)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        }
    }

    /// The selected row: reversed works with and without colours.
    pub fn selected(self, focused: bool) -> Style {
        if focused {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn border(self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            (true, false) => Style::default().add_modifier(Modifier::BOLD),
            (false, _) => Style::default(),
        }
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
}
