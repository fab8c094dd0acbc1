//! `reflect export` and `reflect import`: answers out of and into the journal.
//!
//! An export may hold several reflections, in any format, and is encrypted
//! for a therapist when `--to` (or the pack's `return_to`) names one; an
//! import opens such a file in memory with `--identity`, records where the
//! reflections came from, and with `--replace` updates ones already there.

use std::fmt::Write as _;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::{Failure, Outcome, Secrets, describe, io_reason, out, plural, warn_problems};
use crate::content::Pack;
use crate::export::{self, Format, Meta, ReturnTarget, Selection, Why};
use crate::journal::{Reflection, StoreError};
use crate::keys::{self, KeyError};
use crate::sanitize::{self, sanitize_line};

/// What `reflect export` was asked to do.
#[derive(Debug)]
pub struct ExportRequest {
    pub ids: Vec<String>,
    pub all: bool,
    pub format: Format,
    /// `--only` as typed: ids separated by commas, spaces allowed.
    pub only: Option<Vec<String>>,
    pub output: Option<PathBuf>,
    pub force: bool,
    /// Name or initials for the therapist; never stored.
    pub name: Option<String>,
    /// `--to age1…`: encrypt for this recipient.
    pub to: Option<String>,
    /// `--no-encrypt`: plain even when the pack names who answers return to.
    pub no_encrypt: bool,
}

/// Who an export is encrypted for.
struct Recipient {
    key: String,
    /// The pack's name for them, if it came from a pack.
    name: Option<String>,
}

impl Recipient {
    fn describe(&self) -> String {
        match &self.name {
            Some(n) => format!("{} ({})", sanitize_line(n), self.key),
            None => self.key.clone(),
        }
    }
}

fn already_exists(path: &Path) -> Failure {
    Failure::user(format!(
        "{} already exists; choose another name, or add --force to replace it.",
        sanitize_line(&path.display().to_string())
    ))
}

fn key_failure(e: &KeyError) -> Failure {
    Failure::user(format!(
        "{}; ask for the public key again (it starts age1), or leave --to out.",
        sanitize_line(&e.to_string())
    ))
}

/// The recipient: `--to`, else the `return_to` every pack involved agrees on.
fn recipient_for(
    dir: &Path,
    req: &ExportRequest,
    rs: &[Reflection],
) -> Result<Option<Recipient>, Failure> {
    if let Some(to) = &req.to {
        keys::parse_recipient(to).map_err(|e| key_failure(&e))?;
        return Ok(Some(Recipient {
            key: to.trim().to_string(),
            name: None,
        }));
    }
    if req.no_encrypt || req.all {
        return Ok(None);
    }
    let packs: Vec<Pack> = super::packs::all_packs(dir)
        .0
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    match export::return_target(&packs, rs) {
        ReturnTarget::Nobody => Ok(None),
        ReturnTarget::One(rt) => {
            keys::parse_recipient(&rt.recipient).map_err(|e| key_failure(&e))?;
            Ok(Some(Recipient {
                key: rt.recipient,
                name: Some(rt.name),
            }))
        }
        ReturnTarget::Several(found) => Err(Failure::user(format!(
            "these reflections come from packs that return answers to different people ({}); export them one at a time, or choose with --to.",
            sanitize_line(
                &found
                    .iter()
                    .map(|f| f.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        ))),
    }
}

/// The reflections asked for, checked against `--only`.
fn chosen_reflections(
    store: &crate::journal::Store,
    ids: &[String],
    only: Option<&[String]>,
) -> Result<Vec<Reflection>, Failure> {
    let mut rs: Vec<Reflection> = Vec::new();
    for id in ids {
        if id.trim().is_empty() {
            return Err(Failure::usage(
                "say which reflection to export (see `reflect list`), or use --all.",
            ));
        }
        if !rs.iter().any(|r| &r.id == id) {
            rs.push(store.load(id)?);
        }
    }
    if let Some(only) = only {
        let unknown = export::unknown_ids_in(&rs, only);
        if !unknown.is_empty() {
            let mut have: Vec<&str> = Vec::new();
            for e in rs.iter().flat_map(|r| r.answered()) {
                if !have.contains(&e.question.as_str()) {
                    have.push(&e.question);
                }
            }
            return Err(Failure::user(format!(
                "{} no answer to {}; the answered questions are: {}.",
                if rs.len() == 1 {
                    "this reflection has"
                } else {
                    "these reflections have"
                },
                sanitize_line(&unknown.join(", ")),
                if have.is_empty() {
                    "none yet".to_string()
                } else {
                    sanitize_line(&have.join(", ")).into_owned()
                }
            )));
        }
    }
    Ok(rs)
}

pub fn export(dir: &Path, req: ExportRequest, secrets: &Secrets) -> Outcome {
    let store = secrets.open_read(dir)?;
    let only = req.only.as_deref().map(export::parse_ids);
    let (text, reflections) = if req.all {
        if req.format != Format::Json {
            return Err(Failure::usage(
                "--all exports the whole journal as JSON; add --format json.",
            ));
        }
        if only.is_some() || !req.ids.is_empty() {
            return Err(Failure::usage(
                "--all exports every reflection; leave out the ids and --only.",
            ));
        }
        let (all, problems) = store.load_all()?;
        warn_problems(&problems);
        (export::json(all), Vec::new())
    } else {
        if req.ids.is_empty() {
            return Err(Failure::usage(
                "say which reflection to export (see `reflect list`), or use --all.",
            ));
        }
        let rs = chosen_reflections(&store, &req.ids, only.as_deref())?;
        let sel = Selection {
            only,
            topics: Vec::new(),
        };
        let meta = Meta {
            name: req.name.clone(),
        };
        (export::render_many(&rs, &sel, req.format, &meta), rs)
    };
    let recipient = recipient_for(dir, &req, &reflections)?;
    let Some(path) = &req.output else {
        return match &recipient {
            Some(r) => {
                let sealed = export::encrypt(&text, &r.key).map_err(|e| key_failure(&e))?;
                eprintln!(
                    "Encrypted for {}: only their secret key can open it.",
                    r.describe()
                );
                // Armored age is plain ASCII: nothing in it can act on a terminal.
                out(&String::from_utf8_lossy(&sealed))
            }
            // On a terminal, nothing pasted into an answer may act on it; piped
            // or redirected, the text is exactly as written. JSON only escapes.
            None if req.format == Format::Json => out(&sanitize::escape_json(&text)),
            None if io::stdout().is_terminal() => out(&sanitize::sanitize(&text)),
            None => out(&text),
        };
    };
    let (path, bytes) = match &recipient {
        Some(r) => (
            PathBuf::from(export::encrypted_file_name(&path.to_string_lossy())),
            export::encrypt(&text, &r.key).map_err(|e| key_failure(&e))?,
        ),
        None => (path.clone(), text.into_bytes()),
    };
    check_output(&path)?;
    if path.exists() && !req.force {
        return Err(already_exists(&path));
    }
    crate::journal::store::write_new_file(&path, &bytes, req.force).map_err(|e| match e {
        StoreError::Io { source, .. } if source.kind() == io::ErrorKind::AlreadyExists => {
            already_exists(&path)
        }
        e => e.into(),
    })?;
    let full = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
    let shown = sanitize_line(&full.display().to_string()).into_owned();
    match &recipient {
        Some(r) => eprintln!(
            "Written to {shown}, encrypted for {}: only their secret key can open it, so it is safe to send.",
            r.describe()
        ),
        None => {
            eprintln!("Written to {shown} (only you can read it).");
            if store.encrypted() {
                eprintln!(
                    "Note: this file is not encrypted; anyone who can open it can read it, so delete it when you no longer need it."
                );
            }
        }
    }
    Ok(())
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

fn read_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, Failure> {
    std::fs::File::open(path)
        .and_then(crate::journal::crypt::read_secret)
        .map_err(|e| {
            Failure::user(format!(
                "{} could not be read because {}; check the file name.",
                sanitize_line(&path.display().to_string()),
                io_reason(&e)
            ))
        })
}

/// The export's bytes: decrypted in memory with `--identity` if it is an age file.
fn export_bytes(file: &Path, identity: Option<&Path>) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let name = sanitize_line(&file.display().to_string()).into_owned();
    let bytes = read_file(file)?;
    if !keys::is_age(&bytes) {
        return Ok(bytes);
    }
    let Some(key_file) = identity else {
        return Err(Failure::user(format!(
            "{name} is encrypted; add --identity KEYFILE, the secret key file made with `reflect keys new` (or age-keygen)."
        )));
    };
    let key = read_file(key_file)?;
    let key_name = sanitize_line(&key_file.display().to_string()).into_owned();
    keys::decrypt_with(&key, &bytes).map_err(|e| match e {
        KeyError::NoIdentity => Failure::user(format!(
            "{key_name} is not a secret key file: {e}; use the file `reflect keys new -o FILE` wrote."
        )),
        KeyError::NotForThisKey => Failure::user(format!(
            "{name} was encrypted for a different key than the one in {key_name}; ask for it to be exported again to your public key ({}).",
            keys::recipient_of(&key).unwrap_or_default()
        )),
        e => Failure::user(format!("{name} could not be opened: {e}.")),
    })
}

/// A document to read (html, md, txt) is not for importing: say how to open it.
fn document_to_read(file: &Path, identity: Option<&Path>, sealed: bool) -> Failure {
    let how = match identity {
        Some(key) if sealed => format!(
            "read it with: age -d -i {} {} > {}",
            key.display(),
            file.display(),
            file.with_extension("").display()
        ),
        _ => "open it in a browser or a text editor".into(),
    };
    Failure::user(format!(
        "{} is a document to read, not answers to import (only a --format json export imports); {}.",
        sanitize_line(&file.display().to_string()),
        sanitize_line(&how)
    ))
}

pub fn import(
    dir: &Path,
    file: &Path,
    identity: Option<&Path>,
    replace: bool,
    secrets: &Secrets,
) -> Outcome {
    let name = sanitize_line(&file.display().to_string()).into_owned();
    let not_export = || {
        Failure::user(format!(
            "{name} is not a reflect export; use a file written by `reflect export ID --format json` or `reflect export --all --format json`."
        ))
    };
    let bytes = export_bytes(file, identity)?;
    let sealed = keys::is_age(&read_file(file)?);
    let text = Zeroizing::new(String::from_utf8(bytes.to_vec()).map_err(|_| not_export())?);
    if text.starts_with("<!DOCTYPE html")
        || text.starts_with("# My reflection")
        || text.starts_with("My reflection\n")
    {
        return Err(document_to_read(file, identity, sealed));
    }
    let (reflections, unreadable) = export::read_bundle_entries(&text).map_err(|_| not_export())?;
    let (given_name, backup) = export::export_meta(&text);
    // Where they came from: the name the client gave, else the file's name.
    let source = given_name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| {
            file.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| file.display().to_string())
        });
    let store = secrets.open_write(dir)?;
    let (mut added, mut updated, mut skipped, mut refused) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut stopped = None;
    for r in &reflections {
        let mut r = r.clone();
        if !backup && r.source.is_none() {
            r.source = Some(source.clone());
        }
        match store.insert_new(&r) {
            Ok(true) => added.push(r.id.clone()),
            Ok(false) if replace => match store.save(&r) {
                Ok(()) => updated.push(r.id.clone()),
                Err(e) => {
                    stopped = Some(e);
                    break;
                }
            },
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
    let from = if backup {
        String::new()
    } else {
        format!(" from {}", sanitize_line(&source))
    };
    let mut s = format!(
        "Imported {} reflection{}{from}.\n",
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
    if !updated.is_empty() {
        let _ = writeln!(
            s,
            "Updated {} already in your journal with the copy in the file: {}.",
            updated.len(),
            sanitize_line(&updated.join(", "))
        );
    }
    if !skipped.is_empty() {
        let _ = writeln!(
            s,
            "Skipped {} already in your journal (nothing was overwritten; add --replace to update them): {}.",
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
    let done = added.len() + updated.len() + skipped.len();
    if let Some(e) = stopped {
        let left = reflections.len() - done - refused.len();
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
            done,
            plural(done),
            if done == 1 {
                "is in your journal"
            } else {
                "are in your journal"
            }
        )));
    }
    Ok(())
}
