//! `reflect packs list|validate|add|remove`.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Failure, Outcome, io_reason, out, print_json};
use crate::content::pack::{MAX_PACK_BYTES, too_big};
use crate::content::{Pack, builtin_packs};
use crate::journal::{Store, StoreError};
use crate::sanitize::{sanitize, sanitize_line};

/// Built-in packs then imported ones, with each imported pack's load problems.
fn all_packs(dir: &Path) -> (Vec<(Pack, bool)>, Vec<crate::content::PackError>) {
    let (imported, problems) = Store::open_read(dir).imported_packs();
    let packs = builtin_packs()
        .into_iter()
        .map(|p| (p, true))
        .chain(imported.into_iter().map(|p| (p, false)))
        .collect();
    (packs, problems)
}

pub(super) fn find_pack(dir: &Path, id: &str) -> Result<Pack, Failure> {
    all_packs(dir)
        .0
        .into_iter()
        .map(|(p, _)| p)
        .find(|p| p.id == id)
        .ok_or_else(|| {
            Failure::user(format!(
                "there is no pack called \"{}\"; `reflect packs list` shows the ones you have.",
                sanitize_line(id)
            ))
        })
}

pub fn packs_list(dir: &Path, json: bool) -> Outcome {
    let (packs, problems) = all_packs(dir);
    for p in &problems {
        eprintln!(
            "reflect: an imported pack could not be loaded and was left as it is:\n{}",
            sanitize(&p.to_string())
        );
    }
    if json {
        let rows: Vec<serde_json::Value> = packs
            .iter()
            .map(|(p, builtin)| {
                serde_json::json!({
                    "id": p.id,
                    "title": p.title,
                    "description": p.description,
                    "questions": p.questions.len(),
                    "source": if *builtin { "builtin" } else { "imported" },
                })
            })
            .collect();
        return print_json(&rows);
    }
    let mut s = String::new();
    for (p, builtin) in &packs {
        let from = if *builtin { "" } else { "  (imported)" };
        let _ = writeln!(
            s,
            "{:<24} {} · {} questions{from}\n{:<24} {}",
            p.id,
            sanitize_line(&p.title),
            p.questions.len(),
            "",
            sanitize_line(&p.description)
        );
    }
    out(&s)
}

pub fn packs_validate(files: &[PathBuf]) -> Outcome {
    let mut bad = 0;
    let mut good = String::new();
    for f in files {
        let name = sanitize_line(&f.display().to_string()).into_owned();
        let text = match read_pack_file(f) {
            Ok(t) => t,
            Err(reason) => {
                eprintln!("{name}:1:1: {reason}");
                bad += 1;
                continue;
            }
        };
        match Pack::parse(&name, &text) {
            Ok(p) => {
                let _ = writeln!(
                    good,
                    "{name}: looks good ({}, {} questions)",
                    sanitize_line(&p.title),
                    p.questions.len()
                );
            }
            Err(e) => {
                // The messages quote the pack's own words back.
                eprintln!("{}", sanitize(&e.to_string()));
                bad += 1;
            }
        }
    }
    out(&good)?;
    if bad == 0 {
        Ok(())
    } else {
        Err(Failure::user(""))
    }
}

pub fn packs_add(dir: &Path, file: &Path, replace: bool) -> Outcome {
    let name = sanitize_line(&file.display().to_string()).into_owned();
    let text = read_pack_file(file)
        .map_err(|reason| Failure::user(format!("{name}: {reason}; the pack was not added.")))?;
    let store = super::open_write(dir)?;
    match store.add_pack(&name, &text, replace) {
        Ok((pack, replaced)) => out(&format!(
            "{} \"{}\" ({} questions); it now appears when you start a reflection.\n",
            if replaced { "Replaced" } else { "Added" },
            sanitize_line(&pack.title),
            pack.questions.len()
        )),
        Err(StoreError::Pack(e)) => {
            eprintln!("{}", sanitize(&e.to_string()));
            Err(Failure::user(
                "the pack was not added; fix the problems above and try again.",
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// A pack file's text, read no further than a pack may be long; or why not,
/// in words (the caller says which file).
fn read_pack_file(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| {
        format!(
            "this file could not be read because {}; check the name",
            io_reason(&e)
        )
    })?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err("this is a folder; name a pack file inside it".into());
    }
    let mut bytes = Vec::new();
    (&file)
        .take(MAX_PACK_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            format!(
                "this file could not be read because {}; check the name",
                io_reason(&e)
            )
        })?;
    if bytes.len() > MAX_PACK_BYTES {
        let len = file.metadata().map_or(0, |m| m.len());
        return Err(too_big(usize::try_from(len).unwrap_or(usize::MAX).max(bytes.len())).message);
    }
    String::from_utf8(bytes).map_err(|_| {
        "this is not a text file (a pack is JSON saved as UTF-8 text); check that it is the right file".into()
    })
}

pub fn packs_remove(dir: &Path, id: &str) -> Outcome {
    if builtin_packs().iter().any(|p| p.id == id) {
        return Err(Failure::user(format!(
            "\"{id}\" is a built-in pack and cannot be removed."
        )));
    }
    let store = super::open_write(dir)?;
    store.remove_pack(id)?;
    out(&format!(
        "Removed the pack \"{id}\". Reflections made with it are still in your journal.\n"
    ))
}
