//! One question at a time: the prompt, its hint, progress, and the answer.
//!
//! The live [`Reflection`] is kept up to date on every keystroke, so the
//! autosave (in the app) always has the latest words to write. Drawing is
//! in `render.rs`.

mod render;

use ratatui::style::Style;
use ratatui::widgets::{Block, Padding};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::Effect;
use crate::content::{Kind, Pack, Question};
use crate::journal::reflection::now;
use crate::journal::{Entry, Reflection};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;

pub struct QuestionScreen {
    pub pack: Pack,
    pub reflection: Reflection,
    /// The id of the question on screen.
    current: String,
    /// The free-text editor (also present, unused, for structured questions).
    editor: TextArea<'static>,
    /// The highlighted row of a structured answer.
    cursor: usize,
    theme: Theme,
}

impl std::fmt::Debug for QuestionScreen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuestionScreen")
            .field("reflection", &self.reflection.id)
            .field("current", &self.current)
            .finish_non_exhaustive()
    }
}

impl QuestionScreen {
    /// Open `reflection` (new or a draft) at the question it was left on.
    pub fn new(pack: Pack, reflection: Reflection, theme: Theme) -> QuestionScreen {
        let mut s = QuestionScreen {
            current: String::new(),
            editor: TextArea::default(),
            cursor: 0,
            pack,
            reflection,
            theme,
        };
        s.reflection.reconcile(&s.pack);
        let visible = s.visible();
        let position = s.reflection.position.clone();
        let at = position
            .as_deref()
            .and_then(|p| visible.iter().position(|(q, _)| q == p))
            .unwrap_or(0);
        let caret = s.reflection.caret;
        s.go_to(at);
        // Typing resumes where it stopped, not at the end of the answer.
        if let Some([line, col]) = caret
            && position.as_deref() == Some(s.current.as_str())
        {
            let to = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
            s.editor.move_cursor(CursorMove::Jump(to(line), to(col)));
            s.reflection.caret = caret;
        }
        s
    }

    /// The questions on the path right now, as `(id, parent id)`: every
    /// top-level question, and a follow-up only when its parent's answer calls for it.
    pub fn visible(&self) -> Vec<(String, Option<String>)> {
        self.pack
            .flat()
            .into_iter()
            .filter(|(q, parent)| match parent {
                None => true,
                Some(p) => p
                    .follow_up_for(self.reflection.value_of(&p.id))
                    .is_some_and(|f| f.id == q.id),
            })
            .map(|(q, p)| (q.id.clone(), p.map(|p| p.id.clone())))
            .collect()
    }

    /// Where we are: (index among visible questions, how many are visible).
    pub fn progress(&self) -> (usize, usize) {
        let v = self.visible();
        (
            v.iter().position(|(q, _)| *q == self.current).unwrap_or(0),
            v.len(),
        )
    }

    pub fn current_id(&self) -> &str {
        &self.current
    }

    pub fn question(&self) -> Option<&Question> {
        self.pack.question(&self.current)
    }

    fn parent_id(&self) -> Option<String> {
        self.visible()
            .into_iter()
            .find(|(q, _)| *q == self.current)
            .and_then(|(_, p)| p)
    }

    pub fn is_text(&self) -> bool {
        self.question().is_none_or(|q| q.kind == Kind::Text)
    }

    pub fn context(&self) -> Context {
        if self.is_text() {
            Context::QuestionText
        } else {
            Context::QuestionChoice
        }
    }

    /// The answer being written, for the external editor.
    pub fn answer_text(&self) -> Option<String> {
        self.is_text().then(|| self.editor.lines().join("\n"))
    }

    /// Replace the answer with text edited elsewhere (the external editor).
    pub fn set_answer_text(&mut self, text: &str) -> Effect {
        if !self.is_text() {
            return Effect::None;
        }
        self.editor = make_editor(text, self.theme);
        self.sync_text()
    }

    fn go_to(&mut self, index: usize) {
        let visible = self.visible();
        let Some((id, _)) = visible.get(index).or(visible.first()) else {
            return;
        };
        self.current = id.clone();
        self.reflection.position = Some(id.clone());
        // A new question's answer opens with the cursor at its end.
        self.reflection.caret = None;
        let entry = self.reflection.entry(id);
        let text = entry
            .filter(|e| e.kind == Kind::Text)
            .map(|e| e.answer.clone())
            .unwrap_or_default();
        self.editor = make_editor(&text, self.theme);
        let value = entry.and_then(|e| e.value.clone());
        self.cursor = self
            .question()
            .and_then(|q| {
                q.values()
                    .iter()
                    .position(|v| Some(&v.value) == value.as_ref())
            })
            .unwrap_or(0);
    }

    /// Copy the editor's text into the reflection.
    fn sync_text(&mut self) -> Effect {
        let text = self.editor.lines().join("\n");
        let parent = self.parent_id();
        let Some(q) = self.pack.question(&self.current) else {
            return Effect::None;
        };
        let entry = Entry::text(q, parent.as_deref(), &text);
        let id = self.current.clone();
        self.reflection.set(&self.pack, Some(entry), &id);
        let at = self.editor.cursor();
        self.reflection.caret = Some([at.0, at.1]);
        Effect::Changed
    }

    fn choose(&mut self, index: usize) -> Effect {
        let parent = self.parent_id();
        let Some(q) = self.pack.question(&self.current) else {
            return Effect::None;
        };
        let Some(v) = q.values().get(index).cloned() else {
            return Effect::None;
        };
        let entry = Entry::structured(q, parent.as_deref(), &v.value);
        self.cursor = index;
        let id = self.current.clone();
        self.reflection.set(&self.pack, entry, &id);
        Effect::SaveNow
    }

    pub fn update(&mut self, action: Action) -> Effect {
        let (index, total) = self.progress();
        match action {
            Action::NextQuestion => {
                if index + 1 >= total {
                    self.reflection.finished = Some(now());
                    return Effect::Finish;
                }
                self.go_to(index + 1);
                Effect::SaveNow
            }
            Action::PrevQuestion => {
                if index == 0 {
                    return Effect::None;
                }
                self.go_to(index - 1);
                Effect::SaveNow
            }
            Action::Back => Effect::Leave,
            Action::Edit(key) if self.is_text() => {
                if self.editor.input(key) {
                    self.sync_text()
                } else {
                    Effect::None
                }
            }
            Action::Paste(text) if self.is_text() => {
                let text = text.replace("\r\n", "\n").replace('\r', "\n");
                if self.editor.insert_str(text) {
                    self.sync_text()
                } else {
                    Effect::None
                }
            }
            Action::Undo if self.is_text() => {
                if self.editor.undo() {
                    self.sync_text()
                } else {
                    Effect::None
                }
            }
            Action::OpenEditor if self.is_text() => Effect::OpenEditor,
            Action::Up => {
                self.cursor = self.cursor.saturating_sub(1);
                Effect::None
            }
            Action::Down => {
                let n = self.question().map_or(0, |q| q.values().len());
                self.cursor = (self.cursor + 1).min(n.saturating_sub(1));
                Effect::None
            }
            Action::Choose if !self.is_text() => self.choose(self.cursor),
            Action::ChooseKey(c) if !self.is_text() => {
                let key = c.to_string();
                match self
                    .question()
                    .and_then(|q| q.values().iter().position(|v| v.key == key))
                {
                    Some(i) => self.choose(i),
                    None => Effect::None,
                }
            }
            Action::ClearAnswer if !self.is_text() => {
                let id = self.current.clone();
                self.reflection.set(&self.pack, None, &id);
                Effect::SaveNow
            }
            _ => Effect::None,
        }
    }
}

fn make_editor(text: &str, theme: Theme) -> TextArea<'static> {
    let mut ed = TextArea::new(text.split('\n').map(str::to_string).collect());
    ed.set_wrap_mode(WrapMode::WordOrGlyph);
    ed.set_max_histories(500);
    ed.set_cursor_line_style(Style::new());
    ed.set_cursor_style(theme.cursor());
    ed.set_placeholder_text("Write freely, or press Tab to skip.");
    ed.set_placeholder_style(theme.dim());
    ed.set_block(
        Block::bordered()
            .border_style(theme.border())
            .padding(Padding::horizontal(1)),
    );
    ed.move_cursor(CursorMove::Bottom);
    ed.move_cursor(CursorMove::End);
    ed
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    pub(crate) const PACK: &str = r#"{
  "schema": 1, "id": "tiny", "title": "Tiny", "description": "A small pack.",
  "questions": [
    { "id": "learned", "prompt": "Where did I learn about sex?", "kind": "text" },
    { "id": "body", "prompt": "Am I comfortable with my body?", "kind": "yes_no",
      "follow_up": { "when": ["no", "unsure"],
        "question": { "id": "body-how", "prompt": "In what way?", "kind": "text" } } },
    { "id": "often", "prompt": "How often?", "kind": "scale" }
  ]
}"#;

    fn screen() -> QuestionScreen {
        let pack = Pack::parse("t.json", PACK).unwrap();
        let r = Reflection::new("20250101-000000-0000".into(), &pack);
        QuestionScreen::new(pack, r, Theme::plain())
    }

    fn typ(s: &mut QuestionScreen, text: &str) {
        for c in text.chars() {
            let k = if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            s.update(Action::Edit(KeyEvent::new(k, KeyModifiers::NONE)));
        }
    }

    #[test]
    fn typing_goes_into_the_reflection_with_newlines_and_unicode() {
        let mut s = screen();
        typ(&mut s, "Från skolan 🌱\n学校");
        assert_eq!(
            s.reflection.entry("learned").unwrap().answer,
            "Från skolan 🌱\n学校"
        );
        assert_eq!(s.update(Action::Undo), Effect::Changed);
    }

    #[test]
    fn tab_keeps_the_answer_and_shift_tab_brings_it_back() {
        let mut s = screen();
        typ(&mut s, "hello");
        assert_eq!(s.update(Action::NextQuestion), Effect::SaveNow);
        assert_eq!(s.current_id(), "body");
        assert_eq!(s.reflection.position.as_deref(), Some("body"));
        s.update(Action::PrevQuestion);
        assert_eq!(s.answer_text().as_deref(), Some("hello"));
    }

    #[test]
    fn follow_up_appears_for_no_and_is_hidden_but_kept_for_yes() {
        let mut s = screen();
        s.update(Action::NextQuestion);
        assert_eq!(s.progress(), (1, 3));
        assert_eq!(s.update(Action::ChooseKey('n')), Effect::SaveNow);
        assert_eq!(s.progress(), (1, 4));
        s.update(Action::NextQuestion);
        assert_eq!(s.current_id(), "body-how");
        typ(&mut s, "tired");
        s.update(Action::PrevQuestion);
        s.update(Action::ChooseKey('y'));
        assert_eq!(s.progress(), (1, 3));
        let kept = s.reflection.entry("body-how").unwrap();
        assert!(kept.hidden && kept.answer == "tired");
        s.update(Action::NextQuestion);
        assert_eq!(s.current_id(), "often");
    }

    #[test]
    fn tab_on_the_last_question_finishes() {
        let mut s = screen();
        s.update(Action::NextQuestion);
        s.update(Action::NextQuestion);
        assert!(s.reflection.finished.is_none());
        assert_eq!(s.update(Action::NextQuestion), Effect::Finish);
        assert!(s.reflection.finished.is_some());
    }

    #[test]
    fn esc_leaves_and_choices_move_with_arrows() {
        let mut s = screen();
        s.update(Action::NextQuestion);
        s.update(Action::Down);
        s.update(Action::Choose);
        assert_eq!(s.reflection.value_of("body"), Some("no"));
        s.update(Action::ClearAnswer);
        assert_eq!(s.reflection.value_of("body"), None);
        assert_eq!(s.update(Action::Back), Effect::Leave);
    }

    #[test]
    fn a_draft_resumes_on_its_question_with_its_text() {
        let mut s = screen();
        typ(&mut s, "kept");
        let r = s.reflection.clone();
        let s2 = QuestionScreen::new(s.pack.clone(), r, Theme::plain());
        assert_eq!(s2.current_id(), "learned");
        assert_eq!(s2.answer_text().as_deref(), Some("kept"));
    }

    #[test]
    fn a_draft_resumes_typing_where_the_cursor_was() {
        let mut s = screen();
        typ(&mut s, "first line");
        s.update(Action::Edit(KeyEvent::new(
            KeyCode::Enter,
            KeyModifiers::NONE,
        )));
        typ(&mut s, "second");
        for _ in 0..3 {
            s.update(Action::Edit(KeyEvent::new(
                KeyCode::Left,
                KeyModifiers::NONE,
            )));
        }
        typ(&mut s, "-");
        assert_eq!(s.reflection.caret, Some([1, 4]));
        let json = serde_json::to_string(&s.reflection).unwrap();
        let back: Reflection = serde_json::from_str(&json).unwrap();
        let mut s2 = QuestionScreen::new(s.pack.clone(), back, Theme::plain());
        typ(&mut s2, "+");
        assert_eq!(s2.answer_text().as_deref(), Some("first line\nsec-+ond"));
        // Another question opens at the end of its answer, and forgets the caret.
        s2.update(Action::NextQuestion);
        assert_eq!(s2.reflection.caret, None);
    }

    #[test]
    fn paste_normalises_line_endings() {
        let mut s = screen();
        s.update(Action::Paste("a\r\nb".into()));
        assert_eq!(s.answer_text().as_deref(), Some("a\nb"));
    }

    /// A choice with seven options, some of them long.
    pub(crate) const MANY: &str = r#"{
  "schema": 1, "id": "many", "title": "Many", "description": "Many options.",
  "questions": [
    { "id": "who", "prompt": "Who would you like to see?", "kind": "choice",
      "options": [
        { "value": "gp", "label": "My family doctor, to rule out anything physical first" },
        { "value": "sex", "label": "A sex therapist" },
        { "value": "couple", "label": "A couples therapist, together with my partner" },
        { "value": "psych", "label": "A psychologist or counsellor" },
        { "value": "gyn", "label": "A gynaecologist or urologist" },
        { "value": "group", "label": "A support group" },
        { "value": "unsure", "label": "I'm not sure yet, and that's all right" }
      ] }
  ]
}"#;

    #[test]
    fn every_number_shown_beside_a_choice_chooses_it() {
        use crate::tui::keymap::resolve;
        let pack = Pack::parse("m.json", MANY).unwrap();
        let r = Reflection::new("20250101-000000-0000".into(), &pack);
        let mut s = QuestionScreen::new(pack, r, Theme::plain());
        for (key, value) in [('6', "group"), ('7', "unsure"), ('1', "gp")] {
            let k = KeyEvent::new(KeyCode::Char(key), KeyModifiers::NONE);
            let action = resolve(Context::QuestionChoice, k).unwrap();
            s.update(action);
            assert_eq!(s.reflection.value_of("who"), Some(value), "key {key}");
        }
    }

    #[test]
    fn long_labels_wrap_under_themselves_with_the_keys_in_one_column() {
        let pack = Pack::parse("m.json", MANY).unwrap();
        let r = Reflection::new("20250101-000000-0000".into(), &pack);
        let s = QuestionScreen::new(pack, r, Theme::plain());
        use ratatui::{buffer::Buffer, layout::Rect};
        let area = Rect::new(0, 0, 56, 16);
        let mut buf = Buffer::empty(area);
        s.render(area, &mut buf);
        let rows: Vec<String> = (0..area.height)
            .map(|y| {
                (0..area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect();
        let keyed: Vec<&String> = rows.iter().filter(|r| r.contains("( )")).collect();
        assert_eq!(keyed.len(), 7, "{rows:#?}");
        assert!(
            keyed
                .iter()
                .all(|r| r.trim_end().ends_with(|c: char| c.is_ascii_digit()))
        );
        let col = |r: &str| r.trim_end().chars().count();
        assert!(keyed.iter().all(|r| col(r) == col(keyed[0])), "{rows:#?}");
        // The wrapped part of the first label starts under its first word.
        let first = rows
            .iter()
            .position(|r| r.contains("My family doctor"))
            .unwrap();
        assert!(rows[first + 1].starts_with("      "), "{rows:#?}");
        assert!(!rows[first + 1].trim().is_empty());
    }

    #[test]
    fn soft_wrapped_rows_of_an_answer_never_start_with_a_space() {
        use ratatui::{buffer::Buffer, layout::Rect};
        let mut s = screen();
        // Rows of 18 columns inside the box; the breaks fall on the spaces.
        let text = "aaaaaaaaaaaaaaaaa  bbbb aaaaaaaaaaaaaaaaaa dd aaaaaaaaaaaaaaa   eeee";
        for c in text.chars() {
            s.update(Action::Edit(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
        }
        let area = Rect::new(0, 0, 26, 16);
        let mut buf = Buffer::empty(area);
        s.render(area, &mut buf);
        let rows: Vec<String> = (6..12)
            .map(|y| (4..22).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect();
        for word in ["bbbb", "dd", "eeee"] {
            let row = rows.iter().find(|r| r.contains(word)).unwrap();
            assert!(row.starts_with(word), "{rows:#?}");
        }
        assert_eq!(
            s.answer_text().as_deref(),
            Some(text),
            "the spaces are kept"
        );
    }
}
