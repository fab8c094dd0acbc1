//! Wrap-up: the answers at a glance, then gentle things to explore.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::Effect;
use crate::content::cards::Card;
use crate::journal::Reflection;
use crate::themes::Followup;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::widgets::card;
use crate::tui::widgets::scroll::Reader;
use crate::tui::widgets::text::{pad, truncate, wrap};

/// Whatever the themes, help is one key away.
const HELP_NOW_LINE: &str = "Need help now? Press h";

/// What a structured question was answered last time, beside today's
/// answer: said plainly, never "better" or "worse".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastTime {
    pub question: String,
    /// When it was answered before ("12 Oct").
    pub date: String,
    pub then: String,
    pub today: String,
}

impl LastTime {
    /// "Last time (12 Oct): 2 of 5 · today: 4 of 5"
    pub fn line(&self) -> String {
        format!(
            "Last time ({}): {} · today: {}",
            self.date, self.then, self.today
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct WrapUp {
    pub reflection: Reflection,
    pub followups: Vec<Followup>,
    /// The cards follow-ups point to (the built-in set).
    pub cards: Vec<Card>,
    pub selected: usize,
    /// The card being read, and how far it is scrolled.
    pub open: Option<(Card, Reader)>,
    /// For structured questions answered before: what was said last time.
    pub last_time: Vec<LastTime>,
}

impl WrapUp {
    pub fn new(reflection: Reflection, followups: Vec<Followup>, cards: Vec<Card>) -> WrapUp {
        WrapUp {
            reflection,
            followups,
            cards,
            selected: 0,
            open: None,
            last_time: Vec::new(),
        }
    }

    pub fn context(&self) -> Context {
        if self.open.is_some() {
            Context::WrapUpCard
        } else {
            Context::WrapUp
        }
    }

    /// Whether `action` does anything here now (the footer leaves out what doesn't).
    pub fn offers(&self, action: &Action) -> bool {
        match action {
            Action::StartSuggestedPack => self.suggested_pack().is_some(),
            _ => true,
        }
    }

    fn suggested_pack(&self) -> Option<String> {
        let f = self.followups.get(self.selected)?;
        f.pack
            .clone()
            .or_else(|| self.open.as_ref().and_then(|(c, _)| c.pack.clone()))
    }

    pub fn update(&mut self, action: Action) -> Effect {
        if let Some((_, scroll)) = &mut self.open {
            match action {
                Action::Back | Action::Choose => self.open = None,
                Action::StartSuggestedPack => {
                    return self
                        .suggested_pack()
                        .map_or(Effect::None, Effect::StartPack);
                }
                a => {
                    scroll.apply(&a);
                }
            }
            return Effect::None;
        }
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => {
                self.selected = (self.selected + 1).min(self.followups.len().saturating_sub(1))
            }
            Action::Choose => {
                let Some(f) = self.followups.get(self.selected) else {
                    return Effect::Home;
                };
                if let Some(card) = self.cards.iter().find(|c| c.id == f.card) {
                    self.open = Some((card.clone(), Reader::default()));
                }
            }
            Action::StartSuggestedPack => {
                return self
                    .suggested_pack()
                    .map_or(Effect::None, Effect::StartPack);
            }
            Action::Back => return Effect::Home,
            _ => {}
        }
        Effect::None
    }

    pub fn render(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width.saturating_sub(4));
        let mut top = vec![
            Line::styled("Thank you for taking this time", theme.title()),
            Line::styled(
                truncate(
                    &format!("{} · saved in your journal", self.reflection.pack.title),
                    width,
                ),
                theme.dim(),
            ),
            Line::raw(""),
        ];
        // The explore section gets what it needs; the answers the rest.
        let mut explore = vec![Line::styled("Things you might explore", theme.prompt())];
        if self.followups.is_empty() {
            for l in wrap(
                "Nothing in particular stood out this time. Your answers are in the Journal whenever you want to read them again.",
                width,
            ) {
                explore.push(Line::styled(l, theme.hint()));
            }
        }
        for (i, f) in self.followups.iter().enumerate() {
            let marker = if i == self.selected { "›" } else { " " };
            let title = pad(
                &format!("{marker} {}", truncate(&f.title, width.saturating_sub(4))),
                width.min(50),
            );
            if i != self.selected {
                explore.push(Line::raw(title));
                continue;
            }
            explore.push(Line::styled(title, theme.selected()));
            // Only the highlighted suggestion's reason, in full: room to read it.
            for l in wrap(&f.because, width.saturating_sub(4))
                .into_iter()
                .take(3)
            {
                explore.push(Line::styled(format!("    {l}"), theme.hint()));
            }
        }
        explore.push(Line::raw(""));
        explore.push(Line::styled(HELP_NOW_LINE, theme.dim()));
        let height = usize::from(area.height.saturating_sub(1));
        let explore_h = explore.len();
        let answers_room = height.saturating_sub(explore_h + top.len() + 1);
        let answered: Vec<_> = self.reflection.answered().collect();
        if answered.is_empty() {
            top.push(Line::styled(
                "You skipped every question, and that is fine too.",
                theme.hint(),
            ));
        }
        let last = |q: &str| self.last_time.iter().find(|l| l.question == q);
        // Two lines an answer, three with a "last time" line.
        let cost = |e: &&crate::journal::Entry| 2 + usize::from(last(&e.question).is_some());
        let total: usize = answered.iter().map(cost).sum();
        let mut shown = answered.len();
        if total > answers_room {
            let room = answers_room.saturating_sub(1);
            let mut used = 0;
            shown = answered
                .iter()
                .take_while(|e| {
                    used += cost(e);
                    used <= room
                })
                .count();
        }
        for e in answered.iter().take(shown) {
            top.push(Line::styled(truncate(&e.prompt, width), theme.dim()));
            top.push(Line::raw(format!(
                "  {}",
                truncate(&e.answer, width.saturating_sub(2))
            )));
            if let Some(l) = last(&e.question) {
                top.push(Line::styled(
                    format!("  {}", truncate(&l.line(), width.saturating_sub(2))),
                    theme.hint(),
                ));
            }
        }
        if shown < answered.len() {
            top.push(Line::styled(
                format!(
                    "…and {} more; read them all in the Journal.",
                    answered.len() - shown
                ),
                theme.hint(),
            ));
        }
        top.push(Line::raw(""));
        top.extend(explore);
        let inner = Rect {
            x: area.x + 2,
            y: area.y + 1,
            width: area.width.saturating_sub(4),
            height: area.height.saturating_sub(1),
        };
        Paragraph::new(top).render(inner, buf);

        if let Some((c, scroll)) = &self.open {
            card::render(c, scroll, theme, area, buf);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::content::Pack;

    fn wrapup(followups: Vec<Followup>) -> WrapUp {
        let pack = Pack::parse("t.json", super::super::question::tests::PACK).unwrap();
        let r = Reflection::new("20250101-000000-0000".into(), &pack);
        let card = Card {
            schema: 1,
            id: "pressure".into(),
            title: "When sex feels like a test".into(),
            themes: vec![],
            body: "Body.".into(),
            try_this: None,
            reach_out: "Reach out.".into(),
            pack: Some("tiny".into()),
            with_partner: false,
            medical: false,
        };
        WrapUp::new(r, followups, vec![card])
    }

    #[test]
    fn last_time_says_what_was_answered_then_and_today_and_nothing_more() {
        let l = LastTime {
            question: "satisfied".into(),
            date: "12 Oct".into(),
            then: "2 of 5".into(),
            today: "4 of 5".into(),
        };
        assert_eq!(l.line(), "Last time (12 Oct): 2 of 5 · today: 4 of 5");
    }

    #[test]
    fn with_nothing_to_explore_enter_and_esc_go_home() {
        let mut w = wrapup(vec![]);
        assert_eq!(w.update(Action::Choose), Effect::Home);
        assert_eq!(w.update(Action::Back), Effect::Home);
    }

    #[test]
    fn enter_opens_the_card_and_p_starts_its_pack() {
        let mut w = wrapup(vec![Followup {
            card: "pressure".into(),
            title: "When sex feels like a test".into(),
            because: "because you wrote 'pressure'".into(),
            pack: Some("tiny".into()),
        }]);
        assert_eq!(w.update(Action::Choose), Effect::None);
        assert_eq!(w.context(), Context::WrapUpCard);
        assert_eq!(
            w.update(Action::StartSuggestedPack),
            Effect::StartPack("tiny".into())
        );
        w.update(Action::Back);
        assert_eq!(w.context(), Context::WrapUp);
        assert_eq!(w.update(Action::Back), Effect::Home);
    }
}
