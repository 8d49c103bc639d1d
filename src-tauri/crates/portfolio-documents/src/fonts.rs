//! The bundled fonts (Noto Serif for text, Noto Sans for headings and
//! tables; SIL Open Font License, see `fonts/LICENSE.txt`) and their metrics.

use std::sync::OnceLock;

/// One of the six bundled font faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// Noto Serif Regular: body text.
    Serif,
    /// Noto Serif Bold: `**bold**` in body text.
    SerifBold,
    /// Noto Serif Italic: `*italic*`, captions.
    SerifItalic,
    /// Noto Serif Bold Italic.
    SerifBoldItalic,
    /// Noto Sans Regular: tables, headers and footers, labels.
    Sans,
    /// Noto Sans Bold: headings.
    SansBold,
}

impl Face {
    /// Every face, in the order of [`Face::index`].
    pub const ALL: [Face; 6] =
        [Face::Serif, Face::SerifBold, Face::SerifItalic, Face::SerifBoldItalic, Face::Sans, Face::SansBold];

    /// Position in [`Face::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The face with bold and/or italic applied (sans has no italic here: it
    /// stays upright).
    pub fn styled(self, bold: bool, italic: bool) -> Face {
        match self {
            Face::Sans | Face::SansBold => {
                if bold {
                    Face::SansBold
                } else {
                    self
                }
            }
            _ => match (bold, italic) {
                (false, false) => Face::Serif,
                (true, false) => Face::SerifBold,
                (false, true) => Face::SerifItalic,
                (true, true) => Face::SerifBoldItalic,
            },
        }
    }

    /// The TrueType file.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Face::Serif => include_bytes!("../fonts/NotoSerif-Regular.ttf"),
            Face::SerifBold => include_bytes!("../fonts/NotoSerif-Bold.ttf"),
            Face::SerifItalic => include_bytes!("../fonts/NotoSerif-Italic.ttf"),
            Face::SerifBoldItalic => include_bytes!("../fonts/NotoSerif-BoldItalic.ttf"),
            Face::Sans => include_bytes!("../fonts/NotoSans-Regular.ttf"),
            Face::SansBold => include_bytes!("../fonts/NotoSans-Bold.ttf"),
        }
    }
}

struct Parsed {
    faces: Vec<Option<ttf_parser::Face<'static>>>,
}

fn parsed() -> &'static Parsed {
    static P: OnceLock<Parsed> = OnceLock::new();
    P.get_or_init(|| Parsed { faces: Face::ALL.iter().map(|f| ttf_parser::Face::parse(f.bytes(), 0).ok()).collect() })
}

fn face(f: Face) -> Option<&'static ttf_parser::Face<'static>> {
    parsed().faces.get(f.index()).and_then(|x| x.as_ref())
}

/// Whether the face has a glyph for `c` (whitespace and controls always count as present).
pub fn has_glyph(f: Face, c: char) -> bool {
    if c.is_whitespace() || c.is_control() {
        return true;
    }
    face(f).is_some_and(|t| t.glyph_index(c).is_some())
}

/// Advance width of `c` in thousandths of an em (missing glyphs measure as the
/// font's `.notdef`, which is what the PDF shows).
fn advance_milli(t: &ttf_parser::Face<'_>, c: char) -> f32 {
    let upem = t.units_per_em().max(1) as f32;
    let gid = t.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
    t.glyph_hor_advance(gid).unwrap_or(0) as f32 * 1000.0 / upem
}

/// Width of `text` set in `f` at `size` points.
pub fn width(f: Face, size: f32, text: &str) -> f32 {
    let Some(t) = face(f) else { return text.chars().count() as f32 * size * 0.5 };
    text.chars().map(|c| advance_milli(t, c)).sum::<f32>() * size / 1000.0
}

/// Ascender of the face as a fraction of the size (for placing the first baseline).
pub fn ascent(f: Face) -> f32 {
    face(f).map(|t| t.ascender() as f32 / t.units_per_em().max(1) as f32).unwrap_or(0.9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_parses_and_covers_latin_greek_cyrillic() {
        for f in Face::ALL {
            assert!(face(f).is_some(), "{f:?}");
            for c in ['a', 'é', 'ß', 'Ω', 'λ', 'Ж', 'я', '—', '“', '€'] {
                assert!(has_glyph(f, c), "{f:?} lacks {c}");
            }
            assert!(!has_glyph(f, '漢'), "{f:?} unexpectedly has CJK");
        }
    }

    #[test]
    fn bold_is_wider_than_regular() {
        let w = width(Face::Serif, 10.0, "Learning Plan");
        assert!(w > 40.0 && w < 90.0, "{w}");
        assert!(width(Face::SerifBold, 10.0, "Learning Plan") > w);
        assert_eq!(width(Face::Serif, 20.0, "ab"), 2.0 * width(Face::Serif, 10.0, "ab"));
    }
}
