//! Shared drawing: wrapped text, the footer, popups.

pub mod card;
pub mod field;
pub mod footer;
pub mod popup;
pub mod scroll;
pub mod text;
