//! Reading a Litestream config file far enough to find this database's replicas, and judging a
//! file replica's freshness. Litestream's YAML is small and regular (`dbs:` → `path:` and
//! `replica:` or `replicas:`), so a reader for block mappings, block lists and plain or quoted
//! scalars covers it without a YAML crate; anything else reads as an unchecked replica.
//! (One cohesive thing past 400 lines: reading a Litestream config and judging its replica.)

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use super::Check;
use super::checks::{age, duration_text};

/// One `dbs:` entry: the database path as written, and its replicas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbEntry {
    pub path: String,
    pub replicas: Vec<Replica>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replica {
    /// A directory on this machine (`type: file`, `path:` alone, `file://` or a bare path URL).
    File(PathBuf),
    /// Anything reached over the network (s3, sftp, gs, abs, webdav, nats, …): `kind` and where.
    Remote { kind: String, location: String },
}

/// Parse a Litestream config, expanding `$VAR` / `${VAR}` through `env` as Litestream does.
pub fn parse(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Vec<DbEntry>, String> {
    let expanded = expand_env(text, env);
    let mut lines = logical_lines(&expanded);
    let mut i = 0;
    let root = match lines.first() {
        None => return Ok(Vec::new()),
        Some(l) => {
            let indent = l.indent;
            block(&mut lines, &mut i, indent)
        }
    };
    if i < lines.len() {
        return Err(format!(
            "line {}: unexpected indentation or syntax",
            lines[i].number
        ));
    }
    let Some(dbs) = root.get("dbs") else {
        return Ok(Vec::new());
    };
    let Node::List(items) = dbs else {
        return Err("'dbs' is not a list".into());
    };
    let mut entries = Vec::new();
    for item in items {
        let Some(path) = item.scalar("path") else {
            continue; // a `dir:` entry (directory replication) or an incomplete one
        };
        let mut replicas = Vec::new();
        if let Some(one) = item.get("replica") {
            replicas.push(replica(one));
        }
        if let Some(Node::List(many)) = item.get("replicas") {
            replicas.extend(many.iter().map(replica));
        }
        entries.push(DbEntry {
            path: path.to_string(),
            replicas,
        });
    }
    Ok(entries)
}

fn replica(node: &Node) -> Replica {
    let get = |k: &str| node.scalar(k).unwrap_or("").trim().to_string();
    let (url, kind, path) = (get("url"), get("type"), get("path"));
    if !url.is_empty() {
        if let Some(p) = url.strip_prefix("file://") {
            return Replica::File(PathBuf::from(p));
        }
        return match url.split_once("://") {
            Some((scheme, _)) => Replica::Remote {
                kind: scheme.to_string(),
                location: url.clone(),
            },
            None => Replica::File(PathBuf::from(url)),
        };
    }
    if kind.is_empty() || kind == "file" {
        if path.is_empty() {
            return Replica::Remote {
                kind: "unknown".into(),
                location: "a replica without url or path".into(),
            };
        }
        return Replica::File(PathBuf::from(path));
    }
    let host = [get("bucket"), get("host"), get("container")]
        .into_iter()
        .find(|h| !h.is_empty())
        .unwrap_or_default();
    Replica::Remote {
        location: format!(
            "{kind}://{host}{}{path}",
            if path.starts_with('/') || host.is_empty() {
                ""
            } else {
                "/"
            }
        ),
        kind,
    }
}

/// A file replica: fresh when its newest file is not older than the database's last change by
/// more than `max_lag_minutes` (a database nobody wrote to for a week has a week-old replica).
pub fn file_replica(
    location: &str,
    newest: &Result<Option<SystemTime>, String>,
    db_changed: Option<SystemTime>,
    now: SystemTime,
    max_lag_minutes: i64,
) -> Check {
    let running =
        "is Litestream running? `systemctl status litestream`, `journalctl -u litestream`";
    match newest {
        Err(e) => Check::fail("replica", format!("{location}: {e}"), running),
        Ok(None) => Check::fail(
            "replica",
            format!("{location}: empty, nothing replicated yet"),
            running,
        ),
        Ok(Some(t)) => {
            let behind = db_changed
                .and_then(|c| c.duration_since(*t).ok())
                .unwrap_or_default();
            let max = Duration::from_secs(max_lag_minutes.max(0) as u64 * 60);
            let changed = db_changed
                .map(|c| format!("{} ago", duration_text(age(now, c))))
                .unwrap_or_else(|| "unknown".into());
            if behind > max {
                Check::fail(
                    "replica",
                    format!(
                        "{location}: newest file {} old, the database changed {} after it (over {max_lag_minutes} min)",
                        duration_text(age(now, *t)),
                        duration_text(behind)
                    ),
                    running,
                )
            } else {
                Check::ok(
                    "replica",
                    format!(
                        "{location}: newest file {} old (database last changed {changed})",
                        duration_text(age(now, *t))
                    ),
                )
            }
        }
    }
}

// ---- a reader for the YAML subset Litestream configs use ------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Scalar(String),
    Map(Vec<(String, Node)>),
    List(Vec<Node>),
}

impl Node {
    fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn scalar(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Node::Scalar(s) => Some(s),
            _ => None,
        }
    }
}

struct Line {
    number: usize,
    indent: usize,
    text: String,
}

fn logical_lines(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .filter_map(|(n, raw)| {
            let body = strip_comment(raw).trim_end();
            let trimmed = body.trim_start();
            if trimmed.is_empty() || trimmed == "---" || trimmed == "..." {
                return None;
            }
            Some(Line {
                number: n + 1,
                indent: body.len() - trimmed.len(),
                text: trimmed.to_string(),
            })
        })
        .collect()
}

/// The block starting at line `*i`, whose lines are indented by `indent`.
fn block(lines: &mut [Line], i: &mut usize, indent: usize) -> Node {
    if *i < lines.len() && is_item(&lines[*i].text) {
        let mut items = Vec::new();
        while *i < lines.len() && lines[*i].indent == indent && is_item(&lines[*i].text) {
            let rest = lines[*i].text[1..].trim_start().to_string();
            if rest.is_empty() {
                *i += 1;
                items.push(child(lines, i, indent));
            } else {
                // "- key: value" opens a mapping whose lines continue at the content's column.
                let column = indent + (lines[*i].text.len() - rest.len());
                lines[*i].indent = column;
                lines[*i].text = rest;
                items.push(block(lines, i, column));
            }
        }
        return Node::List(items);
    }
    if *i < lines.len() && split_key(&lines[*i].text).is_none() {
        let text = unquote(&lines[*i].text);
        *i += 1;
        return Node::Scalar(text);
    }
    let mut entries = Vec::new();
    while *i < lines.len() && lines[*i].indent == indent && !is_item(&lines[*i].text) {
        let Some((key, value)) = split_key(&lines[*i].text) else {
            break;
        };
        *i += 1;
        let node = if value.is_empty() {
            child(lines, i, indent)
        } else {
            Node::Scalar(unquote(&value))
        };
        entries.push((key, node));
    }
    Node::Map(entries)
}

/// The value under a `key:` or `-` with nothing after it: a deeper block, or a list at the same
/// indentation (`key:` followed by `- item` lines), or empty.
fn child(lines: &mut [Line], i: &mut usize, indent: usize) -> Node {
    match lines.get(*i) {
        Some(next) if next.indent > indent => {
            let deeper = next.indent;
            block(lines, i, deeper)
        }
        Some(next) if next.indent == indent && is_item(&next.text) => block(lines, i, indent),
        _ => Node::Scalar(String::new()),
    }
}

fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// `key: value` or `key:`; keys may be quoted.
fn split_key(text: &str) -> Option<(String, String)> {
    let (key, value) = if let Some(k) = text.strip_suffix(':') {
        (k, "")
    } else {
        text.split_once(": ")?
    };
    if key.is_empty() || key.contains(": ") {
        return None;
    }
    Some((unquote(key), value.trim().to_string()))
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return s[1..s.len() - 1].to_string();
        }
    }
    s.to_string()
}

/// Cut a `#` comment that starts a line or follows a space, outside quotes.
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (at, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev.is_whitespace() => return &line[..at],
            None => {}
        }
        prev = c;
    }
    line
}

/// `$VAR` and `${VAR}` replaced by the variable's value (empty when unset), as Litestream does.
fn expand_env(text: &str, env: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, len) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => ("", 0),
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        if name.is_empty() {
            out.push('$');
            rest = after;
        } else {
            out.push_str(&env(name).unwrap_or_default());
            rest = &after[len..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn reads_a_single_replica_and_a_replica_list() {
        let text = "\
# tend on the team server
dbs:
  - path: /srv/tend/tend.db   # the live file
    replica:
      type: file
      path: /var/backups/tend-replica
      sync-interval: 1s
  - path: \"/srv/other.db\"
    replicas:
      - url: s3://acme-backups/tend
      - type: sftp
        host: backup.example.com:22
        user: tend
        path: /replicas/tend
      - url: file:///mnt/replica
      - path: /plain/dir
";
        let dbs = parse(text, &no_env).unwrap();
        assert_eq!(dbs.len(), 2);
        assert_eq!(dbs[0].path, "/srv/tend/tend.db");
        assert_eq!(
            dbs[0].replicas,
            vec![Replica::File("/var/backups/tend-replica".into())]
        );
        assert_eq!(dbs[1].path, "/srv/other.db");
        assert_eq!(
            dbs[1].replicas,
            vec![
                Replica::Remote {
                    kind: "s3".into(),
                    location: "s3://acme-backups/tend".into()
                },
                Replica::Remote {
                    kind: "sftp".into(),
                    location: "sftp://backup.example.com:22/replicas/tend".into()
                },
                Replica::File("/mnt/replica".into()),
                Replica::File("/plain/dir".into()),
            ]
        );
    }

    #[test]
    fn lists_may_sit_at_the_keys_indentation_and_env_is_expanded() {
        let text = "dbs:\n- path: ${DB}\n  replica:\n    url: $URL\naccess-key-id: x\n";
        let env = |k: &str| match k {
            "DB" => Some("/srv/t.db".to_string()),
            "URL" => Some("s3://b/p".to_string()),
            _ => None,
        };
        let dbs = parse(text, &env).unwrap();
        assert_eq!(dbs[0].path, "/srv/t.db");
        assert!(matches!(&dbs[0].replicas[0], Replica::Remote { kind, .. } if kind == "s3"));
    }

    #[test]
    fn empty_or_foreign_files_have_no_entries_and_bad_indentation_is_named() {
        assert!(parse("", &no_env).unwrap().is_empty());
        assert!(parse("# nothing\n", &no_env).unwrap().is_empty());
        assert!(parse("addr: \":9090\"\n", &no_env).unwrap().is_empty());
        let e = parse("dbs:\n  - path: /a\n bad: 1\n", &no_env).unwrap_err();
        assert!(e.starts_with("line 3"), "{e}");
        assert!(parse("dbs: 3\n", &no_env).is_err());
    }

    #[test]
    fn comments_inside_quotes_are_kept() {
        let dbs = parse("dbs:\n  - path: '/a#b.db' # c\n", &no_env).unwrap();
        assert_eq!(dbs[0].path, "/a#b.db");
        assert!(dbs[0].replicas.is_empty());
    }

    #[test]
    fn file_replica_is_judged_against_the_last_change() {
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let now = t0 + Duration::from_secs(3600);
        let fresh = file_replica("/r", &Ok(Some(t0)), Some(t0), now, 15);
        assert_eq!(fresh.status, super::super::Status::Ok, "{fresh:?}");
        assert!(fresh.detail.contains("1 h 0 min old"), "{}", fresh.detail);
        // A quiet database keeps an old replica fresh; a change 20 min after it does not.
        let late = file_replica(
            "/r",
            &Ok(Some(t0)),
            Some(t0 + Duration::from_secs(1200)),
            now,
            15,
        );
        assert_eq!(late.status, super::super::Status::Fail);
        assert!(late.detail.contains("20 min after it"), "{}", late.detail);
        let empty = file_replica("/r", &Ok(None), Some(t0), now, 15);
        assert_eq!(empty.status, super::super::Status::Fail);
        assert!(empty.hint.contains("systemctl status litestream"));
    }
}
