//! `reflect packs list|validate|add|remove`.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Failure, Outcome, io_reason, out, print_json};
use crate::content::lint::parse_bytes;
use crate::content::pack::{MAX_PACK_BYTES, too_big};
use crate::content::{Pack, builtin_packs};
use crate::journal::{Store, StoreError};
use crate::sanitize::{sanitize, sanitize_line};

/// Built-in packs then imported ones, with each imported pack's load problems.
pub(super) fn all_packs(dir: &Path) -> (Vec<(Pack, bool)>, Vec<crate::content::PackError>) {
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
        let bytes = match read_pack_file(f) {
            Ok(t) => t,
            Err(reason) => {
                eprintln!("{name}:1:1: {reason}");
                bad += 1;
                continue;
            }
        };
        // Also names a Windows-1252 file and an id a built-in pack has.
        match parse_bytes(&name, &bytes) {
            Ok(p) => {
                let _ = writeln!(
                    good,
                    "{name}: looks good ({}, {} questions)",
                    sanitize_line(&p.title),
                    p.questions.len()
                );
                if p.return_to.is_some() {
                    good.push_str(&return_line(&p));
                }
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
    let bytes = read_pack_file(file)
        .map_err(|reason| Failure::user(format!("{name}: {reason}; the pack was not added.")))?;
    let not_added = |e: &crate::content::PackError| {
        eprintln!("{}", sanitize(&e.to_string()));
        Failure::user("the pack was not added; fix the problems above and try again.")
    };
    // Checked as `packs validate` checks: the encoding, a built-in's id.
    parse_bytes(&name, &bytes).map_err(|e| not_added(&e))?;
    let text = String::from_utf8_lossy(&bytes);
    let store = super::open_write(dir)?;
    match store.add_pack(&name, &text, replace) {
        Ok((pack, replaced)) => {
            let mut s = format!(
                "{} \"{}\" ({} questions); it now appears when you start a reflection.\n",
                if replaced { "Replaced" } else { "Added" },
                sanitize_line(&pack.title),
                pack.questions.len()
            );
            if pack.return_to.is_some() {
                s.push_str(&return_line(&pack));
            }
            out(&s)
        }
        Err(StoreError::Pack(e)) => {
            eprintln!("{}", sanitize(&e.to_string()));
            Err(Failure::user(
                "the pack was not added; fix the problems above and try again.",
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// Who a pack's answers return to, in a sentence (its words sanitised).
pub(super) fn return_line(pack: &Pack) -> String {
    match &pack.return_to {
        Some(r) => format!(
            "Answers return to {}: exports are encrypted so only their key ({}) can open them.\n",
            sanitize_line(&r.name),
            sanitize_line(&r.recipient)
        ),
        None => "This pack names nobody for answers to return to: a client's export is a plain file unless they encrypt it with --to.\n".into(),
    }
}

/// A pack file, read and checked, or the problems printed and a failure.
pub(super) fn read_pack(file: &Path) -> Result<Pack, Failure> {
    let name = sanitize_line(&file.display().to_string()).into_owned();
    let bytes =
        read_pack_file(file).map_err(|reason| Failure::user(format!("{name}: {reason}.")))?;
    parse_bytes(&name, &bytes).map_err(|e| {
        eprintln!("{}", sanitize(&e.to_string()));
        Failure::user("fix the problems above and try again.")
    })
}

/// A pack file's bytes, read no further than a pack may be long; or why not,
/// in words (the caller says which file). Their encoding is checked by
/// [`parse_bytes`], which names a Windows-1252 file as such.
fn read_pack_file(path: &Path) -> Result<Vec<u8>, String> {
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
    Ok(bytes)
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
