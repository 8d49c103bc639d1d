//! Issue → bake (PNG, SVG) → examine → verify, and tampering.

use std::path::PathBuf;

use chrono::Utc;
use portfolio_badges::issue::Recipient;
use portfolio_badges::*;
use serde_json::json;

fn issue() -> (IssuerKey, serde_json::Value) {
    let key = IssuerKey::generate();
    let issuer = IssuerProfile::new(&key, "Ms Advisor");
    let input = AchievementInput {
        name: "Robotics".into(),
        description: "Builds robots.".into(),
        criteria_narrative: "Build a robot.".into(),
        image: None,
        achievement_type: Some("Badge".into()),
    };
    let who = Recipient { name: Some("Ada".into()), email: Some("ada@example.org".into()) };
    let vc = issue_achievement(&key, &issuer, &input, &who, Utc::now(), None).unwrap();
    (key, vc)
}

#[test]
fn issue_bake_png_examine_verify() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../../shared/fixtures/openbadges/ob20_assets_robotics-badge.png");
    let Ok(image) = std::fs::read(&path) else {
        println!("SKIPPED: fixture image not found at {}", path.display());
        return;
    };
    let (_, vc) = issue();
    let baked = bake_png_json(&image, &vc).unwrap();
    let ex = examine(&baked);
    assert_eq!(ex.format(), Some(BadgeFormat::Ob3), "{:?}", ex.error);
    assert_eq!(ex.found_in.as_deref(), Some("png:iTXt:openbadgecredential"));
    let b = ex.badges()[0];
    assert_eq!((b.name.as_str(), b.issuer_name.as_str()), ("Robotics", "Ms Advisor"));
    let v = verify(&ex, &VerifyOptions::new(Utc::now()));
    assert_eq!((v.status, v.warnings.len()), (Status::Verified, 0), "{v:?}");

    let mut tampered = vc.clone();
    tampered["credentialSubject"]["achievement"]["description"] = json!("Builds rockets.");
    let ex = examine(&bake_png_json(&image, &tampered).unwrap());
    assert_eq!(verify(&ex, &VerifyOptions::new(Utc::now())).status, Status::Invalid);
}

#[test]
fn issue_bake_svg_examine_verify() {
    let (_, vc) = issue();
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"><circle r=\"4\"/></svg>";
    let baked = bake_svg(svg, vc.to_string().as_bytes()).unwrap();
    let v = verify(&examine(&baked), &VerifyOptions::new(Utc::now()));
    assert_eq!(v.status, Status::Verified, "{v:?}");
    let tampered = String::from_utf8(baked).unwrap().replace("Ms Advisor", "Mr Forger");
    let v = verify(&examine(tampered.as_bytes()), &VerifyOptions::new(Utc::now()));
    assert_eq!(v.status, Status::Invalid, "{v:?}");
}

#[test]
fn saved_and_exported_keys_keep_issuing() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = issue();
    let path = save_key(dir.path(), &key).unwrap();
    let loaded = load_key(&path).unwrap();
    assert_eq!(loaded.did_key(), key.did_key());
    let backup = issuer::export_key_with(
        &key,
        "a passphrase for tests",
        issuer::KdfParams { memory_kib: 1024, iterations: 1, parallelism: 1 },
    )
    .unwrap();
    assert!(matches!(import_key(&backup, "not the passphrase"), Err(IssuerError::WrongPassphrase)));
    let restored = import_key(&backup, "a passphrase for tests").unwrap();
    let profile = IssuerProfile::self_asserted(&restored, "Ada");
    let vc = issue_achievement(
        &restored,
        &profile,
        &AchievementInput {
            name: "N".into(),
            description: "D".into(),
            criteria_narrative: "C".into(),
            ..Default::default()
        },
        &Recipient { name: Some("Ada".into()), email: None },
        Utc::now(),
        None,
    )
    .unwrap();
    assert_eq!(vc["issuer"]["id"], key.did_key());
    assert_eq!(verify(&examine(vc.to_string().as_bytes()), &VerifyOptions::new(Utc::now())).status, Status::Verified);
}
