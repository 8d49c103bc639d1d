//! Arabic without a shaping engine: each letter takes its contextual form
//! (isolated, final, initial, medial) from the Unicode Arabic Presentation
//! Forms, lām + alif become their ligature, and a run of right-to-left text
//! is set in visual order (clusters reversed, each mark kept after its
//! letter, as fonts expect for a zero-width mark drawn over the glyph before
//! it). The text layer keeps the letters as written: every shaped glyph
//! carries the characters it stands for.

/// How a letter joins its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joining {
    /// Joins on both sides (four forms).
    Dual,
    /// Joins only to the letter before it (isolated and final forms).
    Right,
    /// Never joins (hamza).
    None,
    /// Tatweel: joins on both sides, has no forms.
    Causing,
    /// Marks (harakat): ignored for joining.
    Transparent,
}

/// Letters with presentation forms: (letter, isolated form, joining). The
/// final form follows the isolated one; for dual-joining letters the initial
/// and medial forms follow the final one.
const FORMS: &[(char, u32, Joining)] = &[
    ('\u{0621}', 0xFE80, Joining::None),
    ('\u{0622}', 0xFE81, Joining::Right),
    ('\u{0623}', 0xFE83, Joining::Right),
    ('\u{0624}', 0xFE85, Joining::Right),
    ('\u{0625}', 0xFE87, Joining::Right),
    ('\u{0626}', 0xFE89, Joining::Dual),
    ('\u{0627}', 0xFE8D, Joining::Right),
    ('\u{0628}', 0xFE8F, Joining::Dual),
    ('\u{0629}', 0xFE93, Joining::Right),
    ('\u{062A}', 0xFE95, Joining::Dual),
    ('\u{062B}', 0xFE99, Joining::Dual),
    ('\u{062C}', 0xFE9D, Joining::Dual),
    ('\u{062D}', 0xFEA1, Joining::Dual),
    ('\u{062E}', 0xFEA5, Joining::Dual),
    ('\u{062F}', 0xFEA9, Joining::Right),
    ('\u{0630}', 0xFEAB, Joining::Right),
    ('\u{0631}', 0xFEAD, Joining::Right),
    ('\u{0632}', 0xFEAF, Joining::Right),
    ('\u{0633}', 0xFEB1, Joining::Dual),
    ('\u{0634}', 0xFEB5, Joining::Dual),
    ('\u{0635}', 0xFEB9, Joining::Dual),
    ('\u{0636}', 0xFEBD, Joining::Dual),
    ('\u{0637}', 0xFEC1, Joining::Dual),
    ('\u{0638}', 0xFEC5, Joining::Dual),
    ('\u{0639}', 0xFEC9, Joining::Dual),
    ('\u{063A}', 0xFECD, Joining::Dual),
    ('\u{0641}', 0xFED1, Joining::Dual),
    ('\u{0642}', 0xFED5, Joining::Dual),
    ('\u{0643}', 0xFED9, Joining::Dual),
    ('\u{0644}', 0xFEDD, Joining::Dual),
    ('\u{0645}', 0xFEE1, Joining::Dual),
    ('\u{0646}', 0xFEE5, Joining::Dual),
    ('\u{0647}', 0xFEE9, Joining::Dual),
    ('\u{0648}', 0xFEED, Joining::Right),
    ('\u{0649}', 0xFEEF, Joining::Right),
    ('\u{064A}', 0xFEF1, Joining::Dual),
    // Persian and Urdu letters (Presentation Forms-A).
    ('\u{067E}', 0xFB56, Joining::Dual),
    ('\u{0686}', 0xFB7A, Joining::Dual),
    ('\u{0698}', 0xFB8A, Joining::Right),
    ('\u{06A9}', 0xFB8E, Joining::Dual),
    ('\u{06AF}', 0xFB92, Joining::Dual),
    ('\u{06CC}', 0xFBFC, Joining::Dual),
];

fn forms(c: char) -> Option<(u32, Joining)> {
    FORMS.iter().find(|f| f.0 == c).map(|f| (f.1, f.2))
}

fn joining(c: char) -> Joining {
    match c {
        '\u{0640}' => Joining::Causing,
        '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' => {
            Joining::Transparent
        }
        _ => forms(c).map(|f| f.1).unwrap_or(Joining::None),
    }
}

/// Whether `c` is written right to left (Hebrew, Arabic and their
/// presentation forms).
pub fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Whether `text` needs this module (has right-to-left characters).
pub fn needs_shaping(text: &str) -> bool {
    text.chars().any(is_rtl)
}

/// One cluster after shaping: the character to look up in the font (a
/// presentation form where the font has it) and the characters it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shaped {
    /// Character whose glyph is drawn.
    pub draw: char,
    /// What it stands for in the text layer.
    pub text: String,
    /// A mark (drawn over the letter before it; stays after it in visual order).
    pub mark: bool,
}

/// Shapes `text` in logical order; `has` tells whether the font can draw a
/// character. Returns clusters in visual order (right-to-left runs
/// reversed; left-to-right text between them kept in order).
pub fn shape(text: &str, has: impl Fn(char) -> bool) -> Vec<Shaped> {
    let chars: Vec<char> = text.chars().collect();
    let kinds: Vec<Joining> = chars.iter().map(|c| joining(*c)).collect();
    // The neighbour letters that decide joining, skipping marks.
    let prev_letter = |i: usize| (0..i).rev().find(|j| kinds[*j] != Joining::Transparent);
    let next_letter = |i: usize| (i + 1..chars.len()).find(|j| kinds[*j] != Joining::Transparent);
    let joins_left = |k: Joining| matches!(k, Joining::Dual | Joining::Causing);
    let joins_right = |k: Joining| matches!(k, Joining::Dual | Joining::Right | Joining::Causing);
    let mut out: Vec<Shaped> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let k = kinds[i];
        let after_joins = prev_letter(i).is_some_and(|p| joins_left(kinds[p])) && joins_right(k);
        // Lām followed by an alif: one ligature glyph.
        if c == '\u{0644}' && i + 1 < chars.len() {
            let lig = match chars[i + 1] {
                '\u{0622}' => Some(0xFEF5),
                '\u{0623}' => Some(0xFEF7),
                '\u{0625}' => Some(0xFEF9),
                '\u{0627}' => Some(0xFEFB),
                _ => None,
            };
            if let Some(base) = lig {
                let form = char::from_u32(base + u32::from(after_joins)).filter(|f| has(*f));
                if let Some(f) = form {
                    // Text extractors reverse a right-to-left run character by
                    // character, the ligature's text included: give it alif, lām.
                    out.push(Shaped { draw: f, text: chars[i..i + 2].iter().rev().collect(), mark: false });
                    i += 2;
                    continue;
                }
            }
        }
        let draw = match forms(c) {
            Some((iso, j)) => {
                let before = after_joins;
                let after = j == Joining::Dual && next_letter(i).is_some_and(|n| joins_right(kinds[n]));
                let offset = match (j, before, after) {
                    (Joining::Dual, true, true) => 3,
                    (Joining::Dual, false, true) => 2,
                    (_, true, _) => 1,
                    _ => 0,
                };
                [offset, u32::from(before)]
                    .into_iter()
                    .filter_map(|o| char::from_u32(iso + o))
                    .find(|f| has(*f))
                    .unwrap_or(c)
            }
            None => c,
        };
        out.push(Shaped { draw, text: c.to_string(), mark: k == Joining::Transparent });
        i += 1;
    }
    visual_order(out)
}

/// Reverses each right-to-left run (letters, marks, and the spaces and
/// punctuation between right-to-left letters); a mark stays after its letter.
fn visual_order(logical: Vec<Shaped>) -> Vec<Shaped> {
    let rtl = |s: &Shaped| is_rtl(s.draw) || s.text.chars().any(is_rtl);
    let strong: Vec<Option<bool>> = logical
        .iter()
        .map(|s| {
            if rtl(s) && (s.draw.is_alphabetic() || s.mark) {
                Some(true)
            } else if s.draw.is_alphanumeric() {
                Some(false)
            } else {
                None
            }
        })
        .collect();
    // Neutral characters take the direction of their neighbours when both agree.
    let n = logical.len();
    let mut dir = vec![false; n];
    for i in 0..n {
        dir[i] = match strong[i] {
            Some(d) => d,
            None => {
                let before = strong[..i].iter().rev().find_map(|d| *d);
                let after = strong[i + 1..].iter().find_map(|d| *d);
                before == Some(true) && after == Some(true)
            }
        };
    }
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        if !dir[i] {
            out.push(logical[i].clone());
            i += 1;
            continue;
        }
        let start = i;
        while i < n && dir[i] {
            i += 1;
        }
        // Clusters: a letter and the marks after it.
        let mut clusters: Vec<Vec<Shaped>> = Vec::new();
        for s in &logical[start..i] {
            match clusters.last_mut() {
                Some(c) if s.mark => c.push(s.clone()),
                _ => clusters.push(vec![s.clone()]),
            }
        }
        out.extend(clusters.into_iter().rev().flatten());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(s: &[Shaped]) -> String {
        s.iter().map(|x| x.draw).collect()
    }

    #[test]
    fn letters_take_their_contextual_forms_in_visual_order() {
        // مرحبا: mīm initial, rā final, ḥā initial, bā medial, alif final; reversed.
        let s = shape("مرحبا", |_| true);
        assert_eq!(drawn(&s), "\u{FE8E}\u{FE92}\u{FEA3}\u{FEAE}\u{FEE3}");
        let text: String = s.iter().rev().map(|x| x.text.as_str()).collect();
        assert_eq!(text, "مرحبا");
        // What an extractor reads: the visual order reversed character by character.
        let read: String = s.iter().flat_map(|x| x.text.chars()).collect::<Vec<_>>().into_iter().rev().collect();
        assert_eq!(shape("سلام", |_| true).iter().flat_map(|x| x.text.chars()).rev().collect::<String>(), "سلام");
        assert_eq!(read, "مرحبا");
    }

    #[test]
    fn lam_alif_is_one_glyph_and_latin_keeps_its_order() {
        let s = shape("abc سلام 12", |_| true);
        let d = drawn(&s);
        assert!(d.starts_with("abc "), "{d:?}");
        assert!(d.contains('\u{FEFC}'), "lām-alif ligature (final): {d:?}");
        assert!(d.ends_with(" 12"), "{d:?}");
        // Every letter is still in the text layer.
        let all: String = s.iter().map(|x| x.text.as_str()).collect();
        for c in "سلام".chars() {
            assert!(all.contains(c));
        }
    }

    #[test]
    fn missing_forms_fall_back_to_the_letter() {
        let s = shape("بب", |c| !('\u{FE70}'..='\u{FEFF}').contains(&c));
        assert_eq!(drawn(&s), "بب");
    }
}
