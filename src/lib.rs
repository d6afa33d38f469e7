//! tend — a terminal cockpit for account managers. The library holds everything; `main.rs` only
//! dispatches, so integration tests in `tests/` reach every module.

pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod doctor;
pub mod domain;
pub mod error;
pub mod ops;
pub mod paths;
pub mod store;
pub mod text;
pub mod transfer;
pub mod triage;
pub mod tui;
pub mod view;
