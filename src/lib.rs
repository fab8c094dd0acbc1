//! reflect: a private, guided self-reflection journal for the terminal.
//!
//! The domain (`content`, `journal`, `themes`, `export`, `sanitize`) never touches the
//! terminal; `tui` and `plain` are two faces on it, and `cli` prints and exits.

pub mod cli;
pub mod content;
pub mod export;
pub mod harden;
pub mod journal;
pub mod keys;
pub mod plain;
pub mod sanitize;
pub mod themes;
pub mod tui;
