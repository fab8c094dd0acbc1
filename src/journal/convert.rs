//! Encrypt, decrypt and change the passphrase: every conversion of the
//! journal from one form to the other, resumable after a kill at any step.

use std::fs;
use std::io;
use std::path::Path;

use age::secrecy::SecretString;
use zeroize::Zeroizing;

use super::crypt::{AGE_SUFFIX, IDENTITY_FILE, Key};
use super::files::{atomic_write, remove_if_there, sync_dir};
use super::store::{Form, Result, Store, StoreError, io_err, split_name};

/// One step of `encrypt` or `decrypt`; a test can stop after any of them
/// to stand in for a crash at that moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `identity.age` was written (encrypt) or removed (decrypt).
    Identity,
    /// The index in the old form was removed.
    Index,
    /// One reflection was written in its new form.
    Wrote,
    /// One reflection's old form was removed.
    Removed,
}

/// What a conversion did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Converted {
    /// Reflections written in the new form this time.
    pub files: usize,
    /// Whether the run finished (false only when stopped on purpose).
    pub finished: bool,
}

impl Store {
    /// Lock the journal with `passphrase`: create the identity, then encrypt
    /// every reflection and drop the plain index. Needs the write lock.
    ///
    /// Crash-safe and resumable: each reflection is written encrypted
    /// (atomically) before its plain file is removed, so after a kill at any
    /// moment every reflection is readable in one form or the other. If the
    /// journal is already encrypted, `passphrase` must unlock it and the
    /// leftovers of an interrupted run are finished.
    pub fn encrypt(&mut self, passphrase: &SecretString) -> Result<Converted> {
        self.encrypt_until(passphrase, &mut |_| false)
    }

    /// [`Store::encrypt`], asking `stop` after every step whether to stop
    /// there as if the process had been killed (for tests).
    #[doc(hidden)]
    pub fn encrypt_until(
        &mut self,
        passphrase: &SecretString,
        stop: &mut dyn FnMut(Step) -> bool,
    ) -> Result<Converted> {
        self.require_lock()?;
        let mut done = Converted::default();
        if Store::is_encrypted(&self.dir) {
            let key = self.unwrap_identity(passphrase)?;
            self.key = Some(key);
            self.encrypted = true;
        } else {
            let key = Key::generate();
            let wrapped = key
                .wrap(passphrase, self.work_factor)
                .map_err(|e| StoreError::crypt("locking the journal", e))?;
            // The identity first: from now on the journal counts as
            // encrypted, and the files written next can be read with it.
            atomic_write(&self.dir, IDENTITY_FILE, &wrapped)?;
            self.key = Some(key);
            self.encrypted = true;
            if stop(Step::Identity) {
                return Ok(done);
            }
        }
        // The plain caches go first: they name packs and dates.
        let drafts = remove_if_there(&self.dir.join("drafts.json"))?;
        if remove_if_there(&self.dir.join("index.json"))? | drafts {
            sync_dir(&self.dir)?;
            if stop(Step::Index) {
                return Ok(done);
            }
        }
        let dir = self.reflections_dir();
        for (id, form) in self.files_by_id(&dir)? {
            if form != Form::Plain {
                continue;
            }
            let plain = dir.join(format!("{id}.json"));
            let age = dir.join(format!("{id}.json{AGE_SUFFIX}"));
            if !age.exists() {
                // The bytes as they are, even a file that does not parse:
                // it stays exactly as it was, only encrypted.
                let bytes = Zeroizing::new(fs::read(&plain).map_err(io_err("reading", &plain))?);
                self.write_file(&dir, &format!("{id}.json"), &bytes)?;
                done.files += 1;
                if stop(Step::Wrote) {
                    return Ok(done);
                }
            }
            // An encrypted copy is there (just written, or newer from a save
            // during an interrupted run): the plain one goes.
            remove_if_there(&plain)?;
            if stop(Step::Removed) {
                return Ok(done);
            }
        }
        sync_dir(&dir)?;
        self.remove_plain_leftovers()?;
        done.finished = true;
        Ok(done)
    }

    /// Unlock the journal for good: decrypt every reflection back to plain
    /// JSON, drop the encrypted index, and remove the identity last. Needs the
    /// write lock and an unlocked store. Crash-safe and resumable like
    /// [`Store::encrypt`].
    pub fn decrypt(&mut self) -> Result<Converted> {
        self.decrypt_until(&mut |_| false)
    }

    /// [`Store::decrypt`], asking `stop` after every step whether to stop there.
    #[doc(hidden)]
    pub fn decrypt_until(&mut self, stop: &mut dyn FnMut(Step) -> bool) -> Result<Converted> {
        self.require_lock()?;
        if !self.encrypted {
            return Err(StoreError::NotEncrypted);
        }
        self.check_unlocked()?;
        let mut done = Converted::default();
        let dir = self.reflections_dir();
        for (id, form) in self.files_by_id(&dir)? {
            if form != Form::Age {
                continue;
            }
            let age = dir.join(format!("{id}.json{AGE_SUFFIX}"));
            // The encrypted form is the newer one if both are there.
            let bytes = self
                .read_bytes(&age, Form::Age)
                .map_err(|p| StoreError::Damaged {
                    path: p.path,
                    reason: p.reason,
                })?;
            atomic_write(&dir, &format!("{id}.json"), &bytes)?;
            done.files += 1;
            if stop(Step::Wrote) {
                return Ok(done);
            }
            remove_if_there(&age)?;
            if stop(Step::Removed) {
                return Ok(done);
            }
        }
        sync_dir(&dir)?;
        let drafts = remove_if_there(&self.dir.join("drafts.json.age"))?;
        if remove_if_there(&self.dir.join("index.json.age"))? | drafts {
            sync_dir(&self.dir)?;
            if stop(Step::Index) {
                return Ok(done);
            }
        }
        // The identity last: until it is gone the journal still counts as
        // encrypted, so an interrupted run is finished by running it again.
        remove_if_there(&self.dir.join(IDENTITY_FILE))?;
        sync_dir(&self.dir)?;
        self.encrypted = false;
        self.key = None;
        stop(Step::Identity);
        done.finished = true;
        Ok(done)
    }

    /// Change the passphrase: only `identity.age` is re-wrapped, atomically.
    pub fn change_passphrase(&mut self, old: &SecretString, new: &SecretString) -> Result<()> {
        self.require_lock()?;
        if !self.encrypted {
            return Err(StoreError::NotEncrypted);
        }
        let key = self.unwrap_identity(old)?;
        let wrapped = key
            .wrap(new, self.work_factor)
            .map_err(|e| StoreError::crypt("changing the passphrase", e))?;
        atomic_write(&self.dir, IDENTITY_FILE, &wrapped)?;
        self.key = Some(key);
        Ok(())
    }

    /// Every reflection file in `dir` as `(id, form)`, both forms of an id
    /// included, sorted so runs are repeatable.
    pub(super) fn files_by_id(&self, dir: &Path) -> Result<Vec<(String, Form)>> {
        let rd = match fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io_err("reading", dir)(e)),
        };
        let mut out: Vec<(String, Form)> = rd
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                split_name(&name).map(|(id, form)| (id.to_string(), form))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// Once encrypted, no plaintext may stay behind: temporary files from an
    /// earlier crash (a half-written save, an external editor's copy).
    pub(super) fn remove_plain_leftovers(&self) -> Result<()> {
        for dir in [self.dir.clone(), self.reflections_dir()] {
            let Ok(rd) = fs::read_dir(&dir) else { continue };
            for e in rd.filter_map(|e| e.ok()) {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with(".tmp-") || name.starts_with(".answer-") {
                    remove_if_there(&e.path())?;
                }
            }
        }
        Ok(())
    }
}
