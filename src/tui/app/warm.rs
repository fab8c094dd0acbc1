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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::journal::Store;
    use crate::tui::action::Action;
    use crate::tui::screens::home::HomeItem;

    fn home(app: &App) -> &Home {
        match &app.screen {
            Screen::Home(h) => h,
            _ => panic!("not Home"),
        }
    }

    #[test]
    fn without_an_index_home_shows_at_once_and_offers_continue_when_ready() {
        let tmp = tempfile::tempdir().unwrap();
        crate::journal::sample::generate(tmp.path(), 120, 5).unwrap();
        let drafts = Store::open_write(tmp.path())
            .unwrap()
            .list()
            .unwrap()
            .summaries
            .iter()
            .filter(|s| s.is_draft())
            .count();
        assert!(drafts > 0);
        // A restored backup: the reflections, and no caches.
        for f in ["index.json", "drafts.json"] {
            std::fs::remove_file(tmp.path().join(f)).unwrap();
        }
        let mut app = App::new(Store::open_write(tmp.path()).unwrap(), false);
        assert!(app.busy(), "the journal is listed on another thread");
        let h = home(&app);
        assert!(h.getting_ready && h.drafts.is_empty());
        // The person moves to Journal meanwhile.
        app.update(Action::Down, Instant::now());
        assert_eq!(home(&app).items[home(&app).selected()], HomeItem::Journal);
        let start = Instant::now();
        while app.busy() {
            assert!(start.elapsed() < Duration::from_secs(30), "never ready");
            std::thread::sleep(Duration::from_millis(2));
            app.tick(Instant::now());
        }
        let h = home(&app);
        assert!(!h.getting_ready);
        assert_eq!(h.drafts.len(), drafts, "Continue is offered for each");
        assert_eq!(
            h.items[h.selected()],
            HomeItem::Journal,
            "Enter still opens the Journal"
        );
    }

    #[test]
    fn with_a_current_drafts_file_home_is_ready_at_once() {
        let tmp = tempfile::tempdir().unwrap();
        crate::journal::sample::generate(tmp.path(), 40, 5).unwrap();
        Store::open_write(tmp.path()).unwrap().list().unwrap();
        let app = App::new(Store::open_write(tmp.path()).unwrap(), false);
        assert!(!app.busy());
        assert!(!home(&app).getting_ready);
    }
}
