//! The calls that differ by platform: Windows. `unix.rs` beside it has the
//! same functions; `files.rs` calls them as `platform::…`.
//!
//! What stands in for the Unix promises here:
//!
//! - **Privacy.** The journal lives in the user profile (`%APPDATA%`), whose
//!   access list gives the person, SYSTEM and Administrators access and
//!   nobody else; files and folders created inside inherit that list.
//!   reflect neither sets nor checks access lists itself (there are no mode
//!   bits to tighten), so nothing here refuses or reports a folder; a
//!   journal kept elsewhere with `--data-dir` has whatever access its
//!   folder gives.
//! - **Links.** Files are opened with `FILE_FLAG_OPEN_REPARSE_POINT`, so a
//!   symbolic link or junction is opened as itself and refused by its type
//!   (`files::not_regular`), never followed.
//! - **Atomic replace.** `MoveFileExW` with `MOVEFILE_REPLACE_EXISTING`:
//!   the old file stays whole until the new one takes its name. If another
//!   program has the file open, Windows 10 and later still replace it when
//!   every handle allows deletion (std's rename asks for POSIX semantics;
//!   reflect's own readers allow it); a program holding it without that
//!   sharing (some virus scanners, backup tools) makes the save fail. It is
//!   tried again for about a second, then reported, and the old file kept.
//! - **Durable names.** Windows cannot flush a folder. The file's bytes are
//!   flushed (`sync_all`, i.e. `FlushFileBuffers`) before the rename, and
//!   the rename is asked for with `MOVEFILE_WRITE_THROUGH`; NTFS journals
//!   the rename itself, so after a power cut the name holds the old file or
//!   the new, complete one, never a torn one. What Windows does not promise
//!   is that the very last rename before the cut is already on disk: a
//!   second's typing at most, as on a crash. `sync_dir` does nothing.

use std::ffi::OsStr;
use std::fs::{self, File};
use std::io;
use std::os::windows::ffi::OsStrExt;
use std::os::windows::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use windows_sys::Win32::Foundation::{
    CloseHandle, ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, STILL_ACTIVE,
};
use windows_sys::Win32::Storage::FileSystem::{
    FILE_ATTRIBUTE_NORMAL, FILE_FLAG_OPEN_REPARSE_POINT, MOVEFILE_REPLACE_EXISTING,
    MOVEFILE_WRITE_THROUGH, MoveFileExW, SetFileAttributesW,
};
use windows_sys::Win32::System::Threading::{
    GetExitCodeProcess, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION,
};

use super::{DirState, Result};

/// The profile's access list decides who owns what (see the module notes).
pub fn is_mine(_meta: &fs::Metadata) -> bool {
    true
}

/// Size, last-write time in nanoseconds since 1970 (NTFS keeps it to 100
/// ns), and creation time where Unix has the inode: std has no stable file
/// number on Windows, and a file renamed into place may inherit the old
/// one's creation time (file-system tunnelling), so the write time and the
/// size are what tell two saves apart.
pub fn stamp(meta: &fs::Metadata) -> (u64, i64, u64) {
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    (meta.len(), mtime_ns, meta.creation_time())
}

/// Windows has no named pipes, sockets or devices among ordinary files.
pub fn special_kind(_ft: fs::FileType) -> Option<&'static str> {
    None
}

/// No mode bits: the profile's access list keeps others out.
pub fn readable_by_others(_meta: &fs::Metadata) -> Option<u32> {
    None
}

/// A link is opened as itself and refused by its type, not by an error.
pub fn is_link_refusal(_e: &io::Error) -> bool {
    false
}

/// Open for reading; a symbolic link or junction is opened as itself, not
/// followed. Other programs may read, write, rename and delete meanwhile
/// (std's default sharing), so an open reader never blocks a save.
pub fn open_in(_dir: Option<&File>, path: &Path) -> io::Result<File> {
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(FILE_FLAG_OPEN_REPARSE_POINT)
        .open(path)
}

/// An existing folder in the profile is the person's own (module notes).
pub fn check_own_dir(_dir: &Path, _meta: &fs::Metadata) -> Result<DirState> {
    Ok(DirState::Private)
}

/// Create `dir` and its parents; they inherit the profile's access list.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

/// Nothing to tighten: no mode bits.
pub fn make_file_private(_file: &File, _meta: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// tempfile refuses Unix permissions here; the folder's access list applies.
pub fn private_temp<'b, 'p, 's>(
    builder: &'b mut tempfile::Builder<'p, 's>,
) -> &'b mut tempfile::Builder<'p, 's> {
    builder
}

/// Nothing to tighten: no mode bits.
pub fn make_temp_private(_file: &File) -> io::Result<()> {
    Ok(())
}

fn wide(path: &Path) -> Vec<u16> {
    OsStr::new(path).encode_wide().chain(Some(0)).collect()
}

/// How often a rename blocked by another program's open handle is tried.
const RENAME_TRIES: u32 = 20;

/// `MoveFileExW(from, to, REPLACE_EXISTING [| WRITE_THROUGH])`, tried again
/// for up to about a second while another program holds `to` open.
fn move_file(from_path: &Path, to_path: &Path, durable: bool) -> io::Result<()> {
    let (from, to) = (wide(from_path), wide(to_path));
    let mut flags = MOVEFILE_REPLACE_EXISTING;
    if durable {
        flags |= MOVEFILE_WRITE_THROUGH;
    }
    let mut tries = 0;
    loop {
        // SAFETY: both are NUL-terminated UTF-16 strings that outlive the call.
        if unsafe { MoveFileExW(from.as_ptr(), to.as_ptr(), flags) } != 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        let busy = e.raw_os_error().is_some_and(|c| {
            c == ERROR_ACCESS_DENIED as i32 || c == ERROR_SHARING_VIOLATION as i32
        });
        // `to` is open somewhere. Windows 10 and later can still replace it
        // if every handle allows deletion (reflect's own readers do): std's
        // rename asks for that (POSIX semantics) where the system has it.
        if busy && fs::rename(from_path, to_path).is_ok() {
            return Ok(());
        }
        tries += 1;
        if !busy || tries >= RENAME_TRIES {
            return Err(e);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Give a finished temporary file its name, replacing what was there. The
/// handle is closed first (Windows cannot rename over a file it has open
/// elsewhere); if the rename fails, the temporary file is removed and the
/// old file is untouched.
pub fn persist(tmp: tempfile::NamedTempFile, target: &Path, durable: bool) -> io::Result<()> {
    let mut path = tmp.into_temp_path();
    // tempfile marks its files temporary (kept in cache, not hurried to
    // disk); the saved file is an ordinary one.
    let w = wide(&path);
    // SAFETY: a NUL-terminated UTF-16 string that outlives the call.
    unsafe { SetFileAttributesW(w.as_ptr(), FILE_ATTRIBUTE_NORMAL) };
    move_file(&path, target, durable)?;
    // The name is gone: nothing for the temporary path to remove.
    path.disable_cleanup(true);
    Ok(())
}

/// Replaces `to`, written through to disk.
pub fn rename_over(from: &Path, to: &Path) -> io::Result<()> {
    move_file(from, to, true)
}

/// A folder cannot be flushed on Windows; every rename was written through.
pub fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// A new file, never through a link (`create_new` fails on any existing name).
pub fn create_new_private(path: &Path) -> io::Result<File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .custom_flags(FILE_FLAG_OPEN_REPARSE_POINT)
        .open(path)
}

/// The lock file, created if needed; a link is opened as itself (and then
/// refused by `files::open_lock`, which checks the type).
pub fn open_lock(path: &Path) -> io::Result<File> {
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .custom_flags(FILE_FLAG_OPEN_REPARSE_POINT)
        .open(path)
}

/// Whether a process with this id is running (or may be: one we may not
/// look at counts as running).
pub fn process_alive(pid: u32) -> bool {
    // SAFETY: OpenProcess takes plain values; the handle is closed below.
    let handle = unsafe { OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid) };
    if handle.is_null() {
        let denied = io::Error::last_os_error().raw_os_error() == Some(ERROR_ACCESS_DENIED as i32);
        return denied;
    }
    let mut code = 0u32;
    // SAFETY: `handle` is a live process handle and `code` a valid out pointer.
    let got = unsafe { GetExitCodeProcess(handle, &mut code) };
    // SAFETY: `handle` was opened above and is closed once.
    unsafe { CloseHandle(handle) };
    got == 0 || code == STILL_ACTIVE as u32
}

/// See [`super::write_new_file`]: Windows has no unnamed files.
pub fn write_unnamed(dir: &Path, name: &Path, bytes: &[u8], force: bool) -> io::Result<()> {
    super::write_named_then_link(dir, name, bytes, force)
}
