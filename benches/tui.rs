//! The question screen with a very long answer: drawing it, and one keystroke
//! (update + draw), which is what a person feels while typing.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use reflect::content::builtin_packs;
use reflect::journal::{Entry, Reflection, sample};
use reflect::tui::action::Action;
use reflect::tui::screens::question::QuestionScreen;
use reflect::tui::theme::Theme;

fn screen_with_answer(chars: usize) -> QuestionScreen {
    let pack = builtin_packs()
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no built-in packs"));
    let q = pack.questions[0].clone();
    let mut r = Reflection::new("20261123-000000-0000".into(), &pack);
    let text = sample::Rng(11).text(chars, chars + 1);
    r.set(&pack, Some(Entry::text(&q, None, &text)), &q.id);
    r.position = Some(q.id.clone());
    QuestionScreen::new(pack, r, Theme::plain())
}

fn question_screen(c: &mut Criterion) {
    let area = Rect::new(0, 0, 100, 30);
    let screen = screen_with_answer(20_000);
    c.bench_function("render question, 20000-char answer (100x30)", |b| {
        let mut buf = Buffer::empty(area);
        b.iter(|| {
            buf.reset();
            screen.render(area, &mut buf);
            black_box(&buf);
        })
    });
    let mut screen = screen_with_answer(20_000);
    c.bench_function("keystroke update+render, 20000-char answer", |b| {
        let mut buf = Buffer::empty(area);
        // Type a letter, then take it back, one keystroke per iteration, so
        // the answer stays at 20,000 characters however long criterion runs.
        let keys = [
            KeyEvent::from(KeyCode::Char('a')),
            KeyEvent::from(KeyCode::Backspace),
        ];
        let mut n = 0usize;
        b.iter(|| {
            n += 1;
            black_box(screen.update(Action::Edit(keys[n % 2])));
            buf.reset();
            screen.render(area, &mut buf);
            black_box(&buf);
        })
    });
}

criterion_group!(benches, question_screen);
criterion_main!(benches);
