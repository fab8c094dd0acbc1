//! The export path used where unnamed files are not available (macOS, some
//! filesystems): on Linux it is only reached when `O_TMPFILE` fails, so it
//! is tested here directly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;

use super::failpoint::{self, Mode};
use super::{EXPORT_PREFIX, TEMP_SUFFIX, remove_stale_exports, write_named_then_link};

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_named_export_that_fails_at_any_point_leaves_no_temporary_file() {
    let tmp = tempfile::tempdir().unwrap();
    let name = Path::new("out.md");
    for force in [false, true] {
        for k in 1.. {
            failpoint::arm(k, Mode::Fail);
            let ok = write_named_then_link(tmp.path(), name, b"secret", force).is_ok();
            let reached = failpoint::disarm() >= k;
            let left = names(tmp.path());
            assert!(
                left.is_empty() || left == ["out.md"],
                "force {force}, point {k}: {left:?}"
            );
            if left == ["out.md"] {
                assert_eq!(fs::read(tmp.path().join(name)).unwrap(), b"secret");
                fs::remove_file(tmp.path().join(name)).unwrap();
            }
            if !reached {
                assert!(ok);
                break;
            }
        }
    }
    // Without --force an existing file is kept.
    fs::write(tmp.path().join(name), "mine").unwrap();
    let err = write_named_then_link(tmp.path(), name, b"secret", false).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    assert_eq!(fs::read_to_string(tmp.path().join(name)).unwrap(), "mine");
    assert_eq!(names(tmp.path()), ["out.md"]);
}

#[test]
fn a_killed_named_export_is_removed_by_the_next_one_unless_its_writer_still_runs() {
    let tmp = tempfile::tempdir().unwrap();
    // No process has this id (above the kernel's limit).
    let dead = tmp
        .path()
        .join(format!("{EXPORT_PREFIX}2147483646-0000abcd{TEMP_SUFFIX}"));
    let running = tmp.path().join(format!(
        "{EXPORT_PREFIX}{}-0000abcd{TEMP_SUFFIX}",
        std::process::id()
    ));
    fs::write(&dead, "half an export").unwrap();
    fs::write(&running, "an export being written").unwrap();
    remove_stale_exports(tmp.path());
    assert!(!dead.exists());
    assert!(running.exists());
}
