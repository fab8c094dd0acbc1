//! Pack checks for the mistakes a word processor or a first-time author
//! makes, in words a therapist who does not program can act on.
//!
//! Called from [`Pack::parse`](super::Pack::parse): [`clean`] before parsing
//! (a byte order mark, non-breaking spaces), [`explain`] when serde_json
//! refuses the text (curly quotes, `"schema": "1"`, `questions` as a group,
//! misspelt fields, wrong kinds: all in one pass), and [`check_pack`] on a
//! pack that parsed. [`parse_bytes`] adds what only a file can show (its
//! encoding) and a clash with a built-in pack's id.

use std::borrow::Cow;

use serde_json::Value;

mod repair;

use super::span::Spans;
use super::{Pack, PackError, Problem};

/// Text without a UTF-8 byte order mark (Notepad adds one).
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Line and column (1-based, columns in characters) of byte offset `at`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |n| n + 1);
    (line, before[start..].chars().count() + 1)
}

/// A file that is not UTF-8: named as Windows-1252 when it looks like one.
fn not_utf8(name: &str, bytes: &[u8], valid_up_to: usize) -> PackError {
    let head = String::from_utf8_lossy(&bytes[..valid_up_to]);
    let (line, col) = line_col(&head, head.len());
    // Bytes 0x80-0x9F are curly quotes, dashes and the like in Windows-1252
    // and never stand alone in UTF-8; 0xA0-0xFF alone are its accented letters.
    let cp1252 = bytes.iter().any(|b| *b >= 0x80);
    let message = if cp1252 {
        "this file is saved as Windows-1252 (\"ANSI\"), not UTF-8, so its accents and curly quotes cannot be read; save it again choosing the encoding UTF-8 (in Notepad: File, Save As, Encoding: UTF-8)".to_string()
    } else {
        "this file is not UTF-8 text; save it again as UTF-8".to_string()
    };
    PackError {
        file: name.to_string(),
        problems: vec![Problem {
            line,
            col,
            path: String::new(),
            message,
        }],
    }
}

/// Checks on a pack that parsed: `return_to`.
pub(super) fn check_pack(pack: &Pack, at: &mut impl FnMut(String, String)) {
    if let Some(r) = &pack.return_to {
        if r.name.trim().is_empty() {
            at(
                "return_to.name".into(),
                "write the name your clients will recognise you by in \"name\", like \"Dr Sam Rivera\""
                    .into(),
            );
        }
        if crate::keys::parse_recipient(&r.recipient).is_err() {
            at(
                "return_to.recipient".into(),
                "this is not an age public key; paste the line starting age1 that `reflect keys new` printed (never the secret key starting AGE-SECRET-KEY)"
                    .into(),
            );
        }
    }
}

/// Parse a pack file's bytes as `reflect packs validate` does: a UTF-8 BOM is
/// fine, a Windows-1252 file is named as such, and an id a built-in pack
/// already has is reported (adding it would fail).
pub fn parse_bytes(name: &str, bytes: &[u8]) -> Result<Pack, PackError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return Err(not_utf8(name, bytes, e.valid_up_to())),
    };
    let pack = Pack::parse(name, text)?;
    if super::builtin_packs().iter().any(|b| b.id == pack.id) {
        let (line, col) = Spans::index(strip_bom(text)).find("id");
        return Err(PackError {
            file: name.to_string(),
            problems: vec![Problem {
                line,
                col,
                path: "id".into(),
                message: format!(
                    "a built-in pack already uses the id \"{}\"; give your pack a different id, like \"{}-homework\"",
                    pack.id, pack.id
                ),
            }],
        });
    }
    Ok(pack)
}

/// Text ready to parse: a UTF-8 byte order mark dropped (classic Notepad
/// writes one) and non-breaking spaces between values read as plain spaces
/// (a word processor puts them in indentation). Text inside strings is kept.
pub fn clean(text: &str) -> Cow<'_, str> {
    let text = strip_bom(text);
    if !text.contains('\u{a0}') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            out.push(c);
        } else {
            if c == '"' {
                in_string = true;
            }
            out.push(if c == '\u{a0}' { ' ' } else { c });
        }
    }
    Cow::Owned(out)
}

/// serde_json counts columns in bytes; people count characters.
pub fn char_column(text: &str, line: usize, byte_col: usize) -> usize {
    let Some(l) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_col;
    };
    let upto = byte_col.saturating_sub(1).min(l.len());
    let mut cut = upto;
    while cut > 0 && !l.is_char_boundary(cut) {
        cut -= 1;
    }
    l[..cut].chars().count() + 1
}

/// Curly quotes where JSON needs straight ones: one problem per line.
fn curly_quotes(text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut flagged_line = 0;
    let (mut line, mut col) = (1, 0);
    for c in text.chars() {
        col += 1;
        if c == '\n' {
            line += 1;
            col = 0;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' || c == '\n' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if matches!(c, '“' | '”' | '‘' | '’' | '„' | '«' | '»') && flagged_line != line
        {
            flagged_line = line;
            problems.push(Problem {
                line,
                col,
                path: String::new(),
                message: format!(
                    "{c} is a curly quote, but JSON needs straight quotes (\") around every name and text; your editor changed them: turn off \"smart quotes\" and type them again, or replace every “ and ” with \""
                ),
            });
        }
    }
    problems
}

/// Problems serde_json would word in its own terms, found after it refused
/// the text. Where the pack can be repaired in memory (a quoted schema, a
/// misspelt field, an unknown kind) it is, so every remaining problem is
/// reported in the same pass; the repaired pack is returned for the usual
/// checks. No problems found means serde_json's own (reworded) message stands.
pub(super) fn explain(text: &str) -> (Vec<Problem>, Option<Pack>) {
    let curly = curly_quotes(text);
    if !curly.is_empty() {
        return (curly, None);
    }
    let Ok(mut value) = serde_json::from_str::<Value>(text) else {
        return (Vec::new(), None);
    };
    let spans = Spans::index(text);
    let mut f = repair::Fixer::new(&spans);
    f.pack(&mut value);
    let pack = serde_json::from_value::<Pack>(value).ok();
    (f.problems, pack)
}
