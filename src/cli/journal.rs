//! `reflect list` and `reflect show`: reading the journal.

use std::fmt::Write as _;
use std::path::Path;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{Failure, Outcome, Secrets, out, print_json, warn_problems};
use crate::sanitize::{sanitize, sanitize_line};

pub fn list(dir: &Path, json: bool, from: Option<&str>, secrets: &Secrets) -> Outcome {
    let mut listing = secrets.open_read(dir)?.list()?;
    warn_problems(&listing.problems);
    // A therapist's journal keeps each client's reflections apart by source.
    if let Some(from) = from.map(str::trim) {
        let wanted = from.to_lowercase();
        listing.summaries.retain(|r| {
            r.source
                .as_deref()
                .is_some_and(|s| s.trim().to_lowercase() == wanted)
        });
        if listing.summaries.is_empty() && !json {
            return out(&format!(
                "No reflections imported from {}; `reflect list` shows where each one came from.\n",
                sanitize_line(from)
            ));
        }
    }
    if json {
        return print_json(&listing.summaries);
    }
    if listing.summaries.is_empty() {
        return out("Your journal is empty. Run `reflect` to start a reflection.\n");
    }
    // The id starts with the date and time it was begun, so no separate
    // "started" column: a row is at most 20 + 2 + 22 + 2 + 12 + 2 + 19 = 79
    // columns and fits an 80-column terminal.
    let mut s = String::new();
    for r in &listing.summaries {
        let state = match r.finished_at() {
            Some(f) => format!("finished {}", f.format("%Y-%m-%d")),
            None => "draft".to_string(),
        };
        let _ = writeln!(
            s,
            "{}  {}  {:>3} answered  {state}",
            fit(&sanitize_line(&r.id), 20),
            fit(&sanitize_line(&r.pack_title), 22),
            r.answered
        );
        // Imported: where it came from, under the pack's title.
        if let Some(from) = &r.source {
            let _ = writeln!(
                s,
                "{:20}  from {}",
                "",
                fit(&sanitize_line(from), 52).trim_end()
            );
        }
    }
    out(&s)
}

/// `s` cut to `width` terminal columns (ending in "…" if cut), padded to it.
fn fit(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let full = UnicodeWidthStr::width(s) <= width;
    for c in s.chars() {
        let w = UnicodeWidthChar::width(c).unwrap_or(0);
        if !full && used + w > width.saturating_sub(1) {
            out.push('…');
            used += 1;
            break;
        }
        out.push(c);
        used += w;
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

pub fn show(dir: &Path, id: &str, json: bool, secrets: &Secrets) -> Outcome {
    if id.trim().is_empty() {
        return Err(Failure::usage(
            "say which reflection to show by its id; `reflect list` shows them.",
        ));
    }
    let r = secrets.open_read(dir)?.load(id)?;
    if json {
        return print_json(&r);
    }
    // Titles, prompts and answers came from a pack's author or were pasted:
    // nothing in them may act on the terminal.
    let mut s = format!(
        "{} · started {}",
        sanitize_line(&r.pack.title),
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
        let _ = writeln!(
            s,
            "\n{indent}{}  [{}]",
            sanitize_line(&e.prompt),
            sanitize_line(&e.question)
        );
        for line in sanitize(&e.readable()).lines() {
            let _ = writeln!(s, "{indent}    {line}");
        }
    }
    out(&s)
}
