//! Terminal lifecycle: raw mode and the alternate screen on, and off again on quit, on a panic and
//! on SIGHUP/SIGTERM/SIGINT (a dropped SSH connection). A terminal that went away ends the cockpit
//! instead of leaving it spinning on a shared server.

use std::io::IsTerminal;
use std::time::Duration;

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::Events;
use crate::error::Error;

pub fn restore() {
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EndSynchronizedUpdate,
        crossterm::event::DisableMouseCapture,
        crossterm::terminal::LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Restores the terminal when dropped (normal return and unwinding).
pub struct RestoreGuard;

impl Drop for RestoreGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Raw mode, the alternate screen, and the mouse when `mouse` (`[ui] mouse`).
pub fn init(mouse: bool) -> Result<Terminal<CrosstermBackend<std::io::Stdout>>, Error> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Error::Io(
            "the cockpit needs a terminal; use a subcommand (e.g. 'tend account list') in scripts"
                .into(),
        ));
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    spawn_signal_thread()?;
    crossterm::terminal::enable_raw_mode().map_err(|e| Error::Io(format!("terminal: {e}")))?;
    crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::cursor::Hide
    )
    .map_err(|e| Error::Io(format!("terminal: {e}")))?;
    if mouse {
        crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture)
            .map_err(|e| Error::Io(format!("terminal: {e}")))?;
    }
    Terminal::new(CrosstermBackend::new(std::io::stdout()))
        .map_err(|e| Error::Io(format!("terminal: {e}")))
}

fn spawn_signal_thread() -> Result<(), Error> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT])
        .map_err(|e| Error::Io(format!("signals: {e}")))?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            // Every write was committed before it was confirmed: there is nothing to flush. On a
            // hang-up the restore is best effort (the tty may be gone; writes then fail at once).
            restore();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

/// Key events from crossterm. Repeated read errors (a hung-up tty) end the cockpit.
#[derive(Default)]
pub struct CrosstermEvents {
    errors: u32,
}

impl Events for CrosstermEvents {
    fn next(&mut self, timeout: Duration) -> Result<Option<Event>, Error> {
        let result = crossterm::event::poll(timeout).and_then(|ready| {
            if ready {
                crossterm::event::read().map(Some)
            } else {
                Ok(None)
            }
        });
        match result {
            Ok(ev) => {
                self.errors = 0;
                if ev.is_none() && !std::io::stdin().is_terminal() {
                    return Err(Error::Io("the terminal went away".into()));
                }
                Ok(ev)
            }
            Err(e) => {
                self.errors += 1;
                if self.errors >= 3 {
                    return Err(Error::Io(format!("the terminal went away: {e}")));
                }
                std::thread::sleep(Duration::from_millis(50));
                Ok(None)
            }
        }
    }
}
