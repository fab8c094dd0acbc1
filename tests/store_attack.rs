//! The store under attack (issue 13): links, pipes and devices planted in the
//! journal, loose folder permissions, `--force` onto things that are not
//! files, leftovers of killed runs, readers racing a conversion, conversions
//! that meet a file they cannot convert, and a read-only drive.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::Path;
use std::time::Duration;

use age::secrecy::SecretString;
use common::Journal;
use predicates::str::contains;
use reflect::content::Pack;
use reflect::journal::files::failpoint::{self, Mode};
use reflect::journal::store::StoreNotice;
use reflect::journal::{Entry, Reflection, Store, StoreError};

/// One test at a time in this file: a child process forked by one test
/// holds a copy of every open file until it runs its program, so a lock
/// another test just released can still look held for a moment.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ONE.lock().unwrap_or_else(|e| e.into_inner())
}

fn mini() -> Pack {
    Pack::parse("mini-pack.json", include_str!("fixtures/mini-pack.json")).unwrap()
}

fn pass(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

fn mode(p: &Path) -> u32 {
    fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777
}

fn mkfifo(p: &Path) {
    rustix::fs::mknodat(
        rustix::fs::CWD,
        p,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
}

/// A journal in `dir` holding `n` answered reflections.
fn journal_with(dir: &Path, n: usize) -> Vec<Reflection> {
    let store = Store::open_write(dir).unwrap();
    let pack = mini();
    let q = pack.question("learned").unwrap();
    (0..n)
        .map(|i| {
            let mut r = Reflection::new(format!("20250101-00000{i}-abcd"), &pack);
            r.set(
                &pack,
                Some(Entry::text(q, None, &format!("zebracorn answer {i}"))),
                "learned",
            );
            store.save(&r).unwrap();
            r
        })
        .collect()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

// ---- item 6: the lock and the folder's permissions ----

#[test]
fn a_lock_planted_as_a_link_is_neither_followed_nor_chmodded() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    journal_with(&dir, 1);
    let victim = tmp.path().join("victim.txt");
    fs::write(&victim, "someone else's file\n").unwrap();
    fs::set_permissions(&victim, fs::Permissions::from_mode(0o644)).unwrap();
    fs::remove_file(dir.join(".lock")).unwrap();
    symlink(&victim, dir.join(".lock")).unwrap();

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
    assert_eq!(mode(&victim), 0o644);
}

#[test]
fn a_data_folder_others_can_change_is_refused_with_a_sentence_and_left_as_it_is() {
    let _serial = serial();
    for loose in [0o777, 0o1777, 0o770] {
        let j = Journal::new();
        fs::create_dir(&j.dir).unwrap();
        fs::set_permissions(&j.dir, fs::Permissions::from_mode(loose)).unwrap();
        let err = Store::open_write(&j.dir).unwrap_err();
        assert!(
            matches!(err, StoreError::LooseFolder { mode, .. } if mode == loose),
            "{err:?}"
        );
        assert_eq!(mode(&j.dir), loose, "the folder was changed");
        assert!(
            names(&j.dir).is_empty(),
            "files were made: {:?}",
            names(&j.dir)
        );
        j.cmd()
            .args(["packs", "add", "tests/fixtures/mini-pack.json"])
            .assert()
            .code(1)
            .stderr(contains("can be changed by other users"))
            .stderr(contains("chmod 700"));
    }
}

#[test]
fn a_data_folder_others_can_only_read_is_made_private_and_the_person_is_told() {
    let _serial = serial();
    let j = Journal::new();
    fs::create_dir(&j.dir).unwrap();
    fs::set_permissions(&j.dir, fs::Permissions::from_mode(0o755)).unwrap();
    let store = Store::open_write(&j.dir).unwrap();
    assert_eq!(mode(&j.dir), 0o700);
    assert!(store.notices().contains(&StoreNotice::Tightened {
        path: j.dir.clone(),
        mode: 0o755
    }));
    drop(store);
    fs::set_permissions(&j.dir, fs::Permissions::from_mode(0o750)).unwrap();
    j.cmd()
        .args(["packs", "add", "tests/fixtures/mini-pack.json"])
        .assert()
        .success()
        .stderr(contains("it is now private to you (0700)"));
}

#[test]
fn pre_existing_files_others_can_read_are_reported() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    journal_with(&dir, 1);
    Store::open_read(&dir).list().unwrap();
    let index = dir.join("index.json");
    fs::set_permissions(&index, fs::Permissions::from_mode(0o644)).unwrap();
    let store = Store::open_write(&dir).unwrap();
    assert!(
        store.notices().contains(&StoreNotice::LooseFile {
            path: index.clone(),
            mode: 0o644
        }),
        "{:?}",
        store.notices()
    );
    assert_eq!(mode(&index), 0o644, "reported, not changed");
}

// ---- item 7: what is not a regular file in reflections/ ----

#[test]
fn a_fifo_named_like_a_reflection_does_not_hang_list_and_is_named() {
    let _serial = serial();
    let j = Journal::new();
    journal_with(&j.dir, 2);
    let fifo = j.dir.join("reflections").join("20250101-000009-ffff.json");
    mkfifo(&fifo);
    j.cmd()
        .arg("list")
        .timeout(Duration::from_secs(20))
        .assert()
        .success()
        .stdout(contains("20250101-000000-abcd"))
        .stdout(contains("20250101-000001-abcd"))
        .stderr(contains("20250101-000009-ffff.json"))
        .stderr(contains("named pipe"));
    // The same through the library, including search, which reads every file.
    let store = Store::open_read(&j.dir);
    let (hits, problems) = store.search("zebracorn").unwrap();
    assert_eq!(hits.len(), 2);
    assert!(problems.iter().any(|p| p.path == fifo), "{problems:?}");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_link_to_an_endless_device_is_not_followed_and_a_huge_file_is_not_read() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    journal_with(&dir, 1);
    let link = dir.join("reflections").join("20250101-000008-eeee.json");
    symlink("/dev/zero", &link).unwrap();
    let huge = dir.join("reflections").join("20250101-000007-dddd.json");
    fs::File::create(&huge)
        .unwrap()
        .set_len(reflect::journal::files::MAX_REFLECTION_BYTES + 1)
        .unwrap();
    let listing = Store::open_read(&dir).list().unwrap();
    assert_eq!(listing.summaries.len(), 1);
    let why = |p: &Path| {
        listing
            .problems
            .iter()
            .find(|x| x.path == p)
            .map(|x| x.reason.clone())
            .unwrap_or_default()
    };
    assert!(why(&link).contains("symbolic link"), "{listing:?}");
    assert!(why(&huge).contains("larger than 16 MB"), "{listing:?}");
    let err = Store::open_read(&dir)
        .load("20250101-000008-eeee")
        .unwrap_err();
    assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
}

// ---- item 8: --force replaces regular files only ----

#[test]
fn export_force_replaces_a_regular_file_but_refuses_a_pipe_a_link_or_a_folder() {
    let _serial = serial();
    let j = Journal::new();
    journal_with(&j.dir, 1);
    let out = j.tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    let fifo = out.join("pipe.md");
    mkfifo(&fifo);
    let target = out.join("target.txt");
    fs::write(&target, "not yours to replace\n").unwrap();
    let link = out.join("link.md");
    symlink(&target, &link).unwrap();
    let folder = out.join("folder.md");
    fs::create_dir(&folder).unwrap();
    for (path, what) in [
        (&fifo, "named pipe (FIFO), not a regular file"),
        (&link, "symbolic link, not a regular file"),
        // A folder gets the command line's own advice: a file name inside it.
        (&folder, "is a folder; give a file name inside it"),
    ] {
        j.cmd()
            .args([
                "export",
                "20250101-000000-abcd",
                "--format",
                "md",
                "--force",
            ])
            .arg("-o")
            .arg(path)
            .assert()
            .code(1)
            .stderr(contains(what));
    }
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(folder.is_dir());
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        "not yours to replace\n"
    );
    // A regular file is replaced, privately, and nothing else is left there.
    let file = out.join("old.md");
    fs::write(&file, "old").unwrap();
    j.cmd()
        .args([
            "export",
            "20250101-000000-abcd",
            "--format",
            "md",
            "--force",
        ])
        .arg("-o")
        .arg(&file)
        .assert()
        .success();
    assert!(
        fs::read_to_string(&file)
            .unwrap()
            .contains("zebracorn answer 0")
    );
    assert_eq!(mode(&file), 0o600);
    assert_eq!(
        names(&out),
        ["folder.md", "link.md", "old.md", "pipe.md", "target.txt"]
    );
}

// ---- item 2: nothing readable left behind by a killed run ----

#[test]
fn leftover_temporary_files_are_removed_when_the_lock_is_taken() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    journal_with(&dir, 1);
    let planted = [
        dir.join(".tmp-AbC123.partial"),
        dir.join("reflections").join(".tmp-XyZ789.partial"),
        dir.join("packs").join(".tmp-Q1w2E3.partial"),
    ];
    for p in &planted {
        fs::write(p, "zebracorn half-written answer").unwrap();
    }
    // A reader leaves them: only the lock holder knows no write is under way.
    Store::open_read(&dir).list().unwrap();
    assert!(planted.iter().all(|p| p.exists()));
    let _store = Store::open_write(&dir).unwrap();
    for p in &planted {
        assert!(!p.exists(), "{} is still there", p.display());
    }
}

#[test]
fn an_export_killed_before_it_is_complete_leaves_no_file_behind() {
    let _serial = serial();
    // Every point of an export (write, flush, link): killed there, the
    // target folder holds nothing, named or hidden.
    let j = Journal::new();
    journal_with(&j.dir, 3);
    let out = j.tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    let mut killed = 0;
    for k in 1.. {
        let run = j
            .cmd()
            .env("REFLECT_FAILPOINT", k.to_string())
            .args(["export", "--all", "--format", "json", "-o"])
            .arg(out.join("backup.json"))
            .output()
            .unwrap();
        if run.status.success() {
            break;
        }
        killed += 1;
        let left = names(&out);
        let complete = left == ["backup.json"];
        assert!(
            left.is_empty() || complete,
            "killed at point {k}, the folder holds {left:?}"
        );
        if complete {
            // Killed after the link: the file is whole.
            let text = fs::read_to_string(out.join("backup.json")).unwrap();
            assert!(text.contains("zebracorn answer 2"));
            break;
        }
    }
    assert!(killed >= 4, "only {killed} points were tried");
}

// ---- item 3: readers and caches, and reflections vanishing mid-export ----

#[test]
fn a_reader_does_not_write_the_index_while_another_process_holds_the_lock() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    journal_with(&dir, 2);
    let _ = fs::remove_file(dir.join("index.json"));
    let _writer = Store::open_write(&dir).unwrap();
    let listing = Store::open_read(&dir).list().unwrap();
    assert_eq!(listing.summaries.len(), 2);
    assert!(!dir.join("index.json").exists());
    drop(_writer);
    // With nobody holding it, a reader may borrow the lock to keep the cache.
    Store::open_read(&dir).list().unwrap();
    assert!(dir.join("index.json").exists());
}

#[test]
fn a_reader_opened_before_encrypt_never_writes_a_plain_index_beside_the_locked_journal() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    journal_with(&dir, 3);
    let reader = Store::open_read(&dir);
    let mut writer = Store::open_write(&dir).unwrap();
    writer.set_work_factor(2);
    writer.encrypt(&pass("correct horse")).unwrap();
    drop(writer);
    let _ = reader.list();
    assert!(!dir.join("index.json").exists(), "{:?}", names(&dir));
    assert!(!dir.join("drafts.json").exists(), "{:?}", names(&dir));
}

#[test]
fn export_all_racing_encrypt_fails_rather_than_silently_dropping_reflections() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    journal_with(&dir, 3);
    let reader = Store::open_read(&dir);
    // The reader has listed (as export --all does first) ...
    assert_eq!(reader.list().unwrap().summaries.len(), 3);
    // ... when encrypt converts one reflection and is killed.
    let mut writer = Store::open_write(&dir).unwrap();
    writer.set_work_factor(2);
    let mut wrote = 0;
    writer
        .encrypt_until(&pass("pw"), &mut |step| {
            if step == reflect::journal::Step::Removed {
                wrote += 1;
            }
            wrote == 1
        })
        .unwrap();
    drop(writer);
    let err = reader.load_all().unwrap_err();
    assert!(matches!(err, StoreError::Converting), "{err:?}");
}

// ---- item 1: conversions that meet a file they cannot convert ----

#[test]
fn encrypt_converts_everything_it_can_and_names_what_it_could_not() {
    let _serial = serial();
    let j = Journal::new();
    journal_with(&j.dir, 3);
    let refl = j.dir.join("reflections");
    let dangling = refl.join("20250101-000005-aaaa.json");
    symlink(j.tmp.path().join("gone.json"), &dangling).unwrap();
    let folder = refl.join("20250101-000006-bbbb.json");
    fs::create_dir(&folder).unwrap();
    let fifo = refl.join("20250101-000007-cccc.json");
    mkfifo(&fifo);
    let pw = j.tmp.path().join("pw");
    fs::write(&pw, "correct horse\n").unwrap();

    j.cmd()
        .args(["encrypt", "--passphrase-file"])
        .arg(&pw)
        .timeout(Duration::from_secs(60))
        .assert()
        .code(1)
        .stderr(contains("20250101-000005-aaaa.json could not be encrypted"))
        .stderr(contains("20250101-000006-bbbb.json could not be encrypted"))
        .stderr(contains("20250101-000007-cccc.json could not be encrypted"))
        .stderr(contains("3 reflections encrypted"))
        .stderr(contains("move them out of the journal folder"));
    // Every real reflection is encrypted; no answer is in plain text.
    for i in 0..3 {
        assert!(!refl.join(format!("20250101-00000{i}-abcd.json")).exists());
        assert!(
            refl.join(format!("20250101-00000{i}-abcd.json.age"))
                .exists()
        );
    }
    // Moved aside, the next run finishes.
    for p in [&dangling, &fifo] {
        fs::remove_file(p).unwrap();
    }
    fs::remove_dir(&folder).unwrap();
    j.cmd()
        .args(["encrypt", "--passphrase-file"])
        .arg(&pw)
        .assert()
        .success();
}

#[test]
fn list_and_show_say_when_plain_text_remains_in_a_locked_journal() {
    let _serial = serial();
    let j = Journal::new();
    let rs = journal_with(&j.dir, 2);
    let mut store = Store::open_write(&j.dir).unwrap();
    store.set_work_factor(2);
    store.encrypt(&pass("correct horse")).unwrap();
    drop(store);
    // A plain reflection put back (a restore from an old backup, say).
    let plain = j.dir.join("reflections").join("20250101-000009-abcd.json");
    let mut r = rs[0].clone();
    r.id = "20250101-000009-abcd".into();
    fs::write(&plain, serde_json::to_vec(&r).unwrap()).unwrap();
    let pw = j.tmp.path().join("pw");
    fs::write(&pw, "correct horse\n").unwrap();
    assert_eq!(Store::open_read(&j.dir).plain_left(), vec![plain.clone()]);
    for args in [vec!["list"], vec!["show", "20250101-000000-abcd"]] {
        j.cmd()
            .args(&args)
            .arg("--passphrase-file")
            .arg(&pw)
            .assert()
            .success()
            .stderr(contains(
                "1 reflection in this locked journal is still plain text",
            ))
            .stderr(contains("reflect encrypt"));
    }
}

#[test]
fn decrypt_converts_everything_it_can_keeps_the_identity_and_finishes_once_the_damaged_file_is_moved()
 {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let rs = journal_with(&dir, 3);
    let mut store = Store::open_write(&dir).unwrap();
    store.set_work_factor(2);
    store.encrypt(&pass("pw")).unwrap();
    let damaged = dir
        .join("reflections")
        .join("20250101-000001-abcd.json.age");
    fs::write(&damaged, b"age-encryption.org/v1\nnot really").unwrap();
    let done = store.decrypt().unwrap();
    assert!(!done.finished);
    assert_eq!(done.files, 2);
    assert_eq!(done.left.len(), 1);
    assert_eq!(done.left[0].path, damaged);
    // Still locked (the identity is needed for what is left), and readable.
    assert!(Store::is_encrypted(&dir));
    let mut again = Store::open_read(&dir);
    again.unlock(&pass("pw")).unwrap();
    assert_eq!(again.load(&rs[0].id).unwrap(), rs[0]);
    assert_eq!(again.load(&rs[2].id).unwrap(), rs[2]);
    // Moved aside: the next run finishes.
    fs::rename(&damaged, tmp.path().join("aside.age")).unwrap();
    let done = store.decrypt().unwrap();
    assert!(done.finished, "{done:?}");
    assert!(!Store::is_encrypted(&dir));
}

// ---- item 9: a read-only drive ----

#[test]
fn a_journal_on_a_read_only_drive_opens_for_reading_in_the_app() {
    let _serial = serial();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let rs = journal_with(&dir, 1);
    // The first point opening a journal meets is the lock: make it fail as
    // a read-only drive does.
    failpoint::arm(1, Mode::ReadOnlyDrive);
    let store = Store::open_app(&dir);
    failpoint::disarm();
    let store = store.unwrap();
    assert!(store.read_only_drive());
    assert!(!store.is_writable());
    assert_eq!(store.load(&rs[0].id).unwrap(), rs[0]);
    assert!(matches!(
        store.save(&rs[0]).unwrap_err(),
        StoreError::ReadOnly { .. }
    ));
    // Through the command line, a command that writes says so plainly.
    failpoint::arm(1, Mode::ReadOnlyDrive);
    let err = Store::open_write(&dir).unwrap_err();
    failpoint::disarm();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
}

#[test]
fn a_real_read_only_mount_is_browsable_when_the_machine_allows_mounting() {
    let _serial = serial();
    // Needs a private mount namespace (root, or user namespaces); skipped
    // with a note elsewhere. The in-process test above covers the logic.
    let j = Journal::new();
    journal_with(&j.dir, 1);
    let ro = j.tmp.path().join("ro");
    fs::create_dir(&ro).unwrap();
    let bin = env!("CARGO_BIN_EXE_reflect");
    let script = format!(
        "mount -t tmpfs tmpfs {ro} && cp -a {src}/. {ro}/ && chmod 700 {ro} && mount -o remount,ro {ro} && \
         {bin} --data-dir {ro} list && {bin} --data-dir {ro} packs add tests/fixtures/mini-pack.json",
        ro = ro.display(),
        src = j.dir.display(),
    );
    let probe = std::process::Command::new("unshare")
        .args(["-m", "true"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("note: no mount namespace here; the real read-only mount test was skipped");
        return;
    }
    let out = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("20250101-000000-abcd"), "{stdout}{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("is on a read-only drive"), "{stderr}");
}
