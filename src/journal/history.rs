//! One question's answers over time: every answer a person gave to the same
//! question of the same pack, newest first, each with its date and the
//! wording it was given to. The data behind `reflect history` and the Over
//! time view (and the wrap-up's "last time" line).
//!
//! Questions are matched by pack id and question id, never by wording, so
//! answers still line up after a pack rewords a question. The index keeps,
//! for each reflection, the ids of the questions it answers, so only the
//! files that answer the question are opened (and decrypted, in memory, in
//! a locked journal).

use std::collections::HashMap;
use std::fs::File;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{LoadProblem, Reflection, Store, StoreError, Summary};
use crate::content::{Kind, Pack, builtin_packs};

/// The ids of the questions `r` answers (not hidden, not blank), space
/// separated, as the index keeps them.
pub fn answered_ids(r: &Reflection) -> String {
    let mut out = String::new();
    for e in r.answered() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&e.question);
    }
    out
}

/// Whether `ids` (from [`answered_ids`]) holds `question`.
fn holds(ids: &str, question: &str) -> bool {
    ids.split(' ').any(|q| q == question)
}

/// The range of a scale and the words at its ends: as stored beside the
/// answer when the reflection keeps it (newer reflections do), else as the
/// pack words them now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleRange {
    pub min: u32,
    pub max: u32,
    /// The words at each end, when the pack (still) has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<String>,
}

/// One answer to the question, in the reflection it was given in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// The reflection's id.
    pub id: String,
    pub pack: String,
    pub pack_title: String,
    /// When the reflection was started and finished (RFC 3339).
    pub started: String,
    pub finished: Option<String>,
    pub question: String,
    /// The question's wording when this answer was given.
    pub prompt: String,
    pub kind: Kind,
    /// For structured answers, the stored value (`yes`, `4`, `negative`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What the person wrote, or the label of what they chose.
    pub answer: String,
    /// For a scale: its range and end labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<ScaleRange>,
}

impl Answer {
    /// The value of a scale answer as a number (for a chart).
    pub fn scale_value(&self) -> Option<u32> {
        (self.kind == Kind::Scale)
            .then(|| self.value.as_deref()?.parse().ok())
            .flatten()
    }
}

/// Every answer to one question, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct History {
    pub question: String,
    /// The pack asked for, if one was.
    pub pack: Option<String>,
    pub answers: Vec<Answer>,
    /// Files that could not be read (left untouched).
    #[serde(skip)]
    pub problems: Vec<LoadProblem>,
}

impl History {
    /// The wordings the question was asked in, newest first, each once.
    pub fn wordings(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for a in &self.answers {
            if !out.contains(&a.prompt.as_str()) {
                out.push(&a.prompt);
            }
        }
        out
    }

    /// The newest answer given before reflection `id` (ids sort by start
    /// time): what the wrap-up calls "last time".
    pub fn before(&self, id: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.id.as_str() < id)
    }
}

/// A question and how many reflections answer it, for picking one to see
/// over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Asked {
    pub pack: String,
    pub question: String,
    pub answers: usize,
}

/// Only what history needs of a reflection file; the rest is skipped.
#[derive(Deserialize)]
struct Answers {
    #[serde(default)]
    answers: Vec<Given>,
}

/// One entry of a reflection file, as history reads it.
#[derive(Deserialize)]
struct Given {
    question: String,
    prompt: String,
    kind: Kind,
    #[serde(default)]
    value: Option<String>,
    answer: String,
    /// The scale as it was asked, where the reflection keeps it.
    #[serde(default)]
    scale: Option<ScaleRange>,
    #[serde(default)]
    hidden: bool,
}

impl Store {
    /// Every answer to `question` (of pack `pack`, or of any pack that has
    /// such a question), newest first. See [`Store::histories`].
    pub fn history(&self, pack: Option<&str>, question: &str) -> Result<History, StoreError> {
        let mut all = self.histories(pack, &[question])?;
        Ok(all.pop().unwrap_or_default())
    }

    /// Every (pack, question) answered at least `min` times, most answered
    /// first, counted from the index alone (no reflection is opened): what the
    /// Over time view offers to pick from. Rows from an index older than the
    /// question ids are not counted until their files change.
    pub fn answered_questions(&self, min: usize) -> Result<Vec<Asked>, StoreError> {
        let (listing, answered) = self.list_answered()?;
        let mut counts: HashMap<(&str, &str), usize> = HashMap::new();
        for (s, ids) in listing.summaries.iter().zip(&answered) {
            for q in ids
                .as_deref()
                .unwrap_or("")
                .split(' ')
                .filter(|q| !q.is_empty())
            {
                *counts.entry((s.pack.as_str(), q)).or_default() += 1;
            }
        }
        let mut out: Vec<Asked> = counts
            .into_iter()
            .filter(|&(_, n)| n >= min)
            .map(|((pack, question), answers)| Asked {
                pack: pack.to_string(),
                question: question.to_string(),
                answers,
            })
            .collect();
        out.sort_by(|a, b| {
            b.answers
                .cmp(&a.answers)
                .then_with(|| a.pack.cmp(&b.pack))
                .then_with(|| a.question.cmp(&b.question))
        });
        Ok(out)
    }

    /// [`Store::history`] of several questions at once, in the order asked
    /// (the wrap-up asks for each structured question of one pack): one
    /// listing, and each file that answers any of them read once.
    pub fn histories(
        &self,
        pack: Option<&str>,
        questions: &[&str],
    ) -> Result<Vec<History>, StoreError> {
        let (listing, answered) = self.list_answered()?;
        let mut out: Vec<History> = questions
            .iter()
            .map(|q| History {
                question: (*q).to_string(),
                pack: pack.map(str::to_string),
                ..History::default()
            })
            .collect();
        out.iter_mut()
            .for_each(|h| h.problems.clone_from(&listing.problems));
        // The files that answer one of the questions, newest first; a row
        // from before the index kept question ids must be read to know.
        let wanted: Vec<&Summary> = listing
            .summaries
            .iter()
            .zip(
                answered
                    .iter()
                    .map(Option::as_deref)
                    .chain(std::iter::repeat(None)),
            )
            .filter(|(s, _)| pack.is_none_or(|p| s.pack == p))
            .filter(|(_, ids)| ids.is_none_or(|ids| questions.iter().any(|q| holds(ids, q))))
            .map(|(s, _)| s)
            .collect();
        let scales = Scales::new(self);
        let dir = File::open(self.reflections_dir()).ok();
        let mut bytes = Zeroizing::new(Vec::new());
        for s in wanted {
            let path = match self.read_by_id(dir.as_ref(), &s.id, &mut bytes) {
                Some(Ok(path)) => path,
                Some(Err(p)) => {
                    out.iter_mut().for_each(|h| h.problems.push(p.clone()));
                    continue;
                }
                None => continue,
            };
            let given = match serde_json::from_slice::<Answers>(&bytes) {
                Ok(a) => a.answers,
                Err(e) => {
                    let p = LoadProblem {
                        path,
                        reason: e.to_string(),
                    };
                    out.iter_mut().for_each(|h| h.problems.push(p.clone()));
                    continue;
                }
            };
            for e in given
                .into_iter()
                .filter(|e| !e.hidden && !e.answer.trim().is_empty())
            {
                let Some(h) = out.iter_mut().find(|h| h.question == e.question) else {
                    continue;
                };
                let scale = (e.kind == Kind::Scale)
                    .then(|| e.scale.unwrap_or_else(|| scales.of(&s.pack, &e.question)));
                h.answers.push(Answer {
                    id: s.id.clone(),
                    pack: s.pack.clone(),
                    pack_title: s.pack_title.clone(),
                    started: s.started.clone(),
                    finished: s.finished.clone(),
                    question: e.question,
                    prompt: e.prompt,
                    kind: e.kind,
                    value: e.value,
                    answer: e.answer,
                    scale,
                });
            }
        }
        Ok(out)
    }
}

/// The packs as they are now, for the words at the ends of their scales.
struct Scales(HashMap<String, Pack>);

impl Scales {
    fn new(store: &Store) -> Scales {
        let mut packs: HashMap<String, Pack> = HashMap::new();
        for p in builtin_packs() {
            packs.insert(p.id.clone(), p);
        }
        for p in store.imported_packs().0 {
            packs.entry(p.id.clone()).or_insert(p);
        }
        Scales(packs)
    }

    fn of(&self, pack: &str, question: &str) -> ScaleRange {
        let labels = self
            .0
            .get(pack)
            .and_then(|p| p.question(question))
            .filter(|q| q.kind == Kind::Scale)
            .and_then(|q| q.scale.clone());
        ScaleRange {
            min: 1,
            max: 5,
            low: labels.as_ref().map(|l| l.low.clone()),
            high: labels.map(|l| l.high),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn question_ids_are_matched_whole() {
        assert!(holds("a body b", "body"));
        assert!(!holds("a body-image b", "body"));
        assert!(!holds("", "body"));
    }
}
