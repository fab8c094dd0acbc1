//! The file an answer is edited in with `$VISUAL`/`$EDITOR`, and what is
//! done with one that a killed session left behind.
//!
//! The file lives in the data folder (0600, never /tmp) and its name says
//! whose answer it holds: `.answer-REFLECTION.QUESTION.RANDOM.txt`. If reflect
//! is killed while the editor is open, the next start finds it, puts its text
//! back into that answer, and removes it: nothing typed there is lost.

use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// An answer to edit: its text, and whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorRequest {
    pub text: String,
    pub reflection: String,
    pub question: String,
}

const PREFIX: &str = ".answer-";
const SUFFIX: &str = ".txt";

/// Ids that can safely be part of a file name (reflection and question ids are).
fn name_safe(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Write the answer to a new private file for the editor. The text ends with
/// a newline, as editors expect of a text file, so that a line the editor
/// adds after the last one stays a line of its own.
pub fn temp_file(dir: &Path, req: &EditorRequest) -> io::Result<tempfile::NamedTempFile> {
    let prefix = if name_safe(&req.reflection) && name_safe(&req.question) {
        format!("{PREFIX}{}.{}.", req.reflection, req.question)
    } else {
        PREFIX.to_string()
    };
    let mut file = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(SUFFIX)
        .permissions(std::fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)?;
    file.write_all(req.text.as_bytes())?;
    file.write_all(b"\n")?;
    file.as_file().sync_all()?;
    Ok(file)
}

/// The answer as the editor left it: the final newline that every text file
/// has (and that `temp_file` added) is not part of it; control characters
/// are not kept.
pub fn read_back(path: &Path) -> io::Result<String> {
    let text = std::fs::read_to_string(path)?;
    let text = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(&text);
    Ok(crate::sanitize::sanitize(text).into_owned())
}

/// An editor file left behind by a session that was killed while it was open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stray {
    pub path: PathBuf,
    /// Whose answer it holds; `None` for a file whose name does not say.
    pub owner: Option<(String, String)>,
}

/// Every editor file in `dir`, oldest name first.
pub fn strays(dir: &Path) -> Vec<Stray> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<Stray> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let middle = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
            let parts: Vec<&str> = middle.split('.').collect();
            let owner = match parts.as_slice() {
                [r, q, _] if name_safe(r) && name_safe(q) => {
                    Some(((*r).to_string(), (*q).to_string()))
                }
                _ => None,
            };
            Some(Stray {
                path: e.path(),
                owner,
            })
        })
        .collect();
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn req(text: &str) -> EditorRequest {
        EditorRequest {
            text: text.into(),
            reflection: "20260101-120000-ab12".into(),
            question: "body-how".into(),
        }
    }

    #[test]
    fn the_file_ends_with_a_newline_and_a_line_added_after_the_last_stays_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let file = temp_file(dir.path(), &req("first\nlast")).unwrap();
        assert_eq!(
            std::fs::read_to_string(file.path()).unwrap(),
            "first\nlast\n"
        );
        // What `echo added >> FILE` (or an editor appending a line) does.
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(file.path())
            .unwrap();
        f.write_all(b"added\n").unwrap();
        assert_eq!(read_back(file.path()).unwrap(), "first\nlast\nadded");
    }

    #[test]
    fn text_round_trips_unchanged_when_nothing_is_edited() {
        let dir = tempfile::tempdir().unwrap();
        for text in ["", "one", "ends with a newline\n", "two\n\n", "tab\there"] {
            let file = temp_file(dir.path(), &req(text)).unwrap();
            assert_eq!(read_back(file.path()).unwrap(), text);
        }
    }

    #[test]
    fn the_name_says_whose_answer_it_is_and_a_stray_is_found_by_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = temp_file(dir.path(), &req("words")).unwrap();
        let (_, path) = file.keep().unwrap();
        std::fs::write(dir.path().join(".answer-abc123.txt"), "old style").unwrap();
        std::fs::write(dir.path().join("answer-not-ours.txt"), "x").unwrap();
        let found = strays(dir.path());
        assert_eq!(found.len(), 2, "{found:?}");
        let ours = found.iter().find(|s| s.path == path).unwrap();
        assert_eq!(
            ours.owner,
            Some(("20260101-120000-ab12".into(), "body-how".into()))
        );
        assert!(found.iter().any(|s| s.owner.is_none()));
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
