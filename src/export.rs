//! Chosen answers -> a document a person would hand to a therapist
//! (Markdown or plain text), or JSON that `reflect import` reads back.

use serde::{Deserialize, Serialize};

use crate::journal::{Entry, Reflection};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Text => "txt",
            Format::Json => "json",
        }
    }
}

/// What goes into a shared document.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Question ids to include; `None` means every answered question.
    pub only: Option<Vec<String>>,
    /// Follow-up topics the person would like to talk about, listed at the end.
    pub topics: Vec<String>,
}

/// The answers a selection picks, in the reflection's order. Skipped and hidden
/// answers are never included.
pub fn chosen<'a>(r: &'a Reflection, sel: &Selection) -> Vec<&'a Entry> {
    r.answered()
        .filter(|e| {
            sel.only
                .as_ref()
                .is_none_or(|ids| ids.iter().any(|i| i == &e.question))
        })
        .collect()
}

/// `--only` ids that name no answered question in `r`.
pub fn unknown_ids(r: &Reflection, only: &[String]) -> Vec<String> {
    only.iter()
        .filter(|id| !r.answered().any(|e| &&e.question == id))
        .cloned()
        .collect()
}

fn date(r: &Reflection) -> String {
    r.finished
        .unwrap_or(r.updated)
        .format("%-d %B %Y")
        .to_string()
}

/// A Markdown document: title, pack, date, each chosen question and answer.
pub fn markdown(r: &Reflection, sel: &Selection) -> String {
    let mut out = format!(
        "# My reflection\n\n**Pack:** {}  \n**Date:** {}\n",
        md_inline(&r.pack.title),
        date(r)
    );
    for e in chosen(r, sel) {
        out.push_str(&format!(
            "\n## {}\n\n{}\n",
            md_inline(&e.prompt),
            md_block(&e.answer)
        ));
    }
    if !sel.topics.is_empty() {
        out.push_str("\n## Topics I'd like to talk about\n\n");
        for t in &sel.topics {
            out.push_str(&format!("- {}\n", md_inline(t)));
        }
    }
    out
}

/// Text inside a heading or list item: one line, Markdown characters escaped.
fn md_inline(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    escape_md(&one_line)
}

fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A free-text answer as Markdown: paragraphs kept, line breaks kept (hard
/// breaks), and nothing the person typed turned into formatting.
fn md_block(s: &str) -> String {
    let paragraphs: Vec<String> = s
        .trim()
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            p.lines()
                .map(|l| {
                    let l = escape_md(l.trim_end());
                    // A line starting "1." or "- " would become a list.
                    let starts_list = l.starts_with(['-', '+'])
                        || l.split_once('.').is_some_and(|(n, _)| {
                            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
                        });
                    if starts_list { format!("\\{l}") } else { l }
                })
                .collect::<Vec<_>>()
                .join("  \n")
        })
        .collect();
    paragraphs.join("\n\n")
}

/// A plain-text document wrapped at 80 columns.
pub fn text(r: &Reflection, sel: &Selection) -> String {
    const WIDTH: usize = 80;
    let mut out = String::from("My reflection\n=============\n\n");
    out.push_str(&wrap(&format!("Pack: {}", r.pack.title), WIDTH, ""));
    out.push_str(&format!("Date: {}\n", date(r)));
    for e in chosen(r, sel) {
        out.push('\n');
        out.push_str(&wrap(&e.prompt, WIDTH, ""));
        out.push('\n');
        for (i, para) in e.answer.trim().split('\n').enumerate() {
            if para.trim().is_empty() {
                if i > 0 {
                    out.push('\n');
                }
                continue;
            }
            out.push_str(&wrap(para, WIDTH, "    "));
        }
    }
    if !sel.topics.is_empty() {
        out.push_str("\nTopics I'd like to talk about\n\n");
        for t in &sel.topics {
            out.push_str(&wrap(&format!("- {t}"), WIDTH, ""));
        }
    }
    out
}

fn wrap(s: &str, width: usize, indent: &str) -> String {
    let opts = textwrap::Options::new(width)
        .initial_indent(indent)
        .subsequent_indent(indent)
        .break_words(true);
    let mut out = textwrap::fill(s.trim_end(), opts);
    out.push('\n');
    out
}

/// The JSON file `reflect import` reads: any number of reflections.
#[derive(Debug, Serialize, Deserialize)]
pub struct Bundle {
    pub schema: u32,
    pub kind: String,
    pub reflections: Vec<Reflection>,
}

pub const BUNDLE_KIND: &str = "reflect-export";

/// JSON of the chosen answers (or whole reflections), re-importable.
pub fn json(reflections: Vec<Reflection>) -> String {
    let bundle = Bundle {
        schema: 1,
        kind: BUNDLE_KIND.into(),
        reflections,
    };
    let mut s = serde_json::to_string_pretty(&bundle).unwrap_or_default();
    s.push('\n');
    s
}

/// A copy of `r` holding only the chosen answers, for a JSON export with `--only`.
pub fn filtered(r: &Reflection, sel: &Selection) -> Reflection {
    let mut copy = r.clone();
    copy.answers = chosen(r, sel).into_iter().cloned().collect();
    // Where the cursor was is of no use to anyone reading the export.
    copy.caret = None;
    copy
}

/// Read an export: a bundle, or a single reflection file.
pub fn read_bundle(text: &str) -> Result<Vec<Reflection>, serde_json::Error> {
    match serde_json::from_str::<Bundle>(text) {
        Ok(b) => Ok(b.reflections),
        Err(bundle_err) => serde_json::from_str::<Reflection>(text)
            .map(|r| vec![r])
            .map_err(|_| bundle_err),
    }
}

/// One reflection of an export that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// Its place in the file, from 1.
    pub number: usize,
    /// Its id, when even that much could be read.
    pub id: Option<String>,
    pub why: Why,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// Written by a newer reflect (this schema).
    Newer(u64),
    /// Not a reflection this reflect can read (serde's words).
    Damaged(String),
}

/// Read an export entry by entry, so one unreadable reflection does not hide
/// the others: every reflection that reads, and each one that does not with
/// why. `Err` only when the file is not an export at all.
pub fn read_bundle_entries(
    text: &str,
) -> Result<(Vec<Reflection>, Vec<Unreadable>), serde_json::Error> {
    #[derive(Deserialize)]
    struct Loose {
        reflections: Vec<serde_json::Value>,
    }
    let values = match serde_json::from_str::<Loose>(text) {
        Ok(b) => b.reflections,
        Err(bundle_err) => match serde_json::from_str::<serde_json::Value>(text) {
            // A single reflection file, as kept in the journal.
            Ok(v) if v.get("answers").is_some() => vec![v],
            _ => return Err(bundle_err),
        },
    };
    let (mut good, mut bad) = (Vec::new(), Vec::new());
    for (i, v) in values.into_iter().enumerate() {
        let id = v.get("id").and_then(|id| id.as_str()).map(str::to_string);
        let schema = v.get("schema").and_then(serde_json::Value::as_u64);
        let why = match schema {
            Some(n) if n > u64::from(crate::journal::REFLECTION_SCHEMA) => Why::Newer(n),
            _ => match serde_json::from_value::<Reflection>(v) {
                Ok(r) => {
                    good.push(r);
                    continue;
                }
                Err(e) => Why::Damaged(e.to_string()),
            },
        };
        bad.push(Unreadable {
            number: i + 1,
            id,
            why,
        });
    }
    Ok((good, bad))
}

/// The document in `format` for one reflection.
pub fn render(r: &Reflection, sel: &Selection, format: Format) -> String {
    match format {
        Format::Markdown => markdown(r, sel),
        Format::Text => text(r, sel),
        Format::Json => json(vec![filtered(r, sel)]),
    }
}

/// A default file name: `reflection-2026-11-23.md`.
pub fn default_file_name(r: &Reflection, format: Format) -> String {
    format!(
        "reflection-{}.{}",
        r.finished.unwrap_or(r.updated).format("%Y-%m-%d"),
        format.extension()
    )
}
