//! Finding words in reflections, fast enough to look through every answer of
//! a journal of 10,000 (about 100 MB of JSON) as a person waits.
//!
//! A reflection matches when every word of the query appears, ignoring case,
//! somewhere in its pack title, its questions or its answers. "Ignoring case"
//! is [`fold`]: Unicode lowercase, with the three Greek sigmas as one.
//!
//! Most files match nothing, so each file's raw bytes are checked first, with
//! only ASCII letters lowercased (a SIMD-friendly pass) and a SIMD substring
//! search. That check never turns away a file that matches: only two
//! characters outside ASCII lowercase to ASCII or to a caseless mark
//! (U+0130 İ and U+212A, the Kelvin sign), and files holding either are
//! folded in full; so are files checked for a word with letters outside
//! ASCII that have case (é, å, σ), which may be written in capitals. Only
//! files that pass are parsed, and the parsed text decides.

use std::borrow::Cow;

use memchr::memmem;
use serde::Deserialize;

/// Lowercase `s` for searching, appending to `out`: `str::to_lowercase`, but
/// per character (a final sigma is σ like any other), and with runs of ASCII
/// copied and lowercased in bulk.
pub fn fold_into(s: &str, out: &mut String) {
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        if ascii > 0 {
            let start = out.len();
            out.push_str(&rest[..ascii]);
            out[start..].make_ascii_lowercase();
            rest = &rest[ascii..];
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            match c {
                'Σ' | 'ς' => out.push('σ'),
                c => out.extend(c.to_lowercase()),
            }
            rest = chars.as_str();
        }
    }
}

/// [`fold_into`] a new string.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// What the quick check looks for besides the words: a JSON `\u` escape
/// (reflect writes them only for control characters, but a file from
/// elsewhere may spell any letter so), then the two characters outside ASCII
/// whose lowercase holds ASCII or a caseless mark.
const ODD: [&str; 3] = ["\\u", "\u{130}", "\u{212A}"];

/// What a file holds of [`ODD`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Odd {
    No,
    Escapes,
    Capitals,
}

/// A buffer for [`Query::might_match`], wiped when it grows and when dropped,
/// since it holds answers (decrypted ones, in a locked journal).
#[derive(Default)]
pub struct Scratch(zeroize::Zeroizing<Vec<u8>>);

impl Scratch {
    /// Make the buffer `bytes` with ASCII letters lowercased.
    fn fill_lowered(&mut self, bytes: &[u8]) {
        fill(&mut self.0, bytes);
        self.0.make_ascii_lowercase();
    }
}

/// Make `buf` a copy of `bytes`. When it must grow, the old allocation is
/// wiped first rather than freed with its contents.
pub fn fill(buf: &mut zeroize::Zeroizing<Vec<u8>>, bytes: &[u8]) {
    use zeroize::Zeroize;
    if buf.capacity() < bytes.len() {
        buf.zeroize();
        **buf = Vec::with_capacity(bytes.len().next_power_of_two());
    }
    buf.clear();
    buf.extend_from_slice(bytes);
}

/// One word of a query, folded, with its finder.
struct Needle {
    finder: memmem::Finder<'static>,
    /// Has a letter outside ASCII that has case, so a capital form in the
    /// text would not be found by the ASCII-only check.
    cased: bool,
}

/// A query: the words every matching reflection must contain.
pub struct Query {
    needles: Vec<Needle>,
    odd: [memmem::Finder<'static>; 3],
}

/// What a look at a file's raw bytes tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// It cannot match.
    No,
    /// It matches.
    Yes,
    /// It might: parse it and see ([`Query::matches`]).
    Parse,
}

/// Whether the word found at `at` in `low` (a reflection as reflect writes
/// it, ASCII letters lowercased) lies inside the text of an answer, a
/// question or the pack's title, rather than in a key, an id, a date or a
/// JSON escape, and belongs to an answer that counts (not hidden, not blank).
fn in_text(low: &[u8], at: usize) -> bool {
    match field_at(low, at) {
        Some(Field::Title) => true,
        Some(Field::Answer) => entry_counts(low, at, false),
        Some(Field::Prompt) => entry_counts(low, at, true),
        None => false,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Prompt,
    Answer,
}

/// Which searchable field's text `at` lies inside, if any. (No line of
/// pretty JSON starts with a key or a brace but the structure's own: text
/// cannot hold a raw newline.)
fn field_at(low: &[u8], at: usize) -> Option<Field> {
    let start = memchr::memrchr(b'\n', &low[..at]).map_or(0, |i| i + 1);
    let line = low[start..at].trim_ascii_start();
    let (field, before) = [
        (Field::Answer, &b"\"answer\": \""[..]),
        (Field::Prompt, b"\"prompt\": \""),
        (Field::Title, b"\"title\": \""),
    ]
    .into_iter()
    .find_map(|(f, key)| line.strip_prefix(key).map(|rest| (f, rest)))?;
    // The text up to the word must not have ended (an unescaped quote), and
    // the word must not begin inside an escape; \u escapes are left to the
    // parse.
    let mut escaped = false;
    for &b in before {
        match (escaped, b) {
            (true, b'u') => return None,
            (true, _) => escaped = false,
            (false, b'\\') => escaped = true,
            (false, b'"') => return None,
            (false, _) => {}
        }
    }
    (!escaped).then_some(field)
}

/// Whether the entry holding the line at `at` counts in a search: it is not
/// marked hidden and, when `check_answer` (the word was in the question),
/// its answer is surely not blank. Read from the lines after `at` up to the
/// entry's closing brace.
fn entry_counts(low: &[u8], at: usize, check_answer: bool) -> bool {
    let Some(end) = memchr::memchr(b'\n', &low[at..]) else {
        return false;
    };
    let mut answer_seen = !check_answer;
    for line in low[at + end + 1..].split(|&b| b == b'\n') {
        let line = line.trim_ascii();
        if line.starts_with(b"}") {
            return answer_seen;
        }
        if line == b"\"hidden\": true" || line == b"\"hidden\": true," {
            return false;
        }
        if let Some(value) = line.strip_prefix(b"\"answer\": \"") {
            answer_seen = answer_seen || surely_not_blank(value);
        }
    }
    false
}

/// Whether a JSON string's text (from after its opening quote to the end of
/// the line) surely has something besides white space.
fn surely_not_blank(value: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(value) else {
        return false;
    };
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 't' | 'r' | 'f') => {}
                Some('"' | '\\' | '/') => return true,
                _ => return false,
            },
            '"' => return false,
            c if c.is_whitespace() => {}
            _ => return true,
        }
    }
    false
}

impl Query {
    /// The query's words, split on whitespace. None if it has none.
    pub fn new(text: &str) -> Option<Query> {
        let needles: Vec<Needle> = text
            .split_whitespace()
            .map(|w| {
                let folded = fold(w);
                let cased = folded.chars().any(|c| !c.is_ascii() && c.is_lowercase());
                Needle {
                    finder: memmem::Finder::new(folded.as_bytes()).into_owned(),
                    cased,
                }
            })
            .collect();
        if needles.is_empty() {
            return None;
        }
        Some(Query {
            needles,
            odd: ODD.map(|c| memmem::Finder::new(c.as_bytes()).into_owned()),
        })
    }

    /// Whether the reflection stored as `json` might match: never false for
    /// one that does.
    pub fn might_match(&self, json: &[u8], scratch: &mut Scratch) -> bool {
        self.check(json, scratch) != Verdict::No
    }

    /// A look at the raw bytes of the reflection stored as `json`.
    ///
    /// JSON keeps text outside ASCII as UTF-8 and escapes only quotes,
    /// backslashes and control characters, so a word without those is in the
    /// raw bytes wherever it is in an answer: if it is not, the answer is
    /// [`Verdict::No`]. And reflect writes one field a line, so a word found
    /// on an `"answer"`, `"prompt"` or `"title"` line, inside the text, of an
    /// answer that is not hidden, is surely there: if every word is, the
    /// answer is [`Verdict::Yes`] without parsing.
    ///
    /// `scratch` is working space, reused from file to file so that a search
    /// through 100 MB allocates (and wipes) its buffers once, not per file.
    pub fn check(&self, json: &[u8], scratch: &mut Scratch) -> Verdict {
        scratch.fill_lowered(json);
        let low = &scratch.0[..];
        let mut full: Option<zeroize::Zeroizing<String>> = None;
        let mut odd: Option<Odd> = None;
        let mut sure = true;
        for n in &self.needles {
            let word = n.finder.needle();
            if word
                .iter()
                .any(|b| matches!(b, b'"' | b'\\') || b.is_ascii_control())
            {
                sure = false;
                continue;
            }
            if n.finder.find(low).is_some() {
                sure = sure && n.finder.find_iter(low).any(|at| in_text(low, at));
                continue;
            }
            sure = false;
            let odd = *odd.get_or_insert_with(|| {
                if self.odd[0].find(json).is_some() {
                    Odd::Escapes
                } else if self.odd[1..].iter().any(|f| f.find(json).is_some()) {
                    Odd::Capitals
                } else {
                    Odd::No
                }
            });
            if odd == Odd::Escapes {
                // Written with \u escapes (not by reflect): let the parse decide.
                return Verdict::Parse;
            }
            if !n.cased && odd == Odd::No {
                return Verdict::No;
            }
            let full = full.get_or_insert_with(|| {
                zeroize::Zeroizing::new(fold(&String::from_utf8_lossy(json)))
            });
            if n.finder.find(full.as_bytes()).is_none() {
                return Verdict::No;
            }
        }
        if sure { Verdict::Yes } else { Verdict::Parse }
    }

    /// Whether the reflection stored as `json` matches, judged on its parsed
    /// text. None if it does not parse.
    pub fn matches(&self, json: &[u8]) -> Option<bool> {
        // Checked once here, so the parser need not check each string again.
        let json = std::str::from_utf8(json).ok()?;
        let r: Searchable<'_> = serde_json::from_str(json).ok()?;
        let fields = std::iter::once(&r.pack.title).chain(
            r.answers
                .iter()
                .filter(|e| !e.hidden && !e.answer.trim().is_empty())
                .flat_map(|e| [&e.prompt, &e.answer]),
        );
        let mut left: Vec<&Needle> = self.needles.iter().collect();
        let mut folded = zeroize::Zeroizing::new(String::new());
        for field in fields {
            // Most words are found as they were typed; only the rest need
            // the field folded.
            left.retain(|n| n.finder.find(field.as_bytes()).is_none());
            if !left.is_empty() {
                folded.clear();
                fold_into(field, &mut folded);
                left.retain(|n| n.finder.find(folded.as_bytes()).is_none());
            }
            if left.is_empty() {
                return Some(true);
            }
        }
        Some(false)
    }
}

/// The parts of a reflection a search looks at; the rest is skipped unparsed,
/// and text without escapes is borrowed rather than copied.
#[derive(Deserialize)]
struct Searchable<'a> {
    #[serde(borrow)]
    pack: SearchablePack<'a>,
    #[serde(default, borrow)]
    answers: Vec<SearchableEntry<'a>>,
}

#[derive(Deserialize)]
struct SearchablePack<'a> {
    #[serde(borrow)]
    title: Cow<'a, str>,
}

#[derive(Deserialize)]
struct SearchableEntry<'a> {
    #[serde(borrow)]
    prompt: Cow<'a, str>,
    #[serde(borrow)]
    answer: Cow<'a, str>,
    #[serde(default)]
    hidden: bool,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn fold_is_lowercase_with_one_sigma() {
        assert_eq!(fold("Från SKOLAN, 学校 🌱"), "från skolan, 学校 🌱");
        assert_eq!(fold("ΟΔΟΣ οδος οδοσ"), "οδοσ οδοσ οδοσ");
        assert_eq!(fold("\u{212A}elvin İ"), "kelvin i\u{307}");
        let mixed = "Ünïcödé AND ascii ÉÀ";
        assert_eq!(fold(mixed), mixed.to_lowercase());
    }

    fn reflection(title: &str, prompt: &str, answer: &str) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "schema": 1, "id": "x", "pack": {"id": "p", "title": title},
            "started": "2026-01-01T00:00:00+00:00", "updated": "2026-01-01T00:00:00+00:00",
            "answers": [{"question": "q", "prompt": prompt, "kind": "text", "answer": answer}]
        }))
        .unwrap()
    }

    fn finds(query: &str, json: &[u8]) -> bool {
        let q = Query::new(query).unwrap();
        let full = q.matches(json).unwrap();
        // The quick check may let through what the full one rejects, never the reverse.
        let quick = q.might_match(json, &mut Scratch::default());
        assert!(!full || quick, "{query:?} was turned away");
        full
    }

    #[test]
    fn every_word_must_appear_ignoring_case_in_any_script() {
        let r = reflection(
            "Ask yourself",
            "What PRESSURE do I feel?",
            "ÅSA sa: Café ΟΔΟΣ, 学校 \u{212A}ELVIN İSTANBUL",
        );
        for hit in [
            "pressure",
            "ask ÅSA",
            "åsa",
            "CAFÉ",
            "café",
            "οδος",
            "ΟΔΟΣ",
            "学校",
            "kelvin",
            "i̇stanbul",
            "sa:",
        ] {
            assert!(finds(hit, &r), "{hit}");
        }
        for miss in [
            "pressure nowhere",
            "cafe",
            "schema",
            "kind",
            "answer",
            "2026",
        ] {
            assert!(!finds(miss, &r), "{miss}");
        }
    }

    #[test]
    fn hidden_and_empty_answers_are_not_searched() {
        let mut v: serde_json::Value =
            serde_json::from_slice(&reflection("T", "Q", "secret words")).unwrap();
        v["answers"][0]["hidden"] = serde_json::json!(true);
        let json = serde_json::to_vec(&v).unwrap();
        assert!(!finds("secret", &json));
        assert!(!finds("q", &reflection("T", "Q", "  ")));
    }

    #[test]
    fn words_with_quotes_skip_the_quick_check() {
        let r = reflection("T", "Q", "she said \"enough\" and left\\right");
        assert!(finds("\"enough\"", &r));
        assert!(finds("left\\right", &r));
    }

    #[test]
    fn a_file_spelled_with_escapes_is_left_to_the_parse() {
        let json = br#"{"pack":{"title":"T"},"answers":[{"prompt":"Q","answer":"caf\u00e9"}]}"#;
        assert!(finds("café", json));
        assert!(!finds("tea", json));
    }

    use proptest::prelude::*;

    /// Text drawn from the characters that make case folding interesting.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            proptest::sample::select(vec![
                "a", "B", "é", "É", "å", "Å", "σ", "Σ", "ς", "İ", "i", "\u{212A}", "k", "学", "🌱",
                " ", "\"", "\\", "\n", "ß", "ẞ", "ǅ", "\u{1}",
            ]),
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn the_quick_check_never_turns_away_a_match(
            answer in text(),
            start in 0usize..24,
            len in 1usize..6,
            upper in any::<bool>(),
        ) {
            let chars: Vec<char> = answer.chars().collect();
            let start = start.min(chars.len());
            let end = (start + len).min(chars.len());
            let piece: String = chars[start..end].iter().collect();
            let word = if upper { piece.to_uppercase() } else { piece };
            if word.trim().is_empty() {
                // Not a query: nothing to check.
                return Ok(());
            }
            let json = reflection("T", "Q", &answer);
            let q = Query::new(&word).unwrap();
            let full = q.matches(&json).unwrap();
            let quick = q.might_match(&json, &mut Scratch::default());
            prop_assert!(!full || quick, "{word:?} in {answer:?}");
        }
    }

    /// A reflection exactly as the store writes it, with several answers.
    fn pretty(answers: &[(String, bool)]) -> Vec<u8> {
        use crate::content::Kind;
        use crate::journal::{Entry, PackRef, Reflection};
        let when = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00+00:00").unwrap();
        let r = Reflection {
            schema: 1,
            id: "20260101-000000-abcd".into(),
            pack: PackRef {
                id: "ask-yourself".into(),
                title: "Ask Yourself".into(),
            },
            started: when,
            updated: when,
            finished: None,
            position: Some("q0-answer".into()),
            caret: None,
            answers: answers
                .iter()
                .enumerate()
                .map(|(i, (a, hidden))| Entry {
                    question: format!("q{i}-answer"),
                    prompt: format!("Prompt {i} of \"mine\"?"),
                    parent: (i > 0).then(|| "q0-answer".into()),
                    kind: Kind::Text,
                    value: Some("yes".into()),
                    answer: a.clone(),
                    themes: vec!["body-image".into()],
                    hidden: *hidden,
                })
                .collect(),
        };
        serde_json::to_vec_pretty(&r).unwrap()
    }

    proptest! {
        #[test]
        fn a_verdict_from_the_raw_bytes_agrees_with_the_parse(
            answers in proptest::collection::vec((text(), any::<bool>()), 0..4),
            pick in 0usize..64,
            len in 1usize..8,
            upper in any::<bool>(),
        ) {
            let json = pretty(&answers);
            // Words cut from anywhere in the file: answers, prompts, keys, ids, dates.
            let whole = String::from_utf8(json.clone()).unwrap();
            let chars: Vec<char> = whole.chars().collect();
            let start = pick * chars.len() / 64;
            let end = (start + len).min(chars.len());
            let piece: String = chars[start..end].iter().collect();
            let word = if upper { piece.to_uppercase() } else { piece };
            if word.trim().is_empty() {
                // Not a query: nothing to check.
                return Ok(());
            }
            let q = Query::new(&word).unwrap();
            let full = q.matches(&json).unwrap();
            match q.check(&json, &mut Scratch::default()) {
                Verdict::Yes => prop_assert!(full, "{word:?} claimed in {whole}"),
                Verdict::No => prop_assert!(!full, "{word:?} turned away from {whole}"),
                Verdict::Parse => {}
            }
        }
    }

    #[test]
    fn words_in_answers_are_found_without_parsing_and_keys_are_not_words() {
        let json = pretty(&[(
            "I feel pressure, \"Enough\" she said\nthen left".into(),
            false,
        )]);
        let verdict = |w: &str| Query::new(w).unwrap().check(&json, &mut Scratch::default());
        assert_eq!(verdict("PRESSURE"), Verdict::Yes);
        assert_eq!(verdict("ask yourself prompt"), Verdict::Yes);
        assert_eq!(verdict("nthen"), Verdict::Parse, "n of an escape");
        assert_eq!(verdict("kind"), Verdict::Parse, "a key");
        assert_eq!(verdict("body-image"), Verdict::Parse, "a theme id");
        assert_eq!(verdict("zebra"), Verdict::No);
        let hidden = pretty(&[("pressure".into(), true)]);
        let q = Query::new("pressure").unwrap();
        assert_eq!(q.check(&hidden, &mut Scratch::default()), Verdict::Parse);
        assert_eq!(q.matches(&hidden), Some(false));
    }

    #[test]
    fn an_empty_query_is_none() {
        assert!(Query::new("  \n ").is_none());
    }
}
