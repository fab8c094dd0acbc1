//! Safety routing, judged on fixtures written fresh, the way people type:
//! crisis and coercion must be caught and routed first, partner exercises
//! withheld, and innocent uses of the same words must raise nothing.
//!
//! `tests/fixtures/safety.json` is the set the lexicon was tuned on;
//! `tests/fixtures/safety-voices.json` (non-native, terse, older, teen,
//! religious and euphemistic writing) was written later, by someone else, and
//! tuned on too; `tests/fixtures/safety-holdout.json` was written separately
//! and never tuned on: its misses are not printed.

use reflect::content::builtin_packs;
use reflect::content::cards::builtin_cards;
use reflect::themes::{Analysis, analyze};
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    crisis: Vec<String>,
    coercion: Vec<String>,
    trauma: Vec<String>,
    benign: Vec<String>,
}

fn load(src: &str) -> Fixture {
    match serde_json::from_str(src) {
        Ok(f) => f,
        Err(e) => panic!("safety fixture does not parse: {e}"),
    }
}

fn has(a: &Analysis, id: &str) -> bool {
    a.themes.iter().any(|t| t.id == id)
}

/// Whether any follow-up asks for a partner's cooperation (the card or its pack).
fn offers_partner_work(a: &Analysis) -> Option<String> {
    let cards = builtin_cards();
    let packs = builtin_packs();
    a.followups.iter().find_map(|f| {
        let card_needs = cards.iter().any(|c| c.id == f.card && c.with_partner);
        let pack_needs = f
            .pack
            .as_ref()
            .is_some_and(|p| packs.iter().any(|k| &k.id == p && k.with_partner));
        (card_needs || pack_needs).then(|| f.card.clone())
    })
}

struct Figures {
    crisis: f64,
    coercion: f64,
    trauma: f64,
    benign_clean: f64,
    problems: Vec<String>,
}

fn judge(f: &Fixture) -> Figures {
    let mut problems = Vec::new();
    let rate = |hits: usize, n: usize| if n == 0 { 1.0 } else { hits as f64 / n as f64 };

    let mut hits = 0;
    for t in &f.crisis {
        let a = analyze(&[t.as_str()], &[]);
        let first = a.followups.first().map(|f| f.card.as_str());
        if has(&a, "crisis") && first == Some("help-now") {
            hits += 1;
        } else {
            problems.push(format!("CRISIS MISSED (first card {first:?}): {t:?}"));
        }
        if let Some(c) = offers_partner_work(&a) {
            problems.push(format!("PARTNER CARD {c} for crisis: {t:?}"));
        }
    }
    let crisis = rate(hits, f.crisis.len());

    let mut hits = 0;
    for t in &f.coercion {
        let a = analyze(&[t.as_str()], &[]);
        if has(&a, "coercion") {
            hits += 1;
        } else {
            let got: Vec<&str> = a.themes.iter().map(|t| t.id.as_str()).collect();
            problems.push(format!("COERCION MISSED {got:?}: {t:?}"));
        }
        if has(&a, "coercion")
            && let Some(c) = offers_partner_work(&a)
        {
            problems.push(format!("PARTNER CARD {c} for coercion: {t:?}"));
        }
    }
    let coercion = rate(hits, f.coercion.len());

    let mut hits = 0;
    for t in &f.trauma {
        let a = analyze(&[t.as_str()], &[]);
        if has(&a, "trauma") {
            hits += 1;
        } else {
            let got: Vec<&str> = a.themes.iter().map(|t| t.id.as_str()).collect();
            problems.push(format!("TRAUMA MISSED {got:?}: {t:?}"));
        }
    }
    let trauma = rate(hits, f.trauma.len());

    let mut clean = 0;
    for t in &f.benign {
        let a = analyze(&[t.as_str()], &[]);
        let alarms: Vec<String> = a
            .themes
            .iter()
            .filter(|s| ["crisis", "coercion", "trauma"].contains(&s.id.as_str()))
            .map(|s| format!("{} {:?}", s.id, s.matched))
            .collect();
        if alarms.is_empty() {
            clean += 1;
        } else {
            problems.push(format!("FALSE ALARM {alarms:?}: {t:?}"));
        }
    }
    let benign_clean = rate(clean, f.benign.len());
    Figures {
        crisis,
        coercion,
        trauma,
        benign_clean,
        problems,
    }
}

fn report(name: &str, f: &Figures) {
    for p in &f.problems {
        println!("{p}");
    }
    println!(
        "{name}: crisis recall {:.3}, coercion recall {:.3}, trauma recall {:.3}, benign clean {:.3}",
        f.crisis, f.coercion, f.trauma, f.benign_clean
    );
}

#[test]
fn tuning_set() {
    let fx = load(include_str!("fixtures/safety.json"));
    assert!(fx.crisis.len() >= 40 && fx.coercion.len() >= 40 && fx.benign.len() >= 60);
    let f = judge(&fx);
    report("tuning set", &f);
    assert!(
        f.problems.iter().all(|p| !p.starts_with("PARTNER CARD")),
        "a partner exercise was offered to someone who may not be safe"
    );
    assert_eq!(
        f.crisis, 1.0,
        "every crisis phrasing raises crisis, its card first"
    );
    assert!(f.coercion >= 0.95, "coercion recall {:.3}", f.coercion);
    assert!(f.trauma >= 0.90, "trauma recall {:.3}", f.trauma);
    assert_eq!(
        f.benign_clean, 1.0,
        "an innocent sentence raised a safety theme"
    );
}

#[test]
fn voices_set() {
    // Non-native, terse, older, teen, religious and euphemistic writing.
    let f = judge(&load(include_str!("fixtures/safety-voices.json")));
    report("voices set", &f);
    assert!(
        f.problems.iter().all(|p| !p.starts_with("PARTNER CARD")),
        "a partner exercise was offered to someone who may not be safe"
    );
    assert_eq!(f.crisis, 1.0, "crisis recall {:.3}", f.crisis);
    assert!(f.coercion >= 0.97, "coercion recall {:.3}", f.coercion);
    assert!(f.trauma >= 0.75, "trauma recall {:.3}", f.trauma);
    assert!(f.benign_clean >= 0.98, "benign clean {:.3}", f.benign_clean);
}

#[test]
fn held_out_set() {
    let f = judge(&load(include_str!("fixtures/safety-holdout.json")));
    // Only the figures: the held-out sentences are never read to tune the lexicon.
    println!(
        "held-out set: crisis recall {:.3}, coercion recall {:.3}, trauma recall {:.3}, benign clean {:.3}",
        f.crisis, f.coercion, f.trauma, f.benign_clean
    );
    assert!(
        f.problems.iter().all(|p| !p.starts_with("PARTNER CARD")),
        "a partner exercise was offered to someone who may not be safe"
    );
    // Thresholds sit just under the figures reached (docs/themes.md), so a
    // real regression fails.
    assert!(f.crisis >= 0.85, "crisis recall {:.3}", f.crisis);
    assert!(f.coercion >= 0.70, "coercion recall {:.3}", f.coercion);
    assert!(f.trauma >= 0.70, "trauma recall {:.3}", f.trauma);
    assert!(f.benign_clean >= 0.96, "benign clean {:.3}", f.benign_clean);
}

/// Plain mode prints the help text itself when an answer raises crisis or
/// coercion, and not otherwise.
#[test]
fn plain_mode_ends_with_help_when_it_is_needed() {
    let run = |first_answer: &str| {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        let data = dir.path().join("data");
        let bin = env!("CARGO_BIN_EXE_reflect");
        let add = std::process::Command::new(bin)
            .args(["--data-dir"])
            .arg(&data)
            .args(["packs", "add", "tests/fixtures/mini-pack.json"])
            .output();
        assert!(add.is_ok_and(|o| o.status.success()));
        let out = assert_cmd::Command::new(bin)
            .args(["--data-dir"])
            .arg(&data)
            .args(["plain", "--pack", "mini"])
            .write_stdin(format!("{first_answer}\n\ny\n1\n1\n"))
            .output();
        match out {
            Ok(o) => String::from_utf8_lossy(&o.stdout).into_owned(),
            Err(e) => panic!("{e}"),
        }
    };
    let calm = run("From friends at school");
    assert!(!calm.contains("If you need help now"), "{calm}");
    let crisis = run("some days i just want to not wake up");
    assert!(crisis.contains("If you need help now"), "{crisis}");
    assert!(crisis.contains("emergency number"), "{crisis}");
    let afraid = run("he gets angry when i say no and i'm scared of him");
    assert!(afraid.contains("emergency number"), "{afraid}");
    assert!(!calm.contains("emergency number"), "{calm}");
}

/// Every sentence the issue that asked for safety routing quoted, as written there.
#[test]
fn the_sentences_from_the_trial_are_routed_safely() {
    let first = |texts: &[&str], tags: &[(String, String)]| {
        analyze(texts, tags)
            .followups
            .first()
            .map(|f| f.card.clone())
            .unwrap_or_default()
    };
    for t in [
        "Sometimes I think everyone would be better off without me",
        "I want to hurt myself after sex sometimes",
    ] {
        assert_eq!(first(&[t], &[]), "help-now", "{t}");
    }
    for t in [
        "My partner forces me to have sex",
        "I'm scared of what he'll do if I refuse",
        "I have sex with him so he doesn't get mad",
        "He gets angry when I say no. I feel scared sometimes.",
    ] {
        let a = analyze(&[t], &[]);
        assert!(has(&a, "coercion"), "{t}: {a:?}");
        assert_eq!(first(&[t], &[]), "feeling-safe", "{t}");
        assert_eq!(offers_partner_work(&a), None, "{t}");
    }
    // In "Talking with a partner": trust 1 and the same words.
    let tags = vec![(
        "coercion".to_string(),
        "you answered \"1\" to \"How much do I trust my partner?\"".to_string(),
    )];
    let a = analyze(
        &[
            "He gets angry when I say no. I feel scared sometimes.",
            "more closeness, and less pressure",
        ],
        &tags,
    );
    assert_eq!(offers_partner_work(&a), None, "{a:?}");
    for t in [
        "He touched me gently and it felt lovely",
        "We kept going all night, it was great",
        "I always make sure I'm well groomed",
        "We had unsafe sex",
        "It suddenly hit me that I might be gay",
        "My therapist made me do this journal",
        "I'm a breast cancer survivor",
    ] {
        let a = analyze(&[t], &[]);
        for s in ["trauma", "crisis", "coercion"] {
            assert!(!has(&a, s), "{t}: {a:?}");
        }
    }
    let hurts: Vec<String> = analyze(&["Sometimes sex hurts"], &[])
        .followups
        .iter()
        .map(|f| f.card.clone())
        .collect();
    assert!(
        hurts.contains(&"pain-during-sex".to_string())
            && hurts.contains(&"doctor-first".to_string()),
        "{hurts:?}"
    );
}
