//! Labeled fixtures: micro precision and recall over (case, theme) pairs.

use std::collections::BTreeSet;

use reflect::themes::analyze;
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    text: String,
    themes: Vec<String>,
}

#[test]
fn fixtures_precision_and_recall() {
    let src = include_str!("fixtures/themes.json");
    let cases: Vec<Case> = match serde_json::from_str(src) {
        Ok(c) => c,
        Err(e) => panic!("tests/fixtures/themes.json does not parse: {e}"),
    };
    assert!(
        cases.len() >= 100,
        "need at least 100 cases, have {}",
        cases.len()
    );
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (n, case) in cases.iter().enumerate() {
        let a = analyze(&[case.text.as_str()], &[]);
        let got: BTreeSet<&str> = a.themes.iter().map(|t| t.id.as_str()).collect();
        let want: BTreeSet<&str> = case.themes.iter().map(String::as_str).collect();
        for t in got.difference(&want) {
            fp += 1;
            let m = a
                .themes
                .iter()
                .find(|s| s.id == *t)
                .map(|s| s.matched.clone())
                .unwrap_or_default();
            println!("FALSE POSITIVE #{n} {t} {m:?}: {:?}", case.text);
        }
        for t in want.difference(&got) {
            fn_ += 1;
            println!("FALSE NEGATIVE #{n} {t}: {:?}", case.text);
        }
        tp += got.intersection(&want).count();
    }
    let precision = if tp + fp == 0 {
        1.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let recall = if tp + fn_ == 0 {
        1.0
    } else {
        tp as f64 / (tp + fn_) as f64
    };
    println!(
        "cases {} tp {tp} fp {fp} fn {fn_} precision {precision:.3} recall {recall:.3}",
        cases.len()
    );
    assert!(precision >= 0.90, "precision {precision:.3} < 0.90");
    assert!(recall >= 0.85, "recall {recall:.3} < 0.85");
}
