//! The listing cache, `index.json`: one row per reflection file, checked
//! against each file's size, mtime and inode, so listing 10,000 reflections
//! parses only the ones that changed.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::files::stamp;
use super::reflection::Summary;
use super::store::{Form, LoadProblem, Result, Store, io_err, split_name};

pub(super) const INDEX_SCHEMA: u32 = 3;

/// The index file: one compact row per reflection file. Rows are arrays, not
/// objects, because at 10,000 reflections field names would be most of the
/// bytes to read on every start.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Index {
    schema: u32,
    /// `(mtime_ns, inode)` of `reflections/` when every row was known to be
    /// current. Every save renames a file into that directory, which changes
    /// its mtime, so while it is unchanged the rows can be trusted without
    /// looking at each file. Only recorded once the directory has been quiet
    /// for a while, so two changes within one clock tick cannot hide.
    dir: Option<(i64, u64)>,
    rows: Vec<IndexRow>,
    /// Files that could not be read, re-checked on every list.
    bad: Vec<BadRow>,
}

/// `(len, mtime_ns, inode, summary, answered)` of one file, named by its
/// summary's id. `answered` is the ids of the questions it answers, space
/// separated (what `reflect history` needs to know which files to open);
/// rows written before it existed load with None, and are read in full.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct IndexRow(u64, i64, u64, Summary, #[serde(default)] Option<String>);

/// `(file name, len, mtime_ns, inode, reason)` of a file that failed to parse.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct BadRow(String, u64, i64, u64, String);

/// How long `reflections/` must have been unchanged before its mtime is trusted.
pub(super) const QUIET_NS: i64 = 2_000_000_000;

/// The journal's list, newest first, with any files that could not be read.
#[derive(Debug, Default)]
pub struct Listing {
    pub summaries: Vec<Summary>,
    pub problems: Vec<LoadProblem>,
}

impl Store {
    pub(super) fn index_name(&self) -> &'static str {
        if self.encrypted {
            "index.json.age"
        } else {
            "index.json"
        }
    }

    /// Every reflection's summary, newest first. Unreadable files are listed in
    /// `problems` and left alone; the rest still load.
    pub fn list(&self) -> Result<Listing> {
        self.list_answered().map(|(listing, _)| listing)
    }

    /// [`Store::list`], and for each summary the ids of the questions it
    /// answers, space separated (None if the index row predates them).
    pub(crate) fn list_answered(&self) -> Result<(Listing, Vec<Option<String>>)> {
        self.check_unlocked()?;
        let dir = self.reflections_dir();
        let dir_meta = match fs::metadata(&dir) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok((Listing::default(), Vec::new()));
            }
            Err(e) => return Err(io_err("reading", &dir)(e)),
        };
        let (_, dir_mtime, dir_ino) = stamp(&dir_meta);
        let index_path = self.dir.join(self.index_name());
        let old: Index = self
            .read_cache_bytes(&index_path, self.form_of_index())
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .filter(|i: &Index| i.schema == INDEX_SCHEMA)
            .unwrap_or(Index {
                schema: INDEX_SCHEMA,
                dir: None,
                rows: Vec::new(),
                bad: Vec::new(),
            });
        let (index, changed) = if old.dir == Some((dir_mtime, dir_ino)) {
            self.recheck_bad(old)
        } else {
            self.rescan(&dir, old)?
        };
        let quiet = chrono::Utc::now()
            .timestamp_nanos_opt()
            .is_some_and(|now| now - dir_mtime > QUIET_NS);
        let dir_stamp = quiet.then_some((dir_mtime, dir_ino));
        let mut index = index;
        // Rows are kept newest first, as they are listed: sorting 100,000
        // rows from directory order was a quarter of a listing's time, and
        // checking that they are already in order costs almost nothing.
        let mut changed = changed;
        if !index.rows.is_sorted_by(|a, b| a.3.id >= b.3.id) {
            index.rows.sort_unstable_by(|a, b| b.3.id.cmp(&a.3.id));
            changed = true;
        }
        if changed || index.dir != dir_stamp {
            index.dir = dir_stamp;
            // The index is only a cache, checked on every read, so a failed or
            // racing write costs speed, never correctness.
            if let Ok(bytes) = serde_json::to_vec(&index) {
                let bytes = Zeroizing::new(bytes);
                let _ = self.write_cache(&self.dir, "index.json", &bytes);
            }
        }
        let (summaries, answered) = index.rows.into_iter().map(|r| (r.3, r.4)).unzip();
        let mut listing = Listing {
            summaries,
            problems: index
                .bad
                .into_iter()
                .map(|b| LoadProblem {
                    path: dir.join(b.0),
                    reason: b.4,
                })
                .collect(),
        };
        listing.problems.sort_by(|a, b| a.path.cmp(&b.path));
        self.refresh_drafts((dir_mtime, dir_ino), &listing.summaries);
        Ok((listing, answered))
    }

    /// Look at every file, reusing rows whose size, mtime and inode are unchanged.
    pub(super) fn rescan(&self, dir: &Path, old: Index) -> Result<(Index, bool)> {
        let rd = fs::read_dir(dir).map_err(io_err("reading", dir))?;
        let old_len = old.rows.len() + old.bad.len();
        let mut cache: HashMap<String, IndexRow> =
            old.rows.into_iter().map(|r| (r.3.id.clone(), r)).collect();
        let mut index = Index {
            schema: INDEX_SCHEMA,
            dir: None,
            rows: Vec::with_capacity(old_len),
            bad: Vec::new(),
        };
        let mut changed = false;
        let files = self.one_file_per_id(rd);
        for (id, (name, _)) in files {
            let path = dir.join(&name);
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            let (len, mtime, ino) = stamp(&meta);
            match cache.remove(&id) {
                Some(row) if (row.0, row.1, row.2) == (len, mtime, ino) => index.rows.push(row),
                _ => {
                    changed = true;
                    self.read_row(&path, name, &meta, &mut index);
                }
            }
        }
        let changed = changed || index.rows.len() + index.bad.len() != old_len;
        Ok((index, changed))
    }

    /// The directory is unchanged, so only files that failed before can differ.
    pub(super) fn recheck_bad(&self, mut old: Index) -> (Index, bool) {
        let bad = std::mem::take(&mut old.bad);
        let mut changed = false;
        for b in bad {
            let path = self.reflections_dir().join(&b.0);
            match fs::symlink_metadata(&path) {
                Ok(meta) if stamp(&meta) == (b.1, b.2, b.3) => old.bad.push(b),
                Ok(meta) => {
                    changed = true;
                    self.read_row(&path, b.0, &meta, &mut old);
                }
                Err(_) => changed = true,
            }
        }
        (old, changed)
    }

    pub(super) fn read_row(
        &self,
        path: &Path,
        name: String,
        meta: &fs::Metadata,
        index: &mut Index,
    ) {
        let (len, mtime, ino) = stamp(meta);
        let Some((id, form)) = split_name(&name) else {
            return;
        };
        match self.read_reflection_in(path, form) {
            // A file whose id does not match its name is still listed under its
            // name, which is how `show` finds it.
            Ok(r) => {
                let mut summary = Summary::from(&r);
                summary.id = id.to_string();
                let answered = super::history::answered_ids(&r);
                index
                    .rows
                    .push(IndexRow(len, mtime, ino, summary, Some(answered)));
            }
            Err(p) => index.bad.push(BadRow(name, len, mtime, ino, p.reason)),
        }
    }

    /// The reflection files in `rd`, one per id: while a journal is being
    /// encrypted or decrypted an id can briefly have both forms, and the
    /// journal's own form wins. `id → (file name, form)`.
    pub(super) fn one_file_per_id(&self, rd: fs::ReadDir) -> HashMap<String, (String, Form)> {
        let preferred = self.form_of_index();
        let mut files: HashMap<String, (String, Form)> = HashMap::new();
        for ent in rd.filter_map(|e| e.ok()) {
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
        files
    }

    pub(super) fn form_of_index(&self) -> Form {
        if self.encrypted {
            Form::Age
        } else {
            Form::Plain
        }
    }
}
