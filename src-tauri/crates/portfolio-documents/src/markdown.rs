//! The Markdown subset of reflections and descriptions (the same rules as the
//! app's `ui/src/lib/markdown.ts`): paragraphs, `#`–`###` headings, bullet and
//! numbered lists nested by indentation, `**bold**`, `*italic*`/`_italic_`,
//! `` `code` ``, line breaks and `\` escapes. Anything unclosed stays literal
//! text. The result is styled runs for the typesetter, never markup.

/// A styled piece of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The text (a line break is the single character `\n`).
    pub text: String,
    /// Inside `**…**`.
    pub bold: bool,
    /// Inside `*…*` or `_…_`.
    pub italic: bool,
    /// Inside backticks.
    pub code: bool,
}

/// A block of the subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MdBlock {
    /// `#`, `##` or `###`.
    Heading(u8, Vec<Span>),
    /// A paragraph.
    Paragraph(Vec<Span>),
    /// One list item: nesting depth (0 = top), its marker ("•" or "3.") and text.
    ListItem(u8, String, Vec<Span>),
}

const ESCAPABLE: &[char] = &['\\', '*', '_', '`', '#', '-', '+', '.', '!', '[', ']', '(', ')'];

enum Piece {
    Text(String),
    Code(String),
    Br,
    Delim { ch: char, count: usize, can_open: bool, can_close: bool, opens: Vec<usize>, closes: Vec<usize> },
}

fn is_space(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

fn tokenize(s: &str) -> Vec<Piece> {
    let chars: Vec<char> = s.chars().collect();
    let mut pieces = Vec::new();
    let mut buf = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1).is_some_and(|n| ESCAPABLE.contains(n)) {
            buf.push(chars[i + 1]);
            i += 2;
        } else if c == '\n' {
            pieces.push(Piece::Text(std::mem::take(&mut buf)));
            pieces.push(Piece::Br);
            i += 1;
        } else if c == '`' && chars[i + 1..].iter().position(|&x| x == '`').is_some_and(|p| p > 0) {
            let p = chars[i + 1..].iter().position(|&x| x == '`').unwrap_or(0);
            pieces.push(Piece::Text(std::mem::take(&mut buf)));
            pieces.push(Piece::Code(chars[i + 1..i + 1 + p].iter().collect()));
            i += p + 2;
        } else if c == '*' || c == '_' {
            let mut j = i;
            while j < chars.len() && chars[j] == c {
                j += 1;
            }
            let before = if i > 0 { Some(chars[i - 1]) } else { None };
            let after = chars.get(j).copied();
            let can_open = !is_space(after) && (c == '*' || !is_word(before));
            let can_close = !is_space(before) && (c == '*' || !is_word(after));
            pieces.push(Piece::Text(std::mem::take(&mut buf)));
            pieces.push(Piece::Delim { ch: c, count: j - i, can_open, can_close, opens: vec![], closes: vec![] });
            i = j;
        } else {
            buf.push(c);
            i += 1;
        }
    }
    pieces.push(Piece::Text(buf));
    pieces
}

/// Parses inline text into styled spans.
pub fn inline(s: &str) -> Vec<Span> {
    let mut pieces = tokenize(s);
    // Match closers with the nearest opener of the same character.
    let mut stack: Vec<usize> = Vec::new();
    for i in 0..pieces.len() {
        let (ch, can_open, can_close) = match &pieces[i] {
            Piece::Delim { ch, can_open, can_close, .. } => (*ch, *can_open, *can_close),
            _ => continue,
        };
        if can_close {
            while let Some(pos) = stack
                .iter()
                .rposition(|&j| matches!(&pieces[j], Piece::Delim { ch: c, count, .. } if *c == ch && *count > 0))
            {
                let j = stack[pos];
                let remaining_close = match &pieces[i] {
                    Piece::Delim { count, .. } => *count,
                    _ => 0,
                };
                if remaining_close == 0 {
                    break;
                }
                let remaining_open = match &pieces[j] {
                    Piece::Delim { count, .. } => *count,
                    _ => 0,
                };
                let n = if remaining_open >= 2 && remaining_close >= 2 { 2 } else { 1 };
                if let Piece::Delim { count, opens, .. } = &mut pieces[j] {
                    *count -= n;
                    opens.push(n);
                }
                if let Piece::Delim { count, closes, .. } = &mut pieces[i] {
                    *count -= n;
                    closes.push(n);
                }
                stack.truncate(pos + 1);
                if matches!(&pieces[j], Piece::Delim { count: 0, .. }) {
                    stack.pop();
                }
            }
        }
        if can_open && matches!(&pieces[i], Piece::Delim { count, .. } if *count > 0) {
            stack.push(i);
        }
    }
    let mut out: Vec<Span> = Vec::new();
    let (mut bold, mut italic) = (0i32, 0i32);
    let push = |out: &mut Vec<Span>, text: &str, bold: i32, italic: i32, code: bool| {
        if text.is_empty() {
            return;
        }
        let (b, it) = (bold > 0, italic > 0);
        match out.last_mut() {
            Some(last) if last.bold == b && last.italic == it && last.code == code => last.text.push_str(text),
            _ => out.push(Span { text: text.to_string(), bold: b, italic: it, code }),
        }
    };
    for p in &pieces {
        match p {
            Piece::Text(t) => push(&mut out, t, bold, italic, false),
            Piece::Code(t) => push(&mut out, t, bold, italic, true),
            Piece::Br => push(&mut out, "\n", bold, italic, false),
            Piece::Delim { ch, count, opens, closes, .. } => {
                for n in closes {
                    if *n == 2 {
                        bold -= 1
                    } else {
                        italic -= 1
                    }
                }
                push(&mut out, &ch.to_string().repeat(*count), bold, italic, false);
                for n in opens.iter().rev() {
                    if *n == 2 {
                        bold += 1
                    } else {
                        italic += 1
                    }
                }
            }
        }
    }
    out
}

fn list_marker(line: &str) -> Option<(String, &str)> {
    let t = line;
    for m in ["- ", "* ", "+ "] {
        if let Some(rest) = t.strip_prefix(m) {
            return Some(("•".into(), rest));
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 9 {
        let rest = &t[digits..];
        for m in [". ", ") "] {
            if let Some(r) = rest.strip_prefix(m) {
                return Some((format!("{}.", &t[..digits]), r));
            }
        }
    }
    None
}

/// Parses a text into blocks.
pub fn parse(text: &str) -> Vec<MdBlock> {
    let mut blocks = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    // The current list item: depth, marker, lines.
    let mut item: Option<(u8, String, Vec<String>)> = None;
    let flush_para = |para: &mut Vec<&str>, blocks: &mut Vec<MdBlock>| {
        if !para.is_empty() {
            blocks.push(MdBlock::Paragraph(inline(&para.join("\n"))));
            para.clear();
        }
    };
    let flush_item = |item: &mut Option<(u8, String, Vec<String>)>, blocks: &mut Vec<MdBlock>| {
        if let Some((d, m, lines)) = item.take() {
            blocks.push(MdBlock::ListItem(d, m, inline(&lines.join("\n"))));
        }
    };
    for raw in text.lines() {
        let line = raw.trim_end();
        let indent = line.len() - line.trim_start().len();
        let t = line.trim_start();
        if t.is_empty() {
            flush_para(&mut para, &mut blocks);
            flush_item(&mut item, &mut blocks);
            continue;
        }
        if let Some((marker, rest)) = list_marker(t) {
            flush_para(&mut para, &mut blocks);
            flush_item(&mut item, &mut blocks);
            item = Some(((indent / 2).min(3) as u8, marker, vec![rest.to_string()]));
            continue;
        }
        let hashes = t.chars().take_while(|&c| c == '#').count();
        if (1..=3).contains(&hashes) && t[hashes..].starts_with(' ') {
            flush_para(&mut para, &mut blocks);
            flush_item(&mut item, &mut blocks);
            blocks.push(MdBlock::Heading(hashes as u8, inline(t[hashes..].trim())));
            continue;
        }
        if let Some((_, _, lines)) = item.as_mut() {
            lines.push(t.to_string());
        } else {
            para.push(t);
        }
    }
    flush_para(&mut para, &mut blocks);
    flush_item(&mut item, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(s: &str) -> Vec<(String, bool, bool)> {
        inline(s).into_iter().map(|x| (x.text, x.bold, x.italic)).collect()
    }

    #[test]
    fn bold_italic_and_literals() {
        assert_eq!(
            styles("a **b** *c* d"),
            vec![
                ("a ".into(), false, false),
                ("b".into(), true, false),
                (" ".into(), false, false),
                ("c".into(), false, true),
                (" d".into(), false, false)
            ]
        );
        assert_eq!(styles("***x***"), vec![("x".into(), true, true)]);
        assert_eq!(styles("2 * 3 * 4"), vec![("2 * 3 * 4".into(), false, false)]);
        assert_eq!(styles("snake_case_name"), vec![("snake_case_name".into(), false, false)]);
        assert_eq!(styles("**unclosed"), vec![("**unclosed".into(), false, false)]);
        assert_eq!(styles(r"\*not\*"), vec![("*not*".into(), false, false)]);
        assert_eq!(styles("<script>"), vec![("<script>".into(), false, false)]);
        let code = inline("use `x*y` here");
        assert!(code.iter().any(|s| s.code && s.text == "x*y"));
    }

    #[test]
    fn blocks() {
        let b = parse("# Title\n\nFirst line\nsecond line\n\n- one\n  - nested\n- two\n3. three");
        assert_eq!(b.len(), 6);
        assert!(matches!(&b[0], MdBlock::Heading(1, s) if s[0].text == "Title"));
        assert!(matches!(&b[1], MdBlock::Paragraph(s) if s[0].text == "First line\nsecond line"));
        assert!(matches!(&b[2], MdBlock::ListItem(0, m, _) if m == "•"));
        assert!(matches!(&b[3], MdBlock::ListItem(1, _, s) if s[0].text == "nested"));
        assert!(matches!(&b[5], MdBlock::ListItem(0, m, _) if m == "3."));
    }

    #[test]
    fn unmatched_markers_stay_text() {
        let s = "*a ".repeat(20_000);
        let spans = inline(&s);
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].text, s);
    }
}
