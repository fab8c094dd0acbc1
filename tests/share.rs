//! Answers that travel to a therapist: what each export format holds (and
//! never holds), encryption to the therapist's key, and the therapist's import.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::Journal;
use predicates::prelude::*;
use predicates::str::contains;

const SCALE: &str = "2 of 5 (1 Very uncomfortable … 5 Very comfortable)";

/// A therapist's homework pack; `return_to` names `recipient` if given.
fn homework(recipient: Option<&str>) -> String {
    let rt = recipient
        .map(|r| {
            format!("\"return_to\": {{ \"name\": \"Dr Sam Rivera\", \"recipient\": \"{r}\" }},")
        })
        .unwrap_or_default();
    format!(
        r#"{{
  "schema": 1,
  "id": "homework",
  "title": "Before our first session",
  "description": "A few questions to think about before we meet.",
  {rt}
  "questions": [
    {{ "id": "hopes", "prompt": "What do you hope to get from our sessions?", "kind": "text" }},
    {{ "id": "ok-to-ask", "prompt": "Is it all right if I ask about your history?", "kind": "yes_no",
      "follow_up": {{ "when": ["no", "unsure"],
        "question": {{ "id": "hard", "prompt": "What makes it hard?", "kind": "text" }} }} }},
    {{ "id": "comfort", "prompt": "How comfortable are you talking about sex?", "kind": "scale",
      "scale": {{ "low": "Very uncomfortable", "high": "Very comfortable" }} }},
    {{ "id": "trauma", "prompt": "Has anything happened you would like me to know about?",
      "kind": "text", "themes": ["trauma"] }},
    {{ "id": "form", "prompt": "Which suits you best?", "kind": "choice",
      "options": [ {{ "value": "talk", "label": "Talking" }}, {{ "value": "write", "label": "Writing it down" }} ] }}
  ]
}}"#
    )
}

/// hopes, ok-to-ask = unsure, hard, comfort = 2, trauma, form = Writing it down.
const ANSWERS: &str = "I want to feel less alone\n1. first\n- one\nand_under_scores <b>bold</b>\n\nu\nIt is *hard* to say\n\n2\nI was hurt once.\n\n2\n";

struct Client {
    j: Journal,
    id: String,
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

/// A client who added the pack and answered it in plain mode.
fn client(recipient: Option<&str>) -> Client {
    let j = Journal::new();
    let pack = write(j.tmp.path(), "homework.json", &homework(recipient));
    j.cmd().args(["packs", "add"]).arg(&pack).assert().success();
    j.cmd()
        .args(["plain", "--pack", "homework"])
        .write_stdin(ANSWERS)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&j.run(&["list", "--json"])).unwrap();
    let id = v[0]["id"].as_str().unwrap().to_string();
    Client { j, id }
}

/// A therapist's key pair made with `reflect keys new`: (key file, public key).
fn therapist_key(j: &Journal) -> (PathBuf, String) {
    let key = j.tmp.path().join("therapist-key.txt");
    let out = j
        .cmd()
        .args(["keys", "new", "-o"])
        .arg(&key)
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let recipient = stdout
        .split_whitespace()
        .find(|w| w.starts_with("age1"))
        .unwrap()
        .to_string();
    (key, recipient)
}

fn stdout_of(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// Whether the `age` tool is here; without it, say so (or fail when required).
fn age_tool() -> bool {
    let here = std::process::Command::new("age")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !here {
        assert!(
            std::env::var("REFLECT_REQUIRE_AGE").as_deref() != Ok("1"),
            "REFLECT_REQUIRE_AGE=1 but the age tool is not installed"
        );
        println!("note: the age tool is not installed; its half of this test was skipped");
    }
    here
}

#[test]
fn a_scale_reads_with_its_range_and_end_words_in_every_format() {
    let c = client(None);
    let md =
        c.j.run(&["export", &c.id, "--format", "md", "--only", "comfort"]);
    assert!(md.contains(&format!("\n\n{SCALE}\n")), "{md}");
    let txt =
        c.j.run(&["export", &c.id, "--format", "txt", "--only", "comfort"]);
    assert!(txt.contains(&format!("    {SCALE}\n")), "{txt}");
    let html =
        c.j.run(&["export", &c.id, "--format", "html", "--only", "comfort"]);
    assert!(html.contains(SCALE), "{html}");
    let json =
        c.j.run(&["export", &c.id, "--format", "json", "--only", "comfort"]);
    assert!(json.ends_with("}\n"), "JSON ends with a newline");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let a = &v["reflections"][0]["answers"][0];
    assert_eq!(a["value"], "2");
    assert_eq!(
        a["scale"],
        serde_json::json!({"min": 1, "max": 5, "low": "Very uncomfortable", "high": "Very comfortable"})
    );
    // A choice keeps its label.
    let json =
        c.j.run(&["export", &c.id, "--format", "json", "--only", "form"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["reflections"][0]["answers"][0]["answer"],
        "Writing it down"
    );
}

#[test]
fn a_reflection_saved_before_scales_were_kept_still_exports() {
    let c = client(None);
    // Strip what older versions did not store.
    let file = c.j.dir.join(format!("reflections/{}.json", c.id));
    let mut v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    for a in v["answers"].as_array_mut().unwrap() {
        let a = a.as_object_mut().unwrap();
        a.remove("scale");
        a.remove("follows");
    }
    fs::write(&file, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let md = c.j.run(&["export", &c.id, "--format", "md"]);
    assert!(
        md.contains("## How comfortable are you talking about sex?\n\n2\n"),
        "{md}"
    );
    // The follow-up still says what it follows on from, from its parent's answer.
    assert!(
        md.contains("*Follows on from:* Is it all right if I ask about your history?"),
        "{md}"
    );
}

#[test]
fn a_follow_up_says_what_it_follows_on_from_in_every_format() {
    let c = client(None);
    let only = ["--only", "hard"];
    let md =
        c.j.run(&[&["export", &c.id, "--format", "md"][..], &only].concat());
    assert!(md.contains("## What makes it hard?\n\n*Follows on from:* Is it all right if I ask about your history?\n\n"), "{md}");
    let txt =
        c.j.run(&[&["export", &c.id, "--format", "txt"][..], &only].concat());
    assert!(
        txt.contains(
            "What makes it hard?\n(follows on from: Is it all right if I ask about your history?)\n"
        ),
        "{txt}"
    );
    let html =
        c.j.run(&[&["export", &c.id, "--format", "html"][..], &only].concat());
    assert!(html.contains("Follows on from: Is it all right if I ask about your history?"));
    let json =
        c.j.run(&[&["export", &c.id, "--format", "json"][..], &only].concat());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let a = &v["reflections"][0]["answers"][0];
    assert_eq!(a["follows"], "Is it all right if I ask about your history?");
    // The parent was not chosen: not even its id goes along.
    assert!(a.get("parent").is_none(), "{json}");
}

/// What must never be in an export of `hopes` and `comfort` alone.
const LEFT_OUT: [&str; 14] = [
    "ok-to-ask",
    "Is it all right",
    "What makes it hard",
    "It is",
    "\"hard\"",
    "trauma",
    "Has anything happened",
    "hurt",
    "Which suits",
    "Writing",
    "position",
    "caret",
    "themes",
    "answered",
];

fn assert_only_chosen(doc: &str, what: &str) {
    for s in LEFT_OUT {
        assert!(!doc.contains(s), "{what} leaks {s:?}:\n{doc}");
    }
    // JSON keeps the scale as structured fields instead of words.
    let scale = if what == "json" {
        "Very uncomfortable"
    } else {
        SCALE
    };
    assert!(
        doc.contains("less alone") && doc.contains(scale),
        "{what}:\n{doc}"
    );
}

#[test]
fn only_the_chosen_answers_leave_in_any_format_plain_or_encrypted() {
    let therapist = Journal::new();
    let (key, recipient) = therapist_key(&therapist);
    let c = client(Some(&recipient));
    for format in ["md", "txt", "html", "json"] {
        let plain = c.j.run(&[
            "export",
            &c.id,
            "--format",
            format,
            "--only",
            "hopes , comfort",
            "--no-encrypt",
        ]);
        assert_only_chosen(&plain, format);
        // The pack names who answers return to: encrypted by default.
        let out =
            c.j.cmd()
                .args([
                    "export",
                    &c.id,
                    "--format",
                    format,
                    "--only",
                    "hopes,comfort",
                ])
                .assert()
                .success()
                .stderr(contains("Dr Sam Rivera"));
        let armored = stdout_of(&out);
        assert!(
            armored.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"),
            "{armored}"
        );
        let opened =
            reflect::keys::decrypt_with(&fs::read(&key).unwrap(), armored.as_bytes()).unwrap();
        assert_eq!(
            String::from_utf8(opened.to_vec()).unwrap(),
            plain,
            "{format}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&c.j.run(&[
        "export",
        &c.id,
        "--format",
        "json",
        "--only",
        "hopes,comfort",
        "--no-encrypt",
    ]))
    .unwrap();
    assert_eq!(
        json["reflections"][0]["answers"].as_array().unwrap().len(),
        2
    );
}

#[test]
fn several_reflections_go_in_one_document_with_the_name_given() {
    let c = client(None);
    c.j.cmd()
        .args(["plain", "--pack", "homework"])
        .write_stdin("Second time round\n\n")
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&c.j.run(&["list", "--json"])).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    let md = c.j.run(&[
        "export", ids[1], ids[0], "--format", "md", "--only", "hopes", "--name", "J. D.",
    ]);
    assert_eq!(md.matches("# My reflection\n").count(), 2, "{md}");
    assert!(
        md.contains("less alone") && md.contains("Second time round"),
        "{md}"
    );
    assert!(md.contains("**From:** J. D.\n"), "{md}");
    let json: serde_json::Value = serde_json::from_str(&c.j.run(&[
        "export", ids[0], ids[1], "--format", "json", "--name", "J. D.",
    ]))
    .unwrap();
    assert_eq!(json["reflections"].as_array().unwrap().len(), 2);
    assert_eq!(json["name"], "J. D.");
    c.j.cmd()
        .args([
            "export",
            ids[0],
            ids[1],
            "--format",
            "md",
            "--only",
            "hopes, nope",
        ])
        .assert()
        .code(1)
        .stderr(contains("no answer to nope"));
}

#[test]
fn keys_new_writes_a_private_key_and_prints_the_public_one() {
    let j = Journal::new();
    let (key, recipient) = therapist_key(&j);
    assert_eq!(
        fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let text = fs::read_to_string(&key).unwrap();
    assert!(text.contains("AGE-SECRET-KEY-1") && text.contains(&recipient));
    assert_eq!(
        reflect::keys::recipient_of(text.as_bytes()).unwrap(),
        recipient
    );
    // Never overwritten by accident.
    j.cmd()
        .args(["keys", "new", "-o"])
        .arg(&key)
        .assert()
        .code(1)
        .stderr(contains("--force"));
    assert_eq!(fs::read_to_string(&key).unwrap(), text);
    // Piped, like age-keygen: the identity on stdout, the public key on stderr.
    let out = j.cmd().args(["keys", "new"]).assert().success();
    let identity = stdout_of(&out);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let public = stderr.trim().strip_prefix("Public key: ").unwrap();
    assert_eq!(
        reflect::keys::recipient_of(identity.as_bytes()).unwrap(),
        public
    );
    if let Ok(o) = std::process::Command::new("age-keygen")
        .arg("-y")
        .arg(&key)
        .output()
        && o.status.success()
    {
        assert_eq!(String::from_utf8(o.stdout).unwrap().trim(), recipient);
    }
}

#[test]
fn client_to_therapist_round_trip_encrypted_with_replace() {
    let therapist = Journal::new();
    let (key, recipient) = therapist_key(&therapist);
    let c = client(Some(&recipient));
    let out_dir = tempfile::tempdir().unwrap();
    let file = out_dir.path().join("for-sam.json");
    c.j.cmd()
        .args(["export", &c.id, "--format", "json", "--name", "J. D.", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stderr(contains("encrypted for Dr Sam Rivera"))
        .stderr(contains("not encrypted").not());
    let sealed = out_dir.path().join("for-sam.json.age");
    assert!(!file.exists() && sealed.exists());
    assert!(!fs::read_to_string(&sealed).unwrap().contains("less alone"));
    // Without the key, a plain sentence.
    therapist
        .cmd()
        .arg("import")
        .arg(&sealed)
        .assert()
        .code(1)
        .stderr(contains("--identity"));
    therapist
        .cmd()
        .arg("import")
        .arg(&sealed)
        .arg("--identity")
        .arg(&key)
        .assert()
        .success()
        .stdout(contains("Imported 1 reflection from J. D."));
    let show: serde_json::Value =
        serde_json::from_str(&therapist.run(&["show", &c.id, "--json"])).unwrap();
    let mine: serde_json::Value =
        serde_json::from_str(&c.j.run(&["show", &c.id, "--json"])).unwrap();
    let answers = show["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 6);
    for (theirs, mine) in answers.iter().zip(mine["answers"].as_array().unwrap()) {
        assert_eq!(theirs["answer"], mine["answer"]);
        assert_eq!(theirs["scale"], mine["scale"]);
    }
    let list: serde_json::Value =
        serde_json::from_str(&therapist.run(&["list", "--json"])).unwrap();
    assert_eq!(list[0]["source"], "J. D.");
    // The therapist reads the scale with its words, and sees where it came from.
    assert!(
        therapist
            .run(&["export", &c.id, "--format", "txt"])
            .contains(SCALE)
    );
    assert!(therapist.run(&["show", &c.id]).contains(SCALE));
    let listed = therapist.run(&["list"]);
    assert!(listed.contains("from J. D."), "{listed}");
    assert!(listed.lines().all(|l| l.chars().count() <= 80), "{listed}");
    let mine: serde_json::Value =
        serde_json::from_str(&therapist.run(&["list", "--json", "--from", "j. d."])).unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert!(
        therapist
            .run(&["list", "--from", "someone else"])
            .contains("No reflections imported from someone else")
    );

    // The client changes an answer and sends it again: --replace updates it.
    let file2 = out_dir.path().join("again.json");
    let reanswered = edit_answer(&c, "hopes", "Less alone, and braver");
    assert!(reanswered);
    c.j.cmd()
        .args(["export", &c.id, "--format", "json", "-o"])
        .arg(&file2)
        .assert()
        .success();
    let sealed2 = out_dir.path().join("again.json.age");
    therapist
        .cmd()
        .arg("import")
        .arg(&sealed2)
        .arg("--identity")
        .arg(&key)
        .assert()
        .success()
        .stdout(contains("Skipped 1"));
    therapist
        .cmd()
        .args(["import", "--replace", "--identity"])
        .arg(&key)
        .arg(&sealed2)
        .assert()
        .success()
        .stdout(contains("Updated 1"));
    let show = therapist.run(&["show", &c.id]);
    assert!(show.contains("Less alone, and braver"), "{show}");
    let list: serde_json::Value =
        serde_json::from_str(&therapist.run(&["list", "--json"])).unwrap();
    assert_eq!(
        list[0]["source"], "again.json.age",
        "no name given: the file name"
    );
}

/// Change one free-text answer in the client's journal file.
fn edit_answer(c: &Client, question: &str, text: &str) -> bool {
    let file = c.j.dir.join(format!("reflections/{}.json", c.id));
    let mut v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    let mut done = false;
    for a in v["answers"].as_array_mut().unwrap() {
        if a["question"] == question {
            a["answer"] = text.into();
            done = true;
        }
    }
    fs::write(&file, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    // The listing cache may hold the old summary; it only affects counts.
    done
}

#[test]
fn every_format_encrypted_opens_with_the_age_tool_and_matches_the_plain_file() {
    let therapist = Journal::new();
    let (key, recipient) = therapist_key(&therapist);
    let c = client(None);
    let dir = tempfile::tempdir().unwrap();
    for format in ["md", "txt", "html", "json"] {
        let plain = c.j.run(&["export", &c.id, "--format", format]);
        let target = dir.path().join(format!("answers.{format}"));
        c.j.cmd()
            .args([
                "export", &c.id, "--format", format, "--to", &recipient, "-o",
            ])
            .arg(&target)
            .assert()
            .success()
            .stderr(contains("encrypted for age1"));
        let sealed = dir.path().join(format!("answers.{format}.age"));
        assert_eq!(
            fs::metadata(&sealed).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let opened =
            reflect::keys::decrypt_with(&fs::read(&key).unwrap(), &fs::read(&sealed).unwrap())
                .unwrap();
        assert_eq!(String::from_utf8(opened.to_vec()).unwrap(), plain);
        if age_tool() {
            let o = std::process::Command::new("age")
                .arg("-d")
                .arg("-i")
                .arg(&key)
                .arg(&sealed)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            assert_eq!(String::from_utf8(o.stdout).unwrap(), plain, "{format}");
        }
    }
    // And the other way: a JSON export the age tool encrypted imports too.
    if age_tool() {
        let plain = dir.path().join("by-hand.json");
        fs::write(&plain, c.j.run(&["export", &c.id, "--format", "json"])).unwrap();
        let sealed = dir.path().join("by-hand.json.age");
        let o = std::process::Command::new("age")
            .args(["-r", &recipient, "-o"])
            .arg(&sealed)
            .arg(&plain)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        therapist
            .cmd()
            .arg("import")
            .arg(&sealed)
            .arg("--identity")
            .arg(&key)
            .assert()
            .success()
            .stdout(contains("Imported 1 reflection from by-hand.json.age"));
    }
    // A document is for reading: import says how to open it instead.
    therapist
        .cmd()
        .arg("import")
        .arg(dir.path().join("answers.html.age"))
        .arg("--identity")
        .arg(&key)
        .assert()
        .code(1)
        .stderr(contains("a document to read"))
        .stderr(contains("age -d -i"));
    c.j.cmd()
        .args(["export", &c.id, "--format", "md", "--to", "age1nope"])
        .assert()
        .code(1)
        .stderr(contains("not an age public key"));
}

#[test]
fn a_key_made_by_age_keygen_opens_an_export_too() {
    let here = std::process::Command::new("age-keygen")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !here {
        assert!(std::env::var("REFLECT_REQUIRE_AGE").as_deref() != Ok("1"));
        println!("note: age-keygen is not installed; skipped");
        return;
    }
    let therapist = Journal::new();
    let key = therapist.tmp.path().join("age-key.txt");
    let o = std::process::Command::new("age-keygen")
        .arg("-o")
        .arg(&key)
        .output()
        .unwrap();
    assert!(o.status.success());
    let recipient = reflect::keys::recipient_of(&fs::read(&key).unwrap()).unwrap();
    let c = client(None);
    let file = c.j.tmp.path().join("x.json");
    c.j.cmd()
        .args([
            "export", &c.id, "--format", "json", "--to", &recipient, "-o",
        ])
        .arg(&file)
        .assert()
        .success();
    therapist
        .cmd()
        .arg("import")
        .arg(c.j.tmp.path().join("x.json.age"))
        .arg("--identity")
        .arg(&key)
        .assert()
        .success()
        .stdout(contains("Imported 1 reflection from x.json.age"));
    // Someone else's key: a plain sentence naming the right public key.
    let stranger = Journal::new();
    let (other, _) = therapist_key(&stranger);
    therapist
        .cmd()
        .arg("import")
        .arg(c.j.tmp.path().join("x.json.age"))
        .arg("--identity")
        .arg(&other)
        .assert()
        .code(1)
        .stderr(contains("different key"));
}

#[test]
fn a_pack_says_who_answers_return_to_and_its_key_is_checked() {
    let j = Journal::new();
    let (_, recipient) = therapist_key(&j);
    let good = write(j.tmp.path(), "good.json", &homework(Some(&recipient)));
    j.cmd()
        .args(["packs", "show"])
        .arg(&good)
        .assert()
        .success()
        .stdout(contains("Answers return to Dr Sam Rivera"))
        .stdout(contains("What makes it hard?"))
        .stdout(contains("1 Very uncomfortable … 5 Very comfortable"));
    j.cmd()
        .args(["packs", "add"])
        .arg(&good)
        .assert()
        .success()
        .stdout(contains("Answers return to Dr Sam Rivera"));
    let bad = write(
        j.tmp.path(),
        "bad.json",
        &homework(Some("AGE-SECRET-KEY-1QQQQ")),
    );
    j.cmd()
        .args(["packs", "validate"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(contains("bad.json:6:"))
        .stderr(contains("not an age public key"));
}

#[test]
fn a_plain_json_export_imports_with_its_name_and_packs_naming_different_people_ask_to_choose() {
    let c = client(None);
    let file = c.j.tmp.path().join("plain.json");
    c.j.cmd()
        .args(["export", &c.id, "--format", "json", "--name", "J. D.", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stderr(contains("only you can read it"));
    let therapist = Journal::new();
    therapist
        .cmd()
        .arg("import")
        .arg(&file)
        .assert()
        .success()
        .stdout(contains("Imported 1 reflection from J. D."));
    let list: serde_json::Value =
        serde_json::from_str(&therapist.run(&["list", "--json"])).unwrap();
    assert_eq!(list[0]["source"], "J. D.");

    // Two packs returning to two people: the client must choose.
    let (_, r1) = therapist_key(&therapist);
    let other = Journal::new();
    let (_, r2) = therapist_key(&other);
    let j = Journal::new();
    for (id, r) in [("first", &r1), ("second", &r2)] {
        let text = homework(Some(r)).replace("\"homework\"", &format!("\"{id}\""));
        let p = write(j.tmp.path(), &format!("{id}.json"), &text);
        j.cmd().args(["packs", "add"]).arg(&p).assert().success();
        j.cmd()
            .args(["plain", "--pack", id])
            .write_stdin("Hello\n\n")
            .assert()
            .success();
    }
    let v: serde_json::Value = serde_json::from_str(&j.run(&["list", "--json"])).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    j.cmd()
        .args(["export", ids[0], ids[1], "--format", "md"])
        .assert()
        .code(1)
        .stderr(contains("different people"));
    j.cmd()
        .args(["export", ids[0], ids[1], "--format", "md", "--to", &r1])
        .assert()
        .success();
}

#[test]
fn an_encrypted_export_from_a_locked_journal_has_no_plain_text_warning() {
    let therapist = Journal::new();
    let (key, recipient) = therapist_key(&therapist);
    let c = client(None);
    let pass = write(c.j.tmp.path(), "pass.txt", "correct horse battery\n");
    let pass = pass.to_str().unwrap();
    c.j.run(&["--passphrase-file", pass, "encrypt"]);
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.md");
    c.j.cmd()
        .args([
            "--passphrase-file",
            pass,
            "export",
            &c.id,
            "--format",
            "md",
            "-o",
        ])
        .arg(&plain)
        .assert()
        .success()
        .stderr(contains("this file is not encrypted"));
    let sealed = dir.path().join("sealed.md");
    c.j.cmd()
        .args([
            "--passphrase-file",
            pass,
            "export",
            &c.id,
            "--format",
            "md",
            "--to",
            &recipient,
            "-o",
        ])
        .arg(&sealed)
        .assert()
        .success()
        .stderr(contains("encrypted for"))
        .stderr(contains("not encrypted").not());
    let opened = reflect::keys::decrypt_with(
        &fs::read(&key).unwrap(),
        &fs::read(dir.path().join("sealed.md.age")).unwrap(),
    )
    .unwrap();
    assert_eq!(opened.to_vec(), fs::read(&plain).unwrap());
}
