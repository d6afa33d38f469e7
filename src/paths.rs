//! Where data and config live by default (platform directories from the `directories` crate).

use std::path::PathBuf;

fn dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "tend")
}

pub fn data_dir() -> Option<PathBuf> {
    dirs().map(|d| d.data_dir().to_path_buf())
}

pub fn config_file() -> Option<PathBuf> {
    dirs().map(|d| d.config_dir().join("config.toml"))
}

pub fn default_db() -> Option<PathBuf> {
    data_dir().map(|d| d.join("tend.db"))
}

pub fn demo_db() -> Option<PathBuf> {
    data_dir().map(|d| d.join("demo.db"))
}
