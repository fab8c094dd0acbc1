//! Snapshots of what issue 12 changed: help one key away, overlays that
//! scroll, notices that wrap, long lists and readers at 60×20.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use reflect::content::Pack;
use reflect::journal::{Entry, Reflection, Store};
use reflect::themes::Followup;
use reflect::tui::App;
use reflect::tui::action::Action;
use reflect::tui::app::{Notice, Screen};
use reflect::tui::screens::question::QuestionScreen;
use reflect::tui::screens::wrapup::WrapUp;
use reflect::tui::theme::Theme;

const PACK: &str = include_str!("fixtures/ask-yourself.json");

fn pack() -> Pack {
    Pack::parse("ask-yourself.json", PACK).unwrap()
}

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_write(&dir.path().join("data")).unwrap();
    let mut app = App::new(store, false);
    app.journal_folder = "~/.local/share/reflect".into();
    (dir, app)
}

fn answered() -> Reflection {
    let p = pack();
    let mut r = Reflection::new("20250301-101500-aaaa".into(), &p);
    let learned = p.question("learned").unwrap();
    r.set(
        &p,
        Some(Entry::text(
            learned,
            None,
            "Från skolan 🌱\nand from friends",
        )),
        "learned",
    );
    r.position = Some("learned".into());
    r
}

fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t
}

fn snap(name: &str, app: &App) {
    for (w, h) in [(80, 24), (60, 20)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), draw(app, w, h).backend());
    }
}

#[test]
fn help_now_over_a_text_answer() {
    let (_d, mut app) = app();
    app.screen = Screen::Question(Box::new(QuestionScreen::new(
        pack(),
        answered(),
        Theme::plain(),
    )));
    app.update(Action::HelpNow, Instant::now());
    snap("help_now_over_an_answer", &app);
    // Scrolled to its end at the smallest size: the last line is there.
    app.update(Action::Bottom, Instant::now());
    let t = draw(&app, 60, 20);
    insta::assert_snapshot!("help_now_end_60x20", t.backend());
}

#[test]
fn help_scrolls_to_its_last_section_at_60x20() {
    let (_d, mut app) = app();
    app.screen = Screen::Question(Box::new(QuestionScreen::new(
        pack(),
        answered(),
        Theme::plain(),
    )));
    app.update(Action::Help, Instant::now());
    app.update(Action::Bottom, Instant::now());
    let t = draw(&app, 60, 20);
    let shown = format!("{}", t.backend());
    assert!(shown.contains("Ctrl-G"), "{shown}");
    assert!(shown.contains("~/.local/share/reflect"), "{shown}");
    insta::assert_snapshot!("help_scrolled_to_the_end_60x20", t.backend());
}

#[test]
fn a_long_notice_wraps() {
    let (_d, mut app) = app();
    app.notice = Some(Notice::news(
        "To use your own editor, set $EDITOR (for example to nano) and start reflect again.",
    ));
    snap("long_notice", &app);
}

fn followup(title: &str, because: &str) -> Followup {
    Followup {
        card: "none".into(),
        title: title.into(),
        because: because.into(),
        pack: None,
    }
}

#[test]
fn wrap_up_with_five_long_reasons() {
    let (_d, mut app) = app();
    let long = "because you wrote \"pressure\", \"perform\", \"nervous\" and \"what if it happens again\" in your answer to the first question";
    let followups = vec![
        followup("When sex feels like a test", long),
        followup("Mindfulness and being present", long),
        followup("Letting go of unrealistic expectations", long),
        followup("Sensate focus, explained", long),
        followup(
            "When to see a doctor first",
            "because you answered \"Not sure\" to \"Am I comfortable with my body?\"",
        ),
    ];
    let mut w = WrapUp::new(answered(), followups, vec![]);
    app.screen = Screen::WrapUp(Box::new(w.clone()));
    snap("wrapup_five_long_reasons", &app);
    for _ in 0..4 {
        w.update(Action::Down);
    }
    app.screen = Screen::WrapUp(Box::new(w));
    snap("wrapup_fifth_reason", &app);
}
