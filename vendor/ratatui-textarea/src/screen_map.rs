use crate::cursor::{DataCursor, ScreenCursor};
use crate::textarea::TextArea;
use crate::util::{char_width, num_digits};
use crate::wrap::{WrapMode, WrappedLine, effective_wrap_width, line_ranges};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

#[derive(Debug, Clone, Copy)]
pub(crate) struct ScreenLine {
    pub wrapped: WrappedLine,
    pub screen_width: usize,
    pub cursor_max_col: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DataLine {
    pub first_screen_line: usize,
    pub screen_line_count: usize,
    pub pure_ascii: bool,
}

fn is_pure_ascii(line: &str) -> bool {
    line.is_ascii() && !line.contains('\t')
}

fn char_display_width(c: char, col: usize, tab_len: u8, mask: Option<char>) -> usize {
    // A masked line is drawn as one mask character per char, so each char is as wide as the mask.
    if let Some(mask) = mask {
        char_width(mask)
    } else if c == '\t' {
        let tab = tab_len.max(1) as usize;
        let pad = tab - (col % tab);
        pad.max(1)
    } else {
        char_width(c)
    }
}

fn display_width(text: &str, tab_len: u8, mask: Option<char>) -> usize {
    let mut col = 0usize;
    for c in text.chars() {
        col += char_display_width(c, col, tab_len, mask);
    }
    col
}

fn screen_col_for_char_offset(
    text: &str,
    char_offset: usize,
    tab_len: u8,
    mask: Option<char>,
) -> usize {
    let mut col = 0usize;
    for c in text.chars().take(char_offset) {
        col += char_display_width(c, col, tab_len, mask);
    }
    col
}

fn char_offset_for_screen_col(
    text: &str,
    screen_col: usize,
    tab_len: u8,
    mask: Option<char>,
) -> usize {
    let mut col = 0usize;
    let mut chars = 0usize;
    for c in text.chars() {
        if col >= screen_col {
            break;
        }
        let width = char_display_width(c, col, tab_len, mask);
        if col + width > screen_col {
            break;
        }
        col += width;
        chars += 1;
    }
    chars
}

// Patched for reflect (see VENDORED.md). Upstream rebuilds the screen map from
// every line on every edit: soft-wrapping (Unicode word segmentation) and
// measuring each screen row, which made one keystroke in a 20,000-character
// text cost about 5 ms. An edit changes one line, so the screen rows of each
// line are remembered, keyed by its content and the wrap settings.
thread_local! {
    static LINE_ROWS: RefCell<HashMap<u64, CachedLine>> = RefCell::new(HashMap::new());
}

struct CachedLine {
    text: String,
    pure_ascii: bool,
    rows: Vec<ScreenLine>,
}

/// Entries kept before the cache starts over (a long text has a few hundred lines).
const LINE_ROWS_MAX: usize = 8192;

/// The screen rows of one logical line (numbered `row`), appended to `out`.
/// Returns whether the line is pure ASCII.
fn push_line_rows(
    line: &str,
    row: usize,
    wrap: Option<(WrapMode, usize)>,
    tab_len: u8,
    mask: Option<char>,
    out: &mut Vec<ScreenLine>,
) -> bool {
    let mut h = DefaultHasher::new();
    (line, wrap.map(|(m, w)| (m as u8, w)), tab_len, mask).hash(&mut h);
    let key = h.finish();
    LINE_ROWS.with(|cache| {
        if let Some(c) = cache.borrow().get(&key) {
            // A hash collision must never hand back another line's rows.
            if c.text == line {
                out.extend(c.rows.iter().map(|r| with_row(*r, row)));
                return c.pure_ascii;
            }
        }
        let rows = line_screen_rows(line, wrap, tab_len, mask);
        let pure_ascii = is_pure_ascii(line);
        out.extend(rows.iter().map(|r| with_row(*r, row)));
        let mut cache = cache.borrow_mut();
        if cache.len() >= LINE_ROWS_MAX {
            cache.clear();
        }
        cache.insert(
            key,
            CachedLine {
                text: line.to_string(),
                pure_ascii,
                rows,
            },
        );
        pure_ascii
    })
}

fn with_row(mut line: ScreenLine, row: usize) -> ScreenLine {
    line.wrapped.row = row;
    line
}

/// What upstream computes per line: wrap ranges, then each row's width and
/// the last column the cursor may take in it.
fn line_screen_rows(
    line: &str,
    wrap: Option<(WrapMode, usize)>,
    tab_len: u8,
    mask: Option<char>,
) -> Vec<ScreenLine> {
    let ranges = match wrap {
        Some((mode, width)) => line_ranges(line, mode, width, tab_len, mask),
        None => vec![(0, line.len())],
    };
    let count = ranges.len();
    let mut rows = Vec::with_capacity(count);
    let mut start_col = 0usize;
    for (i, (start_byte, end_byte)) in ranges.into_iter().enumerate() {
        let fragment = &line[start_byte..end_byte];
        let end_col = start_col + fragment.chars().count();
        let wrapped = WrappedLine {
            row: 0,
            start_byte,
            end_byte,
            start_col,
            end_col,
            first_in_row: i == 0,
            last_in_row: i + 1 == count,
        };
        let screen_width = display_width(fragment, tab_len, mask);
        let cursor_max_col = if wrapped.last_in_row {
            screen_width
        } else {
            let char_count = end_col.saturating_sub(start_col);
            screen_col_for_char_offset(fragment, char_count.saturating_sub(1), tab_len, mask)
        };
        rows.push(ScreenLine {
            wrapped,
            screen_width,
            cursor_max_col,
        });
        start_col = end_col;
    }
    rows
}

impl TextArea<'_> {
    pub(crate) fn screen_map_load(&self) {
        let wrap_width = if self.wrap_mode() != WrapMode::None {
            let width = self.area.get().width;
            if width > 0 {
                let line_number_len = self
                    .line_number_style()
                    .map(|_| num_digits(self.lines.len()));
                Some(effective_wrap_width(width, line_number_len))
            } else {
                None
            }
        } else {
            None
        };
        let wrap = wrap_width.map(|w| (self.wrap_mode(), w));

        let mut screen_lines = Vec::with_capacity(self.lines.len());
        let mut data_pointers = Vec::with_capacity(self.lines.len());
        for (row, line) in self.lines.iter().enumerate() {
            let first_screen_line = screen_lines.len();
            let pure_ascii = push_line_rows(
                line,
                row,
                wrap,
                self.tab_length(),
                self.mask_char(),
                &mut screen_lines,
            );
            data_pointers.push(DataLine {
                first_screen_line,
                screen_line_count: screen_lines.len() - first_screen_line,
                pure_ascii,
            });
        }

        *self.screen_lines.borrow_mut() = screen_lines;
        *self.data_pointers.borrow_mut() = data_pointers;
    }

    pub(crate) fn screen_lines_count(&self) -> usize {
        self.screen_lines.borrow().len()
    }

    pub(crate) fn screen_line_width(&self, row: usize) -> usize {
        self.screen_lines.borrow()[row].screen_width
    }

    pub(crate) fn screen_line_max_cursor_col(&self, row: usize) -> usize {
        self.screen_lines.borrow()[row].cursor_max_col
    }

    pub(crate) fn screen_line(&self, row: usize) -> ScreenLine {
        self.screen_lines.borrow()[row]
    }

    pub(crate) fn screen_to_array(&self, screen: ScreenCursor) -> DataCursor {
        if let Some(dc) = screen.dc {
            return dc;
        }

        let line = self.screen_line(screen.row);
        let fragment =
            &self.lines[line.wrapped.row][line.wrapped.start_byte..line.wrapped.end_byte];
        let char_offset =
            char_offset_for_screen_col(fragment, screen.col, self.tab_length(), self.mask_char());
        DataCursor(line.wrapped.row, line.wrapped.start_col + char_offset)
    }

    pub(crate) fn array_to_screen(&self, array: DataCursor) -> ScreenCursor {
        let data_line = &self.data_pointers.borrow()[array.0];
        let screen_lines = self.screen_lines.borrow();

        let mut screen_idx = data_line.first_screen_line;
        for idx in
            data_line.first_screen_line..data_line.first_screen_line + data_line.screen_line_count
        {
            let line = screen_lines[idx];
            let contains = if line.wrapped.last_in_row {
                line.wrapped.start_col <= array.1 && array.1 <= line.wrapped.end_col
            } else {
                line.wrapped.start_col <= array.1 && array.1 < line.wrapped.end_col
            };
            if contains {
                screen_idx = idx;
                break;
            }
        }

        let line = screen_lines[screen_idx];
        let fragment = &self.lines[array.0][line.wrapped.start_byte..line.wrapped.end_byte];
        let char_offset = array.1.saturating_sub(line.wrapped.start_col);
        let col =
            screen_col_for_char_offset(fragment, char_offset, self.tab_length(), self.mask_char());

        ScreenCursor {
            row: screen_idx,
            col,
            char: self.lines[array.0].chars().nth(array.1),
            dc: Some(array),
        }
    }

    pub(crate) fn data_cursor(&self, screen: ScreenCursor) -> DataCursor {
        screen.to_array_cursor(self)
    }

    pub(crate) fn increment_screen_cursor(&self, screen: ScreenCursor) -> ScreenCursor {
        let dc = self.data_cursor(screen);
        self.array_to_screen(DataCursor(dc.0, dc.1 + 1))
    }

    pub(crate) fn decrement_screen_cursor(&self, screen: ScreenCursor) -> ScreenCursor {
        let dc = self.data_cursor(screen);
        self.array_to_screen(DataCursor(dc.0, dc.1 - 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui_core::layout::Rect;

    fn make_textarea(lines: &[&str], wrap_mode: WrapMode, width: u16) -> TextArea<'static> {
        let mut textarea = TextArea::from(lines.iter().copied());
        textarea.set_wrap_mode(wrap_mode);
        textarea.area.set(Rect {
            x: 0,
            y: 0,
            width,
            height: 40,
        });
        textarea.screen_map_load();
        textarea
    }

    fn assert_round_trips(textarea: &TextArea<'_>) {
        for (row, line) in textarea.lines.iter().enumerate() {
            for col in 0..=line.chars().count() {
                let dc = DataCursor(row, col);
                let sc = textarea.array_to_screen(dc);
                assert_eq!(textarea.screen_to_array(sc), dc);

                let detached = ScreenCursor { dc: None, ..sc };
                assert_eq!(textarea.screen_to_array(detached), dc);
                assert_eq!(
                    textarea.array_to_screen(textarea.screen_to_array(detached)),
                    sc
                );
            }
        }
    }

    #[test]
    fn screen_map_round_trips_ascii_word_wrap() {
        let textarea = make_textarea(
            &[
                "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
                "Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.",
            ],
            WrapMode::Word,
            24,
        );

        assert!(textarea.screen_lines_count() > textarea.lines.len());
        assert_round_trips(&textarea);
    }

    #[test]
    fn screen_map_round_trips_cjk_glyph_wrap() {
        let textarea = make_textarea(
            &["混合中文字符和ASCIIabc来验证屏幕坐标与数据坐标的往返转换。"],
            WrapMode::Glyph,
            12,
        );

        assert!(textarea.screen_lines_count() > textarea.lines.len());
        assert_round_trips(&textarea);
    }

    #[test]
    fn screen_map_round_trips_multilingual_word_or_glyph_wrap() {
        let textarea = make_textarea(
            &[
                "ASCII and русский текст can share one buffer.",
                "第二行 mixed-width 内容 with English words.",
            ],
            WrapMode::WordOrGlyph,
            18,
        );

        assert!(textarea.screen_lines_count() > textarea.lines.len());
        assert_round_trips(&textarea);
    }
}
