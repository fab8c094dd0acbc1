//! Home at once, even when the journal must be listed first.
//!
//! Without a current drafts file (no `index.json` yet: files copied in by
//! hand, a restored backup, an upgrade) finding the drafts to Continue means
//! reading every reflection: half a second at 10,000, half a minute at
//! 100,000. Home shows at once instead, says quietly that the journal is
//! being got ready, and offers Continue when the listing on another thread
//! is done (polled each frame in `tick`, never waited for by the loop).

use super::{App, Screen};
use crate::journal::warmup::Warmup;
use crate::tui::screens::home::Home;

impl App {
    /// Home as the app opens or is unlocked.
    pub(super) fn open_home(&mut self) {
        match self.store.latest_draft_now() {
            Ok(None) => {
                self.warming = Some(Warmup::start(&self.store));
                self.screen = Screen::Home(Home::getting_ready());
            }
            // It can tell (or something is wrong, which listing will say).
            _ => self.go_home(),
        }
    }

    /// Each frame: once the listing is done, offer Continue on Home.
    pub(super) fn poll_warmup(&mut self) {
        let Some(done) = self.warming.as_ref().and_then(Warmup::poll) else {
            return;
        };
        self.warming = None;
        if !matches!(&self.screen, Screen::Home(h) if h.getting_ready) {
            return;
        }
        // The index is rebuilt now, so this listing is quick; if it fails,
        // the newest draft the other thread found is still offered.
        let mut drafts = self.drafts();
        if drafts.is_empty()
            && let Ok(Some(d)) = done
        {
            drafts.push(d);
        }
        if let Screen::Home(h) = &mut self.screen {
            h.ready(drafts);
        }
    }

    /// Wait for a listing under way, before listing again here.
    pub(super) fn settle(&mut self) {
        if let Some(w) = self.warming.take() {
            let _ = w.wait();
        }
    }

    /// Something runs on another thread whose results the screen waits
    /// for: the loop should wake often to take them in.
    pub fn busy(&self) -> bool {
        self.warming.is_some() || self.search.is_some()
    }
}
