//! Small remembered choices (the last folder an export went to), one tiny
//! file each in the data directory. Never anything the person wrote: a
//! setting is a convenience, so a missing or unreadable one is simply absent.

use std::path::PathBuf;

use super::files::{atomic_write, read_capped};
use super::store::{Result, Store};

/// The folder the last export was written to.
pub const EXPORT_FOLDER: &str = "export-folder";

/// A setting is a line or two; anything bigger is not one of ours.
const MAX_SETTING_BYTES: u64 = 4096;

impl Store {
    /// The folder the last export went to, if it was remembered and is
    /// still a folder.
    pub fn last_export_folder(&self) -> Option<PathBuf> {
        let bytes = read_capped(&self.dir().join(EXPORT_FOLDER), MAX_SETTING_BYTES).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let folder = PathBuf::from(text.trim_end_matches('\n'));
        (folder.is_absolute() && folder.is_dir()).then_some(folder)
    }

    /// Remember the folder an export went to (atomically, 0600).
    pub fn remember_export_folder(&self, folder: &std::path::Path) -> Result<()> {
        let mut text = folder.display().to_string();
        text.push('\n');
        atomic_write(self.dir(), EXPORT_FOLDER, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_last_export_folder_is_remembered_and_a_vanished_one_forgotten() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open_write(&tmp.path().join("data")).unwrap();
        assert_eq!(store.last_export_folder(), None);
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).unwrap();
        store.remember_export_folder(&out).unwrap();
        assert_eq!(store.last_export_folder(), Some(out.clone()));
        std::fs::remove_dir(&out).unwrap();
        assert_eq!(store.last_export_folder(), None);
    }
}
