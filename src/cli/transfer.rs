//! `reflect export` and `reflect import`: answers out of and into the journal.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use super::{Failure, Outcome, Secrets, out, warn_problems};
use crate::export::{self, Format, Selection};
use crate::journal::StoreError;

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
        let Some(id) = req.id.as_deref() else {
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
        None => out(&text),
        Some(path) => {
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

pub fn import(dir: &Path, file: &Path, secrets: &Secrets) -> Outcome {
    let text = std::fs::read_to_string(file).map_err(|e| {
        Failure::user(format!(
            "{} could not be read ({e}); check the file name.",
            file.display()
        ))
    })?;
    let reflections = export::read_bundle(&text).map_err(|e| {
        Failure::user(format!(
            "{} is not a reflect export ({e}); use a file written by `reflect export --format json`.",
            file.display()
        ))
    })?;
    let store = secrets.open_write(dir)?;
    let (mut added, mut skipped) = (0, Vec::new());
    for r in &reflections {
        if r.schema > crate::journal::REFLECTION_SCHEMA {
            return Err(Failure::user(format!(
                "{} was written by a newer reflect; update reflect, then import again. Nothing was imported.",
                file.display()
            )));
        }
        match store.insert_new(r) {
            Ok(true) => added += 1,
            Ok(false) => skipped.push(r.id.clone()),
            Err(StoreError::NotFound(id)) => {
                return Err(Failure::user(format!(
                    "{} holds a reflection with an unusable id ({id}); nothing more was imported.",
                    file.display()
                )));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let mut s = format!(
        "Imported {added} reflection{}.\n",
        if added == 1 { "" } else { "s" }
    );
    if !skipped.is_empty() {
        let _ = writeln!(
            s,
            "Skipped {} already in your journal (nothing was overwritten): {}",
            skipped.len(),
            skipped.join(", ")
        );
    }
    out(&s)
}
