//! The typesetter: a document is a list of [`Block`]s; the typesetter turns
//! each block into unbreakable rows (a line of a paragraph, a table row, a row
//! of photos), then fills pages with them. Page breaking keeps headings with
//! what follows, avoids single lines of a paragraph at the bottom or the top
//! of a page, and repeats a table's header on every page the table reaches.
//! Coordinates here are points from the top-left corner of the page.

use crate::fonts::{self, Face};
use crate::markdown::{self, MdBlock};

/// A colour (RGB, 0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color(pub f32, pub f32, pub f32);

/// Body text.
pub const INK: Color = Color(0.11, 0.12, 0.14);
/// Headings and rules of emphasis.
pub const ACCENT: Color = Color(0.05, 0.32, 0.45);
/// Secondary text.
pub const MUTED: Color = Color(0.40, 0.41, 0.44);
/// Hairlines.
pub const RULE: Color = Color(0.78, 0.80, 0.82);
/// Table header and panel backgrounds.
pub const PANEL: Color = Color(0.93, 0.95, 0.96);

/// A run of text in one face.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The text; `\n` is a line break.
    pub text: String,
    /// The face.
    pub face: Face,
}

/// Rich text: runs in order.
pub type Rich = Vec<Run>;

/// Plain text in one face.
pub fn plain(text: impl Into<String>, face: Face) -> Rich {
    vec![Run { text: text.into(), face }]
}

/// Markdown-subset inline text as runs based on `base` (serif or sans).
pub fn rich_inline(text: &str, base: Face) -> Rich {
    markdown::inline(text)
        .into_iter()
        .map(|s| Run { face: if s.code { Face::Sans } else { base.styled(s.bold, s.italic) }, text: s.text })
        .collect()
}

/// Paragraph styles of the typographic scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaStyle {
    /// Body text, serif 10.5/15.
    Body,
    /// Lead paragraph, serif 12/17.
    Lead,
    /// Small secondary text, sans 8.5/12, muted.
    Small,
    /// Photo captions, serif italic 8.5/11.5.
    Caption,
}

impl ParaStyle {
    fn size(self) -> (f32, f32, Color) {
        match self {
            ParaStyle::Body => (10.5, 15.0, INK),
            ParaStyle::Lead => (12.0, 17.0, INK),
            ParaStyle::Small => (8.5, 12.0, MUTED),
            ParaStyle::Caption => (8.5, 11.5, MUTED),
        }
    }
}

/// A photo to place: which picture and its pixel size (shown orientation).
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    /// SHA-256 of the original in the media folder.
    pub sha256: String,
    /// Width in pixels of the largest stored derivative.
    pub width: u32,
    /// Height in pixels of the largest stored derivative.
    pub height: u32,
    /// Caption printed under the photo (caption or alt text).
    pub caption: String,
}

/// One bar of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Label on the left.
    pub label: String,
    /// Length of the bar.
    pub value: f64,
    /// Text after the bar.
    pub note: String,
}

/// A table column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header text.
    pub title: String,
    /// Share of the text width (the shares of a table are normalised).
    pub share: f32,
}

/// A block of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The cover page: the document's name, the learner, lines under it, an optional photo.
    Cover {
        /// What the document is ("Learning Plan").
        kind: String,
        /// The main title (the learner's name).
        title: String,
        /// Lines under the title.
        lines: Vec<String>,
        /// A photo on the cover.
        photo: Option<Photo>,
    },
    /// The table of contents (headings marked `toc`, with links).
    Toc,
    /// A heading (1–3); `toc` puts it in the contents and the PDF outline.
    Heading {
        /// 1, 2 or 3.
        level: u8,
        /// Text.
        text: String,
        /// In the table of contents and the outline.
        toc: bool,
    },
    /// A paragraph.
    Para(ParaStyle, Rich),
    /// Markdown-subset text (paragraphs, lists, headings as level-3 headings).
    Markdown(String),
    /// A bulleted list.
    Bullets(Vec<Rich>),
    /// Label–value pairs in two columns.
    Fields(Vec<(String, Rich)>),
    /// A table; rows split across pages with the header repeated.
    Table {
        /// Columns.
        columns: Vec<Column>,
        /// Rows of cells.
        rows: Vec<Vec<Rich>>,
    },
    /// Photos in a grid of `cols` columns.
    Photos {
        /// 1–3 columns.
        cols: u8,
        /// The photos.
        photos: Vec<Photo>,
    },
    /// A horizontal bar chart (vector).
    Chart {
        /// Title above the bars.
        title: String,
        /// The bars.
        bars: Vec<Bar>,
    },
    /// Signature lines, two per row: (role, name, recorded sign-off).
    Signatures(Vec<(String, String, Option<String>)>),
    /// Ruled lines to write on, under a label.
    WriteLines(String, u8),
    /// Vertical space in points.
    Space(f32),
    /// Start a new page.
    PageBreak,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Draw {
    /// Text with its baseline at `y`.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// Face.
        face: Face,
        /// Size in points.
        size: f32,
        /// Colour.
        color: Color,
        /// The text (no line breaks).
        text: String,
    },
    /// A straight line.
    Line {
        /// Start.
        x1: f32,
        /// Start.
        y1: f32,
        /// End.
        x2: f32,
        /// End.
        y2: f32,
        /// Width in points.
        width: f32,
        /// Colour.
        color: Color,
    },
    /// A rectangle (top-left corner, size), filled and/or outlined.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour.
        fill: Option<Color>,
        /// Outline colour and width.
        stroke: Option<(Color, f32)>,
    },
    /// A placed photo (index into [`Laid::photos`]).
    Image {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Which placement.
        photo: usize,
    },
    /// A link to a page (0-based), clickable over the rectangle.
    Link {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Target page, 0-based.
        page: usize,
    },
    /// Resolved after pagination: the page number of heading `heading`, right-aligned at `x`.
    PageNumberOf {
        /// Right edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// Index into the contents headings.
        heading: usize,
    },
    /// Resolved after pagination: a link to heading `heading`'s page.
    LinkToHeading {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Index into the contents headings.
        heading: usize,
    },
}

/// A heading placed on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedHeading {
    /// 1–3.
    pub level: u8,
    /// Text.
    pub text: String,
    /// Page index, 0-based.
    pub page: usize,
}

/// A laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// What is drawn.
    pub draws: Vec<Draw>,
    /// The cover (no header or footer).
    pub cover: bool,
}

/// A photo placement: which picture at which size on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// The photo.
    pub photo: Photo,
    /// Width on the page in points.
    pub w: f32,
    /// Height on the page in points.
    pub h: f32,
}

/// The laid-out document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Laid {
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Headings in the contents, with their pages.
    pub toc: Vec<PlacedHeading>,
    /// Photo placements referenced by [`Draw::Image`].
    pub photos: Vec<Placement>,
    /// Characters the fonts lack (shown as empty boxes).
    pub missing: std::collections::BTreeSet<char>,
}

/// Page geometry in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Left and right margin.
    pub side: f32,
    /// Top margin (the header sits inside it).
    pub top: f32,
    /// Bottom margin (the footer sits inside it).
    pub bottom: f32,
}

impl Geometry {
    /// Margins of 20 mm at the sides and 22 mm top and bottom.
    pub fn new(width: f32, height: f32) -> Geometry {
        Geometry { width, height, side: 56.7, top: 62.4, bottom: 62.4 }
    }

    /// Width of the text column.
    pub fn text_width(&self) -> f32 {
        self.width - 2.0 * self.side
    }
}

/// Pictures are placed at this resolution (dots per inch) when they have the pixels.
pub const TARGET_DPI: f32 = 200.0;

// ---------------------------------------------------------------------------
// Line breaking

enum Tok {
    Word(Vec<(String, Face)>),
    Space(Face),
    Newline,
}

fn tokens(runs: &[Run]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut word: Vec<(String, Face)> = Vec::new();
    let flush = |word: &mut Vec<(String, Face)>, out: &mut Vec<Tok>| {
        if !word.is_empty() {
            out.push(Tok::Word(std::mem::take(word)));
        }
    };
    for run in runs {
        let mut cur = String::new();
        for c in run.text.chars() {
            if c == '\n' || c.is_whitespace() {
                if !cur.is_empty() {
                    word.push((std::mem::take(&mut cur), run.face));
                }
                flush(&mut word, &mut out);
                if c == '\n' {
                    out.push(Tok::Newline);
                } else if !matches!(out.last(), Some(Tok::Space(_)) | Some(Tok::Newline) | None) {
                    out.push(Tok::Space(run.face));
                }
            } else {
                cur.push(c);
            }
        }
        if !cur.is_empty() {
            word.push((cur, run.face));
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A line: pieces (text, face, x offset) and its width.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Line {
    /// Pieces.
    pub pieces: Vec<(String, Face, f32)>,
    /// Width.
    pub width: f32,
}

fn push_piece(line: &mut Line, text: &str, face: Face, size: f32, gap: f32) {
    let w = fonts::width(face, size, text);
    if let Some(last) = line.pieces.last_mut() {
        if last.1 == face {
            if gap > 0.0 {
                last.0.push(' ');
            }
            last.0.push_str(text);
            line.width += gap + w;
            return;
        }
    }
    line.pieces.push((text.to_string(), face, line.width + gap));
    line.width += gap + w;
}

/// Breaks rich text into lines of at most `max` points.
pub fn wrap(runs: &[Run], size: f32, max: f32) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut line = Line::default();
    let mut space: Option<Face> = None;
    for tok in tokens(runs) {
        match tok {
            Tok::Newline => {
                lines.push(std::mem::take(&mut line));
                space = None;
            }
            Tok::Space(f) => space = Some(f),
            Tok::Word(pieces) => {
                let ww: f32 = pieces.iter().map(|(t, f)| fonts::width(*f, size, t)).sum();
                let gap = match space.take() {
                    Some(f) if !line.pieces.is_empty() => fonts::width(f, size, " "),
                    _ => 0.0,
                };
                if !line.pieces.is_empty() && line.width + gap + ww > max {
                    lines.push(std::mem::take(&mut line));
                    place_word(&mut lines, &mut line, &pieces, size, max, 0.0);
                } else {
                    place_word(&mut lines, &mut line, &pieces, size, max, gap);
                }
            }
        }
    }
    if !line.pieces.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Places a word; a word wider than the line is broken between characters.
fn place_word(lines: &mut Vec<Line>, line: &mut Line, pieces: &[(String, Face)], size: f32, max: f32, gap: f32) {
    let ww: f32 = pieces.iter().map(|(t, f)| fonts::width(*f, size, t)).sum();
    if line.pieces.is_empty() && ww > max {
        for (text, face) in pieces {
            let mut chunk = String::new();
            for c in text.chars() {
                let cw = fonts::width(*face, size, &c.to_string());
                if line.width + fonts::width(*face, size, &chunk) + cw > max
                    && (!chunk.is_empty() || !line.pieces.is_empty())
                {
                    if !chunk.is_empty() {
                        push_piece(line, &chunk, *face, size, 0.0);
                        chunk.clear();
                    }
                    lines.push(std::mem::take(line));
                }
                chunk.push(c);
            }
            if !chunk.is_empty() {
                push_piece(line, &chunk, *face, size, 0.0);
            }
        }
        return;
    }
    let mut first = true;
    for (text, face) in pieces {
        push_piece(line, text, *face, size, if first { gap } else { 0.0 });
        first = false;
    }
}

// ---------------------------------------------------------------------------
// Rows

#[derive(Debug, Clone, Default)]
struct Row {
    h: f32,
    space_before: f32,
    draws: Vec<Draw>,
    /// Rows after this one that must share its page.
    keep: usize,
    page_break: bool,
    cover: bool,
    /// Index of the table header row to repeat when this row starts a page.
    header: Option<usize>,
    heading: Option<(u8, String, bool)>,
}

fn text_draws(lines: &[Line], x: f32, top: f32, size: f32, leading: f32, color: Color, out: &mut Vec<Draw>) {
    for (i, line) in lines.iter().enumerate() {
        let base = top + i as f32 * leading + (leading - size) / 2.0 + size * 0.8;
        for (text, face, dx) in &line.pieces {
            out.push(Draw::Text { x: x + dx, y: base, face: *face, size, color, text: text.clone() });
        }
    }
}

fn collect_missing(runs: &[Run], missing: &mut std::collections::BTreeSet<char>) {
    for r in runs {
        for c in r.text.chars() {
            if !fonts::has_glyph(r.face, c) {
                missing.insert(c);
            }
        }
    }
}

struct Builder<'a> {
    g: Geometry,
    rows: Vec<Row>,
    headers: Vec<Row>,
    toc: Vec<(u8, String)>,
    photos: Vec<Placement>,
    missing: std::collections::BTreeSet<char>,
    blocks: &'a [Block],
}

impl Builder<'_> {
    fn x0(&self) -> f32 {
        self.g.side
    }

    fn para_rows(&mut self, runs: &Rich, style: ParaStyle, indent: f32, marker: Option<&str>, space_before: f32) {
        collect_missing(runs, &mut self.missing);
        let (size, leading, color) = style.size();
        let lines = wrap(runs, size, self.g.text_width() - indent);
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            let mut draws = Vec::new();
            text_draws(std::slice::from_ref(line), self.x0() + indent, 0.0, size, leading, color, &mut draws);
            if i == 0 {
                if let Some(m) = marker {
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

    fn heading(&mut self, level: u8, text: &str, toc: bool) {
        let (size, leading, before, color) = match level {
            1 => (19.0, 24.0, 22.0, ACCENT),
            2 => (13.5, 18.0, 16.0, ACCENT),
            _ => (11.0, 15.0, 10.0, INK),
        };
        let runs = plain(text, Face::SansBold);
        collect_missing(&runs, &mut self.missing);
        let lines = wrap(&runs, size, self.g.text_width());
        let mut draws = Vec::new();
        text_draws(&lines, self.x0(), 0.0, size, leading, color, &mut draws);
        let mut h = lines.len() as f32 * leading;
        if level == 1 {
            h += 6.0;
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

    fn build(&mut self) {
        for (bi, block) in self.blocks.iter().enumerate() {
            match block {
                Block::Cover { kind, title, lines, photo } => self.cover(kind, title, lines, photo.as_ref()),
                Block::Toc => self.toc_rows(bi),
                Block::Heading { level, text, toc } => self.heading(*level, text, *toc),
                Block::Para(style, runs) => self.para_rows(runs, *style, 0.0, None, 6.0),
                Block::Markdown(text) => {
                    for b in markdown::parse(text) {
                        match b {
                            MdBlock::Heading(_, spans) => {
                                let t: String = spans.into_iter().map(|s| s.text).collect();
                                self.heading(3, &t, false);
                            }
                            MdBlock::Paragraph(spans) => {
                                let runs = spans_to_runs(spans);
                                self.para_rows(&runs, ParaStyle::Body, 0.0, None, 6.0)
                            }
                            MdBlock::ListItem(depth, marker, spans) => {
                                let runs = spans_to_runs(spans);
                                self.para_rows(&runs, ParaStyle::Body, 16.0 + depth as f32 * 14.0, Some(&marker), 2.0)
                            }
                        }
                    }
                }
                Block::Bullets(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.para_rows(item, ParaStyle::Body, 16.0, Some("•"), if i == 0 { 6.0 } else { 2.0 });
                    }
                }
                Block::Fields(fields) => self.fields(fields),
                Block::Table { columns, rows } => self.table(columns, rows),
                Block::Photos { cols, photos } => self.photo_rows(*cols, photos),
                Block::Chart { title, bars } => self.chart(title, bars),
                Block::Signatures(sigs) => self.signatures(sigs),
                Block::WriteLines(label, n) => {
                    self.para_rows(&plain(label.clone(), Face::SansBold), ParaStyle::Small, 0.0, None, 10.0);
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
                Block::PageBreak => {
                    if let Some(next) = self.rows.last_mut() {
                        next.keep = 0;
                    }
                    self.rows.push(Row { page_break: true, ..Default::default() })
                }
            }
        }
    }

    fn cover(&mut self, kind: &str, title: &str, lines: &[String], photo: Option<&Photo>) {
        let g = self.g;
        let x = g.side;
        let w = g.text_width();
        let mut d = Vec::new();
        let mut y = g.height * 0.22 - g.top;
        d.push(Draw::Rect { x: 0.0, y: -g.top, w: g.width, h: 10.0, fill: Some(ACCENT), stroke: None });
        d.push(Draw::Text { x, y, face: Face::SansBold, size: 12.0, color: ACCENT, text: kind.to_uppercase() });
        y += 12.0;
        let title_runs = plain(title, Face::SansBold);
        collect_missing(&title_runs, &mut self.missing);
        let tl = wrap(&title_runs, 30.0, w);
        text_draws(&tl, x, y, 30.0, 36.0, INK, &mut d);
        y += tl.len() as f32 * 36.0 + 8.0;
        d.push(Draw::Line { x1: x, y1: y, x2: x + 80.0, y2: y, width: 2.0, color: ACCENT });
        y += 14.0;
        for l in lines {
            let runs = plain(l.clone(), Face::Serif);
            collect_missing(&runs, &mut self.missing);
            let ls = wrap(&runs, 12.5, w);
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
                d.push(Draw::Image { x, y, w: pw, h: ph, photo: idx });
            }
        }
        let body = g.height - g.top - g.bottom;
        self.rows.push(Row { h: body, draws: d, cover: true, ..Default::default() });
        self.rows.push(Row { page_break: true, ..Default::default() });
    }

    fn toc_rows(&mut self, at: usize) {
        // The contents list the headings that come after it.
        let entries: Vec<(u8, String)> = self.blocks[at..]
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, text, toc: true } => Some((*level, text.clone())),
                _ => None,
            })
            .collect();
        self.heading(1, "Contents", false);
        let base = self.toc.len();
        let w = self.g.text_width();
        for (i, (level, text)) in entries.iter().enumerate() {
            let indent = if *level > 1 { 16.0 } else { 0.0 };
            let face = if *level == 1 { Face::SansBold } else { Face::Sans };
            let size = if *level == 1 { 10.5 } else { 10.0 };
            let t = shorten(text, face, size, w - indent - 40.0);
            let leading = if *level == 1 { 20.0 } else { 16.0 };
            let base_y = leading - 5.0;
            let mut draws =
                vec![Draw::Text { x: self.x0() + indent, y: base_y, face, size, color: INK, text: t.clone() }];
            let tw = fonts::width(face, size, &t);
            draws.push(Draw::Line {
                x1: self.x0() + indent + tw + 6.0,
                y1: base_y,
                x2: self.x0() + w - 26.0,
                y2: base_y,
                width: 0.4,
                color: RULE,
            });
            draws.push(Draw::PageNumberOf { x: self.x0() + w, y: base_y, heading: base + i });
            draws.push(Draw::LinkToHeading { x: self.x0(), y: 0.0, w, h: leading, heading: base + i });
            self.rows.push(Row { h: leading, draws, ..Default::default() });
        }
        self.rows.push(Row { page_break: true, ..Default::default() });
    }

    fn fields(&mut self, fields: &[(String, Rich)]) {
        let label_w = (self.g.text_width() * 0.28).min(150.0);
        let (size, leading, _) = ParaStyle::Body.size();
        for (fi, (label, value)) in fields.iter().enumerate() {
            collect_missing(value, &mut self.missing);
            let lab = wrap(&plain(label.clone(), Face::SansBold), 8.5, label_w - 8.0);
            let lines = wrap(value, size, self.g.text_width() - label_w);
            let n = lines.len().max(1);
            for (i, line) in lines.iter().enumerate() {
                let mut draws = Vec::new();
                if i == 0 {
                    text_draws(&lab, self.x0(), 1.5, 8.5, 12.0, MUTED, &mut draws);
                }
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

    fn table(&mut self, columns: &[Column], rows: &[Vec<Rich>]) {
        let w = self.g.text_width();
        let total: f32 = columns.iter().map(|c| c.share.max(0.01)).sum();
        let widths: Vec<f32> = columns.iter().map(|c| c.share.max(0.01) / total * w).collect();
        let (size, leading, pad) = (8.8, 12.0, 4.0);
        let cell_rows = |cells: Vec<Rich>, header: bool, missing: &mut std::collections::BTreeSet<char>| -> Row {
            let mut draws = Vec::new();
            let mut x = self.g.side;
            let mut h: f32 = 0.0;
            let mut texts = Vec::new();
            for (i, cell) in cells.iter().enumerate() {
                let cw = widths.get(i).copied().unwrap_or(40.0);
                collect_missing(cell, missing);
                let lines = wrap(cell, size, cw - 2.0 * pad);
                h = h.max(lines.len() as f32 * leading);
                texts.push((x, lines));
                x += cw;
            }
            let h = h + 2.0 * pad;
            if header {
                draws.push(Draw::Rect { x: self.g.side, y: 0.0, w, h, fill: Some(PANEL), stroke: None });
            }
            for (x, lines) in texts {
                text_draws(&lines, x + pad, pad, size, leading, if header { ACCENT } else { INK }, &mut draws);
            }
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
        let mut header = cell_rows(header_cells, true, &mut missing);
        header.space_before = 8.0;
        self.headers.push(header.clone());
        let hidx = self.headers.len() - 1;
        header.keep = 1;
        self.rows.push(header);
        for r in rows {
            let cells: Vec<Rich> = r
                .iter()
                .map(|c| c.iter().map(|run| Run { text: run.text.clone(), face: to_sans(run.face) }).collect())
                .collect();
            let mut row = cell_rows(cells, false, &mut missing);
            row.header = Some(hidx);
            self.rows.push(row);
        }
        self.missing = missing;
    }

    fn photo_rows(&mut self, cols: u8, photos: &[Photo]) {
        let cols = cols.clamp(1, 3) as usize;
        let gap = 14.0;
        let w = self.g.text_width();
        let cw = (w - gap * (cols as f32 - 1.0)) / cols as f32;
        let max_h = match cols {
            1 => 300.0,
            2 => 200.0,
            _ => 140.0,
        };
        for (ri, chunk) in photos.chunks(cols).enumerate() {
            let mut draws = Vec::new();
            let mut h: f32 = 0.0;
            for (i, p) in chunk.iter().enumerate() {
                let (pw, ph) = fit_photo(p, cw, max_h);
                let x = self.g.side + i as f32 * (cw + gap);
                let idx = self.photos.len();
                self.photos.push(Placement { photo: p.clone(), w: pw, h: ph });
                draws.push(Draw::Image { x: x + (cw - pw) / 2.0, y: 0.0, w: pw, h: ph, photo: idx });
                let mut ch = ph + 4.0;
                if !p.caption.is_empty() {
                    let runs = plain(p.caption.clone(), Face::SerifItalic);
                    collect_missing(&runs, &mut self.missing);
                    let lines = wrap(&runs, 8.5, cw);
                    text_draws(&lines, x, ch, 8.5, 11.5, MUTED, &mut draws);
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

    fn chart(&mut self, title: &str, bars: &[Bar]) {
        let w = self.g.text_width();
        let x = self.g.side;
        let label_w = w * 0.34;
        let note_w = 90.0;
        let bar_max = w - label_w - note_w - 8.0;
        let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max).max(1.0);
        let bar_h = 12.0;
        let step = 20.0;
        let mut d = vec![Draw::Text { x, y: 10.0, face: Face::SansBold, size: 9.5, color: INK, text: title.into() }];
        let top = 20.0;
        // Grid: quarter lines with values.
        for q in 0..=4 {
            let gx = x + label_w + bar_max * q as f32 / 4.0;
            d.push(Draw::Line { x1: gx, y1: top, x2: gx, y2: top + step * bars.len() as f32, width: 0.3, color: RULE });
            let v = max * q as f64 / 4.0;
            let t = if max <= 8.0 { format!("{v:.1}") } else { format!("{v:.0}") };
            d.push(Draw::Text {
                x: gx - fonts::width(Face::Sans, 7.0, &t) / 2.0,
                y: top + step * bars.len() as f32 + 9.0,
                face: Face::Sans,
                size: 7.0,
                color: MUTED,
                text: t,
            });
        }
        for (i, b) in bars.iter().enumerate() {
            let y = top + i as f32 * step;
            let label = shorten(&b.label, Face::Sans, 8.5, label_w - 8.0);
            self.missing.extend(label.chars().filter(|c| !fonts::has_glyph(Face::Sans, *c)));
            d.push(Draw::Text { x, y: y + 12.5, face: Face::Sans, size: 8.5, color: INK, text: label });
            let bw = (b.value / max) as f32 * bar_max;
            d.push(Draw::Rect {
                x: x + label_w,
                y: y + (step - bar_h) / 2.0,
                w: bw.max(0.5),
                h: bar_h,
                fill: Some(ACCENT),
                stroke: None,
            });
            d.push(Draw::Text {
                x: x + label_w + bw + 5.0,
                y: y + 12.5,
                face: Face::Sans,
                size: 8.0,
                color: MUTED,
                text: b.note.clone(),
            });
        }
        let h = top + step * bars.len() as f32 + 16.0;
        self.rows.push(Row { h, space_before: 10.0, draws: d, ..Default::default() });
    }

    fn signatures(&mut self, sigs: &[(String, String, Option<String>)]) {
        let w = self.g.text_width();
        let gap = 28.0;
        let cw = (w - gap) / 2.0;
        for pair in sigs.chunks(2) {
            let mut d = Vec::new();
            for (i, (role, name, signed)) in pair.iter().enumerate() {
                let x = self.g.side + i as f32 * (cw + gap);
                if let Some(s) = signed {
                    d.push(Draw::Text { x, y: 26.0, face: Face::SerifItalic, size: 10.0, color: INK, text: s.clone() });
                }
                d.push(Draw::Line { x1: x, y1: 32.0, x2: x + cw, y2: 32.0, width: 0.6, color: INK });
                let label =
                    if name.is_empty() { format!("{role} · date") } else { format!("{name} ({role}) · date") };
                d.push(Draw::Text { x, y: 43.0, face: Face::Sans, size: 8.0, color: MUTED, text: label });
            }
            self.rows.push(Row { h: 50.0, space_before: 8.0, draws: d, ..Default::default() });
        }
    }
}

/// `text` cut with "…" to fit `max` points on one line.
fn shorten(text: &str, face: Face, size: f32, max: f32) -> String {
    let mut t = text.to_string();
    while fonts::width(face, size, &t) > max && t.chars().count() > 4 {
        t = t.chars().take(t.chars().count() - 4).collect::<String>() + "…";
    }
    t
}

fn to_sans(f: Face) -> Face {
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

/// Size of a photo on the page: fits the box, keeps the aspect ratio and is
/// never larger than its pixels allow at [`TARGET_DPI`] (never upscaled).
pub fn fit_photo(p: &Photo, max_w: f32, max_h: f32) -> (f32, f32) {
    let (pw, ph) = (p.width.max(1) as f32, p.height.max(1) as f32);
    let natural_w = pw / TARGET_DPI * 72.0;
    let mut w = max_w.min(natural_w);
    let mut h = w * ph / pw;
    if h > max_h {
        h = max_h;
        w = h * pw / ph;
    }
    (w, h)
}

/// Lays out blocks on pages of geometry `g`.
pub fn layout(blocks: &[Block], g: Geometry) -> Laid {
    let mut b = Builder {
        g,
        rows: Vec::new(),
        headers: Vec::new(),
        toc: Vec::new(),
        photos: Vec::new(),
        missing: Default::default(),
        blocks,
    };
    b.build();
    let bottom = g.height - g.bottom;
    let mut pages: Vec<Page> = vec![Page::default()];
    let mut y = g.top;
    let mut placed_toc: Vec<PlacedHeading> = Vec::new();
    let mut empty = true;
    let rows = &b.rows;
    let mut i = 0;
    while i < rows.len() {
        let row = &rows[i];
        if row.page_break {
            if !empty {
                pages.push(Page::default());
                y = g.top;
                empty = true;
            }
            i += 1;
            continue;
        }
        // What must fit: this row plus the rows it keeps with (transitively).
        let mut need = row.h + if empty { 0.0 } else { row.space_before };
        let mut k = row.keep;
        let mut j = i + 1;
        while k > 0 && j < rows.len() && !rows[j].page_break {
            need += rows[j].h + rows[j].space_before;
            k = (k - 1).max(rows[j].keep);
            j += 1;
        }
        let fits_alone = row.h + if empty { 0.0 } else { row.space_before } <= bottom - y;
        if !empty && (y + need > bottom && need <= bottom - g.top || !fits_alone) {
            pages.push(Page::default());
            y = g.top;
            empty = true;
            // A table continues: repeat its header.
            if let Some(h) = row.header {
                if let Some(hdr) = b.headers.get(h) {
                    place(&mut pages, hdr, y);
                    y += hdr.h;
                    empty = false;
                }
            }
        }
        if !empty {
            y += row.space_before;
        }
        if row.cover {
            if let Some(p) = pages.last_mut() {
                p.cover = true;
            }
        }
        if let Some((level, text, true)) = &row.heading {
            placed_toc.push(PlacedHeading { level: *level, text: text.clone(), page: pages.len() - 1 });
        }
        place(&mut pages, row, y);
        y += row.h;
        empty = false;
        i += 1;
    }
    if pages.len() > 1 && pages.last().is_some_and(|p| p.draws.is_empty()) {
        pages.pop();
    }
    // Resolve references to headings.
    for page in &mut pages {
        for d in &mut page.draws {
            match d {
                Draw::PageNumberOf { x, y, heading } => {
                    let n = placed_toc.get(*heading).map(|h| h.page + 1).unwrap_or(0);
                    let t = n.to_string();
                    let tw = fonts::width(Face::Sans, 10.0, &t);
                    *d = Draw::Text { x: *x - tw, y: *y, face: Face::Sans, size: 10.0, color: INK, text: t };
                }
                Draw::LinkToHeading { x, y, w, h, heading } => {
                    let page = placed_toc.get(*heading).map(|h| h.page).unwrap_or(0);
                    *d = Draw::Link { x: *x, y: *y, w: *w, h: *h, page };
                }
                _ => {}
            }
        }
    }
    Laid { pages, toc: placed_toc, photos: b.photos, missing: b.missing }
}

fn place(pages: &mut [Page], row: &Row, y: f32) {
    let Some(page) = pages.last_mut() else { return };
    for d in &row.draws {
        let mut d = d.clone();
        match &mut d {
            Draw::Text { y: dy, .. } => *dy += y,
            Draw::Line { y1, y2, .. } => {
                *y1 += y;
                *y2 += y;
            }
            Draw::Rect { y: dy, .. }
            | Draw::Image { y: dy, .. }
            | Draw::Link { y: dy, .. }
            | Draw::PageNumberOf { y: dy, .. }
            | Draw::LinkToHeading { y: dy, .. } => *dy += y,
        }
        page.draws.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Page) -> String {
        p.draws
            .iter()
            .filter_map(|d| match d {
                Draw::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn wrap_respects_width_and_breaks() {
        let runs = rich_inline("The quick **brown** fox jumps over the *lazy* dog.\nNew line", Face::Serif);
        let lines = wrap(&runs, 10.0, 100.0);
        assert!(lines.len() >= 3);
        assert!(lines.iter().all(|l| l.width <= 100.01), "{lines:?}");
        assert!(lines.iter().flat_map(|l| &l.pieces).any(|p| p.1 == Face::SerifBold && p.0 == "brown"));
        assert_eq!(lines.last().map(|l| l.pieces[0].0.as_str()), Some("New line"));
        let long = wrap(&plain("x".repeat(500), Face::Serif), 10.0, 100.0);
        assert!(long.len() > 5 && long.iter().all(|l| l.width <= 100.01));
    }

    #[test]
    fn headings_never_end_a_page_and_tables_repeat_headers() {
        let g = Geometry::new(595.0, 842.0);
        let mut blocks = Vec::new();
        for i in 0..40 {
            blocks.push(Block::Heading { level: 2, text: format!("Section {i}"), toc: true });
            blocks.push(Block::Para(ParaStyle::Body, plain("word ".repeat(60 + i * 7), Face::Serif)));
        }
        let rows: Vec<Vec<Rich>> =
            (0..120).map(|i| vec![plain(format!("row {i}"), Face::Sans), plain("value", Face::Sans)]).collect();
        blocks.push(Block::Table {
            columns: vec![Column { title: "Name".into(), share: 1.0 }, Column { title: "Value".into(), share: 1.0 }],
            rows,
        });
        let laid = layout(&blocks, g);
        assert!(laid.pages.len() > 5);
        for p in &laid.pages {
            // The last text on a page is never a heading.
            let last = p.draws.iter().rev().find_map(|d| match d {
                Draw::Text { text, face, .. } => Some((text.clone(), *face)),
                _ => None,
            });
            if let Some((t, f)) = last {
                assert!(!(f == Face::SansBold && t.starts_with("Section")), "heading alone at the bottom: {t}");
            }
            for d in &p.draws {
                if let Draw::Text { y, .. } = d {
                    assert!(*y <= g.height - g.bottom + 1.0 && *y >= g.top, "text outside the body: {y}");
                }
            }
        }
        let table_pages: Vec<&Page> = laid.pages.iter().filter(|p| texts(p).contains("row ")).collect();
        assert!(table_pages.len() >= 2);
        for p in table_pages {
            assert!(texts(p).contains("Name Value") || texts(p).contains("Name"), "header repeated");
        }
        assert_eq!(laid.toc.len(), 40);
    }

    #[test]
    fn photos_are_never_upscaled() {
        let small = Photo { sha256: "a".into(), width: 400, height: 300, caption: String::new() };
        let (w, h) = fit_photo(&small, 400.0, 400.0);
        assert!((w - 144.0).abs() < 0.1 && (h - 108.0).abs() < 0.1, "{w}x{h}");
        let big = Photo { sha256: "b".into(), width: 2400, height: 1800, caption: String::new() };
        let (w, h) = fit_photo(&big, 240.0, 100.0);
        assert!((h - 100.0).abs() < 0.1 && (w - 133.3).abs() < 0.2);
    }
}
