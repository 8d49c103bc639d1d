//! Helpers shared by the integration tests that sign credentials themselves.
#![allow(dead_code)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use ed25519_dalek::Signer as _;
use portfolio_badges::{dataintegrity, png};
use serde_json::{json, Value};

/// An Ed25519 key made of one repeated byte.
pub fn ed_key(seed: u8) -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[seed; 32])
}

/// `z6Mk…`: the key's multibase (base58btc, ed25519-pub multicodec) form.
pub fn multibase(k: &ed25519_dalek::SigningKey) -> String {
    let mut b = vec![0xed, 0x01];
    b.extend_from_slice(k.verifying_key().as_bytes());
    format!("z{}", bs58::encode(b).into_string())
}

/// `did:key:z6Mk…` of the key.
pub fn did_key(k: &ed25519_dalek::SigningKey) -> String {
    format!("did:key:{}", multibase(k))
}

/// Add `proof` (without `proofValue`) to `vc`, signed over the crate's
/// canonicalization (`sha256(options) ‖ sha256(document)`, both suites).
pub fn sign_with(mut vc: Value, k: &ed25519_dalek::SigningKey, mut proof: Value) -> Value {
    let h = dataintegrity::proof_hashes(&vc, &proof).unwrap();
    proof["proofValue"] = json!(format!("z{}", bs58::encode(k.sign(&h.hash_data).to_bytes()).into_string()));
    vc["proof"] = proof;
    vc
}

/// A 1x1 grey PNG built by hand (signature, IHDR, IDAT, IEND with CRCs).
pub fn minimal_png() -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut v = (data.len() as u32).to_be_bytes().to_vec();
        v.extend_from_slice(kind);
        v.extend_from_slice(data);
        v.extend_from_slice(&crc32fast::hash(&[kind, data].concat()).to_be_bytes());
        v
    };
    let mut image = png::PNG_SIGNATURE.to_vec();
    image.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
    image.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]));
    image.extend(chunk(b"IEND", &[]));
    image
}

/// A compact JWS (VC-JWT) of `claims`, signed EdDSA by `k` under its did:key as `kid`.
pub fn eddsa_jwt(k: &ed25519_dalek::SigningKey, claims: &Value) -> String {
    let header = json!({"alg": "EdDSA", "kid": did_key(k)});
    let input = format!("{}.{}", B64.encode(header.to_string()), B64.encode(claims.to_string()));
    format!("{input}.{}", B64.encode(k.sign(input.as_bytes()).to_bytes()))
}
