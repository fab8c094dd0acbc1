//! Every key binding, per context. The footer and the `?` help are generated
//! from the same tables, so what the screen says is what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;

/// Where the keys are going: the live screen, or an overlay on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Welcome,
    /// Typing a passphrase (masked): to unlock, or to choose one.
    Passphrase,
    Home,
    Packs,
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
    /// Typing into the journal's search box.
    JournalSearch,
    JournalRead,
    ConfirmDelete,
    /// Choosing what to export.
    Export,
    /// Typing into the export's path field.
    ExportPath,
    /// "Write this file?"
    ConfirmExport,
    /// "This file already exists: replace it?"
    ConfirmReplace,
    Help,
    Hidden,
}

impl Context {
    /// Whether printable keys are text here (so `?` types instead of opening help).
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Context::QuestionText
                | Context::JournalSearch
                | Context::ExportPath
                | Context::Passphrase
        )
    }
}

/// One key (or a few equivalent keys) and what it does.
#[derive(Debug, Clone)]
pub struct Binding {
    /// The keys that trigger it; empty for a line of help only (e.g. "Enter: new line").
    pub chords: Vec<Chord>,
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

/// The quick-hide chord, shown in the help of every screen.
pub const HIDE_KEYS: &str = "Ctrl-G";

fn b(
    chords: Vec<Chord>,
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

fn info(keys: &'static str, help: &'static str) -> Binding {
    Binding {
        chords: Vec::new(),
        keys,
        action: None,
        label: "",
        help,
    }
}

fn up_down(help: &'static str) -> [Binding; 2] {
    [
        b(vec![key(KeyCode::Up), ch('k')], "↑↓", Action::Up, "", help),
        b(vec![key(KeyCode::Down), ch('j')], "", Action::Down, "", ""),
    ]
}

/// The keys of one context, most important first (the footer keeps the first that fit).
pub fn bindings(ctx: Context) -> Vec<Binding> {
    use Action as A;
    use KeyCode as K;
    let enter = key(K::Enter);
    let esc = key(K::Esc);
    match ctx {
        Context::Welcome => vec![
            b(
                vec![enter],
                "Enter",
                A::Choose,
                "continue",
                "Continue to the start screen",
            ),
            b(
                vec![ch('p')],
                "p",
                A::LockJournal,
                "set a passphrase",
                "Lock your journal with a passphrase (everything is encrypted on this computer)",
            ),
        ],
        Context::Passphrase => vec![
            info("type", "Type the passphrase; each character shows as a dot"),
            b(
                vec![enter],
                "Enter",
                A::Choose,
                "done",
                "Use what you typed",
            ),
            b(
                vec![key(K::Backspace)],
                "Bksp",
                A::Erase,
                "",
                "Delete the last character",
            ),
            b(
                vec![esc],
                "Esc",
                A::Back,
                "back",
                "Go back without a passphrase (when choosing one)",
            ),
        ],
        Context::Home => {
            let [u, d] = up_down("Move between the choices");
            vec![
                b(
                    vec![enter],
                    "Enter",
                    A::Choose,
                    "choose",
                    "Choose the highlighted item",
                ),
                u,
                d,
            ]
        }
        Context::Packs => {
            let [u, d] = up_down("Move between the question sets");
            vec![
                b(
                    vec![enter],
                    "Enter",
                    A::Choose,
                    "start",
                    "Start reflecting with the highlighted set",
                ),
                b(
                    vec![esc],
                    "Esc",
                    A::Back,
                    "back",
                    "Go back to the start screen",
                ),
                u,
                d,
            ]
        }
        Context::QuestionText => vec![
            b(
                vec![key(K::Tab)],
                "Tab",
                A::NextQuestion,
                "next",
                "Next question (your answer is kept; leave it empty to skip)",
            ),
            b(
                vec![key(K::BackTab)],
                "Shift-Tab",
                A::PrevQuestion,
                "prev",
                "Previous question",
            ),
            b(
                vec![esc],
                "Esc",
                A::Back,
                "leave",
                "Leave for now; everything is kept as a draft you can continue",
            ),
            info("Enter", "Start a new line"),
            b(
                vec![ctrl('z')],
                "Ctrl-Z",
                A::Undo,
                "",
                "Undo (Ctrl-U works too; Ctrl-R redoes)",
            ),
            b(
                vec![ctrl('e')],
                "Ctrl-E",
                A::OpenEditor,
                "own editor",
                "Write this answer in your own editor ($VISUAL or $EDITOR)",
            ),
            info(
                "← → ↑ ↓",
                "Move the cursor; with Ctrl, by word or paragraph",
            ),
            info("Home End", "Start or end of the line"),
            info("PgUp PgDn", "Scroll a long answer"),
        ],
        Context::QuestionChoice => {
            let [u, d] = up_down("Move between the answers");
            vec![
                b(
                    vec![enter, ch(' ')],
                    "Enter",
                    A::Choose,
                    "choose",
                    "Choose the highlighted answer (Space works too)",
                ),
                b(
                    vec![key(K::Tab)],
                    "Tab",
                    A::NextQuestion,
                    "next",
                    "Next question (leave it unanswered to skip)",
                ),
                b(
                    vec![key(K::BackTab)],
                    "Shift-Tab",
                    A::PrevQuestion,
                    "prev",
                    "Previous question",
                ),
                b(
                    vec![esc],
                    "Esc",
                    A::Back,
                    "leave",
                    "Leave for now; everything is kept as a draft you can continue",
                ),
                u,
                d,
                info("1–5 y n u", "Choose an answer directly"),
                b(
                    vec![key(K::Backspace), key(K::Delete)],
                    "Del",
                    A::ClearAnswer,
                    "",
                    "Clear the answer",
                ),
            ]
        }
        Context::WrapUp => {
            let [u, d] = up_down("Move between the suggestions");
            vec![
                b(
                    vec![enter],
                    "Enter",
                    A::Choose,
                    "open",
                    "Read the highlighted suggestion (or go home if there are none)",
                ),
                b(
                    vec![ch('p')],
                    "p",
                    A::StartSuggestedPack,
                    "reflect further",
                    "Start the questions the suggestion points to, if it has some",
                ),
                b(
                    vec![esc],
                    "Esc",
                    A::Back,
                    "done",
                    "Back to the start screen; your reflection is in the journal",
                ),
                u,
                d,
            ]
        }
        Context::Learn => {
            let [u, d] = up_down("Move between the cards");
            vec![
                b(
                    vec![enter],
                    "Enter",
                    A::Choose,
                    "read",
                    "Read the highlighted card",
                ),
                b(
                    vec![ch('p')],
                    "p",
                    A::StartSuggestedPack,
                    "reflect",
                    "Start the questions the highlighted card points to, if it has some",
                ),
                b(
                    vec![esc],
                    "Esc",
                    A::Back,
                    "back",
                    "Back to the start screen",
                ),
                u,
                d,
            ]
        }
        Context::LearnCard => vec![
            b(vec![esc, enter], "Esc", A::Back, "close", "Close this card"),
            b(
                vec![ch('p')],
                "p",
                A::StartSuggestedPack,
                "reflect",
                "Start the questions this card points to, if it has some",
            ),
            b(
                vec![key(K::Up), ch('k')],
                "↑↓",
                A::Up,
                "scroll",
                "Scroll the card",
            ),
            b(vec![key(K::Down), ch('j')], "", A::Down, "", ""),
        ],
        Context::WrapUpCard => vec![
            b(vec![esc, enter], "Esc", A::Back, "close", "Close this card"),
            b(
                vec![ch('p')],
                "p",
                A::StartSuggestedPack,
                "reflect further",
                "Start the questions this card points to, if it has some",
            ),
            b(
                vec![key(K::Up), ch('k')],
                "↑↓",
                A::Up,
                "scroll",
                "Scroll the card",
            ),
            b(vec![key(K::Down), ch('j')], "", A::Down, "", ""),
        ],
        Context::Journal => {
            let [u, d] = up_down("Move between reflections");
            vec![
                b(
                    vec![enter],
                    "Enter",
                    A::Choose,
                    "read",
                    "Read the highlighted reflection (a draft can be continued from there)",
                ),
                b(
                    vec![ch('/')],
                    "/",
                    A::Search,
                    "search",
                    "Search titles and answers",
                ),
                b(
                    vec![ch('e')],
                    "e",
                    A::OpenExport,
                    "export",
                    "Choose answers from the highlighted reflection to share in a file",
                ),
                b(
                    vec![ch('d')],
                    "d",
                    A::Delete,
                    "delete",
                    "Delete the highlighted reflection (asks first)",
                ),
                b(
                    vec![esc],
                    "Esc",
                    A::Back,
                    "back",
                    "Back to the start screen (clears a search first)",
                ),
                u,
                d,
            ]
        }
        Context::JournalSearch => vec![
            info(
                "type",
                "Type words to look for; titles narrow the list as you type",
            ),
            b(
                vec![enter, key(K::Down)],
                "Enter",
                A::Choose,
                "search answers",
                "Look inside your answers too (every word must appear), then go to the list",
            ),
            b(vec![esc], "Esc", A::Back, "clear", "Clear the search"),
            b(
                vec![key(K::Backspace)],
                "Bksp",
                A::Erase,
                "",
                "Delete the last character",
            ),
        ],
        Context::JournalRead => vec![
            b(vec![key(K::Up), ch('k')], "↑↓", A::Up, "scroll", "Scroll"),
            b(vec![key(K::Down), ch('j')], "", A::Down, "", ""),
            b(
                vec![key(K::PageUp)],
                "PgUp",
                A::PageUp,
                "",
                "Scroll up a page",
            ),
            b(
                vec![key(K::PageDown), ch(' ')],
                "PgDn",
                A::PageDown,
                "",
                "Scroll down a page",
            ),
            b(
                vec![ch('c')],
                "c",
                A::ContinueDraft,
                "continue",
                "Continue this reflection, if it is a draft",
            ),
            b(
                vec![ch('e')],
                "e",
                A::OpenExport,
                "export",
                "Choose answers to share in a file, for a therapist or anyone else",
            ),
            b(
                vec![ch('d')],
                "d",
                A::Delete,
                "delete",
                "Delete this reflection (asks first)",
            ),
            b(vec![esc], "Esc", A::Back, "back", "Back to the list"),
        ],
        Context::ConfirmDelete => vec![
            b(
                vec![ch('y')],
                "y",
                A::Confirm,
                "delete",
                "Yes, delete it for good",
            ),
            b(vec![ch('n'), esc], "n", A::Cancel, "keep", "No, keep it"),
        ],
        Context::Export => {
            let [u, d] = up_down("Move between the answers and topics");
            vec![
                b(
                    vec![ch(' ')],
                    "Space",
                    A::Tick,
                    "tick",
                    "Tick or untick the highlighted answer or topic",
                ),
                b(
                    vec![enter, ch('w')],
                    "Enter",
                    A::WriteExport,
                    "write",
                    "Write the file (w works too); it asks first and shows where",
                ),
                b(
                    vec![ch('f')],
                    "f",
                    A::SwitchFormat,
                    "format",
                    "Switch between Markdown and plain text",
                ),
                b(
                    vec![key(K::Tab), ch('o')],
                    "Tab",
                    A::EditPath,
                    "file",
                    "Change where the file is saved (o works too)",
                ),
                b(
                    vec![esc],
                    "Esc",
                    A::Back,
                    "back",
                    "Back to the journal; nothing is written",
                ),
                b(
                    vec![ch('a')],
                    "a",
                    A::TickAll,
                    "",
                    "Tick everything, or untick everything",
                ),
                u,
                d,
                b(
                    vec![key(K::PageUp)],
                    "PgUp",
                    A::PageUp,
                    "",
                    "Scroll the preview up",
                ),
                b(
                    vec![key(K::PageDown)],
                    "PgDn",
                    A::PageDown,
                    "",
                    "Scroll the preview down",
                ),
            ]
        }
        Context::ExportPath => vec![
            info(
                "type",
                "Type where to save the file; ~/ means your home folder",
            ),
            b(
                vec![enter],
                "Enter",
                A::WriteExport,
                "write",
                "Write the file (it asks first and shows where)",
            ),
            b(
                vec![key(K::Tab), esc],
                "Tab",
                A::Back,
                "done",
                "Back to the checklist (Esc works too); the name is kept",
            ),
            b(
                vec![ctrl('u')],
                "Ctrl-U",
                A::ClearField,
                "clear",
                "Clear the whole file name",
            ),
            b(
                vec![key(K::Backspace)],
                "Bksp",
                A::Erase,
                "",
                "Delete the character before the cursor",
            ),
            info("← → Home End", "Move the cursor (Del deletes after it)"),
        ],
        Context::ConfirmExport => vec![
            b(
                vec![ch('y')],
                "y",
                A::Confirm,
                "write",
                "Yes, write the file",
            ),
            b(
                vec![ch('n'), esc],
                "n",
                A::Cancel,
                "not yet",
                "Not yet; go back to choosing",
            ),
        ],
        Context::ConfirmReplace => vec![
            b(
                vec![ch('y')],
                "y",
                A::Confirm,
                "replace",
                "Yes, replace the file that is there",
            ),
            b(
                vec![ch('n'), esc],
                "n",
                A::Cancel,
                "another name",
                "No; keep that file and choose another name",
            ),
        ],
        Context::Help => vec![b(
            vec![esc, enter, ch('?'), key(K::F(1))],
            "Esc",
            A::Help,
            "close",
            "Close this help",
        )],
        Context::Hidden => vec![b(vec![ctrl('g')], HIDE_KEYS, A::ToggleHide, "", "")],
    }
}

/// The keys that work on every screen.
pub fn globals(ctx: Context) -> Vec<Binding> {
    let mut g = vec![
        b(
            vec![ctrl('q')],
            "Ctrl-Q",
            Action::Quit,
            "quit",
            "Quit; everything is saved",
        ),
        b(
            vec![ctrl('g')],
            HIDE_KEYS,
            Action::ToggleHide,
            "hide",
            "Hide the screen at once; press Ctrl-G again to come back",
        ),
    ];
    if ctx.takes_text() {
        g.push(b(
            vec![key(KeyCode::F(1))],
            "F1",
            Action::Help,
            "help",
            "Show every key for this screen (? types a question mark here)",
        ));
    } else if !matches!(ctx, Context::Help | Context::Hidden) {
        g.push(b(
            vec![ch('?'), key(KeyCode::F(1))],
            "?",
            Action::Help,
            "help",
            "Show every key for this screen",
        ));
    }
    g
}

/// What a key means in `ctx`, if anything.
pub fn resolve(ctx: Context, k: KeyEvent) -> Option<Action> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    if ctx == Context::Hidden {
        // Only the deliberate chord (and quit) bring anything back.
        return globals(ctx)
            .into_iter()
            .filter(|b| b.action == Some(Action::Quit) || b.action == Some(Action::ToggleHide))
            .find(|b| b.chords.iter().any(|c| c.matches(&k)))
            .and_then(|b| b.action);
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
        (Context::JournalSearch | Context::ExportPath | Context::Passphrase, KeyCode::Char(c))
            if plain =>
        {
            Some(Action::Type(c))
        }
        (
            Context::ExportPath,
            KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End | KeyCode::Delete,
        ) => Some(Action::Edit(k)),
        (Context::QuestionChoice, KeyCode::Char(c)) if plain && "12345ynuYNU".contains(c) => {
            Some(Action::ChooseKey(c.to_ascii_lowercase()))
        }
        _ => None,
    }
}

/// The footer's entries for `ctx` as `(keys, label)`: the screen's, then the global ones.
/// (Quick hide is left out of the footer on purpose: it is in the help.)
///
/// `offered` says whether an action does anything on the screen as it is now
/// (no "continue" for a finished reflection); keys that don't are left out.
pub fn footer(ctx: Context, offered: impl Fn(&Action) -> bool) -> (Vec<KeyHelp>, Vec<KeyHelp>) {
    let entries = |v: Vec<Binding>| {
        v.into_iter()
            .filter(|b| !b.label.is_empty() && b.action != Some(Action::ToggleHide))
            .filter(|b| b.action.as_ref().is_none_or(&offered))
            .map(|b| (b.keys, b.label))
            .collect()
    };
    (entries(bindings(ctx)), entries(globals(ctx)))
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
        for (keys, _) in screen.into_iter().chain(global) {
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
