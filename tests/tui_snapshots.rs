//! Every screen drawn at 80×24 and 60×20: these snapshots are the design review.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use reflect::content::Pack;
use reflect::content::cards::Card;
use reflect::journal::{Entry, Reflection, Store, Summary};
use reflect::themes::Followup;
use reflect::tui::App;
use reflect::tui::action::Action;
use reflect::tui::app::{Notice, Screen};
use reflect::tui::screens::export::ExportScreen;
use reflect::tui::screens::home::Home;
use reflect::tui::screens::journal::Journal;
use reflect::tui::screens::learn::Learn;
use reflect::tui::screens::packs::{PackRow, Packs};
use reflect::tui::screens::question::QuestionScreen;
use reflect::tui::screens::welcome::Welcome;
use reflect::tui::screens::wrapup::WrapUp;
use reflect::tui::theme::Theme;

const PACK: &str = include_str!("fixtures/ask-yourself.json");

fn pack() -> Pack {
    Pack::parse("ask-yourself.json", PACK).unwrap()
}

fn at(date: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(date).unwrap()
}

/// An app on a throwaway store (the store is only touched by effects).
fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_write(&dir.path().join("data")).unwrap();
    let mut app = App::new(store, false);
    // The folder help shows, the same on every machine.
    app.journal_folder = "~/.local/share/reflect".into();
    (dir, app)
}

fn reflection(id: &str, started: &str) -> Reflection {
    let p = pack();
    let mut r = Reflection::new(id.into(), &p);
    r.started = at(started);
    r.updated = r.started;
    let learned = p.question("learned").unwrap();
    r.set(
        &p,
        Some(Entry::text(
            learned,
            None,
            "Från skolan 🌱\nand from friends, 学校",
        )),
        "learned",
    );
    let body = p.question("body-comfort").unwrap();
    r.set(&p, Entry::structured(body, None, "unsure"), "body-comfort");
    r
}

fn question_at(question: &str, r: Reflection) -> QuestionScreen {
    let mut r = r;
    r.position = Some(question.into());
    QuestionScreen::new(pack(), r, Theme::plain())
}

fn snap(name: &str, app: &App) {
    for (w, h) in [(80, 24), (60, 20)] {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| f.render_widget(app, f.area())).unwrap();
        let screen = t.backend().to_string();
        // A path is drawn with the platform's separator; the snapshots hold
        // the Unix one, so a Windows run compares with `/` in its place.
        #[cfg(windows)]
        let screen = screen.replace('\\', "/");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
    }
}

#[test]
fn welcome() {
    let (_d, mut app) = app();
    app.screen = Screen::Welcome(Welcome {
        data_path: "~/.local/share/reflect".into(),
    });
    snap("welcome", &app);
}

#[test]
fn home() {
    let (_d, mut app) = app();
    app.screen = Screen::Home(Home::new(None));
    snap("home", &app);
    let r = reflection("20250301-101500-aaaa", "2025-03-01T10:15:00+01:00");
    app.screen = Screen::Home(Home::new(Some(Summary::from(&r))));
    snap("home_with_draft", &app);
}

#[test]
fn pick_a_pack() {
    let (_d, mut app) = app();
    let mut imported = pack();
    imported.id = "from-my-therapist".into();
    imported.title = "Before our second session".into();
    imported.description =
        "Questions your therapist asked you to think about before you meet again.".into();
    let rows = vec![
        PackRow {
            pack: pack(),
            imported: false,
        },
        PackRow {
            pack: imported,
            imported: true,
        },
    ];
    app.screen = Screen::Packs(Packs::new(rows, 1));
    snap("packs", &app);
}

#[test]
fn questions() {
    let (_d, mut app) = app();
    let r = reflection("20250301-101500-aaaa", "2025-03-01T10:15:00+01:00");
    app.screen = Screen::Question(Box::new(question_at("learned", r.clone())));
    snap("question_text", &app);

    let empty = Reflection::new("20250301-101500-bbbb".into(), &pack());
    app.screen = Screen::Question(Box::new(question_at("learned", empty.clone())));
    snap("question_text_empty", &app);

    let mut long = r.clone();
    let p = pack();
    let text = "A long answer that goes on and on, because sometimes there is a lot to say and it helps to let it all out without worrying about where the line ends. ".repeat(6);
    long.set(
        &p,
        Some(Entry::text(p.question("hope").unwrap(), None, &text)),
        "hope",
    );
    app.screen = Screen::Question(Box::new(question_at("hope", long)));
    snap("question_text_long", &app);

    app.screen = Screen::Question(Box::new(question_at("body-comfort", r.clone())));
    snap("question_yes_no_with_follow_up", &app);

    app.screen = Screen::Question(Box::new(question_at("body-comfort-how", r.clone())));
    snap("question_follow_up", &app);

    app.screen = Screen::Question(Box::new(question_at("satisfied", r.clone())));
    snap("question_scale", &app);

    app.screen = Screen::Question(Box::new(question_at("talk", r)));
    snap("question_choice", &app);
}

fn card() -> Card {
    Card {
        schema: 1,
        id: "messages-we-grew-up-with".into(),
        title: "The messages we grew up with".into(),
        themes: vec!["upbringing".into()],
        body: "Much of what we feel about sex was learned long before we had words for it: from family, school, faith and friends. Noticing those messages is a first step to choosing which ones to keep.".into(),
        try_this: Some("Write down one message you remember, and who it came from.".into()),
        reach_out: "If old messages bring up shame or fear that gets in the way of your life, a sex therapist can help you sort through them.".into(),
        pack: Some("ask-yourself".into()),
        with_partner: false,
        medical: false,
    }
}

#[test]
fn wrap_up() {
    let (_d, mut app) = app();
    let mut r = reflection("20250301-101500-aaaa", "2025-03-01T10:15:00+01:00");
    r.finished = Some(at("2025-03-01T10:45:00+01:00"));
    app.screen = Screen::WrapUp(Box::new(WrapUp::new(r.clone(), vec![], vec![])));
    snap("wrapup_nothing_stood_out", &app);

    let followups = vec![
        Followup {
            card: "messages-we-grew-up-with".into(),
            title: "The messages we grew up with".into(),
            because: "because you wrote \"skolan\" and \"school\"".into(),
            pack: Some("ask-yourself".into()),
        },
        Followup {
            card: "missing".into(),
            title: "Feeling at home in your body".into(),
            because: "because you answered \"Not sure\" to \"Am I comfortable with my body?\""
                .into(),
            pack: None,
        },
    ];
    let mut w = WrapUp::new(r, followups, vec![card()]);
    app.screen = Screen::WrapUp(Box::new(w.clone()));
    snap("wrapup_things_to_explore", &app);
    w.update(Action::Choose);
    app.screen = Screen::WrapUp(Box::new(w));
    snap("wrapup_card", &app);
}

fn journal() -> (Journal, Vec<Reflection>) {
    let a = reflection("20250301-101500-aaaa", "2025-03-01T10:15:00+01:00");
    let mut b = reflection("20250214-200000-bbbb", "2025-02-14T20:00:00+01:00");
    b.finished = Some(at("2025-02-14T20:30:00+01:00"));
    let mut c = Reflection::new("20250101-090000-cccc".into(), &pack());
    c.pack.title = "Before our second session".into();
    c.started = at("2025-01-01T09:00:00+01:00");
    c.finished = Some(c.started);
    let all = vec![a, b, c];
    (
        Journal::new(all.iter().map(Summary::from).collect(), 1),
        all,
    )
}

#[test]
fn journal_screens() {
    let (_d, mut app) = app();
    let (j, all) = journal();
    app.screen = Screen::Journal(Box::new(j.clone()));
    snap("journal", &app);

    app.screen = Screen::Journal(Box::new(Journal::new(vec![], 0)));
    snap("journal_empty", &app);

    let mut s = j.clone();
    s.update(Action::Search);
    for c in "skolan".chars() {
        s.update(Action::Type(c));
    }
    app.screen = Screen::Journal(Box::new(s.clone()));
    snap("journal_search_typing", &app);
    // Enter: the store's hits for the answers arrive.
    s.update(Action::Choose);
    let hits = all
        .iter()
        .filter(|r| r.answered().any(|e| e.answer.contains("skolan")))
        .map(|r| r.id.clone())
        .collect();
    s.set_matches("skolan".into(), hits);
    app.screen = Screen::Journal(Box::new(s));
    snap("journal_search", &app);

    let mut r = j.clone();
    r.show(all[0].clone());
    app.screen = Screen::Journal(Box::new(r));
    snap("journal_read_draft", &app);

    let mut d = j;
    d.update(Action::Delete);
    app.screen = Screen::Journal(Box::new(d));
    snap("journal_confirm_delete", &app);
}

fn export_screen() -> ExportScreen {
    let mut r = reflection("20250301-101500-aaaa", "2025-03-01T10:15:00+01:00");
    r.finished = Some(at("2025-03-01T10:45:00+01:00"));
    ExportScreen::new(
        r,
        vec!["The messages we grew up with".into()],
        "/home/sam/Documents".into(),
        Some("/home/sam".into()),
    )
}

#[test]
fn export() {
    let (_d, mut app) = app();
    let (j, _) = journal();
    let back = Box::new(j);
    let e = export_screen();
    app.screen = Screen::Export(Box::new(e.clone()), back.clone());
    snap("export_nothing_ticked", &app);

    let mut one = e.clone();
    one.update(Action::Tick);
    app.screen = Screen::Export(Box::new(one.clone()), back.clone());
    snap("export_one_ticked", &app);

    let mut text = one.clone();
    text.update(Action::SwitchFormat);
    text.update(Action::EditPath);
    app.screen = Screen::Export(Box::new(text), back.clone());
    snap("export_plain_text_editing_path", &app);

    let mut none = e;
    none.update(Action::WriteExport);
    app.screen = Screen::Export(Box::new(none), back.clone());
    snap("export_nothing_ticked_write", &app);

    let mut ask = one.clone();
    ask.ask_to_write("/home/sam/Documents/reflection-2025-03-01.md".into(), false);
    app.screen = Screen::Export(Box::new(ask), back.clone());
    snap("export_confirm", &app);

    let mut replace = one;
    replace.ask_to_write("/home/sam/Documents/reflection-2025-03-01.md".into(), true);
    app.screen = Screen::Export(Box::new(replace), back);
    snap("export_confirm_replace", &app);
}

/// A recipient the screen only shows by name (drawing never parses it).
const DANA: &str = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

#[test]
fn export_encrypted_named_and_several() {
    use reflect::content::ReturnTo;
    use reflect::export::ReturnTarget;
    let (_d, mut app) = app();
    let (j, all) = journal();
    let back = Box::new(j.clone());

    // The questions name a therapist: on by default, the file ends in .age.
    let mut enc = export_screen();
    enc.set_return_target(ReturnTarget::One(ReturnTo {
        name: "Dana Rivera".into(),
        recipient: DANA.into(),
    }));
    enc.update(Action::Tick);
    app.screen = Screen::Export(Box::new(enc.clone()), back.clone());
    snap("export_encryption_on", &app);

    // A key that cannot be used: the whole sentence shows, wrapped, never cut.
    let mut bad = export_screen();
    bad.set_return_target(ReturnTarget::One(ReturnTo {
        name: "Dana Rivera".into(),
        recipient: "age1notakey".into(),
    }));
    bad.update(Action::Tick);
    bad.ask_to_write("/home/sam/x.md.age".into(), false);
    bad.update(Action::Confirm);
    assert!(bad.note.is_some());
    app.screen = Screen::Export(Box::new(bad), back.clone());
    snap("export_key_unusable", &app);

    let mut ask = enc.clone();
    ask.journal_encrypted = true;
    ask.ask_to_write(
        "/home/sam/Documents/reflection-2025-03-01.md.age".into(),
        false,
    );
    app.screen = Screen::Export(Box::new(ask), back.clone());
    snap("export_encryption_confirm", &app);

    // A name or initials, being typed.
    let mut named = export_screen();
    named.update(Action::Tick);
    named.update(Action::EditName);
    for c in "S. K.".chars() {
        named.update(Action::Type(c));
    }
    app.screen = Screen::Export(Box::new(named), back.clone());
    snap("export_name_typing", &app);

    // Two reflections ticked in the Journal, an answer from each.
    let mut ticked = j;
    ticked.update(Action::Tick);
    ticked.update(Action::Down);
    ticked.update(Action::Tick);
    app.screen = Screen::Journal(Box::new(ticked.clone()));
    snap("journal_two_ticked", &app);

    // Finished on a fixed day, so the file name and the date stay put.
    let mut newest = all[0].clone();
    newest.updated = at("2025-03-01T10:45:00+01:00");
    newest.finished = Some(newest.updated);
    let mut older = all[1].clone();
    older.updated = at("2025-02-14T20:30:00+01:00");
    let mut several = ExportScreen::several(
        vec![newest, older],
        vec!["The messages we grew up with".into()],
        "/home/sam/Documents".into(),
        Some("/home/sam".into()),
    );
    several.update(Action::Tick);
    several.update(Action::Down);
    several.update(Action::Down);
    several.update(Action::Tick);
    app.screen = Screen::Export(Box::new(several), Box::new(ticked));
    snap("export_several_reflections", &app);
}

#[test]
fn learn() {
    let (_d, mut app) = app();
    let mut l = Learn::new(reflect::content::cards::builtin_cards());
    app.screen = Screen::Learn(Box::new(l.clone()));
    snap("learn", &app);
    // Far down the list, the highlighted card stays in view.
    for _ in 0..12 {
        l.update(Action::Down);
    }
    app.screen = Screen::Learn(Box::new(l.clone()));
    snap("learn_scrolled", &app);
    l.update(Action::Choose);
    app.screen = Screen::Learn(Box::new(l));
    snap("learn_card", &app);
}

#[test]
fn overlays_and_states() {
    let (_d, mut app) = app();
    let r = reflection("20250301-101500-aaaa", "2025-03-01T10:15:00+01:00");
    app.screen = Screen::Question(Box::new(question_at("learned", r)));
    let now = Instant::now();
    app.update(Action::Help, now);
    snap("help_in_a_text_answer", &app);
    app.update(Action::Help, now);

    app.screen = Screen::Home(Home::new(None));
    app.update(Action::Help, now);
    snap("help_on_home", &app);
    app.update(Action::Help, now);

    app.update(Action::ToggleHide, now);
    snap("hidden", &app);
    app.update(Action::ToggleHide, now);

    app.notice = Some(Notice::trouble(
        "Couldn't save just now. Your words are safe here; trying again…",
    ));
    snap("save_trouble_notice", &app);
}

#[test]
fn too_small_asks_politely_and_recovers() {
    let (_d, app) = app();
    let mut t = Terminal::new(TestBackend::new(59, 19)).unwrap();
    t.draw(|f| f.render_widget(&app, f.area())).unwrap();
    insta::assert_snapshot!("too_small_59x19", t.backend());
    t.backend_mut().resize(60, 20);
    t.resize(ratatui::layout::Rect::new(0, 0, 60, 20)).unwrap();
    t.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let shown = format!("{}", t.backend());
    assert!(shown.contains("Start a reflection"), "{shown}");
    assert!(!shown.contains("larger"), "{shown}");
}
