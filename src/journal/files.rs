//! File primitives: atomic writes, private folders, permissions. Nothing
//! here knows about reflections or the [`Store`](super::Store); every
//! promise about bytes on disk lives in this one file.

use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::store::{Result, StoreError, io_err};

pub(super) fn stamp(meta: &fs::Metadata) -> (u64, i64, u64) {
    let mtime_ns = meta
        .mtime()
        .saturating_mul(1_000_000_000)
        .saturating_add(meta.mtime_nsec());
    (meta.len(), mtime_ns, meta.ino())
}

/// Open `path` for reading, relative to `dir` (its folder) when that is open.
pub(super) fn open_in(dir: Option<&File>, path: &Path) -> io::Result<File> {
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
pub(super) fn remove_if_there(path: &Path) -> Result<bool> {
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_err("removing", path)(e)),
    }
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
pub(super) fn replace_file(dir: &Path, name: &str, bytes: &[u8], durable: bool) -> Result<()> {
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

pub(super) fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err("flushing", dir))
}
