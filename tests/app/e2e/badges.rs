//! A badge file imported and verified offline.

#[allow(unused_imports)]
use super::driver::*;
use serde_json::json;

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver and WebKitWebDriver; run by .ci/test.sh"]
fn badge_file_import_shows_offline_verification() {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/openbadges/ob30_simple-json.png");
    let Ok(fixture) = fixture.canonicalize() else {
        eprintln!("SKIPPED: Open Badges fixtures not found");
        return;
    };
    let dir = fixture.parent().unwrap().to_path_buf();
    with_app(|driver, data| {
        let app = driver.launch();
        app.onboard("Beth Robot");
        app.click("[data-testid=nav-badge]");
        // A file chooser receives the path as a person would pick it.
        let input = app.find("[data-testid=badge-file-input]");
        app.post(&format!("/element/{input}/value"), json!({"text": fixture.to_string_lossy()}))
            .unwrap_or_else(|e| panic!("choose file: {e}"));
        app.wait_text("[data-testid=import-results]", "Verified");
        app.wait_text("[data-testid=nav-badge] [data-testid=count]", "1");
        app.wait_text("[data-testid=badge-status]", "Verified");
        app.screenshot("09-badge-verified");

        // An advisor issues a badge to this learner on the same computer.
        app.click("[data-testid=issue-badge]");
        app.find("[data-testid=issue-dialog]");
        app.click("[data-testid=new-issuer]");
        app.type_into("[name=issuer-name]", "Ms. Delgado");
        app.click("[data-testid=create-issuer]");
        app.wait_text("[name=issuer]", "Ms. Delgado");
        app.type_into("[name=issue-name]", "Field Researcher");
        app.type_into("[name=issue-description]", "Designed and ran a field study.");
        app.type_into("[name=issue-criteria]", "Ten rounds of counts and a public presentation.");
        app.click("[data-testid=issue-submit]");
        app.wait_text("[data-testid=nav-badge] [data-testid=count]", "2");
        app.wait_text("[data-testid=record-detail]", "Field Researcher");
        app.wait_text("[data-testid=badge-status]", "Verified");
        app.screenshot("10-badge-issued");
        app.find("[data-testid=badge-share-presentation]");
        app.find("[data-testid=badge-linkedin]");

        // A Learner Credential Wallet backup through the same "Import badges…":
        // a line per credential, each with its own check.
        let credential = |name: &str| -> serde_json::Value {
            serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap()
        };
        let backup = json!([{"@context": ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/wallet/v1"],
            "id": "http://example.gov/wallet/3732", "type": "UniversalWallet2020", "status": "UNLOCKED",
            "contents": [credential("ob30_simple.json"), credential("ob30_simple-err-proof-value.json"),
                {"@context": ["https://w3id.org/wallet/v1"], "id": "urn:uuid:1", "type": "ProfileMetadata",
                 "data": {"profileName": "Beth's wallet"}}]}]);
        let file = data.join("Wallet Backup.json");
        std::fs::write(&file, serde_json::to_vec_pretty(&backup).unwrap()).unwrap();
        let input = app.find("[data-testid=badge-file-input]");
        app.post(&format!("/element/{input}/value"), json!({"text": file.to_string_lossy()}))
            .unwrap_or_else(|e| panic!("choose file: {e}"));
        app.wait_text("[data-testid=import-results]", "Wallet backup of 2 credentials: 2 added");
        app.wait_text("[data-testid=import-wallet]", "Signature invalid");
        app.wait_text("[data-testid=nav-badge] [data-testid=count]", "4");
        app.screenshot("11-wallet-backup-imported");
        app.quit();
    });
}
