//! The word index's file: what is written, read back and checked, and the
//! builder that puts an index together.

use std::collections::HashMap;

use zeroize::{Zeroize, Zeroizing};

use super::{BITMAP, Bits, Doc, MAGIC, WordIndex};

impl WordIndex {
    /// The index as bytes: see [`WordIndex::decode`].
    pub(super) fn encode(&self) -> Zeroizing<Vec<u8>> {
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
    pub(super) fn each_list(&self, mut each: impl FnMut(&[u8], Vec<u32>)) {
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
pub(super) struct Builder {
    ids: HashMap<Term, u32>,
    lists: Vec<Vec<u32>>,
}

impl Builder {
    pub(super) fn list(&mut self, term: &[u8]) -> &mut Vec<u32> {
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

    /// Take in the lists of `other` (a builder of other slots).
    pub(super) fn merge(&mut self, other: Builder) {
        let Builder { ids, mut lists } = other;
        for (term, id) in ids {
            if let Some(list) = lists.get_mut(id as usize) {
                self.list(&term.0).append(list);
            }
        }
    }

    /// The index, numbering the slots kept (`keep[slot]`) in order.
    pub(super) fn finish(
        self,
        dir: Option<(i64, u64)>,
        docs: Vec<Doc>,
        keep: &[bool],
    ) -> WordIndex {
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

pub(super) fn varint(bytes: &[u8]) -> Option<(u32, &[u8])> {
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    use crate::journal::search::Query;

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
