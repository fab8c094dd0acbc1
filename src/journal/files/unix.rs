//! The calls that differ by platform: Unix. A Windows version of the same
//! functions can slot in beside this file.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use super::failpoint;

pub fn user_id() -> u32 {
    rustix::process::geteuid().as_raw()
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

pub fn open_lock(path: &Path) -> io::Result<File> {
    use rustix::fs::{CWD, Mode, OFlags, openat};
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

    use rustix::fs::{AtFlags, CWD, Mode, OFlags, linkat, open, openat, renameat};
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
