//! Context around a match, after the ConText algorithm (Harkema et al., 2009):
//! trigger phrases open a scope over the words after (or before) them, and the
//! scope ends at the sentence's end or at a terminator.
//!
//! * **past** — "used to", "when I was a kid", "my ex" open a scope forward,
//!   "years ago", "back then" one backward; "now", "still", "again" end it.
//!   A problem in the past counts only for themes where the past is the point
//!   (`upbringing`, `trauma`); coercion in the past counts as trauma.
//! * **other** — "my sister", "a friend", "in the film" open a scope forward
//!   that ends at the writer's own words ("I", "me"): a concern of someone
//!   else's is not the writer's. "In the film" covers the rest of the sentence.
//! * **hypothetical** — "if he ever", "what if" open a scope to the clause's end.
//! * **distress / affirm** — per sentence: whether the writer says something
//!   is a worry ("can't stop", "ashamed") or that it is fine ("and I love it").
//!   Some themes are problems only when the person says so (`?` entries).

use super::lexicon::{
    AFFIRM, BELIEF_BEFORE, DISTRESS, HYPOTHETICAL_BEFORE, Lexicon, MEDIA_BEFORE, NOW, OTHER_BEFORE,
    PARTNER_BEFORE, PAST_AFTER, PAST_BEFORE, PAST_PREVIOUS, REPORTING, RESOLVED, SELF_WORDS,
    TRIGGER_KINDS, UNREAL_BEFORE,
};
use super::tokens::Token;

#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Flags {
    pub past: bool,
    pub other: bool,
    pub hypothetical: bool,
    /// About the writer's partner ("my wife is asexual").
    pub partner: bool,
    /// An idle supposition ("if I ever had pain I'd see a doctor").
    pub unreal: bool,
    /// Someone else's belief or word ("she thinks I don't fancy her").
    pub belief: bool,
    /// The writer says the problem is over ("physio sorted it out").
    pub resolved: bool,
    /// The writer says this part is fine ("and I'm fine with it", "no complaints").
    pub fine: bool,
}

pub(super) struct Context {
    pub flags: Vec<Flags>,
    /// Per sentence: (says it is a worry, says it is fine).
    pub mood: Vec<(bool, bool)>,
}

/// Every trigger found in `tokens`, per kind: `(first word, words covered)`,
/// longest first and never overlapping within a kind. One pass over the words
/// serves every kind.
fn find_all(lex: &Lexicon, text: &str, tokens: &[Token]) -> Vec<Vec<(usize, usize)>> {
    let mut out = vec![Vec::new(); TRIGGER_KINDS];
    let mut free_from = [0usize; TRIGGER_KINDS];
    for i in 0..tokens.len() {
        let mut best = [0usize; TRIGGER_KINDS];
        lex.triggers.each_at(lex, text, tokens, i, |idx, len| {
            if let Some(&kind) = lex.trigger_kind.get(idx)
                && let Some(b) = best.get_mut(kind)
            {
                *b = (*b).max(len);
            }
        });
        for kind in 0..TRIGGER_KINDS {
            let (Some(&len), Some(free)) = (best.get(kind), free_from.get_mut(kind)) else {
                continue;
            };
            if len > 0 && i >= *free {
                if let Some(list) = out.get_mut(kind) {
                    list.push((i, len));
                }
                *free = i + len;
            }
        }
    }
    out
}

pub(super) fn context(lex: &Lexicon, text: &str, tokens: &[Token]) -> Context {
    let mut flags = vec![Flags::default(); tokens.len()];
    let found = find_all(lex, text, tokens);
    let find = |kind: usize| found.get(kind).map_or(&[][..], Vec::as_slice);
    let sentences = tokens.last().map_or(0, |t| t.sentence + 1);
    let sentence_of = |i: usize| tokens.get(i).map(|t| t.sentence);

    let now: Vec<bool> = {
        let mut v = vec![false; tokens.len()];
        for &(i, len) in find(NOW) {
            for slot in v.iter_mut().skip(i).take(len) {
                *slot = true;
            }
        }
        v
    };
    let mine: Vec<bool> = {
        let mut v = vec![false; tokens.len()];
        for &(i, len) in find(SELF_WORDS) {
            for slot in v.iter_mut().skip(i).take(len) {
                *slot = true;
            }
        }
        // "My brother told me he's on pills": the writer only hears of it.
        for &(i, len) in find(REPORTING) {
            for slot in v.iter_mut().skip(i).take(len) {
                *slot = false;
            }
        }
        v
    };

    let scope_of = |i: usize| tokens.get(i).map(|t| t.scope);
    // Past, forward: to the sentence's end, a "because" or a "now" word.
    for &(i, len) in find(PAST_BEFORE) {
        let s = scope_of(i);
        for k in i..tokens.len() {
            if scope_of(k) != s || (k >= i + len && now.get(k).copied().unwrap_or(false)) {
                break;
            }
            if let Some(f) = flags.get_mut(k) {
                f.past = true;
            }
        }
    }
    // Past, backward: to the sentence's start, a "because" or a "now" word.
    for &(i, len) in find(PAST_AFTER) {
        let s = scope_of(i);
        for k in (0..i + len).rev() {
            if scope_of(k) != s || (k < i && now.get(k).copied().unwrap_or(false)) {
                break;
            }
            if let Some(f) = flags.get_mut(k) {
                f.past = true;
            }
        }
    }
    // "That was years ago": this sentence and the one before it.
    for &(i, _) in find(PAST_PREVIOUS) {
        let s = sentence_of(i).unwrap_or(0);
        for (k, f) in flags.iter_mut().enumerate() {
            if sentence_of(k).is_some_and(|t| t + 1 == s || t == s) {
                f.past = true;
            }
        }
    }
    // Someone else, or a partner: to the clause's end, unless the writer is
    // in that clause too ("my brother's friend assaulted me", "my wife says
    // I'm distant" are the writer's).
    let others_clause = |i: usize, len: usize| -> Option<(usize, usize)> {
        let c = tokens.get(i).map(|t| t.clause);
        let end = (i..tokens.len())
            .take_while(|&k| tokens.get(k).map(|t| t.clause) == c)
            .last()
            .unwrap_or(i);
        let writer_in_it = (i + len..=end).any(|k| mine.get(k).copied().unwrap_or(false));
        (!writer_in_it).then_some((i, end))
    };
    for (kind, partner) in [(OTHER_BEFORE, false), (PARTNER_BEFORE, true)] {
        for &(i, len) in find(kind) {
            let Some((from, to)) = others_clause(i, len) else {
                continue;
            };
            for f in flags.iter_mut().take(to + 1).skip(from) {
                if partner {
                    f.partner = true;
                } else {
                    f.other = true;
                }
            }
        }
    }
    // "If I ever had pain": to the clause's end and through the next, which
    // usually says what would follow ("I'd just see a doctor").
    for &(i, _) in find(UNREAL_BEFORE) {
        let c = tokens.get(i).map_or(0, |t| t.clause);
        let s = sentence_of(i);
        for k in i..tokens.len() {
            let Some(t) = tokens.get(k) else { break };
            if t.clause > c + 1 || Some(t.sentence) != s {
                break;
            }
            if let Some(f) = flags.get_mut(k) {
                f.unreal = true;
            }
        }
    }
    // "She thinks I don't fancy her": her belief, to the clause's end.
    for &(i, _) in find(BELIEF_BEFORE) {
        let c = tokens.get(i).map(|t| t.clause);
        for k in i..tokens.len() {
            if tokens.get(k).map(|t| t.clause) != c {
                break;
            }
            if let Some(f) = flags.get_mut(k) {
                f.belief = true;
            }
        }
    }
    // A film, a book, the news: the rest of the sentence is about them.
    for &(i, _) in find(MEDIA_BEFORE) {
        let s = sentence_of(i);
        for k in i..tokens.len() {
            if sentence_of(k) != s {
                break;
            }
            if let Some(f) = flags.get_mut(k) {
                f.other = true;
            }
        }
    }
    // Hypothetical: to the clause's end.
    for &(i, _) in find(HYPOTHETICAL_BEFORE) {
        let c = tokens.get(i).map(|t| t.clause);
        for k in i..tokens.len() {
            if tokens.get(k).map(|t| t.clause) != c {
                break;
            }
            if let Some(f) = flags.get_mut(k) {
                f.hypothetical = true;
            }
        }
    }

    // "It was painful for a while but physio sorted it out": the whole sentence is past.
    for &(i, _) in find(RESOLVED) {
        let s = sentence_of(i);
        for (k, f) in flags.iter_mut().enumerate() {
            if sentence_of(k) == s {
                f.past = true;
                f.resolved = true;
            }
        }
    }
    // "I masturbate every day and I'm fine with it": the part of the sentence
    // on this side of a "but" is fine, unless the words are negated.
    let segment_of = |i: usize| tokens.get(i).map(|t| t.segment);
    for &(i, _) in find(AFFIRM) {
        // "She says it's fine" is her word for it, not the writer's.
        if lex.negated_before(tokens, i) || flags.get(i).is_some_and(|f| f.other || f.belief) {
            continue;
        }
        let seg = segment_of(i);
        for (k, f) in flags.iter_mut().enumerate() {
            if segment_of(k) == seg {
                f.fine = true;
            }
        }
    }

    let mut mood = vec![(false, false); sentences];
    for &(i, _) in find(DISTRESS) {
        if let Some(m) = sentence_of(i).and_then(|s| mood.get_mut(s)) {
            m.0 = true;
        }
    }
    for (k, f) in flags.iter().enumerate() {
        if f.fine
            && let Some(m) = sentence_of(k).and_then(|s| mood.get_mut(s))
        {
            m.1 = true;
        }
    }
    Context { flags, mood }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::themes::lexicon::parse_lexicon;
    use crate::themes::tokens::tokenize;

    fn flags(text: &str) -> Vec<(String, bool, bool, bool)> {
        let Ok((lex, _)) = parse_lexicon(crate::content::THEMES_LEXICON) else {
            panic!("lexicon")
        };
        let tokens = tokenize(text, &lex);
        let ctx = context(&lex, text, &tokens);
        tokens
            .iter()
            .zip(&ctx.flags)
            .map(|(t, f)| (t.norm.clone(), f.past, f.other, f.hypothetical))
            .collect()
    }

    #[test]
    fn scopes() {
        let f = flags("he touched me gently on the back of my neck");
        assert!(f.iter().all(|(_, past, other, _)| !past && !other), "{f:?}");
        let f = flags("I used to come too fast but now I last fine");
        assert!(f.iter().skip(1).take(5).all(|t| t.1), "{f:?}");
        assert!(f.iter().skip(6).all(|t| !t.1), "'now' ends the past: {f:?}");
        let f = flags("my sister had vaginismus");
        assert!(f.iter().skip(2).all(|t| t.2), "{f:?}");
        let f = flags("my brother's friend assaulted me");
        assert!(f.iter().all(|t| !t.2), "the writer is in the clause: {f:?}");
        let f = flags("if he ever hit me I would leave");
        assert!(f.iter().any(|t| t.0 == "hit" && t.3), "{f:?}");
    }
}
