//! The Journal's list: newest first, a search box, how many matched, and a
//! line of the answer under each reflection found inside its answers.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{Journal, View, answers, date, thousands};
use crate::journal::Summary;
use crate::tui::theme::Theme;
use crate::tui::widgets::scroll;
use crate::tui::widgets::text::{pad, truncate};

impl Journal {
    pub(super) fn render_list(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width);
        let mut title = vec![Span::styled("Journal", theme.title())];
        if !self.shown.is_empty() {
            title.push(Span::styled(
                format!("  {} of {}", self.list.selected + 1, self.shown.len()),
                theme.dim(),
            ));
        }
        let mut lines = vec![Line::from(title)];
        if self.view == View::Search || !self.query.is_empty() {
            let cursor = if self.view == View::Search { "▏" } else { "" };
            lines.push(Line::from(vec![
                Span::styled("Search: ", theme.dim()),
                Span::raw(truncate(&self.query, width.saturating_sub(10))),
                Span::raw(cursor),
            ]));
            let under = if self.search_running() {
                format!(
                    "Looking inside your answers: {} so far…",
                    thousands(self.hit_rows)
                )
            } else {
                match self.match_count() {
                    Some(1) => "1 reflection matches.".into(),
                    Some(n) if n > 0 => format!("{} reflections match.", thousands(n)),
                    Some(_) => String::new(),
                    None if self.view == View::Search => {
                        "Titles and answers are searched as you type.".into()
                    }
                    None => String::new(),
                }
            };
            if !under.is_empty() {
                lines.push(Line::styled(truncate(&under, width), theme.hint()));
            }
        } else if !self.ticked.is_empty() {
            let n = self.ticked.len();
            lines.push(Line::styled(
                truncate(
                    &format!(
                        "{n} ticked. e exports {} together; Space unticks.",
                        if n == 1 { "it" } else { "them" }
                    ),
                    width,
                ),
                theme.hint(),
            ));
        } else {
            lines.push(Line::styled(
                truncate(
                    "Your reflections, newest first. Only you can see them.",
                    width,
                ),
                theme.hint(),
            ));
        }
        lines.push(Line::raw(""));
        if self.summaries.is_empty() {
            lines.push(Line::raw(
                "Nothing here yet. Reflections you start will appear here.",
            ));
        } else if self.shown.is_empty() {
            lines.push(Line::raw(if self.search_running() {
                "Looking…"
            } else if self.searched() {
                "Nothing matches that search."
            } else {
                "No titles match."
            }));
        }
        // A reflection found inside its answers takes two lines: its row and
        // the words around the match.
        let per_row = if self.searched() && !self.snippets.is_empty() {
            2
        } else {
            1
        };
        let problem_line = usize::from(self.problems > 0);
        let list_top = lines.len();
        let room = usize::from(area.height).saturating_sub(list_top + problem_line);
        let view = (room / per_row).max(1);
        let first = self.list.fit(self.shown.len(), view);
        // Rows leave the last column to the scrollbar.
        let row_w = width.saturating_sub(1);
        // Once something is ticked, every row shows whether it is.
        let marks = !self.ticked.is_empty();
        let mark_w = if marks { 4 } else { 0 };
        let title_w = row_w
            .saturating_sub(2 + mark_w + 18 + 2 + 2 + 10 + 2 + 5)
            .max(8);
        for (row, &i) in self.shown.iter().enumerate().skip(first).take(view) {
            let Some(s) = self.summaries.get(i) else {
                continue;
            };
            let when = s.started_at().map(|d| date(&d)).unwrap_or_default();
            let state = if s.finished.is_some() { "" } else { "draft" };
            let here = row == self.list.selected && self.view == View::List;
            let mark = match (marks, self.ticked.contains(&s.id)) {
                (false, _) => "",
                (true, true) => "[x] ",
                (true, false) => "[ ] ",
            };
            let text = pad(
                &format!(
                    "{} {mark}{}  {}  {}  {}",
                    if here { "›" } else { " " },
                    pad(&when, 18),
                    pad(&truncate(&row_title(s), title_w), title_w),
                    pad(&answers(s.answered), 10),
                    state
                ),
                row_w,
            );
            lines.push(if here {
                Line::styled(text, theme.selected())
            } else {
                Line::raw(text)
            });
            if per_row == 2 {
                let snip = self.snippets.get(&s.id).map_or("", String::as_str);
                lines.push(Line::styled(
                    format!("    {}", truncate(snip, row_w.saturating_sub(5))),
                    theme.hint(),
                ));
            }
        }
        if self.problems > 0 {
            lines.push(Line::styled(
                format!(
                    "{} file{} could not be read and {} left untouched.",
                    self.problems,
                    if self.problems == 1 { "" } else { "s" },
                    if self.problems == 1 { "was" } else { "were" }
                ),
                theme.dim(),
            ));
        }
        Paragraph::new(lines).render(area, buf);
        let top = area.y + u16::try_from(list_top).unwrap_or(0);
        let edge = Rect {
            x: area.right().saturating_sub(1),
            y: top,
            width: 1,
            height: u16::try_from(view * per_row)
                .unwrap_or(0)
                .min(area.bottom().saturating_sub(top)),
        };
        scroll::bar(
            self.shown.len() * per_row,
            first * per_row,
            theme,
            edge,
            buf,
        );
    }
}

/// A row's title: the pack's, and for an imported reflection where it came from.
fn row_title(s: &Summary) -> String {
    match &s.source {
        Some(src) => format!("{} · from {src}", s.pack_title),
        None => s.pack_title.clone(),
    }
}
