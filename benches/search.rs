//! What a person waits for when searching (issue 17), and one question's
//! history (issue 16), at 1k/10k/100k reflections.
//!
//! - `first screenful`: from the search starting until the first 20 matches
//!   (a screenful) are handed over, newest first, among the reflections the
//!   Journal screen already lists. For a word in no reflection that is the
//!   whole search.
//! - `full count`: until every reflection has been searched (the count the
//!   Journal shows at the end).
//! - `cli first screenful`: the same as `reflect search WORD | head -20`
//!   does it, from the folder's file names, making each match's snippet.
//! - the same for a journal locked with a passphrase (every file decrypted
//!   in memory), at 1k and 10k.
//! - `history`: every answer to one question (`Store::history`).
//!
//! Journals are generated once into `$REFLECT_BENCH_DIR/N` (default
//! `/tmp/reflect-bench/N`) by `journal::sample`, and reused. Run one group
//! at a time, briefly, on a shared machine:
//!
//! ```sh
//! cargo bench --bench search -- 'full count' --warm-up-time 1 --measurement-time 3
//! ```

use std::hint::black_box;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, SystemTime};

use age::secrecy::SecretString;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use reflect::journal::search::{Found, Query};
use reflect::journal::{Reflection, Store, Summary, sample};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
/// A word in nearly every reflection, and one in none.
const WORDS: [&str; 2] = ["pressure", "no-such-word"];
const SCREENFUL: usize = 20;
const PASSPHRASE: &str = "a long bench passphrase";

fn root() -> PathBuf {
    std::env::var_os("REFLECT_BENCH_DIR")
        .map_or_else(|| PathBuf::from("/tmp/reflect-bench"), PathBuf::from)
}

/// The journal of `n` reflections, generated once (only when a benchmark
/// that needs it runs, so a filter picks what is generated); `locked` for a copy
/// locked with [`PASSPHRASE`].
fn journal(n: usize, locked: bool) -> PathBuf {
    let dir = root().join(if locked {
        format!("{n}-locked")
    } else {
        n.to_string()
    });
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        eprintln!(
            "generating a {n}-reflection journal in {} (once)...",
            dir.display()
        );
        if let Err(e) = sample::generate(&dir, n, 0x5eed) {
            panic!("could not generate the bench journal: {e}");
        }
        if locked {
            let mut store = Store::open_write(&dir).unwrap_or_else(|e| panic!("{e}"));
            store.set_work_factor(10);
            if let Err(e) = store.encrypt(&SecretString::from(PASSPHRASE.to_string())) {
                panic!("could not lock the bench journal: {e}");
            }
        }
        let _ = std::fs::write(&done, b"");
    }
    // As a while after the last save, when a person opens their journal.
    if let Ok(f) = std::fs::File::open(dir.join("reflections")) {
        let _ = f.set_modified(SystemTime::now() - Duration::from_secs(3600));
    }
    dir
}

/// An open store and its listing, as the Journal screen has them.
fn opened(n: usize, locked: bool) -> (Store, Vec<Summary>) {
    let mut store = Store::open_read(&journal(n, locked));
    if locked {
        store
            .unlock(&SecretString::from(PASSPHRASE.to_string()))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let listed = store.list().map(|l| l.summaries).unwrap_or_default();
    (store, listed)
}

/// Search until `enough` matches are handed over (or the end): how many were.
fn search(store: &Store, among: &[Summary], word: &str, enough: usize) -> usize {
    let Some(q) = Query::new(word) else { return 0 };
    let mut seen = 0;
    let _ = store.search_stream(
        &q,
        among,
        &AtomicBool::new(false),
        |_, _| (),
        |f| {
            if matches!(f, Found::Hit { .. }) {
                seen += 1;
            }
            if seen >= enough {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    );
    seen
}

fn plain(c: &mut Criterion) {
    for (name, enough) in [("first screenful", SCREENFUL), ("full count", usize::MAX)] {
        let mut g = c.benchmark_group(name);
        g.sample_size(10);
        for n in SIZES {
            for word in WORDS {
                g.bench_function(BenchmarkId::new(n.to_string(), word), |b| {
                    let (store, listed) = opened(n, false);
                    b.iter(|| black_box(search(&store, &listed, word, enough)))
                });
            }
        }
        g.finish();
    }
}

/// As `reflect search WORD | head -20`: list, search, make each snippet.
fn cli(c: &mut Criterion) {
    let mut g = c.benchmark_group("cli first screenful");
    g.sample_size(10);
    for n in SIZES {
        for word in WORDS {
            g.bench_function(BenchmarkId::new(n.to_string(), word), |b| {
                let (store, _) = opened(n, false);
                b.iter(|| {
                    let Some(q) = Query::new(word) else { return 0 };
                    let ids = store.ids_newest_first().unwrap_or_default();
                    let mut seen = 0;
                    let _ = store.search_stream(
                        &q,
                        &ids,
                        &AtomicBool::new(false),
                        |_, bytes| {
                            serde_json::from_slice::<Reflection>(bytes)
                                .ok()
                                .and_then(|r| q.snippet(&r, 72))
                        },
                        |f| {
                            if let Found::Hit { item, .. } = f {
                                black_box(item);
                                seen += 1;
                            }
                            if seen >= SCREENFUL {
                                ControlFlow::Break(())
                            } else {
                                ControlFlow::Continue(())
                            }
                        },
                    );
                    seen
                })
            });
        }
    }
    g.finish();
}

fn locked(c: &mut Criterion) {
    for (name, enough) in [
        ("locked first screenful", SCREENFUL),
        ("locked full count", usize::MAX),
    ] {
        let mut g = c.benchmark_group(name);
        g.sample_size(10);
        for n in [1_000, 10_000] {
            for word in WORDS {
                g.bench_function(BenchmarkId::new(n.to_string(), word), |b| {
                    let (store, listed) = opened(n, true);
                    b.iter(|| black_box(search(&store, &listed, word, enough)))
                });
            }
        }
        g.finish();
    }
}

fn history(c: &mut Criterion) {
    let mut g = c.benchmark_group("history");
    g.sample_size(10);
    for n in SIZES {
        // A yes/no question of the first built-in pack, answered in about a
        // quarter of the reflections.
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            let (store, _) = opened(n, false);
            b.iter(|| {
                black_box(
                    store
                        .history(Some("ask-yourself"), "body-comfort")
                        .map(|h| h.answers.len()),
                )
            })
        });
    }
    g.bench_function(BenchmarkId::new("locked", 10_000), |b| {
        let (store, _) = opened(10_000, true);
        b.iter(|| {
            black_box(
                store
                    .history(Some("ask-yourself"), "body-comfort")
                    .map(|h| h.answers.len()),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, plain, cli, locked, history);
criterion_main!(benches);
