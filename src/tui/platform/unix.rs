//! Unix: SIGHUP and SIGTERM ask the loop to stop; poll(2) and a watchdog
//! notice a terminal that hung up (see `tui/hangup.rs`).

use std::io;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

pub use super::super::hangup::{Reading, Watchdog, gone};

/// The terminal closing (SIGHUP) or a polite kill (SIGTERM) sets `stop`;
/// the loop then saves and leaves.
pub fn stop_on_close(stop: &Arc<AtomicBool>) -> io::Result<()> {
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, Arc::clone(stop))?;
    }
    Ok(())
}

/// No editor is assumed on Unix: the person names theirs.
pub const DEFAULT_EDITOR: Option<&str> = None;

/// What to tell a person who has no editor set.
pub const NO_EDITOR: &str =
    "To use your own editor, set $EDITOR (for example to nano) and start reflect again.";
