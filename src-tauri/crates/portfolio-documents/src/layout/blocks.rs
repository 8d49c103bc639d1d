//! The rows of the blocks other than text: the cover, the contents, label–value
//! fields, tables (header rows kept for repeating), photo grids with
//! captions, the bar chart and signature lines.

use super::model::{plain, Bar, Block, Column, ParaStyle, Photo, Rich, Run, ACCENT, INK, MUTED, PANEL, RULE, TICK_BOX};
use super::page::{fit_photo, Draw, Placement};
use super::rows::{collect_missing, text_draws, to_sans, Builder, Row};
use super::tags::{Elem, Role};
use super::wrap::{shorten, wrap, wrap_text};
use crate::fonts::{self, Face};

/// The unprintable edge of the paper kept clear on the cover: 10 mm.
pub(super) const COVER_SAFE: f32 = 28.35;

impl Builder<'_> {
    pub(super) fn cover(&mut self, kind: &str, title: &str, lines: &[String], photo: Option<&Photo>) {
        let g = self.g;
        let x = g.side;
        let w = g.text_width();
        let mut d = Vec::new();
        // Nothing within 10 mm of the paper's edge (office printers leave it
        // blank): the band spans the text column, below the top margin line.
        let mut y = g.height * 0.28 - g.top;
        d.push(Draw::Rect { x, y: COVER_SAFE - g.top + 6.0, w, h: 8.0, fill: Some(ACCENT), stroke: None });
        // "LEARNING PLAN", then the learner's name as the cover's heading.
        let kind_p = self.elem(Role::P, None);
        d.push(Draw::Tag(Some(kind_p)));
        d.push(Draw::Text { x, y, face: Face::SansBold, size: 12.0, color: ACCENT, text: kind.to_uppercase() });
        y += 12.0;
        let heading = self.elem(Role::H1, None);
        d.push(Draw::Tag(Some(heading)));
        let title_runs = plain(title, Face::SansBold);
        collect_missing(&title_runs, &mut self.missing);
        let tl = wrap(&title_runs, 30.0, w);
        text_draws(&tl, x, y, 30.0, 36.0, INK, &mut d);
        y += tl.len() as f32 * 36.0 + 8.0;
        d.push(Draw::Tag(None));
        d.push(Draw::Line { x1: x, y1: y, x2: x + 80.0, y2: y, width: 2.0, color: ACCENT });
        y += 14.0;
        for l in lines {
            let runs = plain(l.clone(), Face::Serif);
            collect_missing(&runs, &mut self.missing);
            let ls = wrap(&runs, 12.5, w);
            let p = self.elem(Role::P, None);
            d.push(Draw::Tag(Some(p)));
            text_draws(&ls, x, y, 12.5, 18.0, MUTED, &mut d);
            y += ls.len() as f32 * 18.0;
        }
        if let Some(p) = photo {
            y += 24.0;
            let max_h = g.height - g.bottom - g.top - y - 20.0;
            if max_h > 72.0 {
                let (pw, ph) = fit_photo(p, w * 0.6, max_h);
                let idx = self.photos.len();
                self.photos.push(Placement { photo: p.clone(), w: pw, h: ph });
                let fig = self.figure(&p.alt);
                d.push(Draw::Tag(Some(fig)));
                d.push(Draw::Image { x, y, w: pw, h: ph, photo: idx });
            }
        }
        let body = g.height - g.top - g.bottom;
        self.rows.push(Row { h: body, draws: d, cover: true, ..Default::default() });
        self.rows.push(Row { page_break: true, ..Default::default() });
    }

    pub(super) fn toc_rows(&mut self, at: usize) {
        // The contents list the headings that come after it.
        let entries: Vec<(u8, String)> = self.blocks[at..]
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, text, toc: true } => Some((*level, text.clone())),
                _ => None,
            })
            .collect();
        self.heading(1, "Contents", false);
        let toc = self.elem(Role::TOC, None);
        let base = self.toc.len();
        let w = self.g.text_width();
        for (i, (level, text)) in entries.iter().enumerate() {
            let indent = if *level > 1 { 16.0 } else { 0.0 };
            let face = if *level == 1 { Face::SansBold } else { Face::Sans };
            let size = if *level == 1 { 10.5 } else { 10.0 };
            let t = shorten(text, face, size, w - indent - 40.0);
            let leading = if *level == 1 { 20.0 } else { 16.0 };
            let base_y = leading - 5.0;
            // An entry is a link (the annotation too) inside its contents item.
            let item = self.elem(Role::TOCI, Some(toc));
            let link = self.elem(Role::Link, Some(item));
            let mut draws = vec![
                Draw::Tag(Some(link)),
                Draw::Text { x: self.x0() + indent, y: base_y, face, size, color: INK, text: t.clone() },
            ];
            let tw = fonts::width(face, size, &t);
            draws.push(Draw::Tag(None));
            draws.push(Draw::Line {
                x1: self.x0() + indent + tw + 6.0,
                y1: base_y,
                x2: self.x0() + w - 26.0,
                y2: base_y,
                width: 0.4,
                color: RULE,
            });
            draws.push(Draw::Tag(Some(link)));
            draws.push(Draw::PageNumberOf { x: self.x0() + w, y: base_y, heading: base + i });
            draws.push(Draw::LinkToHeading { x: self.x0(), y: 0.0, w, h: leading, heading: base + i });
            self.rows.push(Row { h: leading, draws, ..Default::default() });
        }
        self.rows.push(Row { page_break: true, ..Default::default() });
    }

    pub(super) fn fields(&mut self, fields: &[(String, Rich)]) {
        let label_w = (self.g.text_width() * 0.28).min(150.0);
        let (size, leading, _) = ParaStyle::Body.size();
        // Label–value pairs are a table whose rows are headed by their labels.
        let table = self.elem(Role::Table, None);
        for (fi, (label, value)) in fields.iter().enumerate() {
            let tr = self.elem(Role::TR, Some(table));
            let th = self.elem(Role::TH, Some(tr));
            self.elems[th].scope = Some("Row");
            let td = self.elem(Role::TD, Some(tr));
            collect_missing(value, &mut self.missing);
            let lab = wrap(&plain(label.clone(), Face::SansBold), 8.5, label_w - 8.0);
            let lang = self.language(value, td);
            let lines = wrap_text(value, size, self.g.text_width() - label_w, Some(lang));
            let n = lines.len().max(1);
            for (i, line) in lines.iter().enumerate() {
                let mut draws = Vec::new();
                if i == 0 {
                    draws.push(Draw::Tag(Some(th)));
                    text_draws(&lab, self.x0(), 1.5, 8.5, 12.0, MUTED, &mut draws);
                }
                draws.push(Draw::Tag(Some(td)));
                text_draws(std::slice::from_ref(line), self.x0() + label_w, 0.0, size, leading, INK, &mut draws);
                let h = if i + 1 == n { leading.max(lab.len() as f32 * 12.0 + 2.0) } else { leading };
                let keep = if n > 1 && (i == 0 || i + 2 == n) { 1 } else { 0 };
                let space_before = if i == 0 {
                    if fi == 0 {
                        6.0
                    } else {
                        4.0
                    }
                } else {
                    0.0
                };
                self.rows.push(Row { h, space_before, draws, keep, ..Default::default() });
            }
        }
    }

    pub(super) fn table(&mut self, columns: &[Column], rows: &[Vec<Rich>]) {
        let w = self.g.text_width();
        let total: f32 = columns.iter().map(|c| c.share.max(0.01)).sum();
        let widths: Vec<f32> = columns.iter().map(|c| c.share.max(0.01) / total * w).collect();
        let (size, leading, pad) = (8.8, 12.0, 4.0);
        let table = self.elem(Role::Table, None);
        // A row's element and its cells' (header cells head their column).
        let tag_row = |elems: &mut Vec<Elem>, header: bool| -> Vec<usize> {
            elems.push(Elem::new(Role::TR, Some(table)));
            let tr = elems.len() - 1;
            (0..columns.len())
                .map(|_| {
                    let mut cell = Elem::new(if header { Role::TH } else { Role::TD }, Some(tr));
                    cell.scope = header.then_some("Column");
                    elems.push(cell);
                    elems.len() - 1
                })
                .collect()
        };
        let cell_rows =
            |cells: Vec<Rich>, tags: Vec<usize>, header: bool, missing: &mut std::collections::BTreeSet<char>| -> Row {
                let mut draws = Vec::new();
                let mut x = self.g.side;
                let mut h: f32 = 0.0;
                let mut texts = Vec::new();
                let mut ticks = Vec::new();
                for (i, cell) in cells.iter().enumerate() {
                    let cw = widths.get(i).copied().unwrap_or(40.0);
                    let tag = tags.get(i).copied();
                    if !header && cell.len() == 1 && cell[0].text == TICK_BOX {
                        // An empty box to tick, on the cell's left; room for a pen mark.
                        ticks.push((x, tag));
                        h = h.max(2.0 * leading);
                        x += cw;
                        continue;
                    }
                    collect_missing(cell, missing);
                    let lines = wrap(cell, size, cw - 2.0 * pad);
                    h = h.max(lines.len() as f32 * leading);
                    texts.push((x, lines, tag));
                    x += cw;
                }
                let h = h + 2.0 * pad;
                if header {
                    draws.push(Draw::Rect { x: self.g.side, y: 0.0, w, h, fill: Some(PANEL), stroke: None });
                }
                for (x, lines, tag) in texts {
                    draws.push(Draw::Tag(tag));
                    text_draws(&lines, x + pad, pad, size, leading, if header { ACCENT } else { INK }, &mut draws);
                }
                for (x, tag) in ticks {
                    draws.push(Draw::Tag(tag));
                    let side = 11.0;
                    draws.push(Draw::Rect {
                        x: x + pad,
                        y: (h - side) / 2.0,
                        w: side,
                        h: side,
                        fill: None,
                        stroke: Some((INK, 0.7)),
                    });
                }
                draws.push(Draw::Tag(None));
                draws.push(Draw::Line {
                    x1: self.g.side,
                    y1: h,
                    x2: self.g.side + w,
                    y2: h,
                    width: if header { 0.8 } else { 0.4 },
                    color: if header { ACCENT } else { RULE },
                });
                Row { h, draws, ..Default::default() }
            };
        let mut missing = std::mem::take(&mut self.missing);
        let header_cells: Vec<Rich> = columns.iter().map(|c| plain(c.title.clone(), Face::SansBold)).collect();
        let tags = tag_row(&mut self.elems, true);
        let mut header = cell_rows(header_cells, tags, true, &mut missing);
        header.space_before = 8.0;
        // A repeated header is an artifact: its cells are tagged once.
        let mut repeat = header.clone();
        repeat.draws.retain(|d| !matches!(d, Draw::Tag(_)));
        self.headers.push(repeat);
        let hidx = self.headers.len() - 1;
        header.keep = 1;
        self.rows.push(header);
        for r in rows {
            let cells: Vec<Rich> = r
                .iter()
                .map(|c| c.iter().map(|run| Run { text: run.text.clone(), face: to_sans(run.face) }).collect())
                .collect();
            let tags = tag_row(&mut self.elems, false);
            let mut row = cell_rows(cells, tags, false, &mut missing);
            row.header = Some(hidx);
            self.rows.push(row);
        }
        self.missing = missing;
    }

    pub(super) fn photo_rows(&mut self, cols: u8, photos: &[Photo]) {
        let cols = cols.clamp(1, 3) as usize;
        let gap = 14.0;
        let w = self.g.text_width();
        let cw = (w - gap * (cols as f32 - 1.0)) / cols as f32;
        let max_h = match cols {
            1 => 300.0,
            2 => 200.0,
            _ => 140.0,
        };
        // A figure stays with the line before it (its item's text or heading).
        if let Some(prev) = self.rows.last_mut() {
            prev.keep = prev.keep.max(1);
        }
        for (ri, chunk) in photos.chunks(cols).enumerate() {
            let mut draws = Vec::new();
            let mut h: f32 = 0.0;
            for (i, p) in chunk.iter().enumerate() {
                let (pw, ph) = fit_photo(p, cw, max_h);
                let x = self.g.side + i as f32 * (cw + gap);
                let idx = self.photos.len();
                self.photos.push(Placement { photo: p.clone(), w: pw, h: ph });
                // The caption sits under its picture, as wide as it (a narrow
                // picture's caption may use the cell).
                let ix = x + (cw - pw) / 2.0;
                let fig = self.figure(&p.alt);
                draws.push(Draw::Tag(Some(fig)));
                draws.push(Draw::Image { x: ix, y: 0.0, w: pw, h: ph, photo: idx });
                let mut ch = ph + 4.0;
                if !p.caption.is_empty() {
                    let caption = self.elem(Role::Caption, None);
                    draws.push(Draw::Tag(Some(caption)));
                    let runs = plain(p.caption.clone(), Face::SerifItalic);
                    collect_missing(&runs, &mut self.missing);
                    let (cx, cap_w) = if pw >= 120.0 { (ix, pw) } else { (x, cw) };
                    let lines = wrap(&runs, 8.5, cap_w);
                    text_draws(&lines, cx, ch, 8.5, 11.5, MUTED, &mut draws);
                    ch += lines.len() as f32 * 11.5;
                }
                h = h.max(ch);
            }
            self.rows.push(Row {
                h: h + 4.0,
                space_before: if ri == 0 { 10.0 } else { 8.0 },
                draws,
                ..Default::default()
            });
        }
    }

    /// A horizontal bar chart: round ticks (1, 2 or 5 times a power of ten)
    /// whose labels are the gridlines' values, the axis title under them, and
    /// each bar's value in a column of its own right of the plot, where no
    /// gridline can strike through it.
    pub(super) fn chart(&mut self, title: &str, axis: &str, bars: &[Bar]) {
        let w = self.g.text_width();
        let x = self.g.side;
        let label_w = w * 0.34;
        let note_w = 70.0;
        let bar_max = w - label_w - note_w - 8.0;
        let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
        let (step, ticks) = nice_ticks(max);
        let top_value = step * ticks as f64;
        let bar_h = 12.0;
        let step_y = 20.0;
        let mut alt = format!("Bar chart: {title}.");
        for b in bars {
            alt.push_str(&format!(" {}: {}.", b.label, b.note));
        }
        let fig = self.figure(&alt);
        let mut d = vec![
            Draw::Tag(Some(fig)),
            Draw::Text { x, y: 10.0, face: Face::SansBold, size: 9.5, color: INK, text: title.into() },
        ];
        let top = 20.0;
        let bottom = top + step_y * bars.len() as f32;
        for t in 0..=ticks {
            let gx = x + label_w + bar_max * t as f32 / ticks as f32;
            d.push(Draw::Line { x1: gx, y1: top, x2: gx, y2: bottom, width: 0.3, color: RULE });
            let label = tick_label(step * t as f64, step);
            d.push(Draw::Text {
                x: gx - fonts::width(Face::Sans, 7.0, &label) / 2.0,
                y: bottom + 9.0,
                face: Face::Sans,
                size: 7.0,
                color: MUTED,
                text: label,
            });
        }
        if !axis.is_empty() {
            let aw = fonts::width(Face::Sans, 7.5, axis);
            d.push(Draw::Text {
                x: x + label_w + (bar_max - aw).max(0.0) / 2.0,
                y: bottom + 20.0,
                face: Face::Sans,
                size: 7.5,
                color: MUTED,
                text: axis.into(),
            });
        }
        for (i, b) in bars.iter().enumerate() {
            let y = top + i as f32 * step_y;
            let label = shorten(&b.label, Face::Sans, 8.5, label_w - 8.0);
            self.missing.extend(label.chars().filter(|c| !fonts::has_glyph(Face::Sans, *c)));
            d.push(Draw::Text { x, y: y + 12.5, face: Face::Sans, size: 8.5, color: INK, text: label });
            let bw = if top_value > 0.0 { (b.value / top_value) as f32 * bar_max } else { 0.0 };
            d.push(Draw::Rect {
                x: x + label_w,
                y: y + (step_y - bar_h) / 2.0,
                w: bw.max(0.5),
                h: bar_h,
                fill: Some(ACCENT),
                stroke: None,
            });
            let note = shorten(&b.note, Face::Sans, 8.0, note_w);
            let nw = fonts::width(Face::Sans, 8.0, &note);
            d.push(Draw::Text { x: x + w - nw, y: y + 12.5, face: Face::Sans, size: 8.0, color: MUTED, text: note });
        }
        let h = bottom + if axis.is_empty() { 16.0 } else { 26.0 };
        self.rows.push(Row { h, space_before: 10.0, draws: d, ..Default::default() });
    }

    /// Signature lines, two per row; under each, the signature and the date
    /// have lines of their own.
    pub(super) fn signatures(&mut self, sigs: &[(String, String, Option<String>)]) {
        let w = self.g.text_width();
        let gap = 28.0;
        let cw = (w - gap) / 2.0;
        let sign_w = cw * 0.7;
        let date_x = sign_w + 12.0;
        for pair in sigs.chunks(2) {
            let mut d = Vec::new();
            for (i, (role, name, signed)) in pair.iter().enumerate() {
                let x = self.g.side + i as f32 * (cw + gap);
                // A signature's text (who, the recorded sign-off) is a
                // paragraph; the lines to sign on are artifacts.
                let p = self.elem(Role::P, None);
                d.push(Draw::Tag(Some(p)));
                if let Some(s) = signed {
                    let text = shorten(s, Face::SerifItalic, 10.0, sign_w);
                    d.push(Draw::Text { x, y: 26.0, face: Face::SerifItalic, size: 10.0, color: INK, text });
                }
                d.push(Draw::Tag(None));
                d.push(Draw::Line { x1: x, y1: 32.0, x2: x + sign_w, y2: 32.0, width: 0.6, color: INK });
                d.push(Draw::Line { x1: x + date_x, y1: 32.0, x2: x + cw, y2: 32.0, width: 0.6, color: INK });
                d.push(Draw::Tag(Some(p)));
                let label = if name.is_empty() { role.clone() } else { format!("{name} ({role})") };
                let label = shorten(&label, Face::Sans, 8.0, sign_w);
                d.push(Draw::Text { x, y: 43.0, face: Face::Sans, size: 8.0, color: MUTED, text: label });
                d.push(Draw::Text {
                    x: x + date_x,
                    y: 43.0,
                    face: Face::Sans,
                    size: 8.0,
                    color: MUTED,
                    text: "Date".into(),
                });
            }
            self.rows.push(Row { h: 50.0, space_before: 8.0, draws: d, ..Default::default() });
        }
    }
}

/// A round tick step for values up to `max` (1, 2 or 5 times a power of ten,
/// at most five intervals) and the number of intervals that reach `max`.
pub(super) fn nice_ticks(max: f64) -> (f64, u32) {
    if max.is_nan() || max <= 0.0 || max.is_infinite() {
        return (1.0, 1);
    }
    let raw = max / 5.0;
    let pow = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * pow).find(|s| *s >= raw).unwrap_or(10.0 * pow);
    // Counts are whole: no ticks at fractions of one.
    let step = if max >= 1.0 { step.max(1.0) } else { step };
    (step, ((max / step).ceil() as u32).max(1))
}

/// A tick's label: as many decimals as the step needs.
pub(super) fn tick_label(v: f64, step: f64) -> String {
    if step >= 1.0 {
        format!("{v:.0}")
    } else {
        let decimals = (-step.log10().floor()) as usize;
        format!("{v:.decimals$}")
    }
}
