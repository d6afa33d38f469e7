use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use tend::cli::{self, Cli};
use tend::error::Error;

fn main() -> ExitCode {
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
    let ctx = cli::context(&cli)?;
    if cli.demo {
        tend::demo::ensure_demo_db(&ctx.db, &ctx.cfg, ctx.now)?;
    }
    match cli.command {
        None => cockpit(&ctx),
        Some(command) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            match cli::run(&ctx, command, &mut out) {
                // A closed pipe (`tend account list | head`) is not an error.
                Err(Error::Io(msg)) if msg.contains("Broken pipe") => Ok(()),
                other => {
                    let _ = out.flush();
                    other
                }
            }
        }
    }
}

fn cockpit(ctx: &cli::Ctx) -> Result<(), Error> {
    let store = ctx.read()?;
    let mut out = std::io::stdout().lock();
    cli::run(
        ctx,
        cli::Command::Kpi(cli::FormatArg {
            format: cli::Format::Table,
        }),
        &mut out,
    )?;
    drop(store);
    Ok(())
}
