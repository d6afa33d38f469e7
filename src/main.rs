use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use tend::cli::{self, Cli};
use tend::error::Error;

/// jemalloc (see Cargo.toml for the numbers); its options are set at build time in
/// `.cargo/config.toml`.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    // Called by the completion scripts on every TAB, before clap: it is no command of tend's
    // (clap's scripts would offer it), and it must print nothing but names.
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if args.get(1).map(String::as_str) == Some(cli::complete::COMPLETE_ACCOUNTS) {
        return cli::complete::hidden_command(&args[2..]);
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tend: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    if let Some(cli::Command::Doctor(f)) = &cli.command {
        // Before the context: a config that does not load is one of the doctor's findings.
        return to_stdout(|out| tend::doctor::run(&cli, f.format, out));
    }
    let ctx = cli::context(&cli)?;
    if let Some(warning) = tend::store::network_filesystem_warning(&ctx.db) {
        eprintln!("tend: {warning}");
    }
    if cli.demo {
        tend::demo::ensure_demo_db(&ctx.db, &ctx.cfg, ctx.now, &ctx.user)?;
    }
    match cli.command {
        None => cockpit(&ctx),
        Some(command) => to_stdout(|out| cli::run(&ctx, command, out)),
    }
}

/// Run a command printing to standard output.
fn to_stdout(f: impl FnOnce(&mut dyn Write) -> Result<(), Error>) -> Result<(), Error> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match f(&mut out) {
        // A closed pipe (`tend account list | head`) is not an error.
        Err(Error::Io(msg)) if msg.contains("Broken pipe") => Ok(()),
        other => {
            let _ = out.flush();
            other
        }
    }
}

fn cockpit(ctx: &cli::Ctx) -> Result<(), Error> {
    use tend::store::{Access, Store};
    // Open for writing; a file we may only read still opens, read-only (reads never write).
    let store = match Store::open(&ctx.db, &ctx.cfg.store, Access::Write) {
        Ok(s) => s,
        Err(write_err) => match Store::open(&ctx.db, &ctx.cfg.store, Access::Read) {
            Ok(s) if ctx.db.exists() => s,
            _ => return Err(write_err),
        },
    };
    let keymap = tend::tui::keymap::Keymap::from_config(&ctx.cfg.keys)?;
    let mut app = tend::tui::app::App::new(ctx.cfg.clone(), keymap, ctx.user.clone(), ctx.now);
    app.read_only = store.is_read_only();
    // The view of the last session (mine, order, focus, Today).
    app.state_file = tend::paths::cockpit_state();
    if let Some(path) = &app.state_file {
        tend::tui::state::Remembered::load(path).apply(&mut app);
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app.theme = tend::tui::ui::theme::Theme::detect(&ctx.cfg.ui.colors, no_color);
    tend::tui::run(store, &mut app)
}
