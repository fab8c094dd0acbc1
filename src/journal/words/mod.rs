//! The word index, `words.bin` (`words.bin.age` in a locked journal): for
//! every word of the journal, the reflections holding it, so a search reads
//! only the files it will show instead of the whole journal.
//!
//! A *term* is a run of letters and digits of the text search matches
//! against: the fields [`search::each_field`] hands over, folded by the same
//! [`fold_into`]. A query word made only of letters and digits can only be
//! found inside one term, so the reflections holding it are exactly those
//! of every term that contains it; a vocabulary of a few thousand terms is
//! scanned for it in well under a millisecond. Several words: all of them.
//! A phrase, or a word with punctuation: every run of letters and digits in
//! it must be in some term, which names the candidates, and only those
//! files are read and checked as before.
//!
//! Never wrong, only slower: each reflection keeps the `(len, mtime_ns,
//! inode)` stamp its file had when it was indexed, as `index.json` rows do,
//! and a reflection whose file differs (or that is not in the index) is
//! searched directly. While `reflections/` itself is unchanged since the
//! index was built no file can differ, and none is looked at. The index is
//! brought up to date after a search that found it stale, re-reading only
//! the files that changed, and written like every cache: atomically, by the
//! lock's holder, encrypted in a locked journal (the terms are the
//! person's own words). A file that is damaged, truncated or from another
//! version fails its checks and is rebuilt.

mod build;
mod format;

use zeroize::{Zeroize, Zeroizing};

use memchr::memmem;

use super::fold::{fold_into, make_room};
use super::search::{self, Query};
use super::store::Store;

pub(super) use build::Shared;
use format::varint;

/// The file's name in a plain journal (`.age` is added in a locked one).
pub(super) const WORDS_FILE: &str = "words.bin";
const MAGIC: &[u8; 8] = b"RFLWORD2";
/// Marks a term's postings as a bitmap (one bit per reflection, in 64-bit
/// little-endian words), kept when smaller than its varints: the words
/// nearly every reflection holds.
const BITMAP: u32 = 1 << 31;

/// One indexed reflection: its id, the form and stamp of its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Doc {
    pub id: String,
    pub age: bool,
    pub stamp: (u64, i64, u64),
}

/// The index in memory. Terms and postings are the person's words, so they
/// are wiped when it is dropped.
#[derive(Default)]
pub struct WordIndex {
    /// `(mtime_ns, inode)` of `reflections/` when it was built, if quiet.
    pub(super) dir: Option<(i64, u64)>,
    /// Newest first, as the journal lists them.
    pub(super) docs: Vec<Doc>,
    /// Every term, each followed by `\n`.
    vocab: Zeroizing<Vec<u8>>,
    /// Where each term starts in `vocab`, and one past the last.
    starts: Vec<u32>,
    /// Each term's postings: where they start in `postings`, and how many
    /// (with [`BITMAP`] set when they are a bitmap rather than varints).
    lists: Vec<(u32, u32)>,
    /// Document numbers as varint gaps.
    postings: Zeroizing<Vec<u8>>,
}

/// A set of document numbers.
#[derive(Debug, Clone)]
pub(super) struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize, full: bool) -> Bits {
        Bits(vec![if full { u64::MAX } else { 0 }; n.div_ceil(64)])
    }
    pub(super) fn get(&self, i: u32) -> bool {
        self.0
            .get(i as usize / 64)
            .is_some_and(|w| w >> (i % 64) & 1 == 1)
    }
    fn set(&mut self, i: u32) {
        if let Some(w) = self.0.get_mut(i as usize / 64) {
            *w |= 1 << (i % 64);
        }
    }
    fn and(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= b);
    }
}

/// What the index says about a query.
pub(super) struct Plan {
    /// Reflections that may match; every other indexed one does not.
    pub cands: Bits,
    /// The candidates are exactly the matches (plain words only).
    pub exact: bool,
}

/// The runs of letters and digits in folded text.
fn runs(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
}

impl WordIndex {
    /// Whether `reflections/` is unchanged since the index was built, so
    /// no file needs a look to trust it.
    pub fn trusted(&self, store: &Store) -> bool {
        self.dir.is_some() && self.dir == store.dir_stamp()
    }

    /// How many reflections it holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The index's answer for `q`, or None if it cannot narrow the search
    /// (no word has a letter or digit).
    pub(super) fn plan(&self, q: &Query) -> Option<Plan> {
        let mut exact = !q.has_phrases();
        let mut cands: Option<Bits> = None;
        for word in q.words() {
            let word = String::from_utf8_lossy(word);
            let mut pieces = 0;
            for piece in runs(&word) {
                pieces += 1;
                if piece.len() != word.len() {
                    exact = false;
                }
                let found = self.holding(piece);
                match &mut cands {
                    Some(c) => c.and(&found),
                    None => cands = Some(found),
                }
            }
            if pieces == 0 {
                exact = false;
            }
        }
        cands.map(|cands| Plan { cands, exact })
    }

    /// The reflections with a term containing `piece`.
    fn holding(&self, piece: &str) -> Bits {
        let mut out = Bits::new(self.docs.len(), false);
        let finder = memmem::Finder::new(piece.as_bytes());
        let mut last = usize::MAX;
        for at in finder.find_iter(&self.vocab) {
            // The term holding `at`: the last start at or before it.
            let t = self.starts.partition_point(|&s| s as usize <= at) - 1;
            if t == last {
                continue;
            }
            last = t;
            self.for_docs(t, &mut out, |out, d| out.set(d));
        }
        out
    }

    /// Hand `each` the documents of term `t`, in order (a bitmap is OR-ed
    /// into `out` whole instead).
    fn for_docs(&self, t: usize, out: &mut Bits, mut each: impl FnMut(&mut Bits, u32)) {
        let Some(&(from, count)) = self.lists.get(t) else {
            return;
        };
        let bytes = self.postings.get(from as usize..).unwrap_or_default();
        if count & BITMAP != 0 {
            for (w, chunk) in out.0.iter_mut().zip(bytes.chunks_exact(8)) {
                *w |= u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            }
            return;
        }
        let mut bytes = bytes;
        let mut doc = 0u32;
        for i in 0..count {
            let Some((gap, rest)) = varint(bytes) else {
                break;
            };
            bytes = rest;
            doc = if i == 0 { gap } else { doc + gap };
            each(out, doc);
        }
    }

    /// For each of `ids` (newest first, as listed), its document number.
    pub(super) fn numbers<'a>(&self, ids: impl Iterator<Item = &'a str>) -> Vec<Option<u32>> {
        let mut d = 0;
        ids.map(|id| {
            // Walk along while both lists go the same way; search otherwise.
            if self.docs.get(d).is_none_or(|doc| doc.id != id) {
                d = self
                    .docs
                    .binary_search_by(|doc| id.cmp(doc.id.as_str()))
                    .unwrap_or(usize::MAX);
            }
            let here = self.docs.get(d).map(|_| d as u32);
            d = d.wrapping_add(1);
            here
        })
        .collect()
    }
}

impl Drop for WordIndex {
    fn drop(&mut self) {
        for d in &mut self.docs {
            d.id.zeroize();
        }
    }
}

/// Hand `each` every term of the reflection stored as `json` (repeats
/// included); None if it does not parse (it is then searched directly).
pub(super) fn each_term(json: &[u8], mut each: impl FnMut(&str)) -> Option<()> {
    let mut folded = Zeroizing::new(String::new());
    search::each_field(json, |field| {
        folded.clear();
        // Grown (if it must be) with the old text wiped first.
        make_room(&mut folded, field);
        fold_into(field, &mut folded);
        runs(&folded).for_each(&mut each);
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The index's terms are folded text, and a query word is matched
    /// against text both as written and folded (`Query::matches`): the two
    /// agree only if folding folded text changes nothing.
    #[test]
    fn folding_twice_is_folding_once() {
        for c in (0..0x2_0000).filter_map(char::from_u32) {
            let once = crate::journal::search::fold(&c.to_string());
            assert_eq!(
                crate::journal::search::fold(&once),
                once,
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn terms_are_folded_runs_of_letters_and_digits() {
        let json = serde_json::to_vec(&serde_json::json!({
            "pack": {"title": "Ask-Yourself"},
            "answers": [
                {"prompt": "Q1?", "answer": "Un CAFÉ, à 3h; naïve e\u{301}"},
                {"prompt": "Hidden", "answer": "secret", "hidden": true},
                {"prompt": "Blank", "answer": "  "}
            ]
        }))
        .unwrap();
        let mut t = Vec::new();
        each_term(&json, |w| t.push(w.to_string())).unwrap();
        t.sort();
        t.dedup();
        assert_eq!(
            t,
            [
                "3h", "a", "ask", "cafe", "e", "naive", "q1", "un", "yourself"
            ]
        );
    }
}
