//! Endorsements and CLR groups in the backpack's check, and sharing a badge
//! as the original file. Credentials are signed in the test with keys made
//! in the test.

use chrono::{Duration, TimeZone, Utc};
use portfolio_backpack::{check, import, linkedin, presentable, presentation, share};
use portfolio_badges::issue::{sign, Recipient};
use portfolio_badges::{
    bake_svg, issue_achievement, verify_presentation, AchievementInput, IssuerKey, IssuerProfile, Status, VerifyOptions,
};
use portfolio_domain::{AuthorRole, LearnerProfile, RecordData, RecordKind};
use portfolio_store::Store;
use serde_json::{json, Value};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 2, 9, 0, 0).unwrap()
}

fn issued(key: &IssuerKey, name: &str) -> Value {
    let input = AchievementInput {
        name: name.into(),
        description: format!("{name}: 40 horas de prática."),
        criteria_narrative: "Projeto final apresentado à banca.".into(),
        image: None,
        achievement_type: Some("Badge".into()),
    };
    let who = Recipient { name: Some("Beatriz Conceição".into()), email: Some("bia@example.br".into()) };
    issue_achievement(
        key,
        &IssuerProfile::new(key, "Instituto Federal do Ceará"),
        &input,
        &who,
        now() - Duration::days(30),
        None,
    )
    .unwrap()
}

/// `vc` with an EndorsementCredential on its achievement, re-signed by `key`.
fn endorsed(key: &IssuerKey, mut vc: Value) -> Value {
    let endorser = IssuerKey::from_secret_bytes(&[44; 32]);
    let achievement = vc["credentialSubject"]["achievement"]["id"].clone();
    let e = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:8d7c6b5a-4938-4271-a605-f4e3d2c1b0a9",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "Endosso", "validFrom": "2025-11-01T00:00:00Z",
        "issuer": {"id": endorser.did_key(), "type": ["Profile"], "name": "Sociedade Brasileira de Computação"},
        "credentialSubject": {"id": achievement, "type": ["EndorsementSubject"], "endorsementComment": "Currículo de referência."}
    });
    vc["credentialSubject"]["achievement"]["endorsement"] = json!([sign(&endorser, e, now()).unwrap()]);
    sign(key, vc, now() - Duration::days(30)).unwrap()
}

fn setup() -> (tempfile::TempDir, Store, portfolio_domain::Id) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let profile =
        LearnerProfile { name: "Beatriz".into(), emails: vec!["bia@example.br".into()], ..Default::default() };
    let l = store.create_learner(profile).unwrap();
    (tmp, store, l.id)
}

#[test]
fn an_imported_badge_shows_its_endorsement_with_its_own_status() {
    let (_t, store, learner) = setup();
    let key = IssuerKey::from_secret_bytes(&[43; 32]);
    let vc = endorsed(&key, issued(&key, "Programação em Python"));
    let out = import(&store, learner, vc.to_string().as_bytes(), now()).unwrap();
    assert_eq!(out.check.status, "verified", "{:?}", out.check);
    let e = &out.check.endorsements;
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].on.as_str(), e[0].status.as_str()), ("achievement", "verified"));
    assert_eq!(e[0].endorser, "Sociedade Brasileira de Computação");
    assert_eq!(e[0].comment.as_deref(), Some("Currículo de referência."));
    let again = check(&store, out.records[0].meta().id, now()).unwrap();
    assert_eq!(again.endorsements, out.check.endorsements);
    assert!(again.clr.is_none());
}

#[test]
fn a_clr_shows_its_achievements_as_one_group_in_record_order() {
    let (_t, store, learner) = setup();
    let key = IssuerKey::from_secret_bytes(&[43; 32]);
    let parts = vec![endorsed(&key, issued(&key, "Álgebra")), issued(&key, "Física — 物理")];
    let clr = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:clr-ifce", "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": key.did_key(), "type": ["Profile"], "name": "Instituto Federal do Ceará"},
        "validFrom": "2026-01-10T00:00:00Z", "name": "Histórico 2025",
        "credentialSubject": {"type": ["ClrSubject"], "verifiableCredential": parts}
    });
    let out = import(&store, learner, sign(&key, clr, now()).unwrap().to_string().as_bytes(), now()).unwrap();
    let group = out.check.clr.as_ref().expect("a CLR group");
    assert_eq!((group.name.as_str(), group.issuer_name.as_str()), ("Histórico 2025", "Instituto Federal do Ceará"));
    let names: Vec<&str> = group.parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Álgebra", "Física — 物理"]);
    assert!(group.parts.iter().all(|p| p.status == "verified"), "{group:?}");
    assert_eq!(group.parts[0].endorsements.len(), 1);
    assert!(group.parts[1].endorsements.is_empty());
    let titles: Vec<String> = out.records.iter().map(|r| r.title().to_string()).collect();
    assert_eq!(titles, names);
}

#[test]
fn sharing_gives_the_original_file_byte_exact_and_a_note_for_json() {
    let (_t, store, learner) = setup();
    let key = IssuerKey::from_secret_bytes(&[43; 32]);
    // JSON as imported (odd spacing kept).
    let json_bytes =
        format!("{}\n\n", serde_json::to_string_pretty(&endorsed(&key, issued(&key, "Robótica"))).unwrap());
    let j = import(&store, learner, json_bytes.as_bytes(), now()).unwrap();
    let shared = share(&store, learner, j.records[0].meta().id, now()).unwrap();
    assert_eq!(shared.bytes, json_bytes.as_bytes());
    assert_eq!((shared.extension, shared.name.as_str()), ("json", "Robótica"));
    let note = shared.note.expect("a note for a JSON credential");
    assert!(note.contains("\u{201c}Robótica\u{201d}, issued by Instituto Federal do Ceará"), "{note}");
    assert!(note.contains(&shared.sha256) && note.contains("Open Badges 3.0 credential"), "{note}");
    assert!(note.contains("Checked by Learner Portfolio on 2026-04-02: verified"), "{note}");
    assert!(note.contains("Endorsed (achievement) by Sociedade Brasileira de Computação: verified"), "{note}");

    // A baked SVG: the image itself, no note.
    let svg = bake_svg(
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"><circle r=\"4\"/></svg>",
        issued(&key, "Xadrez ♞").to_string().as_bytes(),
    )
    .unwrap();
    let s = import(&store, learner, &svg, now()).unwrap();
    let shared = share(&store, learner, s.records[0].meta().id, now()).unwrap();
    assert_eq!((shared.bytes.as_slice(), shared.extension, shared.note.is_none()), (svg.as_slice(), "svg", true));

    // Another learner's badge and a hand-entered one are refused.
    let other = store.create_learner(LearnerProfile { name: "Outro".into(), ..Default::default() }).unwrap();
    let e = share(&store, other.id, s.records[0].meta().id, now()).unwrap_err();
    assert_eq!(e.to_string(), "That badge is not in this learner's portfolio.");
    let manual = store
        .create(
            learner,
            AuthorRole::Student,
            RecordData::from_json(
                RecordKind::Badge,
                json!({"name": "Coral", "issuer_name": "Escola", "issued_on": "2026-01-01"}),
            )
            .unwrap(),
        )
        .unwrap();
    let e = share(&store, learner, manual.meta().id, now()).unwrap_err();
    assert_eq!(e.to_string(), "\u{201c}Coral\u{201d} was entered by hand: there is no credential file to share.");
}

/// A verifiable presentation signed with the learner's own key verifies with
/// our own verifier (the holder's signature and the badge's); tampering
/// with it makes it invalid. The LinkedIn address carries the badge's facts.
#[test]
fn a_presentation_by_the_learner_verifies_and_tampering_is_caught() {
    let (tmp, store, learner) = setup();
    let keys = tmp.path().join("keys");
    let key = IssuerKey::from_secret_bytes(&[43; 32]);
    let svg = bake_svg(
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"><circle r=\"4\"/></svg>",
        endorsed(&key, issued(&key, "Robótica")).to_string().as_bytes(),
    )
    .unwrap();
    let badge = import(&store, learner, &svg, now()).unwrap().records[0].meta().id;
    // Checked before asking where to save: no key is made for that.
    assert_eq!(presentable(&store, learner, badge).unwrap(), "Robótica");
    assert!(!keys.exists());
    let p = presentation(&store, &keys, learner, badge, now()).unwrap();
    assert_eq!(p.name, "Robótica");
    assert!(p.holder.starts_with("did:key:z6Mk"));
    // The same learner always presents with the same key.
    assert_eq!(presentation(&store, &keys, learner, badge, now()).unwrap().holder, p.holder);
    let vp: Value = serde_json::from_str(&p.json).unwrap();
    let opts = VerifyOptions::new(now());
    let v = verify_presentation(&vp, &opts);
    assert_eq!((v.status, v.holder.as_deref()), (Status::Verified, Some(p.holder.as_str())), "{v:?}");
    assert_eq!(v.credentials[0].endorsements.len(), 1);
    let mut t = vp.clone();
    t["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] = json!("Robótica avançada");
    assert_eq!(verify_presentation(&t, &opts).status, Status::Invalid);
    let mut t = vp;
    t["proof"]["created"] = json!("2020-01-01T00:00:00Z");
    assert_eq!(verify_presentation(&t, &opts).status, Status::Invalid);

    let url = linkedin(&store, learner, badge).unwrap();
    assert!(
        url.starts_with("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Rob%C3%B3tica&"),
        "{url}"
    );
    assert!(
        url.contains("&organizationName=Instituto%20Federal%20do%20Cear%C3%A1&issueYear=2026&issueMonth=3&"),
        "{url}"
    );
    assert!(url.contains("&certId=urn%3Auuid%3A") && !url.contains("certUrl"), "{url}");

    let other = store.create_learner(LearnerProfile { name: "Outro".into(), ..Default::default() }).unwrap();
    let e = presentation(&store, &keys, other.id, badge, now()).unwrap_err();
    assert_eq!(e.to_string(), "That badge is not in this learner's portfolio.");
}

/// A Learner Credential Wallet backup in the wallet's own format ("Wallet
/// Backup.json": an array of UniversalWallet2020 profiles whose contents
/// hold the credentials beside the DID document, keys and profile metadata).
fn wallet_profile(name: &str, credentials: Vec<Value>) -> Value {
    let mut contents = credentials;
    contents.push(json!({"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/ed25519-2020/v1"],
        "id": "did:key:z6MkhVTX9BF3NGYX6cc7jWpbNnR7cAjH8LUffabZP8Qu4ysC",
        "verificationMethod": [{"id": "did:key:z6MkhVTX9BF3NGYX6cc7jWpbNnR7cAjH8LUffabZP8Qu4ysC#z6MkhVTX9BF3NGYX6cc7jWpbNnR7cAjH8LUffabZP8Qu4ysC",
            "type": "Ed25519VerificationKey2020", "controller": "did:key:z6MkhVTX9BF3NGYX6cc7jWpbNnR7cAjH8LUffabZP8Qu4ysC",
            "publicKeyMultibase": "z6MkhVTX9BF3NGYX6cc7jWpbNnR7cAjH8LUffabZP8Qu4ysC"}]}));
    contents.push(json!({"id": "did:key:z6MkhVTX9BF3NGYX6cc7jWpbNnR7cAjH8LUffabZP8Qu4ysC#z6MkhVTX9BF3NGYX6cc7jWpbNnR7cAjH8LUffabZP8Qu4ysC",
        "controller": "did:key:z6MkhVTX9BF3NGYX6cc7jWpbNnR7cAjH8LUffabZP8Qu4ysC", "type": "Ed25519VerificationKey2020",
        "publicKeyMultibase": "z6MkhVTX9BF3NGYX6cc7jWpbNnR7cAjH8LUffabZP8Qu4ysC",
        "privateKeyMultibase": "zrv2EET2WWZ8T1Jbg4fEH5cQxhbUS22XxdweypUbjWVzv1YD6VqYuW6LH7heQCNYQCuoKaDwvv2qCWz3uBzG2xesqmf"}));
    contents.push(json!({"id": "did:key:z6MkhVTX9BF3NGYX6cc7jWpbNnR7cAjH8LUffabZP8Qu4ysC#z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc",
        "controller": "did:key:z6MkhVTX9BF3NGYX6cc7jWpbNnR7cAjH8LUffabZP8Qu4ysC", "type": "X25519KeyAgreementKey2020",
        "publicKeyMultibase": "z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc",
        "privateKeyMultibase": "z3weeMD56C1T347EmB6kYNS7trpQwjvtQCpCYRpqGz6mcemT"}));
    contents.push(
        json!({"@context": ["https://w3id.org/wallet/v1"], "id": "urn:uuid:3f0c2a9e-6a57-4b1e-9d2c-0e1f2a3b4c5d",
        "type": "ProfileMetadata", "data": {"profileName": name}}),
    );
    json!({"@context": ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/wallet/v1"],
           "id": "http://example.gov/wallet/3732", "type": "UniversalWallet2020", "status": "UNLOCKED", "contents": contents})
}

#[test]
fn a_learner_credential_wallet_backup_brings_every_credential_with_a_report_each() {
    use portfolio_backpack::wallet::{WalletOutcome, MAX_WALLET_CREDENTIALS};
    let (_t, store, learner) = setup();
    let key = IssuerKey::from_secret_bytes(&[43; 32]);
    let mut tampered = issued(&key, "Cerâmica");
    tampered["credentialSubject"]["achievement"]["name"] = json!("Cerâmica avançada");
    let backup = json!([
        wallet_profile("Escola", vec![issued(&key, "Robótica"), endorsed(&key, issued(&key, "Xadrez"))]),
        wallet_profile("Estágio", vec![tampered]),
    ]);
    let bytes = serde_json::to_vec_pretty(&backup).unwrap();
    let out = import(&store, learner, &bytes, now()).unwrap();
    let summary: Vec<(&str, &str, WalletOutcome, Option<&str>)> =
        out.wallet.iter().map(|i| (i.name.as_str(), i.profile.as_str(), i.outcome, i.status.as_deref())).collect();
    assert_eq!(
        summary,
        vec![
            ("Robótica", "Escola", WalletOutcome::Imported, Some("verified")),
            ("Xadrez", "Escola", WalletOutcome::Imported, Some("verified")),
            ("Cerâmica avançada", "Estágio", WalletOutcome::Imported, Some("invalid")),
        ]
    );
    assert_eq!(out.records.len(), 3);
    assert_eq!(out.check.status, "verified");
    // Each stored badge is the credential alone, and checks as it did.
    let xadrez = out.wallet[1].record_ids[0];
    assert_eq!(check(&store, xadrez, now()).unwrap().endorsements.len(), 1);
    // The wallet's keys never enter the portfolio.
    for r in store.list(learner, RecordKind::Badge, "").unwrap() {
        let text = serde_json::to_string(&r).unwrap();
        assert!(!text.contains("privateKeyMultibase") && !text.contains("UniversalWallet2020"), "{text}");
    }

    // Importing the same backup again: every credential is already here.
    let e = import(&store, learner, &bytes, now()).unwrap_err();
    assert_eq!(e.to_string(), "All 3 credentials of this wallet backup are already in this portfolio.");
    // One new credential beside the old ones: a report line each.
    let more = json!([wallet_profile("Escola", vec![issued(&key, "Robótica"), issued(&key, "Dança")])]);
    let out = import(&store, learner, &serde_json::to_vec(&more).unwrap(), now()).unwrap();
    let outcomes: Vec<WalletOutcome> = out.wallet.iter().map(|i| i.outcome).collect();
    // issued() makes fresh ids each time, so "Robótica" is a new credential too.
    assert_eq!(outcomes, vec![WalletOutcome::Imported, WalletOutcome::Imported]);

    // A locked backup, a wallet with too many credentials, and one with none are refused, nothing stored.
    let before = store.list(learner, RecordKind::Badge, "").unwrap().len();
    let e = import(&store, learner, b"locked_wallet:U2FsdGVkX1+abc", now()).unwrap_err();
    assert!(e.to_string().contains("locked with a password"), "{e}");
    let one = issued(&key, "Muitos");
    let many = json!([wallet_profile("X", vec![one; MAX_WALLET_CREDENTIALS + 1])]);
    let e = import(&store, learner, &serde_json::to_vec(&many).unwrap(), now()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("This wallet backup holds more than {MAX_WALLET_CREDENTIALS} credentials; nothing was imported.")
    );
    let e = import(&store, learner, &serde_json::to_vec(&json!([wallet_profile("X", vec![])])).unwrap(), now())
        .unwrap_err();
    assert_eq!(e.to_string(), "This wallet backup holds no credentials.");
    // A wallet nested inside a credential slot is not read.
    let mut nested = wallet_profile("Y", vec![issued(&key, "Dentro")]);
    nested["type"] = json!(["VerifiableCredential", "UniversalWallet2020"]);
    let e = import(&store, learner, &serde_json::to_vec(&json!([wallet_profile("X", vec![nested])])).unwrap(), now())
        .unwrap_err();
    assert_eq!(e.to_string(), "This wallet backup holds no credentials.");
    assert_eq!(store.list(learner, RecordKind::Badge, "").unwrap().len(), before);
}
