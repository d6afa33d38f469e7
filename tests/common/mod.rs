//! Running the real `tend` binary against a temporary database.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            // A width asked for by the developer's shell must not change what tests read.
            .env_remove("COLUMNS")
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

    /// Record a health review (performance, relationship, outlook, engagement); insists on success.
    pub fn review(&self, now: &str, name: &str, scores: [u8; 4]) {
        let s = scores.map(|v| v.to_string());
        self.ok(
            now,
            &[
                "health",
                name,
                "--performance",
                &s[0],
                "--relationship",
                &s[1],
                "--outlook",
                &s[2],
                "--engagement",
                &s[3],
            ],
        );
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

const NOW: &str = "2026-11-23T09:00:00Z";

/// Run a command that executes a freshly copied binary (e.g. through `runuser`). While the copy
/// was being written, another test thread may have forked a child that briefly holds the writable
/// descriptor, and exec then fails with "Text file busy" (ETXTBSY): retry for a bounded while.
pub fn output_of_copied_binary(cmd: &mut Command) -> std::process::Output {
    let start = Instant::now();
    loop {
        let out = cmd.output().unwrap();
        let busy = String::from_utf8_lossy(&out.stderr).contains("Text file busy");
        if !busy || start.elapsed() > Duration::from_secs(5) {
            return out;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub struct Tmux {
    pub socket: String,
}

impl Tmux {
    pub fn available() -> bool {
        let ok = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is required in CI (.ci/run installs it)"
            );
            eprintln!(
                "tmux not installed: skipping the pseudo-terminal test (apt-get install tmux)"
            );
        }
        ok
    }

    pub fn start(name: &str, env: &Env, width: u16, height: u16) -> Tmux {
        Tmux::start_with(name, env, width, height, "")
    }

    /// Start the cockpit with extra `VAR=value` words before the binary; after it exits the pane
    /// prints `EXIT=<status>` and the terminal modes (`stty -a`), then stays open.
    pub fn start_with(name: &str, env: &Env, width: u16, height: u16, extra: &str) -> Tmux {
        let socket = format!("tend-test-{name}-{}", std::process::id());
        let bin = env!("CARGO_BIN_EXE_tend");
        let shell = format!(
            "env TEND_NOW={NOW} TEND_USER={} TEND_DB='{}' TZ=UTC HOME='{home}' XDG_STATE_HOME='{home}/state' XDG_CONFIG_HOME='{home}/config' XDG_DATA_HOME='{home}/data' TERM=xterm-256color {extra} {bin}; echo EXIT=$?; stty -a | tr ' ' '\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo; sleep 60",
            env.user,
            env.db.display(),
            home = env.dir.path().display()
        );
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                &shell,
            ])
            .env_remove("TMUX")
            .status()
            .unwrap();
        assert!(status.success());
        Tmux { socket }
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-t", "t", "-p"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The pid of the program running in the pane (the cockpit while it runs).
    pub fn pane_pid(&self) -> u32 {
        let out = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "list-panes",
                "-t",
                "t",
                "-F",
                "#{pane_pid}",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or(0)
    }

    pub fn kill_server(&self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }

    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            Command::new("tmux")
                .args(["-L", &self.socket, "send-keys", "-t", "t", k])
                .status()
                .unwrap();
            // Separate keys the way a person would (an Esc followed at once by a key reads as Alt-key).
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    pub fn text(&self, s: &str) {
        Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "t", "-l", s])
            .status()
            .unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    pub fn wait_for(&self, needle: &str, within: Duration) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            assert!(
                start.elapsed() < within,
                "'{needle}' did not appear within {within:?}:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}
