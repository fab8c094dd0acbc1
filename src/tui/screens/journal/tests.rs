//! The Journal's update and drawing tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::content::Pack;
use crate::journal::Entry;

fn fixtures() -> (Vec<Summary>, Vec<Reflection>) {
    let pack = Pack::parse("t.json", crate::tui::screens::question::tests::PACK).unwrap();
    let mut a = Reflection::new("20250101-000000-aaaa".into(), &pack);
    let q = pack.question("learned").unwrap();
    a.set(
        &pack,
        Some(Entry::text(q, None, "From friends at school")),
        "learned",
    );
    let mut b = Reflection::new("20250202-000000-bbbb".into(), &pack);
    b.pack.title = "Other".into();
    b.finished = Some(b.started);
    let rs = vec![b, a];
    (rs.iter().map(Summary::from).collect(), rs)
}

#[test]
fn each_key_searches_inside_answers_and_what_is_found_arrives_in_batches() {
    let (sums, _) = fixtures();
    let mut j = Journal::new(sums, 0);
    assert_eq!(j.update(Action::Search), Effect::None);
    let mut last = Effect::None;
    for c in "school".chars() {
        last = j.update(Action::Type(c));
    }
    // Every key asks for a search of the query as it now is.
    assert_eq!(last, Effect::SearchAnswers("school".into()));
    assert!(j.shown.is_empty(), "no title says school");
    j.searching(7);
    assert!(j.search_running());
    assert!(draw(&j, 80, 24).contains("0 so far…"));
    // The first batch: nothing yet, but the search goes on.
    assert!(j.receive(Batch {
        search: 7,
        ..Batch::default()
    }));
    assert!(j.search_running() && j.shown.is_empty());
    assert!(draw(&j, 80, 24).contains("Looking…"));
    // The second: a match, with the words around it.
    assert!(j.receive(Batch {
        search: 7,
        hits: vec![(
            "20250101-000000-aaaa".into(),
            Some("From friends at school".into())
        )],
        done: false,
    }));
    assert_eq!(j.shown, [1]);
    let screen = draw(&j, 80, 24);
    assert!(screen.contains("1 so far…"), "{screen}");
    assert!(screen.contains("From friends at school"), "{screen}");
    // The last: nothing more, and the count is final.
    assert!(j.receive(Batch {
        search: 7,
        hits: vec![],
        done: true,
    }));
    assert!(!j.search_running());
    assert!(draw(&j, 80, 24).contains("1 reflection matches."));
    // Enter goes to the list; the match can be read.
    assert_eq!(j.update(Action::Choose), Effect::None);
    assert_eq!(j.context(), Context::Journal);
    assert_eq!(
        j.update(Action::Choose),
        Effect::Read("20250101-000000-aaaa".into())
    );
    j.update(Action::Back);
    j.update(Action::Back);
    assert!(j.query.is_empty() && j.matches.is_none());
    assert_eq!(j.shown, [0, 1]);
}

#[test]
fn a_batch_of_an_older_search_is_ignored() {
    let (sums, _) = fixtures();
    let mut j = Journal::new(sums, 0);
    j.update(Action::Search);
    j.update(Action::Type('s'));
    j.searching(1);
    // The next key: a new search (number 2) replaces the first.
    assert_eq!(
        j.update(Action::Type('c')),
        Effect::SearchAnswers("sc".into())
    );
    j.searching(2);
    let stale = Batch {
        search: 1,
        hits: vec![("20250202-000000-bbbb".into(), None)],
        done: true,
    };
    assert!(!j.receive(stale.clone()), "the app is told to stop it");
    assert!(j.shown.is_empty() && j.search_running());
    // Nor once the box is cleared.
    j.update(Action::Back);
    assert!(!j.receive(Batch { search: 2, ..stale }));
    assert_eq!(j.shown, [0, 1]);
}

#[test]
fn the_highlighted_reflection_stays_put_as_matches_arrive_above_it() {
    let mut j = Journal::new(many(50), 0);
    j.update(Action::Search);
    j.update(Action::Type('q'));
    j.update(Action::Type('z'));
    j.searching(1);
    assert!(j.shown.is_empty(), "no title says qz");
    let ids: Vec<String> = j.summaries.iter().map(|s| s.id.clone()).collect();
    let id = |i: usize| ids[i].clone();
    let later = vec![(id(30), None), (id(40), None)];
    j.receive(Batch {
        search: 1,
        hits: later,
        done: false,
    });
    j.update(Action::Choose);
    j.update(Action::Down);
    assert_eq!(j.selected_summary().unwrap().id, id(40));
    let earlier = vec![(id(2), None), (id(5), None)];
    j.receive(Batch {
        search: 1,
        hits: earlier,
        done: true,
    });
    assert_eq!(j.shown, [2, 5, 30, 40]);
    assert_eq!(j.selected_summary().unwrap().id, id(40));
}

#[test]
fn delete_asks_first() {
    let (sums, _) = fixtures();
    let mut j = Journal::new(sums, 0);
    assert_eq!(j.update(Action::Delete), Effect::None);
    assert_eq!(j.context(), Context::ConfirmDelete);
    assert_eq!(j.update(Action::Cancel), Effect::None);
    assert!(j.confirm.is_none());
    j.update(Action::Delete);
    assert_eq!(
        j.update(Action::Confirm),
        Effect::Delete("20250202-000000-bbbb".into())
    );
    j.removed("20250202-000000-bbbb");
    assert_eq!(j.summaries.len(), 1);
}

#[test]
fn a_draft_can_be_continued_from_the_read_view_but_not_a_finished_one() {
    let (sums, all) = fixtures();
    let mut j = Journal::new(sums, 0);
    j.show(all[0].clone());
    assert_eq!(j.update(Action::ContinueDraft), Effect::None);
    assert!(!j.offers(&Action::ContinueDraft), "the footer offers it");
    j.show(all[1].clone());
    assert!(j.offers(&Action::ContinueDraft));
    assert_eq!(
        j.update(Action::ContinueDraft),
        Effect::Continue("20250101-000000-aaaa".into())
    );
    j.update(Action::Back);
    assert_eq!(j.update(Action::Back), Effect::Home);
}

#[test]
fn export_opens_from_the_list_and_from_the_read_view() {
    let (sums, all) = fixtures();
    let mut j = Journal::new(sums, 0);
    assert_eq!(
        j.update(Action::OpenExport),
        Effect::OpenExport(vec!["20250202-000000-bbbb".into()])
    );
    j.show(all[1].clone());
    assert_eq!(
        j.update(Action::OpenExport),
        Effect::OpenExport(vec!["20250101-000000-aaaa".into()])
    );
    assert_eq!(
        Journal::new(vec![], 0).update(Action::OpenExport),
        Effect::None
    );
}

fn many(n: usize) -> Vec<Summary> {
    let pack = Pack::parse("t.json", crate::tui::screens::question::tests::PACK).unwrap();
    (0..n)
        .map(|i| Summary::from(&Reflection::new(format!("20250101-000000-{i:04}"), &pack)))
        .collect()
}

fn draw(j: &Journal, w: u16, h: u16) -> String {
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    j.render(Theme::plain(), buf.area, &mut buf);
    buf.content().iter().map(|c| c.symbol()).collect()
}

#[test]
fn the_list_pages_by_its_height_and_jumps_to_the_ends() {
    let mut j = Journal::new(many(300), 0);
    draw(&j, 60, 18);
    j.update(Action::PageDown);
    let page = j.list.selected;
    assert!(page > 5, "a page moved {page} rows");
    j.update(Action::PageDown);
    assert_eq!(j.list.selected, 2 * page);
    j.update(Action::Bottom);
    assert_eq!(j.list.selected, 299);
    assert!(draw(&j, 60, 18).contains("300 of 300"));
    j.update(Action::Top);
    assert_eq!(j.list.selected, 0);
    assert!(draw(&j, 60, 18).contains("1 of 300"));
}

#[test]
fn an_empty_journal_offers_nothing_to_read_export_or_delete() {
    let j = Journal::new(vec![], 0);
    for a in [Action::Choose, Action::OpenExport, Action::Delete] {
        assert!(!j.offers(&a), "{a:?}");
    }
    assert!(j.offers(&Action::Search));
}

#[test]
fn a_megabytes_long_answer_is_wrapped_once_and_scrolls_at_once() {
    let pack = Pack::parse("t.json", crate::tui::screens::question::tests::PACK).unwrap();
    let mut r = Reflection::new("20250101-000000-aaaa".into(), &pack);
    let q = pack.question("learned").unwrap();
    let big = "words that go on and on, 学校 🌱 ".repeat(4 * 1024 * 1024 / 40);
    r.set(&pack, Some(Entry::text(q, None, &big)), "learned");
    let mut j = Journal::new(many(1), 0);
    j.show(r);
    draw(&j, 80, 22);
    let start = std::time::Instant::now();
    for a in [
        Action::PageDown,
        Action::Bottom,
        Action::PageUp,
        Action::Top,
        Action::Down,
    ] {
        j.update(a);
        draw(&j, 80, 22);
    }
    // Each used to wrap every megabyte again (about half a second
    // each in a release build, far more in a test build).
    assert!(
        start.elapsed() < std::time::Duration::from_millis(500),
        "{:?}",
        start.elapsed()
    );
    j.update(Action::Bottom);
    let end = draw(&j, 80, 22);
    assert!(end.contains(" of "), "a position is shown");
}

#[test]
fn space_ticks_reflections_and_e_exports_the_ticked_ones_together() {
    let (sums, _) = fixtures();
    let mut j = Journal::new(sums, 0);
    assert!(j.ticked.is_empty(), "nothing is ticked to begin with");
    j.update(Action::Tick);
    j.update(Action::Down);
    j.update(Action::Tick);
    assert_eq!(
        j.update(Action::OpenExport),
        Effect::OpenExport(vec![
            "20250202-000000-bbbb".into(),
            "20250101-000000-aaaa".into()
        ])
    );
    // Space again unticks; with nothing ticked, e is the highlighted one.
    j.update(Action::Tick);
    j.update(Action::Up);
    j.update(Action::Tick);
    assert!(j.ticked.is_empty());
    assert_eq!(
        j.update(Action::OpenExport),
        Effect::OpenExport(vec!["20250202-000000-bbbb".into()])
    );
    // A search that hides the ticked one still lets e export it.
    j.update(Action::Tick);
    j.update(Action::Search);
    j.update(Action::Type('z'));
    assert!(j.shown.is_empty());
    j.update(Action::Choose);
    assert!(j.offers(&Action::OpenExport));
    assert!(!j.offers(&Action::Tick));
    // A deleted reflection is no longer ticked.
    j.removed("20250202-000000-bbbb");
    assert!(j.ticked.is_empty());
    assert!(!Journal::new(vec![], 0).offers(&Action::Tick));
}

#[test]
fn typing_a_client_name_shows_the_reflections_they_sent() {
    let (mut sums, _) = fixtures();
    sums[0].source = Some("J.D.".into());
    let mut j = Journal::new(sums, 0);
    j.update(Action::Search);
    for c in "j.d".chars() {
        j.update(Action::Type(c));
    }
    assert_eq!(j.shown, [0]);
    let mut buf = Buffer::empty(Rect::new(0, 0, 80, 24));
    j.render(Theme::plain(), buf.area, &mut buf);
    let shown: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert!(shown.contains("Other · from J.D."), "{shown}");
}

#[test]
fn hits_count_only_for_the_query_they_were_made_for() {
    let (sums, _) = fixtures();
    let many: Vec<Summary> = (0..2_000)
        .map(|i| Summary {
            id: format!("20250101-000000-{i:05}"),
            ..sums[0].clone()
        })
        .collect();
    let ids: Vec<String> = many.iter().map(|s| s.id.clone()).collect();
    let mut j = Journal::new(many, 0);
    j.query = "PrEssure".into();
    j.set_matches("pressure".into(), ids);
    assert_eq!(j.shown.len(), 2_000);
    // Hits made for another query do not count.
    j.set_matches("other".into(), vec![j.summaries[0].id.clone()]);
    assert!(j.shown.is_empty());
}

#[test]
fn title_matches_stay_right_as_hits_stream_in_and_rows_are_deleted() {
    let (sums, _) = fixtures();
    let mut j = Journal::new(sums, 0);
    j.update(Action::Search);
    for c in "oth".chars() {
        j.update(Action::Type(c));
    }
    // "Other" is a title: shown before any hit arrives.
    assert_eq!(j.shown, [0]);
    j.searching(3);
    j.receive(Batch {
        search: 3,
        hits: vec![("20250101-000000-aaaa".into(), None)],
        done: false,
    });
    assert_eq!(j.shown, [0, 1]);
    assert_eq!(j.hit_rows, 1);
    // The titled one is deleted: the hit is now the first row.
    j.removed("20250202-000000-bbbb");
    assert_eq!(j.shown, [0]);
    assert_eq!(j.summaries[0].id, "20250101-000000-aaaa");
    j.update(Action::Search);
    j.update(Action::Type('z'));
    assert!(j.shown.is_empty(), "a new query is matched afresh");
}

#[test]
fn o_in_the_reader_sees_the_question_at_the_top_of_the_view_over_time() {
    let pack = Pack::parse("t.json", crate::tui::screens::question::tests::PACK).unwrap();
    let mut r = Reflection::new("20250101-000000-aaaa".into(), &pack);
    let learned = pack.question("learned").unwrap();
    let long = "a line of words that goes on\n".repeat(30);
    r.set(&pack, Some(Entry::text(learned, None, &long)), "learned");
    let body = pack.question("body").unwrap();
    r.set(&pack, Entry::structured(body, None, "yes"), "body");
    assert_eq!(r.answered().count(), 2);
    let mut j = Journal::new(vec![Summary::from(&r)], 0);
    j.show(r);
    assert!(j.offers(&Action::OverTime));
    let want = |q: &str| Effect::OpenOverTimeAt {
        pack: "tiny".into(),
        question: q.into(),
    };
    // Before it is drawn: the first answer.
    assert_eq!(j.update(Action::OverTime), want("learned"));
    let draw = |j: &Journal| {
        let mut buf = Buffer::empty(Rect::new(0, 0, 60, 20));
        j.render(Theme::plain(), buf.area, &mut buf);
    };
    draw(&j);
    assert_eq!(j.update(Action::OverTime), want("learned"));
    // Scrolled to the end, the yes/no question is the one in view.
    j.update(Action::Bottom);
    draw(&j);
    assert_eq!(j.update(Action::OverTime), want("body"));
}
