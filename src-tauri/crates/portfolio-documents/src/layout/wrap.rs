//! Line breaking: total-fit (Knuth–Plass) paragraphs set ragged right.
//!
//! Rich text becomes a list of items: boxes (text in one face, its width
//! from the glyphs drawn, [`fonts::width`]), glue (a space, where a line may
//! end unless it must not: inside a date, after a title such as "Ms.",
//! at a no-break space) and penalties (a hyphenation point of the
//! paragraph's language with its hyphen, a break after a dash or between
//! CJK characters, and, only for a word wider than the line, between any two
//! characters). Among all ways to break the paragraph into lines no wider
//! than the measure, the one with the least total demerits is chosen: each
//! line costs `(10 + badness)²` where the badness grows with the cube of how
//! much the line falls short of the measure (relative to a rag of three em),
//! plus the penalty's cost, plus extra for two hyphenated lines in a row or
//! a hyphen before the last line; the last line is otherwise free. This gives an even rag with few hyphens, where greedy
//! filling leaves a long line before a short one.
//!
//! It stays linear: a break is only considered from earlier breaks whose
//! line still fits, so at most a line's worth of breaks is active at once.

use super::model::Run;
use crate::fonts::{self, Face};
use crate::lang::Language;

/// Cost of every line (keeps the number of lines down).
const LINE_PENALTY: f32 = 10.0;
/// Cost of a hyphenated line end.
const HYPHEN_PENALTY: f32 = 100.0;
/// Extra demerits for two hyphenated lines in a row.
const DOUBLE_HYPHEN: f32 = 3000.0;
/// Extra demerits for a hyphen on the line before the last (a word's end
/// alone on the last line).
const FINAL_HYPHEN: f32 = 50_000.0;
/// Cost of breaking a word between characters (only too-long words).
const EMERGENCY_PENALTY: f32 = 5000.0;
/// The rag: a line this many em short of the measure has badness 100.
const RAG_EM: f32 = 3.0;

#[derive(Debug, Clone)]
enum Item {
    /// Text in one face.
    Box { text: String, face: Face, w: f32 },
    /// A space; `brk`: a line may end here.
    Glue { w: f32, brk: bool },
    /// A possible break inside a word, drawing a hyphen in `hyphen` when taken.
    Penalty { hyphen: Option<Face>, w: f32, cost: f32 },
}

enum Tok {
    Word(Vec<(String, Face)>),
    Space(Face),
    Newline,
}

/// Spaces that never end a line.
fn no_break_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2060}')
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
            if c == '\n' || (c.is_whitespace() && !no_break_space(c)) {
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

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const TITLES: &[&str] =
    &["mr.", "mrs.", "ms.", "mx.", "dr.", "prof.", "sr.", "sra.", "srta.", "dra.", "st.", "no.", "p.", "pp.", "fig."];

fn bare(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

fn is_month(w: &str) -> bool {
    MONTHS.contains(&bare(w).as_str())
}

fn is_number(w: &str) -> bool {
    let b = bare(w);
    !b.is_empty() && b.chars().all(|c| c.is_ascii_digit())
}

/// Whether the space between `a` and `b` (`c` after `b`) must not end a
/// line: "6 April 2026", "April 6, 2026", "6 de abril de 2026", "Ms. Delgado",
/// "Page 3 of 7".
fn glued(before: Option<&str>, a: &str, b: &str, c: Option<&str>) -> bool {
    let a_l = a.to_lowercase();
    (is_number(a) && is_month(b))
        || (is_month(a) && is_number(b))
        || (is_number(a) && bare(b) == "de" && c.is_some_and(is_month))
        || (is_month(a) && bare(b) == "de" && c.is_some_and(is_number))
        || (bare(a) == "de" && (is_month(b) || (is_number(b) && before.is_some_and(is_month))))
        || TITLES.contains(&a_l.as_str())
        || (matches!(bare(a).as_str(), "page" | "página") && is_number(b))
        || (is_number(a) && matches!(bare(b).as_str(), "of" | "de") && c.is_some_and(is_number))
        || (matches!(bare(a).as_str(), "of" | "de") && is_number(b) && before.is_some_and(is_number))
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF)
}

fn no_break_before(c: char) -> bool {
    matches!(c, '、' | '。' | '，' | '．' | '：' | '；' | '！' | '？' | '）' | '」' | '』' | '〉' | '》' | '・' | 'ー')
}

/// Where `text` may break without a hyphen: after a dash between letters,
/// and between CJK characters (not before closing punctuation).
fn soft_breaks(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    for i in 1..chars.len() {
        let (prev, c) = (chars[i - 1].1, chars[i].1);
        let dash = matches!(prev, '-' | '–' | '—') && i >= 2 && chars[i - 2].1.is_alphanumeric() && c.is_alphanumeric();
        let cjk =
            (is_cjk(prev) || is_cjk(c)) && !no_break_before(c) && !matches!(prev, '（' | '「' | '『' | '〈' | '《');
        if dash || (cjk && (is_cjk(prev) || no_break_before(prev))) || (cjk && is_cjk(c) && !prev.is_alphanumeric()) {
            out.push(chars[i].0);
        }
    }
    out
}

/// The hyphenation points of a word of the running text, as byte offsets:
/// only lower-case Latin words of six letters or more (no names, figures
/// or other scripts), leading and trailing punctuation kept on the ends.
fn hyphenation_points(word: &str, lang: Language) -> Vec<usize> {
    let start = word.find(|c: char| c.is_alphabetic()).unwrap_or(word.len());
    let end = word.rfind(|c: char| c.is_alphabetic()).map(|i| i + word[i..].chars().next().map_or(1, char::len_utf8));
    let Some(end) = end.filter(|e| *e > start) else { return vec![] };
    let core = &word[start..end];
    let latin_lower = core.chars().all(|c| c.is_alphabetic() && c.is_lowercase() && (c as u32) < 0x250);
    if !latin_lower || core.chars().count() < 6 {
        return vec![];
    }
    let mut at = start;
    let mut out = Vec::new();
    let syllables: Vec<&str> = hypher::hyphenate(core, lang.patterns()).collect();
    for s in syllables.iter().take(syllables.len().saturating_sub(1)) {
        at += s.len();
        out.push(at);
    }
    out
}

/// The items of one paragraph (no newlines in it).
fn items(toks: &[Tok], size: f32, max: f32, lang: Option<Language>) -> Vec<Item> {
    let words: Vec<String> = toks
        .iter()
        .filter_map(|t| match t {
            Tok::Word(p) => Some(p.iter().map(|(t, _)| t.as_str()).collect()),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    let mut wi = 0;
    for tok in toks {
        match tok {
            Tok::Space(face) => {
                if wi == 0 || wi >= words.len() {
                    continue;
                }
                let brk = !glued(
                    wi.checked_sub(2).map(|i| words[i].as_str()),
                    &words[wi - 1],
                    &words[wi],
                    words.get(wi + 1).map(String::as_str),
                );
                out.push(Item::Glue { w: fonts::width(*face, size, " "), brk });
            }
            Tok::Word(pieces) => {
                wi += 1;
                let ww: f32 = pieces.iter().map(|(t, f)| fonts::width(*f, size, t)).sum();
                if ww > max {
                    // Wider than the line: it may break between any two characters.
                    for (text, face) in pieces {
                        for c in text.chars() {
                            if matches!(out.last(), Some(Item::Box { .. })) {
                                out.push(Item::Penalty { hyphen: None, w: 0.0, cost: EMERGENCY_PENALTY });
                            }
                            let t = c.to_string();
                            out.push(Item::Box { w: fonts::width(*face, size, &t), text: t, face: *face });
                        }
                    }
                    continue;
                }
                for (text, face) in pieces {
                    let mut cuts: Vec<(usize, bool)> = soft_breaks(text).into_iter().map(|c| (c, false)).collect();
                    if let (Some(lang), 1) = (lang, pieces.len()) {
                        cuts.extend(hyphenation_points(text, lang).into_iter().map(|c| (c, true)));
                    }
                    cuts.sort_unstable();
                    cuts.dedup_by_key(|c| c.0);
                    let mut from = 0;
                    for (at, hyphen) in cuts.into_iter().chain([(text.len(), false)]) {
                        let part = &text[from..at];
                        if part.is_empty() {
                            continue;
                        }
                        out.push(Item::Box { w: fonts::width(*face, size, part), text: part.to_string(), face: *face });
                        if at < text.len() {
                            let (hyphen, w, cost) = if hyphen {
                                (Some(*face), fonts::width(*face, size, "-"), HYPHEN_PENALTY)
                            } else {
                                (None, 0.0, 0.0)
                            };
                            out.push(Item::Penalty { hyphen, w, cost });
                        }
                        from = at;
                    }
                }
            }
            Tok::Newline => {}
        }
    }
    // A run of glued words wider than the line may break after all.
    let mut seg_start = 0;
    let mut seg_w = 0.0;
    for i in 0..out.len() {
        match &out[i] {
            Item::Box { w, .. } => seg_w += w,
            Item::Glue { w, brk: false } => seg_w += w,
            Item::Glue { brk: true, .. } | Item::Penalty { .. } => {
                if seg_w > max {
                    unglue(&mut out[seg_start..i]);
                }
                seg_start = i;
                seg_w = 0.0;
            }
        }
    }
    if seg_w > max {
        unglue(&mut out[seg_start..]);
    }
    out
}

fn unglue(items: &mut [Item]) {
    for it in items {
        if let Item::Glue { brk, .. } = it {
            *brk = true;
        }
    }
}

struct Node {
    /// The item the line after this break starts at.
    start: usize,
    /// Total demerits up to this break.
    demerits: f32,
    /// The break before.
    prev: Option<usize>,
    /// Ends a line with a hyphen.
    hyphen: bool,
    /// The item index of the break (`items.len()` for the paragraph's end).
    at: usize,
}

/// The total-fit breaks of `items` for lines of at most `max`: the item
/// index of each line end (the last is `items.len()`).
fn breaks(items: &[Item], size: f32, max: f32) -> Vec<usize> {
    let n = items.len();
    // prefix[k]: width of the boxes and glue before item k.
    let mut prefix = Vec::with_capacity(n + 1);
    let mut acc = 0.0;
    prefix.push(0.0);
    for it in items {
        acc += match it {
            Item::Box { w, .. } | Item::Glue { w, .. } => *w,
            Item::Penalty { .. } => 0.0,
        };
        prefix.push(acc);
    }
    let rag = RAG_EM * size;
    let mut nodes = vec![Node { start: 0, demerits: 0.0, prev: None, hyphen: false, at: 0 }];
    let mut active: Vec<usize> = vec![0];
    let mut last_dropped = 0;
    for b in 0..=n {
        let (extra, cost, hyphen) = match items.get(b) {
            None => (0.0, 0.0, false),
            Some(Item::Glue { brk: true, .. }) => (0.0, 0.0, false),
            Some(Item::Penalty { hyphen, w, cost }) => (*w, *cost, hyphen.is_some()),
            Some(_) => continue,
        };
        let last = b == n;
        let mut best: Option<(f32, usize)> = None;
        active.retain(|&a| {
            let natural = prefix[b] - prefix[nodes[a].start];
            if natural > max + 0.01 {
                last_dropped = a;
                return false;
            }
            let w = natural + extra;
            if w > max + 0.01 {
                return true;
            }
            let badness = if last { 0.0 } else { 100.0 * ((max - w) / rag).powi(3) };
            let mut d = (LINE_PENALTY + badness).powi(2) + cost * cost;
            if hyphen && nodes[a].hyphen {
                d += DOUBLE_HYPHEN;
            }
            if last && nodes[a].hyphen {
                d += FINAL_HYPHEN;
            }
            let total = nodes[a].demerits + d;
            if best.is_none_or(|(t, _)| total < t) {
                best = Some((total, a));
            }
            true
        });
        // Nothing fits (cannot happen for items built by `items`): take the
        // line from the break dropped last.
        let best = best.or_else(|| active.is_empty().then(|| (nodes[last_dropped].demerits + 1e12, last_dropped)));
        if let Some((demerits, prev)) = best {
            // After a break the next line starts at the next box.
            let mut start = b + 1;
            while matches!(items.get(start), Some(Item::Glue { .. } | Item::Penalty { .. })) {
                start += 1;
            }
            nodes.push(Node { start, demerits, prev: Some(prev), hyphen, at: b });
            active.push(nodes.len() - 1);
        }
    }
    let mut out = Vec::new();
    let mut at = nodes.iter().rposition(|nd| nd.at == n && nd.prev.is_some());
    while let Some(i) = at {
        if nodes[i].prev.is_none() {
            break;
        }
        out.push(nodes[i].at);
        at = nodes[i].prev;
    }
    out.reverse();
    out
}

/// The boxes of `items` on one line, a space where glue was.
fn line_of(items: &[Item], size: f32) -> Line {
    let mut line = Line::default();
    let mut gap = 0.0;
    for it in items {
        match it {
            Item::Box { text, face, .. } => {
                let g = if line.pieces.is_empty() { 0.0 } else { gap };
                push_piece(&mut line, text, *face, size, g);
                gap = 0.0;
            }
            Item::Glue { w, .. } => gap = *w,
            Item::Penalty { .. } => {}
        }
    }
    line
}

/// The lines of one paragraph.
fn set(items: &[Item], size: f32, max: f32) -> Vec<Line> {
    let ends = breaks(items, size, max);
    let mut lines = Vec::with_capacity(ends.len());
    let mut start = 0;
    for end in ends {
        let mut line = line_of(items.get(start..end).unwrap_or_default(), size);
        if let Some(Item::Penalty { hyphen: Some(face), .. }) = items.get(end) {
            push_piece(&mut line, "-", *face, size, 0.0);
        }
        lines.push(line);
        start = end + 1;
        while matches!(items.get(start), Some(Item::Glue { .. } | Item::Penalty { .. })) {
            start += 1;
        }
    }
    if lines.is_empty() {
        lines.push(Line::default());
    }
    lines
}

/// Breaks rich text into lines of at most `max` points (total fit, no
/// hyphenation: headings, labels, table cells, captions).
pub fn wrap(runs: &[Run], size: f32, max: f32) -> Vec<Line> {
    wrap_text(runs, size, max, None)
}

/// Breaks running text into lines of at most `max` points, hyphenated with
/// the patterns of `lang` when given. `\n` ends a line.
pub fn wrap_text(runs: &[Run], size: f32, max: f32, lang: Option<Language>) -> Vec<Line> {
    let toks = tokens(runs);
    let paragraphs: Vec<&[Tok]> = toks.split(|t| matches!(t, Tok::Newline)).collect();
    let count = paragraphs.len();
    let mut lines = Vec::new();
    for (i, p) in paragraphs.into_iter().enumerate() {
        if p.is_empty() && i + 1 == count && i > 0 {
            break;
        }
        lines.extend(set(&items(p, size, max, lang), size, max));
    }
    if lines.is_empty() {
        lines.push(Line::default());
    }
    lines
}

/// `text` cut with "…" to fit `max` points on one line.
pub(super) fn shorten(text: &str, face: Face, size: f32, max: f32) -> String {
    let mut t = text.to_string();
    while fonts::width(face, size, &t) > max && t.chars().count() > 4 {
        t = t.chars().take(t.chars().count() - 4).collect::<String>() + "…";
    }
    t
}

/// Greedy first-fit over the same items: the reference the tests measure
/// total fit against.
#[cfg(test)]
pub(super) fn greedy(runs: &[Run], size: f32, max: f32) -> Vec<Line> {
    let toks = tokens(runs);
    let items = items(&toks, size, max, None);
    let mut ends = Vec::new();
    let (mut w, mut last_fit) = (0.0_f32, None::<usize>);
    let mut start = 0;
    let mut i = 0;
    while i < items.len() {
        match &items[i] {
            Item::Box { w: bw, .. } => w += bw,
            Item::Glue { w: gw, brk } => {
                if *brk && w <= max {
                    last_fit = Some(i);
                }
                w += gw;
            }
            Item::Penalty { .. } => {}
        }
        if w > max {
            if let Some(b) = last_fit.filter(|b| *b >= start) {
                ends.push(b);
                start = b + 1;
                i = start;
                w = 0.0;
                last_fit = None;
                continue;
            }
        }
        i += 1;
    }
    ends.push(items.len());
    let mut lines = Vec::new();
    let mut s = 0;
    for e in ends {
        lines.push(line_of(&items[s..e], size));
        s = e + 1;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::model::plain;

    fn text(l: &Line) -> String {
        l.pieces.iter().map(|p| p.0.as_str()).collect()
    }

    /// Sum of the squared shortfalls of every line but the last: the rag's unevenness.
    fn raggedness(lines: &[Line], max: f32) -> f32 {
        lines.iter().take(lines.len().saturating_sub(1)).map(|l| (max - l.width).powi(2)).sum()
    }

    const ENGLISH: &str = "During the spring I volunteered at the community health clinic on Fridays. \
        The nurses showed me how they organise appointments, how records are kept private, and how a \
        triage conversation works when the waiting room is full. I learned that communication is \
        the most important part of care: patients remember whether someone listened to them.";

    #[test]
    fn total_fit_is_better_balanced_than_greedy_and_never_too_wide() {
        let runs = plain(ENGLISH, Face::Serif);
        let mut better = 0;
        for max in [180.0, 220.0, 260.0, 300.0, 346.5] {
            let kp = wrap(&runs, 10.5, max);
            let gr = greedy(&runs, 10.5, max);
            assert!(kp.iter().all(|l| l.width <= max + 0.01), "{max}: {kp:?}");
            let (a, b) = (raggedness(&kp, max), raggedness(&gr, max));
            assert!(a <= b + 0.01, "{max}: total fit {a} vs greedy {b}");
            better += usize::from(a < b - 1.0);
            // Same words in the same order.
            let words = |ls: &[Line]| ls.iter().map(text).collect::<Vec<_>>().join(" ");
            assert_eq!(
                words(&kp).split_whitespace().collect::<Vec<_>>(),
                ENGLISH.split_whitespace().collect::<Vec<_>>()
            );
        }
        assert!(better >= 2, "total fit improves the rag at several widths");
    }

    /// (word, offset of the hyphen) for each hyphenated line end.
    fn hyphenated(lines: &[Line]) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        for pair in lines.windows(2) {
            let (a, b) = (text(&pair[0]), text(&pair[1]));
            if let Some(head) = a.strip_suffix('-') {
                let first = head.rsplit(' ').next().unwrap_or("");
                let rest = b.split(' ').next().unwrap_or("");
                out.push((format!("{first}{rest}"), first.len()));
            }
        }
        out
    }

    #[test]
    fn hyphens_only_at_pattern_points_of_the_paragraphs_language() {
        let spanish = "Durante la primavera trabajé como voluntaria en la clínica comunitaria. \
            Las enfermeras me enseñaron cómo organizan las citas, cómo se protege la información \
            de los pacientes y cómo funciona una conversación de clasificación cuando la sala de \
            espera está llena. Aprendí que la comunicación es lo más importante del cuidado.";
        assert_eq!(crate::lang::detect(spanish), Language::Spanish);
        for (text_, lang) in [(ENGLISH, Language::English), (spanish, Language::Spanish)] {
            let mut seen = 0;
            for max in [120.0, 150.0, 180.0, 210.0] {
                let lines = wrap_text(&plain(text_, Face::Serif), 10.5, max, Some(lang));
                assert!(lines.iter().all(|l| l.width <= max + 0.01));
                for (word, at) in hyphenated(&lines) {
                    let word = word.trim_end_matches(|c: char| !c.is_alphabetic()).to_string();
                    assert!(hyphenation_points(&word, lang).contains(&at), "{lang:?}: {word} broken at {at}");
                    seen += 1;
                }
            }
            assert!(seen > 0, "{lang:?}: some words hyphenated in narrow columns");
        }
        // The Spanish patterns, not the English ones: "desarrollo" is de-sa-rro-llo.
        let es = hyphenation_points("desarrollo", Language::Spanish);
        assert_eq!(es, vec![2, 4, 7]);
        assert_ne!(es, hyphenation_points("desarrollo", Language::English));
        // Names, figures and other scripts are never hyphenated.
        assert!(hyphenation_points("Delgado", Language::Spanish).is_empty());
        assert!(hyphenation_points("2026-05-01", Language::English).is_empty());
        assert!(hyphenation_points("Καλημέρα", Language::English).is_empty());
    }

    #[test]
    fn dates_titles_and_page_numbers_stay_on_one_line() {
        let s = "We met on 6 April 2026 with Ms. Delgado, then on April 20, 2026 and on \
                 6 de abril de 2026 with Dr. Okafor; see Page 3 of 7 for the notes.";
        // From the width the longest glued group ("6 de abril de 2026") fits in.
        for max in (110..=400).step_by(3) {
            let lines = wrap_text(&plain(s, Face::Serif), 10.5, max as f32, Some(Language::English));
            for l in &lines {
                let t = text(l);
                for bad in ["6", "April", "Ms.", "Dr.", "de", "Page", "3 of", "3"] {
                    assert!(!t.ends_with(&format!(" {bad}")) && t != bad, "{max}: a line ends with {bad:?}: {t:?}");
                }
            }
        }
    }

    #[test]
    fn a_very_long_paragraph_breaks_with_few_active_breaks() {
        // 5,000 journal-sized sentences in one paragraph: every line fits,
        // nothing is lost.
        let s = "I logged my hours and wrote what I learned today. ".repeat(5000);
        let lines = wrap_text(&plain(&s, Face::Serif), 10.5, 346.5, Some(Language::English));
        assert!(lines.len() > 3000 && lines.iter().all(|l| l.width <= 346.51), "{}", lines.len());
        let words: usize = lines.iter().map(|l| text(l).split_whitespace().count()).sum();
        assert!(words >= 50_000, "{words}");
    }
}
