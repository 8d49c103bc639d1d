//! What layout produces: [`Draw`] operations on [`Page`]s in page
//! coordinates (points from the top-left corner), the [`Laid`] document with
//! its contents headings and photo placements, the page [`Geometry`], and
//! how big a photo is set ([`fit_photo`]).

use super::model::{Color, Photo};
use super::tags::Elem;
use crate::fonts::Face;

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
    /// What follows on the page (up to the next marker) belongs to structure
    /// element `Some(i)` of [`Laid::elems`], or is an artifact (`None`).
    /// Every row starts as an artifact.
    Tag(Option<usize>),
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
    /// The structure elements that [`Draw::Tag`] markers refer to, parents
    /// before their children, in reading order.
    pub elems: Vec<Elem>,
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
