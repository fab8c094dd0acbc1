//! Noticing that the terminal has gone away.
//!
//! When a window is closed or a connection drops, the terminal "hangs up":
//! reading from it returns nothing (or an error) for ever after. crossterm
//! 0.29's reader retries such reads without end, so a loop that simply asks
//! crossterm for the next key would spin there, never saving and never
//! exiting, even after SIGHUP or SIGTERM set their flags.
//!
//! So the loop asks poll(2) first, which tells a hang-up apart from a key,
//! and turns to crossterm only while the terminal is still there. A watchdog
//! thread covers the one gap left (a hang-up in the microseconds between that
//! check and crossterm's read): it asks the loop to stop, and if the loop has
//! not finished a few seconds later, ends the process. Autosave means that
//! costs at most the last second of typing.

use std::io;
use std::os::fd::AsFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec};

/// What the terminal's input side holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Something to read (keys, a paste, a reply from the terminal).
    Ready,
    /// Nothing within the time given, or a signal arrived.
    Quiet,
    /// The terminal has hung up; nothing will ever come again.
    Gone,
}

fn timespec(d: Duration) -> Timespec {
    Timespec {
        tv_sec: d.as_secs().try_into().unwrap_or(i64::MAX),
        tv_nsec: d.subsec_nanos().into(),
    }
}

/// Poll standard input (the terminal crossterm reads) for up to `timeout`,
/// asking for `flags`.
fn poll_stdin(flags: PollFlags, timeout: Duration) -> io::Result<Input> {
    let stdin = io::stdin();
    let fd = stdin.as_fd();
    let mut fds = [PollFd::new(&fd, flags)];
    match rustix::event::poll(&mut fds, Some(&timespec(timeout))) {
        Ok(0) => Ok(Input::Quiet),
        Ok(_) => {
            let got = fds[0].revents();
            if got.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                Ok(Input::Gone)
            } else if got.contains(PollFlags::IN) {
                Ok(Input::Ready)
            } else {
                Ok(Input::Quiet)
            }
        }
        // A signal (SIGWINCH, SIGHUP, ...): the loop looks at its flags and
        // the terminal's size on its next turn.
        Err(rustix::io::Errno::INTR) => Ok(Input::Quiet),
        Err(e) => Err(e.into()),
    }
}

/// Wait up to `timeout` for input on the terminal.
pub fn wait_for_input(timeout: Duration) -> io::Result<Input> {
    poll_stdin(PollFlags::IN, timeout)
}

/// How long the loop has to save and leave once the terminal is gone.
const GRACE: Duration = Duration::from_secs(3);

/// Watches for a hang-up while the interface runs; stops watching when dropped.
pub struct Watchdog {
    done: Arc<AtomicBool>,
}

impl Watchdog {
    /// Start watching. On a hang-up, `stop` is set so the loop saves and
    /// returns; if it has not returned within [`GRACE`], the process ends.
    pub fn start(stop: Arc<AtomicBool>) -> Watchdog {
        let done = Arc::new(AtomicBool::new(false));
        let finished = Arc::clone(&done);
        let spawned = std::thread::Builder::new()
            .name("hangup-watchdog".into())
            .spawn(move || watch(&stop, &finished));
        if spawned.is_err() {
            // Without the watchdog the loop still notices a hang-up itself;
            // only the narrow race it covers is left open.
            done.store(true, Ordering::Relaxed);
        }
        Watchdog { done }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
    }
}

fn watch(stop: &AtomicBool, done: &AtomicBool) {
    // Asking for no events at all still reports a hang-up or an error, and
    // never competes with the loop for keys.
    while !done.load(Ordering::Relaxed) {
        match poll_stdin(PollFlags::empty(), Duration::from_millis(500)) {
            Ok(Input::Gone) => break,
            Ok(_) => {}
            Err(_) => return,
        }
    }
    if done.load(Ordering::Relaxed) {
        return;
    }
    stop.store(true, Ordering::Relaxed);
    let since = Instant::now();
    while since.elapsed() < GRACE {
        if done.load(Ordering::Relaxed) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // The loop is stuck inside the terminal library: autosave has kept all
    // but the last moment of typing, and nobody is left to see this window.
    std::process::exit(1);
}
