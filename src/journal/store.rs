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
//! ```
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

use super::reflection::{REFLECTION_SCHEMA, Reflection, Summary};
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

/// `(len, mtime_ns, inode, summary)` of one file, named by its summary's id.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct IndexRow(u64, i64, u64, Summary);

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
    /// Whether `dir` holds no journal yet (missing or empty): the first run.
    pub fn is_first_run(dir: &Path) -> bool {
        fs::read_dir(dir).map_or(true, |mut rd| rd.next().is_none())
    }

    /// Open for reading only. A missing directory is an empty journal; nothing is created.
    pub fn open_read(dir: &Path) -> Store {
        Store {
            dir: dir.to_path_buf(),
            lock: None,
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
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn is_writable(&self) -> bool {
        self.lock.is_some()
    }

    fn reflections_dir(&self) -> PathBuf {
        self.dir.join("reflections")
    }

    fn path_of(&self, id: &str) -> Option<PathBuf> {
        valid_file_id(id).then(|| self.reflections_dir().join(format!("{id}.json")))
    }

    /// A fresh id, sortable by start time, not used by any file yet.
    pub fn new_id(&self) -> String {
        let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
        loop {
            let tail = RandomState::new().hash_one(std::time::SystemTime::now()) & 0xffff;
            let id = format!("{stamp}-{tail:04x}");
            if self.path_of(&id).is_some_and(|p| !p.exists()) {
                return id;
            }
        }
    }

    /// Every reflection's summary, newest first. Unreadable files are listed in
    /// `problems` and left alone; the rest still load.
    pub fn list(&self) -> Result<Listing> {
        let dir = self.reflections_dir();
        let dir_meta = match fs::metadata(&dir) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Listing::default()),
            Err(e) => return Err(io_err("reading", &dir)(e)),
        };
        let (_, dir_mtime, dir_ino) = stamp(&dir_meta);
        let index_path = self.dir.join("index.json");
        let old: Index = fs::read(&index_path)
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
        if changed || index.dir != dir_stamp {
            index.dir = dir_stamp;
            // The index is only a cache, checked on every read, so a failed or
            // racing write costs speed, never correctness.
            if let Ok(bytes) = serde_json::to_vec(&index) {
                let _ = atomic_write(&self.dir, "index.json", &bytes);
            }
        }
        let mut listing = Listing {
            summaries: index.rows.into_iter().map(|r| r.3).collect(),
            problems: index
                .bad
                .into_iter()
                .map(|b| LoadProblem {
                    path: dir.join(b.0),
                    reason: b.4,
                })
                .collect(),
        };
        listing.summaries.sort_by(|a, b| b.id.cmp(&a.id));
        listing.problems.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(listing)
    }

    /// Look at every file, reusing rows whose size, mtime and inode are unchanged.
    fn rescan(&self, dir: &Path, old: Index) -> Result<(Index, bool)> {
        let rd = fs::read_dir(dir).map_err(io_err("reading", dir))?;
        let old_len = old.rows.len() + old.bad.len();
        let mut cache: HashMap<String, IndexRow> = old
            .rows
            .into_iter()
            .map(|r| (format!("{}.json", r.3.id), r))
            .collect();
        let mut index = Index {
            schema: INDEX_SCHEMA,
            dir: None,
            rows: Vec::with_capacity(old_len),
            bad: Vec::new(),
        };
        let mut changed = false;
        for ent in rd.filter_map(|e| e.ok()) {
            let name = ent.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".json") || name.starts_with('.') {
                continue;
            }
            let Ok(meta) = ent.metadata() else { continue };
            let (len, mtime, ino) = stamp(&meta);
            match cache.remove(&name) {
                Some(row) if (row.0, row.1, row.2) == (len, mtime, ino) => index.rows.push(row),
                _ => {
                    changed = true;
                    self.read_row(&ent.path(), name, &meta, &mut index);
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
        match read_reflection(path) {
            // A file whose id does not match its name is still listed under its
            // name, which is how `show` finds it.
            Ok(r) => {
                let mut summary = Summary::from(&r);
                summary.id = name.trim_end_matches(".json").to_string();
                index.rows.push(IndexRow(len, mtime, ino, summary));
            }
            Err(p) => index.bad.push(BadRow(name, len, mtime, ino, p.reason)),
        }
    }

    /// Read one reflection.
    pub fn load(&self, id: &str) -> Result<Reflection> {
        let path = self
            .path_of(id)
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        if !path.exists() {
            return Err(StoreError::NotFound(id.to_string()));
        }
        read_reflection(&path).map_err(|p| StoreError::Damaged {
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
    /// `query` (case-insensitive), newest first, with the problems met on the way.
    ///
    /// Most files do not match, so each file's raw bytes are checked first and
    /// only the ones that might match are parsed.
    pub fn search(&self, query: &str) -> Result<(Vec<Summary>, Vec<LoadProblem>)> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let listing = self.list()?;
        if words.is_empty() {
            return Ok((listing.summaries, listing.problems));
        }
        let mut hits = Vec::new();
        let mut problems = listing.problems;
        for s in listing.summaries {
            let Some(path) = self.path_of(&s.id) else {
                continue;
            };
            let Ok(bytes) = fs::read(&path) else { continue };
            // JSON keeps non-ASCII text as UTF-8, so a word absent from the raw
            // bytes is absent from the answers (words with quotes or
            // backslashes, which JSON escapes, skip this shortcut).
            let raw = String::from_utf8_lossy(&bytes).to_lowercase();
            if words
                .iter()
                .any(|w| !w.contains(['"', '\\']) && !raw.contains(w.as_str()))
            {
                continue;
            }
            match serde_json::from_slice::<Reflection>(&bytes) {
                Ok(r) if matches_all(&r, &words) => hits.push(s),
                Ok(_) => {}
                Err(e) => problems.push(LoadProblem {
                    path,
                    reason: e.to_string(),
                }),
            }
        }
        Ok((hits, problems))
    }

    /// The most recently touched unfinished reflection, to offer "Continue".
    pub fn latest_draft(&self) -> Result<Option<Summary>> {
        Ok(self
            .list()?
            .summaries
            .into_iter()
            .filter(Summary::is_draft)
            .max_by_key(Summary::updated_at))
    }

    /// Write a reflection atomically. Needs the lock.
    pub fn save(&self, r: &Reflection) -> Result<()> {
        self.require_lock()?;
        let path = self
            .path_of(&r.id)
            .ok_or_else(|| StoreError::NotFound(r.id.clone()))?;
        let bytes = serde_json::to_vec_pretty(r).map_err(|e| StoreError::Io {
            action: "encoding",
            path: path.clone(),
            source: io::Error::other(e),
        })?;
        atomic_write(&self.reflections_dir(), &format!("{}.json", r.id), &bytes)
    }

    /// Save a reflection only if no file has its id yet; returns false if one does.
    pub fn insert_new(&self, r: &Reflection) -> Result<bool> {
        match self.path_of(&r.id) {
            Some(p) if !p.exists() => self.save(r).map(|()| true),
            Some(_) => Ok(false),
            None => Err(StoreError::NotFound(r.id.clone())),
        }
    }

    /// Delete one reflection for good. Needs the lock.
    pub fn delete(&self, id: &str) -> Result<()> {
        self.require_lock()?;
        let path = self
            .path_of(id)
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        match fs::remove_file(&path) {
            Ok(()) => sync_dir(&self.reflections_dir()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(StoreError::NotFound(id.to_string()))
            }
            Err(e) => Err(io_err("deleting", &path)(e)),
        }
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

fn matches_all(r: &Reflection, words: &[String]) -> bool {
    let mut text = r.pack.title.to_lowercase();
    for e in r.answered() {
        text.push('\n');
        text.push_str(&e.prompt.to_lowercase());
        text.push('\n');
        text.push_str(&e.answer.to_lowercase());
    }
    words.iter().all(|w| text.contains(w.as_str()))
}

fn valid_file_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Parse a reflection file; anything wrong becomes a [`LoadProblem`], never a panic.
pub fn read_reflection(path: &Path) -> Result<Reflection, LoadProblem> {
    let problem = |reason: String| LoadProblem {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = fs::read(path).map_err(|e| problem(e.to_string()))?;
    let r: Reflection = serde_json::from_slice(&bytes).map_err(|e| problem(e.to_string()))?;
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
    tmp.as_file()
        .sync_all()
        .map_err(io_err("flushing", &target))?;
    tmp.persist(&target)
        .map_err(|e| io_err("saving", &target)(e.error))?;
    sync_dir(dir)
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
