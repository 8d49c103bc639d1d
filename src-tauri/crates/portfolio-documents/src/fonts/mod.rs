//! The fonts and their metrics. Six bundled faces carry the document's
//! styles (Noto Serif for text, Noto Sans for headings and tables; SIL Open
//! Font License, see `fonts/LICENSE.txt`). A character a face lacks is set
//! in the first fallback font that has it ([`fallback`]: bundled Noto Naskh
//! Arabic, then the system's Noto CJK and symbol fonts when installed), and
//! Arabic is shaped ([`arabic`]). Widths are measured on the glyphs that are
//! actually drawn ([`shape`]), the `.notdef` box of a character no font has
//! included, so layout and the PDF always agree.

pub mod arabic;
pub mod fallback;

pub use fallback::FontRef;

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
        FontRef::of(self).data().map(|d| d.0).unwrap_or(&[])
    }
}

/// A glyph as drawn: which font, which glyph, its advance, and the text it
/// stands for (for the PDF's text layer; empty for a mark that travels with
/// the glyph before it).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The font it is drawn in.
    pub font: FontRef,
    /// Glyph id in that font (0 is the `.notdef` box).
    pub gid: u16,
    /// Advance in thousandths of an em.
    pub advance: f32,
    /// The characters it stands for.
    pub text: String,
}

/// Whether the face, or one of its fallbacks, has a glyph for `c`
/// (whitespace and controls always count as present).
pub fn has_glyph(f: Face, c: char) -> bool {
    if c.is_whitespace() || c.is_control() {
        return true;
    }
    fallback::resolve(f, c).is_some()
}

/// The font and glyph drawing `c` in face `f`: the face itself, a fallback,
/// or the face's `.notdef` box.
fn glyph_for(f: Face, c: char) -> (FontRef, u16) {
    match fallback::resolve(f, c) {
        Some(hit) => hit,
        None => (FontRef::of(f), 0),
    }
}

/// The glyphs that draw `text` in face `f`, in visual order.
pub fn shape(f: Face, text: &str) -> Vec<Glyph> {
    let glyph = |font: FontRef, gid: u16, text: String| Glyph { font, gid, advance: font.advance(gid), text };
    if !arabic::needs_shaping(text) {
        return text
            .chars()
            .map(|c| {
                let (font, gid) = glyph_for(f, c);
                glyph(font, gid, c.to_string())
            })
            .collect();
    }
    // Presentation forms come from the font that has the letter.
    let has = |c: char| fallback::resolve(f, c).is_some();
    arabic::shape(text, has)
        .into_iter()
        .map(|s| {
            let (font, gid) = glyph_for(f, s.draw);
            glyph(font, gid, s.text)
        })
        .collect()
}

/// Width of `text` set in `f` at `size` points: the advances of the glyphs
/// [`shape`] draws.
pub fn width(f: Face, size: f32, text: &str) -> f32 {
    let milli: f32 = if arabic::needs_shaping(text) {
        shape(f, text).iter().map(|g| g.advance).sum()
    } else {
        text.chars()
            .map(|c| {
                let (font, gid) = glyph_for(f, c);
                font.advance(gid)
            })
            .sum()
    };
    milli * size / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_parses_and_covers_latin_greek_cyrillic() {
        for f in Face::ALL {
            assert!(FontRef::of(f).parsed().is_some(), "{f:?}");
            for c in ['a', 'é', 'ß', 'Ω', 'λ', 'Ж', 'я', '—', '“', '€'] {
                assert!(has_glyph(f, c), "{f:?} lacks {c}");
            }
            assert!(fallback::resolve(f, '漢').is_none_or(|(font, _)| font != FontRef::of(f)), "{f:?} has CJK");
            assert!(has_glyph(f, 'م'), "{f:?}: Arabic falls back to Noto Naskh Arabic");
        }
    }

    #[test]
    fn bold_is_wider_than_regular() {
        let w = width(Face::Serif, 10.0, "Learning Plan");
        assert!(w > 40.0 && w < 90.0, "{w}");
        assert!(width(Face::SerifBold, 10.0, "Learning Plan") > w);
        assert_eq!(width(Face::Serif, 20.0, "ab"), 2.0 * width(Face::Serif, 10.0, "ab"));
    }

    #[test]
    fn width_is_the_sum_of_the_drawn_glyphs_even_for_missing_characters() {
        // U+10FFFD (private use) is in no font: drawn as the face's .notdef box.
        for text in ["a\u{10FFFD}b", "\u{10FFFD}\u{10FFFD}\u{10FFFD}", "سلام عليكم", "ok 🙂"] {
            for f in Face::ALL {
                let glyphs = shape(f, text);
                let sum: f32 = glyphs.iter().map(|g| g.advance).sum::<f32>() * 10.0 / 1000.0;
                assert!((width(f, 10.0, text) - sum).abs() < 1e-3, "{f:?} {text}");
                assert!(glyphs.iter().all(|g| g.advance > 0.0), "{f:?} {text}: {glyphs:?}");
            }
        }
        let notdef = shape(Face::SerifBold, "\u{10FFFD}");
        assert_eq!((notdef[0].font, notdef[0].gid), (FontRef::of(Face::SerifBold), 0));
        assert_eq!(notdef[0].text, "\u{10FFFD}", "the text layer keeps the character");
    }
}
