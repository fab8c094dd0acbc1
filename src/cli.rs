//! One function per subcommand. Printing and exit codes live here: errors from
//! the domain become one plain sentence on stderr saying what to do.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use age::secrecy::{ExposeSecret, SecretString};

use crate::content::cards::{Card, builtin_cards};
use crate::content::{Pack, builtin_packs};
use crate::export::{self, Format, Selection};
use crate::journal::{LoadProblem, Store, StoreError};
use crate::{plain, themes};

/// A command that did not succeed: what to tell the person, and the exit code.
#[derive(Debug)]
pub struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    /// Bad input or data: exit 1.
    pub fn user(message: impl Into<String>) -> Failure {
        Failure {
            code: 1,
            message: message.into(),
        }
    }

    /// The command was used wrongly: exit 2.
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            message: message.into(),
        }
    }

    /// Print the message (if any) and give the exit code.
    pub fn report(&self) -> ExitCode {
        if !self.message.is_empty() {
            // Not eprintln!, which panics when standard error has gone away
            // (a closed terminal window): there is nobody left to tell then.
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr(), "reflect: {}", self.message);
        }
        ExitCode::from(self.code)
    }

    pub fn code(&self) -> u8 {
        self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure::user(describe(&e))
    }
}

type Outcome = Result<(), Failure>;

/// One sentence for a store error, saying what to do.
pub fn describe(e: &StoreError) -> String {
    match e {
        StoreError::Locked { .. } => {
            "your journal is open in another reflect window; close that one first, then try again."
                .into()
        }
        StoreError::NotFound(id) => {
            format!(
                "there is no reflection with the id {id}; `reflect list` shows the ones you have."
            )
        }
        StoreError::Damaged { path, reason } => format!(
            "{} could not be read ({reason}); it has been left exactly as it is.",
            path.display()
        ),
        StoreError::Io {
            action,
            path,
            source,
        } => format!(
            "{action} {} failed ({source}); check that the folder exists and that you may write to it.",
            path.display()
        ),
        StoreError::Pack(p) => p.to_string(),
        StoreError::BuiltinPackId(id) => {
            format!(
                "a built-in pack already uses the id \"{id}\"; give your pack a different id and try again."
            )
        }
        StoreError::PackExists(id) => {
            format!("a pack with the id \"{id}\" is already imported; add --replace to replace it.")
        }
        StoreError::NoSuchPack(id) => {
            format!(
                "no imported pack has the id \"{id}\"; `reflect packs list` shows the ones you have."
            )
        }
        StoreError::NeedsPassphrase => NO_TERMINAL.into(),
        StoreError::WrongPassphrase => {
            "that passphrase does not unlock your journal, so nothing was changed; check it (and Caps Lock) and try again.".into()
        }
        StoreError::NotEncrypted => {
            "your journal is not locked with a passphrase; `reflect encrypt` locks it.".into()
        }
        StoreError::Crypt { what, reason } => {
            format!("{what} failed ({reason}); nothing else was changed.")
        }
    }
}

const NO_TERMINAL: &str = "your journal is locked with a passphrase; run this in a terminal to be asked for it, or pass --passphrase-file FILE.";

/// Where the passphrase comes from: `--passphrase-file`, else the terminal.
#[derive(Debug, Default, Clone)]
pub struct Secrets {
    pub passphrase_file: Option<PathBuf>,
}

impl Secrets {
    /// The passphrase: the file's first line, else typed at the terminal without echo.
    fn passphrase(&self, prompt: &str) -> Result<SecretString, Failure> {
        if let Some(file) = &self.passphrase_file {
            return read_passphrase_file(file);
        }
        if !io::stdin().is_terminal() {
            return Err(Failure::user(NO_TERMINAL));
        }
        rpassword::prompt_password(prompt)
            .map(SecretString::from)
            .map_err(|e| {
                Failure::user(format!(
                    "the passphrase could not be read from the terminal ({e}); pass --passphrase-file FILE instead."
                ))
            })
    }

    /// A new passphrase: the file's first line, else typed twice at the terminal.
    fn new_passphrase(&self, file: Option<&Path>, prompt: &str) -> Result<SecretString, Failure> {
        let pass = if let Some(file) = file {
            read_passphrase_file(file)?
        } else {
            if !io::stdin().is_terminal() {
                return Err(Failure::user(
                    "a new passphrase is typed twice in a terminal; without one, pass it in a file with --passphrase-file FILE.",
                ));
            }
            let first = Secrets::default().passphrase(prompt)?;
            if first.expose_secret().is_empty() {
                return Err(Failure::user(EMPTY_PASSPHRASE));
            }
            let again = Secrets::default().passphrase("Type it again: ")?;
            if first.expose_secret() != again.expose_secret() {
                return Err(Failure::user(
                    "the two passphrases were not the same, so nothing was changed; please try again.",
                ));
            }
            first
        };
        if pass.expose_secret().is_empty() {
            return Err(Failure::user(EMPTY_PASSPHRASE));
        }
        Ok(pass)
    }

    /// Unlock `store` if it is encrypted; nothing to do if it is not.
    fn unlock(&self, store: &mut Store) -> Outcome {
        if !store.needs_unlock() {
            return Ok(());
        }
        let pass = self.passphrase("Passphrase for your journal: ")?;
        store.unlock(&pass)?;
        Ok(())
    }

    /// A read-only store, unlocked if the journal is encrypted.
    pub(crate) fn open_read(&self, dir: &Path) -> Result<Store, Failure> {
        let mut store = Store::open_read(dir);
        self.unlock(&mut store)?;
        Ok(store)
    }

    /// A locked (write) store, unlocked if the journal is encrypted.
    fn open_write(&self, dir: &Path) -> Result<Store, Failure> {
        let mut store = Store::open_write(dir)?;
        self.unlock(&mut store)?;
        Ok(store)
    }
}

const EMPTY_PASSPHRASE: &str =
    "an empty passphrase would not protect anything; choose one with at least a few words.";

fn read_passphrase_file(file: &Path) -> Result<SecretString, Failure> {
    let bytes = std::fs::File::open(file)
        .and_then(crate::journal::crypt::read_secret)
        .map_err(|e| {
            Failure::user(format!(
                "the passphrase file {} could not be read ({e}); check the name.",
                file.display()
            ))
        })?;
    Ok(crate::journal::crypt::passphrase_from_text(&bytes))
}

/// `--data-dir`, else `$REFLECT_DATA_DIR`, else the platform data folder.
pub fn data_dir(flag: Option<PathBuf>) -> Result<PathBuf, Failure> {
    if let Some(d) = flag {
        return Ok(d);
    }
    if let Some(d) = std::env::var_os("REFLECT_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "reflect")
        .map(|p| p.data_dir().to_path_buf())
        .ok_or_else(|| {
            Failure::user("could not find a home folder for the journal; pass --data-dir DIR or set REFLECT_DATA_DIR.")
        })
}

fn warn_problems(problems: &[LoadProblem]) {
    for p in problems {
        eprintln!(
            "reflect: {} could not be read ({}); it was left untouched and the rest of the journal loaded.",
            p.path.display(),
            p.reason
        );
    }
}

/// JSON on stdout: indented for a person at a terminal, compact for a program.
fn print_json<T: serde::Serialize>(value: &T) -> Outcome {
    let stdout = io::stdout();
    let pretty = stdout.is_terminal();
    let mut w = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let written = if pretty {
        serde_json::to_writer_pretty(&mut w, value)
    } else {
        serde_json::to_writer(&mut w, value)
    };
    match written
        .map_err(io::Error::from)
        .and_then(|()| writeln!(w))
        .and_then(|()| w.flush())
    {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Failure::user(format!("could not write the output ({e}).")))
        }
        _ => Ok(()),
    }
}

/// Write to stdout; a closed pipe (`reflect list | head`) is not an error.
fn out(text: &str) -> Outcome {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Failure::user(format!("could not write the output ({e}).")))
        }
        _ => Ok(()),
    }
}

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

fn find_pack(dir: &Path, id: &str) -> Result<Pack, Failure> {
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

/// `reflect` alone: the full-screen interface. The lock is taken before the
/// terminal is touched, so a second window gets one plain sentence.
pub fn tui(dir: &Path, secrets: &Secrets) -> Outcome {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let first_run = Store::is_first_run(&dir);
    let mut store = Store::open_write(&dir)?;
    // With a passphrase file it is used at once; otherwise the interface asks.
    if secrets.passphrase_file.is_some() {
        secrets.unlock(&mut store)?;
    }
    crate::tui::run(store, first_run).map_err(|e| {
        Failure::user(format!("the journal window closed because of a problem ({e}); your answers up to then are saved."))
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

pub fn list(dir: &Path, json: bool, secrets: &Secrets) -> Outcome {
    let listing = secrets.open_read(dir)?.list()?;
    warn_problems(&listing.problems);
    if json {
        return print_json(&listing.summaries);
    }
    if listing.summaries.is_empty() {
        return out("Your journal is empty. Run `reflect` to start a reflection.\n");
    }
    let mut s = String::new();
    for r in &listing.summaries {
        let state = match r.finished_at() {
            Some(f) => format!("finished {}", f.format("%Y-%m-%d %H:%M")),
            None => "draft".to_string(),
        };
        let started = r
            .started_at()
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "{}  {}  {:<22}  {:>2} answered  {state}",
            r.id,
            started,
            truncate(&r.pack_title, 22),
            r.answered
        );
    }
    out(&s)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

pub fn show(dir: &Path, id: &str, json: bool, secrets: &Secrets) -> Outcome {
    let r = secrets.open_read(dir)?.load(id)?;
    if json {
        return print_json(&r);
    }
    let mut s = format!(
        "{} · started {}",
        r.pack.title,
        r.started.format("%-d %B %Y, %H:%M")
    );
    match r.finished {
        Some(f) => {
            let _ = writeln!(s, " · finished {}", f.format("%-d %B %Y, %H:%M"));
        }
        None => s.push_str(" · draft\n"),
    }
    let answered: Vec<_> = r.answered().collect();
    if answered.is_empty() {
        s.push_str("\nNo answers yet.\n");
    }
    for e in answered {
        let indent = if e.parent.is_some() { "  " } else { "" };
        let _ = writeln!(s, "\n{indent}{}  [{}]", e.prompt, e.question);
        for line in e.answer.lines() {
            let _ = writeln!(s, "{indent}    {line}");
        }
    }
    out(&s)
}

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

pub fn themes(json: bool) -> Outcome {
    let mut text = String::new();
    io::stdin().read_to_string(&mut text).map_err(|e| {
        Failure::user(format!(
            "could not read standard input ({e}); pipe in plain UTF-8 text."
        ))
    })?;
    let analysis = themes::analyze(&[text.as_str()], &[]);
    if json {
        return print_json(&analysis);
    }
    if analysis.themes.is_empty() {
        return out("Nothing in particular stood out in that text.\n");
    }
    let mut s = String::from("Themes:\n");
    for t in &analysis.themes {
        let _ = writeln!(
            s,
            "  {:<20} {:.2}  ({})",
            t.id,
            t.score,
            t.matched.join(", ")
        );
    }
    if !analysis.followups.is_empty() {
        s.push_str("\nThings you might explore:\n");
        for f in &analysis.followups {
            let _ = writeln!(s, "  {}: {}\n    {}", f.card, f.title, f.because);
        }
    }
    out(&s)
}

pub fn learn(topic: Option<&str>) -> Outcome {
    let cards = builtin_cards();
    let Some(topic) = topic else {
        let mut s = String::new();
        for c in &cards {
            let about = if c.themes.is_empty() {
                "general".to_string()
            } else {
                c.themes.join(", ")
            };
            let _ = writeln!(s, "{:<28} {}  [{about}]", c.id, c.title);
        }
        s.push_str("\nRead one with `reflect learn ID` (a card id or a theme id).\n");
        return out(&s);
    };
    let picked: Vec<&Card> = match cards.iter().find(|c| c.id == topic) {
        Some(c) => vec![c],
        None => cards
            .iter()
            .filter(|c| c.themes.iter().any(|t| t == topic))
            .collect(),
    };
    if picked.is_empty() {
        return Err(Failure::user(format!(
            "there is no card or theme called \"{topic}\"; `reflect learn` lists them all."
        )));
    }
    let text: Vec<String> = picked.iter().map(|c| c.to_text(80)).collect();
    out(&text.join("\n---\n\n"))
}

pub fn plain(dir: &Path, pack: Option<&str>, secrets: &Secrets) -> Outcome {
    let pack = find_pack(dir, pack.unwrap_or("ask-yourself"))?;
    let store = secrets.open_write(dir)?;
    let stdin = io::stdin();
    let interactive = stdin.is_terminal();
    let result = plain::run(stdin.lock(), io::stdout().lock(), &store, &pack);
    match result {
        Ok(_) => Ok(()),
        Err(plain::PlainError::Store(e)) => Err(e.into()),
        Err(plain::PlainError::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe && !interactive => {
            Ok(())
        }
        Err(plain::PlainError::Io(e)) => Err(Failure::user(format!(
            "reading or writing failed ({e}); your answers up to this point are saved."
        ))),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `reflect encrypt`: lock the journal with a passphrase, or finish an interrupted run.
pub fn encrypt(dir: &Path, secrets: &Secrets) -> Outcome {
    let resuming = Store::is_encrypted(dir);
    let pass = if resuming {
        secrets.passphrase("Passphrase for your journal: ")?
    } else {
        secrets.new_passphrase(
            secrets.passphrase_file.as_deref(),
            "Choose a passphrase for your journal: ",
        )?
    };
    let mut store = Store::open_write(dir)?;
    let done = store.encrypt(&pass)?;
    if resuming && done.files == 0 {
        return out("Your journal is already locked with a passphrase.\n");
    }
    out(&format!(
        "Your journal is now locked with a passphrase ({} reflection{} encrypted). Keep the passphrase safe: without it nobody, not even reflect, can read your journal.\n",
        done.files,
        plural(done.files)
    ))
}

/// `reflect decrypt`: remove the passphrase for good, or finish an interrupted run.
pub fn decrypt(dir: &Path, secrets: &Secrets) -> Outcome {
    if !Store::is_encrypted(dir) {
        return out("Your journal is not locked with a passphrase; there is nothing to decrypt.\n");
    }
    let mut store = secrets.open_write(dir)?;
    let done = store.decrypt()?;
    out(&format!(
        "Your journal is no longer encrypted ({} reflection{} decrypted); `reflect encrypt` locks it again.\n",
        done.files,
        plural(done.files)
    ))
}

/// `reflect passphrase`: change the passphrase (only identity.age is rewritten).
pub fn passphrase(dir: &Path, secrets: &Secrets, new_file: Option<&Path>) -> Outcome {
    if !Store::is_encrypted(dir) {
        return Err(StoreError::NotEncrypted.into());
    }
    let old = secrets.passphrase("Current passphrase: ")?;
    let mut store = Store::open_write(dir)?;
    // Check the old one before asking for a new one.
    store.unlock(&old)?;
    let new = secrets.new_passphrase(new_file, "New passphrase: ")?;
    store.change_passphrase(&old, &new)?;
    out("Your passphrase is changed; use the new one from now on.\n")
}
