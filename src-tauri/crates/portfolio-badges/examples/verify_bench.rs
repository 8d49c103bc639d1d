//! Verify the OB 3.0 `eddsa-rdfc-2022` fixture 1,000 times and print the
//! time per credential.
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
}
