//! The application layer as both front ends use it: a data folder in a
//! temporary directory, the use cases, and the one error contract.

use std::time::Duration;

use portfolio_app::{App, DataDir, ErrorCode};
use portfolio_archive::{ImportMode, Scope};
use portfolio_domain::{AnyRecord, AuthorRole, Id, RecordData, RecordKind};
use portfolio_evidence::Target;

fn open(dir: &std::path::Path) -> App {
    App::open(&DataDir::new(dir), Duration::ZERO).unwrap()
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 250) as u8, (y % 250) as u8, 120]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

#[test]
fn the_data_folder_layout_comes_from_one_place() {
    let tmp = tempfile::tempdir().unwrap();
    let app = open(tmp.path());
    app.create_demo(chrono::Utc::now().date_naive()).unwrap();
    assert_eq!(app.startup_upkeep(), Vec::<String>::new());
    let dir = DataDir::new(tmp.path());
    for folder in [dir.store(), dir.media(), dir.backups()] {
        assert!(folder.is_dir(), "{} exists after start-up", folder.display());
    }
    assert_eq!(app.backups().unwrap()[0].reason, "daily");
    app.create_issuer("Ms. Delgado", false).unwrap();
    assert!(dir.keys().is_dir());
}

#[test]
fn a_dry_run_reports_exactly_what_the_import_does() {
    let (src_dir, dst_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let src = open(src_dir.path());
    let learner = src.create_demo(chrono::Utc::now().date_naive()).unwrap();
    let file = src_dir.path().join("ana.lportfolio");
    src.export_archive(Scope::Learner(learner.id), &file).unwrap();
    let dst = open(dst_dir.path());
    let planned = dst.plan_archive_import(&file, ImportMode::Auto).unwrap();
    let preview = planned.report().clone();
    assert!(dst.learners().unwrap().is_empty(), "planning writes nothing");
    assert_eq!(dst.import_archive(planned).unwrap(), preview);
    assert_eq!(dst.record_counts(learner.id).unwrap(), src.record_counts(learner.id).unwrap());
    // The second import makes a backup first, then merges.
    let again = dst.plan_archive_import(&file, ImportMode::Merge).unwrap();
    dst.import_archive(again).unwrap();
    assert!(dst.backups().unwrap().iter().any(|b| b.reason == "before-import"));
}

#[test]
fn concurrent_attaches_through_the_app_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let app = open(tmp.path());
    let l = app
        .create_learner(portfolio_domain::LearnerProfile { name: "Trần Minh Anh".into(), ..Default::default() })
        .unwrap();
    let data = RecordData::from_json(
        RecordKind::Reflection,
        serde_json::json!({"title": "Tuần đầu ở xưởng 🌱", "date": "2026-09-08", "body": "مرحبا 你好"}),
    )
    .unwrap();
    let r = app.create_record(l.id, AuthorRole::Student, data).unwrap();
    let target = Target::record(RecordKind::Reflection, r.meta().id);
    let photos: Vec<Vec<u8>> = (0..6).map(|i| jpeg(60 + i, 40)).collect();
    std::thread::scope(|s| {
        for (i, bytes) in photos.iter().enumerate() {
            let (app, target) = (app.clone(), target.clone());
            s.spawn(move || app.attach_bytes(&target, &format!("ảnh-{i}.jpg"), bytes).unwrap());
        }
    });
    let AnyRecord::Reflection(saved) = app.record(RecordKind::Reflection, r.meta().id).unwrap() else { panic!() };
    assert_eq!(saved.data.evidence.len(), 6, "{:?}", saved.data.evidence);
}

#[test]
fn every_core_error_becomes_one_contract() {
    let tmp = tempfile::tempdir().unwrap();
    let app = open(tmp.path());
    let missing = app.record(RecordKind::Experience, Id::now_v7()).unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
    let l = app.create_learner(portfolio_domain::LearnerProfile { name: "Ana".into(), ..Default::default() }).unwrap();
    let bad =
        RecordData::from_json(RecordKind::Experience, serde_json::json!({"title": "", "start_date": "2026-09-01"}))
            .unwrap();
    let e = app.create_record(l.id, AuthorRole::Student, bad).unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.fields[0].field, "title");
    let e = app.import_badge(l.id, b"{ not a badge").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.message.starts_with("This file is not a badge"), "{}", e.message);
    let e = app.check_badge(Id::now_v7()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = app.viewing_copy(l.id, "0000").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    let held = App::open(&DataDir::new(tmp.path()), Duration::ZERO).err().unwrap();
    assert_eq!(held.code, ErrorCode::StoreInUse);
    assert!(held.message.ends_with("Close it and try again."), "{}", held.message);
    let zero = app.import_matrix_file(std::path::Path::new("/dev/zero")).unwrap_err();
    assert_eq!(zero.code, ErrorCode::InvalidInput);
    assert!(zero.message.contains("is not a regular file"), "{}", zero.message);
}
