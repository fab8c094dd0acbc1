//! Every subcommand through the real binary, against a temporary data dir.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use assert_cmd::Command;
use common::Journal;
use predicates::prelude::*;
use predicates::str::contains;

const MINI: &str = "tests/fixtures/mini-pack.json";

/// Answer the mini pack in plain mode; returns the reflection id.
fn reflect_mini(j: &Journal, input: &str) -> String {
    j.run(&["packs", "add", MINI]);
    let out = j
        .cmd()
        .args(["plain", "--pack", "mini"])
        .write_stdin(input)
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let ids = ids(j);
    assert_eq!(ids.len(), 1, "{stdout}");
    ids[0].clone()
}

fn ids(j: &Journal) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&j.run(&["list", "--json"])).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

const FULL: &str = "From friends 🌱\nand 学校\n\nn\nmy knees\n\n4\n3\n";

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn usage_errors_exit_2() {
    let j = Journal::new();
    j.cmd().arg("frobnicate").assert().code(2);
    j.cmd()
        .args(["export", "x"])
        .assert()
        .code(2)
        .stderr(contains("--format"));
    j.cmd()
        .args(["export", "--all", "--format", "md"])
        .assert()
        .code(2)
        .stderr(contains("--format json"));
    j.cmd().args(["packs", "validate"]).assert().code(2);
}

#[test]
fn the_data_dir_comes_from_the_flag_else_the_environment() {
    let j = Journal::new();
    let other = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_reflect"))
        .env("REFLECT_DATA_DIR", other.path())
        .args(["packs", "add", MINI])
        .assert()
        .success();
    assert!(other.path().join("packs/mini.json").exists());
    // The flag wins over the environment.
    j.cmd()
        .env("REFLECT_DATA_DIR", other.path())
        .args(["packs", "add", MINI])
        .assert()
        .success();
    assert!(j.dir.join("packs/mini.json").exists());
}

#[test]
fn packs_list_shows_builtins_first_then_imported() {
    let j = Journal::new();
    j.run(&["packs", "add", MINI]);
    let v: serde_json::Value = serde_json::from_str(&j.run(&["packs", "list", "--json"])).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows[0]["id"], "ask-yourself");
    assert_eq!(rows[0]["source"], "builtin");
    let last = rows.last().unwrap();
    assert_eq!(
        (
            last["id"].as_str(),
            last["source"].as_str(),
            last["questions"].as_u64()
        ),
        (Some("mini"), Some("imported"), Some(4))
    );
    let text = j.run(&["packs", "list"]);
    assert!(
        text.contains("Ask yourself") && text.contains("(imported)"),
        "{text}"
    );
}

#[test]
fn validate_prints_file_line_col_for_each_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.json");
    let text = fs::read_to_string(MINI)
        .unwrap()
        .replace(
            "\"when\": [\"no\", \"unsure\"]",
            "\"when\": [\"no\", \"perhaps\"]",
        )
        .replace("[\"upbringing\"]", "[\"childhood\"]");
    fs::write(&bad, text).unwrap();
    let syntax = tmp.path().join("syntax.json");
    fs::write(&syntax, "{\n  \"schema\": 1\n  \"id\": \"x\"\n}").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_reflect"))
        .args(["packs", "validate", MINI])
        .arg(&bad)
        .arg(&syntax)
        .assert()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    let b = bad.display().to_string();
    assert!(lines.contains(&format!("{b}:12:18: \"childhood\" is not a theme reflect knows; use one of: upbringing, body-image, desire, performance-anxiety, erection, ejaculation, orgasm, pain, communication, routine, compulsivity, trauma, identity, health-aging, seeking-help, crisis, coercion").as_str()), "{stderr}");
    assert!(lines.iter().any(|l| l.starts_with(&format!("{b}:20:24: a follow-up can only depend on an answer this question can have: yes, no, unsure"))), "{stderr}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("{}:3:3: ", syntax.display()))),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("looks good"),
        "the valid file is confirmed: {stdout}"
    );
    Command::new(env!("CARGO_BIN_EXE_reflect"))
        .args(["packs", "validate", "/nonexistent/pack.json"])
        .assert()
        .code(1)
        .stderr(contains(
            "/nonexistent/pack.json:1:1: this file could not be read",
        ));
}

#[test]
fn packs_add_refuses_bad_packs_builtin_ids_and_existing_ids_without_replace() {
    let j = Journal::new();
    j.cmd()
        .args(["packs", "add", MINI])
        .assert()
        .success()
        .stdout(contains("Added \"A mini pack\""));
    assert_eq!(mode(&j.dir.join("packs/mini.json")), 0o600);
    j.cmd()
        .args(["packs", "add", MINI])
        .assert()
        .code(1)
        .stderr(contains("--replace"));
    j.cmd()
        .args(["packs", "add", MINI, "--replace"])
        .assert()
        .success()
        .stdout(contains("Replaced"));
    let tmp = tempfile::tempdir().unwrap();
    let builtin = tmp.path().join("b.json");
    fs::write(
        &builtin,
        fs::read_to_string(MINI)
            .unwrap()
            .replace("\"id\": \"mini\"", "\"id\": \"ask-yourself\""),
    )
    .unwrap();
    j.cmd()
        .arg("packs")
        .arg("add")
        .arg(&builtin)
        .assert()
        .code(1)
        .stderr(contains("built-in pack already uses"));
    let broken = tmp.path().join("broken.json");
    fs::write(&broken, "{").unwrap();
    j.cmd()
        .arg("packs")
        .arg("add")
        .arg(&broken)
        .assert()
        .code(1)
        .stderr(contains("broken.json:1:1: the file ends too early"))
        .stderr(contains("was not added"));
    j.cmd()
        .args(["packs", "add", "/no/such/file.json"])
        .assert()
        .code(1)
        .stderr(contains("could not be read"));
}

#[test]
fn removing_a_pack_keeps_reflections_made_with_it_readable() {
    let j = Journal::new();
    let id = reflect_mini(&j, FULL);
    j.cmd().args(["packs", "remove", "mini"]).assert().success();
    j.cmd()
        .args(["packs", "remove", "mini"])
        .assert()
        .code(1)
        .stderr(contains("no imported pack"));
    j.cmd()
        .args(["packs", "remove", "ask-yourself"])
        .assert()
        .code(1)
        .stderr(contains("built-in"));
    j.cmd()
        .args(["show", &id])
        .assert()
        .success()
        .stdout(contains("Where did you learn about sex?"))
        .stdout(contains("From friends 🌱"));
}

#[test]
fn list_and_show_report_answers_with_their_questions() {
    let j = Journal::new();
    j.cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(contains("Your journal is empty"));
    let id = reflect_mini(&j, FULL);
    let v: serde_json::Value = serde_json::from_str(&j.run(&["list", "--json"])).unwrap();
    let r = &v[0];
    assert_eq!(
        (r["id"].as_str(), r["pack"].as_str(), r["answered"].as_u64()),
        (Some(id.as_str()), Some("mini"), Some(5))
    );
    assert!(r["finished"].is_string() && r["started"].is_string());
    let show: serde_json::Value = serde_json::from_str(&j.run(&["show", &id, "--json"])).unwrap();
    let answers = show["answers"].as_array().unwrap();
    assert_eq!(answers[0]["prompt"], "Where did you learn about sex?");
    assert_eq!(answers[0]["answer"], "From friends 🌱\nand 学校");
    assert_eq!(answers[1]["value"], "no");
    assert_eq!(answers[2]["parent"], "body");
    let text = j.run(&["show", &id]);
    assert!(
        text.contains("In what way not?") && text.contains("my knees"),
        "{text}"
    );
    j.cmd()
        .args(["show", "20990101-000000-0000"])
        .assert()
        .code(1)
        .stderr(contains("reflect list"));
}

#[test]
fn list_names_damaged_files_and_still_lists_the_rest() {
    let j = Journal::new();
    reflect_mini(&j, FULL);
    let bad = j.dir.join("reflections/20200101-000000-beef.json");
    fs::write(&bad, "{ truncated").unwrap();
    let out = j.cmd().args(["list", "--json"]).assert().success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("20200101-000000-beef.json") && stderr.contains("left untouched"),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(fs::read_to_string(&bad).unwrap(), "{ truncated");
}

#[test]
fn export_writes_only_chosen_answers_in_each_format() {
    let j = Journal::new();
    let id = reflect_mini(&j, FULL);
    let md = j.run(&[
        "export",
        &id,
        "--format",
        "md",
        "--only",
        "learned,body-how",
    ]);
    assert!(md.starts_with("# My reflection\n"), "{md}");
    assert!(md.contains("**Pack:** A mini pack"));
    assert!(
        md.contains("## Where did you learn about sex?\n\nFrom friends 🌱  \nand 学校\n"),
        "{md}"
    );
    assert!(md.contains("my knees"));
    assert!(
        !md.contains("## Are you comfortable with your body?") && !md.contains("\nNo\n"),
        "unchosen answers stay out: {md}"
    );
    // The follow-up says what it follows on from (the question, not its answer).
    assert!(
        md.contains("## In what way not?\n\n*Follows on from:* Are you comfortable with your body?\n\nmy knees\n"),
        "{md}"
    );
    let txt = j.run(&["export", &id, "--format", "txt"]);
    assert!(
        txt.contains("Where did you learn about sex?\n\n    From friends 🌱\n    and 学校\n"),
        "{txt}"
    );
    assert!(txt.lines().all(|l| unicode_width(l) <= 80));
    let json: serde_json::Value =
        serde_json::from_str(&j.run(&["export", &id, "--format", "json", "--only", "often"]))
            .unwrap();
    let answers = json["reflections"][0]["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0]["value"], "4");
    j.cmd()
        .args(["export", &id, "--format", "md", "--only", "nope"])
        .assert()
        .code(1)
        .stderr(contains("no answer to nope"));
}

fn unicode_width(s: &str) -> usize {
    s.chars()
        .map(|c| if c.len_utf8() > 2 { 2 } else { 1 })
        .sum()
}

#[test]
fn export_to_a_file_is_private_and_never_overwrites_without_force() {
    let j = Journal::new();
    let id = reflect_mini(&j, FULL);
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("for-my-therapist.md");
    j.cmd()
        .args(["export", &id, "--format", "md", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stderr(contains("for-my-therapist.md"));
    assert_eq!(mode(&file), 0o600);
    assert!(fs::read_to_string(&file).unwrap().contains("From friends"));
    fs::write(&file, "mine").unwrap();
    j.cmd()
        .args(["export", &id, "--format", "md", "-o"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(contains("--force"));
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine");
    j.cmd()
        .args(["export", &id, "--format", "txt", "--force", "-o"])
        .arg(&file)
        .assert()
        .success();
    assert!(
        fs::read_to_string(&file)
            .unwrap()
            .starts_with("My reflection")
    );
}

#[test]
fn a_whole_journal_export_imports_into_a_new_journal_without_overwriting() {
    let j = Journal::new();
    let id = reflect_mini(&j, FULL);
    let tmp = tempfile::tempdir().unwrap();
    let backup = tmp.path().join("all.json");
    j.cmd()
        .args(["export", "--all", "--format", "json", "-o"])
        .arg(&backup)
        .assert()
        .success();
    let fresh = Journal::new();
    fresh
        .cmd()
        .arg("import")
        .arg(&backup)
        .assert()
        .success()
        .stdout(contains("Imported 1 reflection."));
    assert_eq!(
        fresh.run(&["show", &id, "--json"]),
        j.run(&["show", &id, "--json"])
    );
    fresh
        .cmd()
        .arg("import")
        .arg(&backup)
        .assert()
        .success()
        .stdout(contains("Skipped 1"))
        .stdout(contains(id.as_str()));
    assert_eq!(ids(&fresh).len(), 1);
    // A single reflection file is accepted too.
    let single = tmp.path().join("one.json");
    fs::copy(j.dir.join(format!("reflections/{id}.json")), &single).unwrap();
    Journal::new()
        .cmd()
        .arg("import")
        .arg(&single)
        .assert()
        .success()
        .stdout(contains("Imported 1"));
    let junk = tmp.path().join("junk.json");
    fs::write(&junk, "[1,2]").unwrap();
    fresh
        .cmd()
        .arg("import")
        .arg(&junk)
        .assert()
        .code(1)
        .stderr(contains("not a reflect export"));
}

#[test]
fn a_second_writer_is_told_the_journal_is_open_elsewhere() {
    let j = Journal::new();
    j.run(&["packs", "add", MINI]);
    let _held = reflect::journal::Store::open_write(&j.dir).unwrap();
    j.cmd()
        .args(["plain", "--pack", "mini"])
        .write_stdin("")
        .assert()
        .code(1)
        .stderr(contains("open in another reflect window"));
    j.cmd()
        .args(["packs", "remove", "mini"])
        .assert()
        .code(1)
        .stderr(contains("open in another reflect window"));
    // Readers still work.
    j.cmd().arg("list").assert().success();
}

#[test]
fn plain_mode_walks_the_pack_with_follow_ups_and_explains_invalid_answers() {
    let j = Journal::new();
    j.run(&["packs", "add", MINI]);
    let out = j
        .cmd()
        .args(["plain", "--pack", "mini"])
        .write_stdin("school\n\nperhaps\nu\n\n9\n\n2\n")
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("Question 1 of 4\nWhere did you learn about sex?\n(Friends, school, family, books: anything counts.)"), "{stdout}");
    assert!(
        stdout.contains(
            "\"perhaps\" is not one of the answers here; type y, n or u, or press Enter to skip."
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("A follow-up\nIn what way not?"),
        "unsure calls for the follow-up: {stdout}"
    );
    assert!(
        stdout.contains("\"9\" is not one of the answers here; type 1, 2, 3, 4 or 5"),
        "{stdout}"
    );
    assert!(stdout.contains("  1  Never\n"), "{stdout}");
    assert!(stdout.contains("Saved as "), "{stdout}");
    let id = ids(&j)[0].clone();
    let show: serde_json::Value = serde_json::from_str(&j.run(&["show", &id, "--json"])).unwrap();
    let got: Vec<(&str, &str)> = show["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["question"].as_str().unwrap(),
                a["answer"].as_str().unwrap(),
            )
        })
        .collect();
    // The follow-up and the scale were skipped; they are absent, not empty.
    assert_eq!(
        got,
        [
            ("learned", "school"),
            ("body", "Not sure"),
            ("messages", "Mixed")
        ]
    );
    assert!(show["finished"].is_string());
}

#[test]
fn plain_mode_skips_the_follow_up_when_the_answer_does_not_call_for_it() {
    let j = Journal::new();
    let id = reflect_mini(&j, "\ny\n1\n1\n");
    let show: serde_json::Value = serde_json::from_str(&j.run(&["show", &id, "--json"])).unwrap();
    let qs: Vec<&str> = show["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["question"].as_str().unwrap())
        .collect();
    assert_eq!(qs, ["body", "often", "messages"]);
}

#[test]
fn plain_mode_saves_a_draft_at_end_of_input() {
    let j = Journal::new();
    j.run(&["packs", "add", MINI]);
    j.cmd()
        .args(["plain", "--pack", "mini"])
        .write_stdin("first line\nsecond line\n\nn\n")
        .assert()
        .success()
        .stdout(contains("saved as a draft"));
    let id = ids(&j)[0].clone();
    let show: serde_json::Value = serde_json::from_str(&j.run(&["show", &id, "--json"])).unwrap();
    assert!(show.get("finished").is_none(), "{show}");
    assert_eq!(show["answers"][0]["answer"], "first line\nsecond line");
    assert_eq!(
        show["position"], "body-how",
        "resumes at the follow-up it stopped on"
    );
    // Nothing typed at all: nothing saved.
    let k = Journal::new();
    k.run(&["packs", "add", MINI]);
    k.cmd()
        .args(["plain", "--pack", "mini"])
        .write_stdin("")
        .assert()
        .success()
        .stdout(contains("nothing was saved"));
    assert!(ids(&k).is_empty());
}

#[test]
fn plain_mode_names_an_unknown_pack() {
    let j = Journal::new();
    j.cmd()
        .args(["plain", "--pack", "nope"])
        .write_stdin("")
        .assert()
        .code(1)
        .stderr(contains("no pack called \"nope\"").and(contains("reflect packs list")));
}

#[test]
fn plain_mode_defaults_to_ask_yourself() {
    let j = Journal::new();
    j.cmd()
        .arg("plain")
        .write_stdin("")
        .assert()
        .success()
        .stdout(contains("Ask yourself").and(contains("learn")));
}

#[test]
fn errors_are_one_sentence_without_backtraces() {
    let j = Journal::new();
    let out = j
        .cmd()
        .args(["show", "nope"])
        .env("RUST_BACKTRACE", "1")
        .assert()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("reflect: ") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn themes_reads_stdin_and_prints_the_documented_json_shape() {
    let out = Command::new(env!("CARGO_BIN_EXE_reflect"))
        .args(["themes", "--json"])
        .write_stdin("Sex hurts and I feel so much pressure to perform.")
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let themes = v["themes"].as_array().unwrap();
    let ids: Vec<&str> = themes.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert!(
        ids.contains(&"pain") && ids.contains(&"performance-anxiety"),
        "{v}"
    );
    for t in themes {
        let score = t["score"].as_f64().unwrap();
        assert!(score > 0.0 && score <= 1.0);
        assert!(!t["matched"].as_array().unwrap().is_empty());
    }
    let f = &v["followups"][0];
    assert!(f["card"].is_string() && f["title"].is_string());
    assert!(
        f["because"]
            .as_str()
            .unwrap()
            .starts_with("because you wrote '"),
        "{f}"
    );
    let text = Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("themes")
        .write_stdin("We went to the beach last week.")
        .assert()
        .success();
    assert!(
        String::from_utf8_lossy(&text.get_output().stdout)
            .contains("Nothing in particular stood out")
    );
}

#[test]
fn learn_lists_every_card_and_prints_one_by_card_or_theme_id() {
    let list = Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("learn")
        .assert()
        .success();
    let list = String::from_utf8(list.get_output().stdout.clone()).unwrap();
    for card in reflect::content::cards::builtin_cards() {
        assert!(list.contains(&card.id), "{} missing from the list", card.id);
    }
    let one = Command::new(env!("CARGO_BIN_EXE_reflect"))
        .args(["learn", "trauma-support"])
        .assert()
        .success();
    let one = String::from_utf8(one.get_output().stdout.clone()).unwrap();
    let flat = one.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("emergency services") && flat.contains("When to reach out:"),
        "{one}"
    );
    assert!(
        one.lines().all(|l| l.chars().count() <= 80),
        "wrapped at 80:\n{one}"
    );
    Command::new(env!("CARGO_BIN_EXE_reflect"))
        .args(["learn", "pain"])
        .assert()
        .success()
        .stdout(contains("When sex hurts"));
    Command::new(env!("CARGO_BIN_EXE_reflect"))
        .args(["learn", "nonsense"])
        .assert()
        .code(1)
        .stderr(contains("reflect learn"));
}

#[test]
fn plain_mode_ends_with_follow_ups_for_what_was_written() {
    let j = Journal::new();
    let out = j
        .cmd()
        .arg("plain")
        .write_stdin("mostly from porn and friends\n\n3\nit hurts when we have sex\n\nn\nmy stomach\n\n\n\n\n")
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("Things you might explore:"), "{stdout}");
    assert!(stdout.contains("reflect learn pain-during-sex"), "{stdout}");
}
