//! Labeled fixtures: micro precision and recall over (case, theme) pairs.
//!
//! `fixtures/themes.json` (126 cases) is the first round's set; it was tuned
//! on. `fixtures/themes-v2.json` was written fresh, without reading the
//! lexicon; its cases marked `"split": "test"` are never tuned on (their
//! misses are not printed), the `"train"` ones are. Thresholds sit just under
//! the figures reached (see docs/themes.md), so a real regression fails.
//!
//! `fixtures/themes-v3.json` was written by six more outside writers in
//! different voices (letters, terse typed answers, in-app answers, forum
//! posts, mixed, a hard week), none of whom saw the lexicon. Writers a–d were
//! split in half before any change was made for them: `"train"` was read and
//! tuned on, `"test"` never. Writers e and f (`"holdout"`) were only ever
//! scored, never read. Writers g–l (safety told indirectly, twice; function
//! and desire; relationships, bodies and upbringing; desire and talk told
//! sideways; function and bodies) came later and are all `"train"`.

use std::collections::{BTreeMap, BTreeSet};

use reflect::themes::analyze;
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    text: String,
    themes: Vec<String>,
    #[serde(default)]
    split: Option<String>,
}

#[derive(Default, Debug, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

fn load(src: &str, name: &str) -> Vec<Case> {
    match serde_json::from_str(src) {
        Ok(c) => c,
        Err(e) => panic!("{name} does not parse: {e}"),
    }
}

/// Micro counts over `cases`, and per theme; prints misses when `show`.
fn score<'a>(
    cases: impl Iterator<Item = &'a Case>,
    show: bool,
) -> (Counts, BTreeMap<String, Counts>) {
    let mut all = Counts::default();
    let mut per: BTreeMap<String, Counts> = BTreeMap::new();
    for case in cases {
        let a = analyze(&[case.text.as_str()], &[]);
        let got: BTreeSet<&str> = a.themes.iter().map(|t| t.id.as_str()).collect();
        let want: BTreeSet<&str> = case.themes.iter().map(String::as_str).collect();
        for t in got.difference(&want) {
            all.fp += 1;
            per.entry(t.to_string()).or_default().fp += 1;
            if show {
                let m = a
                    .themes
                    .iter()
                    .find(|s| s.id == *t)
                    .map(|s| s.matched.clone())
                    .unwrap_or_default();
                println!("FALSE POSITIVE {t} {m:?}: {:?}", case.text);
            }
        }
        for t in want.difference(&got) {
            all.fn_ += 1;
            per.entry(t.to_string()).or_default().fn_ += 1;
            if show {
                println!("FALSE NEGATIVE {t}: {:?}", case.text);
            }
        }
        for t in got.intersection(&want) {
            all.tp += 1;
            per.entry(t.to_string()).or_default().tp += 1;
        }
    }
    (all, per)
}

fn table(per: &BTreeMap<String, Counts>) {
    println!("| theme | precision | recall | tp | fp | fn |");
    for (t, c) in per {
        println!(
            "| {t} | {:.2} | {:.2} | {} | {} | {} |",
            c.precision(),
            c.recall(),
            c.tp,
            c.fp,
            c.fn_
        );
    }
}

#[test]
fn first_round_fixture() {
    let cases = load(include_str!("fixtures/themes.json"), "themes.json");
    assert!(
        cases.len() >= 100,
        "need at least 100 cases, have {}",
        cases.len()
    );
    let (c, _) = score(cases.iter(), true);
    println!(
        "first round: precision {:.3} recall {:.3}",
        c.precision(),
        c.recall()
    );
    assert!(c.precision() >= 0.95, "precision {:.3}", c.precision());
    assert!(c.recall() >= 0.95, "recall {:.3}", c.recall());
}

#[test]
fn fresh_fixture_train_split() {
    let cases = load(include_str!("fixtures/themes-v2.json"), "themes-v2.json");
    assert!(
        cases.len() >= 400,
        "need at least 400 cases, have {}",
        cases.len()
    );
    let (c, per) = score(
        cases.iter().filter(|c| c.split.as_deref() != Some("test")),
        true,
    );
    table(&per);
    println!(
        "v2 train: precision {:.3} recall {:.3}",
        c.precision(),
        c.recall()
    );
    assert!(c.precision() >= 0.92, "precision {:.3}", c.precision());
    assert!(c.recall() >= 0.93, "recall {:.3}", c.recall());
}

#[test]
fn fresh_fixture_test_split() {
    let cases = load(include_str!("fixtures/themes-v2.json"), "themes-v2.json");
    let test: Vec<&Case> = cases
        .iter()
        .filter(|c| c.split.as_deref() == Some("test"))
        .collect();
    assert!(test.len() >= 40, "the test split has {} cases", test.len());
    let (c, _) = score(test.into_iter(), false);
    println!(
        "v2 test: precision {:.3} recall {:.3} ({c:?})",
        c.precision(),
        c.recall()
    );
    assert!(c.precision() >= 0.68, "precision {:.3}", c.precision());
    assert!(c.recall() >= 0.66, "recall {:.3}", c.recall());
}

fn v3(split: &str) -> Counts {
    let cases = load(include_str!("fixtures/themes-v3.json"), "themes-v3.json");
    let picked: Vec<&Case> = cases
        .iter()
        .filter(|c| c.split.as_deref() == Some(split))
        .collect();
    assert!(picked.len() >= 300, "{split}: {} cases", picked.len());
    let (c, per) = score(picked.into_iter(), split == "train");
    if split != "train" {
        table(&per);
    }
    println!(
        "v3 {split}: precision {:.3} recall {:.3} ({c:?})",
        c.precision(),
        c.recall()
    );
    c
}

fn check_v3(split: &str, (precision, recall): (f64, f64)) {
    let c = v3(split);
    assert!(c.precision() >= precision, "precision {:.3}", c.precision());
    assert!(c.recall() >= recall, "recall {:.3}", c.recall());
}

#[test]
fn third_fixture_train_split() {
    check_v3("train", THRESHOLD_V3_TRAIN);
}

#[test]
fn third_fixture_test_split() {
    check_v3("test", THRESHOLD_V3_TEST);
}

#[test]
fn third_fixture_holdout() {
    check_v3("holdout", THRESHOLD_V3_HOLDOUT);
}

/// (precision, recall), each just under the figure reached (docs/themes.md).
const THRESHOLD_V3_TRAIN: (f64, f64) = (0.78, 0.77);
const THRESHOLD_V3_TEST: (f64, f64) = (0.73, 0.66);
const THRESHOLD_V3_HOLDOUT: (f64, f64) = (0.76, 0.65);
