//! Parsing the Atom/Leap2A XML into raw entries (the parts this crate uses),
//! with HTML and XHTML content reduced to the Markdown subset ([`crate::html`]).
//!
//! Namespaces are recognised by what they name ([`super::ns`]), so feeds in
//! every dialect Mahara has written read the same. Nothing is expanded: only
//! the five XML entities and character references are known, so external
//! entities (XXE) and entity bombs are refused. Elements may carry at most
//! [`MAX_ATTRIBUTES`] attributes and nest at most [`MAX_DEPTH`] levels.

use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::ns::{classify, is_supported_version, Ns};
use super::Limits;
use crate::{html, InterchangeError, Result};

/// One Atom entry as read from a feed (the parts this crate uses).
#[derive(Debug, Clone, Default)]
pub(super) struct RawEntry {
    pub(super) id: String,
    pub(super) title: String,
    /// Content as text: HTML/XHTML already reduced to the Markdown subset.
    pub(super) content: String,
    /// The summary (Mahara: a page's or file's description), as text.
    pub(super) summary: String,
    pub(super) published: Option<String>,
    pub(super) updated: Option<String>,
    /// The entry's own author (Mahara: who wrote a comment).
    pub(super) author: String,
    /// `rdf:type` values, reduced to the part after the last `:`/`#`/`/`.
    pub(super) types: Vec<String>,
    pub(super) mahara_type: String,
    /// (rel without prefix, href); `content src` counts as an enclosure.
    pub(super) links: Vec<(String, String)>,
    /// (term, scheme, label)
    pub(super) categories: Vec<(String, String, String)>,
    /// (point, value)
    pub(super) dates: Vec<(String, String)>,
    /// (field, label, value)
    pub(super) persondata: Vec<(String, String, String)>,
    pub(super) orgname: String,
    pub(super) myrole: String,
    pub(super) spatial: String,
    pub(super) stage: String,
    /// Mahara page type (`mahara:view mahara:type`: portfolio, profile, dashboard…).
    pub(super) view_type: Option<String>,
    /// Mahara page blocks, in feed order.
    pub(super) blocks: Vec<Block>,
}

/// One block of a Mahara page (`mahara:blockinstance`).
#[derive(Debug, Clone, Default)]
pub(super) struct Block {
    pub(super) title: String,
    /// A text block's HTML (Mahara writes it as a JSON list of strings).
    pub(super) text: String,
}

/// Most attributes on one element.
pub const MAX_ATTRIBUTES: usize = 256;
/// Deepest element nesting (entries' XHTML content included).
pub const MAX_DEPTH: usize = 1_000;

pub(super) fn local(s: &str) -> String {
    s.rsplit([':', '#', '/']).next().unwrap_or(s).to_string()
}

pub(super) fn xml_err(e: impl std::fmt::Display) -> InterchangeError {
    InterchangeError::BadXml(e.to_string())
}

/// The feed's author and generator.
#[derive(Default)]
pub(super) struct Author {
    pub(super) name: String,
    pub(super) email: String,
    /// `generator` text ("Mahara", "Learner Portfolio").
    pub(super) generator: String,
    /// The feed's `id`.
    pub(super) feed_id: String,
    /// The feed's `updated`.
    pub(super) updated: String,
}

/// An open element: (vocabulary, local name, attributes).
type Open = (Ns, String, Vec<(String, String)>);

fn attr_of(attrs: &[(String, String)], k: &str) -> String {
    attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default()
}

/// Mahara writes a text block as a JSON list of HTML strings; older exports
/// hold the HTML itself.
fn block_html(raw: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(raw.trim()) {
        Ok(serde_json::Value::Array(parts)) => parts.iter().filter_map(|p| p.as_str()).collect::<Vec<_>>().join("\n"),
        Ok(serde_json::Value::String(s)) => s,
        _ => raw.to_string(),
    }
}

fn check_element(e: &BytesStart, name: &str, depth: usize, empty: bool) -> Result<()> {
    // quick-xml's duplicate-attribute check is quadratic in the number of
    // attributes: count them unchecked first.
    let n_attrs = e.attributes().with_checks(false).count();
    if n_attrs > MAX_ATTRIBUTES {
        return Err(InterchangeError::Invalid(format!(
            "An element <{name}> of the Leap2A file has {n_attrs} attributes (at most {MAX_ATTRIBUTES} are allowed)."
        )));
    }
    if !empty && depth >= MAX_DEPTH {
        return Err(InterchangeError::Invalid(format!(
            "The Leap2A file nests elements more than {MAX_DEPTH} levels deep."
        )));
    }
    Ok(())
}

/// Rebuilds an XHTML tag (with only `href` and `alt`) for the HTML reducer.
fn xhtml_tag(e: &BytesStart, name: &str, empty: bool) -> Result<String> {
    let mut tag = format!("<{name}");
    for a in e.attributes().flatten() {
        let key = a.key.local_name().into_inner();
        if key == "href" || key == "alt" {
            let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(xml_err)?;
            tag.push_str(&format!(" {key}=\"{}\"", v.replace('&', "&amp;").replace('"', "&quot;")));
        }
    }
    tag.push_str(if empty { "/>" } else { ">" });
    Ok(tag)
}

pub(super) fn parse_feed(xml: &str, limits: Limits) -> Result<(Author, Vec<RawEntry>)> {
    let mut r = NsReader::from_str(xml);
    let mut stack: Vec<Open> = Vec::new();
    let mut entries: Vec<RawEntry> = Vec::new();
    let mut author = Author::default();
    let mut is_feed = false;
    let mut version: Option<bool> = None;
    let mut dialect_2009 = false;
    let mut cur: Option<RawEntry> = None;
    let mut text = String::new();
    // Inside <content> or <summary>: its type and depth, raw XHTML being rebuilt.
    let mut content_type: Option<String> = None;
    let mut content_depth = 0usize;
    // Inside a Mahara block: the stack depth of its element.
    let mut block_depth: Option<usize> = None;
    let mut attrs_cur: Vec<(String, String)> = Vec::new();
    let mut known: std::collections::HashMap<String, Ns> = std::collections::HashMap::new();
    loop {
        let (ns, ev) = r.read_resolved_event().map_err(xml_err)?;
        let ns = match ns {
            ResolveResult::Bound(n) => {
                // A feed uses a handful of namespaces: classify each once.
                let uri = n.into_inner();
                match known.get(uri) {
                    Some(ns) => *ns,
                    None => {
                        let ns = classify(uri);
                        known.insert(uri.to_string(), ns);
                        ns
                    }
                }
            }
            ResolveResult::Unbound => Ns::Other,
            ResolveResult::Unknown(p) => {
                return Err(InterchangeError::BadXml(format!("the prefix \u{201c}{p}\u{201d} is not declared")))
            }
        };
        let ns = if ns == Ns::Leap2009 {
            dialect_2009 = true;
            Ns::Leap2
        } else {
            ns
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name: &str = e.local_name().into_inner();
                check_element(e, name, stack.len() + content_depth, empty)?;
                if content_type.is_some() {
                    text.push_str(&xhtml_tag(e, name, empty)?);
                    if !empty {
                        content_depth += 1;
                    }
                    continue;
                }
                attrs_cur.clear();
                for a in e.attributes() {
                    let a = a.map_err(xml_err)?;
                    let key = a.key.local_name().into_inner().to_string();
                    let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(xml_err)?.into_owned();
                    attrs_cur.push((key, v));
                }
                if let (Some(en), 2, Ns::Atom, "link") = (cur.as_mut(), stack.len(), ns, name) {
                    // Links are most of a large feed: their values are moved, not copied.
                    let mut take = |k: &str| {
                        attrs_cur.iter_mut().find(|(n, _)| n == k).map(|(_, v)| std::mem::take(v)).unwrap_or_default()
                    };
                    let rel = local(&take("rel"));
                    en.links.push((rel, take("href")));
                }
                let attr = |k: &str| attr_of(&attrs_cur, k);
                if stack.is_empty() {
                    if !(ns == Ns::Atom && name == "feed") {
                        return Err(InterchangeError::NotLeap2a("its root element is not an Atom feed".into()));
                    }
                    is_feed = true;
                    // The 2009-03 drafts are known by their declarations
                    // (their types appear only in attribute values).
                    dialect_2009 |= e.attributes().flatten().any(|a| {
                        a.key.as_ref().starts_with("xmlns")
                            && a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .is_ok_and(|v| classify(&v) == Ns::Leap2009)
                    });
                }
                if let Some(en) = cur.as_mut() {
                    if stack.len() == 2 {
                        match (ns, name) {
                            (Ns::Atom, "category") => en.categories.push((attr("term"), attr("scheme"), attr("label"))),
                            (Ns::Rdf, "type") => en.types.push(local(&attr("resource"))),
                            (Ns::Mahara, "artefactplugin") => en.mahara_type = attr("type"),
                            (Ns::Mahara, "view") => en.view_type = Some(attr("type")),
                            (Ns::Leap2, "status") => en.stage = attr("stage"),
                            (Ns::Atom, "content" | "summary") => {
                                if name == "content" && !attr("src").is_empty() {
                                    en.links.push(("enclosure".into(), attr("src")));
                                }
                                content_type = Some(attr("type"));
                                content_depth = 0;
                                if !empty {
                                    text.clear();
                                    stack.push((ns, name.to_string(), attrs_cur.clone()));
                                    continue;
                                }
                                content_type = None;
                            }
                            _ => {}
                        }
                    } else if ns == Ns::Mahara && name == "blockinstance" && block_depth.is_none() {
                        en.blocks.push(Block { title: attr("blocktitle"), ..Block::default() });
                        block_depth = Some(stack.len());
                    }
                } else if stack.len() == 1 && ns == Ns::Atom && name == "entry" {
                    cur = Some(RawEntry::default());
                    if entries.len() as u64 >= limits.max_entries {
                        return Err(InterchangeError::TooMany {
                            count: entries.len() as u64 + 1,
                            limit: limits.max_entries,
                        });
                    }
                }
                if empty {
                    if block_depth == Some(stack.len()) {
                        block_depth = None;
                    }
                } else {
                    stack.push((ns, name.to_string(), attrs_cur.clone()));
                    text.clear();
                }
            }
            Event::Text(ref t) => text.push_str(&t.xml10_content()),
            Event::CData(ref t) => text.push_str(t.as_ref()),
            Event::GeneralRef(ref g) => {
                let c = match g.resolve_char_ref().map_err(xml_err)? {
                    Some(c) => c,
                    None => match g.xml10_content().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(InterchangeError::BadXml(format!("the entity &{other}; is not defined"))),
                    },
                };
                if content_type.as_deref() == Some("xhtml") {
                    // Keep markup-significant characters escaped for the HTML reducer.
                    match c {
                        '&' => text.push_str("&amp;"),
                        '<' => text.push_str("&lt;"),
                        '>' => text.push_str("&gt;"),
                        c => text.push(c),
                    }
                } else {
                    text.push(c);
                }
            }
            Event::End(ref e) => {
                if content_type.is_some() && content_depth > 0 {
                    content_depth -= 1;
                    text.push_str(&format!("</{}>", e.local_name().into_inner()));
                    continue;
                }
                let Some((ens, ename, eattrs)) = stack.pop() else { break };
                let eattr = |k: &str| attr_of(&eattrs, k);
                let value = std::mem::take(&mut text);
                let depth = stack.len();
                if block_depth == Some(depth) {
                    block_depth = None;
                }
                match cur.as_mut() {
                    Some(en) if depth == 2 => match (ens, ename.as_str()) {
                        (Ns::Atom, "id") => en.id = value.trim().to_string(),
                        (Ns::Atom, "title") => en.title = value.trim().to_string(),
                        (Ns::Atom, "published") => en.published = Some(value.trim().to_string()),
                        (Ns::Atom, "updated") => en.updated = Some(value.trim().to_string()),
                        (Ns::Atom, "content" | "summary") => {
                            let t = match content_type.take().as_deref() {
                                Some("html") | Some("xhtml") => html::to_markdown(&value),
                                _ => value.trim().to_string(),
                            };
                            if ename == "content" {
                                en.content = t;
                            } else {
                                en.summary = t;
                            }
                        }
                        (Ns::Leap2, "date") => en.dates.push((eattr("point"), value.trim().to_string())),
                        (Ns::Leap2, "persondata") => {
                            en.persondata.push((eattr("field"), eattr("label"), value.trim().to_string()))
                        }
                        (Ns::Leap2, "orgname") => en.orgname = value.trim().to_string(),
                        (Ns::Leap2, "myrole") => en.myrole = value.trim().to_string(),
                        (Ns::Leap2, "spatial") => en.spatial = value.trim().to_string(),
                        _ => {}
                    },
                    Some(en)
                        if depth == 3
                            && ens == Ns::Atom
                            && ename == "name"
                            && stack.get(2).is_some_and(|(n, l, _)| *n == Ns::Atom && l == "author") =>
                    {
                        en.author = value.trim().to_string();
                    }
                    Some(en) if block_depth.is_some() && ens == Ns::Mahara && ename == "text" => {
                        if let Some(b) = en.blocks.last_mut() {
                            b.text = block_html(&value);
                        }
                    }
                    Some(_) if depth == 1 && ens == Ns::Atom && ename == "entry" => {
                        entries.extend(cur.take());
                    }
                    None if depth == 2 && stack.get(1).is_some_and(|(n, l, _)| *n == Ns::Atom && l == "author") => {
                        match ename.as_str() {
                            "name" => author.name = value.trim().to_string(),
                            "email" => author.email = value.trim().to_string(),
                            _ => {}
                        }
                    }
                    None if depth == 1 => match (ens, ename.as_str()) {
                        (Ns::Leap2, "version") => version = Some(is_supported_version(&value)),
                        (Ns::Atom, "generator") => author.generator = value.trim().to_string(),
                        (Ns::Atom, "id") => author.feed_id = value.trim().to_string(),
                        (Ns::Atom, "updated") => author.updated = value.trim().to_string(),
                        _ => {}
                    },
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !is_feed || !stack.is_empty() {
        return Err(InterchangeError::BadXml("the document ends before the feed is closed".into()));
    }
    match version {
        Some(true) => {}
        Some(false) => {
            return Err(InterchangeError::NotLeap2a(
                "the feed declares a Leap2A version other than 2010-07 (leap2:version)".into(),
            ))
        }
        // The 2009-03 drafts had no version element.
        None if dialect_2009 => {}
        None => {
            return Err(InterchangeError::NotLeap2a(
                "the feed does not declare the Leap2A version (leap2:version)".into(),
            ))
        }
    }
    Ok((author, entries))
}

pub(super) fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim().get(..10)?, "%Y-%m-%d").ok()
}

impl RawEntry {
    pub(super) fn is(&self, t: &str) -> bool {
        self.types.iter().any(|x| x == t)
    }
    pub(super) fn date(&self, points: &[&str]) -> Option<NaiveDate> {
        points.iter().find_map(|p| self.dates.iter().find(|(q, _)| q == p).and_then(|(_, v)| parse_date(v)))
    }
    pub(super) fn any_date(&self) -> Option<NaiveDate> {
        self.date(&["start", "end", "target"]).or_else(|| self.published.as_deref().and_then(parse_date))
    }
    pub(super) fn links<'a>(&'a self, rel: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.links.iter().filter(move |(r, _)| r == rel).map(|(_, h)| h.as_str())
    }
    /// Whether a category of `scheme` (e.g. `selection_type`) has `term`.
    pub(super) fn category(&self, scheme: &str, term: &str) -> bool {
        self.categories
            .iter()
            .any(|(t, s, _)| t.eq_ignore_ascii_case(term) && s.trim_end_matches('#').rsplit(':').next() == Some(scheme))
    }
    /// Plain tags (categories without a scheme), as the learner wrote them.
    pub(super) fn tags(&self) -> Vec<String> {
        self.categories
            .iter()
            .filter(|(_, s, _)| s.is_empty())
            .map(|(t, _, l)| if l.trim().is_empty() { t.clone() } else { l.clone() })
            .filter(|t| !t.trim().is_empty())
            .collect()
    }
    pub(super) fn label(&self) -> String {
        let t = self.types.first().map(String::as_str).unwrap_or("entry");
        format!("\u{201c}{}\u{201d} ({})", self.title, if self.mahara_type.is_empty() { t } else { &self.mahara_type })
    }
}
