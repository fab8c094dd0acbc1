//! A one-line text field (the export's file name, a name or initials):
//! editing at a cursor counted in characters, and drawing a window of it
//! around the cursor.

use ratatui::crossterm::event::KeyCode;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

use crate::tui::action::Action;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Field {
    pub text: String,
    /// The cursor, in characters.
    pub cursor: usize,
}

impl Field {
    pub fn new(text: String) -> Field {
        Field {
            cursor: text.chars().count(),
            text,
        }
    }

    /// Put the text in, with the cursor at its end.
    pub fn set(&mut self, text: String) {
        *self = Field::new(text);
    }

    pub fn to_end(&mut self) {
        self.cursor = self.text.chars().count();
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Apply an editing action; true if the text changed.
    pub fn edit(&mut self, action: Action) -> bool {
        let len = self.text.chars().count();
        match action {
            Action::Type(c) => {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
                true
            }
            Action::Erase if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                true
            }
            Action::ClearField => {
                self.text.clear();
                self.cursor = 0;
                true
            }
            Action::Edit(k) => match k.code {
                KeyCode::Left => {
                    self.cursor = self.cursor.saturating_sub(1);
                    false
                }
                KeyCode::Right => {
                    self.cursor = (self.cursor + 1).min(len);
                    false
                }
                KeyCode::Home => {
                    self.cursor = 0;
                    false
                }
                KeyCode::End => {
                    self.cursor = len;
                    false
                }
                KeyCode::Delete if self.cursor < len => {
                    let at = self.byte_at(self.cursor);
                    self.text.remove(at);
                    true
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// The field while typing: a window of `room` columns around the cursor.
    pub fn spans(&self, room: usize, theme: Theme) -> Vec<Span<'static>> {
        let chars: Vec<char> = self.text.chars().collect();
        let cursor = self.cursor.min(chars.len());
        // Start far enough right that the cursor (and one cell for it) fits.
        let mut start = 0;
        let cw = |cs: &[char]| cs.iter().collect::<String>().width();
        while start < cursor && cw(&chars[start..cursor]) + 1 > room {
            start += 1;
        }
        let before: String = chars[start..cursor].iter().collect();
        let at: String = chars.get(cursor).map_or(" ".into(), |c| c.to_string());
        let mut after = String::new();
        let mut used = before.width() + at.width();
        for c in chars.iter().skip(cursor + 1) {
            let w = c.to_string().width();
            if used + w > room {
                break;
            }
            used += w;
            after.push(*c);
        }
        vec![
            Span::raw(before),
            Span::styled(at, theme.cursor()),
            Span::raw(after),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

    #[test]
    fn edits_at_the_cursor_in_characters() {
        let mut f = Field::new("notes.md".into());
        for _ in 0..3 {
            f.edit(Action::Edit(KeyEvent::new(
                KeyCode::Left,
                KeyModifiers::NONE,
            )));
        }
        assert!(f.edit(Action::Type('é')));
        assert_eq!(f.text, "notesé.md");
        assert!(f.edit(Action::Erase));
        assert!(f.edit(Action::Erase));
        assert_eq!(f.text, "note.md");
        assert!(f.edit(Action::ClearField));
        assert!(!f.edit(Action::Erase));
        assert_eq!(f.cursor, 0);
    }
}
