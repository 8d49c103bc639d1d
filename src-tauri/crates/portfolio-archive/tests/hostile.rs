//! Hostile archives: huge unreferenced media refused without being read,
//! referenced media verified while streamed to disk, forged change times
//! clamped, links to another learner's records refused.

use std::io::{Cursor, Write};
use std::path::Path;

use portfolio_archive::{
    export, plan_import, plan_import_file, ArchiveError, ImportMode, Limits, ManifestEntry, Scope,
};
use portfolio_domain::{AuthorRole, Id, LearnerProfile, RecordData, RecordKind};
use portfolio_store::Store;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

mod support;
use support::{fix_manifest, sha, unpack, Entries};

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("store")).unwrap();
    (dir, store)
}

fn media(store: &Store) -> portfolio_media::MediaStore {
    portfolio_media::MediaStore::open(store.path().parent().unwrap().join("media")).unwrap()
}

fn record(kind: RecordKind, value: serde_json::Value) -> RecordData {
    RecordData::from_json(kind, value).unwrap()
}

/// A learner with one experience (and a photo on it when `photo` is given).
fn learner_with_experience(store: &Store, name: &str, photo: Option<&[u8]>) -> (Id, Id) {
    let learner = store.create_learner(LearnerProfile { name: name.into(), ..Default::default() }).unwrap().id;
    let exp = store
        .create(
            learner,
            AuthorRole::Student,
            record(
                RecordKind::Experience,
                serde_json::json!({"title": "Hội chợ khoa học 🔬", "start_date": "2025-03-01"}),
            ),
        )
        .unwrap()
        .meta()
        .id;
    if let Some(bytes) = photo {
        portfolio_evidence::attach_bytes(store, &media(store), RecordKind::Experience, exp, "ảnh.png", bytes).unwrap();
    }
    (learner, exp)
}

/// Writes `entries` (manifest fixed to list them, plus `extra` as declared
/// listings) into a zip at `path`, then appends `stored_zeros` (name, size) as
/// uncompressed entries of zeros, written a mebibyte at a time.
fn repack(path: &Path, mut entries: Entries, extra: &[ManifestEntry], stored_zeros: &[(String, u64)]) {
    fix_manifest(&mut entries, extra);
    let mut zip = ZipWriter::new(std::fs::File::create(path).unwrap());
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (n, b) in entries {
        zip.start_file(n, deflated).unwrap();
        zip.write_all(&b).unwrap();
    }
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).large_file(true);
    let chunk = vec![0u8; 1 << 20];
    for (name, size) in stored_zeros {
        zip.start_file(name.as_str(), stored).unwrap();
        for _ in 0..size >> 20 {
            zip.write_all(&chunk).unwrap();
        }
    }
    zip.finish().unwrap();
}

/// This process's peak resident memory so far, in MB (Linux; 0 elsewhere).
fn peak_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0)
        / 1024
}

fn assert_no_double_stop(err: &ArchiveError) {
    let text = err.to_string();
    assert!(!text.contains(".."), "{text}");
    assert!(!text.contains('\n'), "{text}");
}

fn png(seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(24, 16, |x, y| image::Rgb([x as u8 * 10, y as u8 * 10, seed]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn an_unreferenced_256_mib_entry_is_refused_without_being_read_and_named_correctly() {
    let (dir, src) = temp_store();
    let (learner, _) = learner_with_experience(&src, "Ana Sofía Gutiérrez", None);
    let entries = unpack(&export(&src, &media(&src), Scope::Learner(learner), "1").unwrap());
    let size: u64 = 256 << 20;
    let names: Vec<String> = (0..2u8).map(|i| format!("media/{}", sha(&[i]))).collect();
    let listed: Vec<ManifestEntry> =
        names.iter().map(|n| ManifestEntry { path: n.clone(), size, sha256: "0".repeat(64) }).collect();
    let path = dir.path().join("hostile.lportfolio");
    let zeros: Vec<(String, u64)> = names.iter().map(|n| (n.clone(), size)).collect();
    repack(&path, entries, &listed, &zeros);
    let file_mb = std::fs::metadata(&path).unwrap().len() >> 20;

    let (_d, dst) = temp_store();
    let before = peak_mb();
    let started = std::time::Instant::now();
    let err = plan_import_file(&dst, &path, ImportMode::Merge, &Limits::default()).err().expect("refused");
    println!(
        "{file_mb} MiB archive with two unreferenced 256 MiB entries: refused in {:?}, peak {} MB (before {before} MB)",
        started.elapsed(),
        peak_mb()
    );
    assert!(matches!(&err, ArchiveError::UnreferencedMedia(n) if n == &names[0]), "{err:?}");
    let text = err.to_string();
    assert!(text.contains(&names[0]) && !text.contains("unlisted"), "{text}");
    assert_no_double_stop(&err);
    assert!(peak_mb() < before + 100, "the entries were not read into memory");
    assert!(dst.learners().unwrap().is_empty());
}

#[test]
fn referenced_media_is_streamed_verified_and_stored_from_a_file() {
    let photo = png(7);
    let (dir, src) = temp_store();
    let (learner, _) = learner_with_experience(&src, "Trần Thị Mai", Some(&photo));
    let path = dir.path().join("mai.lportfolio");
    std::fs::write(&path, export(&src, &media(&src), Scope::Learner(learner), "1").unwrap()).unwrap();

    let (_d, dst) = temp_store();
    let plan = plan_import_file(&dst, &path, ImportMode::Auto, &Limits::default()).unwrap();
    assert_eq!(plan.report().media, 1);
    let report = plan.apply(&dst, &media(&dst)).unwrap();
    assert_eq!((report.added, report.media, report.warnings.len()), (1, 1, 0));
    assert_eq!(std::fs::read(media(&dst).original_path(&sha(&photo))).unwrap(), photo);

    // The same archive with other bytes under the photo's name (manifest fixed): refused, nothing stored.
    let mut entries = unpack(&std::fs::read(&path).unwrap());
    let name = format!("media/{}", sha(&photo));
    entries.iter_mut().find(|(n, _)| *n == name).unwrap().1 = png(8);
    let forged = dir.path().join("forged.lportfolio");
    repack(&forged, entries, &[], &[]);
    let (_d2, other) = temp_store();
    let err = plan_import_file(&other, &forged, ImportMode::Auto, &Limits::default()).err().expect("refused");
    assert!(matches!(&err, ArchiveError::MediaMismatch(n) if *n == name), "{err:?}");
    assert_no_double_stop(&err);
}

fn edit_record(entries: &mut Entries, folder: &str, edit: impl Fn(&mut serde_json::Value)) {
    let (_, bytes) = entries.iter_mut().find(|(n, _)| n.starts_with(folder)).unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    edit(&mut v);
    *bytes = serde_json::to_vec(&v).unwrap();
}

fn zip_bytes(entries: Entries) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.lportfolio");
    repack(&path, entries, &[], &[]);
    std::fs::read(path).unwrap()
}

#[test]
fn change_times_in_the_future_are_clamped_with_a_warning() {
    let (_dir, store) = temp_store();
    let (learner, exp) = learner_with_experience(&store, "Lương Minh Khoa", None);
    let mut entries = unpack(&export(&store, &media(&store), Scope::Learner(learner), "1").unwrap());
    edit_record(&mut entries, "records/experiences/", |v| {
        v["meta"]["updated"] = "9999-12-31T00:00:00Z".into();
        v["data"]["title"] = "Overwritten by a forged date".into();
    });
    let bytes = zip_bytes(entries);

    // Merged into the store it came from: the forged record does not win.
    let report = plan_import(&store, &bytes, ImportMode::Merge, &Limits::default()).unwrap().report().clone();
    assert_eq!(report.updated, 0, "{report:?}");
    assert_eq!(report.warnings.len(), 1, "{report:?}");
    let w = &report.warnings[0];
    assert!(w.starts_with("1 entry claimed to have changed in the future (as late as 9999-12-31)"), "{w}");
    assert!(w.ends_with(" UTC.") && !w.contains(".."), "{w}");
    assert_eq!(store.get(RecordKind::Experience, exp).unwrap().title(), "Hội chợ khoa học 🔬");

    // Into an empty store: accepted, with the change time no later than now.
    let (_d2, empty) = temp_store();
    let plan = plan_import(&empty, &bytes, ImportMode::Auto, &Limits::default()).unwrap();
    assert_eq!(plan.report().warnings.len(), 1);
    plan.apply(&empty, &media(&empty)).unwrap();
    assert!(empty.get(RecordKind::Experience, exp).unwrap().meta().updated <= chrono::Utc::now());
}

#[test]
fn records_pointing_at_another_learners_records_are_refused() {
    let (_dir, dst) = temp_store();
    let (_other, theirs) = learner_with_experience(&dst, "ليلى حداد", None);
    let (_d, src) = temp_store();
    let learner = src.create_learner(LearnerProfile { name: "王小明".into(), ..Default::default() }).unwrap().id;
    let dangling = portfolio_domain::new_id();
    src.create(
        learner,
        AuthorRole::Student,
        record(
            RecordKind::Reflection,
            serde_json::json!({"title": "我学到了什么", "date": "2025-03-03", "body": "…", "experience_ids": [dangling]}),
        ),
    )
    .unwrap();
    let mut entries = unpack(&export(&src, &media(&src), Scope::Learner(learner), "1").unwrap());
    edit_record(&mut entries, "records/reflections/", |v| v["data"]["experience_ids"] = serde_json::json!([theirs]));
    let err = plan_import(&dst, &zip_bytes(entries), ImportMode::Auto, &Limits::default()).err().expect("refused");
    let text = err.to_string();
    assert!(text.contains(&format!("points at experience {theirs} (experience_ids[0]), which belongs to another learner. Nothing was imported.")), "{text}");
    assert_no_double_stop(&err);
}

#[test]
fn control_characters_in_archived_titles_are_refused_in_one_clause() {
    let (_dir, src) = temp_store();
    let (learner, _) = learner_with_experience(&src, "Ana", None);
    let mut entries = unpack(&export(&src, &media(&src), Scope::Learner(learner), "1").unwrap());
    edit_record(&mut entries, "records/experiences/", |v| v["data"]["title"] = "Robot\u{1b}[31m club".into());
    let (_d, dst) = temp_store();
    let err = plan_import(&dst, &zip_bytes(entries), ImportMode::Auto, &Limits::default()).err().expect("refused");
    let text = err.to_string();
    assert!(text.contains("Title contains an invisible control character (an escape code, U+001B), which is not allowed here. Nothing was imported."), "{text}");
    assert_no_double_stop(&err);
}
