//! Every key binding, per context. The footer and the `?` help are generated
//! from the same tables, so what the screen says is what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;

mod tables;
pub use tables::{HIDE_KEYS, bindings, globals};

/// Where the keys are going: the live screen, or an overlay on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Welcome,
    /// Typing a passphrase (masked) to unlock the journal.
    Passphrase,
    /// Typing a new passphrase (masked); Esc goes back without one.
    PassphraseChoose,
    Home,
    Packs,
    /// "You have an unfinished reflection with these questions."
    PacksDraft,
    /// A question answered in free text: typed keys go to the editor.
    QuestionText,
    /// A yes/no, scale or choice question.
    QuestionChoice,
    WrapUp,
    WrapUpCard,
    /// Browsing the educational cards.
    Learn,
    LearnCard,
    Journal,
    /// Over time: picking a question answered at least twice.
    OverTimePick,
    /// Over time: every answer to one question.
    OverTime,
    /// Over time: reading the reflection one answer came from.
    OverTimeRead,
    /// Typing into the journal's search box.
    JournalSearch,
    JournalRead,
    ConfirmDelete,
    /// Choosing what to export.
    Export,
    /// Typing into the export's path field.
    ExportPath,
    /// Typing a name or initials for the therapist.
    ExportName,
    /// "Write this file?"
    ConfirmExport,
    /// "This file already exists: replace it?"
    ConfirmReplace,
    Help,
    /// "If you need help now", over whatever screen was live.
    HelpNow,
    Hidden,
}

impl Context {
    /// Whether printable keys are text here (so `?` and `h` type instead of acting).
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Context::QuestionText
                | Context::JournalSearch
                | Context::ExportPath
                | Context::ExportName
                | Context::Passphrase
                | Context::PassphraseChoose
        )
    }
}

/// One key (or a few equivalent keys) and what it does.
#[derive(Debug, Clone)]
pub struct Binding {
    /// The keys that trigger it; empty for a line of help only (e.g. "Enter: new line").
    pub chords: &'static [Chord],
    /// How the keys are written in the footer and help.
    pub keys: &'static str,
    pub action: Option<Action>,
    /// A word or two for the footer; empty keeps it out of the footer.
    pub label: &'static str,
    /// A sentence for the help overlay.
    pub help: &'static str,
}

/// A key with or without Ctrl. Shift is ignored (it is part of the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chord {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn key(code: KeyCode) -> Chord {
    Chord { code, ctrl: false }
}
const fn ch(c: char) -> Chord {
    key(KeyCode::Char(c))
}
const fn ctrl(c: char) -> Chord {
    Chord {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

impl Chord {
    pub fn matches(&self, k: &KeyEvent) -> bool {
        let code = match k.code {
            KeyCode::Char(c) if self.ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            c => c,
        };
        code == self.code && k.modifiers.contains(KeyModifiers::CONTROL) == self.ctrl
    }
}

const fn bind(
    chords: &'static [Chord],
    keys: &'static str,
    action: Action,
    label: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        chords,
        keys,
        action: Some(action),
        label,
        help,
    }
}

const fn info(keys: &'static str, help: &'static str) -> Binding {
    Binding {
        chords: &[],
        keys,
        action: None,
        label: "",
        help,
    }
}

/// What a key means in `ctx`, if anything.
pub fn resolve(ctx: Context, k: KeyEvent) -> Option<Action> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    let found = globals(ctx)
        .into_iter()
        .chain(bindings(ctx))
        .find(|b| b.chords.iter().any(|c| c.matches(&k)))
        .and_then(|b| b.action);
    if found.is_some() {
        return found;
    }
    let plain = !k
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match (ctx, k.code) {
        (Context::QuestionText, _) => Some(Action::Edit(k)),
        (
            Context::JournalSearch
            | Context::ExportPath
            | Context::ExportName
            | Context::Passphrase
            | Context::PassphraseChoose,
            KeyCode::Char(c),
        ) if plain => Some(Action::Type(c)),
        (
            Context::ExportPath | Context::ExportName,
            KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End | KeyCode::Delete,
        ) => Some(Action::Edit(k)),
        (Context::QuestionChoice, KeyCode::Char(c)) if plain && "123456789ynuYNU".contains(c) => {
            Some(Action::ChooseKey(c.to_ascii_lowercase()))
        }
        _ => None,
    }
}

/// One entry of the footer: the keys, their label, and whether it is the
/// way out of the screen (kept however narrow the footer is).
pub type FooterItem = (KeyHelp, bool);

/// The footer's entries for `ctx`: the screen's, then the global ones.
/// (Quick hide is left out of the footer on purpose: it is in the help.)
///
/// `offered` says whether an action does anything on the screen as it is now
/// (no "continue" for a finished reflection); keys that don't are left out.
pub fn footer(ctx: Context, offered: impl Fn(&Action) -> bool) -> (Vec<FooterItem>, Vec<KeyHelp>) {
    let entries = |v: Vec<Binding>| {
        v.into_iter()
            .filter(|b| !b.label.is_empty() && b.action != Some(Action::ToggleHide))
            .filter(|b| b.action.as_ref().is_none_or(&offered))
            .map(|b| {
                let out = matches!(
                    b.action,
                    Some(Action::Back | Action::Cancel | Action::Help | Action::HelpNow)
                );
                ((b.keys, b.label), out)
            })
            .collect::<Vec<_>>()
    };
    let global = entries(globals(ctx)).into_iter().map(|(k, _)| k).collect();
    (entries(bindings(ctx)), global)
}

/// A key and what it does, for the help overlay.
pub type KeyHelp = (&'static str, &'static str);

/// The help overlay's lines for `ctx`: `(keys, what they do)`, this screen then everywhere.
///
/// Like [`footer`], keys whose action `offered` rules out are left out.
pub fn help(ctx: Context, offered: impl Fn(&Action) -> bool) -> (Vec<KeyHelp>, Vec<KeyHelp>) {
    let rows = |v: Vec<Binding>| {
        v.into_iter()
            .filter(|b| !b.help.is_empty())
            .filter(|b| b.action.as_ref().is_none_or(&offered))
            .map(|b| (b.keys, b.help))
            .collect()
    };
    (rows(bindings(ctx)), rows(globals(ctx)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn question_mark_types_inside_a_text_answer_but_opens_help_elsewhere() {
        let q = press(KeyCode::Char('?'));
        assert_eq!(resolve(Context::QuestionText, q), Some(Action::Edit(q)));
        assert_eq!(resolve(Context::QuestionChoice, q), Some(Action::Help));
        assert_eq!(resolve(Context::Home, q), Some(Action::Help));
        assert_eq!(
            resolve(Context::QuestionText, press(KeyCode::F(1))),
            Some(Action::Help)
        );
    }

    #[test]
    fn enter_is_a_new_line_in_text_and_a_choice_elsewhere() {
        let e = press(KeyCode::Enter);
        assert_eq!(resolve(Context::QuestionText, e), Some(Action::Edit(e)));
        assert_eq!(resolve(Context::QuestionChoice, e), Some(Action::Choose));
    }

    #[test]
    fn hide_and_quit_work_everywhere_even_inside_text() {
        let g = KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL);
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
        for ctx in [
            Context::QuestionText,
            Context::JournalSearch,
            Context::Home,
            Context::Hidden,
            Context::Help,
        ] {
            assert_eq!(resolve(ctx, g), Some(Action::ToggleHide), "{ctx:?}");
            assert_eq!(resolve(ctx, q), Some(Action::Quit), "{ctx:?}");
        }
        // Nothing but the chord brings the screen back.
        assert_eq!(resolve(Context::Hidden, press(KeyCode::Enter)), None);
        assert_eq!(resolve(Context::Hidden, press(KeyCode::Char('?'))), None);
    }

    #[test]
    fn tab_and_shift_tab_move_between_questions() {
        let back = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            resolve(Context::QuestionText, press(KeyCode::Tab)),
            Some(Action::NextQuestion)
        );
        assert_eq!(
            resolve(Context::QuestionText, back),
            Some(Action::PrevQuestion)
        );
        assert_eq!(
            resolve(Context::QuestionChoice, back),
            Some(Action::PrevQuestion)
        );
    }

    #[test]
    fn footer_and_help_come_from_the_same_table() {
        let (screen, global) = footer(Context::Journal, |_| true);
        for (keys, _) in screen.into_iter().map(|(k, _)| k).chain(global) {
            let (screen, global) = help(Context::Journal, |_| true);
            assert!(
                screen.iter().chain(&global).any(|(k, _)| *k == keys),
                "{keys} missing from help"
            );
        }
        let (_, global) = help(Context::QuestionText, |_| true);
        assert!(global.iter().any(|(k, _)| *k == HIDE_KEYS));
    }
}
