//! The Over time view and the wrap-up's "last time" lines: snapshots at
//! 80×24 and 60×20 on a journal with a scale question answered 12 times, a
//! yes/no question 5 times and a text question 3 times (once under an older
//! wording), and the view opened from the Journal in a real terminal.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use reflect::content::Pack;
use reflect::journal::{Entry, Reflection, Store};
use reflect::tui::App;
use reflect::tui::action::Action;
use reflect::tui::app::Screen;
use reflect::tui::screens::journal::Journal;
use reflect::tui::screens::question::QuestionScreen;
use reflect::tui::theme::Theme;

#[cfg(unix)]
use common::{CTRL_Q, DOWN, ENTER, Pty};

const PACK: &str = include_str!("fixtures/ask-yourself.json");

fn pack() -> Pack {
    Pack::parse("ask-yourself.json", PACK).unwrap()
}

/// How satisfied, month by month (oldest first).
const SCALE: [&str; 12] = ["2", "2", "3", "2", "3", "3", "4", "3", "4", "4", "5", "4"];
/// Comfortable with my body, in the last five months.
const YES_NO: [&str; 5] = ["no", "no", "unsure", "yes", "yes"];
const OLD_WORDING: &str = "Where did I first hear about sex?";

/// Twelve finished reflections, one a month from November 2025.
fn seed(data: &Path) {
    let store = Store::open_write(data).unwrap();
    let p = pack();
    for (i, v) in SCALE.iter().enumerate() {
        let (y, m) = if i < 2 { (2025, 11 + i) } else { (2026, i - 1) };
        let id = format!("{y}{m:02}12-090000-00{i:02}");
        let mut r = Reflection::new(id, &p);
        r.started =
            chrono::DateTime::parse_from_rfc3339(&format!("{y}-{m:02}-12T09:00:00+00:00")).unwrap();
        r.updated = r.started;
        r.finished = Some(r.started);
        let q = p.question("satisfied").unwrap();
        r.set(&p, Entry::structured(q, None, v), "satisfied");
        if i >= 7 {
            let q = p.question("body-comfort").unwrap();
            r.set(
                &p,
                Entry::structured(q, None, YES_NO[i - 7]),
                "body-comfort",
            );
        }
        let text = match i {
            1 => {
                Some("From a health class that only talked about risks, and from jokes at school.")
            }
            6 => Some("Mostly from films, which made it look effortless and silent."),
            11 => Some("From my older cousin, kindly, and later from books I chose myself."),
            _ => None,
        };
        if let Some(t) = text {
            let q = p.question("learned").unwrap();
            let mut e = Entry::text(q, None, t);
            if i == 1 {
                e.prompt = OLD_WORDING.into();
            }
            r.set(&p, Some(e), "learned");
        }
        store.save(&r).unwrap();
    }
}

/// An app on a seeded journal, showing the Journal.
fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    seed(&data);
    let store = Store::open_write(&data).unwrap();
    let summaries = store.list().unwrap().summaries;
    let mut app = App::new(store, false);
    app.theme = Theme::plain();
    app.journal_folder = "~/.local/share/reflect".into();
    app.screen = Screen::Journal(Box::new(Journal::new(summaries, 0)));
    (dir, app)
}

fn go(app: &mut App, actions: &[Action]) {
    for a in actions {
        app.update(a.clone(), Instant::now());
    }
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

fn screen_text(app: &App) -> String {
    let t = draw(app, 80, 24);
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn picker_lists_the_questions_answered_twice_most_answered_first() {
    let (_d, mut app) = app();
    go(&mut app, &[Action::OverTime]);
    let s = screen_text(&app);
    let scale = s.find("How satisfied").expect(&s);
    let yes_no = s.find("Am I comfortable").unwrap();
    let text = s.find("Where did I first learn").unwrap();
    assert!(scale < yes_no && yes_no < text, "{s}");
    snap("over_time_pick", &app);
}

#[test]
fn a_scale_question_answered_twelve_times() {
    let (_d, mut app) = app();
    go(&mut app, &[Action::OverTime, Action::Choose]);
    let s = screen_text(&app);
    assert!(s.contains("12 answers"), "{s}");
    assert!(s.contains("5 very") && s.contains("1 not at all"), "{s}");
    assert!(s.contains("12 Oct 2026  4 of 5"), "{s}");
    snap("over_time_scale", &app);
}

#[test]
fn a_yes_no_question_answered_five_times() {
    let (_d, mut app) = app();
    go(&mut app, &[Action::OverTime, Action::Down, Action::Choose]);
    let s = screen_text(&app);
    assert!(
        s.contains("Oldest to newest: No · No · Not sure · Yes · Yes"),
        "{s}"
    );
    snap("over_time_yes_no", &app);
}

#[test]
fn a_text_question_shows_the_wording_each_answer_was_given_to() {
    let (_d, mut app) = app();
    go(
        &mut app,
        &[Action::OverTime, Action::Down, Action::Down, Action::Choose],
    );
    let s = screen_text(&app);
    assert!(s.contains(&format!("Asked as “{OLD_WORDING}”")), "{s}");
    snap("over_time_text", &app);
    // Enter on the oldest answer reads its reflection; Esc comes back.
    go(&mut app, &[Action::Bottom, Action::Choose]);
    let s = screen_text(&app);
    assert!(s.contains("health class"), "{s}");
    assert!(s.contains("12 Dec 2025"), "{s}");
    snap("over_time_read", &app);
    go(&mut app, &[Action::Back, Action::Back, Action::Back]);
    assert!(matches!(app.screen, Screen::Journal(_)));
}

#[test]
fn the_wrap_up_says_what_was_answered_last_time_beside_today() {
    let (_d, mut app) = app();
    let p = pack();
    let mut r = Reflection::new("20261112-090000-0000".into(), &p);
    r.started = chrono::DateTime::parse_from_rfc3339("2026-11-12T09:00:00+00:00").unwrap();
    r.set(
        &p,
        Entry::structured(p.question("satisfied").unwrap(), None, "3"),
        "satisfied",
    );
    r.set(
        &p,
        Entry::structured(p.question("body-comfort").unwrap(), None, "yes"),
        "body-comfort",
    );
    r.set(
        &p,
        Entry::structured(p.question("talk").unwrap(), None, "mixed"),
        "talk",
    );
    r.position = Some("hope".into());
    app.screen = Screen::Question(Box::new(QuestionScreen::new(p, r, Theme::plain())));
    go(&mut app, &[Action::NextQuestion]);
    let s = screen_text(&app);
    assert!(
        s.contains("Last time (12 Oct): 4 of 5 · today: 3 of 5"),
        "{s}"
    );
    assert!(s.contains("Last time (12 Oct): Yes · today: Yes"), "{s}");
    // Never answered before: no line.
    assert_eq!(s.matches("Last time").count(), 2, "{s}");
    for judged in ["better", "worse", "improv"] {
        assert!(!s.to_lowercase().contains(judged), "{s}");
    }
    snap("wrap_up_last_time", &app);
}

#[test]
#[cfg(unix)]
fn over_time_opens_from_the_journal_in_a_real_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    seed(&data);
    std::fs::write(data.join("welcomed"), b"").unwrap();
    let mut s = Pty::reflect(&data, &[("NO_COLOR", "1")]);
    s.wait_for("Start a reflection");
    s.send(DOWN); // Journal (no draft to continue)
    s.send(ENTER);
    let journal = s.wait_for("over time");
    assert!(journal.contains("o over time"), "{journal}");
    s.send(b"o");
    s.wait_for("answered more than once");
    s.send(ENTER);
    let view = s.wait_for("12 answers");
    assert!(view.contains("5 very"), "{view}");
    s.send(b"\x1b");
    s.wait_for("answered more than once");
    s.send(b"\x1b");
    s.wait_for("o over time");
    s.send(CTRL_Q);
    assert!(s.wait_exit().success());
}

#[test]
fn help_lists_the_over_time_keys_from_the_same_table_as_the_footer() {
    let (_d, mut app) = app();
    go(&mut app, &[Action::Help]);
    let s = screen_text(&app);
    assert!(
        s.contains("See a question you have answered more than once"),
        "{s}"
    );
    go(
        &mut app,
        &[Action::Help, Action::OverTime, Action::Choose, Action::Help],
    );
    let s = screen_text(&app);
    assert!(
        s.contains("Read the reflection the highlighted answer is in"),
        "{s}"
    );
    assert!(s.contains("Back to the questions"), "{s}");
}

/// From a reflection being read, `o` shows the question in view over time,
/// and Esc goes back through the picker to the reflection.
#[test]
fn o_in_the_reader_shows_that_question_over_time() {
    let (_d, mut app) = app();
    // The newest reflection, read: its first answer is in view.
    go(&mut app, &[Action::Choose]);
    assert!(matches!(app.screen, Screen::Journal(_)));
    go(&mut app, &[Action::OverTime]);
    let s = screen_text(&app);
    assert!(s.contains("answers"), "{s}");
    assert!(matches!(&app.screen, Screen::OverTime(o, _) if o.history.is_some()));
    go(&mut app, &[Action::Back, Action::Back]);
    assert!(
        matches!(app.screen, Screen::Journal(_)),
        "back to the reader"
    );
}
