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
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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
    // As a while after the last save, when a person opens their journal
    // (once: a word index built after it stays trusted from run to run).
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    let recent = std::fs::metadata(dir.join("reflections"))
        .and_then(|m| m.modified())
        .is_ok_and(|t| t > hour_ago);
    if recent && let Ok(f) = std::fs::File::open(dir.join("reflections")) {
        let _ = f.set_modified(hour_ago);
    }
    dir
}

/// Put the journal's word index aside (`on` false), or back, so the same
/// journal is timed with and without it; built first if there is none.
fn use_index(store: &Store, on: bool) {
    for name in ["words.bin", "words.bin.age"] {
        let (live, aside) = (
            store.dir().join(name),
            store.dir().join(format!("{name}.off")),
        );
        let _ = if on {
            std::fs::rename(&aside, &live)
        } else {
            std::fs::rename(&live, &aside)
        };
    }
    if on && store.word_index().is_none_or(|i| !i.trusted(store)) {
        eprintln!(
            "building the word index of {} (once)...",
            store.dir().display()
        );
        let _ = store.update_word_index();
    }
}

/// Drop the journal's files from the page cache (`posix_fadvise`
/// DONTNEED; inodes and directory entries stay cached).
#[cfg(unix)]
fn evict(dir: &std::path::Path) {
    let files = std::fs::read_dir(dir.join("reflections"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .chain(["words.bin", "words.bin.age", "index.json", "index.json.age"].map(|n| dir.join(n)));
    for path in files {
        if let Ok(f) = std::fs::File::open(&path) {
            let _ = rustix::fs::fadvise(&f, 0, None, rustix::fs::Advice::DontNeed);
        }
    }
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
/// Like the Journal screen, the first 200 matches are read (for snippets).
fn search(store: &Store, among: &[Summary], word: &str, enough: usize) -> usize {
    let Some(q) = Query::new(word) else { return 0 };
    let seen = AtomicUsize::new(0);
    let _ = store.search_stream_with(
        &q,
        among,
        &AtomicBool::new(false),
        || seen.load(Ordering::Relaxed) < 200,
        |_, bytes| black_box(bytes.len()),
        |f| {
            if matches!(f, Found::Hit { .. }) && seen.fetch_add(1, Ordering::Relaxed) + 1 >= enough
            {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    );
    seen.into_inner()
}

/// Each search with the word index (`N/index/WORD`) and without (`N/WORD`).
fn plain(c: &mut Criterion) {
    for (name, enough) in [("first screenful", SCREENFUL), ("full count", usize::MAX)] {
        let mut g = c.benchmark_group(name);
        g.sample_size(10);
        for n in SIZES {
            for indexed in [true, false] {
                for word in WORDS {
                    let id = if indexed {
                        format!("{n}/index")
                    } else {
                        n.to_string()
                    };
                    g.bench_function(BenchmarkId::new(id, word), |b| {
                        let (store, listed) = opened(n, false);
                        use_index(&store, indexed);
                        b.iter(|| black_box(search(&store, &listed, word, enough)));
                        use_index(&store, true);
                    });
                }
            }
        }
        g.finish();
    }
}

/// The same after the journal's files were dropped from the page cache,
/// through a new handle (the word index read from disk too).
#[cfg(unix)]
fn cold(c: &mut Criterion) {
    for (name, enough) in [
        ("cold first screenful", SCREENFUL),
        ("cold full count", usize::MAX),
    ] {
        let mut g = c.benchmark_group(name);
        g.sample_size(10);
        for n in [10_000, 100_000] {
            // Without the index a cold 100k search reads 1 GB from disk per
            // run (about 20 s); it is timed by hand (docs/benchmarks.md).
            for indexed in [true, false].into_iter().filter(|&i| i || n < 100_000) {
                for word in WORDS {
                    let id = if indexed {
                        format!("{n}/index")
                    } else {
                        n.to_string()
                    };
                    g.bench_function(BenchmarkId::new(id, word), |b| {
                        let (store, listed) = opened(n, false);
                        use_index(&store, indexed);
                        // A new handle each time, so the index too is
                        // read from disk (as by a new `reflect search`).
                        b.iter_batched(
                            || {
                                evict(store.dir());
                                Store::open_read(store.dir())
                            },
                            |fresh| black_box(search(&fresh, &listed, word, enough)),
                            criterion::BatchSize::PerIteration,
                        );
                        use_index(&store, true);
                    });
                }
            }
        }
        g.finish();
    }
}

#[cfg(not(unix))]
fn cold(_: &mut Criterion) {}

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
            for indexed in [true, false] {
                for word in WORDS {
                    let id = if indexed {
                        format!("{n}/index")
                    } else {
                        n.to_string()
                    };
                    g.bench_function(BenchmarkId::new(id, word), |b| {
                        let (store, listed) = opened(n, true);
                        use_index(&store, indexed);
                        b.iter(|| black_box(search(&store, &listed, word, enough)));
                        use_index(&store, true);
                    });
                }
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

criterion_group!(benches, plain, cold, cli, locked, history);
criterion_main!(benches);
