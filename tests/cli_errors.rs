//! The command line's polish (issue 12 §4): every error one plain sentence
//! without the system's words, consistent exit codes, `--help` that describes
//! everything, `list` within 80 columns, `themes` in words, completions and
//! the manual page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;

use assert_cmd::Command;
use clap::CommandFactory;
use common::Journal;
use predicates::str::contains;
use unicode_width::UnicodeWidthStr;

const MINI: &str = "tests/fixtures/mini-pack.json";
const FULL: &str = "From friends 🌱\nand 学校\n\nn\nmy knees\n\n4\n3\n";

/// A journal with one finished reflection of the mini pack; its id.
fn one_reflection(j: &Journal) -> String {
    j.run(&["packs", "add", MINI]);
    j.cmd()
        .args(["plain", "--pack", "mini"])
        .write_stdin(FULL)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&j.run(&["list", "--json"])).unwrap();
    v[0]["id"].as_str().unwrap().to_string()
}

/// The command fails with `code` and one plain sentence: no OS error
/// numbers, no Rust error words, no backtrace. Returns the sentence.
fn one_sentence(cmd: &mut assert_cmd::Command, code: i32) -> String {
    let out = cmd.assert().code(code);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "not one line: {err}");
    let line = lines[0];
    assert!(line.starts_with("reflect: "), "{line}");
    for jargon in [
        "os error",
        "No such file or directory",
        "stream did not contain",
        "UTF-8",
        "at path",
        "panicked",
        "Error",
    ] {
        assert!(!line.contains(jargon), "{jargon:?} in: {line}");
    }
    assert!(line.ends_with('.'), "{line}");
    line.to_string()
}

#[test]
fn export_into_a_folder_that_does_not_exist_says_so_plainly() {
    let j = Journal::new();
    let id = one_reflection(&j);
    let missing = j.tmp.path().join("nonexistent").join("x.md");
    let line = one_sentence(
        j.cmd()
            .args(["export", &id, "--format", "md", "-o"])
            .arg(&missing),
        1,
    );
    assert!(line.contains("does not exist"), "{line}");
    assert!(line.contains("nonexistent"), "{line}");
}

#[test]
fn export_to_a_folder_asks_for_a_file_name_and_force_does_not_change_that() {
    let j = Journal::new();
    let id = one_reflection(&j);
    let folder = j.tmp.path().join("exports");
    fs::create_dir(&folder).unwrap();
    for force in [false, true] {
        let mut cmd = j.cmd();
        cmd.args(["export", &id, "--format", "md", "-o"])
            .arg(&folder);
        if force {
            cmd.arg("--force");
        }
        let line = one_sentence(&mut cmd, 1);
        assert!(line.contains("is a folder"), "{line}");
        assert!(!line.contains("--force"), "{line}");
        assert!(folder.is_dir());
    }
}

#[test]
fn importing_a_picture_says_it_is_not_an_export() {
    let j = Journal::new();
    let png = j.tmp.path().join("photo.png");
    fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe").unwrap();
    let line = one_sentence(j.cmd().arg("import").arg(&png), 1);
    assert!(line.contains("is not a reflect export"), "{line}");
    assert!(
        line.contains("reflect export --all --format json"),
        "{line}"
    );
}

#[test]
fn a_wrong_passphrase_for_reading_does_not_talk_of_changes() {
    let j = Journal::new();
    let id = one_reflection(&j);
    let good = j.tmp.path().join("good");
    let bad = j.tmp.path().join("bad");
    fs::write(&good, "a long enough passphrase\n").unwrap();
    fs::write(&bad, "not it\n").unwrap();
    j.cmd()
        .arg("--passphrase-file")
        .arg(&good)
        .arg("encrypt")
        .assert()
        .success();
    for args in [vec!["list"], vec!["show", id.as_str()]] {
        let line = one_sentence(j.cmd().arg("--passphrase-file").arg(&bad).args(&args), 1);
        assert!(line.contains("does not unlock"), "{line}");
        assert!(!line.contains("changed"), "{line}");
    }
}

#[test]
fn show_and_export_without_an_id_are_usage_errors_that_say_what_to_give() {
    let j = Journal::new();
    one_reflection(&j);
    let line = one_sentence(j.cmd().args(["show", ""]), 2);
    assert!(line.contains("reflect list"), "{line}");
    assert!(!line.contains(" ;"), "{line}");
    let line = one_sentence(j.cmd().args(["export", " ", "--format", "md"]), 2);
    assert!(line.contains("reflect list"), "{line}");
}

#[test]
fn an_unknown_id_is_quoted_without_letting_it_act_on_the_terminal() {
    let j = Journal::new();
    one_reflection(&j);
    let line = one_sentence(j.cmd().args(["show", "x\u{1b}]0;owned\u{7}"]), 1);
    assert!(
        !line.contains('\u{1b}') && !line.contains('\u{7}'),
        "{line}"
    );
    assert!(line.contains("\"x]0;owned\""), "{line}");
}

#[test]
fn reading_a_missing_pack_or_passphrase_file_is_said_in_words() {
    let j = Journal::new();
    let line = one_sentence(j.cmd().args(["packs", "add", "/no/such/pack.json"]), 1);
    assert!(line.contains("does not exist"), "{line}");
    let line = one_sentence(
        j.cmd()
            .args(["--passphrase-file", "/no/such/pass", "encrypt"]),
        1,
    );
    assert!(line.contains("does not exist"), "{line}");
}

#[test]
fn doing_what_is_already_done_succeeds_and_says_so() {
    let j = Journal::new();
    one_reflection(&j);
    // Not locked: decrypt has nothing to do (0); there is no passphrase to
    // change (1: a script must not take this journal for a locked one).
    j.cmd()
        .arg("decrypt")
        .assert()
        .code(0)
        .stdout(contains("not locked"));
    let line = one_sentence(j.cmd().arg("passphrase"), 1);
    assert!(line.contains("reflect encrypt"), "{line}");
    let pass = j.tmp.path().join("pass");
    fs::write(&pass, "a long enough passphrase\n").unwrap();
    j.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .arg("encrypt")
        .assert()
        .success();
    // Locked: encrypt again is done already (0), like decrypt above, and
    // needs no passphrase to say so (no terminal, no file here).
    j.cmd()
        .arg("encrypt")
        .assert()
        .code(0)
        .stdout(contains("already locked"));
}

#[test]
fn list_rows_fit_an_80_column_terminal() {
    let j = Journal::new();
    one_reflection(&j);
    // A long, wide title, and a draft of the built-in pack.
    let long = fs::read_to_string(MINI)
        .unwrap()
        .replace("\"mini\"", "\"wide\"")
        .replacen(
            "\"title\": \"",
            "\"title\": \"学校で学んだこと and a very long title that goes on and on ",
            1,
        );
    let file = j.tmp.path().join("wide.json");
    fs::write(&file, long).unwrap();
    j.run(&["packs", "add", file.to_str().unwrap()]);
    j.cmd()
        .args(["plain", "--pack", "wide"])
        .write_stdin(FULL)
        .assert()
        .success();
    j.cmd()
        .arg("plain")
        .write_stdin("a first answer\n\n")
        .assert()
        .success();
    let text = j.run(&["list"]);
    assert_eq!(text.lines().count(), 3, "{text}");
    for line in text.lines() {
        assert!(line.width() <= 80, "{} columns: {line}", line.width());
    }
    assert!(
        text.contains("finished 20") && text.contains("draft"),
        "{text}"
    );
    assert!(text.contains('…'), "{text}");
}

#[test]
fn themes_in_text_form_shows_words_not_scores() {
    let out = Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("themes")
        .write_stdin("Sex hurts and I feel so much pressure to perform.")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("you wrote: ") && text.contains("pressure to perform"),
        "{text}"
    );
    assert!(!text.contains("0."), "a raw score: {text}");
    // Not at a terminal: no prompt in the way of a pipe.
    assert!(out.get_output().stderr.is_empty());
}

#[test]
#[cfg(unix)]
fn themes_at_a_terminal_says_what_it_waits_for() {
    let mut cmd = portable_pty::CommandBuilder::new(env!("CARGO_BIN_EXE_reflect"));
    cmd.arg("themes");
    let mut pty = common::Pty::spawn(cmd);
    pty.wait_for("Ctrl-D");
    pty.send(b"I feel so much pressure to perform.\r\x04");
    pty.wait_for("you wrote");
    assert!(pty.wait_exit().success());
}

#[test]
fn every_option_and_argument_in_help_is_described() {
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_about().is_none() {
                missing.push(format!("{path} {} (the command)", sub.get_name()));
            }
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let cmd = reflect::cli::args::Cli::command();
    cmd.clone().debug_assert();
    let mut missing = Vec::new();
    walk(&cmd, "reflect", &mut missing);
    assert!(missing.is_empty(), "no description: {missing:?}");
}

#[test]
fn completions_and_the_manual_page_come_from_the_same_command_line() {
    let j = Journal::new();
    for (shell, marker) in [
        ("bash", "_reflect"),
        ("zsh", "#compdef reflect"),
        ("fish", "complete -c reflect"),
    ] {
        let out = j.run(&["completions", shell]);
        assert!(out.contains(marker), "{shell}: {out}");
        assert!(out.contains("passphrase-file"), "{shell}");
    }
    let man = j.run(&["man"]);
    assert!(man.contains(".TH reflect 1"), "{man}");
    assert!(man.contains("export") && man.contains("completions"));
    assert!(!j.dir.exists(), "printing help text made a journal");
}
