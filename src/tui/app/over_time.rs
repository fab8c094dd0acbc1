//! Reading what the Over time view and the wrap-up's "last time" lines
//! need from the store (screens never touch the disk).

use super::{App, Notice, Screen};
use crate::content::{self, Kind, Pack};
use crate::journal::Reflection;
use crate::tui::screens::home::Home;
use crate::tui::screens::over_time::{OverTime, PickRow, day, said};
use crate::tui::screens::wrapup::LastTime;

impl App {
    /// The packs as they are now: built-in, then imported.
    fn all_packs(&self) -> Vec<Pack> {
        content::builtin_packs()
            .into_iter()
            .chain(self.store.imported_packs().0)
            .collect()
    }

    /// Open the Over time picker over the journal: the questions answered
    /// at least twice, worded as their packs word them now.
    pub(super) fn open_over_time(&mut self) {
        let asked = match self.store.answered_questions(2) {
            Ok(a) => a,
            Err(e) => {
                self.notice = Some(Notice::news(format!(
                    "Your answers over time could not be read: {e}."
                )));
                return;
            }
        };
        let packs = self.all_packs();
        let rows = asked
            .into_iter()
            .map(|a| {
                let pack = packs.iter().find(|p| p.id == a.pack);
                let prompt = pack
                    .and_then(|p| p.question(&a.question))
                    .map(|q| q.prompt.clone())
                    // A question its pack no longer has (or a pack that is
                    // gone): as it was last asked.
                    .or_else(|| self.last_wording(&a.pack, &a.question))
                    .unwrap_or_else(|| a.question.clone());
                PickRow {
                    pack_title: pack.map_or_else(|| a.pack.clone(), |p| p.title.clone()),
                    prompt,
                    pack: a.pack,
                    question: a.question,
                    answers: a.answers,
                }
            })
            .collect();
        let screen = std::mem::replace(&mut self.screen, Screen::Home(Home::new(None)));
        self.screen = match screen {
            Screen::Journal(j) => Screen::OverTime(Box::new(OverTime::new(rows)), j),
            other => other,
        };
    }

    /// The wording `question` of `pack` was last answered under.
    fn last_wording(&self, pack: &str, question: &str) -> Option<String> {
        let h = self.store.history(Some(pack), question).ok()?;
        h.answers.into_iter().next().map(|a| a.prompt)
    }

    /// Every answer to one question, for the Over time view.
    pub(super) fn show_history(&mut self, pack: &str, question: &str) {
        match self.store.history(Some(pack), question) {
            Ok(h) => {
                if let Screen::OverTime(o, _) = &mut self.screen {
                    o.show(h);
                }
            }
            Err(e) => {
                self.notice = Some(Notice::news(format!(
                    "Those answers could not be read: {e}."
                )))
            }
        }
    }

    /// For each structured question of `r` answered in an earlier
    /// reflection: what was said then, and what today. Empty if the
    /// journal cannot be read (the wrap-up simply leaves the lines out).
    pub(super) fn last_time(&self, r: &Reflection) -> Vec<LastTime> {
        let structured: Vec<_> = r.answered().filter(|e| e.kind != Kind::Text).collect();
        if structured.is_empty() {
            return Vec::new();
        }
        let ids: Vec<&str> = structured.iter().map(|e| e.question.as_str()).collect();
        let Ok(histories) = self.store.histories(Some(&r.pack.id), &ids) else {
            return Vec::new();
        };
        structured
            .iter()
            .zip(&histories)
            .filter_map(|(e, h)| {
                let then = h.before(&r.id)?;
                Some(LastTime {
                    question: e.question.clone(),
                    date: short_day(&then.started, &r.started),
                    then: said(
                        then.kind,
                        then.value.as_deref(),
                        then.scale.as_ref().map(|s| s.max),
                        &then.answer,
                    ),
                    today: said(
                        e.kind,
                        e.value.as_deref(),
                        e.scale.as_ref().map(|s| s.max),
                        &e.answer,
                    ),
                })
            })
            .collect()
    }
}

/// "12 Oct", with the year when it was another year than `now`.
fn short_day(started: &str, now: &chrono::DateTime<chrono::FixedOffset>) -> String {
    match chrono::DateTime::parse_from_rfc3339(started) {
        Ok(d) if d.format("%Y").to_string() == now.format("%Y").to_string() => {
            d.format("%-d %b").to_string()
        }
        _ => day(started),
    }
}
