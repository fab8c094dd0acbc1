//! Where a passphrase comes from: `--passphrase-file`, else the terminal.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use age::secrecy::{ExposeSecret, SecretString};

use super::{Failure, Outcome};
use crate::journal::{Store, StoreError};

pub(super) const NO_TERMINAL: &str = "your journal is locked with a passphrase; run this in a terminal to be asked for it, or pass --passphrase-file FILE.";

/// Where the passphrase comes from: `--passphrase-file`, else the terminal.
#[derive(Debug, Default, Clone)]
pub struct Secrets {
    pub passphrase_file: Option<PathBuf>,
}

impl Secrets {
    /// The passphrase: the file's first line, else typed at the terminal without echo.
    pub(super) fn passphrase(&self, prompt: &str) -> Result<SecretString, Failure> {
        if let Some(file) = &self.passphrase_file {
            return read_passphrase_file(file);
        }
        if !io::stdin().is_terminal() {
            return Err(Failure::user(NO_TERMINAL));
        }
        rpassword::prompt_password(prompt)
            .map(SecretString::from)
            .map_err(|e| {
                if e.kind() == io::ErrorKind::InvalidData {
                    return Failure::user(NOT_UTF8);
                }
                Failure::user(format!(
                    "the passphrase could not be read from the terminal ({}); pass --passphrase-file FILE instead.",
                    super::io_reason(&e)
                ))
            })
    }

    /// A new passphrase: the file's first line, else typed twice at the terminal.
    pub(super) fn new_passphrase(
        &self,
        file: Option<&Path>,
        prompt: &str,
    ) -> Result<SecretString, Failure> {
        let pass = if let Some(file) = file {
            read_passphrase_file(file)?
        } else {
            if !io::stdin().is_terminal() {
                return Err(Failure::user(
                    "a new passphrase is typed twice in a terminal; without one, pass it in a file with --passphrase-file FILE.",
                ));
            }
            let first = Secrets::default().passphrase(prompt)?;
            if first.expose_secret().trim().is_empty() {
                return Err(Failure::user(EMPTY_PASSPHRASE));
            }
            let again = Secrets::default().passphrase("Type it again: ")?;
            if first.expose_secret() != again.expose_secret() {
                return Err(Failure::user(
                    "the two passphrases were not the same, so nothing was changed; please try again.",
                ));
            }
            first
        };
        // Spaces alone protect nothing either, and are easy to get wrong.
        if pass.expose_secret().trim().is_empty() {
            return Err(Failure::user(EMPTY_PASSPHRASE));
        }
        Ok(pass)
    }

    /// Unlock `store` if it is encrypted; nothing to do if it is not.
    pub(super) fn unlock(&self, store: &mut Store) -> Outcome {
        if !store.needs_unlock() {
            return Ok(());
        }
        let pass = self.passphrase("Passphrase for your journal: ")?;
        store.unlock(&pass)?;
        Ok(())
    }

    /// A read-only store, unlocked if the journal is encrypted.
    pub(super) fn open_read(&self, dir: &Path) -> Result<Store, Failure> {
        let mut store = Store::open_read(dir);
        if store.needs_unlock() {
            let pass = self.passphrase("Passphrase for your journal: ")?;
            store.unlock(&pass).map_err(|e| match e {
                // Reading changes nothing anyway: no "so nothing was changed" here.
                StoreError::WrongPassphrase => Failure::user(WRONG_TO_READ),
                e => e.into(),
            })?;
        }
        super::warn_plain_left(&store);
        Ok(store)
    }

    /// A locked (write) store, unlocked if the journal is encrypted.
    pub(super) fn open_write(&self, dir: &Path) -> Result<Store, Failure> {
        let mut store = super::open_write(dir)?;
        self.unlock(&mut store)?;
        Ok(store)
    }
}

const WRONG_TO_READ: &str =
    "that passphrase does not unlock your journal; check it (and Caps Lock) and try again.";

const NOT_UTF8: &str = "that passphrase holds bytes that are not text (not UTF-8), which no one could type again; use a passphrase made of ordinary characters.";

const EMPTY_PASSPHRASE: &str =
    "an empty passphrase would not protect anything; choose one with at least a few words.";

fn read_passphrase_file(file: &Path) -> Result<SecretString, Failure> {
    let bytes = std::fs::File::open(file)
        .and_then(crate::journal::crypt::read_secret)
        .map_err(|e| {
            Failure::user(format!(
                "the passphrase file {} could not be read ({}); check the name.",
                file.display(),
                super::io_reason(&e)
            ))
        })?;
    crate::journal::crypt::passphrase_from_text(&bytes).ok_or_else(|| {
        Failure::user(format!(
            "the first line of {} is not text (not UTF-8), so it cannot be a passphrase; save the file as plain UTF-8 text.",
            file.display()
        ))
    })
}
