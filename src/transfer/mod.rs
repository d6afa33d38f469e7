//! Data in and out: CSV and JSON import, exports, the monthly business review report.

pub mod import;
pub mod report;
