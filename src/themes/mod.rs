//! Answers -> themes (with the words that matched) -> ranked follow-up cards.
//!
//! # How detection works
//!
//! The lexicon lives in `prompts/themes.json` (its `_about` field describes the
//! format; [`lexicon`] the phrase patterns) and is parsed once. Text is split
//! into words ([`tokens`]): lowercased, curly apostrophes straightened, a
//! possessive `'s` dropped, `spellings` applied (variants, contractions typed
//! without an apostrophe), and a long word one letter away from exactly one
//! lexicon word read as that word ("orgasim"), unless it is a real word of its
//! own ("election", listed under `not_typos`).
//!
//! Words are grouped into clauses (ending at `. , ; : ! ?`, a line break, or
//! a clause word such as "but") and sentences. Lexicon entries are matched
//! left to right, longest first, never across a clause. Then each match is
//! weighed in its context ([`context`], after ConText):
//!
//! * A *symptom* entry ("pain", "anxious") is dropped when a negator governs
//!   it: at most `negation_window` words before it in the clause, or further
//!   back across a list ("not worried about X, nor about Y").
//! * A *statement* entry ("orgasm") is kept even when negated: "I've never had
//!   an orgasm" raises `orgasm`. A clause that says all is well ("no problems
//!   with erections") drops every match in it.
//! * A match in the past, about someone else, or hypothetical is treated as
//!   its theme says (`past`, `other`, `hypothetical`: keep, drop, or
//!   "becomes THEME"): a problem "years ago" is not raised unless the past is
//!   the point (upbringing, trauma), and coercion that is over is trauma.
//! * A `?` entry (porn, a fetish) counts only in a sentence that says it is a
//!   worry and does not say it is fine.
//!
//! Each theme adds up its distinct entries (1 each, ½ for weak `~` entries)
//! and is raised at 1 or more (weak cues alone need ½ more per 150 words of
//! text); a structured-answer tag adds 2. The score is `1 - 0.4^total`.
//! Themes with words the person wrote rank above themes raised only by
//! answers picked from a list. Follow-ups are chosen by [`routing`].

use std::sync::OnceLock;

use serde::Serialize;

use crate::content::THEME_IDS;
use crate::journal::Reflection;

mod context;
mod lexicon;
mod routing;
mod tokens;

pub use lexicon::LexiconReport;
use lexicon::{FastSet, Lexicon, Treat, parse_lexicon};
use tokens::tokenize;

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
    /// "because you wrote 'pressure to perform'"
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
    for (n, id) in THEME_IDS.iter().enumerate() {
        if !lex.targets.iter().flatten().any(|t| t.theme == n) {
            problems.push(format!("theme {id} has no entries"));
        }
    }
    Ok(LexiconReport {
        themes,
        entries: lex.entries.len(),
        problems,
    })
}

// ---------------------------------------------------------------- analysis

#[derive(Default)]
struct ThemeAcc {
    total: f64,
    /// Whether a full-weight entry or a tag contributed.
    strong: bool,
    /// Whether the person's own words contributed (not only a picked answer).
    from_text: bool,
    entries: Vec<usize>,
    /// What matched, as written: clear words first, then weak cues, so a
    /// reason line quotes the phrase that mattered.
    matched: Vec<String>,
    weak_matched: Vec<String>,
    reasons: Vec<String>,
}

/// Whether the theme at this index is one of the safety themes.
fn is_safety(theme: usize) -> bool {
    routing::SAFETY.contains(&THEME_IDS.get(theme).copied().unwrap_or(""))
}

/// Count the lexicon's matches in one text into `accs`; returns its number of words.
fn scan(text: &str, lex: &Lexicon, accs: &mut [ThemeAcc]) -> usize {
    let safety_seen = |accs: &[ThemeAcc]| -> usize {
        accs.iter()
            .enumerate()
            .filter(|&(i, _)| is_safety(i))
            .map(|(_, a)| a.entries.len())
            .sum()
    };
    let before = safety_seen(accs);
    let tokens = scan_as(text, None, lex, accs);
    // "He finishes, I don't": read the short clause with the verb it leaves
    // out. Never in a text that speaks of a hard experience: the reading
    // would quote those words back under another theme.
    if safety_seen(accs) == before {
        for (said, quote) in tokens::ellipses(text, &tokens) {
            scan_as(&said, Some(quote), lex, accs);
        }
    }
    tokens.len()
}

/// [`scan`], quoting `quote` (the words as written) for every match when
/// `text` is a reading of them rather than the text itself; returns its words.
fn scan_as(
    text: &str,
    quote: Option<&str>,
    lex: &Lexicon,
    accs: &mut [ThemeAcc],
) -> Vec<tokens::Token> {
    let mut tokens = tokenize(text, lex);
    // A word is looked up once however often it comes back.
    let mut typos: lexicon::FastMap<String, Option<&str>> = lexicon::FastMap::default();
    for t in &mut tokens {
        let fixed = match typos.get(&t.norm) {
            Some(f) => *f,
            None => {
                let f = lex.fix_typo(&t.norm);
                typos.insert(t.norm.clone(), f);
                f
            }
        };
        if let Some(fixed) = fixed {
            t.norm = fixed.to_string();
            t.stem = tokens::stem(fixed);
            t.word = lex.id(fixed);
            t.key = lex.id(tokens::stem_key(&t.stem));
        }
    }
    let ctx = context::context(lex, text, &tokens);
    let mut cleared: FastSet<usize> = FastSet::default();
    for j in 0..tokens.len() {
        if lex.clause_all_clear(&tokens, j)
            && let Some(t) = tokens.get(j)
        {
            cleared.insert(t.clause);
        }
    }
    // "not worried about X, nor about Y": the list's next clause is cleared too.
    for w in tokens.windows(2) {
        if let [a, b] = w
            && b.clause == a.clause + 1
            && cleared.contains(&a.clause)
            && lex.continues_negation(&b.norm)
        {
            cleared.insert(b.clause);
        }
    }
    // The longest match at each word; one lying wholly inside an earlier
    // match is hidden by it ("hurt her feelings" hides "hurt"), one that only
    // overlaps it counts too ("afraid I'll lose it halfway": the worry and
    // the erection).
    let mut reach = 0;
    let mut found = Vec::new();
    for i in 0..tokens.len() {
        if let Some((idx, len)) = lex.entries.longest_at(lex, text, &tokens, i)
            && i + len > reach
        {
            reach = i + len;
            found.push((i, idx, len));
        }
    }
    for (i, idx, len) in found {
        let (Some(first), Some(last), Some(targets)) =
            (tokens.get(i), tokens.get(i + len - 1), lex.targets.get(idx))
        else {
            break;
        };
        if !cleared.contains(&first.clause) {
            let negated = lex.negated_before(&tokens, i);
            let flags = ctx.flags.get(i).copied().unwrap_or_default();
            let (distress, fine) = ctx.mood.get(first.sentence).copied().unwrap_or_default();
            let surface = quote
                .unwrap_or_else(|| text.get(first.start..last.end).unwrap_or(""))
                .trim();
            for t in targets {
                if (t.symptom && negated)
                    || (t.needs_distress && (!distress || fine))
                    || (t.past_only && !flags.past)
                {
                    continue;
                }
                let Some(settings) = lex.settings.get(t.theme) else {
                    continue;
                };
                let safety = is_safety(t.theme);
                // "She wants it every night, I don't": the contrast itself says
                // it matters, so a weak cue read from an ellipsis counts in full.
                let weight = if quote.is_some() { 1.0 } else { t.weight };
                // A reading of an ellipsis never raises a safety theme: "She
                // wants to die, I don't" is not the writer's wish.
                if quote.is_some() && safety {
                    continue;
                }
                // "It's fine" never silences the safety themes, nor a theme
                // that is not a problem to begin with ("I'm ace and happy").
                if flags.fine && settings.fine == Treat::Drop && !safety {
                    continue;
                }
                // An idle "if I ever", or someone else's belief ("she thinks I
                // don't fancy her"), raises nothing but the safety themes: a
                // threat is told as "he says he'll...".
                if (flags.unreal || flags.belief) && !safety {
                    continue;
                }
                let mut theme = Some(t.theme);
                for (applies, treat) in [
                    (flags.other, settings.other),
                    (flags.partner, settings.partner),
                    (flags.hypothetical, settings.hypothetical),
                    (flags.resolved, settings.resolved),
                    (flags.past, settings.past),
                ] {
                    if applies {
                        theme = match treat {
                            Treat::Keep => theme,
                            Treat::Drop => None,
                            Treat::Becomes(other) => theme.map(|_| other),
                        };
                    }
                }
                let Some(acc) = theme.and_then(|th| accs.get_mut(th)) else {
                    continue;
                };
                if !acc.entries.contains(&idx) {
                    acc.entries.push(idx);
                    acc.total += weight;
                    acc.strong |= weight >= 1.0;
                    acc.from_text = true;
                }
                let seen = acc
                    .matched
                    .iter()
                    .chain(&acc.weak_matched)
                    .any(|m| m.eq_ignore_ascii_case(surface));
                if !surface.is_empty() && !seen {
                    if weight >= 1.0 {
                        acc.matched.push(surface.to_string());
                    } else {
                        acc.weak_matched.push(surface.to_string());
                    }
                }
            }
        }
    }
    tokens
}

/// Analyse free-text answers plus `(theme id, reason)` pairs from structured answers.
pub fn analyze(texts: &[&str], tagged: &[(String, String)]) -> Analysis {
    let lex = lexicon();
    let mut accs: Vec<ThemeAcc> = THEME_IDS.iter().map(|_| ThemeAcc::default()).collect();
    let mut words = 0usize;
    for text in texts {
        words += scan(text, lex, &mut accs);
    }
    for acc in &mut accs {
        let weak = std::mem::take(&mut acc.weak_matched);
        acc.matched.extend(weak);
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
    // What the person wrote in their own words ranks above what they picked.
    let from_text = |i: usize| accs.get(i).is_some_and(|a| a.from_text);
    raised.sort_by(|a, b| {
        from_text(b.0)
            .cmp(&from_text(a.0))
            .then(b.1.total_cmp(&a.1))
            .then(a.0.cmp(&b.0))
    });

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

    let evidence: Vec<routing::Evidence> = accs
        .iter()
        .map(|a| routing::Evidence {
            matched: &a.matched,
            reasons: &a.reasons,
        })
        .collect();
    let followups = routing::followups(&raised, &evidence, &lex.card_cues);
    Analysis { themes, followups }
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
        assert_eq!(r.themes, THEME_IDS.len());
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

    #[test]
    fn did_not_reads_as_didnt() {
        // The lexicon writes "it still didn't work"; people also type it out.
        let a = analyze(&["The next morning it still did not work."], &[]);
        assert!(ids(&a).contains(&"erection"), "{a:?}");
    }

    #[test]
    fn fillers_between_a_phrases_words_are_skipped() {
        let a = analyze(&["I just don't really want sex much anymore."], &[]);
        assert_eq!(ids(&a), vec!["desire"], "{a:?}");
        // Only fillers are skipped: a real word in between still breaks the phrase.
        let a = analyze(&["I don't ask to want sex."], &[]);
        assert!(!ids(&a).contains(&"desire"), "{a:?}");
    }

    #[test]
    fn never_until_tells_of_a_change() {
        let a = analyze(
            &["I never had trouble with erections until my surgery."],
            &[],
        );
        assert!(ids(&a).contains(&"erection"), "{a:?}");
        // Without "until" the same words clear the clause.
        let a = analyze(&["I never had trouble with erections."], &[]);
        assert!(!ids(&a).contains(&"erection"), "{a:?}");
    }

    fn has(text: &str, theme: &str) -> bool {
        ids(&analyze(&[text], &[])).contains(&theme)
    }

    #[test]
    fn a_partners_identity_is_theirs() {
        assert!(!has("My partner is asexual and I'm not.", "identity"));
        assert!(has("I think I'm asexual.", "identity"));
    }

    #[test]
    fn a_partners_belief_is_theirs() {
        assert!(!has("She thinks I don't fancy her.", "desire"));
        assert!(has("I don't fancy her anymore.", "desire"));
    }

    #[test]
    fn hearing_of_someone_elses_problem_is_not_having_it() {
        assert!(!has(
            "My brother told me he's on pills for his erections.",
            "erection"
        ));
        assert!(has("I'm on pills for my erections.", "erection"));
    }

    #[test]
    fn a_past_scope_stops_at_because() {
        let text =
            "I'm scared of going to a sex therapist because of what happened when I was little.";
        assert!(has(text, "seeking-help"), "{:?}", analyze(&[text], &[]));
    }

    #[test]
    fn if_i_ever_is_idle() {
        assert!(!has("If I ever had pain I'd just see a doctor.", "pain"));
        assert!(has("I have pain during sex.", "pain"));
        // Safety themes are never idle.
        assert!(has(
            "If I ever get the chance I will kill myself.",
            "crisis"
        ));
    }

    #[test]
    fn a_match_overlapping_an_earlier_one_still_counts() {
        // The weak "my heart" starts a word earlier than "heart attack".
        assert!(has(
            "After my heart attack I'm frightened to try.",
            "health-aging"
        ));
    }

    #[test]
    fn not_in_a_phrase_reads_any_contraction() {
        assert!(has(
            "Since the chemo, sex isn't even on the list.",
            "desire"
        ));
    }

    #[test]
    fn a_resolved_problem_is_not_raised() {
        let text = "Orgasms were hard while I was on antidepressants, but I've been off them two years and it's fine now.";
        assert!(!has(text, "health-aging"), "{:?}", analyze(&[text], &[]));
    }

    #[test]
    fn inflections_inside_phrases() {
        assert!(has("I spent my teens wanting to disappear.", "crisis"));
        assert!(has("I'm dreading sex again.", "performance-anxiety"));
        // Only words inside a phrase: "note" is not "not".
        assert!(!has("I wrote a note last week.", "ejaculation"));
    }

    #[test]
    fn an_elliptical_clause_is_read_with_the_verb_it_leaves_out() {
        assert!(has("He finishes, I don't.", "orgasm"));
        assert!(has("She wants it every night, I don't.", "desire"));
        // Only after a clause with a subject and a verb, about anything.
        assert!(!has("He likes football, I don't.", "desire"));
        assert!(!has("I don't.", "orgasm"));
    }

    #[test]
    fn typed_out_negations_keep_the_safety_themes() {
        // Only "do/is/was… not" are joined into a contraction; "should not",
        // "will not", "could not" stay two words, so the phrases still read them.
        for text in [
            "I should not exist.",
            "I must not exist.",
            "I will not be here soon.",
            "I wish I would not wake.",
        ] {
            assert!(has(text, "crisis"), "{text}");
        }
        assert!(has("I could not feel safe at home with him.", "coercion"));
        // And they still negate what follows.
        assert!(!has("I could not feel any pain.", "pain"));
    }

    #[test]
    fn an_ellipsis_in_a_hard_experience_is_not_read() {
        // Reading it would quote the hard words back under another theme.
        let a = analyze(&["He hurts me until he finishes, I don't."], &[]);
        assert!(ids(&a).contains(&"coercion"), "{a:?}");
        assert!(
            a.followups.iter().all(|f| !f.because.contains("finishes")),
            "{a:?}"
        );
    }
}
