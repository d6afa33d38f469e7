//! Running the real `tend` binary against a temporary database.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tend::config::Config;
use tend::store::{Access, Store};

pub struct Env {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub user: String,
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("tend.db");
        Env {
            dir,
            db,
            user: "anna".into(),
        }
    }

    pub fn cmd(&self, now: &str, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tend"));
        c.args(args)
            .env("TEND_NOW", now)
            .env("TEND_DB", &self.db)
            .env("TEND_USER", &self.user)
            .env_remove("TEND_CONFIG")
            .env("TZ", "UTC")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env_remove("NO_COLOR");
        c
    }

    pub fn run(&self, now: &str, args: &[&str]) -> Out {
        self.run_with_stdin(now, args, "")
    }

    pub fn run_with_stdin(&self, now: &str, args: &[&str], stdin: &str) -> Out {
        let mut child = self
            .cmd(now, args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Run and insist on success; returns stdout.
    pub fn ok(&self, now: &str, args: &[&str]) -> String {
        let out = self.run(now, args);
        assert_eq!(out.code, 0, "tend {args:?} failed: {}", out.stderr);
        out.stdout
    }

    pub fn json(&self, now: &str, args: &[&str]) -> serde_json::Value {
        let text = self.ok(now, args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    pub fn fingerprint(&self) -> String {
        fingerprint(&self.db)
    }
}

pub fn fingerprint(db: &Path) -> String {
    Store::open(db, &Config::default().store, Access::Read)
        .unwrap()
        .fingerprint()
        .unwrap()
}
