//! Lossless JSON dump of every table, restore into an empty database, and online backup.

use std::path::Path;

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, params_from_iter};
use serde_json::{Map, Value};

use super::Store;
use crate::error::Error;

/// Tables in an order that satisfies foreign keys on restore.
pub const TABLES: &[&str] = &[
    "account",
    "account_event",
    "contact",
    "review",
    "note",
    "escalation",
    "escalation_change",
    "escalation_reopen",
    "checklist_tick",
    "visit",
    "snooze",
    "meta",
];

pub const DUMP_FORMAT: &str = "tend-dump";
pub const DUMP_VERSION: i64 = 1;

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>, Error> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
    let cols = stmt.query_map([], |r| r.get::<_, String>(1))?;
    Ok(cols.collect::<Result<_, _>>()?)
}

impl Store {
    /// Every row of every table, keyed by column name, ids included.
    pub fn dump(&self, exported_at: &str) -> Result<Value, Error> {
        let conn = self.conn();
        let mut tables = Map::new();
        for table in TABLES {
            let cols = columns(conn, table)?;
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let mut obj = Map::new();
                for (i, c) in cols.iter().enumerate() {
                    let v = match r.get_ref(i)? {
                        ValueRef::Null => Value::Null,
                        ValueRef::Integer(n) => Value::from(n),
                        ValueRef::Real(f) => Value::from(f),
                        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
                        ValueRef::Blob(_) => {
                            return Err(Error::Db(format!("{table}.{c}: unexpected binary data")));
                        }
                    };
                    obj.insert(c.clone(), v);
                }
                out.push(Value::Object(obj));
            }
            tables.insert(table.to_string(), Value::Array(out));
        }
        let mut root = Map::new();
        root.insert("format".into(), Value::from(DUMP_FORMAT));
        root.insert("version".into(), Value::from(DUMP_VERSION));
        root.insert("schema".into(), Value::from(self.schema_version()?));
        root.insert("exported_at".into(), Value::from(exported_at));
        root.insert("tables".into(), Value::Object(tables));
        Ok(Value::Object(root))
    }

    /// Restore a dump into this (empty) database in one transaction. Returns rows written.
    pub fn restore(&self, dump: &Value) -> Result<usize, Error> {
        let bad = |what: &str, allowed: &str| Error::invalid(what, "", allowed.to_string());
        if dump.get("format").and_then(Value::as_str) != Some(DUMP_FORMAT) {
            return Err(bad(
                "format",
                "a JSON dump made by 'tend export --format json'",
            ));
        }
        let version = dump.get("version").and_then(Value::as_i64).unwrap_or(0);
        if version != DUMP_VERSION {
            return Err(Error::invalid(
                "version",
                version,
                format!("dump version {DUMP_VERSION}"),
            ));
        }
        let schema = dump.get("schema").and_then(Value::as_i64).unwrap_or(0);
        if schema > self.schema_version()? {
            return Err(Error::invalid(
                "schema",
                schema,
                format!("schema {} or older: update tend", self.schema_version()?),
            ));
        }
        let tables = dump
            .get("tables")
            .and_then(Value::as_object)
            .ok_or_else(|| bad("tables", "an object of tables"))?;
        for name in tables.keys() {
            if !TABLES.contains(&name.as_str()) {
                return Err(Error::invalid(
                    "table",
                    name,
                    format!("one of {}", TABLES.join(", ")),
                ));
            }
        }
        if !self.is_empty()? {
            return Err(Error::invalid(
                "database",
                self.path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                "an empty database: a dump restores into a new file (--db NEW.db)",
            ));
        }
        self.write(|tx| {
            let mut written = 0;
            for table in TABLES {
                let Some(rows) = tables.get(*table).and_then(Value::as_array) else {
                    continue;
                };
                let cols = columns(tx, table)?;
                if *table == "meta" {
                    tx.execute("DELETE FROM meta", [])?;
                }
                for (i, row) in rows.iter().enumerate() {
                    let obj = row
                        .as_object()
                        .ok_or_else(|| Error::invalid(&format!("{table}[{i}]"), "", "an object"))?;
                    // Restored, it would switch the note index off for every later note.
                    if *table == "meta"
                        && obj.get("key").and_then(Value::as_str)
                            == Some(super::bulk::FTS_DEFERRED_KEY)
                    {
                        return Err(Error::invalid(
                            &format!("{table}[{i}]"),
                            super::bulk::FTS_DEFERRED_KEY,
                            "a key tend keeps (this one exists only during a bulk write)",
                        ));
                    }
                    for key in obj.keys() {
                        if !cols.contains(key) {
                            return Err(Error::invalid(
                                &format!("{table}[{i}]"),
                                key,
                                format!("a column of {table}"),
                            ));
                        }
                    }
                    let names: Vec<&String> = obj.keys().collect();
                    let placeholders: Vec<String> =
                        (1..=names.len()).map(|n| format!("?{n}")).collect();
                    let values: Vec<SqlValue> = obj
                        .values()
                        .map(|v| match v {
                            Value::Null => Ok(SqlValue::Null),
                            Value::Bool(b) => Ok(SqlValue::Integer(i64::from(*b))),
                            Value::Number(n) => Ok(n
                                .as_i64()
                                .map(SqlValue::Integer)
                                .unwrap_or_else(|| SqlValue::Real(n.as_f64().unwrap_or(0.0)))),
                            Value::String(s) => Ok(SqlValue::Text(s.clone())),
                            _ => Err(Error::invalid(
                                &format!("{table}[{i}]"),
                                v,
                                "a scalar value",
                            )),
                        })
                        .collect::<Result<_, _>>()?;
                    let cols_sql: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                    tx.prepare_cached(&format!(
                        "INSERT INTO \"{table}\" ({}) VALUES ({})",
                        cols_sql.join(", "),
                        placeholders.join(", ")
                    ))?
                    .execute(params_from_iter(values.iter()))?;
                    written += 1;
                }
            }
            Ok(written)
        })
    }

    /// Online backup of the live database into a new file `dest` (0600); then an integrity check.
    pub fn backup_to(&self, dest: &Path) -> Result<(), Error> {
        if dest.exists() {
            return Err(Error::invalid(
                "path",
                dest.display(),
                "a file that does not exist yet",
            ));
        }
        super::create_file(dest, crate::config::StoreMode::Private)?;
        let result = (|| -> Result<(), Error> {
            let mut target = Connection::open(dest)?;
            {
                let backup = rusqlite::backup::Backup::new(self.conn(), &mut target)?;
                backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
            }
            let check: String = target.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            if check != "ok" {
                return Err(Error::Db(format!(
                    "{}: integrity check of the copy said: {check}",
                    dest.display()
                )));
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(dest);
        }
        result
    }
}
