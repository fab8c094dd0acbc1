//! Searching the journal: every reflection read (and decrypted in memory)
//! in parallel, and asked [`search::Query`] whether it matches.

use std::fs::File;
use std::io;
use std::path::PathBuf;

use zeroize::Zeroizing;

use super::files::{MAX_REFLECTION_BYTES, open_in, read_open_capped};
use super::reflection::Summary;
use super::search;
use super::store::{Form, LoadProblem, Result, Store, parse_reflection};

impl Store {
    /// Reflections whose pack title, questions or answers contain every word of
    /// `query` (ignoring case, see [`search::fold`]), newest first, with the
    /// problems met on the way.
    ///
    /// Every file is read (and decrypted, in memory only), split between the
    /// machine's cores; most are ruled out by a quick look at their raw bytes
    /// (see [`search`]), and only the rest are parsed.
    pub fn search(&self, query: &str) -> Result<(Vec<Summary>, Vec<LoadProblem>)> {
        let listing = self.list()?;
        let (hits, trouble) = self.search_among(query, &listing.summaries)?;
        let mut problems = listing.problems;
        problems.extend(trouble);
        let mut summaries: Vec<Option<Summary>> = listing.summaries.into_iter().map(Some).collect();
        let hits = hits
            .into_iter()
            .filter_map(|i| summaries.get_mut(i).and_then(Option::take))
            .collect();
        Ok((hits, problems))
    }

    /// [`Store::search`] among reflections the caller has already listed
    /// (the Journal screen has): the positions in `among` of those that
    /// match, in order, and the files that could not be read.
    pub fn search_among(
        &self,
        query: &str,
        among: &[Summary],
    ) -> Result<(Vec<usize>, Vec<LoadProblem>)> {
        self.check_unlocked()?;
        let Some(query) = search::Query::new(query) else {
            return Ok(((0..among.len()).collect(), Vec::new()));
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let chunk = among.len().div_ceil(threads).max(1);
        let parts: Vec<(Vec<usize>, Vec<LoadProblem>)> = std::thread::scope(|scope| {
            let query = &query;
            let running: Vec<_> = among
                .chunks(chunk)
                .enumerate()
                .map(|(k, part)| {
                    let work = move || self.search_part(query, part, k * chunk);
                    // If no thread can be had, this part is searched right here.
                    std::thread::Builder::new()
                        .spawn_scoped(scope, work)
                        .map_err(|_| work)
                })
                .collect();
            running
                .into_iter()
                .map(|r| match r {
                    Ok(handle) => handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    Err(work) => work(),
                })
                .collect()
        });
        let mut hits = Vec::new();
        let mut problems = Vec::new();
        for (found, trouble) in parts {
            hits.extend(found);
            problems.extend(trouble);
        }
        Ok((hits, problems))
    }

    /// Search `part` of a listing (which starts at `offset` in it): the
    /// positions of the reflections that match, and the files that failed.
    pub(super) fn search_part(
        &self,
        query: &search::Query,
        part: &[Summary],
        offset: usize,
    ) -> (Vec<usize>, Vec<LoadProblem>) {
        let mut hits = Vec::new();
        let mut problems = Vec::new();
        let mut bytes = Zeroizing::new(Vec::new());
        let mut scratch = search::Scratch::default();
        // Files are opened relative to the folder, so the kernel does not
        // walk the whole path 10,000 times.
        let dir = File::open(self.reflections_dir()).ok();
        for (i, s) in part.iter().enumerate() {
            let path = match self.read_by_id(dir.as_ref(), &s.id, &mut bytes) {
                Some(Ok(path)) => path,
                Some(Err(p)) => {
                    problems.push(p);
                    continue;
                }
                // Deleted since the listing.
                None => continue,
            };
            let verdict = match query.check(&bytes, &mut scratch) {
                search::Verdict::No => continue,
                search::Verdict::Yes => Some(true),
                search::Verdict::Parse => query.matches(&bytes),
            };
            match verdict {
                Some(true) => hits.push(offset + i),
                Some(false) => {}
                None => problems.push(LoadProblem {
                    reason: parse_reflection(&path, &bytes)
                        .err()
                        .map_or_else(|| "it could not be searched".into(), |p| p.reason),
                    path,
                }),
            }
        }
        (hits, problems)
    }

    /// Read reflection `id` into `buf` (decrypted), without looking first
    /// whether each form exists: its path, or None if there is no such file.
    /// `buf` is reused from file to file; see [`search::fill`].
    pub(super) fn read_by_id(
        &self,
        dir: Option<&File>,
        id: &str,
        buf: &mut Zeroizing<Vec<u8>>,
    ) -> Option<Result<PathBuf, LoadProblem>> {
        let age = self.encrypted.then(|| self.age_path_of(id)).flatten();
        let forms = [(age, Form::Age), (self.path_of(id), Form::Plain)];
        for (path, form) in forms {
            let Some(path) = path else { continue };
            let read = match form {
                // Plain: straight into the reused buffer. Read through
                // `Take` to skip File's size hint (a statx and an lseek per
                // file): the buffer is already as large as the last file.
                // Opened without following links or waiting on a pipe,
                // and capped, so a planted FIFO or device cannot hang it.
                Form::Plain => open_in(dir, &path)
                    .and_then(|f| read_open_capped(f, MAX_REFLECTION_BYTES, buf))
                    .map(|()| Ok(())),
                Form::Age => open_in(dir, &path).and_then(|f| {
                    let mut cipher = Vec::new();
                    read_open_capped(f, MAX_REFLECTION_BYTES, &mut cipher)?;
                    Ok(self
                        .open_bytes(&path, form, cipher)
                        .map(|plain| search::fill(buf, &plain)))
                }),
            };
            return match read {
                Ok(Ok(())) => Some(Ok(path)),
                Ok(Err(p)) => Some(Err(p)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => Some(Err(LoadProblem {
                    path,
                    reason: e.to_string(),
                })),
            };
        }
        None
    }
}
