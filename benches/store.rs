//! The journal at scale: listing at 1k/10k/100k, search at 10k, saving one answer.
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

fn search(c: &mut Criterion) {
    let dir = journal(10_000);
    let store = Store::open_read(&dir);
    let _ = store.list();
    let mut g = c.benchmark_group("search");
    g.sample_size(10);
    for q in ["pressure", "café partner", "no-such-word-anywhere"] {
        g.bench_with_input(BenchmarkId::new("10000", q), &q, |b, q| {
            b.iter(|| black_box(store.search(q).map(|(hits, _)| hits.len())))
        });
    }
    g.finish();
}

fn save(c: &mut Criterion) {
    // Saving must not grow with the journal: one answer, fsync included, in a
    // journal of 10,000 (a copy would be slow to make, so a fresh reflection is
    // added to the shared journal once and rewritten on every iteration).
    let dir = journal(10_000);
    let store = match Store::open_write(&dir) {
        Ok(s) => s,
        Err(e) => panic!("bench journal is locked: {e}"),
    };
    let pack = builtin_packs()
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no built-in packs"));
    let q = pack.questions[0].clone();
    let mut r = reflect::journal::Reflection::new("29991231-000000-0bench".into(), &pack);
    let mut rng = sample::Rng(7);
    let text = rng.text(1500, 2000);
    c.bench_function("save one answer (10000, fsync)", |b| {
        b.iter(|| {
            r.set(&pack, Some(Entry::text(&q, None, &text)), &q.id);
            black_box(store.save(&r))
        })
    });
    let _ = store.delete(&r.id);
}

criterion_group!(benches, listing, search, save);
criterion_main!(benches);
