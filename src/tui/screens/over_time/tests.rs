use super::*;
use crate::journal::history::ScaleRange;

fn row(q: &str, n: usize) -> PickRow {
    PickRow {
        pack: "ask-yourself".into(),
        pack_title: "Ask yourself".into(),
        question: q.into(),
        prompt: format!("Question {q}?"),
        answers: n,
    }
}

fn answer(id: &str, value: &str) -> Answer {
    Answer {
        id: id.into(),
        pack: "ask-yourself".into(),
        pack_title: "Ask yourself".into(),
        started: "2026-10-12T09:00:00+00:00".into(),
        finished: None,
        question: "satisfied".into(),
        prompt: "How satisfied am I?".into(),
        kind: Kind::Scale,
        value: Some(value.into()),
        answer: value.into(),
        scale: Some(ScaleRange {
            min: 1,
            max: 5,
            low: None,
            high: None,
        }),
    }
}

fn history(n: usize) -> History {
    History {
        question: "satisfied".into(),
        pack: Some("ask-yourself".into()),
        answers: (0..n).map(|i| answer(&format!("r{i}"), "3")).collect(),
        problems: Vec::new(),
    }
}

#[test]
fn enter_on_a_question_asks_for_its_answers_and_esc_leaves_for_the_journal() {
    let mut o = OverTime::new(vec![row("a", 3), row("b", 2)]);
    assert_eq!(o.context(), Context::OverTimePick);
    o.update(Action::Down);
    assert_eq!(
        o.update(Action::Choose),
        Effect::History {
            pack: "ask-yourself".into(),
            question: "b".into()
        }
    );
    assert_eq!(o.update(Action::Back), Effect::LeaveOverTime);
}

#[test]
fn with_nothing_answered_twice_enter_does_nothing_and_is_not_offered() {
    let mut o = OverTime::new(vec![]);
    assert!(!o.offers(&Action::Choose));
    assert_eq!(o.update(Action::Choose), Effect::None);
    assert_eq!(o.update(Action::Back), Effect::LeaveOverTime);
}

#[test]
fn in_the_answers_enter_reads_the_highlighted_one_and_esc_goes_back_to_the_picker() {
    let mut o = OverTime::new(vec![row("satisfied", 3)]);
    o.show(history(3));
    assert_eq!(o.context(), Context::OverTime);
    o.update(Action::Bottom);
    o.update(Action::Down);
    assert_eq!(o.answers.selected, 2, "stops at the last answer");
    assert_eq!(o.update(Action::Choose), Effect::Read("r2".into()));
    o.update(Action::Top);
    assert_eq!(o.update(Action::Choose), Effect::Read("r0".into()));
    assert_eq!(o.update(Action::Back), Effect::None);
    assert_eq!(o.context(), Context::OverTimePick);
    assert!(o.history.is_none());
}

#[test]
fn a_new_question_starts_at_its_newest_answer() {
    let mut o = OverTime::new(vec![row("satisfied", 3)]);
    o.show(history(3));
    o.update(Action::Bottom);
    o.update(Action::Back);
    o.show(history(3));
    assert_eq!(o.answers.selected, 0);
}

#[test]
fn reading_scrolls_in_the_reader_and_esc_comes_back_to_the_same_answer() {
    let pack = crate::content::Pack::parse("t.json", super::super::question::tests::PACK)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut o = OverTime::new(vec![row("satisfied", 3)]);
    o.show(history(3));
    o.update(Action::Down);
    o.read(Reflection::new("r1".into(), &pack));
    assert_eq!(o.context(), Context::OverTimeRead);
    // Nothing in the reader deletes or exports from here; a draft can be continued.
    for a in [Action::Delete, Action::OpenExport, Action::Choose] {
        assert_eq!(o.update(a), Effect::None);
    }
    assert!(o.offers(&Action::ContinueDraft));
    assert_eq!(
        o.update(Action::ContinueDraft),
        Effect::Continue("r1".into())
    );
    assert_eq!(o.update(Action::PageDown), Effect::None);
    assert_eq!(o.update(Action::Back), Effect::None);
    assert_eq!(o.context(), Context::OverTime);
    assert_eq!(o.answers.selected, 1);
}

#[test]
fn an_answer_reads_as_a_number_of_its_scale_or_as_its_label() {
    assert_eq!(said(Kind::Scale, Some("2"), Some(5), "2"), "2 of 5");
    assert_eq!(said(Kind::YesNo, Some("no"), None, "No"), "No");
    assert_eq!(day("2026-10-12T09:00:00+02:00"), "12 Oct 2026");
}
