//! What a document is made of, before layout: the colours of the palette,
//! rich text ([`Run`], [`Rich`]), the paragraph styles of the type scale, and
//! the [`Block`]s (cover, headings, paragraphs, tables, photos, chart,
//! signature and writing lines) that the `docs` builders produce.

use crate::fonts::Face;
use crate::markdown;

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

/// The measure of running text in em: about 66 characters of Noto Serif
/// (its average character, space included, is about half an em).
pub const MEASURE_EM: f32 = 33.0;

impl ParaStyle {
    /// The widest line of the style, in points: [`MEASURE_EM`] for body and
    /// lead text, 40 em for small text, the text column for captions.
    pub fn measure(self) -> f32 {
        let (size, _, _) = self.size();
        match self {
            ParaStyle::Body | ParaStyle::Lead => MEASURE_EM * size,
            ParaStyle::Small => 40.0 * size,
            ParaStyle::Caption => f32::INFINITY,
        }
    }

    pub(crate) fn size(self) -> (f32, f32, Color) {
        match self {
            ParaStyle::Body => (10.5, 15.0, INK),
            ParaStyle::Lead => (12.0, 17.0, INK),
            ParaStyle::Small => (8.5, 12.0, MUTED),
            ParaStyle::Caption => (8.5, 11.5, MUTED),
        }
    }
}

/// A table cell holding only this is drawn as an empty box to tick with a pen.
pub const TICK_BOX: &str = "\u{2610}";

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
    /// The alternative text (the tagged PDF's `/Alt` of its figure).
    pub alt: String,
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
        /// What the axis measures, printed under it ("Evidence items").
        axis: String,
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
    /// Start a new leaf: a front page (odd number) when printed double-sided,
    /// the back before it left blank when needed.
    LeafBreak,
}
