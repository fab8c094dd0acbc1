//! Keys through the app's update loop (no terminal): help one key away on
//! every screen, nothing acting behind a screen nobody can see, notices
//! that go when read and trouble that stays.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use reflect::journal::Store;
use reflect::tui::App;
use reflect::tui::app::{Notice, Screen};
use reflect::tui::keymap::Context;

const PACK: &str = include_str!("fixtures/ask-yourself.json");

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Event {
    key(KeyCode::Char(c))
}

fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

struct T {
    _dir: tempfile::TempDir,
    app: App,
    now: Instant,
}

impl T {
    fn new() -> T {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_write(&dir.path().join("data")).unwrap();
        let text = PACK.replace("\"ask-yourself\"", "\"test-pack\"");
        store.add_pack("test-pack.json", &text, false).unwrap();
        T {
            app: App::new(store, false),
            _dir: dir,
            now: Instant::now(),
        }
    }

    fn press(&mut self, e: Event) {
        self.app.handle_event(e, self.now);
    }

    fn typ(&mut self, text: &str) {
        for c in text.chars() {
            self.press(ch(c));
        }
    }

    /// Home -> the test pack -> its first (free-text) question.
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
        assert_eq!(self.app.context(), Context::QuestionText);
    }

    fn answer(&self) -> Option<String> {
        match &self.app.screen {
            Screen::Question(q) => q.answer_text(),
            _ => None,
        }
    }

    fn draw(&self, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| f.render_widget(&self.app, f.area())).unwrap();
        format!("{}", t.backend())
    }
}

#[test]
fn h_opens_help_now_on_home_and_esc_comes_back_to_the_same_place() {
    let mut t = T::new();
    t.press(key(KeyCode::Down));
    t.press(ch('h'));
    assert_eq!(t.app.context(), Context::HelpNow);
    assert!(t.draw(80, 24).contains("If you need help now"));
    t.press(key(KeyCode::Esc));
    assert_eq!(t.app.context(), Context::Home);
    let Screen::Home(h) = &t.app.screen else {
        panic!("not home")
    };
    assert_eq!(h.selected(), 1, "the selection was kept");
}

#[test]
fn f2_opens_help_now_while_typing_and_nothing_typed_is_lost() {
    let mut t = T::new();
    t.start();
    t.typ("half a thought, h and all");
    t.press(key(KeyCode::F(2)));
    assert_eq!(t.app.context(), Context::HelpNow);
    // Keys go to the card now, not the answer.
    t.typ("jk");
    t.press(key(KeyCode::Esc));
    assert_eq!(t.app.context(), Context::QuestionText);
    assert_eq!(t.answer().as_deref(), Some("half a thought, h and all"));
    // h is a letter in an answer.
    t.typ("h");
    assert_eq!(t.answer().as_deref(), Some("half a thought, h and allh"));
}

#[test]
fn help_now_is_reachable_from_every_kind_of_screen() {
    use reflect::tui::action::Action;
    use reflect::tui::keymap::resolve;
    let f2 = KeyEvent::new(KeyCode::F(2), KeyModifiers::NONE);
    let h = KeyEvent::new(KeyCode::Char('h'), KeyModifiers::NONE);
    for ctx in [
        Context::Welcome,
        Context::Home,
        Context::Packs,
        Context::QuestionChoice,
        Context::WrapUp,
        Context::WrapUpCard,
        Context::Learn,
        Context::LearnCard,
        Context::Journal,
        Context::JournalRead,
        Context::ConfirmDelete,
        Context::Export,
        Context::ConfirmExport,
        Context::ConfirmReplace,
        Context::Help,
    ] {
        assert_eq!(resolve(ctx, h), Some(Action::HelpNow), "h on {ctx:?}");
        assert_eq!(resolve(ctx, f2), Some(Action::HelpNow), "F2 on {ctx:?}");
    }
    for ctx in [
        Context::QuestionText,
        Context::JournalSearch,
        Context::ExportPath,
        Context::Passphrase,
        Context::PassphraseChoose,
    ] {
        assert_eq!(resolve(ctx, f2), Some(Action::HelpNow), "F2 on {ctx:?}");
        assert_ne!(resolve(ctx, h), Some(Action::HelpNow), "h types on {ctx:?}");
    }
    // Hidden: only the chord (and quit).
    assert_eq!(resolve(Context::Hidden, f2), None);
    assert_eq!(resolve(Context::Hidden, h), None);
}

#[test]
fn on_the_hidden_screen_help_now_does_not_open() {
    let mut t = T::new();
    t.press(ctrl('g'));
    t.press(key(KeyCode::F(2)));
    t.press(ch('h'));
    assert!(t.app.help_now.is_none());
    assert!(!t.draw(80, 24).contains("help"));
    t.press(ctrl('g'));
    assert_eq!(t.app.context(), Context::Home);
}

#[test]
fn help_now_from_the_help_overlay_replaces_it() {
    let mut t = T::new();
    t.press(ch('?'));
    assert_eq!(t.app.context(), Context::Help);
    t.press(ch('h'));
    assert_eq!(t.app.context(), Context::HelpNow);
    t.press(key(KeyCode::Esc));
    assert_eq!(t.app.context(), Context::Home);
}

#[test]
fn q_quits_on_home_and_esc_there_does_nothing() {
    let mut t = T::new();
    t.press(key(KeyCode::Esc));
    assert!(!t.app.should_quit());
    assert_eq!(t.app.context(), Context::Home);
    t.press(ch('q'));
    assert!(t.app.should_quit());
}

#[test]
fn no_key_acts_behind_please_make_this_window_larger() {
    let mut t = T::new();
    let small = t.draw(50, 15);
    assert!(small.contains("larger"), "{small}");
    // Enter, Down, Enter would start a reflection nobody can see.
    t.press(key(KeyCode::Enter));
    t.press(key(KeyCode::Down));
    t.press(key(KeyCode::Enter));
    t.press(ch('h'));
    assert_eq!(t.app.context(), Context::Home);
    let Screen::Home(h) = &t.app.screen else {
        panic!("not home")
    };
    assert_eq!(h.selected(), 0);
    // Quick hide still works; and once the window is large enough, keys act.
    t.press(ctrl('g'));
    assert_eq!(t.app.context(), Context::Hidden);
    t.press(ctrl('g'));
    t.draw(60, 20);
    t.press(key(KeyCode::Enter));
    assert_eq!(t.app.context(), Context::Packs);
}

#[test]
fn news_goes_at_the_next_key_or_after_a_while_but_trouble_stays() {
    let mut t = T::new();
    t.app.notice = Some(Notice::news("Saved to somewhere. Only you can read it."));
    t.press(key(KeyCode::Down));
    assert!(t.app.notice.is_none());
    t.app.notice = Some(Notice::news("Saved to somewhere."));
    t.app.tick(t.now);
    t.app.tick(t.now + Duration::from_secs(11));
    assert!(t.app.notice.is_none());
    t.app.notice = Some(Notice::trouble("Couldn't save just now."));
    t.press(key(KeyCode::Down));
    t.app.tick(t.now + Duration::from_secs(60));
    assert!(t.app.notice.is_some(), "trouble stays until it is resolved");
}

#[test]
fn a_long_notice_wraps_to_the_width_instead_of_being_cut() {
    let mut t = T::new();
    let text = "To use your own editor, set $EDITOR (for example to nano) and start reflect again.";
    t.app.notice = Some(Notice::news(text));
    let screen = t.draw(60, 20);
    assert!(screen.contains("start reflect again."), "{screen}");
}

#[test]
fn a_locked_journals_footer_does_not_offer_ctrl_e() {
    use reflect::tui::action::Action;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut store = Store::open_write(&data).unwrap();
    store.set_work_factor(10);
    store
        .encrypt(&age::secrecy::SecretString::from(
            "a passphrase".to_string(),
        ))
        .unwrap();
    let app = App::new(store, false);
    assert!(!app.offers(&Action::OpenEditor));
}
