//! The app: the live screen, the store, and the effects screens ask for.
//!
//! Screens only change their own state; everything that touches the disk
//! (saving, loading, deleting) happens here, and a failed save never loses
//! words: the reflection stays in memory and is retried.

mod effects;
mod notice;
mod over_time;
mod render;
mod saving;
mod search;
mod warm;

use std::cell::Cell;
use std::path::Path;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyEventKind};

pub use notice::{Kind as NoticeKind, Notice};

use super::action::Action;
use super::editor::{self, EditorRequest};
use super::keymap::{self, Context};
use super::screens::Effect;
use super::screens::export::ExportScreen;
use super::screens::home::Home;
use super::screens::journal::Journal;
use super::screens::learn::Learn;
use super::screens::over_time::OverTime;
use super::screens::packs::Packs;
use super::screens::passphrase::{self, PassphraseScreen, Purpose};
use super::screens::question::QuestionScreen;
use super::screens::welcome::Welcome;
use super::screens::wrapup::WrapUp;
use super::theme::Theme;
use super::widgets::scroll::Reader;
use crate::content;
use crate::content::cards::Card;
use crate::journal::{Reflection, Store};

/// The smallest terminal the screens are designed for.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;
/// The widest the content gets on a wide terminal.
pub const MAX_BODY_WIDTH: u16 = 100;

/// Typed words are written this long after the first unsaved change, so a
/// crash loses at most about a second of typing even while typing goes on.
/// The clock starts when the first unsaved key may have been typed (see
/// `App::tick`), not when it was read, and the loop never waits past it; the
/// rest of the second is left for the save itself.
pub const AUTOSAVE_AFTER: Duration = Duration::from_millis(650);

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
    /// One question's answers over time, and the journal to go back to.
    OverTime(Box<OverTime>, Box<Journal>),
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
    /// When the live reflection first changed since it was last saved (at
    /// the earliest moment the change may have been typed).
    dirty_since: Option<Instant>,
    /// When time last passed (`tick`): a key read after it may have been
    /// typed any time since, for example while a slow save was running.
    last_tick: Option<Instant>,
    /// The live reflection is on disk (so even an emptied one is saved).
    on_disk: bool,
    /// Reflections whose screen has closed but whose save failed; retried.
    unsaved: Vec<Reflection>,
    quit: bool,
    quit_warned: bool,
    editor_requested: bool,
    /// The Journal's search inside answers under way, and how many were started.
    search: Option<search::Running>,
    searches: u64,
    /// The journal being listed on another thread while Home shows (no index yet).
    warming: Option<crate::journal::warmup::Warmup>,
}

/// Said, and kept, when the journal is on a read-only drive.
pub const READ_ONLY: &str =
    "This journal is on a read-only drive: you can read it here, but nothing new can be saved.";

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
            last_tick: None,
            on_disk: false,
            unsaved: Vec::new(),
            quit: false,
            quit_warned: false,
            editor_requested: false,
            search: None,
            searches: 0,
            warming: None,
            store,
        };
        if app.store.needs_unlock() {
            app.screen = Screen::Passphrase(Box::new(PassphraseScreen::new(Purpose::Unlock)));
        } else if first_run {
            app.show_welcome();
        } else {
            app.open_home();
            app.restore_editor_files();
        }
        app.say_what_the_journal_is();
        app
    }

    /// A standing notice for what holds for the whole session: a journal on a
    /// read-only drive, or plain text left in a locked one.
    fn say_what_the_journal_is(&mut self) {
        if self.store.read_only_drive() {
            self.notice = Some(Notice::standing(READ_ONLY));
            return;
        }
        if self.store.needs_unlock() {
            return;
        }
        let left = self.store.plain_left().len();
        if left > 0 {
            self.notice = Some(Notice::standing(format!(
                "{left} reflection{} in this locked journal {} still plain text; run `reflect encrypt` to finish locking {}.",
                if left == 1 { "" } else { "s" },
                if left == 1 { "is" } else { "are" },
                if left == 1 { "it" } else { "them" },
            )));
        }
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
    /// (An overlay's keys count when one is open: see [`App::screen_offers`].)
    pub fn offers(&self, action: &Action) -> bool {
        // Scrolling is offered where there is something to scroll.
        let scrolls = matches!(action, Action::Up | Action::Down);
        if let Some((_, scroll)) = &self.help_now {
            return !scrolls || scroll.overflows();
        }
        if self.help {
            return !scrolls || self.help_scroll.overflows();
        }
        self.screen_offers(action)
    }

    /// Whether `action` does anything on the screen itself (under any overlay).
    pub fn screen_offers(&self, action: &Action) -> bool {
        if *action == Action::OpenEditor && self.store.encrypted() {
            // It would need an unencrypted copy on disk.
            return false;
        }
        match &self.screen {
            Screen::WrapUp(s) => s.offers(action),
            Screen::Learn(s) => s.offers(action),
            Screen::Journal(s) => s.offers(action),
            Screen::Export(s, _) => s.offers(action),
            Screen::OverTime(s, _) => s.offers(action),
            _ => true,
        }
    }

    fn screen_context(&self) -> Context {
        match &self.screen {
            Screen::Welcome(_) => Context::Welcome,
            Screen::Home(_) => Context::Home,
            Screen::Packs(p) => p.context(),
            Screen::Question(q) => q.context(),
            Screen::WrapUp(w) => w.context(),
            Screen::Learn(l) => l.context(),
            Screen::Journal(j) => j.context(),
            Screen::Export(e, _) => e.context(),
            Screen::OverTime(o, _) => o.context(),
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
                // Control characters are not kept in an answer: pasted from a
                // terminal they are escape sequences that would act on the
                // next terminal they are printed to. Newlines and tabs stay.
                Context::QuestionText if !self.too_small.get() => {
                    let text = crate::sanitize::sanitize(&text).into_owned();
                    self.update(Action::Paste(text), now)
                }
                Context::JournalSearch | Context::ExportPath | Context::ExportName
                    if !self.too_small.get() =>
                {
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
        use ratatui::crossterm::event::KeyCode;
        match &action {
            // A control character typed (or sent by the terminal as a key)
            // goes nowhere, as when pasted.
            Action::Type(c) if crate::sanitize::is_unsafe(*c) => return,
            Action::Edit(k) if matches!(k.code, KeyCode::Char(c) if crate::sanitize::is_unsafe(c)) =>
            {
                return;
            }
            _ => {}
        }
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
            Screen::OverTime(s, _) => s.update(action),
            Screen::Passphrase(s) => {
                if let passphrase::Outcome::Cancel = s.update(action) {
                    self.show_welcome();
                }
                return;
            }
        };
        self.apply(effect, now);
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
                self.open_home();
                if ready.purpose == Purpose::Unlock {
                    self.restore_editor_files();
                    self.say_what_the_journal_is();
                }
            }
            (Err(crate::journal::StoreError::WrongPassphrase), Screen::Passphrase(s)) => s.wrong(),
            (Err(e), Screen::Passphrase(s)) => s.failed(format!("That did not work: {e}.")),
            (Err(_), _) => {}
        }
    }

    /// The external editor has been asked for and not yet opened.
    pub fn editor_pending(&self) -> bool {
        self.editor_requested
    }

    /// The external editor was asked for: the answer to edit, once. What
    /// was typed just before is saved first, so it is on disk while the
    /// editor is open.
    pub fn take_editor_request(&mut self, now: Instant) -> Option<EditorRequest> {
        if !std::mem::take(&mut self.editor_requested) {
            return None;
        }
        self.save_live(now);
        match &self.screen {
            Screen::Question(q) => q.answer_text().map(|text| EditorRequest {
                text,
                reflection: q.reflection.id.clone(),
                question: q.current_id().to_string(),
            }),
            _ => None,
        }
    }

    /// Put the text of editor files left by a killed session back into the
    /// answers they belong to, then remove them; say so in the notice.
    pub fn restore_editor_files(&mut self) {
        let (mut restored, mut kept) = (Vec::new(), 0);
        for stray in editor::strays(self.store.dir()) {
            let done = stray
                .owner
                .as_ref()
                .is_some_and(|(rid, qid)| self.restore_one(&stray.path, rid, qid));
            if done {
                let _ = std::fs::remove_file(&stray.path);
                restored.push(stray);
            } else {
                kept += 1;
            }
        }
        if !restored.is_empty() {
            self.go_home();
            self.notice = Some(Notice::news(format!(
                "Text you wrote in your editor before reflect closed is back in {}; see Continue or the Journal.",
                if restored.len() == 1 {
                    "its answer"
                } else {
                    "those answers"
                }
            )));
        } else if kept > 0 {
            self.notice = Some(Notice::news(format!(
                "An editor file reflect could not place is in {}; open it to copy your words.",
                display_path(self.store.dir())
            )));
        }
    }

    /// One editor file into its answer; true once the reflection is saved with it.
    fn restore_one(&mut self, path: &Path, rid: &str, qid: &str) -> bool {
        let (Ok(text), Ok(mut r)) = (editor::read_back(path), self.store.load(rid)) else {
            return false;
        };
        if let Some(e) = r.answers.iter_mut().find(|e| e.question == qid) {
            e.answer = text;
        } else {
            // Never saved before the editor opened (an empty answer): the
            // question is needed to make its entry.
            let Some(pack) = self.find_pack(&r.pack.id) else {
                return false;
            };
            let Some(q) = pack
                .question(qid)
                .filter(|q| q.kind == content::Kind::Text)
                .cloned()
            else {
                return false;
            };
            let parent = pack
                .flat()
                .into_iter()
                .find(|(f, _)| f.id == qid)
                .and_then(|(_, p)| p.map(|p| p.id.clone()));
            let entry = crate::journal::Entry::text(&q, parent.as_deref(), &text);
            r.set(&pack, Some(entry), qid);
        }
        self.store.save(&r).is_ok()
    }

    /// The external editor finished with this text (or failed with this message).
    pub fn finish_editing(&mut self, result: Result<String, String>, now: Instant) {
        match result {
            Ok(text) => {
                let text = crate::sanitize::sanitize(&text);
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

/// The data path as a person reads it: `~` for the home directory.
pub fn display_path(p: &Path) -> String {
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty())
        && let Ok(rest) = p.strip_prefix(&home)
    {
        return format!("~/{}", rest.display());
    }
    p.display().to_string()
}
