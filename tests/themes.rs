//! Theme detection behaviour, follow-ups, and the content checks on cards.

use std::collections::BTreeSet;

use proptest::prelude::*;
use reflect::content::THEME_IDS;
use reflect::content::cards::builtin_cards;
use reflect::themes::{Analysis, analyze, check_lexicon};

fn ids(a: &Analysis) -> Vec<&str> {
    a.themes.iter().map(|t| t.id.as_str()).collect()
}

fn has(a: &Analysis, id: &str) -> bool {
    a.themes.iter().any(|t| t.id == id)
}

#[test]
fn lexicon_is_valid() {
    match check_lexicon() {
        Ok(r) => {
            assert_eq!(r.themes, THEME_IDS.len());
            assert!(r.problems.is_empty(), "{:?}", r.problems);
        }
        Err(e) => panic!("prompts/themes.json does not parse: {e}"),
    }
}

#[test]
fn negation_suppresses_symptoms_but_not_statements() {
    assert!(has(&analyze(&["I've never had an orgasm"], &[]), "orgasm"));
    assert!(has(&analyze(&["I’ve never had an orgasm."], &[]), "orgasm"));
    assert!(!has(&analyze(&["no pain"], &[]), "pain"));
    assert!(!has(&analyze(&["no pain at all tbh"], &[]), "pain"));
    assert!(!has(
        &analyze(&["I'm not anxious about it"], &[]),
        "performance-anxiety"
    ));
    assert!(!has(
        &analyze(&["no problems with erections"], &[]),
        "erection"
    ));
    // Negation stays inside its clause: a negator one word away, but across a
    // comma or "but", does not reach a symptom ("painful" is one).
    let a = analyze(&["no, painful every time"], &[]);
    assert!(has(&a, "pain"), "{a:?}");
    let a = analyze(&["not really but painful"], &[]);
    assert!(has(&a, "pain"), "{a:?}");
    assert!(!has(&analyze(&["not painful"], &[]), "pain"));
    // A list carries its negation on: "not X, nor Y".
    let a = analyze(
        &["I am not worried about performance, nor about my looks"],
        &[],
    );
    assert!(
        !has(&a, "performance-anxiety") && !has(&a, "body-image"),
        "{a:?}"
    );
}

#[test]
fn everyday_text_raises_nothing() {
    for t in [
        "we went to the beach last week",
        "",
        "   ",
        "ok",
        "I had pasta for dinner.",
    ] {
        assert!(analyze(&[t], &[]).themes.is_empty(), "{t:?}");
    }
}

#[test]
fn matched_words_are_reported_as_written() {
    let a = analyze(&["I feel PRESSURE to perform and it Hurts"], &[]);
    let pain = a.themes.iter().find(|t| t.id == "pain");
    assert_eq!(
        pain.map(|t| t.matched.clone()),
        Some(vec!["it Hurts".to_string()])
    );
    assert!(a.themes.iter().all(|t| (0.0..=1.0).contains(&t.score)));
}

#[test]
fn themes_are_ranked_by_score() {
    let a = analyze(
        &["sex hurts, it's painful, probably vaginismus. also a bit bored"],
        &[],
    );
    assert_eq!(a.themes.first().map(|t| t.id.as_str()), Some("pain"));
    assert!(a.themes.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn safety_cards_come_first_in_their_order() {
    let first = |texts: &[&str], tags: &[(String, String)]| {
        analyze(texts, tags)
            .followups
            .iter()
            .map(|f| f.card.clone())
            .collect::<Vec<_>>()
    };
    let cards = first(
        &[
            "sex hurts and I'm so anxious, I can't orgasm, we're bored, and I was assaulted years ago",
        ],
        &[],
    );
    assert_eq!(
        cards.first().map(String::as_str),
        Some("trauma-support"),
        "{cards:?}"
    );
    let tagged = vec![(
        "pain".to_string(),
        "you answered \"Yes\" to \"Does sex hurt?\"".to_string(),
    )];
    let cards = first(
        &[
            "we never talk and sex is boring",
            "I was abused as a kid. Now he hits me when I say no. Some days I want to end my life.",
        ],
        &tagged,
    );
    assert_eq!(
        cards.get(..3).map(|c| c.join(" ")),
        Some("help-now feeling-safe trauma-support".to_string()),
        "{cards:?}"
    );
    // The medical cards come next, never pushed out by lower-ranked ones.
    assert!(cards.contains(&"pain-during-sex".to_string()), "{cards:?}");
}

#[test]
fn partner_work_is_withheld_while_someone_may_not_be_safe() {
    let cards = builtin_cards();
    let partner_card = |id: &str| cards.iter().any(|c| c.id == id && c.with_partner);
    let text =
        "we never talk about sex, it's the same boring routine, and I feel pressure to perform";
    let safe = analyze(&[text], &[]);
    assert!(
        safe.followups.iter().any(|f| partner_card(&f.card)),
        "without a safety theme a partner card is offered: {safe:?}"
    );
    let afraid = analyze(
        &[text, "He gets angry when I say no. I'm scared of him."],
        &[],
    );
    assert!(has(&afraid, "coercion"), "{afraid:?}");
    for f in &afraid.followups {
        assert!(!partner_card(&f.card), "{} offered: {afraid:?}", f.card);
        assert_ne!(
            f.pack.as_deref(),
            Some("talking-with-a-partner"),
            "{afraid:?}"
        );
    }
    // A structured answer saying the person does not feel safe does the same.
    let tags = vec![("coercion".to_string(), "you answered \"No\"".to_string())];
    let tagged = analyze(&[text], &tags);
    assert!(
        tagged.followups.iter().all(|f| !partner_card(&f.card)),
        "{tagged:?}"
    );
}

#[test]
fn safety_reasons_never_quote_the_person() {
    for text in [
        "my uncle abused me when i was little",
        "he forces me to have sex",
        "i want to kill myself",
    ] {
        let a = analyze(&[text], &[]);
        let f = a.followups.first();
        assert!(f.is_some(), "{text}: {a:?}");
        for f in a
            .followups
            .iter()
            .filter(|f| ["trauma-support", "feeling-safe", "help-now"].contains(&f.card.as_str()))
        {
            assert!(!f.because.contains('\''), "{text}: {}", f.because);
            for w in text.split_whitespace().filter(|w| w.len() > 3) {
                assert!(!f.because.contains(w), "{text}: {}", f.because);
            }
        }
    }
}

#[test]
fn one_theme_fills_at_most_two_slots() {
    let a = analyze(&["I panic before sex, total panic, anxious and tense"], &[]);
    let cards = builtin_cards();
    let mut per_theme = std::collections::HashMap::new();
    for f in &a.followups {
        let main = cards
            .iter()
            .find(|c| c.id == f.card)
            .and_then(|c| c.themes.first().cloned())
            .unwrap_or_default();
        *per_theme.entry(main).or_insert(0) += 1;
    }
    assert!(a.followups.len() <= 2 || a.themes.len() > 1, "{a:?}");
    assert!(per_theme.values().all(|&n| n <= 2), "{a:?}");
}

#[test]
fn followup_reasons_name_the_words() {
    let a = analyze(&["i feel pressure to perform in bed and get anxious"], &[]);
    let f = a.followups.iter().find(|f| f.card == "performance-anxiety");
    let Some(f) = f else {
        panic!("no performance-anxiety card in {a:?}")
    };
    assert!(
        f.because.starts_with("because you wrote '"),
        "{}",
        f.because
    );
    assert!(f.because.contains("'pressure to perform'"), "{}", f.because);
    assert_eq!(f.pack.as_deref(), Some("performance-worries"));
    assert!(a.followups.len() <= 5);
    let cards: BTreeSet<&str> = a.followups.iter().map(|f| f.card.as_str()).collect();
    assert_eq!(
        cards.len(),
        a.followups.len(),
        "follow-ups are de-duplicated"
    );
}

#[test]
fn tags_count_strongly_and_give_the_reason() {
    let reason = "you answered \"No\" to \"Am I comfortable with my body?\"".to_string();
    let a = analyze(&[], &[("body-image".to_string(), reason.clone())]);
    assert_eq!(ids(&a), vec!["body-image"]);
    assert!(a.themes[0].score >= 0.8);
    assert_eq!(
        a.followups.first().map(|f| f.because.clone()),
        Some(format!("because {reason}"))
    );
    // Unknown theme ids in tags are ignored.
    assert!(
        analyze(&[], &[("nope".into(), "x".into())])
            .themes
            .is_empty()
    );
}

#[test]
fn suggested_packs() {
    let pack = |text: &str, card: &str| {
        analyze(&[text], &[])
            .followups
            .into_iter()
            .find(|f| f.card == card)
            .and_then(|f| f.pack)
    };
    assert_eq!(
        pack("we never talk about sex", "communication").as_deref(),
        Some("talking-with-a-partner")
    );
    assert_eq!(
        pack("thinking about seeing a therapist", "first-steps-to-help").as_deref(),
        Some("before-a-first-session")
    );
}

#[test]
fn json_shape_matches_the_spec() {
    let a = analyze(&["it hurts and we never talk about it"], &[]);
    let v = match serde_json::to_value(&a) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    };
    let obj = v
        .as_object()
        .map(|o| o.keys().cloned().collect::<BTreeSet<_>>());
    assert_eq!(
        obj,
        Some(
            ["followups", "themes"]
                .iter()
                .map(|s| s.to_string())
                .collect()
        )
    );
    for t in v["themes"].as_array().into_iter().flatten() {
        let keys: BTreeSet<&str> = t
            .as_object()
            .into_iter()
            .flat_map(|o| o.keys())
            .map(String::as_str)
            .collect();
        assert_eq!(keys, BTreeSet::from(["id", "score", "matched"]));
        assert!(t["score"].is_f64() && t["id"].is_string() && t["matched"].is_array());
    }
    let fs = v["followups"].as_array().cloned().unwrap_or_default();
    assert!(!fs.is_empty());
    for f in &fs {
        let keys: BTreeSet<&str> = f
            .as_object()
            .into_iter()
            .flat_map(|o| o.keys())
            .map(String::as_str)
            .collect();
        assert!(
            keys.is_superset(&BTreeSet::from(["card", "title", "because"])),
            "{keys:?}"
        );
        assert!(
            keys.is_subset(&BTreeSet::from(["card", "title", "because", "pack"])),
            "{keys:?}"
        );
    }
}

// ------------------------------------------------------------------ cards

#[test]
fn every_card_parses_and_every_theme_has_a_card() {
    let cards = builtin_cards();
    assert_eq!(
        cards.len(),
        reflect::content::builtin_card_sources().len(),
        "a card failed to parse"
    );
    for id in THEME_IDS {
        assert!(
            cards.iter().any(|c| c.themes.iter().any(|t| t == id)),
            "no card for {id}"
        );
    }
    for (name, _) in reflect::content::builtin_card_sources() {
        assert!(
            cards.iter().any(|c| format!("{}.json", c.id) == *name),
            "{name}: file name must be the id"
        );
    }
    for c in &cards {
        assert_eq!(c.schema, 1, "{}", c.id);
        if let Some(p) = &c.pack {
            assert!(
                [
                    "performance-worries",
                    "before-a-first-session",
                    "talking-with-a-partner",
                    "ask-yourself"
                ]
                .contains(&p.as_str()),
                "{}: unknown pack {p}",
                c.id
            );
        }
    }
    for general in [
        "what-is-sex-therapy",
        "in-a-session",
        "choosing-a-therapist",
        "doctor-first",
        "sensate-focus",
        "mindfulness",
        "self-compassion",
        "realistic-expectations",
    ] {
        assert!(cards.iter().any(|c| c.id == general), "missing {general}");
    }
}

#[test]
fn card_bodies_are_short() {
    for c in builtin_cards() {
        let n = c.body.split_whitespace().count();
        assert!(n <= 160, "{} body has {n} words", c.id);
    }
}

#[test]
fn cards_name_no_drugs_and_never_say_normal() {
    let banned = [
        "viagra",
        "sildenafil",
        "cialis",
        "tadalafil",
        "levitra",
        "vardenafil",
        "flibanserin",
        "addyi",
        "prozac",
        "zoloft",
        "paxil",
        "anafranil",
        "lidocaine",
        "benzocaine",
        "testosterone dose",
        "normal",
    ];
    for c in builtin_cards() {
        let text = c.to_text(100_000).to_lowercase();
        for b in banned {
            assert!(!text.contains(b), "{} mentions {b}", c.id);
        }
        let words: Vec<&str> = text.split(|ch: char| !ch.is_alphanumeric()).collect();
        assert!(!words.contains(&"mg"), "{} mentions a dose", c.id);
    }
}

#[test]
fn trauma_card_says_what_it_must() {
    let cards = builtin_cards();
    let Some(c) = cards
        .iter()
        .find(|c| c.themes.contains(&"trauma".to_string()))
    else {
        panic!("no trauma card")
    };
    let text = c.to_text(100_000).to_lowercase();
    assert!(text.contains("stop at any time"), "stopping");
    assert!(text.contains("trauma-informed"), "trauma-informed support");
    assert!(text.contains("emergency services"), "emergency services");
}

// ------------------------------------------------------------------ robustness

proptest! {
    #[test]
    fn never_panics(texts in proptest::collection::vec(any::<String>(), 0..4),
                    tags in proptest::collection::vec((any::<String>(), any::<String>()), 0..3)) {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let a = analyze(&refs, &tags);
        prop_assert!(a.followups.len() <= 5);
        prop_assert!(a.themes.iter().all(|t| (0.0..=1.0).contains(&t.score)));
    }

    #[test]
    fn never_panics_on_lexicon_like_text(words in proptest::collection::vec(
        prop_oneof![Just("no"), Just("not"), Just("pain"), Just("’"), Just("'s"), Just("don't"), Just(","),
                    Just("orgasm"), Just("never"), Just("é"), Just("ça"), Just("🙂"), Just("\n"), Just("too"),
                    Just("fast"), Just("finish"), Just("problems"), Just("with"), Just("erection"), Just(" ")],
        0..60)) {
        let text: String = words.concat();
        let _ = analyze(&[text.as_str()], &[]);
    }
}

#[test]
fn every_raised_theme_gets_a_card_before_any_theme_gets_a_second() {
    let a = reflect::themes::analyze(
        &[
            "I feel so much pressure to perform and sex hurts sometimes. Also we never talk about it.",
        ],
        &[],
    );
    let themes: Vec<&str> = a.themes.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(themes.len(), 3, "{themes:?}");
    let cards = reflect::content::cards::builtin_cards();
    let main_theme = |id: &str| {
        cards
            .iter()
            .find(|c| c.id == id)
            .map(|c| (c.themes[0].clone(), c.medical))
    };
    // Medical cards come first (pain: when sex hurts, see a doctor first);
    // after them, each raised theme gets one card before any gets a second.
    let rest: Vec<String> = a
        .followups
        .iter()
        .filter_map(|f| main_theme(&f.card))
        .filter(|(_, medical)| !medical)
        .map(|(t, _)| t)
        .collect();
    for t in themes.iter().filter(|t| **t != "pain") {
        let pos = rest.iter().position(|r| r == t);
        assert!(
            pos.is_some_and(|p| p < themes.len() - 1),
            "{t} has no early card: {:?}",
            a.followups
        );
    }
    assert!(a.followups.iter().any(|f| f.card == "pain-during-sex"));
}

#[test]
fn a_reason_quotes_the_phrase_that_mattered() {
    // A weak cue ("as a teen") is never quoted before a clear phrase.
    let a = analyze(
        &["as a teen nobody taught me anything and I still feel sex is sinful"],
        &[],
    );
    let f = a.followups.iter().find(|f| f.card == "messages-about-sex");
    let Some(f) = f else {
        panic!("no upbringing card: {a:?}")
    };
    assert!(
        !f.because.starts_with("because you wrote 'as a teen'"),
        "{}",
        f.because
    );
}

#[test]
fn a_cue_in_what_was_written_picks_the_card_that_fits() {
    let cards = |text: &str| {
        analyze(&[text], &[])
            .followups
            .iter()
            .map(|f| f.card.clone())
            .collect::<Vec<_>>()
    };
    let pos = |list: &[String], id: &str| list.iter().position(|c| c == id);
    let unsafe_sex = cards("we had unsafe sex last weekend");
    assert!(
        pos(&unsafe_sex, "sexual-health") < pos(&unsafe_sex, "health-and-age")
            || pos(&unsafe_sex, "health-and-age").is_none(),
        "{unsafe_sex:?}"
    );
    assert!(
        pos(&unsafe_sex, "sexual-health").is_some(),
        "{unsafe_sex:?}"
    );
    let aging = cards("I'm 68 and my joints ache, sex is harder now");
    assert!(
        pos(&aging, "health-and-age").is_some()
            && (pos(&aging, "sexual-health").is_none()
                || pos(&aging, "health-and-age") < pos(&aging, "sexual-health")),
        "{aging:?}"
    );
}

#[test]
fn a_card_with_cues_is_offered_only_when_the_words_name_it() {
    // "If you feel little or no sexual attraction" is not for someone who
    // wrote that they are bi.
    let cards = |text: &str| -> Vec<String> {
        analyze(&[text], &[])
            .followups
            .into_iter()
            .map(|f| f.card)
            .collect()
    };
    let bi = cards("My husband knows I'm bi and I wish we could talk about it.");
    assert!(!bi.iter().any(|c| c == "asexuality"), "{bi:?}");
    let ace = cards("I think I might be asexual, I've never felt attraction to anyone.");
    assert!(ace.iter().any(|c| c == "asexuality"), "{ace:?}");
}

/// Every sentence issue 14 quoted (paraphrased there from outside trials),
/// with what a careful reader would say of it.
#[test]
fn the_issues_sentences_are_read_in_context() {
    let raised = |text: &str| -> Vec<String> {
        analyze(&[text], &[])
            .themes
            .into_iter()
            .map(|t| t.id)
            .collect()
    };
    let must = [
        (
            "I just don't really want sex much anymore, and my wife takes it personally",
            "desire",
        ),
        ("I'm just not that into it lately since the baby", "desire"),
        ("He finishes, I don't", "orgasm"),
        ("I'm on antidepresants and now I cant orgasim", "orgasm"),
        (
            "I'm on antidepresants and now I cant orgasim",
            "health-aging",
        ),
        (
            "The next morning it still did not work, and I panicked",
            "erection",
        ),
        ("I kept testing whether things worked on my own", "erection"),
        ("My wife has refused all intimacy for a decade", "desire"),
        (
            "We have sex on a schedule now and it feels anything but sexy",
            "routine",
        ),
        (
            "I never had trouble with erections until my surgery last year",
            "erection",
        ),
    ];
    for (text, theme) in must {
        let got = raised(text);
        assert!(
            got.iter().any(|t| t == theme),
            "{text:?} should raise {theme}: {got:?}"
        );
    }
    let none = [
        "I am not worried about performance, nor about my looks",
        "I used to have problems getting hard but that was years ago",
        "Ed and I have been married for 20 years",
        "I'm semi retired now and we have more time",
        "We see each other bi-weekly",
        "We keep some toys in the closet",
        "I was born premature",
        "I'm a virgin by choice",
        "nobody ever hurt me",
        "I have a foot fetish and my partner loves it",
        "I masturbate every day and I'm fine with it",
        "There was no trauma, I want to be really clear about that, my childhood was fine",
        "My partner and I have been together for years and our marriage is full of intimacy",
        "I hurt my girlfriend's feelings when I turned her down",
    ];
    for text in none {
        let got = raised(text);
        assert!(got.is_empty(), "{text:?} should raise nothing: {got:?}");
    }
    // "Can't come out" is about family, never orgasm.
    let got = raised("I still can't come out to my family");
    assert!(!got.iter().any(|t| t == "orgasm"), "{got:?}");
}
