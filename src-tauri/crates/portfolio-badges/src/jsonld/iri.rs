//! Keywords and IRI expansion (JSON-LD 1.1 API §5.2).

use super::JsonLdError;
use serde_json::{Map, Value};

use super::context::{create_term, inner_colon, Context, Defined};

pub(crate) fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "@base"
            | "@container"
            | "@context"
            | "@default"
            | "@direction"
            | "@embed"
            | "@explicit"
            | "@graph"
            | "@id"
            | "@import"
            | "@included"
            | "@index"
            | "@json"
            | "@language"
            | "@list"
            | "@nest"
            | "@none"
            | "@omitDefault"
            | "@prefix"
            | "@preserve"
            | "@propagate"
            | "@protected"
            | "@requireAll"
            | "@reverse"
            | "@set"
            | "@type"
            | "@value"
            | "@version"
            | "@vocab"
    )
}

/// `@` followed by ALPHA only: reserved for future keywords, ignored.
pub(crate) fn looks_like_keyword(s: &str) -> bool {
    s.len() > 1 && s.starts_with('@') && s[1..].bytes().all(|b| b.is_ascii_alphabetic())
}

pub(crate) fn ends_with_gen_delim(s: &str) -> bool {
    matches!(s.as_bytes().last(), Some(b':' | b'/' | b'?' | b'#' | b'[' | b']' | b'@'))
}

/// Absolute IRI check as JSON-LD processors do it: `scheme:` with no spaces.
pub(crate) fn is_absolute_iri(s: &str) -> bool {
    let Some(colon) = s.find(':') else { return false };
    let scheme = &s[..colon];
    !scheme.is_empty()
        && scheme.as_bytes()[0].is_ascii_alphabetic()
        && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
        && !s.chars().any(char::is_whitespace)
}

/// IRI Expansion (§5.2.2). `None` means the value expands to nothing (a
/// term mapped to null, or a reserved `@word`).
pub(crate) fn expand_iri(
    active: &mut Context,
    value: &str,
    document_relative: bool,
    vocab: bool,
    local: Option<&Map<String, Value>>,
    defined: Option<&mut Defined>,
) -> Result<Option<String>, JsonLdError> {
    if is_keyword(value) {
        return Ok(Some(value.to_owned()));
    }
    if looks_like_keyword(value) {
        return Ok(None);
    }
    let mut defined = defined;
    if let (Some(local), Some(def)) = (local, defined.as_mut()) {
        if local.contains_key(value) && def.map.get(value) != Some(&true) {
            create_term(active, local, value, def)?;
        }
    }
    if let Some(t) = active.terms.get(value) {
        if let Some(iri) = &t.iri {
            if is_keyword(iri) {
                return Ok(Some(iri.clone()));
            }
        }
        if vocab {
            return Ok(t.iri.clone());
        }
    }
    if let Some(i) = inner_colon(value) {
        let (prefix, suffix) = (&value[..i], &value[i + 1..]);
        if prefix == "_" || suffix.starts_with("//") {
            return Ok(Some(value.to_owned()));
        }
        if let (Some(local), Some(def)) = (local, defined.as_mut()) {
            if local.contains_key(prefix) && def.map.get(prefix) != Some(&true) {
                create_term(active, local, prefix, def)?;
            }
        }
        if let Some(t) = active.terms.get(prefix) {
            if let (Some(iri), true) = (&t.iri, t.prefix) {
                return Ok(Some(format!("{iri}{suffix}")));
            }
        }
        if is_absolute_iri(value) {
            return Ok(Some(value.to_owned()));
        }
    }
    if vocab {
        if let Some(v) = &active.vocab {
            return Ok(Some(format!("{v}{value}")));
        }
    }
    let _ = document_relative; // No document base: relative IRIs stay relative (and are dropped from RDF).
    Ok(Some(value.to_owned()))
}

/// IRI expansion against an immutable context (no term creation).
pub(crate) fn expand_iri_ro(active: &Context, value: &str, vocab: bool) -> Option<String> {
    if is_keyword(value) {
        return Some(value.to_owned());
    }
    if looks_like_keyword(value) {
        return None;
    }
    if let Some(t) = active.terms.get(value) {
        if let Some(iri) = &t.iri {
            if is_keyword(iri) {
                return Some(iri.clone());
            }
        }
        if vocab {
            return t.iri.clone();
        }
    }
    if let Some(i) = inner_colon(value) {
        let (prefix, suffix) = (&value[..i], &value[i + 1..]);
        if prefix == "_" || suffix.starts_with("//") {
            return Some(value.to_owned());
        }
        if let Some(t) = active.terms.get(prefix) {
            if let (Some(iri), true) = (&t.iri, t.prefix) {
                return Some(format!("{iri}{suffix}"));
            }
        }
        if is_absolute_iri(value) {
            return Some(value.to_owned());
        }
    }
    if vocab {
        if let Some(v) = &active.vocab {
            return Some(format!("{v}{value}"));
        }
    }
    Some(value.to_owned())
}
