//! Markdown that reads as plain text in the raw file and renders the person's
//! words exactly: only what CommonMark would misread is escaped.
//!
//! A backslash goes before an ASCII punctuation character only where that
//! character could start or end formatting: emphasis, code, links, raw HTML,
//! entities, and the block markers a line can start with (`#`, `>`, `-`,
//! `+`, `*`, `=`, `1.`, fences). `1. first` becomes `1\. first`, while
//! `and_under_scores`, `C++` and `a - b` stay as they are.

use std::fmt::Write as _;

use super::{Meta, Selection, chosen, date, follows_on_from};
use crate::journal::Reflection;

/// One reflection as Markdown: title, pack, date, each chosen question and answer.
pub(super) fn reflection(out: &mut String, r: &Reflection, sel: &Selection, meta: &Meta) {
    let _ = write!(
        out,
        "# My reflection\n\n**Pack:** {}  \n**Date:** {}\n",
        inline(&r.pack.title),
        date(r)
    );
    if let Some(name) = meta.name() {
        // The line above ends in a hard break only when another line follows.
        out.pop();
        let _ = writeln!(out, "  \n**From:** {}", inline(name));
    }
    for e in chosen(r, sel) {
        let _ = write!(out, "\n## {}\n\n", inline(&e.prompt));
        if let Some(parent) = follows_on_from(r, e) {
            let _ = write!(out, "*Follows on from:* {}\n\n", inline(parent));
        }
        let _ = writeln!(out, "{}", block(&e.readable()));
    }
}

/// The topics the person chose to talk about.
pub(super) fn topics(out: &mut String, topics: &[String]) {
    if topics.is_empty() {
        return;
    }
    out.push_str("\n## Topics I'd like to talk about\n\n");
    for t in topics {
        let _ = writeln!(out, "- {}", inline(t));
    }
}

/// Text for a heading or a list item: one line, escaped.
pub fn inline(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = escape_line(&one_line);
    // A heading's closing `#`s are dropped: keep a trailing run of them.
    let trailing = out.chars().rev().take_while(|c| *c == '#').count();
    if trailing > 0 && trailing < out.chars().count() {
        let keep = out.len() - trailing;
        if out[..keep].ends_with([' ', '\t']) {
            out.insert(keep, '\\');
        }
    }
    out
}

/// Free text as Markdown paragraphs: blank lines separate paragraphs, each
/// line break is kept as a hard break, and leading and trailing spaces on a
/// line are dropped (Markdown would drop or misread them).
pub fn block(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut paragraphs: Vec<Vec<String>> = vec![Vec::new()];
    for line in s.lines() {
        let line = line.trim();
        if line.is_empty() {
            if paragraphs.last().is_some_and(|p| !p.is_empty()) {
                paragraphs.push(Vec::new());
            }
        } else if let Some(p) = paragraphs.last_mut() {
            p.push(escape_line(line));
        }
    }
    paragraphs
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.join("  \n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The text a person reads back from [`block`]: what a Markdown reader shows.
pub fn normalise(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut paragraphs: Vec<Vec<&str>> = vec![Vec::new()];
    for line in s.lines() {
        let line = line.trim();
        if line.is_empty() {
            if paragraphs.last().is_some_and(|p| !p.is_empty()) {
                paragraphs.push(Vec::new());
            }
        } else if let Some(p) = paragraphs.last_mut() {
            p.push(line);
        }
    }
    paragraphs
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// One line (already trimmed) with what CommonMark would misread escaped.
fn escape_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let block_marker = block_marker_at(&chars);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let escape = Some(i) == block_marker
            || match c {
                '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
                '*' | '`' | '[' => true,
                // Inside a word (snake_case) an underscore is never emphasis.
                '_' => {
                    !(prev.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric))
                }
                // Raw HTML and autolinks: `<` then a letter, `/`, `!` or `?`.
                '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || "/!?".contains(n)),
                // Entities: `&amp;`, `&#38;`.
                '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
                // Strikethrough in common extensions.
                '~' => prev == Some('~') || next == Some('~'),
                _ => false,
            };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Where a line would start a block (heading, quote, list, rule, fence,
/// setext underline): the index of the character to escape.
fn block_marker_at(chars: &[char]) -> Option<usize> {
    let first = *chars.first()?;
    let blank_after = |i: usize| chars.get(i).is_none_or(|c| *c == ' ' || *c == '\t');
    let only = |set: &str| chars.iter().all(|c| set.contains(*c));
    match first {
        '>' => Some(0),
        // A heading: one to six `#` then a space or the end.
        '#' => {
            let run = chars.iter().take_while(|c| **c == '#').count();
            (run <= 6 && blank_after(run)).then_some(0)
        }
        // A list item, or a rule / setext underline made of dashes.
        '-' | '+' => (blank_after(1) || (first == '-' && only("- \t"))).then_some(0),
        // A setext underline.
        '=' => only("= \t").then_some(0),
        d if d.is_ascii_digit() => {
            let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
            match chars.get(digits) {
                Some('.' | ')') if digits <= 9 && blank_after(digits + 1) => Some(digits),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn only_what_would_be_misread_is_escaped() {
        assert_eq!(block("1. first\n2) second"), "1\\. first  \n2\\) second");
        assert_eq!(block("- one"), "\\- one");
        assert_eq!(block("and_under_scores"), "and_under_scores");
        assert_eq!(block("C++ and a - b, 3.5 > 2"), "C++ and a - b, 3.5 > 2");
        assert_eq!(block("_this_ and *that*"), "\\_this\\_ and \\*that\\*");
        assert_eq!(block("<b>&amp; [x](y)"), "\\<b>\\&amp; \\[x](y)");
        assert_eq!(block("# hi\n> quote"), "\\# hi  \n\\> quote");
        assert_eq!(block("2024 was hard. 10"), "2024 was hard. 10");
        assert_eq!(
            block("-5 degrees\n+1 to that\n#tag"),
            "-5 degrees  \n+1 to that  \n#tag"
        );
        assert_eq!(block("word\n---\n==="), "word  \n\\---  \n\\===");
        assert_eq!(inline("Why me? #"), "Why me? \\#");
    }
}
