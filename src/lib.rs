//! reflect: a private, guided self-reflection journal for the terminal.
//!
//! The domain (`content`, `journal`, `themes`, `export`) never touches the
//! terminal; `tui` and `plain` are two faces on it, and `cli` prints and exits.

pub mod cli;
pub mod content;
pub mod export;
pub mod history_cli;
pub mod journal;
pub mod plain;
pub mod search_cli;
pub mod themes;
pub mod tui;
