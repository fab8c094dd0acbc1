//! The word index (issue 17): a search through it finds exactly what a scan
//! of every file finds, whatever happened to the journal since it was
//! built; a locked journal's index is never plain text on disk; a damaged
//! one is ignored and rebuilt.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Seek, Write};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, SystemTime};

use age::secrecy::SecretString;
use common::{Journal, set_dir_modified};
use proptest::prelude::*;
use reflect::content::builtin_packs;
use reflect::journal::search::{Found, Query};
use reflect::journal::{Entry, Reflection, Store};

const PASS: &str = "a long and happy passphrase";

/// Save one "Ask yourself" reflection numbered `i` whose first two answers
/// are `texts` (the second hidden when `hide`).
fn save(store: &Store, i: usize, texts: &[String], hide: bool) -> String {
    let pack = builtin_packs()
        .into_iter()
        .find(|p| p.id == "ask-yourself")
        .unwrap();
    let start = chrono::DateTime::parse_from_rfc3339("2026-03-01T09:00:00+01:00").unwrap();
    let started = start + chrono::Duration::days(i as i64);
    let id = format!("{}-{:04x}", started.to_utc().format("%Y%m%d-%H%M%S"), i);
    let mut r = Reflection::new(id.clone(), &pack);
    let qs: Vec<_> = pack
        .questions
        .iter()
        .filter(|q| matches!(q.kind, reflect::content::Kind::Text))
        .take(texts.len())
        .cloned()
        .collect();
    for (q, text) in qs.iter().zip(texts) {
        r.set(&pack, Some(Entry::text(q, None, text)), &q.id);
    }
    if hide && let Some(e) = r.answers.get_mut(1) {
        e.hidden = true;
    }
    r.started = started;
    r.updated = started;
    store.save(&r).unwrap();
    id
}

/// What the streamed search hands over (through the index when there is
/// one), as ids, newest first; `bytes` whether matches are read.
fn streamed(store: &Store, query: &Query, bytes: bool) -> (Vec<String>, bool) {
    let listing = store.list().unwrap();
    let mut out = Vec::new();
    let done = store
        .search_stream_with(
            query,
            &listing.summaries,
            &AtomicBool::new(false),
            || bytes,
            |s, b| {
                assert!(!bytes || !b.is_empty(), "a match read for its snippet");
                s.id.clone()
            },
            |f| {
                if let Found::Hit { item, .. } = f {
                    out.push(item);
                }
                ControlFlow::Continue(())
            },
        )
        .unwrap();
    assert!(done.complete);
    (out, done.stale)
}

/// What a scan of every file finds (no index involved).
fn scanned(store: &Store, query: &str) -> Vec<String> {
    let listing = store.list().unwrap();
    let (hits, _) = store.search_among(query, &listing.summaries).unwrap();
    hits.into_iter()
        .map(|i| listing.summaries[i].id.clone())
        .collect()
}

fn backdate(dir: &Path) {
    set_dir_modified(
        &dir.join("reflections"),
        SystemTime::now() - Duration::from_secs(3600),
    );
}

/// Words that make folding, splitting and phrases interesting.
const WORDS: &[&str] = &[
    "café",
    "Cafe",
    "CAFÉ",
    "cafe\u{301}",
    "naïve",
    "Zürich",
    "pressure",
    "Pressure,",
    "partner's",
    "my",
    "partner",
    "x1",
    "ΟΔΟΣ",
    "οδος",
    "学校",
    "e-mail",
    "well—",
    "\"quoted\"",
    "ß",
    "İstanbul",
];

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (
            proptest::sample::select(WORDS),
            proptest::sample::select(&[" ", "  ", "\n", ", ", "-", ""][..]),
        ),
        0..6,
    )
    .prop_map(|v| v.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(WORDS).prop_map(str::to_string),
        // A piece of a word, any case.
        (
            proptest::sample::select(WORDS),
            0usize..4,
            1usize..5,
            any::<bool>()
        )
            .prop_map(|(w, a, n, up)| {
                let p: String = w.chars().skip(a).take(n).collect();
                if up { p.to_uppercase() } else { p }
            }),
        (
            proptest::sample::select(WORDS),
            proptest::sample::select(WORDS)
        )
            .prop_map(|(a, b)| format!("{a} {b}")),
        (
            proptest::sample::select(WORDS),
            proptest::sample::select(WORDS)
        )
            .prop_map(|(a, b)| format!("\"{a} {b}\"")),
        Just("no-such-word".to_string()),
        Just("e".to_string()),
    ]
}

/// What happens to one reflection after the index was built.
#[derive(Debug, Clone)]
enum Change {
    Keep,
    Rewrite(Vec<String>),
    Delete,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        4 => Just(Change::Keep),
        1 => proptest::collection::vec(text(), 1..3).prop_map(Change::Rewrite),
        1 => Just(Change::Delete),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn a_search_through_the_index_finds_what_a_scan_finds(
        journal in proptest::collection::vec((proptest::collection::vec(text(), 1..3), any::<bool>()), 1..13),
        changes in proptest::collection::vec(change(), 13),
        added in proptest::collection::vec(text(), 0..3),
        queries in proptest::collection::vec(query(), 1..5),
        quiet in any::<bool>(),
    ) {
        let j = Journal::new();
        let store = Store::open_write(&j.dir).unwrap();
        let ids: Vec<String> = journal
            .iter()
            .enumerate()
            .map(|(i, (texts, hide))| save(&store, i, texts, *hide))
            .collect();
        if quiet {
            backdate(&j.dir);
        }
        prop_assert!(store.update_word_index().is_some());
        for q in &queries {
            let Some(query) = Query::new(q) else { continue };
            let want = scanned(&store, q);
            prop_assert_eq!(&streamed(&store, &query, true).0, &want, "{:?} fresh", q);
            prop_assert_eq!(&streamed(&store, &query, false).0, &want, "{:?} fresh, no bytes", q);
        }
        // Then the journal changes under the index.
        for (i, (id, c)) in ids.iter().zip(&changes).enumerate() {
            match c {
                Change::Keep => {}
                Change::Rewrite(texts) => {
                    save(&store, i, texts, false);
                }
                Change::Delete => store.delete(id).unwrap(),
            }
        }
        for (k, t) in added.iter().enumerate() {
            save(&store, 100 + k, std::slice::from_ref(t), false);
        }
        for q in &queries {
            let Some(query) = Query::new(q) else { continue };
            let want = scanned(&store, q);
            prop_assert_eq!(&streamed(&store, &query, true).0, &want, "{:?} stale", q);
            prop_assert_eq!(&streamed(&store, &query, false).0, &want, "{:?} stale, no bytes", q);
        }
        // And brought up to date.
        prop_assert!(store.update_word_index().is_some());
        for q in &queries {
            let Some(query) = Query::new(q) else { continue };
            let want = scanned(&store, q);
            prop_assert_eq!(&streamed(&store, &query, false).0, &want, "{:?} updated", q);
        }
    }
}

#[test]
fn a_missing_or_stale_index_says_so_and_an_updated_one_does_not() {
    let j = Journal::new();
    let store = Store::open_write(&j.dir).unwrap();
    for i in 0..5 {
        save(&store, i, &[format!("answer number{i} pressure")], false);
    }
    backdate(&j.dir);
    let q = Query::new("pressure").unwrap();
    assert!(streamed(&store, &q, false).1, "no index yet");
    store.update_word_index().unwrap();
    assert!(j.dir.join("words.bin").exists());
    let (hits, stale) = streamed(&store, &q, false);
    assert_eq!(hits.len(), 5);
    assert!(!stale);
    save(&store, 9, &["pressure again".into()], false);
    backdate(&j.dir);
    let (hits, stale) = streamed(&store, &q, false);
    assert_eq!(hits.len(), 6, "the new one is scanned");
    assert!(stale);
}

/// Overwrite a file in place, keeping its size, time and inode: a change
/// no stamp can see, to show which files a search reads.
fn overwrite_unseen(path: &Path, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let meta = std::fs::metadata(path).unwrap();
    let text = std::fs::read_to_string(path).unwrap().replace(from, to);
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.rewind().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f.set_modified(meta.modified().unwrap()).unwrap();
}

#[test]
fn a_search_reads_no_file_the_index_rules_out() {
    let j = Journal::new();
    let store = Store::open_write(&j.dir).unwrap();
    let id = save(&store, 0, &["a quiet garden".into()], false);
    save(&store, 1, &["another quiet day".into()], false);
    backdate(&j.dir);
    store.update_word_index().unwrap();
    let path = j.dir.join("reflections").join(format!("{id}.json"));
    overwrite_unseen(&path, "garden", "walrus");
    backdate(&j.dir);
    // The scan reads the file and sees the walrus; the index search never
    // opened it (and, for the same reason, still finds the garden).
    assert_eq!(scanned(&store, "walrus"), std::slice::from_ref(&id));
    let q = |w: &str| streamed(&store, &Query::new(w).unwrap(), false).0;
    assert!(q("walrus").is_empty());
    assert_eq!(q("garden"), [id]);
}

#[test]
fn a_damaged_index_is_ignored_and_rebuilt() {
    let j = Journal::new();
    let store = Store::open_write(&j.dir).unwrap();
    for i in 0..6 {
        let word = if i % 2 == 0 { "pressure" } else { "calm" };
        save(&store, i, &[format!("{word} number{i}")], false);
    }
    backdate(&j.dir);
    store.update_word_index().unwrap();
    // Let go of the lock, so a reader may write the rebuilt index.
    drop(store);
    let path = j.dir.join("words.bin");
    let good = std::fs::read(&path).unwrap();
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x55;
    let damages: Vec<Vec<u8>> = vec![
        good[..good.len() / 2].to_vec(),
        good[..good.len() - 1].to_vec(),
        Vec::new(),
        flipped,
        b"not an index at all".to_vec(),
        vec![0xff; good.len()],
    ];
    for bad in damages {
        std::fs::write(&path, &bad).unwrap();
        // A fresh handle, so nothing is remembered from before.
        let reader = Store::open_read(&j.dir);
        assert!(reader.word_index().is_none());
        for w in ["pressure", "calm", "number3", "nothing"] {
            let want = scanned(&reader, w);
            let (got, stale) = streamed(&reader, &Query::new(w).unwrap(), false);
            assert_eq!(got, want, "{w}");
            assert!(stale, "a damaged index counts as missing");
        }
        assert!(reader.update_word_index().is_some());
        assert!(Store::open_read(&j.dir).word_index().is_some(), "rebuilt");
    }
}

/// Every file under `dir`, with its bytes.
fn all_files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if e.file_type().unwrap().is_dir() {
            out.extend(all_files(&p));
        } else {
            out.push((p.clone(), std::fs::read(&p).unwrap()));
        }
    }
    out
}

fn assert_nowhere(dir: &Path, word: &str) {
    for (p, bytes) in all_files(dir) {
        assert!(
            memchr::memmem::find(&bytes, word.as_bytes()).is_none(),
            "{word} in plain text in {}",
            p.display()
        );
    }
}

#[test]
fn a_locked_journals_index_is_never_plain_text_on_disk() {
    let j = Journal::new();
    {
        let store = Store::open_write(&j.dir).unwrap();
        save(&store, 0, &["zanzibarish thoughts".into()], false);
        save(&store, 1, &["quixotical days".into()], false);
        backdate(&j.dir);
        store.update_word_index().unwrap();
        let plain = std::fs::read(j.dir.join("words.bin")).unwrap();
        assert!(memchr::memmem::find(&plain, b"zanzibarish").is_some());
    }
    // Locking the journal takes the plain index away with the other caches.
    let mut store = Store::open_write(&j.dir).unwrap();
    store.set_work_factor(10);
    store
        .encrypt(&SecretString::from(PASS.to_string()))
        .unwrap();
    assert!(!j.dir.join("words.bin").exists());
    assert_nowhere(&j.dir, "zanzibarish");
    // Searching builds the encrypted one, and it is used.
    backdate(&j.dir);
    let q = Query::new("zanzibar").unwrap();
    assert_eq!(streamed(&store, &q, true).0.len(), 1);
    store.update_word_index().unwrap();
    assert!(j.dir.join("words.bin.age").exists());
    assert!(!j.dir.join("words.bin").exists());
    assert_nowhere(&j.dir, "zanzibarish");
    assert_nowhere(&j.dir, "quixotical");
    let (hits, stale) = streamed(&store, &q, false);
    assert_eq!((hits.len(), stale), (1, false));
    // Through the command line too.
    drop(store);
    let pass = j.tmp.path().join("pass");
    std::fs::write(&pass, format!("{PASS}\n")).unwrap();
    std::fs::remove_file(j.dir.join("words.bin.age")).unwrap();
    let out = j.run(&[
        "--passphrase-file",
        pass.to_str().unwrap(),
        "search",
        "quixotic",
    ]);
    assert_eq!(out.lines().count(), 1);
    assert!(
        j.dir.join("words.bin.age").exists(),
        "rebuilt after the search"
    );
    assert_nowhere(&j.dir, "quixotical");
    // Unlocking for good leaves no encrypted index behind either.
    let mut store = Store::open_write(&j.dir).unwrap();
    store.unlock(&SecretString::from(PASS.to_string())).unwrap();
    store.decrypt().unwrap();
    assert!(!j.dir.join("words.bin.age").exists());
}

#[test]
fn the_command_line_search_builds_the_index_and_then_uses_it() {
    let j = Journal::new();
    {
        let store = Store::open_write(&j.dir).unwrap();
        for i in 0..4 {
            save(&store, i, &[format!("tea number{i}")], false);
        }
    }
    backdate(&j.dir);
    assert_eq!(j.run(&["search", "tea"]).lines().count(), 4);
    assert!(j.dir.join("words.bin").exists());
    let store = Store::open_read(&j.dir);
    let (hits, stale) = streamed(&store, &Query::new("number2").unwrap(), false);
    assert_eq!((hits.len(), stale), (1, false));
    assert_eq!(j.run(&["search", "number2"]).lines().count(), 1);
}

#[test]
fn a_reader_builds_no_index_while_another_process_keeps_the_journal() {
    let j = Journal::new();
    let store = Store::open_write(&j.dir).unwrap();
    save(&store, 0, &["tea".into()], false);
    let reader = Store::open_read(&j.dir);
    assert!(
        reader.update_word_index().is_none(),
        "nothing built for nothing"
    );
    assert!(!j.dir.join("words.bin").exists());
    // Its search still answers, from the files.
    assert_eq!(
        streamed(&reader, &Query::new("tea").unwrap(), false)
            .0
            .len(),
        1
    );
    drop(store);
    assert!(reader.update_word_index().is_some());
    assert!(j.dir.join("words.bin").exists());
}
