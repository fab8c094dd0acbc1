//! Pack checks for the mistakes a word processor or a first-time author
//! makes, in words a therapist who does not program can act on.
//!
//! Called from [`Pack::parse`](super::Pack::parse): [`check_pack`] on a pack
//! that parsed; [`before_parse`] on text that did not (or to clean text up
//! first).

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
                    "a built-in pack already has the id \"{}\"; choose another, like \"{}-homework\"",
                    pack.id, pack.id
                ),
            }],
        });
    }
    Ok(pack)
}
