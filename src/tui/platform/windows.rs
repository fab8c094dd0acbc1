//! Windows: console control events ask the loop to stop and save, as
//! SIGHUP and SIGTERM do on Unix.
//!
//! Closing the console window, logging off, shutting down and Ctrl-Break
//! each reach the handler below on a thread of their own. It sets the loop's
//! flag. For Ctrl-Break it returns at once and reflect carries on to save
//! and leave. For close, log-off and shut-down Windows ends the process as
//! soon as the handler returns (and in any case after about five seconds),
//! so the handler waits there, for at most four seconds, while the loop
//! saves and the process exits on its own. (Ctrl-C is a key in the
//! interface: raw mode delivers it as one, not as an event.)
//!
//! A closed console does not leave the input hanging as a Unix terminal
//! does, so there is no hang-up to watch for: `gone` always says no, and
//! the watchdog does nothing.

use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

use windows_sys::Win32::System::Console::{
    CTRL_BREAK_EVENT, CTRL_C_EVENT, CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT,
    SetConsoleCtrlHandler,
};
use windows_sys::core::BOOL;

/// A closed console ends the process through its control event; its input
/// never hangs up as a Unix terminal's does.
pub fn gone() -> io::Result<bool> {
    Ok(false)
}

/// Counts the loop's entries into crossterm's reader (kept for the same
/// loop as on Unix; nothing watches it here).
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
}

/// Nothing to watch on Windows (see the module notes).
pub struct Watchdog;

impl Watchdog {
    /// Nothing is started.
    pub fn start(_stop: Arc<AtomicBool>, _reading: Arc<Reading>) -> Watchdog {
        Watchdog
    }
}

/// The loop's flag, set by the console control handler.
static STOP: Mutex<Option<Arc<AtomicBool>>> = Mutex::new(None);

/// The handler is added once per process.
static REGISTER: Once = Once::new();

/// How long a closing console waits for the loop to save (Windows allows
/// about five seconds before it ends the process itself).
const CLOSE_GRACE: Duration = Duration::from_secs(4);

/// What the handler does with one console control event: whether the
/// loop is asked to stop, and whether to wait there for it to finish.
fn response(event: u32) -> (bool, bool) {
    match event {
        CTRL_CLOSE_EVENT | CTRL_LOGOFF_EVENT | CTRL_SHUTDOWN_EVENT => (true, true),
        CTRL_BREAK_EVENT | CTRL_C_EVENT => (true, false),
        _ => (false, false),
    }
}

unsafe extern "system" fn on_console_event(event: u32) -> BOOL {
    let (stop, wait) = response(event);
    if !stop {
        return 0;
    }
    if let Ok(Some(flag)) = STOP.lock().as_deref() {
        flag.store(true, Ordering::SeqCst);
    }
    if wait {
        // The process exits from the main thread once the loop has saved;
        // this thread ends with it. Returning earlier would end it first.
        let start = Instant::now();
        while start.elapsed() < CLOSE_GRACE {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    1
}

/// Closing the window, logging off, shutting down or Ctrl-Break sets
/// `stop`; the loop then saves and leaves.
pub fn stop_on_close(stop: &Arc<AtomicBool>) -> io::Result<()> {
    if let Ok(mut slot) = STOP.lock() {
        *slot = Some(Arc::clone(stop));
    }
    let mut added = Ok(());
    REGISTER.call_once(|| {
        // SAFETY: `on_console_event` is a plain function that lives for the
        // whole process and only touches a mutex and an atomic.
        if unsafe { SetConsoleCtrlHandler(Some(on_console_event), 1) } == 0 {
            added = Err(io::Error::last_os_error());
        }
    });
    added
}

/// Notepad is on every Windows.
pub const DEFAULT_EDITOR: Option<&str> = Some("notepad.exe");

/// What to tell a person who has no editor set (not reached: Notepad).
pub const NO_EDITOR: &str = "To use your own editor, set EDITOR and start reflect again.";

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn closing_logging_off_and_ctrl_break_stop_the_loop_and_closing_waits_for_the_save() {
        assert_eq!(response(CTRL_CLOSE_EVENT), (true, true));
        assert_eq!(response(CTRL_LOGOFF_EVENT), (true, true));
        assert_eq!(response(CTRL_SHUTDOWN_EVENT), (true, true));
        assert_eq!(response(CTRL_BREAK_EVENT), (true, false));
        assert_eq!(response(99), (false, false));
    }

    #[test]
    fn without_an_editor_set_notepad_is_used() {
        assert_eq!(DEFAULT_EDITOR, Some("notepad.exe"));
    }

    #[test]
    fn a_ctrl_break_sets_the_loops_flag() {
        let stop = Arc::new(AtomicBool::new(false));
        stop_on_close(&stop).unwrap();
        // SAFETY: calls the handler as Windows would, on this thread.
        let handled = unsafe { on_console_event(CTRL_BREAK_EVENT) };
        assert_eq!(handled, 1);
        assert!(stop.load(Ordering::SeqCst));
        // A second run in the same process gets its own flag.
        let again = Arc::new(AtomicBool::new(false));
        stop_on_close(&again).unwrap();
        // SAFETY: as above.
        unsafe { on_console_event(CTRL_BREAK_EVENT) };
        assert!(again.load(Ordering::SeqCst));
    }
}
