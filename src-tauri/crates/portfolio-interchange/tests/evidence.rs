//! Evidence files and links go into the Leap2A export as resources.

use std::io::Read;

use chrono::Utc;
use portfolio_domain::{AnyRecord, AuthorRole, Evidence, LearnerProfile, RecordData, RecordKind};
use portfolio_store::Store;

#[test]
fn evidence_files_and_links_are_resources_with_enclosures() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path().join("store")).unwrap();
    let media = portfolio_media::MediaStore::open(store.path().parent().unwrap().join("media")).unwrap();
    let l = store.create_learner(LearnerProfile { name: "Ana".into(), ..Default::default() }).unwrap();
    let exp = store
        .create(
            l.id,
            AuthorRole::Student,
            RecordData::from_json(
                RecordKind::Experience,
                serde_json::json!({"title": "Clinic", "start_date": "2026-09-01"}),
            )
            .unwrap(),
        )
        .unwrap();
    let pdf = b"%PDF-1.4\n% mentor letter\n".to_vec();
    let out = portfolio_evidence::attach_bytes(
        &store,
        &media,
        RecordKind::Experience,
        exp.meta().id,
        "mentor-letter.pdf",
        &pdf,
    )
    .unwrap();
    let mut data = out.record.data();
    if let RecordData::Experience(d) = &mut data {
        d.evidence.push(Evidence {
            kind: "link".into(),
            url: "https://example.org/poster".into(),
            name: "Poster".into(),
            ..Default::default()
        });
    }
    store.update(exp.meta().id, data).unwrap();

    let (zip_bytes, summary) = portfolio_interchange::export_leap2a(&store, &media, l.id, Utc::now()).unwrap();
    assert_eq!(summary.resources, 2);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("leap2a.xml").unwrap().read_to_string(&mut xml).unwrap();
    let name = format!("files/{}-mentor-letter.pdf", &out.evidence.sha256[..12]);
    let mut stored = Vec::new();
    zip.by_name(&name).unwrap().read_to_end(&mut stored).unwrap();
    assert_eq!(stored, pdf, "the original bytes are in files/");
    assert!(xml.contains(&format!("href=\"{name}\"")), "{xml}");
    assert!(xml.contains("rel=\"leap2:is_evidence_of\""));
    assert!(xml.contains("href=\"https://example.org/poster\""));

    // Imported elsewhere, the file arrives as evidence again; twice adds nothing.
    let there = tempfile::tempdir().unwrap();
    let store2 = Store::open(there.path().join("store")).unwrap();
    let media2 = portfolio_media::MediaStore::open(there.path().join("media")).unwrap();
    let zip_bytes = zip.into_inner().into_inner();
    let rep = portfolio_interchange::import_leap2a(&store2, &media2, &zip_bytes, Default::default()).unwrap();
    assert_eq!((rep.experiences, rep.files), (1, 2));
    let AnyRecord::Experience(e) = &store2.list(rep.learner.id, RecordKind::Experience, "").unwrap()[0] else {
        panic!()
    };
    assert_eq!(e.data.evidence.len(), 2, "{:?}", e.data.evidence);
    assert_eq!(e.data.evidence[0].sha256, out.evidence.sha256);
    assert_eq!(
        (e.data.evidence[1].kind.as_str(), e.data.evidence[1].url.as_str()),
        ("link", "https://example.org/poster")
    );
    assert_eq!(std::fs::read(media2.original_path(&out.evidence.sha256)).unwrap(), pdf);
    let again = portfolio_interchange::import_leap2a(&store2, &media2, &zip_bytes, Default::default()).unwrap();
    assert_eq!((again.experiences, again.already_imported, again.new_learner), (0, 1, false));
}

#[test]
fn plan_goal_and_exhibition_item_evidence_is_exported_once_per_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, learner, plan, ex) = portfolio_evidence::test_support::loop_store(tmp.path());
    let media = portfolio_media::MediaStore::open(store.path().parent().unwrap().join("media")).unwrap();
    let pdf = b"%PDF-1.4\n% data table\n".to_vec();
    for target in [format!("plan:{plan}#g-field"), format!("exhibition:{ex}#1")] {
        let t = portfolio_evidence::Target::parse(&target).unwrap();
        portfolio_evidence::attach_bytes_to(&store, &media, &t, "table.pdf", &pdf).unwrap();
    }
    let (zip_bytes, summary) = portfolio_interchange::export_leap2a(&store, &media, learner, Utc::now()).unwrap();
    assert_eq!(summary.resources, 2, "one resource per place");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    let files: Vec<String> = zip.file_names().filter(|n| n.starts_with("files/")).map(str::to_string).collect();
    assert_eq!(files.len(), 1, "the shared file once: {files:?}");
    let mut xml = String::new();
    zip.by_name("leap2a.xml").unwrap().read_to_string(&mut xml).unwrap();
    assert!(xml.contains("Evidence for the plan goal \u{201c}Run a field study\u{201d}."), "{xml}");
    assert!(xml.contains("Shown with item 1 of the exhibition \u{201c}Q1 exhibition\u{201d}."), "{xml}");
}
