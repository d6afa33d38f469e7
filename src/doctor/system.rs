//! Facts about the machine the doctor's checks judge: file metadata with owner and group names,
//! the process's identity (from /proc and /etc, no libc), the newest file under a directory.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A file's metadata as the checks need it, owner and group already named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFacts {
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub owner: String,
    pub group: String,
    pub len: u64,
    pub modified: SystemTime,
}

/// The process's Unix identity (from /proc/self/status), with its name from /etc/passwd.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub uid: u32,
    pub name: String,
    /// The primary group and the supplementary groups.
    pub gids: Vec<u32>,
}

impl Identity {
    pub fn is_root(&self) -> bool {
        self.uid == 0
    }

    pub fn in_group(&self, gid: u32) -> bool {
        self.gids.contains(&gid)
    }
}

/// The most recently modified regular file under `dir` (down to `depth` levels; hidden files
/// skipped), or why `dir` could not be read.
pub fn newest_file(dir: &Path, depth: usize) -> Result<Option<(PathBuf, FileFacts)>, String> {
    // A bound on the walk: a replica with more files than this is judged on those seen.
    const MAX_ENTRIES: usize = 100_000;
    let entries = std::fs::read_dir(dir).map_err(|e| e.to_string())?;
    let mut newest: Option<(PathBuf, FileFacts)> = None;
    let mut stack: Vec<(PathBuf, usize)> = Vec::new();
    let mut seen = 0;
    let mut visit = |entries: std::fs::ReadDir, level: usize, stack: &mut Vec<(PathBuf, usize)>| {
        for entry in entries.flatten() {
            seen += 1;
            if seen > MAX_ENTRIES {
                return;
            }
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() && level < depth {
                stack.push((path, level + 1));
            } else if kind.is_file()
                && let Some(f) = file_facts(&path)
                && newest.as_ref().is_none_or(|(_, n)| f.modified > n.modified)
            {
                newest = Some((path, f));
            }
        }
    };
    visit(entries, 1, &mut stack);
    while let Some((sub, level)) = stack.pop() {
        if let Ok(entries) = std::fs::read_dir(&sub) {
            visit(entries, level, &mut stack);
        }
    }
    Ok(newest)
}

pub fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

pub fn file_facts(path: &Path) -> Option<FileFacts> {
    let m = std::fs::metadata(path).ok()?;
    Some(FileFacts {
        mode: m.mode(),
        uid: m.uid(),
        gid: m.gid(),
        owner: name_of("/etc/passwd", m.uid()),
        group: name_of("/etc/group", m.gid()),
        len: m.len(),
        modified: m.modified().unwrap_or(SystemTime::UNIX_EPOCH),
    })
}

/// The name for an id in /etc/passwd or /etc/group (`name:x:id:...`), else the number.
fn name_of(file: &str, id: u32) -> String {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|text| {
            text.lines().find_map(|l| {
                let mut f = l.split(':');
                let name = f.next()?;
                f.next()?;
                (f.next()?.parse::<u32>().ok()? == id).then(|| name.to_string())
            })
        })
        .unwrap_or_else(|| id.to_string())
}

pub fn identity() -> Identity {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |key: &str| -> Vec<u32> {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|rest| {
                rest.split_whitespace()
                    .filter_map(|n| n.parse().ok())
                    .collect()
            })
            .unwrap_or_default()
    };
    // Effective ids decide access: the second number of "Uid:" and "Gid:".
    let uid = field("Uid:").get(1).copied().unwrap_or(u32::MAX);
    let mut gids = field("Groups:");
    gids.extend(field("Gid:").get(1));
    Identity {
        uid,
        name: if uid == u32::MAX {
            String::new()
        } else {
            name_of("/etc/passwd", uid)
        },
        gids,
    }
}

/// tend's user and where it came from (`cli::current_user` falls back to "me").
pub fn tend_user() -> Option<(String, &'static str)> {
    ["TEND_USER", "USER", "LOGNAME"].iter().find_map(|v| {
        std::env::var(v)
            .ok()
            .filter(|s| !s.trim().is_empty())
            .map(|s| (s, *v))
    })
}
