//! What the cockpit remembers between sessions — "mine", the sort order, the focused pane and the
//! Today view — in a small TOML file in the platform's state directory, never in the database
//! (a colleague sharing the database keeps their own). Written whenever it changes, so a dropped
//! SSH connection loses nothing; a missing or unreadable file starts from the defaults, and a
//! file that cannot be written never stops the cockpit.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::app::{App, SortOrder};
use super::pane::Pane;
use crate::error::Error;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Remembered {
    pub mine: bool,
    pub sort: String,
    pub focus: String,
    pub today: bool,
}

impl Default for Remembered {
    fn default() -> Self {
        Remembered {
            mine: false,
            sort: SortOrder::Triage.name().to_string(),
            focus: Pane::Accounts.name().to_string(),
            today: false,
        }
    }
}

impl Remembered {
    pub fn of(app: &App) -> Remembered {
        Remembered {
            mine: app.mine,
            sort: app.sort.name().to_string(),
            focus: app.focus.name().to_string(),
            today: app.today,
        }
    }

    /// Set the app's view from what was remembered; a name this version does not know is left
    /// at its default (a newer tend may have written it).
    pub fn apply(&self, app: &mut App) {
        app.mine = self.mine;
        app.today = self.today;
        if let Some(sort) = SortOrder::from_name(&self.sort) {
            app.sort = sort;
        }
        if let Some(focus) = Pane::from_name(&self.focus) {
            app.focus = focus;
        }
    }

    /// The remembered state, or the defaults when there is no file or it cannot be read.
    pub fn load(path: &Path) -> Remembered {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| toml::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Write the file whole (a temporary file renamed over it: never half a file).
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let io = |e: std::io::Error| Error::Io(format!("{}: {e}", path.display()));
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let text = toml::to_string(self).map_err(|e| Error::Io(e.to_string()))?;
        let tmp = path.with_extension("toml.tmp");
        std::fs::write(
            &tmp,
            format!("# tend's cockpit remembers this view; safe to delete.\n{text}"),
        )
        .map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::testing;

    #[test]
    fn the_view_survives_a_round_trip_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep/tend/cockpit.toml");
        let (mut f, _) = testing::small();
        f.app.mine = true;
        f.app.sort = SortOrder::Renewal;
        f.app.focus = Pane::Notes;
        f.app.today = true;
        Remembered::of(&f.app).save(&path).unwrap();

        let (mut g, _) = testing::small();
        Remembered::load(&path).apply(&mut g.app);
        assert_eq!(
            (g.app.mine, g.app.sort, g.app.focus, g.app.today),
            (true, SortOrder::Renewal, Pane::Notes, true)
        );
    }

    #[test]
    fn a_missing_garbled_or_newer_file_starts_from_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cockpit.toml");
        assert_eq!(Remembered::load(&path), Remembered::default());
        std::fs::write(&path, "mine = [").unwrap();
        assert_eq!(Remembered::load(&path), Remembered::default());
        // A value this version does not know keeps its default; the rest still applies.
        std::fs::write(
            &path,
            "mine = true\nsort = \"by_mood\"\nfocus = \"visit\"\n",
        )
        .unwrap();
        let (mut f, _) = testing::small();
        Remembered::load(&path).apply(&mut f.app);
        assert_eq!(
            (f.app.mine, f.app.sort, f.app.focus),
            (true, SortOrder::Triage, Pane::Visit)
        );
    }
}
