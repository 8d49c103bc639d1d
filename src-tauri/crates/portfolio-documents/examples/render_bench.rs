//! Exhibition-packet benchmark: ours against the same content as HTML printed
//! by headless Chromium (`--print-to-pdf`, the way web portfolios such as
//! Mahara make PDFs).
//!
//! ```text
//! cargo run --release -p portfolio-documents --example render_bench -- [--photos 60] [--experiences 40] [--paragraph-sets 1] [--runs 3] [--no-chromium] [--keep DIR]
//! ```
//!
//! Workload: one learner with `--experiences` experiences, each with three
//! paragraphs (`--paragraph-sets` times) and a reflection shared with family, and `--photos` photos of
//! 4032×3024 (deterministic JPEGs of about 3.7 MB, spread over the
//! experiences), all in one exhibition. Photos are imported first (that makes
//! the stored derivatives; the media benchmark measures it). Then ours renders
//! the packet `--runs` times (median wall time; peak memory of the process
//! while rendering, VmHWM reset before), and Chromium prints the HTML of the
//! same document with the original photos (wall time; peak memory as the
//! largest sum of the resident sizes of its processes, sampled every 20 ms).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use portfolio_documents::{build, html, typeset, DocumentKind, Paper, RenderRequest};
use portfolio_domain::{
    AuthorRole, Evidence, ExhibitionData, ExhibitionItem, ExperienceData, LearnerProfile, PeriodData, RecordData,
    RecordKind, RecordRef, ReflectionData, Rubric, Visibility,
};
use portfolio_media::{ImportOptions, MediaStore};
use portfolio_store::Store;

const W: u32 = 4032;
const H: u32 = 3024;

fn arg(args: &[String], name: &str, default: usize) -> usize {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let photos = arg(&args, "--photos", 60);
    let experiences = arg(&args, "--experiences", 40).max(1);
    // --paragraph-sets N: each description holds the three paragraphs N times (longer packets).
    let sets = arg(&args, "--paragraph-sets", 1).max(1);
    let runs = arg(&args, "--runs", 3).max(1);
    let chromium = !args.iter().any(|a| a == "--no-chromium");
    // --keep DIR: copy both PDFs there to look at them.
    let keep = args.iter().position(|a| a == "--keep").and_then(|i| args.get(i + 1)).map(PathBuf::from);

    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let started = Instant::now();
    let inputs = generate(&dir.join("photos"), photos);
    let total: u64 = inputs.iter().map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)).sum();
    println!(
        "workload: {experiences} experiences ({} paragraphs + a reflection each), {photos} photos {W}x{H} ({:.2} MB each on average), generated in {:.1?}",
        3 * sets,
        total as f64 / photos.max(1) as f64 / 1e6,
        started.elapsed()
    );

    let store = Store::open(dir.join("store")).expect("store");
    let media = MediaStore::open(dir.join("media")).expect("media");
    let started = Instant::now();
    let outcomes = media.import_many(&inputs, &ImportOptions::default(), 2, |_| {});
    let items: Vec<_> = outcomes
        .iter()
        .map(|o| match o.item() {
            Some(item) => item.clone(),
            None => panic!("import failed: {o:?}"),
        })
        .collect();
    println!("photos imported with derivatives in {:.1?} (not part of the render)", started.elapsed());

    let (learner, exhibition) = fill(&store, &items, experiences, sets);
    let req = RenderRequest {
        kind: DocumentKind::Exhibition,
        learner_id: learner,
        period_id: None,
        exhibition_id: Some(exhibition),
        paper: Paper::A4,
        include_photos_of_others: false,
    };

    // Ours.
    let now = Utc::now();
    let mut walls = Vec::new();
    let mut peak_kb = 0;
    let mut size = 0u64;
    let mut pages = 0;
    let out = dir.join("ours.pdf");
    for _ in 0..runs {
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let t = Instant::now();
        let doc = build(&store, Some(&media), &req, now).expect("build");
        let (bytes, report) = typeset(&doc, Some(&media), Paper::A4, now);
        std::fs::write(&out, &bytes).expect("write");
        walls.push(t.elapsed());
        peak_kb = peak_kb.max(vm_hwm_kb());
        size = bytes.len() as u64;
        pages = report.pages;
        assert_eq!(report.photos as usize, photos, "every photo placed");
    }
    walls.sort();
    let ours = walls[walls.len() / 2];
    println!(
        "ours:     {:>8.2} s median of {runs} (min {:.2} s), peak {:>6.0} MB, {:>7.1} MB file, {pages} pages",
        secs(ours),
        secs(walls[0]),
        peak_kb as f64 / 1024.0,
        size as f64 / 1e6
    );

    if let Some(k) = &keep {
        let _ = std::fs::create_dir_all(k);
        let _ = std::fs::copy(&out, k.join("ours.pdf"));
    }
    if !chromium {
        return;
    }
    // Chromium: the same document as HTML with the original photos.
    let doc = build(&store, Some(&media), &req, now).expect("build");
    let html_text = html::to_html(&doc, &|p| format!("file://{}", media.original_path(&p.sha256).display()));
    let html_path = dir.join("packet.html");
    std::fs::write(&html_path, html_text).expect("html");
    let pdf = dir.join("chromium.pdf");
    let profile = dir.join("chromium-profile");
    let exe = ["chromium", "chromium-browser", "google-chrome"].into_iter().find(|c| which(c)).unwrap_or("chromium");
    let t = Instant::now();
    let mut child = Command::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            "--allow-file-access-from-files",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html_path.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{exe} is needed for the comparison (apt install chromium): {e}"));
    let mut tree_peak_kb = 0;
    let status = loop {
        if let Ok(Some(s)) = child.try_wait() {
            break s;
        }
        tree_peak_kb = tree_peak_kb.max(tree_rss_kb(child.id()));
        std::thread::sleep(Duration::from_millis(20));
    };
    let chrome = t.elapsed();
    assert!(status.success(), "chromium failed");
    if let Some(k) = &keep {
        let _ = std::fs::copy(&pdf, k.join("chromium.pdf"));
    }
    let csize = std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
    let cpages = pdf_pages(&pdf);
    println!(
        "chromium: {:>8.2} s,                        peak {:>6.0} MB, {:>7.1} MB file, {cpages} pages",
        secs(chrome),
        tree_peak_kb as f64 / 1024.0,
        csize as f64 / 1e6
    );
    println!(
        "ratios:   {:.1}x faster, {:.1}x less memory, file {:.3} of Chromium's (targets: >= 40x faster, <= 0.1 of the size, < 300 MB peak)",
        secs(chrome) / secs(ours).max(1e-9),
        tree_peak_kb as f64 / peak_kb.max(1) as f64,
        size as f64 / csize.max(1) as f64
    );
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn which(cmd: &str) -> bool {
    std::env::var_os("PATH").map(|p| std::env::split_paths(&p).any(|d| d.join(cmd).is_file())).unwrap_or(false)
}

fn pdf_pages(pdf: &Path) -> String {
    Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find(|l| l.starts_with("Pages:"))
                .map(|l| l.trim_start_matches("Pages:").trim().to_string())
        })
        .unwrap_or_else(|| "?".into())
}

fn vm_hwm_kb() -> usize {
    status_kb(Path::new("/proc/self/status"), "VmHWM:")
}

fn status_kb(path: &Path, key: &str) -> usize {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Sum of VmRSS of `root` and all its descendants.
fn tree_rss_kb(root: u32) -> usize {
    let mut parents = Vec::new();
    if let Ok(rd) = std::fs::read_dir("/proc") {
        for e in rd.flatten() {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
            let stat = std::fs::read_to_string(e.path().join("stat")).unwrap_or_default();
            let ppid =
                stat.rsplit(')').next().and_then(|r| r.split_whitespace().nth(1)).and_then(|v| v.parse::<u32>().ok());
            if let Some(ppid) = ppid {
                parents.push((pid, ppid));
            }
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(parents.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    tree.iter().map(|pid| status_kb(&PathBuf::from(format!("/proc/{pid}/status")), "VmRSS:")).sum()
}

const PARAGRAPHS: [&str; 3] = [
    "I spent two afternoons a week at the site, working beside my mentor on **real tasks**: taking measurements, recording what we saw, and asking why the numbers changed from one week to the next. At first I mostly watched; by the third week I ran the morning check on my own.",
    "The hardest part was *keeping careful records*. Twice I lost a day of data because I wrote it on loose paper. I built a simple table with a column for each measurement and a column for questions, and my mentor now uses it for the whole team.",
    "What I want to show at my exhibition is how my question grew: from \"how many?\" to \"why more on Tuesdays?\". I will bring the table, three photos and the graph, and explain what I would measure differently next time.",
];

/// One learner, a period, `n` experiences with reflections, the photos spread
/// over the experiences, and an exhibition showing every experience in order.
fn fill(
    store: &Store,
    items: &[portfolio_media::MediaItem],
    n: usize,
    sets: usize,
) -> (portfolio_domain::Id, portfolio_domain::Id) {
    let learner = store
        .create_learner(LearnerProfile {
            name: "Ana Benchmark".into(),
            school: "Harbor City Met".into(),
            ..Default::default()
        })
        .expect("learner")
        .id;
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).expect("date");
    let period = store
        .create(
            learner,
            AuthorRole::Advisor,
            RecordData::Period(PeriodData {
                name: "Spring 2026".into(),
                start,
                end: NaiveDate::from_ymd_opt(2026, 6, 30).expect("date"),
            }),
        )
        .expect("period")
        .meta()
        .id;
    let mut refs = Vec::new();
    for i in 0..n {
        let evidence: Vec<Evidence> = items
            .iter()
            .enumerate()
            .filter(|(k, _)| k % n == i)
            .map(|(k, it)| Evidence {
                sha256: it.sha256.clone(),
                name: it.original_name.clone(),
                kind: "image".into(),
                mime: it.mime.clone(),
                size: it.size,
                caption: format!("Photo {} of the work at site {}", k + 1, i + 1),
                alt: format!("Learner at work, photo {}", k + 1),
                ..Default::default()
            })
            .collect();
        let exp = ExperienceData {
            kind: Default::default(),
            title: format!("Internship {} at the community lab", i + 1),
            organisation: "Harbor City Community Lab".into(),
            location: "Harbor City".into(),
            mentor: portfolio_domain::Mentor {
                name: "Dr. Lee".into(),
                role: "Scientist".into(),
                contact: String::new(),
            },
            start_date: start + chrono::Days::new(i as u64 * 3),
            end_date: Some(start + chrono::Days::new(i as u64 * 3 + 20)),
            hours: Some(12.0),
            description: vec![PARAGRAPHS.join("\n\n"); sets].join("\n\n"),
            goal_tags: vec!["empirical".into()],
            status: Default::default(),
            evidence,
        };
        let rec = store.create(learner, AuthorRole::Student, RecordData::Experience(exp)).expect("experience");
        let id = rec.meta().id;
        let reflection = ReflectionData {
            date: start + chrono::Days::new(i as u64 * 3 + 7),
            title: format!("Week {} at the lab", i + 1),
            body: format!("{}\n\n- what went well: the table\n- next time: measure twice", PARAGRAPHS[i % 3]),
            experience_ids: vec![id],
            goal_ids: vec![],
            prompt: String::new(),
            visibility: Visibility::Family,
            evidence: vec![],
        };
        store.create(learner, AuthorRole::Student, RecordData::Reflection(reflection)).expect("reflection");
        refs.push(ExhibitionItem {
            item: RecordRef { kind: RecordKind::Experience, id },
            notes: "Why this matters to me.".into(),
            evidence: vec![],
        });
    }
    let framework = store.framework(portfolio_domain::framework::BPL).expect("framework");
    let x = ExhibitionData {
        period_id: period,
        title: "Spring exhibition".into(),
        date: NaiveDate::from_ymd_opt(2026, 6, 20).expect("date"),
        place: "Library".into(),
        panel: vec![],
        agenda: vec!["Welcome".into(), "Evidence".into(), "Questions".into()],
        items: refs,
        rubric: Rubric::from_framework(&framework),
        sheets: vec![],
        agreed: None,
        commendations: vec![],
        recommendations: vec![],
        next_plan_suggestions: vec![],
    };
    let x = store.create(learner, AuthorRole::Student, RecordData::Exhibition(x)).expect("exhibition");
    (learner, x.meta().id)
}

/// Deterministic "photos": soft shapes over a gradient with sensor-like noise,
/// about 3.7 MB as JPEG at quality 85. Cached between runs of the same size.
fn generate(dir: &Path, count: usize) -> Vec<PathBuf> {
    let cache = std::env::temp_dir().join(format!("lp-render-bench-{W}x{H}"));
    let _ = std::fs::create_dir_all(&cache);
    let _ = std::fs::create_dir_all(dir);
    let paths: Vec<PathBuf> = (0..count).map(|i| cache.join(format!("PHOTO_{i:04}.jpg"))).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = paths.get(i) else { break };
                if path.is_file() {
                    continue;
                }
                let mut seed = 0x2545_F491_4F6C_DD1Du64.wrapping_mul(i as u64 + 7);
                let mut rnd = move || {
                    seed ^= seed >> 12;
                    seed ^= seed << 25;
                    seed ^= seed >> 27;
                    seed.wrapping_mul(0x2545_F491_4F6C_DD1D)
                };
                let (cx, cy) = ((rnd() % W as u64) as f32, (rnd() % H as u64) as f32);
                let img = image::RgbImage::from_fn(W, H, |x, y| {
                    let n = rnd();
                    let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt() / 1800.0;
                    let shade = (1.0 - d).clamp(0.0, 1.0);
                    let grain = |k: u32| ((n >> (k * 8)) & 0x1F) as f32 - 16.0;
                    let r = 60.0 + 150.0 * shade + (x % 400) as f32 / 10.0 + grain(0);
                    let g = 80.0 + 110.0 * shade + (y % 300) as f32 / 8.0 + grain(1);
                    let b = 120.0 + 60.0 * (1.0 - shade) + ((i * 37) % 60) as f32 + grain(2);
                    image::Rgb([r.clamp(0.0, 255.0) as u8, g.clamp(0.0, 255.0) as u8, b.clamp(0.0, 255.0) as u8])
                });
                let tmp = path.with_extension("part");
                let file = std::io::BufWriter::new(std::fs::File::create(&tmp).expect("photo file"));
                image::codecs::jpeg::JpegEncoder::new_with_quality(file, 85).encode_image(&img).expect("encode");
                std::fs::rename(&tmp, path).expect("rename");
            });
        }
    });
    paths
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let dest = dir.join(format!("IMG_{i:04}.jpg"));
            std::fs::copy(p, &dest).expect("copy photo");
            dest
        })
        .collect()
}
