//! `lp-stress`: proves that every save the store acknowledged survives a crash.
//!
//! ```text
//! lp-stress writer --data-dir DIR --log FILE [--seed S] [--record-chars N] [--max-ops N]
//! lp-stress run --kills N [--seed S] [--data-dir DIR] [--min-ms A] [--max-ms B]
//! ```
//!
//! `writer` saves records through the same `Store` API the app's commands use
//! (create, update, delete, restore of experiences, reflections, goals and
//! badges) and fsyncs an `ack` line after each save returns (see
//! `portfolio_durability::ack`). On a storage error it prints the store's
//! message and exits with status 2.
//!
//! `run` starts the writer, kills it with SIGKILL after a random 20–400 ms,
//! reopens the store and checks it against the log; one line per kill, then
//! `kills: N, acknowledged saves: M, lost: L, index problems: P`. Exits 1 on
//! any loss, index problem or failure to open.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use portfolio_domain::{AnyRecord, AuthorRole, Id, RecordKind};
use portfolio_durability::ack::{self, AckLog, Model};
use portfolio_durability::data;
use portfolio_store::Store;

fn usage() -> ExitCode {
    eprintln!(
        "usage:\n  lp-stress writer --data-dir DIR --log FILE [--seed S] [--record-chars N] [--max-ops N]\n  \
         lp-stress run --kills N [--seed S] [--data-dir DIR] [--min-ms A] [--max-ms B]"
    );
    ExitCode::from(64)
}

struct Args(Vec<String>);

impl Args {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().position(|a| a == name).and_then(|i| self.0.get(i + 1)).map(String::as_str)
    }
    fn num(&self, name: &str) -> Result<Option<u64>, String> {
        self.get(name).map(|v| v.parse::<u64>().map_err(|_| format!("{name} wants a number, not {v:?}"))).transpose()
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = argv.first().cloned() else { return usage() };
    let args = Args(argv[1..].to_vec());
    let result = match cmd.as_str() {
        "writer" => writer(&args),
        "run" => run(&args),
        _ => return usage(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("lp-stress {cmd}: {e}");
            ExitCode::from(2)
        }
    }
}

// ----- writer -----

fn writer(args: &Args) -> Result<ExitCode, String> {
    let dir = args.get("--data-dir").ok_or("--data-dir is required")?;
    let log_path = args.get("--log").ok_or("--log is required")?;
    let seed = args.num("--seed")?.unwrap_or(1);
    let record_chars = args.num("--record-chars")?.map(|n| n as usize);
    let max_ops = args.num("--max-ops")?.unwrap_or(u64::MAX);
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut log = AckLog::open(Path::new(log_path)).map_err(|e| format!("cannot open the log: {e}"))?;
    let mut note = |line: String| log.append(&line).map_err(|e| format!("cannot write the log: {e}"));

    let store = Store::open(dir).map_err(|e| e.to_string())?;
    let learner = match store.learners().map_err(|e| e.to_string())?.into_iter().next() {
        Some(l) => l.id,
        None => store.create_learner(data::learner_profile("Alex Stress")).map_err(|e| e.to_string())?.id,
    };
    let mut live: Vec<(RecordKind, Id)> = Vec::new();
    for kind in RecordKind::PORTFOLIO {
        for r in store.list(learner, kind, "").map_err(|e| e.to_string())? {
            live.push((kind, r.meta().id));
        }
    }
    let mut deleted: Vec<AnyRecord> = Vec::new();

    for _ in 0..max_ops {
        let pick = if live.len() < 5 || record_chars.is_some() { 0 } else { rng.u8(..10) };
        let result = match pick {
            6..=7 => {
                let (kind, id) = live[rng.usize(..live.len())];
                note(format!("begin update {} {id} -", kind.as_str()))?;
                store.update(id, data::of_kind(&mut rng, kind)).map(|r| ("update", r))
            }
            8 => {
                let i = rng.usize(..live.len());
                let (kind, id) = live[i];
                note(format!("begin delete {} {id} -", kind.as_str()))?;
                store.delete(kind, id).map(|r| {
                    live.swap_remove(i);
                    deleted.push(r.clone());
                    ("delete", r)
                })
            }
            9 if !deleted.is_empty() => {
                let r = deleted.swap_remove(rng.usize(..deleted.len()));
                note(format!("begin restore {} {} {}", r.kind().as_str(), r.meta().id, ack::record_hash(&r)))?;
                store.restore(&r).map(|r| {
                    live.push((r.kind(), r.meta().id));
                    ("restore", r)
                })
            }
            _ => {
                let d = match record_chars {
                    Some(n) => data::experience(&mut rng, n),
                    None => data::any_portfolio(&mut rng),
                };
                note(format!("begin create {} - -", d.kind().as_str()))?;
                store.create(learner, AuthorRole::Student, d).map(|r| {
                    live.push((r.kind(), r.meta().id));
                    ("create", r)
                })
            }
        };
        let (op, record) = result.map_err(|e| e.to_string())?;
        note(format!("ack {op} {} {} {}", record.kind().as_str(), record.meta().id, ack::record_hash(&record)))?;
    }
    Ok(ExitCode::SUCCESS)
}

// ----- run -----

fn kill9(pid: u32) {
    // SAFETY: plain kill(2) on our own child's pid (not yet reaped, so not reused).
    unsafe {
        libc::kill(pid as libc::pid_t, libc::SIGKILL);
    }
}

fn run(args: &Args) -> Result<ExitCode, String> {
    let kills = args.num("--kills")?.ok_or("--kills is required")?;
    let seed = args.num("--seed")?.unwrap_or(0x5EED);
    let min_ms = args.num("--min-ms")?.unwrap_or(20);
    let max_ms = args.num("--max-ms")?.unwrap_or(400).max(min_ms + 1);
    let mut rng = fastrand::Rng::with_seed(seed);
    let _tmp;
    let base: PathBuf = match args.get("--data-dir") {
        Some(d) => {
            std::fs::create_dir_all(d).map_err(|e| format!("cannot create {d}: {e}"))?;
            PathBuf::from(d)
        }
        None => {
            let t = tempfile::tempdir().map_err(|e| e.to_string())?;
            let p = t.path().to_path_buf();
            _tmp = t;
            p
        }
    };
    let store_dir = base.join("store");
    let log_path = base.join("acks.log");
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    println!("lp-stress run: {kills} kills, seed {seed}, store {}", store_dir.display());

    let (mut lost_total, mut problems_total, mut failed) = (0usize, 0usize, false);
    let mut acknowledged = 0usize;
    for i in 1..=kills {
        let child = Command::new(&exe)
            .args(["writer", "--data-dir"])
            .arg(&store_dir)
            .arg("--log")
            .arg(&log_path)
            .args(["--seed", &(seed ^ i.wrapping_mul(0x9E37_79B9)).to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start the writer: {e}"))?;
        let wait = rng.u64(min_ms..max_ms);
        std::thread::sleep(Duration::from_millis(wait));
        kill9(child.id());
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        if out.status.code().is_some() {
            println!(
                "kill {i}/{kills}: the writer stopped by itself ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            );
            failed = true;
        }

        let t = Instant::now();
        let store = match Store::open(&store_dir) {
            Ok(s) => s,
            Err(e) => {
                println!("kill {i}/{kills}: after {wait} ms: the store does not open: {e}");
                failed = true;
                break;
            }
        };
        let open_ms = t.elapsed().as_secs_f64() * 1e3;
        let model = Model::load(&log_path).map_err(|e| format!("cannot read the log: {e}"))?;
        let outcome = ack::check(&store, &model).map_err(|e| format!("check failed: {e}"))?;
        drop(store);
        let mut log = AckLog::open(&log_path).map_err(|e| e.to_string())?;
        for line in &outcome.resolutions {
            log.append(line).map_err(|e| e.to_string())?;
        }
        println!(
            "kill {i}/{kills}: after {wait:>3} ms; reopened in {open_ms:.1} ms; acknowledged {} (+{}); checked {}; lost {}; index problems {}",
            outcome.acknowledged,
            outcome.acknowledged - acknowledged,
            outcome.checked,
            outcome.lost.len(),
            outcome.index_problems.len()
        );
        for p in outcome.lost.iter().chain(&outcome.index_problems) {
            println!("    {p}");
        }
        acknowledged = outcome.acknowledged;
        lost_total += outcome.lost.len();
        problems_total += outcome.index_problems.len();
    }
    println!(
        "kills: {kills}, acknowledged saves: {acknowledged}, lost: {lost_total}, index problems: {problems_total}"
    );
    Ok(if failed || lost_total > 0 || problems_total > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
