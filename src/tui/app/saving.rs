//! Saving: autosave while typing, a retry for what could not be written,
//! and every way out saving first. A failed save never loses words.

use std::time::{Duration, Instant};

use super::{AUTOSAVE_AFTER, App, Notice, NoticeKind, QUIT_TROUBLE, SAVE_TROUBLE, Screen};

impl App {
    /// Save the live reflection now. False if it could not be written.
    pub(super) fn save_live(&mut self, now: Instant) -> bool {
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
    pub(super) fn close_live(&mut self) {
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

    pub(super) fn retry_unsaved(&mut self) -> bool {
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

    pub(super) fn is_save_notice(&self) -> bool {
        self.notice
            .as_ref()
            .is_some_and(|n| n.kind == NoticeKind::SaveTrouble)
    }

    /// Time passes: autosave the live answer, retry failed saves.
    pub fn tick(&mut self, now: Instant) {
        self.last_tick = Some(now);
        self.use_passphrase();
        self.poll_search();
        self.poll_warmup();
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

    /// How long the loop may wait for input before the next `tick` is due
    /// to save the newest words (`Duration::MAX` when nothing is waiting).
    pub fn time_to_autosave(&self, now: Instant) -> Duration {
        match self.dirty_since {
            Some(t) => (t + AUTOSAVE_AFTER).saturating_duration_since(now),
            None => Duration::MAX,
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

    pub(super) fn request_quit(&mut self) {
        if self.flush() || self.quit_warned {
            self.quit = true;
        } else {
            self.quit_warned = true;
            self.notice = Some(Notice::trouble(QUIT_TROUBLE));
        }
    }
}
