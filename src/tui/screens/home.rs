//! Home: start, continue a draft, the journal, quit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::Effect;
use crate::journal::Summary;
use crate::tui::action::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::scroll::{self, List};
use crate::tui::widgets::text::{pad, truncate, wrap};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeItem {
    Start,
    /// Continue the unfinished reflection at this index of `drafts`.
    Continue(usize),
    Journal,
    Learn,
    Quit,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Home {
    pub items: Vec<HomeItem>,
    pub list: List,
    /// Every unfinished reflection, newest first; each has a Continue row.
    pub drafts: Vec<Summary>,
    /// The journal is still being listed (no index yet), so whether there
    /// is something to continue is not known: said quietly under the choices.
    pub getting_ready: bool,
}

impl Home {
    /// One draft (the newest) or none: see [`Home::with_drafts`].
    pub fn new(draft: Option<Summary>) -> Home {
        Home::with_drafts(draft.into_iter().collect())
    }

    pub fn with_drafts(drafts: Vec<Summary>) -> Home {
        let mut items = vec![HomeItem::Start];
        items.extend((0..drafts.len()).map(HomeItem::Continue));
        items.extend([HomeItem::Journal, HomeItem::Learn, HomeItem::Quit]);
        Home {
            items,
            list: List::default(),
            drafts,
            getting_ready: false,
        }
    }

    /// Home before the journal has been listed: no Continue yet.
    pub fn getting_ready() -> Home {
        Home {
            getting_ready: true,
            ..Home::with_drafts(Vec::new())
        }
    }

    /// The journal has been listed: offer its drafts, keeping the
    /// highlight on the same choice (a Continue row appearing above
    /// "Journal" must not move Enter onto a draft).
    pub fn ready(&mut self, drafts: Vec<Summary>) {
        let was = self.items.get(self.list.selected).copied();
        let mut fresh = Home::with_drafts(drafts);
        if let Some(at) = was.and_then(|w| fresh.items.iter().position(|i| *i == w)) {
            fresh.list.selected = at;
        }
        *self = fresh;
    }

    /// The highlighted row.
    pub fn selected(&self) -> usize {
        self.list.selected
    }

    pub fn update(&mut self, action: Action) -> Effect {
        match action {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => {
                self.list.apply(&action, self.items.len());
            }
            Action::Choose => {
                return match self.items.get(self.list.selected) {
                    Some(HomeItem::Start) => Effect::PickPack,
                    Some(HomeItem::Continue(i)) => match self.drafts.get(*i) {
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

    /// A row's words in at most `width` columns. For a draft, the title
    /// gives way first, so when and how far always show.
    fn label(&self, item: HomeItem, width: usize) -> String {
        let text = match item {
            HomeItem::Start => "Start a reflection".into(),
            HomeItem::Continue(i) => match self.drafts.get(i) {
                Some(d) => {
                    let when = if self.drafts.len() == 1 {
                        String::new()
                    } else {
                        // Several: which one, from when.
                        d.started_at()
                            .map(|t| t.format(", %-d %b").to_string())
                            .unwrap_or_default()
                    };
                    let tail = format!("\u{201d}{when} ({} answered)", d.answered);
                    let room = width.saturating_sub(tail.width() + "Continue \u{201c}".width());
                    format!("Continue \u{201c}{}{tail}", truncate(&d.pack_title, room))
                }
                None => "Continue".into(),
            },
            HomeItem::Journal => "Journal".into(),
            HomeItem::Learn => "Learn".into(),
            HomeItem::Quit => "Quit".into(),
        };
        truncate(&text, width)
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
        // The choices scroll when many drafts wait; the rest stays put.
        let fixed = lines.len() + 3 + usize::from(self.getting_ready);
        let view = usize::from(area.height.saturating_sub(1))
            .saturating_sub(fixed)
            .max(1);
        let first = self.list.fit(self.items.len(), view);
        let list_top = area.y + 1 + u16::try_from(lines.len()).unwrap_or(0);
        for (i, item) in self.items.iter().enumerate().skip(first).take(view) {
            let text = self.label(*item, width.saturating_sub(4));
            let marker = if i == self.list.selected { "›" } else { " " };
            let row = pad(&format!("{marker} {text}"), width.min(48));
            if i == self.list.selected {
                lines.push(Line::from(Span::styled(row, theme.selected())));
            } else {
                lines.push(Line::raw(row));
            }
        }
        if self.getting_ready {
            lines.push(Line::styled(
                truncate("  Getting your journal ready…", width),
                theme.dim(),
            ));
        }
        lines.push(Line::raw(""));
        for l in wrap("Everything you write stays on this computer.", width) {
            lines.push(Line::styled(l, theme.dim()));
        }
        scroll::bar(
            self.items.len(),
            first,
            theme,
            Rect::new(
                area.right().saturating_sub(1),
                list_top,
                1,
                u16::try_from(view).unwrap_or(1),
            ),
            buf,
        );
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

    #[test]
    fn every_unfinished_reflection_has_its_own_continue_row() {
        let pack =
            crate::content::Pack::parse("t.json", super::super::question::tests::PACK).unwrap();
        let drafts: Vec<Summary> = (0..3)
            .map(|i| {
                Summary::from(&crate::journal::Reflection::new(
                    format!("20250101-000000-000{i}"),
                    &pack,
                ))
            })
            .collect();
        let mut h = Home::with_drafts(drafts);
        assert_eq!(h.items.len(), 7);
        h.update(Action::Down);
        h.update(Action::Down);
        assert_eq!(
            h.update(Action::Choose),
            Effect::Continue("20250101-000000-0001".into())
        );
        h.update(Action::Bottom);
        assert_eq!(h.update(Action::Choose), Effect::Quit);
    }

    #[test]
    fn a_long_pack_title_gives_way_to_when_and_how_far() {
        let pack =
            crate::content::Pack::parse("t.json", super::super::question::tests::PACK).unwrap();
        let mut a = crate::journal::Reflection::new("20250101-000000-0001".into(), &pack);
        a.pack.title = "Before a first session with someone new".into();
        let b = crate::journal::Reflection::new("20250101-000000-0002".into(), &pack);
        let h = Home::with_drafts(vec![Summary::from(&a), Summary::from(&b)]);
        let label = h.label(HomeItem::Continue(0), 44);
        assert!(label.ends_with("(0 answered)"), "{label}");
        assert!(label.contains('…'), "{label}");
        assert!(
            unicode_width::UnicodeWidthStr::width(label.as_str()) <= 44,
            "{label}"
        );
    }
}
