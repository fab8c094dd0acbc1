//! Repairing a pack serde_json refused, in memory, so that every problem in
//! it is reported in one pass: a misspelt field is read under the name it was
//! meant to have, a quoted schema as a number, `questions` written as a group
//! as a list, an unknown kind as the likeliest one. Each repair is reported.

use serde_json::{Map, Value};

use super::super::span::Spans;
use super::super::{Problem, SCHEMA_VERSION};

pub(super) struct Fixer<'a> {
    spans: &'a Spans,
    pub(super) problems: Vec<Problem>,
    missing: usize,
}

const PACK_FIELDS: [&str; 7] = [
    "schema",
    "id",
    "title",
    "description",
    "with_partner",
    "return_to",
    "questions",
];
const QUESTION_FIELDS: [&str; 9] = [
    "id",
    "prompt",
    "hint",
    "kind",
    "options",
    "scale",
    "themes",
    "answer_themes",
    "follow_up",
];
const KINDS: [&str; 4] = ["text", "yes_no", "scale", "choice"];

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A field name a person probably meant: same letters give or take two.
fn closest<'a>(typed: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let typed = typed.to_lowercase();
    allowed
        .iter()
        .map(|a| (distance(&typed, a), *a))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

impl<'a> Fixer<'a> {
    pub(super) fn new(spans: &'a Spans) -> Fixer<'a> {
        Fixer {
            spans,
            problems: Vec::new(),
            missing: 0,
        }
    }

    fn at(&mut self, path: &str, message: String) {
        let (line, col) = self.spans.find(path);
        self.problems.push(Problem {
            line,
            col,
            path: path.to_string(),
            message,
        });
    }

    /// Unknown fields reported (with a likely meaning) and dropped; missing
    /// required ones reported and filled with a stand-in.
    fn fields(
        &mut self,
        obj: &mut Map<String, Value>,
        path: &str,
        allowed: &[&str],
        required: &[&str],
    ) {
        let unknown: Vec<String> = obj
            .keys()
            .filter(|k| !allowed.contains(&k.as_str()))
            .cloned()
            .collect();
        for k in unknown {
            let hint = match closest(&k, allowed) {
                Some(a) => format!("; did you mean \"{a}\"?"),
                None => format!("; the fields allowed here are: {}", allowed.join(", ")),
            };
            self.at(
                &join(path, &k),
                format!("\"{k}\" is not a field reflect knows here{hint}"),
            );
            if let Some(v) = obj.remove(&k)
                && let Some(a) = closest(&k, allowed)
                && !obj.contains_key(a)
            {
                obj.insert(a.to_string(), v);
            }
        }
        for r in required {
            if !obj.contains_key(*r) {
                self.at(path, format!("this part needs a \"{r}\" field"));
                self.missing += 1;
                let stand_in = match *r {
                    "schema" => Value::from(SCHEMA_VERSION),
                    "questions" => Value::Array(Vec::new()),
                    "id" => Value::from(format!("missing-{}", self.missing)),
                    "when" => Value::Array(Vec::new()),
                    "question" => {
                        serde_json::json!({"id": format!("missing-{}", self.missing), "prompt": "?", "kind": "text"})
                    }
                    _ => Value::from("?"),
                };
                obj.insert((*r).to_string(), stand_in);
            }
        }
    }

    /// Text in quotes; a number is put in quotes (and said so).
    fn text(&mut self, obj: &mut Map<String, Value>, key: &str, path: &str) {
        let path = join(path, key);
        match obj.get(key) {
            None | Some(Value::String(_)) => {}
            Some(Value::Number(n)) => {
                let n = n.to_string();
                self.at(&path, format!("put it in quotes, like \"{n}\""));
                obj.insert(key.into(), Value::from(n));
            }
            Some(_) => {
                self.at(&path, "this should be text between straight quotes".into());
                obj.insert(key.into(), Value::from("?"));
            }
        }
    }

    /// A list of text; a single text is put in a list (and said so).
    fn text_list(&mut self, obj: &mut Map<String, Value>, key: &str, path: &str) {
        let path = join(path, key);
        let Some(v) = obj.get_mut(key) else { return };
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    match item {
                        Value::String(_) => {}
                        Value::Number(n) => {
                            let n = n.to_string();
                            self.at(
                                &format!("{path}[{i}]"),
                                format!("put it in quotes, like \"{n}\""),
                            );
                            *item = Value::from(n);
                        }
                        _ => {
                            self.at(
                                &format!("{path}[{i}]"),
                                "this should be text between straight quotes".into(),
                            );
                            *item = Value::from("?");
                        }
                    }
                }
            }
            Value::String(s) => {
                let s = s.clone();
                self.at(
                    &path,
                    format!("this is a list even with one item: write [\"{s}\"]"),
                );
                *v = Value::Array(vec![Value::from(s)]);
            }
            _ => {
                self.at(
                    &path,
                    "this should be a list between [ and ], like [\"pain\", \"desire\"]".into(),
                );
                *v = Value::Array(Vec::new());
            }
        }
    }

    fn group<'v>(
        &mut self,
        v: &'v mut Value,
        path: &str,
        what: &str,
    ) -> Option<&'v mut Map<String, Value>> {
        if !v.is_object() {
            self.at(path, format!("{what} should be a group between {{ and }}"));
            return None;
        }
        v.as_object_mut()
    }

    pub(super) fn pack(&mut self, root: &mut Value) {
        let Some(obj) = self.group(root, "", "a pack") else {
            return;
        };
        self.fields(
            obj,
            "",
            &PACK_FIELDS,
            &["schema", "id", "title", "description", "questions"],
        );
        match obj.get("schema") {
            Some(Value::Number(n)) if n.as_u64().is_some() => {}
            Some(other) => {
                let shown = other
                    .as_str()
                    .map_or_else(|| other.to_string(), str::to_string);
                self.at(
                    "schema",
                    format!(
                        "the schema is a plain number without quotes: write \"schema\": {}, not {}",
                        SCHEMA_VERSION,
                        if other.is_string() {
                            format!("\"{shown}\"")
                        } else {
                            shown
                        }
                    ),
                );
                obj.insert("schema".into(), Value::from(SCHEMA_VERSION));
            }
            None => {}
        }
        for key in ["id", "title", "description"] {
            self.text(obj, key, "");
        }
        match obj.get("with_partner") {
            None | Some(Value::Bool(_)) => {}
            Some(_) => {
                self.at("with_partner", "write true or false, without quotes".into());
                obj.remove("with_partner");
            }
        }
        if let Some(rt) = obj.get_mut("return_to") {
            match self.group(rt, "return_to", "\"return_to\"") {
                Some(rt) => {
                    self.fields(
                        rt,
                        "return_to",
                        &["name", "recipient"],
                        &["name", "recipient"],
                    );
                    self.text(rt, "name", "return_to");
                    self.text(rt, "recipient", "return_to");
                }
                None => {
                    obj.remove("return_to");
                }
            }
        }
        let questions = obj.entry("questions").or_insert(Value::Array(Vec::new()));
        if let Value::Object(map) = questions {
            self.at(
                "questions",
                "\"questions\" is a list: put the questions between [ and ] (not { and }), each question in its own { }, separated by commas".into(),
            );
            let list = if map.contains_key("prompt") || map.contains_key("kind") {
                vec![Value::Object(std::mem::take(map))]
            } else {
                std::mem::take(map).into_iter().map(|(_, v)| v).collect()
            };
            *questions = Value::Array(list);
        }
        match questions {
            Value::Array(list) => {
                for (i, q) in list.iter_mut().enumerate() {
                    self.question(q, &format!("questions[{i}]"));
                }
            }
            _ => {
                self.at(
                    "questions",
                    "\"questions\" should be a list between [ and ]".into(),
                );
                *questions = Value::Array(Vec::new());
            }
        }
    }

    fn question(&mut self, q: &mut Value, path: &str) {
        let Some(obj) = self.group(q, path, "a question") else {
            self.missing += 1;
            *q = serde_json::json!({"id": format!("missing-{}", self.missing), "prompt": "?", "kind": "text"});
            return;
        };
        self.fields(obj, path, &QUESTION_FIELDS, &["id", "prompt"]);
        for key in ["id", "prompt", "hint"] {
            self.text(obj, key, path);
        }
        let kind = obj
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if !KINDS.contains(&kind.as_str()) {
            let normal = kind.to_lowercase().replace(['-', '/', ' '], "_");
            let meant = KINDS
                .iter()
                .find(|k| k.replace('_', "") == normal.replace('_', ""));
            let message = match meant {
                _ if !obj.contains_key("kind") => {
                    "this question needs a \"kind\": \"text\", \"yes_no\", \"scale\" or \"choice\"".to_string()
                }
                _ if !obj.get("kind").is_some_and(Value::is_string) => {
                    "write the kind between quotes, one of: \"text\", \"yes_no\", \"scale\", \"choice\"".to_string()
                }
                Some(m) => format!("\"{kind}\" is not a question kind; did you mean \"{m}\"?"),
                None => format!(
                    "\"{kind}\" is not a question kind; use one of: text, yes_no, scale, choice"
                ),
            };
            self.at(&join(path, "kind"), message);
            let guess = meant.copied().unwrap_or(if obj.contains_key("options") {
                "choice"
            } else if obj.contains_key("scale") {
                "scale"
            } else {
                "yes_no"
            });
            obj.insert("kind".into(), Value::from(guess));
        }
        if let Some(opts) = obj.get_mut("options") {
            let opath = join(path, "options");
            match opts {
                Value::Array(list) => {
                    for (i, o) in list.iter_mut().enumerate() {
                        let p = format!("{opath}[{i}]");
                        if let Some(o) = self.group(o, &p, "an option") {
                            self.fields(o, &p, &["value", "label"], &["value", "label"]);
                            self.text(o, "value", &p);
                            self.text(o, "label", &p);
                        }
                    }
                    list.retain(Value::is_object);
                }
                _ => {
                    self.at(&opath, "\"options\" should be a list between [ and ], each option like { \"value\": \"mixed\", \"label\": \"Mixed\" }".into());
                    *opts = Value::Array(Vec::new());
                }
            }
        }
        if let Some(s) = obj.get_mut("scale") {
            let spath = join(path, "scale");
            match self.group(s, &spath, "\"scale\"") {
                Some(s) => {
                    self.fields(s, &spath, &["low", "high"], &["low", "high"]);
                    self.text(s, "low", &spath);
                    self.text(s, "high", &spath);
                }
                None => {
                    obj.remove("scale");
                }
            }
        }
        self.text_list(obj, "themes", path);
        if let Some(at) = obj.get_mut("answer_themes") {
            let apath = join(path, "answer_themes");
            match self.group(at, &apath, "\"answer_themes\"") {
                Some(map) => {
                    let keys: Vec<String> = map.keys().cloned().collect();
                    for k in keys {
                        self.text_list(map, &k, &apath);
                    }
                }
                None => {
                    obj.remove("answer_themes");
                }
            }
        }
        if let Some(f) = obj.get_mut("follow_up") {
            let fpath = join(path, "follow_up");
            match self.group(f, &fpath, "\"follow_up\"") {
                Some(f) => {
                    self.fields(f, &fpath, &["when", "question"], &["when", "question"]);
                    self.text_list(f, "when", &fpath);
                    if let Some(q) = f.get_mut("question") {
                        self.question(q, &join(&fpath, "question"));
                    }
                }
                None => {
                    obj.remove("follow_up");
                }
            }
        }
    }
}
