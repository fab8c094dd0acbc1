//! A journal locked with a passphrase, through the real binary: `encrypt`,
//! `decrypt`, `passphrase`, unlocking every command, the TUI's unlock screen
//! in a pty, and the README's steps for reading a file with the `age` tool.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::Journal;
#[cfg(unix)]
use common::Pty;
#[cfg(unix)]
use portable_pty::CommandBuilder;
use predicates::str::contains;

const MINI: &str = "tests/fixtures/mini-pack.json";
const ANSWERS: &str = "From friends, zebracorn 🌱\nand 学校\n\nn\nmy knees\n\n4\n3\n";

/// The mini pack answered in plain mode, so the journal holds one reflection.
fn reflect_mini(j: &Journal) {
    j.run(&["packs", "add", MINI]);
    j.cmd()
        .args(["plain", "--pack", "mini"])
        .write_stdin(ANSWERS)
        .assert()
        .success();
}

/// A file holding `pass` (with a trailing newline, as editors write it).
fn pass_file(j: &Journal, name: &str, pass: &str) -> PathBuf {
    let p = j.tmp.path().join(name);
    fs::write(&p, format!("{pass}\n")).unwrap();
    p
}

fn all_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            out.extend(all_bytes(&e.path()));
        } else if e.file_name() != ".lock" {
            out.push((e.path(), fs::read(e.path()).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn encrypt_then_every_command_unlocks_with_a_passphrase_file() {
    let j = Journal::new();
    reflect_mini(&j);
    let id = j.files("reflections")[0]
        .trim_end_matches(".json")
        .to_string();
    let plain_show = j.run(&["show", &id]);
    let good = pass_file(&j, "good", "a long and happy passphrase");
    let good = good.to_str().unwrap();
    let bad = pass_file(&j, "bad", "not it");
    let bad = bad.to_str().unwrap();

    let out = j.run(&["--passphrase-file", good, "encrypt"]);
    assert!(
        out.contains("locked with a passphrase (1 reflection encrypted)"),
        "{out}"
    );
    assert_eq!(j.files("reflections"), vec![format!("{id}.json.age")]);
    assert!(j.dir.join("identity.age").exists());

    // No passphrase and no terminal: one sentence pointing to --passphrase-file.
    j.cmd()
        .args(["list"])
        .assert()
        .code(1)
        .stderr(contains("--passphrase-file"));
    // A wrong passphrase: exit 1, one sentence, nothing changed.
    let before = all_bytes(&j.dir);
    for args in [
        vec!["list"],
        vec!["show", &id],
        vec!["decrypt"],
        vec!["passphrase", "--new-passphrase-file", good],
        vec!["encrypt"],
    ] {
        let out = j
            .cmd()
            .args(["--passphrase-file", bad])
            .args(&args)
            .assert()
            .code(1)
            .stderr(contains("does not unlock your journal"));
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
    assert_eq!(all_bytes(&j.dir), before);

    // The right one: everything works as before.
    assert_eq!(j.run(&["--passphrase-file", good, "show", &id]), plain_show);
    assert!(j.run(&["--passphrase-file", good, "list"]).contains(&id));
    let export = j.tmp.path().join("for-therapist.md");
    j.cmd()
        .args([
            "--passphrase-file",
            good,
            "export",
            &id,
            "--format",
            "md",
            "-o",
        ])
        .arg(&export)
        .assert()
        .success()
        .stderr(contains("not encrypted"));
    assert!(fs::read_to_string(&export).unwrap().contains("zebracorn"));
    // Plain mode saves encrypted.
    j.cmd()
        .args(["--passphrase-file", good, "plain", "--pack", "mini"])
        .write_stdin(ANSWERS)
        .assert()
        .success();
    let files = j.files("reflections");
    assert_eq!(files.len(), 2);
    assert!(files.iter().all(|f| f.ends_with(".json.age")), "{files:?}");
    // Nothing readable anywhere in the data dir.
    for (p, bytes) in all_bytes(&j.dir) {
        for needle in ["zebracorn", "学校", "my knees"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{} holds {needle}",
                p.display()
            );
        }
    }

    // Encrypting again: already done.
    assert!(
        j.run(&["--passphrase-file", good, "encrypt"])
            .contains("already locked")
    );

    // Change the passphrase: the old one stops working, the reflections are untouched.
    let newer = pass_file(&j, "newer", "an even longer passphrase");
    let newer = newer.to_str().unwrap();
    let reflections_before = all_bytes(&j.dir.join("reflections"));
    j.run(&[
        "--passphrase-file",
        good,
        "passphrase",
        "--new-passphrase-file",
        newer,
    ]);
    assert_eq!(all_bytes(&j.dir.join("reflections")), reflections_before);
    j.cmd()
        .args(["--passphrase-file", good, "list"])
        .assert()
        .code(1);
    assert_eq!(
        j.run(&["--passphrase-file", newer, "show", &id]),
        plain_show
    );

    // Decrypt for good.
    let out = j.run(&["--passphrase-file", newer, "decrypt"]);
    assert!(
        out.contains("no longer encrypted (2 reflections decrypted)"),
        "{out}"
    );
    assert!(!j.dir.join("identity.age").exists());
    assert!(j.files("reflections").iter().all(|f| f.ends_with(".json")));
    assert_eq!(j.run(&["show", &id]), plain_show);
    assert!(j.run(&["decrypt"]).contains("not locked"));
    j.cmd()
        .args(["passphrase"])
        .assert()
        .code(1)
        .stderr(contains("not locked"));
}

#[test]
fn an_empty_passphrase_is_refused_and_nothing_is_encrypted() {
    let j = Journal::new();
    reflect_mini(&j);
    let empty = pass_file(&j, "empty", "");
    j.cmd()
        .arg("--passphrase-file")
        .arg(&empty)
        .arg("encrypt")
        .assert()
        .code(1)
        .stderr(contains("empty passphrase"));
    assert!(!j.dir.join("identity.age").exists());
    // And with no terminal to ask on, it says how to pass one.
    j.cmd()
        .arg("encrypt")
        .assert()
        .code(1)
        .stderr(contains("--passphrase-file"));
    assert!(!j.dir.join("identity.age").exists());
}

#[test]
fn encrypt_refuses_while_an_editors_unsaved_text_waits_to_be_put_back() {
    // A session killed while $EDITOR was open leaves its file; the app puts
    // the text back into the answer when it next opens. Locking the journal
    // before then used to delete it as a plaintext leftover.
    let j = Journal::new();
    reflect_mini(&j);
    let stray = j.dir.join(".answer-20260101-000000-abcd.q1.x1y2z3.txt");
    fs::write(&stray, "the words I typed before the power went\n").unwrap();
    let good = pass_file(&j, "good", "a long and happy passphrase");
    j.cmd()
        .arg("--passphrase-file")
        .arg(&good)
        .arg("encrypt")
        .assert()
        .code(1)
        .stderr(contains("open reflect once"));
    assert_eq!(
        fs::read_to_string(&stray).unwrap(),
        "the words I typed before the power went\n"
    );
    assert!(!j.dir.join("identity.age").exists());
    // Once it is gone (put back by the app), encrypting goes ahead.
    fs::remove_file(&stray).unwrap();
    j.cmd()
        .arg("--passphrase-file")
        .arg(&good)
        .arg("encrypt")
        .assert()
        .success();
    assert!(j.dir.join("identity.age").exists());
}

#[test]
#[cfg(unix)]
fn the_readme_steps_decrypt_a_journal_file_with_the_age_tool() {
    let have_age = std::process::Command::new("age")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_age {
        // On a fresh machine `cargo test` passes without the tool; CI (which
        // installs it) sets REFLECT_REQUIRE_AGE=1 so that it is never skipped there.
        let required = std::env::var_os("REFLECT_REQUIRE_AGE").is_some_and(|v| v == "1");
        assert!(
            !required,
            "REFLECT_REQUIRE_AGE=1 but the `age` command-line tool is missing (apt-get install age)"
        );
        // Straight to stderr: the test harness would hide an eprintln!.
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "note: the_readme_steps_decrypt_a_journal_file_with_the_age_tool skipped: the `age` command-line tool is not installed (apt-get install age)"
        );
        return;
    }
    let j = Journal::new();
    reflect_mini(&j);
    let name = j.files("reflections")[0].clone();
    let plain = fs::read(j.dir.join("reflections").join(&name)).unwrap();
    let pass = "correct horse battery staple";
    let pf = pass_file(&j, "pass", pass);
    j.cmd()
        .arg("--passphrase-file")
        .arg(&pf)
        .arg("encrypt")
        .assert()
        .success();

    // README, step 1: `age -d -o ~/identity.txt identity.age`, typing the
    // passphrase at the terminal (age reads it from the terminal only).
    let identity = j.tmp.path().join("identity.txt");
    let mut cmd = CommandBuilder::new("age");
    cmd.args(["-d", "-o"]);
    cmd.arg(&identity);
    cmd.arg("identity.age");
    cmd.cwd(&j.dir);
    cmd.env("TERM", "xterm-256color");
    let mut age = Pty::spawn(cmd);
    age.wait_for("passphrase");
    age.send(format!("{pass}\r").as_bytes());
    let status = age.wait_exit();
    assert!(status.success(), "age -d failed:\n{}", age.contents());
    let key = fs::read_to_string(&identity).unwrap();
    assert!(key.contains("AGE-SECRET-KEY-1"), "{key}");

    // Step 2: `age -d -i ~/identity.txt reflections/ID.json.age > ID.json`.
    let out = std::process::Command::new("age")
        .args(["-d", "-i"])
        .arg(&identity)
        .arg(format!("reflections/{name}.age"))
        .current_dir(&j.dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, plain, "exactly the plain reflection");
}

#[test]
#[cfg(unix)]
fn the_interface_asks_for_the_passphrase_and_lets_a_wrong_one_be_retried() {
    let j = Journal::new();
    reflect_mini(&j);
    let pf = pass_file(&j, "pass", "open sesame");
    j.cmd()
        .arg("--passphrase-file")
        .arg(&pf)
        .arg("encrypt")
        .assert()
        .success();

    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_reflect"));
    cmd.arg("--data-dir");
    cmd.arg(&j.dir);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("REFLECT_DATA_DIR");
    let mut s = Pty::spawn(cmd);
    s.wait_for("Your journal is locked");
    s.send(b"open says me");
    let screen = s.wait_for("••••••••••••");
    assert!(
        !screen.contains("open says me"),
        "typed text is masked:\n{screen}"
    );
    s.send(b"\r");
    s.wait_for("did not unlock your journal");
    s.send("open sesame".as_bytes());
    s.send(b"\r");
    s.wait_for("Start a reflection");
    s.send(b"\x11"); // Ctrl-Q
    assert!(s.wait_exit().success());

    // Ctrl-Q on the unlock screen quits without unlocking.
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_reflect"));
    cmd.arg("--data-dir");
    cmd.arg(&j.dir);
    cmd.env("TERM", "xterm-256color");
    let mut s = Pty::spawn(cmd);
    s.wait_for("Your journal is locked");
    s.send(b"\x11");
    assert!(s.wait_exit().success());
}

#[test]
#[cfg(unix)]
fn the_welcome_screen_offers_a_passphrase_and_locks_the_new_journal() {
    let j = Journal::new();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_reflect"));
    cmd.arg("--data-dir");
    cmd.arg(&j.dir);
    cmd.env("TERM", "xterm-256color");
    let mut s = Pty::spawn(cmd);
    s.wait_for("Welcome");
    s.send(b"p");
    s.wait_for("Lock your journal with a passphrase");
    s.send(b"first try\r");
    s.wait_for("Once more");
    s.send(b"first tri\r");
    s.wait_for("not the same");
    s.send(b"tulips in spring\r");
    s.wait_for("Once more");
    s.send(b"tulips in spring\r");
    s.wait_for("Start a reflection");
    s.send(b"\x11");
    assert!(s.wait_exit().success());
    assert!(j.dir.join("identity.age").exists());
    let pf = pass_file(&j, "pass", "tulips in spring");
    j.cmd()
        .arg("--passphrase-file")
        .arg(&pf)
        .arg("list")
        .assert()
        .success()
        .stdout(contains("empty"));
}
