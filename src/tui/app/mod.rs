//! The app: the live screen, the store, and the effects screens ask for.
//!
//! Screens only change their own state; everything that touches the disk
//! (saving, loading, deleting) happens here, and a failed save never loses
//! words: the reflection stays in memory and is retried.

mod notice;
mod render;

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyEventKind};

pub use notice::{Kind as NoticeKind, Notice};

use super::action::Action;
use super::keymap::{self, Context};
use super::screens::Effect;
use super::screens::export::ExportScreen;
use super::screens::home::Home;
use super::screens::journal::Journal;
use super::screens::learn::Learn;
use super::screens::packs::{PackRow, Packs};
use super::screens::passphrase::{self, PassphraseScreen, Purpose};
use super::screens::question::QuestionScreen;
use super::screens::welcome::Welcome;
use super::screens::wrapup::WrapUp;
use super::theme::Theme;
use super::widgets::scroll::Reader;
use crate::content::cards::Card;
use crate::content::{self, Pack};
use crate::journal::{Reflection, Store};

/// The smallest terminal the screens are designed for.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;
/// The widest the content gets on a wide terminal.
pub const MAX_BODY_WIDTH: u16 = 100;

/// Typed words are written this long after the first unsaved change, so a
/// crash loses at most about a second of typing even while typing goes on.
pub const AUTOSAVE_AFTER: Duration = Duration::from_millis(700);

/// A small file in the data directory: Welcome has been shown for this journal.
pub const WELCOMED: &str = "welcomed";

/// The built-in card that "If you need help now" opens.
pub const HELP_NOW_CARD: &str = "help-now";

const QUIT_TROUBLE: &str = "Can't save yet; Ctrl-Q again quits without the newest words.";
const SAVE_TROUBLE: &str = "Couldn't save just now. Your words are safe; trying again…";

/// The screen on display; exactly one is live.
#[derive(Debug)]
pub enum Screen {
    Welcome(Welcome),
    Home(Home),
    Packs(Packs),
    Question(Box<QuestionScreen>),
    WrapUp(Box<WrapUp>),
    Learn(Box<Learn>),
    Journal(Box<Journal>),
    /// Choosing answers to share, and the journal to go back to.
    Export(Box<ExportScreen>, Box<Journal>),
    Passphrase(Box<PassphraseScreen>),
}

pub struct App {
    store: Store,
    pub screen: Screen,
    pub theme: Theme,
    /// The help overlay is open, and how far it is scrolled.
    pub help: bool,
    help_scroll: Reader,
    /// "If you need help now" is open over the screen (the crisis card).
    pub help_now: Option<(Card, Reader)>,
    /// The quick-hide view is showing.
    pub hidden: bool,
    /// Where the journal lives, as a person reads it (Welcome and help show it).
    pub journal_folder: String,
    /// A calm message above the footer (at most three lines).
    pub notice: Option<Notice>,
    /// The window was too small to show the screen when last drawn: keys
    /// wait rather than act on a screen nobody can see.
    too_small: Cell<bool>,
    /// When the live reflection first changed since it was last saved.
    dirty_since: Option<Instant>,
    /// The live reflection is on disk (so even an emptied one is saved).
    on_disk: bool,
    /// Reflections whose screen has closed but whose save failed; retried.
    unsaved: Vec<Reflection>,
    quit: bool,
    quit_warned: bool,
    editor_requested: bool,
}

impl App {
    pub fn new(store: Store, first_run: bool) -> App {
        let mut app = App {
            screen: Screen::Home(Home::new(None)),
            theme: Theme::from_env(),
            help: false,
            help_scroll: Reader::default(),
            help_now: None,
            hidden: false,
            journal_folder: display_path(store.dir()),
            notice: None,
            too_small: Cell::new(false),
            dirty_since: None,
            on_disk: false,
            unsaved: Vec::new(),
            quit: false,
            quit_warned: false,
            editor_requested: false,
            store,
        };
        if app.store.needs_unlock() {
            app.screen = Screen::Passphrase(Box::new(PassphraseScreen::new(Purpose::Unlock)));
        } else if first_run {
            app.show_welcome();
        } else {
            app.go_home();
        }
        app
    }

    /// The notice's words, if one is showing.
    pub fn notice_text(&self) -> Option<&str> {
        self.notice.as_ref().map(|n| n.text.as_str())
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Where keys go right now.
    pub fn context(&self) -> Context {
        if self.hidden {
            Context::Hidden
        } else if self.help_now.is_some() {
            Context::HelpNow
        } else if self.help {
            Context::Help
        } else {
            self.screen_context()
        }
    }

    /// Whether `action` does anything on the live screen as it is now; the
    /// footer and help leave out keys that would do nothing.
    pub fn offers(&self, action: &Action) -> bool {
        if *action == Action::OpenEditor && self.store.encrypted() {
            // It would need an unencrypted copy on disk.
            return false;
        }
        // Scrolling is offered where there is something to scroll.
        let scrolls = matches!(action, Action::Up | Action::Down);
        if let Some((_, scroll)) = &self.help_now {
            return !scrolls || scroll.overflows();
        }
        if self.help {
            return !scrolls || self.help_scroll.overflows();
        }
        match &self.screen {
            Screen::WrapUp(s) => s.offers(action),
            Screen::Learn(s) => s.offers(action),
            Screen::Journal(s) => s.offers(action),
            _ => true,
        }
    }

    fn screen_context(&self) -> Context {
        match &self.screen {
            Screen::Welcome(_) => Context::Welcome,
            Screen::Home(_) => Context::Home,
            Screen::Packs(_) => Context::Packs,
            Screen::Question(q) => q.context(),
            Screen::WrapUp(w) => w.context(),
            Screen::Learn(l) => l.context(),
            Screen::Journal(j) => j.context(),
            Screen::Export(e, _) => e.context(),
            Screen::Passphrase(s) => s.context(),
        }
    }

    /// A terminal event: keys through the keymap, pastes into the answer.
    pub fn handle_event(&mut self, event: Event, now: Instant) {
        match event {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                if let Some(action) = keymap::resolve(self.context(), k) {
                    self.update(action, now);
                }
            }
            Event::Paste(text) => match self.context() {
                Context::QuestionText if !self.too_small.get() => {
                    self.update(Action::Paste(text), now)
                }
                Context::JournalSearch | Context::ExportPath if !self.too_small.get() => {
                    for c in text.chars().filter(|c| !c.is_control()) {
                        self.update(Action::Type(c), now);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }

    /// Act on an intent: the global ones here, the rest by the live screen.
    pub fn update(&mut self, action: Action, now: Instant) {
        match action {
            Action::Quit => return self.request_quit(),
            Action::ToggleHide => {
                self.hidden = !self.hidden;
                return;
            }
            // Nothing acts behind the quick-hide view, nor behind "please
            // make this window larger".
            _ if self.hidden || self.too_small.get() => return,
            _ => {}
        }
        // News is read by now; trouble stays until it is resolved.
        if self
            .notice
            .as_ref()
            .is_some_and(|n| n.kind == NoticeKind::News)
        {
            self.notice = None;
        }
        if action == Action::HelpNow {
            return self.toggle_help_now();
        }
        if let Some((_, scroll)) = &mut self.help_now {
            scroll.apply(&action);
            return;
        }
        if action == Action::Help {
            self.help = !self.help;
            self.help_scroll = Reader::default();
            return;
        }
        if self.help {
            self.help_scroll.apply(&action);
            return;
        }
        if action != Action::Quit {
            self.quit_warned = false;
        }
        let effect = match &mut self.screen {
            Screen::Welcome(s) => {
                let effect = s.update(action);
                if effect != Effect::None {
                    self.welcomed();
                }
                effect
            }
            Screen::Home(s) => s.update(action),
            Screen::Packs(s) => s.update(action),
            Screen::Question(s) => s.update(action),
            Screen::WrapUp(s) => s.update(action),
            Screen::Learn(s) => s.update(action),
            Screen::Journal(s) => s.update(action),
            Screen::Export(s, _) => s.update(action),
            Screen::Passphrase(s) => {
                if let passphrase::Outcome::Cancel = s.update(action) {
                    self.show_welcome();
                }
                return;
            }
        };
        self.apply(effect, now);
    }

    fn apply(&mut self, effect: Effect, now: Instant) {
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
                self.screen = Screen::Packs(Packs::new(rows, problems.len()));
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
                self.dirty_since.get_or_insert(now);
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
                    self.screen = Screen::WrapUp(Box::new(WrapUp::new(r, followups, cards)));
                }
            }
            Effect::OpenJournal => self.open_journal(),
            Effect::OpenLearn => {
                self.screen = Screen::Learn(Box::new(Learn::new(content::cards::builtin_cards())))
            }
            Effect::Read(id) => match self.store.load(&id) {
                Ok(r) => {
                    if let Screen::Journal(j) = &mut self.screen {
                        j.show(r);
                    }
                }
                Err(e) => {
                    self.notice = Some(Notice::news(format!(
                        "That reflection could not be opened: {e}."
                    )))
                }
            },
            Effect::SearchAnswers(query) => {
                // Among the reflections the Journal already lists, so the
                // index is not read again.
                if let Screen::Journal(j) = &mut self.screen {
                    match self.store.search_among(&query, &j.summaries) {
                        Ok((hits, _)) => {
                            let ids = hits
                                .into_iter()
                                .filter_map(|i| j.summaries.get(i).map(|s| s.id.clone()))
                                .collect();
                            j.set_matches(query, ids);
                        }
                        Err(e) => {
                            self.notice = Some(Notice::news(format!(
                                "Only titles can be searched right now: {e}."
                            )))
                        }
                    }
                }
            }
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
            Effect::OpenExport(id) => self.open_export(&id),
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
            Effect::Quit => self.request_quit(),
        }
    }

    fn find_pack(&self, id: &str) -> Option<Pack> {
        content::builtin_packs()
            .into_iter()
            .chain(self.store.imported_packs().0)
            .find(|p| p.id == id)
    }

    fn go_home(&mut self) {
        let draft = self.store.latest_draft().ok().flatten();
        self.screen = Screen::Home(Home::new(draft));
    }

    fn open_journal(&mut self) {
        match self.store.list() {
            Ok(l) => {
                self.screen = Screen::Journal(Box::new(Journal::new(l.summaries, l.problems.len())))
            }
            Err(e) => {
                self.notice = Some(Notice::news(format!("The journal could not be read: {e}.")))
            }
        }
    }

    /// Open the export screen for a reflection, keeping the journal to come back to.
    fn open_export(&mut self, id: &str) {
        let r = match self.store.load(id) {
            Ok(r) => r,
            Err(e) => {
                self.notice = Some(Notice::news(format!(
                    "That reflection could not be opened: {e}."
                )));
                return;
            }
        };
        let screen = std::mem::replace(&mut self.screen, Screen::Home(Home::new(None)));
        let Screen::Journal(journal) = screen else {
            self.screen = screen;
            return;
        };
        let topics = crate::themes::analyze_reflection(&r)
            .followups
            .into_iter()
            .map(|f| f.title)
            .collect();
        let (folder, home) = export_folder();
        self.notice = None;
        let mut export = ExportScreen::new(r, topics, folder, home);
        export.journal_encrypted = self.store.encrypted();
        self.screen = Screen::Export(Box::new(export), journal);
    }

    fn leave_export(&mut self) {
        let screen = std::mem::replace(&mut self.screen, Screen::Home(Home::new(None)));
        self.screen = match screen {
            Screen::Export(_, journal) => Screen::Journal(journal),
            other => other,
        };
    }

    /// Write a confirmed export. On failure the screen stays as it was, with one
    /// calm sentence saying what to do.
    fn write_export(&mut self, path: PathBuf, bytes: &[u8], force: bool) {
        use crate::journal::store::{StoreError, write_new_file};
        use std::io::ErrorKind;
        match write_new_file(&path, bytes, force) {
            Ok(()) => {
                self.leave_export();
                self.notice = Some(Notice::news(format!(
                    "Saved to {}. Only you can read it.",
                    path.display()
                )));
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

    /// Save the live reflection now. False if it could not be written.
    fn save_live(&mut self, now: Instant) -> bool {
        let Screen::Question(q) = &self.screen else {
            self.dirty_since = None;
            return true;
        };
        if q.reflection.answers.is_empty() && !self.on_disk {
            // Nothing typed yet: no empty drafts in the journal.
            self.dirty_since = None;
            return true;
        }
        match self.store.save(&q.reflection) {
            Ok(()) => {
                self.on_disk = true;
                self.dirty_since = None;
                if self.is_save_notice() && self.unsaved.is_empty() {
                    self.notice = None;
                }
                true
            }
            Err(_) => {
                self.notice = Some(Notice::trouble(SAVE_TROUBLE));
                // Try again a little later rather than on every tick.
                self.dirty_since = Some(now);
                false
            }
        }
    }

    /// The live reflection is about to leave the screen: save it, or keep it to retry.
    fn close_live(&mut self) {
        if self.save_live(Instant::now()) {
            return;
        }
        if let Screen::Question(q) = &self.screen {
            let r = q.reflection.clone();
            self.unsaved.retain(|u| u.id != r.id);
            self.unsaved.push(r);
        }
        self.dirty_since = None;
    }

    fn retry_unsaved(&mut self) -> bool {
        let pending = std::mem::take(&mut self.unsaved);
        for r in pending {
            if self.store.save(&r).is_err() {
                self.unsaved.push(r);
            }
        }
        if self.unsaved.is_empty() {
            if self.is_save_notice() && self.dirty_since.is_none() {
                self.notice = None;
            }
            true
        } else {
            self.notice = Some(Notice::trouble(SAVE_TROUBLE));
            false
        }
    }

    fn is_save_notice(&self) -> bool {
        self.notice
            .as_ref()
            .is_some_and(|n| n.kind == NoticeKind::SaveTrouble)
    }

    /// Welcome has been seen: remember it for this journal, so the next
    /// window opens on Home. (If the note cannot be written, Welcome simply
    /// shows again next time.)
    fn welcomed(&mut self) {
        let _ = crate::journal::store::atomic_write(self.store.dir(), WELCOMED, b"");
    }

    /// Open or close "If you need help now" over whatever is on screen;
    /// closing it leaves everything exactly as it was.
    fn toggle_help_now(&mut self) {
        if self.help_now.take().is_some() {
            return;
        }
        self.help = false;
        match content::cards::builtin_cards()
            .into_iter()
            .find(|c| c.id == HELP_NOW_CARD)
        {
            Some(card) => self.help_now = Some((card, Reader::default())),
            None => {
                self.notice = Some(Notice::news(
                    "If you are in danger, call your local emergency number now; findahelpline.com lists crisis lines.",
                ))
            }
        }
    }

    fn show_welcome(&mut self) {
        self.screen = Screen::Welcome(Welcome {
            data_path: self.journal_folder.clone(),
        });
    }

    /// A passphrase was typed: unlock the journal with it, or lock the new
    /// journal with it. A wrong one gets a calm sentence and another try.
    fn use_passphrase(&mut self) {
        let Screen::Passphrase(s) = &mut self.screen else {
            return;
        };
        let Some(ready) = s.take_ready() else {
            return;
        };
        let result = match ready.purpose {
            Purpose::Unlock => self.store.unlock(&ready.passphrase),
            Purpose::Choose => self.store.encrypt(&ready.passphrase).map(|_| ()),
        };
        match (result, &mut self.screen) {
            (Ok(()), _) => {
                if ready.purpose == Purpose::Choose {
                    self.notice = Some(Notice::news(
                        "Your journal is locked; reflect will ask for the passphrase each time.",
                    ));
                }
                self.go_home();
            }
            (Err(crate::journal::StoreError::WrongPassphrase), Screen::Passphrase(s)) => s.wrong(),
            (Err(e), Screen::Passphrase(s)) => s.failed(format!("That did not work: {e}.")),
            (Err(_), _) => {}
        }
    }

    /// Time passes: autosave the live answer, retry failed saves.
    pub fn tick(&mut self, now: Instant) {
        self.use_passphrase();
        if let Some(n) = &mut self.notice {
            n.since.get_or_insert(now);
            if n.expired(now) {
                self.notice = None;
            }
        }
        if self
            .dirty_since
            .is_some_and(|t| now.duration_since(t) >= AUTOSAVE_AFTER)
        {
            self.save_live(now);
        }
        if !self.unsaved.is_empty() {
            self.retry_unsaved();
        }
    }

    /// Whether there are words not yet on disk.
    pub fn has_unsaved(&self) -> bool {
        self.dirty_since.is_some() || !self.unsaved.is_empty()
    }

    /// Save everything now (before any exit). True if all of it reached the disk.
    pub fn flush(&mut self) -> bool {
        let live = self.save_live(Instant::now());
        let rest = self.retry_unsaved();
        live && rest
    }

    fn request_quit(&mut self) {
        if self.flush() || self.quit_warned {
            self.quit = true;
        } else {
            self.quit_warned = true;
            self.notice = Some(Notice::trouble(QUIT_TROUBLE));
        }
    }

    /// The external editor has been asked for and not yet opened.
    pub fn editor_pending(&self) -> bool {
        self.editor_requested
    }

    /// The external editor was asked for: the answer's text to edit, once.
    pub fn take_editor_request(&mut self) -> Option<String> {
        if !std::mem::take(&mut self.editor_requested) {
            return None;
        }
        match &self.screen {
            Screen::Question(q) => q.answer_text(),
            _ => None,
        }
    }

    /// The external editor finished with this text (or failed with this message).
    pub fn finish_editing(&mut self, result: Result<String, String>, now: Instant) {
        match result {
            Ok(text) => {
                if let Screen::Question(q) = &mut self.screen {
                    let effect = q.set_answer_text(&text);
                    self.apply(effect, now);
                    self.save_live(now);
                }
            }
            Err(message) => self.notice = Some(Notice::news(message)),
        }
    }

    pub fn data_dir(&self) -> &Path {
        self.store.dir()
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

/// The data path as a person reads it: `~` for the home directory.
pub fn display_path(p: &Path) -> String {
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty())
        && let Ok(rest) = p.strip_prefix(&home)
    {
        return format!("~/{}", rest.display());
    }
    p.display().to_string()
}
