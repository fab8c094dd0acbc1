//! Raised themes -> the follow-up cards worth offering, safety first.
//!
//! The rules (also in `docs/themes.md`):
//!
//! 1. Order: the `crisis` card, then `coercion`, then `trauma`, then the
//!    medical cards (`"medical": true`: pain, see a doctor first) whenever one
//!    of their themes is raised, then the rest in rank order: every raised
//!    theme gets one card before any theme gets a second.
//! 2. While `crisis` or `coercion` is raised, nothing that needs a partner's
//!    cooperation is offered: no card marked `"with_partner": true`, and no
//!    pack marked so (a card that suggests such a pack is kept, without it).
//! 3. One theme fills at most [`PER_THEME`] of the [`MAX_FOLLOWUPS`] slots.
//! 4. For `crisis`, `coercion` and `trauma` the reason never quotes the
//!    person's words back.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::lexicon::FastMap;
use super::{Followup, MAX_FOLLOWUPS};
use crate::content::THEME_IDS;
use crate::content::cards::{Card, builtin_cards};

/// At most this many cards for one theme.
pub const PER_THEME: usize = 2;

/// The themes whose cards come first, in this order.
pub const SAFETY: [&str; 3] = ["crisis", "coercion", "trauma"];

/// While one of these is raised, a partner's cooperation is never asked for.
const PARTNER_UNSAFE: [&str; 2] = ["crisis", "coercion"];

/// What a raised theme rests on, for its reason line.
pub(super) struct Evidence<'a> {
    pub matched: &'a [String],
    pub reasons: &'a [String],
}

fn cards() -> &'static [Card] {
    static CARDS: OnceLock<Vec<Card>> = OnceLock::new();
    CARDS.get_or_init(builtin_cards)
}

fn partner_packs() -> &'static HashSet<String> {
    static PACKS: OnceLock<HashSet<String>> = OnceLock::new();
    PACKS.get_or_init(|| {
        crate::content::builtin_packs()
            .into_iter()
            .filter(|p| p.with_partner)
            .map(|p| p.id)
            .collect()
    })
}

/// Whether a pack asks for a partner's cooperation.
pub fn pack_needs_partner(id: &str) -> bool {
    partner_packs().contains(id)
}

fn quote_list(words: &[String]) -> String {
    let q: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    match q.as_slice() {
        [] => String::new(),
        [a] => a.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn because(theme: &str, ev: &Evidence) -> String {
    if SAFETY.contains(&theme) {
        return "because of something you wrote about a hard experience".to_string();
    }
    let words: Vec<String> = ev.matched.iter().take(3).cloned().collect();
    if !words.is_empty() {
        return format!("because you wrote {}", quote_list(&words));
    }
    match ev.reasons.first() {
        Some(r) => format!("because {r}"),
        None => "because of your answers".to_string(),
    }
}

struct Picker<'a> {
    cards: &'a [Card],
    cues: &'a FastMap<String, Vec<String>>,
    evidence: &'a [Evidence<'a>],
    picked: Vec<(usize, usize)>, // (card, theme)
    no_partner: bool,
}

impl Picker<'_> {
    fn allowed(&self, card: usize) -> bool {
        self.cards
            .get(card)
            .is_some_and(|c| !(self.no_partner && c.with_partner))
    }

    fn add(&mut self, card: usize, theme: usize) {
        let for_theme = self.picked.iter().filter(|&&(_, t)| t == theme).count();
        if self.picked.len() < MAX_FOLLOWUPS
            && for_theme < PER_THEME
            && self.allowed(card)
            && !self.picked.iter().any(|&(c, _)| c == card)
        {
            self.picked.push((card, theme));
        }
    }

    /// Whether what matched for `theme` names one of `card`'s cues.
    fn cued(&self, card: &Card, theme: usize) -> bool {
        let (Some(cues), Some(ev)) = (self.cues.get(&card.id), self.evidence.get(theme)) else {
            return false;
        };
        ev.matched.iter().any(|m| {
            let m = m.to_lowercase();
            cues.iter().any(|c| m.contains(c.as_str()))
        })
    }

    /// Cards serving `theme`: one whose cues match first, then the most
    /// focused; among equals one that offers a pack.
    fn serving(&self, theme_index: usize, primary: bool) -> Vec<usize> {
        let theme = THEME_IDS.get(theme_index).copied().unwrap_or("");
        let mut list: Vec<usize> = self
            .cards
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                if primary {
                    c.themes.first().is_some_and(|t| t == theme)
                } else {
                    c.themes.iter().skip(1).any(|t| t == theme)
                }
            })
            .map(|(i, _)| i)
            .collect();
        list.sort_by_key(|&i| {
            self.cards
                .get(i)
                .map(|c| (!self.cued(c, theme_index), c.themes.len(), c.pack.is_none()))
                .unwrap_or((true, usize::MAX, true))
        });
        // A card with cues speaks to one part of a theme ("If you feel little
        // or no sexual attraction"): offered only when the words named it,
        // unless nothing else serves the theme. "I'm bi" is not asexuality.
        let uncued = |i: &usize| {
            self.cards
                .get(*i)
                .is_some_and(|c| self.cues.contains_key(&c.id) && !self.cued(c, theme_index))
        };
        if list.iter().any(|i| !uncued(i)) {
            list.retain(|i| !uncued(i));
        }
        list
    }
}

/// The follow-ups for `raised` themes (theme index, score), best first.
pub(super) fn followups(
    raised: &[(usize, f64)],
    evidence: &[Evidence],
    cues: &FastMap<String, Vec<String>>,
) -> Vec<Followup> {
    let cards = cards();
    let id = |i: usize| THEME_IDS.get(i).copied().unwrap_or("");
    let no_partner = raised.iter().any(|&(i, _)| PARTNER_UNSAFE.contains(&id(i)));
    let mut p = Picker {
        cards,
        cues,
        evidence,
        picked: Vec::new(),
        no_partner,
    };

    // Safety first, in its fixed order, then the rest in rank order.
    let mut order: Vec<usize> = raised.iter().map(|&(i, _)| i).collect();
    order.sort_by_key(|&i| {
        SAFETY
            .iter()
            .position(|s| *s == id(i))
            .unwrap_or(SAFETY.len())
    });
    let safety = order
        .iter()
        .take_while(|&&i| SAFETY.contains(&id(i)))
        .count();
    for &theme in order.iter().take(safety) {
        if let Some(&c) = p.serving(theme, true).first() {
            p.add(c, theme);
        }
    }
    // Medical cards are never pushed out by lower-ranked ones.
    for &theme in &order {
        let medical: Vec<usize> = (0..cards.len())
            .filter(|&c| {
                cards
                    .get(c)
                    .is_some_and(|card| card.medical && card.themes.iter().any(|t| t == id(theme)))
            })
            .collect();
        for c in medical {
            p.add(c, theme);
        }
    }
    // Pass 0: one card per raised theme. Pass 1: the other cards mainly about
    // those themes. Pass 2: cards that touch them in passing.
    for pass in 0..3 {
        for &theme in &order {
            let list = p.serving(theme, pass < 2);
            let take = if pass == 0 {
                usize::from(!p.picked.iter().any(|&(_, t)| t == theme))
            } else {
                list.len()
            };
            let mut added = 0;
            for c in list {
                if added >= take {
                    break;
                }
                let before = p.picked.len();
                p.add(c, theme);
                added += p.picked.len() - before;
            }
        }
    }

    p.picked
        .into_iter()
        .filter_map(|(c, t)| {
            let card = cards.get(c)?;
            let pack = card
                .pack
                .clone()
                .filter(|pk| !(no_partner && pack_needs_partner(pk)));
            Some(Followup {
                card: card.id.clone(),
                title: card.title.clone(),
                because: because(id(t), evidence.get(t)?),
                pack,
            })
        })
        .collect()
}
