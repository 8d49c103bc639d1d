//! W3C Data Integrity proofs: `DataIntegrityProof` with `eddsa-rdfc-2022`,
//! and the older `Ed25519Signature2020` suite (W3C CCG; used by the Digital
//! Credentials Consortium's issuer and Learner Credential Wallet, mostly
//! with VCDM 1.1 and the `https://w3id.org/security/suites/ed25519-2020/v1`
//! context).
//!
//! Both suites hash and sign alike (vc-di-eddsa §3.3; Ed25519Signature2020
//! §4, as `jsonld-signatures` implements it): remove `proof` from the
//! document; take the proof without `proofValue` as proof options, giving it
//! the document's `@context`; canonicalize both with RDFC-1.0 / URDNA2015
//! (contexts from the bundle only); hash each with SHA-256; verify the
//! Ed25519 signature (`proofValue`, multibase base58btc) over
//! `hash(options) ‖ hash(document)`. They differ in how the proof names
//! itself (`type: DataIntegrityProof` + `cryptosuite: eddsa-rdfc-2022`, or
//! `type: Ed25519Signature2020` without a cryptosuite), which the proof
//! options hash covers. Keys come from `did:key` or from a multibase
//! Ed25519 key (`z6Mk…`, as in `publicKeyMultibase`) in the verification
//! method's fragment.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::jsonld::{self, JsonLdError};
use crate::keys::{KeyKind, PublicKey};

/// Outcome of checking a credential's proofs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ProofOutcome {
    /// At least one supported proof verified; `suite` names its suite.
    Valid { suite: &'static str, warnings: Vec<String> },
    /// A supported proof was checked and does not match.
    Invalid(String),
    /// No proof could be checked because the suite is not supported.
    Unsupported(String),
    /// The key cannot be obtained offline.
    Unverifiable(String),
    /// The document could not be processed (e.g. context not bundled).
    Malformed(String),
}

/// The hash that an `eddsa-rdfc-2022` or `Ed25519Signature2020` signature
/// covers, and its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofHashes {
    /// Canonical N-Quads of the proof options.
    pub proof_canonical: String,
    /// Canonical N-Quads of the document without its proof.
    pub document_canonical: String,
    /// `sha256(proof_canonical) ‖ sha256(document_canonical)`.
    pub hash_data: Vec<u8>,
}

/// Canonicalize a credential and one of its proofs as `eddsa-rdfc-2022`
/// (and `Ed25519Signature2020`) does, without checking the signature.
pub fn proof_hashes(credential: &Value, proof: &Value) -> Result<ProofHashes, JsonLdError> {
    let mut doc = credential.as_object().cloned().unwrap_or_default();
    doc.remove("proof");
    let document_canonical = jsonld::canonicalize(&Value::Object(doc.clone()))?;
    let proof_canonical = proof_options_canonical(&doc, proof)?;
    Ok(ProofHashes { hash_data: hash_data(&proof_canonical, &document_canonical), proof_canonical, document_canonical })
}

fn hash_data(proof_canonical: &str, document_canonical: &str) -> Vec<u8> {
    let mut h = Sha256::digest(proof_canonical.as_bytes()).to_vec();
    h.extend_from_slice(&Sha256::digest(document_canonical.as_bytes()));
    h
}

fn proof_options_canonical(doc: &Map<String, Value>, proof: &Value) -> Result<String, JsonLdError> {
    let mut options = proof.as_object().cloned().unwrap_or_default();
    options.remove("proofValue");
    if !options.contains_key("@context") {
        if let Some(c) = doc.get("@context") {
            options.insert("@context".into(), c.clone());
        }
    }
    jsonld::canonicalize(&Value::Object(options))
}

fn s<'a>(m: &'a Value, k: &str) -> Option<&'a str> {
    m.get(k).and_then(Value::as_str)
}

/// Decoding a key decompresses a curve point; keep the few keys seen.
fn cached_key(
    id: &str,
    make: impl FnOnce() -> Result<PublicKey, crate::keys::KeyError>,
) -> Result<PublicKey, crate::keys::KeyError> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<String, PublicKey>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(k) = cache.lock().ok().and_then(|c| c.get(id).cloned()) {
        return Ok(k);
    }
    let k = make()?;
    if let Ok(mut c) = cache.lock() {
        if c.len() >= 256 {
            c.clear();
        }
        c.insert(id.to_owned(), k.clone());
    }
    Ok(k)
}

/// Resolve the key for a verification method. Returns the key and a
/// warning about what could not be confirmed offline.
fn resolve_key(
    vm: &str,
    issuer_id: Option<&str>,
    keys: &[PublicKey],
    who: &str,
) -> Result<(PublicKey, Option<String>), String> {
    if let Some(k) = keys.iter().find(|k| k.kind() == KeyKind::Ed25519 && k.id.as_deref() == Some(vm)) {
        return Ok((k.clone(), None));
    }
    if vm.starts_with("did:key:") {
        let key = cached_key(vm, || PublicKey::from_did_key(vm)).map_err(|e| e.to_string())?;
        let did = vm.split('#').next().unwrap_or(vm);
        let warning = (issuer_id != Some(did)).then(|| {
            format!(
                "The signing key {did} is not the {who}'s identifier ({}); offline, it cannot be confirmed that the key belongs to the {who}.",
                issuer_id.unwrap_or("none given")
            )
        });
        return Ok((key, warning));
    }
    if let Some((base, fragment)) = vm.split_once('#') {
        if fragment.starts_with("z6Mk") {
            if let Ok(key) = cached_key(fragment, || PublicKey::from_multibase(fragment)) {
                return Ok((
                    key,
                    Some(format!(
                        "The signing key was read from the verification method's address ({vm}); the issuer's key list at {base} could not be fetched (offline) to confirm that the key belongs to the issuer."
                    )),
                ));
            }
        }
    }
    Err(format!("The issuer's public key ({vm}) must be fetched from the issuer, which is not possible offline."))
}

/// Keys to try for `vm`: the resolved one, or else the caller's id-less
/// Ed25519 keys.
fn keys_for(
    vm: &str,
    issuer_id: Option<&str>,
    keys: &[PublicKey],
    who: &str,
) -> Result<Vec<(PublicKey, Option<String>)>, String> {
    match resolve_key(vm, issuer_id, keys, who) {
        Ok(k) => Ok(vec![k]),
        Err(e) => {
            let anon: Vec<(PublicKey, Option<String>)> = crate::verify::candidate_keys(keys, None, KeyKind::Ed25519)
                .into_iter()
                .map(|k| (k.clone(), None))
                .collect();
            if anon.is_empty() {
                Err(e)
            } else {
                Ok(anon)
            }
        }
    }
}

/// A context that is not bundled could be fetched online: unverifiable
/// offline. Data the signature cannot cover (safe mode) makes the credential
/// invalid. Anything else wrong with the JSON-LD is malformed.
fn jsonld_failure(e: JsonLdError) -> ProofOutcome {
    match e {
        JsonLdError::ContextNotBundled(_) => ProofOutcome::Unverifiable(e.to_string()),
        JsonLdError::Dropped(_) => ProofOutcome::Invalid(e.to_string()),
        e => ProofOutcome::Malformed(e.to_string()),
    }
}

/// The suite of a proof this module checks, by its `type` and `cryptosuite`.
fn suite_of(proof: &Value) -> Option<&'static str> {
    match (s(proof, "type"), s(proof, "cryptosuite")) {
        (Some("DataIntegrityProof"), Some("eddsa-rdfc-2022")) => Some("eddsa-rdfc-2022"),
        (Some("Ed25519Signature2020"), None) => Some("Ed25519Signature2020"),
        _ => None,
    }
}

/// Who signs a document, and for what: the issuer of a credential
/// (`issuer`, `assertionMethod`) or the holder of a presentation (`holder`,
/// `authentication`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Signer {
    /// The document's property naming the signer.
    pub field: &'static str,
    /// The expected `proofPurpose`.
    pub purpose: &'static str,
}

/// A credential's issuer.
pub(crate) const ISSUER: Signer = Signer { field: "issuer", purpose: "assertionMethod" };

/// Check every proof of `credential` as its issuer's; any valid supported proof suffices.
pub(crate) fn verify_proofs(credential: &Value, keys: &[PublicKey]) -> ProofOutcome {
    verify_proofs_by(credential, keys, ISSUER)
}

/// Check every proof of `credential` as `signer`'s; any valid supported proof suffices.
pub(crate) fn verify_proofs_by(credential: &Value, keys: &[PublicKey], signer: Signer) -> ProofOutcome {
    let proofs: Vec<&Value> = match credential.get("proof") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(p @ Value::Object(_)) => vec![p],
        _ => return ProofOutcome::Invalid("The credential has no proof (signature), so it cannot be verified.".into()),
    };
    let issuer_id = match credential.get(signer.field) {
        Some(Value::String(x)) => Some(x.as_str()),
        Some(o) => s(o, "id"),
        None => None,
    };
    let mut doc_value = credential.clone();
    if let Some(m) = doc_value.as_object_mut() {
        m.remove("proof");
    }
    let empty = Map::new();
    let doc = doc_value.as_object().unwrap_or(&empty);
    let mut document_canonical: Option<String> = None;
    let mut unsupported = Vec::new();
    let mut invalid = Vec::new();
    let mut unverifiable = Vec::new();
    for proof in proofs {
        let ptype = s(proof, "type").unwrap_or("(none)");
        let Some(suite_name) = suite_of(proof) else {
            unsupported.push(match s(proof, "cryptosuite") {
                Some(cs) => format!("{ptype} with cryptosuite '{cs}'"),
                None => ptype.to_owned(),
            });
            continue;
        };
        let Some(vm) = s(proof, "verificationMethod") else {
            invalid.push("a proof has no verificationMethod".to_owned());
            continue;
        };
        let sig = match s(proof, "proofValue").and_then(|v| v.strip_prefix('z')).map(|v| bs58::decode(v).into_vec()) {
            Some(Ok(b)) if b.len() == 64 => b,
            _ => {
                invalid.push("the proofValue is not a base58btc-encoded 64-byte Ed25519 signature".to_owned());
                continue;
            }
        };
        let candidates = match keys_for(vm, issuer_id, keys, signer.field) {
            Ok(k) => k,
            Err(e) => {
                unverifiable.push(e);
                continue;
            }
        };
        if document_canonical.is_none() {
            match jsonld::canonicalize(&doc_value) {
                Ok(c) => document_canonical = Some(c),
                Err(e) => return jsonld_failure(e),
            }
        }
        let proof_canonical = match proof_options_canonical(doc, proof) {
            Ok(c) => c,
            Err(e) => return jsonld_failure(e),
        };
        let data = hash_data(&proof_canonical, document_canonical.as_deref().unwrap_or_default());
        if let Some((_, key_warning)) = candidates.into_iter().find(|(k, _)| k.verify_ed25519(&data, &sig)) {
            let mut warnings: Vec<String> = key_warning.into_iter().collect();
            if s(proof, "proofPurpose") != Some(signer.purpose) {
                warnings.push(format!(
                    "The proof's purpose is '{}', not '{}'.",
                    s(proof, "proofPurpose").unwrap_or("unspecified"),
                    signer.purpose
                ));
            }
            return ProofOutcome::Valid { suite: suite_name, warnings };
        }
        invalid.push(format!("the {suite_name} signature by {vm} does not match the credential's content"));
    }
    if !invalid.is_empty() {
        ProofOutcome::Invalid(format!(
            "The signature is not valid: {}. The credential may have been altered.",
            invalid.join("; ")
        ))
    } else if !unverifiable.is_empty() {
        ProofOutcome::Unverifiable(unverifiable.join(" "))
    } else {
        ProofOutcome::Unsupported(format!(
            "Unsupported proof suite: {}. Only DataIntegrityProof with eddsa-rdfc-2022, and Ed25519Signature2020, can be checked.",
            unsupported.join(", ")
        ))
    }
}
