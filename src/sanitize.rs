//! Text that reflect did not write itself, made safe to print to a terminal.
//!
//! Pack titles and prompts come from whoever wrote the pack, and answers may
//! hold anything that was pasted. A terminal acts on control characters: an
//! escape sequence can retitle the window, write the clipboard (OSC 52) or
//! redraw what is on screen, and bidirectional overrides can make text read
//! differently from what it is. Every printing path passes such text through
//! here first; newlines and tabs are kept where the format needs them.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal: every control character (C0, DEL,
/// C1) other than newline and tab, and the bidirectional embedding, override
/// and isolate characters.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character removed; newlines and tabs kept.
/// A carriage return before a newline goes, a lone one becomes a newline.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    Cow::Owned(text.chars().filter(|c| !is_unsafe(*c)).collect())
}

/// `text` for one line of output (a title in a list): unsafe characters
/// removed, and newlines and tabs turned into spaces.
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) || c == '\n' || c == '\t') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        sanitize(text)
            .chars()
            .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
            .collect(),
    )
}

/// JSON text with every unsafe character written as a `\\uXXXX` escape:
/// the same JSON to a program, nothing a terminal acts on. (serde_json
/// already escapes C0; DEL, C1 and bidirectional overrides it writes raw.)
pub fn escape_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_unsafe) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_lose_their_escape_and_cannot_act() {
        let osc52 = "ok\u{1b}]52;c;aGk=\u{7}done";
        assert_eq!(sanitize(osc52), "ok]52;c;aGk=done");
        assert_eq!(sanitize("\u{9b}31m red"), "31m red");
        assert_eq!(sanitize("a\u{7f}b\u{0}c"), "abc");
    }

    #[test]
    fn newlines_and_tabs_stay_and_carriage_returns_cannot_overwrite_a_line() {
        assert_eq!(sanitize("one\n\ttwo"), "one\n\ttwo");
        assert_eq!(sanitize("safe\rEVIL"), "safe\nEVIL");
        assert_eq!(sanitize("a\r\nb"), "a\nb");
        assert_eq!(sanitize_line("a\nb\tc\u{1b}"), "a b c");
    }

    #[test]
    fn bidirectional_overrides_go_and_ordinary_text_is_not_copied() {
        assert_eq!(sanitize("abc\u{202E}fed"), "abcfed");
        assert_eq!(sanitize("x\u{2066}y\u{2069}"), "xy");
        assert!(matches!(sanitize("Héllo, 世界 👋"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_its_meaning_but_loses_what_a_terminal_would_act_on() {
        let raw = serde_json::to_string("a\u{9b}b\u{202e}c\u{1b}").unwrap();
        let safe = escape_json(&raw);
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "a\u{9b}b\u{202e}c\u{1b}");
    }
}
