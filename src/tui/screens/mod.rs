//! One file per screen: its state, `update()` and `render()`.
//!
//! Screens never touch the disk: `update()` returns an [`Effect`] and the
//! [`App`](super::app::App) carries it out.

pub mod export;
pub mod home;
pub mod journal;
pub mod learn;
pub mod over_time;
pub mod packs;
pub mod passphrase;
pub mod question;
pub mod welcome;
pub mod wrapup;

use std::path::PathBuf;

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
    /// Browse the educational cards.
    OpenLearn,
    /// Load a reflection to read it in the journal.
    Read(String),
    /// The search box now holds this query: cancel the search inside
    /// answers under way, and start one for it (none if it is blank).
    SearchAnswers(String),
    /// Delete a reflection for good (already confirmed).
    Delete(String),
    /// Open the current answer in the person's own editor.
    OpenEditor,
    /// Choose answers from the reflections with these ids to export.
    OpenExport(Vec<String>),
    /// Find out whether this export file exists (and its full path), then ask to write it.
    PrepareExport(PathBuf),
    /// Write an export file (already confirmed); `force` replaces an existing one.
    Export {
        path: PathBuf,
        bytes: Vec<u8>,
        force: bool,
    },
    /// Leave the export screen for the journal, writing nothing.
    LeaveExport,
    /// Pick a question answered at least twice, to see it over time.
    OpenOverTime,
    /// See one question over time straight away (from the reader).
    OpenOverTimeAt {
        pack: String,
        question: String,
    },
    /// Every answer to this question of this pack, for the Over time view.
    History {
        pack: String,
        question: String,
    },
    /// Leave the Over time view for the journal.
    LeaveOverTime,
    Quit,
}
