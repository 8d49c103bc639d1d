//! Verify the OB 3.0 `eddsa-rdfc-2022` fixture 1,000 times and print the
//! time per credential; then issue (build, canonicalize, sign) 1,000 OB 3.0
//! credentials, and time one passphrase export/import of an issuer key
//! (Argon2id, default parameters). Also verifies one VCDM 1.1 OB 3.0
//! credential signed with `Ed25519Signature2020`, next to the same
//! credential signed with `eddsa-rdfc-2022`, 1,000 times each. Last, the
//! same OB 3.0 credential with 0, 1 and 3 signed endorsements on its
//! achievement (each endorsement verified too), with the ratio to none.
//! And a learner's Verifiable Presentation of the fixture (holder proof +
//! the credential's), with the ratio to the credential alone.
//!
//! ```text
//! cargo run --release -p portfolio-badges --example verify_bench
//! ```

use std::path::PathBuf;
use std::time::Instant;

use portfolio_badges::{examine, verify, Status, VerifyOptions};

fn main() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Some(root) = manifest.ancestors().find(|p| p.join("src-tauri").is_dir() && p.join("Cargo.toml").is_file())
    else {
        eprintln!("repository root not found");
        return;
    };
    let path = root.join("../shared/fixtures/openbadges/ob30_simple.json");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("SKIPPED: fixture not found at {}", path.display());
        return;
    };
    let opts = VerifyOptions::new(chrono::Utc::now());
    const N: u32 = 1_000;

    // First call: parses and processes the bundled contexts (cold).
    let t = Instant::now();
    let ex = examine(&bytes);
    let v = verify(&ex, &opts);
    let cold = t.elapsed();
    assert_eq!(v.status, Status::Verified, "{v:?}");

    let t = Instant::now();
    for _ in 0..N {
        let v = verify(&ex, &opts);
        assert_eq!(v.status, Status::Verified);
    }
    let verify_only = t.elapsed() / N;

    let t = Instant::now();
    for _ in 0..N {
        let ex = examine(&bytes);
        let v = verify(&ex, &opts);
        assert_eq!(v.status, Status::Verified);
    }
    let full = t.elapsed() / N;

    println!("ob30_simple.json (eddsa-rdfc-2022), {N} runs");
    println!("  first verification (cold, contexts processed): {:>8.3} ms", cold.as_secs_f64() * 1e3);
    println!("  verify per credential:                         {:>8.3} ms", verify_only.as_secs_f64() * 1e3);
    println!("  examine + verify per credential:               {:>8.3} ms", full.as_secs_f64() * 1e3);
    bench_issue(N);
    bench_suites(N);
    bench_endorsed(N / 4);
    bench_presentation(&ex, verify_only, N / 4);
}

fn bench_presentation(ex: &portfolio_badges::Examination, alone: std::time::Duration, n: u32) {
    use portfolio_badges::{present, verify_presentation, IssuerKey};
    let holder = IssuerKey::from_secret_bytes(&[9; 32]);
    let now = chrono::Utc::now();
    let t = Instant::now();
    let vp = present(&holder, ex.credential.as_ref().expect("credential"), now).expect("present");
    let make = t.elapsed();
    let opts = VerifyOptions::new(now);
    assert_eq!(verify_presentation(&vp, &opts).status, Status::Verified);
    let t = Instant::now();
    for _ in 0..n {
        assert_eq!(verify_presentation(&vp, &opts).status, Status::Verified);
    }
    let per = t.elapsed() / n;
    println!("Verifiable Presentation of ob30_simple.json by a learner's did:key, {n} runs");
    println!("  present (canonicalize + sign), once:           {:>8.3} ms", make.as_secs_f64() * 1e3);
    println!(
        "  verify_presentation:                           {:>8.3} ms  ({:.1}x the credential alone)",
        per.as_secs_f64() * 1e3,
        per.as_secs_f64() / alone.as_secs_f64()
    );
}

/// Verify one credential `n` times (examined once); the time per run.
fn per_verify(vc: &serde_json::Value, n: u32) -> std::time::Duration {
    let ex = examine(vc.to_string().as_bytes());
    let opts = VerifyOptions::new(chrono::Utc::now());
    assert_eq!(verify(&ex, &opts).status, Status::Verified, "{:?}", verify(&ex, &opts));
    let t = Instant::now();
    for _ in 0..n {
        assert_eq!(verify(&ex, &opts).status, Status::Verified);
    }
    t.elapsed() / n
}

fn bench_suites(n: u32) {
    use portfolio_badges::{dataintegrity, issue, IssuerKey};
    use serde_json::json;
    let key = IssuerKey::from_secret_bytes(&[5; 32]);
    let vc = |suite_ctx: &str| {
        json!({
            "@context": ["https://www.w3.org/2018/credentials/v1",
                         "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json", suite_ctx],
            "id": "urn:uuid:0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": key.did_key(), "type": ["Profile"], "name": "Bench University"},
            "issuanceDate": "2025-03-01T00:00:00Z",
            "name": "Bench",
            "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
                "id": "urn:uuid:1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "type": ["Achievement"],
                "name": "Bench", "description": "Verifies fast.", "criteria": {"narrative": "Run it."}}}
        })
    };
    let mut ed2020 = vc("https://w3id.org/security/suites/ed25519-2020/v1");
    let mut proof = json!({"type": "Ed25519Signature2020", "created": "2025-03-01T00:00:00Z",
        "verificationMethod": key.verification_method(), "proofPurpose": "assertionMethod"});
    let hashes = dataintegrity::proof_hashes(&ed2020, &proof).expect("canonicalize");
    proof["proofValue"] = json!(format!("z{}", bs58::encode(key.sign(&hashes.hash_data)).into_string()));
    ed2020["proof"] = proof;
    let rdfc = issue::sign(&key, vc("https://w3id.org/security/data-integrity/v1"), chrono::Utc::now()).expect("sign");
    println!("VCDM 1.1 OB 3.0 credential, verify per credential, {n} runs");
    println!("  Ed25519Signature2020:                          {:>8.3} ms", per_verify(&ed2020, n).as_secs_f64() * 1e3);
    println!("  eddsa-rdfc-2022:                               {:>8.3} ms", per_verify(&rdfc, n).as_secs_f64() * 1e3);
}

fn bench_issue(n: u32) {
    use portfolio_badges::issue::Recipient;
    use portfolio_badges::{export_key, import_key, issue_achievement, AchievementInput, IssuerKey, IssuerProfile};
    let key = IssuerKey::generate();
    let issuer = IssuerProfile::new(&key, "Ms Advisor");
    let input = AchievementInput {
        name: "Robotics Level 1".into(),
        description: "Built and programmed a line-following robot.".into(),
        criteria_narrative: "Demonstrate a robot that follows a line for 2 m.".into(),
        image: None,
        achievement_type: Some("Badge".into()),
    };
    let who = Recipient { name: Some("Ada Learner".into()), email: Some("ada@example.org".into()) };
    let now = chrono::Utc::now();
    let opts = VerifyOptions::new(now);
    let t = Instant::now();
    let mut last = None;
    for _ in 0..n {
        last = Some(issue_achievement(&key, &issuer, &input, &who, now, None).expect("issue"));
    }
    let per = t.elapsed() / n;
    let vc = last.expect("issued");
    assert_eq!(verify(&examine(vc.to_string().as_bytes()), &opts).status, Status::Verified);
    println!("issue_achievement (build + RDFC-1.0 + Ed25519), {n} runs");
    println!("  issue per credential:                          {:>8.3} ms", per.as_secs_f64() * 1e3);

    let t = Instant::now();
    let backup = export_key(&key, "a passphrase for the bench").expect("export");
    let export = t.elapsed();
    let t = Instant::now();
    let back = import_key(&backup, "a passphrase for the bench").expect("import");
    let import = t.elapsed();
    assert_eq!(back.did_key(), key.did_key());
    println!("issuer key backup (Argon2id 64 MiB, t=3, p=1 + XChaCha20-Poly1305)");
    println!("  export_key:                                    {:>8.3} ms", export.as_secs_f64() * 1e3);
    println!("  import_key:                                    {:>8.3} ms", import.as_secs_f64() * 1e3);
}

fn bench_endorsed(n: u32) {
    use portfolio_badges::{issue, IssuerKey};
    use serde_json::json;
    let key = IssuerKey::from_secret_bytes(&[6; 32]);
    let endorser = IssuerKey::from_secret_bytes(&[8; 32]);
    let ach = "urn:uuid:2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a";
    let ctx =
        json!(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]);
    // Distinct endorsements, as real ones are (identical copies make blank
    // nodes RDFC-1.0 must tell apart the slow way; the call limit bounds that).
    let endorsement = |i: usize| {
        issue::sign(
            &endorser,
            json!({"@context": ctx, "id": format!("urn:uuid:3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7{i}"),
                "type": ["VerifiableCredential", "EndorsementCredential"], "name": format!("Endorsement {i}"),
                "issuer": {"id": endorser.did_key(), "type": ["Profile"], "name": format!("Bench Association {i}")},
                "validFrom": "2025-01-01T00:00:00Z",
                "credentialSubject": {"id": ach, "type": ["EndorsementSubject"], "endorsementComment": format!("Good {i}.")}}),
            chrono::Utc::now(),
        )
        .expect("sign")
    };
    let with = |count: usize| {
        let mut achievement = json!({"id": ach, "type": ["Achievement"], "name": "Bench", "description": "d",
            "criteria": {"narrative": "c"}});
        if count > 0 {
            achievement["endorsement"] = if count > 100 {
                // Hostile: the same endorsement copied over and over.
                json!(vec![endorsement(0); count - 100])
            } else {
                json!((0..count).map(endorsement).collect::<Vec<_>>())
            };
        }
        let vc = json!({"@context": ctx, "id": "urn:uuid:4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": key.did_key(), "type": ["Profile"], "name": "Bench University"},
            "validFrom": "2025-03-01T00:00:00Z", "name": "Bench",
            "credentialSubject": {"type": ["AchievementSubject"], "achievement": achievement}});
        vc
    };
    let signed = |count: usize| issue::sign(&key, with(count), chrono::Utc::now()).expect("sign");
    let none = per_verify(&signed(0), n).as_secs_f64() * 1e3;
    println!("OB 3.0 credential with endorsements on its achievement (each verified), {n} runs");
    println!("  no endorsement:                                {none:>8.3} ms");
    for count in [1, 3, 8] {
        let t = per_verify(&signed(count), n).as_secs_f64() * 1e3;
        println!("  {count} endorsement(s):                            {t:>8.3} ms  ({:.1}x no endorsement)", t / none);
    }
    // 64 (the most read) copies of one endorsement: identical blank nodes
    // for RDFC-1.0, its time bounded by the call limit (jsonld::canonicalize).
    // Such a credential cannot be signed (the limit stops that too), so it
    // carries another credential's proof: verification must stop at the limit.
    let mut hostile = with(164);
    hostile["proof"] = signed(0)["proof"].clone();
    let ex = examine(hostile.to_string().as_bytes());
    let t = Instant::now();
    let v = verify(&ex, &VerifyOptions::new(chrono::Utc::now()));
    println!(
        "  64 copies of one endorsement (hostile), once:  {:>8.3} ms  ({:?})",
        t.elapsed().as_secs_f64() * 1e3,
        v.status
    );
}
