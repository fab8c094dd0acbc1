//! Writing a pack without JSON pain: the mistakes a word processor or a
//! first-time author makes get plain words, a place, and all in one pass.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use reflect::content::lint::parse_bytes;
use reflect::content::{Pack, Problem};

const GOOD: &str = r#"{
  "schema": 1,
  "id": "between-sessions",
  "title": "Between sessions",
  "description": "A few questions — take your time.",
  "questions": [
    { "id": "week", "prompt": "How was your week?", "kind": "text", "themes": ["communication"] },
    { "id": "ok", "prompt": "Did the exercise feel all right?", "kind": "yes_no",
      "follow_up": { "when": ["no"], "question": { "id": "ok-why", "prompt": "What got in the way?", "kind": "text" } } },
    { "id": "mood", "prompt": "Which word fits?", "kind": "choice",
      "options": [ { "value": "calm", "label": "Calm" }, { "value": "tense", "label": "Tense" } ],
      "answer_themes": { "tense": ["performance-anxiety"] } }
  ]
}"#;

fn problems(text: &str) -> Vec<Problem> {
    match Pack::parse("p.json", text) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems,
    }
}

fn messages(text: &str) -> String {
    problems(text)
        .iter()
        .map(|p| format!("{}:{}: {}", p.line, p.col, p.message))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_example_is_good() {
    assert_eq!(messages(GOOD), "");
}

#[test]
fn curly_quotes_are_named_as_such_with_the_place() {
    let text = GOOD.replace(
        "\"title\": \"Between sessions\"",
        "“title”: “Between sessions”",
    );
    let p = problems(&text);
    assert_eq!(p.len(), 1, "one per line: {p:?}");
    assert_eq!((p[0].line, p[0].col), (4, 3));
    assert!(p[0].message.contains("curly quote"), "{}", p[0].message);
    assert!(!p[0].message.contains("key must be a string"));
    // Inside text, curly quotes are just text.
    let fine = GOOD.replace("How was your week?", "How was “the talk”?");
    assert_eq!(messages(&fine), "");
}

#[test]
fn a_byte_order_mark_and_non_breaking_spaces_between_values_are_fine() {
    let bom = format!("\u{feff}{GOOD}");
    assert_eq!(messages(&bom), "");
    assert!(parse_bytes("p.json", bom.as_bytes()).is_ok());
    let nbsp = GOOD.replace("  \"schema\"", "\u{a0}\u{a0}\"schema\"");
    assert_eq!(messages(&nbsp), "");
    // Inside text a non-breaking space is kept as typed.
    let kept = GOOD.replace("How was your week?", "How was your\u{a0}week?");
    let p = Pack::parse("p.json", &kept).unwrap();
    assert_eq!(p.questions[0].prompt, "How was your\u{a0}week?");
}

#[test]
fn a_windows_1252_file_is_recognised_and_named() {
    // “ and ” in Windows-1252 are the bytes 0x93 and 0x94.
    let mut bytes = GOOD
        .replace("How was your week?", "How was \u{1}week\u{2}?")
        .into_bytes();
    for b in &mut bytes {
        match *b {
            1 => *b = 0x93,
            2 => *b = 0x94,
            _ => {}
        }
    }
    let e = parse_bytes("notepad.json", &bytes).unwrap_err();
    assert_eq!(e.problems.len(), 1);
    assert_eq!(e.problems[0].line, 7);
    assert!(e.problems[0].message.contains("Windows-1252"), "{e}");
    assert!(e.problems[0].message.contains("UTF-8"), "{e}");
}

#[test]
fn a_quoted_schema_and_questions_as_a_group_get_plain_sentences() {
    let quoted = GOOD.replace("\"schema\": 1", "\"schema\": \"1\"");
    let m = messages(&quoted);
    assert!(
        m.starts_with("2:13: the schema is a plain number without quotes"),
        "{m}"
    );
    assert!(!m.contains("u32"), "{m}");
    let group = GOOD
        .replace("\"questions\": [", "\"questions\": {")
        .replace("{ \"id\": \"week\"", "\"one\": { \"id\": \"week\"")
        .replace("{ \"id\": \"ok\"", "\"two\": { \"id\": \"ok\"")
        .replace("{ \"id\": \"mood\"", "\"three\": { \"id\": \"mood\"")
        .replace("  ]\n}", "  }\n}");
    let m = messages(&group);
    assert!(m.contains("\"questions\" is a list"), "{m}");
    assert!(!m.contains("sequence"), "{m}");
    assert_eq!(problems(&group).len(), 1, "{m}");
}

#[test]
fn every_problem_is_found_in_one_pass() {
    let text = GOOD
        .replace(
            "\"prompt\": \"How was your week?\"",
            "\"promt\": \"How was your week?\"",
        )
        .replace("\"kind\": \"yes_no\"", "\"kind\": \"yes/no\"")
        .replace("[\"communication\"]", "[\"communicaton\", \"feelings\"]");
    let p = problems(&text);
    let m = messages(&text);
    assert_eq!(p.len(), 4, "{m}");
    assert!(
        m.contains("\"promt\" is not a field reflect knows here; did you mean \"prompt\"?"),
        "{m}"
    );
    assert!(
        m.contains("\"yes/no\" is not a question kind; did you mean \"yes_no\"?"),
        "{m}"
    );
    assert!(m.contains("\"communicaton\" is not a theme"), "{m}");
    assert!(m.contains("\"feelings\" is not a theme"), "{m}");
}

#[test]
fn a_missing_or_unquoted_kind_is_reported_once() {
    let missing = GOOD.replace("\"kind\": \"text\", \"themes\"", "\"themes\"");
    let p = problems(&missing);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].message.contains("needs a \"kind\""), "{p:?}");
    let null = GOOD.replace(
        "\"kind\": \"text\", \"themes\"",
        "\"kind\": null, \"themes\"",
    );
    let p = problems(&null);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].message.contains("between quotes"), "{p:?}");
}

#[test]
fn a_choice_without_options_is_reported_once() {
    let text = GOOD.replace(
        "\"options\": [ { \"value\": \"calm\", \"label\": \"Calm\" }, { \"value\": \"tense\", \"label\": \"Tense\" } ],",
        "",
    );
    let p = problems(&text);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].message.contains("at least two options"));
}

#[test]
fn columns_count_characters_not_bytes() {
    // A missing comma after a line with an em dash and an accent.
    let text = GOOD.replace(
        "\"description\": \"A few questions — take your time.\",",
        "\"description\": \"Café — take your time.\" \"x\": 1,",
    );
    let p = problems(&text);
    assert_eq!(p.len(), 1, "{p:?}");
    let line = text.lines().nth(p[0].line - 1).unwrap();
    let at: String = line.chars().skip(p[0].col - 1).take(3).collect();
    assert_eq!(at, "\"x\"", "col {} on {line:?}", p[0].col);
}

#[test]
fn validate_says_when_the_id_is_a_built_in_packs() {
    let text = GOOD.replace("between-sessions", "ask-yourself");
    let e = parse_bytes("mine.json", text.as_bytes()).unwrap_err();
    assert_eq!((e.problems[0].line, e.problems[0].col), (3, 9));
    assert!(
        e.problems[0]
            .message
            .contains("built-in pack already uses the id"),
        "{e}"
    );
}

#[test]
fn ids_are_letters_digits_and_dashes_everywhere() {
    let text = GOOD.replace("\"ok-why\"", "\"ok_why\"");
    assert!(messages(&text).contains("letters, digits and dashes"));
    let text = GOOD.replace("\"between-sessions\"", "\"between_sessions\"");
    assert!(messages(&text).contains("letters, digits and dashes"));
}

#[test]
fn a_return_to_key_must_be_a_public_age_key() {
    let key = reflect::keys::generate();
    let with = |r: &str| {
        GOOD.replace(
            "  \"questions\": [",
            &format!("  \"return_to\": {{ \"name\": \"Dr Sam\", \"recipient\": \"{r}\" }},\n  \"questions\": ["),
        )
    };
    assert_eq!(messages(&with(&key.recipient)), "");
    let secret = key
        .identity_file
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY"))
        .unwrap()
        .to_string();
    let m = messages(&with(&secret));
    assert!(m.starts_with("6:"), "{m}");
    assert!(
        m.contains("not an age public key") && m.contains("never the secret key"),
        "{m}"
    );
    let m = messages(&with("age1notakey"));
    assert!(m.contains("not an age public key"), "{m}");
}

mod shapes {
    use super::GOOD;
    use proptest::prelude::*;
    use reflect::content::Pack;
    use serde_json::Value;

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "[a-z_ 1-5-]{0,8}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop_oneof![
                        Just("id".to_string()),
                        Just("kind".to_string()),
                        Just("question".to_string()),
                        Just("when".to_string()),
                        "[a-z_]{1,8}"
                    ],
                    inner,
                    0..4
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    const FIELDS: [&str; 14] = [
        "schema",
        "id",
        "title",
        "with_partner",
        "return_to",
        "questions",
        "prompt",
        "kind",
        "options",
        "scale",
        "themes",
        "answer_themes",
        "follow_up",
        "promt",
    ];

    proptest! {
        /// Any value in any field: reported with a place, or accepted; never a panic.
        #[test]
        fn any_shape_in_any_field_is_reported_never_a_crash(
            field in 0..FIELDS.len(),
            at_question in prop::option::of(0..3usize),
            v in any_json(),
        ) {
            let mut pack: Value = serde_json::from_str(GOOD).unwrap();
            let target = match at_question {
                Some(q) => &mut pack["questions"][q],
                None => &mut pack,
            };
            if let Some(obj) = target.as_object_mut() {
                obj.insert(FIELDS[field].to_string(), v);
            }
            let text = serde_json::to_string_pretty(&pack).unwrap();
            if let Err(e) = Pack::parse("p.json", &text) {
                prop_assert!(!e.problems.is_empty());
                let lines = text.lines().count();
                for p in &e.problems {
                    prop_assert!(p.line >= 1 && p.line <= lines && p.col >= 1, "{p:?}");
                    prop_assert!(!p.message.is_empty());
                }
            }
        }
    }
}
