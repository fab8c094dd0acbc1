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

use super::tokens::Token;
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

mod matching;
mod parse;

pub(super) use parse::parse_lexicon;

/// The id of a word no phrase uses.
pub(super) const NO_ID: u32 = u32::MAX;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Pat {
    /// A word, and its id in [`Lexicon::ids`] (compared instead of the text).
    Exact(String, u32),
    /// A word inside a phrase of several, matched by its stem (`tokens::stem`),
    /// and the id of the stem's `tokens::stem_key`.
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
    pub negation_until: FastSet<String>,
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

impl Lexicon {
    pub fn is_negator(&self, tokens: &[Token], j: usize) -> bool {
        let Some(t) = tokens.get(j) else { return false };
        // "I never had trouble with erections until my surgery" tells of a change.
        if t.until_after {
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
