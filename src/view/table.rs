//! Plain-text tables for the command line: sanitised cells, display-width aware, fit to a width.

use unicode_width::UnicodeWidthStr;

use crate::text::one_line;

pub struct Column {
    pub header: &'static str,
    /// The width the column is held to when the table does not fit (see `render`); the last
    /// column takes what remains.
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

/// `s` cut to `width` columns in its middle: its start, "…", its end. For names that `fit`
/// would cut to the same start ("Markgräfler Weingut G…" for "… GmbH" and "… GmbH & Co. KG"):
/// the end tells them apart.
pub fn fit_middle(s: &str, width: usize) -> String {
    if s.width() <= width || width < 3 {
        return fit(s, width);
    }
    let head_room = (width - 1) / 2;
    let tail_room = width - 1 - head_room;
    let mut head = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > head_room {
            break;
        }
        head.push(c);
        used += w;
    }
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in s.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > tail_room {
            break;
        }
        tail.push(c);
        used += w;
    }
    let tail: String = tail.into_iter().rev().collect();
    format!("{}…{}", head.trim_end(), tail.trim_start())
}

fn pad(s: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(s.width()));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// Render rows under headers within `total` display columns (`usize::MAX`: no limit, every cell
/// in full — output for a pipe or a file). Every cell is neutralised (one line, no control
/// characters) before it is measured.
pub fn render(columns: &[Column], rows: &[Vec<String>], total: usize) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| one_line(c)).collect())
        .collect();
    let natural: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells
                .iter()
                .map(|r| r.get(i).map_or(0, |s| s.width()))
                .max()
                .unwrap_or(0)
                .max(c.header.width())
        })
        .collect();
    let widths = fit_widths(columns, &natural, total);
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

/// Column widths for content of `natural` widths within `total`. What fits is shown in full.
/// Otherwise every column but the last is held to its `max` (names and people rarely need more)
/// and the last, the free text, takes what remains; room the last does not need goes back to the
/// held columns, left first. On a terminal narrower still, the widest column gives up a cell at a
/// time, never below its header — and the last never below a third of the width it needs.
fn fit_widths(columns: &[Column], natural: &[usize], total: usize) -> Vec<usize> {
    let n = columns.len();
    let gaps = 2 * n.saturating_sub(1);
    let used = |w: &[usize]| w.iter().sum::<usize>().saturating_add(gaps);
    let mut widths = natural.to_vec();
    if n == 0 || used(&widths) <= total {
        return widths;
    }
    // The free text keeps a third of the width (or all it needs): a reason cut to five letters
    // next to full names says nothing; the held columns give way first.
    let others: usize = (0..n - 1)
        .map(|i| columns[i].header.width().min(natural[i]))
        .sum::<usize>()
        + gaps;
    let text_floor = natural[n - 1]
        .min(total / 3)
        .min(total.saturating_sub(others))
        .max(columns[n - 1].header.width().min(natural[n - 1]));
    let floor = |i: usize| {
        if i == n - 1 {
            text_floor
        } else {
            columns[i].header.width().min(natural[i])
        }
    };
    for i in 0..n - 1 {
        widths[i] = natural[i].min(columns[i].max.max(floor(i)));
    }
    let fixed = widths[..n - 1].iter().sum::<usize>() + gaps;
    widths[n - 1] = natural[n - 1]
        .min(total.saturating_sub(fixed))
        .max(floor(n - 1));
    let mut spare = total.saturating_sub(used(&widths));
    for i in 0..n - 1 {
        let more = (natural[i] - widths[i]).min(spare);
        widths[i] += more;
        spare -= more;
    }
    while used(&widths) > total {
        let Some(i) = (0..n)
            .filter(|&i| widths[i] > floor(i))
            .max_by_key(|&i| (widths[i], i))
        else {
            break;
        };
        widths[i] -= 1;
    }
    widths
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
    fn the_free_text_keeps_a_third_of_a_narrow_table() {
        // The escalation table at 80 columns: full-width names used to leave the reason 5 cells.
        let rows = vec![vec![
            "12".to_string(),
            "orange".into(),
            "1d 19h overdue".into(),
            "Kaiserstuhl Hotel GmbH & Co. KG".into(),
            "anna.bergermann".into(),
            "account manager".into(),
            "Replied late to three requests about the campaign budget".into(),
        ]];
        let cols = [
            rcol("ID", 5),
            col("LEVEL", 6),
            col("DUE", 14),
            col("ACCOUNT", 20),
            col("OWNER", 14),
            col("ROLE", 15),
            col("REASON", 200),
        ];
        let t = render(&cols, &rows, 80);
        let row = t.lines().nth(1).unwrap();
        assert!(row.width() <= 80, "{t}");
        assert!(row.contains("Replied late to three"), "{t}");
    }

    #[test]
    fn what_fits_is_shown_in_full() {
        let long = "anna.bergermann-schulze";
        let text = "Threatened to cancel the contract unless the report comes on time";
        let rows = vec![vec![long.to_string(), text.to_string()]];
        let cols = [col("OWNER", 10), col("TEXT", 20)];
        for total in [usize::MAX, 200] {
            let t = render(&cols, &rows, total);
            assert!(t.contains(long) && t.contains(text), "{t}");
        }
    }

    #[test]
    fn a_narrow_width_holds_columns_to_their_max_then_shrinks_the_widest() {
        let rows = vec![vec![
            "anna.bergermann-schulze".to_string(),
            "x".repeat(100),
            "Threatened to cancel the contract unless the report is on time".to_string(),
        ]];
        let cols = [col("OWNER", 10), col("ACCOUNT", 30), col("TEXT", 200)];
        for total in [80, 60, 30, 20] {
            let t = render(&cols, &rows, total);
            assert!(t.lines().all(|l| l.width() <= total), "{total}:\n{t}");
            assert!(t.starts_with("OWNER"), "{t}");
        }
        // At 80 the person column is held to 10 and the text gets the rest.
        let t = render(&cols, &rows, 80);
        assert!(t.lines().nth(1).unwrap().starts_with("anna.berg…  "), "{t}");
        // Spare room goes back to held columns.
        let short = vec![vec![
            "anna.bergermann-schulze".to_string(),
            "A".into(),
            "ok".into(),
        ]];
        let t = render(&cols, &short, 40);
        assert!(t.contains("anna.bergermann-schulze"), "{t}");
    }

    #[test]
    fn csv_quotes_and_guards_formulas() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("-5"), "-5");
    }
}

#[cfg(test)]
mod fit_tests {
    use super::*;

    #[test]
    fn names_cut_alike_are_told_apart_by_their_ends() {
        let (a, b) = (
            "Markgräfler Weingut GmbH",
            "Markgräfler Weingut GmbH & Co. KG",
        );
        assert_eq!(fit(a, 20), fit(b, 20));
        assert_eq!(fit_middle(a, 20), "Markgräfl…ingut GmbH");
        assert_eq!(fit_middle(b, 20), "Markgräfl…H & Co. KG");
        assert_eq!(fit_middle(a, 20).width(), 20);
        assert_eq!(fit_middle("short", 20), "short");
        assert_eq!(fit_middle(a, 2), fit(a, 2));
    }
}
