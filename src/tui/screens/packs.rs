//! Pick a pack: built-in sets first ("Ask yourself" leads), then imported ones.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::Effect;
use crate::content::Pack;
use crate::journal::Summary;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::widgets::popup;
use crate::tui::widgets::scroll::{self, List};
use crate::tui::widgets::text::{pad, truncate, wrap};

#[derive(Debug, Clone, PartialEq)]
pub struct PackRow {
    pub pack: Pack,
    /// Imported from a file rather than built in.
    pub imported: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Packs {
    pub rows: Vec<PackRow>,
    pub list: List,
    /// Imported pack files that could not be read (left untouched).
    pub problems: usize,
    /// Unfinished reflections, newest first: starting their pack offers them.
    pub drafts: Vec<Summary>,
    /// "Continue it, or start anew?" for this draft.
    pub offer: Option<Summary>,
}

impl Packs {
    pub fn new(rows: Vec<PackRow>, problems: usize) -> Packs {
        Packs {
            rows,
            list: List::default(),
            problems,
            drafts: Vec::new(),
            offer: None,
        }
    }

    pub fn context(&self) -> Context {
        if self.offer.is_some() {
            Context::PacksDraft
        } else {
            Context::Packs
        }
    }

    pub fn update(&mut self, action: Action) -> Effect {
        if let Some(draft) = &self.offer {
            return match action {
                Action::ContinueDraft => Effect::Continue(draft.id.clone()),
                Action::StartAfresh => Effect::StartPack(draft.pack.clone()),
                Action::Cancel | Action::Back => {
                    self.offer = None;
                    Effect::None
                }
                _ => Effect::None,
            };
        }
        match action {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => {
                self.list.apply(&action, self.rows.len());
            }
            Action::Choose => {
                if let Some(r) = self.rows.get(self.list.selected) {
                    // The newest unfinished one with these questions is offered first.
                    if let Some(d) = self.drafts.iter().find(|d| d.pack == r.pack.id) {
                        self.offer = Some(d.clone());
                        return Effect::None;
                    }
                    return Effect::StartPack(r.pack.id.clone());
                }
            }
            Action::Back => return Effect::Home,
            _ => {}
        }
        Effect::None
    }

    pub fn render(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width.saturating_sub(4));
        let mut lines = vec![
            Line::styled("Choose a set of questions", theme.title()),
            Line::raw(""),
        ];
        if self.rows.is_empty() {
            lines.push(Line::raw("There are no question sets yet."));
            lines.push(Line::styled(
                "Add one with: reflect packs add FILE",
                theme.hint(),
            ));
        }
        // Three lines per pack; scroll so the selected one is visible.
        let per_page = (usize::from(area.height).saturating_sub(4) / 3).max(1);
        let first = self.list.fit(self.rows.len(), per_page);
        let selected = self.list.selected;
        for (i, row) in self.rows.iter().enumerate().skip(first).take(per_page) {
            let n = row.pack.questions.len();
            let mut meta = format!("{n} question{}", if n == 1 { "" } else { "s" });
            if row.imported {
                meta.push_str(" · from a file");
            }
            let title = truncate(&row.pack.title, width.saturating_sub(meta.len() + 6));
            let marker = if i == selected { "›" } else { " " };
            let head = pad(
                &format!("{marker} {title}"),
                width.saturating_sub(meta.len() + 2),
            );
            let head_line = if i == selected {
                Line::from(vec![
                    Span::styled(head, theme.selected()),
                    Span::styled(format!("{meta}  "), theme.selected()),
                ])
            } else {
                Line::from(vec![
                    Span::styled(head, theme.prompt()),
                    Span::styled(meta, theme.dim()),
                ])
            };
            lines.push(head_line);
            lines.push(Line::styled(
                format!(
                    "  {}",
                    truncate(&row.pack.description, width.saturating_sub(2))
                ),
                theme.hint(),
            ));
            lines.push(Line::raw(""));
        }
        if self.problems > 0 {
            lines.push(Line::styled(
                format!(
                    "{} imported file{} could not be read and {} left untouched.",
                    self.problems,
                    if self.problems == 1 { "" } else { "s" },
                    if self.problems == 1 { "was" } else { "were" }
                ),
                theme.dim(),
            ));
        }
        let inner = Rect {
            x: area.x + 2,
            y: area.y + 1,
            width: area.width.saturating_sub(4),
            height: area.height.saturating_sub(1),
        };
        Paragraph::new(lines).render(inner, buf);
        let edge = Rect::new(
            area.right().saturating_sub(1),
            inner.y + 2,
            1,
            u16::try_from(per_page * 3)
                .unwrap_or(0)
                .min(inner.height.saturating_sub(2)),
        );
        scroll::bar(self.rows.len() * 3, first * 3, theme, edge, buf);
        if let Some(d) = &self.offer {
            render_offer(d, theme, area, buf);
        }
    }
}

/// "You have an unfinished reflection with these questions."
fn render_offer(d: &Summary, theme: Theme, area: Rect, buf: &mut Buffer) {
    let when = d
        .started_at()
        .map(|t| t.format("%-d %b %Y").to_string())
        .unwrap_or_default();
    let text = format!(
        "You started \u{201c}{}\u{201d} on {when} and answered {} so far. It is kept either way.",
        d.pack_title, d.answered
    );
    // The box is 56 wide at most: border and padding take 4.
    let width = usize::from(area.width.min(56).saturating_sub(4));
    let mut lines: Vec<Line> = wrap(&text, width).into_iter().map(Line::raw).collect();
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("c", theme.key()),
        Span::raw(" continue it   "),
        Span::styled("n", theme.key()),
        Span::raw(" start a new one"),
    ]));
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let rect = popup::centered(area, 56, h);
    let inside = popup::frame("Continue where you left off?", theme, rect, buf);
    Paragraph::new(lines).render(inside, buf);
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::journal::Reflection;

    #[test]
    fn starting_a_pack_with_a_draft_offers_to_continue_it() {
        let pack = Pack::parse("t.json", super::super::question::tests::PACK).unwrap();
        let draft = Summary::from(&Reflection::new("20250101-000000-aaaa".into(), &pack));
        let rows = vec![PackRow {
            pack: pack.clone(),
            imported: false,
        }];
        let mut p = Packs::new(rows, 0);
        assert_eq!(p.update(Action::Choose), Effect::StartPack(pack.id.clone()));
        p.drafts = vec![draft];
        assert_eq!(p.update(Action::Choose), Effect::None);
        assert_eq!(p.context(), Context::PacksDraft);
        assert_eq!(
            p.update(Action::ContinueDraft),
            Effect::Continue("20250101-000000-aaaa".into())
        );
        assert_eq!(
            p.update(Action::StartAfresh),
            Effect::StartPack(pack.id.clone())
        );
        p.update(Action::Cancel);
        assert_eq!(p.context(), Context::Packs);
    }
}
