//! The passphrase screen: unlock an encrypted journal at start, or choose a
//! passphrase (typed twice) from the welcome screen. What is typed shows as
//! one dot per character and is wiped from memory as soon as it is used.
//!
//! Like every screen it never touches the disk: `update()` says what the
//! person asked for and the app does it (unlocking costs about a second, so
//! the app first draws "Unlocking…" and then does the work on the next tick).

use age::secrecy::SecretString;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use zeroize::Zeroizing;

use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::wrap;

/// Why the passphrase is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The journal is encrypted: unlock it to begin.
    Unlock,
    /// The person chose to lock their new journal (from the welcome screen).
    Choose,
}

/// What the person asked for, for the app to carry out.
#[derive(Debug)]
pub enum Outcome {
    None,
    /// Try this passphrase (the app draws "Unlocking…" first, then calls [`PassphraseScreen::take_ready`]).
    Submitted,
    /// Leave without choosing a passphrase (back to the welcome screen).
    Cancel,
}

/// A passphrase ready to use, and what for.
#[derive(Debug)]
pub struct Ready {
    pub purpose: Purpose,
    pub passphrase: SecretString,
}

pub struct PassphraseScreen {
    pub purpose: Purpose,
    typed: Zeroizing<String>,
    /// While choosing: the first of the two entries.
    first: Option<Zeroizing<String>>,
    /// A calm sentence about the last attempt.
    pub message: Option<String>,
    /// A passphrase waiting to be used, and whether "Unlocking…" was drawn yet.
    pending: Option<(SecretString, bool)>,
}

impl std::fmt::Debug for PassphraseScreen {
    /// Never what was typed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassphraseScreen")
            .field("purpose", &self.purpose)
            .field("typed_len", &self.typed_len())
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

/// A new passphrase shorter than this gets a warning (it is still accepted).
const SHORT: usize = 8;

const WRONG: &str = "That passphrase did not unlock your journal. Please try again.";

impl PassphraseScreen {
    pub fn new(purpose: Purpose) -> PassphraseScreen {
        PassphraseScreen {
            purpose,
            typed: Zeroizing::new(String::new()),
            first: None,
            message: None,
            pending: None,
        }
    }

    /// How many characters are typed (only a count is ever shown).
    pub fn typed_len(&self) -> usize {
        self.typed.chars().count()
    }

    /// Where keys go: Esc leaves only while choosing a passphrase.
    pub fn context(&self) -> Context {
        match self.purpose {
            Purpose::Unlock => Context::Passphrase,
            Purpose::Choose => Context::PassphraseChoose,
        }
    }

    pub fn is_working(&self) -> bool {
        self.pending.is_some()
    }

    pub fn update(&mut self, action: Action) -> Outcome {
        if self.pending.is_some() {
            return Outcome::None;
        }
        match action {
            Action::Type(c) => {
                self.typed.push(c);
                Outcome::None
            }
            Action::Erase => {
                self.typed.pop();
                Outcome::None
            }
            Action::Back if self.purpose == Purpose::Choose => Outcome::Cancel,
            Action::Choose => self.submit(),
            _ => Outcome::None,
        }
    }

    fn take_typed(&mut self) -> Zeroizing<String> {
        std::mem::replace(&mut self.typed, Zeroizing::new(String::new()))
    }

    fn submit(&mut self) -> Outcome {
        // A new passphrase of spaces alone protects nothing, like an empty one.
        let blank = match self.purpose {
            Purpose::Unlock => self.typed.is_empty(),
            Purpose::Choose => self.typed.trim().is_empty(),
        };
        if blank {
            self.message = Some(match self.purpose {
                Purpose::Unlock => "Type your passphrase, then press Enter.".into(),
                Purpose::Choose => {
                    "An empty passphrase would not protect anything; please type one.".into()
                }
            });
            return Outcome::None;
        }
        let typed = self.take_typed();
        if self.purpose == Purpose::Choose {
            match self.first.take() {
                None => {
                    // Warned, not refused: it is their journal.
                    self.message = (typed.chars().count() < SHORT).then(|| {
                        "That passphrase is very short and easy to guess; a few words together are stronger. To use it anyway, type it once more.".into()
                    });
                    self.first = Some(typed);
                    return Outcome::None;
                }
                Some(first) if *first != *typed => {
                    self.message = Some(
                        "Those two were not the same. Please type your new passphrase again."
                            .into(),
                    );
                    return Outcome::None;
                }
                Some(_) => {}
            }
        }
        self.message = None;
        self.pending = Some((SecretString::from(typed.as_str().to_string()), false));
        Outcome::Submitted
    }

    /// Called on every tick: the passphrase to use once "Unlocking…" has been
    /// on screen for a frame.
    pub fn take_ready(&mut self) -> Option<Ready> {
        match &mut self.pending {
            Some((_, drawn @ false)) => {
                *drawn = true;
                None
            }
            Some((_, true)) => self.pending.take().map(|(passphrase, _)| Ready {
                purpose: self.purpose,
                passphrase,
            }),
            None => None,
        }
    }

    /// The passphrase did not unlock the journal: say so, and let them retry.
    pub fn wrong(&mut self) {
        self.message = Some(WRONG.into());
    }

    /// Something else went wrong: say it, and let them retry.
    pub fn failed(&mut self, message: String) {
        self.first = None;
        self.message = Some(message);
    }

    pub fn render(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width.saturating_sub(4)).min(72);
        let (title, explain, label) = match (self.purpose, self.first.is_some()) {
            (Purpose::Unlock, _) => (
                "Your journal is locked",
                "Type your passphrase to open it. Each character shows as a dot, never as itself.",
                "Passphrase: ",
            ),
            (Purpose::Choose, false) => (
                "Lock your journal with a passphrase",
                "Everything you write will be encrypted on this computer, and reflect will ask for the passphrase each time it starts. Choose one you will remember: if it is forgotten, nobody can open the journal, not even reflect. Esc goes back without one.",
                "New passphrase: ",
            ),
            (Purpose::Choose, true) => (
                "Lock your journal with a passphrase",
                "Type the same passphrase once more, to be sure of it.",
                "Once more: ",
            ),
        };
        let mut lines = vec![Line::styled(title, theme.title()), Line::raw("")];
        for l in wrap(explain, width) {
            lines.push(Line::raw(l));
        }
        lines.push(Line::raw(""));
        let dots: String = "•".repeat(self.typed_len().min(width.saturating_sub(label.len())));
        lines.push(Line::from(vec![
            Span::styled(label, theme.prompt()),
            Span::raw(dots),
            Span::styled("▏", theme.hint()),
        ]));
        lines.push(Line::raw(""));
        if self.pending.is_some() {
            let working = match self.purpose {
                Purpose::Unlock => "Unlocking…",
                Purpose::Choose => "Locking your journal…",
            };
            lines.push(Line::styled(working, theme.hint()));
        } else if let Some(m) = &self.message {
            for l in wrap(m, width) {
                lines.push(Line::styled(l, theme.notice()));
            }
        } else {
            lines.push(Line::styled("Press Enter when you are done.", theme.hint()));
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use age::secrecy::ExposeSecret;

    fn typed(s: &mut PassphraseScreen, text: &str) {
        for c in text.chars() {
            s.update(Action::Type(c));
        }
    }

    #[test]
    fn unlocking_hands_over_the_passphrase_after_one_drawn_frame() {
        let mut s = PassphraseScreen::new(Purpose::Unlock);
        assert!(matches!(s.update(Action::Choose), Outcome::None));
        assert!(s.message.is_some());
        typed(&mut s, "abc");
        s.update(Action::Erase);
        typed(&mut s, "d");
        assert_eq!(s.typed_len(), 3);
        assert!(matches!(s.update(Action::Choose), Outcome::Submitted));
        assert!(s.take_ready().is_none());
        let ready = s.take_ready().unwrap();
        assert_eq!(ready.passphrase.expose_secret(), "abd");
        assert_eq!(s.typed_len(), 0);
        assert!(matches!(s.update(Action::Back), Outcome::None));
    }

    #[test]
    fn a_new_passphrase_of_spaces_alone_counts_as_empty() {
        let mut s = PassphraseScreen::new(Purpose::Choose);
        typed(&mut s, "   ");
        assert!(matches!(s.update(Action::Choose), Outcome::None));
        assert!(
            s.message.as_deref().is_some_and(|m| m.contains("empty")),
            "{:?}",
            s.message
        );
        // Not taken as the first of the two: it was not accepted at all.
        assert!(s.first.is_none());
    }

    #[test]
    fn choosing_asks_twice_and_starts_over_when_they_differ() {
        let mut s = PassphraseScreen::new(Purpose::Choose);
        typed(&mut s, "one");
        assert!(matches!(s.update(Action::Choose), Outcome::None));
        typed(&mut s, "two");
        assert!(matches!(s.update(Action::Choose), Outcome::None));
        assert!(s.message.as_deref().unwrap().contains("not the same"));
        typed(&mut s, "same");
        s.update(Action::Choose);
        typed(&mut s, "same");
        assert!(matches!(s.update(Action::Choose), Outcome::Submitted));
        s.take_ready();
        assert_eq!(s.take_ready().unwrap().passphrase.expose_secret(), "same");
        let mut s = PassphraseScreen::new(Purpose::Choose);
        assert!(matches!(s.update(Action::Back), Outcome::Cancel));
    }

    #[test]
    fn a_very_short_new_passphrase_is_warned_about_but_accepted() {
        let mut s = PassphraseScreen::new(Purpose::Choose);
        typed(&mut s, "abc");
        s.update(Action::Choose);
        assert!(s.message.as_deref().unwrap().contains("very short"));
        typed(&mut s, "abc");
        assert!(matches!(s.update(Action::Choose), Outcome::Submitted));
        let mut s = PassphraseScreen::new(Purpose::Choose);
        typed(&mut s, "three whole words");
        s.update(Action::Choose);
        assert!(s.message.is_none());
    }

    #[test]
    fn the_unlock_screen_says_what_it_shows_and_offers_no_esc() {
        use crate::tui::keymap::{footer, help};
        let s = PassphraseScreen::new(Purpose::Unlock);
        let (foot, _) = footer(s.context(), |_| true);
        assert!(foot.iter().all(|((k, _), _)| *k != "Esc"), "{foot:?}");
        let (here, _) = help(s.context(), |_| true);
        assert!(here.iter().all(|(k, _)| *k != "Esc"));
        assert!(here.iter().any(|(_, h)| h.contains("dot")));
        let c = PassphraseScreen::new(Purpose::Choose).context();
        assert!(footer(c, |_| true).0.iter().any(|((k, _), _)| *k == "Esc"));
    }
}
