//! Every style in one place. The terminal's own foreground and background are
//! kept (readable on light and dark themes); colour is only an accent, and with
//! `NO_COLOR` set there is none at all: bold, reverse and underline carry it.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to something non-empty (no-color.org).
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    pub fn plain() -> Theme {
        Theme { color: false }
    }

    fn accent_color(self, s: Style) -> Style {
        // Magenta reads well on both light and dark palettes.
        if self.color { s.fg(Color::Magenta) } else { s }
    }

    /// Screen titles.
    pub fn title(self) -> Style {
        self.accent_color(Style::new().add_modifier(Modifier::BOLD))
    }
    /// The question itself.
    pub fn prompt(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    /// Hints and secondary text.
    pub fn hint(self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC)
    }
    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }
    /// The highlighted row of a list.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// Key names in the footer and help.
    pub fn key(self) -> Style {
        self.accent_color(Style::new().add_modifier(Modifier::BOLD))
    }
    /// Borders of boxes.
    pub fn border(self) -> Style {
        if self.color {
            Style::new().fg(Color::Magenta)
        } else {
            Style::new()
        }
    }
    /// A chosen answer marker.
    pub fn chosen(self) -> Style {
        self.accent_color(Style::new().add_modifier(Modifier::BOLD))
    }
    /// Calm notices (a save that must be retried).
    pub fn notice(self) -> Style {
        self.accent_color(Style::new().add_modifier(Modifier::BOLD))
    }
    /// The editor's own cursor.
    pub fn cursor(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// Whether colours are used at all.
    pub fn has_color(self) -> bool {
        self.color
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_colour_no_style_sets_a_colour() {
        let t = Theme::plain();
        for s in [
            t.title(),
            t.prompt(),
            t.hint(),
            t.dim(),
            t.selected(),
            t.key(),
            t.border(),
            t.chosen(),
            t.notice(),
            t.cursor(),
        ] {
            assert_eq!((s.fg, s.bg), (None, None), "{s:?}");
        }
        // With colour, only foreground accents: the terminal's background is kept.
        let c = Theme { color: true };
        assert!(c.title().fg.is_some() && c.title().bg.is_none() && c.selected().bg.is_none());
    }
}
