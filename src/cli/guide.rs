//! `reflect themes`, `reflect learn` and `reflect plain`: the guide without the full screen.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Read};
use std::path::Path;

use super::packs::find_pack;
use super::{Failure, Outcome, Secrets, io_reason, out, print_json};
use crate::content::cards::{Card, builtin_cards};
use crate::sanitize::sanitize_line;
use crate::{plain, themes};

pub fn themes(json: bool) -> Outcome {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        // Otherwise it looks as if reflect has hung.
        eprintln!(
            "Type or paste the text to look at, then press Ctrl-D on a line of its own to finish."
        );
    }
    let mut bytes = Vec::new();
    stdin.lock().read_to_end(&mut bytes).map_err(|e| {
        Failure::user(format!(
            "could not read standard input because {}; pipe in plain text.",
            io_reason(&e)
        ))
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::user("that input is not plain text (UTF-8); pipe in a text file instead.")
    })?;
    let analysis = themes::analyze(&[text.as_str()], &[]);
    if json {
        return print_json(&analysis);
    }
    if analysis.themes.is_empty() {
        return out("Nothing in particular stood out in that text.\n");
    }
    let mut s = String::from("Themes in that text:\n");
    for t in &analysis.themes {
        let strength = match t.score {
            x if x >= 0.66 => "strongly",
            x if x >= 0.33 => "clearly",
            _ => "faintly",
        };
        // As in every reason line: the words that raised a safety theme are
        // not quoted back.
        let words = if matches!(t.id.as_str(), "crisis" | "coercion" | "trauma") {
            String::new()
        } else {
            format!(" you wrote: {}", sanitize_line(&t.matched.join(", ")))
        };
        let _ = writeln!(s, "  {:<20} {strength:<8}{words}", t.id);
    }
    if !analysis.followups.is_empty() {
        s.push_str("\nThings you might explore:\n");
        for f in &analysis.followups {
            let _ = writeln!(
                s,
                "  {}: {}\n    {}",
                f.card,
                f.title,
                sanitize_line(&f.because)
            );
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
            "there is no card or theme called \"{}\"; `reflect learn` lists them all.",
            sanitize_line(topic)
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
