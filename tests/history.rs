//! One question over time (issue 16): `Store::history` and `reflect history`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use age::secrecy::SecretString;
use common::Journal;
use predicates::str::contains;
use reflect::content::Pack;
use reflect::journal::{Entry, Reflection, Store};

const MINI: &str = "tests/fixtures/mini-pack.json";

fn mini() -> Pack {
    Pack::parse(MINI, &fs::read_to_string(MINI).unwrap()).unwrap()
}

/// One reflection on `pack`, `day` days into March 2026, answering
/// "often" (a scale) with `often`, "body" with `body` and "learned" with
/// `learned` where given.
fn reflect_on(
    store: &Store,
    pack: &Pack,
    day: i64,
    often: Option<&str>,
    body: Option<&str>,
    learned: Option<&str>,
) -> String {
    let start = chrono::DateTime::parse_from_rfc3339("2026-03-01T09:00:00+01:00").unwrap();
    let started = start + chrono::Duration::days(day);
    let id = format!("{}-{:04x}", started.to_utc().format("%Y%m%d-%H%M%S"), day);
    let mut r = Reflection::new(id.clone(), pack);
    for (qid, value) in [("often", often), ("body", body)] {
        if let Some(v) = value {
            let q = pack.question(qid).unwrap();
            r.set(pack, Entry::structured(q, None, v), qid);
        }
    }
    if let Some(text) = learned {
        let q = pack.question("learned").unwrap();
        r.set(pack, Some(Entry::text(q, None, text)), "learned");
    }
    r.started = started;
    r.updated = started;
    r.finished = Some(started);
    store.save(&r).unwrap();
    id
}

/// The mini pack imported, and six reflections: "often" answered 4 times
/// (the first under an older wording), "body" 3 times, "learned" twice.
fn journal(j: &Journal) -> Vec<String> {
    j.run(&["packs", "add", MINI]);
    let store = Store::open_write(&j.dir).unwrap();
    let pack = mini();
    let mut older = pack.clone();
    older.questions[2].prompt = "How much do you worry about it?".into();
    vec![
        reflect_on(&store, &older, 0, Some("2"), None, Some("At school")),
        reflect_on(&store, &pack, 1, Some("3"), Some("yes"), None),
        reflect_on(&store, &pack, 2, None, Some("unsure"), None),
        reflect_on(
            &store,
            &pack,
            3,
            Some("5"),
            None,
            Some("From friends, then books"),
        ),
        reflect_on(&store, &pack, 4, None, None, None),
        reflect_on(&store, &pack, 5, Some("1"), Some("no"), None),
    ]
}

#[test]
fn every_answer_newest_first_with_dates_and_the_wording_it_was_given_to() {
    let j = Journal::new();
    let ids = journal(&j);
    let store = Store::open_read(&j.dir);
    let h = store.history(Some("mini"), "often").unwrap();
    let got: Vec<(&str, Option<u32>, &str)> = h
        .answers
        .iter()
        .map(|a| (a.id.as_str(), a.scale_value(), a.prompt.as_str()))
        .collect();
    let now = "How often do you worry about it?";
    assert_eq!(
        got,
        [
            (ids[5].as_str(), Some(1), now),
            (ids[3].as_str(), Some(5), now),
            (ids[1].as_str(), Some(3), now),
            (ids[0].as_str(), Some(2), "How much do you worry about it?"),
        ]
    );
    assert_eq!(h.wordings(), [now, "How much do you worry about it?"]);
    let scale = h.answers[0].scale.as_ref().unwrap();
    assert_eq!((scale.min, scale.max), (1, 5));
    assert_eq!(scale.low.as_deref(), Some("Never"));
    assert_eq!(scale.high.as_deref(), Some("Very often"));
    assert_eq!(h.answers[0].started, "2026-03-06T09:00:00+01:00");
    // "Last time", as the wrap-up asks it: the newest answer before a reflection.
    assert_eq!(
        h.before(&ids[3]).map(|a| a.id.as_str()),
        Some(ids[1].as_str())
    );
    assert!(h.before(&ids[0]).is_none());
    // Several questions at once, in the order asked.
    let hs = store
        .histories(Some("mini"), &["body", "learned", "nothing"])
        .unwrap();
    let values: Vec<Option<&str>> = hs[0].answers.iter().map(|a| a.value.as_deref()).collect();
    assert_eq!(values, [Some("no"), Some("unsure"), Some("yes")]);
    let texts: Vec<&str> = hs[1].answers.iter().map(|a| a.answer.as_str()).collect();
    assert_eq!(texts, ["From friends, then books", "At school"]);
    assert!(hs[2].answers.is_empty());
    // Another pack with a question of the same id is not mixed in.
    assert!(
        store
            .history(Some("ask-yourself"), "often")
            .unwrap()
            .answers
            .is_empty()
    );
}

#[test]
fn history_json_for_scripts() {
    let j = Journal::new();
    let ids = journal(&j);
    let out = j.run(&["history", "--pack", "mini", "often", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["question"], "often");
    assert_eq!(v["pack"], "mini");
    let answers = v["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 4);
    let a = &answers[0];
    assert_eq!(a["id"], ids[5].as_str());
    assert_eq!(a["pack"], "mini");
    assert_eq!(a["pack_title"], "A mini pack");
    assert_eq!(a["started"], "2026-03-06T09:00:00+01:00");
    assert_eq!(a["kind"], "scale");
    assert_eq!(a["value"], "1");
    assert_eq!(a["answer"], "1 · Never");
    assert_eq!(a["prompt"], "How often do you worry about it?");
    assert_eq!(
        a["scale"],
        serde_json::json!({"min": 1, "max": 5, "low": "Never", "high": "Very often"})
    );
    assert_eq!(answers[3]["prompt"], "How much do you worry about it?");
    // A text answer has no value and no scale.
    let out = j.run(&["history", "learned", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["pack"], serde_json::Value::Null);
    let a = &v["answers"][0];
    assert_eq!(a["kind"], "text");
    assert!(a.get("value").is_none() && a.get("scale").is_none(), "{a}");
    // A question nobody answered: an empty list, exit 0.
    let out = j.run(&["history", "zebra", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["answers"], serde_json::json!([]));
}

#[test]
fn history_text_groups_answers_under_each_wording() {
    let j = Journal::new();
    journal(&j);
    let out = j.run(&["history", "often"]);
    assert_eq!(
        out,
        "How often do you worry about it?  (1 = Never … 5 = Very often)\n\
         \x20 2026-03-06  1 of 5\n\
         \x20 2026-03-04  5 of 5\n\
         \x20 2026-03-02  3 of 5\n\
         \n\
         How much do you worry about it?  (1 = Never … 5 = Very often)\n\
         \x20 2026-03-01  2 of 5\n"
    );
    let out = j.run(&["history", "body"]);
    assert!(out.contains("  2026-03-03  Not sure\n"), "{out}");
    j.cmd()
        .args(["history", "zebra"])
        .assert()
        .success()
        .stdout("")
        .stderr(contains("No answer to the question \"zebra\""));
    j.cmd().args(["history"]).assert().code(2);
}

fn age_dir(dir: &Path) {
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    common::set_dir_modified(dir, hour_ago);
}

/// Overwrite `file` in place with bytes that do not parse, keeping its size.
fn spoil(file: &Path) {
    let len = fs::metadata(file).unwrap().len() as usize;
    fs::write(file, "x".repeat(len)).unwrap();
}

#[test]
fn the_index_says_which_files_to_open_and_old_indexes_still_work() {
    let j = Journal::new();
    let ids = journal(&j);
    let refl = j.dir.join("reflections");
    age_dir(&refl);
    let store = Store::open_read(&j.dir);
    assert_eq!(store.list().unwrap().summaries.len(), 6);
    // Spoil a reflection that does not answer "often", behind the index's
    // back: history never opens it.
    // (Rewriting a file in place leaves the folder's mtime as it was.)
    spoil(&refl.join(format!("{}.json", ids[2])));
    let h = store.history(Some("mini"), "often").unwrap();
    assert_eq!((h.answers.len(), h.problems.len()), (4, 0));

    // An index written before rows kept question ids still loads, and its
    // rows are read in full: the spoiled file is now opened and reported.
    let index = j.dir.join("index.json");
    let mut v: serde_json::Value = serde_json::from_slice(&fs::read(&index).unwrap()).unwrap();
    for row in v["rows"].as_array_mut().unwrap() {
        let row = row.as_array_mut().unwrap();
        assert_eq!(row.len(), 5);
        row.truncate(4);
    }
    fs::write(&index, serde_json::to_vec(&v).unwrap()).unwrap();
    assert_eq!(
        store.list().unwrap().summaries.len(),
        6,
        "the old index loads"
    );
    let h = store.history(Some("mini"), "often").unwrap();
    assert_eq!(h.answers.len(), 4);
    assert_eq!(h.problems.len(), 1, "{:?}", h.problems);
}

#[test]
fn history_works_on_a_locked_journal() {
    let j = Journal::new();
    let ids = journal(&j);
    let pass = j.tmp.path().join("pass");
    fs::write(&pass, "a long and happy passphrase\n").unwrap();
    {
        let mut store = Store::open_write(&j.dir).unwrap();
        store.set_work_factor(10);
        store
            .encrypt(&SecretString::from(
                "a long and happy passphrase".to_string(),
            ))
            .unwrap();
    }
    j.cmd()
        .args(["history", "often"])
        .assert()
        .code(1)
        .stderr(contains("--passphrase-file"));
    let out = j.run(&[
        "--passphrase-file",
        pass.to_str().unwrap(),
        "history",
        "often",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["answers"][0]["id"], ids[5].as_str());
    assert_eq!(v["answers"].as_array().unwrap().len(), 4);
    for f in j.files("reflections") {
        assert!(f.ends_with(".age"), "{f}");
    }
}

#[test]
fn a_scale_kept_beside_its_answer_wins_over_the_packs_words_now() {
    let j = Journal::new();
    let ids = journal(&j);
    // A reflection that kept its scale as asked (newer reflect writes it
    // beside each scale answer), with end words the pack no longer uses.
    let file = j.dir.join("reflections").join(format!("{}.json", ids[0]));
    let mut v: serde_json::Value = serde_json::from_slice(&fs::read(&file).unwrap()).unwrap();
    for e in v["answers"].as_array_mut().unwrap() {
        if e["question"] == "often" {
            e["scale"] = serde_json::json!({"min": 1, "max": 5, "low": "Not at all", "high": "All the time"});
        }
    }
    fs::write(&file, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let h = Store::open_read(&j.dir)
        .history(Some("mini"), "often")
        .unwrap();
    let oldest = h.answers.last().unwrap();
    assert_eq!(oldest.id, ids[0]);
    let scale = oldest.scale.as_ref().unwrap();
    assert_eq!(scale.low.as_deref(), Some("Not at all"));
    assert_eq!(scale.high.as_deref(), Some("All the time"));
    // The others did not keep theirs: the pack's words now.
    assert_eq!(
        h.answers[0].scale.as_ref().unwrap().low.as_deref(),
        Some("Never")
    );
}

#[test]
fn the_questions_to_pick_from_are_counted_from_the_index() {
    let j = Journal::new();
    journal(&j);
    let store = Store::open_read(&j.dir);
    let asked: Vec<(String, String, usize)> = store
        .answered_questions(2)
        .unwrap()
        .into_iter()
        .map(|a| (a.pack, a.question, a.answers))
        .collect();
    let row = |q: &str, n| ("mini".to_string(), q.to_string(), n);
    assert_eq!(asked, [row("often", 4), row("body", 3), row("learned", 2)]);
    // Above every count: nothing to pick.
    assert!(store.answered_questions(5).unwrap().is_empty());
}

/// A therapist's journal: `--from` keeps to the reflections one client sent.
#[test]
fn history_from_one_client_keeps_to_their_reflections() {
    let j = Journal::new();
    j.run(&["packs", "add", MINI]);
    let pack = mini();
    let store = Store::open_write(&j.dir).unwrap();
    let own = reflect_on(&store, &pack, 1, Some("2"), None, None);
    let theirs = reflect_on(&store, &pack, 2, Some("4"), None, None);
    let mut r = store.load(&theirs).unwrap();
    r.source = Some("J.D.".into());
    store.save(&r).unwrap();
    drop(store);
    let all = j.run(&["history", "often", "--json"]);
    assert!(all.contains(&own) && all.contains(&theirs), "{all}");
    let one = j.run(&["history", "often", "--from", "j.d.", "--json"]);
    assert!(one.contains(&theirs), "{one}");
    assert!(!one.contains(&own), "{one}");
}
