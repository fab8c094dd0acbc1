//! Export: choose which answers to share (from one reflection or several),
//! see exactly what the file will hold, pick the format, a name or initials,
//! whether it is encrypted for the therapist and where it goes, then write it
//! (after asking).
//!
//! Nothing is ticked to begin with: sharing is always a deliberate choice. The
//! document comes from [`crate::export::render_picked`], the same code as
//! `reflect export`, so the preview is the file, byte for byte (before any
//! encryption). Drawing is in `render.rs`; the choices below the checklist
//! (format, name, encryption, file) in `choices.rs`.

mod choices;
mod render;

use std::cell::Cell;
use std::path::PathBuf;

use super::Effect;
use crate::content::ReturnTo;
pub use crate::export::Format;
use crate::export::{self as doc, Meta, ReturnTarget, Selection};
use crate::journal::Reflection;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::widgets::field::Field;

const NOTHING_TICKED: &str =
    "Nothing is ticked yet. Tick what you'd like to share with Space, then write.";
const NO_PATH: &str = "Type a file name first (Tab), then write.";
const ENCRYPT_FAILED: &str =
    "The therapist's key in these questions is not usable; press x to write without encryption.";

/// One row of the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// An answered question of reflection `item`, by question id, with its
    /// prompt as it was asked.
    Answer {
        item: usize,
        question: String,
        prompt: String,
    },
    /// A follow-up topic from the wrap-up, "a topic I'd like to talk about".
    Topic(String),
}

/// Where typed keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Path,
    /// The name or initials for the therapist.
    Name,
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
    /// The reflections answers are chosen from, oldest first.
    pub reflections: Vec<Reflection>,
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
    pub path: Field,
    /// The person changed the path themselves.
    pub path_edited: bool,
    /// Name or initials for the therapist: empty unless typed, and kept
    /// only in the exported file, never in the journal.
    pub name: Field,
    /// Who the packs say the answers return to (none, one or several).
    pub recipients: Vec<ReturnTo>,
    /// The one the file is encrypted for, if any.
    pub encrypt_for: Option<usize>,
    pub focus: Focus,
    pub ask: Option<Ask>,
    /// A gentle word about why nothing happened (shown above the choices).
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
    /// One reflection. `topics` are the wrap-up's follow-up titles; `folder`
    /// is where the file goes by default, `home` expands `~/`.
    pub fn new(
        reflection: Reflection,
        topics: Vec<String>,
        folder: PathBuf,
        home: Option<PathBuf>,
    ) -> ExportScreen {
        ExportScreen::several(vec![reflection], topics, folder, home)
    }

    /// Several reflections (shown oldest first), each with its own answers
    /// to tick; `topics` from all of them, listed once.
    pub fn several(
        mut reflections: Vec<Reflection>,
        topics: Vec<String>,
        folder: PathBuf,
        home: Option<PathBuf>,
    ) -> ExportScreen {
        reflections.sort_by_key(|r| r.started);
        let mut rows: Vec<Row> = Vec::new();
        for (item, r) in reflections.iter().enumerate() {
            rows.extend(r.answered().map(|e| Row::Answer {
                item,
                question: e.question.clone(),
                prompt: e.prompt.clone(),
            }));
        }
        let mut seen: Vec<String> = Vec::new();
        for t in topics {
            if !seen.contains(&t) {
                seen.push(t);
            }
        }
        rows.extend(seen.into_iter().map(Row::Topic));
        let mut s = ExportScreen {
            ticked: vec![false; rows.len()],
            rows,
            selected: 0,
            format: Format::Markdown,
            folder,
            home,
            path: Field::default(),
            path_edited: false,
            name: Field::default(),
            recipients: Vec::new(),
            encrypt_for: None,
            focus: Focus::List,
            ask: None,
            note: None,
            scroll: 0,
            follow: None,
            max_scroll: Cell::new(u16::MAX),
            preview_h: Cell::new(6),
            shown_scroll: Cell::new(0),
            journal_encrypted: false,
            reflections,
        };
        s.set_default_path();
        s
    }

    /// Who the packs name to return answers to: one is chosen at once (the
    /// person may turn it off); between several the person chooses.
    pub fn set_return_target(&mut self, target: ReturnTarget) {
        (self.recipients, self.encrypt_for) = match target {
            ReturnTarget::Nobody => (Vec::new(), None),
            ReturnTarget::One(rt) => (vec![rt], Some(0)),
            ReturnTarget::Several(list) => (list, None),
        };
        self.follow_encryption();
    }

    pub fn context(&self) -> Context {
        match (&self.ask, self.focus) {
            (Some(Ask::Write(_)), _) => Context::ConfirmExport,
            (Some(Ask::Replace(_)), _) => Context::ConfirmReplace,
            (None, Focus::Path) => Context::ExportPath,
            (None, Focus::Name) => Context::ExportName,
            (None, Focus::List) => Context::Export,
        }
    }

    /// Whether `action` does anything here now (the footer leaves out what doesn't).
    pub fn offers(&self, action: &Action) -> bool {
        match action {
            Action::ToggleEncrypt => !self.recipients.is_empty(),
            _ => true,
        }
    }

    /// A page of the preview: its height less one line.
    fn page(&self) -> u16 {
        self.preview_h.get().saturating_sub(1).max(1)
    }

    /// The therapist the file is encrypted for, if it is.
    pub fn recipient(&self) -> Option<&ReturnTo> {
        self.encrypt_for.and_then(|i| self.recipients.get(i))
    }

    /// What the ticks choose, reflection by reflection: only reflections with
    /// a ticked answer, each with its own answers; ticked topics go with the
    /// first (they are listed once, at the end).
    pub fn picked(&self) -> Vec<(Reflection, Selection)> {
        let mut picked: Vec<(Reflection, Selection)> = Vec::new();
        let mut topics = Vec::new();
        for (item, r) in self.reflections.iter().enumerate() {
            let only: Vec<String> = self
                .rows
                .iter()
                .zip(&self.ticked)
                .filter_map(|(row, t)| match row {
                    Row::Answer {
                        item: i, question, ..
                    } if *t && *i == item => Some(question.clone()),
                    _ => None,
                })
                .collect();
            if !only.is_empty() {
                picked.push((
                    r.clone(),
                    Selection {
                        only: Some(only),
                        topics: Vec::new(),
                    },
                ));
            }
        }
        for (row, t) in self.rows.iter().zip(&self.ticked) {
            if let (Row::Topic(topic), true) = (row, *t) {
                topics.push(topic.clone());
            }
        }
        if picked.is_empty()
            && let Some(first) = self.reflections.first()
        {
            // Nothing (or only topics) ticked: the first reflection's heading.
            picked.push((first.clone(), Selection::default()));
            picked[0].1.only = Some(Vec::new());
        }
        if let Some((_, sel)) = picked.first_mut() {
            sel.topics = topics;
        }
        picked
    }

    /// The first reflection's selection (all there is, with one reflection).
    pub fn selection(&self) -> Selection {
        self.picked()
            .into_iter()
            .next()
            .map(|(_, s)| s)
            .unwrap_or_default()
    }

    /// Exactly what the file will contain (before encryption).
    pub fn document(&self) -> String {
        let meta = Meta {
            name: Some(self.name.text.clone()),
        };
        doc::render_picked(&self.picked(), self.format, &meta)
    }

    /// The bytes to write: the document, encrypted when it is to be.
    fn bytes(&mut self) -> Option<Vec<u8>> {
        let document = self.document();
        match self.recipient() {
            None => Some(document.into_bytes()),
            Some(rt) => match doc::encrypt(&document, &rt.recipient) {
                Ok(b) => Some(b),
                Err(_) => {
                    self.note = Some(ENCRYPT_FAILED);
                    None
                }
            },
        }
    }

    /// The path as typed, with a leading `~/` expanded; an encrypted file
    /// always ends in `.age` (as `reflect export --to` writes it), so nobody
    /// mistakes it for one they can read.
    pub fn target(&self) -> PathBuf {
        let typed = self.path.text.trim();
        let path = match (typed.strip_prefix("~/"), &self.home) {
            (Some(rest), Some(home)) => home.join(rest),
            _ if typed == "~" => self.home.clone().unwrap_or_else(|| PathBuf::from(typed)),
            _ => PathBuf::from(typed),
        };
        match self.recipient() {
            Some(_) => PathBuf::from(doc::encrypted_file_name(&path.to_string_lossy())),
            None => path,
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
        if self.path.text.trim().is_empty() {
            self.note = Some(NO_PATH);
            return Effect::None;
        }
        Effect::PrepareExport(self.target())
    }

    fn tick(&mut self) {
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

    fn confirm(&mut self, force: bool) -> Effect {
        let Some(Ask::Write(path) | Ask::Replace(path)) = self.ask.take() else {
            return Effect::None;
        };
        match self.bytes() {
            Some(bytes) => Effect::Export { path, bytes, force },
            None => Effect::None,
        }
    }

    pub fn update(&mut self, action: Action) -> Effect {
        if let Some(ask) = &self.ask {
            return match (ask, action) {
                (Ask::Write(_), Action::Confirm) => self.confirm(false),
                (Ask::Replace(_), Action::Confirm) => self.confirm(true),
                (Ask::Replace(_), Action::Cancel | Action::Back) => {
                    // Keep that file: choose another name.
                    self.ask = None;
                    self.focus = Focus::Path;
                    self.path.to_end();
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
                a => self.path_edited |= self.path.edit(a),
            },
            Focus::Name => match action {
                Action::Back | Action::EditName => self.focus = Focus::List,
                a => {
                    self.name.edit(a);
                }
            },
            Focus::List => match action {
                Action::Up => self.selected = self.selected.saturating_sub(1),
                Action::Down => {
                    self.selected = (self.selected + 1).min(self.rows.len().saturating_sub(1))
                }
                Action::Tick => self.tick(),
                Action::TickAll => {
                    let all = self.ticked.iter().all(|t| *t);
                    self.ticked.iter_mut().for_each(|t| *t = !all);
                }
                Action::SwitchFormat => self.switch_format(),
                Action::ToggleEncrypt => self.toggle_encrypt(),
                Action::EditPath => {
                    self.focus = Focus::Path;
                    self.path.to_end();
                }
                Action::EditName => {
                    self.focus = Focus::Name;
                    self.name.to_end();
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
