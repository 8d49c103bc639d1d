//! The typesetter: a document is a list of [`Block`]s; the typesetter turns
//! each block into unbreakable rows (a line of a paragraph, a table row, a row
//! of photos), then fills pages with them. Page breaking keeps headings with
//! what follows, avoids single lines of a paragraph at the bottom or the top
//! of a page, and repeats a table's header on every page the table reaches.
//! Coordinates here are points from the top-left corner of the page.
//!
//! The steps are modules: [`model`] (blocks and rich text), `wrap` (line
//! breaking), `rows` and `blocks` (blocks to rows), this module (rows to
//! pages, contents resolved after pagination) and [`page`] (what is drawn).

mod blocks;
pub mod model;
pub mod page;
mod rows;
pub mod tags;
mod wrap;

pub use model::*;
pub use page::*;
pub use wrap::{wrap, Line};

use crate::fonts::{self, Face};
use rows::{Builder, Row};

/// Lays out blocks on pages of geometry `g`.
///
/// A contents page is printed only where it helps: when the pages after the
/// cover number more than [`CONTENTS_FROM_PAGES`] without it.
pub fn layout(blocks: &[Block], g: Geometry) -> Laid {
    if blocks.iter().any(|b| matches!(b, Block::Toc)) {
        let without: Vec<Block> = blocks.iter().filter(|b| !matches!(b, Block::Toc)).cloned().collect();
        let short = paginate(&without, g);
        if short.pages.iter().filter(|p| !p.cover).count() <= CONTENTS_FROM_PAGES {
            return short;
        }
    }
    paginate(blocks, g)
}

/// Documents up to this many pages (besides the cover) have no contents page.
pub const CONTENTS_FROM_PAGES: usize = 3;

fn paginate(blocks: &[Block], g: Geometry) -> Laid {
    let mut b = Builder {
        g,
        rows: Vec::new(),
        headers: Vec::new(),
        toc: Vec::new(),
        photos: Vec::new(),
        missing: Default::default(),
        blocks,
        elems: Vec::new(),
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
            // A front page has an odd number: leave this back side blank, and say so.
            if row.recto && pages.len().is_multiple_of(2) {
                let note = "This page is left blank for double-sided printing.";
                let tw = fonts::width(Face::Sans, 8.0, note);
                if let Some(p) = pages.last_mut() {
                    p.draws.push(Draw::Tag(None));
                    p.draws.push(Draw::Text {
                        x: (g.width - tw) / 2.0,
                        y: g.height / 2.0,
                        face: Face::Sans,
                        size: 8.0,
                        color: MUTED,
                        text: note.into(),
                    });
                }
                pages.push(Page::default());
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
    if pages.len() > 1 && pages.last().is_some_and(|p| p.draws.iter().all(|d| matches!(d, Draw::Tag(_)))) {
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
    Laid { pages, toc: placed_toc, photos: b.photos, missing: b.missing, elems: b.elems }
}

fn place(pages: &mut [Page], row: &Row, y: f32) {
    let Some(page) = pages.last_mut() else { return };
    if row.draws.is_empty() {
        return;
    }
    // A row's draws are artifacts until its first tag.
    page.draws.push(Draw::Tag(None));
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
            Draw::Tag(_) => {}
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
        let small =
            Photo { sha256: "a".into(), width: 400, height: 300, caption: String::new(), alt: "A photo".into() };
        let (w, h) = fit_photo(&small, 400.0, 400.0);
        assert!((w - 144.0).abs() < 0.1 && (h - 108.0).abs() < 0.1, "{w}x{h}");
        let big =
            Photo { sha256: "b".into(), width: 2400, height: 1800, caption: String::new(), alt: "A photo".into() };
        let (w, h) = fit_photo(&big, 240.0, 100.0);
        assert!((h - 100.0).abs() < 0.1 && (w - 133.3).abs() < 0.2);
    }

    #[test]
    fn captions_align_with_their_photos_and_photos_keep_with_their_text() {
        let g = Geometry::new(595.0, 842.0);
        let photo = |w, h| Photo {
            sha256: "a".into(),
            width: w,
            height: h,
            caption: "A caption under it".into(),
            alt: "A photo".into(),
        };
        let mut blocks = vec![Block::Para(ParaStyle::Body, plain("word ".repeat(1200), Face::Serif))];
        blocks.push(Block::Photos { cols: 2, photos: vec![photo(900, 1200), photo(3000, 2000)] });
        let laid = layout(&blocks, g);
        let page = laid
            .pages
            .iter()
            .find(|p| p.draws.iter().any(|d| matches!(d, Draw::Image { .. })))
            .unwrap_or_else(|| panic!("photos placed"));
        let images: Vec<(f32, f32)> = page
            .draws
            .iter()
            .filter_map(|d| match d {
                Draw::Image { x, y, .. } => Some((*x, *y)),
                _ => None,
            })
            .collect();
        for (ix, _) in &images {
            assert!(
                page.draws
                    .iter()
                    .any(|d| matches!(d, Draw::Text { x, face: Face::SerifItalic, .. } if (x - ix).abs() < 0.01)),
                "caption at the photo's left edge {ix}"
            );
        }
        // The paragraph's last line is on the photos' page.
        assert!(
            page.draws.iter().any(|d| matches!(d, Draw::Text { face: Face::Serif, .. })),
            "the figure is not alone on its page"
        );
    }

    #[test]
    fn chart_ticks_are_round_and_their_labels_are_the_gridlines_values() {
        assert_eq!(blocks::nice_ticks(14.0), (5.0, 3));
        assert_eq!(blocks::nice_ticks(310.5), (100.0, 4));
        assert_eq!(blocks::nice_ticks(4.0), (1.0, 4));
        assert_eq!(blocks::nice_ticks(0.0), (1.0, 1));
        let g = Geometry::new(595.0, 842.0);
        let bars: Vec<Bar> = [14.0, 13.0, 12.0, 9.0, 8.0]
            .iter()
            .map(|v| Bar { label: format!("Goal {v}"), value: *v, note: format!("{v}") })
            .collect();
        let laid = layout(&[Block::Chart { title: "Evidence".into(), axis: "Items".into(), bars }], g);
        let draws = &laid.pages[0].draws;
        let grid: Vec<f32> = draws
            .iter()
            .filter_map(|d| match d {
                Draw::Line { x1, x2, .. } if x1 == x2 => Some(*x1),
                _ => None,
            })
            .collect();
        let labels: Vec<(f32, String)> = draws
            .iter()
            .filter_map(|d| match d {
                Draw::Text { x, size, text, .. } if *size == 7.0 => {
                    Some((*x + fonts::width(Face::Sans, 7.0, text) / 2.0, text.clone()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(labels.iter().map(|l| l.1.as_str()).collect::<Vec<_>>(), ["0", "5", "10", "15"]);
        for ((cx, _), gx) in labels.iter().zip(&grid) {
            assert!((cx - gx).abs() < 0.01, "label centred on its gridline");
        }
        // Values sit right of the plot: no gridline crosses them.
        let right = grid.iter().fold(0.0_f32, |a, b| a.max(*b));
        assert!(draws.iter().any(|d| matches!(d, Draw::Text { x, size, .. } if *size == 8.0 && *x > right)));
        assert!(draws.iter().any(|d| matches!(d, Draw::Text { text, .. } if text == "Items")), "axis title");
    }

    #[test]
    fn nothing_on_the_cover_is_within_10_mm_of_the_edge() {
        let g = Geometry::new(612.0, 792.0);
        let cover = Block::Cover {
            kind: "Learning Plan".into(),
            title: "Maya Okafor".into(),
            lines: vec!["Grade 11".into()],
            photo: None,
        };
        let laid = layout(&[cover, Block::Para(ParaStyle::Body, plain("Body", Face::Serif))], g);
        let safe = blocks::COVER_SAFE;
        for d in &laid.pages[0].draws {
            let (x0, y0, x1, y1) = match d {
                Draw::Rect { x, y, w, h, .. } => (*x, *y, x + w, y + h),
                Draw::Text { x, y, .. } => (*x, *y - 12.0, *x, *y),
                Draw::Line { x1, y1, x2, y2, .. } => (*x1, *y1, *x2, *y2),
                _ => continue,
            };
            assert!(x0 >= safe && y0 >= safe && x1 <= g.width - safe && y1 <= g.height - safe, "{d:?}");
        }
    }

    #[test]
    fn tick_boxes_are_drawn_as_boxes_and_leaf_breaks_start_front_pages() {
        let g = Geometry::new(595.0, 842.0);
        let columns =
            vec![Column { title: "Criterion".into(), share: 3.0 }, Column { title: "Level".into(), share: 1.0 }];
        let rows = vec![vec![plain("Reasoning", Face::Sans), plain(TICK_BOX, Face::Sans)]];
        let blocks = vec![
            Block::Table { columns: columns.clone(), rows: rows.clone() },
            Block::LeafBreak,
            Block::Table { columns: columns.clone(), rows: rows.clone() },
            Block::LeafBreak,
            Block::Table { columns, rows },
        ];
        let laid = layout(&blocks, g);
        assert_eq!(laid.pages.len(), 5, "sheets on pages 1, 3 and 5");
        for (i, p) in laid.pages.iter().enumerate() {
            let boxes = p.draws.iter().filter(|d| matches!(d, Draw::Rect { fill: None, stroke: Some(_), .. })).count();
            assert_eq!(boxes, if i % 2 == 0 { 1 } else { 0 }, "page {}", i + 1);
            assert!(!texts(p).contains(TICK_BOX));
        }
        assert!(texts(&laid.pages[1]).contains("left blank"));
    }
}
