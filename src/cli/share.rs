//! What a therapist uses around answers that travel: `keys new` (the key
//! pair answers are encrypted for) and `packs show` (a pack as a client will
//! meet it, and who its answers return to).

use std::fmt::Write as _;
use std::io::{self, IsTerminal};
use std::path::Path;

use super::{Failure, Outcome, out};
use crate::content::Kind;
use crate::keys;
use crate::sanitize::{sanitize, sanitize_line};

fn already_exists(path: &Path) -> Failure {
    Failure::user(format!(
        "{} already exists; choose another name, or add --force to replace it.",
        sanitize_line(&path.display().to_string())
    ))
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

/// `reflect packs show FILE`: the questions as a client will meet them.
pub fn packs_show(file: &Path) -> Outcome {
    let pack = super::packs::read_pack(file)?;
    let mut s = format!(
        "{} ({}), {} question{}\n{}\n{}",
        pack.title,
        pack.id,
        pack.questions.len(),
        super::plural(pack.questions.len()),
        pack.description,
        super::packs::return_line(&pack)
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
    // Every word here is the pack author's: nothing in it may act on a terminal.
    out(&sanitize(&s))
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
