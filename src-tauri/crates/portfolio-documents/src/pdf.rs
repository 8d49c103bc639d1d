//! Writing laid-out pages as PDF with printpdf: fonts embedded and subset,
//! photos as JPEG streams, links, an outline (bookmarks), page headers and
//! footers with "Page X of Y", and document metadata. What is drawn is
//! marked content (an MCID per run of one structure element, running heads
//! and rules as artifacts); [`crate::structure`] adds the structure tree.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Timelike, Utc};
use printpdf::{
    Actions, Codepoint, CurTransMat, Destination, DictItem, ExternalStream, ExternalXObject, FontId, LinePoint,
    LinkAnnotation, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Px, Rect, TextItem, TextMatrix,
    XObjectId,
};

use crate::fonts::{self, Face, FontRef};
use crate::images::Prepared;
use crate::layout::tags::Elem;
use crate::layout::{Color, Draw, Geometry, Laid, MUTED, RULE};
use crate::structure::{self, PageMarks};

/// Document information and the running header.
#[derive(Debug, Clone)]
pub struct Meta {
    /// Title (also in the PDF metadata).
    pub title: String,
    /// Author: the learner.
    pub author: String,
    /// Subject line.
    pub subject: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Creation time.
    pub created: DateTime<Utc>,
    /// Left of the running header (the document's name).
    pub header_left: String,
    /// Right of the running header (the learner's name).
    pub header_right: String,
    /// Left of the footer (e.g. "Printed 22 November 2026").
    pub footer_left: String,
    /// The document's language (BCP 47, "en").
    pub lang: String,
}

fn color(c: Color) -> printpdf::Color {
    printpdf::Color::Rgb(printpdf::Rgb { r: c.0, g: c.1, b: c.2, icc_profile: None })
}

fn pdf_date(t: DateTime<Utc>) -> printpdf::DateTime {
    printpdf::DateTime {
        date: printpdf::Date { year: t.year(), month: t.month() as u8, day: t.day() as u8 },
        time: printpdf::Time {
            hour: t.hour() as u8,
            minute: t.minute() as u8,
            second: t.second() as u8,
            millisecond: 0,
        },
        offset: printpdf::Offset { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 },
    }
}

fn image_xobject(p: &Prepared) -> ExternalXObject {
    let mut dict = BTreeMap::new();
    dict.insert("Type".to_string(), DictItem::Name("XObject".into()));
    dict.insert("Subtype".to_string(), DictItem::Name("Image".into()));
    dict.insert("Width".to_string(), DictItem::Int(p.width as i64));
    dict.insert("Height".to_string(), DictItem::Int(p.height as i64));
    dict.insert(
        "ColorSpace".to_string(),
        DictItem::Name(if p.gray { "DeviceGray".into() } else { "DeviceRGB".into() }),
    );
    dict.insert("BitsPerComponent".to_string(), DictItem::Int(8));
    dict.insert("Filter".to_string(), DictItem::Name("DCTDecode".into()));
    ExternalXObject {
        stream: ExternalStream { dict, content: p.jpeg.clone(), compress: false },
        width: Some(Px(p.width as usize)),
        height: Some(Px(p.height as usize)),
        dpi: None,
    }
}

struct PageWriter<'a> {
    ops: Vec<Op>,
    fonts: &'a HashMap<FontRef, FontId>,
    elems: &'a [Elem],
    height: f32,
    in_text: bool,
    font: Option<(FontRef, f32)>,
    fill: Option<Color>,
    /// The open marked-content sequence: an element's or (`Some(None)`) an artifact.
    open: Option<Option<usize>>,
    marks: PageMarks,
}

fn props(entries: Vec<(&str, DictItem)>) -> DictItem {
    DictItem::Dict { map: entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect() }
}

impl PageWriter<'_> {
    fn new<'a>(fonts: &'a HashMap<FontRef, FontId>, elems: &'a [Elem], height: f32) -> PageWriter<'a> {
        PageWriter {
            ops: Vec::new(),
            fonts,
            elems,
            height,
            in_text: false,
            font: None,
            fill: None,
            open: None,
            marks: PageMarks::default(),
        }
    }

    fn close_marked(&mut self) {
        self.end_text();
        if self.open.take().is_some() {
            self.ops.push(Op::EndMarkedContentWithProperties);
        }
    }

    /// What follows belongs to element `tag` (a new MCID), or is an artifact.
    fn tag(&mut self, tag: Option<usize>) {
        if self.open == Some(tag) {
            return;
        }
        self.close_marked();
        let (name, properties) = match tag.and_then(|e| self.elems.get(e).map(|el| (e, el))) {
            Some((e, el)) => {
                let mcid = self.marks.mcids.len();
                self.marks.mcids.push(e);
                (el.role.name().to_string(), props(vec![("MCID", DictItem::Int(mcid as i64))]))
            }
            None => ("Artifact".to_string(), props(vec![])),
        };
        self.ops.push(Op::BeginMarkedContentWithProperties { tag: name, properties });
        self.open = Some(tag.filter(|e| *e < self.elems.len()));
    }

    /// A running head or footer: a pagination artifact.
    fn pagination(&mut self, subtype: &str) {
        self.close_marked();
        let properties =
            props(vec![("Type", DictItem::Name("Pagination".into())), ("Subtype", DictItem::Name(subtype.into()))]);
        self.ops.push(Op::BeginMarkedContentWithProperties { tag: "Artifact".into(), properties });
        self.open = Some(None);
    }

    fn begin_text(&mut self) {
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
            self.font = None;
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn set_fill(&mut self, c: Color) {
        if self.fill != Some(c) {
            self.ops.push(Op::SetFillColor { col: color(c) });
            self.fill = Some(c);
        }
    }

    /// Text as the glyphs [`fonts::shape`] chose (the widths layout measured),
    /// one text-showing operation per font; each glyph carries the characters
    /// it stands for, so the text layer has them even for a `.notdef` box.
    fn text(&mut self, x: f32, y: f32, face: Face, size: f32, c: Color, text: &str) {
        let glyphs = fonts::shape(face, text);
        self.begin_text();
        self.set_fill(c);
        let mut pen = x;
        for run in glyphs.chunk_by(|a, b| a.font == b.font) {
            let Some(font) = self.fonts.get(&run[0].font) else {
                pen += run.iter().map(|g| g.advance).sum::<f32>() * size / 1000.0;
                continue;
            };
            if self.font != Some((run[0].font, size)) {
                self.ops.push(Op::SetFont { font: PdfFontHandle::External(font.clone()), size: Pt(size) });
                self.font = Some((run[0].font, size));
            }
            // A `.notdef` box is one glyph for every character no font has: its
            // text goes in /ActualText, so each keeps its own character.
            for part in run.chunk_by(|a, b| a.gid != 0 && b.gid != 0) {
                self.ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(pen), Pt(self.height - y)) });
                let boxed = part[0].gid == 0;
                if boxed {
                    let actual = part.iter().map(|g| g.text.as_str()).collect::<String>();
                    let mut map = BTreeMap::new();
                    map.insert("ActualText".to_string(), DictItem::String { data: utf16_be(&actual), literal: false });
                    self.ops.push(Op::BeginMarkedContentWithProperties {
                        tag: "Span".into(),
                        properties: DictItem::Dict { map },
                    });
                }
                let items =
                    part.iter().map(|g| Codepoint { gid: g.gid, offset: 0.0, cid: Some(g.text.clone()) }).collect();
                self.ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(items)] });
                if boxed {
                    self.ops.push(Op::EndMarkedContentWithProperties);
                }
                pen += part.iter().map(|g| g.advance).sum::<f32>() * size / 1000.0;
            }
        }
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, c: Color) {
        self.end_text();
        self.ops.push(Op::SetOutlineColor { col: color(c) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        let pt = |x: f32, y: f32| LinePoint { p: Point { x: Pt(x), y: Pt(self.height - y) }, bezier: false };
        self.ops.push(Op::DrawLine { line: printpdf::Line { points: vec![pt(x1, y1), pt(x2, y2)], is_closed: false } });
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<Color>, stroke: Option<(Color, f32)>) {
        self.end_text();
        let mode = match (fill, stroke) {
            (Some(f), Some((s, sw))) => {
                self.set_fill(f);
                self.ops.push(Op::SetOutlineColor { col: color(s) });
                self.ops.push(Op::SetOutlineThickness { pt: Pt(sw) });
                printpdf::PaintMode::FillStroke
            }
            (Some(f), None) => {
                self.set_fill(f);
                printpdf::PaintMode::Fill
            }
            (None, Some((s, sw))) => {
                self.ops.push(Op::SetOutlineColor { col: color(s) });
                self.ops.push(Op::SetOutlineThickness { pt: Pt(sw) });
                printpdf::PaintMode::Stroke
            }
            (None, None) => return,
        };
        let mut r = Rect::from_xywh(Pt(x), Pt(self.height - y - h), Pt(w), Pt(h));
        r.mode = Some(mode);
        self.ops.push(Op::DrawRectangle { rectangle: r });
    }

    fn image(&mut self, id: &XObjectId, x: f32, y: f32, w: f32, h: f32) {
        self.end_text();
        self.ops.push(Op::SaveGraphicsState);
        self.ops
            .push(Op::SetTransformationMatrix { matrix: CurTransMat::Raw([w, 0.0, 0.0, h, x, self.height - y - h]) });
        self.ops.push(Op::UseXobject {
            id: id.clone(),
            transform: printpdf::XObjectTransform { no_auto_scale: true, ..Default::default() },
        });
        self.ops.push(Op::RestoreGraphicsState);
    }
}

/// Writes the document. `photos[i]` is the prepared picture of placement `i`
/// (`None`: shown as a framed box with a note).
pub fn write(laid: &Laid, g: Geometry, meta: &Meta, photos: &[Option<Arc<Prepared>>]) -> Vec<u8> {
    let mut doc = PdfDocument::new(&meta.title);
    // Only the fonts something is drawn in: an unused font would be
    // referenced without being embedded.
    let mut fonts = HashMap::new();
    for font in used_fonts(laid, meta) {
        let mut warnings = Vec::new();
        let Some((bytes, index)) = font.data() else { continue };
        if let Some(parsed) = printpdf::ParsedFont::from_bytes(bytes, index as usize, &mut warnings) {
            fonts.insert(font, doc.add_font(&parsed));
        }
    }
    // One image object per distinct picture.
    let mut xobjects: HashMap<*const Prepared, XObjectId> = HashMap::new();
    let mut placement_ids: Vec<Option<XObjectId>> = Vec::with_capacity(photos.len());
    for p in photos {
        placement_ids.push(
            p.as_ref()
                .map(|p| xobjects.entry(Arc::as_ptr(p)).or_insert_with(|| doc.add_xobject(&image_xobject(p))).clone()),
        );
    }
    let total = laid.pages.len();
    let mut pages = Vec::with_capacity(total);
    let mut marks = Vec::with_capacity(total);
    for (n, page) in laid.pages.iter().enumerate() {
        let mut w = PageWriter::new(&fonts, &laid.elems, g.height);
        for d in &page.draws {
            match d {
                Draw::Tag(t) => w.tag(*t),
                Draw::Text { x, y, face, size, color, text } => w.text(*x, *y, *face, *size, *color, text),
                Draw::Line { x1, y1, x2, y2, width, color } => w.line(*x1, *y1, *x2, *y2, *width, *color),
                Draw::Rect { x, y, w: rw, h, fill, stroke } => w.rect(*x, *y, *rw, *h, *fill, *stroke),
                Draw::Image { x, y, w: iw, h, photo } => match placement_ids.get(*photo).cloned().flatten() {
                    Some(id) => w.image(&id, *x, *y, *iw, *h),
                    None => {
                        w.rect(*x, *y, *iw, *h, Some(crate::layout::PANEL), Some((RULE, 0.5)));
                        w.text(*x + 6.0, *y + 14.0, Face::Sans, 8.0, MUTED, "Picture not available");
                    }
                },
                Draw::Link { x, y, w: lw, h, page } => {
                    w.end_text();
                    let elem = w.open.flatten();
                    w.marks.links.push(elem);
                    w.ops.push(Op::LinkAnnotation {
                        link: LinkAnnotation::new(
                            Rect::from_xywh(Pt(*x), Pt(g.height - y - h), Pt(*lw), Pt(*h)),
                            Actions::go_to(Destination::Xyz { page: page + 1, left: None, top: None, zoom: None }),
                            Some(printpdf::BorderArray::Solid([0.0, 0.0, 0.0])),
                            None,
                            None,
                        ),
                    });
                }
                Draw::PageNumberOf { .. } | Draw::LinkToHeading { .. } => {}
            }
        }
        if !page.cover {
            w.pagination("Header");
            let top = g.top - 26.0;
            w.text(g.side, top, Face::Sans, 8.0, MUTED, &meta.header_left);
            let rw = fonts::width(Face::Sans, 8.0, &meta.header_right);
            w.text(g.width - g.side - rw, top, Face::Sans, 8.0, MUTED, &meta.header_right);
            w.line(g.side, top + 5.0, g.width - g.side, top + 5.0, 0.4, RULE);
            w.pagination("Footer");
            let fy = g.height - g.bottom + 30.0;
            let label = format!("Page {} of {}", n + 1, total);
            let lw = fonts::width(Face::Sans, 8.0, &label);
            w.text(g.side, fy, Face::Sans, 8.0, MUTED, &meta.footer_left);
            w.text(g.width - g.side - lw, fy, Face::Sans, 8.0, MUTED, &label);
        }
        w.close_marked();
        marks.push(std::mem::take(&mut w.marks));
        pages.push(PdfPage::new(Pt(g.width).into(), Pt(g.height).into(), w.ops));
    }
    doc.with_pages(pages);
    let now = pdf_date(meta.created);
    doc.metadata.info.creation_date = now;
    doc.metadata.info.modification_date = now;
    doc.metadata.info.metadata_date = now;
    doc.metadata.info.document_title = meta.title.clone();
    doc.metadata.info.author = meta.author.clone();
    doc.metadata.info.subject = meta.subject.clone();
    doc.metadata.info.keywords = meta.keywords.clone();
    doc.metadata.info.creator = "Learner Portfolio".into();
    doc.metadata.info.producer = format!("Learner Portfolio {} (printpdf)", env!("CARGO_PKG_VERSION"));
    let mut warnings = Vec::new();
    let opts = PdfSaveOptions { optimize: false, subset_fonts: true, secure: true, image_optimization: None };
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    outline(&mut lo, &laid.toc);
    let producer = doc.metadata.info.producer.clone();
    let info = structure::Info {
        title: &meta.title,
        author: &meta.author,
        subject: &meta.subject,
        keywords: &meta.keywords,
        lang: &meta.lang,
        created: meta.created,
        producer: &producer,
    };
    structure::tag(&mut lo, &laid.elems, &marks, &info);
    lo.compress();
    let mut out = Vec::new();
    if lo.save_to(&mut out).is_err() {
        // Writing to memory does not fail; keep printpdf's own writer as the fallback.
        return doc.save(&PdfSaveOptions { optimize: true, ..opts }, &mut warnings);
    }
    out
}

/// Every font the pages draw in (the running header and footer, and the
/// note on a picture that is not available, are set in Noto Sans).
fn used_fonts(laid: &Laid, meta: &Meta) -> std::collections::BTreeSet<FontRef> {
    let mut used = std::collections::BTreeSet::from([FontRef::of(Face::Sans)]);
    let running = [&meta.header_left, &meta.header_right, &meta.footer_left];
    let texts = laid.pages.iter().flat_map(|p| &p.draws).filter_map(|d| match d {
        Draw::Text { face, text, .. } => Some((*face, text)),
        _ => None,
    });
    for (face, text) in texts.chain(running.into_iter().map(|t| (Face::Sans, t))) {
        used.extend(fonts::shape(face, text).into_iter().map(|g| g.font));
    }
    used
}

/// A PDF text string: UTF-16BE with its byte order mark.
pub(crate) fn utf16_be(s: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    bytes
}

fn text_string(s: &str) -> lopdf::Object {
    lopdf::Object::String(utf16_be(s), lopdf::StringFormat::Hexadecimal)
}

/// The PDF outline (bookmarks) in document order: level-1 headings at the
/// top, level-2 headings under the level-1 heading before them. (printpdf's
/// own bookmarks are flat and sorted by title within a page.)
fn outline(doc: &mut lopdf::Document, toc: &[crate::layout::PlacedHeading]) {
    use lopdf::{Dictionary, Object};
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    // (heading index, children)
    let mut tree: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, h) in toc.iter().enumerate() {
        match (h.level, tree.last_mut()) {
            (1, _) | (_, None) => tree.push((i, vec![])),
            (2, Some((_, children))) => children.push(i),
            _ => {}
        }
    }
    if tree.is_empty() || pages.is_empty() {
        return;
    }
    let root = doc.new_object_id();
    let ids: Vec<lopdf::ObjectId> = toc.iter().map(|_| doc.new_object_id()).collect();
    let item = |i: usize, parent: lopdf::ObjectId, prev: Option<usize>, next: Option<usize>| {
        let page = pages.get(toc[i].page).or(pages.last()).copied().unwrap_or((0, 0));
        let mut d = Dictionary::new();
        d.set("Title", text_string(&toc[i].text));
        d.set("Parent", Object::Reference(parent));
        d.set(
            "Dest",
            Object::Array(vec![Object::Reference(page), "XYZ".into(), Object::Null, Object::Null, Object::Null]),
        );
        if let Some(p) = prev {
            d.set("Prev", Object::Reference(ids[p]));
        }
        if let Some(n) = next {
            d.set("Next", Object::Reference(ids[n]));
        }
        d
    };
    let mut total = 0;
    for (k, (top, children)) in tree.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| tree[p].0);
        let next = tree.get(k + 1).map(|t| t.0);
        let mut d = item(*top, root, prev, next);
        if let (Some(first), Some(last)) = (children.first(), children.last()) {
            d.set("First", Object::Reference(ids[*first]));
            d.set("Last", Object::Reference(ids[*last]));
            d.set("Count", Object::Integer(children.len() as i64));
        }
        for (c, child) in children.iter().enumerate() {
            let prev = c.checked_sub(1).map(|p| children[p]);
            let next = children.get(c + 1).copied();
            doc.objects.insert(ids[*child], Object::Dictionary(item(*child, ids[*top], prev, next)));
        }
        doc.objects.insert(ids[*top], Object::Dictionary(d));
        total += 1 + children.len();
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", "Outlines");
    outlines.set("First", Object::Reference(ids[tree[0].0]));
    outlines.set("Last", Object::Reference(ids[tree[tree.len() - 1].0]));
    outlines.set("Count", Object::Integer(total as i64));
    doc.objects.insert(root, Object::Dictionary(outlines));
    let catalog = doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
    if let Some(Ok(cat)) = catalog.map(|c| doc.get_object_mut(c).and_then(Object::as_dict_mut)) {
        cat.set("Outlines", Object::Reference(root));
        cat.set("PageMode", "UseOutlines");
    }
}
