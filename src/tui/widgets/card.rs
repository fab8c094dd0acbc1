//! A card read in a popup: body, something to try, when to reach out.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::popup;
use super::scroll::{self, Reader};
use super::text::wrap;
use crate::content::cards::Card;
use crate::tui::theme::Theme;

/// The card's lines at `width` columns.
fn lines(card: &Card, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = wrap(&card.body, width).into_iter().map(Line::raw).collect();
    if let Some(t) = &card.try_this {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Something to try", theme.prompt()));
        lines.extend(wrap(t, width).into_iter().map(Line::raw));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("When to reach out", theme.prompt()));
    lines.extend(wrap(&card.reach_out, width).into_iter().map(Line::raw));
    if card.pack.is_some() {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("p", theme.key()),
            Span::styled(" reflect further with related questions", theme.hint()),
        ]));
    }
    lines
}

/// Draw `card` in a popup over `area`, scrolled by `scroll`, with a
/// scrollbar on its border when it is longer than the popup.
pub fn render(card: &Card, scroll: &Reader, theme: Theme, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width.min(72).saturating_sub(4));
    let lines = lines(card, width, theme);
    let wanted = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let rect = popup::centered(area, 72, wanted.min(area.height.saturating_sub(2)));
    let inner = popup::frame(&card.title, theme, rect, buf);
    let len = lines.len();
    let top = scroll.fit(len, usize::from(inner.height));
    Paragraph::new(lines)
        .scroll((u16::try_from(top).unwrap_or(u16::MAX), 0))
        .render(inner, buf);
    let edge = Rect {
        x: rect.right().saturating_sub(1),
        width: 1,
        ..inner
    };
    scroll::bar(len, top, theme, edge, buf);
}
