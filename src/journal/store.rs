//! The journal on disk.
//!
//! ```text
//! DATA/
//!   .lock                  held (flock) by the one instance that writes
//!   reflections/ID.json    one file per reflection, drafts included
//!   packs/ID.json          packs the person imported
//!   index.json             a cache of summaries, checked against each file's
//!                          size, mtime and inode, so listing 10,000
//!                          reflections parses only the ones that changed
//!   drafts.json            a small cache of the unfinished reflections, so
//!                          Home can offer "Continue" without the index
//!   words.bin              the word index: which reflections hold each word,
//!                          checked like index.json (see `words/`)
//! ```
//!
//! A journal locked with a passphrase (see [`super::crypt`]) has
//! `identity.age`, `reflections/ID.json.age`, `index.json.age`,
//! `drafts.json.age` and `words.bin.age` instead;
//! packs stay plain (they hold questions, not answers). Once unlocked, every
//! method works the same, in memory: only ciphertext is written. While
//! `reflect encrypt` or `decrypt` is under way (or was interrupted) a
//! reflection may be in either form, or briefly both; the encrypted one wins.
//!
//! Every write is atomic: a temp file in the same directory, fsync, rename,
//! fsync the directory. Directories are 0700 and files 0600 whatever the umask.
//! A file that fails to parse is reported and left exactly as it is.
//!
//! This file is the facade: opening, loading, saving, deleting. Each other
//! concern is one `impl Store` block in its own file: `index.rs` (listing),
//! `drafts.rs` (Continue), `find.rs` (search), `convert.rs` (encrypt,
//! decrypt, passphrase), `packs.rs` (imported packs); file primitives are in
//! `files.rs`, which knows nothing of the Store. `docs/reliability.md` lists
//! the promises and their tests.

use std::fs::{self, File};
use std::hash::{BuildHasher, RandomState};
use std::io;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::crypt::{AGE_SUFFIX, CryptError, Key};
use super::files::{
    self, MAX_CACHE_BYTES, MAX_REFLECTION_BYTES, remove_if_there, replace_file, sync_dir,
};
use super::reflection::{REFLECTION_SCHEMA, Reflection, Summary};
use crate::content::PackError;

pub use super::convert::{Converted, Step};
pub use super::files::{atomic_write, write_new_file};
pub use super::index::Listing;
pub use super::open::StoreNotice;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the journal is open in another reflect window{}", by_pid.map(|p| format!(" (process {p})")).unwrap_or_default())]
    Locked { by_pid: Option<u32> },
    #[error("no reflection has the id {0}")]
    NotFound(String),
    #[error("{path} could not be read: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error("{action} {path} failed: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{0}")]
    Pack(#[from] PackError),
    #[error("a built-in pack already uses the id \"{0}\"; give your pack another id")]
    BuiltinPackId(String),
    #[error("a pack with the id \"{0}\" is already imported")]
    PackExists(String),
    #[error("no imported pack has the id \"{0}\"")]
    NoSuchPack(String),
    #[error("the journal is locked with a passphrase")]
    NeedsPassphrase,
    #[error("that passphrase does not unlock this journal")]
    WrongPassphrase,
    #[error("the journal is not locked with a passphrase")]
    NotEncrypted,
    #[error("{what} failed: {reason}")]
    Crypt { what: String, reason: String },
    #[error("{path} is {what}, not a regular file")]
    NotRegular { path: PathBuf, what: &'static str },
    #[error("{path} belongs to another user")]
    NotYours { path: PathBuf },
    #[error("{path} can be changed by other users (permissions {mode:04o})")]
    LooseFolder { path: PathBuf, mode: u32 },
    #[error("{dir} is on a read-only drive")]
    ReadOnly { dir: PathBuf },
    #[error("the journal changed form while it was being read")]
    Converting,
    #[error("{path} holds text from an editor that was not put back into its answer")]
    UnsavedEditorText { path: PathBuf },
}

impl StoreError {
    pub(super) fn crypt(what: impl Into<String>, e: CryptError) -> StoreError {
        match e {
            CryptError::WrongPassphrase => StoreError::WrongPassphrase,
            CryptError::Decrypt(reason) | CryptError::Encrypt(reason) => StoreError::Crypt {
                what: what.into(),
                reason,
            },
        }
    }
}

pub(super) type Result<T, E = StoreError> = std::result::Result<T, E>;

pub(super) fn io_err<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// A file the store could not read; it was left untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadProblem {
    pub path: PathBuf,
    pub reason: String,
}

/// A handle on a journal directory. Read-only unless opened with [`Store::open_write`].
#[derive(Debug)]
pub struct Store {
    pub(super) dir: PathBuf,
    pub(super) lock: Option<File>,
    /// What opening the journal found (see [`Store::notices`]).
    pub(super) notices: Vec<StoreNotice>,
    /// `identity.age` was there when the store was opened (or it was locked since).
    pub(super) encrypted: bool,
    /// The unlocked key of an encrypted journal.
    pub(super) key: Option<Key>,
    /// scrypt work factor for wrapping the identity (tests use a small one).
    pub(super) work_factor: u8,
    /// The word index as last read, shared with [`Store::reader`]s.
    pub(super) words: std::sync::Arc<super::words::Shared>,
}

/// Which form a reflection file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    Plain,
    Age,
}

impl Store {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn is_writable(&self) -> bool {
        self.lock.is_some()
    }

    pub(super) fn reflections_dir(&self) -> PathBuf {
        self.dir.join("reflections")
    }

    pub(super) fn path_of(&self, id: &str) -> Option<PathBuf> {
        valid_file_id(id).then(|| self.reflections_dir().join(format!("{id}.json")))
    }

    pub(super) fn age_path_of(&self, id: &str) -> Option<PathBuf> {
        valid_file_id(id).then(|| {
            self.reflections_dir()
                .join(format!("{id}.json{AGE_SUFFIX}"))
        })
    }

    /// The file that holds `id`: the encrypted form wins over a plain leftover.
    pub(super) fn find(&self, id: &str) -> Option<(PathBuf, Form)> {
        if self.encrypted
            && let Some(p) = self.age_path_of(id).filter(|p| p.exists())
        {
            return Some((p, Form::Age));
        }
        self.path_of(id)
            .filter(|p| p.exists())
            .map(|p| (p, Form::Plain))
    }

    pub(super) fn exists(&self, id: &str) -> bool {
        self.path_of(id).is_some_and(|p| p.exists())
            || self.age_path_of(id).is_some_and(|p| p.exists())
    }

    pub(super) fn check_unlocked(&self) -> Result<()> {
        if self.needs_unlock() {
            Err(StoreError::NeedsPassphrase)
        } else {
            Ok(())
        }
    }

    /// A reflection file's bytes, decrypted if it is in the age form. A link
    /// is not followed, and only a regular file of a sane size is read.
    pub(super) fn read_bytes(
        &self,
        path: &Path,
        form: Form,
    ) -> Result<Zeroizing<Vec<u8>>, LoadProblem> {
        self.read_bytes_capped(path, form, MAX_REFLECTION_BYTES)
    }

    /// [`Store::read_bytes`] for a cache, which may be larger.
    pub(super) fn read_cache_bytes(
        &self,
        path: &Path,
        form: Form,
    ) -> Result<Zeroizing<Vec<u8>>, LoadProblem> {
        self.read_bytes_capped(path, form, MAX_CACHE_BYTES)
    }

    fn read_bytes_capped(
        &self,
        path: &Path,
        form: Form,
        cap: u64,
    ) -> Result<Zeroizing<Vec<u8>>, LoadProblem> {
        let bytes = files::read_capped(path, cap).map_err(|e| LoadProblem {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        self.open_bytes(path, form, bytes)
    }

    /// A file's bytes as read, decrypted if they are in the age form.
    pub(super) fn open_bytes(
        &self,
        path: &Path,
        form: Form,
        bytes: Vec<u8>,
    ) -> Result<Zeroizing<Vec<u8>>, LoadProblem> {
        let problem = |reason: String| LoadProblem {
            path: path.to_path_buf(),
            reason,
        };
        match form {
            Form::Plain => Ok(Zeroizing::new(bytes)),
            Form::Age => match &self.key {
                Some(key) => key.decrypt(&bytes).map_err(|e| problem(e.to_string())),
                None => Err(problem(
                    "it is encrypted, but this journal has no identity.age to unlock it".into(),
                )),
            },
        }
    }

    /// Write `bytes` as `dir/name`, encrypted (as `name.age`) if the journal
    /// is: atomically, and flushed to disk before and after.
    pub(super) fn write_file(&self, dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
        self.write_as(dir, name, bytes, true)
    }

    /// [`Store::write_file`] for a cache: atomic (a reader sees the old file
    /// or the new one) but not flushed to disk, since a cache lost in a crash
    /// is only rebuilt. A torn one fails to parse and is rebuilt the same way.
    ///
    /// Only a process holding the lock writes a cache, and only in the form
    /// the journal has now: a reader racing `reflect encrypt` must not leave
    /// a plain index beside an encrypted journal. A reader borrows the lock
    /// for the write when nobody holds it, and otherwise skips the write.
    pub(super) fn write_cache(&self, dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
        let borrowed = match self.lock {
            Some(_) => None,
            None => match files::borrow_lock(&self.dir.join(".lock")) {
                Some(lock) => Some(lock),
                None => return Ok(()),
            },
        };
        if Store::is_encrypted(&self.dir) != self.encrypted {
            return Ok(());
        }
        let written = self.write_as(dir, name, bytes, false);
        // Given back at once: Windows may release a lock some time after
        // its file is closed, and a writer may be waiting for it.
        if let Some(lock) = &borrowed {
            let _ = lock.unlock();
        }
        written
    }

    pub(super) fn write_as(
        &self,
        dir: &Path,
        name: &str,
        bytes: &[u8],
        durable: bool,
    ) -> Result<()> {
        match (&self.key, self.encrypted) {
            (Some(key), true) => {
                let cipher = key
                    .encrypt(bytes)
                    .map_err(|e| StoreError::crypt(format!("encrypting {name}"), e))?;
                replace_file(dir, &format!("{name}{AGE_SUFFIX}"), &cipher, durable)
            }
            (None, true) => Err(StoreError::NeedsPassphrase),
            (_, false) => replace_file(dir, name, bytes, durable),
        }
    }

    /// A fresh id, sortable by start time, not used by any file yet.
    pub fn new_id(&self) -> String {
        let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
        loop {
            let tail = RandomState::new().hash_one(std::time::SystemTime::now()) & 0xffff;
            let id = format!("{stamp}-{tail:04x}");
            if valid_file_id(&id) && !self.exists(&id) {
                return id;
            }
        }
    }

    pub(super) fn read_reflection_in(
        &self,
        path: &Path,
        form: Form,
    ) -> Result<Reflection, LoadProblem> {
        let bytes = self.read_bytes(path, form)?;
        parse_reflection(path, &bytes)
    }

    /// Read one reflection.
    pub fn load(&self, id: &str) -> Result<Reflection> {
        self.check_unlocked()?;
        let (path, form) = self
            .find(id)
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        self.read_reflection_in(&path, form)
            .map_err(|p| StoreError::Damaged {
                path: p.path,
                reason: p.reason,
            })
    }

    /// Every reflection that can be read, newest first, and the files that could not.
    ///
    /// Nothing listed is dropped silently: a reflection deleted since the
    /// listing is left out, one that moved to its other form (`reflect
    /// encrypt` or `decrypt` running in another process) is read again, and
    /// if this store cannot follow it the whole read fails with
    /// [`StoreError::Converting`] rather than give an incomplete journal.
    pub fn load_all(&self) -> Result<(Vec<Reflection>, Vec<LoadProblem>)> {
        let listing = self.list()?;
        let mut out = Vec::with_capacity(listing.summaries.len());
        let mut problems = listing.problems;
        for s in &listing.summaries {
            let mut retried = false;
            loop {
                match self.load(&s.id) {
                    Ok(r) => out.push(r),
                    // Gone between finding the file and reading it: look again.
                    Err(StoreError::Damaged { path, .. })
                        if !retried && fs::symlink_metadata(&path).is_err() =>
                    {
                        retried = true;
                        continue;
                    }
                    Err(StoreError::Damaged { path, reason }) => {
                        problems.push(LoadProblem { path, reason })
                    }
                    Err(StoreError::NotFound(_)) if self.exists(&s.id) => {
                        if retried {
                            return Err(StoreError::Converting);
                        }
                        retried = true;
                        continue;
                    }
                    // Deleted since the listing.
                    Err(StoreError::NotFound(_)) => {}
                    Err(e) => return Err(e),
                }
                break;
            }
        }
        if Store::is_encrypted(&self.dir) != self.encrypted {
            return Err(StoreError::Converting);
        }
        Ok((out, problems))
    }

    /// Write a reflection atomically. Needs the lock.
    pub fn save(&self, r: &Reflection) -> Result<()> {
        self.require_lock()?;
        self.check_unlocked()?;
        let path = self
            .path_of(&r.id)
            .ok_or_else(|| StoreError::NotFound(r.id.clone()))?;
        let bytes = Zeroizing::new(serde_json::to_vec_pretty(r).map_err(|e| StoreError::Io {
            action: "encoding",
            path: path.clone(),
            source: io::Error::other(e),
        })?);
        let dir = self.reflections_dir();
        let before = self.dir_stamp();
        self.write_file(&dir, &format!("{}.json", r.id), &bytes)?;
        if self.encrypted {
            // A plain copy left by an interrupted `reflect encrypt` is now stale.
            remove_if_there(&path)?;
        }
        self.update_drafts(before, |hint| hint.saved(Summary::from(r)));
        Ok(())
    }

    /// Save a reflection only if no file has its id yet; returns false if one does.
    pub fn insert_new(&self, r: &Reflection) -> Result<bool> {
        if !valid_file_id(&r.id) {
            return Err(StoreError::NotFound(r.id.clone()));
        }
        if self.exists(&r.id) {
            return Ok(false);
        }
        self.save(r).map(|()| true)
    }

    /// Delete one reflection for good. Needs the lock.
    pub fn delete(&self, id: &str) -> Result<()> {
        self.require_lock()?;
        let (Some(plain), Some(age)) = (self.path_of(id), self.age_path_of(id)) else {
            return Err(StoreError::NotFound(id.to_string()));
        };
        // Both forms, so no copy of a deleted reflection is left behind.
        let before = self.dir_stamp();
        let removed = remove_if_there(&age)? | remove_if_there(&plain)?;
        if removed {
            sync_dir(&self.reflections_dir())?;
            self.update_drafts(before, |hint| hint.removed(id));
            Ok(())
        } else {
            Err(StoreError::NotFound(id.to_string()))
        }
    }

    pub(super) fn require_lock(&self) -> Result<()> {
        if self.lock.is_some() {
            Ok(())
        } else if self.read_only_drive() {
            Err(StoreError::ReadOnly {
                dir: self.dir.clone(),
            })
        } else {
            Err(StoreError::Locked { by_pid: None })
        }
    }
}

pub(super) fn valid_file_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `ID.json` or `ID.json.age` → the id and the form; anything else is not a reflection.
pub(super) fn split_name(name: &str) -> Option<(&str, Form)> {
    if name.starts_with('.') {
        return None;
    }
    if let Some(id) = name
        .strip_suffix(AGE_SUFFIX)
        .and_then(|n| n.strip_suffix(".json"))
    {
        return Some((id, Form::Age));
    }
    name.strip_suffix(".json").map(|id| (id, Form::Plain))
}

/// Parse a plain reflection file; anything wrong becomes a [`LoadProblem`], never a panic.
pub fn read_reflection(path: &Path) -> Result<Reflection, LoadProblem> {
    let bytes = files::read_capped(path, MAX_REFLECTION_BYTES).map_err(|e| LoadProblem {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    parse_reflection(path, &bytes)
}

pub(super) fn parse_reflection(path: &Path, bytes: &[u8]) -> Result<Reflection, LoadProblem> {
    let problem = |reason: String| LoadProblem {
        path: path.to_path_buf(),
        reason,
    };
    let r: Reflection = serde_json::from_slice(bytes).map_err(|e| problem(e.to_string()))?;
    if r.schema > REFLECTION_SCHEMA {
        return Err(problem(format!(
            "it was written by a newer reflect (schema {}); update reflect to read it",
            r.schema
        )));
    }
    Ok(r)
}
