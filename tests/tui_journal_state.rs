//! What the app says about the journal as a whole: a journal on a read-only
//! drive is browsable but takes no answers, and a locked journal that still
//! holds plain text says so until it is finished.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;
use std::time::Instant;

use age::secrecy::SecretString;
use reflect::content::Pack;
use reflect::journal::files::failpoint::{self, Mode};
use reflect::journal::{Entry, Reflection, Store};
use reflect::tui::App;
use reflect::tui::action::Action;
use reflect::tui::app::Screen;

fn serial() -> std::sync::MutexGuard<'static, ()> {
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ONE.lock().unwrap_or_else(|e| e.into_inner())
}

fn journal_with_one(dir: &Path) -> Reflection {
    let pack = Pack::parse("mini-pack.json", include_str!("fixtures/mini-pack.json")).unwrap();
    let store = Store::open_write(dir).unwrap();
    let mut r = Reflection::new("20250101-000000-abcd".into(), &pack);
    let q = pack.question("learned").unwrap();
    r.set(&pack, Some(Entry::text(q, None, "from friends")), "learned");
    store.save(&r).unwrap();
    r
}

#[test]
fn a_journal_on_a_read_only_drive_says_so_and_takes_no_answers() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    journal_with_one(&dir);
    failpoint::arm(1, Mode::ReadOnlyDrive);
    let store = Store::open_app(&dir);
    failpoint::disarm();
    let mut app = App::new(store.unwrap(), false);
    let said = app.notice_text().unwrap_or_default().to_string();
    assert!(said.contains("read-only drive"), "{said:?}");
    // Home → Start a reflection → the first pack: no question appears.
    let now = Instant::now();
    app.update(Action::Choose, now);
    app.update(Action::Choose, now);
    assert!(!matches!(app.screen, Screen::Question(_)));
    assert!(app.notice_text().unwrap_or_default().contains("read-only"));
}

#[test]
fn a_locked_journal_with_plain_text_left_says_so() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let r = journal_with_one(&dir);
    let pass = SecretString::from("correct horse".to_string());
    let mut store = Store::open_write(&dir).unwrap();
    store.set_work_factor(2);
    store.encrypt(&pass).unwrap();
    drop(store);
    let app = App::new(Store::open_write(&dir).unwrap(), false);
    assert_eq!(app.notice_text(), None, "nothing to say yet");
    drop(app);
    let mut plain = r.clone();
    plain.id = "20250101-000009-abcd".into();
    fs::write(
        dir.join("reflections").join("20250101-000009-abcd.json"),
        serde_json::to_vec(&plain).unwrap(),
    )
    .unwrap();
    let mut store = Store::open_write(&dir).unwrap();
    store.unlock(&pass).unwrap();
    let app = App::new(store, false);
    let said = app.notice_text().unwrap_or_default().to_string();
    assert!(
        said.contains("1 reflection in this locked journal is still plain text"),
        "{said:?}"
    );
    assert!(said.contains("reflect encrypt"), "{said:?}");
}
