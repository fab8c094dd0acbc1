//! Drawing Over time: the picker, or the chosen question's answers (a
//! summary above, then every answer newest first under the wording it was
//! given to), or the reflection being read.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{OverTime, day, said, summary};
use crate::content::Kind;
use crate::journal::history::{Answer, History};
use crate::tui::theme::Theme;
use crate::tui::widgets::scroll;
use crate::tui::widgets::text::{pad, truncate};

/// One row of the list of answers: a wording heading, or an answer (by index).
enum Row<'a> {
    Asked(&'a str),
    Answer(usize, &'a Answer),
}

/// Every answer, newest first; when the question was worded differently
/// over time, each run of answers under the wording it was given to.
fn rows(h: &History) -> Vec<Row<'_>> {
    let headed = h.wordings().len() > 1;
    let mut out = Vec::new();
    let mut last: Option<&str> = None;
    for (i, a) in h.answers.iter().enumerate() {
        if headed && last != Some(a.prompt.as_str()) {
            out.push(Row::Asked(&a.prompt));
        }
        last = Some(&a.prompt);
        out.push(Row::Answer(i, a));
    }
    out
}

/// What an answer says, on one line of `width`.
fn answer_text(a: &Answer, width: usize) -> String {
    match a.kind {
        Kind::Text => crate::journal::search::excerpt(&a.answer, 0..0, width),
        _ => said(
            a.kind,
            a.value.as_deref(),
            a.scale.as_ref().map(|s| s.max),
            &a.answer,
        ),
    }
}

impl OverTime {
    pub fn render(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let inner = Rect {
            x: area.x + 2,
            y: area.y + 1,
            width: area.width.saturating_sub(4),
            height: area.height.saturating_sub(1),
        };
        if let Some(j) = &self.reading {
            return j.render(theme, area, buf);
        }
        match &self.history {
            Some(h) => self.render_history(h, theme, inner, buf),
            None => self.render_pick(theme, inner, buf),
        }
    }

    fn render_pick(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width);
        let mut head = vec![Line::styled("Over time", theme.title())];
        if self.rows.is_empty() {
            head.push(Line::raw(""));
            for l in crate::tui::widgets::text::wrap(
                "Nothing to look back on yet: a question shows up here once you have answered it in two reflections.",
                width,
            ) {
                head.push(Line::styled(l, theme.hint()));
            }
            Paragraph::new(head).render(area, buf);
            return;
        }
        head.push(Line::styled(
            truncate("Questions you have answered more than once", width),
            theme.dim(),
        ));
        head.push(Line::raw(""));
        Paragraph::new(head).render(area, buf);
        // The list, then the highlighted question's pack under it.
        let list_area = Rect {
            y: area.y + 3,
            height: area.height.saturating_sub(5),
            ..area
        };
        let view = usize::from(list_area.height);
        let top = self.pick.fit(self.rows.len(), view);
        let text_w = width.saturating_sub(2);
        let lines: Vec<Line> = self
            .rows
            .iter()
            .enumerate()
            .skip(top)
            .take(view)
            .map(|(i, r)| {
                let text = pad(
                    &truncate(&format!("{:>3}×  {}", r.answers, r.prompt), text_w),
                    text_w,
                );
                if i == self.pick.selected {
                    Line::styled(format!("› {text}"), theme.selected())
                } else {
                    Line::raw(format!("  {text}"))
                }
            })
            .collect();
        Paragraph::new(lines).render(list_area, buf);
        scroll::bar(self.rows.len(), top, theme, list_area, buf);
        if let Some(r) = self.rows.get(self.pick.selected) {
            let shown = u16::try_from(self.rows.len().min(view)).unwrap_or(list_area.height);
            let from = Rect {
                y: list_area.y + shown + 1,
                height: 1,
                ..area
            };
            Line::styled(
                truncate(&format!("From {}", r.pack_title), width),
                theme.dim(),
            )
            .render(from, buf);
        }
    }

    fn render_history(&self, h: &History, theme: Theme, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width);
        let (Some(newest), Some(oldest)) = (h.answers.first(), h.answers.last()) else {
            Paragraph::new(vec![
                Line::styled("Over time", theme.title()),
                Line::styled("No answers to this question could be read.", theme.hint()),
            ])
            .render(area, buf);
            return;
        };
        let n = h.answers.len();
        let head = vec![
            Line::styled(truncate(&newest.prompt, width), theme.title()),
            Line::styled(
                truncate(
                    &format!(
                        "{} · {n} answers, {} to {}",
                        newest.pack_title,
                        day(&oldest.started),
                        day(&newest.started)
                    ),
                    width,
                ),
                theme.dim(),
            ),
        ];
        Paragraph::new(head).render(area, buf);
        let room = area.height.saturating_sub(3);
        let sum_h = summary::height(h, room);
        summary::render(
            h,
            theme,
            Rect {
                y: area.y + 3,
                height: sum_h,
                ..area
            },
            buf,
        );
        let gap = u16::from(sum_h > 0);
        let list_area = Rect {
            y: area.y + 3 + sum_h + gap,
            height: room.saturating_sub(sum_h + gap),
            ..area
        };
        self.render_answers(h, theme, list_area, buf);
    }

    fn render_answers(&self, h: &History, theme: Theme, area: Rect, buf: &mut Buffer) {
        let rows = rows(h);
        let at = |want: usize| {
            rows.iter()
                .position(|r| matches!(r, Row::Answer(i, _) if *i == want))
                .unwrap_or(0)
        };
        let sel_row = at(self.answers.selected);
        // A heading right above the selection comes into view with it.
        let heading = match sel_row.checked_sub(1).and_then(|i| rows.get(i)) {
            Some(Row::Asked(_)) => sel_row - 1,
            _ => sel_row,
        };
        let view = usize::from(area.height);
        let top = self.answers.fit_row(rows.len(), view, sel_row, heading);
        let width = usize::from(area.width).saturating_sub(2);
        let date_w = 13;
        let lines: Vec<Line> = rows
            .iter()
            .skip(top)
            .take(view)
            .map(|r| match r {
                Row::Asked(p) => {
                    Line::styled(truncate(&format!("Asked as “{p}”"), width), theme.dim())
                }
                Row::Answer(i, a) => {
                    let text = answer_text(a, width.saturating_sub(date_w + 2));
                    let body = pad(
                        &truncate(&format!("{:<date_w$}{text}", day(&a.started)), width),
                        width,
                    );
                    if *i == self.answers.selected {
                        Line::styled(format!("› {body}"), theme.selected())
                    } else {
                        Line::from(vec![Span::raw("  "), Span::raw(body)])
                    }
                }
            })
            .collect();
        Paragraph::new(lines).render(area, buf);
        scroll::bar(rows.len(), top, theme, area, buf);
    }
}
