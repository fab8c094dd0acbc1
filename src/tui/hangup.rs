//! Noticing that the terminal has gone away.
//!
//! When a window is closed or a connection drops, the terminal "hangs up":
//! reading from it returns nothing (or an error) for ever after. crossterm
//! 0.29's reader retries such reads without end, so a loop that simply asks
//! crossterm for the next key would spin there, never saving and never
//! exiting, even after SIGHUP or SIGTERM set their flags.
//!
//! So before each wait, and before each event it reads, the loop asks
//! poll(2) whether the terminal has hung up, with a timeout of zero: poll(2)
//! never waits on the terminal, crossterm alone does (a second waiter would
//! leave crossterm's resize signal unread, and the key after a resize would
//! be lost behind it). Where poll(2) cannot watch a terminal (macOS answers
//! POLLNVAL for devices), the check says "still there" and the watchdog
//! below is all there is.
//!
//! A watchdog thread covers what is left: a hang-up while the loop waits
//! in crossterm (where crossterm's reader would spin), or, without poll(2),
//! any hang-up. It hears of it at once: its poll(2) asks for no events, so
//! it returns the moment the terminal hangs up. Once the terminal is gone (poll says so,
//! or SIGHUP or SIGTERM arrived) it asks the loop to stop, and frees a loop
//! caught in crossterm's reader by putting an empty, never-ending pipe where
//! the terminal's input was: the reader then hears "nothing yet" instead of
//! "nothing ever", returns, and the loop saves and leaves as usual. Only if
//! the loop is still stuck a few seconds later does it end the process
//! (autosave has kept all but the last second of typing). It never ends the
//! process while the loop is elsewhere, such as waiting for the person's own
//! editor.

use std::io;
use std::os::fd::AsFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec};

/// What poll(2) says of the terminal's input side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    /// Something to read (keys, a paste, a reply from the terminal).
    Ready,
    /// Nothing within the time given, or a signal arrived.
    Quiet,
    /// The terminal has hung up; nothing will ever come again.
    Gone,
    /// poll(2) cannot watch this terminal.
    Unknown,
}

fn timespec(d: Duration) -> Timespec {
    Timespec {
        tv_sec: d.as_secs().try_into().unwrap_or(i64::MAX),
        tv_nsec: d.subsec_nanos().into(),
    }
}

/// What poll(2) reported for the terminal.
fn classify(got: PollFlags) -> Input {
    if got.contains(PollFlags::NVAL) {
        Input::Unknown
    } else if got.intersects(PollFlags::HUP | PollFlags::ERR) {
        Input::Gone
    } else if got.contains(PollFlags::IN) {
        Input::Ready
    } else {
        Input::Quiet
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
        Ok(_) => Ok(classify(fds[0].revents())),
        // A signal (SIGWINCH, SIGHUP, ...): the loop looks at its flags and
        // the terminal's size on its next turn.
        Err(rustix::io::Errno::INTR) => Ok(Input::Quiet),
        Err(e) => Err(e.into()),
    }
}

/// Whether the terminal has hung up, asked without waiting. Asking for no
/// events still reports a hang-up, and never competes with crossterm.
pub fn gone() -> io::Result<bool> {
    Ok(poll_stdin(PollFlags::empty(), Duration::ZERO)? == Input::Gone)
}

/// Counts the loop's entries into and exits from crossterm's reader: odd
/// while inside. The watchdog reads it to tell "stuck in the reader" from
/// "busy elsewhere" (an editor, a save).
#[derive(Debug, Default)]
pub struct Reading(AtomicU64);

impl Reading {
    /// Run `read` (a call into crossterm's reader), counted.
    pub fn during<T>(&self, read: impl FnOnce() -> T) -> T {
        self.0.fetch_add(1, Ordering::SeqCst);
        let out = read();
        self.0.fetch_add(1, Ordering::SeqCst);
        out
    }

    fn now(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// How long the loop may stay inside crossterm's reader once the terminal
/// is gone before the process is ended.
const GRACE: Duration = Duration::from_secs(3);

/// Watches for a hang-up while the interface runs; stops watching when dropped.
pub struct Watchdog {
    done: Arc<AtomicBool>,
}

impl Watchdog {
    /// Start watching. `stop` is the loop's flag (SIGHUP and SIGTERM set it
    /// too); `reading` is counted by the loop around crossterm's reader.
    pub fn start(stop: Arc<AtomicBool>, reading: Arc<Reading>) -> Watchdog {
        let done = Arc::new(AtomicBool::new(false));
        let finished = Arc::clone(&done);
        let spawned = std::thread::Builder::new()
            .name("hangup-watchdog".into())
            .spawn(move || watch(&stop, &reading, &finished));
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

fn watch(stop: &AtomicBool, reading: &Reading, done: &AtomicBool) {
    // Asking for no events at all still reports a hang-up or an error, and
    // never competes with the loop for keys.
    let mut can_poll = true;
    let mut hung_up = false;
    while !done.load(Ordering::Relaxed) && !stop.load(Ordering::Relaxed) {
        if !can_poll {
            std::thread::sleep(Duration::from_millis(250));
            continue;
        }
        match poll_stdin(PollFlags::empty(), Duration::from_millis(500)) {
            Ok(Input::Gone) => {
                hung_up = true;
                stop.store(true, Ordering::Relaxed);
            }
            Ok(Input::Unknown) | Err(_) => can_poll = false,
            Ok(_) => {}
        }
    }
    if done.load(Ordering::Relaxed) {
        return;
    }
    // SIGHUP often comes first: see whether the terminal went with it.
    hung_up = hung_up
        || (can_poll && poll_stdin(PollFlags::empty(), Duration::ZERO).ok() == Some(Input::Gone));
    // The terminal is gone or a signal asked the loop to stop. If it is
    // gone, free the reader at once; otherwise only once the loop has sat
    // inside it all through the grace period (anywhere else, the loop will
    // get back to its flag). End the process only if that did not help.
    let mut freed = hung_up && free_the_reader();
    let mut seen = reading.now();
    let mut since = Instant::now();
    while !done.load(Ordering::Relaxed) {
        let now = reading.now();
        if now != seen || now.is_multiple_of(2) {
            seen = now;
            since = Instant::now();
        } else if since.elapsed() >= GRACE {
            if freed {
                // Autosave has kept all but the last moment of typing, and
                // nobody is left to see this window.
                std::process::exit(1);
            }
            freed = free_the_reader();
            since = Instant::now();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Put the read end of an empty pipe in place of standard input. Its write
/// end is kept open (and left to the end of the process), so reads say "try
/// again" rather than "end of file": crossterm's reader stops retrying and
/// returns. Output and the terminal's settings are untouched. False if that
/// could not be done.
fn free_the_reader() -> bool {
    use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};
    let Ok((read, write)) = rustix::pipe::pipe() else {
        return false;
    };
    let nonblocking =
        fcntl_getfl(&read).and_then(|flags| fcntl_setfl(&read, flags | OFlags::NONBLOCK));
    if nonblocking.is_err() || rustix::stdio::dup2_stdin(&read).is_err() {
        return false;
    }
    std::mem::forget(write);
    true
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn poll_results_are_read_as_a_person_would_mean_them() {
        assert_eq!(classify(PollFlags::IN), Input::Ready);
        assert_eq!(classify(PollFlags::IN | PollFlags::HUP), Input::Gone);
        assert_eq!(classify(PollFlags::ERR), Input::Gone);
        // macOS: poll(2) does not watch devices; that is no hang-up.
        assert_eq!(classify(PollFlags::NVAL), Input::Unknown);
        assert_eq!(classify(PollFlags::empty()), Input::Quiet);
    }

    #[test]
    fn a_freed_reader_hears_try_again_rather_than_end_of_file() {
        use std::io::Read;
        // This test binary never reads standard input, so replacing it is safe.
        assert!(free_the_reader());
        let mut buf = [0u8; 8];
        let err = std::io::stdin().lock().read(&mut buf).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    }

    #[test]
    fn reading_is_odd_only_inside() {
        let r = Reading::default();
        assert!(!r.during(|| r.now().is_multiple_of(2)));
        assert!(r.now().is_multiple_of(2));
    }
}
