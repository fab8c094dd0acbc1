//! File primitives: atomic writes, no-follow and size-capped reads, private
//! folders, permissions. Nothing here knows about reflections or the
//! [`Store`](super::Store); every promise about bytes on disk lives in this
//! one file.
//!
//! Unix only for now: the calls that differ by platform (the lock, unnamed
//! export files) are the small `platform` section at the end, so a Windows
//! version can slot in beside it.
//!
//! Every write, flush, rename and link goes through [`failpoint::hit`], which
//! does nothing in a normal build; built with the `failpoints` feature (the
//! tests are) it can fail or kill the process at any one of them.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::store::{Result, StoreError, io_err};

/// No reflection is anywhere near this size; a file larger than this is not
/// one (or is a device that never ends), and is not read.
pub const MAX_REFLECTION_BYTES: u64 = 16 << 20;

/// The caches can be large (an index of 100,000 reflections is about 25 MB),
/// but never this large.
pub(super) const MAX_CACHE_BYTES: u64 = 1 << 30;

/// Prefix of the temporary files of atomic writes inside the journal.
pub(super) const TEMP_PREFIX: &str = ".tmp-";
/// Suffix of the same.
pub(super) const TEMP_SUFFIX: &str = ".partial";
/// Prefix of an export's temporary name, where an unnamed file cannot be had.
const EXPORT_PREFIX: &str = ".reflect-export-";

pub(super) fn stamp(meta: &fs::Metadata) -> (u64, i64, u64) {
    let mtime_ns = meta
        .mtime()
        .saturating_mul(1_000_000_000)
        .saturating_add(meta.mtime_nsec());
    (meta.len(), mtime_ns, meta.ino())
}

/// What a directory entry is, in words, if it is not a regular file.
pub(super) fn not_regular(ft: fs::FileType) -> Option<&'static str> {
    if ft.is_file() {
        None
    } else if ft.is_symlink() {
        Some("a symbolic link")
    } else if ft.is_dir() {
        Some("a folder")
    } else if ft.is_fifo() {
        Some("a named pipe (FIFO)")
    } else if ft.is_socket() {
        Some("a socket")
    } else if ft.is_char_device() || ft.is_block_device() {
        Some("a device")
    } else {
        Some("not a regular file")
    }
}

/// Open `path` for reading without following a symbolic link and without
/// waiting on a named pipe, relative to `dir` (its folder) when that is open.
pub(super) fn open_in(dir: Option<&File>, path: &Path) -> io::Result<File> {
    use rustix::fs::{CWD, Mode, OFlags, openat};
    let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOFOLLOW | OFlags::NONBLOCK;
    match (dir, path.file_name()) {
        (Some(dir), Some(name)) => openat(dir, name, flags, Mode::empty()),
        _ => openat(CWD, path, flags, Mode::empty()),
    }
    .map(File::from)
    .map_err(io::Error::from)
}

/// Read at most `cap` bytes from an open file into `buf` (cleared first);
/// more than that is an error, so a device or a huge file cannot eat memory.
pub(super) fn read_open_capped(file: File, cap: u64, buf: &mut Vec<u8>) -> io::Result<()> {
    buf.clear();
    file.take(cap.saturating_add(1)).read_to_end(buf)?;
    if buf.len() as u64 > cap {
        buf.clear();
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!(
                "it is larger than {} MB, far more than any reflection",
                cap >> 20
            ),
        ));
    }
    Ok(())
}

/// A regular file's bytes, at most `cap` of them. A symbolic link is not
/// followed, and a named pipe, device or folder is not read; the error says
/// which it was.
pub(super) fn read_capped(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    let file = open_in(None, path).map_err(|e| {
        if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "it is a symbolic link, which reflect does not follow",
            )
        } else {
            e
        }
    })?;
    let meta = file.metadata()?;
    if let Some(what) = not_regular(meta.file_type()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {what}, not a file reflect wrote"),
        ));
    }
    let mut buf = Vec::new();
    read_open_capped(file, cap, &mut buf)?;
    Ok(buf)
}

/// Remove `path`; true if it was there.
pub(super) fn remove_if_there(path: &Path) -> Result<bool> {
    failpoint::hit("remove").map_err(io_err("removing", path))?;
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_err("removing", path)(e)),
    }
}

/// How a folder the journal uses was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirState {
    /// Private already, or just created.
    Private,
    /// Others could read it (but not change it); it was made private. The old mode.
    Tightened(u32),
}

/// Create `dir` if needed and make it 0700.
///
/// A folder that is already there is taken as it is only when it is the
/// person's own and nobody else can change it: one that other users can
/// write to (0777, 1777) may hold files they planted, so it is refused
/// rather than quietly made private; one they can only read is made private
/// (that is safe) and the caller is told.
pub fn make_private_dir(dir: &Path) -> Result<DirState> {
    match fs::metadata(dir) {
        Ok(meta) => {
            if !meta.is_dir() {
                return Err(io_err("using", dir)(io::Error::new(
                    io::ErrorKind::NotADirectory,
                    "it is not a folder",
                )));
            }
            let mode = meta.permissions().mode() & 0o7777;
            if meta.uid() != platform::user_id() {
                return Err(StoreError::NotYours {
                    path: dir.to_path_buf(),
                });
            }
            if mode & 0o022 != 0 {
                return Err(StoreError::LooseFolder {
                    path: dir.to_path_buf(),
                    mode,
                });
            }
            if mode & 0o077 == 0 {
                return Ok(DirState::Private);
            }
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
                .map_err(io_err("securing", dir))?;
            Ok(DirState::Tightened(mode))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(io_err("creating", dir))?;
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
                .map_err(io_err("securing", dir))?;
            Ok(DirState::Private)
        }
        Err(e) => Err(io_err("opening", dir)(e)),
    }
}

/// Open (creating if needed) the lock file `path`, 0600, never through a
/// symbolic link and never anything but a regular file. Permissions are
/// set through the open file, so nothing else can be changed by it.
pub(super) fn open_lock(path: &Path) -> Result<File> {
    failpoint::hit("open-lock").map_err(io_err("opening", path))?;
    let file = platform::open_lock(path).map_err(|e| {
        if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
            StoreError::NotRegular {
                path: path.to_path_buf(),
                what: "a symbolic link",
            }
        } else {
            io_err("opening", path)(e)
        }
    })?;
    let meta = file.metadata().map_err(io_err("opening", path))?;
    if let Some(what) = not_regular(meta.file_type()) {
        return Err(StoreError::NotRegular {
            path: path.to_path_buf(),
            what,
        });
    }
    if meta.permissions().mode() & 0o077 != 0 {
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(io_err("securing", path))?;
    }
    Ok(file)
}

/// The lock at `path`, if nobody holds it: for a reader that wants to write
/// a cache. Never created, never followed through a link; released when the
/// file is dropped.
pub(super) fn borrow_lock(path: &Path) -> Option<File> {
    use rustix::fs::{CWD, Mode, OFlags, openat};
    let fd = openat(
        CWD,
        path,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK,
        Mode::empty(),
    )
    .ok()?;
    let file = File::from(fd);
    let regular = file.metadata().is_ok_and(|m| m.is_file());
    (regular && file.try_lock().is_ok()).then_some(file)
}

/// Remove the temporary files of atomic writes that a killed process left in
/// `dir` (they may hold plain text). Only the lock holder may call this: no
/// other process writes there. Returns how many were removed.
pub(super) fn remove_partials(dir: &Path) -> usize {
    let Ok(rd) = fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for e in rd.filter_map(|e| e.ok()) {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX)
            && name.ends_with(TEMP_SUFFIX)
            && e.file_type().is_ok_and(|t| t.is_file())
            && fs::remove_file(e.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Write `bytes` to `dir/name` atomically with 0600 permissions:
/// temp file in `dir`, fsync, rename over, fsync `dir`.
pub fn atomic_write(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    replace_file(dir, name, bytes, true)
}

/// Write `dir/name` through a 0600 temp file renamed over it; with `durable`,
/// flushed to disk before and after the rename.
pub(super) fn replace_file(dir: &Path, name: &str, bytes: &[u8], durable: bool) -> Result<()> {
    let target = dir.join(name);
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(io_err("creating a temporary file in", dir))?;
    tmp.as_file()
        .set_permissions(fs::Permissions::from_mode(0o600))
        .map_err(io_err("securing", &target))?;
    failpoint::hit("write")
        .and_then(|()| tmp.write_all(bytes))
        .and_then(|()| failpoint::hit("wrote"))
        .map_err(io_err("writing", &target))?;
    if durable {
        failpoint::hit("fsync")
            .and_then(|()| tmp.as_file().sync_all())
            .and_then(|()| failpoint::hit("fsynced"))
            .map_err(io_err("flushing", &target))?;
    }
    failpoint::hit("rename").map_err(io_err("saving", &target))?;
    tmp.persist(&target)
        .map_err(|e| io_err("saving", &target)(e.error))?;
    failpoint::hit("renamed").map_err(io_err("saving", &target))?;
    if durable { sync_dir(dir) } else { Ok(()) }
}

/// Write a new file that must not already exist (an export), 0600.
/// With `force`, an existing *regular* file is replaced; anything else there
/// (a device, a link, a folder) is refused.
///
/// The file only gets its name once it is complete and on disk, so a killed
/// process leaves nothing readable behind: on Linux it is written unnamed
/// (`O_TMPFILE`) and linked into place; elsewhere it is written under a
/// hidden temporary name that the next export into the same folder removes.
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
    if let Ok(meta) = fs::symlink_metadata(path) {
        if let Some(what) = not_regular(meta.file_type()) {
            return Err(StoreError::NotRegular {
                path: path.to_path_buf(),
                what,
            });
        }
        if !force {
            return Err(io_err("saving", path)(io::ErrorKind::AlreadyExists.into()));
        }
    }
    remove_stale_exports(&dir);
    platform::write_unnamed(&dir, Path::new(name), bytes, force)
        .map_err(io_err("writing", path))?;
    sync_dir(&dir)
}

/// A hidden name for an export on its way into `dir`, holding this
/// process's id so a later run can tell whether its writer is gone.
fn export_temp_name() -> String {
    use std::hash::{BuildHasher, RandomState};
    let tail = RandomState::new().hash_one(std::time::SystemTime::now()) & 0xffff_ffff;
    format!(
        "{EXPORT_PREFIX}{}-{tail:08x}{TEMP_SUFFIX}",
        std::process::id()
    )
}

/// Remove exports that a killed process left half-written in `dir` (only
/// where an unnamed file could not be used), unless their writer still runs.
fn remove_stale_exports(dir: &Path) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.filter_map(|e| e.ok()) {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let Some(rest) = name
            .strip_prefix(EXPORT_PREFIX)
            .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let mine = e.metadata().is_ok_and(|m| m.uid() == platform::user_id());
        if mine
            && e.file_type().is_ok_and(|t| t.is_file())
            && !pid.is_some_and(platform::process_alive)
        {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Write `bytes` under a temporary name in `dir`, flushed, then give it
/// `name` (replacing a file there only with `force`). The temporary name is
/// removed on every error; after a kill, [`remove_stale_exports`] finds it.
fn write_named_then_link(dir: &Path, name: &Path, bytes: &[u8], force: bool) -> io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let tmp = dir.join(export_temp_name());
    let written = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
            .open(&tmp)?;
        failpoint::hit("write")?;
        f.write_all(bytes)?;
        failpoint::hit("wrote")?;
        failpoint::hit("fsync")?;
        f.sync_all()?;
        failpoint::hit("fsynced")?;
        failpoint::hit("rename")?;
        if force {
            fs::rename(&tmp, dir.join(name))?;
        } else {
            fs::hard_link(&tmp, dir.join(name))?;
            fs::remove_file(&tmp)?;
        }
        failpoint::hit("renamed")
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

pub(super) fn sync_dir(dir: &Path) -> Result<()> {
    failpoint::hit("fsync-dir")
        .and_then(|()| File::open(dir))
        .and_then(|d| d.sync_all())
        .map_err(io_err("flushing", dir))
}

/// The calls that differ by platform.
#[cfg(unix)]
#[path = "files/unix.rs"]
mod platform;

#[path = "files/failpoint.rs"]
pub mod failpoint;

#[cfg(test)]
#[path = "files/tests.rs"]
mod tests;
