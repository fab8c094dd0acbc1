//! Content: question packs and educational cards, as data.
//!
//! Built-in content lives in `prompts/` and is compiled into the binary by
//! `build.rs`. Nothing here touches the terminal.

pub mod cards;
pub mod lint;
pub mod pack;
mod span;

pub use pack::{
    AnswerValue, ChoiceOption, FollowUp, Kind, Pack, PackError, Problem, Question, ReturnTo,
    SCHEMA_VERSION, ScaleLabels,
};

/// The fixed theme ids (PRODUCT.md). Packs, cards and the lexicon may only use these.
pub const THEME_IDS: [&str; 17] = [
    "upbringing",
    "body-image",
    "desire",
    "performance-anxiety",
    "erection",
    "ejaculation",
    "orgasm",
    "pain",
    "communication",
    "routine",
    "compulsivity",
    "trauma",
    "identity",
    "health-aging",
    "seeking-help",
    "crisis",
    "coercion",
];

/// Whether `id` is one of the fixed theme ids.
pub fn is_theme(id: &str) -> bool {
    THEME_IDS.contains(&id)
}

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// The JSON sources of the built-in packs, as `(file name, text)`.
pub fn builtin_pack_sources() -> &'static [(&'static str, &'static str)] {
    builtin::PACKS
}

/// The JSON sources of the built-in cards, as `(file name, text)`.
pub fn builtin_card_sources() -> &'static [(&'static str, &'static str)] {
    builtin::CARDS
}

/// The theme lexicon, `prompts/themes.json`.
pub const THEMES_LEXICON: &str = include_str!("../../prompts/themes.json");

/// The built-in packs, "Ask yourself" first, then the rest in file order.
///
/// Built-in packs are checked by a test, so a broken one never ships; one that
/// fails anyway is left out rather than taking the app down.
pub fn builtin_packs() -> Vec<Pack> {
    let mut packs: Vec<Pack> = builtin_pack_sources()
        .iter()
        .filter_map(|(name, text)| Pack::parse(name, text).ok())
        .collect();
    packs.sort_by_key(|p| p.id != "ask-yourself");
    packs
}
