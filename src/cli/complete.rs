//! Shell completions that know the portfolio: `tend completions bash|zsh|fish` prints clap's
//! script for commands and options plus a small wrapper that asks `tend __complete-accounts`
//! whenever the word being completed is an account NAME, so names come from the database.
//!
//! Why not clap_complete's dynamic completion: it needs its `unstable-dynamic` feature, and its
//! bash adapter inserts a name with a space unquoted ("Müller GmbH" became two words when tried).
//! Here the shells quote the names themselves (`printf %q`, `compadd`, fish), and deciding where
//! a name goes is Rust code reading the same clap definition, tested below.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;
use crate::config::Config;
use crate::domain::names::fold;
use crate::error::Error;
use crate::store::{Access, Store};

/// The hidden command the scripts call: `tend __complete-accounts --cword N -- WORDS…`. main.rs
/// answers it before clap parses anything, so it appears in no help and no completion.
pub const COMPLETE_ACCOUNTS: &str = "__complete-accounts";

/// Run the hidden command on the arguments after its name. Exit 0 with the names (maybe none) at
/// a NAME; exit 1 without output elsewhere or on malformed arguments: the script then completes
/// as clap does.
pub fn hidden_command(args: &[String]) -> std::process::ExitCode {
    let cword = match args {
        [flag, n, dashes, ..] if flag == "--cword" && dashes == "--" => n.parse::<usize>().ok(),
        _ => None,
    };
    let Some(cword) = cword else {
        return std::process::ExitCode::FAILURE;
    };
    let stdout = std::io::stdout();
    match accounts(&args[3..], cword, &mut stdout.lock()) {
        Ok(true) => std::process::ExitCode::SUCCESS,
        _ => std::process::ExitCode::FAILURE,
    }
}

/// Print the completion script for `shell`.
pub fn script(shell: Shell, out: &mut dyn Write) -> Result<(), Error> {
    let mut cmd = Cli::command();
    let mut generated = Vec::new();
    clap_complete::generate(shell, &mut cmd, "tend", &mut generated);
    let generated = String::from_utf8_lossy(&generated);
    let text = match shell {
        Shell::Bash => format!(
            "{}\n{BASH}",
            generated.replace("complete -F _tend ", "complete -F _tend_accounts ")
        ),
        Shell::Zsh => {
            // clap's `_tend` becomes `_tend_clap`; ours, defined before clap's closing lines run,
            // takes the name `_tend` that `#compdef` and `compdef` use.
            let epilogue = "if [ \"$funcstack[1]\" = \"_tend\" ]; then";
            let renamed = generated.replacen("\n_tend() {\n", "\n_tend_clap() {\n", 1);
            match renamed.rfind(epilogue) {
                Some(at) if renamed.len() != generated.len() => {
                    format!("{}{ZSH}\n{}", &renamed[..at], &renamed[at..])
                }
                // clap changed its script's shape: commands still complete, names do not.
                _ => generated.into_owned(),
            }
        }
        Shell::Fish => format!("{generated}\n{FISH}"),
        _ => generated.into_owned(),
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

const BASH: &str = r#"# Account names from the database wherever a NAME is wanted (tend decides where).
_tend_accounts() {
    local names name
    if names=$(tend __complete-accounts --cword "$COMP_CWORD" -- "${COMP_WORDS[@]}" 2>/dev/null); then
        COMPREPLY=()
        while IFS= read -r name; do
            [[ -n "$name" ]] && COMPREPLY+=("$(printf '%q' "$name")")
        done <<< "$names"
        return 0
    fi
    _tend "$@"
}
"#;

const ZSH: &str = r#"# Account names from the database wherever a NAME is wanted (tend decides where).
_tend() {
    local out
    local -a names
    if out=$(tend __complete-accounts --cword $((CURRENT - 1)) -- "${words[@]}" 2>/dev/null); then
        names=("${(@f)out}")
        compadd -a names
        return
    fi
    _tend_clap "$@"
}
"#;

const FISH: &str = r#"# Account names from the database wherever a NAME is wanted (tend decides where).
function __tend_accounts
    set -l words (commandline -opc)
    tend __complete-accounts --cword (count $words) -- $words (commandline -ct) 2>/dev/null
end
complete -c tend -f -n '__tend_accounts >/dev/null' -a '(__tend_accounts)'
# An option's value is completed from that option's own entries only: --account gets one too.
complete -c tend -l account -x -a '(__tend_accounts)'
"#;

/// `tend __complete-accounts --cword N -- WORDS…`: the account names that fit the word at `cword`
/// (an accent- and case-insensitive prefix), one a line, when that word is an account NAME.
/// Returns false, and prints nothing, when it is not: the script then completes as clap does.
/// Never writes, never fails loudly: a missing or unreadable database completes no names.
pub fn accounts(words: &[String], cword: usize, out: &mut dyn Write) -> Result<bool, Error> {
    if !wants_account(words, cword) {
        return Ok(false);
    }
    let typed = words
        .get(cword)
        .map(|w| w.trim_start_matches(['\'', '"']).replace('\\', ""))
        .unwrap_or_default();
    let typed = fold(&typed);
    for name in names_from(words) {
        if fold(&name).starts_with(&typed) {
            writeln!(out, "{}", crate::text::one_line(&name))?;
        }
    }
    Ok(true)
}

/// The names in the database the command line points at (`--db`, `--demo`, else TEND_DB or the
/// default), read-only; none when it cannot be read.
fn names_from(words: &[String]) -> Vec<String> {
    let mut db: Option<std::path::PathBuf> = None;
    let mut demo = false;
    for (i, w) in words.iter().enumerate() {
        match w.as_str() {
            "--db" => db = words.get(i + 1).map(Into::into),
            "--demo" => demo = true,
            _ => {
                if let Some(path) = w.strip_prefix("--db=") {
                    db = Some(path.into());
                }
            }
        }
    }
    let Ok(path) = crate::paths::database(db.as_deref(), demo) else {
        return Vec::new();
    };
    let cfg = Config::load(None).unwrap_or_default();
    Store::open(&path, &cfg.store, Access::Read)
        .and_then(|store| store.account_names())
        .map(|names| names.into_iter().map(|n| n.1).collect())
        .unwrap_or_default()
}

/// Whether the word at `cword` is an account NAME: the first positional argument called `name`
/// of the (sub)command typed so far (except `account add`, whose NAME is new), or the value of
/// `--account`. Read from the clap definition, so a new command with a NAME completes names too.
pub fn wants_account(words: &[String], cword: usize) -> bool {
    if cword == 0 || cword > words.len() {
        return false;
    }
    let mut root = Cli::command();
    root.build();
    let mut cmd = &root;
    let mut path: Vec<&str> = Vec::new();
    let mut positionals = 0;
    let mut only_positionals = false;
    let mut i = 1;
    while i < cword {
        let w = words[i].as_str();
        if !only_positionals && w == "--" {
            only_positionals = true;
        } else if !only_positionals && w.starts_with("--") {
            let long = &w[2..];
            if !long.contains('=') && takes_value(cmd, long) {
                i += 1;
            }
        } else if !only_positionals && w.starts_with('-') && w.len() > 1 {
            // tend's only short options (-h, -V) take no value.
        } else if let Some(sub) = cmd
            .find_subcommand(w)
            .filter(|_| positionals == 0 && !only_positionals)
        {
            cmd = sub;
            path.push(sub.get_name());
        } else {
            positionals += 1;
        }
        i += 1;
    }
    let current = words.get(cword).map_or("", String::as_str);
    if words
        .get(cword - 1)
        .is_some_and(|prev| prev == "--account" && takes_value(cmd, "account"))
    {
        return true;
    }
    if current.starts_with('-') || path == ["account", "add"] {
        return false;
    }
    cmd.get_positionals()
        .nth(positionals)
        .is_some_and(|arg| arg.get_id() == "name")
}

fn takes_value(cmd: &clap::Command, long: &str) -> bool {
    cmd.get_arguments()
        .find(|a| a.get_long() == Some(long))
        .is_some_and(|a| a.get_action().takes_values())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wants(line: &str) -> bool {
        // The word being completed is the last one ("" when the line ends in a space).
        let mut words: Vec<String> = line.split(' ').map(str::to_string).collect();
        if words.last().is_some_and(|w| w == "_") {
            words.pop();
            words.push(String::new());
        }
        wants_account(&words, words.len() - 1)
    }

    #[test]
    fn names_are_wanted_where_a_command_takes_an_account() {
        for line in [
            "tend brief _",
            "tend brief Mü",
            "tend log _",
            "tend notes _",
            "tend health _",
            "tend history _",
            "tend escalate _",
            "tend checklist _",
            "tend check _",
            "tend account show _",
            "tend account edit _",
            "tend account churn _",
            "tend account delete _",
            "tend contact add _",
            "tend contact list _",
            "tend visit plan _",
            "tend visit done _",
            "tend --db x.db brief _",
            "tend --db=x.db --demo brief _",
            "tend search budget --account _",
            "tend notes --format json _",
        ] {
            assert!(wants(line), "{line}");
        }
    }

    #[test]
    fn names_are_not_wanted_elsewhere() {
        for line in [
            "tend _",
            "tend account _",
            "tend account add _",
            "tend brief Müller _",
            "tend log Müller _",
            "tend note edit _",
            "tend escalation raise _",
            "tend brief --_",
            "tend --db _",
            "tend search _",
            "tend notes Müller --format _",
            "tend completions _",
        ] {
            assert!(!wants(line), "{line}");
        }
    }

    #[test]
    fn every_script_calls_back_for_names() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let mut out = Vec::new();
            script(shell, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(text.contains("tend __complete-accounts --cword"), "{shell}");
            assert_eq!(
                text.matches("__complete-accounts").count(),
                1,
                "{shell}: only the call back, never offered as a command"
            );
        }
        let mut out = Vec::new();
        script(Shell::Zsh, &mut out).unwrap();
        let zsh = String::from_utf8(out).unwrap();
        assert!(zsh.contains("\n_tend_clap() {\n") && zsh.contains("_tend_clap \"$@\""));
        assert!(zsh.find("\n_tend() {\n") < zsh.find("if [ \"$funcstack[1]\""));
        let mut out = Vec::new();
        script(Shell::Bash, &mut out).unwrap();
        let bash = String::from_utf8(out).unwrap();
        assert!(bash.contains("complete -F _tend_accounts -o nosort"));
    }
}
