//! One function per subcommand, grouped by concern in the files beside this
//! one. Printing and exit codes live here: errors from the domain become one
//! plain sentence on stderr saying what to do.

mod crypt;
mod guide;
mod journal;
mod packs;
mod secrets;
mod transfer;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::journal::{LoadProblem, Store, StoreError};

pub use crypt::{decrypt, encrypt, passphrase};
pub use guide::{learn, plain, themes};
pub use journal::{list, show};
pub use packs::{packs_add, packs_list, packs_remove, packs_validate};
pub use secrets::Secrets;
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

/// One sentence for a store error, saying what to do.
pub fn describe(e: &StoreError) -> String {
    match e {
        StoreError::Locked { .. } => {
            "your journal is open in another reflect window; close that one first, then try again."
                .into()
        }
        StoreError::NotFound(id) => {
            format!(
                "there is no reflection with the id {id}; `reflect list` shows the ones you have."
            )
        }
        StoreError::Damaged { path, reason } => format!(
            "{} could not be read ({reason}); it has been left exactly as it is.",
            path.display()
        ),
        StoreError::Io {
            action,
            path,
            source,
        } => format!(
            "{action} {} failed ({source}); check that the folder exists and that you may write to it.",
            path.display()
        ),
        StoreError::Pack(p) => p.to_string(),
        StoreError::BuiltinPackId(id) => {
            format!(
                "a built-in pack already uses the id \"{id}\"; give your pack a different id and try again."
            )
        }
        StoreError::PackExists(id) => {
            format!("a pack with the id \"{id}\" is already imported; add --replace to replace it.")
        }
        StoreError::NoSuchPack(id) => {
            format!(
                "no imported pack has the id \"{id}\"; `reflect packs list` shows the ones you have."
            )
        }
        StoreError::NeedsPassphrase => secrets::NO_TERMINAL.into(),
        StoreError::WrongPassphrase => {
            "that passphrase does not unlock your journal, so nothing was changed; check it (and Caps Lock) and try again.".into()
        }
        StoreError::NotEncrypted => {
            "your journal is not locked with a passphrase; `reflect encrypt` locks it.".into()
        }
        StoreError::Crypt { what, reason } => {
            format!("{what} failed ({reason}); nothing else was changed.")
        }
    }
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
    let stdout = io::stdout();
    let pretty = stdout.is_terminal();
    let mut w = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let written = if pretty {
        serde_json::to_writer_pretty(&mut w, value)
    } else {
        serde_json::to_writer(&mut w, value)
    };
    match written
        .map_err(io::Error::from)
        .and_then(|()| writeln!(w))
        .and_then(|()| w.flush())
    {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Failure::user(format!("could not write the output ({e}).")))
        }
        _ => Ok(()),
    }
}

/// Write to stdout; a closed pipe (`reflect list | head`) is not an error.
fn out(text: &str) -> Outcome {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Failure::user(format!("could not write the output ({e}).")))
        }
        _ => Ok(()),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `reflect` alone: the full-screen interface. The lock is taken before the
/// terminal is touched, so a second window gets one plain sentence.
pub fn tui(dir: &Path, secrets: &Secrets) -> Outcome {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let first_run = Store::is_first_run(&dir);
    let mut store = Store::open_write(&dir)?;
    // With a passphrase file it is used at once; otherwise the interface asks.
    if secrets.passphrase_file.is_some() {
        secrets.unlock(&mut store)?;
    }
    crate::tui::run(store, first_run).map_err(|e| {
        Failure::user(format!("the journal window closed because of a problem ({e}); your answers up to then are saved."))
    })
}
