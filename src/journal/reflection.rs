//! A reflection: one pass through a pack, with every question's text kept
//! beside its answer so the journal reads the same after packs change.

use chrono::{DateTime, FixedOffset, Local};
use serde::{Deserialize, Serialize};

use crate::content::{Kind, Pack, Question};

/// The reflection schema version this build reads and writes.
pub const REFLECTION_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reflection {
    pub schema: u32,
    /// Sortable id: `YYYYMMDD-HHMMSS-xxxx` (UTC time it was started, then a random tail).
    pub id: String,
    pub pack: PackRef,
    pub started: DateTime<FixedOffset>,
    pub updated: DateTime<FixedOffset>,
    /// Unset for a draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished: Option<DateTime<FixedOffset>>,
    /// The question the person was on, to resume a draft exactly there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// Where the cursor was in the written answer to `position`, as
    /// `[line, column]` (columns in characters), to resume typing there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caret: Option<[usize; 2]>,
    /// Answers in the order the questions come in the pack. Skipped questions are absent.
    #[serde(default)]
    pub answers: Vec<Entry>,
    /// For a reflection brought in with `reflect import`: where it came from
    /// (the client's name or initials if the export gave them, else the file name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The pack a reflection was made with, as it was then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackRef {
    pub id: String,
    pub title: String,
}

/// One answered question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The question's id in its pack.
    pub question: String,
    /// The question exactly as it was asked.
    pub prompt: String,
    /// For a follow-up: the id of the question it follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub kind: Kind,
    /// For structured kinds, the stored value (`no`, `4`, `negative`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What a person reads: the free text, or the chosen answer's label.
    pub answer: String,
    /// For a scale: its range and end words as they were asked, so a "2"
    /// still reads "2 of 5 (1 Never … 5 Always)" after the pack changes.
    /// Absent in reflections written before they were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<ScaleAsked>,
    /// For a follow-up: the question it follows on from, as it was asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<String>,
    /// Themes this answer raised through the pack's tags, kept for the wrap-up.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    /// A follow-up whose parent answer changed so it no longer applies. Kept in
    /// the draft so nothing typed is lost, but never shown in exports.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

/// A scale as it was asked: the range and the words at each end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleAsked {
    pub min: u32,
    pub max: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<String>,
}

impl ScaleAsked {
    /// The scale of `q`, if it is a scale question.
    pub fn of(q: &Question) -> Option<ScaleAsked> {
        (q.kind == Kind::Scale).then(|| ScaleAsked {
            min: 1,
            max: 5,
            low: q.scale.as_ref().map(|s| s.low.clone()),
            high: q.scale.as_ref().map(|s| s.high.clone()),
        })
    }

    /// `2 of 5 (1 Never … 5 Very often)`; without end words, `2 of 5`.
    pub fn describe(&self, value: &str) -> String {
        let mut s = format!("{value} of {}", self.max);
        match (&self.low, &self.high) {
            (Some(low), Some(high)) => {
                s.push_str(&format!(" ({} {low} … {} {high})", self.min, self.max));
            }
            (Some(low), None) => s.push_str(&format!(" ({} {low})", self.min)),
            (None, Some(high)) => s.push_str(&format!(" ({} {high})", self.max)),
            (None, None) => {}
        }
        s
    }
}

impl Entry {
    /// The answer as a reader should see it: a scale with its range and end
    /// words when they were kept, otherwise the stored answer unchanged.
    pub fn readable(&self) -> String {
        match (&self.scale, &self.value) {
            (Some(scale), Some(v)) if self.kind == Kind::Scale => scale.describe(v),
            _ => self.answer.clone(),
        }
    }

    /// A structured answer to `q` (value must be one of `q.values()`).
    pub fn structured(q: &Question, parent: Option<&str>, value: &str) -> Option<Entry> {
        let label = q.label_of(value)?;
        let mut themes = q.themes.clone();
        for t in q.answer_themes.get(value).into_iter().flatten() {
            if !themes.contains(t) {
                themes.push(t.clone());
            }
        }
        Some(Entry {
            question: q.id.clone(),
            prompt: q.prompt.clone(),
            parent: parent.map(str::to_string),
            kind: q.kind,
            value: Some(value.to_string()),
            answer: label,
            scale: ScaleAsked::of(q),
            follows: None,
            themes,
            hidden: false,
        })
    }

    /// A free-text answer to `q`.
    pub fn text(q: &Question, parent: Option<&str>, text: &str) -> Entry {
        Entry {
            question: q.id.clone(),
            prompt: q.prompt.clone(),
            parent: parent.map(str::to_string),
            kind: Kind::Text,
            value: None,
            answer: text.to_string(),
            scale: None,
            follows: None,
            themes: q.themes.clone(),
            hidden: false,
        }
    }

    /// Whether this counts as an answer a person gave (and may share).
    pub fn is_answered(&self) -> bool {
        !self.hidden && !self.answer.trim().is_empty()
    }
}

/// The current local time, with its offset, to the second.
pub fn now() -> DateTime<FixedOffset> {
    let t = Local::now().fixed_offset();
    t - chrono::Duration::nanoseconds(i64::from(t.timestamp_subsec_nanos()))
}

impl Reflection {
    /// A new, empty reflection on `pack`, started now.
    pub fn new(id: String, pack: &Pack) -> Reflection {
        let t = now();
        Reflection {
            schema: REFLECTION_SCHEMA,
            id,
            pack: PackRef {
                id: pack.id.clone(),
                title: pack.title.clone(),
            },
            started: t,
            updated: t,
            finished: None,
            position: pack.questions.first().map(|q| q.id.clone()),
            caret: None,
            answers: Vec::new(),
            source: None,
        }
    }

    pub fn entry(&self, question: &str) -> Option<&Entry> {
        self.answers.iter().find(|e| e.question == question)
    }

    /// The stored value of a structured answer, if any.
    pub fn value_of(&self, question: &str) -> Option<&str> {
        self.entry(question).and_then(|e| e.value.as_deref())
    }

    /// Answers a person gave, in order (skipped and hidden ones left out).
    pub fn answered(&self) -> impl Iterator<Item = &Entry> {
        self.answers.iter().filter(|e| e.is_answered())
    }

    /// Record an answer (or clear it with `None`), keep pack order, and hide or
    /// show follow-ups whose condition changed.
    pub fn set(&mut self, pack: &Pack, entry: Option<Entry>, question: &str) {
        self.answers.retain(|e| e.question != question);
        if let Some(e) = entry.filter(|e| !e.answer.trim().is_empty()) {
            self.answers.push(e);
        }
        self.reconcile(pack);
        self.updated = now();
    }

    /// Order answers as the pack orders questions and mark follow-ups hidden when
    /// their parent's answer no longer calls for them. Answers to questions the
    /// pack no longer has keep their place at the end.
    pub fn reconcile(&mut self, pack: &Pack) {
        let order: Vec<(&Question, Option<&Question>)> = pack.flat();
        let rank = |id: &str| {
            order
                .iter()
                .position(|(q, _)| q.id == id)
                .unwrap_or(usize::MAX)
        };
        self.answers.sort_by_key(|e| rank(&e.question));
        let values: Vec<(String, Option<String>)> = self
            .answers
            .iter()
            .map(|e| (e.question.clone(), e.value.clone()))
            .collect();
        for e in &mut self.answers {
            let Some(parent_id) = &e.parent else { continue };
            let Some(parent) = pack.question(parent_id) else {
                continue;
            };
            // What it follows on from, as asked, for anyone reading it later.
            if e.follows.is_none() {
                e.follows = Some(parent.prompt.clone());
            }
            let parent_value = values
                .iter()
                .find(|(q, _)| q == parent_id)
                .and_then(|(_, v)| v.as_deref());
            e.hidden = parent
                .follow_up_for(parent_value)
                .is_none_or(|f| f.id != e.question);
        }
    }

    /// Themes raised by structured answers, with a short reason for each.
    pub fn tagged_themes(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for e in self.answered() {
            if e.kind == Kind::Text {
                continue;
            }
            for t in &e.themes {
                out.push((
                    t.clone(),
                    format!("you answered \"{}\" to \"{}\"", e.answer, e.prompt),
                ));
            }
        }
        out
    }

    /// The free-text answers, for theme detection.
    pub fn texts(&self) -> Vec<&str> {
        self.answered()
            .filter(|e| e.kind == Kind::Text)
            .map(|e| e.answer.as_str())
            .collect()
    }
}

/// What the journal list shows, cheap to keep in an index.
///
/// Timestamps stay as the RFC 3339 text the reflection holds: a list of 10,000
/// is read and printed far more often than any one date is shown, so dates are
/// parsed only for the rows on screen ([`Summary::started_at`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub pack: String,
    pub pack_title: String,
    pub started: String,
    pub updated: String,
    pub finished: Option<String>,
    pub answered: usize,
    /// Where an imported reflection came from (see [`Reflection::source`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

fn parse_time(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s).ok()
}

impl Summary {
    pub fn started_at(&self) -> Option<DateTime<FixedOffset>> {
        parse_time(&self.started)
    }

    pub fn updated_at(&self) -> Option<DateTime<FixedOffset>> {
        parse_time(&self.updated)
    }

    pub fn finished_at(&self) -> Option<DateTime<FixedOffset>> {
        self.finished.as_deref().and_then(parse_time)
    }

    pub fn is_draft(&self) -> bool {
        self.finished.is_none()
    }
}

impl From<&Reflection> for Summary {
    fn from(r: &Reflection) -> Summary {
        Summary {
            id: r.id.clone(),
            pack: r.pack.id.clone(),
            pack_title: r.pack.title.clone(),
            started: r.started.to_rfc3339(),
            updated: r.updated.to_rfc3339(),
            finished: r.finished.map(|f| f.to_rfc3339()),
            answered: r.answered().count(),
            source: r.source.clone(),
        }
    }
}
