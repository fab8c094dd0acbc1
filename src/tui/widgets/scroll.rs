//! One scroll for every list and reader (house style #2).
//!
//! Up/Down move a line, PgUp/PgDn a page (the view's height less one, so a
//! line of context stays), Home/End (g/G) to the ends. The limits are learned
//! at render, never fixed: a screen calls `fit` with what it is drawing, and
//! the next key moves within that. `Reader` scrolls text; `List` moves a
//! selection and shifts the view only when the selection leaves it.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget};

use crate::tui::action::Action;
use crate::tui::theme::Theme;

fn page(view: usize) -> usize {
    view.saturating_sub(1).max(1)
}

/// A reader's position: the first line shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reader {
    offset: Cell<usize>,
    /// Lines of content and lines that fit, learned at the last render
    /// (zero before the first: then nothing limits a move until it is drawn).
    len: Cell<usize>,
    view: Cell<usize>,
}

impl Reader {
    pub fn offset(&self) -> usize {
        self.offset.get()
    }

    /// Lines that fit, as learned at the last render (0 before it).
    pub fn view(&self) -> usize {
        self.view.get()
    }

    fn max(&self) -> usize {
        if self.view.get() == 0 {
            usize::MAX
        } else {
            self.len.get().saturating_sub(self.view.get())
        }
    }

    /// Scroll for a reader's key; false if `action` is not a scrolling one.
    pub fn apply(&mut self, action: &Action) -> bool {
        let o = self.offset.get();
        let p = page(self.view.get());
        let to = match action {
            Action::Up => o.saturating_sub(1),
            Action::Down => o.saturating_add(1),
            Action::PageUp => o.saturating_sub(p),
            Action::PageDown => o.saturating_add(p),
            Action::Top => 0,
            Action::Bottom => usize::MAX,
            _ => return false,
        };
        self.offset.set(to.min(self.max()));
        true
    }

    /// At render: `len` lines of content, `view` of them fit. The first line to show.
    pub fn fit(&self, len: usize, view: usize) -> usize {
        self.len.set(len);
        self.view.set(view);
        let o = self.offset.get().min(self.max());
        self.offset.set(o);
        o
    }

    /// Whether the content was longer than its view when last drawn.
    pub fn overflows(&self) -> bool {
        self.len.get() > self.view.get()
    }
}

/// A list's selection and the first row shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct List {
    pub selected: usize,
    offset: Cell<usize>,
    view: Cell<usize>,
}

impl List {
    /// A list with `selected` highlighted.
    pub fn at(selected: usize) -> List {
        List {
            selected,
            ..List::default()
        }
    }

    /// Move the selection for a list's key among `len` rows; false if
    /// `action` is not a moving one.
    pub fn apply(&mut self, action: &Action, len: usize) -> bool {
        let last = len.saturating_sub(1);
        let s = self.selected;
        let p = page(self.view.get());
        self.selected = match action {
            Action::Up => s.saturating_sub(1),
            Action::Down => s.saturating_add(1),
            Action::PageUp => s.saturating_sub(p),
            Action::PageDown => s.saturating_add(p),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        }
        .min(last);
        true
    }

    /// At render: `len` rows, `view` of them fit. The first row to show; it
    /// moves only as far as needed to keep the selection in view.
    pub fn fit(&self, len: usize, view: usize) -> usize {
        self.fit_with(len, view, self.selected)
    }

    /// Like `fit`, also showing rows from `from` (a heading above the
    /// selection) when the view has to move up to the selection.
    pub fn fit_with(&self, len: usize, view: usize, from: usize) -> usize {
        self.fit_row(len, view, self.selected, from)
    }

    /// Like `fit_with`, for a list drawn with rows between its items
    /// (headings): the selection is drawn on row `row`.
    pub fn fit_row(&self, len: usize, view: usize, row: usize, from: usize) -> usize {
        self.view.set(view);
        let mut o = self.offset.get().min(len.saturating_sub(view));
        if row < o {
            o = from.min(row);
        } else if view > 0 && row >= o + view {
            o = row + 1 - view;
        }
        self.offset.set(o);
        o
    }

    /// The first row shown at the last render.
    pub fn offset(&self) -> usize {
        self.offset.get()
    }
}

/// A scrollbar on the right edge of `area` when `len` lines do not fit in it.
pub fn bar(len: usize, offset: usize, theme: Theme, area: Rect, buf: &mut Buffer) {
    let view = usize::from(area.height);
    if len <= view || area.width == 0 {
        return;
    }
    let mut state = ScrollbarState::new(len.saturating_sub(view) + 1)
        .viewport_content_length(view)
        .position(offset);
    Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .begin_symbol(None)
        .end_symbol(None)
        .track_symbol(Some("│"))
        .thumb_symbol("┃")
        .style(theme.border())
        .render(area, buf, &mut state);
}

/// "12–30 of 300": where a view of `view` rows from `offset` sits in `len`.
pub fn position(offset: usize, view: usize, len: usize) -> String {
    let last = (offset + view).min(len);
    format!("{}–{last} of {len}", (offset + 1).min(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_pages_by_its_height_less_one_and_stops_at_the_ends() {
        let mut r = Reader::default();
        assert_eq!(r.fit(100, 10), 0);
        r.apply(&Action::PageDown);
        assert_eq!(r.offset(), 9);
        r.apply(&Action::Bottom);
        assert_eq!(r.offset(), 90);
        r.apply(&Action::Down);
        assert_eq!(r.offset(), 90);
        r.apply(&Action::PageUp);
        assert_eq!(r.offset(), 81);
        r.apply(&Action::Top);
        assert_eq!(r.offset(), 0);
        assert!(!r.apply(&Action::Choose));
        assert!(r.overflows());
    }

    #[test]
    fn a_reader_learns_a_smaller_window_at_render() {
        let mut r = Reader::default();
        r.apply(&Action::Bottom);
        assert_eq!(r.fit(30, 10), 20);
        assert_eq!(r.fit(30, 40), 0);
        assert!(!r.overflows());
    }

    #[test]
    fn a_list_moves_its_view_only_when_the_selection_leaves_it() {
        let mut l = List::default();
        assert_eq!(l.fit(300, 10), 0);
        for _ in 0..9 {
            l.apply(&Action::Down, 300);
        }
        assert_eq!(l.fit(300, 10), 0);
        l.apply(&Action::Down, 300);
        assert_eq!(l.fit(300, 10), 1);
        l.apply(&Action::PageDown, 300);
        assert_eq!(l.selected, 19);
        l.apply(&Action::Bottom, 300);
        assert_eq!((l.selected, l.fit(300, 10)), (299, 290));
        l.apply(&Action::Up, 300);
        assert_eq!(l.fit(300, 10), 290);
        l.apply(&Action::Top, 300);
        assert_eq!((l.selected, l.fit(300, 10)), (0, 0));
        assert!(l.apply(&Action::Down, 0));
        assert_eq!(l.selected, 0);
    }

    #[test]
    fn a_list_with_headings_keeps_the_heading_above_the_selection_in_view() {
        // Rows: heading 0, items 1-3, heading 4, items 5-7; a view of 3 rows.
        let l = List::default();
        assert_eq!(l.fit_row(8, 3, 7, 7), 5);
        // Back up to the first item under the second heading: the heading shows too.
        assert_eq!(l.fit_row(8, 3, 5, 5), 5);
        assert_eq!(l.fit_row(8, 3, 3, 3), 3);
        assert_eq!(l.fit_row(8, 3, 1, 0), 0);
    }

    #[test]
    fn position_reads_like_a_person_would_say_it() {
        assert_eq!(position(11, 19, 300), "12–30 of 300");
        assert_eq!(position(290, 19, 300), "291–300 of 300");
        assert_eq!(position(0, 10, 0), "0–0 of 0");
    }
}
