//! Answers -> themes (with the words that matched) -> ranked follow-up cards.
//!
//! # How detection works
//!
//! The lexicon lives in `prompts/themes.json` (its `_about` field describes the
//! format) and is parsed once. Text is split into words with
//! `unicode-segmentation`, lowercased, curly apostrophes straightened, a
//! possessive `'s` dropped, and each word passed through the lexicon's
//! `spellings` map (British/American variants, common typos, contractions
//! typed without an apostrophe).
//!
//! Words are grouped into clauses: a clause ends at `. , ; : ! ?`, a line
//! break, or a clause word such as "but" or "because". Lexicon entries (single
//! words, `prefix*` stems, or multi-word phrases) are matched left to right,
//! longest first, never across a clause.
//!
//! * A *symptom* entry ("pain", "anxious") is dropped when a negator ("no",
//!   "not", "never", any "n't" except "can't"/"won't"...) stands at most
//!   `negation_window` words before it in the same clause.
//! * A *statement* entry ("orgasm", "erection") is kept even when negated:
//!   "I've never had an orgasm" raises `orgasm`.
//! * A clause that says all is well ("no problems with erections", "it's not
//!   an issue") drops every match in it.
//!
//! Each theme adds up its distinct entries (1 each, ½ for weak `~` entries)
//! and is raised at 1 or more (weak cues alone need ½ more per 150 words of
//! text); a structured-answer tag adds 2. The score is
//! `1 - 0.4^total`, so one clear word scores 0.6, two 0.84, a tag 0.84.
//!
//! Follow-ups: when `trauma` is raised its card always comes first. Then, for
//! each raised theme in score order, the cards whose first theme it is (the
//! more specific first); then cards that list it further down; at most
//! [`MAX_FOLLOWUPS`], each once.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use crate::content::THEME_IDS;
use crate::content::cards::{Card, builtin_cards};
use crate::journal::Reflection;

/// At most this many follow-up cards are offered.
pub const MAX_FOLLOWUPS: usize = 5;

/// In a text this many words long, a theme raised only by weak cues needs half a cue more.
const WEAK_SPAN: usize = 150;

/// A theme the answers raised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeScore {
    /// One of [`crate::content::THEME_IDS`].
    pub id: String,
    /// 0.0–1.0, higher is stronger.
    pub score: f64,
    /// The words or phrases that matched, as written.
    pub matched: Vec<String>,
}

/// A card worth offering, with a one-line reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Followup {
    pub card: String,
    pub title: String,
    /// "because you wrote 'pressure' and 'perform'"
    pub because: String,
    /// A built-in pack to reflect further with, if the card suggests one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pack: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Analysis {
    pub themes: Vec<ThemeScore>,
    pub followups: Vec<Followup>,
}

// ---------------------------------------------------------------- lexicon

#[derive(Debug, Deserialize)]
struct RawTheme {
    #[serde(default)]
    statements: Vec<String>,
    #[serde(default)]
    symptoms: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RawLexicon {
    #[serde(default)]
    negators: Vec<String>,
    #[serde(default)]
    negators_except: Vec<String>,
    #[serde(default)]
    not_negation_after: Vec<String>,
    #[serde(default = "default_window")]
    negation_window: usize,
    #[serde(default)]
    all_clear: Vec<String>,
    #[serde(default)]
    clause_words: Vec<String>,
    #[serde(default)]
    spellings: HashMap<String, String>,
    themes: HashMap<String, RawTheme>,
}

fn default_window() -> usize {
    3
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Pat {
    Exact(String),
    Prefix(String),
    Any,
}

#[derive(Debug, Clone, Copy)]
struct Target {
    theme: usize,
    weight: f64,
    symptom: bool,
}

#[derive(Debug)]
struct Entry {
    pats: Vec<Pat>,
    targets: Vec<Target>,
}

/// FNV-1a: the lexicon's keys are short words, where SipHash dominates the run time.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// The parsed lexicon.
#[derive(Debug, Default)]
struct Lexicon {
    entries: Vec<Entry>,
    by_word: FastMap<String, Vec<usize>>,
    /// Entries starting with a stem, keyed by the stem's first three characters.
    by_stem3: FastMap<String, Vec<usize>>,
    /// Entries starting with a stem shorter than three characters, or with `_`.
    loose: Vec<usize>,
    negators: FastSet<String>,
    negators_except: FastSet<String>,
    not_after: FastSet<String>,
    window: usize,
    all_clear: FastSet<String>,
    clause_words: FastSet<String>,
    spellings: FastMap<String, String>,
}

/// Problems with the lexicon text, for the test that guards it.
#[derive(Debug, Clone, PartialEq)]
pub struct LexiconReport {
    pub themes: usize,
    pub entries: usize,
    pub problems: Vec<String>,
}

fn first_chars(s: &str, n: usize) -> Option<&str> {
    match s.char_indices().nth(n) {
        Some((i, _)) => s.get(..i),
        None if s.chars().count() == n => Some(s),
        None => None,
    }
}

fn parse_lexicon(text: &str) -> Result<(Lexicon, Vec<String>), String> {
    let raw: RawLexicon = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut problems = Vec::new();
    let mut lex = Lexicon {
        window: raw.negation_window,
        negators: raw.negators.into_iter().collect(),
        negators_except: raw.negators_except.into_iter().collect(),
        not_after: raw.not_negation_after.into_iter().collect(),
        all_clear: raw.all_clear.into_iter().collect(),
        clause_words: raw.clause_words.into_iter().collect(),
        spellings: raw.spellings.into_iter().collect(),
        ..Lexicon::default()
    };
    let mut index: HashMap<Vec<Pat>, usize> = HashMap::new();
    let mut theme_names: Vec<&String> = raw.themes.keys().collect();
    theme_names.sort();
    for name in theme_names {
        let Some(theme) = THEME_IDS.iter().position(|t| t == name) else {
            problems.push(format!("unknown theme {name:?}"));
            continue;
        };
        let Some(rt) = raw.themes.get(name) else {
            continue;
        };
        let all = rt
            .statements
            .iter()
            .map(|e| (e, false))
            .chain(rt.symptoms.iter().map(|e| (e, true)));
        for (entry, symptom) in all {
            let (weak, body) = match entry.strip_prefix('~') {
                Some(rest) => (true, rest),
                None => (false, entry.as_str()),
            };
            let mut pats = Vec::new();
            for piece in body.split_whitespace() {
                if piece == "_" {
                    pats.push(Pat::Any);
                    continue;
                }
                let (stem, word) = match piece.strip_suffix('*') {
                    Some(s) => (true, s),
                    None => (false, piece),
                };
                let words: Vec<String> = tokenize(word, &lex).into_iter().map(|t| t.norm).collect();
                let n = words.len();
                for (k, w) in words.into_iter().enumerate() {
                    pats.push(if stem && k + 1 == n {
                        Pat::Prefix(w)
                    } else {
                        Pat::Exact(w)
                    });
                }
            }
            if pats.is_empty() {
                problems.push(format!("{name}: empty entry {entry:?}"));
                continue;
            }
            let target = Target {
                theme,
                weight: if weak { 0.5 } else { 1.0 },
                symptom,
            };
            match index.get(&pats) {
                Some(&i) => {
                    if let Some(e) = lex.entries.get_mut(i) {
                        if e.targets.iter().any(|t| t.theme == theme) {
                            problems.push(format!("{name}: {entry:?} is listed twice"));
                        } else {
                            e.targets.push(target);
                        }
                    }
                }
                None => {
                    index.insert(pats.clone(), lex.entries.len());
                    lex.entries.push(Entry {
                        pats,
                        targets: vec![target],
                    });
                }
            }
        }
    }
    for (i, e) in lex.entries.iter().enumerate() {
        match e.pats.first() {
            Some(Pat::Exact(w)) => lex.by_word.entry(w.clone()).or_default().push(i),
            Some(Pat::Prefix(p)) => match first_chars(p, 3) {
                Some(k) => lex.by_stem3.entry(k.to_string()).or_default().push(i),
                None => lex.loose.push(i),
            },
            _ => lex.loose.push(i),
        }
    }
    Ok((lex, problems))
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        parse_lexicon(crate::content::THEMES_LEXICON)
            .map(|(l, _)| l)
            .unwrap_or_default()
    })
}

/// Parse the built-in lexicon and report anything wrong with it (tests use this).
pub fn check_lexicon() -> Result<LexiconReport, String> {
    let text = crate::content::THEMES_LEXICON;
    let raw: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let (lex, mut problems) = parse_lexicon(text)?;
    let themes = raw
        .get("themes")
        .and_then(|t| t.as_object())
        .map(|o| o.len())
        .unwrap_or(0);
    for id in THEME_IDS {
        if !lex.entries.iter().any(|e| {
            e.targets
                .iter()
                .any(|t| THEME_IDS.get(t.theme) == Some(&id))
        }) {
            problems.push(format!("theme {id} has no entries"));
        }
    }
    Ok(LexiconReport {
        themes,
        entries: lex.entries.len(),
        problems,
    })
}

// ---------------------------------------------------------------- tokens

#[derive(Debug, Clone)]
struct Token {
    norm: String,
    start: usize,
    end: usize,
    clause: usize,
}

fn is_break(seg: &str) -> bool {
    seg.chars().any(|c| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | '\n' | '\r' | '(' | ')' | '…' | '—' | '–'
        )
    })
}

/// Split `text` into lowercased, normalised words with their byte spans and clause numbers.
///
/// Pieces of text between ASCII whitespace that are plain ASCII are split by a
/// fast byte scanner; any piece with other characters goes through
/// `unicode-segmentation`, which handles every script, curly apostrophes and
/// the like.
fn tokenize(text: &str, lex: &Lexicon) -> Vec<Token> {
    let mut tk = Tokenizer {
        lex,
        out: Vec::with_capacity(text.len() / 5),
        clause: 0,
        pending_break: false,
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            if bytes.get(i) == Some(&b'\n') {
                tk.pending_break = true;
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
    tk.out
}

struct Tokenizer<'a> {
    lex: &'a Lexicon,
    out: Vec<Token>,
    clause: usize,
    pending_break: bool,
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
        if self.pending_break || clause_word {
            self.clause += 1;
            self.pending_break = false;
        }
        if clause_word {
            // The clause word itself belongs to neither side.
            return;
        }
        self.out.push(Token {
            norm,
            start,
            end,
            clause: self.clause,
        });
    }
}

impl Lexicon {
    fn is_negator(&self, tokens: &[Token], j: usize) -> bool {
        let Some(t) = tokens.get(j) else { return false };
        let neg = self.negators.contains(&t.norm)
            || (t.norm.ends_with("n't") && !self.negators_except.contains(&t.norm));
        if !neg {
            return false;
        }
        match tokens.get(j + 1) {
            Some(next) if next.clause == t.clause => !self.not_after.contains(&next.norm),
            _ => true,
        }
    }

    fn entry_len_at(&self, tokens: &[Token], i: usize, e: &Entry) -> Option<usize> {
        let clause = tokens.get(i)?.clause;
        for (k, p) in e.pats.iter().enumerate() {
            let t = tokens.get(i + k)?;
            if t.clause != clause {
                return None;
            }
            let ok = match p {
                Pat::Exact(w) => t.norm == *w,
                Pat::Prefix(s) => t.norm.starts_with(s.as_str()),
                Pat::Any => true,
            };
            if !ok {
                return None;
            }
        }
        Some(e.pats.len())
    }

    /// The longest entry matching at token `i`.
    fn best_at(&self, tokens: &[Token], i: usize) -> Option<(usize, usize)> {
        let t = tokens.get(i)?;
        let mut best: Option<(usize, usize)> = None;
        let mut consider = |idx: usize| {
            if let Some(e) = self.entries.get(idx)
                && let Some(len) = self.entry_len_at(tokens, i, e)
                && best.is_none_or(|(_, l)| len > l)
            {
                best = Some((idx, len));
            }
        };
        if let Some(list) = self.by_word.get(&t.norm) {
            list.iter().for_each(|&i| consider(i));
        }
        if let Some(k) = first_chars(&t.norm, 3)
            && let Some(list) = self.by_stem3.get(k)
        {
            list.iter().for_each(|&i| consider(i));
        }
        self.loose.iter().for_each(|&i| consider(i));
        best
    }

    fn clause_all_clear(&self, tokens: &[Token], j: usize) -> bool {
        if !self.is_negator(tokens, j) {
            return false;
        }
        let clause = tokens.get(j).map(|t| t.clause);
        (1..=self.window).any(|d| {
            tokens
                .get(j + d)
                .is_some_and(|t| Some(t.clause) == clause && self.all_clear.contains(&t.norm))
        })
    }

    fn negated_before(&self, tokens: &[Token], i: usize) -> bool {
        let Some(clause) = tokens.get(i).map(|t| t.clause) else {
            return false;
        };
        (1..=self.window.min(i)).any(|d| {
            let j = i - d;
            tokens.get(j).is_some_and(|t| t.clause == clause) && self.is_negator(tokens, j)
        })
    }
}

// ---------------------------------------------------------------- analysis

#[derive(Default)]
struct ThemeAcc {
    total: f64,
    /// Whether a full-weight entry or a tag contributed.
    strong: bool,
    entries: Vec<usize>,
    matched: Vec<String>,
    reasons: Vec<String>,
}

fn cards() -> &'static [Card] {
    static CARDS: OnceLock<Vec<Card>> = OnceLock::new();
    CARDS.get_or_init(builtin_cards)
}

fn quote_list(words: &[String]) -> String {
    let q: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    match q.as_slice() {
        [] => String::new(),
        [a] => a.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The `(theme index, matched text)` pairs found in one text, negation applied.
fn scan(text: &str, lex: &Lexicon, accs: &mut [ThemeAcc]) -> usize {
    let tokens = tokenize(text, lex);
    let mut cleared: FastSet<usize> = FastSet::default();
    for j in 0..tokens.len() {
        if lex.clause_all_clear(&tokens, j)
            && let Some(t) = tokens.get(j)
        {
            cleared.insert(t.clause);
        }
    }
    let mut i = 0;
    while i < tokens.len() {
        let Some((idx, len)) = lex.best_at(&tokens, i) else {
            i += 1;
            continue;
        };
        let (Some(first), Some(last), Some(entry)) =
            (tokens.get(i), tokens.get(i + len - 1), lex.entries.get(idx))
        else {
            break;
        };
        if !cleared.contains(&first.clause) {
            let negated = lex.negated_before(&tokens, i);
            let surface = text.get(first.start..last.end).unwrap_or("").trim();
            for t in &entry.targets {
                if t.symptom && negated {
                    continue;
                }
                if let Some(acc) = accs.get_mut(t.theme) {
                    if !acc.entries.contains(&idx) {
                        acc.entries.push(idx);
                        acc.total += t.weight;
                        acc.strong |= t.weight >= 1.0;
                    }
                    if !surface.is_empty()
                        && !acc.matched.iter().any(|m| m.eq_ignore_ascii_case(surface))
                    {
                        acc.matched.push(surface.to_string());
                    }
                }
            }
        }
        i += len.max(1);
    }
    tokens.len()
}

/// Analyse free-text answers plus `(theme id, reason)` pairs from structured answers.
pub fn analyze(texts: &[&str], tagged: &[(String, String)]) -> Analysis {
    let lex = lexicon();
    let mut accs: Vec<ThemeAcc> = THEME_IDS.iter().map(|_| ThemeAcc::default()).collect();
    let mut words = 0usize;
    for text in texts {
        words += scan(text, lex, &mut accs);
    }
    // Weak cues alone must add up to more in a long text, where they turn up by chance.
    let weak_needed = 1.0 + 0.5 * (words / WEAK_SPAN) as f64;
    for (theme, reason) in tagged {
        if let Some(acc) = THEME_IDS
            .iter()
            .position(|t| t == theme)
            .and_then(|i| accs.get_mut(i))
            && !acc.reasons.contains(reason)
        {
            acc.reasons.push(reason.clone());
            acc.total += 2.0;
            acc.strong = true;
        }
    }
    let mut raised: Vec<(usize, f64)> = accs
        .iter()
        .enumerate()
        .filter(|(_, a)| a.total >= 1.0 - 1e-9 && (a.strong || a.total >= weak_needed - 1e-9))
        .map(|(i, a)| (i, ((1.0 - 0.4f64.powf(a.total)) * 100.0).round() / 100.0))
        .collect();
    raised.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));

    let themes: Vec<ThemeScore> = raised
        .iter()
        .filter_map(|&(i, score)| {
            Some(ThemeScore {
                id: THEME_IDS.get(i)?.to_string(),
                score,
                matched: accs.get(i)?.matched.clone(),
            })
        })
        .collect();

    let followups = followups_for(&raised, &accs);
    Analysis { themes, followups }
}

fn because(acc: &ThemeAcc) -> String {
    if let Some(r) = acc.reasons.first() {
        return format!("because {r}");
    }
    let words: Vec<String> = acc.matched.iter().take(3).cloned().collect();
    if words.is_empty() {
        "because of your answers".to_string()
    } else {
        format!("because you wrote {}", quote_list(&words))
    }
}

fn followups_for(raised: &[(usize, f64)], accs: &[ThemeAcc]) -> Vec<Followup> {
    let cards = cards();
    let theme_of = |i: usize| THEME_IDS.get(i).copied().unwrap_or("");
    // Trauma first, then the rest in score order.
    let mut order: Vec<usize> = raised.iter().map(|&(i, _)| i).collect();
    order.sort_by_key(|&i| theme_of(i) != "trauma");

    let mut picked: Vec<(usize, usize)> = Vec::new(); // (card index, theme index)
    let add = |card: usize, theme: usize, picked: &mut Vec<(usize, usize)>| {
        if picked.len() < MAX_FOLLOWUPS && !picked.iter().any(|&(c, _)| c == card) {
            picked.push((card, theme));
        }
    };
    // Pass 0: one card per raised theme, so every theme gets a say before any
    // gets a second card. Pass 1: the other cards mainly about those themes.
    // Pass 2: cards that touch them in passing.
    for (pass, &theme) in [0usize, 1, 2]
        .iter()
        .flat_map(|p| order.iter().map(move |t| (*p, t)))
    {
        let id = theme_of(theme);
        let mut matching: Vec<usize> = cards
            .iter()
            .enumerate()
            .filter(|(_, c)| match pass {
                0 | 1 => c.themes.first().is_some_and(|t| t == id),
                _ => c.themes.iter().skip(1).any(|t| t == id),
            })
            .map(|(i, _)| i)
            .collect();
        // The most focused card first; among equals, one that offers a pack.
        matching.sort_by_key(|&i| {
            cards
                .get(i)
                .map(|c| (c.themes.len(), c.pack.is_none()))
                .unwrap_or((usize::MAX, true))
        });
        let take = if pass == 0 { 1 } else { matching.len() };
        for c in matching.into_iter().take(take) {
            add(c, theme, &mut picked);
        }
    }
    picked
        .into_iter()
        .filter_map(|(c, t)| {
            let card = cards.get(c)?;
            Some(Followup {
                card: card.id.clone(),
                title: card.title.clone(),
                because: because(accs.get(t)?),
                pack: card.pack.clone(),
            })
        })
        .collect()
}

/// Analyse a whole reflection.
pub fn analyze_reflection(r: &Reflection) -> Analysis {
    analyze(&r.texts(), &r.tagged_themes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(a: &Analysis) -> Vec<&str> {
        a.themes.iter().map(|t| t.id.as_str()).collect()
    }

    #[test]
    fn lexicon_parses_cleanly() {
        let r = match check_lexicon() {
            Ok(r) => r,
            Err(e) => panic!("the lexicon does not parse: {e}"),
        };
        assert_eq!(r.themes, 17);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    #[test]
    fn negation() {
        assert_eq!(ids(&analyze(&["no pain at all"], &[])), Vec::<&str>::new());
        assert_eq!(
            ids(&analyze(&["I've never had an orgasm"], &[])),
            vec!["orgasm"]
        );
        assert_eq!(
            ids(&analyze(&["no problems with erections"], &[])),
            Vec::<&str>::new()
        );
        assert_eq!(
            ids(&analyze(&["I’m not anxious about it"], &[])),
            Vec::<&str>::new()
        );
    }
}
