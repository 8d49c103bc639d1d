//! Parsing the Atom/Leap2A XML into raw entries (the parts this crate uses),
//! with HTML and XHTML content reduced to the Markdown subset ([`crate::html`]).

use chrono::NaiveDate;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::{Limits, NS_ATOM, NS_LEAP2, NS_MAHARA, NS_RDF};
use crate::{html, InterchangeError, Result};

/// One Atom entry as read from a feed (the parts this crate uses).
#[derive(Debug, Clone, Default)]
pub(super) struct RawEntry {
    pub(super) id: String,
    pub(super) title: String,
    /// Content as text: HTML/XHTML already reduced to the Markdown subset.
    pub(super) content: String,
    pub(super) published: Option<String>,
    /// `rdf:type` values, reduced to the part after the last `:`/`#`/`/`.
    pub(super) types: Vec<String>,
    pub(super) mahara_type: String,
    /// (rel without prefix, href)
    pub(super) links: Vec<(String, String)>,
    /// (term, scheme)
    pub(super) categories: Vec<(String, String)>,
    /// (point, value)
    pub(super) dates: Vec<(String, String)>,
    /// (field, value)
    pub(super) persondata: Vec<(String, String)>,
    pub(super) orgname: String,
    pub(super) myrole: String,
    pub(super) spatial: String,
    pub(super) stage: String,
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

#[derive(Default)]
pub(super) struct Author {
    pub(super) name: String,
    pub(super) email: String,
}

/// An open element: (namespace, local name, attributes).
pub(super) type Open = (String, String, Vec<(String, String)>);

pub(super) fn parse_feed(xml: &str, limits: Limits) -> Result<(Author, Vec<RawEntry>)> {
    let mut r = NsReader::from_str(xml);
    let mut stack: Vec<Open> = Vec::new();
    let mut entries: Vec<RawEntry> = Vec::new();
    let mut author = Author::default();
    let mut is_feed = false;
    let mut version_ok = false;
    let mut cur: Option<RawEntry> = None;
    let mut text = String::new();
    // Inside <content>: its type and depth, and raw XHTML being rebuilt.
    let mut content_type: Option<String> = None;
    let mut content_depth = 0usize;
    let mut attrs_cur: Vec<(String, String)> = Vec::new();
    loop {
        let (ns, ev) = r.read_resolved_event().map_err(xml_err)?;
        let ns = match ns {
            ResolveResult::Bound(n) => n.into_inner().to_string(),
            ResolveResult::Unbound => String::new(),
            ResolveResult::Unknown(p) => {
                return Err(InterchangeError::BadXml(format!("the prefix \u{201c}{}\u{201d} is not declared", p)))
            }
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.local_name().into_inner().to_string();
                // quick-xml's duplicate-attribute check is quadratic in the
                // number of attributes: count them unchecked first.
                let n_attrs = e.attributes().with_checks(false).count();
                if n_attrs > MAX_ATTRIBUTES {
                    return Err(InterchangeError::Invalid(format!(
                        "An element <{name}> of the Leap2A file has {n_attrs} attributes (at most {MAX_ATTRIBUTES} are allowed)."
                    )));
                }
                if !empty && stack.len() + content_depth >= MAX_DEPTH {
                    return Err(InterchangeError::Invalid(format!(
                        "The Leap2A file nests elements more than {MAX_DEPTH} levels deep."
                    )));
                }
                if content_type.is_some() {
                    // XHTML content: rebuild a tag for the HTML reducer.
                    let mut tag = format!("<{name}");
                    for a in e.attributes().flatten() {
                        if a.key.local_name().into_inner() == "href" || a.key.local_name().into_inner() == "alt" {
                            let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(xml_err)?;
                            tag.push_str(&format!(
                                " {}=\"{}\"",
                                a.key.local_name().into_inner(),
                                v.replace('&', "&amp;").replace('"', "&quot;")
                            ));
                        }
                    }
                    tag.push_str(if empty { "/>" } else { ">" });
                    text.push_str(&tag);
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
                let attr = |k: &str| attrs_cur.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
                if stack.is_empty() {
                    if !(ns == NS_ATOM && name == "feed") {
                        return Err(InterchangeError::NotLeap2a("its root element is not an Atom feed".into()));
                    }
                    is_feed = true;
                }
                if let Some(en) = cur.as_mut() {
                    if stack.len() == 2 {
                        match (ns.as_str(), name.as_str()) {
                            (NS_ATOM, "link") => en.links.push((local(&attr("rel")), attr("href"))),
                            (NS_ATOM, "category") => en.categories.push((attr("term"), attr("scheme"))),
                            (NS_RDF, "type") => en.types.push(local(&attr("resource"))),
                            (NS_MAHARA, "artefactplugin") => en.mahara_type = attr("type"),
                            (NS_LEAP2, "status") => en.stage = attr("stage"),
                            (NS_ATOM, "content") => {
                                content_type = Some(attr("type"));
                                content_depth = 0;
                                if !empty {
                                    text.clear();
                                    stack.push((ns, name, attrs_cur.clone()));
                                    continue;
                                }
                                content_type = None;
                            }
                            _ => {}
                        }
                    }
                } else if stack.len() == 1 && ns == NS_ATOM && name == "entry" {
                    cur = Some(RawEntry::default());
                    if entries.len() as u64 >= limits.max_entries {
                        return Err(InterchangeError::TooMany {
                            count: entries.len() as u64 + 1,
                            limit: limits.max_entries,
                        });
                    }
                }
                if !empty {
                    stack.push((ns, name, attrs_cur.clone()));
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
                let name = e.local_name().into_inner().to_string();
                if content_type.is_some() && content_depth > 0 {
                    content_depth -= 1;
                    text.push_str(&format!("</{name}>"));
                    continue;
                }
                let Some((ens, ename, eattrs)) = stack.pop() else { break };
                let eattr = |k: &str| eattrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
                let value = std::mem::take(&mut text);
                let depth = stack.len();
                match cur.as_mut() {
                    Some(en) if depth == 2 => match (ens.as_str(), ename.as_str()) {
                        (NS_ATOM, "id") => en.id = value.trim().to_string(),
                        (NS_ATOM, "title") => en.title = value.trim().to_string(),
                        (NS_ATOM, "published") => en.published = Some(value.trim().to_string()),
                        (NS_ATOM, "content") => {
                            en.content = match content_type.take().as_deref() {
                                Some("html") | Some("xhtml") => html::to_markdown(&value),
                                _ => value.trim().to_string(),
                            };
                        }
                        (NS_LEAP2, "date") => en.dates.push((eattr("point"), value.trim().to_string())),
                        (NS_LEAP2, "persondata") => en.persondata.push((eattr("field"), value.trim().to_string())),
                        (NS_LEAP2, "orgname") => en.orgname = value.trim().to_string(),
                        (NS_LEAP2, "myrole") => en.myrole = value.trim().to_string(),
                        (NS_LEAP2, "spatial") => en.spatial = value.trim().to_string(),
                        _ => {}
                    },
                    Some(_) if depth == 1 && ens == NS_ATOM && ename == "entry" => {
                        entries.extend(cur.take());
                    }
                    None if depth == 2 && stack.get(1).is_some_and(|(n, l, _)| n == NS_ATOM && l == "author") => {
                        match ename.as_str() {
                            "name" => author.name = value.trim().to_string(),
                            "email" => author.email = value.trim().to_string(),
                            _ => {}
                        }
                    }
                    None if depth == 1 && ens == NS_LEAP2 && ename == "version" => {
                        version_ok = value.trim().starts_with("http://www.leapspecs.org/2010-07/2A")
                            || value.trim().starts_with("http://www.leapspecs.org/2A");
                    }
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
    if !version_ok {
        return Err(InterchangeError::NotLeap2a("the feed does not declare the Leap2A version (leap2:version)".into()));
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
    pub(super) fn label(&self) -> String {
        let t = self.types.first().map(String::as_str).unwrap_or("entry");
        format!("\u{201c}{}\u{201d} ({})", self.title, if self.mahara_type.is_empty() { t } else { &self.mahara_type })
    }
}
