//! Helpers shared by the test files: the real binary against a temporary
//! journal, and a real pseudo-terminal whose screen is read through vt100.
//!
//! Each test file uses only some of them.
#![allow(dead_code, unused_imports, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Duration;

#[cfg(unix)]
pub use pty::Pty;

/// How long to wait for a screen or an exit: a debug build on a busy
/// two-core CI machine can take a while to draw.
pub const WAIT: Duration = Duration::from_secs(30);
pub const ROWS: u16 = 30;
pub const COLS: u16 = 100;

pub const ENTER: &[u8] = b"\r";
pub const TAB: &[u8] = b"\t";
pub const DOWN: &[u8] = b"\x1b[B";
pub const CTRL_Q: &[u8] = b"\x11";

/// A temporary journal and `reflect` commands pointed at it.
pub struct Journal {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
}

impl Journal {
    pub fn new() -> Journal {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        Journal { tmp, dir }
    }

    pub fn cmd(&self) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_reflect"));
        c.arg("--data-dir")
            .arg(&self.dir)
            .env_remove("REFLECT_DATA_DIR");
        c
    }

    /// Run a command that must succeed; its standard output.
    pub fn run(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    /// The names of the files in `sub`, sorted.
    pub fn files(&self, sub: &str) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

/// Set a folder's modification time, as if nothing had changed in it since
/// `when`. Windows opens a folder only with backup semantics, and needs
/// write access to change its times.
pub fn set_dir_modified(dir: &std::path::Path, when: std::time::SystemTime) {
    #[cfg(unix)]
    let folder = std::fs::File::open(dir).unwrap();
    #[cfg(windows)]
    let folder = {
        use std::os::windows::fs::OpenOptionsExt;
        use windows_sys::Win32::Storage::FileSystem::FILE_FLAG_BACKUP_SEMANTICS;
        std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(FILE_FLAG_BACKUP_SEMANTICS)
            .open(dir)
            .unwrap()
    };
    folder.set_modified(when).unwrap();
}

/// The pseudo-terminal half: Unix only (the tests drive a Unix pty; on
/// Windows the interface is checked by its unit and snapshot tests).
#[cfg(unix)]
mod pty {
    use std::io::{Read, Write};
    use std::num::NonZeroU16;
    use std::os::fd::BorrowedFd;
    use std::path::Path;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    use std::thread::{self, JoinHandle};
    use std::time::{Duration, Instant};

    use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

    use super::{COLS, ROWS, WAIT};

    /// A program in a pseudo-terminal, its screen kept up to date by a reader
    /// thread. Dropping it kills the program, so a failed test leaves no
    /// orphan behind.
    pub struct Pty {
        screen: Arc<Mutex<vt100::Parser>>,
        writer: Option<Box<dyn Write + Send>>,
        pub child: Box<dyn Child + Send + Sync>,
        master: Option<Box<dyn MasterPty + Send>>,
        stop_reading: Arc<AtomicBool>,
        reader: Option<JoinHandle<()>>,
    }

    impl Pty {
        /// Start `cmd` in a fresh pty of ROWS×COLS (sized before the program
        /// starts, or it would see a 0×0 terminal).
        pub fn spawn(cmd: CommandBuilder) -> Pty {
            let pair = native_pty_system()
                .openpty(PtySize {
                    rows: ROWS,
                    cols: COLS,
                    pixel_width: 0,
                    pixel_height: 0,
                })
                .unwrap();
            let child = pair.slave.spawn_command(cmd).unwrap();
            drop(pair.slave);
            let mut reader = pair.master.try_clone_reader().unwrap();
            let master_fd = pair.master.as_raw_fd().unwrap();
            // Our own handle on the master rather than portable-pty's writer,
            // whose drop types a newline and Ctrl-D (an end of file for a shell)
            // into the program: a closing window types nothing.
            // SAFETY: the master is open here, and `dup` makes a handle of our own.
            let writer: Box<dyn Write + Send> = Box::new(std::fs::File::from(
                rustix::io::dup(unsafe { BorrowedFd::borrow_raw(master_fd) }).unwrap(),
            ));
            let parser = vt100::Parser::new(
                NonZeroU16::new(ROWS).unwrap(),
                NonZeroU16::new(COLS).unwrap(),
                0,
            );
            let screen = Arc::new(Mutex::new(parser));
            let feed = Arc::clone(&screen);
            let stop_reading = Arc::new(AtomicBool::new(false));
            let stop = Arc::clone(&stop_reading);
            // The reader waits with a timeout rather than blocking in read(), so
            // `hang_up` can make it let go of its copy of the master.
            let reader = thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while !stop.load(Ordering::Relaxed) {
                    // SAFETY: the master outlives this thread: `hang_up` and
                    // `drop` join it before closing the master.
                    let fd = unsafe { BorrowedFd::borrow_raw(master_fd) };
                    let mut fds = [rustix::event::PollFd::new(
                        &fd,
                        rustix::event::PollFlags::IN,
                    )];
                    let timeout = rustix::event::Timespec {
                        tv_sec: 0,
                        tv_nsec: 50_000_000,
                    };
                    match rustix::event::poll(&mut fds, Some(&timeout)) {
                        Ok(0) => continue,
                        Ok(_) => {}
                        Err(rustix::io::Errno::INTR) => continue,
                        Err(_) => break,
                    }
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => feed.lock().unwrap().process(&buf[..n]),
                    }
                }
            });
            Pty {
                screen,
                writer: Some(writer),
                child,
                master: Some(pair.master),
                stop_reading,
                reader: Some(reader),
            }
        }

        /// `reflect --data-dir DATA` with a plain environment plus `env`.
        pub fn reflect(data: &Path, env: &[(&str, &str)]) -> Pty {
            let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_reflect"));
            cmd.arg("--data-dir");
            cmd.arg(data);
            cmd.env("TERM", "xterm-256color");
            cmd.env_remove("VISUAL");
            cmd.env_remove("EDITOR");
            cmd.env_remove("REFLECT_DATA_DIR");
            for (k, v) in env {
                cmd.env(k, v);
            }
            Pty::spawn(cmd)
        }

        pub fn contents(&self) -> String {
            self.screen.lock().unwrap().screen().contents()
        }

        /// Wait until `text` is on screen; the whole screen then.
        pub fn wait_for(&self, text: &str) -> String {
            let start = Instant::now();
            loop {
                let c = self.contents();
                if c.contains(text) {
                    return c;
                }
                assert!(
                    start.elapsed() < WAIT,
                    "timed out waiting for {text:?}; the screen shows:\n{c}"
                );
                thread::sleep(Duration::from_millis(50));
            }
        }

        /// Type `bytes`, then pause as a person would between keys.
        pub fn send(&mut self, bytes: &[u8]) {
            let w = self.writer.as_mut().expect("the terminal was hung up");
            w.write_all(bytes).unwrap();
            w.flush().unwrap();
            thread::sleep(Duration::from_millis(150));
        }

        /// Resize the terminal as a person dragging the window would: the
        /// program gets SIGWINCH, and the screen we read takes the new size.
        pub fn resize(&mut self, rows: u16, cols: u16) {
            self.screen.lock().unwrap().set_size(
                NonZeroU16::new(rows).unwrap(),
                NonZeroU16::new(cols).unwrap(),
            );
            self.master
                .as_ref()
                .expect("the terminal was hung up")
                .resize(PtySize {
                    rows,
                    cols,
                    pixel_width: 0,
                    pixel_height: 0,
                })
                .unwrap();
        }

        /// Type `bytes` with no pause after them.
        pub fn type_now(&mut self, bytes: &[u8]) {
            let w = self.writer.as_mut().expect("the terminal was hung up");
            w.write_all(bytes).unwrap();
            w.flush().unwrap();
        }

        pub fn pid(&self) -> u32 {
            self.child.process_id().unwrap()
        }

        /// Send a signal by name (`HUP`, `TERM`, `KILL`) to the program.
        pub fn signal(&self, name: &str) {
            let sent = std::process::Command::new("kill")
                .args([&format!("-{name}"), &self.pid().to_string()])
                .status()
                .unwrap();
            assert!(sent.success());
        }

        /// Close the terminal the way a closed window or a dropped connection
        /// does: every handle on the master side goes, and nothing else is sent.
        pub fn hang_up(&mut self) {
            self.stop_reading.store(true, Ordering::Relaxed);
            if let Some(r) = self.reader.take() {
                let _ = r.join();
            }
            self.writer = None;
            self.master = None;
        }

        /// Wait for the program to exit, failing the test after WAIT.
        pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
            let start = Instant::now();
            loop {
                if let Some(status) = self.child.try_wait().unwrap() {
                    return status;
                }
                assert!(
                    start.elapsed() < WAIT,
                    "the program did not exit; the screen shows:\n{}",
                    self.contents()
                );
                thread::sleep(Duration::from_millis(50));
            }
        }
    }

    impl Drop for Pty {
        fn drop(&mut self) {
            if let Ok(None) = self.child.try_wait() {
                let _ = self.child.kill();
                let _ = self.child.wait();
            }
            self.stop_reading.store(true, Ordering::Relaxed);
            if let Some(r) = self.reader.take() {
                let _ = r.join();
            }
        }
    }
}
