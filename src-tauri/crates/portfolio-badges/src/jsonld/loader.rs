//! The document loader: serves bundled contexts only, never the network.
//!
//! The VC 2.0 base context (as in the W3C Recommendation) and its opt-in
//! undefined-terms context, the Open Badges, CLR and Ed25519Signature2020
//! contexts are files in this crate's `contexts/` folder, extracted from
//! registry packages by `contexts/update.sh` (see `contexts/SOURCES.md`);
//! the other W3C contexts come from the `ssi-contexts` crate (crates.io).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use super::JsonLdError;

/// `(URL, document text)` of every bundled context.
pub(crate) const BUNDLED: &[(&str, &str)] = &[
    ("https://www.w3.org/2018/credentials/v1", ssi_contexts::CREDENTIALS_V1),
    ("https://www.w3.org/ns/credentials/v2", include_str!("../../contexts/credentials-v2.jsonld")),
    (
        "https://www.w3.org/ns/credentials/undefined-terms/v2",
        include_str!("../../contexts/credentials-undefined-terms-v2.jsonld"),
    ),
    ("https://www.w3.org/2018/credentials/examples/v1", ssi_contexts::CREDENTIALS_EXAMPLES_V1),
    ("https://www.w3.org/ns/credentials/examples/v2", ssi_contexts::CREDENTIALS_EXAMPLES_V2),
    ("https://w3id.org/security/data-integrity/v1", ssi_contexts::W3ID_DATA_INTEGRITY_V1),
    ("https://w3id.org/security/data-integrity/v2", ssi_contexts::W3ID_DATA_INTEGRITY_V2),
    ("https://w3id.org/security/multikey/v1", ssi_contexts::W3ID_MULTIKEY_V1),
    (
        "https://w3id.org/security/suites/ed25519-2020/v1",
        include_str!("../../contexts/ed25519-signature-2020-v1.jsonld"),
    ),
    ("https://w3id.org/vc/status-list/2021/v1", ssi_contexts::STATUS_LIST_2021_V1),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context.json", include_str!("../../contexts/ob-v3p0-3.0.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json", include_str!("../../contexts/ob-v3p0-3.0.1.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json", include_str!("../../contexts/ob-v3p0-3.0.2.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", include_str!("../../contexts/ob-v3p0-3.0.3.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json", include_str!("../../contexts/ob-v3p0-extensions.json")),
    ("https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json", include_str!("../../contexts/clr-v2p0-2.0.1.json")),
];

fn parsed() -> &'static HashMap<&'static str, Arc<Value>> {
    static DOCS: OnceLock<HashMap<&'static str, Arc<Value>>> = OnceLock::new();
    DOCS.get_or_init(|| {
        BUNDLED
            .iter()
            .filter_map(|(url, text)| serde_json::from_str::<Value>(text).ok().map(|v| (*url, Arc::new(v))))
            .collect()
    })
}

/// The URLs this loader can serve.
pub fn bundled_urls() -> Vec<&'static str> {
    BUNDLED.iter().map(|(u, _)| *u).collect()
}

/// The text of a bundled context document, by its exact URL (as listed by
/// [`bundled_urls`]). Lets other tools (e.g. an independent verifier) use
/// exactly the contexts this crate uses.
pub fn bundled_context(url: &str) -> Option<&'static str> {
    BUNDLED.iter().find(|(u, _)| *u == url).map(|(_, t)| *t)
}

/// Load a context document by URL from the bundle. A trailing `#fragment`
/// is ignored; `http://` is treated like `https://` for the W3C/w3id hosts.
pub(crate) fn load(url: &str) -> Result<Arc<Value>, JsonLdError> {
    let bare = url.split('#').next().unwrap_or(url);
    let docs = parsed();
    if let Some(d) = docs.get(bare) {
        return Ok(d.clone());
    }
    if let Some(rest) = bare.strip_prefix("http://") {
        if let Some(d) = docs.get(format!("https://{rest}").as_str()) {
            return Ok(d.clone());
        }
    }
    Err(JsonLdError::ContextNotBundled(url.to_owned()))
}

#[cfg(test)]
mod bundle_tests {
    use sha2::{Digest, Sha256};

    /// Every file in `contexts/` matches the SHA-256 recorded in
    /// `contexts/SOURCES.md` (written by `contexts/update.sh`).
    #[test]
    fn bundled_context_files_match_their_recorded_sources() {
        let sources = include_str!("../../contexts/SOURCES.md");
        let files: [(&str, &str); 9] = [
            ("credentials-v2.jsonld", include_str!("../../contexts/credentials-v2.jsonld")),
            (
                "credentials-undefined-terms-v2.jsonld",
                include_str!("../../contexts/credentials-undefined-terms-v2.jsonld"),
            ),
            ("ed25519-signature-2020-v1.jsonld", include_str!("../../contexts/ed25519-signature-2020-v1.jsonld")),
            ("ob-v3p0-3.0.json", include_str!("../../contexts/ob-v3p0-3.0.json")),
            ("ob-v3p0-3.0.1.json", include_str!("../../contexts/ob-v3p0-3.0.1.json")),
            ("ob-v3p0-3.0.2.json", include_str!("../../contexts/ob-v3p0-3.0.2.json")),
            ("ob-v3p0-3.0.3.json", include_str!("../../contexts/ob-v3p0-3.0.3.json")),
            ("ob-v3p0-extensions.json", include_str!("../../contexts/ob-v3p0-extensions.json")),
            ("clr-v2p0-2.0.1.json", include_str!("../../contexts/clr-v2p0-2.0.1.json")),
        ];
        for (name, text) in files {
            let hex: String = Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
            let row = sources
                .lines()
                .find(|l| l.starts_with(&format!("| {name} |")))
                .unwrap_or_else(|| panic!("{name} not in SOURCES.md"));
            assert!(row.contains(&hex), "{name}: sha256 {hex} does not match SOURCES.md row {row}");
        }
        // Every bundled URL parses as a JSON-LD context document.
        for (url, text) in super::BUNDLED {
            let v: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert!(v.get("@context").is_some(), "{url}");
        }
        assert!(super::load("https://example.org/nope").is_err());
    }
}
