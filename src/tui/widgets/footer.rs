//! The key hints at the bottom of every screen, from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;

/// Draw as many of the context's key hints as fit in one line.
pub fn render(ctx: Context, theme: Theme, area: Rect, buf: &mut Buffer) {
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (keys, label) in keymap::footer(ctx) {
        let sep = if used > 1 { "  " } else { "" };
        let w = sep.width() + keys.width() + 1 + label.width();
        if used + w > usize::from(area.width) {
            break;
        }
        spans.push(Span::raw(sep));
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::styled(format!(" {label}"), theme.dim()));
        used += w;
    }
    Line::from(spans).render(area, buf);
}
