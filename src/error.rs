//! One error type for the library; the edge (CLI, cockpit status line) prints it as one line.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Bad input: `<field> '<value>': <what is allowed>`. Exit status 2, nothing written.
    #[error("{field} '{value}': {allowed}")]
    Invalid {
        field: String,
        value: String,
        allowed: String,
    },
    /// Several bad rows of an import, each `line N: <field> '<value>': <allowed>` (exit 2).
    #[error("{} bad row{}, nothing imported:\n{}", .0.len(), if .0.len() == 1 { "" } else { "s" }, .0.join("\n"))]
    Rows(Vec<String>),
    /// A bad configuration file (exit 2).
    #[error("config: {0}")]
    Config(String),
    /// The database refused or failed (exit 1).
    #[error("database: {0}")]
    Db(String),
    /// A file could not be read or written (exit 1).
    #[error("{0}")]
    Io(String),
}

impl Error {
    pub fn invalid(field: &str, value: impl fmt::Display, allowed: impl Into<String>) -> Error {
        Error::Invalid {
            field: field.to_string(),
            // The value is echoed to a terminal: neutralise what the user may have pasted.
            value: crate::text::sanitize(&value.to_string()),
            allowed: allowed.into(),
        }
    }

    /// Exit status for the command line: 2 for bad input or config, 1 for I/O and database.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid { .. } | Error::Rows(_) | Error::Config(_) => 2,
            Error::Db(_) | Error::Io(_) => 1,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
