//! The wrap-up after an answer that speaks of crisis, or of fear of a
//! partner, drawn with the real reader and cards: help comes first, no
//! partner exercise is offered, and the person's words are not quoted back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use reflect::content::builtin_packs;
use reflect::content::cards::builtin_cards;
use reflect::journal::{Entry, Reflection, Store};
use reflect::themes::analyze_reflection;
use reflect::tui::App;
use reflect::tui::app::Screen;
use reflect::tui::screens::wrapup::WrapUp;

fn wrap_up_after(answer: &str) -> (tempfile::TempDir, App, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_write(&dir.path().join("data")).unwrap();
    let mut app = App::new(store, false);
    let pack = builtin_packs()
        .into_iter()
        .find(|p| p.id == "ask-yourself")
        .unwrap();
    let mut r = Reflection::new("20260301-101500-aaaa".into(), &pack);
    let q = pack.question("anything-else").unwrap();
    r.set(&pack, Some(Entry::text(q, None, answer)), "anything-else");
    r.finished = Some(r.started);
    let analysis = analyze_reflection(&r);
    let cards: Vec<String> = analysis.followups.iter().map(|f| f.card.clone()).collect();
    app.screen = Screen::WrapUp(Box::new(WrapUp::new(
        r,
        analysis.followups,
        builtin_cards(),
    )));
    (dir, app, cards)
}

fn screens(name: &str, app: &App) -> Vec<String> {
    let mut shown = Vec::new();
    for (w, h) in [(80, 24), (60, 20)] {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| f.render_widget(app, f.area())).unwrap();
        shown.push(format!("{:?}", t.backend()));
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
    shown
}

#[test]
fn wrap_up_after_a_crisis_answer() {
    let answer =
        "we never talk about sex and i feel like a burden. some nights i just want to not wake up";
    let (_d, app, cards) = wrap_up_after(answer);
    assert_eq!(
        cards.first().map(String::as_str),
        Some("help-now"),
        "{cards:?}"
    );
    for s in screens("wrapup_crisis", &app) {
        assert!(s.contains("If you need help now"), "{s}");
        // The answer shows at a glance, as the person wrote it; the reason
        // line beneath the card never quotes it.
        assert!(!s.contains("because you wrote"), "{s}");
    }
    assert!(!cards.contains(&"communication".to_string()), "{cards:?}");
}

#[test]
fn wrap_up_after_a_coercion_answer() {
    let answer =
        "He gets angry when I say no. I feel scared sometimes. Sex is the same boring routine.";
    let (_d, app, cards) = wrap_up_after(answer);
    assert_eq!(
        cards.first().map(String::as_str),
        Some("feeling-safe"),
        "{cards:?}"
    );
    for partner_card in ["communication", "sensate-focus", "sexual-rut"] {
        assert!(!cards.contains(&partner_card.to_string()), "{cards:?}");
    }
    for s in screens("wrapup_coercion", &app) {
        assert!(s.contains("Feeling safe with a partner"), "{s}");
        assert!(!s.contains("because you wrote"), "{s}");
    }
}
