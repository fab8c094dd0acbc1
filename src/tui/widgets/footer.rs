//! The key hints at the bottom of every screen, from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;

/// Draw as many of the context's key hints as fit in one line.
pub fn render(
    ctx: Context,
    offered: impl Fn(&Action) -> bool,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let (screen, global) = keymap::footer(ctx, offered);
    let cost = |(keys, label): &(&str, &str)| 2 + keys.width() + 1 + label.width();
    // Quit and help always show; the screen's own keys fill the rest, most important first.
    let mut room = usize::from(area.width).saturating_sub(global.iter().map(cost).sum::<usize>());
    let mut shown: Vec<(&str, &str)> = Vec::new();
    for item in screen {
        if cost(&item) > room {
            break;
        }
        room -= cost(&item);
        shown.push(item);
    }
    shown.extend(global);
    let mut spans = Vec::new();
    for (i, (keys, label)) in shown.into_iter().enumerate() {
        spans.push(Span::raw(if i == 0 { " " } else { "  " }));
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::styled(format!(" {label}"), theme.dim()));
    }
    Line::from(spans).render(area, buf);
}
