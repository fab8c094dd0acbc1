//! What the person means, independent of which key they pressed.

use ratatui::crossterm::event::KeyEvent;

/// An intent. Keys become actions in `keymap.rs`; screens act on them in `update()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Move the selection (or scroll) up / down one row.
    Up,
    Down,
    /// Scroll a page.
    PageUp,
    PageDown,
    /// Choose the selected row (Enter, Space).
    Choose,
    /// Go back; on a question, leave the reflection (kept as a draft).
    Back,
    /// Quit from anywhere, saving everything.
    Quit,
    /// Lock the journal with a passphrase (offered on the welcome screen).
    LockJournal,
    /// Hide the screen behind a neutral view, or bring it back.
    ToggleHide,
    /// Show or close the help overlay.
    Help,
    /// Next / previous question (the answer is kept).
    NextQuestion,
    PrevQuestion,
    /// A key for the text editor (typing, cursor movement, deleting).
    Edit(KeyEvent),
    /// Pasted text (bracketed paste).
    Paste(String),
    /// Undo the last change to the answer.
    Undo,
    /// Open the answer in `$VISUAL` / `$EDITOR`.
    OpenEditor,
    /// Choose a structured answer by its shortcut (`1`–`5`, `y`, `n`, `u`).
    ChooseKey(char),
    /// Clear a structured answer (skip it).
    ClearAnswer,
    /// Start searching the journal.
    Search,
    /// A character typed into a search box.
    Type(char),
    /// Delete the last character of a search box.
    Erase,
    /// Ask to delete the selected reflection.
    Delete,
    /// Answer yes / no in a confirmation.
    Confirm,
    Cancel,
    /// Continue the draft being read.
    ContinueDraft,
    /// Start the pack a follow-up card suggests.
    StartSuggestedPack,
}
