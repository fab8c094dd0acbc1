//! Drawing the app: the live screen, the notice and footer, and the overlays
//! (help, "If you need help now", the quick-hide view).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{App, MAX_BODY_WIDTH, MIN_HEIGHT, MIN_WIDTH, Screen, notice};
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use crate::tui::widgets::scroll::{self, Reader};
use crate::tui::widgets::text::wrap;
use crate::tui::widgets::{card, footer, popup};

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let too_small = area.width < MIN_WIDTH || area.height < MIN_HEIGHT;
        // Keys wait while the screen cannot be seen (see `App::update`).
        self.too_small.set(too_small && !self.hidden);
        if self.hidden {
            // Nothing private, nothing that names the app.
            let y = area.y + area.height / 2;
            let text = "Nothing to show.";
            let w = u16::try_from(text.len()).unwrap_or(0).min(area.width);
            Line::styled(text, theme.dim())
                .render(Rect::new(area.x + (area.width - w) / 2, y, w, 1), buf);
            return;
        }
        if too_small {
            return render_too_small(area, buf);
        }
        let notice_lines: Vec<String> = self
            .notice
            .as_ref()
            .map(|n| {
                let mut l = wrap(&n.text, usize::from(area.width.saturating_sub(2)));
                l.truncate(notice::MAX_LINES);
                l
            })
            .unwrap_or_default();
        let status_h = u16::try_from(notice_lines.len().max(1)).unwrap_or(1);
        let [body, status, foot] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(status_h),
            Constraint::Length(1),
        ])
        .areas(area);
        // Long lines are hard to read: on wide terminals the content keeps a readable width.
        let body = if body.width > MAX_BODY_WIDTH {
            Rect {
                x: body.x + (body.width - MAX_BODY_WIDTH) / 2,
                width: MAX_BODY_WIDTH,
                ..body
            }
        } else {
            body
        };
        match &self.screen {
            Screen::Welcome(s) => s.render(theme, body, buf),
            Screen::Home(s) => s.render(theme, body, buf),
            Screen::Packs(s) => s.render(theme, body, buf),
            Screen::Question(s) => s.render(body, buf),
            Screen::WrapUp(s) => s.render(theme, body, buf),
            Screen::Learn(s) => s.render(theme, body, buf),
            Screen::Journal(s) => s.render(theme, body, buf),
            Screen::Export(s, _) => s.render(theme, body, buf),
            Screen::OverTime(s, _) => s.render(theme, body, buf),
            Screen::Passphrase(s) => s.render(theme, body, buf),
        }
        let notice: Vec<Line> = notice_lines
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), theme.notice()))
            .collect();
        Paragraph::new(notice).render(status, buf);
        let offered = |a: &Action| self.offers(a);
        // Overlays first: they learn whether they scroll, which the footer says.
        if self.help {
            let ctx = self.screen_context();
            let folder = &self.journal_folder;
            let here = |a: &Action| self.screen_offers(a);
            render_help(ctx, here, folder, &self.help_scroll, theme, body, buf);
        }
        if let Some((c, scroll)) = &self.help_now {
            card::render(c, scroll, theme, body, buf);
        }
        footer::render(self.context(), offered, theme, foot, buf);
    }
}

fn render_too_small(area: Rect, buf: &mut Buffer) {
    let lines: Vec<Line> = wrap(
        &format!("Please make this window a little larger (at least {MIN_WIDTH}×{MIN_HEIGHT})."),
        usize::from(area.width.saturating_sub(2)).max(1),
    )
    .into_iter()
    .map(Line::raw)
    .collect();
    let h = u16::try_from(lines.len()).unwrap_or(1).min(area.height);
    let y = area.y + (area.height - h) / 2;
    Paragraph::new(lines)
        .centered()
        .render(Rect::new(area.x, y, area.width, h), buf);
}

/// Every key of the screen under it, then the ones that work everywhere,
/// then where the journal lives; scrolled like any reader.
fn render_help(
    ctx: Context,
    offered: impl Fn(&Action) -> bool,
    folder: &str,
    scroll: &Reader,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let (here, everywhere) = keymap::help(ctx, offered);
    let keys_w = here
        .iter()
        .chain(&everywhere)
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(4)
        + 2;
    let rect = popup::centered(area, 76, area.height);
    // Room for the border, the padding and the scrollbar.
    let text_w = usize::from(rect.width.saturating_sub(5))
        .saturating_sub(keys_w)
        .max(10);
    let mut lines = vec![Line::styled("On this screen", theme.prompt())];
    let rows = |lines: &mut Vec<Line>, list: &[(&str, &str)]| {
        for (k, h) in list {
            for (i, l) in wrap(h, text_w).into_iter().enumerate() {
                let key = if i == 0 { *k } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!("{key:<keys_w$}"), theme.key()),
                    Span::raw(l),
                ]));
            }
        }
    };
    rows(&mut lines, &here);
    lines.push(Line::raw(""));
    lines.push(Line::styled("Everywhere", theme.prompt()));
    rows(&mut lines, &everywhere);
    lines.push(Line::raw(""));
    lines.push(Line::styled("Your journal is kept in", theme.prompt()));
    let path_w = usize::from(rect.width.saturating_sub(5)).max(10);
    lines.extend(wrap(folder, path_w).into_iter().map(Line::raw));
    let h = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let rect = popup::centered(area, 76, h);
    let inner = popup::frame("Keys", theme, rect, buf);
    let len = lines.len();
    let top = scroll.fit(len, usize::from(inner.height));
    Paragraph::new(lines)
        .scroll((u16::try_from(top).unwrap_or(u16::MAX), 0))
        .render(inner, buf);
    let edge = Rect {
        x: rect.right().saturating_sub(1),
        width: 1,
        ..inner
    };
    scroll::bar(len, top, theme, edge, buf);
}
