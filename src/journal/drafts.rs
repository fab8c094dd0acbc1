//! The Continue cache, `drafts.json`: the newest unfinished reflections, so
//! Home can offer "Continue" without listing the journal.

use std::fs;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::files::stamp;
use super::reflection::Summary;
use super::store::{Result, Store};

pub(super) const DRAFTS_SCHEMA: u32 = 1;

/// How many drafts the drafts file keeps: enough that finishing or deleting
/// a few in a row still finds the next one without listing the journal, and
/// few enough that saving costs the same in any journal.
pub(super) const DRAFTS_KEPT: usize = 16;

/// The drafts file: the most recently updated unfinished reflections, which
/// is all Home needs to offer "Continue". At 100,000 reflections the index
/// is about 25 MB; this is a few kilobytes at most.
///
/// Like the index it is only a cache, trusted while `reflections/` still has
/// the `(mtime_ns, inode)` it records. Every full listing rewrites it when it
/// differs, and `save` and `delete` keep it in step (they change
/// `reflections/` and then record its new stamp). Every draft it leaves out
/// is older than every draft it holds. A change made by another program in
/// the same clock tick as one of reflect's own could go unseen; the cost is
/// a "Continue" not offered until the next listing, never a lost or wrong
/// answer.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct Drafts {
    schema: u32,
    dir: (i64, u64),
    /// Newest first, at most [`DRAFTS_KEPT`].
    newest: Vec<Summary>,
    /// Whether `newest` holds every draft (so an empty one means none).
    complete: bool,
}

/// Newest first: by last update, then by id so the order is total.
pub(super) fn newest_first(a: &Summary, b: &Summary) -> std::cmp::Ordering {
    b.updated_at()
        .cmp(&a.updated_at())
        .then_with(|| b.id.cmp(&a.id))
}

impl Drafts {
    /// From every draft in the journal.
    pub(super) fn from_all(dir: (i64, u64), mut drafts: Vec<Summary>) -> Drafts {
        drafts.sort_by(newest_first);
        let complete = drafts.len() <= DRAFTS_KEPT;
        drafts.truncate(DRAFTS_KEPT);
        Drafts {
            schema: DRAFTS_SCHEMA,
            dir,
            newest: drafts,
            complete,
        }
    }

    /// A reflection was saved: keep it if it is a draft among the newest.
    pub(super) fn saved(&mut self, s: Summary) {
        self.removed(&s.id);
        if !s.is_draft() {
            return;
        }
        if !self.complete {
            // Drafts left out are older than every draft kept, but not
            // necessarily older than this one (a draft saved again with its
            // old time, or imported): keep it only if it is newer than one
            // that is kept, so the rule holds.
            let newer_than_kept = self
                .newest
                .last()
                .is_some_and(|last| newest_first(&s, last).is_lt());
            if !newer_than_kept {
                return;
            }
        }
        self.newest.push(s);
        self.newest.sort_by(newest_first);
        if self.newest.len() > DRAFTS_KEPT {
            self.newest.truncate(DRAFTS_KEPT);
            self.complete = false;
        }
    }

    pub(super) fn removed(&mut self, id: &str) {
        self.newest.retain(|d| d.id != id);
    }

    /// The newest draft, if this file can tell: `Some(None)` means there is
    /// none, `None` that the ones it kept are gone and the journal must be listed.
    pub(super) fn newest(self) -> Option<Option<Summary>> {
        match self.newest.into_iter().next() {
            Some(d) => Some(Some(d)),
            None if self.complete => Some(None),
            None => None,
        }
    }
}

impl Store {
    /// `(mtime_ns, inode)` of `reflections/`, if it is there.
    pub(super) fn dir_stamp(&self) -> Option<(i64, u64)> {
        let meta = fs::metadata(self.reflections_dir()).ok()?;
        let (_, mtime, ino) = stamp(&meta);
        Some((mtime, ino))
    }

    pub(super) fn drafts_path(&self) -> PathBuf {
        if self.encrypted {
            self.dir.join("drafts.json.age")
        } else {
            self.dir.join("drafts.json")
        }
    }

    /// The drafts file, if it is there and readable (whether current or not).
    pub(super) fn read_drafts(&self) -> Option<Drafts> {
        let bytes = self
            .read_cache_bytes(&self.drafts_path(), self.form_of_index())
            .ok()?;
        serde_json::from_slice(&bytes)
            .ok()
            .filter(|d: &Drafts| d.schema == DRAFTS_SCHEMA)
    }

    /// Write the drafts file. It is a cache: a failed write costs speed only.
    pub(super) fn write_drafts(&self, hint: &Drafts) {
        if let Ok(bytes) = serde_json::to_vec(hint) {
            let bytes = Zeroizing::new(bytes);
            let _ = self.write_cache(&self.dir, "drafts.json", &bytes);
        }
    }

    /// After a full listing taken when `reflections/` had `dir`: make the
    /// drafts file say the same, if it does not already.
    pub(super) fn refresh_drafts(&self, dir: (i64, u64), summaries: &[Summary]) {
        if !self.is_writable() {
            // A reader (another command while the app runs) leaves caches
            // to the one instance that holds the lock.
            return;
        }
        let drafts = summaries.iter().filter(|s| s.is_draft()).cloned().collect();
        let fresh = Drafts::from_all(dir, drafts);
        if self.read_drafts().as_ref() != Some(&fresh) {
            self.write_drafts(&fresh);
        }
    }

    /// After reflect itself changed `reflections/` (which had `before`):
    /// apply `change` to the drafts file, if it was current before.
    pub(super) fn update_drafts(
        &self,
        before: Option<(i64, u64)>,
        change: impl FnOnce(&mut Drafts),
    ) {
        let Some(mut hint) = self.read_drafts() else {
            return;
        };
        let (Some(before), Some(after)) = (before, self.dir_stamp()) else {
            return;
        };
        if hint.dir != before {
            // Already stale: the next full listing rebuilds it.
            return;
        }
        change(&mut hint);
        hint.dir = after;
        self.write_drafts(&hint);
    }

    /// The most recently touched unfinished reflection, to offer "Continue".
    ///
    /// Reads the small drafts file while it is current, so it costs the same
    /// at 100 reflections or 100,000; otherwise lists the journal (which
    /// brings the drafts file up to date for next time).
    pub fn latest_draft(&self) -> Result<Option<Summary>> {
        if let Some(newest) = self.latest_draft_now()? {
            return Ok(newest);
        }
        Ok(self
            .list()?
            .summaries
            .into_iter()
            .filter(Summary::is_draft)
            .min_by(newest_first))
    }

    /// [`Store::latest_draft`] only if it can be told at once, from the
    /// drafts file while it is current: `None` when the journal must be
    /// listed first (no index yet, files copied in by hand, a restored
    /// backup), which at 100,000 reflections takes half a minute. Home can
    /// then show itself at once and have [`Store::reader`] list the journal
    /// on another thread (see `journal::warmup`).
    pub fn latest_draft_now(&self) -> Result<Option<Option<Summary>>> {
        self.check_unlocked()?;
        if let (Some(stamp), Some(hint)) = (self.dir_stamp(), self.read_drafts())
            && hint.dir == stamp
            && let Some(newest) = hint.newest()
        {
            return Ok(Some(newest));
        }
        Ok(None)
    }
}
