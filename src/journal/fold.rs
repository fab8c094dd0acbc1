//! Folding text for search: Unicode lowercase, the three Greek sigmas as
//! one, accents taken off Latin and Greek letters (so "cafe" finds "café"),
//! combining accents dropped. Every character folds on its own, so the fold
//! of a text is the folds of its pieces put together; [`super::search`]
//! relies on that to search raw JSON.

use memchr::memmem;

/// Fold `s` for searching, appending to `out`: `str::to_lowercase` per
/// character (a final sigma is σ like any other), then accents taken off
/// (see [`strip_accent`]) and combining accents dropped; runs of ASCII are
/// copied and lowercased in bulk. Every character folds on its own, so the
/// fold of a text is the folds of its pieces put together.
pub fn fold_into(s: &str, out: &mut String) {
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = ascii_prefix(rest.as_bytes());
        if ascii > 0 {
            let start = out.len();
            out.push_str(&rest[..ascii]);
            out[start..].make_ascii_lowercase();
            rest = &rest[ascii..];
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            push_folded(c, out);
            rest = chars.as_str();
        }
    }
}

/// [`fold_into`] for bytes that should be UTF-8, into bytes, checked
/// character by character as they are folded (checking the whole text
/// first took as long as folding it). False, with `out` part written, if
/// they are not UTF-8.
pub(crate) fn fold_bytes(bytes: &[u8], out: &mut zeroize::Zeroizing<Vec<u8>>) -> bool {
    use zeroize::Zeroize;
    // The most the fold can write (see `folded_len`), so `out` never grows
    // (and leaves a copy behind) on the way.
    let need = bytes.len() + bytes.len() / 2 + 4;
    if out.capacity() - out.len() < need {
        out.zeroize();
        **out = Vec::with_capacity(need);
    }
    let mut rest = bytes;
    while !rest.is_empty() {
        let ascii = ascii_prefix(rest);
        if ascii > 0 {
            let start = out.len();
            out.extend_from_slice(&rest[..ascii]);
            out[start..].make_ascii_lowercase();
            rest = &rest[ascii..];
        }
        let Some(&lead) = rest.first() else { break };
        let width = match lead {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return false,
        };
        let Some(c) = rest
            .get(..width)
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|s| s.chars().next())
        else {
            return false;
        };
        push_folded(c, &mut **out);
        rest = &rest[width..];
    }
    true
}

/// How many bytes `bytes` starts with that are ASCII, eight at a time.
pub(crate) fn ascii_prefix(bytes: &[u8]) -> usize {
    let mut i = 0;
    while let Some(word) = bytes
        .get(i..i + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
    {
        if u64::from_ne_bytes(word) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(u8::is_ascii) {
        i += 1;
    }
    i
}

/// Blocks without case, whose characters fold to themselves: CJK, kana,
/// Hangul, emoji. Checked first, as they are common and
/// `char::to_lowercase` searches a table.
fn caseless(n: u32) -> bool {
    matches!(n, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0x1F000..=0x1FAFF)
}

/// One character outside ASCII, folded.
pub(crate) fn push_folded(c: char, out: &mut impl Sink) {
    let n = u32::from(c);
    if caseless(n) {
        out.put(c);
        return;
    }
    // An accented Latin letter, either case: its base letter at once.
    if let Some(&b) = n.checked_sub(0xC0).and_then(|i| LATIN.get(i as usize))
        && b != b'.'
    {
        out.put(char::from(b));
        return;
    }
    match c {
        'Σ' | 'ς' => out.put('σ'),
        c => {
            for l in c.to_lowercase() {
                if !is_combining_accent(l) {
                    out.put(strip_accent(l));
                }
            }
        }
    }
}

/// Where folded characters go: a `String`, or the bytes of one.
pub(crate) trait Sink {
    fn put(&mut self, c: char);
}

impl Sink for String {
    fn put(&mut self, c: char) {
        self.push(c);
    }
}

impl Sink for Vec<u8> {
    fn put(&mut self, c: char) {
        self.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    }
}

/// The combining diacritical marks (U+0300–U+036F), dropped by the fold.
pub(crate) fn is_combining_accent(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// Latin letters U+00C0–U+024F whose canonical decomposition is an ASCII
/// letter and accents, as that letter ('.' where there is none: æ, ø, ß,
/// đ, ł and the like are letters of their own). Generated from Unicode's
/// decompositions.
const LATIN: &[u8; 400] = b"aaaaaa.ceeeeiiii.nooooo..uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.yaaaaaaccccccccdd..eeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll....nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzz.................................oo.............uu............................aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa....aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............................";

/// The same for Latin Extended Additional, U+1E00–U+1EFF (Vietnamese, Welsh).
const LATIN_ADDITIONAL: &[u8; 256] = b"aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwy......aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......";

/// A lowercase letter without its accent: é → e, ő → o, ά → α. Letters
/// that are letters of their own (ø, æ, ß, and every other script) stay.
pub fn strip_accent(c: char) -> char {
    let table = |t: &[u8], at: u32| match t.get(at as usize) {
        Some(&b) if b != b'.' => char::from(b),
        _ => c,
    };
    match u32::from(c) {
        n @ 0xC0..=0x24F => table(LATIN, n - 0xC0),
        n @ 0x1E00..=0x1EFF => table(LATIN_ADDITIONAL, n - 0x1E00),
        _ => match c {
            'ά' => 'α',
            'έ' => 'ε',
            'ή' => 'η',
            'ί' | 'ΐ' | 'ϊ' => 'ι',
            'ό' => 'ο',
            'ύ' | 'ΰ' | 'ϋ' => 'υ',
            'ώ' => 'ω',
            c => c,
        },
    }
}

/// Whether folding `bytes` (UTF-8) could turn something that is not ASCII
/// into ASCII: it holds a lead byte of U+00C0–U+037F (Latin letters with
/// accents, U+0130 İ, combining accents), of U+1E00–U+1EFF, or U+212A.
pub(crate) fn folds_to_ascii(bytes: &[u8]) -> bool {
    // Chunks OR-ed without branching, so the compiler can vectorise.
    let lead = bytes.chunks(64).any(|c| {
        c.iter()
            .fold(false, |a, &b| a | (b.wrapping_sub(0xC3) < 11))
    });
    lead || memchr::memchr_iter(0xE1, bytes).any(|i| matches!(bytes.get(i + 1), Some(0xB8..=0xBB)))
        || memmem::find(bytes, "\u{212A}".as_bytes()).is_some()
}

/// The most bytes [`fold_into`] can write for `s`: no character's
/// lowercase takes more than one and a half times its bytes (İ, Ⱥ).
pub(crate) fn folded_len(s: &str) -> usize {
    s.len() + s.len() / 2 + 4
}

/// [`fold_into`] a new string, allocated once at its final size (so no copy
/// of the text is left behind in a freed, unwiped allocation).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(folded_len(s));
    fold_into(s, &mut out);
    out
}

/// Make room for folding `s` into `buf`, wiping the old allocation first
/// if a larger one is needed.
pub(crate) fn make_room(buf: &mut zeroize::Zeroizing<String>, s: &str) {
    reserve_wiped(buf, folded_len(s));
}

/// Make room for `need` more bytes in `buf`, wiping the old allocation if
/// a larger one is needed.
pub(crate) fn reserve_wiped(buf: &mut zeroize::Zeroizing<String>, need: usize) {
    use zeroize::Zeroize;
    if buf.capacity() - buf.len() < need {
        let mut grown = String::with_capacity(buf.len() + need);
        grown.push_str(buf);
        buf.zeroize();
        **buf = grown;
    }
}

/// [`fold_into`], with every run of white space written as one space and
/// none at either end, as phrases are matched.
pub(crate) fn fold_words_into(s: &str, out: &mut String) {
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        fold_into(w, out);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn fold_is_lowercase_with_one_sigma_and_no_accents() {
        assert_eq!(fold("Från SKOLAN, 学校 🌱"), "fran skolan, 学校 🌱");
        assert_eq!(fold("ΟΔΟΣ οδος οδοσ"), "οδοσ οδοσ οδοσ");
        assert_eq!(fold("\u{212A}elvin İ"), "kelvin i");
        assert_eq!(fold("Ünïcödé AND ascii ÉÀ"), "unicode and ascii ea");
        // Accents written as combining marks go too.
        assert_eq!(fold("Cafe\u{301} NAI\u{308}VE"), "cafe naive");
        assert_eq!(fold("Ἀγάπη ΆΓΑΠΗ Tiếng Việt"), "ἀγαπη αγαπη tieng viet");
        // Letters of their own stay: ø, æ, ß, ł, and every other script.
        assert_eq!(
            fold("Øl Æble Straße Łódź Йогурт"),
            "øl æble straße łodz йогурт"
        );
    }

    #[test]
    fn the_fold_tables_agree_with_unicode_decompositions() {
        // Spot checks against NFD (generated tables, read by hand here).
        for (c, base) in [
            ('à', 'a'),
            ('ç', 'c'),
            ('ñ', 'n'),
            ('ÿ', 'y'),
            ('ā', 'a'),
            ('ő', 'o'),
            ('ž', 'z'),
            ('ǎ', 'a'),
            ('ș', 's'),
            ('ȳ', 'y'),
            ('ḁ', 'a'),
            ('ỹ', 'y'),
            ('ø', 'ø'),
            ('æ', 'æ'),
            ('ß', 'ß'),
            ('đ', 'đ'),
            ('ł', 'ł'),
            ('×', '×'),
        ] {
            assert_eq!(strip_accent(c), base, "{c}");
        }
    }

    #[test]
    fn the_shortcuts_of_the_fold_agree_with_the_long_way() {
        for c in (0x80..0x2_0000).filter_map(char::from_u32) {
            let mut quick = String::new();
            push_folded(c, &mut quick);
            let slow: String = c
                .to_lowercase()
                .filter(|&l| !is_combining_accent(l))
                .map(|l| {
                    if c == 'Σ' || c == 'ς' {
                        'σ'
                    } else {
                        strip_accent(l)
                    }
                })
                .collect();
            assert_eq!(quick, slow, "U+{:04X}", u32::from(c));
        }
        let text = "Ünïcödé AND ascii ÉÀ 学校 🌱 ΟΔΟΣ \u{212A} Cafe\u{301} long ascii run here";
        let mut out = zeroize::Zeroizing::new(Vec::new());
        assert!(fold_bytes(text.as_bytes(), &mut out));
        assert_eq!(*out, fold(text).into_bytes());
        assert!(!fold_bytes(
            b"ok \xff no",
            &mut zeroize::Zeroizing::new(Vec::new())
        ));
        assert!(!fold_bytes(
            b"cut \xc3",
            &mut zeroize::Zeroizing::new(Vec::new())
        ));
        assert_eq!(ascii_prefix(b"abcdefghij\xc3\xa9"), 10);
        assert_eq!(ascii_prefix("abcdefgh".as_bytes()), 8);
        assert_eq!(ascii_prefix("é".as_bytes()), 0);
    }
}
