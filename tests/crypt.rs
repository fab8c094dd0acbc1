//! A journal locked with a passphrase: round trips, wrong passphrases,
//! `encrypt`/`decrypt` interrupted after every step and resumed, and no
//! plaintext left anywhere in the data directory.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use reflect::content::Pack;
use reflect::journal::{Entry, Reflection, Step, Store, StoreError};

/// Small enough to keep tests quick; real journals use the default.
const TEST_WORK_FACTOR: u8 = 10;

fn pass(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

fn mini() -> Pack {
    Pack::parse("mini-pack.json", include_str!("fixtures/mini-pack.json")).unwrap()
}

/// Distinctive answers, so their bytes can be looked for on disk.
fn secret_answer(i: usize) -> String {
    format!("zebracorn secret number {i} — mein Geheimnis 秘密 🌱")
}

fn journal_with(dir: &Path, n: usize) -> Vec<Reflection> {
    let store = Store::open_write(dir).unwrap();
    let pack = mini();
    let q = pack.question("learned").unwrap();
    (0..n)
        .map(|i| {
            let mut r = Reflection::new(format!("20250101-00000{i}-abcd"), &pack);
            r.set(
                &pack,
                Some(Entry::text(q, None, &secret_answer(i))),
                "learned",
            );
            store.save(&r).unwrap();
            r
        })
        .collect()
}

fn open_unlocked(dir: &Path, p: &str) -> Store {
    let mut store = Store::open_read(dir);
    if Store::is_encrypted(dir) {
        store.unlock(&pass(p)).unwrap();
    }
    store
}

/// Every reflection loads, exactly once, with its content, and nothing else is listed.
fn assert_all_readable(dir: &Path, p: &str, want: &[Reflection], when: &str) {
    let store = open_unlocked(dir, p);
    let (mut got, problems) = store.load_all().unwrap();
    assert!(problems.is_empty(), "{when}: {problems:?}");
    got.sort_by(|a, b| a.id.cmp(&b.id));
    let mut want = want.to_vec();
    want.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(got, want, "{when}");
    for r in &want {
        assert_eq!(&store.load(&r.id).unwrap(), r, "{when}");
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    #[cfg(unix)]
    fs::set_permissions(to, fs::Permissions::from_mode(0o700)).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else if e.file_name() != ".lock" {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, recursively, as bytes.
fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            out.extend(all_files(&e.path()));
        } else {
            out.push((e.path(), fs::read(e.path()).unwrap()));
        }
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn encrypt(dir: &Path, p: &str) {
    let mut store = Store::open_write(dir).unwrap();
    store.set_work_factor(TEST_WORK_FACTOR);
    assert!(store.encrypt(&pass(p)).unwrap().finished);
}

#[test]
fn an_encrypted_journal_round_trips_and_works_like_a_plain_one_once_unlocked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("j");
    let rs = journal_with(&dir, 3);
    encrypt(&dir, "correct horse battery");
    assert!(Store::is_encrypted(&dir));
    let files = names(&dir.join("reflections"));
    assert_eq!(files.len(), 3);
    assert!(files.iter().all(|f| f.ends_with(".json.age")), "{files:?}");
    #[cfg(unix)]
    assert_eq!(
        fs::metadata(dir.join("identity.age"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o600
    );

    // Locked: nothing can be read before unlocking.
    let locked = Store::open_read(&dir);
    assert!(locked.needs_unlock());
    assert!(matches!(locked.list(), Err(StoreError::NeedsPassphrase)));
    assert!(matches!(
        locked.load(&rs[0].id),
        Err(StoreError::NeedsPassphrase)
    ));

    assert_all_readable(&dir, "correct horse battery", &rs, "after encrypt");
    let mut store = Store::open_write(&dir).unwrap();
    store.unlock(&pass("correct horse battery")).unwrap();
    // The index and the drafts file are kept encrypted too.
    store.list().unwrap();
    assert!(dir.join("index.json.age").exists());
    assert!(!dir.join("index.json").exists());
    assert!(dir.join("drafts.json.age").exists());
    assert!(!dir.join("drafts.json").exists());

    // Save, search, delete: all in memory, only ciphertext on disk.
    let pack = mini();
    let mut r = store.load(&rs[1].id).unwrap();
    let q = pack.question("learned").unwrap();
    r.set(
        &pack,
        Some(Entry::text(q, None, "changed: quokka")),
        "learned",
    );
    store.save(&r).unwrap();
    assert_eq!(store.load(&r.id).unwrap(), r);
    let (hits, _) = store.search("quokka").unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, r.id);
    let (hits, _) = store.search("zebracorn").unwrap();
    assert_eq!(hits.len(), 2);
    let new = Reflection::new(store.new_id(), &pack);
    assert!(store.insert_new(&new).unwrap());
    assert!(!store.insert_new(&new).unwrap());
    // "Continue" comes from the encrypted drafts file, which followed the save.
    assert_eq!(
        store.latest_draft().unwrap().map(|s| s.id),
        Some(new.id.clone())
    );
    assert!(!dir.join("drafts.json").exists());
    store.delete(&rs[0].id).unwrap();
    assert!(matches!(
        store.load(&rs[0].id),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.list().unwrap().summaries.len(), 3);
    assert!(
        names(&dir.join("reflections"))
            .iter()
            .all(|f| f.ends_with(".json.age"))
    );

    // And back to plain JSON for good.
    assert!(store.decrypt().unwrap().finished);
    assert!(!Store::is_encrypted(&dir));
    assert!(!dir.join("index.json.age").exists());
    assert!(!dir.join("drafts.json.age").exists());
    let files = names(&dir.join("reflections"));
    assert!(files.iter().all(|f| f.ends_with(".json")), "{files:?}");
    let plain = Store::open_read(&dir);
    assert_eq!(plain.load(&r.id).unwrap(), r);
    assert_eq!(plain.list().unwrap().summaries.len(), 3);
}

#[test]
fn a_wrong_passphrase_unlocks_nothing_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("j");
    journal_with(&dir, 2);
    encrypt(&dir, "right");
    let before = all_files(&dir);
    let mut store = Store::open_write(&dir).unwrap();
    assert!(matches!(
        store.unlock(&pass("wrong")),
        Err(StoreError::WrongPassphrase)
    ));
    assert!(store.needs_unlock());
    assert!(matches!(
        store.encrypt(&pass("wrong")),
        Err(StoreError::WrongPassphrase)
    ));
    assert!(matches!(
        store.change_passphrase(&pass("wrong"), &pass("new")),
        Err(StoreError::WrongPassphrase)
    ));
    assert!(matches!(store.decrypt(), Err(StoreError::NeedsPassphrase)));
    drop(store);
    let after = all_files(&dir);
    assert_eq!(
        before.iter().filter(|(p, _)| !p.ends_with(".lock")).count(),
        after.iter().filter(|(p, _)| !p.ends_with(".lock")).count()
    );
    for (p, bytes) in before.iter().filter(|(p, _)| !p.ends_with(".lock")) {
        let now = after.iter().find(|(q, _)| q == p).map(|(_, b)| b);
        assert_eq!(now, Some(bytes), "{} changed", p.display());
    }
}

#[test]
fn changing_the_passphrase_rewraps_only_the_identity() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("j");
    let rs = journal_with(&dir, 2);
    encrypt(&dir, "old one");
    let reflections_before = all_files(&dir.join("reflections"));
    let mut store = Store::open_write(&dir).unwrap();
    store.set_work_factor(TEST_WORK_FACTOR);
    store
        .change_passphrase(&pass("old one"), &pass("new one"))
        .unwrap();
    drop(store);
    assert_eq!(all_files(&dir.join("reflections")), reflections_before);
    assert!(matches!(
        Store::open_read(&dir).unlock(&pass("old one")),
        Err(StoreError::WrongPassphrase)
    ));
    assert_all_readable(&dir, "new one", &rs, "after the change");
}

#[test]
fn no_answer_or_question_text_is_left_in_plain_bytes_anywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("j");
    let rs = journal_with(&dir, 4);
    // The plain index exists before, with titles in it.
    Store::open_read(&dir).list().unwrap();
    assert!(dir.join("index.json").exists());
    // A crash once left a half-written plain temporary file behind.
    fs::write(
        dir.join("reflections/.tmp-crash.partial"),
        secret_answer(99).as_bytes(),
    )
    .unwrap();
    encrypt(&dir, "pass");
    // Use it: list (writes the index), save, search.
    let mut store = Store::open_write(&dir).unwrap();
    store.unlock(&pass("pass")).unwrap();
    store.list().unwrap();
    store.save(&rs[0]).unwrap();
    store.search("zebracorn").unwrap();
    drop(store);

    let prompt = rs[0].answers[0].prompt.clone();
    let mut needles: Vec<String> = (0..4).map(secret_answer).collect();
    needles.extend([
        "zebracorn".into(),
        "Geheimnis".into(),
        "秘密".into(),
        prompt,
    ]);
    needles.push(secret_answer(99));
    let files = all_files(&dir);
    assert!(files.len() >= 6, "{files:?}");
    for (path, bytes) in &files {
        for n in &needles {
            assert!(
                !contains(bytes, n.as_bytes()),
                "{} holds {n:?} in plain text",
                path.display()
            );
        }
    }
}

/// How many steps a full run takes.
fn count_steps(run: impl FnOnce(&mut dyn FnMut(Step) -> bool)) -> usize {
    let mut n = 0;
    run(&mut |_| {
        n += 1;
        false
    });
    n
}

#[test]
fn encrypt_interrupted_after_every_step_loses_nothing_and_finishes_when_run_again() {
    let tmp = tempfile::tempdir().unwrap();
    let template = tmp.path().join("template");
    let rs = journal_with(&template, 3);
    Store::open_read(&template).list().unwrap(); // a plain index to remove too

    let total = {
        let dir = tmp.path().join("count");
        copy_dir(&template, &dir);
        let mut store = Store::open_write(&dir).unwrap();
        store.set_work_factor(TEST_WORK_FACTOR);
        count_steps(|stop| {
            store.encrypt_until(&pass("p"), stop).unwrap();
        })
    };
    // identity, index, then a write and a removal per reflection.
    assert_eq!(total, 2 + 2 * rs.len());

    for k in 1..=total {
        let dir = tmp.path().join(format!("enc-{k}"));
        copy_dir(&template, &dir);
        {
            let mut store = Store::open_write(&dir).unwrap();
            store.set_work_factor(TEST_WORK_FACTOR);
            let mut seen = 0;
            let done = store
                .encrypt_until(&pass("p"), &mut |_| {
                    seen += 1;
                    seen == k
                })
                .unwrap();
            if k < total {
                assert!(!done.finished, "step {k}");
            }
        } // "killed": the store and its lock are gone
        let when = format!("encrypt stopped after step {k} of {total}");
        assert!(Store::is_encrypted(&dir), "{when}");
        assert_all_readable(&dir, "p", &rs, &when);

        // A wrong passphrase does not resume it.
        let mut store = Store::open_write(&dir).unwrap();
        assert!(matches!(
            store.encrypt(&pass("not p")),
            Err(StoreError::WrongPassphrase)
        ));
        let done = store.encrypt(&pass("p")).unwrap();
        assert!(done.finished);
        drop(store);
        let when = format!("{when}, then resumed");
        assert_all_readable(&dir, "p", &rs, &when);
        let files = names(&dir.join("reflections"));
        assert_eq!(files.len(), rs.len(), "{when}: {files:?}");
        assert!(files.iter().all(|f| f.ends_with(".json.age")), "{when}");
        assert!(!dir.join("index.json").exists(), "{when}");
    }
}

#[test]
fn decrypt_interrupted_after_every_step_loses_nothing_and_finishes_when_run_again() {
    let tmp = tempfile::tempdir().unwrap();
    let template = tmp.path().join("template");
    let rs = journal_with(&template, 3);
    encrypt(&template, "p");
    open_unlocked(&template, "p").list().unwrap(); // an encrypted index to remove too

    let total = {
        let dir = tmp.path().join("count");
        copy_dir(&template, &dir);
        let mut store = Store::open_write(&dir).unwrap();
        store.unlock(&pass("p")).unwrap();
        count_steps(|stop| {
            store.decrypt_until(stop).unwrap();
        })
    };
    assert_eq!(total, 2 + 2 * rs.len());

    for k in 1..=total {
        let dir = tmp.path().join(format!("dec-{k}"));
        copy_dir(&template, &dir);
        {
            let mut store = Store::open_write(&dir).unwrap();
            store.unlock(&pass("p")).unwrap();
            let mut seen = 0;
            let done = store
                .decrypt_until(&mut |_| {
                    seen += 1;
                    seen == k
                })
                .unwrap();
            if k < total {
                assert!(!done.finished, "step {k}");
            }
        }
        let when = format!("decrypt stopped after step {k} of {total}");
        assert_all_readable(&dir, "p", &rs, &when);
        if Store::is_encrypted(&dir) {
            let mut store = Store::open_write(&dir).unwrap();
            store.unlock(&pass("p")).unwrap();
            assert!(store.decrypt().unwrap().finished);
        }
        let when = format!("{when}, then resumed");
        assert!(!Store::is_encrypted(&dir), "{when}");
        assert_all_readable(&dir, "p", &rs, &when);
        let files = names(&dir.join("reflections"));
        assert_eq!(files.len(), rs.len(), "{when}: {files:?}");
        assert!(files.iter().all(|f| f.ends_with(".json")), "{when}");
        assert!(!dir.join("index.json.age").exists(), "{when}");
    }
}

#[test]
fn a_save_during_an_interrupted_encrypt_wins_over_the_plain_leftover() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("j");
    let rs = journal_with(&dir, 2);
    {
        let mut store = Store::open_write(&dir).unwrap();
        store.set_work_factor(TEST_WORK_FACTOR);
        // Stop once the first reflection exists in both forms.
        store
            .encrypt_until(&pass("p"), &mut |s| s == Step::Wrote)
            .unwrap();
    }
    let mut store = Store::open_write(&dir).unwrap();
    store.unlock(&pass("p")).unwrap();
    let pack = mini();
    let mut r = rs[0].clone();
    let q = pack.question("learned").unwrap();
    r.set(&pack, Some(Entry::text(q, None, "newer words")), "learned");
    store.save(&r).unwrap();
    assert_eq!(store.load(&r.id).unwrap(), r);
    assert!(store.encrypt(&pass("p")).unwrap().finished);
    assert_eq!(store.load(&r.id).unwrap(), r);
    assert_eq!(store.list().unwrap().summaries.len(), 2);
}

#[test]
fn a_damaged_encrypted_file_is_reported_and_the_rest_still_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("j");
    let rs = journal_with(&dir, 2);
    encrypt(&dir, "p");
    let bad = dir.join(format!("reflections/{}.json.age", rs[0].id));
    let mut bytes = fs::read(&bad).unwrap();
    let n = bytes.len();
    bytes[n - 5] ^= 0xff;
    fs::write(&bad, &bytes).unwrap();
    let store = open_unlocked(&dir, "p");
    let listing = store.list().unwrap();
    assert_eq!(listing.summaries.len(), 1);
    assert_eq!(listing.problems.len(), 1);
    assert_eq!(listing.problems[0].path, bad);
    assert!(matches!(
        store.load(&rs[0].id),
        Err(StoreError::Damaged { .. })
    ));
    assert_eq!(fs::read(&bad).unwrap(), bytes, "left exactly as it was");
}
