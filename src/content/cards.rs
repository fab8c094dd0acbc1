//! Educational follow-up cards: short, kind explanations keyed to themes.

use serde::{Deserialize, Serialize};

use super::is_theme;
use super::pack::{PackError, Problem};

/// One educational card (`prompts/cards/*.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub schema: u32,
    pub id: String,
    pub title: String,
    /// Theme ids this card serves; empty for a general card (what therapy is, ...).
    #[serde(default)]
    pub themes: Vec<String>,
    /// The explanation, at most about 150 words.
    pub body: String,
    /// An optional gentle thing to try.
    #[serde(default, rename = "try", skip_serializing_if = "Option::is_none")]
    pub try_this: Option<String>,
    /// When to reach out to a doctor, therapist or someone you trust.
    pub reach_out: String,
    /// A built-in pack to reflect further with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<String>,
    /// Whether what the card suggests needs a partner's cooperation (an
    /// exercise done together, a talk). Such cards are withheld while the
    /// answers say the person may not be safe with a partner.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub with_partner: bool,
    /// Whether the card is about seeing a doctor (pain, "see a doctor first"):
    /// offered right after the safety cards whenever its themes are raised.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub medical: bool,
}

impl Card {
    /// Parse and check a card; problems are reported like a pack's.
    pub fn parse(name: &str, text: &str) -> Result<Card, PackError> {
        let fail = |line, col, message: String| PackError {
            file: name.to_string(),
            problems: vec![Problem {
                line,
                col,
                path: String::new(),
                message,
            }],
        };
        let card: Card = serde_json::from_str(text)
            .map_err(|e| fail(e.line().max(1), e.column().max(1), e.to_string()))?;
        if let Some(t) = card.themes.iter().find(|t| !is_theme(t)) {
            return Err(fail(1, 1, format!("\"{t}\" is not a theme reflect knows")));
        }
        if card.title.trim().is_empty()
            || card.body.trim().is_empty()
            || card.reach_out.trim().is_empty()
        {
            return Err(fail(
                1,
                1,
                "a card needs a title, a body and reach_out".into(),
            ));
        }
        Ok(card)
    }

    /// The card's text as a person reads it, wrapped at `width` columns, for
    /// `reflect learn ID` and plain mode.
    pub fn to_text(&self, width: usize) -> String {
        let fill = |s: &str| textwrap::fill(s, width.max(20));
        let mut s = format!("{}\n\n{}\n", self.title, fill(&self.body));
        if let Some(t) = &self.try_this {
            s.push_str(&format!("\n{}\n", fill(&format!("Something to try: {t}"))));
        }
        s.push_str(&format!(
            "\n{}\n",
            fill(&format!("When to reach out: {}", self.reach_out))
        ));
        s
    }
}

/// Every built-in card, in file order.
pub fn builtin_cards() -> Vec<Card> {
    super::builtin_card_sources()
        .iter()
        .filter_map(|(name, text)| Card::parse(name, text).ok())
        .collect()
}
