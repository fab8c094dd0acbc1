//! One function per subcommand, grouped by concern in the files beside this
//! one. Printing and exit codes live here: errors from the domain become one
//! plain sentence on stderr saying what to do.

pub mod args;
mod crypt;
mod guide;
mod history;
mod journal;
mod packs;
mod search;
mod secrets;
mod share;
mod transfer;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::journal::store::StoreNotice;
use crate::journal::{LoadProblem, Store, StoreError};
use crate::sanitize::sanitize_line;

pub use crypt::{decrypt, encrypt, passphrase};
pub use guide::{learn, plain, themes};
pub use history::{HistoryRequest, history};
pub use journal::{list, show};
pub use packs::{packs_add, packs_list, packs_remove, packs_validate};
pub use search::search;
pub use secrets::Secrets;
pub use share::{keys_new, packs_show};
pub use transfer::{ExportRequest, export, import};

/// A command that did not succeed: what to tell the person, and the exit code.
#[derive(Debug)]
pub struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    /// Bad input or data: exit 1.
    pub fn user(message: impl Into<String>) -> Failure {
        Failure {
            code: 1,
            message: message.into(),
        }
    }

    /// The command was used wrongly: exit 2.
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            message: message.into(),
        }
    }

    /// Print the message (if any) and give the exit code.
    pub fn report(&self) -> ExitCode {
        if !self.message.is_empty() {
            // Not eprintln!, which panics when standard error has gone away
            // (a closed terminal window): there is nobody left to tell then.
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr(), "reflect: {}", self.message);
        }
        ExitCode::from(self.code)
    }

    pub fn code(&self) -> u8 {
        self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure::user(describe(&e))
    }
}

type Outcome = Result<(), Failure>;

/// Why a file operation failed, in words rather than the system's
/// ("No such file or directory (os error 2)").
pub fn io_reason(e: &io::Error) -> String {
    use io::ErrorKind as K;
    let words = match e.kind() {
        K::NotFound => "it does not exist",
        K::PermissionDenied => "you do not have permission",
        K::AlreadyExists => "something with that name already exists",
        K::IsADirectory => "it is a folder, not a file",
        K::NotADirectory => "part of the path is a file, not a folder",
        K::ReadOnlyFilesystem => "the disk is read-only",
        K::StorageFull | K::QuotaExceeded => "the disk is full",
        K::InvalidData => "it is not plain text (UTF-8)",
        K::FileTooLarge => "it is too large",
        K::Interrupted | K::TimedOut | K::WouldBlock => "it was interrupted",
        kind => return format!("the system reported a problem ({kind})"),
    };
    words.to_string()
}

/// One sentence for a store error, saying what to do.
pub fn describe(e: &StoreError) -> String {
    match e {
        StoreError::Locked { .. } => {
            "your journal is open in another reflect window; close that one first, then try again."
                .into()
        }
        StoreError::NotFound(id) if id.trim().is_empty() => {
            "say which reflection you mean by its id; `reflect list` shows them.".into()
        }
        StoreError::NotFound(id) => {
            format!(
                "there is no reflection with the id \"{}\"; `reflect list` shows the ones you have.",
                sanitize_line(id)
            )
        }
        StoreError::UnsavedEditorText { path } => format!(
            "{} holds text you typed in an editor that is not in its answer yet; open reflect once so it is put back, then lock the journal.",
            path.display()
        ),
        StoreError::Damaged { path, reason } => format!(
            "{} could not be read ({}); it has been left exactly as it is.",
            path.display(),
            sanitize_line(reason)
        ),
        StoreError::Io {
            action,
            path,
            source,
        } => format!(
            "{action} {} failed because {}; check that the folder exists and that you may write to it.",
            path.display(),
            io_reason(source)
        ),
        StoreError::Pack(p) => crate::sanitize::sanitize(&p.to_string()).into_owned(),
        StoreError::BuiltinPackId(id) => {
            format!(
                "a built-in pack already uses the id \"{}\"; give your pack a different id and try again.",
                sanitize_line(id)
            )
        }
        StoreError::PackExists(id) => {
            format!(
                "a pack with the id \"{}\" is already imported; add --replace to replace it.",
                sanitize_line(id)
            )
        }
        StoreError::NoSuchPack(id) => {
            format!(
                "no imported pack has the id \"{}\"; `reflect packs list` shows the ones you have.",
                sanitize_line(id)
            )
        }
        StoreError::NeedsPassphrase => secrets::NO_TERMINAL.into(),
        StoreError::WrongPassphrase => {
            // Said by the commands that change the journal; reading says less.
            "that passphrase does not unlock your journal, so nothing was changed; check it (and Caps Lock) and try again.".into()
        }
        StoreError::NotEncrypted => {
            "your journal is not locked with a passphrase; `reflect encrypt` locks it.".into()
        }
        StoreError::Crypt { what, reason } => {
            format!("{what} failed ({reason}); nothing else was changed.")
        }
        StoreError::NotRegular { path, what } => format!(
            "{} is {what}, not a regular file, so reflect will not follow, read or replace it; move it out of the way (or choose another name) and try again.",
            path.display()
        ),
        StoreError::NotYours { path } => format!(
            "{} belongs to another user; keep your journal in a folder that is yours alone (pass --data-dir DIR).",
            path.display()
        ),
        StoreError::LooseFolder { path, mode } => format!(
            "{} can be changed by other users (permissions {mode:04o}), so someone else could have put files in it; check what is in it, then run `chmod 700 {}` and try again.",
            path.display(),
            path.display()
        ),
        StoreError::ReadOnly { dir } => format!(
            "{} is on a read-only drive, so nothing can be changed there; `reflect list` and `reflect show` can still read it.",
            dir.display()
        ),
        StoreError::Converting => {
            "your journal changed form while it was being read (`reflect encrypt` or `decrypt` is running), so nothing was written; run this again once that has finished.".into()
        }
    }
}

/// [`Store::open_write`], saying what opening it found.
pub(crate) fn open_write(dir: &Path) -> Result<Store, Failure> {
    let store = Store::open_write(dir)?;
    for n in store.notices() {
        let said = match n {
            StoreNotice::Tightened { path, mode } => format!(
                "{} could be read by other users (permissions {mode:04o}); it is now private to you (0700).",
                sanitize_line(&path.display().to_string())
            ),
            StoreNotice::LooseFile { path, mode } => {
                let shown = path.display().to_string();
                let p = sanitize_line(&shown);
                format!(
                    "{p} can be read by other users (permissions {mode:04o}); run `chmod 600 {p}` to make it private."
                )
            }
            StoreNotice::ReadOnly => continue,
        };
        let _ = writeln!(io::stderr(), "reflect: {said}");
    }
    Ok(store)
}

/// Tell the person when a locked journal still holds plain-text reflections.
pub(crate) fn warn_plain_left(store: &Store) {
    let left = store.plain_left();
    if let Some(first) = left.first() {
        let _ = writeln!(
            io::stderr(),
            "reflect: {} reflection{} in this locked journal {} still plain text, readable without the passphrase (such as {}); run `reflect encrypt` to lock {}.",
            left.len(),
            plural(left.len()),
            if left.len() == 1 { "is" } else { "are" },
            sanitize_line(&first.display().to_string()),
            if left.len() == 1 { "it" } else { "them" },
        );
    }
}

/// Name each file a conversion could not convert, with what to do.
pub(crate) fn conversion_left(
    done: &crate::journal::Converted,
    verb: &str,
    command: &str,
) -> Outcome {
    if done.left.is_empty() {
        return Ok(());
    }
    for p in &done.left {
        let _ = writeln!(
            io::stderr(),
            "reflect: {} could not be {verb} ({}); it was left exactly as it is.",
            sanitize_line(&p.path.display().to_string()),
            p.reason
        );
    }
    let one = done.left.len() == 1;
    Err(Failure::user(format!(
        "{} reflection{} {verb}, but the {} above could not be, so the job is not finished; move {} out of the journal folder (or fix {}), then run `{command}` again.",
        done.files,
        plural(done.files),
        if one { "file" } else { "files" },
        if one { "it" } else { "them" },
        if one { "it" } else { "them" },
    )))
}

/// `--data-dir`, else `$REFLECT_DATA_DIR`, else the platform data folder.
pub fn data_dir(flag: Option<PathBuf>) -> Result<PathBuf, Failure> {
    if let Some(d) = flag {
        return Ok(d);
    }
    if let Some(d) = std::env::var_os("REFLECT_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "reflect")
        .map(|p| p.data_dir().to_path_buf())
        .ok_or_else(|| {
            Failure::user("could not find a home folder for the journal; pass --data-dir DIR or set REFLECT_DATA_DIR.")
        })
}

fn warn_problems(problems: &[LoadProblem]) {
    for p in problems {
        eprintln!(
            "reflect: {} could not be read ({}); it was left untouched and the rest of the journal loaded.",
            p.path.display(),
            p.reason
        );
    }
}

/// JSON on stdout: indented for a person at a terminal, compact for a program.
fn print_json<T: serde::Serialize>(value: &T) -> Outcome {
    let pretty = io::stdout().is_terminal();
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
    .map_err(|e| Failure::user(format!("could not write the output ({e}).")))?;
    // The same JSON, with nothing in it that a terminal would act on.
    let mut text = crate::sanitize::escape_json(&text).into_owned();
    text.push('\n');
    out(&text)
}

/// Write to stdout; a closed pipe (`reflect list | head`) is not an error.
fn out(text: &str) -> Outcome {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Failure::user(format!(
            "could not write the output because {}.",
            io_reason(&e)
        ))),
        _ => Ok(()),
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `reflect` alone: the full-screen interface. The lock is taken before the
/// terminal is touched, so a second window gets one plain sentence.
pub fn tui(dir: &Path, secrets: &Secrets) -> Outcome {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let first_run = Store::is_first_run(&dir);
    // A journal on a read-only drive opens for reading (Store::read_only_drive).
    let mut store = Store::open_app(&dir)?;
    // With a passphrase file it is used at once; otherwise the interface asks.
    if secrets.passphrase_file.is_some() {
        secrets.unlock(&mut store)?;
    }
    crate::tui::run(store, first_run).map_err(|e| {
        Failure::user(format!("the journal window closed because of a problem ({e}); your answers up to then are saved."))
    })
}

/// `reflect completions SHELL`: a completion script from the same definition
/// the command line is parsed with.
pub fn completions(shell: clap_complete::Shell) -> Outcome {
    use clap::CommandFactory;
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut args::Cli::command(), "reflect", &mut buf);
    out(&String::from_utf8_lossy(&buf))
}

/// `reflect man`: the manual page, in roff.
pub fn man() -> Outcome {
    use clap::CommandFactory;
    let mut buf = Vec::new();
    clap_mangen::Man::new(args::Cli::command())
        .render(&mut buf)
        .map_err(|e| Failure::user(format!("could not write the manual page ({e}).")))?;
    out(&String::from_utf8_lossy(&buf))
}
