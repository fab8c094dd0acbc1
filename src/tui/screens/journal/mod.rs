//! The journal: past reflections newest first, search, read, delete.
//!
//! The list (`list.rs`) and the reader (`read.rs`) are drawn beside this
//! file; `found.rs` takes in what the search inside answers finds, as it
//! finds it.

mod found;
mod list;
mod read;

use std::cell::RefCell;
use std::collections::HashMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::Effect;
use crate::journal::{Reflection, Summary};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::widgets::popup;
use crate::tui::widgets::scroll::{List, Reader};
use crate::tui::widgets::text::wrap;

pub use found::{Batch, Inside, thousands};

#[derive(Debug, Clone, PartialEq)]
pub enum View {
    List,
    /// Typing into the search box.
    Search,
    /// Reading one reflection.
    Read(Box<Reflection>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Journal {
    /// Every reflection, newest first.
    pub summaries: Vec<Summary>,
    /// Files that could not be read (left untouched).
    pub problems: usize,
    /// Indices into `summaries` that match the search.
    pub shown: Vec<usize>,
    /// The highlighted row of `shown`.
    pub list: List,
    pub query: String,
    /// The search inside answers for the query, as far as it has got.
    /// Typing filters by title at once and starts a new search inside the
    /// answers (the app runs it on another thread and hands over what it
    /// finds, see [`Journal::receive`]); the journal is never held in memory.
    pub matches: Option<Inside>,
    /// How many rows are shown because their answers matched.
    pub hit_rows: usize,
    /// Which rows match the query by title or source, and the (lowercased)
    /// query that was for: worked out when the query changes, kept while
    /// hits stream in.
    titled: Option<(String, Vec<bool>)>,
    pub view: View,
    /// Around the words that matched, for reflections found inside their
    /// answers (id → a short line of the answer).
    pub snippets: HashMap<String, String>,
    /// Reflections ticked to export together, by id, in the order ticked.
    /// Nothing is ticked to begin with.
    pub ticked: Vec<String>,
    /// A reflection waiting for "yes, delete it": (id, how it is named).
    pub confirm: Option<(String, String)>,
    /// How far the reflection being read is scrolled.
    pub reader: Reader,
    /// The reflection being read, wrapped once for a width (drawing then
    /// takes only the lines in view, however long an answer is).
    wrapped: RefCell<Option<Wrapped>>,
}

/// A reflection wrapped for one width: its lines, and the line each answer's
/// question starts on with that question's id.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Wrapped {
    pub width: usize,
    pub lines: Vec<Line<'static>>,
    pub starts: Vec<(usize, String)>,
}

/// "1 answer", "3 answers".
fn answers(n: usize) -> String {
    format!("{n} answer{}", if n == 1 { "" } else { "s" })
}

/// How a date is shown in the journal.
pub fn date(d: &chrono::DateTime<chrono::FixedOffset>) -> String {
    d.format("%-d %b %Y, %H:%M").to_string()
}

impl Journal {
    pub fn new(summaries: Vec<Summary>, problems: usize) -> Journal {
        let mut j = Journal {
            shown: Vec::new(),
            summaries,
            problems,
            list: List::default(),
            query: String::new(),
            matches: None,
            hit_rows: 0,
            titled: None,
            snippets: HashMap::new(),
            view: View::List,
            ticked: Vec::new(),
            confirm: None,
            reader: Reader::default(),
            wrapped: RefCell::new(None),
        };
        j.refilter();
        j
    }

    pub fn context(&self) -> Context {
        if self.confirm.is_some() {
            return Context::ConfirmDelete;
        }
        match self.view {
            View::List => Context::Journal,
            View::Search => Context::JournalSearch,
            View::Read(..) => Context::JournalRead,
        }
    }

    /// Whether `action` does anything here now (the footer leaves out what doesn't).
    pub fn offers(&self, action: &Action) -> bool {
        match (action, &self.view) {
            (Action::ContinueDraft, View::Read(r)) => r.finished.is_none(),
            (Action::Up | Action::Down, View::Read(_)) => self.reader.overflows(),
            // An empty list: nothing to read, export or delete.
            // Ticked reflections can be exported even while a search hides them.
            (Action::OpenExport, View::List) => !self.shown.is_empty() || !self.ticked.is_empty(),
            (Action::Choose | Action::Delete | Action::Tick, View::List) => !self.shown.is_empty(),
            (Action::OverTime, View::List) => !self.summaries.is_empty(),
            (Action::OverTime, View::Read(r)) => r.answered().next().is_some(),
            _ => true,
        }
    }

    /// How many reflections match the search inside answers, if one is showing.
    pub fn match_count(&self) -> Option<usize> {
        self.searched().then_some(self.shown.len())
    }

    /// The last search inside answers was for the query in the box.
    fn searched(&self) -> bool {
        self.matches
            .as_ref()
            .is_some_and(|m| m.query.to_lowercase() == self.query.to_lowercase())
    }

    /// The search inside answers for the query is still under way.
    pub fn search_running(&self) -> bool {
        self.searched() && self.matches.as_ref().is_some_and(|m| !m.done)
    }

    pub fn render(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let inner = Rect {
            x: area.x + 2,
            y: area.y + 1,
            width: area.width.saturating_sub(4),
            height: area.height.saturating_sub(1),
        };
        match &self.view {
            View::Read(r) => self.render_read(r, theme, inner, buf),
            _ => self.render_list(theme, inner, buf),
        }
        if let Some((_, name)) = &self.confirm {
            let rect = popup::centered(area, 52, 7);
            let inside = popup::frame("Delete for good?", theme, rect, buf);
            let mut lines: Vec<Line> = wrap(name, usize::from(inside.width))
                .into_iter()
                .map(Line::raw)
                .collect();
            lines.push(Line::styled("This cannot be undone.", theme.hint()));
            lines.push(Line::from(vec![
                Span::styled("y", theme.key()),
                Span::raw(" delete   "),
                Span::styled("n", theme.key()),
                Span::raw(" keep it"),
            ]));
            Paragraph::new(lines).render(inside, buf);
        }
    }

    /// Short lines around the match, for the reflections found inside their answers.
    pub fn set_snippets(&mut self, snippets: HashMap<String, String>) {
        self.snippets = snippets;
    }

    /// The store found these reflections for `query` (inside their answers
    /// too), all at once: a finished search.
    pub fn set_matches(&mut self, query: String, ids: Vec<String>) {
        self.matches = Some(Inside {
            search: 0,
            query,
            ids: ids.into_iter().collect(),
            done: true,
        });
        self.snippets.clear();
        self.refilter();
    }

    /// Show a loaded reflection in the read view.
    pub fn show(&mut self, r: Reflection) {
        self.reader = Reader::default();
        self.wrapped.replace(None);
        self.view = View::Read(Box::new(r));
    }

    /// A reflection was deleted: forget it and go back to the list.
    pub fn removed(&mut self, id: &str) {
        self.summaries.retain(|s| s.id != id);
        self.titled = None;
        self.ticked.retain(|t| t != id);
        if let Some(m) = &mut self.matches {
            m.ids.remove(id);
        }
        self.view = View::List;
        self.refilter();
    }

    /// Which rows the query shows: a title or source match, or a hit of the
    /// search inside answers made for this same query. The hits are a set
    /// and the title matches are worked out once per query (not again for
    /// each batch of hits), so this is linear in the rows and allocates
    /// nothing per row while a search streams in (it was rows × hits string
    /// comparisons: 15.9 s at 100k). The highlighted reflection stays
    /// highlighted as hits arrive around it.
    fn refilter(&mut self) {
        let was = self.shown.get(self.list.selected).copied();
        let q = self.query.to_lowercase();
        let stale = self
            .titled
            .as_ref()
            .is_none_or(|(tq, flags)| *tq != q || flags.len() != self.summaries.len());
        if stale {
            // A therapist finds a client's reflections by the name they came with.
            let from = |src: &String| src.to_lowercase().contains(&q);
            let flags = self
                .summaries
                .iter()
                .map(|s| {
                    q.is_empty()
                        || s.pack_title.to_lowercase().contains(&q)
                        || s.source.as_ref().is_some_and(from)
                })
                .collect();
            self.titled = Some((q.clone(), flags));
        }
        let titled = self.titled.as_ref().map_or(&[][..], |(_, f)| &f[..]);
        let hits = self
            .matches
            .as_ref()
            .filter(|m| m.query.to_lowercase() == q)
            .map(|m| &m.ids);
        let mut hit_rows = 0;
        self.shown = self
            .summaries
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                if q.is_empty() {
                    return true;
                }
                if hits.is_some_and(|h| h.contains(s.id.as_str())) {
                    hit_rows += 1;
                    return true;
                }
                titled.get(*i).copied().unwrap_or(false)
            })
            .map(|(i, _)| i)
            .collect();
        self.hit_rows = hit_rows;
        match was.and_then(|i| self.shown.binary_search(&i).ok()) {
            Some(at) => self.list.selected = at,
            None => self.list.selected = self.list.selected.min(self.shown.len().saturating_sub(1)),
        }
    }

    fn selected_summary(&self) -> Option<&Summary> {
        self.shown
            .get(self.list.selected)
            .and_then(|&i| self.summaries.get(i))
    }

    pub fn update(&mut self, action: Action) -> Effect {
        if let Some((id, _)) = &self.confirm {
            return match action {
                Action::Confirm => {
                    let id = id.clone();
                    self.confirm = None;
                    Effect::Delete(id)
                }
                Action::Cancel | Action::Back => {
                    self.confirm = None;
                    Effect::None
                }
                _ => Effect::None,
            };
        }
        match &mut self.view {
            View::Read(r) => match action {
                Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Top
                | Action::Bottom => {
                    self.reader.apply(&action);
                }
                Action::ContinueDraft if r.finished.is_none() => {
                    return Effect::Continue(r.id.clone());
                }
                Action::OpenExport => return Effect::OpenExport(vec![r.id.clone()]),
                Action::OverTime => {
                    if let Some(question) = read::question_in_view(&self.reader, &self.wrapped, r) {
                        return Effect::OpenOverTimeAt {
                            pack: r.pack.id.clone(),
                            question,
                        };
                    }
                }
                Action::Delete => {
                    self.confirm = Some((
                        r.id.clone(),
                        format!("{}, {}", r.pack.title, date(&r.started)),
                    ))
                }
                Action::Back => {
                    self.view = View::List;
                    self.wrapped.replace(None);
                }
                _ => {}
            },
            View::Search => match action {
                // Every key starts a new search inside answers, and the app
                // cancels the one under way.
                Action::Type(c) => {
                    self.query.push(c);
                    return self.search_again();
                }
                Action::Erase => {
                    self.query.pop();
                    return self.search_again();
                }
                // The search goes on; the list is there to move through.
                Action::Choose => self.view = View::List,
                Action::Back => {
                    self.clear_search();
                    self.view = View::List;
                }
                _ => {}
            },
            View::List => match action {
                Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Top
                | Action::Bottom => {
                    self.list.apply(&action, self.shown.len());
                }
                Action::Choose => {
                    if let Some(s) = self.selected_summary() {
                        return Effect::Read(s.id.clone());
                    }
                }
                Action::OpenExport if !self.ticked.is_empty() => {
                    return Effect::OpenExport(self.ticked.clone());
                }
                Action::OpenExport => {
                    if let Some(s) = self.selected_summary() {
                        return Effect::OpenExport(vec![s.id.clone()]);
                    }
                }
                Action::Tick => {
                    if let Some(id) = self.selected_summary().map(|s| s.id.clone()) {
                        match self.ticked.iter().position(|t| *t == id) {
                            Some(at) => {
                                self.ticked.remove(at);
                            }
                            None => self.ticked.push(id),
                        }
                    }
                }
                Action::Search => self.view = View::Search,
                Action::OverTime => return Effect::OpenOverTime,
                Action::Delete => {
                    if let Some(s) = self.selected_summary() {
                        self.confirm = Some((
                            s.id.clone(),
                            format!(
                                "{}, {}",
                                s.pack_title,
                                s.started_at().map(|d| date(&d)).unwrap_or_default()
                            ),
                        ));
                    }
                }
                Action::Back if !self.query.is_empty() => self.clear_search(),
                Action::Back => return Effect::Home,
                _ => {}
            },
        }
        Effect::None
    }
}

#[cfg(test)]
mod tests;
