//! Where each value of a JSON document starts, by its path.
//!
//! serde_json reports line and column for syntax errors but not for values that
//! parse fine and are wrong in meaning (a duplicate id, an unknown theme). This
//! walks text that serde_json has already accepted and records, for every
//! value, the path a person would write (`questions[2].follow_up.when`) and the
//! 1-based line and column where it starts, so those errors can point there too.
//!
//! One pass, linear in the text: positions are counted forward from the last
//! one (the walk only moves forward), never from the start of the text again.
//! It also notes every control character inside a string (raw or written as
//! a `\u` escape), so a pack that would send escape sequences to a terminal
//! is refused with the exact place.

use std::collections::HashMap;

/// Line and column (both 1-based, columns counted in characters) of each value.
#[derive(Debug, Default)]
pub struct Spans {
    at: HashMap<String, (usize, usize)>,
    /// Keys given twice in one object: the path of the later one, and where
    /// its key starts. serde_json keeps the last one of a map without a word.
    duplicates: Vec<(String, (usize, usize))>,
    /// Characters that must not reach a terminal, inside strings: the path
    /// of the string, where the character (or its escape) starts, and what it is.
    controls: Vec<(String, (usize, usize), char)>,
    /// Bytes the position counter moved over: the index's work, for tests.
    scanned: usize,
}

impl Spans {
    /// Index every value in `text`. Text that is not valid JSON gives a partial index.
    pub fn index(text: &str) -> Spans {
        let mut w = Walker {
            s: text.as_bytes(),
            text,
            i: 0,
            pos: (0, 1, 1),
            spans: Spans::default(),
        };
        w.value(String::new());
        w.spans
    }

    /// Control characters found inside strings (see `crate::sanitize::is_unsafe`).
    pub fn controls(&self) -> &[(String, (usize, usize), char)] {
        &self.controls
    }

    /// How many bytes the position counter moved over; about the text's length.
    #[cfg(test)]
    pub fn scanned(&self) -> usize {
        self.scanned
    }

    /// Keys given more than once in the same object: the path of each repeat
    /// and the line and column where its key starts.
    pub fn duplicates(&self) -> &[(String, (usize, usize))] {
        &self.duplicates
    }

    /// Where the value at `path` starts; falls back to its nearest parent, then to 1:1.
    pub fn find(&self, path: &str) -> (usize, usize) {
        let mut p = path;
        loop {
            if let Some(&lc) = self.at.get(p) {
                return lc;
            }
            match p.rfind(['.', '[']) {
                Some(cut) => p = &p[..cut],
                None => return self.at.get("").copied().unwrap_or((1, 1)),
            }
        }
    }
}

struct Walker<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    /// The last position asked for: byte offset, line, column.
    pos: (usize, usize, usize),
    spans: Spans,
}

impl Walker<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    /// Line and column of byte `at`, counted on from the last position asked
    /// for (positions only move forward; one behind restarts from the top).
    fn line_col(&mut self, at: usize) -> (usize, usize) {
        let at = at.min(self.s.len());
        if at < self.pos.0 {
            self.pos = (0, 1, 1);
        }
        let (from, mut line, mut col) = self.pos;
        for &b in &self.s[from..at] {
            if b == b'\n' {
                line += 1;
                col = 1;
            } else if b & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a new character.
                col += 1;
            }
        }
        self.spans.scanned += at - from;
        self.pos = (at, line, col);
        (line, col)
    }

    fn value(&mut self, path: String) {
        self.ws();
        if self.i >= self.s.len() {
            return;
        }
        let lc = self.line_col(self.i);
        self.spans.at.insert(path.clone(), lc);
        match self.s[self.i] {
            b'{' => {
                self.i += 1;
                let mut keys = std::collections::HashSet::new();
                loop {
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b'}') | None => {
                            self.i += 1;
                            return;
                        }
                        Some(b',') => self.i += 1,
                        Some(b'"') => {
                            let key_lc = self.line_col(self.i);
                            let key = self.string(&path);
                            self.ws();
                            if self.s.get(self.i) == Some(&b':') {
                                self.i += 1;
                            }
                            let child = if path.is_empty() {
                                key.clone()
                            } else {
                                format!("{path}.{key}")
                            };
                            if !keys.insert(key) {
                                self.spans.duplicates.push((child.clone(), key_lc));
                            }
                            self.value(child);
                        }
                        Some(_) => return,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut n = 0;
                loop {
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b']') | None => {
                            self.i += 1;
                            return;
                        }
                        Some(b',') => self.i += 1,
                        Some(_) => {
                            let before = self.i;
                            self.value(format!("{path}[{n}]"));
                            n += 1;
                            if self.i == before {
                                return;
                            }
                        }
                    }
                }
            }
            b'"' => {
                self.string(&path);
            }
            _ => {
                while self.i < self.s.len() && !b",]} \t\r\n".contains(&self.s[self.i]) {
                    self.i += 1;
                }
            }
        }
    }

    /// Reads a string starting at the opening quote; returns its content.
    /// Control characters in it are noted under `path`.
    fn string(&mut self, path: &str) -> String {
        self.i += 1;
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i] != b'"' {
            let at = self.i;
            let found = match self.s[at] {
                b'\\' => {
                    self.i += 1;
                    if self.s.get(self.i) == Some(&b'u') {
                        self.text
                            .get(self.i + 1..self.i + 5)
                            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                            .and_then(char::from_u32)
                    } else {
                        None
                    }
                }
                b if b < 0x20 || b == 0x7f => Some(char::from(b)),
                // A multi-byte character: C1 controls and bidi overrides live there.
                b if b >= 0xC0 => self.text.get(at..).and_then(|t| t.chars().next()),
                _ => None,
            };
            if let Some(c) = found.filter(|c| crate::sanitize::is_unsafe(*c)) {
                let lc = self.line_col(at);
                self.spans.controls.push((path.to_string(), lc, c));
            }
            self.i += 1;
        }
        let end = self.i.min(self.s.len());
        self.i += 1;
        let raw = self.text.get(start..end).unwrap_or("");
        serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values_by_path() {
        let text = "{\n  \"a\": [1, {\"b\": \"x\"}],\n  \"c\": {\"d\": true}\n}";
        let s = Spans::index(text);
        assert_eq!(s.find(""), (1, 1));
        assert_eq!(s.find("a"), (2, 8));
        assert_eq!(s.find("a[1].b"), (2, 18));
        assert_eq!(s.find("c.d"), (3, 14));
        // A path that does not exist falls back to its parent.
        assert_eq!(s.find("c.missing"), (3, 8));
    }

    #[test]
    fn keys_given_twice_in_one_object_are_noted_where_the_repeat_starts() {
        let text =
            "{\n  \"a\": {\"no\": 1,\n    \"no\": 2},\n  \"b\": [{\"no\": 1}, {\"no\": 2}]\n}";
        let s = Spans::index(text);
        assert_eq!(s.duplicates(), [("a.no".to_string(), (3, 5))]);
    }

    #[test]
    fn counts_columns_in_characters_not_bytes() {
        let text = "{\"é\": \"ü\", \"k\": 1}";
        let s = Spans::index(text);
        assert_eq!(s.find("k"), (1, 17));
    }

    fn big_pack(questions: usize) -> String {
        let mut t = String::from("{\n  \"schema\": 1,\n  \"id\": \"big\",\n  \"questions\": [\n");
        for i in 0..questions {
            let sep = if i + 1 == questions { "" } else { "," };
            t.push_str(&format!(
                "    {{ \"id\": \"q{i}\", \"prompt\": \"Question {i}?\", \"kind\": \"text\" }}{sep}\n"
            ));
        }
        t.push_str("  ]\n}\n");
        t
    }

    #[test]
    fn indexing_is_linear_a_20k_question_pack_is_walked_once() {
        // Counted, not timed: before, every value's position was counted
        // from the start of the text again (~10^10 bytes for this pack).
        let text = big_pack(20_000);
        let s = Spans::index(&text);
        assert!(
            s.scanned() <= text.len(),
            "{} bytes scanned for a text of {}",
            s.scanned(),
            text.len()
        );
        assert_eq!(s.find("questions[19999].kind"), (20_004, 60));
        let half = big_pack(10_000);
        assert!(Spans::index(&half).scanned() * 2 <= s.scanned() + 64);
    }

    #[test]
    fn control_characters_in_strings_are_noted_where_they_start() {
        let text = "{\n  \"a\": \"ok \\u001b]0;x\\u0007\",\n  \"b\": \"x\u{202E}y\u{9b}\"\n}";
        let s = Spans::index(text);
        let found: Vec<_> = s
            .controls()
            .iter()
            .map(|(p, lc, c)| (p.as_str(), *lc, *c))
            .collect();
        assert_eq!(
            found,
            [
                ("a", (2, 12), '\u{1b}'),
                ("a", (2, 22), '\u{7}'),
                ("b", (3, 10), '\u{202E}'),
                ("b", (3, 12), '\u{9b}'),
            ]
        );
        // Newlines and tabs written as escapes are text, not controls.
        assert!(Spans::index("{\"a\": \"x\\ny\\tz\"}").controls().is_empty());
    }
}
