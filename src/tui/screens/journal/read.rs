//! Reading one reflection. It is wrapped once for the width it is drawn at
//! and only the lines in view are drawn, so a 10 MB answer scrolls as
//! quickly as a short one.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{Journal, Wrapped, answers, date};
use crate::journal::Reflection;
use crate::tui::theme::Theme;
use crate::tui::widgets::scroll;
use crate::tui::widgets::text::{truncate, wrap};

/// Every line of the reflection's answers at `width` columns.
fn wrapped(r: &Reflection, width: usize, theme: Theme) -> Wrapped {
    let mut lines = Vec::new();
    let mut starts = Vec::new();
    let answered: Vec<_> = r.answered().collect();
    if answered.is_empty() {
        lines.push(Line::styled("No answers yet.", theme.hint()));
    }
    for e in answered {
        starts.push((lines.len(), e.question.clone()));
        for l in wrap(&e.prompt, width) {
            lines.push(Line::styled(l, theme.prompt()));
        }
        for l in wrap(&e.answer, width.saturating_sub(2)) {
            lines.push(Line::raw(format!("  {l}")));
        }
        lines.push(Line::raw(""));
    }
    Wrapped {
        width,
        lines,
        starts,
    }
}

/// The question the person is looking at: the first whose start is in the
/// reader's view, else the one the view is inside (the first answer before
/// the reflection has been drawn).
pub(super) fn question_in_view(
    reader: &scroll::Reader,
    wrapped: &std::cell::RefCell<Option<Wrapped>>,
    r: &Reflection,
) -> Option<String> {
    let top = reader.offset();
    let end = top + reader.view().max(1);
    let cache = wrapped.borrow();
    match cache.as_ref() {
        Some(w) => w
            .starts
            .iter()
            .find(|(line, _)| (top..end).contains(line))
            .or_else(|| w.starts.iter().rev().find(|(line, _)| *line <= top))
            .or(w.starts.first())
            .map(|(_, q)| q.clone()),
        None => r.answered().next().map(|e| e.question.clone()),
    }
}

impl Journal {
    pub(super) fn render_read(&self, r: &Reflection, theme: Theme, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width);
        let head = vec![
            Line::styled(truncate(&r.pack.title, width), theme.title()),
            Line::styled(
                if r.finished.is_some() {
                    format!("{} · finished", date(&r.started))
                } else {
                    format!("{} · a draft: press c to continue it", date(&r.started))
                },
                theme.dim(),
            ),
            Line::styled(
                truncate(
                    &format!("{} · reflection {}", answers(r.answered().count()), r.id),
                    width,
                ),
                theme.dim(),
            ),
        ];
        let head_h = u16::try_from(head.len()).unwrap_or(2) + 1;
        Paragraph::new(head).render(
            Rect {
                height: head_h.min(area.height),
                ..area
            },
            buf,
        );
        let body = Rect {
            y: area.y + head_h,
            height: area.height.saturating_sub(head_h),
            ..area
        };
        // The last columns are kept for the scrollbar.
        let text_w = width.saturating_sub(2).max(1);
        let mut cache = self.wrapped.borrow_mut();
        if cache.as_ref().is_none_or(|w| w.width != text_w) {
            *cache = Some(wrapped(r, text_w, theme));
        }
        let Some(Wrapped { lines, .. }) = cache.as_ref() else {
            return;
        };
        let view = usize::from(body.height);
        let top = self.reader.fit(lines.len(), view);
        let shown: Vec<Line> = lines.iter().skip(top).take(view).cloned().collect();
        Paragraph::new(shown).render(body, buf);
        let edge = Rect {
            x: body.right().saturating_sub(1),
            width: 1,
            ..body
        };
        scroll::bar(lines.len(), top, theme, edge, buf);
        if lines.len() > view {
            let at = scroll::position(top, view, lines.len());
            let w = u16::try_from(at.chars().count() + 1)
                .unwrap_or(0)
                .min(area.width);
            Line::from(Span::styled(at, theme.dim())).render(
                Rect {
                    x: area.right().saturating_sub(w),
                    y: area.y,
                    width: w,
                    height: 1,
                },
                buf,
            );
        }
    }
}
