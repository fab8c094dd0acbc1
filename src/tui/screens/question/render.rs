//! Drawing a question: the header, the prompt and hint, and the answer
//! (the editor, or the choices with their keys in one column).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::QuestionScreen;
use crate::content::{Kind, Question};
use crate::tui::widgets::scroll;
use crate::tui::widgets::text::{pad, truncate, wrap};

impl QuestionScreen {
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let Some(q) = self.question() else { return };
        let (index, total) = self.progress();
        let width = usize::from(area.width.saturating_sub(4));
        let x = area.x + 2;
        let mut y = area.y;
        let bottom = area.y + area.height;

        // Header: the pack, and where we are in it.
        let progress = format!("{} of {}", index + 1, total);
        let title = truncate(&self.pack.title, width.saturating_sub(progress.len() + 2));
        Line::from(vec![
            Span::styled(
                pad(&title, width.saturating_sub(progress.len())),
                theme.title(),
            ),
            Span::styled(progress, theme.dim()),
        ])
        .render(Rect::new(x, y, area.width.saturating_sub(4), 1), buf);
        y += 2;

        let mut lines = Vec::new();
        if let Some(parent) = self.parent_id().and_then(|p| self.pack.question(&p)) {
            lines.push(Line::styled(
                truncate(&format!("↳ Following on from: {}", parent.prompt), width),
                theme.dim(),
            ));
        }
        for l in wrap(&q.prompt, width) {
            lines.push(Line::styled(l, theme.prompt()));
        }
        if let Some(h) = &q.hint {
            for l in wrap(h, width) {
                lines.push(Line::styled(l, theme.hint()));
            }
        }
        let text_h = u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .min(bottom.saturating_sub(y + 3));
        Paragraph::new(lines).render(Rect::new(x, y, area.width.saturating_sub(4), text_h), buf);
        y += text_h + 1;
        if y >= bottom {
            return;
        }
        let answer_area = Rect::new(x, y, area.width.saturating_sub(4), bottom - y);
        if q.kind == Kind::Text {
            (&self.editor).render(answer_area, buf);
        } else {
            self.render_choices(q, answer_area, buf);
        }
    }

    fn render_choices(&self, q: &Question, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let chosen = self.reflection.value_of(&q.id);
        let width = usize::from(area.width).min(64);
        // "› ( ) " before the label, the key after it; a long label wraps
        // under itself, so the keys stay in one column.
        let values = q.values();
        let longest = values
            .iter()
            .map(|v| unicode_width::UnicodeWidthStr::width(v.label.as_str()))
            .max()
            .unwrap_or(0);
        let label_w = longest.max(24).min(width.saturating_sub(6 + 3)).max(8);
        let mut rows: Vec<Vec<Line>> = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let is_chosen = chosen == Some(v.value.as_str());
            let mark = if is_chosen { "(•)" } else { "( )" };
            let pointer = if i == self.cursor { "›" } else { " " };
            let style = if i == self.cursor {
                theme.selected()
            } else if is_chosen {
                theme.chosen()
            } else {
                Style::new()
            };
            // Only keys that can be typed are shown (options past the ninth have none).
            let key = if v.key.chars().count() == 1 {
                v.key.as_str()
            } else {
                ""
            };
            let mut lines = Vec::new();
            for (n, l) in wrap(&v.label, label_w).into_iter().enumerate() {
                let lead = if n == 0 {
                    format!("{pointer} {mark} ")
                } else {
                    "      ".into()
                };
                let text = pad(&format!("{lead}{l}"), 6 + label_w);
                let key = if n == 0 {
                    format!("  {key}")
                } else {
                    String::new()
                };
                lines.push(Line::from(vec![
                    Span::styled(text, style),
                    Span::styled(key, theme.dim()),
                ]));
            }
            rows.push(lines);
        }
        let mut tail = Vec::new();
        if q.follow_up_for(chosen).is_some() {
            tail.push(Line::raw(""));
            tail.push(Line::styled(
                "↳ One more question about this comes next.",
                theme.hint(),
            ));
        }
        // Keep the highlighted answer in view when the answers are longer than the room.
        let height = usize::from(area.height);
        let total: usize = rows.iter().map(Vec::len).sum::<usize>() + tail.len();
        let mut first = 0;
        if total > height {
            let upto: usize = rows.iter().take(self.cursor + 1).map(Vec::len).sum();
            while first < self.cursor
                && upto - rows.iter().take(first).map(Vec::len).sum::<usize>() > height
            {
                first += 1;
            }
        }
        let len: usize = rows.iter().map(Vec::len).sum();
        let skipped: usize = rows.iter().take(first).map(Vec::len).sum();
        let mut lines: Vec<Line> = rows.into_iter().skip(first).flatten().collect();
        lines.extend(tail);
        Paragraph::new(lines).render(area, buf);
        let edge = Rect {
            x: area.right().saturating_sub(1),
            width: 1,
            ..area
        };
        scroll::bar(len, skipped, theme, edge, buf);
    }
}
