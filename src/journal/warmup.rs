//! Starting without an index: Home first, the listing on another thread.
//!
//! A journal whose `index.json` is missing or stale (files copied in by hand,
//! a restored backup, an upgrade) must be listed in full before "Continue"
//! can be offered: 0.5 s at 10,000 reflections, 26 s at 100,000. The TUI
//! need not wait for it:
//!
//! ```no_run
//! # use reflect::journal::Store;
//! # fn show_home(_: Option<reflect::journal::Summary>, _checking: bool) {}
//! # let store = Store::open_write(std::path::Path::new("/tmp/j")).unwrap();
//! match store.latest_draft_now() {
//!     Ok(Some(draft)) => show_home(draft, false),
//!     _ => {
//!         show_home(None, true); // "Getting your journal ready…", quietly
//!         let warm = reflect::journal::warmup::Warmup::start(&store);
//!         // each frame: if let Some(done) = warm.poll() { ... }
//!     }
//! }
//! ```

use std::sync::mpsc;
use std::thread::JoinHandle;

use super::{Store, StoreError, Summary};

/// A listing under way on another thread, started by [`Warmup::start`].
pub struct Warmup {
    done: mpsc::Receiver<Result<Option<Summary>, StoreError>>,
    thread: Option<JoinHandle<()>>,
}

impl Warmup {
    /// List the journal on a new thread through a read-only handle on
    /// `store` (so `store` stays usable, lock and all). The index is
    /// rebuilt on the way; what comes back is the newest draft.
    pub fn start(store: &Store) -> Warmup {
        let reader = store.reader();
        let (tx, done) = mpsc::channel();
        let work = move || {
            let _ = tx.send(reader.latest_draft());
        };
        let thread = match std::thread::Builder::new()
            .name("reflect-warmup".into())
            .spawn(work)
        {
            Ok(t) => Some(t),
            Err(_) => {
                // No thread to be had: a second channel, filled right here.
                let (tx, rx) = mpsc::channel();
                let _ = tx.send(store.reader().latest_draft());
                return Warmup {
                    done: rx,
                    thread: None,
                };
            }
        };
        Warmup { done, thread }
    }

    /// The newest draft once the listing is done; None while it is under
    /// way. Never blocks: call it each frame.
    pub fn poll(&self) -> Option<Result<Option<Summary>, StoreError>> {
        match self.done.try_recv() {
            Ok(r) => Some(r),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Ok(None)),
        }
    }

    /// Wait for the listing (tests, and a quit before it is done).
    pub fn wait(mut self) -> Result<Option<Summary>, StoreError> {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.done.recv().unwrap_or(Ok(None))
    }
}

impl Store {
    /// A second handle on the same journal, unlocked like this one, for work
    /// on another thread (rebuilding the index, a search) while this one goes
    /// on. It shares this handle's lock (a duplicate of the same open lock
    /// file), so the caches it rebuilds are written by the lock's holder, as
    /// every cache must be; a handle without the lock gets a reader without it.
    pub fn reader(&self) -> Store {
        Store {
            dir: self.dir.clone(),
            lock: self.lock.as_ref().and_then(|f| f.try_clone().ok()),
            notices: Vec::new(),
            encrypted: self.encrypted,
            key: self.key.clone(),
            work_factor: self.work_factor,
            words: std::sync::Arc::clone(&self.words),
        }
    }
}
