//! Line breaking: rich text is cut into words (runs of one face glued
//! together), words are set greedily on lines of a given width, and a word
//! wider than the line is broken between characters. Widths come from the
//! fonts' advances ([`fonts::width`]).

use super::model::Run;
use crate::fonts::{self, Face};

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

/// `text` cut with "…" to fit `max` points on one line.
pub(super) fn shorten(text: &str, face: Face, size: f32, max: f32) -> String {
    let mut t = text.to_string();
    while fonts::width(face, size, &t) > max && t.chars().count() > 4 {
        t = t.chars().take(t.chars().count() - 4).collect::<String>() + "…";
    }
    t
}
