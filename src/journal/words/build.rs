//! Reading the word index, building it and bringing it up to date: one
//! `impl Store` block, as each cache has.

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::format::Builder;
use super::{Doc, WORDS_FILE, WordIndex, each_term};
use crate::journal::files::{borrow_lock, stamp};
use crate::journal::index::QUIET_NS;
use crate::journal::store::{Form, Store};

/// `(len, mtime_ns, inode)` of a file.
type FileStamp = (u64, i64, u64);

/// The index as last read, shared by a store and its readers, with the
/// stamp of the file it was read from.
#[derive(Default)]
pub(in crate::journal) struct Shared {
    loaded: Mutex<Option<(FileStamp, Arc<WordIndex>)>>,
    updating: AtomicBool,
    /// Writing it failed once: not tried again by this process.
    unwritable: AtomicBool,
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
    pub(in crate::journal) fn unchanged(&self, doc: &Doc) -> bool {
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
        // Not worth building what cannot be kept: another process holds the
        // lock (it keeps the index), or an earlier write failed (a read-only
        // drive, a full disk). Searches then read the files, as before.
        let writable = self.lock.is_some()
            || borrow_lock(&self.dir.join(".lock"))
                .map(|lock| {
                    // Given back at once, as `write_cache` does.
                    let _ = lock.unlock();
                })
                .is_some();
        if !writable
            || self.words.unwritable.load(Ordering::Relaxed)
            || self.check_unlocked().is_err()
            || self.words.updating.swap(true, Ordering::AcqRel)
        {
            return None;
        }
        let built = self.build_words();
        self.words.updating.store(false, Ordering::Release);
        let index = built?;
        if self
            .write_cache(&self.dir, WORDS_FILE, &index.encode())
            .is_err()
        {
            self.words.unwritable.store(true, Ordering::Relaxed);
        }
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
        let files = self.one_file_per_id(fs::read_dir(&rdir).ok()?);
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
            all.merge(part);
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
