//! The part above the list of answers: a chart for a scale, counts and a
//! timeline for yes/no and choices. Shapes and words carry the meaning, so
//! it reads the same without colour.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Widget};

use super::day;
use crate::content::Kind;
use crate::journal::history::History;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::truncate;

/// End words on the y axis are cut to this many columns.
const END_WORDS: usize = 12;

/// The longest bar of counts, in columns.
const BAR: usize = 20;

/// The lines a summary wants for `history` in `width` (0: none).
pub fn height(h: &History, room: u16) -> u16 {
    match h.answers.first().map(|a| a.kind) {
        Some(Kind::Scale) => (room / 2).clamp(5, 10),
        Some(Kind::YesNo | Kind::Choice) => {
            let n = u16::try_from(counts(h).len()).unwrap_or(u16::MAX);
            // The counts and the timeline.
            (n + 1).min(room / 2)
        }
        _ => 0,
    }
}

pub fn render(h: &History, theme: Theme, area: Rect, buf: &mut Buffer) {
    match h.answers.first().map(|a| a.kind) {
        Some(Kind::Scale) => chart(h, theme, area, buf),
        Some(Kind::YesNo | Kind::Choice) => tally(h, theme, area, buf),
        _ => {}
    }
}

/// Each scale answer at its date, oldest on the left, joined by a line; the
/// scale's end words on the y axis, the first and last dates on the x axis.
fn chart(h: &History, theme: Theme, area: Rect, buf: &mut Buffer) {
    // Oldest first, as a chart reads.
    let dated: Vec<(chrono::DateTime<chrono::FixedOffset>, u32)> = h
        .answers
        .iter()
        .rev()
        .filter_map(|a| {
            let d = chrono::DateTime::parse_from_rfc3339(&a.started).ok()?;
            Some((d, a.scale_value()?))
        })
        .collect();
    let (Some(first), Some(last)) = (dated.first(), dated.last()) else {
        return;
    };
    let points: Vec<(f64, f64)> = dated
        .iter()
        .map(|(d, v)| {
            let days = (*d - first.0).num_minutes() as f64 / (24.0 * 60.0);
            (days, f64::from(*v))
        })
        .collect();
    let span = points.last().map_or(0.0, |p| p.0).max(1.0);
    // The newest wording's scale: its range and end words.
    let scale = h.answers.iter().find_map(|a| a.scale.clone());
    let (min, max) = scale.as_ref().map_or((1, 5), |s| (s.min, s.max));
    let end = |n: u32, w: Option<&String>| match w {
        Some(w) => format!("{n} {}", truncate(&w.to_lowercase(), END_WORDS)),
        None => n.to_string(),
    };
    let low = end(min, scale.as_ref().and_then(|s| s.low.as_ref()));
    let high = end(max, scale.as_ref().and_then(|s| s.high.as_ref()));
    let line = Dataset::default()
        .marker(Marker::Braille)
        .graph_type(GraphType::Line)
        .style(theme.dim())
        .data(&points);
    let dots = Dataset::default()
        .marker(Marker::Dot)
        .graph_type(GraphType::Scatter)
        .style(theme.prompt())
        .data(&points);
    Chart::new(vec![line, dots])
        .legend_position(None)
        .x_axis(
            Axis::default()
                .style(theme.dim())
                .bounds([0.0, span])
                .labels([
                    Span::raw(day(&first.0.to_rfc3339())),
                    Span::raw(day(&last.0.to_rfc3339())),
                ]),
        )
        .y_axis(
            Axis::default()
                .style(theme.dim())
                .bounds([f64::from(min), f64::from(max)])
                .labels([Span::raw(low), Span::raw(""), Span::raw(high)]),
        )
        .render(area, buf);
}

/// How often each answer was given, in the order first seen newest first.
fn counts(h: &History) -> Vec<(&str, usize)> {
    let mut out: Vec<(&str, usize)> = Vec::new();
    for a in &h.answers {
        match out.iter_mut().find(|(l, _)| *l == a.answer) {
            Some((_, n)) => *n += 1,
            None => out.push((&a.answer, 1)),
        }
    }
    out
}

/// "yes     ■■■ 3" per answer given, then the answers oldest to newest.
fn tally(h: &History, theme: Theme, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let counts = counts(h);
    let label_w = counts
        .iter()
        .map(|(l, _)| unicode_width::UnicodeWidthStr::width(*l))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let bar_room = width.saturating_sub(label_w + 6).clamp(1, BAR);
    let mut lines: Vec<Line> = counts
        .iter()
        .map(|(label, n)| {
            let bar = (n * bar_room / most).max(1);
            Line::from(vec![
                Span::raw(crate::tui::widgets::text::pad(
                    &truncate(label, label_w),
                    label_w + 1,
                )),
                Span::styled("■".repeat(bar), theme.prompt()),
                Span::raw(format!(" {n}")),
            ])
        })
        .collect();
    // Oldest to newest; when it does not fit, the newest are kept.
    let said: Vec<&str> = h.answers.iter().map(|a| a.answer.as_str()).collect();
    let lead = "Oldest to newest: ";
    let mut shown: Vec<&str> = Vec::new();
    let mut used = lead.chars().count();
    for s in &said {
        let w = s.chars().count() + 3;
        if used + w > width {
            break;
        }
        used += w;
        shown.push(s);
    }
    shown.reverse();
    let cut = if shown.len() < said.len() { "… " } else { "" };
    lines.push(Line::styled(
        format!("{lead}{cut}{}", shown.join(" · ")),
        theme.dim(),
    ));
    Paragraph::new(lines).render(area, buf);
}
