//! Unit tests of attaching, listing, photos, viewing and clean-up.

use super::*;
use portfolio_domain::{AnyRecord, Id, RecordKind};
use portfolio_media::MediaStore;
use portfolio_store::Store;

/// The error's kind as the app would classify it (tests only).
fn kind(e: &EvidenceError) -> &'static str {
    e.kind()
}

trait Kind {
    fn kind(&self) -> &'static str;
}

impl Kind for EvidenceError {
    fn kind(&self) -> &'static str {
        match self {
            EvidenceError::NotFound(_) | EvidenceError::Store(portfolio_store::StoreError::NotFound { .. }) => {
                "NotFound"
            }
            EvidenceError::Refused(_) | EvidenceError::Media(_) => "InvalidInput",
            _ => "Other",
        }
    }
}

fn open_media(store: &Store) -> Result<MediaStore> {
    Ok(MediaStore::open(store.path().parent().unwrap().join("media"))?)
}
use portfolio_domain::{AuthorRole, LearnerProfile, RecordData};

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

#[test]
fn photos_attach_once_survive_and_list() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path().join("store")).unwrap();
    let media = open_media(&store).unwrap();
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
    let id = exp.meta().id;
    let photo = jpeg(800, 600);
    let first = attach_bytes(&store, &media, RecordKind::Experience, id, "prototype.jpg", &photo).unwrap();
    assert_eq!(first.status, "added");
    assert_eq!(first.evidence.kind, "image");
    let again = attach_bytes(&store, &media, RecordKind::Experience, id, "copy.jpg", &photo).unwrap();
    assert_eq!(again.status, "already_attached");
    let AnyRecord::Experience(e) = store.get(RecordKind::Experience, id).unwrap() else { panic!() };
    assert_eq!(e.data.evidence.len(), 1);
    assert_eq!(std::fs::read(media.original_path(&first.evidence.sha256)).unwrap(), photo, "original byte-exact");
    let thumb = derivative_path(&media, &first.evidence.sha256, "thumb").unwrap();
    assert!(is_inside(media.root(), &thumb));
    let rows = list(&store, l.id).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].record_title, "Clinic");
    assert!(missing_files(&store, &media).unwrap().is_empty());
    std::fs::remove_file(media.original_path(&first.evidence.sha256)).unwrap();
    let missing = missing_files(&store, &media).unwrap();
    assert_eq!(missing.len(), 1);
    assert!(
        missing[0].starts_with(
            "The file \u{201c}prototype.jpg\u{201d} attached to experience \u{201c}Clinic\u{201d} is missing"
        ),
        "{missing:?}"
    );
    // A refused file says why and attaches nothing.
    let err = attach_bytes(&store, &media, RecordKind::Experience, id, "empty.jpg", b"").unwrap_err();
    assert_eq!(kind(&err), "InvalidInput");
    assert_eq!(list(&store, l.id).unwrap().len(), 1);
}

#[test]
fn a_learners_photo_is_a_picture_kept_checked_and_cleaned_up_when_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path().join("store")).unwrap();
    let media = open_media(&store).unwrap();
    let l = store.create_learner(LearnerProfile { name: "Ana Lima".into(), ..Default::default() }).unwrap();
    let photo = jpeg(300, 400);

    let err = set_learner_photo(&store, &media, l.id, "notes.txt", b"not a picture").unwrap_err();
    assert_eq!(kind(&err), "InvalidInput");
    assert!(err.to_string().contains("\u{201c}notes.txt\u{201d} is not a picture"), "{}", err.to_string());
    let err = set_learner_photo(&store, &media, l.id, "empty.jpg", b"").unwrap_err();
    assert!(err.to_string().contains("empty"), "{}", err.to_string());
    assert_eq!(set_learner_photo(&store, &media, Id::now_v7(), "me.jpg", &photo).unwrap_err().kind(), "NotFound");
    assert_eq!(store.learner(l.id).unwrap().profile.photo_sha256, "");

    let saved = set_learner_photo(&store, &media, l.id, "me.jpg", &photo).unwrap();
    let sha = saved.profile.photo_sha256.clone();
    assert_eq!(store.learner(l.id).unwrap().profile.photo_sha256, sha);
    assert_eq!(std::fs::read(media.original_path(&sha)).unwrap(), photo);
    assert!(derivative_path(&media, &sha, "thumb").unwrap().is_file());
    assert!(referenced_files(&store).unwrap().contains(&sha));
    assert!(missing_files(&store, &media).unwrap().is_empty());

    // Missing from the media folder: the start-up check says so.
    let kept = std::fs::read(media.original_path(&sha)).unwrap();
    std::fs::remove_file(media.original_path(&sha)).unwrap();
    let missing = missing_files(&store, &media).unwrap();
    assert_eq!(missing.len(), 1);
    assert!(missing[0].starts_with("The photo of Ana Lima is missing from"), "{missing:?}");
    std::fs::write(media.original_path(&sha), kept).unwrap();

    // Kept by the clean-up while used; removing the photo keeps the file until the grace period ends.
    let day = std::time::Duration::from_secs(24 * 60 * 60);
    let t0 = std::time::UNIX_EPOCH + 20_000 * day;
    let grace = 30 * day;
    collect_garbage(&store, &media, t0, grace, false, &media.root().join("viewing")).unwrap();
    assert!(media.original_path(&sha).is_file());
    let cleared = remove_learner_photo(&store, l.id).unwrap();
    assert_eq!(cleared.profile.photo_sha256, "");
    assert!(media.original_path(&sha).is_file(), "removing never deletes the file");
    collect_garbage(&store, &media, t0 + day, grace, false, &media.root().join("viewing")).unwrap();
    assert!(media.original_path(&sha).is_file(), "within the grace period");
    collect_garbage(&store, &media, t0 + 32 * day, grace, false, &media.root().join("viewing")).unwrap();
    assert!(!media.original_path(&sha).exists(), "unused for longer than the grace period");
    assert_eq!(remove_learner_photo(&store, l.id).unwrap().profile.photo_sha256, "");
}

#[test]
fn targets_parse_and_name_plan_goals_and_exhibition_items() {
    let id = Id::now_v7();
    assert_eq!(Target::parse(&format!("experience:{id}")).unwrap(), Target::record(RecordKind::Experience, id));
    let t = Target::parse(&format!("plan:{id}#g-field")).unwrap();
    assert_eq!((t.kind, t.part.as_deref()), (RecordKind::Plan, Some("g-field")));
    for bad in ["plan", "plan:nope#1", "nothing:1", ""] {
        assert_eq!(Target::parse(bad).unwrap_err().kind(), "InvalidInput", "{bad}");
    }
}

#[test]
fn evidence_on_plan_goals_and_exhibition_items() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, learner, plan, ex) = crate::test_support::loop_store(tmp.path());
    let media = open_media(&store).unwrap();
    let photo = jpeg(400, 300);
    let at = |s: String| Target::parse(&s).unwrap();

    // By goal id and by number; a signed plan stays signed (evidence is not what a signature covers).
    let a = attach_bytes_to(&store, &media, &at(format!("plan:{plan}#g-field")), "site.jpg", &photo).unwrap();
    assert_eq!(a.status, "added");
    let b = attach_bytes_to(&store, &media, &at(format!("plan:{plan}#2")), "notes.txt", b"council notes").unwrap();
    assert_eq!(b.evidence.kind, "file");
    let AnyRecord::Plan(p) = store.get(RecordKind::Plan, plan).unwrap() else { panic!("a plan") };
    assert_eq!((p.data.revision, p.data.signoffs.len()), (1, 1));
    assert_eq!(p.data.content.goals[0].evidence[0].name, "site.jpg");
    assert_eq!(p.data.content.goals[1].evidence[0].name, "notes.txt");

    // The same photo on the second exhibition item: stored once, shared.
    let c = attach_bytes_to(&store, &media, &at(format!("exhibition:{ex}#2")), "again.jpg", &photo).unwrap();
    assert_eq!(c.status, "duplicate");
    let AnyRecord::Exhibition(x) = store.get(RecordKind::Exhibition, ex).unwrap() else { panic!("an exhibition") };
    assert!(x.data.items[0].evidence.is_empty());
    assert_eq!(x.data.items[1].evidence[0].sha256, a.evidence.sha256);

    // Wrong places say why and change nothing.
    for (target, says) in [
        (format!("plan:{plan}"), "Say which plan goal"),
        (format!("plan:{plan}#9"), "no goal \u{201c}9\u{201d}"),
        (format!("exhibition:{ex}#0"), "no item 0"),
        (format!("exhibition:{ex}"), "Say which exhibition item"),
    ] {
        let err = attach_bytes_to(&store, &media, &at(target.clone()), "x.jpg", &photo).unwrap_err();
        assert!(err.to_string().contains(says), "{target}: {}", err.to_string());
    }

    let rows = list(&store, learner).unwrap();
    let places: Vec<String> = rows.iter().map(EvidenceRow::place).collect();
    assert_eq!(
        places,
        [
            "plan goal \u{201c}Run a field study\u{201d}",
            "plan goal \u{201c}Talk to the council\u{201d}",
            "item 2 of exhibition \u{201c}Q1 exhibition\u{201d}"
        ]
    );
    assert_eq!(rows[0].target(), format!("plan:{plan}#g-field"));
    assert_eq!(rows[2].target(), format!("exhibition:{ex}#2"));

    std::fs::remove_file(media.original_path(&b.evidence.sha256)).unwrap();
    let missing = missing_files(&store, &media).unwrap();
    assert_eq!(missing.len(), 1);
    assert!(missing[0].contains("attached to plan goal \u{201c}Talk to the council\u{201d}"), "{missing:?}");
}

#[test]
fn only_the_learners_own_stored_evidence_is_handed_to_a_viewer() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, learner, plan, _) = crate::test_support::loop_store(tmp.path());
    let media = open_media(&store).unwrap();
    let t = Target::parse(&format!("plan:{plan}#1")).unwrap();
    let pdf = b"%PDF-1.4 letter".to_vec();
    let out = attach_bytes_to(&store, &media, &t, "../Mentor: letter.pdf", &pdf).unwrap();
    let sha = out.evidence.sha256;
    let other = store.create_learner(LearnerProfile { name: "Ana".into(), ..Default::default() }).unwrap();
    assert_eq!(original_of(&store, &media, other.id, &sha).unwrap_err().kind(), "NotFound");
    assert_eq!(original_of(&store, &media, learner, "nope").unwrap_err().kind(), "NotFound");
    assert_eq!(original_of(&store, &media, Id::now_v7(), &sha).unwrap_err().kind(), "NotFound");
    let (path, ev) = original_of(&store, &media, learner, &sha).unwrap();
    assert_eq!((path, ev.name.as_str()), (media.original_path(&sha), "../Mentor: letter.pdf"));

    let views = tmp.path().join("views");
    let copy = viewing_copy(&store, &media, learner, &sha, &views).unwrap();
    assert_eq!(copy, views.join(&sha).join(".._Mentor_ letter.pdf".trim_start_matches('.')));
    assert_eq!(std::fs::read(&copy).unwrap(), pdf);
    assert!(std::fs::metadata(&copy).unwrap().permissions().readonly());
    assert_eq!(viewing_copy(&store, &media, learner, &sha, &views).unwrap(), copy, "made once");
    std::fs::remove_file(media.original_path(&sha)).unwrap();
    assert!(original_of(&store, &media, learner, &sha).unwrap_err().to_string().contains("missing"));
}

#[test]
fn garbage_collection_keeps_every_learners_files_and_plan_history() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _, plan, ex) = crate::test_support::loop_store(tmp.path());
    let media = open_media(&store).unwrap();
    let at = |s: String| Target::parse(&s).unwrap();
    let day = std::time::Duration::from_secs(24 * 60 * 60);
    let t0 = std::time::UNIX_EPOCH + 20_000 * day;
    let grace = 30 * day;
    let on_goal = attach_bytes_to(&store, &media, &at(format!("plan:{plan}#1")), "goal.jpg", &jpeg(40, 30)).unwrap();
    let on_item = attach_bytes_to(&store, &media, &at(format!("exhibition:{ex}#1")), "a.txt", b"item").unwrap();
    // Another learner's experience.
    let other = store.create_learner(LearnerProfile { name: "Ana".into(), ..Default::default() }).unwrap();
    let exp = store
        .create(
            other.id,
            AuthorRole::Student,
            RecordData::from_json(
                RecordKind::Experience,
                serde_json::json!({"title": "Pond", "start_date": "2026-09-01"}),
            )
            .unwrap(),
        )
        .unwrap();
    let theirs = attach_bytes(&store, &media, RecordKind::Experience, exp.meta().id, "pond.txt", b"pond").unwrap();
    // Removed from the exhibition item: unreferenced from now on.
    let AnyRecord::Exhibition(mut x) = store.get(RecordKind::Exhibition, ex).unwrap() else { panic!("exhibition") };
    x.data.items[0].evidence.clear();
    store.update(ex, RecordData::Exhibition(x.data)).unwrap();
    // The plan goal's photo survives in the signed history after an edit removes it.
    let AnyRecord::Plan(mut p) = store.get(RecordKind::Plan, plan).unwrap() else { panic!("plan") };
    p.data.content.goals[0].evidence.clear();
    p.data.content.goals[0].title = "Run two field studies".into();
    let saved = store.update(plan, RecordData::Plan(p.data)).unwrap();
    let AnyRecord::Plan(saved) = saved else { panic!("plan") };
    assert_eq!(saved.data.history.len(), 1, "a signed plan keeps the old revision");

    let first = collect_garbage(&store, &media, t0, grace, false, &media.root().join("viewing")).unwrap();
    assert_eq!((first.removed.len(), first.waiting.len(), first.in_use), (0, 1, 2));
    let later = collect_garbage(&store, &media, t0 + 31 * day, grace, false, &media.root().join("viewing")).unwrap();
    assert_eq!(later.removed.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), ["a.txt"]);
    assert!(!media.original_path(&on_item.evidence.sha256).exists());
    for kept in [&on_goal.evidence.sha256, &theirs.evidence.sha256] {
        assert!(media.original_path(kept).is_file());
    }
    assert!(missing_files(&store, &media).unwrap().is_empty());
}

/// Attaching is one read-modify-write: eight files attached to one record
/// at the same moment (eight threads) are all kept.
#[test]
fn concurrent_attaches_to_one_record_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path().join("store")).unwrap();
    let media = open_media(&store).unwrap();
    let l = store.create_learner(LearnerProfile { name: "Mariana Pérez".into(), ..Default::default() }).unwrap();
    let data = RecordData::from_json(
        RecordKind::Experience,
        serde_json::json!({"title": "Pasantía en la clínica", "start_date": "2026-09-01"}),
    )
    .unwrap();
    let exp = store.create(l.id, AuthorRole::Student, data).unwrap();
    let id = exp.meta().id;
    let files: Vec<Vec<u8>> = (0..8).map(|i| jpeg(40 + i, 30)).collect();
    std::thread::scope(|s| {
        for (i, bytes) in files.iter().enumerate() {
            let (store, media) = (store.clone(), media.clone());
            s.spawn(move || {
                attach_bytes(&store, &media, RecordKind::Experience, id, &format!("foto-{i}.jpg"), bytes).unwrap();
            });
        }
    });
    let AnyRecord::Experience(e) = store.get(RecordKind::Experience, id).unwrap() else { panic!("experience") };
    let mut names: Vec<&str> = e.data.evidence.iter().map(|e| e.name.as_str()).collect();
    names.sort();
    assert_eq!(names, (0..8).map(|i| format!("foto-{i}.jpg")).collect::<Vec<_>>());
}

/// A name the record could not keep is refused before the file is stored:
/// nothing is left in the media folder.
#[test]
fn a_file_name_with_control_characters_is_refused_before_anything_is_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path().join("store")).unwrap();
    let media = open_media(&store).unwrap();
    let l = store.create_learner(LearnerProfile { name: "Ana".into(), ..Default::default() }).unwrap();
    let data = RecordData::from_json(
        RecordKind::Experience,
        serde_json::json!({"title": "Clinic", "start_date": "2026-09-01"}),
    )
    .unwrap();
    let exp = store.create(l.id, AuthorRole::Student, data).unwrap();
    let photo = jpeg(30, 20);
    for name in ["red\u{1b}[31m.jpg", "two\nlines.jpg", "nul\u{0}.jpg"] {
        let err = attach_bytes(&store, &media, RecordKind::Experience, exp.meta().id, name, &photo).unwrap_err();
        assert!(matches!(err, EvidenceError::Validation(_)), "{name:?}: {err}");
    }
    let stored: Vec<_> = walk(&media.root().join("originals"));
    assert!(stored.is_empty(), "nothing stored: {stored:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}
