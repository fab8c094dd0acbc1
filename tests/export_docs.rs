//! The documents themselves, read back the way a therapist's software reads
//! them: Markdown through a CommonMark parser, HTML through an HTML5 parser.
//! Whatever the person typed comes back exactly, and nothing they typed
//! turns into formatting, links or markup.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use reflect::content::Pack;
use reflect::export::{self, Format, Meta, Selection, markdown};
use reflect::journal::{Entry, Reflection};

fn pack(prompt: &str) -> Pack {
    let text = serde_json::json!({
        "schema": 1, "id": "p", "title": "A pack", "description": "d",
        "questions": [
            { "id": "a", "prompt": prompt, "kind": "text" },
            { "id": "s", "prompt": "How comfortable?", "kind": "scale",
              "scale": { "low": "Very uncomfortable", "high": "Very comfortable" } },
            { "id": "hidden", "prompt": "Left out?", "kind": "text" }
        ]
    })
    .to_string();
    Pack::parse("p.json", &text).unwrap()
}

fn reflection(prompt: &str, answer: &str) -> Reflection {
    let p = pack(prompt);
    let mut r = Reflection::new("20260101-000000-abcd".into(), &p);
    r.set(&p, Some(Entry::text(&p.questions[0], None, answer)), "a");
    let s = Entry::structured(&p.questions[1], None, "2").unwrap();
    r.set(&p, Some(s), "s");
    r.set(
        &p,
        Some(Entry::text(&p.questions[2], None, "secret")),
        "hidden",
    );
    r
}

fn only(ids: &[&str], topics: &[&str]) -> Selection {
    Selection {
        only: Some(ids.iter().map(|s| s.to_string()).collect()),
        topics: topics.iter().map(|s| s.to_string()).collect(),
    }
}

/// Each h2 heading's text and the text of the blocks under it; anything that
/// is not plain text (emphasis, links, code, HTML, lists, quotes) is listed too.
fn sections(md: &str) -> (Vec<(String, String)>, Vec<String>) {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut odd = Vec::new();
    let mut in_h2 = false;
    let mut in_emphasis = 0;
    for ev in Parser::new(md) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                in_h2 = level == HeadingLevel::H2;
                if in_h2 {
                    out.push((String::new(), String::new()));
                }
            }
            Event::End(TagEnd::Heading(_)) => in_h2 = false,
            Event::Start(Tag::Emphasis) => in_emphasis += 1,
            Event::End(TagEnd::Emphasis) => in_emphasis -= 1,
            Event::Start(Tag::Strong | Tag::Item | Tag::List(_))
            | Event::End(TagEnd::Strong | TagEnd::Item | TagEnd::List(_)) => {}
            Event::Text(t) => {
                if let Some(last) = out.last_mut() {
                    if in_h2 {
                        last.0.push_str(&t);
                    } else if in_emphasis == 0 {
                        last.1.push_str(&t);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(last) = out.last_mut() {
                    last.1.push('\n');
                }
            }
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => {
                if let Some(last) = out.last_mut() {
                    last.1.push_str("\n\n");
                }
            }
            other => odd.push(format!("{other:?}")),
        }
    }
    for s in &mut out {
        s.1 = s.1.trim().to_string();
    }
    (out, odd)
}

/// Text with every character Markdown treats specially, in every position.
fn texty() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("1. ".to_string()),
        Just("2) ".to_string()),
        Just("- ".to_string()),
        Just("+ ".to_string()),
        Just("# ".to_string()),
        Just("> ".to_string()),
        Just("---".to_string()),
        Just("===".to_string()),
        Just("```".to_string()),
        Just("~~~".to_string()),
        Just("    ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("<b>".to_string()),
        Just("<http://x.y>".to_string()),
        Just("&amp;".to_string()),
        Just("&#35;".to_string()),
        Just("[a](b)".to_string()),
        Just("![i](j)".to_string()),
        Just("[x]: /url".to_string()),
        Just("\\".to_string()),
        Just("a_b".to_string()),
        Just("*".to_string()),
        Just("_".to_string()),
        Just("`".to_string()),
        Just("|".to_string()),
        Just("\t".to_string()),
        "[a-z0-9 .,!?()'\"#*_`~<>&\\[\\]\\\\|=+-]{0,6}",
        "\\PC{0,4}",
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn markdown_gives_back_exactly_what_was_written(answer in texty(), prompt in texty()) {
        prop_assume!(!answer.trim().is_empty() && !prompt.trim().is_empty());
        let r = reflection(&prompt, &answer);
        let md = export::markdown(&r, &only(&["a"], &[]));
        let (secs, odd) = sections(&md);
        prop_assert!(odd.is_empty(), "formatting appeared: {odd:?}\n{md}");
        prop_assert_eq!(secs.len(), 1, "{}", md);
        let one_line = prompt.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(&secs[0].0, &one_line, "{}", md);
        prop_assert_eq!(&secs[0].1, &markdown::normalise(&answer), "{}", md);
    }

    #[test]
    fn html_gives_back_exactly_what_was_written(answer in texty(), name in texty()) {
        prop_assume!(!answer.trim().is_empty());
        let r = reflection("Q?", &answer);
        let meta = Meta { name: Some(name.clone()) };
        let doc = export::render_many(&[r], &only(&["a"], &[&answer]), Format::Html, &meta);
        let html = scraper::Html::parse_document(&doc);
        let sel = |s: &str| scraper::Selector::parse(s).unwrap();
        let texts: Vec<String> = html.select(&sel(".text")).map(|e| e.text().collect()).collect();
        prop_assert_eq!(texts, vec![answer.trim().replace("\r\n", "\n").replace('\r', "\n")]);
        let names: Vec<String> = html.select(&sel(".name")).map(|e| e.text().collect()).collect();
        if name.trim().is_empty() {
            prop_assert!(names.is_empty());
        } else {
            prop_assert_eq!(names, vec![name.trim().replace("\r\n", "\n").replace('\r', "\n")]);
        }
        prop_assert_eq!(html.select(&sel("script, img, link, iframe, a, b, object")).count(), 0);
        let topics: Vec<String> = html.select(&sel(".topics li")).map(|e| e.text().collect()).collect();
        prop_assert_eq!(topics, vec![answer.replace("\r\n", "\n").replace('\r', "\n")]);
    }
}

#[test]
fn the_html_page_is_self_contained_and_prints() {
    let r = reflection(
        "What do you hope for?",
        "To feel <script>alert(1)</script> less alone",
    );
    let meta = Meta {
        name: Some("J. D.".into()),
    };
    let doc = export::render_many(
        &[r],
        &only(&["a", "s"], &["Feeling at home in your body"]),
        Format::Html,
        &meta,
    );
    assert!(doc.ends_with("</html>\n"));
    let html = scraper::Html::parse_document(&doc);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let one = |s: &str| -> String { html.select(&sel(s)).next().unwrap().text().collect() };
    assert_eq!(one("h1"), "My reflection");
    assert_eq!(one(".pack"), "A pack");
    assert_eq!(one(".name"), "J. D.");
    assert!(!one(".date").is_empty());
    let h2: Vec<String> = html
        .select(&sel("h2"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(
        h2,
        [
            "What do you hope for?",
            "How comfortable?",
            "Topics I'd like to talk about"
        ]
    );
    let answers: Vec<String> = html
        .select(&sel(".text"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(answers[0], "To feel <script>alert(1)</script> less alone");
    assert_eq!(
        answers[1],
        "2 of 5 (1 Very uncomfortable … 5 Very comfortable)"
    );
    assert_eq!(one(".topics li"), "Feeling at home in your body");
    // Nothing runs and nothing is fetched: no scripts, no URLs, a strict policy.
    assert_eq!(
        html.select(&sel("script, link, img, iframe, object, embed"))
            .count(),
        0
    );
    assert!(
        !doc.contains("http:") && !doc.contains("https:") && !doc.contains("url("),
        "{doc}"
    );
    let csp = html
        .select(&sel("meta[http-equiv=Content-Security-Policy]"))
        .next()
        .unwrap();
    assert!(
        csp.value()
            .attr("content")
            .unwrap()
            .starts_with("default-src 'none'")
    );
    let style = one("style");
    assert!(
        style.contains("@media print") && style.contains("@page"),
        "{style}"
    );
    assert!(
        !doc.contains("secret") && !doc.contains("Left out"),
        "unchosen stays out"
    );
}

#[test]
fn markdown_leaves_ordinary_punctuation_alone() {
    let r = reflection("Q", "1. first\n- one\nand_under_scores, C++ and a - b");
    let md = export::markdown(&r, &only(&["a"], &[]));
    assert!(
        md.contains("\n\n1\\. first  \n\\- one  \nand_under_scores, C++ and a - b\n"),
        "{md}"
    );
}

#[test]
fn a_scale_and_a_choice_read_as_words_and_old_ones_as_they_were() {
    let r = reflection("Q", "x");
    let e = r.entry("s").unwrap();
    assert_eq!(
        e.readable(),
        "2 of 5 (1 Very uncomfortable … 5 Very comfortable)"
    );
    let mut old = e.clone();
    old.scale = None;
    assert_eq!(old.readable(), "2");
}

#[test]
fn several_reflections_each_with_its_own_ticks_make_one_document() {
    let mut first = reflection("What do you hope for?", "Closeness");
    first.id = "20260101-000000-aaaa".into();
    let mut second = reflection("What do you hope for?", "Courage");
    second.id = "20260102-000000-bbbb".into();
    let items = vec![
        (first, only(&["a"], &["Talking with a partner"])),
        (
            second,
            only(&["s"], &["Talking with a partner", "Body image"]),
        ),
    ];
    let meta = Meta::default();
    let md = export::render_picked(&items, Format::Markdown, &meta);
    assert!(md.contains("Closeness") && !md.contains("Courage"), "{md}");
    assert_eq!(md.matches("2 of 5").count(), 1, "{md}");
    assert_eq!(md.matches("- Talking with a partner\n").count(), 1, "{md}");
    assert!(md.contains("- Body image\n"), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&export::render_picked(&items, Format::Json, &meta)).unwrap();
    let rs = json["reflections"].as_array().unwrap();
    assert_eq!(rs[0]["answers"].as_array().unwrap().len(), 1);
    assert_eq!(rs[0]["answers"][0]["question"], "a");
    assert_eq!(rs[1]["answers"][0]["question"], "s");
    assert_eq!(json["topics"].as_array().unwrap().len(), 2);
    let html = export::render_picked(&items, Format::Html, &meta);
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("article").unwrap();
    assert_eq!(doc.select(&sel).count(), 2);
    assert!(!html.contains("Courage") && !html.contains("secret"));
}
