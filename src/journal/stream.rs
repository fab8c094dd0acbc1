//! The search as a person waits for it: matches handed over as they are
//! found, newest first, on every core, until the reader has enough or the
//! search is cancelled. Used by the Journal screen and `reflect search`.

use std::collections::BTreeMap;
use std::fs::File;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use zeroize::Zeroizing;

use super::search::{Query, Scratch, Verdict};
use super::{LoadProblem, Store, StoreError, Summary};

/// What [`Store::search_stream`] searches: anything that names a reflection.
pub trait Named {
    fn id(&self) -> &str;
}

impl Named for Summary {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Named for String {
    fn id(&self) -> &str {
        self
    }
}

impl Store {
    /// The ids of every reflection file, newest first (ids sort by start
    /// time), straight from the folder: for `reflect search`, which needs no
    /// more than that to start, and at 100,000 reflections would otherwise
    /// wait for the index to be read.
    pub fn ids_newest_first(&self) -> Result<Vec<String>, StoreError> {
        self.check_unlocked()?;
        let dir = self.reflections_dir();
        let rd = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(StoreError::Io {
                    action: "reading",
                    path: dir,
                    source,
                });
            }
        };
        let mut ids: Vec<String> = rd
            .filter_map(|e| {
                let name = e.ok()?.file_name().into_string().ok()?;
                if name.starts_with('.') {
                    return None;
                }
                let id = name
                    .strip_suffix(".json.age")
                    .or_else(|| name.strip_suffix(".json"))?;
                Some(id.to_string())
            })
            .collect();
        ids.sort_unstable_by(|a, b| b.cmp(a));
        // Both forms of one id, while a journal is being locked or unlocked.
        ids.dedup();
        Ok(ids)
    }
}

/// What [`Store::search_stream`] hands over, in the journal's order.
#[derive(Debug)]
pub enum Found<T> {
    /// The reflection at `pos` in the list searched matches; `item` is what
    /// the caller's `prepare` made of it.
    Hit { pos: usize, item: T },
    /// A file that could not be read or searched (left untouched).
    Problem(LoadProblem),
}

/// How a streamed search ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finished {
    /// Matches handed over.
    pub hits: usize,
    /// Whether every reflection was searched (not stopped or cancelled).
    pub complete: bool,
    /// The word index was missing or behind the journal: worth bringing up
    /// to date ([`Store::update_word_index`]) once the reader is served.
    pub stale: bool,
}

/// What the word index says about one reflection.
enum Step {
    /// Read it and look (not indexed, changed since, or a phrase).
    Scan,
    /// It does not match.
    Skip,
    /// It matches.
    Hit,
}

/// Files per piece of work: small enough that the first matches come within
/// a millisecond or two, large enough that handing pieces out costs nothing.
const BLOCK: usize = 32;

impl Store {
    /// Search `among` (a listing, newest first) for `query` and hand each
    /// match to `each` as soon as it and every reflection before it in
    /// `among` have been searched: newest first, like the list, whatever the
    /// order the cores finish in. `prepare` runs on the searching thread for
    /// every match, with the reflection's bytes (decrypted, in memory only),
    /// to make what `each` needs (a snippet, or nothing).
    ///
    /// Stops early, leaving the rest unsearched, when `each` says
    /// [`ControlFlow::Break`] (`--limit`, a closed pipe) or `cancel` is set
    /// (the next key in the Journal's search box): nothing more is handed
    /// over once it is seen, and the searching threads stop at their next file.
    pub fn search_stream<S: Named + Sync, T: Send>(
        &self,
        query: &Query,
        among: &[S],
        cancel: &AtomicBool,
        prepare: impl Fn(&S, &[u8]) -> T + Sync,
        each: impl FnMut(Found<T>) -> ControlFlow<()>,
    ) -> Result<Finished, StoreError> {
        self.search_stream_with(query, among, cancel, || true, prepare, each)
    }

    /// [`Store::search_stream`], for a caller that needs a match's bytes
    /// only while `wants_bytes` says so (the Journal makes snippets for the
    /// first few hundred). The word index (`words.bin`, see `words/`) names the
    /// matches of plain words without reading their files; once
    /// `wants_bytes` is false, `prepare` is handed no bytes for those.
    pub fn search_stream_with<S: Named + Sync, T: Send>(
        &self,
        query: &Query,
        among: &[S],
        cancel: &AtomicBool,
        wants_bytes: impl Fn() -> bool + Sync,
        prepare: impl Fn(&S, &[u8]) -> T + Sync,
        mut each: impl FnMut(Found<T>) -> ControlFlow<()>,
    ) -> Result<Finished, StoreError> {
        self.check_unlocked()?;
        let index = self.word_index();
        let now_dir = self.dir_stamp();
        let trusted = index
            .as_ref()
            .is_some_and(|i| i.dir.is_some() && i.dir == now_dir);
        let plan = index.as_ref().and_then(|i| i.plan(query));
        // Missing, or not trusted as a whole though it could now be.
        let quiet = now_dir.is_some_and(|(m, _)| {
            chrono::Utc::now()
                .timestamp_nanos_opt()
                .is_some_and(|now| now - m > super::index::QUIET_NS)
        });
        let stale = AtomicBool::new(index.is_none() || (!trusted && quiet));
        // Each piece of work looks up its own reflections' numbers, so a
        // first screenful costs a few pieces, not the whole listing.
        let numbers = |part: &[S]| match (&index, &plan) {
            (Some(i), Some(_)) => i.numbers(part.iter().map(Named::id)),
            _ => Vec::new(),
        };
        let step = |numbers: &[Option<u32>], at: usize| -> Step {
            let (Some(i), Some(p)) = (&index, &plan) else {
                return Step::Scan;
            };
            let Some(d) = numbers.get(at).copied().flatten() else {
                stale.store(true, Ordering::Relaxed);
                return Step::Scan;
            };
            let fresh = trusted
                || i.docs
                    .get(d as usize)
                    .is_some_and(|doc| self.unchanged(doc));
            if !fresh {
                stale.store(true, Ordering::Relaxed);
                Step::Scan
            } else if !p.cands.get(d) {
                Step::Skip
            } else if p.exact {
                Step::Hit
            } else {
                Step::Scan
            }
        };
        let blocks = among.len().div_ceil(BLOCK);
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let halted = || stop.load(Ordering::Relaxed) || cancel.load(Ordering::Relaxed);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let mut finished = Finished {
            hits: 0,
            complete: false,
            stale: false,
        };
        let work = |tx: mpsc::SyncSender<(usize, Vec<Found<T>>)>| {
            let mut scratch = Scratch::default();
            let mut bytes = Zeroizing::new(Vec::new());
            let dir = File::open(self.reflections_dir()).ok();
            loop {
                let b = next.fetch_add(1, Ordering::Relaxed);
                if b >= blocks || halted() {
                    return;
                }
                let start = b * BLOCK;
                let part = &among[start..(start + BLOCK).min(among.len())];
                let mut out = Vec::new();
                let numbers = numbers(part);
                for (i, s) in part.iter().enumerate() {
                    if halted() {
                        return;
                    }
                    let found = match step(&numbers, i) {
                        Step::Skip => None,
                        Step::Hit if !wants_bytes() => {
                            bytes.clear();
                            Some(Ok(()))
                        }
                        // Read for its snippet; gone since, or unreadable, as a scan finds it.
                        Step::Hit => match self.read_by_id(dir.as_ref(), s.id(), &mut bytes) {
                            Some(Ok(_)) => Some(Ok(())),
                            Some(Err(p)) => Some(Err(p)),
                            None => None,
                        },
                        Step::Scan => {
                            let ctx = (dir.as_ref(), &mut bytes, &mut scratch);
                            self.search_one(query, s, ctx)
                        }
                    };
                    match found {
                        Some(Ok(())) => out.push(Found::Hit {
                            pos: start + i,
                            item: prepare(s, &bytes),
                        }),
                        Some(Err(p)) => out.push(Found::Problem(p)),
                        None => {}
                    }
                }
                if tx.send((b, out)).is_err() {
                    return;
                }
            }
        };
        std::thread::scope(|scope| {
            // Bounded, so the searchers wait for a slow reader (a pipe)
            // instead of holding the whole journal's matches.
            let (tx, mut rx) = mpsc::sync_channel::<(usize, Vec<Found<T>>)>(threads * 4);
            let work = &work;
            let mut spawned = 0;
            for _ in 0..threads.min(blocks) {
                let tx = tx.clone();
                if std::thread::Builder::new()
                    .spawn_scoped(scope, move || work(tx))
                    .is_ok()
                {
                    spawned += 1;
                }
            }
            drop(tx);
            if spawned == 0 {
                // No thread could be had: search right here, then hand over.
                let (tx, all) = mpsc::sync_channel(blocks.max(1));
                work(tx);
                rx = all;
            }
            let mut waiting = BTreeMap::new();
            let mut want = 0;
            for (b, found) in rx.iter() {
                waiting.insert(b, found);
                while let Some(found) = waiting.remove(&want) {
                    want += 1;
                    for f in found {
                        if cancel.load(Ordering::Relaxed) {
                            stop.store(true, Ordering::Relaxed);
                            return;
                        }
                        if matches!(f, Found::Hit { .. }) {
                            finished.hits += 1;
                        }
                        if each(f).is_break() {
                            stop.store(true, Ordering::Relaxed);
                            return;
                        }
                    }
                }
                if cancel.load(Ordering::Relaxed) {
                    stop.store(true, Ordering::Relaxed);
                    return;
                }
            }
            finished.complete = want == blocks && !halted();
        });
        finished.stale = stale.load(Ordering::Relaxed);
        Ok(finished)
    }

    /// Search one reflection: `Some(Ok(()))` if it matches (its bytes left
    /// in the buffer), `Some(Err)` if it could not be read or parsed, None
    /// if it does not match or is gone.
    fn search_one(
        &self,
        query: &Query,
        s: &impl Named,
        (dir, bytes, scratch): (Option<&File>, &mut Zeroizing<Vec<u8>>, &mut Scratch),
    ) -> Option<Result<(), LoadProblem>> {
        let path = match self.read_by_id(dir, s.id(), bytes)? {
            Ok(path) => path,
            Err(p) => return Some(Err(p)),
        };
        let verdict = match query.check(bytes, scratch) {
            Verdict::No => return None,
            Verdict::Yes => Some(true),
            Verdict::Parse => query.matches(bytes),
        };
        match verdict {
            Some(true) => Some(Ok(())),
            Some(false) => None,
            None => Some(Err(LoadProblem {
                reason: super::store::parse_reflection(&path, bytes)
                    .err()
                    .map_or_else(|| "it could not be searched".into(), |p| p.reason),
                path,
            })),
        }
    }
}
