//! The app on a journal locked with a passphrase: the unlock screen, a wrong
//! passphrase retried, and the external editor refused. No terminal needed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use age::secrecy::SecretString;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use reflect::journal::Store;
use reflect::tui::App;
use reflect::tui::app::Screen;
use reflect::tui::keymap::Context;

const PACK: &str = include_str!("fixtures/ask-yourself.json");

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_event(key(KeyCode::Char(c)), Instant::now());
    }
}

fn screen_text(app: &App) -> String {
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// An encrypted journal with the fixture pack imported, opened like `reflect` does.
fn locked_app(dir: &std::path::Path) -> App {
    {
        let mut store = Store::open_write(dir).unwrap();
        let text = PACK.replace("\"ask-yourself\"", "\"test-pack\"");
        store.add_pack("test-pack.json", &text, false).unwrap();
        store.set_work_factor(10);
        store
            .encrypt(&SecretString::from("sesame".to_string()))
            .unwrap();
    }
    App::new(Store::open_write(dir).unwrap(), false)
}

/// Enter, then the ticks that draw "Unlocking…" and then do the work.
fn submit(app: &mut App) {
    app.handle_event(key(KeyCode::Enter), Instant::now());
    app.tick(Instant::now());
    assert!(screen_text(app).contains("Unlocking…"));
    app.tick(Instant::now());
}

#[test]
fn a_locked_journal_starts_on_the_unlock_screen_and_a_wrong_passphrase_can_be_retried() {
    let tmp = tempfile::tempdir().unwrap();
    let mut app = locked_app(&tmp.path().join("data"));
    assert_eq!(app.context(), Context::Passphrase);
    typed(&mut app, "?wrong");
    let text = screen_text(&app);
    assert!(text.contains("Your journal is locked"), "{text}");
    assert!(text.contains("••••••"), "{text}");
    assert!(!text.contains("wrong"), "typed text is masked:\n{text}");
    assert!(!app.help, "? types on this screen");
    submit(&mut app);
    assert_eq!(app.context(), Context::Passphrase);
    assert!(screen_text(&app).contains("did not unlock your journal"));
    assert!(app.store().needs_unlock());

    typed(&mut app, "sesamx");
    app.handle_event(key(KeyCode::Backspace), Instant::now());
    typed(&mut app, "e");
    submit(&mut app);
    assert!(matches!(app.screen, Screen::Home(_)), "{:?}", app.context());
    assert!(!app.store().needs_unlock());
}

#[test]
fn the_external_editor_is_refused_for_a_locked_journal() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut app = locked_app(&data);
    typed(&mut app, "sesame");
    submit(&mut app);
    // Home → Start a reflection → the test pack (imported, after the built-ins).
    app.handle_event(key(KeyCode::Enter), Instant::now());
    let Screen::Packs(_) = &app.screen else {
        panic!("not on the pack list: {:?}", app.context());
    };
    for _ in 0..10 {
        if app.context() != Context::Packs {
            break;
        }
        app.handle_event(key(KeyCode::Enter), Instant::now());
    }
    assert_eq!(app.context(), Context::QuestionText);
    typed(&mut app, "hello");
    app.handle_event(
        Event::Key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL)),
        Instant::now(),
    );
    assert!(app.take_editor_request(Instant::now()).is_none());
    assert!(app.notice_text().unwrap().contains("unencrypted copy"));
    // Nothing but ciphertext in the data dir after saving.
    assert!(app.flush());
    for e in std::fs::read_dir(data.join("reflections")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(name.ends_with(".json.age"), "{name}");
    }
}

#[test]
fn exporting_from_a_locked_journal_says_the_file_is_plain_text() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    {
        let store = Store::open_write(&data).unwrap();
        let pack = reflect::content::Pack::parse("p.json", PACK).unwrap();
        let mut r = reflect::journal::Reflection::new(store.new_id(), &pack);
        let q = &pack.questions[0];
        r.set(
            &pack,
            Some(reflect::journal::Entry::text(q, None, "words")),
            &q.id,
        );
        r.finished = Some(r.updated);
        store.save(&r).unwrap();
    }
    let mut app = locked_app(&data);
    typed(&mut app, "sesame");
    submit(&mut app);
    // Home: Start, Journal, Learn, Quit (no draft). Journal, then e on the reflection.
    app.handle_event(key(KeyCode::Down), Instant::now());
    app.handle_event(key(KeyCode::Enter), Instant::now());
    assert_eq!(app.context(), Context::Journal);
    app.handle_event(key(KeyCode::Char('e')), Instant::now());
    let Screen::Export(e, _) = &app.screen else {
        panic!("not on the export screen: {:?}", app.context());
    };
    assert!(e.journal_encrypted);
    assert!(e.privacy_line().contains("will not be"));
}
