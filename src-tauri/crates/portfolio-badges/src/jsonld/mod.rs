//! JSON-LD 1.1 expansion and RDF conversion with bundled contexts only,
//! plus RDFC-1.0 canonicalization (via the `rdf-canon` crate).
//!
//! This is a focused implementation of the parts of JSON-LD 1.1 that
//! verifiable credentials use (protected and scoped contexts, `@graph`,
//! `@list`, `@json`, `@nest`, language/index/id/type maps, `@reverse`,
//! `@included`). It never fetches anything: a context that is not bundled is
//! an error ([`JsonLdError::ContextNotBundled`]).
//!
//! Processing is always in "safe mode" (as VC Data Integrity asks): whatever
//! standard JSON-LD would silently drop (a property no context defines, a
//! relative `@type` or `@id`, a datatype that is not an IRI) is an error,
//! [`JsonLdError::Dropped`], because a signature over the RDF would not
//! cover it.

mod context;
mod expand;
mod iri;
mod loader;
mod rdf;

use std::collections::HashSet;

use oxrdf::Quad;
use serde_json::Value;
use thiserror::Error;

pub use loader::{bundled_context, bundled_urls};

/// Why a document could not be turned into canonical RDF.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum JsonLdError {
    /// The document names a context that is not bundled; nothing is fetched.
    #[error("The credential uses the JSON-LD context {0}, which is not bundled with this application; it cannot be checked offline.")]
    ContextNotBundled(String),
    /// A context is not valid JSON-LD.
    #[error("The credential's JSON-LD context is invalid: {0}.")]
    InvalidContext(String),
    /// A protected term is redefined.
    #[error("The credential's JSON-LD context redefines the protected term '{0}'.")]
    ProtectedRedefinition(String),
    /// The document is not valid JSON-LD.
    #[error("The credential is not valid JSON-LD: {0}.")]
    Invalid(String),
    /// Safe mode: part of the document is not defined by its contexts (an
    /// undefined property, a type or id that is not an absolute IRI), so
    /// expansion would drop it and no signature over the RDF would cover it.
    #[error("The credential holds data its signature does not cover: {0}. It was probably added after signing.")]
    Dropped(String),
    /// Nesting limit.
    #[error("The credential is nested too deeply to process.")]
    TooDeep,
    /// Size limit.
    #[error("The credential is too large to canonicalize.")]
    TooLarge,
    /// RDFC-1.0 failed (for example, a pathological blank-node structure).
    #[error("The credential could not be canonicalized: {0}.")]
    Canonicalization(String),
}

impl JsonLdError {
    pub(crate) fn invalid_context(msg: impl Into<String>) -> Self {
        JsonLdError::InvalidContext(msg.into())
    }
    pub(crate) fn invalid(msg: impl Into<String>) -> Self {
        JsonLdError::Invalid(msg.into())
    }
}

/// Write every bundled context into `dir` (created if needed) as
/// `context-N.json`, plus `index.json` mapping each URL to its file name.
/// Returns the number of contexts written.
pub fn dump_bundled_contexts(dir: &std::path::Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let mut index = serde_json::Map::new();
    let urls = bundled_urls();
    for (i, url) in urls.iter().enumerate() {
        let name = format!("context-{i}.json");
        std::fs::write(dir.join(&name), bundled_context(url).unwrap_or_default())?;
        index.insert((*url).to_owned(), Value::String(name));
    }
    std::fs::write(dir.join("index.json"), serde_json::to_string_pretty(&Value::Object(index))?)?;
    Ok(urls.len())
}

/// Expand a JSON-LD document (JSON-LD 1.1 Expansion).
pub fn expand(doc: &Value) -> Result<Vec<Value>, JsonLdError> {
    expand::expand_document(doc)
}

/// The RDF dataset of a document, duplicates removed.
pub fn to_quads(doc: &Value) -> Result<Vec<Quad>, JsonLdError> {
    let expanded = expand(doc)?;
    let mut em = rdf::Emitter::new();
    let g = oxrdf::GraphName::DefaultGraph;
    for node in &expanded {
        if let Some(m) = node.as_object() {
            em.node(m, &g)?;
        }
    }
    let mut seen = HashSet::with_capacity(em.quads.len());
    let mut quads = em.quads;
    quads.retain(|q| seen.insert(q.clone()));
    Ok(quads)
}

/// Canonical N-Quads (RDFC-1.0, SHA-256) of a JSON-LD document.
pub fn canonicalize(doc: &Value) -> Result<String, JsonLdError> {
    let quads = to_quads(doc)?;
    canonicalize_quads(&quads)
}

/// Canonical N-Quads (RDFC-1.0, SHA-256) of a set of quads.
pub fn canonicalize_quads(quads: &[Quad]) -> Result<String, JsonLdError> {
    let options = rdf_canon::CanonicalizationOptions { hndq_call_limit: Some(4096) };
    rdf_canon::canonicalize_quads_with::<sha2::Sha256>(quads, &options)
        .map_err(|e| JsonLdError::Canonicalization(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_double_forms() {
        assert_eq!(rdf::canonical_double(1.5), "1.5E0");
        assert_eq!(rdf::canonical_double(1e-7), "1.0E-7");
        assert_eq!(rdf::canonical_double(-12345.678), "-1.2345678E4");
    }

    #[test]
    fn simple_expansion_to_nquads() {
        let doc = json!({
            "@context": {"name": "http://schema.org/name", "knows": {"@id": "http://schema.org/knows", "@type": "@id"},
                         "n": {"@id": "http://ex.org/n", "@type": "http://www.w3.org/2001/XMLSchema#double"}},
            "@id": "http://ex.org/a", "name": "A", "knows": "http://ex.org/b", "n": 2
        });
        let c = canonicalize(&doc).unwrap();
        assert_eq!(
            c,
            "<http://ex.org/a> <http://ex.org/n> \"2.0E0\"^^<http://www.w3.org/2001/XMLSchema#double> .\n\
             <http://ex.org/a> <http://schema.org/knows> <http://ex.org/b> .\n\
             <http://ex.org/a> <http://schema.org/name> \"A\" .\n"
        );
    }

    #[test]
    fn unknown_context_is_refused() {
        let doc = json!({"@context": "https://example.org/unknown-context.jsonld", "@id": "http://x"});
        assert_eq!(
            canonicalize(&doc),
            Err(JsonLdError::ContextNotBundled("https://example.org/unknown-context.jsonld".into()))
        );
    }

    #[test]
    fn protected_terms_cannot_be_redefined() {
        let doc = json!({"@context": ["https://www.w3.org/ns/credentials/v2", {"name": "http://evil.example/name"}],
                         "type": "VerifiableCredential", "name": "x"});
        assert_eq!(canonicalize(&doc), Err(JsonLdError::ProtectedRedefinition("name".into())));
    }

    #[test]
    fn lists_and_blank_nodes() {
        let doc =
            json!({"@context": {"l": {"@id": "http://ex.org/l", "@container": "@list"}}, "l": ["a", {"@id": "_:x"}]});
        let c = canonicalize(&doc).unwrap();
        assert!(c.contains("<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> \"a\""), "{c}");
        assert!(c.contains("<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>"), "{c}");
    }
}
