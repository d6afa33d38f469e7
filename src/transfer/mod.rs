//! Data in and out: CSV and JSON import, exports, the Markdown reports (portfolio and account).

pub mod import;
pub mod report;
