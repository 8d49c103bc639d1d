//! From blocks to rows: every block becomes unbreakable rows (a line of a
//! paragraph, a heading, a table row, a row of photos) carrying their draws
//! at row-relative coordinates, how much space comes before them, and which
//! rows must share their page (headings with what follows, no single line of
//! a paragraph alone at a page's end or start). Paragraphs, headings and the
//! dispatch over blocks live here; the other blocks are in `blocks`.

use super::model::{plain, Block, Color, ParaStyle, Rich, Run, ACCENT, INK, RULE};
use super::page::{Draw, Geometry, Placement};
use super::tags::{Elem, Role};
use super::wrap::{wrap, wrap_text, Line};
use crate::fonts::{self, Face};
use crate::markdown::{self, MdBlock};

#[derive(Debug, Clone, Default)]
pub(super) struct Row {
    pub(super) h: f32,
    pub(super) space_before: f32,
    pub(super) draws: Vec<Draw>,
    /// Rows after this one that must share its page.
    pub(super) keep: usize,
    pub(super) page_break: bool,
    /// The page break starts a front page (see [`Block::LeafBreak`]).
    pub(super) recto: bool,
    pub(super) cover: bool,
    /// Index of the table header row to repeat when this row starts a page.
    pub(super) header: Option<usize>,
    pub(super) heading: Option<(u8, String, bool)>,
}

pub(super) fn text_draws(lines: &[Line], x: f32, top: f32, size: f32, leading: f32, color: Color, out: &mut Vec<Draw>) {
    for (i, line) in lines.iter().enumerate() {
        let base = top + i as f32 * leading + (leading - size) / 2.0 + size * 0.8;
        for (text, face, dx) in &line.pieces {
            out.push(Draw::Text { x: x + dx, y: base, face: *face, size, color, text: text.clone() });
        }
    }
}

pub(super) fn collect_missing(runs: &[Run], missing: &mut std::collections::BTreeSet<char>) {
    for r in runs {
        for c in r.text.chars() {
            if !fonts::has_glyph(r.face, c) {
                missing.insert(c);
            }
        }
    }
}

pub(super) struct Builder<'a> {
    pub(super) g: Geometry,
    pub(super) rows: Vec<Row>,
    pub(super) headers: Vec<Row>,
    pub(super) toc: Vec<(u8, String)>,
    pub(super) photos: Vec<Placement>,
    pub(super) missing: std::collections::BTreeSet<char>,
    pub(super) blocks: &'a [Block],
    /// Structure elements (see [`super::tags`]).
    pub(super) elems: Vec<Elem>,
}

impl Builder<'_> {
    pub(super) fn x0(&self) -> f32 {
        self.g.side
    }

    /// A new structure element of `role` inside `parent`.
    pub(super) fn elem(&mut self, role: Role, parent: Option<usize>) -> usize {
        self.elems.push(Elem::new(role, parent));
        self.elems.len() - 1
    }

    /// The language of running text `runs` of element `tag`, noted on the
    /// element when it is not the document's.
    pub(super) fn language(&mut self, runs: &Rich, tag: usize) -> crate::lang::Language {
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        let lang = crate::lang::detect(&text);
        if lang.tag() != crate::DOCUMENT_LANGUAGE {
            if let Some(e) = self.elems.get_mut(tag) {
                e.lang = Some(lang.tag().into());
            }
        }
        lang
    }

    /// A figure with alternative text `alt`.
    pub(super) fn figure(&mut self, alt: &str) -> usize {
        let fig = self.elem(Role::Figure, None);
        self.elems[fig].alt = Some(alt.to_string());
        fig
    }

    /// A list item in list `list`: (item, its label, its body).
    pub(super) fn list_item(&mut self, list: usize) -> (usize, usize, usize) {
        let li = self.elem(Role::LI, Some(list));
        (li, self.elem(Role::Lbl, Some(li)), self.elem(Role::LBody, Some(li)))
    }

    pub(super) fn para_rows(
        &mut self,
        runs: &Rich,
        style: ParaStyle,
        indent: f32,
        marker: Option<(&str, usize)>,
        space_before: f32,
        tag: usize,
    ) {
        collect_missing(runs, &mut self.missing);
        let (size, leading, color) = style.size();
        let lang = self.language(runs, tag);
        let hyphenate = matches!(style, ParaStyle::Body | ParaStyle::Lead).then_some(lang);
        let lines = wrap_text(runs, size, style.measure().min(self.g.text_width()) - indent, hyphenate);
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            let mut draws = vec![Draw::Tag(Some(tag))];
            text_draws(std::slice::from_ref(line), self.x0() + indent, 0.0, size, leading, color, &mut draws);
            if i == 0 {
                if let Some((m, label)) = marker {
                    draws.push(Draw::Tag(Some(label)));
                    let mw = fonts::width(Face::Serif, size, m);
                    let base = (leading - size) / 2.0 + size * 0.8;
                    draws.push(Draw::Text {
                        x: self.x0() + indent - mw - 5.0,
                        y: base,
                        face: Face::Serif,
                        size,
                        color,
                        text: m.into(),
                    });
                }
            }
            // Orphans and widows: never one line alone at the bottom or the top of a page.
            let keep = if n > 1 && (i == 0 || i + 2 == n) { 1 } else { 0 };
            self.rows.push(Row {
                h: leading,
                space_before: if i == 0 { space_before } else { 0.0 },
                draws,
                keep,
                ..Default::default()
            });
        }
    }

    pub(super) fn heading(&mut self, level: u8, text: &str, toc: bool) {
        let (size, leading, before, color) = match level {
            1 => (19.0, 24.0, 22.0, ACCENT),
            2 => (13.5, 18.0, 16.0, ACCENT),
            _ => (11.0, 15.0, 10.0, INK),
        };
        let runs = plain(text, Face::SansBold);
        collect_missing(&runs, &mut self.missing);
        let lines = wrap(&runs, size, self.g.text_width());
        let tag = self.elem(Role::heading(level), None);
        let mut draws = vec![Draw::Tag(Some(tag))];
        text_draws(&lines, self.x0(), 0.0, size, leading, color, &mut draws);
        let mut h = lines.len() as f32 * leading;
        if level == 1 {
            h += 6.0;
            draws.push(Draw::Tag(None));
            draws.push(Draw::Line {
                x1: self.x0(),
                y1: h - 3.0,
                x2: self.x0() + self.g.text_width(),
                y2: h - 3.0,
                width: 0.8,
                color: ACCENT,
            });
        }
        if toc {
            self.toc.push((level, text.to_string()));
        }
        self.rows.push(Row {
            h: h + 2.0,
            space_before: before,
            draws,
            keep: 2,
            heading: Some((level, text.into(), toc)),
            ..Default::default()
        });
    }

    pub(super) fn build(&mut self) {
        for (bi, block) in self.blocks.iter().enumerate() {
            match block {
                Block::Cover { kind, title, lines, photo } => self.cover(kind, title, lines, photo.as_ref()),
                Block::Toc => self.toc_rows(bi),
                Block::Heading { level, text, toc } => self.heading(*level, text, *toc),
                Block::Para(style, runs) => {
                    let p = self.elem(Role::P, None);
                    self.para_rows(runs, *style, 0.0, None, 6.0, p)
                }
                Block::Markdown(text) => self.markdown(text),
                Block::Bullets(items) => {
                    let list = self.elem(Role::L, None);
                    for (i, item) in items.iter().enumerate() {
                        let (_, label, body) = self.list_item(list);
                        let space = if i == 0 { 6.0 } else { 2.0 };
                        self.para_rows(item, ParaStyle::Body, 16.0, Some(("•", label)), space, body);
                    }
                }
                Block::Fields(fields) => self.fields(fields),
                Block::Table { columns, rows } => self.table(columns, rows),
                Block::Photos { cols, photos } => self.photo_rows(*cols, photos),
                Block::Chart { title, axis, bars } => self.chart(title, axis, bars),
                Block::Signatures(sigs) => self.signatures(sigs),
                Block::WriteLines(label, n) => {
                    let p = self.elem(Role::P, None);
                    self.para_rows(&plain(label.clone(), Face::SansBold), ParaStyle::Small, 0.0, None, 10.0, p);
                    for _ in 0..*n {
                        let w = self.g.text_width();
                        let draws = vec![Draw::Line {
                            x1: self.x0(),
                            y1: 22.0,
                            x2: self.x0() + w,
                            y2: 22.0,
                            width: 0.5,
                            color: RULE,
                        }];
                        self.rows.push(Row { h: 24.0, draws, ..Default::default() });
                    }
                }
                Block::Space(h) => self.rows.push(Row { h: *h, ..Default::default() }),
                Block::PageBreak | Block::LeafBreak => {
                    if let Some(next) = self.rows.last_mut() {
                        next.keep = 0;
                    }
                    let recto = matches!(block, Block::LeafBreak);
                    self.rows.push(Row { page_break: true, recto, ..Default::default() })
                }
            }
        }
    }
}

impl Builder<'_> {
    /// Markdown-subset text: headings as level-3 headings, paragraphs, and
    /// list items as lists (a deeper item's list inside the item before it).
    fn markdown(&mut self, text: &str) {
        // Open lists: (depth, list element, its last item's body).
        let mut lists: Vec<(u8, usize, Option<usize>)> = Vec::new();
        for b in markdown::parse(text) {
            match b {
                MdBlock::Heading(_, spans) => {
                    lists.clear();
                    let t: String = spans.into_iter().map(|s| s.text).collect();
                    self.heading(3, &t, false);
                }
                MdBlock::Paragraph(spans) => {
                    lists.clear();
                    let runs = spans_to_runs(spans);
                    let p = self.elem(Role::P, None);
                    self.para_rows(&runs, ParaStyle::Body, 0.0, None, 6.0, p)
                }
                MdBlock::ListItem(depth, marker, spans) => {
                    while lists.last().is_some_and(|l| l.0 > depth) {
                        lists.pop();
                    }
                    if lists.last().is_none_or(|l| l.0 < depth) {
                        let parent = lists.last().and_then(|l| l.2);
                        let list = self.elem(Role::L, parent);
                        lists.push((depth, list, None));
                    }
                    let Some(open) = lists.last_mut() else { continue };
                    let list = open.1;
                    let (_, label, body) = self.list_item(list);
                    if let Some(open) = lists.last_mut() {
                        open.2 = Some(body);
                    }
                    let runs = spans_to_runs(spans);
                    let indent = 16.0 + depth as f32 * 14.0;
                    self.para_rows(&runs, ParaStyle::Body, indent, Some((&marker, label)), 2.0, body)
                }
            }
        }
    }
}

pub(super) fn to_sans(f: Face) -> Face {
    match f {
        Face::SerifBold | Face::SerifBoldItalic | Face::SansBold => Face::SansBold,
        _ => Face::Sans,
    }
}

fn spans_to_runs(spans: Vec<markdown::Span>) -> Rich {
    spans
        .into_iter()
        .map(|s| Run { face: if s.code { Face::Sans } else { Face::Serif.styled(s.bold, s.italic) }, text: s.text })
        .collect()
}
