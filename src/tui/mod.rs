//! The terminal interface: `run()` draws, reads keys, and hands them to the app.
//!
//! The loop: draw → wait for a key (at most 100 ms, so autosave fires without
//! one; 16 ms while a search or listing runs on another thread) → every event
//! that is ready → keymap → `App::update` → effects → tick (which also takes
//! in what those threads found, from channels it never waits on).
//! Only crossterm waits on the terminal (see `hangup` for the one exception,
//! a check that never waits). Every way out saves first, including the
//! terminal going away (a closed window, a dropped connection). What differs
//! by platform (signals or console events, the hang-up check, the default
//! editor) is in `platform`.

pub mod action;
pub mod app;
pub mod editor;
#[cfg(unix)]
mod hangup;
pub mod keymap;
mod platform;
pub mod screens;
pub mod theme;
pub mod widgets;

use std::io::{IsTerminal, stdout};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::bail;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

use crate::journal::Store;
pub use app::App;

/// Run the interface on an open (locked) store until the person quits.
pub fn run(store: Store, first_run: bool) -> anyhow::Result<()> {
    if !std::io::stdin().is_terminal() || !stdout().is_terminal() {
        bail!("reflect needs a terminal window; `reflect plain` works line by line instead");
    }
    // The terminal closing (SIGHUP; on Windows the console window closing,
    // logging off, Ctrl-Break) or a polite kill (SIGTERM): save and leave.
    let stop = Arc::new(AtomicBool::new(false));
    platform::stop_on_close(&stop)?;
    // Also when `plain`, `import` or `packs add` made the folder: the first
    // time the window opens on a journal, Welcome says what this is.
    let first_run = first_run || !store.dir().join(app::WELCOMED).exists();
    let mut app = App::new(store, first_run);
    let reading = Arc::new(platform::Reading::default());
    let _watchdog = platform::Watchdog::start(Arc::clone(&stop), Arc::clone(&reading));
    // ratatui::run restores the terminal on return and on panic; catching the
    // panic here lets the draft be saved before it carries on.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        ratatui::run(|terminal| {
            let _paste = BracketedPaste::enable();
            let result = event_loop(terminal, &mut app, &stop, &reading);
            // Saved before the terminal is restored: on a terminal that has
            // gone away, restoring fails, and ratatui's report of that can
            // end the process before anything after this line runs.
            app.flush();
            result
        })
    }));
    // Whatever happened above, nothing typed is left behind.
    app.flush();
    match outcome {
        Ok(result) => result,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// How long to wait for a key before checking signals and autosave.
const POLL: Duration = Duration::from_millis(100);

/// How long to wait while a search or a listing runs on another thread, so
/// what it finds is on screen within a frame (taken in by `App::tick`).
const FRAME: Duration = Duration::from_millis(16);

/// At most this many events are handled between two frames, so a flood of
/// input (a huge paste typed key by key) still lets the screen and autosave
/// keep up. What is left is read on the next turn; nothing is dropped.
const BATCH: usize = 512;

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    stop: &AtomicBool,
    reading: &platform::Reading,
) -> anyhow::Result<()> {
    loop {
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        if stop.load(Ordering::Relaxed) || platform::gone()? {
            app.flush();
            return Ok(());
        }
        // Only crossterm waits on the terminal: it also hears of resizes
        // (through its own signal pipe), so a key after a resize arrives on
        // its own and is never mistaken for, or lost behind, the resize.
        // Never past the moment the newest words are due on disk.
        let mut wait = app.time_to_autosave(Instant::now()).min(POLL);
        if app.busy() {
            wait = wait.min(FRAME);
        }
        if reading.during(|| event::poll(wait))? {
            read_events(app, stop, reading)?;
        }
        app.tick(Instant::now());
        if let Some(request) = app.take_editor_request(Instant::now()) {
            let result = edit_externally(terminal, app.data_dir(), &request);
            app.finish_editing(result, Instant::now());
        }
        if app.should_quit() {
            return Ok(());
        }
    }
}

/// Hand every event crossterm has ready to the app, checking before each
/// that the terminal is still there. Resizes are merged: the next frame is
/// drawn at the newest size, once.
fn read_events(
    app: &mut App,
    stop: &AtomicBool,
    reading: &platform::Reading,
) -> anyhow::Result<()> {
    for _ in 0..BATCH {
        if stop.load(Ordering::Relaxed)
            || platform::gone()?
            || !reading.during(|| event::poll(Duration::ZERO))?
        {
            break;
        }
        match reading.during(event::read)? {
            Event::Resize(..) => {}
            ev => app.handle_event(ev, Instant::now()),
        }
        // Keys after Quit are not acted on; keys after Ctrl-E wait for the
        // editor to close (they stay with crossterm until then).
        if app.should_quit() || app.editor_pending() {
            break;
        }
    }
    Ok(())
}

/// Bracketed paste on while it lives; off again on return and on panic (unwinding).
struct BracketedPaste;

impl BracketedPaste {
    fn enable() -> BracketedPaste {
        let _ = execute!(stdout(), EnableBracketedPaste);
        BracketedPaste
    }
}

impl Drop for BracketedPaste {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableBracketedPaste);
    }
}

/// Suspend the interface, edit the answer in `$VISUAL`/`$EDITOR`, and come back.
///
/// The file is private (0600) inside the data directory, never /tmp, and it
/// is removed afterwards; if reflect is killed meanwhile, the next start puts
/// its text back into the answer (see `editor`).
fn edit_externally(
    terminal: &mut DefaultTerminal,
    dir: &Path,
    request: &editor::EditorRequest,
) -> Result<String, String> {
    let command = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.trim().is_empty())
        .or(platform::DEFAULT_EDITOR.map(String::from))
        .ok_or(platform::NO_EDITOR)?;
    let file = editor::temp_file(dir, request)
        .map_err(|e| format!("Your editor could not be opened: {e}."))?;

    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let status = match editor::command_parts(&command) {
        Some((program, args)) => Command::new(program).args(args).arg(file.path()).status(),
        None => Err(std::io::Error::other("empty editor command")),
    };
    let _ = enable_raw_mode();
    let _ = execute!(
        stdout(),
        EnterAlternateScreen,
        Clear(ClearType::All),
        EnableBracketedPaste,
        cursor::Hide
    );
    // Redraw everything next frame. Not `terminal.clear()`: it first asks the
    // terminal where the cursor is and waits for the answer; when none comes
    // it fails before forgetting the old frame, and only the cells that
    // changed were drawn on the blank screen (the question disappeared).
    // One swap leaves both of ratatui's buffers blank, so all is drawn.
    terminal.swap_buffers();

    match status {
        Ok(s) if s.success() => editor::read_back(file.path())
            .map_err(|e| format!("The edited text could not be read back: {e}.")),
        Ok(_) => Err("The editor closed without saving; your answer is as it was.".into()),
        Err(e) => Err(format!(
            "`{command}` could not be started ({e}); your answer is as it was."
        )),
    }
}
