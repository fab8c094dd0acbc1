//! Over time: one question's answers, newest first, side by side.
//!
//! Reached from the Journal: first a picker of the questions answered at
//! least twice, then every answer to the chosen one (a chart for a scale,
//! counts for yes/no and choices, dated excerpts for free text). Enter reads
//! the reflection an answer is in, with the Journal's own reader.
//! Drawing is beside this file: `render.rs` (layout and the list of answers)
//! and `summary.rs` (the chart and the counts).

mod render;
mod summary;

use super::Effect;
use super::journal::Journal;
use crate::content::Kind;
use crate::journal::Reflection;
use crate::journal::history::{Answer, History};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::widgets::scroll::List;

/// A question that can be seen over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickRow {
    pub pack: String,
    pub pack_title: String,
    pub question: String,
    /// The question as its pack words it now (its id if the pack is gone).
    pub prompt: String,
    /// How many reflections answer it.
    pub answers: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OverTime {
    /// The questions answered at least twice, most answered first.
    pub rows: Vec<PickRow>,
    pub pick: List,
    /// The answers to the chosen question, once the App has read them.
    pub history: Option<History>,
    /// The highlighted answer.
    pub answers: List,
    /// The reflection being read, in the Journal's reader.
    pub reading: Option<Box<Journal>>,
}

impl OverTime {
    pub fn new(rows: Vec<PickRow>) -> OverTime {
        OverTime {
            rows,
            pick: List::default(),
            history: None,
            answers: List::default(),
            reading: None,
        }
    }

    pub fn context(&self) -> Context {
        if self.reading.is_some() {
            Context::OverTimeRead
        } else if self.history.is_some() {
            Context::OverTime
        } else {
            Context::OverTimePick
        }
    }

    /// Whether `action` does anything here now (the footer leaves out what doesn't).
    pub fn offers(&self, action: &Action) -> bool {
        match (action, &self.reading, &self.history) {
            (Action::Up | Action::Down | Action::ContinueDraft, Some(j), _) => j.offers(action),
            (Action::Choose, None, Some(h)) => !h.answers.is_empty(),
            (Action::Choose, None, None) => !self.rows.is_empty(),
            _ => true,
        }
    }

    /// The answers to the chosen question arrived: show them.
    pub fn show(&mut self, history: History) {
        self.answers = List::default();
        self.history = Some(history);
    }

    /// Read a reflection one of the answers is in.
    pub fn read(&mut self, r: Reflection) {
        let mut j = Journal::new(Vec::new(), 0);
        j.show(r);
        self.reading = Some(Box::new(j));
    }

    fn selected_answer(&self) -> Option<&Answer> {
        self.history.as_ref()?.answers.get(self.answers.selected)
    }

    pub fn update(&mut self, action: Action) -> Effect {
        if let Some(j) = &mut self.reading {
            match action {
                Action::Back => self.reading = None,
                // The reader says a draft can be continued: it can, from here too.
                Action::ContinueDraft => return j.update(action),
                Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Top
                | Action::Bottom => {
                    j.update(action);
                }
                _ => {}
            }
            return Effect::None;
        }
        if let Some(h) = &self.history {
            let len = h.answers.len();
            match action {
                Action::Choose => {
                    if let Some(a) = self.selected_answer() {
                        return Effect::Read(a.id.clone());
                    }
                }
                Action::Back => self.history = None,
                a => {
                    self.answers.apply(&a, len);
                }
            }
            return Effect::None;
        }
        match action {
            Action::Choose => {
                if let Some(r) = self.rows.get(self.pick.selected) {
                    return Effect::History {
                        pack: r.pack.clone(),
                        question: r.question.clone(),
                    };
                }
            }
            Action::Back => return Effect::LeaveOverTime,
            a => {
                self.pick.apply(&a, self.rows.len());
            }
        }
        Effect::None
    }
}

/// How an answer reads in one short phrase: "4 of 5" for a scale, the
/// chosen label otherwise (free text as it was written).
pub fn said(kind: Kind, value: Option<&str>, max: Option<u32>, answer: &str) -> String {
    match (kind, value, max) {
        (Kind::Scale, Some(v), Some(max)) => format!("{v} of {max}"),
        _ => answer.to_string(),
    }
}

/// An answer's date as the view shows it: "12 Oct 2026".
pub fn day(started: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(started)
        .map(|d| d.format("%-d %b %Y").to_string())
        .unwrap_or_else(|_| started.chars().take(10).collect())
}

#[cfg(test)]
mod tests;
