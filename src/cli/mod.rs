//! The command line: clap types, and one function per command taking the store, "now" and a
//! writer. Nothing here touches the terminal's modes.

pub mod accounts;
mod args;
pub mod complete;
mod contacts;
mod digest;
mod escalations;
mod health;
mod listing;
mod notes;
mod routine;
mod today;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::clock::Timestamp;
use crate::config::Config;
use crate::error::Error;
use crate::store::{Access, Store};

#[derive(Debug, Parser)]
#[command(
    name = "tend",
    version,
    about = "A terminal cockpit for account managers: health scores, weekly routine, escalations, feedback, visits",
    long_about = "tend keeps B2B clients for years: a health score per client, a weekly update routine, \
a three-level escalation system with hard deadlines, feedback written down the moment it is heard, \
and a personal visit every quarter.\n\nWith no subcommand it opens the cockpit.",
    after_help = "Examples:\n  tend --demo                          open the cockpit on demo data\n  \
tend account add \"Müller GmbH\" --tier premium --value 4500\n  \
tend log \"Müller GmbH\" called, budget for Q1 confirmed\n  \
tend health \"Müller GmbH\"               why is the score what it is?\n  \
tend escalate \"Müller GmbH\" --level orange --reason \"complaint about reporting\""
)]
pub struct Cli {
    /// Database file (default: TEND_DB, else the platform data directory's tend/tend.db).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// A config file patching config/default.toml (default: TEND_CONFIG, else <config dir>/tend/config.toml).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Use the demo database (<data dir>/tend/demo.db), filled with demo data when missing or stale.
    #[arg(long, global = true)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct FormatArg {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill an empty database with realistic demo data (relative to now).
    Demo {
        #[arg(long, default_value_t = 40)]
        accounts: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Fill it even when it is not empty (adds to what is there).
        #[arg(long)]
        force: bool,
    },
    /// Accounts: add, list (triage order), show, edit, churn, delete.
    #[command(subcommand)]
    Account(accounts::AccountCmd),
    /// Contacts at a client.
    #[command(subcommand)]
    Contact(contacts::ContactCmd),
    /// Record a health review (all four scores), or explain the current score.
    Health(health::HealthArgs),
    /// What is due: escalations, follow-ups, reviews, the weekly routine, visits, cadences, …
    Today(today::TodayArgs),
    /// Promises made in calls (`tend log … --follow-up fri`, `@fri` in a quick note).
    #[command(name = "follow-ups")]
    FollowUps(today::FollowUpsArgs),
    /// Close a follow-up.
    #[command(name = "follow-up", subcommand)]
    FollowUp(today::FollowUpCmd),
    /// Hide an agenda item until a date (escalations keep their deadline), or --clear it.
    Snooze(today::SnoozeArgs),
    /// The morning digest: due now, what changed, what comes up (for cron and mail).
    Digest(digest::DigestArgs),
    /// Health at the end of each past ISO week, then now (recomputed from the records).
    History(health::HistoryArgs),
    /// Quick note: `tend log NAME called, all good` (kind defaults to call; TEXT `-` reads stdin).
    Log(notes::LogArgs),
    /// Edit or delete a note by id.
    #[command(subcommand)]
    Note(notes::NoteCmd),
    /// An account's notes, newest first.
    Notes(notes::NotesArgs),
    /// Search every note: words, `prefix*`, `"a phrase"`; best match first, then newest.
    Search(notes::SearchArgs),
    /// One-screen briefing before a call.
    Brief { name: String },
    /// Open an escalation; prints its id.
    Escalate(escalations::EscalateArgs),
    /// The escalation queue: overdue first, then red, orange, yellow.
    Escalations(escalations::EscalationsArgs),
    /// Raise or resolve an escalation.
    #[command(subcommand)]
    Escalation(escalations::EscalationCmd),
    /// The weekly checklist of an account.
    Checklist(routine::ChecklistArgs),
    /// Tick (or --undo) a checklist item: `tend check NAME update`.
    Check(routine::CheckArgs),
    /// Plan, record or cancel the quarterly visit.
    #[command(subcommand)]
    Visit(routine::VisitCmd),
    /// Next visit per account, overdue first.
    Visits(FormatArg),
    /// Portfolio KPIs now.
    Kpi(FormatArg),
    /// Import an accounts CSV (name,owner,backup,tier,value,since,renewal), a notes CSV
    /// (account,at,kind,text,nps) or a JSON dump (into an empty database). All or nothing.
    Import { file: PathBuf },
    /// Export: `--format json` a complete dump (re-importable), `--format csv` the triage list.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Online copy of the live database (safe while others write); checked before it is reported.
    Backup { path: PathBuf },
    /// The portfolio review of a month, quarter or year as Markdown; with --account, the agenda
    /// for the business review meeting with that client.
    Report(ReportArgs),
    /// Shell completions, account names included: `tend completions bash >
    /// ~/.local/share/bash-completion/completions/tend`.
    Completions { shell: clap_complete::Shell },
    /// Check the installation (database, file modes, config, backups, replication): one line
    /// per check, ok/warn/fail with what to do; exit 1 when any check fails. Never writes.
    Doctor(FormatArg),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
}

/// What every command needs: config, the current user, "now", where the database is, and how
/// wide tables may be.
pub struct Ctx {
    pub cfg: Config,
    pub user: String,
    pub now: Timestamp,
    pub db: PathBuf,
    /// Display columns a table may use: `usize::MAX` (every cell in full) unless standard output
    /// is a terminal or `COLUMNS` asks for a width (see `output_width`).
    pub width: usize,
}

impl Ctx {
    pub fn read(&self) -> Result<Store, Error> {
        Store::open(&self.db, &self.cfg.store, Access::Read)
    }

    pub fn write(&self) -> Result<Store, Error> {
        Store::open(&self.db, &self.cfg.store, Access::Write)
    }

    /// The operations on `store` as the current user, now.
    pub fn ops<'a>(&'a self, store: &'a Store) -> crate::ops::Ops<'a> {
        crate::ops::Ops::new(store, &self.cfg, &self.user, self.now)
    }
}

/// The current user: `TEND_USER`, else `$USER`.
pub fn current_user() -> String {
    ["TEND_USER", "USER", "LOGNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "me".to_string())
}

/// Resolve config, user, now and the database path from the arguments and the environment.
pub fn context(cli: &Cli) -> Result<Ctx, Error> {
    let cfg = Config::load(cli.config.as_deref())?;
    let now = crate::clock::now()?;
    let db = crate::paths::database(cli.db.as_deref(), cli.demo)?;
    Ok(Ctx {
        cfg,
        user: current_user(),
        now,
        db,
        width: output_width(
            std::env::var("COLUMNS").ok().as_deref(),
            std::io::stdout().is_terminal(),
            || crossterm::terminal::size().ok().map(|(w, _)| w as usize),
        ),
    })
}

/// How wide tables may be. `COLUMNS` (a positive number) wins wherever the output goes: it is how
/// a person or a script asks for a width, as with systemd's tools. Otherwise a terminal's own
/// width (80 when it cannot be read), and for a pipe or a file no limit at all — a table that is
/// read by a program or kept must not lose the end of a name or a reason.
pub fn output_width(
    columns_env: Option<&str>,
    is_terminal: bool,
    terminal_width: impl FnOnce() -> Option<usize>,
) -> usize {
    if let Some(n) = columns_env
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
    {
        return n;
    }
    if !is_terminal {
        return usize::MAX;
    }
    terminal_width().filter(|&w| w > 0).unwrap_or(80)
}

/// Run one subcommand, writing its output to `out`.
pub fn run(ctx: &Ctx, command: Command, out: &mut dyn Write) -> Result<(), Error> {
    match command {
        Command::Demo {
            accounts,
            seed,
            force,
        } => {
            let store = ctx.write()?;
            let n = crate::demo::fill(&store, &ctx.cfg, ctx.now, &ctx.user, accounts, seed, force)?;
            writeln!(
                out,
                "demo data: {n} accounts written to {}",
                ctx.db.display()
            )?;
            Ok(())
        }
        Command::Account(c) => accounts::account(ctx, c, out),
        Command::Contact(c) => contacts::contact(ctx, c, out),
        Command::Health(a) => health::health(ctx, a, out),
        Command::History(a) => health::history(ctx, a, out),
        Command::Today(a) => today::today(ctx, a, out),
        Command::FollowUps(a) => today::follow_ups(ctx, a, out),
        Command::FollowUp(c) => today::follow_up(ctx, c, out),
        Command::Snooze(a) => today::snooze(ctx, a, out),
        Command::Digest(a) => digest::digest(ctx, a, out),
        Command::Log(a) => notes::log(ctx, a, out),
        Command::Note(c) => notes::note(ctx, c, out),
        Command::Notes(a) => notes::notes(ctx, a, out),
        Command::Search(a) => notes::search(ctx, a, out),
        Command::Brief { name } => health::brief(ctx, &name, out),
        Command::Escalate(a) => escalations::escalate(ctx, a, out),
        Command::Escalations(a) => escalations::escalations(ctx, a, out),
        Command::Escalation(c) => escalations::escalation(ctx, c, out),
        Command::Checklist(a) => routine::checklist(ctx, a, out),
        Command::Check(a) => routine::check(ctx, a, out),
        Command::Visit(c) => routine::visit(ctx, c, out),
        Command::Visits(f) => routine::visits(ctx, f.format, out),
        Command::Kpi(f) => health::kpi(ctx, f.format, out),
        Command::Import { file } => {
            let store = ctx.write()?;
            let what = crate::transfer::import::import_file(&store, &file, &ctx.user, ctx.now)?;
            use crate::transfer::import::Imported;
            match what {
                Imported::Accounts(n) => writeln!(out, "imported {n} accounts")?,
                Imported::Notes(n) => writeln!(out, "imported {n} notes")?,
                Imported::Dump(n) => writeln!(out, "restored {n} records from the dump")?,
            }
            Ok(())
        }
        Command::Export { format, out: path } => {
            let store = ctx.read()?;
            let text = match format {
                ExportFormat::Json => {
                    let dump = store.dump(&rfc3339(ctx.now))?;
                    serde_json::to_string_pretty(&dump).map_err(|e| Error::Io(e.to_string()))?
                        + "\n"
                }
                ExportFormat::Csv => {
                    let mut buf = Vec::new();
                    accounts::account(
                        ctx,
                        accounts::AccountCmd::List {
                            format: Format::Csv,
                            mine: false,
                            band: None,
                            all: true,
                        },
                        &mut buf,
                    )?;
                    String::from_utf8_lossy(&buf).into_owned()
                }
            };
            write_out(path.as_deref(), &text, out)
        }
        Command::Backup { path } => {
            let store = ctx.read()?;
            store.backup_to(&path)?;
            writeln!(
                out,
                "backup written to {} (integrity check ok)",
                path.display()
            )?;
            Ok(())
        }
        Command::Report(a) => report(ctx, a, out),
        Command::Completions { shell } => complete::script(shell, out),
        // main.rs runs the doctor before building a context: a config that fails to load is
        // one of its findings, not a reason to stop. See `doctor::run`.
        Command::Doctor(_) => Err(Error::Io(
            "tend doctor runs before the config is loaded (main.rs)".into(),
        )),
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A month YYYY-MM (the default: this month).
    #[arg(long, value_name = "YYYY-MM")]
    month: Option<String>,
    /// A quarter YYYY-Qn.
    #[arg(long, value_name = "YYYY-Qn")]
    quarter: Option<String>,
    /// A year YYYY.
    #[arg(long, value_name = "YYYY")]
    year: Option<String>,
    /// The agenda for the business review with this client instead of the portfolio review.
    #[arg(long, value_name = "NAME")]
    account: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE.md")]
    out: Option<PathBuf>,
}

fn report(ctx: &Ctx, a: ReportArgs, out: &mut dyn Write) -> Result<(), Error> {
    use crate::transfer::report::{Period, account_report, report};
    // The period is checked before anything is opened, so bad input writes no file.
    let today = crate::domain::dates::local_date(ctx.now);
    let period = Period::from_options(
        a.month.as_deref(),
        a.quarter.as_deref(),
        a.year.as_deref(),
        today,
    )?;
    let store = ctx.read()?;
    let text = match a.account.as_deref() {
        Some(name) => account_report(&store, &ctx.cfg, ctx.now, name, period)?,
        None => report(&store, &ctx.cfg, ctx.now, period)?,
    };
    write_out(a.out.as_deref(), &text, out)
}

/// Write `text` to `path` (a new file, 0600, replaced atomically) or to `out`.
fn write_out(path: Option<&std::path::Path>, text: &str, out: &mut dyn Write) -> Result<(), Error> {
    match path {
        None => {
            out.write_all(text.as_bytes())?;
            Ok(())
        }
        Some(p) => {
            use std::os::unix::fs::OpenOptionsExt;
            let replaced = p.exists();
            let tmp = p.with_extension("tend-tmp");
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(&tmp)
                .map_err(|e| Error::Io(format!("{}: {e}", tmp.display())))?;
            f.write_all(text.as_bytes())
                .and_then(|_| f.sync_all())
                .map_err(|e| Error::Io(format!("{}: {e}", tmp.display())))?;
            std::fs::rename(&tmp, p).map_err(|e| Error::Io(format!("{}: {e}", p.display())))?;
            // Replacing is what a cron job that refreshes a file wants; say so for a person.
            let how = if replaced {
                " (replaced the file that was there)"
            } else {
                ""
            };
            writeln!(out, "wrote {}{how}", p.display())?;
            Ok(())
        }
    }
}

/// Optional text flag: trimmed, `None` when empty.
pub(crate) fn opt_text(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

pub(crate) fn json_line(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<(), Error> {
    // Written as it is serialised, through a buffer: a whole portfolio's JSON is never held in
    // memory (58 MB at 100 000 accounts).
    let mut w = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut w, value).map_err(|e| Error::Io(e.to_string()))?;
    writeln!(w)?;
    w.flush()?;
    Ok(())
}

pub(crate) fn rfc3339(t: Timestamp) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::output_width;

    #[test]
    fn width_from_columns_else_the_terminal_else_unlimited() {
        assert_eq!(output_width(Some("60"), false, || Some(120)), 60);
        assert_eq!(output_width(Some("60"), true, || Some(120)), 60);
        assert_eq!(output_width(None, true, || Some(120)), 120);
        assert_eq!(output_width(Some("wide"), true, || None), 80);
        assert_eq!(output_width(Some("0"), true, || Some(0)), 80);
        assert_eq!(output_width(None, false, || Some(120)), usize::MAX);
        assert_eq!(output_width(Some(""), false, || Some(120)), usize::MAX);
    }
}
