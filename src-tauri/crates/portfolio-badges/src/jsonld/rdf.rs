//! Deserialize expanded JSON-LD to RDF quads (API §6.2, §8).
//!
//! Instead of building a node map first, nodes are walked directly: every
//! node object emits its own triples and returns its subject, so the set of
//! quads is the same as the node-map route (quads form a set; duplicates are
//! removed by the caller).

use std::collections::HashMap;

use oxrdf::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use serde_json::{Map, Value};

use super::context::is_absolute_iri;
use super::JsonLdError;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
const RDF_JSON: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON";
const RDF_LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
const XSD_BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
const XSD_DOUBLE: &str = "http://www.w3.org/2001/XMLSchema#double";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";

/// Largest number of quads produced from one document.
const MAX_QUADS: usize = 100_000;

pub(crate) struct Emitter {
    pub quads: Vec<Quad>,
    labels: HashMap<String, String>,
    counter: usize,
}

impl Emitter {
    pub fn new() -> Self {
        Emitter { quads: Vec::new(), labels: HashMap::new(), counter: 0 }
    }

    fn fresh(&mut self) -> BlankNode {
        let b = BlankNode::new_unchecked(format!("b{}", self.counter));
        self.counter += 1;
        b
    }

    fn blank(&mut self, label: &str) -> BlankNode {
        if let Some(l) = self.labels.get(label) {
            return BlankNode::new_unchecked(l.clone());
        }
        let b = self.fresh();
        self.labels.insert(label.to_owned(), b.as_str().to_owned());
        b
    }

    /// A node identifier: blank node or absolute IRI. Safe mode: a relative
    /// IRI, which standard JSON-LD drops with its statements, is an error.
    fn resource(&mut self, id: &str, what: &str) -> Result<NamedOrBlankNode, JsonLdError> {
        if id.starts_with("_:") {
            Ok(self.blank(id).into())
        } else if is_absolute_iri(id) {
            Ok(NamedNode::new_unchecked(id).into())
        } else {
            Err(JsonLdError::Dropped(format!(
                "the {what} '{id}' is not an absolute IRI nor defined by its JSON-LD contexts"
            )))
        }
    }

    fn push(&mut self, s: &NamedOrBlankNode, p: &str, o: Term, g: &GraphName) -> Result<(), JsonLdError> {
        if self.quads.len() >= MAX_QUADS {
            return Err(JsonLdError::TooLarge);
        }
        self.quads.push(Quad::new(s.clone(), NamedNode::new_unchecked(p), o, g.clone()));
        Ok(())
    }

    /// Emit a node object (and everything inside it) into graph `g`; return
    /// its subject.
    pub fn node(&mut self, node: &Map<String, Value>, g: &GraphName) -> Result<NamedOrBlankNode, JsonLdError> {
        let subject: NamedOrBlankNode = match node.get("@id").and_then(Value::as_str) {
            Some(id) => self.resource(id, "id")?,
            None => self.fresh().into(),
        };
        if let Some(Value::Array(types)) = node.get("@type") {
            for t in types.iter().filter_map(Value::as_str) {
                let o = self.resource(t, "type")?;
                self.push(&subject, RDF_TYPE, o.into(), g)?;
            }
        }
        for (prop, values) in node {
            match prop.as_str() {
                "@id" | "@type" | "@index" => {}
                "@graph" => {
                    let name = match &subject {
                        NamedOrBlankNode::NamedNode(n) => GraphName::NamedNode(n.clone()),
                        NamedOrBlankNode::BlankNode(b) => GraphName::BlankNode(b.clone()),
                    };
                    for v in values.as_array().into_iter().flatten() {
                        if let Some(m) = v.as_object() {
                            if !m.contains_key("@value") && !m.contains_key("@list") {
                                self.node(m, &name)?;
                            }
                        }
                    }
                }
                "@included" => {
                    for v in values.as_array().into_iter().flatten() {
                        if let Some(m) = v.as_object() {
                            self.node(m, g)?;
                        }
                    }
                }
                "@reverse" => {
                    let Some(rm) = values.as_object() else { continue };
                    for (rp, items) in rm {
                        for item in items.as_array().into_iter().flatten() {
                            let Some(m) = item.as_object() else { continue };
                            let o = self.node(m, g)?;
                            let rp = predicate(rp)?;
                            self.push(&o, rp, subject.clone().into(), g)?;
                        }
                    }
                }
                p if p.starts_with('@') => {}
                p => {
                    let p = predicate(p)?;
                    for v in values.as_array().into_iter().flatten() {
                        if let Some(o) = self.object(v, g)? {
                            self.push(&subject, p, o, g)?;
                        }
                    }
                }
            }
        }
        Ok(subject)
    }

    fn object(&mut self, v: &Value, g: &GraphName) -> Result<Option<Term>, JsonLdError> {
        let Some(m) = v.as_object() else { return Ok(None) };
        if m.contains_key("@value") {
            return literal(m).map(|l| Some(Term::from(l)));
        }
        if let Some(list) = m.get("@list") {
            let items = list.as_array().cloned().unwrap_or_default();
            return self.list(&items, g).map(Some);
        }
        Ok(Some(self.node(m, g)?.into()))
    }

    fn list(&mut self, items: &[Value], g: &GraphName) -> Result<Term, JsonLdError> {
        if items.is_empty() {
            return Ok(NamedNode::new_unchecked(RDF_NIL).into());
        }
        let nodes: Vec<BlankNode> = items.iter().map(|_| self.fresh()).collect();
        for (i, item) in items.iter().enumerate() {
            let s: NamedOrBlankNode = nodes[i].clone().into();
            if let Some(o) = self.object(item, g)? {
                self.push(&s, RDF_FIRST, o, g)?;
            }
            let rest: Term = match nodes.get(i + 1) {
                Some(n) => n.clone().into(),
                None => NamedNode::new_unchecked(RDF_NIL).into(),
            };
            self.push(&s, RDF_REST, rest, g)?;
        }
        Ok(nodes[0].clone().into())
    }
}

/// A property IRI; safe mode: a relative or blank-node one is an error.
fn predicate(p: &str) -> Result<&str, JsonLdError> {
    if is_absolute_iri(p) && !p.starts_with("_:") {
        Ok(p)
    } else {
        Err(JsonLdError::Dropped(format!("the property '{p}' does not expand to an absolute IRI")))
    }
}

/// The RDF literal of a value object; safe mode: a value standard JSON-LD
/// would drop (a relative datatype, an `rdf:langString` without language)
/// is an error.
fn literal(m: &Map<String, Value>) -> Result<Literal, JsonLdError> {
    literal_or_none(m).ok_or_else(|| {
        let v = m.get("@value").map(|v| v.to_string()).unwrap_or_default();
        JsonLdError::Dropped(format!("the value {v} cannot be represented as RDF"))
    })
}

fn literal_or_none(m: &Map<String, Value>) -> Option<Literal> {
    let value = m.get("@value")?;
    let dt = m.get("@type").and_then(Value::as_str);
    if dt == Some("@json") {
        return Some(Literal::new_typed_literal(canonical_json(value), NamedNode::new_unchecked(RDF_JSON)));
    }
    if let Some(t) = dt {
        if !is_absolute_iri(t) {
            return None;
        }
    }
    let (lexical, default_dt) = match value {
        Value::Bool(b) => (b.to_string(), XSD_BOOLEAN),
        Value::Number(n) => {
            let as_double = dt == Some(XSD_DOUBLE);
            match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) if !as_double => (i.to_string(), XSD_INTEGER),
                (_, Some(u), _) if !as_double => (u.to_string(), XSD_INTEGER),
                (_, _, Some(f)) if !as_double && f.fract() == 0.0 && f.abs() < 1e21 => (format!("{f:.0}"), XSD_INTEGER),
                (_, _, Some(f)) => (canonical_double(f), XSD_DOUBLE),
                _ => return None,
            }
        }
        Value::String(s) => {
            if let Some(lang) = m.get("@language").and_then(Value::as_str) {
                if dt.is_none() {
                    return Some(Literal::new_language_tagged_literal_unchecked(s.clone(), lang.to_ascii_lowercase()));
                }
            }
            (s.clone(), XSD_STRING)
        }
        _ => return None,
    };
    let dt = dt.unwrap_or(default_dt);
    if dt == RDF_LANG_STRING {
        return None;
    }
    Some(Literal::new_typed_literal(lexical, NamedNode::new_unchecked(dt)))
}

/// Canonical `xsd:double` lexical form as JSON-LD processors write it
/// (`1.5E0`, `1.0E-7`).
pub(crate) fn canonical_double(f: f64) -> String {
    let s = format!("{f:.15e}");
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let mut mant = mant.trim_end_matches('0').to_owned();
    if mant.ends_with('.') {
        mant.push('0');
    }
    format!("{mant}E{exp}")
}

/// JSON Canonicalization Scheme (RFC 8785) for `@json` literals: sorted
/// keys, no whitespace.
pub(crate) fn canonical_json(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            let inner: Vec<String> = keys
                .iter()
                .map(|k| format!("{}:{}", Value::String((*k).clone()), canonical_json(&m[k.as_str()])))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        Value::Array(a) => format!("[{}]", a.iter().map(canonical_json).collect::<Vec<_>>().join(",")),
        other => other.to_string(),
    }
}
