//! Export: choose which answers to share, see exactly what the file will hold,
//! pick Markdown or plain text and where it goes, then write it (after asking).
//!
//! Nothing is ticked to begin with: sharing is always a deliberate choice. The
//! document comes from [`crate::export::render`], the same function as
//! `reflect export`, so the preview is the file, byte for byte. Drawing is
//! in `render.rs`.

mod render;

use std::cell::Cell;
use std::path::PathBuf;

use ratatui::crossterm::event::KeyCode;

use super::Effect;
pub use crate::export::Format;
use crate::export::{self as doc, Selection};
use crate::journal::Reflection;
use crate::tui::action::Action;
use crate::tui::keymap::Context;

const NOTHING_TICKED: &str =
    "Nothing is ticked yet. Tick what you'd like to share with Space, then write.";
const NO_PATH: &str = "Type a file name first (Tab), then write.";

/// One row of the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// An answered question, by question id, with its prompt as it was asked.
    Answer { question: String, prompt: String },
    /// A follow-up topic from the wrap-up, "a topic I'd like to talk about".
    Topic(String),
}

/// Where typed keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Path,
}

/// A question waiting for y / n, with the full path it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// "Write this file?"
    Write(PathBuf),
    /// "This file already exists: replace it?"
    Replace(PathBuf),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExportScreen {
    pub reflection: Reflection,
    pub rows: Vec<Row>,
    /// One per row; nothing ticked to begin with.
    pub ticked: Vec<bool>,
    pub selected: usize,
    pub format: Format,
    /// The folder the default file name goes in.
    pub folder: PathBuf,
    /// The home folder, for a path typed as `~/...`.
    pub home: Option<PathBuf>,
    /// Where the file goes, as typed.
    pub path: String,
    /// The cursor in `path`, in characters.
    pub cursor: usize,
    /// The person changed the path themselves.
    pub path_edited: bool,
    pub focus: Focus,
    pub ask: Option<Ask>,
    /// A gentle word about why nothing happened (shown above the path).
    pub note: Option<&'static str>,
    /// How far the preview is scrolled, in drawn lines.
    pub scroll: u16,
    /// The document line the last tick changed: the preview shows it.
    pub follow: Option<usize>,
    /// The furthest the preview can scroll, found while drawing.
    max_scroll: Cell<u16>,
    /// Where the preview was last drawn from (for paging on from there).
    shown_scroll: Cell<u16>,
    /// How many lines of the preview were in view (a page is one less).
    preview_h: Cell<u16>,
    /// The journal is locked with a passphrase, but an export is plain text:
    /// the confirmation says so before anything is written.
    pub journal_encrypted: bool,
}

impl ExportScreen {
    /// `topics` are the wrap-up's follow-up titles; `folder` is where the file
    /// goes by default (the documents folder), `home` expands `~/`.
    pub fn new(
        reflection: Reflection,
        topics: Vec<String>,
        folder: PathBuf,
        home: Option<PathBuf>,
    ) -> ExportScreen {
        let rows: Vec<Row> = reflection
            .answered()
            .map(|e| Row::Answer {
                question: e.question.clone(),
                prompt: e.prompt.clone(),
            })
            .chain(topics.into_iter().map(Row::Topic))
            .collect();
        let mut s = ExportScreen {
            ticked: vec![false; rows.len()],
            rows,
            selected: 0,
            format: Format::Markdown,
            folder,
            home,
            path: String::new(),
            cursor: 0,
            path_edited: false,
            focus: Focus::List,
            ask: None,
            note: None,
            scroll: 0,
            follow: None,
            max_scroll: Cell::new(u16::MAX),
            preview_h: Cell::new(6),
            shown_scroll: Cell::new(0),
            journal_encrypted: false,
            reflection,
        };
        s.set_default_path();
        s
    }

    pub fn context(&self) -> Context {
        match (&self.ask, self.focus) {
            (Some(Ask::Write(_)), _) => Context::ConfirmExport,
            (Some(Ask::Replace(_)), _) => Context::ConfirmReplace,
            (None, Focus::Path) => Context::ExportPath,
            (None, Focus::List) => Context::Export,
        }
    }

    /// A page of the preview: its height less one line.
    fn page(&self) -> u16 {
        self.preview_h.get().saturating_sub(1).max(1)
    }

    fn set_default_path(&mut self) {
        let p = self
            .folder
            .join(doc::default_file_name(&self.reflection, self.format));
        self.path = p.display().to_string();
        self.cursor = self.path.chars().count();
    }

    /// What the ticks choose.
    pub fn selection(&self) -> Selection {
        let mut only = Vec::new();
        let mut topics = Vec::new();
        for (row, _) in self.rows.iter().zip(&self.ticked).filter(|(_, t)| **t) {
            match row {
                Row::Answer { question, .. } => only.push(question.clone()),
                Row::Topic(t) => topics.push(t.clone()),
            }
        }
        Selection {
            only: Some(only),
            topics,
        }
    }

    /// Exactly what the file will contain.
    pub fn document(&self) -> String {
        doc::render(&self.reflection, &self.selection(), self.format)
    }

    /// The path as typed, with a leading `~/` expanded.
    pub fn target(&self) -> PathBuf {
        let typed = self.path.trim();
        match (typed.strip_prefix("~/"), &self.home) {
            (Some(rest), Some(home)) => home.join(rest),
            _ if typed == "~" => self.home.clone().unwrap_or_else(|| PathBuf::from(typed)),
            _ => PathBuf::from(typed),
        }
    }

    /// The app looked: `path` is the full path, and whether a file is there.
    pub fn ask_to_write(&mut self, path: PathBuf, exists: bool) {
        self.ask = Some(if exists {
            Ask::Replace(path)
        } else {
            Ask::Write(path)
        });
    }

    fn request_write(&mut self) -> Effect {
        if !self.ticked.iter().any(|t| *t) {
            self.note = Some(NOTHING_TICKED);
            return Effect::None;
        }
        if self.path.trim().is_empty() {
            self.note = Some(NO_PATH);
            return Effect::None;
        }
        Effect::PrepareExport(self.target())
    }

    fn switch_format(&mut self) {
        let old = self.format;
        // Line numbers differ between formats: start the preview from the top.
        self.follow = None;
        self.scroll = 0;
        self.format = match old {
            Format::Markdown => Format::Text,
            _ => Format::Markdown,
        };
        if !self.path_edited {
            self.set_default_path();
        } else if let Some(stem) = self.path.strip_suffix(&format!(".{}", old.extension())) {
            // A name the person typed keeps its name; only the extension follows the format.
            self.path = format!("{stem}.{}", self.format.extension());
            self.cursor = self.path.chars().count();
        }
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.path
            .char_indices()
            .nth(chars)
            .map_or(self.path.len(), |(i, _)| i)
    }

    fn edit_path(&mut self, action: Action) {
        let len = self.path.chars().count();
        match action {
            Action::Type(c) => {
                let at = self.byte_at(self.cursor);
                self.path.insert(at, c);
                self.cursor += 1;
                self.path_edited = true;
            }
            Action::Erase if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.path.remove(at);
                self.path_edited = true;
            }
            Action::ClearField => {
                self.path.clear();
                self.cursor = 0;
                self.path_edited = true;
            }
            Action::Edit(k) => match k.code {
                KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
                KeyCode::Right => self.cursor = (self.cursor + 1).min(len),
                KeyCode::Home => self.cursor = 0,
                KeyCode::End => self.cursor = len,
                KeyCode::Delete if self.cursor < len => {
                    let at = self.byte_at(self.cursor);
                    self.path.remove(at);
                    self.path_edited = true;
                }
                _ => {}
            },
            _ => {}
        }
    }

    pub fn update(&mut self, action: Action) -> Effect {
        if let Some(ask) = &self.ask {
            return match (ask, action) {
                (Ask::Write(p) | Ask::Replace(p), Action::Confirm) => {
                    let effect = Effect::Export {
                        path: p.clone(),
                        bytes: self.document().into_bytes(),
                        force: matches!(ask, Ask::Replace(_)),
                    };
                    self.ask = None;
                    effect
                }
                (Ask::Replace(_), Action::Cancel | Action::Back) => {
                    // Keep that file: choose another name.
                    self.ask = None;
                    self.focus = Focus::Path;
                    self.cursor = self.path.chars().count();
                    Effect::None
                }
                (Ask::Write(_), Action::Cancel | Action::Back) => {
                    self.ask = None;
                    Effect::None
                }
                _ => Effect::None,
            };
        }
        self.note = None;
        if action == Action::WriteExport {
            return self.request_write();
        }
        match self.focus {
            Focus::Path => match action {
                Action::Back | Action::EditPath => self.focus = Focus::List,
                a => self.edit_path(a),
            },
            Focus::List => match action {
                Action::Up => self.selected = self.selected.saturating_sub(1),
                Action::Down => {
                    self.selected = (self.selected + 1).min(self.rows.len().saturating_sub(1))
                }
                Action::Tick => {
                    let before = self.document();
                    if let Some(t) = self.ticked.get_mut(self.selected) {
                        *t = !*t;
                    }
                    // Show where the document changed, so the tick is seen to count.
                    let after = self.document();
                    let changed = before
                        .lines()
                        .zip(after.lines())
                        .position(|(a, b)| a != b)
                        .unwrap_or(before.lines().count().min(after.lines().count()));
                    let blank = after
                        .lines()
                        .skip(changed)
                        .take_while(|l| l.trim().is_empty())
                        .count();
                    self.follow = Some(changed + blank);
                }
                Action::TickAll => {
                    let all = self.ticked.iter().all(|t| *t);
                    self.ticked.iter_mut().for_each(|t| *t = !all);
                }
                Action::SwitchFormat => self.switch_format(),
                Action::EditPath => {
                    self.focus = Focus::Path;
                    self.cursor = self.path.chars().count();
                }
                Action::Top => self.selected = 0,
                Action::Bottom => self.selected = self.rows.len().saturating_sub(1),
                Action::PageUp => {
                    self.follow = None;
                    self.scroll = self.shown_scroll.get().saturating_sub(self.page());
                }
                Action::PageDown => {
                    self.follow = None;
                    self.scroll = self
                        .shown_scroll
                        .get()
                        .saturating_add(self.page())
                        .min(self.max_scroll.get());
                }
                Action::Back => return Effect::LeaveExport,
                _ => {}
            },
        }
        Effect::None
    }
}

#[cfg(test)]
mod tests;
