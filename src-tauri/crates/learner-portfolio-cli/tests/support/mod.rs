//! What every CLI test binary needs: the real binary on a temporary data
//! folder, never the user's (`LEARNER_PORTFOLIO_DATA_DIR` removed), no stdin.
#![allow(dead_code)] // each test binary uses its own part

pub mod team;

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `learner-portfolio-cli --data-dir DATA ARGS...`.
pub fn cli(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_learner-portfolio-cli"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("LEARNER_PORTFOLIO_DATA_DIR")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Standard output of a run that must succeed.
pub fn ok(data: &Path, args: &[&str]) -> String {
    let out = cli(data, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Standard output, as JSON, of a run that must succeed.
pub fn ok_json(data: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(data, args)).unwrap()
}
