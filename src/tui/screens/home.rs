//! Home: start, continue a draft, the journal, quit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::Effect;
use crate::journal::Summary;
use crate::tui::action::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{pad, truncate, wrap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeItem {
    Start,
    Continue,
    Journal,
    Learn,
    Quit,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Home {
    pub items: Vec<HomeItem>,
    pub selected: usize,
    /// The draft "Continue" resumes.
    pub draft: Option<Summary>,
}

impl Home {
    pub fn new(draft: Option<Summary>) -> Home {
        let mut items = vec![HomeItem::Start];
        if draft.is_some() {
            items.push(HomeItem::Continue);
        }
        items.extend([HomeItem::Journal, HomeItem::Learn, HomeItem::Quit]);
        Home {
            items,
            selected: 0,
            draft,
        }
    }

    pub fn update(&mut self, action: Action) -> Effect {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(self.items.len() - 1),
            Action::Choose => {
                return match self.items.get(self.selected) {
                    Some(HomeItem::Start) => Effect::PickPack,
                    Some(HomeItem::Continue) => match &self.draft {
                        Some(d) => Effect::Continue(d.id.clone()),
                        None => Effect::None,
                    },
                    Some(HomeItem::Journal) => Effect::OpenJournal,
                    Some(HomeItem::Learn) => Effect::OpenLearn,
                    Some(HomeItem::Quit) => Effect::Quit,
                    None => Effect::None,
                };
            }
            _ => {}
        }
        Effect::None
    }

    fn label(&self, item: HomeItem) -> String {
        match item {
            HomeItem::Start => "Start a reflection".into(),
            HomeItem::Continue => match &self.draft {
                Some(d) => format!(
                    "Continue \u{201c}{}\u{201d} ({} answered)",
                    d.pack_title, d.answered
                ),
                None => "Continue".into(),
            },
            HomeItem::Journal => "Journal".into(),
            HomeItem::Learn => "Learn".into(),
            HomeItem::Quit => "Quit".into(),
        }
    }

    pub fn render(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width.saturating_sub(4));
        let mut lines = vec![Line::styled("reflect", theme.title())];
        for l in wrap(
            "A quiet place to think things through, at your own pace.",
            width,
        ) {
            lines.push(Line::styled(l, theme.hint()));
        }
        lines.push(Line::raw(""));
        for (i, item) in self.items.iter().enumerate() {
            let text = truncate(&self.label(*item), width.saturating_sub(4));
            let marker = if i == self.selected { "›" } else { " " };
            let row = pad(&format!("{marker} {text}"), width.min(48));
            if i == self.selected {
                lines.push(Line::from(Span::styled(row, theme.selected())));
            } else {
                lines.push(Line::raw(row));
            }
        }
        lines.push(Line::raw(""));
        for l in wrap("Everything you write stays on this computer.", width) {
            lines.push(Line::styled(l, theme.dim()));
        }
        let inner = Rect {
            x: area.x + 2,
            y: area.y + 1,
            width: area.width.saturating_sub(4),
            height: area.height.saturating_sub(1),
        };
        Paragraph::new(lines).render(inner, buf);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn start_is_first_and_continue_only_with_a_draft() {
        assert_eq!(
            Home::new(None).items,
            [
                HomeItem::Start,
                HomeItem::Journal,
                HomeItem::Learn,
                HomeItem::Quit
            ]
        );
        let mut h = Home::new(None);
        assert_eq!(h.update(Action::Choose), Effect::PickPack);
        h.update(Action::Down);
        assert_eq!(h.update(Action::Choose), Effect::OpenJournal);
        h.update(Action::Down);
        assert_eq!(h.update(Action::Choose), Effect::OpenLearn);
        h.update(Action::Down);
        h.update(Action::Down);
        assert_eq!(h.update(Action::Choose), Effect::Quit);
    }
}
