//! The store on Windows: links and junctions planted in the journal are
//! opened as themselves and refused, never followed (the Windows half of
//! `store_attack.rs`, whose FIFOs, devices and modes Windows does not have).
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(windows)]

use std::fs;
use std::os::windows::fs::symlink_file;
use std::path::Path;

use reflect::content::Pack;
use reflect::journal::{Entry, Reflection, Store, StoreError};

fn mini() -> Pack {
    let text = include_str!("fixtures/mini-pack.json");
    Pack::parse("mini-pack.json", text).unwrap()
}

fn journal_with_one(dir: &Path) {
    let store = Store::open_write(dir).unwrap();
    let pack = mini();
    let q = pack.question("learned").unwrap();
    let mut r = Reflection::new("20250101-000000-abcd".into(), &pack);
    r.set(&pack, Some(Entry::text(q, None, "mine")), "learned");
    store.save(&r).unwrap();
}

/// Make `link` a symbolic link to `target`; false, with a note, where this
/// system cannot: Windows without Developer Mode or administrator rights
/// refuses, and Wine 8 (which `.ci/windows` uses) only pretends to.
fn plant_link(target: &Path, link: &Path) -> bool {
    let made = symlink_file(target, link).is_ok()
        && fs::symlink_metadata(link).is_ok_and(|m| m.file_type().is_symlink());
    if !made {
        eprintln!("note: this system makes no symbolic links; the test is skipped");
    }
    made
}

#[test]
fn a_lock_planted_as_a_link_is_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    journal_with_one(&dir);
    let victim = tmp.path().join("victim.txt");
    fs::write(&victim, "someone else's file\n").unwrap();
    fs::remove_file(dir.join(".lock")).unwrap();
    if !plant_link(&victim, &dir.join(".lock")) {
        return;
    }

    let err = Store::open_write(&dir).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NotRegular {
                what: "a symbolic link",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        fs::read_to_string(&victim).unwrap(),
        "someone else's file\n"
    );
}

#[test]
fn a_reflection_planted_as_a_link_is_named_and_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    journal_with_one(&dir);
    let secret = tmp.path().join("secret.json");
    fs::write(&secret, "{\"not\": \"a reflection of yours\"}").unwrap();
    let link = dir.join("reflections").join("20250101-000009-eeee.json");
    if !plant_link(&secret, &link) {
        return;
    }

    let listing = Store::open_read(&dir).list().unwrap();
    assert_eq!(listing.summaries.len(), 1);
    let problem = listing.problems.iter().find(|p| p.path == link);
    assert!(
        problem.is_some_and(|p| p.reason.contains("symbolic link")),
        "{listing:?}"
    );
    // Named and left as it was.
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}
