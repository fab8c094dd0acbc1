//! The built-in cards keep the promises the safety and content issues make:
//! what each card must cover, which cards need a partner, and links between
//! cards that must lead somewhere.

use reflect::content::cards::{Card, builtin_cards};

fn card(id: &str) -> Card {
    match builtin_cards().into_iter().find(|c| c.id == id) {
        Some(c) => c,
        None => panic!("no built-in card {id}"),
    }
}

/// Everything a person reads on a card, on one line, in lower case.
fn text(c: &Card) -> String {
    c.to_text(100_000)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Phrases (lower case) that `id` must contain; prints every one missing.
fn assert_covers(id: &str, phrases: &[&str]) {
    let t = text(&card(id));
    let missing: Vec<&&str> = phrases.iter().filter(|p| !t.contains(**p)).collect();
    assert!(
        missing.is_empty(),
        "{id} does not mention {missing:?}:\n{t}"
    );
}

/// Titles a card points to, written as `"Title"` after the word "card" or "see".
fn titles_named(c: &Card) -> Vec<String> {
    let t = c
        .to_text(100_000)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let parts: Vec<&str> = t.split('"').collect();
    let mut out = Vec::new();
    // Odd pieces are quoted; the piece before says what the quote is.
    for i in (1..parts.len()).step_by(2) {
        let before = parts[i - 1].trim_end().to_lowercase();
        if before.ends_with("card") || before.ends_with("see") || before.ends_with("(see") {
            out.push(parts[i].to_string());
        }
    }
    out
}

#[test]
fn the_crisis_card_says_what_to_do_now_and_where_to_find_a_line() {
    assert_covers(
        "help-now",
        &[
            "if you are having thoughts of ending your life",
            "hurting yourself",
            "emergency number",
            "crisis line",
            "someone you trust",
            "can wait",
            "findahelpline.com",
            "doctor",
            "therapist",
        ],
    );
    assert_eq!(card("help-now").themes, ["crisis"]);
}

#[test]
fn the_safety_card_covers_consent_couple_therapy_services_and_privacy() {
    assert_covers(
        "feeling-safe",
        &[
            "not your fault",
            "consent can be taken back",
            "anger",
            "safety comes before any exercise",
            "joint therapy is usually not advised",
            "domestic-violence",
            "sexual-assault",
            "ctrl-g",
            "passphrase",
            "export",
        ],
    );
    assert_eq!(card("feeling-safe").themes, ["coercion"]);
}

#[test]
fn the_trauma_card_does_not_presume_and_names_kinds_of_support() {
    let c = card("trauma-support");
    assert!(
        c.body
            .starts_with("If something happened to you that you did not want"),
        "the trauma card must not presume a disclosure: {}",
        c.body
    );
    assert!(!text(&c).contains("thank you for writing"));
    assert_covers(
        "trauma-support",
        &[
            "not your fault",
            "still hurting",
            "\"feeling safe with a partner\"",
            "rape-crisis centre",
            "survivor",
            "trauma-informed",
            "stop at any time",
            "emergency services",
        ],
    );
}

#[test]
fn no_card_offers_couple_sessions_to_someone_afraid_of_a_partner() {
    let t = text(&card("communication"));
    assert!(!t.contains("alone or together"), "{t}");
    assert!(
        t.contains("afraid") && t.contains("\"feeling safe with a partner\""),
        "{t}"
    );
    for c in builtin_cards() {
        let t = text(&c);
        for said in [
            "alone or together",
            "or with a partner.",
            "you agree, they may",
        ] {
            assert!(
                !t.contains(said),
                "{}: says {said:?} with no word about safety",
                c.id
            );
        }
    }
}

#[test]
fn cards_that_need_a_partner_say_so() {
    for id in ["communication", "sensate-focus", "sexual-rut"] {
        assert!(card(id).with_partner, "{id} needs a partner's cooperation");
    }
    for id in ["help-now", "feeling-safe", "trauma-support"] {
        assert!(!card(id).with_partner, "{id} must never be withheld");
    }
    for c in builtin_cards() {
        if c.pack.as_deref() == Some("talking-with-a-partner") {
            assert!(
                c.with_partner,
                "{} leads to the partner pack but is not marked with_partner",
                c.id
            );
        }
    }
}

#[test]
fn a_card_that_points_to_another_names_a_real_title() {
    let titles: Vec<String> = builtin_cards().into_iter().map(|c| c.title).collect();
    let mut links = 0;
    for c in builtin_cards() {
        for t in titles_named(&c) {
            links += 1;
            assert!(
                titles.contains(&t),
                "{} points to \"{t}\", no such card",
                c.id
            );
        }
    }
    assert!(links >= 2, "expected cards to point to the safety card");
}

#[test]
fn the_link_finder_itself_sees_quoted_titles_only_after_card_or_see() {
    let mut c = card("help-now");
    c.body = "Read the card \"A\" and (see \"B\"), but \"C\" is a quote.".into();
    c.try_this = None;
    assert_eq!(titles_named(&c), ["A", "B"]);
}

#[test]
fn every_card_can_be_reached_from_a_theme() {
    for c in builtin_cards() {
        assert!(
            !c.themes.is_empty(),
            "{} has no theme, so it is never offered",
            c.id
        );
    }
    assert!(
        card("what-is-sex-therapy")
            .themes
            .contains(&"seeking-help".to_string())
    );
    assert_eq!(
        card("sexual-health").themes.first().map(String::as_str),
        Some("health-aging")
    );
}

#[test]
fn cards_cover_what_the_sources_cover_for_every_body() {
    let table: &[(&str, &[&str])] = &[
        (
            "ejaculation",
            &["sooner", "stopping", "patient partner", "doctor"],
        ),
        (
            "delayed-ejaculation",
            &[
                "people with a penis",
                "takes a very long time",
                "not the answer here",
                "medicines",
            ],
        ),
        (
            "pain-during-sex",
            &[
                "dyspareunia",
                "vaginismus",
                "people with a penis",
                "vulvodynia",
                "does not mean you imagined it",
                "pelvic-floor physiotherapy",
                "graded dilators",
                "lubricant",
            ],
        ),
        ("desire", &["responsive desire", "asexual", "orientation"]),
        (
            "orgasm",
            &[
                "people with a vulva",
                "clitoris",
                "medicines",
                "doctor can review",
            ],
        ),
        (
            "compulsive-behaviour",
            &[
                "lost control",
                "distress",
                "\"kink and fantasy between consenting adults\"",
            ],
        ),
        (
            "kink-and-fantasy",
            &["consent", "stop at any moment", "not a plan"],
        ),
        (
            "health-and-age",
            &["disability", "chronic", "disabled people"],
        ),
        (
            "body-image",
            &["mirror", "optional", "dysphoria", "memories of harm"],
        ),
        (
            "sensate-focus",
            &[
                "either of you can pause or stop at any moment",
                "genital touch",
                "solo version",
            ],
        ),
        (
            "choosing-a-therapist",
            &[
                "aasect",
                "elsewhere",
                "register",
                "surrogate",
                "warning signs",
            ],
        ),
        (
            "therapy-red-flags",
            &[
                "never touch you",
                "scam",
                "surrogate",
                "only through a qualified therapist",
            ],
        ),
        (
            "sexual-health",
            &[
                "sexually transmitted infections",
                "no symptoms",
                "testing",
                "condoms",
            ],
        ),
        (
            "relationship-patterns",
            &[
                "pattern",
                "the way you see yourself",
                "\"feeling safe with a partner\"",
            ],
        ),
        (
            "knowing-your-anatomy",
            &["anatomy", "intersex", "mirror", "optional"],
        ),
        (
            "asexuality",
            &["asexuality is an orientation", "nothing needs fixing"],
        ),
        (
            "therapy-confidentiality",
            &["confidential", "exceptions", "notes", "this journal"],
        ),
    ];
    for (id, phrases) in table {
        assert_covers(id, phrases);
    }
}

#[test]
fn no_card_speaks_of_women_and_men_where_a_body_is_meant() {
    for c in builtin_cards() {
        let t = text(&c);
        let words: Vec<&str> = t.split(|ch: char| !ch.is_alphanumeric()).collect();
        for w in ["women", "woman", "men", "man", "female", "male"] {
            assert!(
                !words.contains(&w),
                "{} says {w:?}: say \"people with a vulva / a penis\"",
                c.id
            );
        }
    }
}
