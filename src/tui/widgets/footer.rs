//! The key hints at the bottom of every screen, from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::tui::action::Action;
use crate::tui::keymap::{self, Context, FooterItem, KeyHelp};
use crate::tui::theme::Theme;

/// The entries that fit in `width` with `gap` spaces between them: quit,
/// help and the way out always; the screen's other keys, most important
/// first, while they fit.
fn fit(screen: &[FooterItem], global: &[KeyHelp], width: usize, gap: usize) -> Vec<KeyHelp> {
    let cost = |(keys, label): &KeyHelp| gap + keys.width() + 1 + label.width();
    let kept: usize = global.iter().map(cost).sum::<usize>()
        + screen
            .iter()
            .filter(|(_, out)| *out)
            .map(|(k, _)| cost(k))
            .sum::<usize>();
    let mut room = width.saturating_sub(kept);
    let mut shown = Vec::new();
    let mut full = false;
    for (item, out) in screen {
        if *out {
            shown.push(*item);
        } else if !full && cost(item) <= room {
            room -= cost(item);
            shown.push(*item);
        } else {
            full = true;
        }
    }
    shown.extend(global.iter().copied());
    shown
}

/// Draw as many of the context's key hints as fit in one line.
pub fn render(
    ctx: Context,
    offered: impl Fn(&Action) -> bool,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let (screen, global) = keymap::footer(ctx, offered);
    let shown = fit(&screen, &global, usize::from(area.width), 2);
    let mut spans = Vec::new();
    for (i, (keys, label)) in shown.into_iter().enumerate() {
        spans.push(Span::raw(if i == 0 { " " } else { "  " }));
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::styled(format!(" {label}"), theme.dim()));
    }
    Line::from(spans).render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_out_is_kept_however_narrow() {
        let screen = [
            (("Enter", "write"), false),
            (("f", "format"), false),
            (("Esc", "back"), true),
        ];
        let global = [("Ctrl-Q", "quit")];
        let shown = fit(&screen, &global, 24, 2);
        assert_eq!(shown, [("Esc", "back"), ("Ctrl-Q", "quit")]);
        let shown = fit(&screen, &global, 36, 2);
        assert_eq!(
            shown,
            [("Enter", "write"), ("Esc", "back"), ("Ctrl-Q", "quit")]
        );
    }
}
