//! The calls that differ by platform: Unix. `windows.rs` beside it has the
//! same functions; `files.rs` calls them as `platform::…`.

use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use rustix::fs::{CWD, Mode, OFlags, openat};

use super::{DirState, Result, StoreError, failpoint, io_err};

fn user_id() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// Whether this file or folder belongs to the person running reflect.
pub fn is_mine(meta: &fs::Metadata) -> bool {
    meta.uid() == user_id()
}

/// Size, change time in nanoseconds, inode.
pub fn stamp(meta: &fs::Metadata) -> (u64, i64, u64) {
    let mtime_ns = meta
        .mtime()
        .saturating_mul(1_000_000_000)
        .saturating_add(meta.mtime_nsec());
    (meta.len(), mtime_ns, meta.ino())
}

/// The kinds of file only Unix has, in words.
pub fn special_kind(ft: fs::FileType) -> Option<&'static str> {
    if ft.is_fifo() {
        Some("a named pipe (FIFO)")
    } else if ft.is_socket() {
        Some("a socket")
    } else if ft.is_char_device() || ft.is_block_device() {
        Some("a device")
    } else {
        None
    }
}

/// The mode of a file other users can read or write.
pub fn readable_by_others(meta: &fs::Metadata) -> Option<u32> {
    let mode = meta.mode() & 0o7777;
    (meta.is_file() && mode & 0o077 != 0).then_some(mode)
}

/// Whether an open failed because the path was a symbolic link (`O_NOFOLLOW`).
pub fn is_link_refusal(e: &io::Error) -> bool {
    e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
}

/// Open for reading without following a symbolic link and without waiting
/// on a named pipe, relative to `dir` (its folder) when that is open.
pub fn open_in(dir: Option<&File>, path: &Path) -> io::Result<File> {
    let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOFOLLOW | OFlags::NONBLOCK;
    match (dir, path.file_name()) {
        (Some(dir), Some(name)) => openat(dir, name, flags, Mode::empty()),
        _ => openat(CWD, path, flags, Mode::empty()),
    }
    .map(File::from)
    .map_err(io::Error::from)
}

/// An existing folder: taken as it is only when it is the person's own and
/// nobody else can change it. One that other users can write to (0777,
/// 1777) may hold files they planted, so it is refused rather than quietly
/// made private; one they can only read is made 0700 (that is safe) and
/// the caller is told.
pub fn check_own_dir(dir: &Path, meta: &fs::Metadata) -> Result<DirState> {
    let mode = meta.permissions().mode() & 0o7777;
    if !is_mine(meta) {
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
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io_err("securing", dir))?;
    Ok(DirState::Tightened(mode))
}

/// Create `dir` and its parents, 0700.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
}

/// 0600 for a file reflect opened that others could read.
pub fn make_file_private(file: &File, meta: &fs::Metadata) -> io::Result<()> {
    if meta.permissions().mode() & 0o077 != 0 {
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// Temporary files are created 0600.
pub fn private_temp<'b, 'p, 's>(
    builder: &'b mut tempfile::Builder<'p, 's>,
) -> &'b mut tempfile::Builder<'p, 's> {
    builder.permissions(fs::Permissions::from_mode(0o600))
}

/// And stay 0600 whatever the umask did.
pub fn make_temp_private(file: &File) -> io::Result<()> {
    file.set_permissions(fs::Permissions::from_mode(0o600))
}

/// Give a finished temporary file its name, replacing what was there;
/// `sync_dir` afterwards makes the new name durable.
pub fn persist(tmp: tempfile::NamedTempFile, target: &Path, _durable: bool) -> io::Result<()> {
    tmp.persist(target).map(drop).map_err(|e| e.error)
}

/// `rename(2)`: replaces `to` in one step.
pub fn rename_over(from: &Path, to: &Path) -> io::Result<()> {
    fs::rename(from, to)
}

/// fsync the folder, so a rename or a new name in it survives a power cut.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// A new file, 0600, never through a symbolic link.
pub fn create_new_private(path: &Path) -> io::Result<File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(OFlags::NOFOLLOW.bits() as i32)
        .open(path)
}

/// Whether a process with this id is running (or may be: not ours to signal).
pub fn process_alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

/// The lock file, created 0600 if needed, never through a symbolic link.
pub fn open_lock(path: &Path) -> io::Result<File> {
    openat(
        CWD,
        path,
        OFlags::RDWR | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK,
        Mode::from_raw_mode(0o600),
    )
    .map(File::from)
    .map_err(io::Error::from)
}

/// See [`super::write_new_file`].
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn write_unnamed(dir: &Path, name: &Path, bytes: &[u8], force: bool) -> io::Result<()> {
    use std::os::fd::AsRawFd;

    use rustix::fs::{AtFlags, linkat, open, renameat};
    let dfd = open(
        dir,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    let fd = match openat(
        &dfd,
        ".",
        OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o600),
    ) {
        Ok(fd) => fd,
        // The filesystem has no unnamed files: a named one instead.
        Err(_) => return super::write_named_then_link(dir, name, bytes, force),
    };
    let mut file = File::from(fd);
    failpoint::hit("write")?;
    file.write_all(bytes)?;
    failpoint::hit("wrote")?;
    failpoint::hit("fsync")?;
    file.sync_all()?;
    failpoint::hit("fsynced")?;
    let me = format!("/proc/self/fd/{}", file.as_raw_fd());
    failpoint::hit("rename")?;
    let linked = if force {
        // Linked under a hidden name, then renamed over the old file:
        // only in that instant does a name point to it before it is done.
        let tmp = super::export_temp_name();
        linkat(
            CWD,
            me.as_str(),
            &dfd,
            tmp.as_str(),
            AtFlags::SYMLINK_FOLLOW,
        )
        .and_then(|()| {
            renameat(&dfd, tmp.as_str(), &dfd, name).inspect_err(|_| {
                let _ = rustix::fs::unlinkat(&dfd, tmp.as_str(), AtFlags::empty());
            })
        })
    } else {
        linkat(CWD, me.as_str(), &dfd, name, AtFlags::SYMLINK_FOLLOW)
    };
    match linked {
        Ok(()) => failpoint::hit("renamed"),
        Err(rustix::io::Errno::EXIST) => Err(io::ErrorKind::AlreadyExists.into()),
        // No /proc to link through: write it again under a name.
        Err(rustix::io::Errno::NOENT) => super::write_named_then_link(dir, name, bytes, force),
        Err(e) => Err(e.into()),
    }
}

/// See [`super::write_new_file`].
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub fn write_unnamed(dir: &Path, name: &Path, bytes: &[u8], force: bool) -> io::Result<()> {
    super::write_named_then_link(dir, name, bytes, force)
}
