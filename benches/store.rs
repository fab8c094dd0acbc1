//! The journal at scale: listing and Home's draft lookup at 1k/10k/100k,
//! search at 10k, saving one answer.
//!
//! Journals are generated once into `target/bench-journals/N` by the same code
//! as `cargo run --release --example gen-journal`, and reused. The 100k journal
//! is about 1 GB and takes a minute or two to write the first time.
//! Figures and the machine are recorded in docs/benchmarks.md.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use reflect::content::builtin_packs;
use reflect::journal::{Entry, Store, sample};

fn journal(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-journals/{n}"));
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
        let _ = std::fs::write(&done, b"");
    }
    // Make the directory look as it does a while after the last save, which is
    // when a person opens their journal.
    let refl = dir.join("reflections");
    if let Ok(f) = std::fs::File::open(&refl) {
        let _ = f.set_modified(SystemTime::now() - Duration::from_secs(3600));
    }
    dir
}

fn listing(c: &mut Criterion) {
    let mut g = c.benchmark_group("list");
    g.sample_size(20);
    for n in [1_000, 10_000, 100_000] {
        let dir = journal(n);
        let store = Store::open_read(&dir);
        // Warm the index once, as any earlier run of the app would have.
        let _ = store.list();
        g.bench_with_input(BenchmarkId::from_parameter(n), &store, |b, store| {
            b.iter(|| black_box(store.list().map(|l| l.summaries.len())))
        });
    }
    g.finish();
}

/// What Home needs before its first frame: the newest draft, to offer
/// "Continue". Read from the small drafts file, so it should not grow with
/// the journal (the generated journals keep one reflection in thirty as a
/// draft, so the file does grow with them, far faster than a person's would).
fn home_draft(c: &mut Criterion) {
    let mut g = c.benchmark_group("latest draft");
    for n in [1_000, 10_000, 100_000] {
        let dir = journal(n);
        let store = match Store::open_write(&dir) {
            Ok(s) => s,
            Err(e) => panic!("bench journal is locked: {e}"),
        };
        // The app's first start lists the journal once and writes drafts.json.
        let _ = store.latest_draft();
        g.bench_with_input(BenchmarkId::from_parameter(n), &store, |b, store| {
            b.iter(|| black_box(store.latest_draft().map(|d| d.is_some())))
        });
    }
    g.finish();
}

fn search(c: &mut Criterion) {
    let dir = journal(10_000);
    let store = Store::open_read(&dir);
    let _ = store.list();
    let mut g = c.benchmark_group("search");
    g.sample_size(10);
    // As the Journal screen does: among the reflections it already lists.
    let listed = store.list().map(|l| l.summaries).unwrap_or_default();
    for q in ["pressure", "café partner", "no-such-word-anywhere"] {
        g.bench_with_input(BenchmarkId::new("10000", q), &q, |b, q| {
            b.iter(|| black_box(store.search_among(q, &listed).map(|(hits, _)| hits.len())))
        });
    }
    // And with the listing read first, as `Store::search` does.
    g.bench_function("10000 with listing/no-such-word-anywhere", |b| {
        b.iter(|| {
            black_box(
                store
                    .search("no-such-word-anywhere")
                    .map(|(hits, _)| hits.len()),
            )
        })
    });
    g.finish();
}

fn save(c: &mut Criterion) {
    // Saving must not grow with the journal: one answer, fsync included, in
    // journals of 10,000 and 100,000 (a copy would be slow to make, so a fresh
    // reflection is added to the shared journal once and rewritten on every
    // iteration). It stays a draft, so the drafts file is rewritten too.
    let pack = builtin_packs()
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no built-in packs"));
    let q = pack.questions[0].clone();
    let mut rng = sample::Rng(7);
    let text = rng.text(1500, 2000);
    let mut g = c.benchmark_group("save one answer, fsync");
    for n in [10_000, 100_000] {
        let dir = journal(n);
        let store = match Store::open_write(&dir) {
            Ok(s) => s,
            Err(e) => panic!("bench journal is locked: {e}"),
        };
        // As in the app: Home's first look makes the drafts file current.
        let _ = store.latest_draft();
        let mut r = reflect::journal::Reflection::new("29991231-000000-0bench".into(), &pack);
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                r.set(&pack, Some(Entry::text(&q, None, &text)), &q.id);
                black_box(store.save(&r))
            })
        });
        let _ = store.delete(&r.id);
    }
    g.finish();
}

criterion_group!(benches, listing, home_draft, search, save);
criterion_main!(benches);
