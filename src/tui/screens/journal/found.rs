//! The search inside answers as the Journal sees it: started by a key,
//! filled in batch by batch as the app hands over what the store finds,
//! newest first, and finished when every reflection has been searched.

use std::collections::HashSet;

use super::Journal;
use crate::tui::screens::Effect;

/// One search inside answers, for one query: what it has found so far.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inside {
    /// Which search this is; the app numbers them, and a batch of another
    /// (older) search is ignored.
    pub search: u64,
    /// The query it was made for.
    pub query: String,
    /// The reflections whose answers matched, by id.
    pub ids: HashSet<String>,
    /// Every reflection has been searched.
    pub done: bool,
}

/// What the search found since the last frame.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Batch {
    /// The search that found it (see [`Inside::search`]).
    pub search: u64,
    /// Matches, newest first: the id, and a short line of the answer
    /// around the words (for the first few hundred).
    pub hits: Vec<(String, Option<String>)>,
    /// The search has finished: every reflection was searched.
    pub done: bool,
}

/// "7", "1,204", "100,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

impl Journal {
    /// The query changed: titles narrow at once, and the app is asked to
    /// search inside the answers (cancelling the search under way).
    pub(super) fn search_again(&mut self) -> Effect {
        if self.query.trim().is_empty() {
            self.matches = None;
            self.snippets.clear();
        }
        self.refilter();
        Effect::SearchAnswers(self.query.clone())
    }

    /// Esc: no query, no search, every reflection.
    pub(super) fn clear_search(&mut self) {
        self.query.clear();
        self.matches = None;
        self.snippets.clear();
        self.refilter();
    }

    /// The app has started search number `search` for the query in the box.
    pub fn searching(&mut self, search: u64) {
        self.matches = Some(Inside {
            search,
            query: self.query.clone(),
            ids: HashSet::new(),
            done: false,
        });
        self.snippets.clear();
        self.refilter();
    }

    /// Take in what search `batch.search` found. False if that search is not
    /// the one this Journal waits for (an older query's, or none): the
    /// batch is ignored and the app can stop that search.
    pub fn receive(&mut self, batch: Batch) -> bool {
        let Some(m) = self
            .matches
            .as_mut()
            .filter(|m| m.search == batch.search && m.query == self.query)
        else {
            return false;
        };
        m.done |= batch.done;
        for (id, snippet) in batch.hits {
            if let Some(s) = snippet {
                self.snippets.insert(id.clone(), s);
            }
            m.ids.insert(id);
        }
        self.refilter();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(42), "42");
        assert_eq!(thousands(1_204), "1,204");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
