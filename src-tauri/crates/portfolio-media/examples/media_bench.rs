//! Import benchmark: ours (one process, N workers) against ImageMagick making
//! the same three sizes.
//!
//! ```text
//! cargo run --release -p portfolio-media --example media_bench -- --count 12
//! ```
//!
//! Generates `--count` (default 60) deterministic 4032×3024 JPEGs (a noisy
//! gradient, ~3.7 MB each), imports them into a fresh `MediaStore` with
//! `--workers` (default 2) threads, then runs `convert IN -auto-orient -strip
//! -resize SxS> OUT.jpg` for 2400, 1600 and 320, two files at a time.
//!
//! ImageMagick is `--convert PATH`, else `/usr/bin/convert` (the real one:
//! a `convert` earlier on PATH may be a wrapper script that would add its
//! own start-up time to every call), else `convert` from PATH; its version
//! line is printed so the figures say what was measured.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use portfolio_media::{ImportOptions, MediaStore, Outcome};

const W: u32 = 4032;
const H: u32 = 3024;

fn main() {
    let mut count = 60usize;
    let mut workers = 2usize;
    let mut magick =
        if Path::new("/usr/bin/convert").exists() { "/usr/bin/convert".to_string() } else { "convert".into() };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--count" => count = args.next().and_then(|v| v.parse().ok()).expect("--count N"),
            "--workers" => workers = args.next().and_then(|v| v.parse().ok()).expect("--workers N"),
            "--convert" => magick = args.next().expect("--convert PATH"),
            other => panic!("unknown argument {other} (use --count N, --workers N, --convert PATH)"),
        }
    }
    let version = Command::new(&magick).arg("-version").output().map(|o| o.stdout).unwrap_or_default();
    let version = String::from_utf8_lossy(&version).lines().next().unwrap_or("unknown version").to_string();
    println!("ImageMagick: {magick} ({version})");
    let tmp = tempfile::tempdir().expect("temp dir");
    let inputs = tmp.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();

    let started = Instant::now();
    let paths = generate(&inputs, count);
    let bytes: u64 = paths.iter().map(|p| std::fs::metadata(p).unwrap().len()).sum();
    println!(
        "generated {count} JPEGs {W}x{H}, {:.2} MB each on average, in {:.1?}",
        bytes as f64 / count as f64 / 1e6,
        started.elapsed()
    );

    // Ours: fresh store; the peak is measured from here (VmHWM reset).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let store = MediaStore::open(tmp.path().join("media")).unwrap();
    let per_file = Mutex::new(Vec::new());
    let started = Instant::now();
    let outcomes =
        store.import_many(&paths, &ImportOptions::default(), workers, |p| per_file.lock().unwrap().push(p.elapsed));
    let ours_wall = started.elapsed();
    let ours_peak_kb = vm_hwm_kb();
    let refused: Vec<_> = outcomes.iter().filter(|o| matches!(o, Outcome::Refused { .. })).collect();
    assert!(refused.is_empty(), "refused: {refused:?}");
    let ours_median = median(per_file.into_inner().unwrap());

    // ImageMagick: the same three sizes, two files at a time.
    let time_v = Path::new("/usr/bin/time").exists();
    let out = tmp.path().join("magick");
    std::fs::create_dir_all(&out).unwrap();
    let next = AtomicUsize::new(0);
    let im_times = Mutex::new(Vec::new());
    let im_peak_kb = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = paths.get(i) else { break };
                let t = Instant::now();
                for (size, stem) in [(2400, "print"), (1600, "screen"), (320, "thumb")] {
                    let dest = out.join(format!("{i}-{stem}.jpg"));
                    let kb = convert(&magick, input, size, &dest, time_v);
                    im_peak_kb.fetch_max(kb, Ordering::Relaxed);
                }
                im_times.lock().unwrap().push(t.elapsed());
            });
        }
    });
    let im_wall = started.elapsed();
    let im_median = median(im_times.into_inner().unwrap());
    let im_peak = im_peak_kb.into_inner();

    println!(
        "ours        ({workers} workers): median {:>7.1} ms/image, total {:>6.2} s, peak {} MB (VmHWM)",
        ms(ours_median),
        ours_wall.as_secs_f64(),
        ours_peak_kb / 1024
    );
    let im_peak_text = if time_v { format!("{} MB (max RSS of one convert)", im_peak / 1024) } else { "n/a".into() };
    println!(
        "ImageMagick (2 at a time): median {:>7.1} ms/image, total {:>6.2} s, peak {im_peak_text}",
        ms(im_median),
        im_wall.as_secs_f64()
    );
    println!(
        "speed-up: {:.1}x total wall time, {:.1}x per-image median (target >= 4x, < 400 MB)",
        im_wall.as_secs_f64() / ours_wall.as_secs_f64(),
        ms(im_median) / ms(ours_median)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn vm_hwm_kb() -> usize {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Run one convert; its max RSS in KB when /usr/bin/time is there.
fn convert(magick: &str, input: &Path, size: u32, dest: &Path, time_v: bool) -> usize {
    let geometry = format!("{size}x{size}>");
    let mut cmd = if time_v {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M", magick]);
        c
    } else {
        Command::new(magick)
    };
    cmd.arg(input).args(["-auto-orient", "-strip", "-resize", &geometry]).arg(dest);
    let output = cmd.output().expect("run convert");
    assert!(output.status.success(), "convert failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stderr).lines().last().and_then(|l| l.trim().parse().ok()).unwrap_or(0)
}

/// Deterministic noisy gradients, made on two threads.
fn generate(dir: &Path, count: usize) -> Vec<PathBuf> {
    let paths: Vec<PathBuf> = (0..count).map(|i| dir.join(format!("IMG_{i:04}.jpg"))).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = paths.get(i) else { break };
                let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ (i as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03);
                let mut noise = move || {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state
                };
                let img = image::RgbImage::from_fn(W, H, |x, y| {
                    let n = noise();
                    let jitter = |k: u32| ((n >> (k * 8)) & 0x1F) as i32 - 16;
                    let base = [(x * 255 / W) as i32, (y * 255 / H) as i32, ((x + y + i as u32 * 97) % 256) as i32];
                    image::Rgb([0, 1, 2].map(|c| (base[c] + jitter(c as u32)).clamp(0, 255) as u8))
                });
                let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
                image::codecs::jpeg::JpegEncoder::new_with_quality(file, 82).encode_image(&img).unwrap();
            });
        }
    });
    paths
}
