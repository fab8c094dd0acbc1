//! End to end: every key acts on the first press, whatever the terminal did
//! just before (issue 12 §1). The real binary in a real pseudo-terminal.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::thread;
use std::time::{Duration, Instant};

use common::{CTRL_Q, ENTER, Pty};

const CTRL_G: &[u8] = b"\x07";

/// Long enough for a busy debug build to draw; far shorter than the time a
/// lost key would take to show up (never, without another key).
const SOON: Duration = Duration::from_secs(8);

fn wait_soon(s: &Pty, what: impl Fn(&str) -> bool, why: &str) -> String {
    let start = Instant::now();
    loop {
        let c = s.contents();
        if what(&c) {
            return c;
        }
        assert!(
            start.elapsed() < SOON,
            "{why}: not within {SOON:?}; the screen shows:\n{c}"
        );
        thread::sleep(Duration::from_millis(50));
    }
}

/// Welcome, then Home, at the pty's starting size.
fn at_home(s: &mut Pty) {
    s.wait_for("Welcome");
    s.send(ENTER);
    s.wait_for("Start a reflection");
}

#[test]
fn ctrl_g_right_after_a_resize_hides_the_screen_on_the_first_press() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = Pty::reflect(&tmp.path().join("data"), &[]);
    at_home(&mut s);
    s.resize(21, 65);
    // The resize is drawn at the new size before the key comes.
    thread::sleep(Duration::from_secs(1));
    s.wait_for("Start a reflection");
    s.type_now(CTRL_G);
    let hidden = wait_soon(
        &s,
        |c| c.contains("Nothing to show."),
        "one Ctrl-G after a resize did not hide the screen",
    );
    assert!(!hidden.contains("Start a reflection"), "{hidden}");
    // And it stays hidden: nothing else arrives to undo it.
    thread::sleep(Duration::from_millis(500));
    assert!(s.contents().contains("Nothing to show."));
    s.send(CTRL_Q);
    assert!(s.wait_exit().success());
}

#[test]
fn a_character_typed_right_after_a_resize_is_on_screen_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut s = Pty::reflect(&data, &[]);
    at_home(&mut s);
    s.send(ENTER);
    s.wait_for("Ask yourself");
    s.send(ENTER);
    s.wait_for("1 of ");
    s.send("before ".as_bytes());
    s.wait_for("before");
    s.resize(21, 65);
    thread::sleep(Duration::from_secs(1));
    s.type_now("ž".as_bytes());
    wait_soon(
        &s,
        |c| c.contains("beforež") || c.contains("before ž"),
        "a character typed after a resize did not appear",
    );
    s.send(CTRL_Q);
    assert!(s.wait_exit().success());
}

/// CPU time (user + system) the process has used so far.
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which is in parentheses); utime and
    // stime are the 14th and 15th fields of the whole line.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap();
    // Clock ticks are 100 a second on Linux.
    Duration::from_millis(ticks * 10)
}

#[test]
fn after_a_resize_the_app_waits_quietly_instead_of_spinning() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = Pty::reflect(&tmp.path().join("data"), &[]);
    at_home(&mut s);
    s.resize(21, 65);
    thread::sleep(Duration::from_millis(500));
    // One harmless key (it moves the selection) after the resize.
    s.send(common::DOWN);
    thread::sleep(Duration::from_millis(300));
    let before = cpu_time(s.pid());
    thread::sleep(Duration::from_millis(1500));
    let used = cpu_time(s.pid()) - before;
    // Idle it uses next to nothing; the old loop used the whole 1.5 s.
    assert!(
        used < Duration::from_millis(400),
        "{used:?} of CPU in 1.5 s of waiting"
    );
    s.send(CTRL_Q);
    assert!(s.wait_exit().success());
}

#[test]
fn welcome_comes_first_even_when_packs_add_made_the_folder_and_only_once() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let pack = tmp.path().join("homework.json");
    std::fs::write(
        &pack,
        r#"{ "schema": 1, "id": "homework", "title": "Before we meet", "description": "From your therapist.",
  "questions": [ { "id": "one", "prompt": "What would you like to talk about?", "kind": "text" } ] }"#,
    )
    .unwrap();
    let added = std::process::Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("--data-dir")
        .arg(&data)
        .args(["packs", "add"])
        .arg(&pack)
        .output()
        .unwrap();
    assert!(added.status.success(), "{added:?}");
    let mut s = Pty::reflect(&data, &[]);
    s.wait_for("Welcome");
    s.send(ENTER);
    s.wait_for("Start a reflection");
    s.send(CTRL_Q);
    assert!(s.wait_exit().success());
    let mut again = Pty::reflect(&data, &[]);
    let home = again.wait_for("Start a reflection");
    assert!(!home.contains("Welcome"), "{home}");
    again.send(b"q");
    assert!(again.wait_exit().success());
}

const PGDN: &[u8] = b"\x1b[6~";
const PGUP: &[u8] = b"\x1b[5~";
const END: &[u8] = b"\x1b[F";
const HOME: &[u8] = b"\x1b[H";
const UP: &[u8] = b"\x1b[A";

/// "N of 300" in the Journal's title.
fn position(screen: &str) -> usize {
    let line = screen
        .lines()
        .find(|l| l.contains("Journal") && l.contains(" of 300"))
        .unwrap_or_else(|| panic!("no position shown:\n{screen}"));
    line.split_whitespace()
        .skip_while(|w| *w != "Journal")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no number in {line:?}"))
}

fn wait_position(s: &Pty, want: usize) -> String {
    wait_soon(
        s,
        |c| c.contains(" of 300") && position(c) == want,
        &format!("the Journal did not reach {want} of 300"),
    )
}

#[test]
fn paging_through_300_reflections_moves_a_page_at_a_time_and_reaches_both_ends() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    reflect::journal::sample::generate(&data, 300, 12).unwrap();
    let mut s = Pty::reflect(&data, &[]);
    at_home(&mut s);
    // Journal is two above Quit, the last item, whatever drafts are listed.
    s.send(END);
    s.send(UP);
    s.send(UP);
    s.send(ENTER);
    let first = s.wait_for(" of 300");
    assert_eq!(position(&first), 1, "{first}");
    s.send(PGDN);
    let page = wait_soon(&s, |c| position(c) > 1, "PgDn did not move");
    let step = position(&page) - 1;
    // A page is the list's height less one (the pty is 30 rows).
    assert!(
        (15..30).contains(&step),
        "a page moved {step} rows:\n{page}"
    );
    s.send(PGDN);
    wait_position(&s, 1 + 2 * step);
    s.send(PGUP);
    wait_position(&s, 1 + step);
    s.send(END);
    wait_position(&s, 300);
    s.send(HOME);
    wait_position(&s, 1);
    s.send(b"G");
    wait_position(&s, 300);
    s.send(b"g");
    wait_position(&s, 1);
    s.send(CTRL_Q);
    assert!(s.wait_exit().success());
}

#[test]
fn f2_while_typing_shows_help_now_and_esc_returns_to_the_words() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = Pty::reflect(&tmp.path().join("data"), &[]);
    at_home(&mut s);
    s.send(ENTER);
    s.wait_for("Ask yourself");
    s.send(ENTER);
    s.wait_for("1 of ");
    s.send("halfway, with an h in it".as_bytes());
    s.wait_for("halfway, with an h in it");
    s.send(b"\x1bOQ"); // F2
    let card = s.wait_for("If you need help now");
    assert!(card.contains("findahelpline.com"), "{card}");
    s.send(b"\x1b");
    let back = wait_soon(
        &s,
        |c| !c.contains("If you need help now") && c.contains("halfway, with an h in it"),
        "Esc did not return to the answer",
    );
    assert!(back.contains("1 of "), "{back}");
    s.send(CTRL_Q);
    assert!(s.wait_exit().success());
}
