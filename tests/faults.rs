//! The fault harness (issue 13): the store is failed, or killed, at every
//! write point, one at a time, in save, import, encrypt, decrypt, passphrase
//! change and export. After each, the journal must open, every acknowledged
//! reflection must be there whole, a locked journal must have no plain text
//! on disk, and running the command again must finish the job.
//!
//! The points are the calls to `failpoint::hit` in `src/journal/files.rs`
//! (before and after each write, fsync and rename; each link, removal and
//! directory fsync). This file's tests turn on the `failpoints` feature
//! through the crate's dev-dependency on itself, so plain `cargo test` runs
//! them. Killed runs use the real binary with `REFLECT_FAILPOINT=N`, which
//! SIGKILLs it at point N; failed runs arm point N in this process.
//!
//! Each test prints how many points it covered (`--nocapture` shows them);
//! `docs/reliability.md` records the totals.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Unix only: killed runs are told apart by their signal.
#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use age::secrecy::SecretString;
use common::Journal;
use reflect::content::Pack;
use reflect::journal::files::failpoint::{self, Mode};
use reflect::journal::{Entry, Reflection, Store, StoreError};

/// In every answer, so plain text can be looked for in every byte on disk.
const MARK: &[u8] = b"zebracorn";
const PASS: &str = "correct horse";
const NEW_PASS: &str = "battery staple";

/// One test at a time in this file: a child process forked by one test
/// holds a copy of every open file until it runs its program, so a lock
/// another test just released can still look held for a moment.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ONE.lock().unwrap_or_else(|e| e.into_inner())
}

fn pass(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

fn mini() -> Pack {
    Pack::parse("mini-pack.json", include_str!("fixtures/mini-pack.json")).unwrap()
}

fn reflection(i: usize) -> Reflection {
    let pack = mini();
    let q = pack.question("learned").unwrap();
    let mut r = Reflection::new(format!("20250101-0000{i:02}-abcd"), &pack);
    r.set(
        &pack,
        Some(Entry::text(
            q,
            None,
            &format!("zebracorn secret {i} — 秘密 🌱"),
        )),
        "learned",
    );
    // Fixed times, so the same reflection compares equal in every run.
    let at = chrono::DateTime::parse_from_rfc3339("2025-01-01T10:00:00+01:00").unwrap();
    (r.started, r.updated) = (at, at);
    r
}

/// A journal in `dir` with `n` reflections, locked (cheaply) if asked.
fn journal(dir: &Path, n: usize, locked: bool) -> Vec<Reflection> {
    let mut store = Store::open_write(dir).unwrap();
    let rs: Vec<Reflection> = (0..n).map(reflection).collect();
    for r in &rs {
        store.save(r).unwrap();
    }
    if locked {
        store.set_work_factor(2);
        store.encrypt(&pass(PASS)).unwrap();
    }
    rs
}

/// Open the journal as the app would, with whichever passphrase unlocks it.
fn open(dir: &Path) -> Store {
    let mut store = Store::open_write(dir).expect("the journal opens");
    if store.needs_unlock() && store.unlock(&pass(PASS)).is_err() {
        store
            .unlock(&pass(NEW_PASS))
            .expect("the old or the new passphrase unlocks it");
    }
    store
}

/// Every reflection in the journal; no file may be damaged. Read as
/// another process would, beside a store that may still hold the lock.
fn everything(dir: &Path) -> Vec<Reflection> {
    let mut store = Store::open_read(dir);
    if store.needs_unlock() && store.unlock(&pass(PASS)).is_err() {
        store
            .unlock(&pass(NEW_PASS))
            .expect("the old or the new passphrase unlocks it");
    }
    let (mut rs, problems) = store.load_all().unwrap();
    assert!(problems.is_empty(), "damaged files: {problems:?}");
    rs.sort_by(|a, b| a.id.cmp(&b.id));
    rs
}

/// The journal opens (taking the lock, which clears what a killed run left)
/// and each of `want` is in it, exactly as it was acknowledged.
fn assert_kept(dir: &Path, want: &[Reflection], when: &str) {
    match Store::open_write(dir) {
        // This test's own store still holds it.
        Err(StoreError::Locked { .. }) => {}
        other => drop(other.expect("the journal opens")),
    }
    let have = everything(dir);
    for r in want {
        assert!(
            have.iter().any(|h| h == r),
            "{when}: {} is missing or changed",
            r.id
        );
    }
}

/// Files under `dir` holding plain answer text.
fn plain_text_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = fs::read_dir(dir) else {
        return out;
    };
    for e in rd.map(|e| e.unwrap()) {
        let t = e.file_type().unwrap();
        if t.is_dir() {
            out.extend(plain_text_in(&e.path()));
        } else if t.is_file() {
            let bytes = fs::read(e.path()).unwrap();
            if bytes.windows(MARK.len()).any(|w| w == MARK) {
                out.push(e.path());
            }
        }
    }
    out
}

fn pass_file(j: &Journal, name: &str, p: &str) -> PathBuf {
    let path = j.tmp.path().join(name);
    fs::write(&path, format!("{p}\n")).unwrap();
    path
}

/// Run `args` against `j`, killed at point `k` if given.
fn reflect(j: &Journal, k: Option<usize>, args: &[&str], stdin: &str) -> Output {
    let mut c = j.cmd();
    c.env("REFLECT_WORK_FACTOR", "2")
        .args(args)
        .write_stdin(stdin);
    if let Some(k) = k {
        c.env("REFLECT_FAILPOINT", k.to_string());
    }
    c.output().unwrap()
}

/// For k = 1, 2, ...: a fresh journal from `prepare`, `run` killed at point
/// k, then `check`; until a run finishes without reaching point k. Returns
/// the number of points the operation has.
fn kill_at_every_point(
    what: &str,
    prepare: impl Fn() -> Journal,
    run: impl Fn(&Journal, Option<usize>) -> Output,
    check: impl Fn(&Journal, usize),
) -> usize {
    for k in 1.. {
        let j = prepare();
        let out = run(&j, Some(k));
        if out.status.success() {
            eprintln!("{what}: killed at each of {} points", k - 1);
            assert!(k > 3, "{what}: only {} points were reached", k - 1);
            return k - 1;
        }
        assert_eq!(
            out.status.signal(),
            Some(9),
            "{what}, point {k}: failed without being killed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        check(&j, k);
    }
    unreachable!()
}

/// After a kill in a locked journal: plain text only where a conversion to
/// plain text was under way, never anywhere else.
fn assert_no_plain_text(dir: &Path, when: &str) {
    let found = plain_text_in(dir);
    assert!(found.is_empty(), "{when}: plain text in {found:?}");
}

// ---- killed: the real binary, SIGKILLed at each point ----

#[test]
fn search_killed_at_every_point_in_a_locked_journal_leaves_no_plain_words() {
    let _serial = serial();
    let prepare = || {
        let j = Journal::new();
        journal(&j.dir, 3, true);
        j
    };
    let run = |j: &Journal, k| {
        let pw = pass_file(j, "pw", PASS);
        let args = [
            "--passphrase-file",
            pw.to_str().unwrap(),
            "search",
            "zebracorn",
        ];
        reflect(j, k, &args, "")
    };
    let n = kill_at_every_point("search (word index)", prepare, run, |j, k| {
        let when = format!("search killed at point {k}");
        assert_no_plain_text(&j.dir, &when);
        // The next search answers in full and leaves a sound index.
        let out = run(j, None);
        assert!(out.status.success(), "{when}: the next search failed");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).lines().count(),
            3,
            "{when}"
        );
        assert_no_plain_text(&j.dir, &when);
        assert!(open(&j.dir).word_index().is_some(), "{when}: no index");
    });
    assert!(n >= 4, "{n}");
}

#[test]
fn save_killed_at_every_point_in_a_locked_journal() {
    let _serial = serial();
    let answers = "zebracorn typed in plain mode\n\nn\nknees\n\n4\n3\n";
    let prepare = || {
        let j = Journal::new();
        journal(&j.dir, 2, true);
        j.run(&["packs", "add", "tests/fixtures/mini-pack.json"]);
        j
    };
    let run = |j: &Journal, k| {
        let pw = pass_file(j, "pw", PASS);
        reflect(
            j,
            k,
            &[
                "--passphrase-file",
                pw.to_str().unwrap(),
                "plain",
                "--pack",
                "mini",
            ],
            answers,
        )
    };
    let n = kill_at_every_point("save (plain mode, locked)", prepare, run, |j, k| {
        let when = format!("save killed at point {k}");
        // The temporary file of a save in a locked journal is ciphertext.
        assert_no_plain_text(&j.dir, &when);
        assert_kept(&j.dir, &[reflection(0), reflection(1)], &when);
        let out = run(j, None);
        assert!(out.status.success(), "{when}: the next run failed");
        assert_no_plain_text(&j.dir, &when);
        assert!(everything(&j.dir).len() >= 3, "{when}");
    });
    assert!(n >= 8);
}

#[test]
fn import_killed_at_every_point_keeps_each_reflection_whole() {
    let _serial = serial();
    let bundle_dir = tempfile::tempdir().unwrap();
    let bundle = bundle_dir.path().join("bundle.json");
    let source = bundle_dir.path().join("source");
    let want = journal(&source, 4, false);
    {
        let j = Journal {
            tmp: tempfile::tempdir().unwrap(),
            dir: source.clone(),
        };
        j.run(&[
            "export",
            "--all",
            "--format",
            "json",
            "-o",
            bundle.to_str().unwrap(),
        ]);
    }
    let prepare = || {
        let j = Journal::new();
        journal(&j.dir, 0, true);
        j
    };
    let run = |j: &Journal, k| {
        let pw = pass_file(j, "pw", PASS);
        reflect(
            j,
            k,
            &[
                "--passphrase-file",
                pw.to_str().unwrap(),
                "import",
                bundle.to_str().unwrap(),
            ],
            "",
        )
    };
    kill_at_every_point("import (locked)", prepare, run, |j, k| {
        let when = format!("import killed at point {k}");
        assert_no_plain_text(&j.dir, &when);
        for r in everything(&j.dir) {
            assert!(
                want.contains(&r),
                "{when}: {} is not what was imported",
                r.id
            );
        }
        assert!(run(j, None).status.success(), "{when}: the next run failed");
        assert_kept(&j.dir, &want, &when);
        assert_no_plain_text(&j.dir, &when);
    });
}

#[test]
fn encrypt_killed_at_every_point_loses_nothing_and_finishes_when_run_again() {
    let _serial = serial();
    let want: Vec<Reflection> = (0..3).map(reflection).collect();
    let prepare = || {
        let j = Journal::new();
        journal(&j.dir, 3, false);
        j
    };
    let run = |j: &Journal, k| {
        let pw = pass_file(j, "pw", PASS);
        reflect(
            j,
            k,
            &["--passphrase-file", pw.to_str().unwrap(), "encrypt"],
            "",
        )
    };
    kill_at_every_point("encrypt", prepare, run, |j, k| {
        let when = format!("encrypt killed at point {k}");
        assert_kept(&j.dir, &want, &when);
        assert!(run(j, None).status.success(), "{when}: the next run failed");
        assert!(Store::is_encrypted(&j.dir), "{when}");
        assert_kept(&j.dir, &want, &when);
        assert_no_plain_text(&j.dir, &when);
    });
}

#[test]
fn decrypt_killed_at_every_point_loses_nothing_and_finishes_when_run_again() {
    let _serial = serial();
    let want: Vec<Reflection> = (0..3).map(reflection).collect();
    let prepare = || {
        let j = Journal::new();
        journal(&j.dir, 3, true);
        j
    };
    let run = |j: &Journal, k| {
        let pw = pass_file(j, "pw", PASS);
        reflect(
            j,
            k,
            &["--passphrase-file", pw.to_str().unwrap(), "decrypt"],
            "",
        )
    };
    kill_at_every_point("decrypt", prepare, run, |j, k| {
        let when = format!("decrypt killed at point {k}");
        assert_kept(&j.dir, &want, &when);
        if Store::is_encrypted(&j.dir) {
            assert!(run(j, None).status.success(), "{when}: the next run failed");
        }
        assert!(!Store::is_encrypted(&j.dir), "{when}");
        assert_kept(&j.dir, &want, &when);
    });
}

#[test]
fn passphrase_change_killed_at_every_point_leaves_one_passphrase_that_works() {
    let _serial = serial();
    let want: Vec<Reflection> = (0..2).map(reflection).collect();
    let prepare = || {
        let j = Journal::new();
        journal(&j.dir, 2, true);
        j
    };
    let run = |j: &Journal, k| {
        let old = pass_file(j, "old", PASS);
        let new = pass_file(j, "new", NEW_PASS);
        reflect(
            j,
            k,
            &[
                "--passphrase-file",
                old.to_str().unwrap(),
                "passphrase",
                "--new-passphrase-file",
                new.to_str().unwrap(),
            ],
            "",
        )
    };
    kill_at_every_point("passphrase change", prepare, run, |j, k| {
        let when = format!("passphrase change killed at point {k}");
        assert_kept(&j.dir, &want, &when);
        assert_no_plain_text(&j.dir, &when);
        let mut s = Store::open_read(&j.dir);
        if s.unlock(&pass(PASS)).is_ok() {
            assert!(run(j, None).status.success(), "{when}: the next run failed");
        }
        let mut s2 = Store::open_read(&j.dir);
        s2.unlock(&pass(NEW_PASS)).unwrap();
    });
}

#[test]
fn export_of_a_locked_journal_killed_at_every_point_leaves_nothing_readable() {
    let _serial = serial();
    let want: Vec<Reflection> = (0..3).map(reflection).collect();
    let prepare = || {
        let j = Journal::new();
        journal(&j.dir, 3, true);
        fs::create_dir(j.tmp.path().join("out")).unwrap();
        j
    };
    let run = |j: &Journal, k| {
        let pw = pass_file(j, "pw", PASS);
        let out = j.tmp.path().join("out").join("backup.json");
        reflect(
            j,
            k,
            &[
                "--passphrase-file",
                pw.to_str().unwrap(),
                "export",
                "--all",
                "--format",
                "json",
                "-o",
                out.to_str().unwrap(),
            ],
            "",
        )
    };
    kill_at_every_point("export (locked)", prepare, run, |j, k| {
        let when = format!("export killed at point {k}");
        let out = j.tmp.path().join("out");
        let left: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        match left.as_slice() {
            [] => {}
            [one] if one == "backup.json" => {
                // Named only once whole.
                let text = fs::read_to_string(out.join(one)).unwrap();
                assert_eq!(
                    reflect::export::read_bundle(&text).unwrap().len(),
                    3,
                    "{when}"
                );
            }
            other => panic!("{when}: the export folder holds {other:?}"),
        }
        assert_no_plain_text(&j.dir, &when);
        assert_kept(&j.dir, &want, &when);
    });
}

// ---- failed: this process, an error returned at each point ----

/// For k = 1, 2, ...: point k armed to fail, `op` run, then `check(k, ok)`;
/// until `op` runs without reaching point k. Returns the number of points.
fn fail_at_every_point(
    what: &str,
    mut op: impl FnMut() -> bool,
    mut check: impl FnMut(usize, bool),
) -> usize {
    for k in 1.. {
        failpoint::arm(k, Mode::Fail);
        let ok = op();
        let reached = failpoint::disarm() >= k;
        check(k, ok);
        if !reached {
            eprintln!("{what}: failed at each of {} points", k - 1);
            return k - 1;
        }
    }
    unreachable!()
}

#[test]
fn a_save_that_fails_at_any_point_keeps_the_old_version_or_the_new_one() {
    let _serial = serial();
    for locked in [false, true] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        let before = journal(&dir, 2, locked);
        let mut changed = before[1].clone();
        let pack = mini();
        let q = pack.question("learned").unwrap();
        changed.set(
            &pack,
            Some(Entry::text(q, None, "zebracorn, said differently")),
            "learned",
        );
        let store = open(&dir);
        let n = fail_at_every_point(
            "save",
            || store.save(&changed).is_ok(),
            |k, ok| {
                let when = format!("save failed at point {k} (locked: {locked})");
                let have = everything(&dir);
                assert!(have.contains(&before[0]), "{when}");
                if ok {
                    assert!(have.contains(&changed), "{when}: acknowledged, then lost");
                } else {
                    assert!(
                        have.contains(&before[1]) || have.contains(&changed),
                        "{when}: neither version is whole"
                    );
                }
                if locked {
                    assert_no_plain_text(&dir, &when);
                }
            },
        );
        assert!(n >= 6, "{n}");
    }
}

#[test]
fn an_import_that_fails_at_any_point_keeps_what_it_acknowledged() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    journal(&dir, 0, true);
    let store = open(&dir);
    let incoming: Vec<Reflection> = (0..4).map(reflection).collect();
    let acknowledged = std::cell::RefCell::new(Vec::new());
    fail_at_every_point(
        "import",
        || {
            for r in &incoming {
                match store.insert_new(r) {
                    Ok(_) => acknowledged.borrow_mut().push(r.clone()),
                    Err(_) => return false,
                }
            }
            true
        },
        |k, _| {
            let when = format!("import failed at point {k}");
            assert_kept(&dir, &acknowledged.borrow(), &when);
            assert_no_plain_text(&dir, &when);
        },
    );
    assert_kept(&dir, &incoming, "after every import");
}

#[test]
fn conversions_that_fail_at_any_point_lose_nothing_and_finish_when_run_again() {
    let _serial = serial();
    let want: Vec<Reflection> = (0..3).map(reflection).collect();
    // encrypt
    let tmp = tempfile::tempdir().unwrap();
    let mut total = 0;
    for k in 1.. {
        let dir = tmp.path().join(format!("e{k}"));
        journal(&dir, 3, false);
        let mut store = Store::open_write(&dir).unwrap();
        store.set_work_factor(2);
        failpoint::arm(k, Mode::Fail);
        let ok = store.encrypt(&pass(PASS)).is_ok();
        let reached = failpoint::disarm() >= k;
        drop(store);
        let when = format!("encrypt failed at point {k}");
        assert_kept(&dir, &want, &when);
        let mut store = open(&dir);
        store.set_work_factor(2);
        let done = store.encrypt(&pass(PASS)).unwrap();
        assert!(done.finished, "{when}");
        drop(store);
        assert_no_plain_text(&dir, &when);
        assert_kept(&dir, &want, &when);
        if !reached {
            assert!(ok);
            total += k - 1;
            break;
        }
    }
    // decrypt
    for k in 1.. {
        let dir = tmp.path().join(format!("d{k}"));
        journal(&dir, 3, true);
        let mut store = open(&dir);
        failpoint::arm(k, Mode::Fail);
        let ok = store.decrypt().is_ok();
        let reached = failpoint::disarm() >= k;
        drop(store);
        let when = format!("decrypt failed at point {k}");
        assert_kept(&dir, &want, &when);
        let mut store = open(&dir);
        if store.encrypted() {
            assert!(store.decrypt().unwrap().finished, "{when}");
        }
        drop(store);
        assert!(!Store::is_encrypted(&dir), "{when}");
        assert_kept(&dir, &want, &when);
        if !reached {
            assert!(ok);
            total += k - 1;
            break;
        }
    }
    // passphrase change
    let dir = tmp.path().join("p");
    journal(&dir, 3, true);
    let mut store = open(&dir);
    store.set_work_factor(2);
    // Each run changes it from the one that works now to the other.
    let current = std::cell::Cell::new(PASS);
    let other = |p: &str| if p == PASS { NEW_PASS } else { PASS };
    total += fail_at_every_point(
        "passphrase change",
        || {
            let (from, to) = (current.get(), other(current.get()));
            let ok = store.change_passphrase(&pass(from), &pass(to)).is_ok();
            if ok {
                current.set(to);
            }
            ok
        },
        |k, _| {
            let when = format!("passphrase change failed at point {k}");
            // What the person was told is what works.
            let mut s = Store::open_read(&dir);
            assert!(s.unlock(&pass(current.get())).is_ok(), "{when}");
            assert_kept(&dir, &want, &when);
        },
    );
    eprintln!("conversions: failed at each of {total} points");
}

#[test]
fn an_export_that_fails_at_any_point_leaves_no_file() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("backup.json");
    for force in [false, true] {
        fail_at_every_point(
            "export",
            || reflect::journal::store::write_new_file(&out, b"zebracorn bundle", force).is_ok(),
            |k, ok| {
                let names: Vec<_> = fs::read_dir(tmp.path())
                    .unwrap()
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect();
                if ok || out.exists() {
                    // Named only when whole (a failure after the link, or
                    // the file an earlier forced run left).
                    assert_eq!(names, ["backup.json"], "point {k}");
                    assert_eq!(fs::read(&out).unwrap(), b"zebracorn bundle");
                    if !force {
                        fs::remove_file(&out).unwrap();
                    }
                } else {
                    assert!(names.is_empty(), "point {k}: {names:?}");
                }
            },
        );
    }
}
