//! JSON-LD 1.1 context processing (API §4.1–4.2) and IRI expansion (§5.2).
//!
//! Processed contexts are immutable and shared (`Arc`). Results of applying
//! a bundled (remote) context or a scoped context from a bundled context to
//! an already-cached active context are memoised process-wide, so a
//! credential that uses the usual VC + Open Badges contexts is expanded
//! without re-processing any context after the first time.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{Map, Value};

use super::{loader, JsonLdError};

/// Maximum nesting of remote context loading.
const MAX_REMOTE_DEPTH: usize = 16;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A term definition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TermDef {
    /// IRI mapping; `None` when explicitly `null`.
    pub iri: Option<String>,
    pub prefix: bool,
    pub protected: bool,
    pub reverse: bool,
    pub type_mapping: Option<String>,
    pub container: Vec<String>,
    /// `Some(None)` when the term sets the language to null.
    pub language: Option<Option<String>>,
    pub direction: Option<Option<String>>,
    /// Scoped context, kept raw and processed on use (memoised).
    pub context: Option<Arc<Value>>,
    pub nest: Option<String>,
    pub index: Option<String>,
}

impl TermDef {
    fn same_except_protected(&self, other: &TermDef) -> bool {
        let mut a = self.clone();
        a.protected = other.protected;
        a == *other
    }

    pub fn has_container(&self, c: &str) -> bool {
        self.container.iter().any(|x| x == c)
    }
}

/// An active context.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    pub id: u64,
    /// Derived only from bundled contexts, so safe to memoise on.
    pub cacheable: bool,
    pub terms: HashMap<String, Arc<TermDef>>,
    pub vocab: Option<String>,
    pub language: Option<String>,
    pub direction: Option<String>,
    pub previous: Option<Arc<Context>>,
}

impl Context {
    pub fn empty() -> Arc<Context> {
        static EMPTY: OnceLock<Arc<Context>> = OnceLock::new();
        EMPTY
            .get_or_init(|| {
                Arc::new(Context {
                    id: 0,
                    cacheable: true,
                    terms: HashMap::new(),
                    vocab: None,
                    language: None,
                    direction: None,
                    previous: None,
                })
            })
            .clone()
    }

    pub fn term(&self, t: &str) -> Option<&Arc<TermDef>> {
        self.terms.get(t)
    }

    fn fork(&self) -> Context {
        let mut c = self.clone();
        c.id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        c.cacheable = false;
        c
    }
}

/// Terms being defined while one local context is processed, plus that
/// context's `@protected` default (kept here, as jsonld.js does, so terms
/// created on demand during IRI expansion get the right protection).
pub(crate) struct Defined {
    pub(crate) map: HashMap<String, bool>,
    protected: bool,
    override_protected: bool,
}

/// Position of the first `:` after the first character.
pub(crate) fn inner_colon(s: &str) -> Option<usize> {
    s.char_indices().skip(1).find(|(_, c)| *c == ':').map(|(i, _)| i)
}

/// Options for one context-processing call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Opts {
    pub override_protected: bool,
    pub propagate: bool,
}

impl Default for Opts {
    fn default() -> Self {
        Opts { override_protected: false, propagate: true }
    }
}

type CacheKey = (u64, usize, bool, bool);

/// Memo table: the `Arc<Value>` keeps the keyed context alive.
type Memo = HashMap<CacheKey, (Arc<Value>, Arc<Context>)>;

fn cache() -> &'static Mutex<Memo> {
    static C: OnceLock<Mutex<Memo>> = OnceLock::new();
    C.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Largest number of memoised contexts (a safety valve; normal use needs a few hundred).
const CACHE_LIMIT: usize = 20_000;

/// Process `local` (a context taken from a bundled document or a scoped
/// context held in an `Arc`) against `active`, memoising when possible.
pub(crate) fn process_shared(
    active: &Arc<Context>,
    local: &Arc<Value>,
    opts: Opts,
) -> Result<Arc<Context>, JsonLdError> {
    process_shared_depth(active, local, opts, 0, true)
}

fn process_shared_depth(
    active: &Arc<Context>,
    local: &Arc<Value>,
    opts: Opts,
    depth: usize,
    shared: bool,
) -> Result<Arc<Context>, JsonLdError> {
    let key = (active.id, Arc::as_ptr(local) as usize, opts.override_protected, opts.propagate);
    if active.cacheable && shared {
        if let Ok(c) = cache().lock() {
            if let Some((_, ctx)) = c.get(&key) {
                return Ok(ctx.clone());
            }
        }
    }
    let mut result = process(active, local, opts, depth)?;
    if active.cacheable && shared {
        Arc::make_mut(&mut result).cacheable = true;
        if let Ok(mut c) = cache().lock() {
            if c.len() < CACHE_LIMIT {
                // Keep `local` alive so its address cannot be reused.
                c.insert(key, (local.clone(), result.clone()));
            }
        }
    } else if let Some(r) = Arc::get_mut(&mut result) {
        r.cacheable = false;
    }
    Ok(result)
}

/// Process a context found inline in a document (not memoised).
pub(crate) fn process_inline(active: &Arc<Context>, local: &Value, opts: Opts) -> Result<Arc<Context>, JsonLdError> {
    let mut result = process(active, local, opts, 0)?;
    if let Some(r) = Arc::get_mut(&mut result) {
        // Inline objects make the context document-specific; URL-only
        // contexts stay cacheable (handled per entry in `process`).
        if local_has_object(local) {
            r.cacheable = false;
        }
    }
    Ok(result)
}

fn local_has_object(v: &Value) -> bool {
    match v {
        Value::Object(_) => true,
        Value::Array(a) => a.iter().any(|x| x.is_object()),
        _ => false,
    }
}

/// Context Processing Algorithm (§4.1.2).
fn process(active: &Arc<Context>, local: &Value, opts: Opts, depth: usize) -> Result<Arc<Context>, JsonLdError> {
    let mut propagate = opts.propagate;
    if let Some(p) = local.as_object().and_then(|m| m.get("@propagate")) {
        propagate = p.as_bool().ok_or_else(|| JsonLdError::invalid_context("@propagate must be true or false"))?;
    }
    let mut result: Arc<Context> = active.clone();
    let mut forked: Option<Context> = None;
    if !propagate && active.previous.is_none() {
        let mut f = active.fork();
        f.previous = Some(active.clone());
        forked = Some(f);
    }
    let items: Vec<&Value> = match local {
        Value::Array(a) => a.iter().collect(),
        v => vec![v],
    };
    for item in items {
        match item {
            Value::Null => {
                let cur = take(&mut forked, &result);
                if !opts.override_protected && cur.terms.values().any(|t| t.protected) {
                    return Err(JsonLdError::invalid_context(
                        "a context tries to clear protected terms (invalid context nullification)",
                    ));
                }
                let mut fresh = (*Context::empty()).clone();
                fresh.id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
                fresh.cacheable = false;
                if !propagate {
                    fresh.previous = Some(Arc::new(cur));
                }
                forked = Some(fresh);
            }
            Value::String(url) => {
                if depth >= MAX_REMOTE_DEPTH {
                    return Err(JsonLdError::invalid_context("contexts are nested too deeply (context overflow)"));
                }
                let doc = loader::load(url)?;
                let ctx = doc
                    .get("@context")
                    .ok_or_else(|| JsonLdError::invalid_context(format!("the document at {url} has no @context")))?;
                let ctx_arc = context_arc(&doc, ctx);
                let cur = match forked.take() {
                    Some(f) => Arc::new(f),
                    None => result.clone(),
                };
                result = process_shared_depth(&cur, &ctx_arc, Opts::default(), depth + 1, true)?;
            }
            Value::Object(map) => {
                let mut cur = take(&mut forked, &result);
                define_all(&mut cur, map, opts)?;
                cur.cacheable = false;
                forked = Some(cur);
            }
            _ => return Err(JsonLdError::invalid_context("a @context entry must be a URL, an object or null")),
        }
    }
    if let Some(f) = forked {
        result = Arc::new(f);
    }
    Ok(result)
}

/// The `@context` value of a bundled document as a stable `Arc` (so its
/// address can key the memo table).
fn context_arc(doc: &Arc<Value>, ctx: &Value) -> Arc<Value> {
    static ARCS: OnceLock<Mutex<HashMap<usize, Arc<Value>>>> = OnceLock::new();
    let key = Arc::as_ptr(doc) as usize;
    let m = ARCS.get_or_init(|| Mutex::new(HashMap::new()));
    match m.lock() {
        Ok(mut g) => g.entry(key).or_insert_with(|| Arc::new(ctx.clone())).clone(),
        Err(_) => Arc::new(ctx.clone()),
    }
}

/// Take the pending forked context, or fork the current result.
fn take(forked: &mut Option<Context>, result: &Arc<Context>) -> Context {
    forked.take().unwrap_or_else(|| result.fork())
}

/// Process a scoped/embedded context object: all term definitions.
fn define_all(cur: &mut Context, map: &Map<String, Value>, opts: Opts) -> Result<(), JsonLdError> {
    if let Some(v) = map.get("@version") {
        if v.as_f64() != Some(1.1) {
            return Err(JsonLdError::invalid_context("@version must be 1.1"));
        }
    }
    let imported;
    let map = if let Some(imp) = map.get("@import") {
        let url = imp.as_str().ok_or_else(|| JsonLdError::invalid_context("@import must be a URL"))?;
        let doc = loader::load(url)?;
        let Some(Value::Object(im)) = doc.get("@context") else {
            return Err(JsonLdError::invalid_context(format!("the context imported from {url} is not an object")));
        };
        if im.contains_key("@import") {
            return Err(JsonLdError::invalid_context("an imported context cannot itself import"));
        }
        let mut merged = im.clone();
        for (k, v) in map {
            merged.insert(k.clone(), v.clone());
        }
        imported = merged;
        &imported
    } else {
        map
    };
    if let Some(v) = map.get("@vocab") {
        cur.vocab = match v {
            Value::Null => None,
            Value::String(s) => {
                let e = expand_iri(cur, s, true, true, None, None)?;
                match e {
                    Some(e) if e.contains(':') || e.is_empty() => Some(e),
                    _ => return Err(JsonLdError::invalid_context(format!("invalid @vocab '{s}'"))),
                }
            }
            _ => return Err(JsonLdError::invalid_context("@vocab must be a string or null")),
        };
    }
    if let Some(v) = map.get("@language") {
        cur.language = match v {
            Value::Null => None,
            Value::String(s) => Some(s.to_ascii_lowercase()),
            _ => return Err(JsonLdError::invalid_context("@language must be a string or null")),
        };
    }
    if let Some(v) = map.get("@direction") {
        cur.direction = match v {
            Value::Null => None,
            Value::String(s) if s == "ltr" || s == "rtl" => Some(s.clone()),
            _ => return Err(JsonLdError::invalid_context("@direction must be ltr, rtl or null")),
        };
    }
    let protected = match map.get("@protected") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(JsonLdError::invalid_context("@protected must be true or false")),
    };
    let mut defined = Defined { map: HashMap::new(), protected, override_protected: opts.override_protected };
    for key in map.keys() {
        if matches!(
            key.as_str(),
            "@base" | "@direction" | "@import" | "@language" | "@propagate" | "@protected" | "@version" | "@vocab"
        ) {
            continue;
        }
        create_term(cur, map, key, &mut defined)?;
    }
    Ok(())
}

/// Create Term Definition (§4.2.2).
pub(crate) fn create_term(
    active: &mut Context,
    local: &Map<String, Value>,
    term: &str,
    defined: &mut Defined,
) -> Result<(), JsonLdError> {
    let protected_default = defined.protected;
    let override_protected = defined.override_protected;
    match defined.map.get(term) {
        Some(true) => return Ok(()),
        Some(false) => return Err(JsonLdError::invalid_context(format!("cyclic IRI mapping for term '{term}'"))),
        None => {}
    }
    if term.is_empty() {
        return Err(JsonLdError::invalid_context("a term cannot be the empty string"));
    }
    defined.map.insert(term.to_owned(), false);
    let value = local.get(term).cloned().unwrap_or(Value::Null);
    if term == "@type" {
        let ok = value.as_object().is_some_and(|m| {
            !m.is_empty()
                && m.iter().all(|(k, v)| (k == "@container" && v == "@set") || (k == "@protected" && v.is_boolean()))
        });
        if !ok {
            return Err(JsonLdError::invalid_context("the @type keyword can only be given @container: @set"));
        }
    } else if is_keyword(term) {
        return Err(JsonLdError::invalid_context(format!("the keyword '{term}' cannot be redefined")));
    } else if looks_like_keyword(term) {
        defined.map.insert(term.to_owned(), true);
        return Ok(());
    }
    let previous = active.terms.remove(term);
    let (value, simple_term) = match value {
        Value::Null => (Map::from_iter([("@id".to_owned(), Value::Null)]), false),
        Value::String(s) => (Map::from_iter([("@id".to_owned(), Value::String(s))]), true),
        Value::Object(m) => (m, false),
        _ => return Err(JsonLdError::invalid_context(format!("the definition of '{term}' is not valid"))),
    };
    let mut def = TermDef {
        iri: None,
        prefix: false,
        protected: protected_default,
        reverse: false,
        type_mapping: None,
        container: Vec::new(),
        language: None,
        direction: None,
        context: None,
        nest: None,
        index: None,
    };
    for k in value.keys() {
        if !matches!(
            k.as_str(),
            "@id"
                | "@reverse"
                | "@container"
                | "@context"
                | "@direction"
                | "@index"
                | "@language"
                | "@nest"
                | "@prefix"
                | "@protected"
                | "@type"
        ) {
            return Err(JsonLdError::invalid_context(format!("the definition of '{term}' has an unknown entry '{k}'")));
        }
    }
    if let Some(p) = value.get("@protected") {
        def.protected = p.as_bool().ok_or_else(|| JsonLdError::invalid_context("@protected must be true or false"))?;
    }
    if let Some(t) = value.get("@type") {
        let t = t
            .as_str()
            .ok_or_else(|| JsonLdError::invalid_context(format!("the @type of '{term}' must be a string")))?;
        let e = expand_iri(active, t, false, true, Some(local), Some(defined))?
            .ok_or_else(|| JsonLdError::invalid_context(format!("invalid type mapping for '{term}'")))?;
        if !(matches!(e.as_str(), "@id" | "@json" | "@none" | "@vocab") || is_absolute_iri(&e)) {
            return Err(JsonLdError::invalid_context(format!("invalid type mapping '{t}' for '{term}'")));
        }
        def.type_mapping = Some(e);
    }
    if let Some(r) = value.get("@reverse") {
        if value.contains_key("@id") || value.contains_key("@nest") {
            return Err(JsonLdError::invalid_context(format!("invalid reverse property '{term}'")));
        }
        let r = r.as_str().ok_or_else(|| JsonLdError::invalid_context("@reverse must be a string"))?;
        let e = expand_iri(active, r, false, true, Some(local), Some(defined))?
            .filter(|e| e.contains(':'))
            .ok_or_else(|| JsonLdError::invalid_context(format!("invalid IRI mapping for '{term}'")))?;
        def.iri = Some(e);
        if let Some(c) = value.get("@container") {
            let c = container_list(c)?;
            if !(c.is_empty() || c == ["@set"] || c == ["@index"]) {
                return Err(JsonLdError::invalid_context(
                    "a reverse property can only have an @set or @index container",
                ));
            }
            def.container = c;
        }
        def.reverse = true;
        return finish(active, term, def, previous, defined, override_protected);
    }
    let id_value = value.get("@id");
    if id_value.is_some_and(|v| v.as_str() != Some(term)) {
        match id_value {
            Some(Value::Null) => def.iri = None,
            Some(Value::String(id)) => {
                if !is_keyword(id) && looks_like_keyword(id) {
                    defined.map.remove(term);
                    return Ok(());
                }
                let e = expand_iri(active, id, false, true, Some(local), Some(defined))?
                    .ok_or_else(|| JsonLdError::invalid_context(format!("invalid IRI mapping for '{term}'")))?;
                if !(is_keyword(&e) || e.contains(':')) {
                    return Err(JsonLdError::invalid_context(format!("invalid IRI mapping '{id}' for '{term}'")));
                }
                if e == "@context" {
                    return Err(JsonLdError::invalid_context("@context cannot be aliased"));
                }
                let inner_colon = term.find(':').is_some_and(|i| i > 0 && i + 1 < term.len());
                if inner_colon || term.contains('/') {
                    defined.map.insert(term.to_owned(), true);
                    let again = expand_iri(active, term, false, true, Some(local), Some(defined))?;
                    if again.as_deref() != Some(e.as_str()) {
                        return Err(JsonLdError::invalid_context(format!(
                            "the term '{term}' looks like an IRI but maps to another one"
                        )));
                    }
                }
                if !term.contains(':')
                    && !term.contains('/')
                    && simple_term
                    && (ends_with_gen_delim(&e) || e.starts_with("_:"))
                {
                    def.prefix = true;
                }
                def.iri = Some(e);
            }
            _ => return Err(JsonLdError::invalid_context(format!("the @id of '{term}' must be a string"))),
        }
    } else if let Some(i) = inner_colon(term) {
        let (prefix, suffix) = (&term[..i], &term[i + 1..]);
        if local.contains_key(prefix) {
            create_term(active, local, prefix, defined)?;
        }
        def.iri = match active.terms.get(prefix).and_then(|t| t.iri.clone()) {
            Some(p) => Some(format!("{p}{suffix}")),
            None => Some(term.to_owned()),
        };
    } else if term.contains('/') {
        let e = expand_iri(active, term, false, true, None, None)?
            .filter(|e| is_absolute_iri(e))
            .ok_or_else(|| JsonLdError::invalid_context(format!("invalid IRI mapping for '{term}'")))?;
        def.iri = Some(e);
    } else if term == "@type" {
        def.iri = Some("@type".into());
    } else if let Some(v) = &active.vocab {
        def.iri = Some(format!("{v}{term}"));
    } else {
        return Err(JsonLdError::invalid_context(format!(
            "the term '{term}' has no IRI mapping and there is no @vocab"
        )));
    }
    if let Some(c) = value.get("@container") {
        def.container = container_list(c)?;
        if def.has_container("@type") {
            match def.type_mapping.as_deref() {
                None => def.type_mapping = Some("@id".into()),
                Some("@id" | "@vocab") => {}
                Some(_) => return Err(JsonLdError::invalid_context("a @type container needs @id or @vocab typing")),
            }
        }
    }
    if let Some(ix) = value.get("@index") {
        if !def.has_container("@index") {
            return Err(JsonLdError::invalid_context("@index needs an @index container"));
        }
        def.index =
            Some(ix.as_str().ok_or_else(|| JsonLdError::invalid_context("@index must be a string"))?.to_owned());
    }
    if let Some(c) = value.get("@context") {
        def.context = Some(Arc::new(c.clone()));
    }
    if !value.contains_key("@type") {
        if let Some(l) = value.get("@language") {
            def.language = Some(match l {
                Value::Null => None,
                Value::String(s) => Some(s.to_ascii_lowercase()),
                _ => return Err(JsonLdError::invalid_context("@language must be a string or null")),
            });
        }
        if let Some(d) = value.get("@direction") {
            def.direction = Some(match d {
                Value::Null => None,
                Value::String(s) if s == "ltr" || s == "rtl" => Some(s.clone()),
                _ => return Err(JsonLdError::invalid_context("@direction must be ltr, rtl or null")),
            });
        }
    }
    if let Some(n) = value.get("@nest") {
        let n = n.as_str().ok_or_else(|| JsonLdError::invalid_context("@nest must be a string"))?;
        if is_keyword(n) && n != "@nest" {
            return Err(JsonLdError::invalid_context("@nest cannot name a keyword"));
        }
        def.nest = Some(n.to_owned());
    }
    if let Some(p) = value.get("@prefix") {
        if term.contains(':') || term.contains('/') {
            return Err(JsonLdError::invalid_context("@prefix cannot be used on a compact IRI term"));
        }
        def.prefix = p.as_bool().ok_or_else(|| JsonLdError::invalid_context("@prefix must be true or false"))?;
    }
    finish(active, term, def, previous, defined, override_protected)
}

fn finish(
    active: &mut Context,
    term: &str,
    def: TermDef,
    previous: Option<Arc<TermDef>>,
    defined: &mut Defined,
    override_protected: bool,
) -> Result<(), JsonLdError> {
    let def = match previous {
        Some(prev) if !override_protected && prev.protected => {
            if !def.same_except_protected(&prev) {
                return Err(JsonLdError::ProtectedRedefinition(term.to_owned()));
            }
            prev
        }
        _ => Arc::new(def),
    };
    active.terms.insert(term.to_owned(), def);
    defined.map.insert(term.to_owned(), true);
    Ok(())
}

fn container_list(c: &Value) -> Result<Vec<String>, JsonLdError> {
    let mut out: Vec<String> = match c {
        Value::Null => Vec::new(),
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .map(|x| x.as_str().map(str::to_owned).ok_or_else(|| JsonLdError::invalid_context("invalid @container")))
            .collect::<Result<_, _>>()?,
        _ => return Err(JsonLdError::invalid_context("invalid @container")),
    };
    for x in &out {
        if !matches!(x.as_str(), "@graph" | "@id" | "@index" | "@language" | "@list" | "@set" | "@type") {
            return Err(JsonLdError::invalid_context(format!("invalid @container value '{x}'")));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

pub(crate) use super::iri::{
    ends_with_gen_delim, expand_iri, expand_iri_ro, is_absolute_iri, is_keyword, looks_like_keyword,
};
