//! Typed notices: the calm lines above the footer.
//!
//! A notice has a kind and an expiry: news ("Saved to …") goes at the next
//! action or after a while; trouble (a save that failed) stays until it is
//! resolved. Notices are told apart by kind, never by their text.

use std::time::{Duration, Instant};

/// How long news stays when no key is pressed.
pub const NEWS_FOR: Duration = Duration::from_secs(10);

/// At most this many lines, wrapped to the width.
pub const MAX_LINES: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Something happened, or could not be done; gone at the next action.
    News,
    /// Words are not on disk yet; stays until they are.
    SaveTrouble,
    /// A lasting fact about this journal (on a read-only drive, plain text
    /// left in a locked journal); stays until something else is said.
    Standing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: Kind,
    pub text: String,
    /// When it was first drawn (news expires `NEWS_FOR` after).
    pub since: Option<Instant>,
}

impl Notice {
    pub fn news(text: impl Into<String>) -> Notice {
        Notice {
            kind: Kind::News,
            text: text.into(),
            since: None,
        }
    }

    pub fn trouble(text: impl Into<String>) -> Notice {
        Notice {
            kind: Kind::SaveTrouble,
            text: text.into(),
            since: None,
        }
    }

    pub fn standing(text: impl Into<String>) -> Notice {
        Notice {
            kind: Kind::Standing,
            text: text.into(),
            since: None,
        }
    }

    /// Whether news has been up long enough to go.
    pub fn expired(&self, now: Instant) -> bool {
        self.kind == Kind::News
            && self
                .since
                .is_some_and(|t| now.saturating_duration_since(t) >= NEWS_FOR)
    }
}
