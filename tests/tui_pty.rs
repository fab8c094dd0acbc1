//! End to end: the real binary in a real pseudo-terminal, reading the screen
//! (through vt100, never the raw byte stream) and the journal on disk.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Unix only: a Unix pseudo-terminal.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::thread;
use std::time::Duration;

use common::{CTRL_Q, DOWN, ENTER, Pty, TAB};

fn reflection_files(data: &Path) -> Vec<String> {
    let dir = data.join("reflections");
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            out.push(std::fs::read_to_string(p).unwrap());
        }
    }
    out
}

/// Welcome -> Home -> the first pack, checking "Ask yourself" comes first.
fn open_ask_yourself(s: &mut Pty) {
    s.wait_for("Welcome");
    s.send(ENTER);
    let home = s.wait_for("Start a reflection");
    let first_item = home
        .lines()
        .find(|l| {
            l.trim_start()
                .trim_start_matches('›')
                .trim_start()
                .starts_with(['S', 'C', 'J', 'Q'])
        })
        .unwrap();
    assert!(first_item.contains("Start a reflection"), "{home}");
    s.send(ENTER);
    let packs = s.wait_for("Ask yourself");
    // Each pack row ends with its question count ("7 questions").
    let counted = |l: &&str| {
        l.split_whitespace()
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| w[0].parse::<u32>().is_ok() && w[1].starts_with("question"))
    };
    let first_pack = packs.lines().find(counted).unwrap();
    assert!(
        first_pack.contains("Ask yourself"),
        "Ask yourself is not the first pack:\n{packs}"
    );
    s.send(ENTER);
    s.wait_for("1 of ");
}

#[test]
fn a_multiline_unicode_answer_reaches_the_disk_after_ctrl_q() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut s = Pty::reflect(&data, &[]);
    open_ask_yourself(&mut s);
    s.send("Från skolan 🌱".as_bytes());
    s.send(ENTER);
    s.send("and from friends, 学校".as_bytes());
    s.wait_for("学校");
    s.send(TAB);
    s.wait_for("2 of ");
    s.send(CTRL_Q);
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    let files = reflection_files(&data);
    assert_eq!(files.len(), 1);
    let r: serde_json::Value = serde_json::from_str(&files[0]).unwrap();
    assert_eq!(
        r["answers"][0]["answer"],
        "Från skolan 🌱\nand from friends, 学校"
    );
}

#[test]
fn a_killed_session_leaves_a_draft_that_continues_where_it_stopped() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut s = Pty::reflect(&data, &[]);
    open_ask_yourself(&mut s);
    s.send("Halfway through a thought 🌿".as_bytes());
    s.wait_for("Halfway through a thought");
    thread::sleep(Duration::from_millis(1500));
    s.signal("KILL");
    s.wait_exit();
    let files = reflection_files(&data);
    assert_eq!(files.len(), 1, "no draft was written");
    assert!(
        files[0].contains("Halfway through a thought 🌿"),
        "{}",
        files[0]
    );
    assert!(!files[0].contains("\"finished\""));

    let mut again = Pty::reflect(&data, &[]);
    let home = again.wait_for("Continue");
    assert!(!home.contains("Welcome"));
    again.send(DOWN);
    again.send(ENTER);
    again.wait_for("Halfway through a thought");
    again.wait_for("1 of ");
    again.send(CTRL_Q);
    assert!(again.wait_exit().success());
}

#[test]
fn closing_the_terminal_saves_what_was_just_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut s = Pty::reflect(&data, &[]);
    open_ask_yourself(&mut s);
    s.send(b"typed a moment ago");
    s.wait_for("typed a moment ago");
    // A closing terminal sends SIGHUP; no wait for autosave. (portable-pty's own
    // kill() follows SIGHUP with SIGKILL after 200 ms, which races the save on a
    // loaded machine, so the signal is sent directly and the app exits by itself.)
    s.signal("HUP");
    s.wait_exit();
    let files = reflection_files(&data);
    assert_eq!(files.len(), 1, "nothing was saved");
    assert!(files[0].contains("typed a moment ago"));
}

/// A closed window or a dropped connection, with no signal sent by anyone
/// but the kernel: the app must notice, save and exit rather than spin.
#[test]
fn a_terminal_that_goes_away_leaves_the_answer_saved_and_no_process_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut s = Pty::reflect(&data, &[]);
    open_ask_yourself(&mut s);
    s.send("the window closed on me, 窓".as_bytes());
    s.wait_for("the window closed on me");
    s.hang_up();
    let status = s.wait_exit();
    let files = reflection_files(&data);
    assert_eq!(files.len(), 1, "nothing was saved; exit: {status:?}");
    assert!(
        files[0].contains("the window closed on me, 窓"),
        "{}",
        files[0]
    );
}

#[test]
fn a_second_window_is_told_the_journal_is_open_and_exits_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut first = Pty::reflect(&data, &[]);
    first.wait_for("Welcome");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("--data-dir")
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("open in another reflect window"), "{err}");
    assert!(
        out.stdout.is_empty(),
        "the terminal was touched: {:?}",
        out.stdout
    );
    first.send(CTRL_Q);
    assert!(first.wait_exit().success());
}

#[test]
fn ctrl_e_edits_the_answer_in_a_private_file_inside_the_data_dir() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let log = tmp.path().join("editor.log");
    // A stand-in editor: notes where the file is and its mode, then rewrites it.
    let editor = tmp.path().join("fake-editor");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nstat -c '%a %n' \"$1\" > '{}'\nprintf 'written elsewhere, 學\\n' >> \"$1\"\n",
            log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut s = Pty::reflect(&data, &[("VISUAL", editor.to_str().unwrap())]);
    open_ask_yourself(&mut s);
    s.send(b"typed here, ");
    s.send(b"\x05"); // Ctrl-E
    s.wait_for("written elsewhere");
    let logged = std::fs::read_to_string(&log).unwrap();
    let (mode, path) = logged.trim().split_once(' ').unwrap();
    assert_eq!(mode, "600");
    assert!(
        Path::new(path).starts_with(&data),
        "temp file outside the data dir: {path}"
    );
    assert!(
        !Path::new(path).exists(),
        "the temporary file was left behind"
    );
    s.send(CTRL_Q);
    assert!(s.wait_exit().success());
    let files = reflection_files(&data);
    // The file ended with a newline, so the line the editor added after the
    // last one is a line of its own (issue 12 §3), not glued to it.
    assert!(
        files[0].contains("typed here, \\nwritten elsewhere, 學"),
        "{}",
        files[0]
    );
}

/// A finished reflection with two answered text questions, written straight to the store.
fn two_answers(data: &Path) {
    use reflect::content::Pack;
    use reflect::journal::{Entry, Reflection, Store};
    let pack = Pack::parse(
        "two.json",
        r#"{ "schema": 1, "id": "two", "title": "Two questions", "description": "For testing.",
  "questions": [
    { "id": "first", "prompt": "What would you like to share?", "kind": "text" },
    { "id": "second", "prompt": "What would you rather keep?", "kind": "text" }
  ] }"#,
    )
    .unwrap();
    let store = Store::open_write(data).unwrap();
    let mut r = Reflection::new(store.new_id(), &pack);
    for (id, text) in [
        ("first", "Talking helps me, 学校 🌱"),
        ("second", "a private thought"),
    ] {
        let q = pack.question(id).unwrap();
        r.set(&pack, Some(Entry::text(q, None, text)), id);
    }
    r.finished = Some(r.updated);
    store.save(&r).unwrap();
    // Dropping the store lets the app take the lock.
}

#[test]
fn exporting_one_of_two_answers_writes_only_that_one_to_a_private_file() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let home = tmp.path().join("home");
    let out_dir = tmp.path().join("out");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&out_dir).unwrap();
    two_answers(&data);
    let target = out_dir.join("for-my-therapist.md");

    let mut s = Pty::reflect(
        &data,
        &[
            ("HOME", home.to_str().unwrap()),
            ("XDG_CONFIG_HOME", home.join(".config").to_str().unwrap()),
        ],
    );
    // The folder was made outside the window: Welcome comes first, once.
    s.wait_for("Welcome");
    s.send(ENTER);
    s.wait_for("Start a reflection");
    s.send(DOWN); // Journal (there is no draft to continue)
    s.send(ENTER);
    s.wait_for("Two questions");
    s.send(ENTER);
    s.wait_for("a private thought");
    s.send(b"e");
    let screen = s.wait_for("Preview");
    // Nothing ticked, and the default goes to the (temporary) home folder.
    assert!(!screen.contains("[x]"), "{screen}");
    assert!(screen.contains(home.to_str().unwrap()), "{screen}");
    s.send(b" ");
    s.wait_for("[x]");
    s.send(TAB);
    s.send(b"\x15"); // Ctrl-U clears the file name
    s.send(target.to_str().unwrap().as_bytes());
    s.wait_for("for-my-therapist.md");
    s.send(ENTER);
    let ask = s.wait_for("Write this file?");
    assert!(ask.contains("Only you will be able to read it"), "{ask}");
    assert!(!target.exists(), "written before it was confirmed");
    s.send(b"y");
    s.wait_for("Saved to");
    s.send(CTRL_Q);
    assert!(s.wait_exit().success());

    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(
        written.contains("What would you like to share?"),
        "{written}"
    );
    assert!(written.contains("Talking helps me, 学校 🌱"), "{written}");
    assert!(!written.contains("rather keep"), "{written}");
    assert!(!written.contains("a private thought"), "{written}");
}

#[test]
fn a_pack_that_names_a_therapist_exports_a_file_only_they_can_open() {
    use reflect::content::Pack;
    use reflect::journal::{Entry, Reflection, Store};
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let key = reflect::keys::generate();
    let text = format!(
        r#"{{ "schema": 1, "id": "dana-homework", "title": "Homework from Dana", "description": "For testing.",
  "return_to": {{ "name": "Dana Rivera", "recipient": "{}" }},
  "questions": [ {{ "id": "first", "prompt": "What would you like to share?", "kind": "text" }} ] }}"#,
        key.recipient
    );
    {
        let store = Store::open_write(&data).unwrap();
        let pack: Pack = store.add_pack("dana.json", &text, false).unwrap().0;
        let mut r = Reflection::new(store.new_id(), &pack);
        let q = pack.question("first").unwrap();
        r.set(
            &pack,
            Some(Entry::text(q, None, "Talking helps me, 学校 🌱")),
            "first",
        );
        r.finished = Some(r.updated);
        store.save(&r).unwrap();
    }
    let target = tmp.path().join("for-dana.md");

    let mut s = Pty::reflect(
        &data,
        &[
            ("HOME", home.to_str().unwrap()),
            ("XDG_CONFIG_HOME", home.join(".config").to_str().unwrap()),
        ],
    );
    s.wait_for("Welcome");
    s.send(ENTER);
    s.wait_for("Start a reflection");
    s.send(DOWN); // Journal
    s.send(ENTER);
    s.wait_for("Homework from Dana");
    s.send(b" "); // tick the reflection in the list
    s.wait_for("1 ticked");
    s.send(b"e");
    let screen = s.wait_for("encrypted for Dana Rivera");
    assert!(
        !screen.contains("[x]"),
        "nothing is ticked to begin with:\n{screen}"
    );
    assert!(screen.contains(".md.age"), "{screen}");
    s.send(b" ");
    s.wait_for("[x]");
    s.send(TAB);
    s.send(b"\x15"); // Ctrl-U
    s.send(target.to_str().unwrap().as_bytes());
    s.wait_for("for-dana.md");
    s.send(ENTER);
    let ask = s.wait_for("Write this file?");
    assert!(ask.contains("Encrypted for Dana Rivera"), "{ask}");
    assert!(!ask.contains("Only you will be able"), "{ask}");
    s.send(b"y");
    s.wait_for("Saved to");
    s.send(CTRL_Q);
    assert!(s.wait_exit().success());

    let sealed = tmp.path().join("for-dana.md.age");
    assert!(!target.exists(), "a plain copy was written");
    let bytes = std::fs::read(&sealed).unwrap();
    assert!(reflect::keys::is_age(&bytes));
    let as_text = String::from_utf8_lossy(&bytes);
    assert!(!as_text.contains("Talking helps"), "{as_text}");
    assert!(!as_text.contains("What would you like"), "{as_text}");
    let opened = reflect::keys::decrypt_with(key.identity_file.as_bytes(), &bytes).unwrap();
    assert!(String::from_utf8_lossy(&opened).contains("Talking helps me, 学校 🌱"));
}
