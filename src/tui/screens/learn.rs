//! Learn: every educational card, browsable by theme without answering anything.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::Effect;
use crate::content::THEME_IDS;
use crate::content::cards::Card;
use crate::tui::action::Action;
use crate::tui::app::HELP_NOW_CARD;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::widgets::card;
use crate::tui::widgets::scroll::{self, List, Reader};
use crate::tui::widgets::text::{truncate, wrap};

/// The heading each theme's cards are listed under.
fn theme_heading(id: &str) -> &'static str {
    match id {
        "upbringing" => "How you learned about sex",
        "body-image" => "Your body",
        "desire" => "Desire and interest",
        "performance-anxiety" => "Worry and pressure",
        "erection" => "Erections",
        "ejaculation" => "Coming sooner or later",
        "orgasm" => "Orgasm",
        "pain" => "When sex hurts",
        "communication" => "Talking and closeness",
        "routine" => "Feeling stuck in a rut",
        "compulsivity" => "When behaviour feels out of control",
        "trauma" => "After abuse or assault",
        "identity" => "Orientation, gender and affirming care",
        "health-aging" => "Health, hormones and age",
        "seeking-help" => "Finding help",
        "crisis" => "When things feel too much",
        "coercion" => "Feeling safe with a partner",
        _ => "More",
    }
}

const GENERAL: &str = "About sex therapy";
const NOT_CARE: &str = "Short notes to read at your own pace. They are not a substitute for a doctor or therapist, and reaching out to one is always a good step.";

#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Heading(&'static str),
    Card(Card),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Learn {
    pub rows: Vec<Row>,
    /// The highlighted card (an index into `rows`, never a heading).
    pub list: List,
    /// The card being read, and how far it is scrolled.
    pub open: Option<(Card, Reader)>,
}

impl Learn {
    /// "If you need help now" first, on its own; then cards with no theme,
    /// under "About sex therapy"; then the rest grouped under their first
    /// theme, in the fixed theme order.
    pub fn new(cards: Vec<Card>) -> Learn {
        let (first, cards): (Vec<Card>, Vec<Card>) =
            cards.into_iter().partition(|c| c.id == HELP_NOW_CARD);
        let mut rows: Vec<Row> = first.into_iter().map(Row::Card).collect();
        let general: Vec<&Card> = cards.iter().filter(|c| c.themes.is_empty()).collect();
        if !general.is_empty() {
            rows.push(Row::Heading(GENERAL));
            rows.extend(general.into_iter().cloned().map(Row::Card));
        }
        for theme in THEME_IDS {
            let mine: Vec<&Card> = cards
                .iter()
                .filter(|c| c.themes.first().is_some_and(|t| t == theme))
                .collect();
            if !mine.is_empty() {
                rows.push(Row::Heading(theme_heading(theme)));
                rows.extend(mine.into_iter().cloned().map(Row::Card));
            }
        }
        let selected = rows
            .iter()
            .position(|r| matches!(r, Row::Card(_)))
            .unwrap_or(0);
        Learn {
            rows,
            list: List::at(selected),
            open: None,
        }
    }

    pub fn context(&self) -> Context {
        if self.open.is_some() {
            Context::LearnCard
        } else {
            Context::Learn
        }
    }

    /// Whether `action` does anything here now (the footer leaves out what doesn't).
    pub fn offers(&self, action: &Action) -> bool {
        match action {
            Action::StartSuggestedPack => match &self.open {
                Some((card, _)) => card.pack.is_some(),
                None => self
                    .card_at(self.list.selected)
                    .is_some_and(|c| c.pack.is_some()),
            },
            _ => true,
        }
    }

    fn card_at(&self, i: usize) -> Option<&Card> {
        match self.rows.get(i) {
            Some(Row::Card(c)) => Some(c),
            _ => None,
        }
    }

    /// The next card row from `from` in direction `forward`, if any.
    fn step(&self, from: usize, forward: bool) -> Option<usize> {
        let mut i = from;
        loop {
            i = if forward {
                i.checked_add(1)?
            } else {
                i.checked_sub(1)?
            };
            if i >= self.rows.len() {
                return None;
            }
            if self.card_at(i).is_some() {
                return Some(i);
            }
        }
    }

    pub fn update(&mut self, action: Action) -> Effect {
        if let Some((card, scroll)) = &mut self.open {
            match action {
                Action::Back | Action::Choose => self.open = None,
                Action::StartSuggestedPack => {
                    return card.pack.clone().map_or(Effect::None, Effect::StartPack);
                }
                a => {
                    scroll.apply(&a);
                }
            }
            return Effect::None;
        }
        let here = self.list.selected;
        match action {
            Action::Up => self.list.selected = self.step(here, false).unwrap_or(here),
            Action::Down => self.list.selected = self.step(here, true).unwrap_or(here),
            Action::Choose => {
                if let Some(c) = self.card_at(here) {
                    self.open = Some((c.clone(), Reader::default()));
                }
            }
            Action::StartSuggestedPack => {
                if let Some(p) = self.card_at(here).and_then(|c| c.pack.clone()) {
                    return Effect::StartPack(p);
                }
            }
            Action::Back => return Effect::Home,
            a => {
                // A page or an end: land on the nearest card, never a heading.
                if self.list.apply(&a, self.rows.len())
                    && self.card_at(self.list.selected).is_none()
                {
                    let at = self.list.selected;
                    self.list.selected = self
                        .step(at, true)
                        .or_else(|| self.step(at, false))
                        .unwrap_or(here);
                }
            }
        }
        Effect::None
    }

    pub fn render(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width.saturating_sub(4));
        let mut top = vec![Line::styled("Learn", theme.title())];
        for l in wrap(NOT_CARE, width) {
            top.push(Line::styled(l, theme.hint()));
        }
        top.push(Line::raw(""));
        let list_height = usize::from(area.height).saturating_sub(top.len());
        let selected = self.list.selected;
        let mut lines: Vec<Line> = Vec::with_capacity(self.rows.len());
        for (i, row) in self.rows.iter().enumerate() {
            lines.push(match row {
                Row::Heading(h) => Line::styled(truncate(h, width), theme.prompt()),
                Row::Card(c) => {
                    let marker = if i == selected { "›" } else { " " };
                    let text = truncate(&format!("{marker} {}", c.title), width);
                    if i == selected {
                        Line::styled(text, theme.selected())
                    } else {
                        Line::raw(text)
                    }
                }
            });
        }
        // Keep the highlighted card in view, with its heading when moving up to it.
        let heading_above = selected
            .checked_sub(1)
            .filter(|&h| matches!(self.rows.get(h), Some(Row::Heading(_))))
            .unwrap_or(selected);
        let len = lines.len();
        let offset = self.list.fit_with(len, list_height, heading_above);
        let list_top = area.y + u16::try_from(top.len()).unwrap_or(0);
        top.extend(lines.into_iter().skip(offset).take(list_height));
        let inner = Rect {
            x: area.x + 2,
            width: area.width.saturating_sub(4),
            ..area
        };
        Paragraph::new(top).render(inner, buf);
        let edge = Rect {
            x: area.right().saturating_sub(1),
            y: list_top,
            width: 1,
            height: area.bottom().saturating_sub(list_top),
        };
        scroll::bar(len, offset, theme, edge, buf);
        if let Some((c, scroll)) = &self.open {
            card::render(c, scroll, theme, area, buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::cards::builtin_cards;

    fn card(id: &str, themes: &[&str], pack: Option<&str>) -> Card {
        Card {
            schema: 1,
            id: id.into(),
            title: format!("Title of {id}"),
            themes: themes.iter().map(|t| t.to_string()).collect(),
            body: "Body.".into(),
            try_this: None,
            reach_out: "Reach out.".into(),
            pack: pack.map(str::to_string),
            with_partner: false,
            medical: false,
        }
    }

    #[test]
    fn every_builtin_card_is_listed_once_under_its_first_theme() {
        let cards = builtin_cards();
        let l = Learn::new(cards.clone());
        let listed: Vec<&str> = l
            .rows
            .iter()
            .filter_map(|r| match r {
                Row::Card(c) => Some(c.id.as_str()),
                Row::Heading(_) => None,
            })
            .collect();
        assert_eq!(listed.len(), cards.len());
        for c in &cards {
            assert!(listed.contains(&c.id.as_str()), "{} is missing", c.id);
        }
        assert!(matches!(&l.rows[0], Row::Card(c) if c.id == HELP_NOW_CARD));
        assert_eq!(l.list.selected, 0);
        // No built-in card is general any more ("What sex therapy is" is offered
        // with seeking-help), so the theme groups follow, the first theme first.
        assert!(cards.iter().all(|c| !c.themes.is_empty()));
        assert_eq!(l.rows[1], Row::Heading(theme_heading("upbringing")));
    }

    #[test]
    fn moving_skips_headings_and_stops_at_the_ends() {
        let mut l = Learn::new(vec![
            card("a", &[], None),
            card("b", &["pain"], None),
            card("c", &["trauma"], None),
        ]);
        // Heading, a, heading, b, heading, c.
        assert_eq!(l.list.selected, 1);
        l.update(Action::Up);
        assert_eq!(l.list.selected, 1);
        l.update(Action::Down);
        assert_eq!(l.list.selected, 3);
        l.update(Action::Down);
        l.update(Action::Down);
        assert_eq!(l.list.selected, 5);
        l.update(Action::Top);
        assert_eq!(l.list.selected, 1, "the first card, not its heading");
        l.update(Action::Bottom);
        assert_eq!(l.list.selected, 5);
        l.update(Action::PageUp);
        assert!(l.card_at(l.list.selected).is_some());
    }

    #[test]
    fn enter_opens_a_card_p_starts_its_pack_and_esc_goes_home() {
        let mut l = Learn::new(vec![card("a", &["pain"], Some("ask-yourself"))]);
        assert_eq!(l.update(Action::Choose), Effect::None);
        assert_eq!(l.context(), Context::LearnCard);
        assert_eq!(
            l.update(Action::StartSuggestedPack),
            Effect::StartPack("ask-yourself".into())
        );
        l.update(Action::Back);
        assert_eq!(l.context(), Context::Learn);
        assert_eq!(l.update(Action::Back), Effect::Home);
    }

    #[test]
    fn p_is_offered_only_for_a_card_that_points_to_questions() {
        let mut l = Learn::new(vec![
            card("a", &["pain"], Some("ask-yourself")),
            card("b", &["pain"], None),
        ]);
        assert!(l.offers(&Action::StartSuggestedPack));
        l.update(Action::Down);
        assert!(!l.offers(&Action::StartSuggestedPack));
        assert_eq!(l.update(Action::StartSuggestedPack), Effect::None);
        l.update(Action::Choose);
        assert!(
            !l.offers(&Action::StartSuggestedPack),
            "the open card has none"
        );
        l.update(Action::Back);
        l.update(Action::Up);
        l.update(Action::Choose);
        assert!(l.offers(&Action::StartSuggestedPack));
    }
}
