//! Word wrapping that knows wide characters, so layout heights are exact.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Wrap `text` to `width` columns: at spaces where possible, inside a word when
/// it is longer than a line. Explicit newlines are kept, and punctuation stays
/// with its word (a line never starts with the comma that ended the last one).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let opts = textwrap::Options::new(width.max(1))
        .break_words(true)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
    text.split('\n')
        .flat_map(|para| {
            textwrap::wrap(para, &opts)
                .into_iter()
                .map(|l| l.trim_end().to_string())
                .collect::<Vec<_>>()
        })
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
