//! One listing mechanism for every command that prints rows: a row type serialises to its JSON
//! shape and declares its CSV fields, table columns and cells once; `print` does table, JSON or CSV.

use std::io::Write;

use serde::Serialize;

use super::{Format, json_line};
use crate::error::Error;
use crate::view::table::{self, Column};

pub trait Row: Serialize {
    /// The JSON fields in order: the CSV columns (`fields_follow_the_json` checks them).
    const FIELDS: &'static [&'static str];
    /// The table's columns (the last one takes the rest of the width).
    const COLUMNS: &'static [Column];
    /// What the table says when there is no row.
    const EMPTY: &'static str;
    /// The table cells, one per column.
    fn cells(&self) -> Vec<String>;
}

/// Print `rows` as a table within `width` display columns (`Ctx::width`), a JSON array or CSV.
pub fn print<R: Row>(
    format: Format,
    rows: &[R],
    width: usize,
    out: &mut dyn Write,
) -> Result<(), Error> {
    match format {
        Format::Json => json_line(out, &rows),
        Format::Csv => Ok(write!(out, "{}", table::csv_of(R::FIELDS, rows))?),
        Format::Table if rows.is_empty() => Ok(writeln!(out, "{}", R::EMPTY)?),
        Format::Table => {
            let cells: Vec<Vec<String>> = rows.iter().map(Row::cells).collect();
            Ok(write!(out, "{}", table::render(R::COLUMNS, &cells, width))?)
        }
    }
}

/// Test support: `R::FIELDS` are exactly the JSON object's keys, in order, and the cells fit
/// the columns.
#[cfg(test)]
pub fn fields_follow_the_json<R: Row>(row: &R) {
    let json = serde_json::to_string(row).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys = value.as_object().unwrap().len();
    assert_eq!(keys, R::FIELDS.len(), "{json}");
    let mut from = 0;
    for field in R::FIELDS {
        let needle = format!("\"{field}\":");
        let at = json[from..]
            .find(&needle)
            .unwrap_or_else(|| panic!("{field} missing or out of order in {json}"));
        from += at + needle.len();
    }
    assert_eq!(row.cells().len(), R::COLUMNS.len());
}
