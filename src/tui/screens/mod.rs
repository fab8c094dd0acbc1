//! One file per screen: its state, `update()` and `render()`.
//!
//! Screens never touch the disk: `update()` returns an [`Effect`] and the
//! [`App`](super::app::App) carries it out.

pub mod home;
pub mod journal;
pub mod packs;
pub mod passphrase;
pub mod question;
pub mod welcome;
pub mod wrapup;

/// What should happen outside a screen after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Home,
    /// Ask for a passphrase and lock the (new) journal with it.
    LockJournal,
    PickPack,
    /// Start a new reflection on the pack with this id.
    StartPack(String),
    /// Resume the draft with this id.
    Continue(String),
    /// The live reflection changed: save it soon (debounced).
    Changed,
    /// Save the live reflection now (question changed).
    SaveNow,
    /// Save the live reflection and go home.
    Leave,
    /// The reflection was marked finished: save it and show the wrap-up.
    Finish,
    OpenJournal,
    /// Load a reflection to read it in the journal.
    Read(String),
    /// Load every reflection so search can look inside answers.
    LoadForSearch,
    /// Delete a reflection for good (already confirmed).
    Delete(String),
    /// Open the current answer in the person's own editor.
    OpenEditor,
    Quit,
}
