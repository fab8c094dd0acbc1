//! The export screen's update tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::content::Pack;
use crate::content::ReturnTo;
use crate::export::{Meta, ReturnTarget};
use crate::journal::Entry;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;

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
        Path::new(&s.path.text),
        Path::new("/home/sam/Documents").join("reflection-2025-03-01.md")
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
            &s.reflections[0],
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
    assert!(
        s.path.text.ends_with("reflection-2025-03-01.txt"),
        "{}",
        s.path.text
    );
    assert!(s.document().starts_with("My reflection\n====="));
    s.update(Action::SwitchFormat);
    assert_eq!(s.format, Format::Html);
    assert!(s.path.text.ends_with(".html"), "{}", s.path.text);
    assert!(
        s.document().starts_with("<!DOCTYPE html>"),
        "{}",
        s.document()
    );
    s.update(Action::SwitchFormat);
    assert_eq!(s.format, Format::Json);
    assert!(s.path.text.ends_with(".json"), "{}", s.path.text);
    assert!(s.document().ends_with("}\n"));
    s.update(Action::SwitchFormat);
    assert!(s.path.text.ends_with(".md"));
    // A name the person typed is kept; only a matching extension follows.
    s.update(Action::EditPath);
    s.update(Action::ClearField);
    typ(&mut s, "~/for-dana.md");
    s.update(Action::Back);
    s.update(Action::SwitchFormat);
    assert_eq!(s.path.text, "~/for-dana.txt");
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
    assert_eq!(s.path.text, "notes-é.md");
    s.update(Action::Erase);
    assert_eq!(s.path.text, "notes-.md");
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

/// The `Export` effect's bytes after confirming a write.
fn written(s: &mut ExportScreen) -> Vec<u8> {
    let Effect::PrepareExport(path) = s.update(Action::WriteExport) else {
        panic!("no write asked for: {:?}", s.note);
    };
    s.ask_to_write(path, false);
    match s.update(Action::Confirm) {
        Effect::Export { bytes, .. } => bytes,
        other => panic!("{other:?} ({:?})", s.note),
    }
}

#[test]
fn every_format_is_offered_and_the_preview_is_the_file_byte_for_byte() {
    let mut s = screen();
    s.update(Action::Tick);
    let mut seen = Vec::new();
    for _ in Format::ALL {
        seen.push(s.format);
        let file = written(&mut s);
        assert_eq!(file, s.document().into_bytes(), "{:?}", s.format);
        // The same document `reflect export` writes.
        assert_eq!(
            s.document(),
            doc::render(&s.reflections[0], &s.selection(), s.format)
        );
        assert!(s.path.text.ends_with(s.format.extension()));
        s.update(Action::SwitchFormat);
    }
    assert_eq!(seen, Format::ALL.to_vec());
    assert_eq!(s.format, Format::Markdown);
}

fn dana(recipient: &str) -> ReturnTo {
    ReturnTo {
        name: "Dana Rivera".into(),
        recipient: recipient.into(),
    }
}

#[test]
fn encryption_is_on_when_the_questions_name_a_therapist_and_x_turns_it_off() {
    let key = crate::keys::generate();
    let mut s = screen();
    assert_eq!(s.recipient(), None);
    assert!(!s.offers(&Action::ToggleEncrypt));
    s.set_return_target(ReturnTarget::One(dana(&key.recipient)));
    assert!(s.offers(&Action::ToggleEncrypt));
    assert_eq!(s.recipient().map(|r| r.name.as_str()), Some("Dana Rivera"));
    assert!(
        s.path.text.ends_with("reflection-2025-03-01.md.age"),
        "{}",
        s.path.text
    );
    let line = s.privacy_line();
    assert!(line.contains("Encrypted for Dana Rivera"), "{line}");
    assert!(!line.contains("plain text"), "{line}");
    s.journal_encrypted = true;
    assert!(!s.privacy_line().contains("plain text"));

    s.update(Action::Tick);
    let file = written(&mut s);
    assert!(crate::keys::is_age(&file));
    let text = String::from_utf8_lossy(&file);
    assert!(!text.contains("From friends"), "{text}");
    let opened = crate::keys::decrypt_with(key.identity_file.as_bytes(), &file).unwrap();
    assert_eq!(opened.as_slice(), s.document().as_bytes());

    // x: plain text after all, and the name says so.
    s.update(Action::ToggleEncrypt);
    assert_eq!(s.recipient(), None);
    assert!(s.path.text.ends_with(".md"), "{}", s.path.text);
    assert!(s.privacy_line().contains("plain text"));
    assert_eq!(written(&mut s), s.document().into_bytes());
    // A typed name gains and loses `.age` with the choice, and keeps it through formats.
    s.update(Action::EditPath);
    s.update(Action::ClearField);
    typ(&mut s, "~/for-dana.md");
    s.update(Action::Back);
    s.update(Action::ToggleEncrypt);
    assert_eq!(s.path.text, "~/for-dana.md.age");
    s.update(Action::SwitchFormat);
    assert_eq!(s.path.text, "~/for-dana.txt.age");
    s.update(Action::ToggleEncrypt);
    assert_eq!(s.path.text, "~/for-dana.txt");
}

#[test]
fn between_several_therapists_nothing_is_chosen_until_the_person_chooses() {
    let (a, b) = (crate::keys::generate(), crate::keys::generate());
    let mut s = screen();
    let mut other = dana(&b.recipient);
    other.name = "Sam Okafor".into();
    s.set_return_target(ReturnTarget::Several(vec![dana(&a.recipient), other]));
    assert_eq!(s.recipient(), None);
    s.update(Action::ToggleEncrypt);
    assert_eq!(s.recipient().map(|r| r.name.as_str()), Some("Dana Rivera"));
    s.update(Action::ToggleEncrypt);
    assert_eq!(s.recipient().map(|r| r.name.as_str()), Some("Sam Okafor"));
    s.update(Action::ToggleEncrypt);
    assert_eq!(s.recipient(), None);
}

#[test]
fn a_key_that_cannot_be_used_writes_nothing_and_says_what_to_do() {
    let mut s = screen();
    s.set_return_target(ReturnTarget::One(dana("age1notakey")));
    s.update(Action::Tick);
    let Effect::PrepareExport(path) = s.update(Action::WriteExport) else {
        panic!();
    };
    s.ask_to_write(path, false);
    assert_eq!(s.update(Action::Confirm), Effect::None);
    assert_eq!(s.note, Some(ENCRYPT_FAILED));
    assert!(s.ask.is_none());
}

#[test]
fn the_name_is_empty_unless_typed_and_goes_only_into_the_file() {
    let mut s = screen();
    s.update(Action::SwitchFormat); // plain text
    s.update(Action::Tick);
    assert_eq!(s.name.text, "");
    assert!(!s.document().contains("From:"), "{}", s.document());
    s.update(Action::EditName);
    assert_eq!(s.context(), Context::ExportName);
    typ(&mut s, "S. K.");
    assert!(s.document().contains("From: S. K."), "{}", s.document());
    // Enter in the field is "done", never "write".
    assert_eq!(s.update(Action::Back), Effect::None);
    assert_eq!(s.focus, Focus::List);
    // Only what was typed: the reflection itself does not hold it.
    assert!(
        !serde_json::to_string(&s.reflections[0])
            .unwrap()
            .contains("S. K.")
    );
    s.update(Action::EditName);
    s.update(Action::ClearField);
    s.update(Action::Back);
    assert!(!s.document().contains("From:"));
}

fn second_reflection() -> Reflection {
    let pack = Pack::parse("t.json", super::super::question::tests::PACK).unwrap();
    let mut r = Reflection::new("20250401-000000-bbbb".into(), &pack);
    let q = pack.question("learned").unwrap();
    r.set(
        &pack,
        Some(Entry::text(q, None, "Later, from a book")),
        "learned",
    );
    let t = chrono::DateTime::parse_from_rfc3339("2025-04-01T09:00:00+01:00").unwrap();
    r.started = t;
    r.updated = t;
    r.finished = Some(t);
    r
}

#[test]
fn several_reflections_each_offer_their_own_answers_oldest_first() {
    // Given newest first, as the Journal lists them.
    let mut s = ExportScreen::several(
        vec![second_reflection(), reflection()],
        vec!["A topic".into(), "A topic".into()],
        PathBuf::from("/d"),
        None,
    );
    assert_eq!(s.reflections[0].id, "20250101-000000-aaaa");
    assert_eq!(s.rows.len(), 2 + 1 + 1, "{:?}", s.rows);
    assert!(s.ticked.iter().all(|t| !t));
    // The default name has the newest reflection's date.
    assert_eq!(
        Path::new(&s.path.text),
        Path::new("/d").join("reflection-2025-04-01.md")
    );
    // Only the second reflection's answer: the first is not in the file at all.
    s.update(Action::Down);
    s.update(Action::Down);
    s.update(Action::Tick);
    let d = s.document();
    assert!(d.contains("Later, from a book"), "{d}");
    assert!(!d.contains("From friends"), "{d}");
    assert_eq!(d.matches("# My reflection").count(), 1, "{d}");
    // Both: one document, oldest first.
    s.update(Action::Top);
    s.update(Action::Tick);
    let d = s.document();
    let (old, new) = (d.find("From friends").unwrap(), d.find("Later").unwrap());
    assert!(old < new, "{d}");
    assert_eq!(d.matches("# My reflection").count(), 2, "{d}");
    assert_eq!(
        d,
        doc::render_picked(&s.picked(), Format::Markdown, &Meta::default())
    );
}
