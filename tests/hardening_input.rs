//! Input that tries to break a promise (issue 13, input half): escape
//! sequences in packs and answers, huge packs, partly unreadable imports,
//! passphrases that are not text, core dumps, and words typed just before
//! the external editor opens.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;

use common::{CTRL_Q, ENTER, Journal, Pty};
use predicates::str::contains;

const MINI: &str = "tests/fixtures/mini-pack.json";
const FULL: &str = "From friends 🌱\nand 学校\n\nn\nmy knees\n\n4\n3\n";

/// Bytes a terminal would act on: ESC, BEL, CSI (C1), and a bidi override.
fn acts_on_a_terminal(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{1b}' | '\u{7}' | '\u{9b}' | '\u{202e}'))
}

fn stdout(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn stderr(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

/// A finished reflection of the mini pack, exported as a bundle (JSON value).
fn exported(j: &Journal) -> serde_json::Value {
    j.run(&["packs", "add", MINI]);
    j.cmd()
        .args(["plain", "--pack", "mini"])
        .write_stdin(FULL)
        .assert()
        .success();
    serde_json::from_str(&j.run(&["export", "--all", "--format", "json"])).unwrap()
}

#[test]
fn packs_validate_refuses_escape_sequences_with_file_line_col() {
    let j = Journal::new();
    let text = fs::read_to_string(MINI).unwrap().replacen(
        "\"title\": \"",
        "\"title\": \"\\u001b]0;pwned\\u0007",
        1,
    );
    let file = j.tmp.path().join("evil.json");
    fs::write(&file, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("\\u001b"))
        .map(|n| n + 1)
        .unwrap();
    let col = text.lines().nth(line - 1).unwrap().find("\\u001b").unwrap() + 1;
    let out = j
        .cmd()
        .args(["packs", "validate"])
        .arg(&file)
        .assert()
        .code(1);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}:{line}:{col}: ", file.display())),
        "{err}"
    );
    assert!(err.contains("control character (U+001B)"), "{err}");
    assert!(!acts_on_a_terminal(&err), "{err:?}");
    // Nor can it be added, so `packs list` and the picker never show it.
    j.cmd()
        .args(["packs", "add"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(contains("was not added"));
    assert!(!acts_on_a_terminal(&j.run(&["packs", "list"])));
}

#[test]
fn a_pack_over_the_size_cap_is_refused_at_once_with_a_clear_message() {
    let j = Journal::new();
    let mut text = fs::read_to_string(MINI).unwrap();
    text.push_str(&" ".repeat(2 * 1024 * 1024));
    let file = j.tmp.path().join("huge.json");
    fs::write(&file, &text).unwrap();
    let out = j
        .cmd()
        .args(["packs", "validate"])
        .arg(&file)
        .assert()
        .code(1);
    let err = stderr(&out);
    assert!(err.contains(":1:1: this file is 2.0 MB"), "{err}");
    assert!(err.contains("split it into smaller packs"), "{err}");
}

#[test]
fn list_show_and_export_never_print_escape_sequences_from_an_imported_journal() {
    let j = Journal::new();
    let mut bundle = exported(&j);
    // A bundle from elsewhere, with terminal tricks in every text field.
    let r = &mut bundle["reflections"][0];
    let id = r["id"].as_str().unwrap().to_string();
    let new_id = id;
    r["pack"]["title"] = serde_json::json!("Mini\u{1b}]0;retitled\u{7}");
    r["answers"][0]["prompt"] = serde_json::json!("Where\u{202e}?");
    r["answers"][0]["answer"] =
        serde_json::json!("From friends\u{1b}]52;c;c2VjcmV0\u{7}\nand\u{9b}2J school");
    let file = j.tmp.path().join("bundle.json");
    fs::write(&file, serde_json::to_string(&bundle).unwrap()).unwrap();
    let other = Journal::new();
    other.cmd().arg("import").arg(&file).assert().success();

    let list = other.run(&["list"]);
    assert!(list.contains("Mini]0;retitled"), "{list}");
    assert!(!acts_on_a_terminal(&list), "{list:?}");
    let show = other.run(&["show", &new_id]);
    assert!(show.contains("From friends]52;c;c2VjcmV0"), "{show}");
    assert!(show.contains("and2J school"), "{show}");
    assert!(!acts_on_a_terminal(&show), "{show:?}");
    // JSON keeps every character, written as escapes a terminal ignores.
    let json = other.run(&["show", &new_id, "--json"]);
    assert!(!acts_on_a_terminal(&json), "{json:?}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["pack"]["title"], "Mini\u{1b}]0;retitled\u{7}");
    let listed = other.run(&["list", "--json"]);
    assert!(!acts_on_a_terminal(&listed), "{listed:?}");
    let out = other.run(&["export", &new_id, "--format", "json"]);
    assert!(!acts_on_a_terminal(&out), "{out:?}");
}

#[test]
fn export_to_a_terminal_shows_escape_sequences_as_text_instead_of_running_them() {
    let j = Journal::new();
    let mut bundle = exported(&j);
    let r = &mut bundle["reflections"][0];
    let id = r["id"].as_str().unwrap().to_string();
    r["answers"][0]["answer"] = serde_json::json!("Hello\u{1b}]0;retitled\u{7} there");
    let file = j.tmp.path().join("bundle.json");
    fs::write(&file, serde_json::to_string(&bundle).unwrap()).unwrap();
    let other = Journal::new();
    other.cmd().arg("import").arg(&file).assert().success();
    // (Markdown escapes only what it would misread: not a lone bracket.)
    for (format, shown) in [
        ("txt", "Hello]0;retitled there"),
        ("md", "\nHello]0;retitled there"),
    ] {
        let mut cmd = portable_pty::CommandBuilder::new(env!("CARGO_BIN_EXE_reflect"));
        cmd.arg("--data-dir");
        cmd.arg(&other.dir);
        cmd.args(["export", &id, "--format", format]);
        let mut pty = Pty::spawn(cmd);
        // Run by the terminal, the OSC would vanish and retitle the window.
        pty.wait_for(shown);
        assert!(pty.wait_exit().success());
    }
    // Piped, the export is exactly what was written.
    let piped = other.run(&["export", &id, "--format", "txt"]);
    assert!(
        piped.contains("Hello\u{1b}]0;retitled\u{7} there"),
        "{piped:?}"
    );
}

#[test]
fn plain_mode_does_not_keep_control_characters_typed_into_an_answer() {
    let j = Journal::new();
    j.cmd()
        .arg("plain")
        .write_stdin("I learned \u{1b}[31mfrom\u{9b} books\n\n")
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&j.run(&["list", "--json"])).unwrap();
    let id = v[0]["id"].as_str().unwrap();
    let r: serde_json::Value = serde_json::from_str(&j.run(&["show", id, "--json"])).unwrap();
    assert_eq!(r["answers"][0]["answer"], "I learned [31mfrom books");
}

#[test]
fn import_says_exactly_what_was_imported_and_what_was_not_and_why() {
    let j = Journal::new();
    let mut bundle = exported(&j);
    let good = bundle["reflections"][0].clone();
    let first_id = good["id"].as_str().unwrap().to_string();
    let mut newer = good.clone();
    newer["id"] = serde_json::json!("20300101-000000-aaaa");
    newer["schema"] = serde_json::json!(99);
    newer["mood"] = serde_json::json!("a field from the future");
    let mut damaged = good.clone();
    damaged["id"] = serde_json::json!("20300101-000000-bbbb");
    damaged["answers"] = serde_json::json!("not a list");
    let mut last = good.clone();
    last["id"] = serde_json::json!("20300101-000000-cccc");
    bundle["reflections"] = serde_json::json!([good, newer, damaged, last]);
    let file = j.tmp.path().join("bundle.json");
    fs::write(&file, serde_json::to_string(&bundle).unwrap()).unwrap();

    let other = Journal::new();
    let out = other.cmd().arg("import").arg(&file).assert().code(1);
    let (out_text, err) = (stdout(&out), stderr(&out));
    assert!(out_text.contains("Imported 2 reflections."), "{out_text}");
    assert!(
        out_text.contains(&format!("{first_id}, 20300101-000000-cccc")),
        "{out_text}"
    );
    assert!(
        err.contains("reflection 2 (20300101-000000-aaaa)")
            && err.contains("newer reflect (schema 99)"),
        "{err}"
    );
    assert!(
        err.contains("reflection 3 (20300101-000000-bbbb)") && err.contains("damaged"),
        "{err}"
    );
    assert!(err.contains("2 reflections in"), "{err}");
    assert!(!err.contains("Nothing was imported"), "{err}");
    let listed = other.run(&["list"]);
    assert!(listed.contains(&first_id) && listed.contains("cccc"));
    // Again: nothing twice, and the same two named as not imported.
    let again = other.cmd().arg("import").arg(&file).assert().code(1);
    assert!(stdout(&again).contains("Skipped 2 already in your journal"));
}

#[test]
fn a_passphrase_that_is_not_text_is_refused_and_spaces_alone_count_as_empty() {
    let j = Journal::new();
    j.cmd()
        .arg("plain")
        .write_stdin("an answer\n\n")
        .assert()
        .success();
    // These two used to open the same journal (both read as "secret??").
    for bytes in [&b"secret\xff\xfe\n"[..], &b"secret\x80\x81"[..]] {
        let file = j.tmp.path().join("pass");
        fs::write(&file, bytes).unwrap();
        let out = j
            .cmd()
            .arg("--passphrase-file")
            .arg(&file)
            .arg("encrypt")
            .assert()
            .code(1);
        let err = stderr(&out);
        assert!(err.contains("is not text"), "{err}");
        assert!(!j.dir.join("identity.age").exists());
    }
    let blank = j.tmp.path().join("blank");
    fs::write(&blank, " \t \n").unwrap();
    j.cmd()
        .arg("--passphrase-file")
        .arg(&blank)
        .arg("encrypt")
        .assert()
        .code(1)
        .stderr(contains("empty passphrase"));
    assert!(!j.dir.join("identity.age").exists());
}

#[test]
#[cfg(target_os = "linux")]
fn the_running_program_can_write_no_core_file() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    // `reflect themes` waits on standard input: long enough to look at it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("themes")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    // It sets the limit first thing; give it the moment to start.
    let core_limit = || {
        let limits = fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
        limits
            .lines()
            .find(|l| l.starts_with("Max core file size"))
            .unwrap()
            .to_string()
    };
    let start = std::time::Instant::now();
    let mut core = core_limit();
    while core.split_whitespace().nth(5) != Some("0")
        && start.elapsed() < std::time::Duration::from_secs(10)
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
        core = core_limit();
    }
    child.stdin.take().unwrap().write_all(b"hello").unwrap();
    assert!(child.wait().unwrap().success());
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(&fields[4..6], ["0", "0"], "{core}");
}

#[test]
fn words_typed_just_before_ctrl_e_are_on_disk_while_the_editor_runs() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let seen = tmp.path().join("seen.json");
    // A stand-in editor that copies what is on disk at the moment it runs,
    // then adds a line.
    let editor = tmp.path().join("fake-editor");
    fs::write(
        &editor,
        format!(
            "#!/bin/sh\ncat '{}'/reflections/*.json > '{}'\nprintf 'more\\n' >> \"$1\"\n",
            data.display(),
            seen.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
    let mut s = Pty::reflect(&data, &[("VISUAL", editor.to_str().unwrap())]);
    s.wait_for("Welcome");
    s.send(ENTER);
    s.wait_for("Start a reflection");
    s.send(ENTER);
    s.wait_for("Ask yourself");
    s.send(ENTER);
    s.wait_for("1 of");
    // Typed and at once handed to the editor: well inside the autosave delay.
    s.send(b"just typed");
    s.send(b"\x05");
    // The editor has run (it adds a line, which shows once reflect is back),
    // and the whole question is drawn again, not only the line that changed.
    s.wait_for("more");
    s.wait_for("1 of ");
    s.send(CTRL_Q);
    assert!(s.wait_exit().success());
    let on_disk = fs::read_to_string(&seen).unwrap();
    assert!(on_disk.contains("just typed"), "{on_disk}");
    assert!(no_answer_files(&data));
}

fn no_answer_files(data: &Path) -> bool {
    fs::read_dir(data)
        .unwrap()
        .flatten()
        .all(|e| !e.file_name().to_string_lossy().starts_with(".answer-"))
}
