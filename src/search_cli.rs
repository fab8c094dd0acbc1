//! `reflect search QUERY [--json] [--limit N]`: the Journal's search from the
//! command line, printed as it is found, newest first.

use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use crate::cli::{Failure, Secrets};
use crate::journal::search::{Found, Query, Snippet};
use crate::journal::{Reflection, Summary};

/// About how many characters of answer each match shows.
const SNIPPET: usize = 72;

/// One match, as `--json` prints it (one object a line).
#[derive(Debug, serde::Serialize)]
struct Hit<'a> {
    id: &'a str,
    pack: &'a str,
    pack_title: &'a str,
    started: &'a str,
    finished: Option<&'a str>,
    #[serde(flatten)]
    snippet: Option<Snippet>,
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
    let listing = store.list()?;
    warn(&listing.problems);
    let stdout = io::stdout();
    let mut w = io::BufWriter::new(stdout.lock());
    let mut trouble: Option<io::Error> = None;
    let limit = limit.unwrap_or(usize::MAX);
    let mut shown = 0;
    // The snippet is made on the searching threads, from the bytes read.
    let prepare = |_: &Summary, bytes: &[u8]| {
        serde_json::from_slice::<Reflection>(bytes)
            .ok()
            .and_then(|r| q.snippet(&r, SNIPPET))
    };
    let finished = store.search_stream(
        &q,
        &listing.summaries,
        &AtomicBool::new(false),
        prepare,
        |found| {
            let (pos, snippet) = match found {
                Found::Hit { pos, item } => (pos, item),
                Found::Problem(p) => {
                    warn(std::slice::from_ref(&p));
                    return ControlFlow::Continue(());
                }
            };
            let Some(s) = listing.summaries.get(pos) else {
                return ControlFlow::Continue(());
            };
            let line = if json {
                let hit = Hit {
                    id: &s.id,
                    pack: &s.pack,
                    pack_title: &s.pack_title,
                    started: &s.started,
                    finished: s.finished.as_deref(),
                    snippet,
                };
                serde_json::to_string(&hit).map_err(io::Error::from)
            } else {
                Ok(text_line(s, snippet.as_ref()))
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
fn text_line(s: &Summary, snippet: Option<&Snippet>) -> String {
    let date = s
        .started_at()
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let text = snippet.map_or("", |s| s.text.as_str());
    format!("{}  {}  {}  {}", s.id, date, s.pack_title, text)
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
