//! Finding words in reflections, fast enough to look through every answer of
//! a journal of 10,000 (about 100 MB of JSON) as a person waits.
//!
//! A reflection matches when every term of the query appears somewhere in
//! its pack title, its questions or its answers. A term is a word, or a
//! phrase in quotes (`"my partner"`), whose words must come in that order
//! with only white space between them. Matching ignores case and accents:
//! both sides go through [`fold`] (Unicode lowercase, the three Greek sigmas
//! as one, and the accents taken off Latin and Greek letters, so "cafe"
//! finds "café" and "CAFÉ").
//!
//! Most files match nothing, so each file's raw bytes are checked first, with
//! only ASCII letters lowercased (a SIMD-friendly pass) and a SIMD substring
//! search. That check never turns away a file that matches: a word not found
//! there can only be in the folded text if the file holds a letter that folds
//! to ASCII (an accented Latin letter, a combining accent, U+0130 İ or U+212A,
//! the Kelvin sign) or the word has letters outside ASCII that have case (σ);
//! then the file is folded in full and searched again. Only files that pass
//! are parsed, and the parsed text decides.
//!
//! [`super::Store::search_stream`] (in `stream.rs`) hands the matches over as they are found, newest
//! first, and stops when asked; the Journal screen and `reflect search` use it.

use std::borrow::Cow;

use memchr::memmem;
use serde::Deserialize;

pub use super::fold::{fold, fold_into, strip_accent};
use super::fold::{
    fold_bytes, fold_words_into, folded_len, folds_to_ascii, make_room, push_folded,
};
pub use super::stream::{Finished, Found, Named};

/// JSON's `\u` and `\/` escapes: reflect writes `\u` only for control
/// characters and never `\/`, but a file from elsewhere may spell any letter
/// or a slash so, and the quick check then leaves the file to the parse.
const ESCAPES: [&str; 2] = ["\\u", "\\/"];

/// What a file holds that a word may hide in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Odd {
    No,
    Escapes,
    /// Letters that fold to ASCII ([`folds_to_ascii`]).
    Foldable,
}

/// Buffers for [`Query::check`], wiped when they grow and when dropped,
/// since they hold answers (decrypted ones, in a locked journal).
#[derive(Default)]
pub struct Scratch {
    lowered: zeroize::Zeroizing<Vec<u8>>,
    folded: zeroize::Zeroizing<Vec<u8>>,
}

impl Scratch {
    /// Make the buffer `bytes` with ASCII letters lowercased.
    fn fill_lowered(&mut self, bytes: &[u8]) {
        fill(&mut self.lowered, bytes);
        self.lowered.make_ascii_lowercase();
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

/// A query: the terms every matching reflection must contain.
pub struct Query {
    /// Every word of every term, for the quick check.
    needles: Vec<Needle>,
    /// Each term, folded, its words joined by one space.
    terms: Vec<memmem::Finder<'static>>,
    /// Some term has more than one word (its words may be anywhere in the
    /// raw bytes, so only the parse can tell).
    phrases: bool,
    escapes: [memmem::Finder<'static>; 2],
}

/// The terms of what a person typed: words, and phrases in straight or
/// curly double quotes. A quote left open runs to the end.
pub fn terms(text: &str) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    for (i, part) in text.split(['"', '\u{201C}', '\u{201D}']).enumerate() {
        if i % 2 == 1 {
            let words: Vec<&str> = part.split_whitespace().collect();
            if !words.is_empty() {
                out.push(words);
            }
        } else {
            out.extend(part.split_whitespace().map(|w| vec![w]));
        }
    }
    out
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

/// The raw bytes of one reflection, to prove words are in its text.
struct Proof<'a> {
    json: &'a [u8],
    /// Where the entries of the `"answers"` list lie, found on first need.
    answers: std::cell::OnceCell<Option<std::ops::Range<usize>>>,
}

impl<'a> Proof<'a> {
    fn new(json: &'a [u8]) -> Proof<'a> {
        Proof {
            json,
            answers: std::cell::OnceCell::new(),
        }
    }

    /// Whether the word found at `at` (in a reflection as reflect writes
    /// it) lies inside the text of an answer, a question or the pack's
    /// title, rather than in a key, an id, a date or a JSON escape, and
    /// belongs to an answer that counts (not hidden, not blank). Anything
    /// unlike reflect's own layout is "no": the parse then decides.
    fn in_text(&self, at: usize) -> bool {
        match field_at(self.json, at) {
            Some((Field::Title, _)) => true,
            Some((Field::Answer, entry)) => {
                self.in_answers(entry) && entry_counts(self.json, at, false)
            }
            Some((Field::Prompt, entry)) => {
                self.in_answers(entry) && entry_counts(self.json, at, true)
            }
            None => false,
        }
    }

    /// Whether an entry whose opening brace is at `entry` belongs to the
    /// `"answers"` list. In pretty JSON its members sit deeper than two
    /// spaces, so the list ends at the first line of two spaces and a `]`.
    fn in_answers(&self, entry: usize) -> bool {
        let answers = self.answers.get_or_init(|| {
            let open = b"\n  \"answers\": [\n";
            let start = memmem::find(self.json, open)? + open.len();
            let end =
                memmem::find(&self.json[start..], b"\n  ]").map_or(self.json.len(), |e| start + e);
            Some(start..end)
        });
        answers.as_ref().is_some_and(|r| r.contains(&entry))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Prompt,
    Answer,
}

/// One line of pretty JSON: where it starts, its indentation, and the rest.
struct Line<'a> {
    start: usize,
    indent: usize,
    text: &'a [u8],
}

/// The line of `json` that holds `at`, cut at `at`.
fn line_to(json: &[u8], at: usize) -> Line<'_> {
    let start = memchr::memrchr(b'\n', &json[..at]).map_or(0, |i| i + 1);
    let raw = &json[start..at];
    let indent = raw.iter().take_while(|&&b| b == b' ').count();
    Line {
        start,
        indent,
        text: &raw[indent..],
    }
}

/// The line that opens the object or array holding the line that starts at
/// `start` with `indent` spaces: the nearest line above with fewer.
fn holder(json: &[u8], mut start: usize, indent: usize) -> Option<Line<'_>> {
    while start > 0 {
        let line = line_to(json, start - 1);
        if line.indent < indent {
            return Some(line);
        }
        start = line.start;
    }
    None
}

/// Which searchable field's text `at` lies inside, if any, and where the
/// object holding it starts. Pretty JSON has one member a line (text cannot
/// hold a raw newline), so the key is at the start of the line and the
/// holders are the lines above with less indent.
fn field_at(json: &[u8], at: usize) -> Option<(Field, usize)> {
    let line = line_to(json, at);
    let (field, before) = [
        (Field::Answer, 6, &b"\"answer\": \""[..]),
        (Field::Prompt, 6, b"\"prompt\": \""),
        (Field::Title, 4, b"\"title\": \""),
    ]
    .into_iter()
    .find_map(|(f, indent, key)| {
        (line.indent == indent)
            .then(|| line.text.strip_prefix(key))
            .flatten()
            .map(|rest| (f, rest))
    })?;
    // The text up to the word must not have ended (an unescaped quote), and
    // the word must not begin inside an escape; \u escapes are left to the
    // parse. memchr jumps from one quote or backslash to the next: answers
    // run to thousands of characters.
    let mut i = 0;
    while let Some(k) = memchr::memchr2(b'"', b'\\', &before[i..]) {
        let at = i + k;
        match (before[at], before.get(at + 1)) {
            (b'"', _) | (_, None | Some(b'u')) => return None,
            _ => i = at + 2,
        }
    }
    // And the field must be where reflect puts it: in the pack, or in an
    // entry (whose list [`Proof::in_answers`] checks).
    let up = holder(json, line.start, line.indent)?;
    let placed = match field {
        Field::Title => up.indent == 2 && up.text == b"\"pack\": {",
        Field::Answer | Field::Prompt => up.indent == 4 && up.text == b"{",
    };
    placed.then_some((field, up.start))
}

/// Whether the entry holding the line at `at` counts in a search: it is not
/// marked hidden and, when `check_answer` (the word was in the question),
/// its answer is surely not blank. Read from the entry's own lines (six
/// spaces in) after `at`, up to its closing brace (four).
fn entry_counts(json: &[u8], at: usize, check_answer: bool) -> bool {
    let Some(end) = memchr::memchr(b'\n', &json[at..]) else {
        return false;
    };
    let mut answer_seen = !check_answer;
    for raw in json[at + end + 1..].split(|&b| b == b'\n') {
        let indent = raw.iter().take_while(|&&b| b == b' ').count();
        let line = raw[indent..].trim_ascii_end();
        match indent {
            4 if line.starts_with(b"}") => return answer_seen,
            0..=4 => return false,
            6 if line == b"\"hidden\": true" || line == b"\"hidden\": true," => return false,
            6 => {
                if let Some(value) = line.strip_prefix(b"\"answer\": \"") {
                    answer_seen = answer_seen || surely_not_blank(value);
                }
            }
            _ => {}
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
    /// The query's terms (see [`terms`]). None if it has none.
    pub fn new(text: &str) -> Option<Query> {
        let terms = terms(text);
        if terms.is_empty() {
            return None;
        }
        let needles = terms
            .iter()
            .flatten()
            .map(|w| {
                let folded = fold(w);
                let cased = folded.chars().any(|c| !c.is_ascii() && c.is_lowercase());
                Needle {
                    finder: memmem::Finder::new(folded.as_bytes()).into_owned(),
                    cased,
                }
            })
            .collect();
        Some(Query {
            needles,
            phrases: terms.iter().any(|t| t.len() > 1),
            terms: terms
                .iter()
                .map(|t| {
                    let folded: Vec<String> = t.iter().map(|w| fold(w)).collect();
                    memmem::Finder::new(folded.join(" ").as_bytes()).into_owned()
                })
                .collect(),
            escapes: ESCAPES.map(|c| memmem::Finder::new(c.as_bytes()).into_owned()),
        })
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
        let Scratch { lowered, folded } = scratch;
        let low = &lowered[..];
        let mut full = false;
        let mut odd: Option<Odd> = None;
        // A phrase's words may be found apart: only the parse can tell.
        let mut sure = !self.phrases;
        let proof = Proof::new(json);
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
                sure = sure && n.finder.find_iter(low).any(|at| proof.in_text(at));
                continue;
            }
            sure = false;
            let odd = *odd.get_or_insert_with(|| {
                if self.escapes.iter().any(|f| f.find(json).is_some()) {
                    Odd::Escapes
                } else if folds_to_ascii(json) {
                    Odd::Foldable
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
            if !full {
                folded.clear();
                if !fold_bytes(json, folded) {
                    // Not UTF-8: the parse will say so.
                    return Verdict::Parse;
                }
                full = true;
            }
            if n.finder.find(folded).is_none() {
                return Verdict::No;
            }
        }
        if sure { Verdict::Yes } else { Verdict::Parse }
    }

    /// Every word of every term, folded (for the word index).
    pub(super) fn words(&self) -> impl Iterator<Item = &[u8]> {
        self.needles.iter().map(|n| n.finder.needle())
    }

    /// Whether some term is a phrase of several words.
    pub(super) fn has_phrases(&self) -> bool {
        self.phrases
    }

    /// Whether the reflection stored as `json` matches, judged on its parsed
    /// text. None if it does not parse.
    pub fn matches(&self, json: &[u8]) -> Option<bool> {
        // Checked once here, so the parser need not check each string again.
        let json = std::str::from_utf8(json).ok()?;
        let r: Searchable<'_> = serde_json::from_str(json).ok()?;
        let fields = r.fields();
        let mut left: Vec<&memmem::Finder<'static>> = self.terms.iter().collect();
        let mut folded = zeroize::Zeroizing::new(String::new());
        for field in fields {
            // Most terms are found as they were typed; only the rest need
            // the field folded.
            left.retain(|t| t.find(field.as_bytes()).is_none());
            if !left.is_empty() {
                folded.clear();
                make_room(&mut folded, field);
                fold_words_into(field, &mut folded);
                left.retain(|t| t.find(folded.as_bytes()).is_none());
            }
            if left.is_empty() {
                return Some(true);
            }
        }
        Some(false)
    }

    /// Where in `r` the query is found, to show the person: the first
    /// answer holding one of its terms, with a short excerpt around it of
    /// about `width` characters. When only a question or the pack's title
    /// holds it, the excerpt is the start of that question's (or the first)
    /// answer. None if `r` has no answer to show.
    pub fn snippet(&self, r: &super::Reflection, width: usize) -> Option<Snippet> {
        let answered: Vec<&super::Entry> = r.answered().collect();
        let found_in = |text: &str| self.terms.iter().find_map(|t| locate(text, t));
        let (entry, at) = answered
            .iter()
            .find_map(|e| found_in(&e.answer).map(|at| (*e, at)))
            .or_else(|| {
                answered
                    .iter()
                    .find(|e| found_in(&e.prompt).is_some())
                    .map(|e| (*e, 0..0))
            })
            .or_else(|| answered.first().map(|e| (*e, 0..0)))?;
        Some(Snippet {
            question: entry.question.clone(),
            prompt: entry.prompt.clone(),
            text: excerpt(&entry.answer, at, width),
        })
    }
}

/// Where a search found a reflection: the question and an excerpt of its answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    /// The question's id in its pack.
    pub question: String,
    /// The question as it was asked.
    pub prompt: String,
    /// Part of the answer, on one line, with "…" where it was cut.
    pub text: String,
}

/// The byte range of `text` where `term` (folded, see [`fold_words_into`])
/// is found.
fn locate(text: &str, term: &memmem::Finder<'_>) -> Option<std::ops::Range<usize>> {
    let mut folded = String::with_capacity(folded_len(text));
    // For each byte of `folded`, where its character starts in `text`.
    let mut from = Vec::with_capacity(folded.capacity());
    let mut space = true;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !space {
                folded.push(' ');
            }
            space = true;
        } else {
            space = false;
            if c.is_ascii() {
                folded.push(c.to_ascii_lowercase());
            } else {
                push_folded(c, &mut folded);
            }
        }
        from.resize(folded.len(), i);
    }
    let at = term.find(folded.as_bytes())?;
    let end = at + term.needle().len();
    let start = *from.get(at)?;
    let end = from.get(end).copied().unwrap_or(text.len());
    Some(start..end.max(start))
}

/// About `width` characters of `text` around `at` (a byte range), on one
/// line, cut between words where it can, with "…" where it was cut.
pub fn excerpt(text: &str, at: std::ops::Range<usize>, width: usize) -> String {
    let width = width.max(10);
    let at_start = at.start.min(text.len());
    // A third of the room before the match, starting at a word.
    let before: Vec<(usize, char)> = text[..at_start].char_indices().collect();
    let lead = before.len().min(width / 3);
    let mut start = before
        .get(before.len() - lead)
        .map_or(at_start, |&(i, _)| i);
    if start > 0 {
        let word_start = text[start..at_start]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map(|(i, c)| start + i + c.len_utf8());
        start = word_start.unwrap_or(start);
    }
    let words: Vec<&str> = text[start..].split_whitespace().collect();
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut count = 0;
    for (i, w) in words.iter().enumerate() {
        let len = w.chars().count();
        let space = usize::from(i > 0);
        if count + space + len > width {
            if i == 0 {
                // One long word: cut inside it.
                out.extend(w.chars().take(width));
            }
            out.push('…');
            return out;
        }
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
        count += space + len;
    }
    out
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

impl Searchable<'_> {
    /// The texts a search looks in: the pack's title, and the question and
    /// answer of every entry that is not hidden and not blank. The word
    /// index (`words/`) indexes exactly these, so the two cannot disagree.
    fn fields(&self) -> impl Iterator<Item = &str> {
        std::iter::once(&*self.pack.title).chain(
            self.answers
                .iter()
                .filter(|e| !e.hidden && !e.answer.trim().is_empty())
                .flat_map(|e| [&*e.prompt, &*e.answer]),
        )
    }
}

/// Hand `each` every text of the reflection stored as `json` that a search
/// looks in (see [`Query::matches`]). None, having handed nothing, if it
/// does not parse.
pub(super) fn each_field(json: &[u8], mut each: impl FnMut(&str)) -> Option<()> {
    let json = std::str::from_utf8(json).ok()?;
    let r: Searchable<'_> = serde_json::from_str(json).ok()?;
    r.fields().for_each(&mut each);
    Some(())
}

#[derive(Deserialize)]
struct SearchablePack<'a> {
    #[serde(borrow)]
    title: Cow<'a, str>,
}

/// Wipe text the parser had to copy (it had escapes) before it is freed.
fn wipe(text: &mut Cow<'_, str>) {
    use zeroize::Zeroize;
    if let Cow::Owned(s) = text {
        s.zeroize();
    }
}

impl Drop for SearchablePack<'_> {
    fn drop(&mut self) {
        wipe(&mut self.title);
    }
}

impl Drop for SearchableEntry<'_> {
    fn drop(&mut self) {
        wipe(&mut self.prompt);
        wipe(&mut self.answer);
    }
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
    fn quotes_make_phrases() {
        assert_eq!(terms("a b"), [vec!["a"], vec!["b"]]);
        assert_eq!(
            terms("pain \"my  partner\" “too much”"),
            [vec!["pain"], vec!["my", "partner"], vec!["too", "much"]]
        );
        assert_eq!(
            terms("\"open to the end"),
            [vec!["open", "to", "the", "end"]]
        );
        assert!(terms("\"\" \"  \"").is_empty());
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
        let quick = q.check(json, &mut Scratch::default()) != Verdict::No;
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
            "istanbul",
            "sa:",
            "cafe",
            "Cafe ASA",
        ] {
            assert!(finds(hit, &r), "{hit}");
        }
        for miss in [
            "pressure nowhere",
            "cafes",
            "schema",
            "kind",
            "answer",
            "2026",
        ] {
            assert!(!finds(miss, &r), "{miss}");
        }
    }

    #[test]
    fn accents_are_ignored_both_ways() {
        let r = reflection("T", "Q", "Un café à Zürich, naïve Ångström");
        for hit in [
            "cafe", "CAFÉ", "zurich", "ZÜRICH", "naive", "angstrom", "a zurich",
        ] {
            assert!(finds(hit, &r), "{hit}");
        }
        let plain = reflection("T", "Q", "cafe in zurich");
        assert!(finds("café zürich", &plain));
        let combining = reflection("T", "Q", "cafe\u{301} au lait");
        assert!(finds("café", &combining));
        assert!(finds("cafe", &combining));
    }

    #[test]
    fn a_phrase_needs_its_words_together_and_in_order() {
        let r = reflection("T", "Q", "Talking with My  Partner\nabout  pressure");
        for hit in [
            "\"my partner\"",
            "\"partner about\"",
            "\"MY PARTNER\" pressure",
            "“with my”",
        ] {
            assert!(finds(hit, &r), "{hit}");
        }
        for miss in ["\"partner my\"", "\"my pressure\"", "\"talking partner\""] {
            assert!(!finds(miss, &r), "{miss}");
        }
    }

    #[test]
    fn a_snippet_shows_the_words_around_the_match() {
        let pack = crate::content::Pack::parse(
            "t.json",
            r#"{"schema": 1, "id": "tiny", "title": "Tiny", "description": "A small pack.",
                "questions": [{ "id": "learned", "prompt": "Where did I learn?", "kind": "text" }]}"#,
        )
        .unwrap();
        let mut r = crate::journal::Reflection::new("20250101-000000-aaaa".into(), &pack);
        let q = pack.question("learned").unwrap();
        let long = format!(
            "{} the first CAFÉ was\nwhere we talked {}",
            "word ".repeat(30),
            "more ".repeat(30)
        );
        r.set(
            &pack,
            Some(crate::journal::Entry::text(q, None, &long)),
            "learned",
        );
        let s = Query::new("cafe").unwrap().snippet(&r, 60).unwrap();
        assert_eq!(s.question, "learned");
        assert!(s.text.contains("CAFÉ was where we"), "{}", s.text);
        assert!(
            s.text.starts_with('…') && s.text.ends_with('…'),
            "{}",
            s.text
        );
        assert!(
            !s.text.contains("wor…") && !s.text.starts_with("…ord"),
            "whole words: {}",
            s.text
        );
        assert!(s.text.chars().count() <= 62, "{}", s.text);
        // Found only in the title: the start of the first answer.
        let s = Query::new(&pack.title).unwrap().snippet(&r, 20).unwrap();
        assert!(s.text.starts_with("word word"), "{}", s.text);
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
        let json =
            br#"{"pack":{"title":"T"},"answers":[{"prompt":"Q","answer":"caf\u00e9 and\/or"}]}"#;
        assert!(finds("café", json));
        assert!(finds("and/or", json));
        assert!(!finds("tea", json));
    }

    #[test]
    fn only_reflects_own_layout_is_trusted_without_a_parse() {
        let q = |w: &str| Query::new(w).unwrap();
        let check = |w: &str, json: &str| q(w).check(json.as_bytes(), &mut Scratch::default());
        let good = "{\n  \"pack\": {\n    \"id\": \"p\",\n    \"title\": \"Tulips\"\n  },\n  \"answers\": [\n    {\n      \"prompt\": \"Q\",\n      \"answer\": \"roses\"\n    }\n  ]\n}";
        assert_eq!(check("tulips", good), Verdict::Yes);
        assert_eq!(check("roses", good), Verdict::Yes);
        // A key in other case, or a title somewhere else, is not the title.
        let other_case = good.replace("\"title\"", "\"Title\"");
        assert_eq!(check("tulips", &other_case), Verdict::Parse);
        assert_eq!(q("tulips").matches(other_case.as_bytes()), None);
        let elsewhere = good.replace("\"pack\": {", "\"extra\": {");
        assert_eq!(check("tulips", &elsewhere), Verdict::Parse);
        // An answer in some other list is not an answer.
        let other_list = good.replace("\"answers\": [", "\"drafts\": [");
        assert_eq!(check("roses", &other_list), Verdict::Parse);
        // A hidden flag after a nested object still hides the answer.
        let nested = good.replace(
            "\"answer\": \"roses\"\n",
            "\"answer\": \"roses\",\n      \"extra\": {\n        \"a\": 1\n      },\n      \"hidden\": true\n",
        );
        assert_eq!(check("roses", &nested), Verdict::Parse);
        assert_eq!(q("roses").matches(nested.as_bytes()), Some(false));
    }

    use proptest::prelude::*;

    /// Text drawn from the characters that make case folding interesting.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            proptest::sample::select(vec![
                "a", "B", "é", "É", "å", "Å", "σ", "Σ", "ς", "İ", "i", "\u{212A}", "k", "学", "🌱",
                " ", "\"", "\\", "\n", "ß", "ẞ", "ǅ", "\u{1}", "e", "\u{301}", "Ő", "ά", "  ",
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
            let Some(q) = Query::new(&word) else {
                // Only quotes: not a query either.
                return Ok(());
            };
            let full = q.matches(&json).unwrap();
            let quick = q.check(&json, &mut Scratch::default()) != Verdict::No;
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
                    scale: None,
                    follows: None,
                    themes: vec!["body-image".into()],
                    hidden: *hidden,
                })
                .collect(),
            source: None,
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
            let Some(q) = Query::new(&word) else {
                // Only quotes: not a query either.
                return Ok(());
            };
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
