//! Opening a journal: for reading, for writing (the lock, private folders,
//! leftovers cleared), or for the app on a read-only drive; unlocking it with
//! its passphrase; what opening found worth telling the person.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;

use super::crypt::{self, IDENTITY_FILE, Key};
use super::files::{self, DirState, MAX_REFLECTION_BYTES, make_private_dir};
use super::store::{Result, Store, StoreError, io_err};

/// Something about the journal worth telling the person, found on opening
/// it; nothing is wrong with their answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreNotice {
    /// The folder could be read by other users; it was made private (0700).
    /// The mode it had.
    Tightened { path: PathBuf, mode: u32 },
    /// A file others could read (its mode); reported, left as it is.
    LooseFile { path: PathBuf, mode: u32 },
    /// The journal is on a read-only drive: it can be read, not changed.
    ReadOnly,
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

    pub(super) fn unwrap_identity(&self, passphrase: &SecretString) -> Result<Key> {
        let path = self.dir.join(IDENTITY_FILE);
        let wrapped =
            files::read_capped(&path, MAX_REFLECTION_BYTES).map_err(io_err("reading", &path))?;
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
            notices: Vec::new(),
            encrypted: Store::is_encrypted(dir),
            key: None,
            work_factor: default_work_factor(),
            words: Default::default(),
        }
    }

    /// Open for writing: create the directories (0700) and take the lock.
    ///
    /// A folder other users can change is refused (see
    /// [`files::make_private_dir`]); the lock is never followed through a
    /// link. Temporary files a killed process left behind (which may hold
    /// plain text) are removed once the lock is held.
    pub fn open_write(dir: &Path) -> Result<Store> {
        let read_only = |e: StoreError| match e {
            StoreError::Io { source, .. } if source.kind() == io::ErrorKind::ReadOnlyFilesystem => {
                StoreError::ReadOnly {
                    dir: dir.to_path_buf(),
                }
            }
            e => e,
        };
        let mut notices = Vec::new();
        for d in [
            dir.to_path_buf(),
            dir.join("reflections"),
            dir.join("packs"),
        ] {
            if let DirState::Tightened(mode) = make_private_dir(&d).map_err(read_only)? {
                notices.push(StoreNotice::Tightened { path: d, mode });
            }
        }
        let path = dir.join(".lock");
        let mut file = files::open_lock(&path).map_err(read_only)?;
        match try_lock_patiently(&file) {
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
        for d in [
            dir.to_path_buf(),
            dir.join("reflections"),
            dir.join("packs"),
        ] {
            files::remove_partials(&d);
        }
        notices.extend(loose_files(dir));
        Ok(Store {
            dir: dir.to_path_buf(),
            lock: Some(file),
            notices,
            encrypted: Store::is_encrypted(dir),
            key: None,
            work_factor: default_work_factor(),
            words: Default::default(),
        })
    }

    /// Open for the full-screen app: for writing, or, when the journal is on
    /// a read-only drive (a backup), for reading only, with
    /// [`StoreNotice::ReadOnly`] among [`Store::notices`] so the app can say so.
    pub fn open_app(dir: &Path) -> Result<Store> {
        match Store::open_write(dir) {
            Err(StoreError::ReadOnly { .. }) => {
                let mut store = Store::open_read(dir);
                store.notices.push(StoreNotice::ReadOnly);
                Ok(store)
            }
            other => other,
        }
    }

    /// What opening the journal found worth telling: a folder made private,
    /// files others can read, a read-only drive.
    pub fn notices(&self) -> &[StoreNotice] {
        &self.notices
    }

    /// Whether the journal is on a read-only drive (opened by [`Store::open_app`]).
    pub fn read_only_drive(&self) -> bool {
        self.notices.contains(&StoreNotice::ReadOnly)
    }
}

/// How long a writer waits for a lock that someone holds: a reader borrows
/// it for the moment of a cache write (`Store::write_cache`); another
/// reflect window holds it for as long as it is open.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_millis(500);

/// Take the lock, waiting up to [`LOCK_PATIENCE`] while it is held, so that
/// a reader's brief borrow is not mistaken for another window.
fn try_lock_patiently(file: &fs::File) -> std::result::Result<(), fs::TryLockError> {
    let start = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Err(fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_PATIENCE => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

/// Files directly in the journal folder that other users can read.
fn loose_files(dir: &Path) -> Vec<StoreNotice> {
    let Ok(rd) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<StoreNotice> = rd
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let mode = files::readable_by_others(&e.metadata().ok()?)?;
            Some(StoreNotice::LooseFile {
                path: e.path(),
                mode,
            })
        })
        .collect();
    out.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    out
}

/// The scrypt work factor for a new or changed passphrase. Builds with the
/// `failpoints` feature (tests only) take `REFLECT_WORK_FACTOR`, so the fault
/// tests can run the real binary hundreds of times without waiting on scrypt.
fn default_work_factor() -> u8 {
    #[cfg(feature = "failpoints")]
    if let Some(n) = std::env::var("REFLECT_WORK_FACTOR")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return n;
    }
    crypt::DEFAULT_WORK_FACTOR
}
