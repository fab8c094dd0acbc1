//! The built-in packs and the homework example parse, validate, and keep
//! the promises the product makes about them.

use std::fs;
use std::path::{Path, PathBuf};

use reflect::content::{Kind, Pack, builtin_packs};

const BUILTIN_IDS: [&str; 4] = [
    "ask-yourself",
    "performance-worries",
    "before-a-first-session",
    "talking-with-a-partner",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every pack file this test covers: `prompts/packs/*.json` and the homework example.
fn pack_files() -> Vec<PathBuf> {
    let dir = root().join("prompts/packs");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.map(|e| e.path()).unwrap_or_default())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files.push(root().join("prompts/examples/homework-example.json"));
    files
}

fn parse(path: &Path) -> Pack {
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    match Pack::parse(&path.display().to_string(), &text) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

fn all_packs() -> Vec<(PathBuf, Pack)> {
    pack_files()
        .into_iter()
        .map(|p| {
            let pack = parse(&p);
            (p, pack)
        })
        .collect()
}

/// Every piece of text a person reads in a pack: prompts, hints, labels.
fn texts(pack: &Pack) -> Vec<(String, String)> {
    let mut out = vec![("description".to_string(), pack.description.clone())];
    for (q, _) in pack.flat() {
        out.push((format!("{}.prompt", q.id), q.prompt.clone()));
        if let Some(h) = &q.hint {
            out.push((format!("{}.hint", q.id), h.clone()));
        }
        for o in &q.options {
            out.push((format!("{}.options.{}", q.id, o.value), o.label.clone()));
        }
        if let Some(s) = &q.scale {
            out.push((format!("{}.scale.low", q.id), s.low.clone()));
            out.push((format!("{}.scale.high", q.id), s.high.clone()));
        }
    }
    out
}

/// Sentences in `text` that name specific anatomy without saying who it is for.
fn unqualified_anatomy(text: &str) -> Vec<String> {
    text.split(['.', '?', '!', ';'])
        .map(str::trim)
        .filter(|s| {
            let lower = s.to_lowercase();
            let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
            let anatomy = words
                .iter()
                .any(|w| w.starts_with("penis") || w.starts_with("vagina"));
            let qualified = words.contains(&"if") || lower.contains("for people");
            anatomy && !qualified
        })
        .map(String::from)
        .collect()
}

#[test]
fn every_pack_file_parses_with_no_problems() {
    let files = pack_files();
    assert!(
        files.len() >= 5,
        "expected the four built-in packs and the example, found {files:?}"
    );
    for path in files {
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        if let Err(e) = Pack::parse(&path.display().to_string(), &text) {
            panic!("{} has problems:\n{e}", path.display());
        }
    }
}

#[test]
fn builtin_packs_are_the_four_with_ask_yourself_first() {
    let packs = builtin_packs();
    let mut ids: Vec<&str> = packs.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids.first(),
        Some(&"ask-yourself"),
        "ask-yourself must come first: {ids:?}"
    );
    ids.sort_unstable();
    let mut want = BUILTIN_IDS.to_vec();
    want.sort_unstable();
    assert_eq!(ids, want);
    let first = &packs[0];
    assert_eq!(first.title, "Ask yourself");
    assert!(
        first.questions[0].prompt.to_lowercase().contains("learn"),
        "the first question should ask how you learned about sex: {:?}",
        first.questions[0].prompt
    );
}

#[test]
fn every_builtin_source_file_is_compiled_in() {
    // A pack that fails to parse is silently dropped by builtin_packs(); this catches that.
    let sources = reflect::content::builtin_pack_sources();
    assert_eq!(
        sources.len(),
        builtin_packs().len(),
        "some built-in pack failed to parse"
    );
    assert_eq!(sources.len(), BUILTIN_IDS.len());
}

#[test]
fn ask_yourself_body_question_follows_up_on_no_and_unsure() {
    let packs = builtin_packs();
    let Some(pack) = packs.iter().find(|p| p.id == "ask-yourself") else {
        panic!("ask-yourself is not built in");
    };
    let Some(body) = pack
        .questions
        .iter()
        .find(|q| q.prompt.to_lowercase().contains("body"))
    else {
        panic!("ask-yourself has no question about the body");
    };
    assert_eq!(body.kind, Kind::YesNo);
    for answer in ["no", "unsure"] {
        let f = body.follow_up_for(Some(answer));
        assert!(
            f.is_some_and(|f| f.kind == Kind::Text),
            "no text follow-up for {answer:?}"
        );
        assert_eq!(
            body.answer_themes.get(answer),
            Some(&vec!["body-image".to_string()])
        );
    }
    assert!(
        body.follow_up_for(Some("yes")).is_none(),
        "\"yes\" should not ask \"in what way?\""
    );
}

#[test]
fn question_ids_are_unique_within_each_pack() {
    for (path, pack) in all_packs() {
        let mut ids: Vec<&str> = pack.flat().iter().map(|(q, _)| q.id.as_str()).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "{} repeats a question id", path.display());
    }
}

#[test]
fn builtin_packs_have_six_to_twelve_questions_and_a_short_description() {
    for pack in builtin_packs() {
        let n = pack.questions.len();
        assert!(
            (6..=12).contains(&n),
            "{} has {n} top-level questions",
            pack.id
        );
        assert!(
            pack.description.chars().count() <= 90,
            "{}: description too long",
            pack.id
        );
    }
}

#[test]
fn no_text_names_anatomy_without_saying_who_it_is_for() {
    for (path, pack) in all_packs() {
        for (at, text) in texts(&pack) {
            let bad = unqualified_anatomy(&text);
            assert!(bad.is_empty(), "{} {at}: {bad:?}", path.display());
        }
    }
}

#[test]
fn the_anatomy_check_itself_catches_and_allows_the_right_sentences() {
    assert_eq!(unqualified_anatomy("Is my vagina tense?").len(), 1);
    assert_eq!(
        unqualified_anatomy("Fine. Does my penis work? Fine.").len(),
        1
    );
    assert!(unqualified_anatomy("If you have a penis, notice this.").is_empty());
    assert!(unqualified_anatomy("This is for people with a vagina.").is_empty());
    assert!(unqualified_anatomy("Staying aroused, whatever that means for you.").is_empty());
}

#[test]
fn the_homework_example_uses_every_kind_and_a_tagged_follow_up() {
    let pack = parse(&root().join("prompts/examples/homework-example.json"));
    assert!(
        !BUILTIN_IDS.contains(&pack.id.as_str()),
        "the example must not reuse a built-in id"
    );
    for kind in [Kind::Text, Kind::YesNo, Kind::Scale, Kind::Choice] {
        assert!(
            pack.flat().iter().any(|(q, _)| q.kind == kind),
            "no {} question",
            kind.name()
        );
    }
    assert!(
        pack.questions
            .iter()
            .filter_map(|q| q.follow_up.as_ref())
            .any(|f| !f.question.answer_themes.is_empty()),
        "the example should show a follow-up that tags its answers with themes"
    );
}

#[test]
fn the_format_guide_quotes_the_homework_example_in_full() {
    let example = fs::read_to_string(root().join("prompts/examples/homework-example.json"))
        .unwrap_or_default();
    let guide = fs::read_to_string(root().join("docs/pack-format.md")).unwrap_or_default();
    assert!(!example.trim().is_empty());
    assert!(
        guide.contains(example.trim()),
        "docs/pack-format.md should include the example verbatim"
    );
}

/// The themes a structured answer raises: the question's own plus the answer's.
fn raised(q: &reflect::content::Question, value: &str) -> Vec<String> {
    let mut t = q.themes.clone();
    t.extend(q.answer_themes.get(value).cloned().unwrap_or_default());
    t
}

#[test]
fn answers_saying_a_person_is_not_safe_with_a_partner_raise_coercion() {
    let (mut trust, mut safe) = (0, 0);
    for pack in builtin_packs() {
        for (q, _) in pack.flat() {
            let prompt = q.prompt.to_lowercase();
            if q.kind == Kind::Scale && prompt.contains("trust") {
                trust += 1;
                let low = q.scale.as_ref().map(|s| s.low.as_str());
                assert_eq!(
                    low,
                    Some("Not at all"),
                    "{}: 1 should read \"Not at all\"",
                    q.id
                );
                let themes = raised(q, "1");
                assert!(
                    themes.contains(&"coercion".to_string()),
                    "{}: trust 1 raises {themes:?}",
                    q.id
                );
            }
            if q.kind == Kind::YesNo && (prompt.contains("afraid") || prompt.contains("safe")) {
                safe += 1;
                for v in ["no", "unsure"] {
                    let themes = raised(q, v);
                    assert!(
                        themes.contains(&"coercion".to_string()),
                        "{}: {v} raises {themes:?}",
                        q.id
                    );
                }
                assert!(
                    !raised(q, "yes").contains(&"coercion".to_string()),
                    "{}",
                    q.id
                );
            }
        }
    }
    assert!(trust >= 1, "no question asks how much a partner is trusted");
    assert!(
        safe >= 1,
        "no question asks whether a person feels safe with a partner"
    );
}

#[test]
fn a_coercion_answer_never_also_asks_for_partner_work() {
    for pack in builtin_packs() {
        for (q, _) in pack.flat() {
            for (v, themes) in &q.answer_themes {
                if themes.iter().any(|t| t == "coercion") {
                    let others: Vec<&String> = themes.iter().filter(|t| *t != "coercion").collect();
                    assert!(
                        others.is_empty(),
                        "{}.{}: {v} also raises {others:?}",
                        pack.id,
                        q.id
                    );
                }
            }
        }
    }
}

fn pack(id: &str) -> Pack {
    match builtin_packs().into_iter().find(|p| p.id == id) {
        Some(p) => p,
        None => panic!("{id} is not built in"),
    }
}

/// Where a question (follow-ups included) comes in a pack's order.
fn position(pack: &Pack, qid: &str) -> usize {
    match pack.flat().iter().position(|(q, _)| q.id == qid) {
        Some(i) => i,
        None => panic!("{} has no question {qid}", pack.id),
    }
}

#[test]
fn ask_yourself_tags_what_an_answer_says_and_assumes_no_unhappiness() {
    let p = pack("ask-yourself");
    let Some((sex, _)) = p.flat().into_iter().find(|(q, _)| q.id == "sex-comfort") else {
        panic!("no sex-comfort question")
    };
    assert!(
        !raised(sex, "no").is_empty(),
        "\"No\" to {:?} raises nothing",
        sex.prompt
    );
    let Some((early, _)) = p.flat().into_iter().find(|(q, _)| q.id == "early-messages") else {
        panic!("no early-messages question")
    };
    assert!(
        raised(early, "mostly-positive").is_empty(),
        "positive messages are no concern"
    );
    assert!(raised(early, "mostly-negative").contains(&"upbringing".to_string()));
    for pack in builtin_packs() {
        for q in &pack.questions {
            let prompt = q.prompt.to_lowercase();
            for presumes in ["unhappy", "not happy", "the problem", "what is wrong"] {
                assert!(
                    !prompt.contains(presumes),
                    "{}.{} presumes: {:?}",
                    pack.id,
                    q.id,
                    q.prompt
                );
            }
        }
    }
}

#[test]
fn before_a_first_session_asks_the_main_concern_before_sexual_history() {
    let p = pack("before-a-first-session");
    assert!(position(&p, "main-concern") < position(&p, "sexual-background"));
    assert!(
        position(&p, "main-concern") <= 1,
        "the main concern comes right after how going feels"
    );
}

#[test]
fn talking_with_a_partner_asks_about_trust_and_safety_before_suggesting_anything() {
    let p = pack("talking-with-a-partner");
    let suggests = p
        .flat()
        .iter()
        .position(|(q, _)| {
            let hint = q.hint.clone().unwrap_or_default().to_lowercase();
            hint.contains("toy") || hint.contains("game") || hint.contains("massage")
        })
        .unwrap_or_else(|| panic!("expected a question that suggests things to try"));
    assert!(position(&p, "trust") < suggests);
    assert!(position(&p, "safe-to-say-no") < suggests);
}

#[test]
fn structured_answers_name_a_body_only_when_the_answer_does() {
    for pack in builtin_packs() {
        for (q, _) in pack.flat() {
            for v in q.values() {
                let themes = raised(q, &v.value);
                let label = v.label.to_lowercase();
                let says =
                    |t: &str, word: &str| !themes.iter().any(|x| x == t) || label.contains(word);
                assert!(
                    says("erection", "erection") && says("ejaculation", "ejaculat"),
                    "{}.{}: {:?} raises {themes:?} without saying so",
                    pack.id,
                    q.id,
                    v.label
                );
            }
        }
    }
}

#[test]
fn questions_vary_in_kind_and_opening_words() {
    for pack in builtin_packs() {
        let mut run = 0;
        for q in &pack.questions {
            run = if q.kind == Kind::Scale { run + 1 } else { 0 };
            assert!(
                run <= 3,
                "{}: more than three scales in a row at {}",
                pack.id,
                q.id
            );
        }
        let mut openings: std::collections::BTreeMap<String, Vec<&str>> = Default::default();
        for (q, _) in pack.flat() {
            let key: Vec<&str> = q.prompt.split_whitespace().take(3).collect();
            openings
                .entry(key.join(" ").to_lowercase())
                .or_default()
                .push(&q.id);
        }
        for (words, ids) in openings {
            assert!(
                ids.len() <= 2,
                "{}: {} questions start \"{words}\": {ids:?}",
                pack.id,
                ids.len()
            );
        }
    }
}

#[test]
fn performance_worries_asks_about_avoiding_sex() {
    let p = pack("performance-worries");
    let Some((q, _)) = p
        .flat()
        .into_iter()
        .find(|(q, _)| q.prompt.to_lowercase().contains("avoid"))
    else {
        panic!("no question about avoiding sex")
    };
    assert!(
        raised(q, "yes").contains(&"performance-anxiety".to_string()),
        "{}: yes raises nothing",
        q.id
    );
}
