//! Plain-text tables for the command line: sanitised cells, display-width aware, fit to a width.

use unicode_width::UnicodeWidthStr;

use crate::text::one_line;

pub struct Column {
    pub header: &'static str,
    /// Upper bound of the column's width; the last column takes what remains of the total.
    pub max: usize,
    pub right: bool,
}

pub const fn col(header: &'static str, max: usize) -> Column {
    Column {
        header,
        max,
        right: false,
    }
}

pub const fn rcol(header: &'static str, max: usize) -> Column {
    Column {
        header,
        max,
        right: true,
    }
}

/// Truncate to `width` display cells, ending in `…` when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

fn pad(s: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(s.width()));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// Render rows under headers within `total` columns. Every cell is neutralised (one line, no
/// control characters) before it is measured.
pub fn render(columns: &[Column], rows: &[Vec<String>], total: usize) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| one_line(c)).collect())
        .collect();
    let n = columns.len();
    let mut widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let content = cells
                .iter()
                .map(|r| r.get(i).map_or(0, |s| s.width()))
                .max()
                .unwrap_or(0);
            content
                .max(c.header.width())
                .min(c.max.max(c.header.width()))
        })
        .collect();
    if n > 0 {
        let fixed: usize = widths[..n - 1].iter().sum::<usize>() + 2 * (n - 1);
        let room = total
            .saturating_sub(fixed)
            .max(columns[n - 1].header.width());
        widths[n - 1] = widths[n - 1].min(room);
    }
    let mut out = String::new();
    let line = |cells: Vec<String>| -> String {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| pad(&fit(c, widths[i]), widths[i], columns[i].right))
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    out.push_str(&line(
        columns.iter().map(|c| c.header.to_string()).collect(),
    ));
    out.push('\n');
    for r in cells {
        out.push_str(&line(r));
        out.push('\n');
    }
    out
}

/// One CSV field: quoted when needed; a leading `= + - @` (a spreadsheet formula) gets a `'`.
pub fn csv_field(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// CSV of serialisable rows (the JSON shapes): one column per header, looked up by field name.
/// Null is empty, lists are joined with spaces.
pub fn csv_of<T: serde::Serialize>(headers: &[&str], rows: &[T]) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let value = serde_json::to_value(row).unwrap_or_default();
            headers
                .iter()
                .map(|h| match value.get(*h) {
                    None | Some(serde_json::Value::Null) => String::new(),
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(serde_json::Value::Array(items)) => items
                        .iter()
                        .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                        .collect::<Vec<_>>()
                        .join(" "),
                    Some(other) => other.to_string(),
                })
                .collect()
        })
        .collect();
    csv(headers, &cells)
}

pub fn csv(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = headers.join(",");
    out.push('\n');
    for r in rows {
        let fields: Vec<String> = r.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_wide_characters_and_neutralises() {
        assert_eq!(fit("東京東京", 5), "東京…");
        assert_eq!(fit("abc", 3), "abc");
        let t = render(
            &[col("A", 10), col("B", 50)],
            &[vec!["x\x1b[2J".into(), "y\nz".into()]],
            80,
        );
        assert!(!t.contains('\x1b'));
        assert!(t.contains("y z"));
    }

    #[test]
    fn last_column_takes_the_rest() {
        let long = "w".repeat(200);
        let t = render(
            &[col("NAME", 10), col("TEXT", 500)],
            &[vec!["n".into(), long]],
            40,
        );
        assert!(t.lines().all(|l| l.width() <= 40), "{t}");
    }

    #[test]
    fn csv_quotes_and_guards_formulas() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("-5"), "-5");
    }
}
