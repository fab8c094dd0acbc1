//! Answers that travel: `export` (several reflections, any format, optionally
//! encrypted to a therapist), `import` (plain or encrypted, with `--replace`),
//! `keys new`, and the pack commands a therapist uses before sending a pack
//! (`packs validate`, `packs show`, `packs add` saying who answers return to).

use std::fmt::Write as _;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use super::{Failure, Outcome, Secrets, all_packs, out, warn_problems};
use crate::content::{Kind, Pack};
use crate::export::{self, Format, Meta, ReturnTarget, Selection};
use crate::journal::{Reflection, StoreError};
use crate::keys::{self, KeyError};

/// What `reflect export` was asked to do.
#[derive(Debug, Default)]
pub struct ExportRequest {
    pub ids: Vec<String>,
    pub all: bool,
    pub format: Option<Format>,
    /// `--only` as typed: ids separated by commas, spaces allowed.
    pub only: Option<Vec<String>>,
    pub output: Option<PathBuf>,
    pub force: bool,
    /// Name or initials for the therapist.
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
            Some(n) => format!("{n} ({})", self.key),
            None => self.key.clone(),
        }
    }
}

fn already_exists(path: &Path) -> Failure {
    Failure::user(format!(
        "{} already exists; choose another name, or add --force to replace it.",
        path.display()
    ))
}

fn key_failure(e: &KeyError) -> Failure {
    Failure::user(format!(
        "{e}; ask for the public key again (it starts age1), or leave --to out."
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
    if req.no_encrypt {
        return Ok(None);
    }
    let packs: Vec<Pack> = all_packs(dir).0.into_iter().map(|(p, _)| p).collect();
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
            found
                .iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

pub fn export(dir: &Path, req: ExportRequest, secrets: &Secrets) -> Outcome {
    let Some(format) = req.format else {
        return Err(Failure::usage(
            "say which format with --format md, txt, html or json.",
        ));
    };
    let store = secrets.open_read(dir)?;
    let only = req.only.as_deref().map(export::parse_ids);
    let (document, reflections) = if req.all {
        if format != Format::Json {
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
        let mut rs = Vec::new();
        for id in &req.ids {
            if !rs.iter().any(|r: &Reflection| &r.id == id) {
                rs.push(store.load(id)?);
            }
        }
        if let Some(only) = &only {
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
            only,
            topics: Vec::new(),
        };
        let meta = Meta {
            name: req.name.clone(),
        };
        (export::render_many(&rs, &sel, format, &meta), rs)
    };
    let recipient = if req.all && req.to.is_none() {
        None
    } else {
        recipient_for(dir, &req, &reflections)?
    };
    let bytes = match &recipient {
        Some(r) => export::encrypt(&document, &r.key).map_err(|e| key_failure(&e))?,
        None => document.into_bytes(),
    };
    let Some(path) = &req.output else {
        if let Some(r) = &recipient {
            eprintln!(
                "Encrypted for {}: only their secret key can open it.",
                r.describe()
            );
        }
        return out(&String::from_utf8_lossy(&bytes));
    };
    let path = match &recipient {
        Some(_) => PathBuf::from(export::encrypted_file_name(&path.to_string_lossy())),
        None => path.clone(),
    };
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
    match &recipient {
        Some(r) => eprintln!(
            "Written to {}, encrypted for {}: only their secret key can open it, so it is safe to send.",
            full.display(),
            r.describe()
        ),
        None => {
            eprintln!("Written to {} (only you can read it).", full.display());
            if store.encrypted() {
                eprintln!(
                    "Note: this file is not encrypted; anyone who can open it can read it, so delete it when you no longer need it."
                );
            }
        }
    }
    Ok(())
}

fn read_file(path: &Path) -> Result<zeroize::Zeroizing<Vec<u8>>, Failure> {
    std::fs::File::open(path)
        .and_then(crate::journal::crypt::read_secret)
        .map_err(|e| {
            Failure::user(format!(
                "{} could not be read ({e}); check the file name.",
                path.display()
            ))
        })
}

/// The export's text: decrypted in memory with `--identity` if it is an age file.
fn export_text(
    file: &Path,
    identity: Option<&Path>,
) -> Result<zeroize::Zeroizing<String>, Failure> {
    let bytes = read_file(file)?;
    let plain = if keys::is_age(&bytes) {
        let Some(key_file) = identity else {
            return Err(Failure::user(format!(
                "{} is encrypted; add --identity KEYFILE, the secret key file made with `reflect keys new` (or age-keygen).",
                file.display()
            )));
        };
        let key = read_file(key_file)?;
        keys::decrypt_with(&key, &bytes).map_err(|e| match e {
            KeyError::NoIdentity => Failure::user(format!(
                "{} is not a secret key file: {e}; use the file `reflect keys new -o FILE` wrote.",
                key_file.display()
            )),
            KeyError::NotForThisKey => Failure::user(format!(
                "{} was encrypted for a different key than the one in {}; ask for it to be exported again to your public key ({}).",
                file.display(),
                key_file.display(),
                keys::recipient_of(&key).unwrap_or_default()
            )),
            e => Failure::user(format!("{} could not be opened: {e}.", file.display())),
        })?
    } else {
        bytes
    };
    match std::str::from_utf8(&plain) {
        Ok(s) => Ok(zeroize::Zeroizing::new(s.to_string())),
        Err(_) => Err(Failure::user(format!(
            "{} is not a reflect export (it is not text); use a file written by `reflect export --format json`.",
            file.display()
        ))),
    }
}

pub fn import(
    dir: &Path,
    file: &Path,
    identity: Option<&Path>,
    replace: bool,
    secrets: &Secrets,
) -> Outcome {
    let text = export_text(file, identity)?;
    if text.starts_with("<!DOCTYPE html")
        || text.starts_with("# My reflection")
        || text.starts_with("My reflection\n")
    {
        let how = match identity {
            Some(key) if keys::is_age(&read_file(file)?) => format!(
                "read it with: age -d -i {} {} > {}",
                key.display(),
                file.display(),
                file.with_extension("").display()
            ),
            _ => "open it in a browser or a text editor".into(),
        };
        return Err(Failure::user(format!(
            "{} is a document to read, not answers to import (only a --format json export imports); {how}.",
            file.display()
        )));
    }
    let bundle = export::read_export(&text).map_err(|e| {
        Failure::user(format!(
            "{} is not a reflect export ({e}); use a file written by `reflect export --format json`.",
            file.display()
        ))
    })?;
    let source = bundle.name.clone().unwrap_or_else(|| {
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.display().to_string())
    });
    if bundle
        .reflections
        .iter()
        .any(|r| r.schema > crate::journal::REFLECTION_SCHEMA)
    {
        return Err(Failure::user(format!(
            "{} was written by a newer reflect; update reflect, then import again. Nothing was imported.",
            file.display()
        )));
    }
    let store = secrets.open_write(dir)?;
    let (mut added, mut updated, mut skipped) = (0, 0, Vec::new());
    for r in &bundle.reflections {
        let mut r = r.clone();
        if !bundle.backup && r.source.is_none() {
            r.source = Some(source.clone());
        }
        match store.insert_new(&r) {
            Ok(true) => added += 1,
            Ok(false) if replace => {
                store.save(&r)?;
                updated += 1;
            }
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
    let from = if bundle.backup {
        String::new()
    } else {
        format!(" from {source}")
    };
    let mut s = format!(
        "Imported {added} reflection{}{from}.\n",
        super::plural(added)
    );
    if updated > 0 {
        let _ = writeln!(
            s,
            "Updated {updated} already in your journal with the newer copy.",
        );
    }
    if !skipped.is_empty() {
        let _ = writeln!(
            s,
            "Skipped {} already in your journal (nothing was overwritten; add --replace to update them): {}",
            skipped.len(),
            skipped.join(", ")
        );
    }
    out(&s)
}

/// `reflect keys new [-o FILE]`: a key pair for answers that come back encrypted.
pub fn keys_new(output: Option<&Path>, force: bool) -> Outcome {
    let key = keys::generate();
    let Some(path) = output else {
        if io::stdout().is_terminal() {
            return Err(Failure::usage(
                "say where to keep the secret key, like `reflect keys new -o ~/reflect-key.txt`; it is never shown on screen.",
            ));
        }
        // Like age-keygen: the identity file on stdout, the public key on stderr.
        eprintln!("Public key: {}", key.recipient);
        return out(&key.identity_file);
    };
    if path.exists() && !force {
        return Err(already_exists(path));
    }
    crate::journal::store::write_new_file(path, key.identity_file.as_bytes(), force)?;
    let full = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    eprintln!(
        "Your secret key is in {} (only you can read it). Keep it private and keep a backup: anyone with it can read what clients send you, and without it nobody can.",
        full.display()
    );
    out(&format!(
        "Your public key, to give to clients or to put in a pack's \"return_to\":\n{}\n",
        key.recipient
    ))
}

fn read_pack(file: &Path) -> Result<Pack, Failure> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        Failure::user(format!(
            "{} could not be read ({e}); check the file name.",
            file.display()
        ))
    })?;
    Pack::parse(&file.display().to_string(), &text).map_err(|e| {
        eprintln!("{e}");
        Failure::user("fix the problems above and try again.")
    })
}

fn return_line(pack: &Pack) -> String {
    match &pack.return_to {
        Some(r) => format!(
            "Answers return to {}: exports are encrypted so only their key ({}) can open them.\n",
            r.name, r.recipient
        ),
        None => "This pack names nobody for answers to return to: a client's export is a plain file unless they encrypt it with --to.\n".into(),
    }
}

/// `reflect packs show FILE`: the questions as a client will meet them.
pub fn packs_show(file: &Path) -> Outcome {
    let pack = read_pack(file)?;
    let mut s = format!(
        "{} ({}), {} question{}\n{}\n{}",
        pack.title,
        pack.id,
        pack.questions.len(),
        super::plural(pack.questions.len()),
        pack.description,
        return_line(&pack)
    );
    for (i, q) in pack.questions.iter().enumerate() {
        let _ = writeln!(s, "\n{}. {}  [{}]", i + 1, q.prompt, answers_of(q));
        if let Some(h) = &q.hint {
            let _ = writeln!(s, "   ({h})");
        }
        if let Some(f) = &q.follow_up {
            let when: Vec<String> = f
                .when
                .iter()
                .map(|w| q.label_of(w).unwrap_or_else(|| w.clone()))
                .collect();
            let _ = writeln!(
                s,
                "   If \"{}\": {}  [{}]",
                when.join("\" or \""),
                f.question.prompt,
                answers_of(&f.question)
            );
        }
    }
    out(&s)
}

fn answers_of(q: &crate::content::Question) -> String {
    match q.kind {
        Kind::Text => "written answer".into(),
        Kind::YesNo => "yes / no / not sure".into(),
        Kind::Scale => match &q.scale {
            Some(l) => format!("1 {} … 5 {}", l.low, l.high),
            None => "1 to 5".into(),
        },
        Kind::Choice => q
            .options
            .iter()
            .map(|o| o.label.as_str())
            .collect::<Vec<_>>()
            .join(" / "),
    }
}

/// `reflect packs add`: checked as `packs validate` checks (encoding, a
/// built-in's id), added as before, then who answers return to.
pub fn packs_add(dir: &Path, file: &Path, replace: bool) -> Outcome {
    let bytes = std::fs::read(file).map_err(|e| {
        Failure::user(format!(
            "{} could not be read ({e}); check the file name.",
            file.display()
        ))
    })?;
    let pack =
        crate::content::lint::parse_bytes(&file.display().to_string(), &bytes).map_err(|e| {
            eprintln!("{e}");
            Failure::user("the pack was not added; fix the problems above and try again.")
        })?;
    super::packs_add(dir, file, replace)?;
    if pack.return_to.is_some() {
        out(&return_line(&pack))?;
    }
    Ok(())
}

/// `reflect packs validate`: every problem in every file, including an id a
/// built-in pack already has.
pub fn packs_validate(files: &[PathBuf]) -> Outcome {
    let mut bad = 0;
    let mut good = String::new();
    for f in files {
        let name = f.display().to_string();
        let text = match std::fs::read(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{name}:1:1: this file could not be read ({e})");
                bad += 1;
                continue;
            }
        };
        match crate::content::lint::parse_bytes(&name, &text) {
            Ok(p) => {
                let _ = writeln!(
                    good,
                    "{name}: looks good ({}, {} questions)",
                    p.title,
                    p.questions.len()
                );
                if p.return_to.is_some() {
                    good.push_str(&return_line(&p));
                }
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
