//! What the interface does differently by platform, in one place: how it
//! hears that the window is closing (signals on Unix, console control
//! events on Windows), whether the terminal has gone, and which editor to
//! use when none is set. `unix.rs` and `windows.rs` have the same items;
//! the loop in `tui/mod.rs` uses them as `platform::…` and has no `cfg`.

#[cfg(unix)]
#[path = "unix.rs"]
mod imp;

#[cfg(windows)]
#[path = "windows.rs"]
mod imp;

pub use imp::*;
