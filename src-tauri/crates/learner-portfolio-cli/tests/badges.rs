//! Badges from the command line: endorsements and a CLR's group in
//! `badge verify` (text and `--json`), and `badge share` writing the original
//! file byte-exact with its verification note. Credentials are signed in
//! the test with keys made in the test.

mod support;

use std::path::Path;

use portfolio_badges::issue::sign;
use portfolio_badges::IssuerKey;
use serde_json::{json, Value};
use support::{ok, ok_json};

fn at(days_ago: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now() - chrono::Duration::days(days_ago)
}

/// An OB 3.0 credential whose achievement carries a signed endorsement.
fn endorsed_badge(key: &IssuerKey, name: &str, achievement: &str) -> Value {
    let endorser = IssuerKey::from_secret_bytes(&[71; 32]);
    let e = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d", "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "Aval", "validFrom": "2025-01-01T00:00:00Z",
        "issuer": {"id": endorser.did_key(), "type": ["Profile"], "name": "Colegio de Ingenieros de Chile"},
        "credentialSubject": {"id": achievement, "type": ["EndorsementSubject"], "endorsementComment": "Nivel profesional."}
    });
    let vc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": format!("{achievement}-award"), "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": key.did_key(), "type": ["Profile"], "name": "Liceo Industrial de Valparaíso"},
        "validFrom": "2025-06-01T00:00:00Z", "name": name,
        "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:tomas",
            "achievement": {"id": achievement, "type": ["Achievement"], "name": name, "description": "Taller.",
                "criteria": {"narrative": "Proyecto."}, "endorsement": [sign(&endorser, e, at(400)).unwrap()]}}
    });
    sign(key, vc, at(300)).unwrap()
}

fn write(dir: &Path, name: &str, v: &Value) -> String {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
    p.to_str().unwrap().to_string()
}

/// A new learner's id.
fn learner(dir: &Path) -> String {
    let file = dir.join("l.json");
    std::fs::write(&file, r#"{"name": "Tomás"}"#).unwrap();
    ok_json(dir, &["add", "learner", "--json-file", file.to_str().unwrap(), "--json"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn verify_reports_endorsements_and_a_clr_group_in_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let key = IssuerKey::from_secret_bytes(&[70; 32]);
    let badge = write(dir.path(), "soldadura.json", &endorsed_badge(&key, "Soldadura MIG", "urn:uuid:ach-mig"));
    let v = ok_json(dir.path(), &["badge", "verify", &badge, "--json"]);
    assert_eq!(v["status"], "verified", "{v}");
    assert_eq!(v["endorsements"][0]["on"], "achievement");
    assert_eq!(v["endorsements"][0]["status"], "verified");
    assert_eq!(v["endorsements"][0]["endorser"], "Colegio de Ingenieros de Chile");
    assert_eq!(v["clr"], Value::Null);
    let text = ok(dir.path(), &["badge", "verify", &badge]);
    assert!(text.contains("endorsement of the achievement by Colegio de Ingenieros de Chile: verified:"), "{text}");
    assert!(text.contains("\u{201c}Nivel profesional.\u{201d}"), "{text}");

    let clr = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:clr-liceo", "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": key.did_key(), "type": ["Profile"], "name": "Liceo Industrial de Valparaíso"},
        "validFrom": "2025-12-20T00:00:00Z", "name": "Certificado de estudios 2025",
        "credentialSubject": {"type": ["ClrSubject"], "verifiableCredential": [
            endorsed_badge(&key, "Soldadura MIG", "urn:uuid:ach-mig"),
            endorsed_badge(&key, "Electricidad", "urn:uuid:ach-elec")]}
    });
    let clr = write(dir.path(), "clr.json", &sign(&key, clr, at(10)).unwrap());
    let v = ok_json(dir.path(), &["badge", "verify", &clr, "--json"]);
    assert_eq!(v["clr"]["name"], "Certificado de estudios 2025", "{v}");
    let parts: Vec<&str> = v["clr"]["parts"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(parts, ["Soldadura MIG", "Electricidad"]);
    assert_eq!(v["clr"]["parts"][1]["endorsements"][0]["status"], "verified");
    let text = ok(dir.path(), &["badge", "verify", &clr]);
    assert!(
        text.contains(
            "record: \u{201c}Certificado de estudios 2025\u{201d} from Liceo Industrial de Valparaíso, 2 achievements:"
        ),
        "{text}"
    );
    assert!(text.contains("  2. Electricidad (Liceo Industrial de Valparaíso): verified:"), "{text}");
    assert!(!dir.path().join("store").exists(), "verify opened no store");

    // Importing the CLR says it is one record of two achievements.
    let id = learner(dir.path());
    let text = ok(dir.path(), &["badge", "import", "--learner", &id, &clr]);
    assert!(
        text.starts_with("\u{201c}Certificado de estudios 2025\u{201d} from Liceo Industrial de Valparaíso is a learner record holding 2 achievements:\nImported \u{201c}Soldadura MIG\u{201d}"),
        "{text}"
    );
}

#[test]
fn share_writes_the_original_file_and_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let key = IssuerKey::from_secret_bytes(&[70; 32]);
    let badge = write(dir.path(), "in.json", &endorsed_badge(&key, "Torno CNC", "urn:uuid:ach-cnc"));
    let id = learner(dir.path());
    let imported = ok_json(dir.path(), &["badge", "import", "--learner", &id, &badge, "--json"]);
    let badge_id = imported["records"][0]["meta"]["id"].as_str().unwrap().to_string();
    let out = dir.path().join("torno.json");
    let text =
        ok(dir.path(), &["badge", "share", "--learner", &id, "--badge", &badge_id, "--out", out.to_str().unwrap()]);
    assert!(text.starts_with("Wrote \u{201c}Torno CNC\u{201d} to "), "{text}");
    assert!(text.contains("Wrote how to verify it to torno.verification.txt, beside it."), "{text}");
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&badge).unwrap(), "byte-exact");
    let note = std::fs::read_to_string(dir.path().join("torno.verification.txt")).unwrap();
    assert!(note.contains("\u{201c}Torno CNC\u{201d}, issued by Liceo Industrial de Valparaíso"), "{note}");
    assert!(note.contains(": verified \u{2014} The eddsa-rdfc-2022 signature is valid."), "{note}");
    // The shared file verifies on its own.
    assert_eq!(ok_json(dir.path(), &["badge", "verify", out.to_str().unwrap(), "--json"])["status"], "verified");
    let j = ok_json(
        dir.path(),
        &["badge", "share", "--learner", &id, "--badge", &badge_id, "--out", out.to_str().unwrap(), "--json"],
    );
    assert_eq!((j["file"].as_str(), j["note_file"].as_str()), (Some("torno.json"), Some("torno.verification.txt")));
}

#[test]
fn share_as_a_presentation_and_the_linkedin_address() {
    let dir = tempfile::tempdir().unwrap();
    let key = IssuerKey::from_secret_bytes(&[72; 32]);
    let badge = write(dir.path(), "in.json", &endorsed_badge(&key, "Torno CNC & Fresa", "urn:uuid:ach-cnc2"));
    let id = learner(dir.path());
    let imported = ok_json(dir.path(), &["badge", "import", "--learner", &id, &badge, "--json"]);
    let badge_id = imported["records"][0]["meta"]["id"].as_str().unwrap().to_string();
    let out = dir.path().join("torno.presentation.json");
    let args = ["badge", "share", "--learner", &id, "--badge", &badge_id, "--out", out.to_str().unwrap()];
    let text = ok(dir.path(), &[&args[..], &["--presentation"]].concat());
    assert!(text.starts_with("Wrote a verifiable presentation of \u{201c}Torno CNC & Fresa\u{201d} to "), "{text}");
    assert!(text.contains("signed by the learner (did:key:z6Mk"), "{text}");
    let vp: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let opts = portfolio_badges::VerifyOptions::new(chrono::Utc::now());
    assert_eq!(portfolio_badges::verify_presentation(&vp, &opts).status, portfolio_badges::Status::Verified);
    let j = ok_json(dir.path(), &[&args[..], &["--presentation", "--json"]].concat());
    assert_eq!(j["file"], "torno.presentation.json");
    assert_eq!(j["holder"], vp["holder"], "the learner's key is kept");
    // `badge verify` checks a presentation: the holder's signature, then the credential.
    let v = ok_json(dir.path(), &["badge", "verify", out.to_str().unwrap(), "--json"]);
    assert_eq!((v["status"].as_str(), v["format"].as_str()), (Some("verified"), Some("presentation")), "{v}");
    assert!(v["warnings"].to_string().contains("Credential 1 in it: verified"), "{v}");
    let mut tampered: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    tampered["verifiableCredential"][0]["name"] = json!("Torno CNC (maestro)");
    let t = write(dir.path(), "tampered.json", &tampered);
    assert_eq!(ok_json(dir.path(), &["badge", "verify", &t, "--json"])["status"], "invalid");

    let url = ok(dir.path(), &["badge", "linkedin", "--learner", &id, "--badge", &badge_id]);
    assert_eq!(
        url.trim(),
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Torno%20CNC%20%26%20Fresa\
         &organizationName=Liceo%20Industrial%20de%20Valpara%C3%ADso&issueYear=2025&issueMonth=6\
         &certId=urn%3Auuid%3Aach-cnc2-award"
    );
}

#[test]
fn import_a_learner_credential_wallet_backup() {
    let dir = tempfile::tempdir().unwrap();
    let key = IssuerKey::from_secret_bytes(&[73; 32]);
    let contents = json!([
        endorsed_badge(&key, "Torno CNC", "urn:uuid:ach-w1"),
        endorsed_badge(&key, "Soldadura", "urn:uuid:ach-w2"),
        {"id": "did:key:z6MkhVTX9BF3NGYX6cc7jWpbNnR7cAjH8LUffabZP8Qu4ysC#z6MkhVTX9BF3NGYX6cc7jWpbNnR7cAjH8LUffabZP8Qu4ysC",
         "type": "Ed25519VerificationKey2020", "privateKeyMultibase": "zsecret"},
        {"@context": ["https://w3id.org/wallet/v1"], "id": "urn:uuid:1", "type": "ProfileMetadata", "data": {"profileName": "Liceo"}}
    ]);
    let backup = json!([{"@context": ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/wallet/v1"],
        "id": "http://example.gov/wallet/3732", "type": "UniversalWallet2020", "status": "UNLOCKED", "contents": contents}]);
    let file = write(dir.path(), "Wallet Backup.json", &backup);
    let id = learner(dir.path());
    let text = ok(dir.path(), &["badge", "import", "--learner", &id, &file]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "A Learner Credential Wallet backup of 2 credentials:", "{text}");
    assert!(lines[1].starts_with("  \u{201c}Torno CNC\u{201d} (Liceo): imported ("), "{text}");
    assert!(lines[1].ends_with("), verified: The eddsa-rdfc-2022 signature is valid."), "{text}");
    assert!(lines[2].starts_with("  \u{201c}Soldadura\u{201d} (Liceo): imported ("), "{text}");
    let again = support::cli(dir.path(), &["badge", "import", "--learner", &id, &file]);
    assert!(!again.status.success());
    let why = String::from_utf8_lossy(&again.stderr);
    assert!(why.contains("All 2 credentials of this wallet backup are already in this portfolio."), "{why}");
}
