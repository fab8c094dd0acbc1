//! Opening a journal locked with a passphrase: the one scrypt, then listing.
//!
//! ```sh
//! cargo bench --bench crypt                       # 10,000 reflections
//! REFLECT_BENCH_N=1000 cargo bench --bench crypt
//! ```
//!
//! The journal is built once (with the app's own store, the default scrypt
//! work factor) under `target/bench-crypt-N/` and reused by later runs.
//! Figures are recorded in docs/benchmarks.md, "Encrypted journal".
#![allow(clippy::expect_used)] // a benchmark that cannot set up should stop loudly

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use age::secrecy::SecretString;
use criterion::{Criterion, criterion_group, criterion_main};
use reflect::content::{Kind, builtin_packs};
use reflect::journal::{Entry, Reflection, Store};

const PASSPHRASE: &str = "a bench passphrase, long enough";

fn pass() -> SecretString {
    SecretString::from(PASSPHRASE.to_string())
}

/// Words for answers, some of them wide or accented like real writing.
const WORDS: &[&str] = &[
    "I", "felt", "never", "always", "my", "partner", "body", "school", "family", "worried",
    "pressure", "calm", "touch", "talk", "wanted", "week", "tired", "close", "café", "学校", "🌱",
    "and", "the", "because", "it", "was",
];

fn build(dir: &Path, n: usize) {
    let mut store = Store::open_write(dir).expect("open the bench journal");
    let packs = builtin_packs();
    let mut seed = 0x5eed_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..n {
        let pack = &packs[i % packs.len()];
        let mut r = Reflection::new(format!("20240101-{:06}-{:04x}", i, i % 0x10000), pack);
        for (q, parent) in pack.flat().into_iter().take(5 + (next() % 10) as usize) {
            let entry = match q.kind {
                Kind::Text => {
                    let len = 10 + (next() % 150) as usize;
                    let text: Vec<&str> = (0..len)
                        .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
                        .collect();
                    Some(Entry::text(
                        q,
                        parent.map(|p| p.id.as_str()),
                        &text.join(" "),
                    ))
                }
                _ => {
                    let values = q.values();
                    let v = &values[(next() % values.len() as u64) as usize];
                    Entry::structured(q, parent.map(|p| p.id.as_str()), &v.value)
                }
            };
            r.set(pack, entry, &q.id);
        }
        store.save(&r).expect("save a bench reflection");
    }
    store.encrypt(&pass()).expect("encrypt the bench journal");
}

fn journal(n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-crypt-{n}"));
    if !Store::is_encrypted(&dir) {
        let _ = std::fs::remove_dir_all(&dir);
        eprintln!(
            "building an encrypted journal of {n} reflections in {}…",
            dir.display()
        );
        build(&dir, n);
    }
    // Warm the encrypted index, as any earlier run of the app would have.
    let mut s = Store::open_read(&dir);
    s.unlock(&pass()).expect("unlock");
    s.list().expect("list");
    dir
}

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("REFLECT_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = journal(n);
    let mut g = c.benchmark_group("encrypted");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.bench_function(format!("unlock + list {n}"), |b| {
        b.iter(|| {
            let mut s = Store::open_read(&dir);
            s.unlock(&pass()).expect("unlock");
            black_box(s.list().expect("list").summaries.len())
        })
    });
    let mut unlocked = Store::open_read(&dir);
    unlocked.unlock(&pass()).expect("unlock");
    g.bench_function(format!("list {n} (already unlocked)"), |b| {
        b.iter(|| black_box(unlocked.list().expect("list").summaries.len()))
    });
    g.bench_function(format!("search {n} (decrypts every file)"), |b| {
        b.iter(|| black_box(unlocked.search("pressure café").expect("search").0.len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
