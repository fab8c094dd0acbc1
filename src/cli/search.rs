//! `reflect search QUERY [--json] [--limit N]`: the Journal's search from the
//! command line, printed as it is found, newest first.

use std::io::{self, IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use super::{Failure, Secrets};
use crate::journal::Reflection;
use crate::journal::search::{Found, Query, Snippet};

/// About how many characters of answer each match shows.
const SNIPPET: usize = 72;

/// One match, as `--json` prints it (one object a line).
#[derive(Debug, serde::Serialize)]
struct Hit {
    id: String,
    pack: String,
    pack_title: String,
    started: String,
    finished: Option<String>,
    #[serde(flatten)]
    snippet: Option<Snippet>,
}

impl Hit {
    /// From a matching file's bytes, on the searching thread.
    fn new(id: &str, bytes: &[u8], q: &Query) -> Hit {
        match serde_json::from_slice::<Reflection>(bytes) {
            Ok(r) => Hit {
                id: id.to_string(),
                snippet: q.snippet(&r, SNIPPET),
                pack: r.pack.id,
                pack_title: r.pack.title,
                started: r.started.to_rfc3339(),
                finished: r.finished.map(|f| f.to_rfc3339()),
            },
            // It matched on its raw text but is not a reflection this
            // build reads in full: still worth naming.
            Err(_) => Hit {
                id: id.to_string(),
                pack: String::new(),
                pack_title: String::new(),
                started: String::new(),
                finished: None,
                snippet: None,
            },
        }
    }
}

/// Print the reflections matching `query`, newest first, as they are found.
/// Stops after `limit` matches, or quietly when standard output is closed
/// (`reflect search partner | head`).
pub fn search(
    dir: &Path,
    query: &str,
    json: bool,
    limit: Option<usize>,
    secrets: &Secrets,
) -> Result<(), Failure> {
    let Some(q) = Query::new(query) else {
        return Err(Failure::usage(
            "give at least one word to search for, for example: reflect search partner",
        ));
    };
    let store = secrets.open_read(dir)?;
    // The files' names are enough to start: no index to read first.
    let ids = store.ids_newest_first()?;
    let stdout = io::stdout();
    let mut w = io::BufWriter::new(stdout.lock());
    let mut trouble: Option<io::Error> = None;
    let limit = limit.unwrap_or(usize::MAX);
    let mut shown = 0;
    let finished = store.search_stream(
        &q,
        &ids,
        &AtomicBool::new(false),
        |id: &String, bytes: &[u8]| Hit::new(id, bytes, &q),
        |found| {
            let hit = match found {
                Found::Hit { item, .. } => item,
                Found::Problem(p) => {
                    warn(std::slice::from_ref(&p));
                    return ControlFlow::Continue(());
                }
            };
            let line = if json {
                serde_json::to_string(&hit).map_err(io::Error::from)
            } else {
                Ok(text_line(&hit))
            };
            // Flushed line by line, so a reader sees each match at once.
            let written = line.and_then(|l| {
                w.write_all(l.as_bytes())?;
                w.write_all(b"\n")?;
                w.flush()
            });
            if let Err(e) = written {
                trouble = Some(e);
                return ControlFlow::Break(());
            }
            shown += 1;
            if shown >= limit {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    )?;
    drop(w);
    if finished.complete && finished.stale {
        // Every file was just read: bring the word index up to date, so the
        // next search reads only what it shows. Only a cache: a failure
        // costs the next search time, never a wrong answer. Made from
        // nothing it takes a while in a large journal (about a second per
        // 10,000 reflections): a person at a terminal is told why it waits.
        if store.word_index().is_none() && ids.len() >= 5_000 && io::stderr().is_terminal() {
            let _ = writeln!(
                io::stderr(),
                "Indexing your journal's words so the next search is quicker (this happens once)…"
            );
        }
        let _ = store.update_word_index();
    }
    match trouble {
        Some(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
        Some(e) => return Err(Failure::user(format!("could not write the output ({e})."))),
        None => {}
    }
    if finished.hits == 0 && !json {
        let _ = writeln!(
            io::stderr(),
            "Nothing in your journal matches {query:?}. Fewer words, or other spellings, may find more."
        );
    }
    Ok(())
}

/// `ID  DATE  PACK  snippet`, one line per match.
fn text_line(h: &Hit) -> String {
    let date = chrono::DateTime::parse_from_rfc3339(&h.started)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let text = h.snippet.as_ref().map_or("", |s| s.text.as_str());
    format!("{}  {}  {}  {}", h.id, date, h.pack_title, text)
        .trim_end()
        .to_string()
}

fn warn(problems: &[crate::journal::LoadProblem]) {
    for p in problems {
        let _ = writeln!(
            io::stderr(),
            "reflect: {} could not be read ({}); it was left untouched and the rest of the journal was searched.",
            p.path.display(),
            p.reason
        );
    }
}
