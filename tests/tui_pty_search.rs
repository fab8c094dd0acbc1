//! End to end (issue 17): the Journal's search in the real binary, in a
//! real pseudo-terminal, on a sample journal of a few hundred reflections.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Unix only: a Unix pseudo-terminal.
#![cfg(unix)]

mod common;

use common::{Journal, Pty};
use reflect::journal::Store;

#[test]
fn searching_a_journal_of_300_shows_matches_with_snippets_and_a_count() {
    let j = Journal::new();
    reflect::journal::sample::generate(&j.dir, 300, 7).unwrap();
    std::fs::write(j.dir.join("welcomed"), b"").unwrap();
    // What the whole search finds, asked of the store directly.
    let expected = {
        let store = Store::open_write(&j.dir).unwrap();
        store.search("pressure").unwrap().0.len()
    };
    assert!(expected > 20, "a common word: {expected}");

    let mut s = Pty::reflect(&j.dir, &[]);
    s.wait_for("Start a reflection");
    // Home: the last choice is Quit; Journal is two above it.
    s.send(b"G");
    s.send(b"kk");
    s.send(common::ENTER);
    s.wait_for("newest first");
    s.send(b"/");
    s.send(b"pressure");
    let screen = s.wait_for(&format!("{expected} reflections match."));
    // Each match shows the words around it, under its row.
    let snippets = screen
        .lines()
        .filter(|l| l.to_lowercase().contains("pressure") && !l.contains("Search:"))
        .count();
    assert!(snippets >= 5, "{screen}");
    // Enter goes to the list of what was found; the first can be read.
    s.send(common::ENTER);
    s.wait_for(&format!("1 of {expected}"));
    s.send(common::CTRL_Q);
    assert!(s.wait_exit().success());
}
