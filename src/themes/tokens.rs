//! Text → lowercased, normalised words with their spans, clause and sentence numbers.

use unicode_segmentation::UnicodeSegmentation;

use super::lexicon::Lexicon;

#[derive(Debug, Clone)]
pub(super) struct Token {
    /// Lowercased, apostrophes straightened, `spellings` applied.
    pub norm: String,
    /// `norm` without its inflection ([`stem`]): "wanting" → "want~".
    pub stem: String,
    /// Ids of `norm` and of `stem`'s [`stem_key`] in the lexicon
    /// ([`Lexicon::id`]), or `NO_ID` for words no phrase uses.
    pub word: u32,
    pub key: u32,
    /// One of the lexicon's `fillers` ("really", "just").
    pub filler: bool,
    /// A `negation_until` word ("until") comes later in this clause.
    pub until_after: bool,
    /// Byte span in the text, for quoting the words as written.
    pub start: usize,
    pub end: usize,
    /// Clauses end at punctuation, line breaks and clause words ("but").
    pub clause: usize,
    /// Sentences end at `. ! ?` and line breaks.
    pub sentence: usize,
    /// Parts of a sentence on either side of a contrast ("but", "although").
    pub segment: usize,
    /// Parts of a sentence a past scope does not cross ("because", "but").
    pub scope: usize,
}

/// Elliptical clauses ("He finishes, I don't"), each as the clause it stands
/// for ("i don't finish") and the words as written, from the clause before
/// it to its end. Only a clause that is just "I" and a negation ("I don't",
/// "I never do") right after a clause with a subject and a verb is read so.
pub(super) fn ellipses<'t>(text: &'t str, tokens: &[Token]) -> Vec<(String, &'t str)> {
    const NEGATIONS: [&str; 10] = [
        "don't", "didn't", "can't", "couldn't", "won't", "never", "haven't", "rarely", "seldom",
        "hardly",
    ];
    const TAIL: [&str; 6] = ["do", "did", "ever", "really", "though", "always"];
    let mut out = Vec::new();
    // The words of each clause, grouped once.
    let clauses: Vec<&[Token]> = tokens.chunk_by(|a, b| a.clause == b.clause).collect();
    for pair in clauses.windows(2) {
        let [before, short] = pair else { continue };
        let (Some(i), Some(neg)) = (short.first(), short.get(1)) else {
            continue;
        };
        let elliptical = i.norm == "i"
            && NEGATIONS.contains(&neg.norm.as_str())
            && short.len() <= 3
            && short.get(2).is_none_or(|t| TAIL.contains(&t.norm.as_str()));
        if !elliptical || before.first().map(|t| t.sentence) != Some(i.sentence) {
            continue;
        }
        // The subject: one word ("he"), or two after "my" ("my wife").
        let skip = if before.first().is_some_and(|t| t.norm == "my") {
            2
        } else {
            1
        };
        let Some((verb, rest)) = before.get(skip..).and_then(|p| p.split_first()) else {
            continue;
        };
        let base = verb
            .norm
            .strip_suffix("es")
            .filter(|b| b.ends_with("sh") || b.ends_with("ch") || b.ends_with('x'))
            .or_else(|| verb.norm.strip_suffix('s').filter(|b| !b.ends_with('s')))
            .unwrap_or(&verb.norm);
        let mut said = format!("i {} {base}", neg.norm);
        for t in rest {
            said.push(' ');
            said.push_str(&t.norm);
        }
        let (Some(from), Some(to)) = (before.first(), short.last()) else {
            continue;
        };
        if let Some(quote) = text.get(from.start..to.end) {
            out.push((said, quote));
        }
    }
    out
}

/// A word without its inflection, so "wanting to disappear" and "he
/// finishes" read like "want to disappear" and "he finish". Deliberately
/// small: a final -s/-es, then -ing (undoubling "stopping"); the past tense
/// stays apart from the present, since tense is context here ("never talked
/// about it" at home is upbringing, "we never talk about it" is now). A stem
/// that lost -ing ends in `~`, so [`same_stem`] can match "coming" to "come"
/// without matching "note" to "not". Never fewer than three letters are left.
/// Only words inside phrases of two or more words are matched this way, where
/// the other words keep the sense.
pub(super) fn stem(w: &str) -> String {
    if !w.is_ascii() || w.len() <= 3 || w.contains('\'') {
        return w.to_string();
    }
    let mut s = w;
    let sibilant =
        |b: &str| b.ends_with("sh") || b.ends_with("ch") || b.ends_with('x') || b.ends_with("ss");
    if let Some(b) = s.strip_suffix("es").filter(|b| b.len() >= 3 && sibilant(b)) {
        s = b;
    } else if let Some(b) = s
        .strip_suffix('s')
        .filter(|b| b.len() >= 3 && !b.ends_with('s') && !b.ends_with('u'))
    {
        s = b;
    }
    match s.strip_suffix("ing").filter(|b| b.len() >= 3) {
        Some(b) => {
            let bytes = b.as_bytes();
            let n = bytes.len();
            let doubled = n >= 2
                && bytes.get(n - 1) == bytes.get(n - 2)
                && bytes.get(n - 1).is_some_and(|c| !b"aeiouls".contains(c));
            let base = if doubled {
                b.get(..n - 1).unwrap_or(b)
            } else {
                b
            };
            format!("{base}~")
        }
        None => s.to_string(),
    }
}

/// Whether two stems from [`stem`] are one word: equal, or one lost -ing
/// where the other ends in the -e that -ing drops ("coming", "come").
pub(super) fn same_stem(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, a_ing) = a.strip_suffix('~').map_or((a, false), |x| (x, true));
    let (b, b_ing) = b.strip_suffix('~').map_or((b, false), |x| (x, true));
    a == b
        || (a_ing && !b_ing && b.strip_suffix('e') == Some(a))
        || (b_ing && !a_ing && a.strip_suffix('e') == Some(b))
}

/// The key [`stem`]s are indexed by: one for every spelling [`same_stem`] joins.
pub(super) fn stem_key(s: &str) -> &str {
    let s = s.strip_suffix('~').unwrap_or(s);
    s.strip_suffix('e').unwrap_or(s)
}

/// The contraction an auxiliary makes with a following "not", for the
/// auxiliaries whose contraction only negates.
fn contracted(aux: &str) -> Option<&'static str> {
    Some(match aux {
        "do" => "don't",
        "does" => "doesn't",
        "did" => "didn't",
        "is" => "isn't",
        "are" => "aren't",
        "was" => "wasn't",
        "were" => "weren't",
        // Not "could not", "will not", "should not": their contractions say
        // something else ("couldn't talk" is not "not talking") and do not
        // negate here, while "I should not exist" must still read "not exist".
        _ => return None,
    })
}

fn is_break(seg: &str) -> bool {
    seg.chars().any(|c| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | '\n' | '\r' | '(' | ')' | '…' | '—' | '–'
        )
    })
}

fn is_full_stop(seg: &str) -> bool {
    seg.chars()
        .any(|c| matches!(c, '.' | '!' | '?' | '\n' | '\r' | '…'))
}

/// Split `text` into words.
///
/// Pieces of text between ASCII whitespace that are plain ASCII are split by a
/// fast byte scanner; any piece with other characters goes through
/// `unicode-segmentation`, which handles every script, curly apostrophes and
/// the like.
pub(super) fn tokenize(text: &str, lex: &Lexicon) -> Vec<Token> {
    let mut tk = Tokenizer {
        lex,
        out: Vec::with_capacity(text.len() / 5),
        clause: 0,
        sentence: 0,
        segment: 0,
        scope: 0,
        pending_break: false,
        pending_stop: false,
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            if bytes.get(i) == Some(&b'\n') {
                tk.pending_break = true;
                tk.pending_stop = true;
            }
            i += 1;
        }
        let start = i;
        while i < bytes.len() && bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace()) {
            i += 1;
        }
        let Some(piece) = text.get(start..i) else {
            break;
        };
        if piece.is_ascii() {
            tk.ascii_piece(piece, start);
        } else {
            for (at, seg) in piece.split_word_bound_indices() {
                tk.segment(seg, start + at);
            }
        }
    }
    let mut out = tk.out;
    // One backward pass: whether an "until" follows each word in its clause.
    let mut seen: Option<(usize, bool)> = None;
    for t in out.iter_mut().rev() {
        let later = match seen {
            Some((clause, until)) if clause == t.clause => until,
            _ => false,
        };
        t.until_after = later;
        seen = Some((t.clause, later || lex.negation_until.contains(&t.norm)));
    }
    out
}

struct Tokenizer<'a> {
    lex: &'a Lexicon,
    out: Vec<Token>,
    clause: usize,
    sentence: usize,
    segment: usize,
    scope: usize,
    pending_break: bool,
    pending_stop: bool,
}

impl Tokenizer<'_> {
    /// Words in an ASCII piece: letters and digits, with an apostrophe inside a word kept.
    fn ascii_piece(&mut self, piece: &str, offset: usize) {
        let b = piece.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b.get(i).copied().unwrap_or(b' ');
            if !c.is_ascii_alphanumeric() {
                if matches!(c, b'.' | b',' | b';' | b':' | b'!' | b'?' | b'(' | b')') {
                    self.pending_break = true;
                }
                if matches!(c, b'.' | b'!' | b'?') {
                    self.pending_stop = true;
                }
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() {
                let c = b.get(i).copied().unwrap_or(b' ');
                let inner_apostrophe =
                    c == b'\'' && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) && i > start;
                if c.is_ascii_alphanumeric() || inner_apostrophe {
                    i += 1;
                } else {
                    break;
                }
            }
            if let Some(word) = piece.get(start..i) {
                self.word(word.to_ascii_lowercase(), offset + start, offset + i);
            }
        }
    }

    fn segment(&mut self, seg: &str, start: usize) {
        if !seg.chars().any(char::is_alphanumeric) {
            if is_break(seg) {
                self.pending_break = true;
            }
            if is_full_stop(seg) {
                self.pending_stop = true;
            }
            return;
        }
        let norm: String = seg
            .chars()
            .flat_map(char::to_lowercase)
            .map(|c| {
                if matches!(c, '\u{2019}' | '\u{2018}' | '\u{02bc}') {
                    '\''
                } else {
                    c
                }
            })
            .collect();
        self.word(norm, start, start + seg.len());
    }

    fn word(&mut self, mut norm: String, start: usize, end: usize) {
        let lex = self.lex;
        if let Some(mapped) = lex.spellings.get(&norm) {
            norm = mapped.clone();
        } else if let Some(base) = norm.strip_suffix("'s") {
            norm = lex
                .spellings
                .get(base)
                .cloned()
                .unwrap_or_else(|| base.to_string());
        }
        let clause_word = lex.clause_words.contains(&norm);
        if self.pending_stop && !self.out.is_empty() {
            self.sentence += 1;
            self.segment += 1;
            self.scope += 1;
        }
        if lex.scope_words.contains(&norm) {
            self.scope += 1;
        }
        if lex.contrast_words.contains(&norm) {
            self.segment += 1;
        }
        self.pending_stop = false;
        if self.pending_break || clause_word {
            self.clause += 1;
            self.pending_break = false;
        }
        if clause_word {
            // The clause word itself belongs to neither side.
            return;
        }
        // "did not" is read as "didn't", so one phrase serves both ways of typing it.
        if norm == "not"
            && let Some(prev) = self.out.last_mut()
            && prev.clause == self.clause
            && let Some(joined) = contracted(&prev.norm)
        {
            prev.norm = joined.to_string();
            prev.stem = joined.to_string();
            prev.word = lex.id(joined);
            prev.key = lex.id(joined);
            prev.filler = false;
            prev.end = end;
            return;
        }
        let st = stem(&norm);
        self.out.push(Token {
            word: lex.id(&norm),
            key: lex.id(stem_key(&st)),
            filler: lex.fillers.contains(&norm),
            until_after: false,
            stem: st,
            norm,
            start,
            end,
            clause: self.clause,
            sentence: self.sentence,
            segment: self.segment,
            scope: self.scope,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{same_stem, stem, stem_key};

    #[test]
    fn stems() {
        let same = |a: &str, b: &str| same_stem(&stem(a), &stem(b));
        assert!(same("coming", "come"));
        assert!(same("wanting", "want"));
        assert!(same("stopping", "stop"));
        assert!(same("finishes", "finish"));
        assert!(same("refuses", "refuse"));
        assert!(!same("note", "not"), "a final e is not an inflection");
        assert!(!same("wanted", "want"), "the past tense stays apart");
        assert!(!same("scared", "scar"));
        // Every pair that matches shares an index key.
        assert_eq!(stem_key(&stem("coming")), stem_key(&stem("come")));
    }
}
