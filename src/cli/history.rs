//! `reflect history [--pack ID] QID [--json]`: every answer to one question,
//! newest first, with dates and the wording each was given to.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

use super::{Failure, Secrets};
use crate::content::Kind;
use crate::journal::history::{Answer, History};

/// What `reflect history` was asked for.
pub struct HistoryRequest<'a> {
    pub pack: Option<&'a str>,
    pub question: &'a str,
    /// Only reflections imported from this source (a therapist's client).
    pub from: Option<&'a str>,
    pub json: bool,
}

pub fn history(dir: &Path, req: HistoryRequest, secrets: &Secrets) -> Result<(), Failure> {
    let HistoryRequest {
        pack,
        question,
        from,
        json,
    } = req;
    let store = secrets.open_read(dir)?;
    let mut h = store.history(pack, question)?;
    if let Some(from) = from.map(str::trim) {
        // The same rule as `reflect list --from`: the source, case aside.
        let wanted = from.to_lowercase();
        let theirs: std::collections::HashSet<String> = store
            .list()?
            .summaries
            .into_iter()
            .filter(|s| {
                s.source
                    .as_deref()
                    .is_some_and(|src| src.trim().to_lowercase() == wanted)
            })
            .map(|s| s.id)
            .collect();
        h.answers.retain(|a| theirs.contains(&a.id));
    }
    for p in &h.problems {
        let _ = writeln!(
            io::stderr(),
            "reflect: {} could not be read ({}); it was left untouched and the rest of the journal was read.",
            p.path.display(),
            p.reason
        );
    }
    let text = if json {
        let mut s = if io::stdout().is_terminal() {
            serde_json::to_string_pretty(&h)
        } else {
            serde_json::to_string(&h)
        }
        .map_err(|e| Failure::user(format!("could not write the output ({e}).")))?;
        s.push('\n');
        s
    } else if h.answers.is_empty() {
        let _ = writeln!(
            io::stderr(),
            "No answer to the question \"{question}\"{} yet. `reflect show ID` lists the question ids of a reflection.",
            pack.map(|p| format!(" in the pack \"{p}\""))
                .unwrap_or_default()
        );
        return Ok(());
    } else {
        // What the person wrote, with nothing in it a terminal would act on.
        crate::sanitize::sanitize(&as_text(&h)).into_owned()
    };
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

/// A heading per wording (newest first), each answer on its own lines under
/// its date.
fn as_text(h: &History) -> String {
    let mut s = String::new();
    let packs: Vec<&str> = h.answers.iter().map(|a| a.pack.as_str()).collect();
    let several_packs = packs.iter().any(|p| *p != packs[0]);
    let mut wording: Option<&str> = None;
    for a in &h.answers {
        if wording != Some(a.prompt.as_str()) {
            if wording.is_some() {
                s.push('\n');
            }
            let _ = writeln!(s, "{}{}", a.prompt, ends(a));
            wording = Some(&a.prompt);
        }
        let date = date(a);
        let pack = if several_packs {
            format!("  ({})", a.pack_title)
        } else {
            String::new()
        };
        let answer = shown(a);
        let mut lines = answer.lines();
        let first = lines.next().unwrap_or("");
        let _ = writeln!(s, "  {date}  {first}{pack}");
        for line in lines {
            let _ = writeln!(s, "              {line}");
        }
    }
    s
}

fn date(a: &Answer) -> String {
    chrono::DateTime::parse_from_rfc3339(&a.started)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|_| a.started.clone())
}

/// For a scale, its range and the words at its ends: "  (1 = Never … 5 = Always)".
fn ends(a: &Answer) -> String {
    match &a.scale {
        Some(r) => match (&r.low, &r.high) {
            (Some(l), Some(h)) => format!("  ({} = {l} … {} = {h})", r.min, r.max),
            _ => format!("  ({} … {})", r.min, r.max),
        },
        None => String::new(),
    }
}

/// A scale answer as "4 of 5", the rest as given.
fn shown(a: &Answer) -> String {
    match (a.kind, a.scale_value(), &a.scale) {
        (Kind::Scale, Some(v), Some(r)) => format!("{v} of {}", r.max),
        _ => a.answer.clone(),
    }
}
