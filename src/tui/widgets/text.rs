//! Word wrapping that knows wide characters, so layout heights are exact.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Wrap `text` to `width` columns: at spaces where possible, inside a word when
/// it is longer than a line. Explicit newlines are kept, and punctuation stays
/// with its word (a line never starts with the comma that ended the last one).
///
/// Widths are those of whole graphemes, as ratatui draws them: an emoji
/// sequence joined with ZWJ (👨‍👩‍👧) or a flag is never split, and a wrapped
/// line never starts with the spaces at which it was broken.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    text.split('\n')
        .flat_map(|para| wrap_paragraph(para.strip_suffix('\r').unwrap_or(para), width))
        .collect()
}

fn wrap_paragraph(para: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_w = 0;
    let mut rest = para;
    loop {
        // The spaces before a word, then the word.
        let gap_len = rest.len() - rest.trim_start_matches(' ').len();
        let (gap, after) = rest.split_at(gap_len);
        if after.is_empty() {
            break;
        }
        let word_len = after.find(' ').unwrap_or(after.len());
        let (word, next) = after.split_at(word_len);
        rest = next;
        let (gap_w, word_w) = (gap.width(), word.width());
        if line_w + gap_w + word_w <= width {
            line.push_str(gap);
            line.push_str(word);
            line_w += gap_w + word_w;
            continue;
        }
        // The spaces at a break are dropped: the next line starts with the word.
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line_w = 0;
        }
        if word_w <= width {
            line.push_str(word);
            line_w = word_w;
            continue;
        }
        // Longer than a line: split between graphemes.
        for g in word.graphemes(true) {
            let w = g.width();
            if line_w + w > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0;
            }
            line.push_str(g);
            line_w += w;
        }
    }
    lines.push(line);
    lines
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// Cut `text` to one line of at most `width` columns, with an ellipsis if cut.
pub fn truncate(text: &str, width: usize) -> String {
    let first = text.lines().next().unwrap_or("");
    let more = text.lines().nth(1).is_some();
    if first.width() <= width && !more {
        return first.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in first.graphemes(true) {
        let gw = g.width();
        if w + gw + 1 > width {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out.push('…');
    out
}

/// `text` padded with spaces to `width` columns (wide characters counted as two).
pub fn pad(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_splits_long_words_and_wide_characters() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("学校学校学", 4), ["学校", "学校", "学"]);
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn emoji_sequences_are_never_split_and_widths_match_the_drawing() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let lines = wrap(&format!("{family}{family}{family}"), 4);
        assert_eq!(lines, [format!("{family}{family}"), family.to_string()]);
        let flag = "🏳\u{fe0f}\u{200d}🌈";
        assert_eq!(
            wrap(&format!("a {family} b {flag} c"), 4),
            [format!("a {family}"), format!("b {flag}"), "c".into()]
        );
        for l in wrap(&format!("{family} 学校 🌱 words {flag} and more words"), 7) {
            assert!(l.width() <= 7, "{l:?}");
        }
    }

    #[test]
    fn a_wrapped_line_never_starts_with_a_space() {
        let lines = wrap("one two   three four five", 9);
        assert_eq!(lines, ["one two", "three", "four five"]);
        assert!(lines.iter().all(|l| !l.starts_with(' ')));
        // Spaces inside a line, and at the start of a paragraph, are the writer's.
        assert_eq!(wrap("  indented   gap", 20), ["  indented   gap"]);
    }

    #[test]
    fn punctuation_stays_with_its_word() {
        assert_eq!(
            wrap("can examine you, look", 15),
            ["can examine", "you, look"]
        );
        assert_eq!(wrap("it's fine.", 5), ["it's", "fine."]);
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("a longer line", 6), "a lon…");
        assert_eq!(truncate("two\nlines", 10), "two…");
    }
}
