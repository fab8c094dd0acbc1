//! Question packs: the format, parsing, and validation with `LINE:COL` advice.
//!
//! The format is documented for therapists in `docs/pack-format.md`.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::is_theme;
use super::span::Spans;

/// The pack schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The largest pack file reflect reads (1 MiB): far more than any set of
/// questions a person answers, small enough to check at once.
pub const MAX_PACK_BYTES: usize = 1024 * 1024;

/// The most questions (follow-ups included) one pack may have.
pub const MAX_QUESTIONS: usize = 1000;

/// A set of questions to reflect on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    pub schema: u32,
    pub id: String,
    pub title: String,
    pub description: String,
    /// Whether the pack asks for a partner's cooperation (answered together,
    /// or leading to a talk with them). Never suggested while the answers say
    /// the person may not be safe with a partner.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub with_partner: bool,
    /// Who the answers go back to: exports are encrypted so only they can read them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_to: Option<ReturnTo>,
    pub questions: Vec<Question>,
}

/// The therapist a pack's answers return to: a name the client will
/// recognise and their age public key (`age1…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnTo {
    pub name: String,
    pub recipient: String,
}

/// One question, possibly with a follow-up shown only for some answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    pub kind: Kind,
    /// For `choice`: the options, in the order shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    /// For `scale`: the words at each end of 1–5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<ScaleLabels>,
    /// Themes this question touches whatever the answer (used for free text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    /// Themes raised by particular answers, keyed by answer value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answer_themes: BTreeMap<String, Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUp>,
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Text,
    YesNo,
    Scale,
    Choice,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::YesNo => "yes_no",
            Kind::Scale => "scale",
            Kind::Choice => "choice",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleLabels {
    pub low: String,
    pub high: String,
}

/// A question shown right after its parent when the parent's answer is one of `when`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    pub when: Vec<String>,
    pub question: Box<Question>,
}

/// One possible answer to a structured question: the stored value and what the person sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerValue {
    /// Stable value stored in the journal (`yes`, `4`, `negative`).
    pub value: String,
    /// Words shown to the person (`Not sure`, `4 · Often`).
    pub label: String,
    /// What plain mode accepts for it (`u`, `4`, `2`).
    pub key: String,
}

const YES_NO: [(&str, &str, &str); 3] = [
    ("yes", "Yes", "y"),
    ("no", "No", "n"),
    ("unsure", "Not sure", "u"),
];

impl Question {
    /// The answers a structured question can have, in display order; empty for `text`.
    pub fn values(&self) -> Vec<AnswerValue> {
        match self.kind {
            Kind::Text => Vec::new(),
            Kind::YesNo => YES_NO
                .iter()
                .map(|(v, l, k)| AnswerValue {
                    value: (*v).into(),
                    label: (*l).into(),
                    key: (*k).into(),
                })
                .collect(),
            Kind::Scale => (1..=5)
                .map(|n| {
                    let end = match (&self.scale, n) {
                        (Some(s), 1) => format!(" · {}", s.low),
                        (Some(s), 5) => format!(" · {}", s.high),
                        _ => String::new(),
                    };
                    AnswerValue {
                        value: n.to_string(),
                        label: format!("{n}{end}"),
                        key: n.to_string(),
                    }
                })
                .collect(),
            Kind::Choice => self
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| AnswerValue {
                    value: o.value.clone(),
                    label: o.label.clone(),
                    key: (i + 1).to_string(),
                })
                .collect(),
        }
    }

    /// The label for a stored value, if the question has it.
    pub fn label_of(&self, value: &str) -> Option<String> {
        self.values()
            .into_iter()
            .find(|v| v.value == value)
            .map(|v| v.label)
    }

    /// Whether the follow-up should be shown for this answer value.
    pub fn follow_up_for(&self, value: Option<&str>) -> Option<&Question> {
        let f = self.follow_up.as_ref()?;
        let v = value?;
        f.when.iter().any(|w| w == v).then_some(&*f.question)
    }
}

impl Pack {
    /// Parse and validate a pack. `name` is used in messages (a file name).
    pub fn parse(name: &str, text: &str) -> Result<Pack, PackError> {
        if text.len() > MAX_PACK_BYTES {
            return Err(PackError {
                file: name.to_string(),
                problems: vec![too_big(text.len())],
            });
        }
        let text = &*super::lint::clean(text);
        let fail = |problems| PackError {
            file: name.to_string(),
            problems,
        };
        // When serde refuses the text, the lint module words the problem
        // plainly and, where it can repair the pack, lets every other check run.
        let (pack, mut problems) = match serde_json::from_str::<Pack>(text) {
            Ok(pack) => (pack, Vec::new()),
            Err(e) => match super::lint::explain(text) {
                (problems, Some(pack)) => (pack, problems),
                (problems, None) if !problems.is_empty() => return Err(fail(problems)),
                (_, None) => {
                    let mut p = Problem::from_serde(&e);
                    p.col = super::lint::char_column(text, p.line, p.col);
                    return Err(fail(vec![p]));
                }
            },
        };
        problems.extend(pack.check(text));
        problems.sort_by_key(|p| (p.line, p.col));
        if problems.is_empty() {
            Ok(pack)
        } else {
            Err(fail(problems))
        }
    }

    /// Every question, each top-level one followed by its follow-up, with the parent's id.
    pub fn flat(&self) -> Vec<(&Question, Option<&Question>)> {
        let mut out = Vec::new();
        for q in &self.questions {
            out.push((q, None));
            if let Some(f) = &q.follow_up {
                out.push((&*f.question, Some(q)));
            }
        }
        out
    }

    /// Find a question (top-level or follow-up) by id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.flat().into_iter().map(|(q, _)| q).find(|q| q.id == id)
    }

    /// Semantic checks on a pack that parsed. Positions come from `text`.
    fn check(&self, text: &str) -> Vec<Problem> {
        let spans = Spans::index(text);
        let mut problems = Vec::new();
        for (path, (line, col)) in spans.duplicates() {
            let key = path.rsplit('.').next().unwrap_or(path);
            problems.push(Problem {
                line: *line,
                col: *col,
                path: path.clone(),
                message: format!(
                    "\"{key}\" is given twice here, and only the last one would count; keep one"
                ),
            });
        }
        for (path, (line, col), c) in spans.controls() {
            problems.push(Problem {
                line: *line,
                col: *col,
                path: path.clone(),
                message: format!(
                    "this text holds an invisible control character (U+{:04X}) that could change what a terminal shows; remove it",
                    u32::from(*c)
                ),
            });
        }
        let mut at = |path: String, message: String| {
            let (line, col) = spans.find(&path);
            problems.push(Problem {
                line,
                col,
                path,
                message,
            });
        };
        if self.schema != SCHEMA_VERSION {
            at(
                "schema".into(),
                format!(
                    "this pack says schema {}, but this version of reflect reads schema {SCHEMA_VERSION}; set \"schema\": {SCHEMA_VERSION}",
                    self.schema
                ),
            );
        }
        if !valid_id(&self.id) {
            at(
                "id".into(),
                "a pack id needs letters, digits and dashes only, like \"before-my-session\""
                    .into(),
            );
        }
        if self.title.trim().is_empty() {
            at("title".into(), "the pack needs a title".into());
        }
        if self.description.trim().is_empty() {
            at(
                "description".into(),
                "add a one-line description so the person knows what the pack is for".into(),
            );
        }
        if self.questions.is_empty() {
            at(
                "questions".into(),
                "the pack has no questions yet; add at least one".into(),
            );
        }
        let count = self.flat().len();
        if count > MAX_QUESTIONS {
            at(
                "questions".into(),
                format!(
                    "this pack has {count} questions, more than the {MAX_QUESTIONS} a pack may have; split it into smaller packs"
                ),
            );
        }
        let mut seen = HashSet::new();
        for (i, q) in self.questions.iter().enumerate() {
            check_question(q, &format!("questions[{i}]"), true, &mut seen, &mut at);
        }
        super::lint::check_pack(self, &mut at);
        problems.sort_by_key(|p| (p.line, p.col));
        problems
    }
}

/// The problem for a file over `MAX_PACK_BYTES`, at its start.
pub fn too_big(len: usize) -> Problem {
    Problem {
        line: 1,
        col: 1,
        path: String::new(),
        message: format!(
            "this file is {:.1} MB, more than the {} MB a pack may be; split it into smaller packs",
            len as f64 / (1024.0 * 1024.0),
            MAX_PACK_BYTES / (1024 * 1024)
        ),
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn check_question(
    q: &Question,
    path: &str,
    top: bool,
    seen: &mut HashSet<String>,
    at: &mut impl FnMut(String, String),
) {
    if !valid_id(&q.id) {
        at(
            format!("{path}.id"),
            "a question id needs letters, digits and dashes only, like \"body-comfort\"".into(),
        );
    } else if !seen.insert(q.id.clone()) {
        at(
            format!("{path}.id"),
            format!(
                "the id \"{}\" is used by another question; give each question its own id",
                q.id
            ),
        );
    }
    if q.prompt.trim().is_empty() {
        at(
            format!("{path}.prompt"),
            "this question has no words yet; write the question in \"prompt\"".into(),
        );
    }
    if q.hint.as_deref().is_some_and(|h| h.trim().is_empty()) {
        at(
            format!("{path}.hint"),
            "the hint is empty; write one or leave \"hint\" out".into(),
        );
    }
    match q.kind {
        Kind::Choice => {
            if q.options.len() < 2 {
                at(
                    format!("{path}.options"),
                    "a choice question needs at least two options, each with a \"value\" and a \"label\"".into(),
                );
            }
            let mut vals = HashSet::new();
            for (i, o) in q.options.iter().enumerate() {
                if !valid_id(&o.value) {
                    at(
                        format!("{path}.options[{i}].value"),
                        "an option value needs letters, digits and dashes only, like \"mostly-positive\"".into(),
                    );
                } else if !vals.insert(o.value.as_str()) {
                    at(
                        format!("{path}.options[{i}].value"),
                        format!(
                            "two options share the value \"{}\"; give each its own",
                            o.value
                        ),
                    );
                }
                if o.label.trim().is_empty() {
                    at(
                        format!("{path}.options[{i}].label"),
                        "this option has no label to show".into(),
                    );
                }
            }
        }
        _ if !q.options.is_empty() => at(
            format!("{path}.options"),
            format!(
                "only a choice question has options; this one is \"{}\"",
                q.kind.name()
            ),
        ),
        _ => {}
    }
    if q.scale.is_some() && q.kind != Kind::Scale {
        at(
            format!("{path}.scale"),
            format!(
                "only a scale question has scale labels; this one is \"{}\"",
                q.kind.name()
            ),
        );
    }
    for (i, t) in q.themes.iter().enumerate() {
        if !is_theme(t) {
            at(format!("{path}.themes[{i}]"), unknown_theme(t));
        }
    }
    let values = q.values();
    let allowed = || {
        values
            .iter()
            .map(|v| v.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    // A choice without options has already been reported once: nothing
    // more to say about answers it cannot have.
    let no_answers = q.kind != Kind::Text && values.is_empty();
    if no_answers {
    } else if !q.answer_themes.is_empty() && q.kind == Kind::Text {
        at(
            format!("{path}.answer_themes"),
            "a text question has no set answers to tag; use \"themes\" instead".into(),
        );
    } else {
        for (value, themes) in &q.answer_themes {
            if !values.iter().any(|v| &v.value == value) {
                at(
                    format!("{path}.answer_themes.{value}"),
                    format!(
                        "\"{value}\" is not an answer this question can have: {}",
                        allowed()
                    ),
                );
            }
            for (i, t) in themes.iter().enumerate() {
                if !is_theme(t) {
                    at(
                        format!("{path}.answer_themes.{value}[{i}]"),
                        unknown_theme(t),
                    );
                }
            }
        }
    }
    if let Some(f) = &q.follow_up {
        let fpath = format!("{path}.follow_up");
        if !top {
            at(
                fpath.clone(),
                "a follow-up cannot have a follow-up of its own; move it to the main list".into(),
            );
        }
        if q.kind == Kind::Text {
            at(
                format!("{fpath}.when"),
                "a follow-up can only depend on a question with set answers (yes_no, scale or choice)".into(),
            );
        } else if no_answers {
        } else if f.when.is_empty() {
            at(
                format!("{fpath}.when"),
                format!("say which answers show the follow-up, from: {}", allowed()),
            );
        } else {
            for (i, w) in f.when.iter().enumerate() {
                if !values.iter().any(|v| &v.value == w) {
                    at(
                        format!("{fpath}.when[{i}]"),
                        format!(
                            "a follow-up can only depend on an answer this question can have: {}",
                            allowed()
                        ),
                    );
                }
            }
        }
        check_question(&f.question, &format!("{fpath}.question"), false, seen, at);
    }
}

fn unknown_theme(t: &str) -> String {
    format!(
        "\"{t}\" is not a theme reflect knows; use one of: {}",
        super::THEME_IDS.join(", ")
    )
}

/// One thing wrong with a pack, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    /// The JSON path of the value (`questions[2].follow_up.when`), empty for syntax errors.
    pub path: String,
    pub message: String,
}

impl Problem {
    fn from_serde(e: &serde_json::Error) -> Problem {
        Problem {
            line: e.line().max(1),
            col: e.column().max(1),
            path: String::new(),
            message: friendly_serde(e),
        }
    }
}

/// serde's words, reworded for someone who does not program.
fn friendly_serde(e: &serde_json::Error) -> String {
    let raw = e.to_string();
    // serde appends " at line X column Y"; we print the position ourselves.
    let raw = raw.split(" at line ").next().unwrap_or(&raw).to_string();
    if raw.starts_with("unknown field") {
        let field = raw.split('`').nth(1).unwrap_or("?");
        let expected: Vec<&str> = raw
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .split('`')
            .skip(1)
            .step_by(2)
            .collect();
        return format!(
            "\"{field}\" is not a field reflect knows here; the fields allowed are: {}",
            expected.join(", ")
        );
    }
    if raw.starts_with("missing field") {
        let field = raw.split('`').nth(1).unwrap_or("?");
        return format!("this part needs a \"{field}\" field");
    }
    if raw.starts_with("unknown variant") {
        let got = raw.split('`').nth(1).unwrap_or("?");
        return format!(
            "\"{got}\" is not a question kind; use one of: text, yes_no, scale, choice"
        );
    }
    if raw == "trailing comma" {
        return "there is a comma after the last item of a list or group here; remove it".into();
    }
    if raw.starts_with("invalid type") {
        let got = raw
            .trim_start_matches("invalid type: ")
            .split(',')
            .next()
            .unwrap_or("");
        let wanted = raw.split("expected ").nth(1).unwrap_or("something else");
        let hint = if got.starts_with("integer") && wanted.contains("string") {
            "; put it in quotes, like \"4\""
        } else {
            ""
        };
        return format!("this should be {wanted}, but it is {got}{hint}");
    }
    match e.classify() {
        serde_json::error::Category::Eof => {
            "the file ends too early; check that every { [ and \" is closed".into()
        }
        serde_json::error::Category::Syntax => format!(
            "this is not valid JSON here ({raw}); check for a missing comma, quote or bracket just before"
        ),
        _ => raw,
    }
}

/// A pack that cannot be used, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PackError {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for PackError {
    /// One `FILE:LINE:COL: message` line per problem.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}:{}: {}", self.file, p.line, p.col, p.message)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
  "schema": 1,
  "id": "tiny",
  "title": "Tiny",
  "description": "A small pack.",
  "questions": [
    { "id": "body", "prompt": "Am I comfortable with my body?", "kind": "yes_no",
      "answer_themes": { "no": ["body-image"] },
      "follow_up": { "when": ["no", "unsure"],
        "question": { "id": "body-how", "prompt": "In what way?", "kind": "text" } } },
    { "id": "often", "prompt": "How often?", "kind": "scale",
      "scale": { "low": "Never", "high": "Always" } },
    { "id": "msgs", "prompt": "Messages?", "kind": "choice",
      "options": [ { "value": "pos", "label": "Positive" }, { "value": "neg", "label": "Negative" } ] }
  ]
}"#;

    fn problems(text: &str) -> Vec<Problem> {
        Pack::parse("p.json", text)
            .err()
            .map(|e| e.problems)
            .unwrap_or_default()
    }

    #[test]
    fn a_good_pack_parses_and_flattens_follow_ups_after_their_parent() {
        let p = Pack::parse("p.json", GOOD).unwrap();
        let ids: Vec<_> = p.flat().iter().map(|(q, _)| q.id.as_str()).collect();
        assert_eq!(ids, ["body", "body-how", "often", "msgs"]);
        let body = p.question("body").unwrap();
        assert_eq!(
            body.follow_up_for(Some("unsure")).map(|q| q.id.as_str()),
            Some("body-how")
        );
        assert!(body.follow_up_for(Some("yes")).is_none());
        assert_eq!(p.question("often").unwrap().values()[4].label, "5 · Always");
        assert_eq!(p.question("msgs").unwrap().values()[1].key, "2");
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let text = "{\n  \"schema\": 1,\n  \"id\": \"x\"\n  \"title\": \"t\"\n}";
        let p = problems(text);
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].line, p[0].col), (4, 3));
        assert!(p[0].message.contains("missing comma"), "{}", p[0].message);
    }

    #[test]
    fn an_unknown_field_is_named_with_the_allowed_ones() {
        let text = GOOD
            .replace("\"hint\"", "x")
            .replace("\"prompt\": \"How often?\"", "\"promt\": \"How often?\"");
        let p = problems(&text);
        assert!(
            p[0].message.contains("\"promt\" is not a field"),
            "{}",
            p[0].message
        );
        assert!(p[0].message.contains("prompt"));
    }

    #[test]
    fn follow_up_on_an_impossible_answer_points_at_that_value() {
        let text = GOOD.replace(
            "\"when\": [\"no\", \"unsure\"]",
            "\"when\": [\"no\", \"maybe\"]",
        );
        let p = problems(&text);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].path, "questions[0].follow_up.when[1]");
        assert_eq!((p[0].line, p[0].col), (9, 37));
        assert!(p[0].message.contains("yes, no, unsure"));
    }

    #[test]
    fn every_semantic_error_kind_is_reported() {
        let dup = GOOD.replace("\"id\": \"often\"", "\"id\": \"body\"");
        assert!(
            problems(&dup)[0]
                .message
                .contains("used by another question")
        );
        let theme = GOOD.replace("[\"body-image\"]", "[\"bodyimage\"]");
        assert_eq!(problems(&theme)[0].path, "questions[0].answer_themes.no[0]");
        let empty = GOOD.replace("\"In what way?\"", "\"  \"");
        assert_eq!(
            problems(&empty)[0].path,
            "questions[0].follow_up.question.prompt"
        );
        let schema = GOOD.replace("\"schema\": 1", "\"schema\": 7");
        let p = problems(&schema);
        assert_eq!((p[0].line, p[0].path.as_str()), (2, "schema"));
        let answer = GOOD.replace("\"no\": [\"body-image\"]", "\"nope\": [\"body-image\"]");
        assert!(
            problems(&answer)[0]
                .message
                .contains("not an answer this question can have")
        );
        let kind = GOOD.replace("\"kind\": \"scale\"", "\"kind\": \"slider\"");
        assert!(problems(&kind)[0].message.contains("not a question kind"));
    }

    #[test]
    fn common_json_slips_get_advice_not_parser_words() {
        let trailing = GOOD.replace("\"Always\" } },", "\"Always\", } },");
        assert!(
            problems(&trailing)[0].message.contains("remove it"),
            "{:?}",
            problems(&trailing)
        );
        let number = GOOD.replace("[\"no\", \"unsure\"]", "[4]");
        let p = problems(&number);
        assert!(p[0].message.contains("put it in quotes"), "{p:?}");
    }

    #[test]
    fn an_answer_given_twice_in_answer_themes_is_named_where_it_repeats() {
        let text = GOOD.replace(
            "\"answer_themes\": { \"no\": [\"body-image\"] }",
            "\"answer_themes\": { \"no\": [\"body-image\"], \"no\": [\"pain\"] }",
        );
        let p = problems(&text);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].path, "questions[0].answer_themes.no");
        assert_eq!((p[0].line, p[0].col), (8, 48));
        assert!(
            p[0].message.contains("\"no\" is given twice"),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn problems_render_as_file_line_col_lines() {
        let text = GOOD.replace("\"id\": \"often\"", "\"id\": \"body\"");
        let e = Pack::parse("homework.json", &text).unwrap_err();
        assert!(e.to_string().starts_with("homework.json:11:13: "), "{e}");
    }

    #[test]
    fn control_characters_in_pack_text_are_refused_at_their_place() {
        let text = GOOD.replace(
            "Am I comfortable",
            "\\u001b]52;c;aGk=\\u0007Am I comfortable",
        );
        let p = problems(&text);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].path, "questions[0].prompt");
        assert_eq!((p[0].line, p[0].col), (7, 32));
        assert!(p[0].message.contains("U+001B"), "{}", p[0].message);
        assert!(p[1].message.contains("U+0007"), "{}", p[1].message);
        let bidi = GOOD.replace("\"Tiny\"", "\"Ti\u{202E}ny\"");
        let p = problems(&bidi);
        assert_eq!((p[0].path.as_str(), p[0].line, p[0].col), ("title", 4, 15));
    }

    #[test]
    fn a_pack_too_big_to_answer_is_refused_with_a_clear_message() {
        let huge = format!("{GOOD}{}", " ".repeat(MAX_PACK_BYTES));
        let p = problems(&huge);
        assert_eq!((p[0].line, p[0].col), (1, 1));
        assert!(p[0].message.contains("split it"), "{}", p[0].message);
        let q = r#"{ "id": "qN", "prompt": "Why?", "kind": "text" }"#;
        let many: Vec<String> = (0..=MAX_QUESTIONS)
            .map(|i| q.replace("qN", &format!("q{i}")))
            .collect();
        let text = format!(
            r#"{{"schema": 1, "id": "many", "title": "Many", "description": "d", "questions": [{}]}}"#,
            many.join(",")
        );
        let p = problems(&text);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].path, "questions");
        assert!(p[0].message.contains("1001 questions"), "{}", p[0].message);
    }
}
