//! `reflect encrypt|decrypt|passphrase`: locking and unlocking the journal.

use std::path::Path;

use super::{Outcome, Secrets, out, plural};
use crate::journal::{Store, StoreError};

/// `reflect encrypt`: lock the journal with a passphrase, or finish an interrupted run.
///
/// Asking for what is already so succeeds, like `decrypt` on an unlocked
/// journal: a locked journal with nothing left to encrypt is told so, with
/// exit 0 and without asking for the passphrase. A passphrase file given
/// anyway is still checked (a wrong one is exit 1, as for every command).
pub fn encrypt(dir: &Path, secrets: &Secrets) -> Outcome {
    let resuming = Store::is_encrypted(dir);
    if resuming && !plain_left(dir) && secrets.passphrase_file.is_none() {
        return out(ALREADY_LOCKED);
    }
    let pass = if resuming {
        secrets.passphrase("Passphrase for your journal: ")?
    } else {
        secrets.new_passphrase(
            secrets.passphrase_file.as_deref(),
            "Choose a passphrase for your journal: ",
        )?
    };
    let mut store = super::open_write(dir)?;
    let done = store.encrypt(&pass)?;
    super::conversion_left(&done, "encrypted", "reflect encrypt")?;
    if resuming && done.files == 0 {
        return out(ALREADY_LOCKED);
    }
    out(&format!(
        "Your journal is now locked with a passphrase ({} reflection{} encrypted). Keep the passphrase safe: without it nobody, not even reflect, can read your journal.\n",
        done.files,
        plural(done.files)
    ))
}

const ALREADY_LOCKED: &str = "Your journal is already locked with a passphrase.\n";

/// Whether a locked journal still holds plain text: an `encrypt` that was
/// interrupted, which running it again (with the passphrase) finishes.
fn plain_left(dir: &Path) -> bool {
    if ["index.json", "drafts.json"]
        .iter()
        .any(|f| dir.join(f).symlink_metadata().is_ok())
    {
        return true;
    }
    match std::fs::read_dir(dir.join("reflections")) {
        Ok(entries) => entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".json")),
        Err(e) => e.kind() != std::io::ErrorKind::NotFound,
    }
}

/// `reflect decrypt`: remove the passphrase for good, or finish an interrupted run.
pub fn decrypt(dir: &Path, secrets: &Secrets) -> Outcome {
    if !Store::is_encrypted(dir) {
        return out("Your journal is not locked with a passphrase; there is nothing to decrypt.\n");
    }
    let mut store = secrets.open_write(dir)?;
    let done = store.decrypt()?;
    super::conversion_left(&done, "decrypted", "reflect decrypt")?;
    out(&format!(
        "Your journal is no longer encrypted ({} reflection{} decrypted); `reflect encrypt` locks it again.\n",
        done.files,
        plural(done.files)
    ))
}

/// `reflect passphrase`: change the passphrase (only identity.age is rewritten).
pub fn passphrase(dir: &Path, secrets: &Secrets, new_file: Option<&Path>) -> Outcome {
    // Not "already done" but impossible: there is no passphrase to change.
    // Exit 1, so a script never takes an unprotected journal for a locked one.
    if !Store::is_encrypted(dir) {
        return Err(StoreError::NotEncrypted.into());
    }
    let old = secrets.passphrase("Current passphrase: ")?;
    let mut store = super::open_write(dir)?;
    // Check the old one before asking for a new one.
    store.unlock(&old)?;
    let new = secrets.new_passphrase(new_file, "New passphrase: ")?;
    store.change_passphrase(&old, &new)?;
    out("Your passphrase is changed; use the new one from now on.\n")
}
