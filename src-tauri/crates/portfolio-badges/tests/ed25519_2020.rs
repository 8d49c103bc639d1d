//! `Ed25519Signature2020` proofs (the suite of the Digital Credentials
//! Consortium's issuer and Learner Credential Wallet): VCDM 1.1 OB 3.0
//! credentials signed here — by the test's own signer over the crate's
//! canonicalization, and independently by pyld + cryptography
//! (`tests/independent/sign_ed25519_2020.py`) — verify offline; a changed
//! field, a swapped suite name or a key that must be fetched do not.

use std::path::PathBuf;
use std::process::Command;

use chrono::{TimeZone, Utc};
use portfolio_badges::*;
use serde_json::{json, Value};

mod common;
use common::{did_key, multibase, sign_with};

fn opts() -> VerifyOptions {
    VerifyOptions::new(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
}

fn sk() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[0x2a; 32])
}

fn did_vm(k: &ed25519_dalek::SigningKey) -> String {
    let mb = multibase(k);
    format!("did:key:{mb}#{mb}")
}

/// A VCDM 1.1 OB 3.0 credential as the DCC issues them.
fn credential(issuer: &str) -> Value {
    json!({
        "@context": ["https://www.w3.org/2018/credentials/v1",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
                     "https://w3id.org/security/suites/ed25519-2020/v1"],
        "id": "urn:uuid:2f1c9e7a-8b3d-4c5e-a6f7-0d1e2f3a4b5c",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Universidad de Buenos Aires — 布宜诺斯艾利斯大学"},
        "issuanceDate": "2025-03-01T00:00:00Z",
        "name": "Introducción a la programación",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "id": "did:example:learner",
            "achievement": {
                "id": "urn:uuid:5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
                "type": ["Achievement"],
                "name": "Introducción a la programación",
                "description": "Lập trình cơ bản · البرمجة 💻",
                "criteria": {"narrative": "Aprobar el curso."}
            }
        }
    })
}

/// Sign with Ed25519Signature2020 over the crate's canonicalization.
fn sign_2020(vc: Value, k: &ed25519_dalek::SigningKey, vm: &str) -> Value {
    let proof = json!({
        "type": "Ed25519Signature2020",
        "created": "2025-03-01T00:00:00Z",
        "verificationMethod": vm,
        "proofPurpose": "assertionMethod"
    });
    sign_with(vc, k, proof)
}

fn check(vc: &Value) -> Verification {
    verify(&examine(vc.to_string().as_bytes()), &opts())
}

#[test]
fn a_did_key_signed_credential_verifies_and_a_changed_field_does_not() {
    let k = sk();
    let did = did_key(&k);
    let vc = sign_2020(credential(&did), &k, &did_vm(&k));
    let v = check(&vc);
    assert_eq!(v.status, Status::Verified, "{v:?}");
    assert_eq!(v.detail, "The Ed25519Signature2020 signature is valid.");
    assert!(v.warnings.is_empty(), "{:?}", v.warnings);

    let mut t = vc.clone();
    t["credentialSubject"]["achievement"]["name"] = json!("Programación avanzada");
    let v = check(&t);
    assert_eq!(v.status, Status::Invalid, "{v:?}");
    assert!(v.detail.contains("Ed25519Signature2020 signature"), "{}", v.detail);
    let mut t = vc.clone();
    t["issuanceDate"] = json!("2025-03-02T00:00:00Z");
    assert_eq!(check(&t).status, Status::Invalid);
    // The suite's name is covered: relabelling the proof breaks it.
    let mut t = vc.clone();
    t["proof"]["type"] = json!("DataIntegrityProof");
    t["proof"]["cryptosuite"] = json!("eddsa-rdfc-2022");
    t["@context"].as_array_mut().unwrap().push(json!("https://w3id.org/security/data-integrity/v1"));
    assert_eq!(check(&t).status, Status::Invalid);
    // Another key's signature.
    let forged = sign_2020(credential(&did), &ed25519_dalek::SigningKey::from_bytes(&[1; 32]), &did_vm(&k));
    assert_eq!(check(&forged).status, Status::Invalid);
}

#[test]
fn keys_from_a_multibase_fragment_or_that_must_be_fetched() {
    let k = sk();
    let issuer = "https://registrar.example.edu/issuers/565049";
    let vm = format!("{issuer}#{}", multibase(&k));
    let v = check(&sign_2020(credential(issuer), &k, &vm));
    assert_eq!(v.status, Status::Verified, "{v:?}");
    assert!(v.warnings.iter().any(|w| w.contains("could not be fetched")), "{:?}", v.warnings);

    for vm in ["did:web:registrar.example.edu#key-1", "https://registrar.example.edu/issuers/565049#key-1"] {
        let v = check(&sign_2020(credential(issuer), &k, vm));
        assert_eq!(v.status, Status::UnverifiableOffline, "{vm}: {v:?}");
        assert!(v.detail.contains(vm), "{}", v.detail);
    }
}

#[test]
fn a_future_issuance_date_is_not_yet_valid() {
    let k = sk();
    let mut vc = credential("did:example:issuer");
    vc["issuanceDate"] = json!("2026-09-01T00:00:00Z");
    let v = check(&sign_2020(vc, &k, &did_vm(&k)));
    assert_eq!(v.status, Status::NotYetValid, "{v:?}");
    assert!(v.warnings.iter().any(|w| w.contains("Ed25519Signature2020 signature is valid")), "{:?}", v.warnings);
}

/// A CLR (VCDM 1.1 contexts, as DCC wallets hold them) around `inner`,
/// signed with Ed25519Signature2020.
fn clr(inner: Value, k: &ed25519_dalek::SigningKey) -> Value {
    let did = did_key(k);
    let clr = json!({
        "@context": ["https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
                     "https://w3id.org/security/suites/ed25519-2020/v1"],
        "id": "urn:uuid:clr-2020",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Registro"},
        "issuanceDate": "2025-06-01T00:00:00Z",
        "name": "Expediente académico",
        "credentialSubject": {"id": "did:example:learner", "type": ["ClrSubject"], "verifiableCredential": [inner]}
    });
    sign_2020(clr, k, &did_vm(k))
}

#[test]
fn a_clr_carrying_an_ed25519_2020_credential() {
    let k = sk();
    let did = did_key(&k);
    let inner = sign_2020(credential(&did), &k, &did_vm(&k));
    let v = check(&clr(inner.clone(), &k));
    assert_eq!(v.status, Status::Verified, "{v:?}");
    assert_eq!(v.detail, "The Ed25519Signature2020 signature is valid.");
    assert_eq!(v.nested[0].status, Status::Verified, "{:?}", v.nested[0]);
    assert_eq!(v.nested[0].detail, "The Ed25519Signature2020 signature is valid.");
    // The nested credential changed and the CLR re-signed: the part is invalid, and so is the CLR.
    let mut changed = inner;
    changed["name"] = json!("Otro");
    let v = check(&clr(changed, &k));
    assert_eq!((v.status, v.nested[0].status), (Status::Invalid, Status::Invalid), "{v:?}");
    assert!(v.detail.contains("Introducción a la programación"), "{}", v.detail);
}

#[test]
fn independently_signed_with_pyld_and_cryptography() {
    let ready = Command::new("python3").args(["-c", "import pyld, cryptography"]).output();
    if !ready.map(|o| o.status.success()).unwrap_or(false) {
        assert!(std::env::var_os("CI").is_none(), "python3 with pyld and cryptography is required");
        println!("SKIPPED: python3 with pyld and cryptography not found");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let contexts = dir.path().join("contexts");
    jsonld::dump_bundled_contexts(&contexts).unwrap();
    let k = sk();
    let did = did_key(&k);
    let path = dir.path().join("unsigned.json");
    std::fs::write(&path, credential(&did).to_string()).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/independent/sign_ed25519_2020.py");
    let seed: String = k.to_bytes().iter().map(|b| format!("{b:02x}")).collect();
    let out = Command::new("python3")
        .arg(script)
        .arg(&path)
        .arg(&contexts)
        .arg(seed)
        .arg(did_vm(&k))
        .arg("2025-03-01T00:00:00Z")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let signed: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The same bytes as this crate's signature: both canonicalizations agree.
    assert_eq!(signed["proof"], sign_2020(credential(&did), &k, &did_vm(&k))["proof"]);
    let v = check(&signed);
    assert_eq!(v.status, Status::Verified, "{v:?}");
    let mut t = signed.clone();
    t["credentialSubject"]["achievement"]["description"] = json!("cambiado");
    assert_eq!(check(&t).status, Status::Invalid);
}
