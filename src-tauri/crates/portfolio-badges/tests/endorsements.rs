//! Endorsements (OB 3.0 `EndorsementCredential` in `endorsement` and
//! `endorsementJwt`, on the credential, its achievement and its issuer;
//! OB 2.0 `Endorsement`): each is verified with its own status and reported
//! beside the badge's verdict, which it does not change. Every credential
//! here is signed in the test with keys made in the test.

use chrono::{DateTime, Duration, TimeZone, Utc};
use portfolio_badges::issue::sign;
use portfolio_badges::*;
use serde_json::{json, Value};

mod common;
use common::{did_key, ed_key, eddsa_jwt};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
}

fn issuer_key() -> IssuerKey {
    IssuerKey::from_secret_bytes(&[11; 32])
}

fn endorser_key() -> IssuerKey {
    IssuerKey::from_secret_bytes(&[12; 32])
}

const ACHIEVEMENT: &str = "urn:uuid:7b0f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b";

/// An OB 3.0 credential by the school, with `endorsements` placed by `place`, signed last.
fn badge(place: impl FnOnce(&mut Value)) -> Value {
    let key = issuer_key();
    let mut vc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:0e6f1a2b-3c4d-4e5f-9a0b-1c2d3e4f5a6b",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": key.did_key(), "type": ["Profile"], "name": "Escola Técnica de São Paulo"},
        "validFrom": "2025-09-01T00:00:00Z",
        "name": "Robótica educativa",
        "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:aluna",
            "achievement": {"id": ACHIEVEMENT, "type": ["Achievement"], "name": "Robótica educativa",
                "description": "Construiu e programou um robô seguidor de linha.",
                "criteria": {"narrative": "Um robô que segue uma linha por 3 metros."}}}
    });
    place(&mut vc);
    sign(&key, vc, now() - Duration::days(100)).unwrap()
}

/// An EndorsementCredential for `subject` by the robotics association.
fn endorsement(subject: &str, comment: &str, valid_from: &str) -> Value {
    let key = endorser_key();
    let e = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:5c4b3a29-1807-4f6e-8d5c-4b3a29180706",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "Endosso da Associação Brasileira de Robótica",
        "issuer": {"id": key.did_key(), "type": ["Profile"], "name": "Associação Brasileira de Robótica"},
        "validFrom": valid_from,
        "credentialSubject": {"id": subject, "type": ["EndorsementSubject"], "endorsementComment": comment}
    });
    sign(&key, e, now() - Duration::days(200)).unwrap()
}

fn check(vc: &Value) -> Verification {
    verify(&examine(vc.to_string().as_bytes()), &VerifyOptions::new(now()))
}

#[test]
fn endorsements_on_the_achievement_and_the_issuer_are_verified_each_with_its_status() {
    let issuer_did = issuer_key().did_key();
    let vc = badge(|vc| {
        vc["credentialSubject"]["achievement"]["endorsement"] =
            json!([endorsement(ACHIEVEMENT, "Critérios alinhados à BNCC — 很好", "2025-01-01T00:00:00Z")]);
        vc["issuer"]["endorsement"] =
            json!([endorsement(&issuer_did, "Escola parceira desde 2019.", "2025-01-01T00:00:00Z")]);
    });
    let v = check(&vc);
    assert_eq!(v.status, Status::Verified, "{v:?}");
    assert_eq!(v.endorsements.len(), 2, "{:?}", v.endorsements);
    let ach = &v.endorsements[0];
    assert_eq!((ach.on, ach.status), (Endorsed::Achievement, Status::Verified), "{ach:?}");
    assert_eq!(ach.endorser, "Associação Brasileira de Robótica");
    assert_eq!(ach.endorser_id.as_deref(), Some(endorser_key().did_key().as_str()));
    assert_eq!(ach.comment.as_deref(), Some("Critérios alinhados à BNCC — 很好"));
    assert_eq!(ach.issued_at.as_deref(), Some("2025-01-01T00:00:00Z"));
    assert!(ach.detail.contains("eddsa-rdfc-2022 signature is valid"), "{}", ach.detail);
    let iss = &v.endorsements[1];
    assert_eq!((iss.on, iss.status), (Endorsed::Issuer, Status::Verified), "{iss:?}");
    assert_eq!(iss.comment.as_deref(), Some("Escola parceira desde 2019."));
    // Serialized for the CLI `--json`.
    let j = serde_json::to_value(&v.endorsements[0]).unwrap();
    assert_eq!((j["on"].as_str(), j["status"].as_str()), (Some("achievement"), Some("verified")));
}

#[test]
fn an_altered_endorsement_is_invalid_while_the_badge_stays_verified() {
    let vc = badge(|vc| {
        let mut e = endorsement(ACHIEVEMENT, "Bom trabalho.", "2025-01-01T00:00:00Z");
        e["credentialSubject"]["endorsementComment"] = json!("O melhor robô do Brasil!");
        vc["credentialSubject"]["achievement"]["endorsement"] = json!([e]);
    });
    let v = check(&vc);
    assert_eq!(v.status, Status::Verified, "{v:?}");
    assert_eq!(v.endorsements[0].status, Status::Invalid, "{:?}", v.endorsements);
    assert_eq!(v.endorsements[0].comment.as_deref(), Some("O melhor robô do Brasil!"));
}

#[test]
fn an_endorsement_of_something_else_is_not_counted_for_this_badge() {
    let vc = badge(|vc| {
        vc["credentialSubject"]["achievement"]["endorsement"] =
            json!([endorsement("urn:uuid:outra-conquista", "Ótimo.", "2025-01-01T00:00:00Z")]);
    });
    let v = check(&vc);
    let e = &v.endorsements[0];
    assert_eq!(e.status, Status::Invalid, "{e:?}");
    assert!(e.detail.contains("endorses something else") && e.detail.contains(ACHIEVEMENT), "{}", e.detail);
    assert!(e.warnings.iter().any(|w| w.contains("signature is valid")), "{:?}", e.warnings);
}

#[test]
fn an_endorsement_dated_in_the_future_is_not_yet_valid() {
    let vc = badge(|vc| {
        vc["endorsement"] = json!([endorsement(
            "urn:uuid:0e6f1a2b-3c4d-4e5f-9a0b-1c2d3e4f5a6b",
            "Verificado.",
            "2027-01-01T00:00:00Z"
        )]);
    });
    let v = check(&vc);
    assert_eq!(v.status, Status::Verified);
    assert_eq!((v.endorsements[0].on, v.endorsements[0].status), (Endorsed::Credential, Status::NotYetValid));
}

/// A VC-JWT endorsement signed with EdDSA under a did:key `kid`.
fn endorsement_jwt(subject: &str) -> String {
    let sk = ed_key(21);
    let did = did_key(&sk);
    let vc = json!({"@context": ["https://www.w3.org/ns/credentials/v2",
                                 "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:jwt-endorsement", "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Secretaria Municipal de Educação"},
        "validFrom": "2025-02-01T00:00:00Z", "name": "Endosso",
        "credentialSubject": {"id": subject, "type": ["EndorsementSubject"], "endorsementComment": "Reconhecido."}});
    let claims = json!({"vc": vc, "iss": did, "jti": "urn:uuid:jwt-endorsement", "sub": subject});
    eddsa_jwt(&sk, &claims)
}

#[test]
fn endorsement_jwt_is_verified_and_a_broken_token_is_reported() {
    let vc = badge(|vc| {
        vc["credentialSubject"]["achievement"]["endorsementJwt"] = json!([endorsement_jwt(ACHIEVEMENT), "not a token"]);
    });
    let ex = examine(vc.to_string().as_bytes());
    assert!(
        ex.warnings.iter().any(|w| w.contains("Endorsement 2 of the achievement was skipped")),
        "{:?}",
        ex.warnings
    );
    let v = verify(&ex, &VerifyOptions::new(now()));
    assert_eq!(v.status, Status::Verified, "{v:?}");
    assert_eq!(v.endorsements.len(), 1);
    let e = &v.endorsements[0];
    assert_eq!((e.status, e.endorser.as_str()), (Status::Verified, "Secretaria Municipal de Educação"), "{e:?}");
    assert!(e.detail.contains("VC-JWT"), "{}", e.detail);
    // A token whose payload was swapped fails.
    let token = endorsement_jwt(ACHIEVEMENT);
    let parts: Vec<&str> = token.split('.').collect();
    let other = endorsement_jwt("urn:uuid:x");
    let forged = format!("{}.{}.{}", parts[0], other.split('.').nth(1).unwrap(), parts[2]);
    let vc = badge(|vc| vc["credentialSubject"]["achievement"]["endorsementJwt"] = json!([forged]));
    assert_eq!(check(&vc).endorsements[0].status, Status::Invalid);
}

#[test]
fn ob2_endorsements_are_hosted_and_cannot_be_checked_offline() {
    let assertion = json!({
        "@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "https://example.org/a/1",
        "recipient": {"type": "email", "hashed": false, "identity": "ana@example.org"},
        "issuedOn": "2025-05-01T00:00:00Z", "verification": {"type": "hosted"},
        "badge": {"type": "BadgeClass", "id": "https://example.org/b/1", "name": "Primeiros socorros",
            "description": "Curso de 20 horas.", "criteria": {"narrative": "Curso."},
            "issuer": {"type": "Profile", "id": "https://example.org/i", "name": "Cruz Vermelha"},
            "endorsement": [{"type": "Endorsement", "id": "https://endorser.example/e/9",
                "issuer": {"id": "https://endorser.example", "name": "Ministério da Saúde"},
                "issuedOn": "2025-01-10T00:00:00Z",
                "claim": {"id": "https://example.org/b/1", "endorsementComment": "Conteúdo aprovado."},
                "verification": {"type": "hosted"}}, "https://other.example/e/2"]}
    });
    let v = check(&assertion);
    assert_eq!(v.endorsements.len(), 2, "{v:?}");
    let e = &v.endorsements[0];
    assert_eq!((e.on, e.status), (Endorsed::Achievement, Status::UnverifiableOffline));
    assert_eq!((e.endorser.as_str(), e.comment.as_deref()), ("Ministério da Saúde", Some("Conteúdo aprovado.")));
    assert!(e.detail.contains("https://endorser.example/e/9") && e.detail.contains("offline"), "{}", e.detail);
    assert!(v.endorsements[1].detail.contains("https://other.example/e/2"));
}

#[test]
fn endorsements_inside_a_clr_credential_are_reported_on_that_part() {
    let part = badge(|vc| {
        vc["credentialSubject"]["achievement"]["endorsement"] =
            json!([endorsement(ACHIEVEMENT, "Parte do currículo.", "2025-01-01T00:00:00Z")]);
    });
    let key = issuer_key();
    let clr = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:clr-endorsed", "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": key.did_key(), "type": ["Profile"], "name": "Escola Técnica de São Paulo"},
        "validFrom": "2025-12-01T00:00:00Z", "name": "Histórico escolar",
        "credentialSubject": {"type": ["ClrSubject"], "verifiableCredential": [part]}
    });
    let v = check(&sign(&key, clr, now()).unwrap());
    assert_eq!(v.status, Status::Verified, "{v:?}");
    assert!(v.endorsements.is_empty());
    assert_eq!(v.nested[0].endorsements.len(), 1);
    assert_eq!(v.nested[0].endorsements[0].status, Status::Verified, "{:?}", v.nested[0].endorsements);
}

#[test]
fn endorsements_beyond_the_cap_are_named_not_read() {
    let e = endorsement(ACHIEVEMENT, "x", "2025-01-01T00:00:00Z");
    let mut vc = badge(|_| {});
    vc["credentialSubject"]["achievement"]["endorsement"] = json!(vec![e; MAX_ENDORSEMENTS + 3]);
    let ex = examine(vc.to_string().as_bytes());
    assert_eq!(ex.credential.as_ref().unwrap().endorsements.len(), MAX_ENDORSEMENTS);
    assert!(ex.warnings.iter().any(|w| w.starts_with("3 more endorsements were not read")), "{:?}", ex.warnings);
}
