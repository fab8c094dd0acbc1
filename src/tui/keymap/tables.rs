//! The key tables: one line per binding, read like the help they produce.
//!
//! Columns: the keys, how they are written, the action, a word or two for
//! the footer (empty keeps it out), a sentence for the `?` help (empty keeps
//! it out). A table is ordered most important first: the footer keeps the
//! first that fit (and always the way out).

use ratatui::crossterm::event::KeyCode as K;

use super::{Binding, Chord, Context, bind, ch, ctrl, info, key};

use crate::tui::action::Action as A;

const ENTER: Chord = key(K::Enter);
const ESC: Chord = key(K::Esc);
const TAB: Chord = key(K::Tab);
const BACKTAB: Chord = key(K::BackTab);
const BKSP: Chord = key(K::Backspace);
const UP: Chord = key(K::Up);
const DOWN: Chord = key(K::Down);

/// The quick-hide chord, shown in the help of every screen.
pub const HIDE_KEYS: &str = "Ctrl-G";

#[rustfmt::skip]
const PAGING: &[Binding] = &[
    bind(&[key(K::PageUp)],             "PgUp PgDn", A::PageUp,   "", "Move a page up or down"),
    bind(&[key(K::PageDown)],           "",          A::PageDown, "", ""),
    bind(&[key(K::Home), ch('g')],      "Home End",  A::Top,      "", "Go to the first or the last (g and G work too)"),
    bind(&[key(K::End), ch('G')],       "",          A::Bottom,   "", ""),
];

/// A reader's scrolling keys: ↑↓, a page, the ends.
#[rustfmt::skip]
const READER: &[Binding] = &[
    bind(&[UP, ch('k')],                "↑↓",        A::Up,       "scroll", "Scroll a line"),
    bind(&[DOWN, ch('j')],              "",          A::Down,     "", ""),
];

#[rustfmt::skip]
const WELCOME: &[Binding] = &[
    bind(&[ENTER],                      "Enter",     A::Choose,        "continue",         "Continue to the start screen"),
    bind(&[ch('p')],                    "p",         A::LockJournal,   "passphrase",       "Lock your journal with a passphrase (everything is encrypted on this computer)"),
];

#[rustfmt::skip]
const PASSPHRASE: &[Binding] = &[
    info("type",                                     "Type the passphrase; each character shows as a dot"),
    bind(&[ENTER],                      "Enter",     A::Choose,        "done",             "Use what you typed"),
    bind(&[BKSP],                       "Bksp",      A::Erase,         "",                 "Delete the last character"),
];

#[rustfmt::skip]
const PASSPHRASE_CHOOSE: &[Binding] = &[
    bind(&[ESC],                        "Esc",       A::Back,          "back",             "Go back without a passphrase"),
];

#[rustfmt::skip]
const HOME: &[Binding] = &[
    bind(&[ENTER],                      "Enter",     A::Choose,        "choose",           "Choose the highlighted item"),
    bind(&[ch('q')],                    "q",         A::Quit,          "",                 "Quit; everything is saved"),
    bind(&[UP, ch('k')],                "↑↓",        A::Up,            "",                 "Move between the choices"),
    bind(&[DOWN, ch('j')],              "",          A::Down,          "",                 ""),
];

#[rustfmt::skip]
const PACKS: &[Binding] = &[
    bind(&[ENTER],                      "Enter",     A::Choose,        "start",            "Start reflecting with the highlighted set"),
    bind(&[ESC],                        "Esc",       A::Back,          "back",             "Go back to the start screen"),
    bind(&[UP, ch('k')],                "↑↓",        A::Up,            "",                 "Move between the question sets"),
    bind(&[DOWN, ch('j')],              "",          A::Down,          "",                 ""),
];

#[rustfmt::skip]
const PACKS_DRAFT: &[Binding] = &[
    bind(&[ch('c'), ENTER],             "c",         A::ContinueDraft, "continue",         "Continue the unfinished reflection with these questions"),
    bind(&[ch('n')],                    "n",         A::StartAfresh,   "new",              "Start a new reflection; the unfinished one stays in your journal"),
    bind(&[ESC],                        "Esc",       A::Cancel,        "back",             "Back to the question sets"),
];

#[rustfmt::skip]
const QUESTION_TEXT: &[Binding] = &[
    bind(&[TAB],                        "Tab",       A::NextQuestion,  "next",             "Next question (your answer is kept; leave it empty to skip)"),
    bind(&[ESC],                        "Esc",       A::Back,          "leave",            "Leave for now; everything is kept as a draft you can continue"),
    bind(&[BACKTAB],                    "Shift-Tab", A::PrevQuestion,  "prev",             "Previous question"),
    info("Enter",                                    "Start a new line"),
    bind(&[ctrl('z')],                  "Ctrl-Z",    A::Undo,          "",                 "Undo (Ctrl-U works too; Ctrl-R redoes)"),
    bind(&[ctrl('e')],                  "Ctrl-E",    A::OpenEditor,    "own editor",       "Write this answer in your own editor ($VISUAL or $EDITOR)"),
    info("← → ↑ ↓",                                  "Move the cursor; with Ctrl, by word or paragraph"),
    info("Home End",                                 "Start or end of the line"),
    info("PgUp PgDn",                                "Scroll a long answer"),
];

#[rustfmt::skip]
const QUESTION_CHOICE: &[Binding] = &[
    bind(&[ENTER, ch(' ')],             "Enter",     A::Choose,        "choose",           "Choose the highlighted answer (Space works too)"),
    bind(&[TAB],                        "Tab",       A::NextQuestion,  "next",             "Next question (leave it unanswered to skip)"),
    bind(&[ESC],                        "Esc",       A::Back,          "leave",            "Leave for now; everything is kept as a draft you can continue"),
    bind(&[BACKTAB],                    "Shift-Tab", A::PrevQuestion,  "prev",             "Previous question"),
    bind(&[UP, ch('k')],                "↑↓",        A::Up,            "",                 "Move between the answers"),
    bind(&[DOWN, ch('j')],              "",          A::Down,          "",                 ""),
    info("1–9 y n u",                                "Choose an answer by the key shown beside it"),
    bind(&[BKSP, key(K::Delete)],       "Del",       A::ClearAnswer,   "",                 "Clear the answer"),
];

#[rustfmt::skip]
const WRAP_UP: &[Binding] = &[
    bind(&[ENTER],                      "Enter",     A::Choose,        "open",             "Read the highlighted suggestion (or go home if there are none)"),
    bind(&[ESC],                        "Esc",       A::Back,          "done",             "Back to the start screen; your reflection is in the journal"),
    bind(&[ch('p')],                    "p",         A::StartSuggestedPack, "reflect further", "Start the questions the suggestion points to, if it has some"),
    bind(&[UP, ch('k')],                "↑↓",        A::Up,            "",                 "Move between the suggestions"),
    bind(&[DOWN, ch('j')],              "",          A::Down,          "",                 ""),
];

#[rustfmt::skip]
const CARD: &[Binding] = &[
    bind(&[ESC, ENTER],                 "Esc",       A::Back,          "close",            "Close this card"),
    bind(&[ch('p')],                    "p",         A::StartSuggestedPack, "reflect",     "Start the questions this card points to, if it has some"),
];

#[rustfmt::skip]
const LEARN: &[Binding] = &[
    bind(&[ENTER],                      "Enter",     A::Choose,        "read",             "Read the highlighted card"),
    bind(&[ESC],                        "Esc",       A::Back,          "back",             "Back to the start screen"),
    bind(&[ch('p')],                    "p",         A::StartSuggestedPack, "reflect",     "Start the questions the highlighted card points to, if it has some"),
    bind(&[UP, ch('k')],                "↑↓",        A::Up,            "",                 "Move between the cards"),
    bind(&[DOWN, ch('j')],              "",          A::Down,          "",                 ""),
];

#[rustfmt::skip]
const JOURNAL: &[Binding] = &[
    bind(&[ENTER],                      "Enter",     A::Choose,        "read",             "Read the highlighted reflection (a draft can be continued from there)"),
    bind(&[ESC],                        "Esc",       A::Back,          "back",             "Back to the start screen (clears a search first)"),
    bind(&[ch('/')],                    "/",         A::Search,        "search",           "Search titles and answers"),
    bind(&[ch('e')],                    "e",         A::OpenExport,    "export",           "Choose answers to share in a file: from the ticked reflections, or else the highlighted one"),
    bind(&[ch('o')],                    "o",         A::OverTime,      "over time",        "See a question you have answered more than once, over time"),
    bind(&[ch(' ')],                    "Space",     A::Tick,          "tick",             "Tick or untick the highlighted reflection, to export several together"),
    bind(&[ch('d')],                    "d",         A::Delete,        "delete",           "Delete the highlighted reflection (asks first)"),
    bind(&[UP, ch('k')],                "↑↓",        A::Up,            "",                 "Move between reflections"),
    bind(&[DOWN, ch('j')],              "",          A::Down,          "",                 ""),
];

#[rustfmt::skip]
const JOURNAL_SEARCH: &[Binding] = &[
    info("type",                                     "Type words to look for: titles and answers are searched as you type (every word must appear; \"quotes\" keep a phrase together)"),
    bind(&[ENTER, DOWN],                "Enter",     A::Choose,        "to the list",      "Go to the list of what was found (the search carries on)"),
    bind(&[ESC],                        "Esc",       A::Back,          "clear",            "Clear the search"),
    bind(&[BKSP],                       "Bksp",      A::Erase,         "",                 "Delete the last character"),
];

#[rustfmt::skip]
const JOURNAL_READ: &[Binding] = &[
    bind(&[ESC],                        "Esc",       A::Back,          "back",             "Back to the list"),
    bind(&[ch('c')],                    "c",         A::ContinueDraft, "continue",         "Continue this reflection, if it is a draft"),
    bind(&[ch('e')],                    "e",         A::OpenExport,    "export",           "Choose answers to share in a file, for a therapist or anyone else"),
    bind(&[ch('d')],                    "d",         A::Delete,        "delete",           "Delete this reflection (asks first)"),
    bind(&[ch('o')],                    "o",         A::OverTime,      "over time",        "See the question in view over time: every answer to it"),
    bind(&[ch(' ')],                    "Space",     A::PageDown,      "",                 "Scroll down a page"),
];

#[rustfmt::skip]
const OVER_TIME_PICK: &[Binding] = &[
    bind(&[ENTER],                      "Enter",     A::Choose,        "see",              "See every answer to the highlighted question, over time"),
    bind(&[ESC],                        "Esc",       A::Back,          "back",             "Back to the journal"),
    bind(&[UP, ch('k')],                "↑↓",        A::Up,            "",                 "Move between the questions"),
    bind(&[DOWN, ch('j')],              "",          A::Down,          "",                 ""),
];

#[rustfmt::skip]
const OVER_TIME: &[Binding] = &[
    bind(&[ENTER],                      "Enter",     A::Choose,        "read",             "Read the reflection the highlighted answer is in"),
    bind(&[ESC],                        "Esc",       A::Back,          "back",             "Back to the questions"),
    bind(&[UP, ch('k')],                "↑↓",        A::Up,            "",                 "Move between the answers, newest first"),
    bind(&[DOWN, ch('j')],              "",          A::Down,          "",                 ""),
];

#[rustfmt::skip]
const OVER_TIME_READ: &[Binding] = &[
    bind(&[ESC],                        "Esc",       A::Back,          "back",             "Back to the answers over time"),
    bind(&[ch('c')],                    "c",         A::ContinueDraft, "continue",         "Continue this reflection, if it is a draft"),
    bind(&[ch(' ')],                    "Space",     A::PageDown,      "",                 "Scroll down a page"),
];

#[rustfmt::skip]
const CONFIRM_DELETE: &[Binding] = &[
    bind(&[ch('y')],                    "y",         A::Confirm,       "delete",           "Yes, delete it for good"),
    bind(&[ch('n'), ESC],               "n",         A::Cancel,        "keep",             "No, keep it"),
];

#[rustfmt::skip]
const EXPORT: &[Binding] = &[
    bind(&[ch(' ')],                    "Space",     A::Tick,          "tick",             "Tick or untick the highlighted answer or topic"),
    bind(&[ENTER, ch('w')],             "Enter",     A::WriteExport,   "write",            "Write the file (w works too); it asks first and shows where"),
    bind(&[ESC],                        "Esc",       A::Back,          "back",             "Back to the journal; nothing is written"),
    bind(&[ch('f')],                    "f",         A::SwitchFormat,  "format",           "Next format: Markdown, plain text, a printable web page, JSON"),
    bind(&[ch('x')],                    "x",         A::ToggleEncrypt, "encrypt",          "Encrypt the file for the therapist your questions name, or not"),
    bind(&[ch('n')],                    "n",         A::EditName,      "name",             "Add your name or initials for the therapist (only in this file, never kept)"),
    bind(&[TAB, ch('o')],               "Tab",       A::EditPath,      "file",             "Change where the file is saved (o works too)"),
    bind(&[ch('a')],                    "a",         A::TickAll,       "",                 "Tick everything, or untick everything"),
    bind(&[UP, ch('k')],                "↑↓",        A::Up,            "",                 "Move between the answers and topics"),
    bind(&[DOWN, ch('j')],              "",          A::Down,          "",                 ""),
    bind(&[key(K::PageUp)],             "PgUp PgDn", A::PageUp,        "",                 "Scroll the preview a page"),
    bind(&[key(K::PageDown)],           "",          A::PageDown,      "",                 ""),
    bind(&[key(K::Home), ch('g')],      "Home End",  A::Top,           "",                 "Go to the first or the last answer (g and G work too)"),
    bind(&[key(K::End), ch('G')],       "",          A::Bottom,        "",                 ""),
];

#[rustfmt::skip]
const EXPORT_PATH: &[Binding] = &[
    info("type",                                     "Type where to save the file; ~/ means your home folder"),
    bind(&[ENTER],                      "Enter",     A::WriteExport,   "write",            "Write the file (it asks first and shows where)"),
    bind(&[TAB, ESC],                   "Tab",       A::Back,          "done",             "Back to the checklist (Esc works too); the name is kept"),
    bind(&[ctrl('u')],                  "Ctrl-U",    A::ClearField,    "clear",            "Clear the whole file name"),
    bind(&[BKSP],                       "Bksp",      A::Erase,         "",                 "Delete the character before the cursor"),
    info("← → Home End",                             "Move the cursor (Del deletes after it)"),
];

#[rustfmt::skip]
const EXPORT_NAME: &[Binding] = &[
    info("type",                                     "Type a name or initials for the therapist; it goes in this file only"),
    bind(&[ENTER, TAB, ESC],            "Enter",     A::Back,          "done",             "Back to the checklist (Tab and Esc work too); the name is kept"),
    bind(&[ctrl('u')],                  "Ctrl-U",    A::ClearField,    "clear",            "Clear the name"),
    bind(&[BKSP],                       "Bksp",      A::Erase,         "",                 "Delete the character before the cursor"),
    info("← → Home End",                             "Move the cursor (Del deletes after it)"),
];

#[rustfmt::skip]
const CONFIRM_EXPORT: &[Binding] = &[
    bind(&[ch('y')],                    "y",         A::Confirm,       "write",            "Yes, write the file"),
    bind(&[ch('n'), ESC],               "n",         A::Cancel,        "not yet",          "Not yet; go back to choosing"),
];

#[rustfmt::skip]
const CONFIRM_REPLACE: &[Binding] = &[
    bind(&[ch('y')],                    "y",         A::Confirm,       "replace",          "Yes, replace the file that is there"),
    bind(&[ch('n'), ESC],               "n",         A::Cancel,        "another name",     "No; keep that file and choose another name"),
];

#[rustfmt::skip]
const HELP: &[Binding] = &[
    bind(&[ESC, ENTER, ch('?'), key(K::F(1))], "Esc", A::Help,         "close",            "Close this help"),
];

#[rustfmt::skip]
const HELP_NOW: &[Binding] = &[
    bind(&[ESC, ENTER, ch('h'), key(K::F(2))], "Esc", A::HelpNow,      "back",             "Back to exactly where you were; nothing is lost"),
];

/// Quit and quick hide: every screen, even while typing.
#[rustfmt::skip]
const ALWAYS: &[Binding] = &[
    bind(&[ctrl('q')],                  "Ctrl-Q",    A::Quit,          "quit",             "Quit; everything is saved"),
    bind(&[ctrl('g')],                  HIDE_KEYS,   A::ToggleHide,    "hide",             "Hide the screen at once; press Ctrl-G again to come back"),
];

/// Help and help-now where printable keys are text.
#[rustfmt::skip]
const WHILE_TYPING: &[Binding] = &[
    bind(&[key(K::F(1))],               "F1",        A::Help,          "keys",             "Show every key for this screen (? types a question mark here)"),
    bind(&[key(K::F(2))],               "F2",        A::HelpNow,       "help",             "If you need help now: what to do and where to turn (h types an h here)"),
];

/// Help and help-now everywhere else.
#[rustfmt::skip]
const NOT_TYPING: &[Binding] = &[
    bind(&[ch('?'), key(K::F(1))],      "?",         A::Help,          "keys",             "Show every key for this screen"),
    bind(&[ch('h'), key(K::F(2))],      "h",         A::HelpNow,       "help",             "If you need help now: what to do and where to turn (F2 works too)"),
];

/// The keys of one context, most important first.
pub fn bindings(ctx: Context) -> Vec<Binding> {
    let parts: &[&[Binding]] = match ctx {
        Context::Welcome => &[WELCOME],
        Context::Passphrase => &[PASSPHRASE],
        Context::PassphraseChoose => &[PASSPHRASE, PASSPHRASE_CHOOSE],
        Context::Home => &[HOME, PAGING],
        Context::Packs => &[PACKS, PAGING],
        Context::PacksDraft => &[PACKS_DRAFT],
        Context::QuestionText => &[QUESTION_TEXT],
        Context::QuestionChoice => &[QUESTION_CHOICE],
        Context::WrapUp => &[WRAP_UP],
        Context::WrapUpCard | Context::LearnCard => &[CARD, READER, PAGING],
        Context::Learn => &[LEARN, PAGING],
        Context::Journal => &[JOURNAL, PAGING],
        Context::JournalSearch => &[JOURNAL_SEARCH],
        Context::OverTimePick => &[OVER_TIME_PICK, PAGING],
        Context::OverTime => &[OVER_TIME, PAGING],
        Context::OverTimeRead => &[OVER_TIME_READ, READER, PAGING],
        Context::JournalRead => &[JOURNAL_READ, READER, PAGING],
        Context::ConfirmDelete => &[CONFIRM_DELETE],
        Context::Export => &[EXPORT],
        Context::ExportPath => &[EXPORT_PATH],
        Context::ExportName => &[EXPORT_NAME],
        Context::ConfirmExport => &[CONFIRM_EXPORT],
        Context::ConfirmReplace => &[CONFIRM_REPLACE],
        Context::Help => &[HELP, READER, PAGING],
        Context::HelpNow => &[HELP_NOW, READER, PAGING],
        Context::Hidden => &[],
    };
    parts.iter().flat_map(|p| p.iter().cloned()).collect()
}

/// The keys that work on every screen (only quit and the chord while hidden).
pub fn globals(ctx: Context) -> Vec<Binding> {
    let parts: &[&[Binding]] = match ctx {
        Context::Hidden | Context::HelpNow => &[ALWAYS],
        Context::Help => &[ALWAYS, &NOT_TYPING[1..]],
        c if c.takes_text() => &[ALWAYS, WHILE_TYPING],
        _ => &[ALWAYS, NOT_TYPING],
    };
    parts.iter().flat_map(|p| p.iter().cloned()).collect()
}
