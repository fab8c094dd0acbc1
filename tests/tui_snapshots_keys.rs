//! Snapshots of what issue 12 changed: help one key away, overlays that
//! scroll, notices that wrap, long lists and readers at 60×20.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use reflect::content::Pack;
use reflect::journal::Summary;
use reflect::journal::search::Query;
use reflect::journal::{Entry, Reflection, Store};
use reflect::themes::Followup;
use reflect::tui::App;
use reflect::tui::action::Action;
use reflect::tui::app::{Notice, Screen};
use reflect::tui::screens::home::Home;
use reflect::tui::screens::journal::{Batch, Journal};
use reflect::tui::screens::packs::{PackRow, Packs};
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
    // A new journal has no drafts file yet, so Home opens while it is
    // listed on another thread: take that in, as the first frames would.
    let start = Instant::now();
    while app.busy() {
        assert!(start.elapsed() < std::time::Duration::from_secs(30));
        std::thread::sleep(std::time::Duration::from_millis(2));
        app.tick(Instant::now());
    }
    app.journal_folder = "~/.local/share/reflect".into();
    (dir, app)
}

#[test]
fn home_while_the_journal_is_got_ready() {
    let (_d, mut app) = app();
    app.screen = Screen::Home(Home::getting_ready());
    snap("home_getting_ready", &app);
}

fn answered() -> Reflection {
    let p = pack();
    let mut r = Reflection::new("20250301-101500-aaaa".into(), &p);
    r.started = chrono::DateTime::parse_from_rfc3339("2025-03-01T10:15:00+01:00").unwrap();
    r.updated = r.started;
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

fn at(date: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(date).unwrap()
}

/// `n` reflections, a day apart, newest first; every seventh a draft.
fn many(n: u32) -> Vec<Reflection> {
    let p = pack();
    (0..n)
        .rev()
        .map(|i| {
            let mut r = Reflection::new(format!("2025{:04}-101500-{i:04}", 101 + i), &p);
            r.started = at("2025-01-01T10:15:00+01:00") + chrono::Duration::days(i.into());
            r.updated = r.started;
            let q = p.question("learned").unwrap();
            let text =
                format!("Entry {i}: from school, and later from friends and a harbour town.");
            r.set(&p, Some(Entry::text(q, None, &text)), "learned");
            if i % 7 != 0 {
                r.finished = Some(r.started);
            }
            r
        })
        .collect()
}

#[test]
fn a_journal_of_300_paged_to_the_middle() {
    let (_d, mut app) = app();
    let all = many(300);
    let mut j = Journal::new(all.iter().map(Summary::from).collect(), 0);
    for _ in 0..3 {
        j.update(Action::PageDown);
    }
    app.screen = Screen::Journal(Box::new(j));
    snap("journal_300_paged", &app);
}

/// What the search thread hands over for `rs`: each id, and its snippet.
fn hits(rs: &[Reflection], query: &str) -> Vec<(String, Option<String>)> {
    let q = Query::new(query).unwrap();
    rs.iter()
        .map(|r| (r.id.clone(), q.snippet(r, 70).map(|s| s.text)))
        .collect()
}

#[test]
fn journal_search_with_a_count_and_snippets() {
    let (_d, mut app) = app();
    let all = many(12);
    let mut j = Journal::new(all.iter().map(Summary::from).collect(), 0);
    j.update(Action::Search);
    for c in "harbour".chars() {
        j.update(Action::Type(c));
    }
    j.update(Action::Choose);
    j.searching(1);
    j.receive(Batch {
        search: 1,
        hits: hits(&all, "harbour"),
        done: true,
    });
    app.screen = Screen::Journal(Box::new(j));
    snap("journal_search_snippets", &app);
}

#[test]
fn journal_search_with_a_live_count_while_it_runs() {
    let (_d, mut app) = app();
    let all = many(300);
    let mut j = Journal::new(all.iter().map(Summary::from).collect(), 0);
    j.update(Action::Search);
    for c in "harbour".chars() {
        j.update(Action::Type(c));
    }
    j.searching(1);
    // The first two batches of matches are in; the search goes on.
    for part in [&all[..20], &all[20..42]] {
        j.receive(Batch {
            search: 1,
            hits: hits(part, "harbour"),
            done: false,
        });
    }
    app.screen = Screen::Journal(Box::new(j));
    snap("journal_search_live_count", &app);
}

#[test]
fn a_long_reflection_read_with_its_position() {
    let (_d, mut app) = app();
    let mut r = answered();
    let p = pack();
    let q = p.question("learned").unwrap();
    let long = "A long answer that goes on for a while, line after line, so that it cannot fit. "
        .repeat(30);
    r.set(&p, Some(Entry::text(q, None, &long)), "learned");
    let mut j = Journal::new(vec![Summary::from(&r)], 0);
    j.show(r);
    app.screen = Screen::Journal(Box::new(j.clone()));
    snap("journal_read_long", &app);
    j.update(Action::Bottom);
    app.screen = Screen::Journal(Box::new(j));
    snap("journal_read_long_end", &app);
}

#[test]
fn home_with_several_drafts_and_a_pack_that_has_one() {
    let (_d, mut app) = app();
    let drafts: Vec<Summary> = many(15)
        .iter()
        .filter(|r| r.finished.is_none())
        .map(Summary::from)
        .collect();
    app.screen = Screen::Home(Home::with_drafts(drafts.clone()));
    snap("home_several_drafts", &app);
    // More than fit: the choices scroll, with a scrollbar.
    let lots: Vec<Summary> = many(91)
        .iter()
        .filter(|r| r.finished.is_none())
        .map(Summary::from)
        .collect();
    let mut home = Home::with_drafts(lots);
    home.update(Action::Bottom);
    app.screen = Screen::Home(home);
    snap("home_many_drafts_at_the_end", &app);
    let mut packs = Packs::new(
        vec![PackRow {
            pack: pack(),
            imported: false,
        }],
        0,
    );
    packs.drafts = drafts;
    packs.update(Action::Choose);
    app.screen = Screen::Packs(packs);
    snap("packs_offer_to_continue", &app);
}

#[test]
fn a_choice_with_seven_long_options() {
    let (_d, mut app) = app();
    let pack = Pack::parse(
        "many.json",
        r#"{
  "schema": 1, "id": "many", "title": "Before a first session", "description": "Many options.",
  "questions": [
    { "id": "who", "prompt": "Who would you like to see first?", "kind": "choice",
      "options": [
        { "value": "gp", "label": "My family doctor, to rule out anything physical first" },
        { "value": "sex", "label": "A sex therapist" },
        { "value": "couple", "label": "A couples therapist, together with my partner" },
        { "value": "psych", "label": "A psychologist or counsellor" },
        { "value": "gyn", "label": "A gynaecologist or urologist" },
        { "value": "group", "label": "A support group" },
        { "value": "unsure", "label": "I'm not sure yet, and that's all right" }
      ] }
  ]
}"#,
    )
    .unwrap();
    let r = Reflection::new("20250301-101500-aaaa".into(), &pack);
    app.screen = Screen::Question(Box::new(QuestionScreen::new(pack, r, Theme::plain())));
    snap("choice_seven_options", &app);
}

#[test]
fn the_passphrase_screens_say_what_they_show() {
    use reflect::tui::screens::passphrase::{PassphraseScreen, Purpose};
    let (_d, mut app) = app();
    let mut unlock = PassphraseScreen::new(Purpose::Unlock);
    for c in "secret".chars() {
        unlock.update(Action::Type(c));
    }
    app.screen = Screen::Passphrase(Box::new(unlock));
    snap("unlock", &app);
    let mut choose = PassphraseScreen::new(Purpose::Choose);
    for c in "abc".chars() {
        choose.update(Action::Type(c));
    }
    choose.update(Action::Choose);
    app.screen = Screen::Passphrase(Box::new(choose));
    snap("choose_a_short_passphrase", &app);
}
