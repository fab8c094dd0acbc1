//! Drawing the export screen: the checklist, the preview (the file, byte
//! for byte), where it goes, and the y / n questions.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::{Ask, ExportScreen, Focus, Row};
use crate::tui::screens::journal::date;
use crate::tui::theme::Theme;
use crate::tui::widgets::popup;
use crate::tui::widgets::scroll;
use crate::tui::widgets::text::{truncate, wrap};

impl ExportScreen {
    pub fn render(&self, theme: Theme, area: Rect, buf: &mut Buffer) {
        let inner = Rect {
            x: area.x + 2,
            y: area.y + 1,
            width: area.width.saturating_sub(4),
            height: area.height.saturating_sub(1),
        };
        let width = usize::from(inner.width);
        let title = match self.reflections.as_slice() {
            [r] => format!("Export · {}, {}", r.pack.title, date(&r.started)),
            rs => format!("Export · {} reflections", rs.len()),
        };
        let head = vec![
            Line::styled(truncate(&title, width), theme.title()),
            Line::styled(
                truncate(
                    "Tick what to share; nothing else leaves your journal.",
                    width,
                ),
                theme.hint(),
            ),
        ];
        Paragraph::new(head).render(inner, buf);

        // The choices at the bottom; a note (or a blank line) above them.
        let foot_h = self.choices_height(width);
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
        self.render_choices(theme, foot, buf);

        if let Some(ask) = &self.ask {
            self.render_ask(ask, theme, area, buf);
        }
    }

    /// The checklist as lines (and whether each is a heading), with the
    /// line each row starts on. With several reflections, each one's
    /// answers come under its title and date.
    fn list_lines(&self, width: usize) -> (Vec<(Line<'_>, bool)>, Vec<usize>) {
        let mut lines: Vec<(Line, bool)> = Vec::new();
        let mut starts = Vec::new();
        if !self.rows.iter().any(|r| matches!(r, Row::Answer { .. })) {
            lines.push((Line::raw("  No answers to share yet."), false));
        }
        let several = self.reflections.len() > 1;
        let heading = |lines: &mut Vec<(Line, bool)>, text: &str| {
            if !lines.is_empty() {
                lines.push((Line::raw(""), false));
            }
            for l in wrap(text, width.saturating_sub(2)) {
                lines.push((Line::raw(format!("  {l}")), true));
            }
        };
        let mut topics_heading = false;
        let mut last_item = None;
        for (i, row) in self.rows.iter().enumerate() {
            let text = match row {
                Row::Answer { prompt, item, .. } => {
                    if several && last_item != Some(*item) {
                        last_item = Some(*item);
                        if let Some(r) = self.reflections.get(*item) {
                            heading(
                                &mut lines,
                                &format!("{}, {}", r.pack.title, date(&r.started)),
                            );
                        }
                    }
                    prompt
                }
                Row::Topic(t) => {
                    if !topics_heading {
                        topics_heading = true;
                        heading(&mut lines, "Topics I'd like to talk about");
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
        // The last column is the scrollbar's.
        let width = usize::from(area.width.saturating_sub(1));
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
        let len = lines.len();
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
        let edge = Rect {
            x: area.right().saturating_sub(1),
            width: 1,
            ..area
        };
        scroll::bar(len, first, theme, edge, buf);
    }

    fn render_preview(&self, theme: Theme, area: Rect, buf: &mut Buffer, rule: bool) {
        if area.height == 0 {
            return;
        }
        let width = usize::from(area.width);
        let encrypted;
        let label = match self.recipient() {
            Some(rt) => {
                encrypted = format!("Preview: encrypted for {}", rt.name);
                encrypted.as_str()
            }
            None => "Preview: exactly what the file holds",
        };
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
            // The last columns are the scrollbar's.
            lines.extend(wrap(l, width.saturating_sub(2)).into_iter().map(Line::raw));
        }
        let max = u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .saturating_sub(body.height);
        self.max_scroll.set(max);
        self.preview_h.set(body.height);
        let scroll = follow_at
            .map_or(self.scroll, |at| u16::try_from(at).unwrap_or(u16::MAX))
            .min(max);
        self.shown_scroll.set(scroll);
        let len = lines.len();
        Paragraph::new(lines).scroll((scroll, 0)).render(body, buf);
        let edge = Rect {
            x: body.right().saturating_sub(1),
            width: 1,
            ..body
        };
        scroll::bar(len, usize::from(scroll), theme, edge, buf);
    }

    /// What the confirmation says about who can read the file.
    pub fn privacy_line(&self) -> String {
        if let Some(rt) = self.recipient() {
            format!(
                "Encrypted for {}: only they can open it, with their key.",
                rt.name
            )
        } else if self.journal_encrypted {
            "Your journal is locked, but this file will not be: it is plain text that only your account can read.".into()
        } else {
            "Only you will be able to read it.".into()
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
                format!("Replace it with this export? {}", self.privacy_line()),
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
        let from = match self.picked().len() {
            n if n > 1 && answers > 0 => format!(" from {n} reflections"),
            _ => String::new(),
        };
        let what = format!("{}{from}, as {}.", parts.join(" and "), self.format.name());
        for l in wrap(&what, text_w)
            .into_iter()
            .chain(wrap(&question, text_w))
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
