//! SVG badge extraction and baking.
//!
//! A deliberately small XML scanner (tags, attributes, comments, CDATA,
//! processing instructions, DOCTYPE) with namespace tracking is enough to
//! find `<openbadges:assertion>` (namespace `http://openbadges.org`) and
//! `<openbadges:credential>` (namespace `https://purl.imsglobal.org/ob/v3p0`)
//! and to know their exact byte ranges for baking. Entities declared in a
//! DOCTYPE are never expanded, and inputs over [`MAX_SVG_BYTES`] are refused
//! before any parsing.

use crate::error::BadgeError;

/// Namespace of the Open Badges 2.0 `assertion` element.
pub const NS_OB2: &str = "http://openbadges.org";
/// Namespace of the Open Badges 3.0 `credential` element.
pub const NS_OB3: &str = "https://purl.imsglobal.org/ob/v3p0";
/// Largest SVG that is parsed (10 MB).
pub const MAX_SVG_BYTES: usize = 10 * 1024 * 1024;

/// What kind of badge element was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SvgBadgeKind {
    /// `<openbadges:assertion>` (Open Badges 2.0).
    Assertion,
    /// `<openbadges:credential>` (Open Badges 3.0).
    Credential,
}

/// A badge found in an SVG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SvgBadge {
    /// Element kind.
    pub kind: SvgBadgeKind,
    /// The `verify` attribute (a compact JWS), if present.
    pub verify: Option<String>,
    /// Text and CDATA content, trimmed (JSON when there is no `verify`).
    pub content: String,
}

#[derive(Debug)]
enum Token<'a> {
    Open { start: usize, end: usize, name: &'a str, attrs: Vec<(&'a str, String)>, empty: bool },
    Close { end: usize, name: &'a str },
    Text { raw: &'a str },
    CData { text: &'a str },
}

fn invalid(msg: impl Into<String>) -> BadgeError {
    BadgeError::SvgInvalid(msg.into())
}

/// Does this look like an SVG (XML whose root element is `svg`)? Only the
/// start of the input is looked at.
pub fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let head = String::from_utf8_lossy(head);
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('<') && (t.contains("<svg") || t.contains(":svg"))
}

fn tokenize(s: &str) -> Result<Vec<Token<'_>>, BadgeError> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            let next = s[i..].find('<').map_or(b.len(), |n| i + n);
            out.push(Token::Text { raw: &s[i..next] });
            i = next;
            continue;
        }
        let rest = &s[i..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").ok_or_else(|| invalid(format!("a comment at byte {i} is never closed.")))?;
            i += end + 3;
        } else if rest.starts_with("<![CDATA[") {
            let end =
                rest.find("]]>").ok_or_else(|| invalid(format!("a CDATA section at byte {i} is never closed.")))?;
            out.push(Token::CData { text: &rest[9..end] });
            i += end + 3;
        } else if rest.starts_with("<?") {
            let end = rest
                .find("?>")
                .ok_or_else(|| invalid(format!("a processing instruction at byte {i} is never closed.")))?;
            i += end + 2;
        } else if rest.starts_with("<!") {
            // DOCTYPE (possibly with an internal subset in brackets).
            let mut depth = 0usize;
            let mut quote = None;
            let mut j = 2;
            loop {
                let c = *rest
                    .as_bytes()
                    .get(j)
                    .ok_or_else(|| invalid(format!("a declaration at byte {i} is never closed.")))?;
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'"' | b'\'') => quote = Some(c),
                    (None, b'[') => depth += 1,
                    (None, b']') => depth = depth.saturating_sub(1),
                    (None, b'>') if depth == 0 => break,
                    _ => {}
                }
                j += 1;
            }
            i += j + 1;
        } else if rest.starts_with("</") {
            let end = rest.find('>').ok_or_else(|| invalid(format!("a closing tag at byte {i} is never closed.")))?;
            out.push(Token::Close { end: i + end + 1, name: rest[2..end].trim() });
            i += end + 1;
        } else {
            let (tok, len) = open_tag(rest, i)?;
            out.push(tok);
            i += len;
        }
    }
    Ok(out)
}

fn open_tag(rest: &str, at: usize) -> Result<(Token<'_>, usize), BadgeError> {
    let b = rest.as_bytes();
    let name_end =
        rest[1..].find(|c: char| c.is_whitespace() || c == '>' || c == '/').map(|n| n + 1).unwrap_or(rest.len());
    let name = &rest[1..name_end];
    if name.is_empty() {
        return Err(invalid(format!("a stray '<' at byte {at}.")));
    }
    let mut attrs = Vec::new();
    let mut j = name_end;
    loop {
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        match b.get(j) {
            None => return Err(invalid(format!("the <{name}> tag at byte {at} is never closed."))),
            Some(b'>') => return Ok((Token::Open { start: at, end: at + j + 1, name, attrs, empty: false }, j + 1)),
            Some(b'/') if b.get(j + 1) == Some(&b'>') => {
                return Ok((Token::Open { start: at, end: at + j + 2, name, attrs, empty: true }, j + 2))
            }
            _ => {}
        }
        let an_end = rest[j..]
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
            .map(|n| n + j)
            .ok_or_else(|| invalid(format!("the <{name}> tag at byte {at} is never closed.")))?;
        let aname = &rest[j..an_end];
        if aname.is_empty() {
            return Err(invalid(format!("the <{name}> tag at byte {at} has a malformed attribute.")));
        }
        j = an_end;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if b.get(j) != Some(&b'=') {
            return Err(invalid(format!("attribute '{aname}' of <{name}> at byte {at} has no value.")));
        }
        j += 1;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let q = *b.get(j).ok_or_else(|| invalid(format!("the <{name}> tag at byte {at} is never closed.")))?;
        if q != b'"' && q != b'\'' {
            return Err(invalid(format!("attribute '{aname}' of <{name}> at byte {at} is not quoted.")));
        }
        let vend = rest[j + 1..]
            .find(q as char)
            .map(|n| n + j + 1)
            .ok_or_else(|| invalid(format!("attribute '{aname}' of <{name}> at byte {at} is never closed.")))?;
        attrs.push((aname, unescape(&rest[j + 1..vend])));
        j = vend + 1;
    }
}

/// Replace the five predefined XML entities and character references.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let Some(semi) = rest.find(';').filter(|&n| n < 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..semi];
        let ch = match ent {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if ent.starts_with("#x") => u32::from_str_radix(&ent[2..], 16).ok().and_then(char::from_u32),
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn split_name(name: &str) -> (Option<&str>, &str) {
    match name.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, name),
    }
}

/// A badge element's place in the document.
struct Found {
    kind: SvgBadgeKind,
    start: usize,
    end: usize,
    verify: Option<String>,
    content: String,
}

struct Scan {
    root_end: usize,
    root_empty: bool,
    root_ob_prefix: Option<String>,
    found: Vec<Found>,
}

fn as_str(bytes: &[u8]) -> Result<&str, BadgeError> {
    if bytes.len() > MAX_SVG_BYTES {
        return Err(BadgeError::SvgTooLarge { size: bytes.len(), limit: MAX_SVG_BYTES });
    }
    let s = std::str::from_utf8(bytes).map_err(|e| invalid(format!("it is not UTF-8 text ({e}).")))?;
    Ok(s.trim_start_matches('\u{feff}'))
}

fn scan(s: &str) -> Result<Scan, BadgeError> {
    let tokens = tokenize(s)?;
    let mut ns_stack: Vec<Vec<(String, String)>> = Vec::new();
    let mut root: Option<(usize, bool, Option<String>)> = None;
    let mut found: Vec<Found> = Vec::new();
    // (index into found, depth at which it opened)
    let mut open_badge: Option<(usize, usize)> = None;
    let resolve = |stack: &Vec<Vec<(String, String)>>, prefix: &str| -> Option<String> {
        stack.iter().rev().flat_map(|f| f.iter()).find(|(p, _)| p == prefix).map(|(_, u)| u.clone())
    };
    for tok in &tokens {
        match tok {
            Token::Open { start, end, name, attrs, empty } => {
                let decls: Vec<(String, String)> = attrs
                    .iter()
                    .filter_map(|(k, v)| k.strip_prefix("xmlns:").map(|p| (p.to_owned(), v.clone())))
                    .collect();
                if root.is_none() {
                    if split_name(name).1 != "svg" {
                        return Err(invalid(format!("its root element is <{name}>, not <svg>.")));
                    }
                    let ob = decls.iter().find(|(p, _)| p == "openbadges").map(|(_, u)| u.clone());
                    root = Some((*end, *empty, ob));
                }
                ns_stack.push(decls);
                let (prefix, local) = split_name(name);
                let uri = prefix.and_then(|p| resolve(&ns_stack, p));
                let kind = match (uri.as_deref(), prefix, local) {
                    (Some(NS_OB2), _, "assertion") => Some(SvgBadgeKind::Assertion),
                    (Some(NS_OB3), _, "credential") => Some(SvgBadgeKind::Credential),
                    // Unbound `openbadges:` prefix: accept by name, as lenient bakers do.
                    (None, Some("openbadges"), "assertion") => Some(SvgBadgeKind::Assertion),
                    (None, Some("openbadges"), "credential") => Some(SvgBadgeKind::Credential),
                    _ => None,
                };
                if let (Some(kind), None) = (kind, open_badge) {
                    let verify =
                        attrs.iter().find(|(k, _)| split_name(k).1 == "verify").map(|(_, v)| v.trim().to_owned());
                    found.push(Found { kind, start: *start, end: *end, verify, content: String::new() });
                    if !*empty {
                        open_badge = Some((found.len() - 1, ns_stack.len()));
                    }
                }
                if *empty {
                    ns_stack.pop();
                }
            }
            Token::Close { end, name, .. } => {
                if let Some((idx, depth)) = open_badge {
                    if ns_stack.len() == depth {
                        found[idx].end = *end;
                        open_badge = None;
                    }
                }
                if ns_stack.pop().is_none() {
                    return Err(invalid(format!("the closing tag </{name}> has no opening tag.")));
                }
            }
            Token::Text { raw } => {
                if let Some((idx, _)) = open_badge {
                    found[idx].content.push_str(&unescape(raw));
                }
            }
            Token::CData { text } => {
                if let Some((idx, _)) = open_badge {
                    found[idx].content.push_str(text);
                }
            }
        }
    }
    if open_badge.is_some() {
        return Err(invalid("the badge element is never closed."));
    }
    let (root_end, root_empty, root_ob_prefix) = root.ok_or_else(|| invalid("it has no <svg> element."))?;
    Ok(Scan { root_end, root_empty, root_ob_prefix, found })
}

/// Find the single badge element of an SVG.
pub fn extract(bytes: &[u8]) -> Result<SvgBadge, BadgeError> {
    let s = as_str(bytes)?;
    let mut scan = scan(s)?;
    match scan.found.len() {
        0 => Err(BadgeError::SvgNoBadge),
        1 => {
            let f = scan.found.remove(0);
            let content = f.content.trim().to_owned();
            let verify = f.verify.filter(|v| !v.is_empty());
            if verify.is_none() && content.is_empty() {
                return Err(BadgeError::SvgEmptyBadge);
            }
            Ok(SvgBadge { kind: f.kind, verify, content })
        }
        n => Err(BadgeError::SvgSeveralBadges(n)),
    }
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// Bake a badge into an SVG: existing badge elements are removed and one
/// element is inserted as the first child of the root `<svg>`. A compact JWS
/// goes into the `verify` attribute, JSON into a CDATA section.
pub fn bake(image: &[u8], kind: SvgBadgeKind, payload: &str, is_jws: bool) -> Result<Vec<u8>, BadgeError> {
    let s = as_str(image)?;
    let scan = scan(s)?;
    let (ns, local) = match kind {
        SvgBadgeKind::Assertion => (NS_OB2, "assertion"),
        SvgBadgeKind::Credential => (NS_OB3, "credential"),
    };
    let own_decl = match scan.root_ob_prefix.as_deref() {
        Some(u) if u == ns => String::new(),
        Some(_) => format!(" xmlns:openbadges=\"{ns}\""),
        None => String::new(),
    };
    let element = if is_jws {
        format!("\n  <openbadges:{local}{own_decl} verify=\"{}\"></openbadges:{local}>\n", escape_attr(payload))
    } else {
        let cdata = payload.replace("]]>", "]]]]><![CDATA[>");
        format!("\n  <openbadges:{local}{own_decl}><![CDATA[\n{cdata}\n  ]]></openbadges:{local}>\n")
    };
    // Edits as (start, end, replacement), applied from the end.
    let mut edits: Vec<(usize, usize, String)> = scan.found.iter().map(|f| (f.start, f.end, String::new())).collect();
    let root_close = if scan.root_empty { scan.root_end - 2 } else { scan.root_end - 1 };
    if scan.root_ob_prefix.is_none() {
        edits.push((root_close, root_close, format!(" xmlns:openbadges=\"{ns}\"")));
    }
    if scan.root_empty {
        edits.push((root_close, scan.root_end, format!(">{element}</svg>")));
    } else {
        edits.push((scan.root_end, scan.root_end, element));
    }
    edits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut out = s.to_owned();
    for (a, b, r) in edits {
        out.replace_range(a..b, &r);
    }
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdata_and_verify() {
        let svg = br#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="http://openbadges.org"><!-- <ob:assertion> --><ob:assertion verify="a.b.c"/></svg>"#;
        let b = extract(svg).unwrap();
        assert_eq!((b.kind, b.verify.as_deref()), (SvgBadgeKind::Assertion, Some("a.b.c")));
        let svg = br#"<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[ {"a":"]"} ]]></openbadges:credential></svg>"#;
        let b = extract(svg).unwrap();
        assert_eq!((b.kind, b.content.as_str()), (SvgBadgeKind::Credential, r#"{"a":"]"}"#));
    }

    #[test]
    fn errors() {
        assert_eq!(extract(b"<svg><g/></svg>"), Err(BadgeError::SvgNoBadge));
        assert!(matches!(extract(b"<svg><g></svg"), Err(BadgeError::SvgInvalid(_))));
        let two = br#"<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="a"/><openbadges:assertion verify="b"/></svg>"#;
        assert_eq!(extract(two), Err(BadgeError::SvgSeveralBadges(2)));
    }

    #[test]
    fn bake_round_trip() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="old"/><g/></svg>"#;
        let out = bake(svg, SvgBadgeKind::Credential, r#"{"x":"]]>"}"#, false).unwrap();
        let b = extract(&out).unwrap();
        assert_eq!((b.kind, b.content.as_str()), (SvgBadgeKind::Credential, r#"{"x":"]]>"}"#));
        let out = bake(b"<svg/>", SvgBadgeKind::Credential, "h.p.s", true).unwrap();
        assert_eq!(extract(&out).unwrap().verify.as_deref(), Some("h.p.s"));
    }
}
