//! Content detection: what is in these bytes? Never looks at file names.

use serde_json::Value;

use crate::endorse;
use crate::error::BadgeError;
use crate::extract::{classify, ob2_display, ob3_display};
use crate::jws::{looks_like_jws, CompactJws};
use crate::model::{BadgeFormat, Container, Credential, Encoding, Examination};
use crate::{png, svg};

/// Read a file's bytes as a badge. Never fails: problems are in `error`.
pub fn examine(bytes: &[u8]) -> Examination {
    let mut ex = Examination::new(bytes);
    if let Err(e) = fill(&mut ex, bytes) {
        ex.error = Some(e);
    }
    ex
}

/// Read a file from disk and [`examine`] it.
pub fn examine_file(path: impl AsRef<std::path::Path>) -> Examination {
    let path = path.as_ref();
    match std::fs::read(path) {
        Ok(bytes) => examine(&bytes),
        Err(e) => {
            let mut ex = Examination::new(&[]);
            ex.error = Some(BadgeError::io(path, &e));
            ex
        }
    }
}

fn fill(ex: &mut Examination, bytes: &[u8]) -> Result<(), BadgeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(BadgeError::Empty);
    }
    if png::is_png(bytes) {
        ex.container = Container::Png;
        let b = png::extract(bytes)?;
        ex.found_in = Some(format!("png:{}:{}", b.chunk, b.keyword));
        let c = from_text(&b.text, &mut ex.warnings)?;
        check_keyword(&b.keyword, c.format, &mut ex.warnings);
        ex.credential = Some(c);
        return Ok(());
    }
    if svg::looks_like_svg(bytes) {
        ex.container = Container::Svg;
        let b = svg::extract(bytes)?;
        let (text, kind) = match &b.verify {
            Some(v) => (v.as_str(), "verify"),
            None => (b.content.as_str(), "content"),
        };
        let el = match b.kind {
            svg::SvgBadgeKind::Assertion => "assertion",
            svg::SvgBadgeKind::Credential => "credential",
        };
        ex.found_in = Some(format!("svg:{el}:{kind}"));
        let c = from_text(text, &mut ex.warnings)?;
        let keyword = if b.kind == svg::SvgBadgeKind::Assertion { png::KEYWORD_OB2 } else { png::KEYWORD_OB3 };
        check_keyword(keyword, c.format, &mut ex.warnings);
        ex.credential = Some(c);
        return Ok(());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| BadgeError::UnknownFormat)?;
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.starts_with('{') || text.starts_with('[') {
        ex.container = Container::Json;
        ex.found_in = Some("json".into());
    } else if looks_like_jws(text) {
        ex.container = Container::Jws;
        ex.found_in = Some("jws".into());
    } else {
        return Err(BadgeError::UnknownFormat);
    }
    ex.credential = Some(from_text(text, &mut ex.warnings)?);
    Ok(())
}

fn check_keyword(keyword: &str, format: BadgeFormat, warnings: &mut Vec<String>) {
    let expected = if format == BadgeFormat::Ob2 { png::KEYWORD_OB2 } else { png::KEYWORD_OB3 };
    if keyword != expected {
        warnings.push(format!(
            "The badge was baked under '{keyword}' although it is {}; it was read anyway.",
            match format {
                BadgeFormat::Ob2 => "an Open Badges 2.0 assertion",
                BadgeFormat::Ob3 => "an Open Badges 3.0 credential",
                BadgeFormat::Clr => "a CLR 2.0 credential",
            }
        ));
    }
}

/// A credential from text: JSON, a compact JWS, or a hosted assertion URL.
pub(crate) fn from_text(text: &str, warnings: &mut Vec<String>) -> Result<Credential, BadgeError> {
    let t = text.trim();
    if t.starts_with('{') || t.starts_with('[') {
        let v: Value = serde_json::from_str(t).map_err(|e| BadgeError::Json(e.to_string()))?;
        from_json(v, warnings)
    } else if looks_like_jws(t) {
        from_jws(t, warnings)
    } else if t.starts_with("https://") || t.starts_with("http://") {
        let mut c = hosted_stub();
        c.encoding = Encoding::HostedUrl;
        c.hosted_url = Some(t.to_owned());
        c.display.credential_id = Some(t.to_owned());
        warnings.push(format!("Only the address of a hosted Open Badges 2.0 assertion ({t}) is baked in; its details were not fetched (offline)."));
        Ok(c)
    } else {
        Err(BadgeError::NotABadge("the embedded text is neither JSON, a signed token nor a URL.".into()))
    }
}

pub(crate) fn hosted_stub() -> Credential {
    let mut w = Vec::new();
    Credential {
        format: BadgeFormat::Ob2,
        encoding: Encoding::HostedUrl,
        jws: None,
        hosted_url: None,
        display: ob2_display(&Value::Null, &mut w),
        nested: Vec::new(),
        endorsements: Vec::new(),
    }
}

pub(crate) fn from_json(v: Value, warnings: &mut Vec<String>) -> Result<Credential, BadgeError> {
    if !v.is_object() {
        return Err(BadgeError::NotABadge("the JSON is not an object.".into()));
    }
    let format = classify(&v).ok_or_else(|| {
        BadgeError::NotABadge(
            "it is neither an Open Badges 2.0 assertion, an Open Badges 3.0 credential nor a CLR 2.0 credential."
                .into(),
        )
    })?;
    build(format, Encoding::Json, None, v, warnings)
}

pub(crate) fn build(
    format: BadgeFormat,
    encoding: Encoding,
    jws: Option<String>,
    v: Value,
    warnings: &mut Vec<String>,
) -> Result<Credential, BadgeError> {
    let mut hosted_url = None;
    let display = match format {
        BadgeFormat::Ob2 => {
            let vt = v.get("verification").and_then(|x| x.get("type")).and_then(Value::as_str);
            if encoding == Encoding::Json && matches!(vt, Some("hosted" | "HostedBadge") | None) {
                hosted_url = v.get("id").and_then(Value::as_str).map(str::to_owned);
            }
            ob2_display(&v, warnings)
        }
        BadgeFormat::Ob3 | BadgeFormat::Clr => ob3_display(&v),
    };
    let mut nested = Vec::new();
    if format == BadgeFormat::Clr {
        let subject = match v.get("credentialSubject") {
            Some(Value::Array(a)) => a.first(),
            other => other,
        };
        let list: Vec<&Value> = match subject.and_then(|s| s.get("verifiableCredential")) {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(x) => vec![x],
            None => Vec::new(),
        };
        for (i, item) in list.into_iter().enumerate() {
            let r = match item {
                Value::String(t) if looks_like_jws(t) => from_jws(t, warnings),
                Value::Object(_) => from_json(item.clone(), warnings),
                _ => Err(BadgeError::NotABadge("not a credential.".into())),
            };
            match r {
                Ok(c) => nested.push(c),
                Err(e) => warnings.push(format!("Credential {} inside the CLR was skipped: {e}", i + 1)),
            }
        }
        if nested.is_empty() {
            warnings.push("The CLR holds no achievement credentials.".into());
        }
    }
    let endorsements = endorse::collect(format, &v, warnings);
    Ok(Credential { format, encoding, jws, hosted_url, display, nested, endorsements })
}

pub(crate) fn from_jws(token: &str, warnings: &mut Vec<String>) -> Result<Credential, BadgeError> {
    let jws = CompactJws::parse(token)?;
    let payload = Value::Object(jws.payload.clone());
    // VC-JWT (VC 1.1): the credential is the `vc` claim; VC 2.0 JOSE: the payload itself.
    let (cred, vc_claim) = match payload.get("vc") {
        Some(vc @ Value::Object(_)) => (vc.clone(), true),
        _ => (payload.clone(), false),
    };
    let format = classify(&cred).ok_or_else(|| {
        BadgeError::NotABadge("the signed token does not hold an Open Badge or CLR credential.".into())
    })?;
    if format == BadgeFormat::Ob2 && vc_claim {
        return Err(BadgeError::NotABadge("an Open Badges 2.0 assertion cannot be a VC-JWT 'vc' claim.".into()));
    }
    build(format, Encoding::Jws, Some(jws.compact.clone()), cred, warnings)
}
