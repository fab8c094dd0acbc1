//! Plain mode: the whole reflection line by line on stdin/stdout, for
//! scripting, screen readers, and people who prefer it. Same content and store
//! as the TUI; each answer is on disk before the next question is printed.

use std::io::{self, BufRead, Write};

use crate::content::{Kind, Pack, Question};
use crate::journal::reflection::now;
use crate::journal::{Entry, Reflection, Store, StoreError};
use crate::sanitize::{sanitize, sanitize_line};
use crate::themes;

#[derive(Debug, thiserror::Error)]
pub enum PlainError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// How a plain session ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every question was offered; the reflection is finished.
    Finished(String),
    /// Input ended early; what was answered is saved as a draft (if anything was).
    Stopped(Option<String>),
}

enum Reply {
    Eof,
    Skip,
    Answer(String),
}

struct Session<'a, R, W> {
    input: R,
    out: W,
    store: &'a Store,
    pack: &'a Pack,
    reflection: Reflection,
    saved: bool,
}

/// Run a reflection on `pack`, reading answers from `input` and writing to `out`.
pub fn run<R: BufRead, W: Write>(
    input: R,
    out: W,
    store: &Store,
    pack: &Pack,
) -> Result<Outcome, PlainError> {
    let reflection = Reflection::new(store.new_id(), pack);
    let mut s = Session {
        input,
        out,
        store,
        pack,
        reflection,
        saved: false,
    };
    let total = pack.questions.len();
    writeln!(
        s.out,
        "{} · {} questions. Press Enter on an empty line to skip any of them.\nYour answers are saved on this computer as you go, and go nowhere else.\n",
        sanitize_line(&pack.title),
        total
    )?;
    for (i, q) in pack.questions.iter().enumerate() {
        if !s.ask(q, None, &format!("Question {} of {total}", i + 1))? {
            return s.stop();
        }
        let value = s.reflection.value_of(&q.id).map(str::to_string);
        if let Some(f) = q.follow_up_for(value.as_deref())
            && !s.ask(f, Some(&q.id), "A follow-up")?
        {
            return s.stop();
        }
    }
    s.reflection.finished = Some(now());
    s.reflection.position = None;
    s.store.save(&s.reflection)?;
    let id = s.reflection.id.clone();
    writeln!(
        s.out,
        "That was the last question. Thank you for taking the time.\nSaved as {id}"
    )?;
    let analysis = themes::analyze_reflection(&s.reflection);
    if !analysis.followups.is_empty() {
        writeln!(s.out, "\nThings you might explore:")?;
        for f in &analysis.followups {
            writeln!(
                s.out,
                "- {} ({}): reflect learn {}",
                sanitize_line(&f.title),
                sanitize_line(&f.because),
                f.card
            )?;
        }
    }
    // Someone in crisis or afraid of a partner gets the help text itself,
    // not only a pointer to it.
    let safety = |id: &str| analysis.themes.iter().any(|t| t.id == id);
    if (safety("crisis") || safety("coercion"))
        && let Some(card) = crate::content::cards::builtin_cards()
            .into_iter()
            .find(|c| c.id == HELP_NOW)
    {
        writeln!(s.out, "\n{}", card.to_text(76))?;
    }
    s.out.flush()?;
    Ok(Outcome::Finished(id))
}

/// The card printed at the end when an answer raised `crisis` or `coercion`.
pub const HELP_NOW: &str = "help-now";

impl<R: BufRead, W: Write> Session<'_, R, W> {
    /// Ask one question until it gets a valid answer or a skip. False at end of input.
    fn ask(
        &mut self,
        q: &Question,
        parent: Option<&str>,
        heading: &str,
    ) -> Result<bool, PlainError> {
        self.reflection.position = Some(q.id.clone());
        loop {
            // The pack's words are its author's: nothing in them may act on the terminal.
            writeln!(self.out, "{heading}\n{}", sanitize(&q.prompt))?;
            if let Some(h) = &q.hint {
                writeln!(self.out, "({})", sanitize(h))?;
            }
            let values = q.values();
            if q.kind == Kind::Text {
                writeln!(
                    self.out,
                    "Write as many lines as you like; an empty line ends your answer."
                )?;
            } else {
                for v in &values {
                    // A scale's label repeats its number ("4 · Often"); show it once.
                    let label = v
                        .label
                        .strip_prefix(&v.key)
                        .map_or(v.label.as_str(), |l| l.trim_start_matches(" · "));
                    writeln!(self.out, "  {}  {}", v.key, sanitize_line(label))?;
                }
                writeln!(self.out, "Type {} and press Enter.", keys_list(&values))?;
            }
            self.out.flush()?;
            let reply = if q.kind == Kind::Text {
                self.read_text()?
            } else {
                self.read_line()?
            };
            let entry = match reply {
                Reply::Eof => return Ok(false),
                Reply::Skip => None,
                Reply::Answer(text) if q.kind == Kind::Text => Some(Entry::text(q, parent, &text)),
                Reply::Answer(typed) => match match_value(q, &typed) {
                    Some(v) => Entry::structured(q, parent, &v),
                    None => {
                        writeln!(
                            self.out,
                            "\"{}\" is not one of the answers here; type {}, or press Enter to skip.\n",
                            sanitize_line(typed.trim()),
                            keys_list(&values)
                        )?;
                        continue;
                    }
                },
            };
            self.reflection.set(self.pack, entry, &q.id);
            self.store.save(&self.reflection)?;
            self.saved = true;
            writeln!(self.out)?;
            return Ok(true);
        }
    }

    fn read_line(&mut self) -> Result<Reply, PlainError> {
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            return Ok(Reply::Eof);
        }
        let line = sanitize_line(&line);
        let line = line.trim();
        Ok(if line.is_empty() {
            Reply::Skip
        } else {
            Reply::Answer(line.to_string())
        })
    }

    /// Lines until an empty one; an empty first line skips.
    fn read_text(&mut self) -> Result<Reply, PlainError> {
        let mut lines: Vec<String> = Vec::new();
        loop {
            let mut line = String::new();
            let n = self.input.read_line(&mut line)?;
            let line = line.trim_end_matches(['\n', '\r']);
            // As in the full-screen editor: control characters are not kept.
            let line = sanitize(line);
            if n == 0 || line.trim().is_empty() {
                return Ok(match (n, lines.is_empty()) {
                    (0, true) => Reply::Eof,
                    (_, true) => Reply::Skip,
                    _ => Reply::Answer(lines.join("\n")),
                });
            }
            lines.push(line.to_string());
        }
    }

    fn stop(mut self) -> Result<Outcome, PlainError> {
        let id = if self.saved {
            self.store.save(&self.reflection)?;
            writeln!(
                self.out,
                "\nStopped here. Your answers so far are saved as a draft: {}",
                self.reflection.id
            )?;
            Some(self.reflection.id.clone())
        } else {
            writeln!(
                self.out,
                "\nStopped before any answer, so nothing was saved."
            )?;
            None
        };
        self.out.flush()?;
        Ok(Outcome::Stopped(id))
    }
}

fn keys_list(values: &[crate::content::AnswerValue]) -> String {
    let keys: Vec<&str> = values.iter().map(|v| v.key.as_str()).collect();
    match keys.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => keys.join(""),
    }
}

/// Match typed input to a value: its key, its value, or its label (any case).
fn match_value(q: &Question, typed: &str) -> Option<String> {
    let t = typed.trim().to_lowercase();
    let t = match t.as_str() {
        "yes" | "yeah" | "yep" if q.kind == Kind::YesNo => "y".to_string(),
        "not sure" | "?" | "dunno" | "maybe" if q.kind == Kind::YesNo => "u".to_string(),
        _ => t,
    };
    q.values()
        .into_iter()
        .find(|v| v.key == t || v.value.to_lowercase() == t || v.label.to_lowercase() == t)
        .map(|v| v.value)
}
