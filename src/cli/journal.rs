//! `reflect list` and `reflect show`: reading the journal.

use std::fmt::Write as _;
use std::path::Path;

use super::{Outcome, Secrets, out, print_json, warn_problems};

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
