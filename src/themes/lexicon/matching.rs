//! Phrases: how they are indexed, compiled from the lexicon's text, and
//! matched against an answer's words.

use super::*;
use crate::themes::tokens::{Token, same_stem, stem_key, tokenize};

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

impl Phrases {
    /// Index a phrase by its first word; a class is indexed under each of its
    /// words, so only phrases that can match are tried at each word.
    pub(super) fn add(&mut self, pats: Vec<Pat>, classes: &[FastSet<String>]) -> usize {
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
    pub(super) fn compile(
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

    pub(super) fn intern(&mut self, word: &str) -> u32 {
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
}
