//! Every fuzz target over its seeds, the regression inputs in
//! `tests/regressions/` (`<target>-<what>.bin`, one file each crash AFL++ found)
//! and deterministic mutations of each, on stable Rust in CI. Each target gets
//! at most `ROUNDS` mutations and a share of a time budget of about 15 s (set
//! `FUZZ_SMOKE_SECONDS` to change it); seeds and regressions always run. A
//! panicking input is written to a temporary file named in the failure.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use portfolio_fuzz::mutate::{mutate, Rng};

/// Most mutations per target.
const ROUNDS: usize = 5000;

fn budget() -> Duration {
    let secs = std::env::var("FUZZ_SMOKE_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(15.0);
    Duration::from_secs_f64(secs)
}

fn regressions() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "bin")).collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Runs `target` on `data`; on a panic, keeps the input and fails naming it.
fn run(name: &str, target: portfolio_fuzz::Target, data: &[u8], what: &str) -> Duration {
    let started = Instant::now();
    if std::panic::catch_unwind(|| target(data)).is_err() {
        let path = std::env::temp_dir().join(format!("fuzz-smoke-{name}-{}.bin", std::process::id()));
        std::fs::write(&path, data).unwrap();
        panic!("target {name} panicked on {what} ({} bytes), kept in {}", data.len(), path.display());
    }
    started.elapsed()
}

#[test]
fn every_target_survives_its_seeds_regressions_and_mutations() {
    let all = portfolio_fuzz::seeds::all();
    let regressions = regressions();
    let share = budget() / portfolio_fuzz::TARGETS.len() as u32;
    let mut lines = Vec::new();
    for (index, (name, target)) in portfolio_fuzz::TARGETS.iter().enumerate() {
        let started = Instant::now();
        let seeds = &all[name];
        let mut slowest = Duration::ZERO;
        for (seed, bytes) in seeds {
            slowest = slowest.max(run(name, *target, bytes, &format!("seed {seed}")));
        }
        let prefix = format!("{name}-");
        let mine: Vec<&PathBuf> = regressions
            .iter()
            .filter(|p| p.file_name().and_then(|f| f.to_str()).is_some_and(|f| f.starts_with(&prefix)))
            .collect();
        for p in &mine {
            let bytes = std::fs::read(p).unwrap();
            slowest = slowest.max(run(name, *target, &bytes, &p.display().to_string()));
        }
        // Only the small seeds are mutated: a mutation of a large one spends the
        // budget on reading the unchanged rest.
        let small: Vec<&Vec<u8>> = seeds.iter().map(|(_, b)| b).filter(|b| b.len() <= 64 << 10).collect();
        let pool: Vec<&Vec<u8>> = if small.is_empty() { seeds.iter().map(|(_, b)| b).collect() } else { small };
        let mut rng = Rng::new(index as u64 + 1);
        let mut rounds = 0;
        while rounds < ROUNDS && started.elapsed() < share {
            let base = pool[rng.below(pool.len())];
            let other = pool[rng.below(pool.len())];
            let input = mutate(base, other, &mut rng);
            slowest = slowest.max(run(name, *target, &input, &format!("mutation {rounds}")));
            rounds += 1;
        }
        lines.push(format!(
            "{name:16} {:3} seeds, {:2} regressions, {rounds:4} mutations in {:6.2?} (slowest input {slowest:.2?})",
            seeds.len(),
            mine.len(),
            started.elapsed()
        ));
        assert!(rounds > 0 || started.elapsed() >= share, "{name}: no mutation ran");
    }
    println!("{}", lines.join("\n"));
}

#[test]
fn regression_files_name_a_target() {
    for p in regressions() {
        let f = p.file_name().unwrap().to_string_lossy().into_owned();
        let known =
            portfolio_fuzz::TARGETS.iter().any(|(n, _)| f.strip_prefix(n).is_some_and(|rest| rest.starts_with('-')));
        assert!(known, "{f}: a regression file is named <target>-<what>.bin");
    }
}
