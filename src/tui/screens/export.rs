//! Export: choose which answers to share, see exactly what the file will hold,
//! pick Markdown or plain text and where it goes, then write it (after asking).
//!
//! Nothing is ticked to begin with: sharing is always a deliberate choice. The
//! document comes from [`crate::export::render`], the same function as
//! `reflect export`, so the preview is the file, byte for byte.

use std::cell::Cell;
use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::Effect;
use super::journal::date;
use crate::export::{self as doc, Format, Selection};
use crate::journal::Reflection;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::widgets::popup;
use crate::tui::widgets::text::{truncate, wrap};

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
                Action::PageUp => {
                    self.follow = None;
                    self.scroll = self.shown_scroll.get().saturating_sub(5);
                }
                Action::PageDown => {
                    self.follow = None;
                    self.scroll = self
                        .shown_scroll
                        .get()
                        .saturating_add(5)
                        .min(self.max_scroll.get());
                }
                Action::Back => return Effect::LeaveExport,
                _ => {}
            },
        }
        Effect::None
    }

    pub fn render(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let inner = Rect {
            x: area.x + 2,
            y: area.y + 1,
            width: area.width.saturating_sub(4),
            height: area.height.saturating_sub(1),
        };
        let width = usize::from(inner.width);
        let r = &self.reflection;
        let head = vec![
            Line::styled(
                truncate(
                    &format!("Export · {}, {}", r.pack.title, date(&r.started)),
                    width,
                ),
                theme.title(),
            ),
            Line::styled(
                truncate(
                    "Tick what to share; nothing else leaves your journal.",
                    width,
                ),
                theme.hint(),
            ),
        ];
        Paragraph::new(head).render(inner, buf);

        // Format and file at the bottom; a note (or a blank line) above them.
        let foot_h = 3u16;
        let top = inner.y + 3;
        let middle_h = inner.height.saturating_sub(3 + foot_h);
        let middle = Rect {
            y: top,
            height: middle_h,
            ..inner
        };
        if inner.width >= 76 {
            let left_w = inner.width * 2 / 5;
            let list = Rect {
                width: left_w,
                ..middle
            };
            let sep = Rect {
                x: middle.x + left_w + 1,
                width: 1,
                ..middle
            };
            let preview = Rect {
                x: middle.x + left_w + 3,
                width: inner.width.saturating_sub(left_w + 3),
                ..middle
            };
            self.render_list(theme, list, buf);
            let bar: Vec<Line> = (0..sep.height)
                .map(|_| Line::styled("│", theme.dim()))
                .collect();
            Paragraph::new(bar).render(sep, buf);
            self.render_preview(theme, preview, buf, false);
        } else {
            // Narrow: the checklist above the preview; the checklist comes first.
            let list_h = u16::try_from(self.list_lines(width).0.len())
                .unwrap_or(u16::MAX)
                .min(middle_h * 3 / 5)
                .max(middle_h.min(3));
            let list = Rect {
                height: list_h,
                ..middle
            };
            let preview = Rect {
                y: middle.y + list_h,
                height: middle_h.saturating_sub(list_h),
                ..middle
            };
            self.render_list(theme, list, buf);
            self.render_preview(theme, preview, buf, true);
        }

        let foot = Rect {
            y: middle.y + middle_h,
            height: foot_h,
            ..inner
        };
        self.render_foot(theme, foot, buf);

        if let Some(ask) = &self.ask {
            self.render_ask(ask, theme, area, buf);
        }
    }

    /// The checklist as lines, with the line each row starts on.
    fn list_lines(&self, width: usize) -> (Vec<(Line<'_>, bool)>, Vec<usize>) {
        let mut lines: Vec<(Line, bool)> = Vec::new();
        let mut starts = Vec::new();
        if !self.rows.iter().any(|r| matches!(r, Row::Answer { .. })) {
            lines.push((Line::raw("  No answers to share yet."), false));
        }
        let mut topics_heading = false;
        for (i, row) in self.rows.iter().enumerate() {
            let text = match row {
                Row::Answer { prompt, .. } => prompt,
                Row::Topic(t) => {
                    if !topics_heading {
                        topics_heading = true;
                        lines.push((Line::raw(""), false));
                        for l in wrap("Topics I'd like to talk about", width.saturating_sub(2)) {
                            lines.push((Line::raw(format!("  {l}")), true));
                        }
                    }
                    t
                }
            };
            starts.push(lines.len());
            let here = if i == self.selected && self.focus == Focus::List {
                "›"
            } else {
                " "
            };
            let mark = if self.ticked.get(i).copied().unwrap_or(false) {
                "[x]"
            } else {
                "[ ]"
            };
            for (n, l) in wrap(text, width.saturating_sub(6)).into_iter().enumerate() {
                let lead = if n == 0 {
                    format!("{here} {mark} ")
                } else {
                    "      ".into()
                };
                lines.push((Line::raw(format!("{lead}{l}")), false));
            }
        }
        (lines, starts)
    }

    fn render_list(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width);
        let (lines, starts) = self.list_lines(width);
        let height = usize::from(area.height);
        // Keep the highlighted row in view.
        let sel_start = starts.get(self.selected).copied().unwrap_or(0);
        let sel_end = starts
            .get(self.selected + 1)
            .copied()
            .unwrap_or(lines.len())
            .min(lines.len());
        let first = sel_end.saturating_sub(height).min(sel_start);
        let sel_rows = sel_start..sel_end;
        let highlight = self.focus == Focus::List && self.ask.is_none();
        let shown: Vec<Line> = lines
            .into_iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(i, (line, heading))| {
                if heading {
                    line.style(theme.prompt())
                } else if highlight && sel_rows.contains(&i) && !starts.is_empty() {
                    line.style(theme.selected())
                } else {
                    line
                }
            })
            .collect();
        Paragraph::new(shown).render(area, buf);
    }

    fn render_preview(&self, theme: Theme, area: Rect, buf: &mut Buffer, rule: bool) {
        if area.height == 0 {
            return;
        }
        let width = usize::from(area.width);
        let label = "Preview: exactly what the file holds";
        let heading = if rule {
            // Stacked under the checklist: a rule keeps the two apart.
            let rest = width.saturating_sub(label.width() + 4);
            format!("── {label} {}", "─".repeat(rest))
        } else {
            label.to_string()
        };
        Line::styled(truncate(&heading, width), theme.dim())
            .render(Rect { height: 1, ..area }, buf);
        let body = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        let mut lines: Vec<Line> = Vec::new();
        let mut follow_at = None;
        for (i, l) in self.document().lines().enumerate() {
            if Some(i) == self.follow {
                follow_at = Some(lines.len());
            }
            lines.extend(wrap(l, width).into_iter().map(Line::raw));
        }
        let max = u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .saturating_sub(body.height);
        self.max_scroll.set(max);
        let scroll = follow_at
            .map_or(self.scroll, |at| u16::try_from(at).unwrap_or(u16::MAX))
            .min(max);
        self.shown_scroll.set(scroll);
        Paragraph::new(lines).scroll((scroll, 0)).render(body, buf);
    }

    fn render_foot(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width);
        let label_w = 9;
        let mut lines = Vec::new();
        lines.push(match self.note {
            Some(n) => Line::styled(truncate(n, width), theme.notice()),
            None => Line::raw(""),
        });
        let (now, other) = match self.format {
            Format::Markdown => ("Markdown", "plain text"),
            _ => ("Plain text", "Markdown"),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{:<label_w$}", "Format"), theme.dim()),
            Span::styled(now, theme.chosen()),
            Span::styled(
                truncate(
                    &format!("  (f: {other})"),
                    width.saturating_sub(label_w + 10),
                ),
                theme.dim(),
            ),
        ]));
        let room = width.saturating_sub(label_w + 1).max(1);
        let mut path = vec![Span::styled(
            format!("{:<label_w$}", "Save to"),
            theme.dim(),
        )];
        if self.focus == Focus::Path && self.ask.is_none() {
            path.extend(self.path_with_cursor(room, theme));
        } else {
            // The end of a long path matters most: the file name.
            path.push(Span::raw(tail(&self.path, room)));
        }
        lines.push(Line::from(path));
        Paragraph::new(lines).render(area, buf);
    }

    /// The path field while typing: a window of `room` columns around the cursor.
    fn path_with_cursor(&self, room: usize, theme: Theme) -> Vec<Span<'static>> {
        let chars: Vec<char> = self.path.chars().collect();
        let cursor = self.cursor.min(chars.len());
        // Start far enough right that the cursor (and one cell for it) fits.
        let mut start = 0;
        let cw = |cs: &[char]| cs.iter().collect::<String>().width();
        while start < cursor && cw(&chars[start..cursor]) + 1 > room {
            start += 1;
        }
        let before: String = chars[start..cursor].iter().collect();
        let at: String = chars.get(cursor).map_or(" ".into(), |c| c.to_string());
        let mut after = String::new();
        let mut used = before.width() + at.width();
        for c in chars.iter().skip(cursor + 1) {
            let w = c.to_string().width();
            if used + w > room {
                break;
            }
            used += w;
            after.push(*c);
        }
        vec![
            Span::raw(before),
            Span::styled(at, theme.cursor()),
            Span::raw(after),
        ]
    }

    /// What the confirmation says about who can read the file.
    pub fn privacy_line(&self) -> &'static str {
        if self.journal_encrypted {
            "Your journal is locked, but this file will not be: it is plain text that only your account can read."
        } else {
            "Only you will be able to read it."
        }
    }

    fn render_ask(&self, ask: &Ask, theme: Theme, area: Rect, buf: &mut Buffer) {
        let (title, path, question, yes, no) = match ask {
            Ask::Write(p) => (
                "Write this file?",
                p,
                self.privacy_line(),
                " write   ",
                " not yet",
            ),
            Ask::Replace(p) => (
                "That file already exists",
                p,
                "Replace it with this export? Only you will be able to read it.",
                " replace it   ",
                " choose another name",
            ),
        };
        let w = area.width.saturating_sub(4).min(64);
        let text_w = usize::from(w.saturating_sub(4)).max(10);
        let mut lines: Vec<Line> = wrap(&path.display().to_string(), text_w)
            .into_iter()
            .map(|l| Line::styled(l, theme.prompt()))
            .collect();
        let count = |topic: bool| {
            self.rows
                .iter()
                .zip(&self.ticked)
                .filter(|(r, t)| **t && matches!(r, Row::Topic(_)) == topic)
                .count()
        };
        let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
        let (answers, topics) = (count(false), count(true));
        let mut parts = Vec::new();
        if answers > 0 {
            parts.push(plural(answers, "answer"));
        }
        if topics > 0 {
            parts.push(plural(topics, "topic"));
        }
        let what = format!(
            "{}, as {}.",
            parts.join(" and "),
            match self.format {
                Format::Markdown => "Markdown",
                _ => "plain text",
            }
        );
        for l in wrap(&what, text_w)
            .into_iter()
            .chain(wrap(question, text_w))
        {
            lines.push(Line::styled(l, theme.hint()));
        }
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("y", theme.key()),
            Span::raw(yes),
            Span::styled("n", theme.key()),
            Span::raw(no),
        ]));
        let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
        let rect = popup::centered(area, w, h);
        let inside = popup::frame(title, theme, rect, buf);
        Paragraph::new(lines).render(inside, buf);
    }
}

/// The last `width` columns of `text`, with an ellipsis in front if cut.
fn tail(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out: Vec<char> = Vec::new();
    let mut w = 1;
    for c in text.chars().rev() {
        let cw = c.to_string().width();
        if w + cw > width {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out.into_iter().rev().collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::content::Pack;
    use crate::journal::Entry;
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

    fn reflection() -> Reflection {
        let pack = Pack::parse("t.json", super::super::question::tests::PACK).unwrap();
        let mut r = Reflection::new("20250101-000000-aaaa".into(), &pack);
        let q = pack.question("learned").unwrap();
        r.set(
            &pack,
            Some(Entry::text(q, None, "From friends at school")),
            "learned",
        );
        let body = pack.question("body").unwrap();
        r.set(&pack, Entry::structured(body, None, "yes"), "body");
        let t = chrono::DateTime::parse_from_rfc3339("2025-03-01T10:15:00+01:00").unwrap();
        r.started = t;
        r.updated = t;
        r.finished = Some(t);
        r
    }

    fn screen() -> ExportScreen {
        ExportScreen::new(
            reflection(),
            vec!["Feeling at home in your body".into()],
            PathBuf::from("/home/sam/Documents"),
            Some(PathBuf::from("/home/sam")),
        )
    }

    fn typ(s: &mut ExportScreen, text: &str) {
        for c in text.chars() {
            s.update(Action::Type(c));
        }
    }

    #[test]
    fn nothing_is_ticked_to_begin_with_and_the_preview_has_no_answer() {
        let s = screen();
        assert_eq!(s.rows.len(), 3);
        assert!(s.ticked.iter().all(|t| !t));
        assert_eq!(s.selection().only, Some(vec![]));
        assert!(!s.document().contains("From friends"));
        // Joined with the platform's separator (a backslash on Windows).
        assert_eq!(
            std::path::Path::new(&s.path),
            std::path::Path::new("/home/sam/Documents").join("reflection-2025-03-01.md")
        );
    }

    #[test]
    fn ticking_changes_the_preview_to_exactly_the_chosen_answers() {
        let mut s = screen();
        s.update(Action::Tick);
        let d = s.document();
        assert!(d.contains("From friends at school"), "{d}");
        assert!(!d.contains("comfortable"), "{d}");
        assert_eq!(
            d,
            doc::markdown(
                &s.reflection,
                &Selection {
                    only: Some(vec!["learned".into()]),
                    topics: vec![],
                }
            )
        );
        s.update(Action::Down);
        s.update(Action::Down);
        s.update(Action::Tick);
        assert!(s.document().contains("Topics I'd like to talk about"));
        assert!(s.document().contains("Feeling at home in your body"));
        s.update(Action::Up);
        s.update(Action::Up);
        s.update(Action::Tick);
        assert!(!s.document().contains("From friends"));
        s.update(Action::TickAll);
        assert!(s.ticked.iter().all(|t| *t));
        s.update(Action::TickAll);
        assert!(s.ticked.iter().all(|t| !t));
    }

    #[test]
    fn the_preview_follows_what_a_tick_changed() {
        let mut s = screen();
        s.update(Action::Down);
        s.update(Action::Tick);
        let line = s.follow.unwrap();
        let doc = s.document();
        let shown: Vec<&str> = doc.lines().skip(line).take(3).collect();
        assert!(
            shown.iter().any(|l| l.contains("comfortable")),
            "{shown:?} in\n{doc}"
        );
        s.update(Action::PageUp);
        assert_eq!(s.follow, None);
    }

    #[test]
    fn switching_format_changes_the_extension_and_the_preview() {
        let mut s = screen();
        s.update(Action::Tick);
        assert!(s.document().starts_with("# My reflection"));
        s.update(Action::SwitchFormat);
        assert_eq!(s.format, Format::Text);
        assert!(s.path.ends_with("reflection-2025-03-01.txt"), "{}", s.path);
        assert!(s.document().starts_with("My reflection\n====="));
        s.update(Action::SwitchFormat);
        assert!(s.path.ends_with(".md"));
        // A name the person typed is kept; only a matching extension follows.
        s.update(Action::EditPath);
        s.update(Action::ClearField);
        typ(&mut s, "~/for-dana.md");
        s.update(Action::Back);
        s.update(Action::SwitchFormat);
        assert_eq!(s.path, "~/for-dana.txt");
        assert_eq!(s.target(), PathBuf::from("/home/sam/for-dana.txt"));
    }

    #[test]
    fn writing_with_nothing_ticked_says_so_instead_of_exporting() {
        let mut s = screen();
        assert_eq!(s.update(Action::WriteExport), Effect::None);
        assert_eq!(s.note, Some(NOTHING_TICKED));
        assert!(s.ask.is_none());
        // Ticking a topic alone is something to share.
        s.update(Action::Tick);
        assert!(s.note.is_none());
        s.update(Action::EditPath);
        s.update(Action::ClearField);
        assert_eq!(s.update(Action::WriteExport), Effect::None);
        assert_eq!(s.note, Some(NO_PATH));
    }

    #[test]
    fn writing_asks_first_and_an_existing_file_needs_an_explicit_replace() {
        let mut s = screen();
        s.update(Action::Tick);
        let target = PathBuf::from("/home/sam/Documents/reflection-2025-03-01.md");
        assert_eq!(
            s.update(Action::WriteExport),
            Effect::PrepareExport(target.clone())
        );
        // A new file: y writes without force.
        s.ask_to_write(target.clone(), false);
        assert_eq!(s.context(), Context::ConfirmExport);
        assert_eq!(s.update(Action::Tick), Effect::None);
        let bytes = s.document().into_bytes();
        assert_eq!(
            s.update(Action::Confirm),
            Effect::Export {
                path: target.clone(),
                bytes: bytes.clone(),
                force: false
            }
        );
        // It exists: n goes to the file name, nothing written.
        s.ask_to_write(target.clone(), true);
        assert_eq!(s.context(), Context::ConfirmReplace);
        assert_eq!(s.update(Action::Cancel), Effect::None);
        assert_eq!(s.context(), Context::ExportPath);
        // Only an explicit yes replaces it.
        s.ask_to_write(target.clone(), true);
        assert_eq!(s.update(Action::WriteExport), Effect::None);
        assert_eq!(
            s.update(Action::Confirm),
            Effect::Export {
                path: target,
                bytes,
                force: true
            }
        );
    }

    #[test]
    fn the_path_field_edits_in_place_and_esc_leaves_the_screen_only_from_the_list() {
        let mut s = screen();
        s.update(Action::EditPath);
        s.update(Action::ClearField);
        typ(&mut s, "notes.md");
        let left = KeyEvent::new(KeyCode::Left, KeyModifiers::NONE);
        for _ in 0..3 {
            s.update(Action::Edit(left));
        }
        typ(&mut s, "-é");
        assert_eq!(s.path, "notes-é.md");
        s.update(Action::Erase);
        assert_eq!(s.path, "notes-.md");
        assert_eq!(s.update(Action::Back), Effect::None);
        assert_eq!(s.focus, Focus::List);
        assert_eq!(s.update(Action::Back), Effect::LeaveExport);
    }

    #[test]
    fn hidden_follow_ups_never_appear() {
        let pack = Pack::parse("t.json", super::super::question::tests::PACK).unwrap();
        let mut r = reflection();
        let body = pack.question("body").unwrap();
        r.set(&pack, Entry::structured(body, None, "no"), "body");
        let how = pack.question("body-how").unwrap();
        r.set(
            &pack,
            Some(Entry::text(how, Some("body"), "secret")),
            "body-how",
        );
        r.set(&pack, Entry::structured(body, None, "yes"), "body");
        let mut s = ExportScreen::new(r, vec![], PathBuf::from("/d"), None);
        assert_eq!(s.rows.len(), 2);
        s.update(Action::TickAll);
        assert!(!s.document().contains("secret"));
    }

    #[test]
    fn an_encrypted_journal_is_told_the_export_is_plain_text() {
        let mut s = screen();
        assert!(!s.privacy_line().contains("not be"));
        s.journal_encrypted = true;
        assert!(
            s.privacy_line().contains("will not be"),
            "{}",
            s.privacy_line()
        );
        assert!(s.privacy_line().contains("plain text"));
    }
}
