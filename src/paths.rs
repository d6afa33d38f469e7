//! Where data and config live by default (platform directories from the `directories` crate).

use std::path::{Path, PathBuf};

use crate::error::Error;

fn dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "tend")
}

pub fn data_dir() -> Option<PathBuf> {
    dirs().map(|d| d.data_dir().to_path_buf())
}

pub fn config_file() -> Option<PathBuf> {
    dirs().map(|d| d.config_dir().join("config.toml"))
}

/// What the cockpit remembers between sessions (never the database): the platform state
/// directory (`$XDG_STATE_HOME/tend`), else the local data directory where a platform has none.
pub fn cockpit_state() -> Option<PathBuf> {
    dirs().map(|d| {
        d.state_dir()
            .unwrap_or_else(|| d.data_local_dir())
            .join("cockpit.toml")
    })
}

pub fn default_db() -> Option<PathBuf> {
    data_dir().map(|d| d.join("tend.db"))
}

pub fn demo_db() -> Option<PathBuf> {
    data_dir().map(|d| d.join("demo.db"))
}

/// The database a command works on: the demo database with `--demo`, else `--db PATH`, else
/// `TEND_DB`, else the platform data directory's `tend/tend.db`.
pub fn database(explicit: Option<&Path>, demo: bool) -> Result<PathBuf, Error> {
    if demo {
        demo_db().ok_or_else(|| Error::Io("no data directory for this user (set HOME)".into()))
    } else if let Some(p) = explicit {
        Ok(p.to_path_buf())
    } else if let Some(p) = std::env::var_os("TEND_DB").filter(|p| !p.is_empty()) {
        Ok(PathBuf::from(p))
    } else {
        default_db().ok_or_else(|| {
            Error::Io("no data directory for this user: pass --db PATH or set TEND_DB".into())
        })
    }
}
