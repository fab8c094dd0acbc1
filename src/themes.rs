//! Answers -> themes (with the words that matched) -> ranked follow-up cards.
//!
//! Interface only: the detector and lexicon land with the themes issue.

use serde::Serialize;

use crate::journal::Reflection;

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
    /// "because you wrote 'pressure' and 'perform'"
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

/// Analyse free-text answers plus `(theme id, reason)` pairs from structured answers.
pub fn analyze(_texts: &[&str], _tagged: &[(String, String)]) -> Analysis {
    Analysis::default()
}

/// Analyse a whole reflection.
pub fn analyze_reflection(r: &Reflection) -> Analysis {
    analyze(&r.texts(), &r.tagged_themes())
}
