//! A credential issued here verifies with an independent implementation:
//! `tests/independent/verify_ob3.py` (pyld + cryptography from PyPI).
//!
//! Needs `python3` with `pyld` and `cryptography`:
//! `pip install pyld==2.0.4 cryptography==48.0.0`. Without them the test
//! prints SKIPPED, except when the `CI` environment variable is set, where
//! it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{TimeZone, Utc};
use portfolio_badges::issue::Recipient;
use portfolio_badges::{issue_achievement, AchievementInput, IssuerKey, IssuerProfile};
use serde_json::{json, Value};

const PIP: &str = "pip install pyld cryptography (pinned: pip install pyld==2.0.4 cryptography==48.0.0)";

fn python_ready() -> bool {
    Command::new("python3")
        .args(["-c", "import pyld, cryptography"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/independent/verify_ob3.py")
}

/// Run the independent verifier; (success, stdout + stderr).
fn run(cred: &Value, dir: &Path, contexts: &Path, name: &str) -> (bool, String) {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(cred).unwrap()).unwrap();
    let out = Command::new("python3").arg(script()).arg(&path).arg(contexts).output().expect("run python3");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success() && text.contains("VERIFIED"), text)
}

#[test]
fn issued_credentials_verify_with_pyld_and_cryptography() {
    if !python_ready() {
        if std::env::var_os("CI").is_some() {
            panic!("python3 with pyld and cryptography is required for the independent verification test: {PIP}");
        }
        println!("SKIPPED: python3 with pyld and cryptography not found; {PIP}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let contexts = dir.path().join("contexts");
    portfolio_badges::jsonld::dump_bundled_contexts(&contexts).unwrap();

    let key = IssuerKey::generate();
    let t = Utc.with_ymd_and_hms(2025, 6, 1, 9, 30, 0).unwrap();
    let input = AchievementInput {
        name: "Robotics Level 1".into(),
        description: "Built and programmed a line-following robot.".into(),
        criteria_narrative:
            "Demonstrate a robot that follows a **2 m** line; explain its \"PID\" loop.\nUnicode: ü, 日本.".into(),
        image: Some("data:image/png;base64,iVBORw0KGgo=".into()),
        achievement_type: Some("Competency".into()),
    };
    let learner = Recipient { name: Some("Ada Learner".into()), email: Some("ada@example.org".into()) };

    // An advisor's credential, with an end of validity.
    let advisor = IssuerProfile {
        url: Some("https://school.example/advisors/1".into()),
        ..IssuerProfile::new(&key, "Ms Advisor")
    };
    let vc = issue_achievement(&key, &advisor, &input, &learner, t, Some(t + chrono::Duration::days(365))).unwrap();
    let (ok, out) = run(&vc, dir.path(), &contexts, "advisor.json");
    assert!(ok, "independent verifier rejected an issued credential:\n{out}");

    // A self-asserted one.
    let me = IssuerProfile::self_asserted(&key, "Ada Learner");
    let own = issue_achievement(&key, &me, &input, &learner, t, None).unwrap();
    let (ok, out) = run(&own, dir.path(), &contexts, "self.json");
    assert!(ok, "independent verifier rejected a self-asserted credential:\n{out}");

    // Tampering is caught: content, label, and signature from another key.
    let mut t1 = vc.clone();
    t1["credentialSubject"]["achievement"]["name"] = json!("Robotics Level 9");
    let (ok, out) = run(&t1, dir.path(), &contexts, "tampered-name.json");
    assert!(!ok && out.contains("InvalidSignature"), "tampered name accepted:\n{out}");
    let mut t2 = own.clone();
    t2["issuer"]["name"] = json!("Ada Learner");
    let (ok, out) = run(&t2, dir.path(), &contexts, "tampered-label.json");
    assert!(!ok && out.contains("InvalidSignature"), "removed self-asserted label accepted:\n{out}");
    let mut t3 = vc.clone();
    t3["proof"]["proofValue"] = own["proof"]["proofValue"].clone();
    let (ok, _) = run(&t3, dir.path(), &contexts, "swapped-signature.json");
    assert!(!ok, "a signature of another credential was accepted");

    // The loader refuses contexts that are not bundled.
    let mut t4 = vc.clone();
    t4["@context"].as_array_mut().unwrap().push(json!("https://evil.example/context.json"));
    let (ok, out) = run(&t4, dir.path(), &contexts, "foreign-context.json");
    assert!(!ok && out.contains("not bundled"), "a foreign context was loaded:\n{out}");
}
