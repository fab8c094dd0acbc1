//! The lexicon (`prompts/themes.json`): parsing, phrase matching and typo tolerance.
//!
//! A phrase is a list of patterns, one per word:
//!
//! * `word` — that word (after lowercasing and `spellings`);
//! * `stem*` — any word starting with `stem`;
//! * `_` — any one word; `..` — up to three words, or none;
//! * `@class` — any word of a class listed under `classes` ("@partner");
//! * `=Word` — that word written exactly so (`=ED` is erectile dysfunction, "Ed" a name).
//!
//! Phrases never match across a clause.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use serde::Deserialize;

use super::tokens::{Token, same_stem, stem, stem_key, tokenize};
use crate::content::THEME_IDS;

/// FNV-1a: the lexicon's keys are short words, where SipHash dominates the run time.
#[derive(Default)]
pub(super) struct Fnv(u64);

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

pub(super) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub(super) type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

// ---------------------------------------------------------------- raw form

#[derive(Debug, Deserialize)]
struct RawTheme {
    #[serde(default)]
    statements: Vec<String>,
    #[serde(default)]
    symptoms: Vec<String>,
    /// How the theme treats context: see [`Settings`].
    #[serde(default)]
    past: Option<String>,
    #[serde(default)]
    other: Option<String>,
    #[serde(default)]
    hypothetical: Option<String>,
    #[serde(default)]
    partner: Option<String>,
    #[serde(default)]
    resolved: Option<String>,
    #[serde(default)]
    fine: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct RawContext {
    #[serde(default)]
    past_before: Vec<String>,
    #[serde(default)]
    past_after: Vec<String>,
    #[serde(default)]
    now: Vec<String>,
    #[serde(default)]
    other_before: Vec<String>,
    #[serde(default)]
    media_before: Vec<String>,
    #[serde(default)]
    past_previous: Vec<String>,
    #[serde(default)]
    resolved: Vec<String>,
    #[serde(default)]
    self_words: Vec<String>,
    #[serde(default)]
    hypothetical_before: Vec<String>,
    #[serde(default)]
    distress: Vec<String>,
    #[serde(default)]
    affirm: Vec<String>,
    #[serde(default)]
    partner_before: Vec<String>,
    #[serde(default)]
    reporting: Vec<String>,
    #[serde(default)]
    belief_before: Vec<String>,
    #[serde(default)]
    unreal_before: Vec<String>,
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
    negation_continues: Vec<String>,
    #[serde(default)]
    negation_until: Vec<String>,
    #[serde(default)]
    fillers: Vec<String>,
    #[serde(default)]
    all_clear: Vec<String>,
    #[serde(default)]
    clause_words: Vec<String>,
    #[serde(default)]
    contrast_words: Vec<String>,
    #[serde(default)]
    scope_words: Vec<String>,
    #[serde(default)]
    spellings: HashMap<String, String>,
    #[serde(default)]
    not_typos: Vec<String>,
    #[serde(default)]
    classes: HashMap<String, Vec<String>>,
    /// Phrases that mean nothing here ("it hit me that", "killed me laughing"):
    /// matched like entries, so the words inside them raise nothing.
    #[serde(default)]
    idioms: Vec<String>,
    /// Per card id, words in a theme's matches that make that card the
    /// theme's first ("unsafe sex" leads to sexual health, not ageing).
    #[serde(default)]
    card_cues: HashMap<String, Vec<String>>,
    #[serde(default)]
    context: RawContext,
    themes: HashMap<String, RawTheme>,
}

fn default_window() -> usize {
    3
}

// ---------------------------------------------------------------- parsed form

/// In a phrase of two or more words, each plain word is matched by its stem,
/// except a word ending in -s: "decides what I wear" names who decides, and
/// "I decide what I wear" must not match it.
fn inflect(lex: &mut Lexicon, pats: Vec<Pat>) -> Vec<Pat> {
    let words = pats.iter().filter(|p| !matches!(p, Pat::Gap(_))).count();
    if words < 2 {
        return pats;
    }
    pats.into_iter()
        .map(|p| match p {
            Pat::Exact(w, _) if !w.ends_with('s') => {
                let st = stem(&w);
                let key = lex.intern(stem_key(&st));
                Pat::Inflected(st, key)
            }
            other => other,
        })
        .collect()
}

/// The id of a word no phrase uses.
pub(super) const NO_ID: u32 = u32::MAX;

/// "not", or a contraction that only negates ("isn't", "don't"); "can't"
/// and "won't" say something else ("couldn't talk" is not "not talking").
fn is_plain_not(word: &str) -> bool {
    matches!(
        word,
        "not" | "isn't" | "aren't" | "wasn't" | "weren't" | "don't" | "doesn't" | "didn't"
    )
}

/// At most this many filler words are skipped inside one phrase.
const MAX_FILLERS: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Pat {
    /// A word, and its id in [`Lexicon::ids`] (compared instead of the text).
    Exact(String, u32),
    /// A word inside a phrase of several, matched by its stem ([`stem`]),
    /// and the id of the stem's [`stem_key`].
    Inflected(String, u32),
    Prefix(String),
    Any,
    /// Up to this many words, or none.
    Gap(usize),
    Class(usize),
    /// Exactly as written, case and all.
    Surface(String),
}

/// What a theme does with a match in a given context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Treat {
    Keep,
    Drop,
    /// Count it for another theme instead (coercion in the past is trauma).
    Becomes(usize),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Settings {
    pub past: Treat,
    pub other: Treat,
    pub hypothetical: Treat,
    /// A partner's own experience ("my wife is asexual"): most themes are
    /// the writer's concern too (a partner's erections), some are not.
    pub partner: Treat,
    /// A problem the writer says is over ("it's fine now").
    pub resolved: Treat,
    /// Where the writer says it is fine ("and I'm happy with it").
    pub fine: Treat,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            past: Treat::Drop,
            other: Treat::Drop,
            hypothetical: Treat::Keep,
            partner: Treat::Keep,
            resolved: Treat::Drop,
            fine: Treat::Drop,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Target {
    pub theme: usize,
    pub weight: f64,
    /// Dropped when negated ("no pain").
    pub symptom: bool,
    /// Counts only in a sentence that says it is a worry ("?porn").
    pub needs_distress: bool,
    /// Counts only when told as something past ("<touched me" when I was
    /// twelve, not "he touched me gently").
    pub past_only: bool,
}

/// A set of phrases, indexed by how they start, matched longest first.
#[derive(Debug, Default)]
pub(super) struct Phrases {
    pub pats: Vec<Vec<Pat>>,
    /// Per phrase, the id its second word must have (word or stem key), or
    /// [`NO_ID`]: most phrases tried at a word fail at the next one, and
    /// this rules them out with one comparison.
    second: Vec<u32>,
    by_word: FastMap<String, Vec<usize>>,
    /// Phrases starting with an inflected word, keyed by its stem.
    by_stem: FastMap<String, Vec<usize>>,
    /// Phrases starting with a stem, keyed by the stem's first three characters.
    by_stem3: FastMap<String, Vec<usize>>,
    /// Phrases starting with a short stem, `_`, a class or a surface form.
    loose: Vec<usize>,
}

#[derive(Debug, Default)]
pub(super) struct Lexicon {
    pub entries: Phrases,
    /// Per entry in `entries`, the themes it serves.
    pub targets: Vec<Vec<Target>>,
    pub settings: Vec<Settings>,
    classes: Vec<FastSet<String>>,
    /// The same classes as word ids ([`Lexicon::id`]), for matching.
    class_ids: Vec<FastSet<u32>>,
    negators: FastSet<String>,
    negators_except: FastSet<String>,
    not_after: FastSet<String>,
    /// Words that carry a negation on across a list ("not X or Y, nor Z").
    negation_continues: FastSet<String>,
    /// "I never had trouble until the surgery": a negator with one of these
    /// later in its clause tells of a change, so it negates nothing.
    negation_until: FastSet<String>,
    /// Words a phrase may skip between its own words ("don't *really* want sex").
    pub fillers: FastSet<String>,
    /// Every word and stem key the phrases use, as a number, so matching
    /// compares numbers ([`Lexicon::id`]).
    ids: FastMap<String, u32>,
    /// The id of "not".
    not_id: u32,
    pub window: usize,
    all_clear: FastSet<String>,
    pub clause_words: FastSet<String>,
    /// Words that turn a sentence round ("but"): an "it's fine" does not reach past them.
    pub contrast_words: FastSet<String>,
    /// Words a past scope does not cross ("when I was little" is not the
    /// therapist the writer is scared of going to "because" of it).
    pub scope_words: FastSet<String>,
    pub spellings: FastMap<String, String>,
    /// Every context trigger phrase, in one index; `trigger_kind` says which
    /// list each came from ([`PAST_BEFORE`], [`NOW`], ...).
    pub triggers: Phrases,
    pub trigger_kind: Vec<usize>,
    /// Typo tolerance: every one-letter deletion of a lexicon word → the word.
    deletions: FastMap<String, Vec<String>>,
    /// Per card id, lowercased cue words (see `card_cues` in the lexicon).
    pub card_cues: FastMap<String, Vec<String>>,
    /// Every exact word of the lexicon (no typo fixing needed).
    vocabulary: FastSet<String>,
    /// Real words one letter away from a lexicon word ("election"), never "fixed".
    not_typos: FastSet<String>,
}

/// Problems with the lexicon text, for the test that guards it.
#[derive(Debug, Clone, PartialEq)]
pub struct LexiconReport {
    pub themes: usize,
    pub entries: usize,
    pub problems: Vec<String>,
}

/// The kinds of context trigger, in the order of [`Lexicon::trigger_kind`].
pub const PAST_BEFORE: usize = 0;
pub const PAST_AFTER: usize = 1;
pub const NOW: usize = 2;
pub const OTHER_BEFORE: usize = 3;
pub const SELF_WORDS: usize = 4;
pub const HYPOTHETICAL_BEFORE: usize = 5;
pub const DISTRESS: usize = 6;
pub const AFFIRM: usize = 7;
pub const MEDIA_BEFORE: usize = 8;
pub const PAST_PREVIOUS: usize = 9;
pub const RESOLVED: usize = 10;
pub const PARTNER_BEFORE: usize = 11;
/// "told me", "asked me": the writer hears of someone else's experience.
pub const REPORTING: usize = 12;
/// "she thinks", "he assumes": what follows is someone else's belief,
/// even when it is about the writer ("she thinks I don't fancy her").
pub const BELIEF_BEFORE: usize = 13;
/// "if I ever", "should I ever": an idle supposition, not a concern.
pub const UNREAL_BEFORE: usize = 14;
pub const TRIGGER_KINDS: usize = 15;

pub(super) fn first_chars(s: &str, n: usize) -> Option<&str> {
    match s.char_indices().nth(n) {
        Some((i, _)) => s.get(..i),
        None if s.chars().count() == n => Some(s),
        None => None,
    }
}

/// Words shorter than this are never treated as typos.
const TYPO_MIN: usize = 5;
/// Lexicon words shorter than this are never the fix for a typo.
const TYPO_TARGET_MIN: usize = 6;

fn deletions(w: &str) -> Vec<String> {
    let chars: Vec<char> = w.chars().collect();
    (0..chars.len())
        .map(|k| {
            chars
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != k)
                .map(|(_, c)| *c)
                .collect()
        })
        .collect()
}

/// Damerau–Levenshtein distance ≤ 1 (one insertion, deletion, substitution or swap).
fn within_one(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if pre == la && pre == lb {
        return true;
    }
    let (ra, rb) = (&a[pre..], &b[pre..]);
    if la == lb {
        let swapped = ra.len() >= 2
            && ra.first() == rb.get(1)
            && ra.get(1) == rb.first()
            && ra.get(2..) == rb.get(2..);
        swapped || ra.get(1..) == rb.get(1..)
    } else if la > lb {
        ra.get(1..) == Some(rb)
    } else {
        rb.get(1..) == Some(ra)
    }
}

fn treat(value: Option<&str>, default: Treat, problems: &mut Vec<String>, name: &str) -> Treat {
    match value {
        None => default,
        Some("keep") => Treat::Keep,
        Some("drop") => Treat::Drop,
        Some(other) => match other
            .strip_prefix("becomes ")
            .and_then(|t| THEME_IDS.iter().position(|id| *id == t))
        {
            Some(i) => Treat::Becomes(i),
            None => {
                problems.push(format!(
                    "{name}: {other:?} should be \"keep\", \"drop\" or \"becomes THEME\""
                ));
                default
            }
        },
    }
}

impl Phrases {
    /// Index a phrase by its first word; a class is indexed under each of its
    /// words, so only phrases that can match are tried at each word.
    fn add(&mut self, pats: Vec<Pat>, classes: &[FastSet<String>]) -> usize {
        let i = self.pats.len();
        match pats.first() {
            Some(Pat::Exact(w, _)) => self.by_word.entry(w.clone()).or_default().push(i),
            Some(Pat::Inflected(w, _)) => self
                .by_stem
                .entry(stem_key(w).to_string())
                .or_default()
                .push(i),
            Some(Pat::Surface(w)) => self.by_word.entry(w.to_lowercase()).or_default().push(i),
            Some(Pat::Class(c)) => {
                for w in classes.get(*c).into_iter().flatten() {
                    self.by_word.entry(w.clone()).or_default().push(i);
                }
            }
            Some(Pat::Prefix(p)) => match first_chars(p, 3) {
                Some(k) => self.by_stem3.entry(k.to_string()).or_default().push(i),
                None => self.loose.push(i),
            },
            _ => self.loose.push(i),
        }
        self.second.push(match pats.get(1) {
            Some(Pat::Exact(_, id) | Pat::Inflected(_, id)) => *id,
            _ => NO_ID,
        });
        self.pats.push(pats);
        i
    }

    /// Every phrase matching at token `i`, as `(phrase, words covered)`.
    pub fn each_at(
        &self,
        lex: &Lexicon,
        text: &str,
        tokens: &[Token],
        i: usize,
        mut found: impl FnMut(usize, usize),
    ) {
        let Some(t) = tokens.get(i) else { return };
        let next = tokens.get(i + 1).filter(|n| n.clause == t.clause);
        let mut consider = |idx: usize| {
            let second = self.second.get(idx).copied().unwrap_or(NO_ID);
            if second != NO_ID
                && second != lex.not_id
                && next.is_none_or(|n| n.word != second && n.key != second && !n.filler)
            {
                return;
            }
            if let Some(p) = self.pats.get(idx)
                && let Some(len) = lex.match_len(p, text, tokens, i, t.clause)
            {
                found(idx, len);
            }
        };
        if let Some(list) = self.by_word.get(&t.norm) {
            list.iter().for_each(|&k| consider(k));
        }
        if let Some(list) = self.by_stem.get(stem_key(&t.stem)) {
            list.iter().for_each(|&k| consider(k));
        }
        // A phrase starting with "not" also starts at "isn't", "don't"...
        if t.norm != "not" && is_plain_not(&t.norm) {
            for list in [self.by_word.get("not"), self.by_stem.get("not")]
                .into_iter()
                .flatten()
            {
                list.iter().for_each(|&k| consider(k));
            }
        }
        if let Some(k) = first_chars(&t.norm, 3)
            && let Some(list) = self.by_stem3.get(k)
        {
            list.iter().for_each(|&k| consider(k));
        }
        self.loose.iter().for_each(|&k| consider(k));
    }

    /// The longest phrase matching at token `i`: `(phrase, words covered)`.
    pub fn longest_at(
        &self,
        lex: &Lexicon,
        text: &str,
        tokens: &[Token],
        i: usize,
    ) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        self.each_at(lex, text, tokens, i, |idx, len| {
            if best.is_none_or(|(_, l)| len > l) {
                best = Some((idx, len));
            }
        });
        best
    }

    pub fn len(&self) -> usize {
        self.pats.len()
    }
}

impl Lexicon {
    fn compile(
        &mut self,
        phrase: &str,
        classes: &HashMap<String, usize>,
        problems: &mut Vec<String>,
    ) -> Vec<Pat> {
        let mut pats = Vec::new();
        for piece in phrase.split_whitespace() {
            if piece == "_" {
                pats.push(Pat::Any);
                continue;
            }
            if piece == ".." {
                pats.push(Pat::Gap(3));
                continue;
            }
            if let Some(class) = piece.strip_prefix('@') {
                match classes.get(class) {
                    Some(&c) => pats.push(Pat::Class(c)),
                    None => problems.push(format!("{phrase:?}: no class @{class}")),
                }
                continue;
            }
            if let Some(surface) = piece.strip_prefix('=') {
                pats.push(Pat::Surface(surface.to_string()));
                continue;
            }
            let (stem, word) = match piece.strip_suffix('*') {
                Some(s) => (true, s),
                None => (false, piece),
            };
            let words: Vec<String> = tokenize(word, self).into_iter().map(|t| t.norm).collect();
            if words.is_empty() {
                problems.push(format!("{phrase:?}: {piece:?} is a clause word or no word at all, so the phrase can never match"));
            }
            let n = words.len();
            for (k, w) in words.into_iter().enumerate() {
                pats.push(if stem && k + 1 == n {
                    Pat::Prefix(w)
                } else {
                    let id = self.intern(&w);
                    Pat::Exact(w, id)
                });
            }
        }
        if matches!(pats.first(), Some(Pat::Gap(_))) || matches!(pats.last(), Some(Pat::Gap(_))) {
            problems.push(format!("{phrase:?}: `..` belongs between words"));
        }
        pats
    }

    /// How many words `pats` covers starting at token `i`, if it matches there.
    fn match_len(
        &self,
        pats: &[Pat],
        text: &str,
        tokens: &[Token],
        i: usize,
        clause: usize,
    ) -> Option<usize> {
        self.match_from(pats, text, tokens, i, clause, None)
    }

    /// [`Self::match_len`], where `fillers` is how many filler words may still
    /// be skipped (`None` at the phrase's first word, which never skips).
    fn match_from(
        &self,
        pats: &[Pat],
        text: &str,
        tokens: &[Token],
        i: usize,
        clause: usize,
        fillers: Option<usize>,
    ) -> Option<usize> {
        let (first, rest) = pats.split_first()?;
        let t = tokens.get(i).filter(|t| t.clause == clause)?;
        let more = Some(fillers.unwrap_or(MAX_FILLERS));
        match first {
            Pat::Gap(n) => {
                // Shortest gap first keeps the quoted phrase tight.
                (0..=*n).find_map(|skip| {
                    if skip > 0 && tokens.get(i + skip - 1).is_none_or(|t| t.clause != clause) {
                        return None;
                    }
                    if rest.is_empty() {
                        return Some(skip);
                    }
                    self.match_from(rest, text, tokens, i + skip, clause, more)
                        .map(|l| l + skip)
                })
            }
            _ => {
                let ok = match first {
                    // "not" in a phrase also reads "isn't", "doesn't"...
                    Pat::Exact(w, id) | Pat::Inflected(w, id)
                        if *id == self.not_id && w == "not" =>
                    {
                        is_plain_not(&t.norm)
                    }
                    Pat::Exact(_, id) => t.word == *id,
                    Pat::Inflected(w, key) => t.key == *key && same_stem(&t.stem, w),
                    Pat::Prefix(s) => t.norm.starts_with(s.as_str()),
                    Pat::Any => true,
                    Pat::Class(c) => self
                        .class_ids
                        .get(*c)
                        .is_some_and(|set| set.contains(&t.word)),
                    Pat::Surface(s) => text.get(t.start..t.end) == Some(s.as_str()),
                    Pat::Gap(_) => false,
                };
                if !ok {
                    // "I don't really want sex" reads as "I don't want sex".
                    return match fillers {
                        Some(n) if n > 0 && t.filler => self
                            .match_from(pats, text, tokens, i + 1, clause, Some(n - 1))
                            .map(|l| l + 1),
                        _ => None,
                    };
                }
                if rest.is_empty() {
                    Some(1)
                } else {
                    self.match_from(rest, text, tokens, i + 1, clause, more)
                        .map(|l| l + 1)
                }
            }
        }
    }

    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = u32::try_from(self.ids.len()).unwrap_or(NO_ID - 1);
        self.ids.insert(word.to_string(), id);
        id
    }

    /// The id of a word the phrases use, or [`NO_ID`].
    pub fn id(&self, word: &str) -> u32 {
        self.ids.get(word).copied().unwrap_or(NO_ID)
    }

    pub fn is_negator(&self, tokens: &[Token], j: usize) -> bool {
        let Some(t) = tokens.get(j) else { return false };
        // "I never had trouble with erections until my surgery" tells of a change.
        if tokens
            .iter()
            .skip(j + 1)
            .take_while(|u| u.clause == t.clause)
            .any(|u| self.negation_until.contains(&u.norm))
        {
            return false;
        }
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

    /// Whether a negator governs token `i`: at most `window` words before it in
    /// its clause, or further back across a list joined by "or" / "nor".
    pub fn negated_before(&self, tokens: &[Token], i: usize) -> bool {
        let Some(clause) = tokens.get(i).map(|t| t.clause) else {
            return false;
        };
        let mut reach = self.window;
        let mut d = 1;
        while d <= reach && d <= i {
            let j = i - d;
            let Some(t) = tokens.get(j).filter(|t| t.clause == clause) else {
                // "not worried about performance, nor about my looks": the list
                // goes on in the next clause when it opens with "nor"/"or".
                break;
            };
            if self.is_negator(tokens, j) {
                return true;
            }
            if self.negation_continues.contains(&t.norm) {
                reach = d + self.window;
            }
            d += 1;
        }
        false
    }

    /// Whether a word carries a negation on into the next part of a list ("nor").
    pub fn continues_negation(&self, word: &str) -> bool {
        matches!(word, "nor" | "or") && self.negation_continues.contains(word)
    }

    pub fn clause_all_clear(&self, tokens: &[Token], j: usize) -> bool {
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

    /// The lexicon word a misspelt word stands for, if exactly one is one letter away.
    pub fn fix_typo<'a>(&'a self, word: &str) -> Option<&'a str> {
        if word.chars().count() < TYPO_MIN
            || self.vocabulary.contains(word)
            || self.not_typos.contains(word)
            || !word.chars().all(char::is_alphabetic)
        {
            return None;
        }
        let mut found: Option<&'a str> = None;
        let stripped = word
            .strip_suffix('s')
            .filter(|w| w.chars().count() >= TYPO_MIN);
        for w in std::iter::once(word).chain(stripped) {
            for key in std::iter::once(w.to_string()).chain(deletions(w)) {
                for cand in self.deletions.get(&key).into_iter().flatten() {
                    if within_one(w, cand) {
                        match found {
                            Some(f) if f != cand.as_str() => return None,
                            _ => found = Some(cand.as_str()),
                        }
                    }
                }
            }
        }
        found
    }
}

pub(super) fn parse_lexicon(text: &str) -> Result<(Lexicon, Vec<String>), String> {
    let raw: RawLexicon = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut problems = Vec::new();
    let mut lex = Lexicon {
        window: raw.negation_window,
        negators: raw.negators.into_iter().collect(),
        negators_except: raw.negators_except.into_iter().collect(),
        not_after: raw.not_negation_after.into_iter().collect(),
        negation_continues: raw.negation_continues.into_iter().collect(),
        negation_until: raw.negation_until.into_iter().collect(),
        fillers: raw.fillers.into_iter().collect(),
        not_id: NO_ID,
        all_clear: raw.all_clear.into_iter().collect(),
        clause_words: raw.clause_words.into_iter().collect(),
        contrast_words: raw.contrast_words.into_iter().collect(),
        scope_words: raw.scope_words.into_iter().collect(),
        spellings: raw.spellings.into_iter().collect(),
        not_typos: raw.not_typos.into_iter().collect(),
        settings: vec![Settings::default(); THEME_IDS.len()],
        card_cues: raw
            .card_cues
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().map(|c| c.to_lowercase()).collect()))
            .collect(),
        ..Lexicon::default()
    };
    lex.not_id = lex.intern("not");
    let mut class_names: Vec<&String> = raw.classes.keys().collect();
    class_names.sort();
    let mut classes = HashMap::new();
    for name in class_names {
        let words: FastSet<String> = raw
            .classes
            .get(name)
            .into_iter()
            .flatten()
            .flat_map(|w| tokenize(w, &lex).into_iter().map(|t| t.norm))
            .collect();
        let ids: FastSet<u32> = words.iter().map(|w| lex.intern(w)).collect();
        classes.insert(name.clone(), lex.classes.len());
        lex.classes.push(words);
        lex.class_ids.push(ids);
    }
    let ctx = &raw.context;
    for (list, dest) in [
        (&ctx.past_before, PAST_BEFORE),
        (&ctx.past_after, PAST_AFTER),
        (&ctx.now, NOW),
        (&ctx.other_before, OTHER_BEFORE),
        (&ctx.self_words, SELF_WORDS),
        (&ctx.hypothetical_before, HYPOTHETICAL_BEFORE),
        (&ctx.distress, DISTRESS),
        (&ctx.affirm, AFFIRM),
        (&ctx.media_before, MEDIA_BEFORE),
        (&ctx.past_previous, PAST_PREVIOUS),
        (&ctx.resolved, RESOLVED),
        (&ctx.partner_before, PARTNER_BEFORE),
        (&ctx.reporting, REPORTING),
        (&ctx.belief_before, BELIEF_BEFORE),
        (&ctx.unreal_before, UNREAL_BEFORE),
    ] {
        for phrase in list {
            let pats = lex.compile(phrase, &classes, &mut problems);
            if pats.is_empty() {
                problems.push(format!("context: empty phrase {phrase:?}"));
                continue;
            }
            let pats = inflect(&mut lex, pats);
            lex.triggers.add(pats, &lex.classes);
            lex.trigger_kind.push(dest);
        }
    }

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
        let defaults = Settings::default();
        if let Some(s) = lex.settings.get_mut(theme) {
            *s = Settings {
                past: treat(rt.past.as_deref(), defaults.past, &mut problems, name),
                other: treat(rt.other.as_deref(), defaults.other, &mut problems, name),
                hypothetical: treat(
                    rt.hypothetical.as_deref(),
                    defaults.hypothetical,
                    &mut problems,
                    name,
                ),
                partner: treat(rt.partner.as_deref(), defaults.partner, &mut problems, name),
                resolved: treat(
                    rt.resolved.as_deref(),
                    defaults.resolved,
                    &mut problems,
                    name,
                ),
                fine: treat(rt.fine.as_deref(), defaults.fine, &mut problems, name),
            };
        }
        let all = rt
            .statements
            .iter()
            .map(|e| (e, false))
            .chain(rt.symptoms.iter().map(|e| (e, true)));
        for (entry, symptom) in all {
            let mut body = entry.as_str();
            let (mut weak, mut needs_distress, mut past_only) = (false, false, false);
            loop {
                if let Some(rest) = body.strip_prefix('<') {
                    past_only = true;
                    body = rest;
                    continue;
                }
                if let Some(rest) = body.strip_prefix('~') {
                    weak = true;
                    body = rest;
                } else if let Some(rest) = body.strip_prefix('?') {
                    needs_distress = true;
                    body = rest;
                } else {
                    break;
                }
            }
            let plain = lex.compile(body, &classes, &mut problems);
            for p in &plain {
                if let Pat::Exact(w, _) | Pat::Prefix(w) = p {
                    lex.vocabulary.insert(w.clone());
                }
            }
            let pats = inflect(&mut lex, plain);
            if pats.is_empty() {
                problems.push(format!("{name}: empty entry {entry:?}"));
                continue;
            }
            let target = Target {
                theme,
                weight: if weak { 0.5 } else { 1.0 },
                symptom,
                needs_distress,
                past_only,
            };
            match index.get(&pats) {
                Some(&i) => {
                    if let Some(ts) = lex.targets.get_mut(i) {
                        if ts.iter().any(|t| t.theme == theme) {
                            problems.push(format!("{name}: {entry:?} is listed twice"));
                        } else {
                            ts.push(target);
                        }
                    }
                }
                None => {
                    index.insert(pats.clone(), lex.entries.len());
                    lex.entries.add(pats, &lex.classes);
                    lex.targets.push(vec![target]);
                }
            }
        }
    }
    for idiom in &raw.idioms {
        // Idioms stay exact: "we ended it" is an idiom, "end it" is not.
        let pats = lex.compile(idiom, &classes, &mut problems);
        if pats.is_empty() || index.contains_key(&pats) {
            problems.push(format!("idiom {idiom:?} is empty or also an entry"));
            continue;
        }
        index.insert(pats.clone(), lex.entries.len());
        lex.entries.add(pats, &lex.classes);
        lex.targets.push(Vec::new());
    }
    // Typo tolerance: only long, purely alphabetic lexicon words are targets.
    let targets: Vec<String> = lex
        .vocabulary
        .iter()
        .filter(|w| w.chars().count() >= TYPO_TARGET_MIN && w.chars().all(char::is_alphabetic))
        .cloned()
        .collect();
    for w in targets {
        for key in std::iter::once(w.clone()).chain(deletions(&w)) {
            let list = lex.deletions.entry(key).or_default();
            if !list.contains(&w) {
                list.push(w.clone());
            }
        }
    }
    Ok((lex, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_apart() {
        assert!(within_one("orgasim", "orgasm"));
        assert!(within_one("erectoin", "erection"));
        assert!(within_one("libdo", "libido"));
        assert!(within_one("pain", "pain"));
        assert!(!within_one("election", "erectile"));
        assert!(!within_one("orgasm", "organism"));
    }
}
