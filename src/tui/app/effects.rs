//! Carrying out what screens ask for: opening screens, loading, deleting,
//! exporting. The only place besides saving that touches the store.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{App, Notice, Screen};
use crate::content::{self, Pack};
use crate::journal::{Reflection, Summary};
use crate::tui::screens::Effect;
use crate::tui::screens::export::ExportScreen;
use crate::tui::screens::home::Home;
use crate::tui::screens::journal::Journal;
use crate::tui::screens::learn::Learn;
use crate::tui::screens::packs::{PackRow, Packs};
use crate::tui::screens::passphrase::{PassphraseScreen, Purpose};
use crate::tui::screens::question::QuestionScreen;
use crate::tui::screens::wrapup::WrapUp;

impl App {
    pub(super) fn apply(&mut self, effect: Effect, now: Instant) {
        match effect {
            Effect::None => {}
            Effect::Home => self.go_home(),
            Effect::LockJournal => {
                self.screen = Screen::Passphrase(Box::new(PassphraseScreen::new(Purpose::Choose)));
            }
            Effect::PickPack => {
                let (imported, problems) = self.store.imported_packs();
                let rows = content::builtin_packs()
                    .into_iter()
                    .map(|pack| PackRow {
                        pack,
                        imported: false,
                    })
                    .chain(imported.into_iter().map(|pack| PackRow {
                        pack,
                        imported: true,
                    }))
                    .collect();
                let mut packs = Packs::new(rows, problems.len());
                packs.drafts = self.drafts();
                self.screen = Screen::Packs(packs);
            }
            // Nothing could be saved: say so rather than take answers.
            Effect::StartPack(_) | Effect::Continue(_) | Effect::Delete(_)
                if self.store.read_only_drive() =>
            {
                self.notice = Some(Notice::standing(super::READ_ONLY));
            }
            Effect::StartPack(id) => match self.find_pack(&id) {
                Some(pack) => {
                    self.close_live();
                    let r = Reflection::new(self.store.new_id(), &pack);
                    self.on_disk = false;
                    self.screen =
                        Screen::Question(Box::new(QuestionScreen::new(pack, r, self.theme)));
                }
                None => {
                    self.notice = Some(Notice::news("Those questions are not available any more."))
                }
            },
            Effect::Continue(id) => match self.store.load(&id) {
                Ok(r) => match self.find_pack(&r.pack.id) {
                    Some(pack) => {
                        self.close_live();
                        self.on_disk = true;
                        self.screen =
                            Screen::Question(Box::new(QuestionScreen::new(pack, r, self.theme)));
                    }
                    None => {
                        self.notice = Some(Notice::news(
                            "The questions for this draft are no longer installed; you can still read it in the Journal.",
                        ));
                    }
                },
                Err(e) => {
                    self.notice = Some(Notice::news(format!(
                        "That reflection could not be opened: {e}."
                    )))
                }
            },
            Effect::Changed => {
                let typed = self.last_tick.map_or(now, |t| t.min(now));
                self.dirty_since.get_or_insert(typed);
            }
            Effect::SaveNow => {
                self.save_live(now);
            }
            Effect::Leave => {
                self.close_live();
                self.go_home();
            }
            Effect::Finish => {
                if let Screen::Question(q) = &self.screen {
                    let r = q.reflection.clone();
                    self.close_live();
                    let followups = crate::themes::analyze_reflection(&r).followups;
                    let cards = content::cards::builtin_cards();
                    let last_time = self.last_time(&r);
                    let mut wrap = WrapUp::new(r, followups, cards);
                    wrap.last_time = last_time;
                    self.screen = Screen::WrapUp(Box::new(wrap));
                }
            }
            Effect::OpenJournal => self.open_journal(),
            Effect::OpenLearn => {
                self.screen = Screen::Learn(Box::new(Learn::new(content::cards::builtin_cards())))
            }
            Effect::Read(id) => match self.store.load(&id) {
                Ok(r) => match &mut self.screen {
                    Screen::Journal(j) => j.show(r),
                    Screen::OverTime(o, _) => o.read(r),
                    _ => {}
                },
                Err(e) => {
                    self.notice = Some(Notice::news(format!(
                        "That reflection could not be opened: {e}."
                    )))
                }
            },
            Effect::SearchAnswers(query) => self.start_search(&query),
            Effect::Delete(id) => match self.store.delete(&id) {
                Ok(()) => {
                    if let Screen::Journal(j) = &mut self.screen {
                        j.removed(&id);
                    }
                    self.notice = None;
                }
                Err(e) => {
                    self.notice = Some(Notice::news(format!("It could not be deleted: {e}.")))
                }
            },
            // The editor would need the answer in a plain file on disk.
            Effect::OpenEditor if self.store.encrypted() => {
                self.notice = Some(Notice::news(
                    "Your own editor is off while your journal is locked: it would need an unencrypted copy on disk.",
                ))
            }
            Effect::OpenEditor => self.editor_requested = true,
            Effect::OpenExport(ids) => self.open_export(&ids),
            Effect::PrepareExport(path) => {
                // The person sees, and confirms, the full path the file will have.
                let full = std::path::absolute(&path).unwrap_or(path);
                let exists = full.symlink_metadata().is_ok();
                if let Screen::Export(e, _) = &mut self.screen {
                    e.ask_to_write(full, exists);
                }
            }
            Effect::Export { path, bytes, force } => self.write_export(path, &bytes, force),
            Effect::LeaveExport => self.leave_export(),
            Effect::OpenOverTime => self.open_over_time(),
            // From the reader: straight to that question's answers; Esc
            // comes back through the picker to the reflection being read.
            Effect::OpenOverTimeAt { pack, question } => {
                self.open_over_time();
                if matches!(self.screen, Screen::OverTime(..)) {
                    self.show_history(&pack, &question);
                }
            }
            Effect::History { pack, question } => self.show_history(&pack, &question),
            Effect::LeaveOverTime => self.leave_export(),
            Effect::Quit => self.request_quit(),
        }
    }

    pub(super) fn find_pack(&self, id: &str) -> Option<Pack> {
        content::builtin_packs()
            .into_iter()
            .chain(self.store.imported_packs().0)
            .find(|p| p.id == id)
    }

    pub(super) fn go_home(&mut self) {
        self.screen = Screen::Home(Home::with_drafts(self.drafts()));
    }

    /// Every unfinished reflection, newest first (just the newest if the
    /// journal cannot be listed right now).
    pub(super) fn drafts(&mut self) -> Vec<Summary> {
        self.settle();
        match self.store.list() {
            Ok(l) => l.summaries.into_iter().filter(Summary::is_draft).collect(),
            Err(_) => self
                .store
                .latest_draft()
                .ok()
                .flatten()
                .into_iter()
                .collect(),
        }
    }

    pub(super) fn open_journal(&mut self) {
        // A listing already under way (see `warm`) is waited for rather
        // than done twice.
        self.settle();
        match self.store.list() {
            Ok(l) => {
                self.screen = Screen::Journal(Box::new(Journal::new(l.summaries, l.problems.len())))
            }
            Err(e) => {
                self.notice = Some(Notice::news(format!("The journal could not be read: {e}.")))
            }
        }
    }

    /// Open the export screen for one or several reflections, keeping the
    /// journal to come back to.
    pub(super) fn open_export(&mut self, ids: &[String]) {
        let mut rs = Vec::new();
        for id in ids {
            match self.store.load(id) {
                Ok(r) => rs.push(r),
                Err(e) => {
                    self.notice = Some(Notice::news(format!(
                        "That reflection could not be opened: {e}."
                    )));
                    return;
                }
            }
        }
        let screen = std::mem::replace(&mut self.screen, Screen::Home(Home::new(None)));
        let Screen::Journal(journal) = screen else {
            self.screen = screen;
            return;
        };
        let topics = rs
            .iter()
            .flat_map(|r| crate::themes::analyze_reflection(r).followups)
            .map(|f| f.title)
            .collect();
        let (folder, home) = export_folder();
        // The folder the last export went to, if it is still there.
        let folder = self.store.last_export_folder().unwrap_or(folder);
        let packs: Vec<Pack> = content::builtin_packs()
            .into_iter()
            .chain(self.store.imported_packs().0)
            .collect();
        let target = crate::export::return_target(&packs, &rs);
        self.notice = None;
        let mut export = ExportScreen::several(rs, topics, folder, home);
        export.set_return_target(target);
        export.journal_encrypted = self.store.encrypted();
        self.screen = Screen::Export(Box::new(export), journal);
    }

    /// Back to the journal from a screen opened on top of it (export, over time).
    pub(super) fn leave_export(&mut self) {
        let screen = std::mem::replace(&mut self.screen, Screen::Home(Home::new(None)));
        self.screen = match screen {
            Screen::Export(_, journal) | Screen::OverTime(_, journal) => Screen::Journal(journal),
            other => other,
        };
    }

    /// Write a confirmed export. On failure the screen stays as it was, with one
    /// calm sentence saying what to do.
    pub(super) fn write_export(&mut self, path: PathBuf, bytes: &[u8], force: bool) {
        use crate::journal::store::{StoreError, write_new_file};
        use std::io::ErrorKind;
        match write_new_file(&path, bytes, force) {
            Ok(()) => {
                let who = match &self.screen {
                    Screen::Export(e, _) => e.recipient().map(|rt| rt.name.clone()),
                    _ => None,
                };
                // Next time, the file goes to the same folder. (If that
                // cannot be remembered, the documents folder is offered.)
                if let Some(folder) = path.parent() {
                    let _ = self.store.remember_export_folder(folder);
                }
                self.leave_export();
                self.notice = Some(Notice::news(match who {
                    Some(name) => format!(
                        "Saved to {}, encrypted: only {name} can open it.",
                        path.display()
                    ),
                    None => format!("Saved to {}. Only you can read it.", path.display()),
                }));
            }
            Err(StoreError::Io { source, .. }) if source.kind() == ErrorKind::AlreadyExists => {
                // It appeared since we looked: ask again rather than replace it.
                if let Screen::Export(e, _) = &mut self.screen {
                    e.ask_to_write(path, true);
                }
            }
            Err(e) => {
                // The path is on screen in the field; the sentence says what to do.
                self.notice = Some(Notice::news(match &e {
                    StoreError::Io { source, .. } => match source.kind() {
                        ErrorKind::NotFound => {
                            "That folder doesn't exist; please choose another place.".to_string()
                        }
                        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                            "That folder can't be written to; please choose another place.".into()
                        }
                        _ => format!("The file could not be written ({source}); nothing was lost."),
                    },
                    e => format!("The file could not be written ({e}); nothing was lost."),
                }));
            }
        }
    }
}

/// Where exports go by default: the documents folder if there is one, else
/// home; and the home folder, for `~/` in a typed path.
fn export_folder() -> (PathBuf, Option<PathBuf>) {
    let dirs = directories::UserDirs::new();
    let home = dirs.as_ref().map(|d| d.home_dir().to_path_buf());
    let documents = dirs
        .as_ref()
        .and_then(|d| d.document_dir())
        .filter(|d| d.is_dir())
        .map(Path::to_path_buf);
    let folder = documents
        .or_else(|| home.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    (folder, home)
}
