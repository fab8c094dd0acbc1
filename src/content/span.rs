//! Where each value of a JSON document starts, by its path.
//!
//! serde_json reports line and column for syntax errors but not for values that
//! parse fine and are wrong in meaning (a duplicate id, an unknown theme). This
//! walks text that serde_json has already accepted and records, for every
//! value, the path a person would write (`questions[2].follow_up.when`) and the
//! 1-based line and column where it starts, so those errors can point there too.

use std::collections::HashMap;

/// Line and column (both 1-based, columns counted in characters) of each value.
#[derive(Debug, Default)]
pub struct Spans {
    at: HashMap<String, (usize, usize)>,
    /// Keys given twice in one object: the path of the later one, and where
    /// its key starts. serde_json keeps the last one of a map without a word.
    duplicates: Vec<(String, (usize, usize))>,
}

impl Spans {
    /// Index every value in `text`. Text that is not valid JSON gives a partial index.
    pub fn index(text: &str) -> Spans {
        let mut w = Walker {
            s: text.as_bytes(),
            text,
            i: 0,
            spans: Spans::default(),
        };
        w.value(String::new());
        w.spans
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
    spans: Spans,
}

impl Walker<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn line_col(&self, at: usize) -> (usize, usize) {
        let before = self.text.get(..at).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
        let col = before[line_start..].chars().count() + 1;
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
                            let key_at = self.i;
                            let key = self.string();
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
                                let lc = self.line_col(key_at);
                                self.spans.duplicates.push((child.clone(), lc));
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
                self.string();
            }
            _ => {
                while self.i < self.s.len() && !b",]} \t\r\n".contains(&self.s[self.i]) {
                    self.i += 1;
                }
            }
        }
    }

    /// Reads a string starting at the opening quote; returns its raw content.
    fn string(&mut self) -> String {
        self.i += 1;
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i] != b'"' {
            if self.s[self.i] == b'\\' {
                self.i += 1;
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
}
