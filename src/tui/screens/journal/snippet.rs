//! A short line of an answer around the words a search found.

use crate::journal::Reflection;

/// About this many characters of an answer are shown around a match.
const AROUND: usize = 70;
/// …of which at most this many come before the matching word.
const BEFORE: usize = 24;

/// The first answer in `r` that holds the first word of `query` (ignoring
/// case), cut to a short line around it with "…" where it was cut; else the
/// question it was found in.
pub fn snippet(r: &Reflection, query: &str) -> Option<String> {
    let word = query.split_whitespace().next()?.to_lowercase();
    r.answered()
        .find_map(|e| around(&e.answer, &word))
        .or_else(|| {
            r.answered()
                .find_map(|e| around(&e.prompt, &word))
                .map(|p| format!("asked: {p}"))
        })
}

fn around(text: &str, word: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = lower.find(word)?;
    // Lower-casing can change lengths (rarely); then start from the answer's beginning.
    let at = if lower.len() == text.len() && text.is_char_boundary(at) {
        at
    } else {
        0
    };
    let chars_before = text[..at].chars().count();
    let skip = chars_before.saturating_sub(BEFORE);
    let mut out: String = text
        .chars()
        .skip(skip)
        .take(AROUND)
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    // Start and end on whole words where possible.
    if skip > 0 {
        if let Some(space) = out.find(' ').filter(|&i| i < chars_before - skip) {
            out.drain(..=space);
        }
        out.insert(0, '…');
    }
    if text.chars().count() > skip + AROUND {
        if let Some(space) = out.rfind(' ') {
            out.truncate(space);
        }
        out.push('…');
    }
    Some(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_match_is_shown_with_the_words_around_it() {
        let text = "It started years ago, at a school where nobody ever talked about bodies, and it stayed with me for a long time after that.";
        let s = around(text, "nobody").unwrap();
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("nobody ever talked"), "{s}");
        assert!(s.chars().count() <= AROUND + 2, "{s}");
    }

    #[test]
    fn a_short_answer_is_whole_and_newlines_become_spaces() {
        assert_eq!(
            around("From friends\nat School", "school").unwrap(),
            "From friends at School"
        );
        assert!(around("nothing here", "school").is_none());
        // Characters whose lower case is longer do not split a character.
        assert!(around("İİİ school", "school").is_some());
    }
}
