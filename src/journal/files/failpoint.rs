//! Injected failures, for the fault tests (`tests/faults.rs`).
//!
//! Each write, flush, rename, link and removal in `files.rs` first calls
//! [`hit`] with its name. Built with the `failpoints` feature (the tests
//! turn it on through a dev-dependency on this crate), a test can *arm* the
//! N-th hit on its thread to fail with an error, or to kill the process on
//! the spot as `kill -9` would. A process can be armed from outside with
//! `REFLECT_FAILPOINT=N` (kill) or `REFLECT_FAILPOINT=N:fail`. In a normal
//! build `hit` is an empty function.

/// What an armed point does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Return an error, as a full disk or a failing drive would.
    Fail,
    /// Kill the process with SIGKILL: nothing after it runs.
    Kill,
    /// Fail as a read-only drive does (`EROFS`).
    ReadOnlyDrive,
}

#[cfg(feature = "failpoints")]
mod armed {
    use std::cell::Cell;
    use std::io;

    use super::Mode;

    thread_local! {
        static PLAN: Cell<Option<(usize, Mode)>> = const { Cell::new(None) };
        static HITS: Cell<usize> = const { Cell::new(0) };
        static FROM_ENV: Cell<bool> = const { Cell::new(false) };
    }

    pub fn arm(at: usize, mode: Mode) {
        FROM_ENV.set(true);
        HITS.set(0);
        PLAN.set(Some((at, mode)));
    }

    pub fn disarm() -> usize {
        FROM_ENV.set(true);
        PLAN.set(None);
        HITS.replace(0)
    }

    pub fn hit(label: &str) -> io::Result<()> {
        if !FROM_ENV.replace(true)
            && let Ok(spec) = std::env::var("REFLECT_FAILPOINT")
        {
            let (n, mode) = match spec.split_once(':') {
                Some((n, "fail")) => (n, Mode::Fail),
                Some((n, _)) => (n, Mode::Kill),
                None => (spec.as_str(), Mode::Kill),
            };
            if let Ok(n) = n.parse() {
                PLAN.set(Some((n, mode)));
            }
        }
        let n = HITS.get() + 1;
        HITS.set(n);
        match PLAN.get() {
            Some((at, Mode::Fail)) if at == n => Err(io::Error::other(format!(
                "injected failure at point {n} ({label})"
            ))),
            Some((at, Mode::ReadOnlyDrive)) if at == n => Err(io::Error::from_raw_os_error(
                rustix::io::Errno::ROFS.raw_os_error(),
            )),
            Some((at, Mode::Kill)) if at == n => {
                let me = rustix::process::getpid();
                let _ = rustix::process::kill_process(me, rustix::process::Signal::KILL);
                std::process::abort()
            }
            _ => Ok(()),
        }
    }
}

#[cfg(feature = "failpoints")]
pub use armed::{arm, disarm};

#[cfg(feature = "failpoints")]
pub(crate) use armed::hit;

#[cfg(not(feature = "failpoints"))]
#[inline(always)]
pub(crate) fn hit(_label: &str) -> std::io::Result<()> {
    Ok(())
}
