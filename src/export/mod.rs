//! Chosen answers -> a document a person would hand to a therapist (Markdown,
//! plain text or a printable HTML page), or JSON that `reflect import` reads
//! back; any of them optionally age-encrypted to the therapist's public key.
//!
//! An export holds only what the person chose and what is needed to read it:
//! never where they stopped, never the ids or number of anything left out.

mod html;
pub mod markdown;

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::content::{Pack, ReturnTo};
use crate::journal::{Entry, Reflection};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
    Json,
    Html,
}

impl Format {
    /// Every format, in the order an interface offers them.
    pub const ALL: [Format; 4] = [Format::Markdown, Format::Text, Format::Html, Format::Json];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Text => "txt",
            Format::Json => "json",
            Format::Html => "html",
        }
    }

    /// What a person calls it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Text => "plain text",
            Format::Json => "JSON (for reflect import)",
            Format::Html => "a printable web page",
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

/// What the person adds about themselves for this one export. Never stored.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// Name or initials for the therapist, if the person typed any.
    pub name: Option<String>,
}

impl Meta {
    /// The name, if one was given (blank counts as none).
    pub fn name(&self) -> Option<&str> {
        self.name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
    }
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

/// `--only` ids that name no answered question in any of `rs`.
pub fn unknown_ids_in(rs: &[Reflection], only: &[String]) -> Vec<String> {
    only.iter()
        .filter(|id| !rs.iter().any(|r| r.answered().any(|e| &&e.question == id)))
        .cloned()
        .collect()
}

/// A list of ids as typed (`"hopes, ok-to-ask"`): split on commas, spaces trimmed, blanks dropped.
pub fn parse_ids(typed: &[String]) -> Vec<String> {
    typed
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn date(r: &Reflection) -> String {
    r.finished
        .unwrap_or(r.updated)
        .format("%-d %B %Y")
        .to_string()
}

/// The question a follow-up follows on from, as it was asked: kept with the
/// answer, else (older reflections) the parent's answer in the same reflection.
fn follows_on_from<'a>(r: &'a Reflection, e: &'a Entry) -> Option<&'a str> {
    let parent = e.parent.as_deref()?;
    e.follows
        .as_deref()
        .or_else(|| r.entry(parent).map(|p| p.prompt.as_str()))
}

/// A Markdown document: title, pack, date, each chosen question and answer.
pub fn markdown(r: &Reflection, sel: &Selection) -> String {
    render_many(
        std::slice::from_ref(r),
        sel,
        Format::Markdown,
        &Meta::default(),
    )
}

/// A plain-text document wrapped at 80 columns.
pub fn text(r: &Reflection, sel: &Selection) -> String {
    render_many(std::slice::from_ref(r), sel, Format::Text, &Meta::default())
}

/// A self-contained HTML page that prints cleanly on A4 and Letter.
pub fn html(r: &Reflection, sel: &Selection, meta: &Meta) -> String {
    render_many(std::slice::from_ref(r), sel, Format::Html, meta)
}

const WIDTH: usize = 80;

fn text_reflection(out: &mut String, r: &Reflection, sel: &Selection, meta: &Meta) {
    out.push_str("My reflection\n=============\n\n");
    out.push_str(&wrap(&format!("Pack: {}", r.pack.title), WIDTH, ""));
    let _ = writeln!(out, "Date: {}", date(r));
    if let Some(name) = meta.name() {
        out.push_str(&wrap(&format!("From: {name}"), WIDTH, ""));
    }
    for e in chosen(r, sel) {
        out.push('\n');
        out.push_str(&wrap(&e.prompt, WIDTH, ""));
        if let Some(parent) = follows_on_from(r, e) {
            out.push_str(&wrap(&format!("(follows on from: {parent})"), WIDTH, ""));
        }
        out.push('\n');
        let answer = e.readable();
        for (i, para) in answer.trim().split('\n').enumerate() {
            if para.trim().is_empty() {
                if i > 0 {
                    out.push('\n');
                }
                continue;
            }
            out.push_str(&wrap(para, WIDTH, "    "));
        }
    }
}

fn text_topics(out: &mut String, topics: &[String]) {
    if !topics.is_empty() {
        out.push_str("\nTopics I'd like to talk about\n\n");
        for t in topics {
            out.push_str(&wrap(&format!("- {t}"), WIDTH, ""));
        }
    }
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
    /// The name or initials the person gave for the therapist, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub reflections: Vec<Reflection>,
    /// A whole-journal backup (`--all`): imported as it is, not as a client's answers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub backup: bool,
    /// Topics the person would like to talk about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
}

pub const BUNDLE_KIND: &str = "reflect-export";

/// JSON of whole reflections (a backup), re-importable. Ends with a newline.
pub fn json(reflections: Vec<Reflection>) -> String {
    bundle_json(reflections, &[], &Meta::default(), true)
}

fn bundle_json(
    reflections: Vec<Reflection>,
    topics: &[String],
    meta: &Meta,
    backup: bool,
) -> String {
    let bundle = Bundle {
        schema: 1,
        kind: BUNDLE_KIND.into(),
        name: meta.name().map(str::to_string),
        reflections,
        backup,
        topics: topics.to_vec(),
    };
    let mut s = serde_json::to_string_pretty(&bundle).unwrap_or_default();
    s.push('\n');
    s
}

/// A copy of `r` holding only the chosen answers and what is needed to read
/// them: no position or caret, no themes, no link to a question left out.
pub fn filtered(r: &Reflection, sel: &Selection) -> Reflection {
    let picked = chosen(r, sel);
    let answers = picked
        .iter()
        .map(|e| {
            let mut e = (*e).clone();
            e.follows = follows_on_from(r, &e).map(str::to_string);
            if e.parent
                .as_ref()
                .is_some_and(|p| !picked.iter().any(|c| &c.question == p))
            {
                e.parent = None;
            }
            e.themes.clear();
            e.hidden = false;
            e
        })
        .collect();
    let mut copy = r.clone();
    copy.answers = answers;
    copy.position = None;
    copy.caret = None;
    copy.source = None;
    copy
}

/// Read an export: a bundle, or a single reflection file.
pub fn read_bundle(text: &str) -> Result<Vec<Reflection>, serde_json::Error> {
    read_export(text).map(|b| b.reflections)
}

/// Read an export with what came with it (the name the person gave).
pub fn read_export(text: &str) -> Result<Bundle, serde_json::Error> {
    match serde_json::from_str::<Bundle>(text) {
        Ok(b) => Ok(b),
        Err(bundle_err) => serde_json::from_str::<Reflection>(text)
            .map(|r| Bundle {
                schema: 1,
                kind: BUNDLE_KIND.into(),
                name: None,
                reflections: vec![r],
                // A journal's own reflection file: a copy of one's own.
                backup: true,
                topics: Vec::new(),
            })
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

/// What came with an export besides its reflections: the name the person
/// gave, and whether it is a whole-journal backup (a single reflection file
/// counts as one: a copy of one's own).
pub fn export_meta(text: &str) -> (Option<String>, bool) {
    #[derive(Deserialize)]
    struct Meta {
        #[serde(default)]
        reflections: Option<serde::de::IgnoredAny>,
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        backup: bool,
    }
    match serde_json::from_str::<Meta>(text) {
        Ok(m) if m.reflections.is_some() => (m.name, m.backup),
        _ => (None, true),
    }
}

/// The document in `format` for one reflection.
pub fn render(r: &Reflection, sel: &Selection, format: Format) -> String {
    render_many(std::slice::from_ref(r), sel, format, &Meta::default())
}

/// One document in `format` for several reflections (oldest first is the
/// caller's choice of order), with `sel` applied to each.
pub fn render_many(rs: &[Reflection], sel: &Selection, format: Format, meta: &Meta) -> String {
    let items: Vec<(&Reflection, &Selection)> = rs.iter().map(|r| (r, sel)).collect();
    render_items(&items, &sel.topics, format, meta)
}

/// One document for several reflections, each with its own selection (the
/// TUI ticks reflections, then answers within each). Topics from every
/// selection are listed once, at the end.
pub fn render_picked(items: &[(Reflection, Selection)], format: Format, meta: &Meta) -> String {
    let mut topics: Vec<String> = Vec::new();
    for t in items.iter().flat_map(|(_, s)| &s.topics) {
        if !topics.contains(t) {
            topics.push(t.clone());
        }
    }
    let items: Vec<(&Reflection, &Selection)> = items.iter().map(|(r, s)| (r, s)).collect();
    render_items(&items, &topics, format, meta)
}

fn render_items(
    items: &[(&Reflection, &Selection)],
    topics: &[String],
    format: Format,
    meta: &Meta,
) -> String {
    let mut out = String::new();
    match format {
        Format::Markdown => {
            for (i, (r, sel)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str("\n---\n\n");
                }
                markdown::reflection(&mut out, r, sel, meta);
            }
            markdown::topics(&mut out, topics);
        }
        Format::Text => {
            for (i, (r, sel)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str("\n\n");
                }
                text_reflection(&mut out, r, sel, meta);
            }
            text_topics(&mut out, topics);
        }
        Format::Html => html::document(&mut out, items, topics, meta),
        Format::Json => {
            let shared = items.iter().map(|(r, sel)| filtered(r, sel)).collect();
            out = bundle_json(shared, topics, meta, false);
        }
    }
    out
}

/// Who answers from these reflections return to, by their packs' `return_to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReturnTarget {
    /// No pack names anyone: the export is plain unless the person picks a key.
    Nobody,
    /// Encrypt for this therapist (on by default; the person may turn it off).
    One(ReturnTo),
    /// The packs name different people: the person must choose.
    Several(Vec<ReturnTo>),
}

/// The `return_to` of the packs `rs` were made with (packs no longer
/// present name nobody).
pub fn return_target(packs: &[Pack], rs: &[Reflection]) -> ReturnTarget {
    let mut found: Vec<ReturnTo> = Vec::new();
    for r in rs {
        let rt = packs
            .iter()
            .find(|p| p.id == r.pack.id)
            .and_then(|p| p.return_to.clone());
        if let Some(rt) = rt
            && !found.iter().any(|f| f.recipient == rt.recipient)
        {
            found.push(rt);
        }
    }
    match found.len() {
        0 => ReturnTarget::Nobody,
        1 => ReturnTarget::One(found.remove(0)),
        _ => ReturnTarget::Several(found),
    }
}

/// A document encrypted to `recipient` (`age1…`): ASCII-armored age that only
/// the holder of the matching secret key can open (`age -d -i KEY FILE.age`).
pub fn encrypt(document: &str, recipient: &str) -> Result<Vec<u8>, crate::keys::KeyError> {
    crate::keys::encrypt_to(recipient, document.as_bytes())
}

/// A default file name: `reflection-2026-11-23.md`.
pub fn default_file_name(r: &Reflection, format: Format) -> String {
    format!(
        "reflection-{}.{}",
        r.finished.unwrap_or(r.updated).format("%Y-%m-%d"),
        format.extension()
    )
}

/// The file name an encrypted export gets: the plain name with `.age` added.
pub fn encrypted_file_name(plain: &str) -> String {
    if plain.ends_with(".age") {
        plain.to_string()
    } else {
        format!("{plain}.age")
    }
}
