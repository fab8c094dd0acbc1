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

#[test]
fn with_a_word_index_the_journal_search_finds_the_same_and_reads_no_file_it_rules_out() {
    let j = Journal::new();
    reflect::journal::sample::generate(&j.dir, 300, 7).unwrap();
    std::fs::write(j.dir.join("welcomed"), b"").unwrap();
    let expected = {
        let store = Store::open_write(&j.dir).unwrap();
        let n = store.search("pressure").unwrap().0.len();
        common::set_dir_modified(
            &j.dir.join("reflections"),
            std::time::SystemTime::now() - std::time::Duration::from_secs(3600),
        );
        store.update_word_index().unwrap();
        n
    };
    // One reflection gets a word the index does not know, in place (its
    // size, times and inode kept): a search that reads only what the index
    // names cannot see it.
    let first = std::fs::read_dir(j.dir.join("reflections"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    let meta = std::fs::metadata(&first).unwrap();
    let text = std::fs::read_to_string(&first)
        .unwrap()
        .replacen("pressure", "walrusxx", 1);
    assert_eq!(text.len() as u64, meta.len());
    {
        use std::io::{Seek, Write};
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&first)
            .unwrap();
        f.rewind().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f.set_modified(meta.modified().unwrap()).unwrap();
    }

    let mut s = Pty::reflect(&j.dir, &[]);
    s.wait_for("Start a reflection");
    s.send(b"G");
    s.send(b"kk");
    s.send(common::ENTER);
    s.wait_for("newest first");
    s.send(b"/");
    s.send(b"walrusxx");
    s.wait_for("Nothing matches that search.");
    for _ in 0.."walrusxx".len() {
        s.send(b"\x7f");
    }
    s.send(b"pressure");
    let screen = s.wait_for(&format!("{expected} reflections match."));
    let snippets = screen
        .lines()
        .filter(|l| l.to_lowercase().contains("pressure") && !l.contains("Search:"))
        .count();
    assert!(snippets >= 5, "{screen}");
    s.send(common::CTRL_Q);
    assert!(s.wait_exit().success());
}
