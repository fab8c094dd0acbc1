//! Realistic sample journals for benchmarks and the `gen-journal` example,
//! written through the real store so the files are exactly what the app writes.
//!
//! Varied packs, 5–15 answers each, 50–2,000 characters of Unicode text, about
//! one in thirty left as a draft. The same seed gives the same journal.

use std::path::Path;

use crate::content::{Kind, builtin_packs};
use crate::journal::{Entry, Reflection, Store, StoreError};

const WORDS: &[&str] = &[
    "I",
    "think",
    "felt",
    "never",
    "always",
    "sometimes",
    "my",
    "partner",
    "body",
    "school",
    "family",
    "friends",
    "worried",
    "pressure",
    "calm",
    "touch",
    "talk",
    "didn't",
    "wanted",
    "week",
    "night",
    "tired",
    "close",
    "happy",
    "awkward",
    "café",
    "naïve",
    "Zürich",
    "学校",
    "家族",
    "🌱",
    "💬",
    "señal",
    "über",
    "and",
    "the",
    "about",
    "when",
    "because",
    "it",
    "was",
    "is",
    "a",
    "to",
    "of",
    "with",
    "we",
    "they",
    "honestly",
];

/// A small deterministic generator (xorshift64*), so runs are repeatable without a crate.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Words (some wide, some emoji) until the text is `min..max` characters long.
    pub fn text(&mut self, min: usize, max: usize) -> String {
        let target = min + self.below(max - min);
        let mut s = String::with_capacity(target + 16);
        while s.chars().count() < target {
            if !s.is_empty() {
                s.push(if self.below(12) == 0 { '\n' } else { ' ' });
            }
            s.push_str(WORDS[self.below(WORDS.len())]);
        }
        s
    }
}

/// Write `n` reflections into `dir` (which may already hold a journal).
pub fn generate(dir: &Path, n: usize, seed: u64) -> Result<(), StoreError> {
    let store = Store::open_write(dir)?;
    let packs = builtin_packs();
    let mut rng = Rng(seed | 1);
    let start =
        chrono::DateTime::parse_from_rfc3339("2021-01-01T09:00:00+01:00").unwrap_or_default();
    for i in 0..n {
        let pack = &packs[rng.below(packs.len())];
        let started = start + chrono::Duration::minutes(i as i64 * 137);
        let id = format!(
            "{}-{:04x}",
            started.to_utc().format("%Y%m%d-%H%M%S"),
            i % 0x10000
        );
        let mut r = Reflection::new(id, pack);
        let want = 5 + rng.below(11);
        for (q, parent) in pack.flat().into_iter().take(want) {
            let entry = match q.kind {
                Kind::Text => Some(Entry::text(
                    q,
                    parent.map(|p| p.id.as_str()),
                    &rng.text(50, 2000),
                )),
                _ => {
                    let values = q.values();
                    let v = &values[rng.below(values.len())];
                    Entry::structured(q, parent.map(|p| p.id.as_str()), &v.value)
                }
            };
            r.set(pack, entry, &q.id);
        }
        r.started = started;
        r.updated = started + chrono::Duration::minutes(20);
        if rng.below(30) != 0 {
            r.finished = Some(r.updated);
            r.position = None;
        }
        store.save(&r)?;
    }
    Ok(())
}
