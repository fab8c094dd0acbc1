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
    /// Go to the first / last row or line.
    Top,
    Bottom,
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
    /// Show or close "If you need help now" (the crisis card) over any screen.
    HelpNow,
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
    /// Continue the draft being read (or offered).
    ContinueDraft,
    /// Start a new reflection although a draft of the same questions waits.
    StartAfresh,
    /// Start the pack a follow-up card suggests.
    StartSuggestedPack,
    /// Choose answers from a reflection to share in a file.
    OpenExport,
    /// Tick or untick the highlighted row of a checklist.
    Tick,
    /// Tick every row, or none if all are ticked.
    TickAll,
    /// Switch the export to the next format (Markdown, plain text, web page, JSON).
    SwitchFormat,
    /// Encrypt the export for the therapist the questions name, or not.
    ToggleEncrypt,
    /// Move into the export's name-or-initials field.
    EditName,
    /// Move into the export's path field to change where the file goes.
    EditPath,
    /// Clear a text field (the export path).
    ClearField,
    /// Ask to write the export file (a confirmation follows).
    WriteExport,
    /// See one question's answers over time (from the Journal).
    OverTime,
}
