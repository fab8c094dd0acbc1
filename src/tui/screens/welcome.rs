//! The first-run welcome: what this is, where it keeps things, what it is not.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::Effect;
use crate::tui::action::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::wrap;

/// Help is one key away from the very first screen.
const HELP_NOW_LINE: &str = "Need help now? Press h at any time (F2 while typing).";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Welcome {
    /// Where the journal lives, as the person should read it.
    pub data_path: String,
}

impl Welcome {
    pub fn update(&mut self, action: Action) -> Effect {
        match action {
            Action::Choose => Effect::Home,
            Action::LockJournal => Effect::LockJournal,
            _ => Effect::None,
        }
    }

    pub fn render(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width.saturating_sub(4)).min(72);
        let mut lines = vec![Line::styled("Welcome", theme.title()), Line::raw("")];
        let paras: [(&str, bool); 4] = [
            (
                "reflect asks you gentle questions about sex, your body and your relationships, one at a time. Your answers stay in a private journal on this computer; nothing is sent anywhere. It is kept in:",
                false,
            ),
            (&self.data_path, true),
            (
                "Skip any question with Tab. This is a space to think, not a substitute for a doctor or therapist.",
                false,
            ),
            (HELP_NOW_LINE, false),
        ];
        for (text, is_path) in paras {
            let (indent, style) = if is_path {
                ("  ", theme.prompt())
            } else {
                ("", ratatui::style::Style::new())
            };
            for l in wrap(text, width.saturating_sub(indent.len())) {
                lines.push(Line::styled(format!("{indent}{l}"), style));
            }
            lines.push(Line::raw(""));
        }
        for l in wrap(
            "Press Enter to begin, or p to lock your journal with a passphrase first.",
            width,
        ) {
            lines.push(Line::styled(l, theme.hint()));
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
