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
//! ```
//!
//! A journal locked with a passphrase (see [`super::crypt`]) has
//! `identity.age`, `reflections/ID.json.age`, `index.json.age` and
//! `drafts.json.age` instead;
//! packs stay plain (they hold questions, not answers). Once unlocked, every
//! method works the same, in memory: only ciphertext is written. While
//! `reflect encrypt` or `decrypt` is under way (or was interrupted) a
//! reflection may be in either form, or briefly both; the encrypted one wins.
//!
//! Every write is atomic: a temp file in the same directory, fsync, rename,
//! fsync the directory. Directories are 0700 and files 0600 whatever the umask.
//! A file that fails to parse is reported and left exactly as it is.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, RandomState};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use age::secrecy::SecretString;
use zeroize::Zeroizing;

use super::crypt::{self, AGE_SUFFIX, CryptError, IDENTITY_FILE, Key};
use super::reflection::{REFLECTION_SCHEMA, Reflection, Summary};
use super::search;
use crate::content::{Pack, PackError};

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
}

impl StoreError {
    fn crypt(what: impl Into<String>, e: CryptError) -> StoreError {
        match e {
            CryptError::WrongPassphrase => StoreError::WrongPassphrase,
            CryptError::Decrypt(reason) | CryptError::Encrypt(reason) => StoreError::Crypt {
                what: what.into(),
                reason,
            },
        }
    }
}

type Result<T, E = StoreError> = std::result::Result<T, E>;

fn io_err<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> StoreError + 'a {
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
    dir: PathBuf,
    lock: Option<File>,
    /// `identity.age` was there when the store was opened (or it was locked since).
    encrypted: bool,
    /// The unlocked key of an encrypted journal.
    key: Option<Key>,
    /// scrypt work factor for wrapping the identity (tests use a small one).
    work_factor: u8,
}

/// Which form a reflection file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Plain,
    Age,
}

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

const INDEX_SCHEMA: u32 = 3;

/// The index file: one compact row per reflection file. Rows are arrays, not
/// objects, because at 10,000 reflections field names would be most of the
/// bytes to read on every start.
#[derive(Debug, Serialize, Deserialize)]
struct Index {
    schema: u32,
    /// `(mtime_ns, inode)` of `reflections/` when every row was known to be
    /// current. Every save renames a file into that directory, which changes
    /// its mtime, so while it is unchanged the rows can be trusted without
    /// looking at each file. Only recorded once the directory has been quiet
    /// for a while, so two changes within one clock tick cannot hide.
    dir: Option<(i64, u64)>,
    rows: Vec<IndexRow>,
    /// Files that could not be read, re-checked on every list.
    bad: Vec<BadRow>,
}

const DRAFTS_SCHEMA: u32 = 1;

/// How many drafts the drafts file keeps: enough that finishing or deleting
/// a few in a row still finds the next one without listing the journal, and
/// few enough that saving costs the same in any journal.
const DRAFTS_KEPT: usize = 16;

/// The drafts file: the most recently updated unfinished reflections, which
/// is all Home needs to offer "Continue". At 100,000 reflections the index
/// is about 25 MB; this is a few kilobytes at most.
///
/// Like the index it is only a cache, trusted while `reflections/` still has
/// the `(mtime_ns, inode)` it records. Every full listing rewrites it when it
/// differs, and `save` and `delete` keep it in step (they change
/// `reflections/` and then record its new stamp). Every draft it leaves out
/// is older than every draft it holds. A change made by another program in
/// the same clock tick as one of reflect's own could go unseen; the cost is
/// a "Continue" not offered until the next listing, never a lost or wrong
/// answer.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Drafts {
    schema: u32,
    dir: (i64, u64),
    /// Newest first, at most [`DRAFTS_KEPT`].
    newest: Vec<Summary>,
    /// Whether `newest` holds every draft (so an empty one means none).
    complete: bool,
}

/// Newest first: by last update, then by id so the order is total.
fn newest_first(a: &Summary, b: &Summary) -> std::cmp::Ordering {
    b.updated_at()
        .cmp(&a.updated_at())
        .then_with(|| b.id.cmp(&a.id))
}

impl Drafts {
    /// From every draft in the journal.
    fn from_all(dir: (i64, u64), mut drafts: Vec<Summary>) -> Drafts {
        drafts.sort_by(newest_first);
        let complete = drafts.len() <= DRAFTS_KEPT;
        drafts.truncate(DRAFTS_KEPT);
        Drafts {
            schema: DRAFTS_SCHEMA,
            dir,
            newest: drafts,
            complete,
        }
    }

    /// A reflection was saved: keep it if it is a draft among the newest.
    fn saved(&mut self, s: Summary) {
        self.removed(&s.id);
        if !s.is_draft() {
            return;
        }
        if !self.complete {
            // Drafts left out are older than every draft kept, but not
            // necessarily older than this one (a draft saved again with its
            // old time, or imported): keep it only if it is newer than one
            // that is kept, so the rule holds.
            let newer_than_kept = self
                .newest
                .last()
                .is_some_and(|last| newest_first(&s, last).is_lt());
            if !newer_than_kept {
                return;
            }
        }
        self.newest.push(s);
        self.newest.sort_by(newest_first);
        if self.newest.len() > DRAFTS_KEPT {
            self.newest.truncate(DRAFTS_KEPT);
            self.complete = false;
        }
    }

    fn removed(&mut self, id: &str) {
        self.newest.retain(|d| d.id != id);
    }

    /// The newest draft, if this file can tell: `Some(None)` means there is
    /// none, `None` that the ones it kept are gone and the journal must be listed.
    fn newest(self) -> Option<Option<Summary>> {
        match self.newest.into_iter().next() {
            Some(d) => Some(Some(d)),
            None if self.complete => Some(None),
            None => None,
        }
    }
}

/// `(len, mtime_ns, inode, summary, answered)` of one file, named by its
/// summary's id. `answered` is the ids of the questions it answers, space
/// separated (what `reflect history` needs to know which files to open);
/// rows written before it existed load with None, and are read in full.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct IndexRow(u64, i64, u64, Summary, #[serde(default)] Option<String>);

/// `(file name, len, mtime_ns, inode, reason)` of a file that failed to parse.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct BadRow(String, u64, i64, u64, String);

fn stamp(meta: &fs::Metadata) -> (u64, i64, u64) {
    let mtime_ns = meta
        .mtime()
        .saturating_mul(1_000_000_000)
        .saturating_add(meta.mtime_nsec());
    (meta.len(), mtime_ns, meta.ino())
}

/// How long `reflections/` must have been unchanged before its mtime is trusted.
const QUIET_NS: i64 = 2_000_000_000;

/// The journal's list, newest first, with any files that could not be read.
#[derive(Debug, Default)]
pub struct Listing {
    pub summaries: Vec<Summary>,
    pub problems: Vec<LoadProblem>,
}

impl Store {
    /// Whether the journal in `dir` is locked with a passphrase.
    pub fn is_encrypted(dir: &Path) -> bool {
        dir.join(IDENTITY_FILE).exists()
    }

    /// Whether this journal is encrypted (unlocked or not).
    pub fn encrypted(&self) -> bool {
        self.encrypted
    }

    /// Whether this journal needs [`Store::unlock`] before reflections can be read.
    pub fn needs_unlock(&self) -> bool {
        self.encrypted && self.key.is_none()
    }

    /// Unlock an encrypted journal with its passphrase: one scrypt. A wrong
    /// passphrase changes nothing. An unencrypted journal needs no unlocking.
    pub fn unlock(&mut self, passphrase: &SecretString) -> Result<()> {
        if !self.encrypted {
            return Err(StoreError::NotEncrypted);
        }
        let key = self.unwrap_identity(passphrase)?;
        self.key = Some(key);
        Ok(())
    }

    fn unwrap_identity(&self, passphrase: &SecretString) -> Result<Key> {
        let path = self.dir.join(IDENTITY_FILE);
        let wrapped = fs::read(&path).map_err(io_err("reading", &path))?;
        Key::unwrap(&wrapped, passphrase)
            .map_err(|e| StoreError::crypt(format!("opening {}", path.display()), e))
    }

    /// The scrypt work factor used when the passphrase is set or changed.
    #[doc(hidden)]
    pub fn set_work_factor(&mut self, log_n: u8) {
        self.work_factor = log_n;
    }

    /// Whether `dir` holds no journal yet (missing or empty): the first run.
    pub fn is_first_run(dir: &Path) -> bool {
        fs::read_dir(dir).map_or(true, |mut rd| rd.next().is_none())
    }

    /// Open for reading only. A missing directory is an empty journal; nothing is created.
    pub fn open_read(dir: &Path) -> Store {
        Store {
            dir: dir.to_path_buf(),
            lock: None,
            encrypted: Store::is_encrypted(dir),
            key: None,
            work_factor: crypt::DEFAULT_WORK_FACTOR,
        }
    }

    /// Open for writing: create the directories (0700) and take the lock.
    pub fn open_write(dir: &Path) -> Result<Store> {
        make_private_dir(dir)?;
        for sub in ["reflections", "packs"] {
            make_private_dir(&dir.join(sub))?;
        }
        let path = dir.join(".lock");
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_err("opening", &path))?;
        let _ = file.set_permissions(fs::Permissions::from_mode(0o600));
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let mut pid = String::new();
                let _ = file.read_to_string(&mut pid);
                return Err(StoreError::Locked {
                    by_pid: pid.trim().parse().ok(),
                });
            }
            Err(fs::TryLockError::Error(e)) => return Err(io_err("locking", &path)(e)),
        }
        let _ = file.set_len(0);
        let _ = write!(file, "{}", std::process::id());
        Ok(Store {
            dir: dir.to_path_buf(),
            lock: Some(file),
            encrypted: Store::is_encrypted(dir),
            key: None,
            work_factor: crypt::DEFAULT_WORK_FACTOR,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn is_writable(&self) -> bool {
        self.lock.is_some()
    }

    pub(crate) fn reflections_dir(&self) -> PathBuf {
        self.dir.join("reflections")
    }

    fn path_of(&self, id: &str) -> Option<PathBuf> {
        valid_file_id(id).then(|| self.reflections_dir().join(format!("{id}.json")))
    }

    fn age_path_of(&self, id: &str) -> Option<PathBuf> {
        valid_file_id(id).then(|| {
            self.reflections_dir()
                .join(format!("{id}.json{AGE_SUFFIX}"))
        })
    }

    /// The file that holds `id`: the encrypted form wins over a plain leftover.
    fn find(&self, id: &str) -> Option<(PathBuf, Form)> {
        if self.encrypted
            && let Some(p) = self.age_path_of(id).filter(|p| p.exists())
        {
            return Some((p, Form::Age));
        }
        self.path_of(id)
            .filter(|p| p.exists())
            .map(|p| (p, Form::Plain))
    }

    fn exists(&self, id: &str) -> bool {
        self.path_of(id).is_some_and(|p| p.exists())
            || self.age_path_of(id).is_some_and(|p| p.exists())
    }

    pub(crate) fn check_unlocked(&self) -> Result<()> {
        if self.needs_unlock() {
            Err(StoreError::NeedsPassphrase)
        } else {
            Ok(())
        }
    }

    /// A file's bytes, decrypted if it is in the age form.
    fn read_bytes(&self, path: &Path, form: Form) -> Result<Zeroizing<Vec<u8>>, LoadProblem> {
        let problem = |reason: String| LoadProblem {
            path: path.to_path_buf(),
            reason,
        };
        let bytes = fs::read(path).map_err(|e| problem(e.to_string()))?;
        self.open_bytes(path, form, bytes)
    }

    /// A file's bytes as read, decrypted if they are in the age form.
    fn open_bytes(
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
    fn write_file(&self, dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
        self.write_as(dir, name, bytes, true)
    }

    /// [`Store::write_file`] for a cache: atomic (a reader sees the old file
    /// or the new one) but not flushed to disk, since a cache lost in a crash
    /// is only rebuilt. A torn one fails to parse and is rebuilt the same way.
    fn write_cache(&self, dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
        self.write_as(dir, name, bytes, false)
    }

    fn write_as(&self, dir: &Path, name: &str, bytes: &[u8], durable: bool) -> Result<()> {
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

    fn index_name(&self) -> &'static str {
        if self.encrypted {
            "index.json.age"
        } else {
            "index.json"
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

    /// Every reflection's summary, newest first. Unreadable files are listed in
    /// `problems` and left alone; the rest still load.
    pub fn list(&self) -> Result<Listing> {
        self.list_answered().map(|(listing, _)| listing)
    }

    /// [`Store::list`], and for each summary the ids of the questions it
    /// answers, space separated (None if the index row predates them).
    pub(crate) fn list_answered(&self) -> Result<(Listing, Vec<Option<String>>)> {
        self.check_unlocked()?;
        let dir = self.reflections_dir();
        let dir_meta = match fs::metadata(&dir) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok((Listing::default(), Vec::new()));
            }
            Err(e) => return Err(io_err("reading", &dir)(e)),
        };
        let (_, dir_mtime, dir_ino) = stamp(&dir_meta);
        let index_path = self.dir.join(self.index_name());
        let old: Index = self
            .read_bytes(&index_path, self.form_of_index())
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .filter(|i: &Index| i.schema == INDEX_SCHEMA)
            .unwrap_or(Index {
                schema: INDEX_SCHEMA,
                dir: None,
                rows: Vec::new(),
                bad: Vec::new(),
            });
        let (index, changed) = if old.dir == Some((dir_mtime, dir_ino)) {
            self.recheck_bad(old)
        } else {
            self.rescan(&dir, old)?
        };
        let quiet = chrono::Utc::now()
            .timestamp_nanos_opt()
            .is_some_and(|now| now - dir_mtime > QUIET_NS);
        let dir_stamp = quiet.then_some((dir_mtime, dir_ino));
        let mut index = index;
        // Rows are kept newest first, as they are listed: sorting 100,000
        // rows from directory order was a quarter of a listing's time, and
        // checking that they are already in order costs almost nothing.
        let mut changed = changed;
        if !index.rows.is_sorted_by(|a, b| a.3.id >= b.3.id) {
            index.rows.sort_unstable_by(|a, b| b.3.id.cmp(&a.3.id));
            changed = true;
        }
        if changed || index.dir != dir_stamp {
            index.dir = dir_stamp;
            // The index is only a cache, checked on every read, so a failed or
            // racing write costs speed, never correctness.
            if let Ok(bytes) = serde_json::to_vec(&index) {
                let bytes = Zeroizing::new(bytes);
                let _ = self.write_cache(&self.dir, "index.json", &bytes);
            }
        }
        let (summaries, answered) = index.rows.into_iter().map(|r| (r.3, r.4)).unzip();
        let mut listing = Listing {
            summaries,
            problems: index
                .bad
                .into_iter()
                .map(|b| LoadProblem {
                    path: dir.join(b.0),
                    reason: b.4,
                })
                .collect(),
        };
        listing.problems.sort_by(|a, b| a.path.cmp(&b.path));
        self.refresh_drafts((dir_mtime, dir_ino), &listing.summaries);
        Ok((listing, answered))
    }

    /// `(mtime_ns, inode)` of `reflections/`, if it is there.
    fn dir_stamp(&self) -> Option<(i64, u64)> {
        let meta = fs::metadata(self.reflections_dir()).ok()?;
        let (_, mtime, ino) = stamp(&meta);
        Some((mtime, ino))
    }

    fn drafts_path(&self) -> PathBuf {
        if self.encrypted {
            self.dir.join("drafts.json.age")
        } else {
            self.dir.join("drafts.json")
        }
    }

    /// The drafts file, if it is there and readable (whether current or not).
    fn read_drafts(&self) -> Option<Drafts> {
        let bytes = self
            .read_bytes(&self.drafts_path(), self.form_of_index())
            .ok()?;
        serde_json::from_slice(&bytes)
            .ok()
            .filter(|d: &Drafts| d.schema == DRAFTS_SCHEMA)
    }

    /// Write the drafts file. It is a cache: a failed write costs speed only.
    fn write_drafts(&self, hint: &Drafts) {
        if let Ok(bytes) = serde_json::to_vec(hint) {
            let bytes = Zeroizing::new(bytes);
            let _ = self.write_cache(&self.dir, "drafts.json", &bytes);
        }
    }

    /// After a full listing taken when `reflections/` had `dir`: make the
    /// drafts file say the same, if it does not already.
    fn refresh_drafts(&self, dir: (i64, u64), summaries: &[Summary]) {
        if !self.is_writable() {
            // A reader (another command while the app runs) leaves caches
            // to the one instance that holds the lock.
            return;
        }
        let drafts = summaries.iter().filter(|s| s.is_draft()).cloned().collect();
        let fresh = Drafts::from_all(dir, drafts);
        if self.read_drafts().as_ref() != Some(&fresh) {
            self.write_drafts(&fresh);
        }
    }

    /// After reflect itself changed `reflections/` (which had `before`):
    /// apply `change` to the drafts file, if it was current before.
    fn update_drafts(&self, before: Option<(i64, u64)>, change: impl FnOnce(&mut Drafts)) {
        let Some(mut hint) = self.read_drafts() else {
            return;
        };
        let (Some(before), Some(after)) = (before, self.dir_stamp()) else {
            return;
        };
        if hint.dir != before {
            // Already stale: the next full listing rebuilds it.
            return;
        }
        change(&mut hint);
        hint.dir = after;
        self.write_drafts(&hint);
    }

    /// Look at every file, reusing rows whose size, mtime and inode are unchanged.
    fn rescan(&self, dir: &Path, old: Index) -> Result<(Index, bool)> {
        let rd = fs::read_dir(dir).map_err(io_err("reading", dir))?;
        let old_len = old.rows.len() + old.bad.len();
        let mut cache: HashMap<String, IndexRow> =
            old.rows.into_iter().map(|r| (r.3.id.clone(), r)).collect();
        let mut index = Index {
            schema: INDEX_SCHEMA,
            dir: None,
            rows: Vec::with_capacity(old_len),
            bad: Vec::new(),
        };
        let mut changed = false;
        // One file per id: while a journal is being encrypted or decrypted an
        // id can briefly have both forms; the journal's own form wins.
        let preferred = if self.encrypted {
            Form::Age
        } else {
            Form::Plain
        };
        let mut files: HashMap<String, (String, Form)> = HashMap::new();
        for ent in rd.filter_map(|e| e.ok()) {
            let name = ent.file_name().to_string_lossy().into_owned();
            let Some((id, form)) = split_name(&name) else {
                continue;
            };
            match files.get(id) {
                Some((_, f)) if *f == preferred => {}
                _ => {
                    files.insert(id.to_string(), (name.clone(), form));
                }
            }
        }
        for (id, (name, _)) in files {
            let path = dir.join(&name);
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            let (len, mtime, ino) = stamp(&meta);
            match cache.remove(&id) {
                Some(row) if (row.0, row.1, row.2) == (len, mtime, ino) => index.rows.push(row),
                _ => {
                    changed = true;
                    self.read_row(&path, name, &meta, &mut index);
                }
            }
        }
        let changed = changed || index.rows.len() + index.bad.len() != old_len;
        Ok((index, changed))
    }

    /// The directory is unchanged, so only files that failed before can differ.
    fn recheck_bad(&self, mut old: Index) -> (Index, bool) {
        let bad = std::mem::take(&mut old.bad);
        let mut changed = false;
        for b in bad {
            let path = self.reflections_dir().join(&b.0);
            match fs::metadata(&path) {
                Ok(meta) if stamp(&meta) == (b.1, b.2, b.3) => old.bad.push(b),
                Ok(meta) => {
                    changed = true;
                    self.read_row(&path, b.0, &meta, &mut old);
                }
                Err(_) => changed = true,
            }
        }
        (old, changed)
    }

    fn read_row(&self, path: &Path, name: String, meta: &fs::Metadata, index: &mut Index) {
        let (len, mtime, ino) = stamp(meta);
        let Some((id, form)) = split_name(&name) else {
            return;
        };
        match self.read_reflection_in(path, form) {
            // A file whose id does not match its name is still listed under its
            // name, which is how `show` finds it.
            Ok(r) => {
                let mut summary = Summary::from(&r);
                summary.id = id.to_string();
                let answered = super::history::answered_ids(&r);
                index
                    .rows
                    .push(IndexRow(len, mtime, ino, summary, Some(answered)));
            }
            Err(p) => index.bad.push(BadRow(name, len, mtime, ino, p.reason)),
        }
    }

    fn read_reflection_in(&self, path: &Path, form: Form) -> Result<Reflection, LoadProblem> {
        let bytes = self.read_bytes(path, form)?;
        parse_reflection(path, &bytes)
    }

    fn form_of_index(&self) -> Form {
        if self.encrypted {
            Form::Age
        } else {
            Form::Plain
        }
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
    pub fn load_all(&self) -> Result<(Vec<Reflection>, Vec<LoadProblem>)> {
        let listing = self.list()?;
        let mut out = Vec::with_capacity(listing.summaries.len());
        let mut problems = listing.problems;
        for s in &listing.summaries {
            match self.load(&s.id) {
                Ok(r) => out.push(r),
                Err(StoreError::Damaged { path, reason }) => {
                    problems.push(LoadProblem { path, reason })
                }
                Err(_) => {}
            }
        }
        Ok((out, problems))
    }

    /// Reflections whose pack title, questions or answers contain every word of
    /// `query` (ignoring case, see [`search::fold`]), newest first, with the
    /// problems met on the way.
    ///
    /// Every file is read (and decrypted, in memory only), split between the
    /// machine's cores; most are ruled out by a quick look at their raw bytes
    /// (see [`search`]), and only the rest are parsed.
    pub fn search(&self, query: &str) -> Result<(Vec<Summary>, Vec<LoadProblem>)> {
        let listing = self.list()?;
        let (hits, trouble) = self.search_among(query, &listing.summaries)?;
        let mut problems = listing.problems;
        problems.extend(trouble);
        let mut summaries: Vec<Option<Summary>> = listing.summaries.into_iter().map(Some).collect();
        let hits = hits
            .into_iter()
            .filter_map(|i| summaries.get_mut(i).and_then(Option::take))
            .collect();
        Ok((hits, problems))
    }

    /// [`Store::search`] among reflections the caller has already listed
    /// (the Journal screen has): the positions in `among` of those that
    /// match, in order, and the files that could not be read.
    pub fn search_among(
        &self,
        query: &str,
        among: &[Summary],
    ) -> Result<(Vec<usize>, Vec<LoadProblem>)> {
        self.check_unlocked()?;
        let Some(query) = search::Query::new(query) else {
            return Ok(((0..among.len()).collect(), Vec::new()));
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let chunk = among.len().div_ceil(threads).max(1);
        let parts: Vec<(Vec<usize>, Vec<LoadProblem>)> = std::thread::scope(|scope| {
            let query = &query;
            let running: Vec<_> = among
                .chunks(chunk)
                .enumerate()
                .map(|(k, part)| {
                    let work = move || self.search_part(query, part, k * chunk);
                    // If no thread can be had, this part is searched right here.
                    std::thread::Builder::new()
                        .spawn_scoped(scope, work)
                        .map_err(|_| work)
                })
                .collect();
            running
                .into_iter()
                .map(|r| match r {
                    Ok(handle) => handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    Err(work) => work(),
                })
                .collect()
        });
        let mut hits = Vec::new();
        let mut problems = Vec::new();
        for (found, trouble) in parts {
            hits.extend(found);
            problems.extend(trouble);
        }
        Ok((hits, problems))
    }

    /// Search `part` of a listing (which starts at `offset` in it): the
    /// positions of the reflections that match, and the files that failed.
    fn search_part(
        &self,
        query: &search::Query,
        part: &[Summary],
        offset: usize,
    ) -> (Vec<usize>, Vec<LoadProblem>) {
        let mut hits = Vec::new();
        let mut problems = Vec::new();
        let mut bytes = Zeroizing::new(Vec::new());
        let mut scratch = search::Scratch::default();
        // Files are opened relative to the folder, so the kernel does not
        // walk the whole path 10,000 times.
        let dir = File::open(self.reflections_dir()).ok();
        for (i, s) in part.iter().enumerate() {
            let path = match self.read_by_id(dir.as_ref(), &s.id, &mut bytes) {
                Some(Ok(path)) => path,
                Some(Err(p)) => {
                    problems.push(p);
                    continue;
                }
                // Deleted since the listing.
                None => continue,
            };
            let verdict = match query.check(&bytes, &mut scratch) {
                search::Verdict::No => continue,
                search::Verdict::Yes => Some(true),
                search::Verdict::Parse => query.matches(&bytes),
            };
            match verdict {
                Some(true) => hits.push(offset + i),
                Some(false) => {}
                None => problems.push(LoadProblem {
                    reason: parse_reflection(&path, &bytes)
                        .err()
                        .map_or_else(|| "it could not be searched".into(), |p| p.reason),
                    path,
                }),
            }
        }
        (hits, problems)
    }

    /// Read reflection `id` into `buf` (decrypted), without looking first
    /// whether each form exists: its path, or None if there is no such file.
    /// `buf` is reused from file to file; see [`search::fill`].
    pub(crate) fn read_by_id(
        &self,
        dir: Option<&File>,
        id: &str,
        buf: &mut Zeroizing<Vec<u8>>,
    ) -> Option<Result<PathBuf, LoadProblem>> {
        let age = self.encrypted.then(|| self.age_path_of(id)).flatten();
        let forms = [(age, Form::Age), (self.path_of(id), Form::Plain)];
        for (path, form) in forms {
            let Some(path) = path else { continue };
            let read = match form {
                // Plain: straight into the reused buffer. Read through
                // `Take` to skip File's size hint (a statx and an lseek per
                // file): the buffer is already as large as the last file.
                Form::Plain => open_in(dir, &path)
                    .and_then(|f| {
                        buf.clear();
                        f.take(u64::MAX).read_to_end(buf)
                    })
                    .map(|_| Ok(())),
                Form::Age => fs::read(&path).map(|cipher| {
                    self.open_bytes(&path, form, cipher)
                        .map(|plain| search::fill(buf, &plain))
                }),
            };
            return match read {
                Ok(Ok(())) => Some(Ok(path)),
                Ok(Err(p)) => Some(Err(p)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => Some(Err(LoadProblem {
                    path,
                    reason: e.to_string(),
                })),
            };
        }
        None
    }

    /// The most recently touched unfinished reflection, to offer "Continue".
    ///
    /// Reads the small drafts file while it is current, so it costs the same
    /// at 100 reflections or 100,000; otherwise lists the journal (which
    /// brings the drafts file up to date for next time).
    pub fn latest_draft(&self) -> Result<Option<Summary>> {
        if let Some(newest) = self.latest_draft_now()? {
            return Ok(newest);
        }
        Ok(self
            .list()?
            .summaries
            .into_iter()
            .filter(Summary::is_draft)
            .min_by(newest_first))
    }

    /// [`Store::latest_draft`] only if it can be told at once, from the
    /// drafts file while it is current: `None` when the journal must be
    /// listed first (no index yet, files copied in by hand, a restored
    /// backup), which at 100,000 reflections takes half a minute. Home can
    /// then show itself at once and have [`Store::reader`] list the journal
    /// on another thread (see `journal::warmup`).
    pub fn latest_draft_now(&self) -> Result<Option<Option<Summary>>> {
        self.check_unlocked()?;
        if let (Some(stamp), Some(hint)) = (self.dir_stamp(), self.read_drafts())
            && hint.dir == stamp
            && let Some(newest) = hint.newest()
        {
            return Ok(Some(newest));
        }
        Ok(None)
    }

    /// A read-only handle on the same journal, unlocked like this one: for
    /// work on another thread (rebuilding the index, a search) while this
    /// handle keeps the lock. Its `list` refreshes the index (a cache, written
    /// atomically) but leaves the drafts file to the handle with the lock.
    pub fn reader(&self) -> Store {
        Store {
            dir: self.dir.clone(),
            lock: None,
            encrypted: self.encrypted,
            key: self.key.clone(),
            work_factor: self.work_factor,
        }
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
    fn files_by_id(&self, dir: &Path) -> Result<Vec<(String, Form)>> {
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
    fn remove_plain_leftovers(&self) -> Result<()> {
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

    fn require_lock(&self) -> Result<()> {
        if self.lock.is_some() {
            Ok(())
        } else {
            Err(StoreError::Locked { by_pid: None })
        }
    }

    /// Packs the person imported, sorted by title, and the files that failed to load.
    pub fn imported_packs(&self) -> (Vec<Pack>, Vec<PackError>) {
        let mut packs = Vec::new();
        let mut problems = Vec::new();
        let dir = self.dir.join("packs");
        let Ok(rd) = fs::read_dir(&dir) else {
            return (packs, problems);
        };
        let mut paths: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        for p in paths {
            let name = p.display().to_string();
            match fs::read_to_string(&p) {
                Ok(text) => match Pack::parse(&name, &text) {
                    Ok(pack) => packs.push(pack),
                    Err(e) => problems.push(e),
                },
                Err(e) => problems.push(PackError {
                    file: name,
                    problems: vec![crate::content::Problem {
                        line: 1,
                        col: 1,
                        path: String::new(),
                        message: e.to_string(),
                    }],
                }),
            }
        }
        packs.sort_by_key(|p| p.title.to_lowercase());
        (packs, problems)
    }

    /// Validate and import a pack. Returns the pack and whether it replaced one.
    pub fn add_pack(&self, name: &str, text: &str, replace: bool) -> Result<(Pack, bool)> {
        self.require_lock()?;
        let pack = Pack::parse(name, text)?;
        if crate::content::builtin_packs()
            .iter()
            .any(|b| b.id == pack.id)
        {
            return Err(StoreError::BuiltinPackId(pack.id));
        }
        let file = format!("{}.json", pack.id);
        let exists = self.dir.join("packs").join(&file).exists();
        if exists && !replace {
            return Err(StoreError::PackExists(pack.id));
        }
        atomic_write(&self.dir.join("packs"), &file, text.as_bytes())?;
        Ok((pack, exists))
    }

    /// Remove an imported pack. Reflections made with it keep their question text.
    pub fn remove_pack(&self, id: &str) -> Result<()> {
        self.require_lock()?;
        if !valid_file_id(id) {
            return Err(StoreError::NoSuchPack(id.to_string()));
        }
        let path = self.dir.join("packs").join(format!("{id}.json"));
        match fs::remove_file(&path) {
            Ok(()) => sync_dir(&self.dir.join("packs")),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(StoreError::NoSuchPack(id.to_string()))
            }
            Err(e) => Err(io_err("removing", &path)(e)),
        }
    }
}

fn valid_file_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `ID.json` or `ID.json.age` → the id and the form; anything else is not a reflection.
fn split_name(name: &str) -> Option<(&str, Form)> {
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

/// Open `path` for reading, relative to `dir` (its folder) when that is open.
fn open_in(dir: Option<&File>, path: &Path) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags, openat};
    match (dir, path.file_name()) {
        (Some(dir), Some(name)) => {
            openat(dir, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())
                .map(File::from)
                .map_err(io::Error::from)
        }
        _ => File::open(path),
    }
}

/// Remove `path`; true if it was there.
fn remove_if_there(path: &Path) -> Result<bool> {
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_err("removing", path)(e)),
    }
}

/// Parse a plain reflection file; anything wrong becomes a [`LoadProblem`], never a panic.
pub fn read_reflection(path: &Path) -> Result<Reflection, LoadProblem> {
    let bytes = fs::read(path).map_err(|e| LoadProblem {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    parse_reflection(path, &bytes)
}

pub(crate) fn parse_reflection(path: &Path, bytes: &[u8]) -> Result<Reflection, LoadProblem> {
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

/// Create `dir` if needed and make it 0700.
pub fn make_private_dir(dir: &Path) -> Result<()> {
    match fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
    {
        Ok(()) => {}
        Err(e) => return Err(io_err("creating", dir)(e)),
    }
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io_err("securing", dir))
}

/// Write `bytes` to `dir/name` atomically with 0600 permissions:
/// temp file in `dir`, fsync, rename over, fsync `dir`.
pub fn atomic_write(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    replace_file(dir, name, bytes, true)
}

/// Write `dir/name` through a 0600 temp file renamed over it; with `durable`,
/// flushed to disk before and after the rename.
fn replace_file(dir: &Path, name: &str, bytes: &[u8], durable: bool) -> Result<()> {
    let target = dir.join(name);
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .suffix(".partial")
        .tempfile_in(dir)
        .map_err(io_err("creating a temporary file in", dir))?;
    tmp.as_file()
        .set_permissions(fs::Permissions::from_mode(0o600))
        .map_err(io_err("securing", &target))?;
    tmp.write_all(bytes).map_err(io_err("writing", &target))?;
    if durable {
        tmp.as_file()
            .sync_all()
            .map_err(io_err("flushing", &target))?;
    }
    tmp.persist(&target)
        .map_err(|e| io_err("saving", &target)(e.error))?;
    if durable { sync_dir(dir) } else { Ok(()) }
}

/// Write a new file that must not already exist (an export), 0600, atomically.
/// With `force`, an existing file is replaced.
pub fn write_new_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| StoreError::Io {
        action: "writing",
        path: path.to_path_buf(),
        source: io::Error::new(
            io::ErrorKind::InvalidInput,
            "that is a folder, not a file name",
        ),
    })?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(&dir)
        .map_err(io_err("creating a temporary file in", &dir))?;
    tmp.as_file()
        .set_permissions(fs::Permissions::from_mode(0o600))
        .map_err(io_err("securing", path))?;
    tmp.write_all(bytes).map_err(io_err("writing", path))?;
    tmp.as_file().sync_all().map_err(io_err("flushing", path))?;
    let target = dir.join(name);
    if force {
        tmp.persist(&target)
            .map_err(|e| io_err("saving", path)(e.error))?;
    } else {
        tmp.persist_noclobber(&target)
            .map_err(|e| io_err("saving", path)(e.error))?;
    }
    sync_dir(&dir)
}

fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err("flushing", dir))
}
