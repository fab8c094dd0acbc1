//! A printable page: one self-contained HTML file with its styles inline, no
//! scripts and nothing fetched from anywhere (a Content-Security-Policy says
//! so to the browser too). It prints on A4 or Letter, whichever the printer
//! has: the page margins fit both and no paper size is forced.
//!
//! Everything that comes from the person or a pack is escaped.

use std::fmt::Write as _;

use super::{Meta, Selection, chosen, date, follows_on_from};
use crate::journal::Reflection;

const STYLE: &str = r#"
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1b1b1b;
  font: 16px/1.55 Georgia, "Times New Roman", serif; }
main { max-width: 42rem; margin: 2.5rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .6rem; }
h2 { font-size: 1.08rem; margin: 0 0 .35rem; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem;
  margin: 0 0 1.6rem; color: #3d3d3d; }
.meta dt { font-weight: bold; }
.meta dd { margin: 0; }
.answer { margin: 0 0 1.2rem; padding: 0 0 1rem; border-bottom: 1px solid #d8d8d8; }
.follows { margin: 0 0 .35rem; color: #555; font-style: italic; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
article + article { margin-top: 3rem; }
.topics ul { margin: 0; padding-left: 1.3rem; }
@page { margin: 18mm 16mm; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; margin: 0; padding: 0; }
  .answer { break-inside: avoid; border-color: #aaa; }
  h1, h2 { break-after: avoid; }
  article + article { break-before: page; margin-top: 0; }
}
"#;

/// `&`, `<`, `>`, `"` and `'` as entities: text and attribute values alike.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn document(
    out: &mut String,
    items: &[(&Reflection, &Selection)],
    topics: &[String],
    meta: &Meta,
) {
    let title = if items.len() > 1 {
        "My reflections"
    } else {
        "My reflection"
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
    );
    for (r, sel) in items {
        reflection(out, r, sel, meta);
    }
    if !topics.is_empty() {
        out.push_str(
            "<section class=\"topics\">\n<h2>Topics I&#39;d like to talk about</h2>\n<ul>\n",
        );
        for t in topics {
            let _ = writeln!(out, "<li>{}</li>", escape(t));
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
}

fn reflection(out: &mut String, r: &Reflection, sel: &Selection, meta: &Meta) {
    let _ = write!(
        out,
        "<article>\n<h1>My reflection</h1>\n<dl class=\"meta\">\n\
         <dt>Pack</dt><dd class=\"pack\">{}</dd>\n<dt>Date</dt><dd class=\"date\">{}</dd>\n",
        escape(&r.pack.title),
        escape(&date(r))
    );
    if let Some(name) = meta.name() {
        let _ = writeln!(out, "<dt>From</dt><dd class=\"name\">{}</dd>", escape(name));
    }
    out.push_str("</dl>\n");
    for e in chosen(r, sel) {
        let _ = writeln!(
            out,
            "<section class=\"answer\">\n<h2>{}</h2>",
            escape(&e.prompt)
        );
        if let Some(parent) = follows_on_from(r, e) {
            let _ = writeln!(
                out,
                "<p class=\"follows\">Follows on from: {}</p>",
                escape(parent)
            );
        }
        let _ = writeln!(
            out,
            "<div class=\"text\">{}</div>\n</section>",
            escape(e.readable().trim())
        );
    }
    out.push_str("</article>\n");
}
