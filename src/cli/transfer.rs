//! `reflect export` and `reflect import`: answers out of and into the journal.

use std::fmt::Write as _;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use super::{Failure, Outcome, Secrets, describe, io_reason, out, plural, warn_problems};
use crate::export::{self, Format, Selection, Why};
use crate::journal::StoreError;
use crate::sanitize::{self, sanitize_line};

/// What `reflect export` was asked to do.
#[derive(Debug)]
pub struct ExportRequest {
    pub id: Option<String>,
    pub all: bool,
    pub format: Format,
    pub only: Option<Vec<String>>,
    pub output: Option<PathBuf>,
    pub force: bool,
}

pub fn export(dir: &Path, req: ExportRequest, secrets: &Secrets) -> Outcome {
    let store = secrets.open_read(dir)?;
    let text = if req.all {
        if req.format != Format::Json {
            return Err(Failure::usage(
                "--all exports the whole journal as JSON; add --format json.",
            ));
        }
        if req.only.is_some() {
            return Err(Failure::usage(
                "--only picks questions from one reflection; it cannot be used with --all.",
            ));
        }
        let (all, problems) = store.load_all()?;
        warn_problems(&problems);
        export::json(all)
    } else {
        let Some(id) = req.id.as_deref().filter(|id| !id.trim().is_empty()) else {
            return Err(Failure::usage(
                "say which reflection to export (see `reflect list`), or use --all.",
            ));
        };
        let r = store.load(id)?;
        if let Some(only) = &req.only {
            let unknown = export::unknown_ids(&r, only);
            if !unknown.is_empty() {
                let have: Vec<&str> = r.answered().map(|e| e.question.as_str()).collect();
                return Err(Failure::user(format!(
                    "this reflection has no answer to {}; the answered questions are: {}.",
                    unknown.join(", "),
                    if have.is_empty() {
                        "none yet".to_string()
                    } else {
                        have.join(", ")
                    }
                )));
            }
        }
        let sel = Selection {
            only: req.only.clone(),
            topics: Vec::new(),
        };
        export::render(&r, &sel, req.format)
    };
    match &req.output {
        // On a terminal, nothing pasted into an answer may act on it; piped
        // or redirected, the text is exactly as written. JSON only escapes.
        None if req.format == Format::Json => out(&sanitize::escape_json(&text)),
        None if io::stdout().is_terminal() => out(&sanitize::sanitize(&text)),
        None => out(&text),
        Some(path) => {
            check_output(path)?;
            if path.exists() && !req.force {
                return Err(Failure::user(format!(
                    "{} already exists; choose another name, or add --force to replace it.",
                    path.display()
                )));
            }
            crate::journal::store::write_new_file(path, text.as_bytes(), req.force).map_err(
                |e| match e {
                    StoreError::Io { source, .. }
                        if source.kind() == io::ErrorKind::AlreadyExists =>
                    {
                        Failure::user(format!(
                            "{} already exists; choose another name, or add --force to replace it.",
                            path.display()
                        ))
                    }
                    e => e.into(),
                },
            )?;
            let full = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            eprintln!("Written to {} (only you can read it).", full.display());
            if store.encrypted() {
                eprintln!(
                    "Note: this file is not encrypted; anyone who can open it can read it, so delete it when you no longer need it."
                );
            }
            Ok(())
        }
    }
}

/// Refuse, in words, an output path that cannot become the export file.
fn check_output(path: &Path) -> Outcome {
    let shown = sanitize_line(&path.display().to_string()).into_owned();
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(Failure::user(format!(
                "{shown} is a folder; give a file name inside it, like {}.",
                path.join("reflection.md").display()
            )));
        }
        _ => {}
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match std::fs::metadata(parent) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(Failure::user(format!(
            "{} is a file, not a folder; choose a file name inside a folder.",
            parent.display()
        ))),
        Err(_) => Err(Failure::user(format!(
            "the folder {} does not exist; create it first or choose another place.",
            parent.display()
        ))),
    }
}

pub fn import(dir: &Path, file: &Path, secrets: &Secrets) -> Outcome {
    let name = sanitize_line(&file.display().to_string()).into_owned();
    let not_export = || {
        Failure::user(format!(
            "{name} is not a reflect export; use a file written by `reflect export --all --format json`."
        ))
    };
    let bytes = std::fs::read(file).map_err(|e| {
        Failure::user(format!(
            "{name} could not be read because {}; check the file name.",
            io_reason(&e)
        ))
    })?;
    let text = String::from_utf8(bytes).map_err(|_| not_export())?;
    let (reflections, unreadable) = export::read_bundle_entries(&text).map_err(|_| not_export())?;
    let store = secrets.open_write(dir)?;
    let (mut added, mut skipped, mut refused) = (Vec::new(), Vec::new(), Vec::new());
    let mut stopped = None;
    for r in &reflections {
        match store.insert_new(r) {
            Ok(true) => added.push(r.id.clone()),
            Ok(false) => skipped.push(r.id.clone()),
            // The id would not make a file name inside the journal.
            Err(StoreError::NotFound(id)) => refused.push(id),
            Err(e) => {
                stopped = Some(e);
                break;
            }
        }
    }
    // What was imported, exactly; then what was not, and why.
    let mut s = format!(
        "Imported {} reflection{}.\n",
        added.len(),
        plural(added.len())
    );
    if (1..=20).contains(&added.len()) {
        let _ = writeln!(
            s,
            "New in your journal: {}.",
            sanitize_line(&added.join(", "))
        );
    }
    if !skipped.is_empty() {
        let _ = writeln!(
            s,
            "Skipped {} already in your journal (nothing was overwritten): {}.",
            skipped.len(),
            sanitize_line(&skipped.join(", "))
        );
    }
    out(&s)?;
    let mut problems = 0;
    for u in &unreadable {
        problems += 1;
        let which = match &u.id {
            Some(id) => format!("reflection {} ({})", u.number, sanitize_line(id)),
            None => format!("reflection {}", u.number),
        };
        let why = match &u.why {
            Why::Newer(n) => format!(
                "it was written by a newer reflect (schema {n}); update reflect, then import the file again"
            ),
            Why::Damaged(reason) => format!(
                "it is damaged or not a reflection ({})",
                sanitize_line(reason)
            ),
        };
        eprintln!("reflect: {which} in {name} was not imported: {why}.");
    }
    for id in &refused {
        problems += 1;
        eprintln!(
            "reflect: the reflection \"{}\" in {name} was not imported: its id is not one reflect makes.",
            sanitize_line(id)
        );
    }
    if let Some(e) = stopped {
        let left = reflections.len() - added.len() - skipped.len() - refused.len();
        return Err(Failure::user(format!(
            "importing stopped with {left} reflection{} not yet imported: {} Run the same import again to finish; nothing is imported twice.",
            plural(left),
            describe(&e)
        )));
    }
    if problems > 0 {
        return Err(Failure::user(format!(
            "{problems} reflection{} in {name} could not be imported (see above); {} other{} {}.",
            plural(problems),
            added.len() + skipped.len(),
            plural(added.len() + skipped.len()),
            if added.len() + skipped.len() == 1 {
                "is in your journal"
            } else {
                "are in your journal"
            }
        )));
    }
    Ok(())
}
