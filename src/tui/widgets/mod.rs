//! Shared drawing: wrapped text, the footer, popups.

pub mod footer;
pub mod popup;
pub mod text;
