//! Hostile inputs through the real CLI binary, each under a memory limit
//! (address space 1.5 GB, `ulimit -v`) and a time limit: a one-sentence
//! refusal, exit status 1 (never a signal), and the store unchanged
//! (`export-json` and the media folder identical, `check` passing). Every
//! input is generated here. Peak memory and time are printed, not asserted.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The address-space limit every run gets, in KiB (1.5 GB).
const MEMORY_KIB: u64 = 1_500_000;
/// The time every run gets.
const TIME_LIMIT: Duration = Duration::from_secs(60);

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// The resident high-water mark of process `pid`, in KiB (0 once it is gone).
fn hwm_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Runs the CLI on `data` under the memory and time limits, printing its
/// peak memory (sampled every 5 ms) and time as `label`.
fn limited(label: &str, data: &Path, args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = (dir.path().join("out"), dir.path().join("err"));
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$@\""))
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_learner-portfolio-cli"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("LEARNER_PORTFOLIO_DATA_DIR")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut peak = 0;
    let status = loop {
        peak = peak.max(hwm_kib(child.id()));
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            child.kill().unwrap();
            panic!("{label}: still running after {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    println!("{label}: exit {:?} in {:.2?}, peak {} MB", status.code(), started.elapsed(), peak / 1024);
    Run {
        code: status.code(),
        stdout: std::fs::read_to_string(&out).unwrap(),
        stderr: std::fs::read_to_string(&err).unwrap(),
    }
}

/// A refusal: exit status 1 (not a signal) and one line of one sentence on
/// standard error that mentions `says`.
fn assert_refused(run: &Run, says: &str) -> String {
    assert_eq!(run.code, Some(1), "exit status 1, not a signal: {} {}", run.stdout, run.stderr);
    let line = run.stderr.trim();
    assert!(!line.contains('\n'), "one line: {line}");
    let message = line.strip_prefix("error: ").unwrap_or_else(|| panic!("{line}"));
    assert!(!message.ends_with("..") && !message.contains(".. "), "{message}");
    assert!(message.contains(says), "{message:?} should mention {says:?}");
    message.to_string()
}

/// A data folder with one learner, one experience and one photo.
struct Portfolio {
    _dir: tempfile::TempDir,
    data: PathBuf,
    learner: String,
    experience: String,
}

fn cli_json(data: &Path, args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_learner-portfolio-cli"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .arg("--json")
        .env_remove("LEARNER_PORTFOLIO_DATA_DIR")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

impl Portfolio {
    fn new() -> Portfolio {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let file = |name: &str, text: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            p.to_str().unwrap().to_string()
        };
        let learner = file("learner.json", r#"{"name": "Nguyễn Thị Lan"}"#);
        let learner =
            cli_json(&data, &["add", "learner", "--json-file", &learner])[0]["id"].as_str().unwrap().to_string();
        let exp = file("exp.json", r#"{"title": "Feria de ciencias 🔬", "start_date": "2026-03-01"}"#);
        let added = cli_json(&data, &["add", "experiences", "--learner", &learner, "--json-file", &exp]);
        let experience = added[0]["meta"]["id"].as_str().unwrap().to_string();
        let photo = dir.path().join("feria.png");
        std::fs::write(&photo, portfolio_media::hostile::png_rgba16_zeros(64)).unwrap();
        let to = format!("experience:{experience}");
        cli_json(&data, &["media", "import", "--learner", &learner, "--to", &to, photo.to_str().unwrap()]);
        Portfolio { _dir: dir, data, learner, experience }
    }

    /// What must not change: the learner's export and the media folder's files.
    fn snapshot(&self) -> (serde_json::Value, Vec<(PathBuf, u64)>) {
        let mut export = cli_json(&self.data, &["export-json", "--learner", &self.learner]);
        export.as_object_mut().unwrap().remove("exported");
        (export, files(&self.data.join("media")))
    }

    /// Runs a hostile command and checks the refusal and that nothing changed.
    fn refuses(&self, label: &str, args: &[&str], says: &str) -> String {
        let before = self.snapshot();
        let run = limited(label, &self.data, args);
        let message = assert_refused(&run, says);
        assert_eq!(self.snapshot(), before, "{label}: the store changed");
        let check = cli_json(&self.data, &["check"]);
        assert_eq!(check["problems"], serde_json::json!([]), "{label}: {check}");
        message
    }
}

/// Every file under `dir` (relative) with its size, sorted; `viewing/` copies excluded.
fn files(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.strip_prefix(dir).unwrap().to_path_buf(), e.metadata().unwrap().len()));
            }
        }
    }
    out.retain(|(p, _)| !p.starts_with("viewing") && p != Path::new(portfolio_media::MARKS_FILE));
    out.sort();
    out
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn case_2_hostile_pictures_are_refused_within_the_budget() {
    let p = Portfolio::new();
    let tmp = tempfile::tempdir().unwrap();
    let to = format!("experience:{}", p.experience);
    let png = write(tmp.path(), "huge-16bit.png", &portfolio_media::hostile::png_rgba16_zeros(16_384));
    let jpeg = write(tmp.path(), "claims-16000.jpg", &portfolio_media::hostile::jpeg_header_claiming(16_000, 16_000));
    for (label, file, says) in [
        ("16384² RGBA16 PNG (13 MB)", &png, "“huge-16bit.png” is a 16384 × 16384 picture that would need about"),
        ("631-byte JPEG claiming 16000²", &jpeg, "“claims-16000.jpg” is a 16000 × 16000 picture"),
    ] {
        let before = p.snapshot();
        let run = limited(label, &p.data, &["media", "import", "--learner", &p.learner, "--to", &to, file]);
        assert_refused(&run, "1 of 1 files were refused.");
        assert!(run.stdout.contains(says), "{}", run.stdout);
        assert_eq!(p.snapshot(), before);
    }
}

#[test]
fn case_3_a_framework_of_110000_standards_is_refused_at_once() {
    let p = Portfolio::new();
    let tmp = tempfile::tempdir().unwrap();
    let mut matrix = br#"{"framework":{"name":"Hostile","standards":[{"shortname":"x"}"#.to_vec();
    for _ in 1..110_000 {
        matrix.extend_from_slice(br#",{"shortname":"x"}"#);
    }
    matrix.extend_from_slice(b"]}}");
    assert!(matrix.len() < 2 * 1024 * 1024);
    let file = write(tmp.path(), "hostile.matrix", &matrix);
    let before = cli_json(&p.data, &["frameworks"]);
    p.refuses("framework import: 110,000 standards", &["framework", "import", &file], "110000 learning goals");
    assert_eq!(cli_json(&p.data, &["frameworks"]), before);
}

#[test]
fn case_6_an_unreferenced_256_mib_media_entry_is_refused_unread() {
    let p = Portfolio::new();
    let tmp = tempfile::tempdir().unwrap();
    let exported = tmp.path().join("lan.lportfolio");
    let run = limited("export", &p.data, &["export", "--learner", &p.learner, "--out", exported.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // The export's entries, unzipped to a folder and read back in the manifest's order.
    let unzipped = tmp.path().join("unzipped");
    ZipArchive::new(std::fs::File::open(&exported).unwrap()).unwrap().extract(&unzipped).unwrap();
    let read = |name: &str| std::fs::read(unzipped.join(name)).unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&read("manifest.json")).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = vec![("manifest.json".into(), read("manifest.json"))];
    for e in listed["entries"].as_array().unwrap() {
        let name = e["path"].as_str().unwrap();
        entries.push((name.to_string(), read(name)));
    }
    let size: u64 = 256 << 20;
    let names: Vec<String> = (0..3u8).map(|i| format!("media/{}", "a".repeat(63) + &i.to_string())).collect();
    let manifest = entries.iter_mut().find(|(n, _)| n == "manifest.json").unwrap();
    let mut m: serde_json::Value = serde_json::from_slice(&manifest.1).unwrap();
    for n in &names {
        m["entries"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"path": n, "size": size, "sha256": "0".repeat(64)}));
    }
    manifest.1 = serde_json::to_vec(&m).unwrap();
    let hostile = tmp.path().join("hostile.lportfolio");
    let mut zip = ZipWriter::new(std::fs::File::create(&hostile).unwrap());
    for (n, b) in entries {
        zip.start_file(n, SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)).unwrap();
        zip.write_all(&b).unwrap();
    }
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).large_file(true);
    let chunk = vec![0x5au8; 1 << 20];
    for n in &names {
        zip.start_file(n.as_str(), stored).unwrap();
        for _ in 0..size >> 20 {
            zip.write_all(&chunk).unwrap();
        }
    }
    zip.finish().unwrap();
    let message = p.refuses(
        "import --merge: 3 × 256 MiB unreferenced media entries",
        &["import", hostile.to_str().unwrap(), "--merge"],
        &format!("“{}”", names[0]),
    );
    assert!(!message.contains("unlisted"), "{message}");
}

#[test]
fn case_7_no_command_reads_dev_zero_whole() {
    let p = Portfolio::new();
    let zero = "/dev/zero";
    for (label, args) in [
        ("import /dev/zero", vec!["import", zero]),
        ("import-leap2a /dev/zero", vec!["import-leap2a", zero]),
        ("badge verify /dev/zero", vec!["badge", "verify", zero]),
        ("framework import /dev/zero", vec!["framework", "import", zero]),
        ("add --json-file /dev/zero", vec!["add", "experiences", "--learner", &p.learner, "--json-file", zero]),
    ] {
        let message = p.refuses(label, &args, "");
        println!("  {message}");
    }
}

#[test]
fn case_8_control_characters_are_refused_in_fields_and_file_names() {
    let p = Portfolio::new();
    let tmp = tempfile::tempdir().unwrap();
    for (label, json, says) in [
        ("title with ESC", r#"{"title": "Robot\u001b[31m club", "start_date": "2026-03-02"}"#, "U+001B"),
        ("title with NUL", r#"{"title": "nul\u0000byte", "start_date": "2026-03-02"}"#, "U+0000"),
        ("title with CR LF", r#"{"title": "two\r\nlines", "start_date": "2026-03-02"}"#, "single line"),
        (
            "description with ESC",
            r#"{"title": "ok", "description": "a\u001b[2J", "start_date": "2026-03-02"}"#,
            "U+001B",
        ),
    ] {
        let f = write(tmp.path(), "exp.json", json.as_bytes());
        p.refuses(label, &["add", "experiences", "--learner", &p.learner, "--json-file", &f], says);
    }
    // A file name with an escape code: refused as evidence.
    let name = write(tmp.path(), "notes\u{1b}[31m.txt", "ghi chú".as_bytes());
    let to = format!("experience:{}", p.experience);
    let before = p.snapshot();
    let run = limited(
        "evidence file name with ESC",
        &p.data,
        &["media", "import", "--learner", &p.learner, "--to", &to, &name],
    );
    assert_eq!(run.code, Some(1), "{} {}", run.stdout, run.stderr);
    assert!(!run.stdout.contains('\u{1b}') && !run.stderr.contains('\u{1b}'), "escape printed raw");
    assert_eq!(p.snapshot().0, before.0, "no record changed");
}

#[test]
fn case_9_leftovers_of_a_killed_import_go_with_media_gc() {
    let p = Portfolio::new();
    let shard = p.data.join("media").join("originals").join("ab");
    std::fs::create_dir_all(&shard).unwrap();
    let leftover = shard.join(".tmp-killed-import");
    std::fs::write(&leftover, vec![0u8; 8 << 20]).unwrap();
    let run = limited("media gc with an 8 MB leftover", &p.data, &["media", "gc"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!leftover.exists(), "the leftover is removed");
    assert_eq!(cli_json(&p.data, &["check"])["problems"], serde_json::json!([]));
}

/// The `.tmp-*` files in the shards of `media/originals`.
fn leftovers(data: &Path) -> Vec<PathBuf> {
    files(&data.join("media").join("originals"))
        .into_iter()
        .filter(|(p, _)| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(".tmp-")))
        .map(|(p, _)| data.join("media").join("originals").join(p))
        .collect()
}

#[test]
fn case_9_an_import_killed_while_writing_leaves_nothing_after_media_gc() {
    let p = Portfolio::new();
    let tmp = tempfile::tempdir().unwrap();
    let big = write(tmp.path(), "recording.bin", &vec![0x42u8; 150 << 20]);
    let to = format!("experience:{}", p.experience);
    let mut child = Command::new(env!("CARGO_BIN_EXE_learner-portfolio-cli"))
        .arg("--data-dir")
        .arg(&p.data)
        .args(["media", "import", "--learner", &p.learner, "--to", &to, &big])
        .env_remove("LEARNER_PORTFOLIO_DATA_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    // SIGKILL as soon as the original's temporary file appears.
    let killed = loop {
        if !leftovers(&p.data).is_empty() {
            child.kill().unwrap();
            child.wait().unwrap();
            break true;
        }
        if child.try_wait().unwrap().is_some() || started.elapsed() > TIME_LIMIT {
            break false;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    if !killed {
        println!("the import finished before it could be killed midway; nothing to sweep");
        return;
    }
    let left = leftovers(&p.data);
    println!("killed after {:.2?}, leaving {left:?}", started.elapsed());
    assert_eq!(left.len(), 1);
    let run = limited("media gc after a SIGKILL", &p.data, &["media", "gc"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(leftovers(&p.data).is_empty(), "the partial original is removed");
    assert_eq!(cli_json(&p.data, &["check"])["problems"], serde_json::json!([]));
}

#[test]
fn also_links_to_another_learners_records_are_refused_in_add() {
    let p = Portfolio::new();
    let tmp = tempfile::tempdir().unwrap();
    let other = write(tmp.path(), "other.json", r#"{"name": "ليلى حداد"}"#.as_bytes());
    let other = cli_json(&p.data, &["add", "learner", "--json-file", &other])[0]["id"].as_str().unwrap().to_string();
    let reflection = format!(
        r#"{{"title": "ما تعلمته", "date": "2026-03-03", "body": "…", "experience_ids": ["{}"]}}"#,
        p.experience
    );
    let f = write(tmp.path(), "reflection.json", reflection.as_bytes());
    p.refuses(
        "reflection linking another learner's experience",
        &["add", "reflections", "--learner", &other, "--json-file", &f],
        "That experience belongs to another learner, so it cannot be linked here.",
    );
}
