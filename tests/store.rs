//! The journal store: atomic writes, permissions, the lock, damaged files, the index.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use reflect::content::Pack;
use reflect::journal::{Entry, Reflection, Store, StoreError};

fn mini() -> Pack {
    let text = include_str!("fixtures/mini-pack.json");
    Pack::parse("mini-pack.json", text).unwrap()
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn answered(store: &Store, pack: &Pack, text: &str) -> Reflection {
    let mut r = Reflection::new(store.new_id(), pack);
    let q = pack.question("learned").unwrap();
    r.set(pack, Some(Entry::text(q, None, text)), "learned");
    store.save(&r).unwrap();
    r
}

#[test]
fn saves_round_trip_with_private_permissions_even_with_a_lax_umask() {
    // umask is process-wide and the other tests run on other threads (a
    // folder they create under umask 0 is 0777, which the store rightly
    // refuses), so this test runs alone, in a child process of its own.
    const CHILD: &str = "REFLECT_UMASK_TEST_CHILD";
    if std::env::var_os(CHILD).is_none() {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "saves_round_trip_with_private_permissions_even_with_a_lax_umask",
                "--exact",
                "--test-threads",
                "1",
            ])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && said.contains("1 passed"), "{said}");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("journal");
    // SAFETY: this process runs this one test on one thread.
    #[cfg(unix)]
    let old = unsafe { libc_umask(0) };
    let store = Store::open_write(&dir).unwrap();
    let pack = mini();
    let r = answered(&store, &pack, "Från skolan 🌱\n学校");
    #[cfg(unix)]
    unsafe {
        libc_umask(old)
    };
    #[cfg(unix)]
    assert_eq!(mode(&dir), 0o700);
    #[cfg(unix)]
    assert_eq!(mode(&dir.join("reflections")), 0o700);
    #[cfg(unix)]
    assert_eq!(
        mode(&dir.join("reflections").join(format!("{}.json", r.id))),
        0o600
    );
    assert_eq!(store.load(&r.id).unwrap(), r);
    // No temporary files are left behind.
    let names: Vec<_> = fs::read_dir(dir.join("reflections"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[cfg(unix)]
unsafe extern "C" {
    #[link_name = "umask"]
    fn libc_umask(mask: u32) -> u32;
}

#[test]
fn the_question_text_is_stored_beside_each_answer() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_write(tmp.path()).unwrap();
    let r = answered(&store, &mini(), "books");
    let raw = fs::read_to_string(
        tmp.path()
            .join("reflections")
            .join(format!("{}.json", r.id)),
    )
    .unwrap();
    assert!(
        raw.contains("\"prompt\": \"Where did you learn about sex?\""),
        "{raw}"
    );
    assert!(raw.contains("\"answer\": \"books\""));
}

#[test]
fn a_second_writer_is_refused_while_readers_still_work() {
    let tmp = tempfile::tempdir().unwrap();
    let first = Store::open_write(tmp.path()).unwrap();
    answered(&first, &mini(), "x");
    match Store::open_write(tmp.path()) {
        Err(StoreError::Locked { by_pid }) => assert_eq!(by_pid, Some(std::process::id())),
        other => panic!("expected Locked, got {other:?}"),
    }
    assert_eq!(
        Store::open_read(tmp.path()).list().unwrap().summaries.len(),
        1
    );
    drop(first);
    assert!(
        Store::open_write(tmp.path()).is_ok(),
        "the lock is released when the writer closes"
    );
}

#[test]
fn a_read_only_store_cannot_write() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_read(tmp.path());
    let r = Reflection::new("20260101-000000-0000".into(), &mini());
    assert!(matches!(store.save(&r), Err(StoreError::Locked { .. })));
    assert!(!tmp.path().join("reflections").exists());
}

#[test]
fn damaged_files_are_reported_left_untouched_and_the_rest_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_write(tmp.path()).unwrap();
    let good = answered(&store, &mini(), "fine");
    let bad = tmp
        .path()
        .join("reflections")
        .join("20200101-000000-dead.json");
    fs::write(&bad, b"{\"schema\": 1, \"id\": ").unwrap();
    let before = fs::metadata(&bad).unwrap().modified().unwrap();
    let listing = store.list().unwrap();
    assert_eq!(listing.summaries.len(), 1);
    assert_eq!(listing.summaries[0].id, good.id);
    assert_eq!(listing.problems.len(), 1);
    assert_eq!(listing.problems[0].path, bad);
    assert_eq!(fs::read(&bad).unwrap(), b"{\"schema\": 1, \"id\": ");
    assert_eq!(fs::metadata(&bad).unwrap().modified().unwrap(), before);
    // Loading the damaged one by id names it rather than panicking.
    assert!(matches!(
        store.load("20200101-000000-dead"),
        Err(StoreError::Damaged { .. })
    ));
}

/// A fresh journal holding one finished reflection.
fn with_one_finished() -> (tempfile::TempDir, Store, Pack, Reflection) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_write(tmp.path()).unwrap();
    let pack = mini();
    let mut done = answered(&store, &pack, "done");
    done.finished = Some(reflect::journal::reflection::now());
    store.save(&done).unwrap();
    (tmp, store, pack, done)
}

/// `[mtime_ns, inode]` of a directory, as the caches record it.
#[cfg(unix)]
fn dir_stamp(dir: &Path) -> serde_json::Value {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::metadata(dir).unwrap();
    serde_json::json!([meta.mtime() * 1_000_000_000 + meta.mtime_nsec(), meta.ino()])
}

/// `[mtime_ns, creation time]` of a directory, as the caches record it on Windows.
#[cfg(windows)]
fn dir_stamp(dir: &Path) -> serde_json::Value {
    use std::os::windows::fs::MetadataExt;
    let meta = fs::metadata(dir).unwrap();
    let since = meta
        .modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    serde_json::json!([since.as_nanos() as i64, meta.creation_time()])
}

#[test]
fn the_index_is_a_cache_checked_against_each_file() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_write(tmp.path()).unwrap();
    let pack = mini();
    let mut r = answered(&store, &pack, "one");
    assert_eq!(store.list().unwrap().summaries[0].answered, 1);
    assert!(tmp.path().join("index.json").exists());
    // A change behind the index's back (another answer) is seen on the next list.
    let q = pack.question("body").unwrap();
    r.set(&pack, Entry::structured(q, None, "yes"), "body");
    store.save(&r).unwrap();
    assert_eq!(store.list().unwrap().summaries[0].answered, 2);
    // A garbage index is ignored and rebuilt.
    fs::write(tmp.path().join("index.json"), b"not json").unwrap();
    assert_eq!(store.list().unwrap().summaries[0].answered, 2);
    // A deleted reflection disappears from the list.
    store.delete(&r.id).unwrap();
    assert!(store.list().unwrap().summaries.is_empty());
    assert!(matches!(store.delete(&r.id), Err(StoreError::NotFound(_))));
}

#[test]
fn drafts_are_reflections_without_finished_and_the_newest_is_offered() {
    let (_tmp, store, pack, _done) = with_one_finished();
    assert!(store.latest_draft().unwrap().is_none());
    let draft = answered(&store, &pack, "half");
    assert_eq!(store.latest_draft().unwrap().map(|s| s.id), Some(draft.id));
}

#[test]
fn ids_sort_by_start_time_and_never_escape_the_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_write(tmp.path()).unwrap();
    let id = store.new_id();
    assert_eq!(id.len(), "20261123-185831-7f3a".len(), "{id}");
    for evil in ["../x", "a/b", ".hidden", ""] {
        assert!(
            matches!(store.load(evil), Err(StoreError::NotFound(_))),
            "{evil}"
        );
    }
}

#[test]
fn follow_ups_hide_when_their_condition_goes_but_keep_the_text() {
    let pack = mini();
    let mut r = Reflection::new("20260101-000000-0000".into(), &pack);
    let body = pack.question("body").unwrap();
    let how = pack.question("body-how").unwrap();
    r.set(&pack, Entry::structured(body, None, "no"), "body");
    r.set(
        &pack,
        Some(Entry::text(how, Some("body"), "my skin")),
        "body-how",
    );
    assert_eq!(r.answered().count(), 2);
    r.set(&pack, Entry::structured(body, None, "yes"), "body");
    assert_eq!(r.answered().count(), 1, "the follow-up no longer applies");
    assert_eq!(
        r.entry("body-how").map(|e| (e.hidden, e.answer.as_str())),
        Some((true, "my skin"))
    );
    r.set(&pack, Entry::structured(body, None, "unsure"), "body");
    assert_eq!(r.answered().count(), 2, "and comes back with its text");
}

#[test]
fn imported_packs_refuse_builtin_ids_and_need_replace() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_write(tmp.path()).unwrap();
    let text = include_str!("fixtures/mini-pack.json");
    let (p, replaced) = store.add_pack("mini.json", text, false).unwrap();
    assert_eq!((p.id.as_str(), replaced), ("mini", false));
    #[cfg(unix)]
    assert_eq!(mode(&tmp.path().join("packs").join("mini.json")), 0o600);
    assert!(matches!(
        store.add_pack("mini.json", text, false),
        Err(StoreError::PackExists(_))
    ));
    assert!(store.add_pack("mini.json", text, true).unwrap().1);
    let builtin = text.replace("\"id\": \"mini\"", "\"id\": \"ask-yourself\"");
    assert!(matches!(
        store.add_pack("x.json", &builtin, false),
        Err(StoreError::BuiltinPackId(_))
    ));
    assert_eq!(store.imported_packs().0.len(), 1);
    store.remove_pack("mini").unwrap();
    assert!(store.imported_packs().0.is_empty());
    assert!(matches!(
        store.remove_pack("mini"),
        Err(StoreError::NoSuchPack(_))
    ));
}

#[test]
fn search_finds_every_word_in_answers_case_insensitively_and_skips_hidden_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_write(tmp.path()).unwrap();
    let pack = mini();
    let a = answered(&store, &pack, "Från SKOLAN and from friends");
    let _b = answered(&store, &pack, "books in the library");
    let mut c = answered(&store, &pack, "nothing here");
    let body = pack.question("body").unwrap();
    let how = pack.question("body-how").unwrap();
    c.set(&pack, Entry::structured(body, None, "no"), "body");
    c.set(
        &pack,
        Some(Entry::text(how, Some("body"), "skolan secret")),
        "body-how",
    );
    c.set(&pack, Entry::structured(body, None, "yes"), "body");
    store.save(&c).unwrap();
    let ids = |q: &str| {
        store
            .search(q)
            .unwrap()
            .0
            .into_iter()
            .map(|s| s.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("från skolan"), vec![a.id.clone()]);
    assert_eq!(ids("friends SKOLAN"), vec![a.id.clone()]);
    assert!(ids("skolan library").is_empty(), "every word must match");
    assert!(
        ids("secret").is_empty(),
        "hidden follow-ups are not searched"
    );
    assert_eq!(ids("mini pack").len(), 3, "the pack title is searched too");
    assert_eq!(ids("").len(), 3);
}

/// Set a directory's mtime, as if nothing had changed in it since `when`.
#[cfg(unix)]
fn age_dir(dir: &Path, when: std::time::SystemTime) {
    fs::File::open(dir).unwrap().set_modified(when).unwrap();
}

/// Set a directory's mtime, as if nothing had changed in it since `when`
/// (Windows opens a folder only with backup semantics, and needs write
/// access to change its times).
#[cfg(windows)]
fn age_dir(dir: &Path, when: std::time::SystemTime) {
    use std::os::windows::fs::OpenOptionsExt;
    use windows_sys::Win32::Storage::FileSystem::FILE_FLAG_BACKUP_SEMANTICS;
    fs::OpenOptions::new()
        .write(true)
        .custom_flags(FILE_FLAG_BACKUP_SEMANTICS)
        .open(dir)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

#[test]
fn a_quiet_directory_lets_the_index_answer_without_reading_files() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_write(tmp.path()).unwrap();
    let pack = mini();
    let r = answered(&store, &pack, "one");
    let refl = tmp.path().join("reflections");
    let bad = refl.join("20200101-000000-0bad.json");
    fs::write(&bad, "{").unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    age_dir(&refl, hour_ago);
    let first = store.list().unwrap();
    assert_eq!((first.summaries.len(), first.problems.len()), (1, 1));
    // Rewrite the good file in place, then put the directory's mtime back: the
    // index is trusted, so the file is not even opened (that is the speed-up).
    let file = refl.join(format!("{}.json", r.id));
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, "garbage").unwrap();
    age_dir(&refl, hour_ago);
    let second = store.list().unwrap();
    assert_eq!(second.summaries.len(), 1, "served from the index");
    assert_eq!(
        second.problems.len(),
        1,
        "the damaged file is still reported"
    );
    // A damaged file mended in place is re-checked even in a quiet directory.
    fs::write(&file, &text).unwrap();
    fs::write(&bad, text.replace(&r.id, "20200101-000000-0bad")).unwrap();
    age_dir(&refl, hour_ago);
    let third = store.list().unwrap();
    assert_eq!((third.summaries.len(), third.problems.len()), (2, 0));
    // Any save renames into the directory, which ends the shortcut.
    answered(&store, &pack, "two");
    assert_eq!(store.list().unwrap().summaries.len(), 3);
}

/// Wait past the file system's clock tick, so a change made now cannot share
/// a modification time with reflect's last change (see `Drafts` in the store).
fn next_tick() {
    std::thread::sleep(std::time::Duration::from_millis(30));
}

#[test]
fn continue_is_found_from_the_drafts_file_without_reading_the_journal() {
    let (tmp, store, pack, done) = with_one_finished();
    // Home's first look lists the journal once and writes the drafts file.
    assert_eq!(store.latest_draft().unwrap(), None);
    let draft = answered(&store, &pack, "half a thought");
    // Spoil both the index and the draft's own file, in place (so the folder
    // itself does not change): a full listing would now find no draft at all.
    fs::write(tmp.path().join("index.json"), b"spoiled").unwrap();
    let file = tmp.path().join(format!("reflections/{}.json", draft.id));
    let text = fs::read(&file).unwrap();
    fs::write(&file, b"spoiled").unwrap();
    let offered = store.latest_draft().unwrap().map(|s| s.id);
    assert_eq!(offered, Some(draft.id.clone()), "served from drafts.json");
    // Without the drafts file the journal is listed, and the spoiled file shows.
    fs::remove_file(tmp.path().join("drafts.json")).unwrap();
    assert_eq!(store.latest_draft().unwrap(), None);
    // Mended in place, it is offered again once the journal is next listed.
    fs::write(&file, text).unwrap();
    next_tick();
    store.save(&done).unwrap();
    assert_eq!(store.list().unwrap().summaries.len(), 2);
    assert_eq!(store.latest_draft().unwrap().map(|s| s.id), Some(draft.id));
}

#[test]
fn the_drafts_file_follows_saves_finishes_and_deletes() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_write(tmp.path()).unwrap();
    let pack = mini();
    let older = answered(&store, &pack, "older");
    // A list makes the drafts file current; from then on every change keeps
    // it current, and reading it must agree with a full listing.
    store.list().unwrap();
    let check = |why: &str| {
        let hint: serde_json::Value =
            serde_json::from_slice(&fs::read(tmp.path().join("drafts.json")).unwrap()).unwrap();
        assert_eq!(
            hint["dir"],
            dir_stamp(&tmp.path().join("reflections")),
            "{why}: stale"
        );
        let from_list = store
            .list()
            .unwrap()
            .summaries
            .into_iter()
            .filter(|s| s.is_draft())
            .max_by_key(|s| s.updated_at())
            .map(|s| s.id);
        assert_eq!(
            store.latest_draft().unwrap().map(|s| s.id),
            from_list,
            "{why}"
        );
        from_list
    };
    assert_eq!(check("first draft"), Some(older.id.clone()));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let mut newer = answered(&store, &pack, "newer");
    assert_eq!(check("a newer draft"), Some(newer.id.clone()));
    newer.finished = Some(reflect::journal::reflection::now());
    store.save(&newer).unwrap();
    assert_eq!(check("the newer one finished"), Some(older.id.clone()));
    store.delete(&older.id).unwrap();
    assert_eq!(check("the older one deleted"), None);
}

#[test]
fn changes_made_behind_reflects_back_are_noticed() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_write(tmp.path()).unwrap();
    let pack = mini();
    let draft = answered(&store, &pack, "mine");
    assert_eq!(
        store.latest_draft().unwrap().map(|s| s.id),
        Some(draft.id.clone())
    );
    let refl = tmp.path().join("reflections");
    let file = refl.join(format!("{}.json", draft.id));
    let text = fs::read_to_string(&file).unwrap();
    // Removed by hand (or by a sync tool): no longer offered.
    next_tick();
    fs::remove_file(&file).unwrap();
    assert_eq!(store.latest_draft().unwrap(), None);
    // Copied back in by hand under another name: offered again.
    next_tick();
    let copied = "20300101-000000-beef";
    fs::write(
        refl.join(format!("{copied}.json")),
        text.replace(&draft.id, copied),
    )
    .unwrap();
    assert_eq!(
        store.latest_draft().unwrap().map(|s| s.id),
        Some(copied.to_string())
    );
    // A garbage drafts file is ignored and rebuilt.
    fs::write(tmp.path().join("drafts.json"), b"{").unwrap();
    assert_eq!(
        store.latest_draft().unwrap().map(|s| s.id),
        Some(copied.to_string())
    );
    let rebuilt = fs::read_to_string(tmp.path().join("drafts.json")).unwrap();
    assert!(rebuilt.contains(copied), "{rebuilt}");
}

/// The newest draft by a full listing, through a reader (which never writes caches).
fn newest_by_listing(dir: &Path) -> Option<String> {
    Store::open_read(dir)
        .list()
        .unwrap()
        .summaries
        .into_iter()
        .filter(|s| s.is_draft())
        .max_by(|a, b| a.updated_at().cmp(&b.updated_at()).then(a.id.cmp(&b.id)))
        .map(|s| s.id)
}

#[test]
fn the_drafts_file_stays_small_and_right_with_many_drafts() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_write(tmp.path()).unwrap();
    let pack = mini();
    let base = reflect::journal::reflection::now() - chrono::Duration::days(30);
    let mut drafts = Vec::new();
    // Saved in a shuffled order of their update times, as imports would be.
    for i in [
        7, 19, 3, 0, 12, 25, 1, 9, 14, 22, 5, 17, 2, 11, 24, 8, 15, 20, 4, 13, 6, 10, 16, 18, 21,
        23,
    ] {
        let mut r = Reflection::new(format!("2025{i:04}-000000-0000"), &pack);
        r.updated = base + chrono::Duration::hours(i);
        store.save(&r).unwrap();
        drafts.push(r);
        if drafts.len() == 1 {
            // Home's first look: the drafts file is written, then kept in step.
            store.latest_draft().unwrap();
        }
    }
    let size = fs::metadata(tmp.path().join("drafts.json")).unwrap().len();
    assert!(size < 8_000, "the drafts file grew to {size} bytes");
    // Finish them newest first, then oldest first: after every change the
    // drafts file must name the same draft as a full listing.
    drafts.sort_by_key(|r| std::cmp::Reverse(r.updated));
    let (newest, oldest) = drafts.split_at_mut(18);
    for r in newest.iter_mut().chain(oldest.iter_mut().rev()) {
        assert_eq!(
            store.latest_draft().unwrap().map(|s| s.id),
            newest_by_listing(tmp.path())
        );
        r.finished = Some(reflect::journal::reflection::now());
        store.save(r).unwrap();
    }
    assert_eq!(store.latest_draft().unwrap(), None);
    assert_eq!(newest_by_listing(tmp.path()), None);
}

#[test]
fn the_list_is_newest_first_whatever_order_the_index_was_left_in() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_write(tmp.path()).unwrap();
    let pack = mini();
    for i in [3, 9, 1, 7, 5, 2, 8] {
        let r = Reflection::new(format!("2025010{i}-000000-0000"), &pack);
        store.save(&r).unwrap();
    }
    let want: Vec<String> = (1..=9)
        .rev()
        .filter(|i| ![4, 6].contains(i))
        .map(|i| format!("2025010{i}-000000-0000"))
        .collect();
    let ids =
        |l: reflect::journal::Listing| l.summaries.into_iter().map(|s| s.id).collect::<Vec<_>>();
    assert_eq!(ids(store.list().unwrap()), want);
    // An index written oldest first (as an older reflect may have left it) is
    // put right, and the directory is made to look quiet so the index is
    // trusted as it is rather than rebuilt.
    let path = tmp.path().join("index.json");
    let mut index: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    index["rows"].as_array_mut().unwrap().reverse();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    age_dir(&tmp.path().join("reflections"), hour_ago);
    index["dir"] = dir_stamp(&tmp.path().join("reflections"));
    fs::write(&path, serde_json::to_vec(&index).unwrap()).unwrap();
    assert_eq!(ids(store.list().unwrap()), want);
    assert_eq!(ids(store.list().unwrap()), want);
}

#[test]
fn an_old_draft_saved_again_never_jumps_ahead_of_a_newer_one_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_write(tmp.path()).unwrap();
    let pack = mini();
    let base = reflect::journal::reflection::now() - chrono::Duration::days(30);
    let mut drafts: Vec<Reflection> = (0..20)
        .map(|i| {
            let mut r = Reflection::new(format!("202501{:02}-000000-0000", i + 1), &pack);
            r.updated = base + chrono::Duration::hours(i);
            store.save(&r).unwrap();
            r
        })
        .collect();
    // The drafts file keeps the 16 newest; the 4 oldest are left out.
    store.latest_draft().unwrap();
    // Finish all but the newest of those kept, then save the oldest draft
    // again with its old time (as leaving it without typing does).
    for r in drafts[4..19].iter_mut() {
        r.finished = Some(reflect::journal::reflection::now());
        store.save(r).unwrap();
    }
    store.save(&drafts[0]).unwrap();
    // Finish the newest: what is offered must be the newest left, not the
    // oldest one just saved.
    drafts[19].finished = Some(reflect::journal::reflection::now());
    store.save(&drafts[19]).unwrap();
    assert_eq!(
        store.latest_draft().unwrap().map(|s| s.id),
        newest_by_listing(tmp.path())
    );
    assert_eq!(newest_by_listing(tmp.path()), Some(drafts[3].id.clone()));
}

#[test]
fn a_lock_borrowed_for_a_moment_by_a_reader_is_waited_for_not_called_another_window() {
    let tmp = tempfile::tempdir().unwrap();
    drop(Store::open_write(tmp.path()).unwrap());
    // What a reader writing a cache does: take the free lock for a moment.
    let lock = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(tmp.path().join(".lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let reader = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(150));
        // Wine reports the second of std's two unlock calls as a lock
        // violation; the lock is given back all the same, and closed here.
        let _ = lock.unlock();
        drop(lock);
    });
    let opened = Store::open_write(tmp.path());
    reader.join().unwrap();
    assert!(opened.is_ok(), "{:?}", opened.err());
}
