//! The choices under the checklist: the format, a name or initials, whether
//! the file is encrypted for the therapist, and where it goes; how they
//! change the file name, and how they are drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::{ExportScreen, Focus, Format};
use crate::export as doc;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{truncate, wrap};

const AGE: &str = ".age";
const LABEL_W: usize = 9;

/// A format as the choice line shows it: "Plain text", "Markdown".
pub fn format_label(f: Format) -> String {
    let name = f.name();
    let mut cs = name.chars();
    cs.next()
        .map(|c| c.to_uppercase().chain(cs).collect())
        .unwrap_or_default()
}

impl ExportScreen {
    /// The format after `self.format`, in the order offered.
    pub fn next_format(&self) -> Format {
        let all = Format::ALL;
        let at = all.iter().position(|f| *f == self.format).unwrap_or(0);
        all[(at + 1) % all.len()]
    }

    /// How many lines the choices take at `width`: a note (or a blank line),
    /// wrapped to at most three; the encryption line only when the questions
    /// name someone.
    pub(super) fn choices_height(&self, width: usize) -> u16 {
        let note = u16::try_from(self.note_lines(width).len()).unwrap_or(1);
        note + if self.recipients.is_empty() { 3 } else { 4 }
    }

    /// The note, wrapped (never cut: it says what to do).
    fn note_lines(&self, width: usize) -> Vec<String> {
        match self.note {
            Some(n) => {
                let mut lines = wrap(n, width.max(1));
                lines.truncate(3);
                lines
            }
            None => vec![String::new()],
        }
    }

    pub(super) fn set_default_path(&mut self) {
        let Some(newest) = self.reflections.last() else {
            return;
        };
        let mut name = doc::default_file_name(newest, self.format);
        if self.recipient().is_some() {
            name = doc::encrypted_file_name(&name);
        }
        self.path.set(self.folder.join(name).display().to_string());
    }

    pub(super) fn switch_format(&mut self) {
        let old = self.format;
        // Line numbers differ between formats: start the preview from the top.
        self.follow = None;
        self.scroll = 0;
        self.format = self.next_format();
        if !self.path_edited {
            self.set_default_path();
            return;
        }
        // A name the person typed keeps its name; only the extension follows the format.
        let typed = self.path.text.clone();
        let (plain, age) = match typed.strip_suffix(AGE) {
            Some(p) => (p, AGE),
            None => (typed.as_str(), ""),
        };
        if let Some(stem) = plain.strip_suffix(&format!(".{}", old.extension())) {
            self.path
                .set(format!("{stem}.{}{age}", self.format.extension()));
        }
    }

    /// Off, then each therapist the questions name in turn (with one, on and off).
    pub(super) fn toggle_encrypt(&mut self) {
        if self.recipients.is_empty() {
            return;
        }
        self.encrypt_for = match self.encrypt_for {
            None => Some(0),
            Some(i) if i + 1 < self.recipients.len() => Some(i + 1),
            Some(_) => None,
        };
        self.follow_encryption();
    }

    /// The file name says whether the file is encrypted: `.age` on or off.
    pub(super) fn follow_encryption(&mut self) {
        if !self.path_edited {
            self.set_default_path();
            return;
        }
        let typed = self.path.text.clone();
        match (self.recipient().is_some(), typed.strip_suffix(AGE)) {
            (true, None) => self.path.set(doc::encrypted_file_name(&typed)),
            (false, Some(plain)) => self.path.set(plain.to_string()),
            _ => {}
        }
    }

    pub(super) fn render_choices(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width);
        let room = width.saturating_sub(LABEL_W + 1).max(1);
        let label = |s: &str| Span::styled(format!("{s:<LABEL_W$}"), theme.dim());
        let hint = |s: String, used: usize| {
            Span::styled(truncate(&s, width.saturating_sub(used)), theme.dim())
        };
        let mut lines = Vec::new();
        for l in self.note_lines(width) {
            lines.push(Line::styled(l, theme.notice()));
        }

        let now = truncate(&format_label(self.format), room);
        let used = LABEL_W + now.width();
        lines.push(Line::from(vec![
            label("Format"),
            Span::styled(now, theme.chosen()),
            hint(format!("  (f: {})", self.next_format().name()), used),
        ]));

        let typing = self.ask.is_none();
        let mut name = vec![label("Name")];
        if self.focus == Focus::Name && typing {
            name.extend(self.name.spans(room, theme));
        } else if self.name.text.trim().is_empty() {
            name.push(hint(
                "none  (n: your name or initials, if you like)".into(),
                LABEL_W,
            ));
        } else {
            name.push(Span::raw(truncate(&self.name.text, room)));
        }
        lines.push(Line::from(name));

        if !self.recipients.is_empty() {
            let mut enc = vec![label("Encrypt")];
            match self.recipient() {
                Some(rt) => {
                    let now = truncate(&format!("for {}", rt.name), room);
                    let used = LABEL_W + now.width();
                    enc.push(Span::styled(now, theme.chosen()));
                    let other = if self.recipients.len() > 1 {
                        "  (x: someone else, or off)"
                    } else {
                        "  (x: turn off)"
                    };
                    enc.push(hint(other.into(), used));
                }
                None => enc.push(hint(
                    format!(
                        "no, plain text  (x: encrypt for {})",
                        self.recipients.first().map_or("", |r| r.name.as_str())
                    ),
                    LABEL_W,
                )),
            }
            lines.push(Line::from(enc));
        }

        let mut path = vec![label("Save to")];
        if self.focus == Focus::Path && typing {
            path.extend(self.path.spans(room, theme));
        } else {
            // The end of a long path matters most: the file name, as it
            // will be written (an encrypted one always ends in `.age`).
            let shown = match self.recipient() {
                Some(_) => doc::encrypted_file_name(&self.path.text),
                None => self.path.text.clone(),
            };
            path.push(Span::raw(tail(&shown, room)));
        }
        lines.push(Line::from(path));
        Paragraph::new(lines).render(area, buf);
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
