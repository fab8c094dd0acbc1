//! `reflect packs list|validate|add|remove`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{Failure, Outcome, out, print_json};
use crate::content::{Pack, builtin_packs};
use crate::journal::{Store, StoreError};

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
                "there is no pack called \"{id}\"; `reflect packs list` shows the ones you have."
            ))
        })
}

pub fn packs_list(dir: &Path, json: bool) -> Outcome {
    let (packs, problems) = all_packs(dir);
    for p in &problems {
        eprintln!("reflect: an imported pack could not be loaded and was left as it is:\n{p}");
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
            p.title,
            p.questions.len(),
            "",
            p.description
        );
    }
    out(&s)
}

pub fn packs_validate(files: &[PathBuf]) -> Outcome {
    let mut bad = 0;
    let mut good = String::new();
    for f in files {
        let name = f.display().to_string();
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{name}:1:1: this file could not be read ({e})");
                bad += 1;
                continue;
            }
        };
        match Pack::parse(&name, &text) {
            Ok(p) => {
                let _ = writeln!(
                    good,
                    "{name}: looks good ({}, {} questions)",
                    p.title,
                    p.questions.len()
                );
            }
            Err(e) => {
                eprintln!("{e}");
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
    let text = std::fs::read_to_string(file).map_err(|e| {
        Failure::user(format!(
            "{} could not be read ({e}); check the file name.",
            file.display()
        ))
    })?;
    let store = Store::open_write(dir)?;
    match store.add_pack(&file.display().to_string(), &text, replace) {
        Ok((pack, replaced)) => out(&format!(
            "{} \"{}\" ({} questions); it now appears when you start a reflection.\n",
            if replaced { "Replaced" } else { "Added" },
            pack.title,
            pack.questions.len()
        )),
        Err(StoreError::Pack(e)) => {
            eprintln!("{e}");
            Err(Failure::user(
                "the pack was not added; fix the problems above and try again.",
            ))
        }
        Err(e) => Err(e.into()),
    }
}

pub fn packs_remove(dir: &Path, id: &str) -> Outcome {
    if builtin_packs().iter().any(|p| p.id == id) {
        return Err(Failure::user(format!(
            "\"{id}\" is a built-in pack and cannot be removed."
        )));
    }
    let store = Store::open_write(dir)?;
    store.remove_pack(id)?;
    out(&format!(
        "Removed the pack \"{id}\". Reflections made with it are still in your journal.\n"
    ))
}
