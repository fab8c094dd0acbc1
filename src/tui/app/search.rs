//! The Journal's search inside answers, on another thread: started by each
//! key typed in the search box, cancelled by the next, its matches handed
//! to the Journal each frame (newest first, as they are found).
//!
//! Only crossterm waits on the terminal: the search's channel is drained
//! with `try_recv` in `tick`, and the loop wakes often while a search runs
//! (see [`App::busy`]), so the first screenful shows within a frame of
//! being found.

use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, TryRecvError};

use super::{App, Notice, Screen};
use crate::journal::search::{Found, Query};
use crate::journal::{Reflection, Store};
use crate::tui::screens::journal::{Batch, Journal};

/// Matches get a line of their answer for about this many of the first
/// (each is one more file to parse on the searching thread).
const SNIPPETS: usize = 200;
/// About how many characters of answer a snippet shows.
const SNIPPET_WIDTH: usize = 70;

/// What the searching thread sends.
enum Msg {
    Hit(String, Option<String>),
    /// The end: the search's error, if it could not run.
    Done(Result<(), String>),
}

/// A search under way. Dropping it cancels it.
pub(super) struct Running {
    search: u64,
    cancel: Arc<AtomicBool>,
    rx: mpsc::Receiver<Msg>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

impl App {
    /// The query in the Journal's box changed: cancel the search under way
    /// and, if there is something to look for, start one for `query`.
    pub(super) fn start_search(&mut self, query: &str) {
        // Dropped: cancelled, and its channel with whatever it still held.
        self.search = None;
        let Screen::Journal(j) = &mut self.screen else {
            return;
        };
        let Some(q) = Query::new(query) else {
            return;
        };
        self.searches += 1;
        let search = self.searches;
        j.searching(search);
        let ids: Vec<String> = j.summaries.iter().map(|s| s.id.clone()).collect();
        let reader = self.store.reader();
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        let stop = Arc::clone(&cancel);
        let spawned = std::thread::Builder::new()
            .name("reflect-search".into())
            .spawn(move || search_thread(&reader, &q, &ids, &stop, &tx));
        match spawned {
            Ok(_) => {
                self.search = Some(Running { search, cancel, rx });
            }
            Err(_) => {
                j.matches = None;
                self.notice = Some(Notice::news(
                    "Only titles can be searched right now; please try again in a moment.",
                ));
            }
        }
    }

    /// Each frame: hand the Journal what the search found since the last.
    pub(super) fn poll_search(&mut self) {
        let Some(run) = &self.search else {
            return;
        };
        let mut batch = Batch {
            search: run.search,
            ..Batch::default()
        };
        let mut trouble = None;
        loop {
            match run.rx.try_recv() {
                Ok(Msg::Hit(id, snippet)) => batch.hits.push((id, snippet)),
                Ok(Msg::Done(result)) => {
                    batch.done = true;
                    trouble = result.err();
                    break;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    batch.done = true;
                    break;
                }
            }
        }
        if batch.hits.is_empty() && !batch.done {
            return;
        }
        let done = batch.done;
        let kept = self.journal_mut().is_some_and(|j| j.receive(batch));
        if let Some(e) = trouble {
            if let Some(j) = self.journal_mut() {
                j.matches = None;
            }
            self.notice = Some(Notice::news(format!(
                "Only titles can be searched right now: {e}."
            )));
        }
        // Finished, or nobody waits for it any more (the Journal was left,
        // or its query changed): let it go, which stops it.
        if done || !kept {
            self.search = None;
        }
    }

    /// A search is under way (tests wait for it with `tick`).
    pub fn searching(&self) -> bool {
        self.search.is_some()
    }

    /// The Journal, on screen or waiting under the export screen.
    fn journal_mut(&mut self) -> Option<&mut Journal> {
        match &mut self.screen {
            Screen::Journal(j) | Screen::Export(_, j) => Some(j),
            _ => None,
        }
    }
}

/// Search `ids` for `q`, sending each match as soon as the store hands it
/// over, until done, cancelled, or nobody listens.
fn search_thread(
    store: &Store,
    q: &Query,
    ids: &[String],
    cancel: &AtomicBool,
    tx: &mpsc::Sender<Msg>,
) {
    // Matches handed over so far: every one of the first SNIPPETS gets a
    // snippet (it is made before it is handed over, so fewer were by then).
    let handed = AtomicUsize::new(0);
    let result = store.search_stream_with(
        q,
        ids,
        cancel,
        || handed.load(Ordering::Relaxed) < SNIPPETS,
        |_: &String, bytes: &[u8]| {
            if handed.load(Ordering::Relaxed) >= SNIPPETS || bytes.is_empty() {
                return None;
            }
            let r: Reflection = serde_json::from_slice(bytes).ok()?;
            q.snippet(&r, SNIPPET_WIDTH).map(|s| s.text)
        },
        |found| {
            let Found::Hit { pos, item } = found else {
                // Unreadable files are already named under the list.
                return ControlFlow::Continue(());
            };
            handed.fetch_add(1, Ordering::Relaxed);
            let Some(id) = ids.get(pos) else {
                return ControlFlow::Continue(());
            };
            match tx.send(Msg::Hit(id.clone(), item)) {
                Ok(()) => ControlFlow::Continue(()),
                Err(_) => ControlFlow::Break(()),
            }
        },
    );
    let stale = result.as_ref().is_ok_and(|f| f.complete && f.stale);
    let _ = tx.send(Msg::Done(result.map(|_| ()).map_err(|e| e.to_string())));
    if stale && !cancel.load(Ordering::Relaxed) {
        // The person has their answer: now bring the word index up to date
        // (only the files that changed are read), so the next search is a
        // lookup. Written only by the lock's holder, this handle shares it.
        let _ = store.update_word_index();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::tui::action::Action;
    use crate::tui::screens::Effect;

    /// The app on the Journal of a sample journal of `n` reflections.
    fn journal_of(n: usize) -> (tempfile::TempDir, App) {
        let tmp = tempfile::tempdir().unwrap();
        crate::journal::sample::generate(tmp.path(), n, 17).unwrap();
        let mut app = App::new(Store::open_write(tmp.path()).unwrap(), false);
        app.apply(Effect::OpenJournal, Instant::now());
        app.update(Action::Search, Instant::now());
        (tmp, app)
    }

    fn journal(app: &App) -> &Journal {
        match &app.screen {
            Screen::Journal(j) => j,
            _ => panic!("not the journal"),
        }
    }

    /// Tick until the search is done; how many matches each frame showed.
    fn finish(app: &mut App) -> Vec<usize> {
        let start = Instant::now();
        let mut seen = Vec::new();
        while app.searching() {
            assert!(start.elapsed() < Duration::from_secs(30), "never finished");
            app.tick(Instant::now());
            if let Screen::Journal(j) = &app.screen {
                seen.push(j.hit_rows);
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        seen
    }

    #[test]
    fn the_next_key_cancels_the_search_under_way_and_starts_another() {
        let (_tmp, mut app) = journal_of(300);
        app.update(Action::Type('p'), Instant::now());
        let first = Arc::clone(&app.search.as_ref().unwrap().cancel);
        assert!(!first.load(Ordering::Relaxed));
        app.update(Action::Type('a'), Instant::now());
        assert!(
            first.load(Ordering::Relaxed),
            "the first search was told to stop"
        );
        assert_eq!(app.search.as_ref().unwrap().search, 2);
        let seen = finish(&mut app);
        assert!(seen.is_sorted(), "matches only ever arrive: {seen:?}");
        // What arrived, batch by batch, is what the whole search finds.
        let j = journal(&app);
        let m = j.matches.as_ref().unwrap();
        assert!(m.done && m.query == "pa" && m.search == 2);
        let (all, _) = app.store.search_among("pa", &j.summaries).unwrap();
        assert!(!all.is_empty());
        assert_eq!(j.hit_rows, all.len());
        assert!(j.snippets.len() >= all.len().min(SNIPPETS));
    }

    #[test]
    fn a_finished_search_leaves_a_word_index_for_the_next() {
        let (tmp, mut app) = journal_of(60);
        assert!(!tmp.path().join("words.bin").exists());
        app.update(Action::Type('p'), Instant::now());
        finish(&mut app);
        // Built on the search's thread once its answer was handed over.
        let start = Instant::now();
        while app.store.word_index().is_none() {
            assert!(start.elapsed() < Duration::from_secs(30), "never built");
            std::thread::sleep(Duration::from_millis(5));
        }
        app.update(Action::Type('a'), Instant::now());
        finish(&mut app);
        let j = journal(&app);
        let (all, _) = app.store.search_among("pa", &j.summaries).unwrap();
        assert_eq!(j.hit_rows, all.len(), "the same answer through the index");
        assert!(j.snippets.len() >= all.len().min(SNIPPETS));
    }

    #[test]
    fn a_search_nobody_waits_for_any_more_is_let_go() {
        let (_tmp, mut app) = journal_of(60);
        app.update(Action::Type('p'), Instant::now());
        let cancel = Arc::clone(&app.search.as_ref().unwrap().cancel);
        // Esc twice: the box is cleared, then Home.
        app.update(Action::Back, Instant::now());
        app.update(Action::Back, Instant::now());
        assert!(matches!(app.screen, Screen::Home(_)));
        finish(&mut app);
        assert!(cancel.load(Ordering::Relaxed));
    }
}
