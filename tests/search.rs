//! Search (issue 17): the streamed store search the Journal screen and
//! `reflect search` share, and `reflect search` through the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::ops::ControlFlow;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use age::secrecy::SecretString;
use common::Journal;
use predicates::str::contains;
use reflect::content::builtin_packs;
use reflect::journal::search::{Found, Query};
use reflect::journal::{Entry, Reflection, Store};

/// Save reflections of the "Ask yourself" pack, one per text, the first
/// text the oldest; each answers its first question with the text. Returns
/// their ids, oldest first.
fn journal(dir: &std::path::Path, texts: &[&str]) -> Vec<String> {
    let store = Store::open_write(dir).unwrap();
    let pack = builtin_packs()
        .into_iter()
        .find(|p| p.id == "ask-yourself")
        .unwrap();
    let q = pack.question("first-learned").unwrap().clone();
    let start = chrono::DateTime::parse_from_rfc3339("2026-03-01T09:00:00+01:00").unwrap();
    let mut ids = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let started = start + chrono::Duration::days(i as i64);
        let id = format!("{}-{:04x}", started.to_utc().format("%Y%m%d-%H%M%S"), i);
        let mut r = Reflection::new(id.clone(), &pack);
        r.set(&pack, Some(Entry::text(&q, None, text)), &q.id);
        r.started = started;
        r.updated = started;
        r.finished = Some(started);
        store.save(&r).unwrap();
        ids.push(id);
    }
    ids
}

/// Every hit of a streamed search, in the order handed over, as ids.
fn streamed(store: &Store, query: &str) -> Vec<String> {
    let listing = store.list().unwrap();
    let mut out = Vec::new();
    let done = store
        .search_stream(
            &Query::new(query).unwrap(),
            &listing.summaries,
            &AtomicBool::new(false),
            |s, _| s.id.clone(),
            |f| {
                if let Found::Hit { item, .. } = f {
                    out.push(item);
                }
                ControlFlow::Continue(())
            },
        )
        .unwrap();
    assert!(done.complete);
    assert_eq!(done.hits, out.len());
    out
}

#[test]
fn streamed_hits_come_newest_first_whatever_core_finds_them() {
    let j = Journal::new();
    // Enough reflections for many pieces of work on every core.
    let texts: Vec<String> = (0..300)
        .map(|i| {
            if i % 3 == 0 {
                format!("number {i}: partner")
            } else {
                format!("number {i}")
            }
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let ids = journal(&j.dir, &refs);
    let store = Store::open_read(&j.dir);
    let want: Vec<String> = ids.iter().rev().cloned().collect();
    let want: Vec<String> = want
        .into_iter()
        .filter(|id| {
            let i = ids.iter().position(|x| x == id).unwrap();
            i % 3 == 0
        })
        .collect();
    assert_eq!(streamed(&store, "PARTNER"), want);
    // The old collect-everything search agrees.
    let (all, _) = store.search("partner").unwrap();
    assert_eq!(all.iter().map(|s| s.id.clone()).collect::<Vec<_>>(), want);
}

#[test]
fn a_stream_stops_when_told_and_when_cancelled() {
    let j = Journal::new();
    let texts = vec!["pressure"; 200];
    journal(&j.dir, &texts);
    let store = Store::open_read(&j.dir);
    let listing = store.list().unwrap();
    let q = Query::new("pressure").unwrap();
    // Stopped by the reader after three (`--limit 3`, a closed pipe).
    let mut seen = 0;
    let done = store
        .search_stream(
            &q,
            &listing.summaries,
            &AtomicBool::new(false),
            |_, _| (),
            |_| {
                seen += 1;
                if seen == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        )
        .unwrap();
    assert_eq!((done.hits, done.complete, seen), (3, false, 3));
    // Cancelled from outside (the next key in the search box): nothing more
    // is handed over once the flag is seen.
    let cancel = AtomicBool::new(false);
    let mut after = 0;
    let done = store
        .search_stream(
            &q,
            &listing.summaries,
            &cancel,
            |_, _| (),
            |_| {
                if cancel.load(Ordering::Relaxed) {
                    after += 1;
                }
                cancel.store(true, Ordering::Relaxed);
                ControlFlow::Continue(())
            },
        )
        .unwrap();
    assert!(!done.complete);
    assert!(done.hits < 200, "{}", done.hits);
    assert_eq!(after, 0);
}

#[test]
fn a_stream_reports_damaged_files_and_goes_on() {
    let j = Journal::new();
    let ids = journal(&j.dir, &["partner one", "partner two"]);
    let store = Store::open_read(&j.dir);
    let listing = store.list().unwrap();
    let bad = j.dir.join("reflections").join(format!("{}.json", ids[0]));
    std::fs::write(&bad, b"{ partner, not json").unwrap();
    let mut hits = Vec::new();
    let mut problems = Vec::new();
    store
        .search_stream(
            &Query::new("partner").unwrap(),
            &listing.summaries,
            &AtomicBool::new(false),
            |s, _| s.id.clone(),
            |f| {
                match f {
                    Found::Hit { item, .. } => hits.push(item),
                    Found::Problem(p) => problems.push(p.path),
                }
                ControlFlow::Continue(())
            },
        )
        .unwrap();
    assert_eq!(hits, [ids[1].clone()]);
    assert_eq!(problems, std::slice::from_ref(&bad));
    assert_eq!(std::fs::read(&bad).unwrap(), b"{ partner, not json");
}

#[test]
fn search_prints_id_date_pack_and_a_snippet_newest_first() {
    let j = Journal::new();
    let ids = journal(
        &j.dir,
        &[
            "We met at a CAFÉ in Zürich, and my partner was late.",
            "Nothing about that here.",
            "A quiet cafe, then talking with my partner about pressure.",
        ],
    );
    let out = j.run(&["search", "cafe", "partner"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with(&format!("{}  2026-03-03  Ask yourself  ", ids[2])),
        "{out}"
    );
    assert!(lines[0].contains("A quiet cafe, then talking"), "{out}");
    assert!(
        lines[1].starts_with(&format!("{}  2026-03-01  Ask yourself  ", ids[0])),
        "{out}"
    );
    assert!(lines[1].contains("CAFÉ in Zürich"), "{out}");
    // Accents either way, case, and phrases.
    assert_eq!(j.run(&["search", "ZURICH"]).lines().count(), 1);
    assert_eq!(j.run(&["search", "café"]).lines().count(), 2);
    assert_eq!(j.run(&["search", "\"my partner was\""]).lines().count(), 1);
    assert_eq!(j.run(&["search", "\"partner my\""]).lines().count(), 0);
    // --limit.
    let one = j.run(&["search", "partner", "--limit", "1"]);
    assert_eq!(one.lines().count(), 1);
    assert!(one.starts_with(&ids[2]));
}

#[test]
fn search_json_is_one_object_a_line() {
    let j = Journal::new();
    let ids = journal(&j.dir, &["my partner", "no", "partner again"]);
    let out = j.run(&["search", "--json", "partner"]);
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], ids[2].as_str());
    assert_eq!(rows[1]["id"], ids[0].as_str());
    let r = &rows[0];
    assert_eq!(r["pack"], "ask-yourself");
    assert_eq!(r["pack_title"], "Ask yourself");
    assert_eq!(r["started"], "2026-03-03T09:00:00+01:00");
    assert_eq!(r["finished"], "2026-03-03T09:00:00+01:00");
    assert_eq!(r["question"], "first-learned");
    assert_eq!(r["prompt"], "How did I first learn about sex?");
    assert_eq!(r["text"], "partner again");
    // Nothing found: nothing printed, exit 0.
    assert_eq!(j.run(&["search", "--json", "zebra"]), "");
}

#[test]
fn search_says_plainly_when_nothing_matches_or_nothing_was_asked() {
    let j = Journal::new();
    journal(&j.dir, &["my partner"]);
    j.cmd()
        .args(["search", "zebra"])
        .assert()
        .success()
        .stdout("")
        .stderr(contains("Nothing in your journal matches"));
    j.cmd()
        .args(["search", "\" \""])
        .assert()
        .code(2)
        .stderr(contains("at least one word"));
    j.cmd().args(["search"]).assert().code(2);
    j.cmd()
        .args(["search", "x", "--limit", "0"])
        .assert()
        .code(2);
}

#[test]
fn search_stops_cleanly_when_the_reader_goes_away() {
    let j = Journal::new();
    // More matches than a pipe holds (64 KiB), so the writer meets the
    // closed pipe: copies of one reflection under 3,000 names.
    let ids = journal(&j.dir, &["pressure and more pressure"]);
    let refl = j.dir.join("reflections");
    let one = std::fs::read(refl.join(format!("{}.json", ids[0]))).unwrap();
    for i in 0..3000 {
        std::fs::write(refl.join(format!("20260401-000000-{i:04}.json")), &one).unwrap();
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("--data-dir")
        .arg(&j.dir)
        .args(["search", "pressure"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `| head -1`: read one line, then close the pipe.
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("pressure"), "{first}");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "still running");
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(status.success(), "{status:?} {err}");
    assert_eq!(err, "", "a closed pipe is not an error");
}

#[test]
fn search_works_on_a_locked_journal_with_the_passphrase() {
    let j = Journal::new();
    let ids = journal(&j.dir, &["my partner", "nothing"]);
    let pass = j.tmp.path().join("pass");
    std::fs::write(&pass, "a long and happy passphrase\n").unwrap();
    {
        let mut store = Store::open_write(&j.dir).unwrap();
        store.set_work_factor(10);
        store
            .encrypt(&SecretString::from(
                "a long and happy passphrase".to_string(),
            ))
            .unwrap();
    }
    j.cmd()
        .args(["search", "partner"])
        .assert()
        .code(1)
        .stderr(contains("--passphrase-file"));
    let out = j.run(&[
        "--passphrase-file",
        pass.to_str().unwrap(),
        "search",
        "partner",
    ]);
    assert_eq!(out.lines().count(), 1);
    assert!(out.starts_with(&ids[0]), "{out}");
    // Nothing in plain text was left behind by the search.
    for f in j.files("reflections").iter().chain(j.files(".").iter()) {
        assert!(!f.ends_with(".json"), "{f}");
    }
}
