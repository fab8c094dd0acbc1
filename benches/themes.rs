//! How long `analyze` takes on a ~10,000-character answer.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use reflect::themes::analyze;

fn long_answer() -> String {
    let paragraph = "Honestly it has been a hard year. I grew up in a pretty religious family and sex was \
        never talked about, so I learnt most things from friends. With my partner I get anxious and in my \
        head, worried I'm not good enough, and sometimes it hurts a bit although not always. We went to the \
        beach last week and had a lovely time, but at home we rarely talk about what we want. I've been \
        thinking about seeing a therapist but I don't know where to start. ";
    let mut s = String::new();
    while s.len() < 10_000 {
        s.push_str(paragraph);
    }
    s.truncate(10_000);
    s
}

fn bench(c: &mut Criterion) {
    let text = long_answer();
    c.bench_function("analyze 10k chars", |b| {
        b.iter(|| analyze(black_box(&[text.as_str()]), &[]))
    });
}

/// Text made to be slow: one clause of 10,000 characters of negations and
/// fillers, with no punctuation. It must stay linear in the words.
fn bench_adversarial(c: &mut Criterion) {
    let text = "not really just no ".repeat(10_000 / 19);
    c.bench_function("analyze 10k chars, one clause of negations", |b| {
        b.iter(|| analyze(black_box(&[text.as_str()]), &[]))
    });
}

criterion_group!(benches, bench, bench_adversarial);
criterion_main!(benches);
