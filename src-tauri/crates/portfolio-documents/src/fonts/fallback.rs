//! Every font a document can be set in, and which one draws a character.
//!
//! The six style faces and Noto Naskh Arabic (Regular, Bold) are bundled in
//! the binary. Chinese, Japanese and Korean and symbols (some emoji among
//! them) come from the system's Noto fonts when they are installed (Debian:
//! `fonts-noto-cjk`, `fonts-noto-core`); they are read from disk the first
//! time a document needs one of their characters, never downloaded. A font
//! that is not there is simply skipped: its characters are reported as
//! missing and drawn as the style face's `.notdef` box.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::Face;

/// One font a document can use (an index into the table of fonts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontRef(u8);

/// Where a font comes from.
enum Source {
    /// In the binary.
    Bundled(&'static [u8]),
    /// A system font file (the first that exists) and, in a collection, the
    /// face whose family name ends with this (e.g. " SC").
    System(&'static [&'static str], &'static str),
}

struct Spec {
    name: &'static str,
    source: Source,
}

const CJK_REGULAR: &[&str] = &[
    "opentype/noto/NotoSansCJK-Regular.ttc",
    "opentype/noto-cjk/NotoSansCJK-Regular.ttc",
    "noto-cjk/NotoSansCJK-Regular.ttc",
];
const CJK_BOLD: &[&str] =
    &["opentype/noto/NotoSansCJK-Bold.ttc", "opentype/noto-cjk/NotoSansCJK-Bold.ttc", "noto-cjk/NotoSansCJK-Bold.ttc"];
const SYMBOLS2: &[&str] = &["truetype/noto/NotoSansSymbols2-Regular.ttf", "noto/NotoSansSymbols2-Regular.ttf"];
const SYMBOLS: &[&str] = &["truetype/noto/NotoSansSymbols-Regular.ttf", "noto/NotoSansSymbols-Regular.ttf"];

/// The table of fonts: the six faces in [`Face::ALL`] order, then the fallbacks.
const SPECS: &[Spec] = &[
    Spec { name: "NotoSerif-Regular", source: Source::Bundled(include_bytes!("../../fonts/NotoSerif-Regular.ttf")) },
    Spec { name: "NotoSerif-Bold", source: Source::Bundled(include_bytes!("../../fonts/NotoSerif-Bold.ttf")) },
    Spec { name: "NotoSerif-Italic", source: Source::Bundled(include_bytes!("../../fonts/NotoSerif-Italic.ttf")) },
    Spec {
        name: "NotoSerif-BoldItalic",
        source: Source::Bundled(include_bytes!("../../fonts/NotoSerif-BoldItalic.ttf")),
    },
    Spec { name: "NotoSans-Regular", source: Source::Bundled(include_bytes!("../../fonts/NotoSans-Regular.ttf")) },
    Spec { name: "NotoSans-Bold", source: Source::Bundled(include_bytes!("../../fonts/NotoSans-Bold.ttf")) },
    Spec {
        name: "NotoNaskhArabic-Regular",
        source: Source::Bundled(include_bytes!("../../fonts/NotoNaskhArabic-Regular.ttf")),
    },
    Spec {
        name: "NotoNaskhArabic-Bold",
        source: Source::Bundled(include_bytes!("../../fonts/NotoNaskhArabic-Bold.ttf")),
    },
    Spec { name: "NotoSansCJKsc-Regular", source: Source::System(CJK_REGULAR, " SC") },
    Spec { name: "NotoSansCJKsc-Bold", source: Source::System(CJK_BOLD, " SC") },
    Spec { name: "NotoSansSymbols2-Regular", source: Source::System(SYMBOLS2, "") },
    Spec { name: "NotoSansSymbols-Regular", source: Source::System(SYMBOLS, "") },
];

const ARABIC: u8 = 6;
const ARABIC_BOLD: u8 = 7;
const CJK: u8 = 8;
const CJK_BOLD_SLOT: u8 = 9;
const SYMBOLS2_SLOT: u8 = 10;
const SYMBOLS_SLOT: u8 = 11;

/// Folders searched for system fonts.
const FONT_DIRS: &[&str] = &["/usr/share/fonts", "/usr/local/share/fonts"];

struct Loaded {
    bytes: &'static [u8],
    index: u32,
    face: ttf_parser::Face<'static>,
}

fn slots() -> &'static [OnceLock<Option<Loaded>>] {
    static SLOTS: OnceLock<Vec<OnceLock<Option<Loaded>>>> = OnceLock::new();
    SLOTS.get_or_init(|| SPECS.iter().map(|_| OnceLock::new()).collect())
}

fn find_system(paths: &[&str]) -> Option<PathBuf> {
    let extra = std::env::var_os("LEARNER_PORTFOLIO_FONT_DIR").map(PathBuf::from);
    let dirs = extra.into_iter().chain(FONT_DIRS.iter().map(PathBuf::from));
    let dirs: Vec<PathBuf> = dirs.collect();
    dirs.iter().flat_map(|d| paths.iter().map(move |p| d.join(p))).find(|p| p.is_file()).or_else(|| {
        // The file name alone, one level down (other distributions' layouts).
        let names: Vec<&str> = paths.iter().filter_map(|p| Path::new(p).file_name()?.to_str()).collect();
        dirs.iter().find_map(|d| {
            std::fs::read_dir(d)
                .ok()?
                .flatten()
                .find_map(|e| names.iter().map(|n| e.path().join(n)).find(|p| p.is_file()))
        })
    })
}

fn load(spec: &Spec) -> Option<Loaded> {
    let (bytes, family): (&'static [u8], &str) = match &spec.source {
        Source::Bundled(b) => (b, ""),
        Source::System(paths, family) => {
            let data = std::fs::read(find_system(paths)?).ok()?;
            // Read once per process and kept for its lifetime, like the bundled fonts.
            (Box::leak(data.into_boxed_slice()), family)
        }
    };
    let count = ttf_parser::fonts_in_collection(bytes).unwrap_or(1);
    let index = (0..count)
        .find(|i| {
            family.is_empty()
                || ttf_parser::Face::parse(bytes, *i).ok().is_some_and(|f| {
                    f.names()
                        .into_iter()
                        .filter(|n| n.name_id == ttf_parser::name_id::FAMILY)
                        .filter_map(|n| n.to_string())
                        .any(|n| n.ends_with(family))
                })
        })
        .unwrap_or(0);
    let face = ttf_parser::Face::parse(bytes, index).ok()?;
    Some(Loaded { bytes, index, face })
}

impl FontRef {
    /// The font of a style face.
    pub fn of(face: Face) -> FontRef {
        FontRef(face.index() as u8)
    }

    fn loaded(self) -> Option<&'static Loaded> {
        let slot = slots().get(self.0 as usize)?;
        slot.get_or_init(|| load(&SPECS[self.0 as usize])).as_ref()
    }

    /// The parsed font, if it is available on this computer.
    pub fn parsed(self) -> Option<&'static ttf_parser::Face<'static>> {
        self.loaded().map(|l| &l.face)
    }

    /// The font file and the face's index in it (collections hold several).
    pub fn data(self) -> Option<(&'static [u8], u32)> {
        self.loaded().map(|l| (l.bytes, l.index))
    }

    /// The font's name, for reports ("NotoSansCJKsc-Regular").
    pub fn name(self) -> &'static str {
        SPECS.get(self.0 as usize).map(|s| s.name).unwrap_or("")
    }

    /// Advance of glyph `gid` in thousandths of an em.
    pub fn advance(self, gid: u16) -> f32 {
        match self.parsed() {
            Some(t) => {
                let upem = t.units_per_em().max(1) as f32;
                t.glyph_hor_advance(ttf_parser::GlyphId(gid)).unwrap_or(0) as f32 * 1000.0 / upem
            }
            None => 500.0,
        }
    }

    /// The glyph for `c`, if the font is available and has one.
    pub fn glyph(self, c: char) -> Option<u16> {
        self.parsed()?.glyph_index(c).map(|g| g.0)
    }
}

/// The fonts tried for a character in face `f`, in order.
fn chain(f: Face) -> [u8; 5] {
    let bold = matches!(f, Face::SerifBold | Face::SerifBoldItalic | Face::SansBold);
    if bold {
        [f.index() as u8, ARABIC_BOLD, CJK_BOLD_SLOT, SYMBOLS2_SLOT, SYMBOLS_SLOT]
    } else {
        [f.index() as u8, ARABIC, CJK, SYMBOLS2_SLOT, SYMBOLS_SLOT]
    }
}

/// The first font in face `f`'s chain that has `c`, with the glyph.
pub fn resolve(f: Face, c: char) -> Option<(FontRef, u16)> {
    if let Some(g) = FontRef::of(f).glyph(c) {
        return Some((FontRef::of(f), g));
    }
    // A system font that is not installed is looked for once; the chain
    // stops at the first font that has the character.
    chain(f).into_iter().skip(1).map(FontRef).find_map(|font| font.glyph(c).map(|g| (font, g)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_always_load_and_arabic_has_its_forms() {
        for i in 0..=ARABIC_BOLD {
            assert!(FontRef(i).parsed().is_some(), "{}", FontRef(i).name());
        }
        assert_eq!(resolve(Face::Serif, 'م').map(|r| r.0), Some(FontRef(ARABIC)));
        assert_eq!(resolve(Face::SansBold, 'م').map(|r| r.0), Some(FontRef(ARABIC_BOLD)));
        assert!(FontRef(ARABIC).glyph('\u{FEE3}').is_some(), "initial mīm");
        assert_eq!(resolve(Face::Serif, '\u{10FFFD}'), None);
    }

    #[test]
    fn chinese_comes_from_the_system_font_when_installed() {
        match FontRef(CJK).parsed() {
            Some(_) => assert_eq!(resolve(Face::Serif, '漢').map(|r| r.0), Some(FontRef(CJK))),
            None => assert_eq!(resolve(Face::Serif, '漢'), None),
        }
    }
}
