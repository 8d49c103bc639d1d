//! Credentials that are not valid yet: a `validFrom` (VCDM 2.0), an
//! `issuanceDate` (VCDM 1.1) or a token's `nbf` in the future, beyond the
//! clock skew, is reported as [`Status::NotYetValid`], never verified —
//! plain, baked in PNG/SVG, as a VC-JWT, and nested in a CLR.

use chrono::{DateTime, Duration, TimeZone, Utc};
use portfolio_badges::issue::{sign, Recipient};
use portfolio_badges::*;
use serde_json::{json, Value};

mod common;
use common::{did_key, ed_key, eddsa_jwt, minimal_png};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
}

fn opts() -> VerifyOptions {
    VerifyOptions::new(now())
}

fn key() -> IssuerKey {
    IssuerKey::from_secret_bytes(&[7; 32])
}

/// An OB 3.0 credential issued by the crate's own issuing code, valid from `from`.
fn issued(from: DateTime<Utc>, name: &str) -> Value {
    let key = key();
    let issuer = IssuerProfile::new(&key, "Trường Trung học Phổ thông Chu Văn An");
    let input = AchievementInput {
        name: name.into(),
        description: "Programación de robots — 机器人编程 — برمجة الروبوتات 🤖".into(),
        criteria_narrative: "Construir un robot que sigue una línea.".into(),
        image: None,
        achievement_type: Some("Badge".into()),
    };
    let who = Recipient { name: Some("Nguyễn Thị Minh Khai".into()), email: Some("minh@example.vn".into()) };
    issue_achievement(&key, &issuer, &input, &who, from, None).unwrap()
}

fn check(vc: &Value) -> Verification {
    verify(&examine(vc.to_string().as_bytes()), &opts())
}

#[test]
fn future_valid_from_is_not_yet_valid_and_says_from_when() {
    let from = now() + Duration::days(30);
    let v = check(&issued(from, "Robótica"));
    assert_eq!(v.status, Status::NotYetValid, "{v:?}");
    assert!(v.detail.contains("not valid yet") && v.detail.contains("2026-03-31T12:00:00"), "{}", v.detail);
    assert!(
        v.warnings.iter().any(|w| w.contains("Signature check") && w.contains("signature is valid")),
        "{:?}",
        v.warnings
    );
    // Serialized for the CLI `--json`, the backpack and the UI.
    assert_eq!(serde_json::to_value(v.status).unwrap(), json!("not_yet_valid"));
    // The same credential once its date has come: verified.
    let later = VerifyOptions::new(from + Duration::seconds(1));
    assert_eq!(verify(&examine(issued(from, "Robótica").to_string().as_bytes()), &later).status, Status::Verified);
}

#[test]
fn start_within_the_clock_skew_is_verified_and_just_beyond_is_not() {
    let within = now() + Duration::seconds(CLOCK_SKEW_SECONDS - 10);
    assert_eq!(check(&issued(within, "Ajedrez")).status, Status::Verified);
    let beyond = now() + Duration::seconds(CLOCK_SKEW_SECONDS + 10);
    assert_eq!(check(&issued(beyond, "Ajedrez")).status, Status::NotYetValid);
}

#[test]
fn moving_the_date_back_breaks_the_signature() {
    let mut vc = issued(now() + Duration::days(2), "Lectura");
    vc["validFrom"] = json!("2020-01-01T00:00:00Z");
    assert_eq!(check(&vc).status, Status::Invalid);
}

#[test]
fn vcdm_1_1_future_issuance_date_is_not_yet_valid() {
    let key = key();
    let vc = json!({
        "@context": ["https://www.w3.org/2018/credentials/v1",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
                     "https://w3id.org/security/data-integrity/v1"],
        "id": "urn:uuid:3c7a2f0e-5d1b-4f8e-9a0c-2b6d8e1f4a70",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": key.did_key(), "type": ["Profile"], "name": "مدرسة النور"},
        "issuanceDate": "2027-09-01T00:00:00Z",
        "name": "الرياضيات",
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
            "id": "urn:uuid:9d1e0c4b-7a2f-4e6d-8b3c-5f0a1d2e3c4b", "type": ["Achievement"],
            "name": "الرياضيات", "description": "حل المعادلات", "criteria": {"narrative": "اختبار"}}}
    });
    let vc = sign(&key, vc, now()).unwrap();
    let v = check(&vc);
    assert_eq!(v.status, Status::NotYetValid, "{v:?}");
    assert!(v.detail.contains("2027-09-01"), "{}", v.detail);
}

#[test]
fn baked_png_and_svg_are_not_yet_valid() {
    let vc = issued(now() + Duration::days(1), "Dibujo ✏️");
    let svg = bake_svg(
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"4\" height=\"4\"/></svg>",
        vc.to_string().as_bytes(),
    )
    .unwrap();
    assert_eq!(verify(&examine(&svg), &opts()).status, Status::NotYetValid);
    let baked = bake_png_json(&minimal_png(), &vc).unwrap();
    let v = verify(&examine(&baked), &opts());
    assert_eq!(v.status, Status::NotYetValid, "{v:?}");
}

#[test]
fn vc_jwt_with_future_nbf_is_not_yet_valid() {
    let sk = ed_key(9);
    let did = did_key(&sk);
    let token = |nbf: DateTime<Utc>| {
        let vc = json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:jwt-1",
            "type": ["VerifiableCredential", "OpenBadgeCredential"], "issuer": {"id": did, "name": "学校"},
            "validFrom": nbf.to_rfc3339(), "name": "书法",
            "credentialSubject": {"id": "did:example:learner", "achievement": {"name": "书法"}}});
        let claims = json!({"vc": vc, "iss": did, "jti": "urn:uuid:jwt-1", "sub": "did:example:learner", "nbf": nbf.timestamp()});
        eddsa_jwt(&sk, &claims)
    };
    let v = verify(&examine(token(now() + Duration::hours(3)).as_bytes()), &opts());
    assert_eq!(v.status, Status::NotYetValid, "{v:?}");
    assert_eq!(verify(&examine(token(now() - Duration::hours(3)).as_bytes()), &opts()).status, Status::Verified);
}

fn clr(parts: Vec<Value>) -> Value {
    let key = key();
    let clr = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:clr-future",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": key.did_key(), "type": ["Profile"], "name": "Registro Académico"},
        "validFrom": "2025-06-01T00:00:00Z",
        "name": "Expediente",
        "credentialSubject": {"type": ["ClrSubject"], "verifiableCredential": parts}
    });
    sign(&key, clr, now()).unwrap()
}

#[test]
fn clr_reports_its_part_that_is_not_yet_valid() {
    let past = issued(now() - Duration::days(100), "Historia");
    let future = issued(now() + Duration::days(10), "Química ⚗️");
    let v = check(&clr(vec![past.clone(), future]));
    assert_eq!(v.status, Status::NotYetValid, "{v:?}");
    assert!(v.detail.contains("Química ⚗️") && v.detail.contains("not valid yet"), "{}", v.detail);
    assert!(v.warnings.iter().any(|w| w.contains("Signature check")), "{:?}", v.warnings);
    assert_eq!(v.nested.iter().map(|n| n.status).collect::<Vec<_>>(), [Status::Verified, Status::NotYetValid]);

    // A part without a proof of its own, dated in the future.
    let mut bare = past.clone();
    bare.as_object_mut().unwrap().remove("proof");
    bare["validFrom"] = json!("2030-01-01T00:00:00Z");
    let v = check(&clr(vec![past.clone(), bare]));
    assert_eq!((v.status, v.nested[1].status), (Status::NotYetValid, Status::NotYetValid), "{v:?}");

    // All parts valid: verified.
    assert_eq!(check(&clr(vec![past])).status, Status::Verified);
}

#[test]
fn clr_reports_the_worst_part() {
    let future = issued(now() + Duration::days(10), "Física");
    let mut altered = issued(now() - Duration::days(10), "Música 🎵");
    altered["name"] = json!("Música (cambiado)");
    let v = check(&clr(vec![future, altered]));
    assert_eq!(v.status, Status::Invalid, "{v:?}");
    assert!(v.detail.contains("Música 🎵") && v.detail.contains("altered"), "{}", v.detail);
}

#[test]
fn ob2_assertion_issued_in_the_future_is_not_yet_valid() {
    let assertion = |issued_on: &str| {
        json!({
            "@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "urn:uuid:ob2-future",
            "recipient": {"type": "email", "hashed": false, "identity": "hoa@example.vn"},
            "issuedOn": issued_on, "verification": {"type": "hosted"},
            "badge": {"type": "BadgeClass", "id": "https://example.org/badges/bơi", "name": "Bơi lội",
                      "description": "Bơi 50 m.", "criteria": {"narrative": "Bơi 50 m."},
                      "issuer": {"type": "Profile", "id": "https://example.org/issuer", "name": "Câu lạc bộ"}}
        })
    };
    let v = check(&assertion("2027-01-01T00:00:00Z"));
    assert_eq!(v.status, Status::NotYetValid, "{v:?}");
    // What still needs the network is kept, as a warning.
    assert!(v.warnings.iter().any(|w| w.contains("cannot be verified offline")), "{:?}", v.warnings);
    assert_eq!(check(&assertion("2026-01-01T00:00:00Z")).status, Status::UnverifiableOffline);
}
