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

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use memchr::memmem;
use zeroize::{Zeroize, Zeroizing};

use super::files::stamp;
use super::fold::{fold_into, make_room};
use super::index::QUIET_NS;
use super::search::{self, Query};
use super::store::{Form, Store, split_name};

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

    /// The index as bytes: see [`WordIndex::decode`].
    fn encode(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(
            64 + self.docs.len() * 48
                + self.vocab.len()
                + self.lists.len() * 8
                + self.postings.len(),
        ));
        out.extend_from_slice(MAGIC);
        let (m, i) = self.dir.unwrap_or((0, 0));
        out.push(u8::from(self.dir.is_some()));
        out.extend_from_slice(&m.to_le_bytes());
        out.extend_from_slice(&i.to_le_bytes());
        out.extend_from_slice(&(self.docs.len() as u32).to_le_bytes());
        for d in &self.docs {
            out.push(u8::from(d.age));
            out.extend_from_slice(&(d.id.len() as u16).to_le_bytes());
            out.extend_from_slice(d.id.as_bytes());
            out.extend_from_slice(&d.stamp.0.to_le_bytes());
            out.extend_from_slice(&d.stamp.1.to_le_bytes());
            out.extend_from_slice(&d.stamp.2.to_le_bytes());
        }
        out.extend_from_slice(&(self.lists.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.vocab.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.vocab);
        for &(_, count) in &self.lists {
            out.extend_from_slice(&count.to_le_bytes());
        }
        out.extend_from_slice(&(self.postings.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.postings);
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// The index written by [`WordIndex::encode`], or None if the bytes are
    /// not one (damaged, cut short, another version): every length is
    /// checked, the whole is checksummed, and every posting must name a
    /// reflection of the index in increasing order.
    pub(super) fn decode(bytes: &[u8]) -> Option<WordIndex> {
        let body_len = bytes.len().checked_sub(8)?;
        let (body, sum) = bytes.split_at(body_len);
        if checksum(body).to_le_bytes() != sum {
            return None;
        }
        let mut r = Reader(body);
        if r.take(8)? != MAGIC {
            return None;
        }
        let has_dir = r.take(1)?[0] == 1;
        let (m, i) = (r.i64()?, r.u64()?);
        let ndocs = r.u32()? as usize;
        let mut docs = Vec::with_capacity(ndocs.min(body.len() / 27));
        for _ in 0..ndocs {
            let age = r.take(1)?[0] == 1;
            let len = usize::from(u16::from_le_bytes(r.take(2)?.try_into().ok()?));
            let id = std::str::from_utf8(r.take(len)?).ok()?.to_string();
            let stamp = (r.u64()?, r.i64()?, r.u64()?);
            docs.push(Doc { id, age, stamp });
        }
        if !docs.is_sorted_by(|a, b| a.id > b.id) {
            return None;
        }
        let nterms = r.u32()? as usize;
        let vlen = r.u32()? as usize;
        let vocab = Zeroizing::new(r.take(vlen)?.to_vec());
        let mut starts = Vec::with_capacity(nterms.min(vlen) + 1);
        starts.push(0);
        for at in memchr::memchr_iter(b'\n', &vocab) {
            starts.push(u32::try_from(at + 1).ok()?);
        }
        if starts.len() != nterms + 1 || vocab.last().is_some_and(|&b| b != b'\n') {
            return None;
        }
        let mut counts = Vec::with_capacity(nterms);
        for _ in 0..nterms {
            counts.push(r.u32()?);
        }
        let plen = r.u32()? as usize;
        let postings = Zeroizing::new(r.take(plen)?.to_vec());
        if !r.0.is_empty() {
            return None;
        }
        // Every list must be whole and in range, so a search can trust it.
        let words = ndocs.div_ceil(64);
        let mut lists = Vec::with_capacity(nterms);
        let mut rest: &[u8] = &postings;
        for count in counts {
            let from = u32::try_from(postings.len() - rest.len()).ok()?;
            if count & BITMAP != 0 {
                let (map, tail) = rest.split_at_checked(words * 8)?;
                rest = tail;
                let mut ones = 0;
                for (k, chunk) in map.chunks_exact(8).enumerate() {
                    let w = u64::from_le_bytes(chunk.try_into().ok()?);
                    // No bit past the last reflection.
                    if k + 1 == words && !ndocs.is_multiple_of(64) && w >> (ndocs % 64) != 0 {
                        return None;
                    }
                    ones += w.count_ones();
                }
                if ones != count & !BITMAP {
                    return None;
                }
            } else {
                let mut doc = 0u32;
                for k in 0..count {
                    let (gap, tail) = varint(rest)?;
                    rest = tail;
                    doc = if k == 0 {
                        gap
                    } else {
                        doc.checked_add(gap).filter(|_| gap > 0)?
                    };
                    if doc as usize >= ndocs {
                        return None;
                    }
                }
            }
            lists.push((from, count));
        }
        if !rest.is_empty() {
            return None;
        }
        Some(WordIndex {
            dir: has_dir.then_some((m, i)),
            docs,
            vocab,
            starts,
            lists,
            postings,
        })
    }

    /// Each term with the documents holding it, in order.
    fn each_list(&self, mut each: impl FnMut(&[u8], Vec<u32>)) {
        for t in 0..self.lists.len() {
            let (Some(&s), Some(&e)) = (self.starts.get(t), self.starts.get(t + 1)) else {
                continue;
            };
            let term = &self.vocab[s as usize..e as usize - 1];
            let mut list = Vec::new();
            let mut map = Bits::new(self.docs.len(), false);
            self.for_docs(t, &mut map, |_, d| list.push(d));
            if self.lists.get(t).is_some_and(|l| l.1 & BITMAP != 0) {
                list.extend((0..self.docs.len() as u32).filter(|&d| map.get(d)));
            }
            each(term, list);
        }
    }
}

/// A term's bytes, wiped when dropped.
#[derive(PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Term(Vec<u8>);

impl std::borrow::Borrow<[u8]> for Term {
    fn borrow(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// An index under construction: terms, each with the slots (reflections,
/// in the order they will be numbered) holding it.
#[derive(Default)]
struct Builder {
    ids: HashMap<Term, u32>,
    lists: Vec<Vec<u32>>,
}

impl Builder {
    fn list(&mut self, term: &[u8]) -> &mut Vec<u32> {
        let next = self.lists.len() as u32;
        let id = match self.ids.get(term) {
            Some(&id) => id,
            None => {
                self.ids.insert(Term(term.to_vec()), next);
                self.lists.push(Vec::new());
                next
            }
        };
        &mut self.lists[id as usize]
    }

    /// The index, numbering the slots kept (`keep[slot]`) in order.
    fn finish(self, dir: Option<(i64, u64)>, docs: Vec<Doc>, keep: &[bool]) -> WordIndex {
        let mut number = Vec::with_capacity(keep.len());
        let mut n = 0u32;
        for &k in keep {
            number.push(n);
            n += u32::from(k);
        }
        let Builder { ids, mut lists } = self;
        let mut terms: Vec<(Term, u32)> = ids.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut index = WordIndex::default();
        index.dir = dir;
        index.docs = docs;
        index.starts.push(0);
        // The terms are the person's words: the room for them is taken at
        // once, so no copy is left behind in a freed, unwiped allocation.
        index
            .vocab
            .reserve_exact(terms.iter().map(|(t, _)| t.0.len() + 1).sum());
        for (term, id) in terms {
            let list = &mut lists[id as usize];
            list.sort_unstable();
            list.dedup();
            list.retain(|&s| keep.get(s as usize) == Some(&true));
            if list.is_empty() {
                continue;
            }
            index.vocab.extend_from_slice(&term.0);
            index.vocab.push(b'\n');
            index.starts.push(index.vocab.len() as u32);
            let from = index.postings.len();
            let mut last = 0;
            for (k, &slot) in list.iter().enumerate() {
                let d = number[slot as usize];
                put_varint(&mut index.postings, if k == 0 { d } else { d - last });
                last = d;
            }
            let mut count = list.len() as u32;
            let words = (n as usize).div_ceil(64);
            if index.postings.len() - from > words * 8 {
                // Smaller as a bitmap.
                let mut map = Bits::new(n as usize, false);
                for &slot in list.iter() {
                    map.set(number[slot as usize]);
                }
                index.postings.truncate(from);
                for w in &map.0 {
                    index.postings.extend_from_slice(&w.to_le_bytes());
                }
                count |= BITMAP;
            }
            index.lists.push((from as u32, count));
        }
        index
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

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn varint(bytes: &[u8]) -> Option<(u32, &[u8])> {
    let mut v = 0u32;
    for (i, &b) in bytes.iter().enumerate().take(5) {
        v |= u32::from(b & 0x7f).checked_shl(7 * i as u32)?;
        if b < 0x80 {
            return Some((v, &bytes[i + 1..]));
        }
    }
    None
}

/// A quick 64-bit checksum (eight bytes a step), to tell a damaged file.
fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = bytes.len() as u64 ^ K;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap_or_default());
        h = (h ^ w).wrapping_mul(K).rotate_left(29);
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(K).rotate_left(29);
    }
    h ^ (h >> 31)
}

/// `(len, mtime_ns, inode)` of a file.
type FileStamp = (u64, i64, u64);

/// The index as last read, shared by a store and its readers, with the
/// stamp of the file it was read from.
#[derive(Default)]
pub(super) struct Shared {
    loaded: Mutex<Option<(FileStamp, Arc<WordIndex>)>>,
    updating: AtomicBool,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Shared")
    }
}

impl Store {
    fn words_path(&self) -> PathBuf {
        let name = if self.encrypted {
            format!("{WORDS_FILE}.age")
        } else {
            WORDS_FILE.to_string()
        };
        self.dir.join(name)
    }

    /// The word index on disk, if there is a sound one (kept in memory for
    /// as long as its file is unchanged).
    pub fn word_index(&self) -> Option<Arc<WordIndex>> {
        let path = self.words_path();
        let st = stamp(&fs::symlink_metadata(&path).ok()?);
        if let Ok(guard) = self.words.loaded.lock()
            && let Some((s, index)) = guard.as_ref()
            && *s == st
        {
            return Some(Arc::clone(index));
        }
        let bytes = self.read_cache_bytes(&path, self.form_of_index()).ok()?;
        let index = Arc::new(WordIndex::decode(&bytes)?);
        if let Ok(mut guard) = self.words.loaded.lock() {
            *guard = Some((st, Arc::clone(&index)));
        }
        Some(index)
    }

    /// Whether `doc`'s file is still the one indexed.
    pub(super) fn unchanged(&self, doc: &Doc) -> bool {
        let path = if doc.age {
            self.age_path_of(&doc.id)
        } else {
            self.path_of(&doc.id)
        };
        let Some(meta) = path.and_then(|p| fs::symlink_metadata(p).ok()) else {
            return false;
        };
        // In a locked journal the encrypted form is read first: a plain
        // leftover indexed while it was alone no longer counts once it is not.
        if !doc.age && self.encrypted && self.age_path_of(&doc.id).is_some_and(|p| p.exists()) {
            return false;
        }
        stamp(&meta) == doc.stamp
    }

    /// Build the word index, or bring it up to date, reading only the
    /// reflections that changed since it was built, and write it (if this
    /// handle holds the lock or can borrow it). Returns the index, or None
    /// if the journal could not be read.
    pub fn update_word_index(&self) -> Option<Arc<WordIndex>> {
        if self.check_unlocked().is_err() || self.words.updating.swap(true, Ordering::AcqRel) {
            return None;
        }
        let built = self.build_words();
        self.words.updating.store(false, Ordering::Release);
        let index = built?;
        let _ = self.write_cache(&self.dir, WORDS_FILE, &index.encode());
        let index = Arc::new(index);
        // Remembered only once written (with the stamp of what was written).
        let st = fs::symlink_metadata(self.words_path())
            .ok()
            .map(|m| stamp(&m));
        if let (Some(st), Ok(mut guard)) = (st, self.words.loaded.lock()) {
            *guard = Some((st, Arc::clone(&index)));
        }
        Some(index)
    }

    fn build_words(&self) -> Option<WordIndex> {
        let rdir = self.reflections_dir();
        let (_, dmtime, dino) = stamp(&fs::metadata(&rdir).ok()?);
        let quiet = chrono::Utc::now()
            .timestamp_nanos_opt()
            .is_some_and(|now| now - dmtime > QUIET_NS);
        let dir = quiet.then_some((dmtime, dino));
        let old = self.word_index();
        // The files now, one per id (the journal's own form wins).
        let preferred = self.form_of_index();
        let mut files: HashMap<String, (String, Form)> = HashMap::new();
        for ent in fs::read_dir(&rdir).ok()?.filter_map(|e| e.ok()) {
            let name = ent.file_name().to_string_lossy().into_owned();
            let Some((id, form)) = split_name(&name) else {
                continue;
            };
            match files.get(id) {
                Some((_, f)) if *f == preferred => {}
                _ => {
                    files.insert(id.to_string(), (name.clone(), form));
                }
            }
        }
        let mut ids: Vec<(String, (String, Form))> = files.into_iter().collect();
        ids.sort_unstable_by(|a, b| b.0.cmp(&a.0));
        // Stat first, read after: a file replaced in between then has a
        // stamp unlike the one recorded, and is searched directly.
        let mut docs = Vec::with_capacity(ids.len());
        let mut to_read = Vec::new();
        // For each document of the old index, its slot in the new one if
        // its file is unchanged.
        let mut carried = vec![None; old.as_ref().map_or(0, |o| o.docs.len())];
        let mut at = 0;
        for (id, (name, form)) in ids {
            let Ok(meta) = fs::symlink_metadata(rdir.join(&name)) else {
                continue;
            };
            let doc = Doc {
                id,
                age: form == Form::Age,
                stamp: stamp(&meta),
            };
            let slot = docs.len() as u32;
            let same = old.as_ref().and_then(|o| {
                // Both lists are newest first: walk along the old one.
                while o.docs.get(at).is_some_and(|d| d.id > doc.id) {
                    at += 1;
                }
                (o.docs.get(at) == Some(&doc)).then_some(at)
            });
            match same {
                Some(o) => carried[o] = Some(slot),
                None => to_read.push((slot, name, form)),
            }
            docs.push(doc);
        }
        let mut keep = vec![true; docs.len()];
        let mut all = Builder::default();
        if let Some(o) = &old {
            o.each_list(|term, list| {
                let moved: Vec<u32> = list
                    .into_iter()
                    .filter_map(|d| carried.get(d as usize).copied().flatten())
                    .collect();
                if !moved.is_empty() {
                    all.list(term).extend(moved);
                }
            });
        }
        for (part, bad) in self.read_terms(&rdir, &to_read) {
            for s in bad {
                keep[s as usize] = false;
            }
            let Builder { ids, mut lists } = part;
            for (term, id) in ids {
                all.list(&term.0).append(&mut lists[id as usize]);
            }
        }
        // Files that could not be read or parsed are left out: a search
        // reads them directly and names them, as it always has.
        let mut k = 0;
        docs.retain(|_| {
            k += 1;
            keep[k - 1]
        });
        Some(all.finish(dir, docs, &keep))
    }

    /// The terms of each file in `list` (`(slot, name, form)`), on every
    /// core: a builder per part, and the slots that could not be indexed.
    fn read_terms(
        &self,
        rdir: &std::path::Path,
        list: &[(u32, String, Form)],
    ) -> Vec<(Builder, Vec<u32>)> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let chunk = list.len().div_ceil(threads).max(1);
        let work = |part: &[(u32, String, Form)]| {
            let mut b = Builder::default();
            let mut bad = Vec::new();
            for (slot, name, form) in part {
                let parsed = self
                    .read_bytes(&rdir.join(name), *form)
                    .ok()
                    .and_then(|bytes| {
                        each_term(&bytes, |t| {
                            let l = b.list(t.as_bytes());
                            if l.last() != Some(slot) {
                                l.push(*slot);
                            }
                        })
                    });
                if parsed.is_none() {
                    bad.push(*slot);
                }
            }
            (b, bad)
        };
        std::thread::scope(|scope| {
            let running: Vec<_> = list
                .chunks(chunk)
                .map(|part| {
                    std::thread::Builder::new()
                        .spawn_scoped(scope, move || work(part))
                        .map_err(|_| part)
                })
                .collect();
            running
                .into_iter()
                .map(|r| match r {
                    Ok(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                    Err(part) => work(part),
                })
                .collect()
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        for v in [0, 1, 127, 128, 300, 1 << 20, u32::MAX] {
            let mut b = Vec::new();
            put_varint(&mut b, v);
            assert_eq!(varint(&b), Some((v, &[][..])));
        }
        assert_eq!(varint(&[0x80, 0x80]), None);
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

    #[test]
    fn an_index_survives_encoding_and_any_damage_is_caught() {
        let docs = (0..3)
            .map(|i| Doc {
                id: format!("2026010{}-000000-aaaa", 3 - i),
                age: false,
                stamp: (1, 2, 3),
            })
            .collect();
        let mut b = Builder::default();
        b.list(b"cafe").push(0);
        b.list(b"pressure").extend([0, 1]);
        b.list(b"partner").push(2);
        let index = b.finish(Some((5, 6)), docs, &[true; 3]);
        let bytes = index.encode();
        let back = WordIndex::decode(&bytes).unwrap();
        assert_eq!(back.docs, index.docs);
        assert_eq!(back.dir, Some((5, 6)));
        let q = Query::new("ress").unwrap();
        let p = back.plan(&q).unwrap();
        assert!(p.exact && p.cands.get(0) && p.cands.get(1) && !p.cands.get(2));
        // A word in nearly every reflection is kept as a bitmap.
        let many: Vec<Doc> = (0..200)
            .map(|i| Doc {
                id: format!("{:08}", 1000 - i),
                age: false,
                stamp: (0, 0, 0),
            })
            .collect();
        let mut b = Builder::default();
        b.list(b"pressure").extend((0..200).filter(|d| d % 7 != 3));
        b.list(b"rare").extend([5, 150]);
        let keep: Vec<bool> = (0..200).map(|d| d != 10).collect();
        let big = b.finish(
            None,
            many.into_iter().filter(|d| d.id != "00000990").collect(),
            &keep,
        );
        assert!(big.lists[0].1 & BITMAP != 0 && big.lists[1].1 & BITMAP == 0);
        let back = WordIndex::decode(&big.encode()).unwrap();
        let p = back.plan(&Query::new("pressure").unwrap()).unwrap();
        let want: Vec<u32> = (0..200u32)
            .filter(|d| d % 7 != 3 && *d != 10)
            .map(|d| if d > 10 { d - 1 } else { d })
            .collect();
        let got: Vec<u32> = (0..199).filter(|&d| p.cands.get(d)).collect();
        assert_eq!(got, want);
        let mut lists = Vec::new();
        back.each_list(|t, l| lists.push((t.to_vec(), l)));
        assert_eq!(lists[0], (b"pressure".to_vec(), want));
        assert_eq!(lists[1], (b"rare".to_vec(), vec![5, 149]));
        for cut in 0..bytes.len() {
            assert!(WordIndex::decode(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        for at in 0..bytes.len() {
            let mut bad = bytes.to_vec();
            bad[at] ^= 0x10;
            assert!(WordIndex::decode(&bad).is_none(), "flip at {at}");
        }
    }
}
