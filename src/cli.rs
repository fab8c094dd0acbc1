//! One function per subcommand. Printing and exit codes live here: errors from
//! the domain become one plain sentence on stderr saying what to do.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
            eprintln!("reflect: {}", self.message);
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
    }
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
pub fn tui(dir: &Path) -> Outcome {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let first_run = Store::is_first_run(&dir);
    let store = Store::open_write(&dir)?;
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

pub fn list(dir: &Path, json: bool) -> Outcome {
    let listing = Store::open_read(dir).list()?;
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

pub fn show(dir: &Path, id: &str, json: bool) -> Outcome {
    let r = Store::open_read(dir).load(id)?;
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

pub fn export(dir: &Path, req: ExportRequest) -> Outcome {
    let store = Store::open_read(dir);
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
            Ok(())
        }
    }
}

pub fn import(dir: &Path, file: &Path) -> Outcome {
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
    let store = Store::open_write(dir)?;
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

pub fn plain(dir: &Path, pack: Option<&str>) -> Outcome {
    let pack = find_pack(dir, pack.unwrap_or("ask-yourself"))?;
    let store = Store::open_write(dir)?;
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
