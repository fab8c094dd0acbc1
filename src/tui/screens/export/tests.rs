//! The export screen's update tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::content::Pack;
use crate::journal::Entry;
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

fn reflection() -> Reflection {
    let pack = Pack::parse("t.json", super::super::question::tests::PACK).unwrap();
    let mut r = Reflection::new("20250101-000000-aaaa".into(), &pack);
    let q = pack.question("learned").unwrap();
    r.set(
        &pack,
        Some(Entry::text(q, None, "From friends at school")),
        "learned",
    );
    let body = pack.question("body").unwrap();
    r.set(&pack, Entry::structured(body, None, "yes"), "body");
    let t = chrono::DateTime::parse_from_rfc3339("2025-03-01T10:15:00+01:00").unwrap();
    r.started = t;
    r.updated = t;
    r.finished = Some(t);
    r
}

fn screen() -> ExportScreen {
    ExportScreen::new(
        reflection(),
        vec!["Feeling at home in your body".into()],
        PathBuf::from("/home/sam/Documents"),
        Some(PathBuf::from("/home/sam")),
    )
}

fn typ(s: &mut ExportScreen, text: &str) {
    for c in text.chars() {
        s.update(Action::Type(c));
    }
}

#[test]
fn nothing_is_ticked_to_begin_with_and_the_preview_has_no_answer() {
    let s = screen();
    assert_eq!(s.rows.len(), 3);
    assert!(s.ticked.iter().all(|t| !t));
    assert_eq!(s.selection().only, Some(vec![]));
    assert!(!s.document().contains("From friends"));
    // Joined with the platform's separator (a backslash on Windows).
    assert_eq!(
        std::path::Path::new(&s.path),
        std::path::Path::new("/home/sam/Documents").join("reflection-2025-03-01.md")
    );
}

#[test]
fn ticking_changes_the_preview_to_exactly_the_chosen_answers() {
    let mut s = screen();
    s.update(Action::Tick);
    let d = s.document();
    assert!(d.contains("From friends at school"), "{d}");
    assert!(!d.contains("comfortable"), "{d}");
    assert_eq!(
        d,
        doc::markdown(
            &s.reflection,
            &Selection {
                only: Some(vec!["learned".into()]),
                topics: vec![],
            }
        )
    );
    s.update(Action::Down);
    s.update(Action::Down);
    s.update(Action::Tick);
    assert!(s.document().contains("Topics I'd like to talk about"));
    assert!(s.document().contains("Feeling at home in your body"));
    s.update(Action::Up);
    s.update(Action::Up);
    s.update(Action::Tick);
    assert!(!s.document().contains("From friends"));
    s.update(Action::TickAll);
    assert!(s.ticked.iter().all(|t| *t));
    s.update(Action::TickAll);
    assert!(s.ticked.iter().all(|t| !t));
}

#[test]
fn the_preview_follows_what_a_tick_changed() {
    let mut s = screen();
    s.update(Action::Down);
    s.update(Action::Tick);
    let line = s.follow.unwrap();
    let doc = s.document();
    let shown: Vec<&str> = doc.lines().skip(line).take(3).collect();
    assert!(
        shown.iter().any(|l| l.contains("comfortable")),
        "{shown:?} in\n{doc}"
    );
    s.update(Action::PageUp);
    assert_eq!(s.follow, None);
}

#[test]
fn switching_format_changes_the_extension_and_the_preview() {
    let mut s = screen();
    s.update(Action::Tick);
    assert!(s.document().starts_with("# My reflection"));
    s.update(Action::SwitchFormat);
    assert_eq!(s.format, Format::Text);
    assert!(s.path.ends_with("reflection-2025-03-01.txt"), "{}", s.path);
    assert!(s.document().starts_with("My reflection\n====="));
    s.update(Action::SwitchFormat);
    assert!(s.path.ends_with(".md"));
    // A name the person typed is kept; only a matching extension follows.
    s.update(Action::EditPath);
    s.update(Action::ClearField);
    typ(&mut s, "~/for-dana.md");
    s.update(Action::Back);
    s.update(Action::SwitchFormat);
    assert_eq!(s.path, "~/for-dana.txt");
    assert_eq!(s.target(), PathBuf::from("/home/sam/for-dana.txt"));
}

#[test]
fn writing_with_nothing_ticked_says_so_instead_of_exporting() {
    let mut s = screen();
    assert_eq!(s.update(Action::WriteExport), Effect::None);
    assert_eq!(s.note, Some(NOTHING_TICKED));
    assert!(s.ask.is_none());
    // Ticking a topic alone is something to share.
    s.update(Action::Tick);
    assert!(s.note.is_none());
    s.update(Action::EditPath);
    s.update(Action::ClearField);
    assert_eq!(s.update(Action::WriteExport), Effect::None);
    assert_eq!(s.note, Some(NO_PATH));
}

#[test]
fn writing_asks_first_and_an_existing_file_needs_an_explicit_replace() {
    let mut s = screen();
    s.update(Action::Tick);
    let target = PathBuf::from("/home/sam/Documents/reflection-2025-03-01.md");
    assert_eq!(
        s.update(Action::WriteExport),
        Effect::PrepareExport(target.clone())
    );
    // A new file: y writes without force.
    s.ask_to_write(target.clone(), false);
    assert_eq!(s.context(), Context::ConfirmExport);
    assert_eq!(s.update(Action::Tick), Effect::None);
    let bytes = s.document().into_bytes();
    assert_eq!(
        s.update(Action::Confirm),
        Effect::Export {
            path: target.clone(),
            bytes: bytes.clone(),
            force: false
        }
    );
    // It exists: n goes to the file name, nothing written.
    s.ask_to_write(target.clone(), true);
    assert_eq!(s.context(), Context::ConfirmReplace);
    assert_eq!(s.update(Action::Cancel), Effect::None);
    assert_eq!(s.context(), Context::ExportPath);
    // Only an explicit yes replaces it.
    s.ask_to_write(target.clone(), true);
    assert_eq!(s.update(Action::WriteExport), Effect::None);
    assert_eq!(
        s.update(Action::Confirm),
        Effect::Export {
            path: target,
            bytes,
            force: true
        }
    );
}

#[test]
fn the_path_field_edits_in_place_and_esc_leaves_the_screen_only_from_the_list() {
    let mut s = screen();
    s.update(Action::EditPath);
    s.update(Action::ClearField);
    typ(&mut s, "notes.md");
    let left = KeyEvent::new(KeyCode::Left, KeyModifiers::NONE);
    for _ in 0..3 {
        s.update(Action::Edit(left));
    }
    typ(&mut s, "-é");
    assert_eq!(s.path, "notes-é.md");
    s.update(Action::Erase);
    assert_eq!(s.path, "notes-.md");
    assert_eq!(s.update(Action::Back), Effect::None);
    assert_eq!(s.focus, Focus::List);
    assert_eq!(s.update(Action::Back), Effect::LeaveExport);
}

#[test]
fn hidden_follow_ups_never_appear() {
    let pack = Pack::parse("t.json", super::super::question::tests::PACK).unwrap();
    let mut r = reflection();
    let body = pack.question("body").unwrap();
    r.set(&pack, Entry::structured(body, None, "no"), "body");
    let how = pack.question("body-how").unwrap();
    r.set(
        &pack,
        Some(Entry::text(how, Some("body"), "secret")),
        "body-how",
    );
    r.set(&pack, Entry::structured(body, None, "yes"), "body");
    let mut s = ExportScreen::new(r, vec![], PathBuf::from("/d"), None);
    assert_eq!(s.rows.len(), 2);
    s.update(Action::TickAll);
    assert!(!s.document().contains("secret"));
}

#[test]
fn an_encrypted_journal_is_told_the_export_is_plain_text() {
    let mut s = screen();
    assert!(!s.privacy_line().contains("not be"));
    s.journal_encrypted = true;
    assert!(
        s.privacy_line().contains("will not be"),
        "{}",
        s.privacy_line()
    );
    assert!(s.privacy_line().contains("plain text"));
}
