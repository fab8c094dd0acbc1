//! The app's update loop against a real store: autosave, leaving, finishing,
//! failed saves, quick hide. No terminal needed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use reflect::journal::Store;
use reflect::tui::App;
use reflect::tui::app::Screen;
use reflect::tui::keymap::Context;

const PACK: &str = include_str!("fixtures/ask-yourself.json");

struct T {
    _dir: tempfile::TempDir,
    data: PathBuf,
    app: App,
    now: Instant,
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

impl T {
    /// A journal with the fixture pack imported (as "test-pack"), on Home.
    fn new() -> T {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let store = Store::open_write(&data).unwrap();
        let text = PACK.replace("\"ask-yourself\"", "\"test-pack\"");
        store.add_pack("test-pack.json", &text, false).unwrap();
        T {
            app: App::new(store, false),
            _dir: dir,
            data,
            now: Instant::now(),
        }
    }

    fn press(&mut self, e: Event) {
        self.app.handle_event(e, self.now);
    }

    fn typ(&mut self, text: &str) {
        for c in text.chars() {
            self.press(key(KeyCode::Char(c)));
        }
    }

    fn wait(&mut self, ms: u64) {
        self.now += Duration::from_millis(ms);
        self.app.tick(self.now);
    }

    /// Home -> pick the test pack -> its first question.
    fn start(&mut self) {
        self.press(key(KeyCode::Enter));
        let Screen::Packs(p) = &self.app.screen else {
            panic!("not the pack picker")
        };
        let at = p
            .rows
            .iter()
            .position(|r| r.pack.id == "test-pack")
            .unwrap();
        for _ in 0..at {
            self.press(key(KeyCode::Down));
        }
        self.press(key(KeyCode::Enter));
        // A draft with these questions is offered first: start anew.
        if self.app.context() == Context::PacksDraft {
            self.press(key(KeyCode::Char('n')));
        }
        assert_eq!(self.app.context(), Context::QuestionText);
    }

    fn files(&self) -> Vec<String> {
        std::fs::read_dir(self.data.join("reflections"))
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                    .map(|e| std::fs::read_to_string(e.path()).unwrap())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn answer(&self) -> Option<String> {
        match &self.app.screen {
            Screen::Question(q) => q.answer_text(),
            _ => None,
        }
    }
}

#[test]
fn typing_is_saved_within_a_second_even_while_typing_goes_on() {
    let mut t = T::new();
    t.start();
    t.typ("first words");
    assert!(t.files().is_empty(), "saved on every keystroke");
    t.wait(300);
    t.typ(" and more");
    t.wait(300);
    assert!(t.files().is_empty());
    t.typ("!");
    t.wait(200); // 800 ms after the first unsaved key, though typing never paused.
    let files = t.files();
    assert_eq!(files.len(), 1);
    assert!(files[0].contains("first words and more!"));
    assert!(!t.app.has_unsaved());
}

#[test]
fn nothing_typed_leaves_no_empty_draft() {
    let mut t = T::new();
    t.start();
    t.press(key(KeyCode::Tab));
    t.press(key(KeyCode::Esc));
    assert!(t.files().is_empty());
}

#[test]
fn esc_saves_a_draft_and_home_offers_to_continue_it_exactly_there() {
    let mut t = T::new();
    t.start();
    t.typ("line one");
    t.press(key(KeyCode::Enter));
    t.typ("line two");
    t.press(key(KeyCode::Esc));
    assert_eq!(t.app.context(), Context::Home);
    assert_eq!(t.files().len(), 1);
    let Screen::Home(h) = &t.app.screen else {
        panic!()
    };
    assert!(!h.drafts.is_empty());
    t.press(key(KeyCode::Down));
    t.press(key(KeyCode::Enter));
    assert_eq!(t.answer().as_deref(), Some("line one\nline two"));
}

#[test]
fn tab_through_the_last_question_finishes_and_shows_the_wrap_up() {
    let mut t = T::new();
    t.start();
    t.typ("something");
    for _ in 0..5 {
        t.press(key(KeyCode::Tab));
    }
    assert_eq!(t.app.context(), Context::WrapUp);
    let files = t.files();
    assert!(files[0].contains("\"finished\""), "{}", files[0]);
    t.press(key(KeyCode::Esc));
    let Screen::Home(h) = &t.app.screen else {
        panic!()
    };
    assert!(h.drafts.is_empty(), "a finished reflection is not a draft");
}

#[test]
fn a_failed_save_keeps_the_words_says_so_calmly_and_retries() {
    let mut t = T::new();
    t.start();
    // Make the journal unwritable in a way that holds even for root.
    let reflections = t.data.join("reflections");
    std::fs::remove_dir_all(&reflections).unwrap();
    std::fs::write(&reflections, "not a folder").unwrap();
    t.typ("precious words");
    t.wait(800);
    assert!(t.app.notice_text().unwrap().contains("Couldn't save"));
    assert!(t.app.has_unsaved());
    // Leaving the question does not drop them either.
    t.press(key(KeyCode::Esc));
    assert!(t.app.has_unsaved());
    // Quitting warns once instead of losing them.
    t.press(ctrl('q'));
    assert!(!t.app.should_quit());
    // The disk comes back: the next tick saves and the notice goes.
    std::fs::remove_file(&reflections).unwrap();
    std::fs::create_dir(&reflections).unwrap();
    t.wait(200);
    assert!(!t.app.has_unsaved());
    assert!(t.app.notice.is_none());
    assert!(t.files()[0].contains("precious words"));
    t.press(ctrl('q'));
    assert!(t.app.should_quit());
}

#[test]
fn ctrl_q_saves_at_once() {
    let mut t = T::new();
    t.start();
    t.typ("just typed");
    t.press(ctrl('q'));
    assert!(t.app.should_quit());
    assert!(t.files()[0].contains("just typed"));
}

#[test]
fn quick_hide_works_inside_a_text_answer_and_only_the_chord_brings_it_back() {
    let mut t = T::new();
    t.start();
    t.typ("private");
    t.press(ctrl('g'));
    assert!(t.app.hidden);
    t.typ("xyz");
    t.press(key(KeyCode::Enter));
    t.press(key(KeyCode::Esc));
    assert!(t.app.hidden);
    assert_eq!(t.answer().as_deref(), Some("private"));
    t.press(ctrl('g'));
    assert!(!t.app.hidden);
    assert_eq!(t.app.context(), Context::QuestionText);
}

#[test]
fn question_mark_types_in_an_answer_and_f1_opens_help() {
    let mut t = T::new();
    t.start();
    t.typ("why?");
    assert_eq!(t.answer().as_deref(), Some("why?"));
    t.press(key(KeyCode::F(1)));
    assert_eq!(t.app.context(), Context::Help);
    t.press(key(KeyCode::Esc));
    assert_eq!(t.app.context(), Context::QuestionText);
}

#[test]
fn pasted_text_goes_into_the_answer() {
    let mut t = T::new();
    t.start();
    t.press(Event::Paste("pasted\r\nacross lines 🌱".into()));
    assert_eq!(t.answer().as_deref(), Some("pasted\nacross lines 🌱"));
}

/// A finished reflection with one text answer, saved through the app's store,
/// then Home -> Journal -> read it -> e (the export screen).
fn open_export(t: &mut T) {
    let pack = reflect::content::Pack::parse("p.json", PACK).unwrap();
    let mut r = reflect::journal::Reflection::new(t.app.store().new_id(), &pack);
    let q = pack.question("learned").unwrap();
    r.set(
        &pack,
        Some(reflect::journal::Entry::text(q, None, "From a book")),
        "learned",
    );
    r.finished = Some(r.updated);
    t.app.store().save(&r).unwrap();
    t.press(key(KeyCode::Down));
    t.press(key(KeyCode::Enter));
    assert_eq!(t.app.context(), Context::Journal);
    t.press(key(KeyCode::Enter));
    t.press(key(KeyCode::Char('e')));
    assert_eq!(t.app.context(), Context::Export);
}

fn set_path(t: &mut T, path: &std::path::Path) {
    t.press(key(KeyCode::Tab));
    t.press(ctrl('u'));
    t.typ(path.to_str().unwrap());
    assert_eq!(t.app.context(), Context::ExportPath);
}

#[test]
fn an_existing_export_is_replaced_only_after_an_explicit_yes() {
    let mut t = T::new();
    open_export(&mut t);
    t.press(key(KeyCode::Char(' ')));
    let target = t._dir.path().join("mine.md");
    std::fs::write(&target, "already here").unwrap();
    set_path(&mut t, &target);
    t.press(key(KeyCode::Enter));
    assert_eq!(t.app.context(), Context::ConfirmReplace);
    // No: back to the file name, the old file untouched.
    t.press(key(KeyCode::Char('n')));
    assert_eq!(t.app.context(), Context::ExportPath);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "already here");
    t.press(key(KeyCode::Enter));
    t.press(key(KeyCode::Char('y')));
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("From a book"), "{written}");
    let notice = t.app.notice_text().unwrap().to_string();
    assert!(notice.contains(target.to_str().unwrap()), "{notice}");
    // Back in the journal, reading the same reflection.
    assert_eq!(t.app.context(), Context::JournalRead);
}

#[test]
fn a_failed_export_says_why_calmly_and_keeps_every_choice() {
    let mut t = T::new();
    open_export(&mut t);
    t.press(key(KeyCode::Char(' ')));
    let target = t._dir.path().join("no-such-folder").join("mine.md");
    set_path(&mut t, &target);
    t.press(key(KeyCode::Enter));
    assert_eq!(t.app.context(), Context::ConfirmExport);
    t.press(key(KeyCode::Char('y')));
    let notice = t.app.notice_text().unwrap().to_string();
    assert!(notice.contains("That folder doesn't exist"), "{notice}");
    let Screen::Export(e, _) = &t.app.screen else {
        panic!("left the export screen")
    };
    // (Topics from the themes detector may follow; only the answer was ticked.)
    assert_eq!(e.ticked.first(), Some(&true));
    assert_eq!(e.ticked.iter().filter(|t| **t).count(), 1);
    assert_eq!(e.path.text, target.to_str().unwrap());
    assert!(!target.exists());
}

#[test]
fn journal_search_looks_inside_answers_among_the_listed_reflections() {
    let mut t = T::new();
    for words in ["tulips in spring", "a quiet harbour"] {
        t.start();
        t.typ(words);
        t.press(key(KeyCode::Esc));
    }
    // Home -> Journal (Start, Continue, Continue, Journal): both drafts are listed.
    t.press(key(KeyCode::Down));
    t.press(key(KeyCode::Down));
    t.press(key(KeyCode::Down));
    t.press(key(KeyCode::Enter));
    assert_eq!(t.app.context(), Context::Journal);
    t.press(key(KeyCode::Char('/')));
    t.typ("HARBOUR");
    t.press(key(KeyCode::Enter));
    // The search runs on another thread; each frame takes in what it found.
    let start = Instant::now();
    while t.app.searching() {
        assert!(start.elapsed() < Duration::from_secs(30));
        std::thread::sleep(Duration::from_millis(5));
        t.app.tick(Instant::now());
    }
    let Screen::Journal(j) = &t.app.screen else {
        panic!("not the journal")
    };
    assert_eq!(j.shown.len(), 1, "only the reflection that says harbour");
    let shown = &j.summaries[j.shown[0]];
    let r = t.app.store().load(&shown.id).unwrap();
    assert!(r.answers[0].answer.contains("a quiet harbour"));
}

#[test]
fn the_folder_of_the_last_export_is_offered_next_time() {
    let mut t = T::new();
    open_export(&mut t);
    t.press(key(KeyCode::Char(' ')));
    let out = t._dir.path().join("for-sessions");
    std::fs::create_dir(&out).unwrap();
    set_path(&mut t, &out.join("first.md"));
    t.press(key(KeyCode::Enter));
    t.press(key(KeyCode::Char('y')));
    assert!(out.join("first.md").exists());
    assert_eq!(t.app.context(), Context::JournalRead);
    t.press(key(KeyCode::Char('e')));
    let Screen::Export(e, _) = &t.app.screen else {
        panic!("no export screen")
    };
    assert_eq!(e.folder, out);
    assert!(
        e.path.text.starts_with(out.to_str().unwrap()),
        "{}",
        e.path.text
    );
    // Only the folder is remembered: nothing of what was shared.
    let setting = std::fs::read_to_string(t.data.join(reflect::journal::EXPORT_FOLDER)).unwrap();
    assert_eq!(setting.trim_end(), out.to_str().unwrap());
}

#[test]
fn a_pack_that_names_a_therapist_is_exported_encrypted_for_them_by_default() {
    let mut t = T::new();
    let key_pair = reflect::keys::generate();
    let text = PACK.replace(
        "\"id\": \"ask-yourself\",",
        &format!(
            "\"id\": \"dana-homework\",\n  \"return_to\": {{ \"name\": \"Dana Rivera\", \"recipient\": \"{}\" }},",
            key_pair.recipient
        ),
    );
    let pack = t.app.store().add_pack("dana.json", &text, false).unwrap().0;
    let mut r = reflect::journal::Reflection::new(t.app.store().new_id(), &pack);
    let q = pack.question("learned").unwrap();
    r.set(
        &pack,
        Some(reflect::journal::Entry::text(q, None, "From a book")),
        "learned",
    );
    r.finished = Some(r.updated);
    t.app.store().save(&r).unwrap();
    t.press(key(KeyCode::Down));
    t.press(key(KeyCode::Enter));
    // Space ticks the reflection in the list; e exports the ticked ones.
    t.press(key(KeyCode::Char(' ')));
    t.press(key(KeyCode::Char('e')));
    assert_eq!(t.app.context(), Context::Export);
    t.press(key(KeyCode::Char(' ')));
    let target = t._dir.path().join("for-dana.md");
    set_path(&mut t, &target);
    t.press(key(KeyCode::Enter));
    assert_eq!(t.app.context(), Context::ConfirmExport);
    t.press(key(KeyCode::Char('y')));
    // An encrypted file always says so by its name, even one typed without `.age`.
    assert!(!target.exists());
    let written = std::fs::read(t._dir.path().join("for-dana.md.age")).unwrap();
    assert!(reflect::keys::is_age(&written));
    assert!(!String::from_utf8_lossy(&written).contains("From a book"));
    let opened = reflect::keys::decrypt_with(key_pair.identity_file.as_bytes(), &written).unwrap();
    assert!(String::from_utf8_lossy(&opened).contains("From a book"));
    let notice = t.app.notice_text().unwrap().to_string();
    assert!(notice.contains("only Dana Rivera can open it"), "{notice}");
}
