//! Pick a pack: built-in sets first ("Ask yourself" leads), then imported ones.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::Effect;
use crate::content::Pack;
use crate::tui::action::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{pad, truncate};

#[derive(Debug, Clone, PartialEq)]
pub struct PackRow {
    pub pack: Pack,
    /// Imported from a file rather than built in.
    pub imported: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Packs {
    pub rows: Vec<PackRow>,
    pub selected: usize,
    /// Imported pack files that could not be read (left untouched).
    pub problems: usize,
}

impl Packs {
    pub fn new(rows: Vec<PackRow>, problems: usize) -> Packs {
        Packs {
            rows,
            selected: 0,
            problems,
        }
    }

    pub fn update(&mut self, action: Action) -> Effect {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => {
                self.selected = (self.selected + 1).min(self.rows.len().saturating_sub(1))
            }
            Action::Choose => {
                if let Some(r) = self.rows.get(self.selected) {
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
        let first = self.selected.saturating_sub(per_page - 1);
        for (i, row) in self.rows.iter().enumerate().skip(first).take(per_page) {
            let n = row.pack.questions.len();
            let mut meta = format!("{n} question{}", if n == 1 { "" } else { "s" });
            if row.imported {
                meta.push_str(" · from a file");
            }
            let title = truncate(&row.pack.title, width.saturating_sub(meta.len() + 6));
            let marker = if i == self.selected { "›" } else { " " };
            let head = pad(
                &format!("{marker} {title}"),
                width.saturating_sub(meta.len() + 2),
            );
            let head_line = if i == self.selected {
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
    }
}
