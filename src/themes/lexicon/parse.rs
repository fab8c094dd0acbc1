//! The lexicon's text (`prompts/themes.json`) → a [`Lexicon`].

use serde::Deserialize;

use super::*;
use crate::themes::tokens::{stem, stem_key, tokenize};

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

pub(in crate::themes) fn parse_lexicon(text: &str) -> Result<(Lexicon, Vec<String>), String> {
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
        let d = Settings::default();
        let mut t =
            |value: &Option<String>, default| treat(value.as_deref(), default, &mut problems, name);
        let settings = Settings {
            past: t(&rt.past, d.past),
            other: t(&rt.other, d.other),
            hypothetical: t(&rt.hypothetical, d.hypothetical),
            partner: t(&rt.partner, d.partner),
            resolved: t(&rt.resolved, d.resolved),
            fine: t(&rt.fine, d.fine),
        };
        if let Some(s) = lex.settings.get_mut(theme) {
            *s = settings;
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
