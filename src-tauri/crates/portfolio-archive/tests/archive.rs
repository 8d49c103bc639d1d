//! Export/import of `.lportfolio` archives against real temporary stores.

use std::io::{Cursor, Write};
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use portfolio_archive::{
    export, import, import_with, read_archive, ArchiveError, ImportMode, Limits, Manifest, ManifestEntry, Scope,
};
use portfolio_domain::{AnyRecord, AuthorRole, Id, RecordData, RecordKind};
use portfolio_store::Store;
use proptest::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

mod support;
use support::{fix_manifest, sha, unpack};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 14).unwrap()
}

/// Where the tests keep a store's media folder: beside it.
fn media_dir(store: &Store) -> std::path::PathBuf {
    store.path().parent().unwrap().join("media")
}

fn media_of(store: &Store) -> portfolio_media::MediaStore {
    portfolio_media::MediaStore::open(media_dir(store)).unwrap()
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("store")).unwrap();
    (dir, store)
}

fn demo() -> (tempfile::TempDir, Store, Id) {
    let (dir, store) = temp_store();
    let learner = portfolio_demo::create_demo(&store, today()).unwrap();
    (dir, store, learner.id)
}

/// Every list of every kind of `learner`.
fn lists(store: &Store, learner: Id) -> Vec<Vec<AnyRecord>> {
    RecordKind::ALL.iter().map(|k| store.list(learner, *k, "").unwrap()).collect()
}

/// Packs `entries`; when `fix` is set, the manifest lists exactly the other
/// entries with correct sizes and checksums.
fn pack(mut entries: Vec<(String, Vec<u8>)>, fix: bool) -> Vec<u8> {
    if fix {
        fix_manifest(&mut entries, &[]);
    }
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let o = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (n, b) in entries {
        zip.start_file(n, o).unwrap();
        zip.write_all(&b).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn edit_manifest(bytes: &[u8], f: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut entries = unpack(bytes);
    let m = entries.iter_mut().find(|(n, _)| n == "manifest.json").unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&m.1).unwrap();
    f(&mut v);
    m.1 = serde_json::to_vec(&v).unwrap();
    pack(entries, false)
}

/// What must not change when an archive is refused.
fn snapshot(store: &Store) -> (Vec<portfolio_domain::Learner>, Vec<portfolio_domain::RecordCounts>, usize) {
    let learners = store.learners().unwrap();
    let counts = learners.iter().map(|l| store.counts(l.id).unwrap()).collect();
    let integrity = store.check_integrity().unwrap();
    assert!(integrity.problems.is_empty(), "{:?}", integrity.problems);
    (learners, counts, integrity.records)
}

#[test]
fn demo_round_trips_into_a_fresh_store() {
    let (_d, src, learner) = demo();
    let bytes = export(&src, &media_of(&src), Scope::Learner(learner), "9.9.9").unwrap();
    let (_d2, dst) = temp_store();
    let report = import(&dst, &media_of(&dst), &bytes, ImportMode::Auto).unwrap();
    assert_eq!(report.learners.len(), 1);
    assert_eq!(report.learners[0].id, learner);
    assert!(report.conflicts.is_empty());
    assert_eq!(dst.learner(learner).unwrap(), src.learner(learner).unwrap());
    assert_eq!(lists(&dst, learner), lists(&src, learner));
    let total: u32 = RecordKind::ALL.iter().map(|k| src.counts(learner).unwrap().get(*k)).sum();
    assert_eq!(report.added, total);
    assert!(dst.check_integrity().unwrap().problems.is_empty());

    // The manifest says what the archive holds.
    let a = read_archive(&bytes, &Limits::default()).unwrap();
    assert_eq!(a.manifest.app_version, "9.9.9");
    assert_eq!(a.manifest.schema_version, portfolio_store::SCHEMA_VERSION);
    for k in RecordKind::ALL {
        assert_eq!(a.manifest.counts[k.plural()], u64::from(src.counts(learner).unwrap().get(k)));
    }

    // Badge originals come back byte-exact.
    let badges = |s: &Store| -> Vec<Option<Vec<u8>>> {
        s.list(learner, RecordKind::Badge, "")
            .unwrap()
            .into_iter()
            .map(|r| match r {
                AnyRecord::Badge(b) => serde_json::to_value(&b.data).ok().map(|v| v.to_string().into_bytes()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(badges(&dst), badges(&src));
}

#[test]
fn export_is_deterministic_apart_from_the_manifest_time() {
    let (_d, src, learner) = demo();
    let a = unpack(&export(&src, &media_of(&src), Scope::Learner(learner), "1").unwrap());
    let b = unpack(&export(&src, &media_of(&src), Scope::All, "1").unwrap());
    assert_eq!(a.len(), b.len());
    assert_eq!(a[0].0, "manifest.json");
    assert_eq!(a[1..], b[1..]);
    let names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names[1].starts_with("learners/"));
    assert!(names.iter().any(|n| n.starts_with("records/check_ins/")));
}

#[test]
fn a_second_import_without_mode_is_refused_and_changes_nothing() {
    let (_d, src, learner) = demo();
    let bytes = export(&src, &media_of(&src), Scope::Learner(learner), "1").unwrap();
    let before = snapshot(&src);
    let err = import(&src, &media_of(&src), &bytes, ImportMode::Auto).unwrap_err();
    assert!(matches!(err, ArchiveError::LearnerExists { .. }), "{err}");
    assert!(err.to_string().contains("Maya Okafor"));
    assert_eq!(snapshot(&src), before);
}

#[test]
fn copy_gives_a_second_learner_with_remapped_references() {
    let (_d, store, learner) = demo();
    // A showcase naming an experience and a shared journal entry.
    let exp = store.list(learner, RecordKind::Experience, "").unwrap()[0].meta().id;
    let entry = store
        .list(learner, RecordKind::Reflection, "")
        .unwrap()
        .into_iter()
        .find(|r| matches!(r, AnyRecord::Reflection(x) if x.data.visibility != portfolio_domain::Visibility::Private))
        .unwrap()
        .meta()
        .id;
    let showcase: RecordData = serde_json::from_value(serde_json::json!({"kind": "showcase", "data": {
        "title": "Senior portfolio 2026",
        "sections": [{"title": "Ciencias", "items": [{"kind": "experience", "id": exp}, {"kind": "journal_entry", "id": entry}]}]
    }}))
    .unwrap();
    store.create(learner, AuthorRole::Student, showcase).unwrap();
    let bytes = export(&store, &media_of(&store), Scope::Learner(learner), "1").unwrap();
    let report = import(&store, &media_of(&store), &bytes, ImportMode::Copy).unwrap();
    let copy = report.learners[0].id;
    assert_ne!(copy, learner);
    assert_eq!(store.learners().unwrap().len(), 2);
    assert!(store.learner(copy).unwrap().profile.name.ends_with("(copy)"));
    assert_eq!(store.counts(copy).unwrap(), store.counts(learner).unwrap());
    assert!(store.check_integrity().unwrap().problems.is_empty());

    let ids = |kind| -> Vec<Id> { store.list(copy, kind, "").unwrap().iter().map(|r| r.meta().id).collect() };
    let (exps, goals, periods, plans) =
        (ids(RecordKind::Experience), ids(RecordKind::Goal), ids(RecordKind::Period), ids(RecordKind::Plan));
    let original: Vec<Id> =
        RecordKind::ALL.iter().flat_map(|k| store.list(learner, *k, "").unwrap()).map(|r| r.meta().id).collect();
    let mut linked = 0;
    for r in RecordKind::ALL.iter().flat_map(|k| store.list(copy, *k, "").unwrap()) {
        assert!(!original.contains(&r.meta().id));
        match r {
            AnyRecord::Reflection(x) => {
                linked += x.data.experience_ids.len();
                assert!(
                    x.data.experience_ids.iter().all(|i| exps.contains(i)),
                    "reflection points at the copy's experiences"
                );
                assert!(x.data.goal_ids.iter().all(|i| goals.contains(i)));
            }
            AnyRecord::Plan(x) => assert!(periods.contains(&x.data.period_id)),
            AnyRecord::CheckIn(x) => assert!(plans.contains(&x.data.plan_id)),
            AnyRecord::Exhibition(x) => {
                assert!(periods.contains(&x.data.period_id));
                for item in &x.data.items {
                    assert!(!original.contains(&item.item.id));
                }
            }
            AnyRecord::Narrative(x) => assert!(periods.contains(&x.data.period_id)),
            AnyRecord::Showcase(x) => {
                let items: Vec<_> = x.data.items().map(|(_, i)| i.id).collect();
                assert_eq!(items.len(), 2);
                assert!(exps.contains(&items[0]), "the showcase names the copy's experience");
                assert!(items.iter().all(|i| !original.contains(i)));
            }
            _ => {}
        }
    }
    assert!(linked > 0, "the demo links reflections to experiences");
}

#[test]
fn merge_takes_the_newer_side_and_lists_conflicts() {
    let (_d, store, learner) = demo();
    let exps = store.list(learner, RecordKind::Experience, "").unwrap();
    let (AnyRecord::Experience(a), AnyRecord::Experience(b), AnyRecord::Experience(c)) =
        (exps[0].clone(), exps[1].clone(), exps[2].clone())
    else {
        panic!()
    };
    let mut entries = unpack(&export(&store, &media_of(&store), Scope::Learner(learner), "1").unwrap());
    let mut put = |mut r: portfolio_domain::Record<portfolio_domain::ExperienceData>, title: &str, secs: i64| {
        r.data.title = title.into();
        r.meta.updated += Duration::seconds(secs);
        let name = format!("records/experiences/{}.json", r.meta.id);
        let e = entries.iter_mut().find(|(n, _)| *n == name).unwrap();
        e.1 = serde_json::to_vec(&AnyRecord::Experience(r)).unwrap();
    };
    put(a.clone(), "Newer in the archive", 60); // archive wins
    put(b.clone(), "Older in the archive", -60); // local wins
    put(c.clone(), "Changed on both sides", 0); // conflict
    let bytes = pack(entries, true);

    let report = import(&store, &media_of(&store), &bytes, ImportMode::Merge).unwrap();
    assert_eq!(report.updated, 1);
    assert_eq!(report.added, 1, "the archive's side of the conflict is kept as a new record");
    assert_eq!(report.learners[0].outcome, "kept");
    assert_eq!(report.conflicts.len(), 1);
    let conflict = &report.conflicts[0];
    assert_eq!((conflict.kind.as_str(), conflict.id), ("experience", c.meta.id));
    assert_eq!(conflict.local_title, c.data.title);
    assert_eq!(conflict.archive_title, "Changed on both sides");
    assert_eq!(store.get(RecordKind::Experience, a.meta.id).unwrap().title(), "Newer in the archive");
    assert_eq!(store.get(RecordKind::Experience, b.meta.id).unwrap().title(), b.data.title);
    assert_eq!(store.get(RecordKind::Experience, c.meta.id).unwrap().title(), c.data.title);
    let copy = conflict.archive_copy_id.expect("both versions kept");
    assert_eq!(store.get(RecordKind::Experience, copy).unwrap().title(), "Changed on both sides");
    assert_eq!(store.counts(learner).unwrap().experience as usize, exps.len() + 1);
    assert!(store.check_integrity().unwrap().problems.is_empty());

    // Merging into a store without the learner adds everything.
    let (_d2, other) = temp_store();
    let r = import(&other, &media_of(&other), &bytes, ImportMode::Merge).unwrap();
    assert_eq!(r.learners[0].outcome, "added");
    assert!(r.conflicts.is_empty());
}

/// Imports `bytes` into the demo store, expects a refusal whose message
/// contains `needle`, and checks the store did not change.
fn refused(bytes: &[u8], needle: &str) -> ArchiveError {
    refused_with(bytes, needle, &Limits::default())
}

fn refused_with(bytes: &[u8], needle: &str, limits: &Limits) -> ArchiveError {
    let (_d, store, _) = demo();
    let (_d2, empty) = temp_store();
    let before = (snapshot(&store), snapshot(&empty));
    for mode in [ImportMode::Auto, ImportMode::Copy, ImportMode::Merge] {
        let err = import_with(&empty, &media_of(&empty), bytes, mode, limits).unwrap_err();
        assert!(err.to_string().contains(needle), "{needle:?} not in: {err}");
        import_with(&store, &media_of(&store), bytes, mode, limits).unwrap_err();
    }
    assert_eq!((snapshot(&store), snapshot(&empty)), before);
    let err = import_with(&empty, &media_of(&empty), bytes, ImportMode::Merge, limits).unwrap_err();
    assert!(!matches!(err, ArchiveError::Store(_) | ArchiveError::Io { .. }), "a refusal of the input: {err:?}");
    err
}

fn good() -> Vec<u8> {
    use std::sync::OnceLock;
    static GOOD: OnceLock<Vec<u8>> = OnceLock::new();
    GOOD.get_or_init(|| {
        let (_d, src, learner) = demo();
        export(&src, &media_of(&src), Scope::Learner(learner), "1").unwrap()
    })
    .clone()
}

fn with_entry(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut e = unpack(&good());
    e.push((name.into(), bytes.to_vec()));
    pack(e, true)
}

#[test]
fn unsafe_names_are_refused() {
    for name in ["../evil.json", "/etc/passwd", "records\\goals\\x.json", "C:/x.json", "records/../../x.json"] {
        let err = refused(&with_entry(name, b"{}"), "unsafe name");
        assert!(matches!(err, ArchiveError::UnsafePath(_)), "{name}: {err}");
    }
}

#[test]
fn symlinks_are_refused() {
    let mut zip = ZipWriter::new_append(Cursor::new(good())).unwrap();
    zip.add_symlink("learners/link.json", "/etc/passwd", SimpleFileOptions::default()).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let err = refused(&bytes, "symbolic link");
    assert!(matches!(err, ArchiveError::Symlink(_)));
}

#[test]
fn duplicate_names_are_refused() {
    // Two entries whose names differ in one byte, then patched to be equal.
    let learner = unpack(&good()).into_iter().find(|(n, _)| n.starts_with("learners/")).unwrap();
    let twin = learner.0.replace("learners/", "learnerz/");
    let mut e = unpack(&good());
    e.push((twin.clone(), learner.1.clone()));
    let mut bytes = pack(e, true);
    // Patch the names in the local and central headers (not the manifest's
    // JSON, which is compressed).
    let (from, to) = (twin.as_bytes(), learner.0.as_bytes());
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
        }
        i += 1;
    }
    let err = refused(&bytes, "more than once");
    assert!(matches!(err, ArchiveError::DuplicateEntry(_)), "{err}");
}

#[test]
fn checksum_mismatch_is_refused() {
    let mut e = unpack(&good());
    let r = e.iter_mut().find(|(n, _)| n.starts_with("records/experiences/")).unwrap();
    let text = String::from_utf8(r.1.clone()).unwrap().replacen("\"title\": \"", "\"title\": \"Forged ", 1);
    r.1 = text.into_bytes();
    let err = refused(&pack(e, false), "checksum");
    assert!(matches!(err, ArchiveError::ChecksumMismatch(_)));
}

#[test]
fn missing_manifest_is_refused() {
    let e: Vec<_> = unpack(&good()).into_iter().filter(|(n, _)| n != "manifest.json").collect();
    refused(&pack(e, false), "no manifest.json");
    refused(b"not a zip at all", "not a readable zip file");
}

#[test]
fn newer_versions_are_refused() {
    let newer = portfolio_archive::FORMAT_VERSION + 1;
    let bytes = edit_manifest(&good(), |m| m["format_version"] = newer.into());
    let err = refused(&bytes, "saved by a newer version of Learner Portfolio");
    assert!(matches!(err, ArchiveError::FormatTooNew { found, .. } if found == newer));
    let bytes = edit_manifest(&good(), |m| m["schema_version"] = (portfolio_store::SCHEMA_VERSION + 1).into());
    let err = refused(&bytes, "saved by a newer version of Learner Portfolio");
    assert!(matches!(err, ArchiveError::SchemaTooNew { .. }));
    // A newer manifest that this version cannot even parse still says "newer".
    let bytes = edit_manifest(&good(), |m| {
        m["format_version"] = (portfolio_archive::FORMAT_VERSION + 1).into();
        m["entries"] = "moved".into();
    });
    refused(&bytes, "saved by a newer version of Learner Portfolio");
}

#[test]
fn unlisted_unknown_and_missing_entries_are_refused() {
    let mut e = unpack(&good());
    e.push(("records/goals/extra.json".into(), b"{}".to_vec()));
    assert!(matches!(refused(&pack(e, false), "does not list"), ArchiveError::Unlisted(_)));

    let err = refused(&with_entry("records/widgets/x.json", b"{}"), "unknown kind");
    assert!(matches!(err, ArchiveError::UnknownKind(k) if k == "widgets"));
    refused(&with_entry("notes.txt", b"hi"), "not part of a Learner Portfolio archive");
    refused(&with_entry("media/photo.jpg", b"jpg"), "media");

    let e: Vec<_> = unpack(&good()).into_iter().filter(|(n, _)| !n.starts_with("records/goals/")).collect();
    assert!(matches!(refused(&pack(e, false), "does not contain it"), ArchiveError::MissingEntry(_)));
}

#[test]
fn invalid_content_is_refused() {
    // A record that fails validation (empty title) with a correct checksum.
    let mut e = unpack(&good());
    let r = e.iter_mut().find(|(n, _)| n.starts_with("records/experiences/")).unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&r.1).unwrap();
    v["data"]["title"] = "".into();
    r.1 = serde_json::to_vec(&v).unwrap();
    refused(&pack(e, true), "Title is required");

    // A check-in whose plan is not in the archive (cross-record rule).
    let e: Vec<_> = unpack(&good()).into_iter().filter(|(n, _)| !n.starts_with("records/plans/")).collect();
    let bytes = edit_manifest(&pack(e, true), |m| m["counts"]["plans"] = 0.into());
    refused(&bytes, "Learning Plan that is missing");
}

#[test]
fn oversized_archives_are_refused() {
    // Total cap (declared sizes), with a small limit.
    let limits = Limits { max_total_bytes: 10_000, ..Limits::default() };
    refused_with(&good(), "unpacks to more than 10000 bytes", &limits);
    // Compression ratio over 100:1 on an entry over 1 MB.
    let err = refused(&with_entry("records/goals/zeros.json", &vec![0u8; 2 << 20]), "zip bomb");
    assert!(matches!(err, ArchiveError::CompressionRatio { .. }));
}

#[test]
fn a_zip_bomb_is_refused_quickly() {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let o = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(false);
    zip.start_file("manifest.json", o).unwrap();
    zip.write_all(b"{}").unwrap();
    zip.start_file("records/goals/bomb.json", o).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..50 {
        zip.write_all(&chunk).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 1 << 20);
    let (_d, store) = temp_store();
    let started = Instant::now();
    let err = import(&store, &media_of(&store), &bytes, ImportMode::Auto).unwrap_err();
    assert!(started.elapsed().as_millis() < 500, "took {:?}", started.elapsed());
    assert!(matches!(err, ArchiveError::CompressionRatio { .. }), "{err}");
    assert!(store.learners().unwrap().is_empty());
}

fn experience(title: &str, day: u32, hours: Option<f64>) -> RecordData {
    RecordData::from_json(
        RecordKind::Experience,
        serde_json::json!({"title": title, "start_date": format!("2024-01-{day:02}"), "hours": hours, "goal_tags": ["communication"]}),
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_portfolios_round_trip(
        name in "[A-Za-z][A-Za-z ]{0,20}",
        exps in prop::collection::vec(("[A-Za-z0-9][^\\x00-\\x1f\\x7f-\\x9f\\u{2028}\\u{2029}]{0,29}", 1u32..28, prop::option::of(0.0f64..500.0)), 0..4),
        goals in prop::collection::vec("[a-z][a-z ]{0,29}", 0..3),
        reflections in prop::collection::vec(("[a-zA-Z][^\\p{C}\\p{Zl}\\p{Zp}]{0,39}", "\\PC{0,80}", any::<bool>()), 0..4),
    ) {
        let (_d, src) = temp_store();
        let learner = src.create_learner(portfolio_domain::LearnerProfile { name: name.clone(), ..Default::default() }).unwrap();
        let exp_items: Vec<RecordData> = exps.iter().map(|(t, d, h)| experience(t, *d, *h)).collect();
        let exps = src.create_many(learner.id, AuthorRole::Student, exp_items).unwrap();
        let goal_items = goals.iter().map(|g| RecordData::from_json(RecordKind::Goal, serde_json::json!({"statement": g})).unwrap()).collect();
        let goals = src.create_many(learner.id, AuthorRole::Advisor, goal_items).unwrap();
        let refl_items = reflections.iter().map(|(t, body, link)| {
            let ids: Vec<Id> = if *link { exps.iter().map(|r| r.meta().id).collect() } else { vec![] };
            let gids: Vec<Id> = goals.iter().map(|r| r.meta().id).collect();
            RecordData::from_json(RecordKind::Reflection, serde_json::json!({
                "title": t, "body": body, "date": "2024-02-03", "experience_ids": ids, "goal_ids": gids,
            })).unwrap()
        }).collect();
        src.create_many(learner.id, AuthorRole::Student, refl_items).unwrap();

        let bytes = export(&src, &media_of(&src), Scope::All, "1").unwrap();
        let (_d2, dst) = temp_store();
        import(&dst, &media_of(&dst), &bytes, ImportMode::Auto).unwrap();
        prop_assert_eq!(dst.learner(learner.id).unwrap(), learner.clone());
        prop_assert_eq!(lists(&dst, learner.id), lists(&src, learner.id));
        // Merging the same archive again changes nothing.
        let again = import(&dst, &media_of(&dst), &bytes, ImportMode::Merge).unwrap();
        prop_assert_eq!((again.added, again.updated, again.conflicts.len()), (0, 0, 0));
    }
}

#[test]
fn files_round_trip_through_export_to_file_and_import_file() {
    let (dir, src, learner) = demo();
    let path = dir.path().join("maya.lportfolio");
    let size = portfolio_archive::export_to_file(&src, &media_of(&src), Scope::Learner(learner), "1", &path).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), size);
    let (_d2, dst) = temp_store();
    let preview = portfolio_archive::preview(&dst, &std::fs::read(&path).unwrap(), ImportMode::Auto).unwrap();
    assert!(dst.learners().unwrap().is_empty(), "preview writes nothing");
    let report = portfolio_archive::import_file(&dst, &media_of(&dst), &path, ImportMode::Auto).unwrap();
    assert_eq!(report, preview);
    assert_eq!(lists(&dst, learner), lists(&src, learner));
    let missing =
        portfolio_archive::import_file(&dst, &media_of(&dst), &dir.path().join("nope.lportfolio"), ImportMode::Auto);
    assert!(matches!(missing, Err(ArchiveError::Io { .. })));
}

// ---- Media (format 2) -------------------------------------------------------

fn picture(format: image::ImageFormat, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(24, 16, |x, y| image::Rgb([x as u8 * 10, y as u8 * 15, seed]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// A learner whose experience has two photos: (dir, store, learner, [(sha, bytes)]).
fn with_photos() -> (tempfile::TempDir, Store, Id, Vec<(String, Vec<u8>)>) {
    let (dir, store) = temp_store();
    let learner =
        store.create_learner(portfolio_domain::LearnerProfile { name: "Ada".into(), ..Default::default() }).unwrap();
    let exp =
        store.create_many(learner.id, AuthorRole::Student, vec![experience("Pond survey", 3, Some(2.0))]).unwrap();
    let id = exp[0].meta().id;
    let media = media_of(&store);
    let mut photos = Vec::new();
    for (name, bytes) in
        [("pond.png", picture(image::ImageFormat::Png, 1)), ("frog.jpg", picture(image::ImageFormat::Jpeg, 2))]
    {
        let out = portfolio_evidence::attach_bytes(&store, &media, RecordKind::Experience, id, name, &bytes).unwrap();
        assert_eq!(out.evidence.sha256, sha(&bytes));
        photos.push((sha(&bytes), bytes));
    }
    assert_eq!(media.root(), dir.path().join("media"));
    (dir, store, learner.id, photos)
}

fn manifest_of(bytes: &[u8]) -> Manifest {
    let m = unpack(bytes).into_iter().find(|(n, _)| n == "manifest.json").unwrap();
    serde_json::from_slice(&m.1).unwrap()
}

/// No learner and no stored original in the data folder of `store`.
fn nothing_written(store: &Store) {
    assert!(store.learners().unwrap().is_empty());
    let originals = media_dir(store).join("originals");
    let files = walk(&originals);
    assert!(files.is_empty(), "{files:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else { return Vec::new() };
    rd.flatten().flat_map(|e| if e.path().is_dir() { walk(&e.path()) } else { vec![e.path()] }).collect()
}

#[test]
fn evidence_originals_round_trip_byte_exact() {
    let (_d, src, learner, photos) = with_photos();
    let (bytes, report) =
        portfolio_archive::export_with_report(&src, &media_of(&src), Scope::Learner(learner), "1").unwrap();
    assert_eq!((report.media, report.missing_media.len()), (2, 0));

    let m = manifest_of(&bytes);
    assert_eq!(m.format_version, 2);
    assert!(m.missing_media.is_empty());
    let mut shas: Vec<String> = photos.iter().map(|(s, _)| s.clone()).collect();
    shas.sort();
    let media_entries: Vec<&ManifestEntry> = m.entries.iter().filter(|e| e.path.starts_with("media/")).collect();
    assert_eq!(
        media_entries.iter().map(|e| e.path.clone()).collect::<Vec<_>>(),
        shas.iter().map(|s| format!("media/{s}")).collect::<Vec<_>>(),
        "sorted by SHA-256, after the JSON"
    );
    for e in &media_entries {
        assert_eq!(format!("media/{}", e.sha256), e.path);
    }
    assert_eq!(m.entries.last().unwrap().path, media_entries.last().unwrap().path);
    // Deterministic apart from `created`.
    let again = export(&src, &media_of(&src), Scope::Learner(learner), "1").unwrap();
    assert_eq!(unpack(&bytes)[1..], unpack(&again)[1..]);

    let (dir2, dst) = temp_store();
    let imported = import(&dst, &media_of(&dst), &bytes, ImportMode::Auto).unwrap();
    assert_eq!(imported.media, 2);
    assert_eq!(lists(&dst, learner), lists(&src, learner));
    let media = portfolio_media::MediaStore::open(dir2.path().join("media")).unwrap();
    for (sha, original) in &photos {
        assert_eq!(&std::fs::read(media.original_path(sha)).unwrap(), original, "byte-identical");
        assert!(media.item(sha).unwrap().is_some());
        let thumb = media.derivative(sha, portfolio_media::Variant::Thumb).unwrap();
        assert!(thumb.is_file());
    }
    // Evidence resolves on the target.
    let rows = portfolio_evidence::list(&dst, learner).unwrap();
    assert_eq!(rows.len(), 2);
    // Importing again (merge) is fine: the files are duplicates.
    let merged = import(&dst, &media_of(&dst), &bytes, ImportMode::Merge).unwrap();
    assert_eq!((merged.added, merged.updated), (0, 0));
    // Backups carry the media too.
    let backup = portfolio_archive::backup::create(
        &src,
        &media_of(&src),
        &src.path().parent().unwrap().join("backups"),
        "manual",
        chrono::Utc::now(),
    )
    .unwrap();
    let b = std::fs::read(src.path().parent().unwrap().join("backups").join(backup.name)).unwrap();
    assert_eq!(read_archive(&b, &Limits::default()).unwrap().media.len(), 2);
}

#[test]
fn a_missing_original_is_listed_not_fatal() {
    let (_d, src, learner, photos) = with_photos();
    let media = media_of(&src);
    std::fs::remove_file(media.original_path(&photos[0].0)).unwrap();
    let (bytes, report) =
        portfolio_archive::export_with_report(&src, &media_of(&src), Scope::Learner(learner), "1").unwrap();
    assert_eq!(report.missing_media, vec![photos[0].0.clone()]);
    assert_eq!(report.media, 1);
    let m = manifest_of(&bytes);
    assert_eq!(m.missing_media, vec![photos[0].0.clone()]);
    assert!(!m.entries.iter().any(|e| e.path == format!("media/{}", photos[0].0)));
    let (_d2, dst) = temp_store();
    assert_eq!(import(&dst, &media_of(&dst), &bytes, ImportMode::Auto).unwrap().media, 1);
}

#[test]
fn forged_or_stray_media_is_refused_and_nothing_is_written() {
    let (_d, src, learner, photos) = with_photos();
    let bytes = export(&src, &media_of(&src), Scope::Learner(learner), "1").unwrap();
    let name = format!("media/{}", photos[0].0);

    // Content that does not match its name (manifest fixed to match the content).
    let mut e = unpack(&bytes);
    e.iter_mut().find(|(n, _)| *n == name).unwrap().1 = picture(image::ImageFormat::Png, 9);
    let forged = pack(e, true);
    let (_d2, dst) = temp_store();
    let err = import(&dst, &media_of(&dst), &forged, ImportMode::Auto).unwrap_err();
    assert!(matches!(err, ArchiveError::MediaMismatch(ref n) if *n == name), "{err}");
    assert!(err.to_string().contains("Nothing was imported"));
    nothing_written(&dst);

    // A media file no record refers to.
    let stray = picture(image::ImageFormat::Png, 7);
    let mut e = unpack(&bytes);
    e.push((format!("media/{}", sha(&stray)), stray));
    let err = import(&dst, &media_of(&dst), &pack(e, true), ImportMode::Auto).unwrap_err();
    assert!(matches!(err, ArchiveError::UnreferencedMedia(_)), "{err}");
    nothing_written(&dst);

    // Names that are not a lower-case SHA-256.
    for bad in ["media/photo.jpg".to_string(), name.to_uppercase().replace("MEDIA/", "media/"), format!("{name}/x")] {
        let mut e = unpack(&bytes);
        e.push((bad.clone(), b"x".to_vec()));
        let err = import(&dst, &media_of(&dst), &pack(e, true), ImportMode::Auto).unwrap_err();
        assert!(matches!(err, ArchiveError::BadMediaName(_)), "{bad}: {err}");
        nothing_written(&dst);
    }

    // Content the media folder refuses (empty): the archive is refused before any record is written.
    let empty = sha(b"");
    let e: Vec<(String, Vec<u8>)> = unpack(&bytes)
        .into_iter()
        .map(|(n, b)| {
            if n == name {
                (format!("media/{empty}"), Vec::new())
            } else if n.starts_with("media/") {
                (n, b)
            } else {
                let text = String::from_utf8(b).unwrap().replace(&photos[0].0, &empty);
                (n, text.into_bytes())
            }
        })
        .collect();
    let err = import(&dst, &media_of(&dst), &pack(e, true), ImportMode::Auto).unwrap_err();
    assert!(matches!(err, ArchiveError::MediaRefused { .. }), "{err}");
    assert!(err.to_string().contains("None of the archive's records were imported"), "{err}");
    assert!(dst.learners().unwrap().is_empty());
}

#[test]
fn a_learners_photo_travels_as_media_and_a_missing_one_is_listed() {
    let (_d, src, learner, photos) = with_photos();
    let media = media_of(&src);
    let me = picture(image::ImageFormat::Jpeg, 40);
    let saved = portfolio_evidence::set_learner_photo(&src, &media, learner, "me.jpg", &me).unwrap();
    assert_eq!(saved.profile.photo_sha256, sha(&me));

    let (bytes, report) =
        portfolio_archive::export_with_report(&src, &media_of(&src), Scope::Learner(learner), "1").unwrap();
    assert_eq!((report.media, report.missing_media.len()), (3, 0));
    let entry = format!("media/{}", sha(&me));
    assert!(manifest_of(&bytes).entries.iter().any(|e| e.path == entry));

    // Round trip: the learner names the photo, whose original arrives byte-exact.
    let (dir2, dst) = temp_store();
    assert_eq!(import(&dst, &media_of(&dst), &bytes, ImportMode::Auto).unwrap().media, 3);
    assert_eq!(dst.learner(learner).unwrap(), src.learner(learner).unwrap());
    let dst_media = portfolio_media::MediaStore::open(dir2.path().join("media")).unwrap();
    assert_eq!(std::fs::read(dst_media.original_path(&sha(&me))).unwrap(), me);
    assert!(dst_media.derivative(&sha(&me), portfolio_media::Variant::Thumb).unwrap().is_file());
    assert!(portfolio_evidence::missing_files(&dst, &dst_media).unwrap().is_empty());
    // A copy shares the same photo.
    let copied = import(&dst, &media_of(&dst), &bytes, ImportMode::Copy).unwrap();
    let copy = dst.learner(copied.learners[0].id).unwrap();
    assert_eq!(copy.profile.photo_sha256, sha(&me));

    // The photo is what keeps its media entry: without it the entry is stray.
    let e: Vec<(String, Vec<u8>)> = unpack(&bytes)
        .into_iter()
        .map(|(n, b)| {
            if n.starts_with("learners/") {
                let text = String::from_utf8(b).unwrap().replace(&sha(&me), "");
                (n, text.into_bytes())
            } else {
                (n, b)
            }
        })
        .collect();
    let (_d3, other) = temp_store();
    let err = import(&other, &media_of(&other), &pack(e, true), ImportMode::Auto).unwrap_err();
    assert!(matches!(err, ArchiveError::UnreferencedMedia(ref n) if *n == entry), "{err}");
    nothing_written(&other);

    // A photo missing from the media folder is listed like missing evidence, not fatal.
    std::fs::remove_file(media.original_path(&sha(&me))).unwrap();
    let (bytes, report) =
        portfolio_archive::export_with_report(&src, &media_of(&src), Scope::Learner(learner), "1").unwrap();
    assert_eq!((report.media, report.missing_media.clone()), (2, vec![sha(&me)]));
    let (_d4, dst) = temp_store();
    assert_eq!(import(&dst, &media_of(&dst), &bytes, ImportMode::Auto).unwrap().media, photos.len() as u32);
    assert_eq!(dst.learner(learner).unwrap().profile.photo_sha256, sha(&me));
    let dst_media = media_of(&dst);
    let missing = portfolio_evidence::missing_files(&dst, &dst_media).unwrap();
    assert!(missing[0].starts_with("The photo of Ada is missing"), "{missing:?}");
}

#[test]
fn format_1_archives_are_still_read() {
    // A format 1 archive as version 1 wrote it: no media, no missing_media.
    let v1 = edit_manifest(&good(), |m| {
        m["format_version"] = 1.into();
        m.as_object_mut().unwrap().remove("missing_media");
    });
    let (_d, dst) = temp_store();
    let report = import(&dst, &media_of(&dst), &v1, ImportMode::Auto).unwrap();
    assert_eq!((report.added, report.media), (95, 0));

    // ... and a format 1 archive never carries media.
    let (_d, src, learner, _) = with_photos();
    let bytes = export(&src, &media_of(&src), Scope::Learner(learner), "1").unwrap();
    let v1 = edit_manifest(&bytes, |m| m["format_version"] = 1.into());
    let (_d2, dst) = temp_store();
    let err = import(&dst, &media_of(&dst), &v1, ImportMode::Auto).unwrap_err();
    assert!(matches!(err, ArchiveError::MediaNotSupported(_)), "{err}");
    nothing_written(&dst);
}

#[test]
fn plan_goal_and_exhibition_item_evidence_travels_in_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let (src, learner, plan, ex) = portfolio_evidence::test_support::loop_store(dir.path());
    let media = media_of(&src);
    let goal_photo = picture(image::ImageFormat::Png, 7);
    let item_photo = picture(image::ImageFormat::Jpeg, 8);
    for (target, name, bytes) in [
        (format!("plan:{plan}#g-field"), "site.png", &goal_photo),
        (format!("exhibition:{ex}#1"), "poster.jpg", &item_photo),
    ] {
        let t = portfolio_evidence::Target::parse(&target).unwrap();
        portfolio_evidence::attach_bytes_to(&src, &media, &t, name, bytes).unwrap();
    }
    let (bytes, report) =
        portfolio_archive::export_with_report(&src, &media_of(&src), Scope::Learner(learner), "1").unwrap();
    assert_eq!((report.media, report.missing_media.len()), (2, 0));
    let (dir2, dst) = temp_store();
    assert_eq!(import(&dst, &media_of(&dst), &bytes, ImportMode::Auto).unwrap().media, 2);
    let copied = portfolio_media::MediaStore::open(dir2.path().join("media")).unwrap();
    for photo in [&goal_photo, &item_photo] {
        assert_eq!(&std::fs::read(copied.original_path(&sha(photo))).unwrap(), photo);
    }
    assert_eq!(portfolio_evidence::list(&dst, learner).unwrap().len(), 2);
}
