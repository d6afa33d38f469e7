//! `tend import FILE`: an accounts CSV, a notes CSV, or a JSON dump. All or nothing: every bad row
//! is reported by its line (the header is line 1) and nothing is written unless every row is good.

use std::collections::HashSet;
use std::path::Path;

use crate::clock::Timestamp;
use crate::domain::dates::{local_date, parse_date, parse_moment};
use crate::domain::feedback::check_nps;
use crate::domain::{NoteKind, Status, Tier, account_name, name_key, parse_eur};
use crate::error::Error;
use crate::store::Store;
use crate::store::accounts::NewAccount;
use crate::store::bulk::BulkAccount;

pub const ACCOUNT_COLUMNS: &[&str] = &[
    "name", "owner", "backup", "tier", "value", "since", "renewal",
];
pub const NOTE_COLUMNS: &[&str] = &["account", "at", "kind", "text", "nps"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    Accounts(usize),
    Notes(usize),
    Dump(usize),
}

struct Row {
    line: u64,
    fields: Vec<String>,
}

struct Table {
    headers: Vec<String>,
    rows: Vec<Row>,
}

impl Table {
    fn get<'a>(&self, row: &'a Row, column: &str) -> &'a str {
        self.headers
            .iter()
            .position(|h| h == column)
            .and_then(|i| row.fields.get(i))
            .map_or("", |s| s.as_str())
    }
}

fn read_csv(text: &str) -> Result<Table, Error> {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Error::invalid("header", first_line, format!("a CSV header line ({e})")))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line());
                if r.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                if r.len() != headers.len() {
                    errors.push(format!(
                        "line {line}: columns '{}': {} fields, as in the header",
                        r.len(),
                        headers.len()
                    ));
                    continue;
                }
                rows.push(Row {
                    line,
                    fields: r.iter().map(str::to_string).collect(),
                });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(format!("line {line}: row '': well-formed CSV ({e})"));
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::Rows(errors));
    }
    Ok(Table { headers, rows })
}

fn check_columns(headers: &[String], allowed: &[&str], required: &[&str]) -> Result<(), Error> {
    for h in headers {
        if !allowed.contains(&h.as_str()) {
            return Err(Error::invalid(
                "column",
                h,
                format!("one of {}", allowed.join(", ")),
            ));
        }
    }
    for r in required {
        if !headers.iter().any(|h| h == r) {
            return Err(Error::invalid(
                "column",
                r,
                format!("a required column (header: {})", allowed.join(",")),
            ));
        }
    }
    Ok(())
}

fn row_error(line: u64, e: Error) -> String {
    format!("line {line}: {e}")
}

/// Import `path` into `store`.
pub fn import_file(
    store: &Store,
    path: &Path,
    user: &str,
    now: Timestamp,
) -> Result<Imported, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::invalid("file", path.display(), "UTF-8 text (CSV or JSON)"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim_start().starts_with('{') {
        let dump: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            Error::invalid(
                "file",
                path.display(),
                format!("a JSON dump from 'tend export --format json' ({e})"),
            )
        })?;
        return Ok(Imported::Dump(store.restore(&dump)?));
    }
    let table = read_csv(text)?;
    if table.headers.iter().any(|h| h == "account") {
        check_columns(&table.headers, NOTE_COLUMNS, &["account", "text"])?;
        import_notes(store, &table, user, now).map(Imported::Notes)
    } else {
        check_columns(&table.headers, ACCOUNT_COLUMNS, &["name"])?;
        import_accounts(store, &table, user, now).map(Imported::Accounts)
    }
}

fn opt(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|t| !t.is_empty())
}

fn import_accounts(
    store: &Store,
    table: &Table,
    user: &str,
    now: Timestamp,
) -> Result<usize, Error> {
    // Unique ignoring case and accents, as one by one (`names::name_taken`).
    let fold = crate::domain::names::fold;
    let existing: HashSet<String> = store.accounts()?.iter().map(|a| fold(&a.name)).collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut good = Vec::new();
    let mut errors = Vec::new();
    for row in &table.rows {
        let parsed = (|| -> Result<NewAccount, Error> {
            let raw_name = table.get(row, "name");
            let name = account_name(raw_name)?;
            let key = fold(&name);
            if existing.contains(&key) || !seen.insert(key) {
                return Err(crate::domain::names::name_taken(raw_name, None));
            }
            let owner =
                crate::domain::person("owner", opt(table.get(row, "owner")).unwrap_or(user))?;
            let backup = opt(table.get(row, "backup"))
                .map(|b| crate::domain::person("backup", b))
                .transpose()?;
            let tier = match opt(table.get(row, "tier")) {
                Some(t) => t.parse()?,
                None => Tier::Standard,
            };
            let value = match opt(table.get(row, "value")) {
                Some(v) => parse_eur("value", v)?,
                None => 0,
            };
            let since = match opt(table.get(row, "since")) {
                Some(d) => parse_date("since", d)?,
                None => local_date(now),
            };
            let renewal = opt(table.get(row, "renewal"))
                .map(|d| parse_date("renewal", d))
                .transpose()?;
            Ok(NewAccount {
                name,
                owner,
                backup,
                tier,
                value_cents: value,
                client_since: since,
                renewal,
                referred_by: None,
            })
        })();
        match parsed {
            Ok(a) => good.push(a),
            Err(e) => errors.push(row_error(row.line, e)),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Rows(errors));
    }
    store.bulk(|b| {
        for a in &good {
            b.account(&BulkAccount {
                name: &a.name,
                owner: &a.owner,
                backup: a.backup.as_deref(),
                tier: a.tier,
                value_cents: a.value_cents,
                client_since: a.client_since,
                renewal: a.renewal,
                status: Status::Active,
                churned_on: None,
                churn_reason: None,
                churn_category: None,
                referred_by: None,
                created_at: now,
                created_by: user,
            })?;
        }
        Ok(good.len())
    })
}

fn import_notes(store: &Store, table: &Table, user: &str, now: Timestamp) -> Result<usize, Error> {
    let accounts: std::collections::HashMap<String, i64> = store
        .accounts()?
        .into_iter()
        .map(|a| (name_key(&a.name), a.id))
        .collect();
    let mut good = Vec::new();
    let mut errors = Vec::new();
    for row in &table.rows {
        let parsed = (|| -> Result<(i64, Timestamp, NoteKind, String, Option<u8>), Error> {
            let raw = table.get(row, "account");
            let id = *accounts.get(&name_key(raw)).ok_or_else(|| {
                Error::invalid(
                    "account",
                    raw,
                    "the name of an existing account (import the accounts first)",
                )
            })?;
            let at = match opt(table.get(row, "at")) {
                Some(a) => parse_moment("at", a)?,
                None => now,
            };
            // The same rule as `tend log --at`: history, not plans.
            crate::ops::check_note_moment(at, now)?;
            let kind = match opt(table.get(row, "kind")) {
                Some(k) => k.parse()?,
                None => NoteKind::Call,
            };
            let text = table.get(row, "text");
            let text = crate::domain::feedback::check_text("text", text)?;
            let nps = opt(table.get(row, "nps")).map(check_nps).transpose()?;
            Ok((id, at, kind, text, nps))
        })();
        match parsed {
            Ok(n) => good.push(n),
            Err(e) => errors.push(row_error(row.line, e)),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Rows(errors));
    }
    // Imported notes are history: they count from their own moment (`created_at = at`), so the
    // trend sees them where they happened (none is dated ahead: checked above).
    store.bulk(|b| {
        for (id, at, kind, text, nps) in &good {
            b.note_created(*id, *at, (*at).min(now), user, *kind, text, *nps)?;
        }
        Ok(good.len())
    })
}
