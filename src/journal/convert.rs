//! Encrypt, decrypt and change the passphrase: every conversion of the
//! journal from one form to the other, resumable after a kill at any step.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use zeroize::Zeroizing;

use super::crypt::{AGE_SUFFIX, IDENTITY_FILE, Key};
use super::files::{self, MAX_REFLECTION_BYTES};
use super::files::{atomic_write, remove_if_there, sync_dir};
use super::store::{Form, LoadProblem, Result, Store, StoreError, io_err, split_name};
use super::words::WORDS_FILE;

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
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Converted {
    /// Reflections written in the new form this time.
    pub files: usize,
    /// Whether the run finished: every reflection is in the new form. False
    /// when stopped on purpose, or when some files could not be converted.
    pub finished: bool,
    /// Files that could not be converted, and why; left exactly as they
    /// were. Moving them out of the journal folder and running the
    /// conversion again finishes it.
    pub left: Vec<LoadProblem>,
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
        // Text typed in an editor by a session that was killed is put back
        // into its answer when the app next opens; locking the journal now
        // would have to delete it as plaintext. Refuse instead.
        if let Some(path) = self.unsaved_editor_text() {
            return Err(StoreError::UnsavedEditorText { path });
        }
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
        let words = remove_if_there(&self.dir.join(WORDS_FILE))?;
        if remove_if_there(&self.dir.join("index.json"))? | drafts | words {
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
            if fs::symlink_metadata(&age).is_err() {
                // The bytes as they are, even a file that does not parse:
                // it stays exactly as it was, only encrypted. One that
                // cannot be read (a folder, a pipe, a link, another user's
                // file) is named and left; the rest still go ahead.
                let bytes = match files::read_capped(&plain, MAX_REFLECTION_BYTES) {
                    Ok(b) => Zeroizing::new(b),
                    Err(e) => {
                        done.left.push(LoadProblem {
                            path: plain,
                            reason: e.to_string(),
                        });
                        continue;
                    }
                };
                self.write_file(&dir, &format!("{id}.json"), &bytes)?;
                done.files += 1;
                if stop(Step::Wrote) {
                    return Ok(done);
                }
            } else if let Ok(meta) = fs::symlink_metadata(&plain)
                && !meta.is_symlink()
                && let Some(what) = files::not_regular(meta.file_type())
            {
                // Not a file to remove (a folder, a pipe): named, left alone.
                done.left.push(LoadProblem {
                    path: plain,
                    reason: format!("it is {what}, not a file reflect wrote"),
                });
                continue;
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
        done.finished = done.left.is_empty();
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
            // The encrypted form is the newer one if both are there. One
            // that cannot be decrypted is named and left as it is; the rest
            // still go ahead, and the identity stays until it is dealt with.
            let bytes = match self.read_bytes(&age, Form::Age) {
                Ok(b) => b,
                Err(p) => {
                    done.left.push(p);
                    continue;
                }
            };
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
        if !done.left.is_empty() {
            // Still encrypted files: the identity, and the journal's
            // encrypted form, stay so they can be read and finished later.
            return Ok(done);
        }
        let drafts = remove_if_there(&self.dir.join("drafts.json.age"))?;
        let words = remove_if_there(&self.dir.join(format!("{WORDS_FILE}{AGE_SUFFIX}")))?;
        if remove_if_there(&self.dir.join("index.json.age"))? | drafts | words {
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
        if let Err(e) = atomic_write(&self.dir, IDENTITY_FILE, &wrapped) {
            // A failure after the rename (flushing the folder) leaves the
            // new passphrase in place: saying "failed" then would send the
            // person back to the old one, which no longer opens the journal.
            if self.unwrap_identity(new).is_err() {
                return Err(e);
            }
        }
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

    /// Reflections still in plain text in an encrypted journal: an `encrypt`
    /// that was interrupted or could not convert them, or a `decrypt` under
    /// way. Empty for a plain journal. Every command that reads a locked
    /// journal should say so when this is not empty: the journal asks for a
    /// passphrase, but these answers are readable by anyone.
    pub fn plain_left(&self) -> Vec<PathBuf> {
        if !self.encrypted && !Store::is_encrypted(&self.dir) {
            return Vec::new();
        }
        let Ok(rd) = fs::read_dir(self.reflections_dir()) else {
            return Vec::new();
        };
        let mut out: Vec<PathBuf> = rd
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                matches!(split_name(&name), Some((_, Form::Plain)))
                    || (name.starts_with(files::TEMP_PREFIX) && name.ends_with(files::TEMP_SUFFIX))
            })
            .map(|e| e.path())
            .collect();
        out.sort();
        out
    }

    /// An editor's file a killed session left in the folder (see
    /// `tui::editor`): text the person typed that is not in its answer yet.
    fn unsaved_editor_text(&self) -> Option<PathBuf> {
        let rd = fs::read_dir(&self.dir).ok()?;
        rd.filter_map(|e| e.ok())
            .find(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.starts_with(".answer-") && e.file_type().is_ok_and(|t| t.is_file())
            })
            .map(|e| e.path())
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
