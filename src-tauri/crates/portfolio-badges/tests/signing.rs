//! Credentials signed here (ES256, EdDSA, eddsa-rdfc-2022) to exercise the
//! paths the fixtures do not: key types, `did:key` `kid`, claim checks,
//! caller-supplied Ed25519 keys and VC 1.1 contexts. No fixtures needed.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use chrono::{TimeZone, Utc};
use ed25519_dalek::Signer as _;
use portfolio_badges::*;
use serde_json::{json, Value};

mod common;
use common::{did_key, ed_key, minimal_png, sign_with};

fn opts() -> VerifyOptions {
    VerifyOptions::new(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
}

fn credential(ctx: Value) -> Value {
    json!({
        "@context": ctx,
        "id": "urn:uuid:7e1f7b0a-1111-4c3e-9a51-1b2c3d4e5f60",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://example.org/issuers/1", "type": ["Profile"], "name": "Example Org"},
        "validFrom": "2024-05-01T00:00:00Z",
        "name": "Rust Badge",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.org/achievements/rust",
                "type": ["Achievement"],
                "name": "Rust",
                "description": "Writes Rust.",
                "criteria": {"narrative": "Wrote a crate."},
                "achievementType": "Competency",
                "alignment": [{"type": ["Alignment"], "targetName": "Programming", "targetUrl": "https://example.org/fw/prog"}]
            }
        },
        "evidence": [{"id": "https://example.org/evidence/1", "type": ["Evidence"], "name": "The crate"}]
    })
}

fn v2_ctx() -> Value {
    json!(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"])
}

fn jwt(header: Value, payload: &Value, sign: impl Fn(&[u8]) -> Vec<u8>) -> String {
    let input = format!("{}.{}", B64.encode(header.to_string()), B64.encode(payload.to_string()));
    let sig = sign(input.as_bytes());
    format!("{input}.{}", B64.encode(sig))
}

fn vc_claims(vc: &Value) -> Value {
    json!({"vc": vc, "iss": "https://example.org/issuers/1", "jti": vc["id"], "sub": "did:example:learner", "nbf": 1714521600})
}

#[test]
fn es256_with_embedded_jwk() {
    let sk = p256::ecdsa::SigningKey::from_slice(&[3u8; 32]).unwrap();
    let point = sk.verifying_key().to_encoded_point(false);
    let jwk =
        json!({"kty": "EC", "crv": "P-256", "x": B64.encode(point.x().unwrap()), "y": B64.encode(point.y().unwrap())});
    let vc = credential(v2_ctx());
    let sign = |m: &[u8]| -> Vec<u8> {
        let s: p256::ecdsa::Signature = p256::ecdsa::signature::Signer::sign(&sk, m);
        s.to_bytes().to_vec()
    };
    let token = jwt(json!({"alg": "ES256", "typ": "JWT", "jwk": jwk}), &vc_claims(&vc), sign);
    let ex = examine(token.as_bytes());
    assert_eq!((ex.container, ex.format()), (Container::Jws, Some(BadgeFormat::Ob3)));
    let b = ex.badges()[0];
    assert_eq!((b.name.as_str(), b.issuer_name.as_str()), ("Rust", "Example Org"));
    assert_eq!(b.achievement_type.as_deref(), Some("Competency"));
    assert_eq!(b.alignments[0].target_name, "Programming");
    assert_eq!(b.evidence_links(), ["https://example.org/evidence/1"]);
    let v = verify(&ex, &opts());
    assert_eq!(v.status, Status::Verified, "{v:?}");
    assert!(v.detail.contains("ES256"));
    assert!(!v.warnings.iter().any(|w| w.contains("'sub'")), "{:?}", v.warnings);

    // Claims that disagree with the credential are refused.
    let mut claims = vc_claims(&vc);
    claims["iss"] = json!("https://attacker.example/");
    let v = verify(&examine(jwt(json!({"alg": "ES256", "jwk": jwk}), &claims, sign).as_bytes()), &opts());
    assert_eq!(v.status, Status::Invalid, "{v:?}");
    assert!(v.detail.contains("'iss'"), "{}", v.detail);
    let mut claims = vc_claims(&vc);
    claims["jti"] = json!("urn:uuid:other");
    assert_eq!(
        verify(&examine(jwt(json!({"alg": "ES256", "jwk": jwk}), &claims, sign).as_bytes()), &opts()).status,
        Status::Invalid
    );

    // Missing `sub` is only a warning; `exp` in the past makes it Expired.
    let mut claims = vc_claims(&vc);
    claims.as_object_mut().unwrap().remove("sub");
    claims["exp"] = json!(1735689600); // 2025-01-01
    let v = verify(&examine(jwt(json!({"alg": "ES256", "jwk": jwk}), &claims, sign).as_bytes()), &opts());
    assert_eq!(v.status, Status::Expired, "{v:?}");
    assert!(v.warnings.iter().any(|w| w.contains("no 'sub' claim")), "{:?}", v.warnings);
}

#[test]
fn eddsa_with_did_key_kid() {
    let sk = ed_key(9);
    let did = did_key(&sk);
    let vc = credential(v2_ctx());
    let token = jwt(json!({"alg": "EdDSA", "kid": format!("{did}#{}", &did[8..])}), &vc_claims(&vc), |m| {
        sk.sign(m).to_bytes().to_vec()
    });
    let v = verify(&examine(token.as_bytes()), &opts());
    assert_eq!(v.status, Status::Verified, "{v:?}");
    // Signed by another key: invalid.
    let other = ed_key(10);
    let forged = jwt(json!({"alg": "EdDSA", "kid": did}), &vc_claims(&vc), |m| other.sign(m).to_bytes().to_vec());
    assert_eq!(verify(&examine(forged.as_bytes()), &opts()).status, Status::Invalid);
    // An unknown algorithm is refused with its name.
    let hs = jwt(json!({"alg": "HS256"}), &vc_claims(&vc), |_| vec![0; 32]);
    let v = verify(&examine(hs.as_bytes()), &opts());
    assert_eq!(v.status, Status::Invalid);
    assert!(v.detail.contains("HS256"), "{}", v.detail);
}

fn sign_di(vc: Value, sk: &ed25519_dalek::SigningKey, vm: &str) -> Value {
    let proof = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2024-05-01T00:00:00Z",
        "verificationMethod": vm,
        "proofPurpose": "assertionMethod"
    });
    sign_with(vc, sk, proof)
}

#[test]
fn data_integrity_with_did_key_and_caller_keys() {
    let sk = ed_key(21);
    let did = did_key(&sk);
    let vc = sign_di(credential(v2_ctx()), &sk, &format!("{did}#{}", &did[8..]));
    let v = verify(&examine(vc.to_string().as_bytes()), &opts());
    assert_eq!(v.status, Status::Verified, "{v:?}");
    assert!(v.warnings.iter().any(|w| w.contains("not the issuer's identifier")), "{:?}", v.warnings);

    // Issuer is the did:key itself: nothing to warn about.
    let mut own = credential(v2_ctx());
    own["issuer"]["id"] = json!(did);
    let own = sign_di(own, &sk, &did);
    let v = verify(&examine(own.to_string().as_bytes()), &opts());
    assert_eq!((v.status, v.warnings.len()), (Status::Verified, 0), "{v:?}");

    // A key that must be fetched: unverifiable offline, unless the caller has it.
    let vc = sign_di(credential(v2_ctx()), &sk, "https://example.org/issuers/1#key-1");
    let ex = examine(vc.to_string().as_bytes());
    let v = verify(&ex, &opts());
    assert_eq!(v.status, Status::UnverifiableOffline, "{v:?}");
    assert!(v.detail.contains("https://example.org/issuers/1#key-1"));
    let mine = PublicKey::ed25519(sk.verifying_key().as_bytes()).unwrap();
    assert_eq!(
        verify(&ex, &opts().with_keys([mine.clone().with_id("https://example.org/issuers/1#key-1")])).status,
        Status::Verified
    );
    assert_eq!(verify(&ex, &opts().with_keys([mine])).status, Status::Verified);
    let wrong = PublicKey::ed25519(ed_key(22).verifying_key().as_bytes()).unwrap();
    assert_eq!(verify(&ex, &opts().with_keys([wrong])).status, Status::Invalid);
}

#[test]
fn data_integrity_with_vc_1_1_contexts_and_expiry() {
    let sk = ed_key(33);
    let did = did_key(&sk);
    let mut vc = credential(json!([
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        "https://w3id.org/security/data-integrity/v1",
        // Defines 1EdTechRevocationList; without it the status type is undefined (safe mode refuses).
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
    ]));
    let m = vc.as_object_mut().unwrap();
    m.remove("validFrom");
    m.insert("issuanceDate".into(), json!("2024-05-01T00:00:00Z"));
    m.insert("expirationDate".into(), json!("2025-05-01T00:00:00Z"));
    m.insert(
        "credentialStatus".into(),
        json!({"id": "https://example.org/status/3#94567", "type": "1EdTechRevocationList"}),
    );
    let vc = sign_di(vc, &sk, &did);
    let ex = examine(vc.to_string().as_bytes());
    assert_eq!(ex.badges()[0].expires_on, chrono::NaiveDate::from_ymd_opt(2025, 5, 1));
    let v = verify(&ex, &opts());
    assert_eq!(v.status, Status::Expired, "{v:?}");
    assert!(v.warnings.iter().any(|w| w.contains("signature is valid")), "{:?}", v.warnings);
    assert!(v.warnings.iter().any(|w| w.contains("not checked (offline)")), "{:?}", v.warnings);
    let earlier = VerifyOptions::new(Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap());
    assert_eq!(verify(&ex, &earlier).status, Status::Verified);
    // Tampering with the expiry date is caught by the signature.
    let mut t = vc.clone();
    t["expirationDate"] = json!("2099-01-01T00:00:00Z");
    assert_eq!(verify(&examine(t.to_string().as_bytes()), &earlier).status, Status::Invalid);
}

/// Terms the issuer defines through the W3C undefined-terms context
/// (`@vocab`) are signed like any other: verified; a term added afterwards
/// is covered by that `@vocab` too, so the signature catches it. Without
/// that context, signing an undefined term is refused (safe mode).
#[test]
fn issuer_dependent_terms_through_the_undefined_terms_context() {
    let sk = ed_key(35);
    let did = did_key(&sk);
    let mut ctx = v2_ctx();
    ctx.as_array_mut().unwrap().push(json!("https://www.w3.org/ns/credentials/undefined-terms/v2"));
    let mut vc = credential(ctx);
    vc["credentialSubject"]["achievement"]["houseColour"] = json!("green");
    let signed = sign_di(vc.clone(), &sk, &did);
    assert_eq!(verify(&examine(signed.to_string().as_bytes()), &opts()).status, Status::Verified);
    let mut t = signed.clone();
    t["credentialSubject"]["achievement"]["houseColour"] = json!("gold");
    assert_eq!(verify(&examine(t.to_string().as_bytes()), &opts()).status, Status::Invalid);
    let mut t = signed;
    t["bogusField"] = json!("x");
    assert_eq!(verify(&examine(t.to_string().as_bytes()), &opts()).status, Status::Invalid);

    let mut plain = credential(v2_ctx());
    plain["credentialSubject"]["achievement"]["houseColour"] = json!("green");
    let proof = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": "2024-05-01T00:00:00Z",
                       "verificationMethod": did, "proofPurpose": "assertionMethod"});
    let e = portfolio_badges::dataintegrity::proof_hashes(&plain, &proof).unwrap_err();
    assert!(e.to_string().contains("'houseColour' is not defined"), "{e}");
}

#[test]
fn bake_and_unbake_a_signed_credential_in_a_minimal_png() {
    let png_bytes = minimal_png();
    let sk = ed_key(44);
    let vc = sign_di(credential(v2_ctx()), &sk, &did_key(&sk));
    let baked = bake_png_json(&png_bytes, &vc).unwrap();
    let ex = examine(&baked);
    assert_eq!(ex.found_in.as_deref(), Some("png:iTXt:openbadgecredential"));
    assert_eq!(verify(&ex, &opts()).status, Status::Verified);
    let svg = bake_svg(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"4\"/></svg>", vc.to_string().as_bytes())
        .unwrap();
    assert_eq!(verify(&examine(&svg), &opts()).status, Status::Verified);
}

#[test]
fn signed_clr_with_nested_credentials() {
    let sk = ed_key(55);
    let did = did_key(&sk);
    let inner = sign_di(credential(v2_ctx()), &sk, &did);
    let mut inner2 = credential(v2_ctx());
    inner2["id"] = json!("urn:uuid:second");
    inner2["credentialSubject"]["achievement"]["name"] = json!("Second");
    let clr = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:clr-2",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Registrar"},
        "validFrom": "2024-06-01T00:00:00Z",
        "name": "Transcript",
        "credentialSubject": {"id": "did:example:learner", "type": ["ClrSubject"], "verifiableCredential": [inner, inner2]}
    });
    let clr = sign_di(clr, &sk, &did);
    let ex = examine(clr.to_string().as_bytes());
    assert_eq!(ex.format(), Some(BadgeFormat::Clr));
    assert_eq!(ex.badges().iter().map(|b| b.name.as_str()).collect::<Vec<_>>(), ["Rust", "Second"]);
    let v = verify(&ex, &opts());
    assert_eq!(v.status, Status::Verified, "{v:?}");
    // The first nested credential has its own proof; the second is covered by the CLR's.
    assert_eq!(v.nested.iter().map(|n| n.status).collect::<Vec<_>>(), [Status::Verified, Status::Verified]);
    assert!(v.nested[1].detail.contains("covered by the CLR"), "{}", v.nested[1].detail);
    // Changing a nested credential breaks the CLR's signature.
    let mut t = clr.clone();
    t["credentialSubject"]["verifiableCredential"][1]["credentialSubject"]["achievement"]["name"] = json!("Forged");
    let v = verify(&examine(t.to_string().as_bytes()), &opts());
    assert_eq!(v.status, Status::Invalid, "{v:?}");
    assert_eq!(v.nested[1].status, Status::Invalid);
}

#[test]
fn ob2_embedded_badge_class_and_issuer() {
    let assertion = json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": "urn:uuid:a1",
        "recipient": {"type": "email", "hashed": false, "identity": "learner@example.org"},
        "issuedOn": "2019-03-04T10:00:00Z",
        "expires": "2030-01-01",
        "evidence": [{"id": "https://example.org/work", "narrative": "Built a robot"}],
        "verification": {"type": "hosted"},
        "badge": {
            "type": "BadgeClass",
            "id": "https://example.org/badges/robotics",
            "name": "Robotics",
            "description": "Builds robots.",
            "image": "data:image/png;base64,iVBORw0KGgo=",
            "criteria": {"id": "https://example.org/criteria", "narrative": "Build one robot."},
            "alignment": [{"targetName": "Engineering", "targetUrl": "https://example.org/eng"}],
            "issuer": {"type": "Profile", "id": "https://example.org/issuer", "name": "Robot School"}
        }
    });
    let ex = examine(assertion.to_string().as_bytes());
    assert!(ex.error.is_none(), "{:?}", ex.error);
    let b = ex.badges()[0];
    assert_eq!(
        (b.name.as_str(), b.issuer_name.as_str(), b.criteria.as_str()),
        ("Robotics", "Robot School", "Build one robot.")
    );
    assert_eq!(b.criteria_url.as_deref(), Some("https://example.org/criteria"));
    assert_eq!(b.image.as_deref(), Some("data:image/png;base64,iVBORw0KGgo="));
    assert_eq!(b.expires_on, chrono::NaiveDate::from_ymd_opt(2030, 1, 1));
    assert_eq!(b.evidence_links(), ["https://example.org/work"]);
    assert_eq!(b.alignments[0].target_name, "Engineering");
    assert!(recipient_matches(b.recipient.as_ref().unwrap(), "Learner@example.org"));
    assert!(ex.warnings.is_empty(), "{:?}", ex.warnings);
    assert_eq!(verify(&ex, &opts()).status, Status::UnverifiableOffline);
    // Marked revoked by the issuer.
    let mut r = assertion.clone();
    r["revoked"] = json!(true);
    r["revocationReason"] = json!("issued in error");
    let v = verify(&examine(r.to_string().as_bytes()), &opts());
    assert_eq!(v.status, Status::Revoked);
    assert!(v.detail.contains("issued in error"));
}
