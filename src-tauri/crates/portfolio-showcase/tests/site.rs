//! A demo showcase exported as a website and a PDF: every page parsed by an
//! HTML5 parser (html5ever, through dom_query) with no parse error, `lang`
//! set, alt text on every image, headings in order, landmarks, only relative
//! links to files that exist (the learner's own links marked external),
//! byte-identical exports, and refusals of a Private journal entry.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use dom_query::Document;
use portfolio_domain::{
    AnyRecord, AuthorRole, Evidence, Id, RecordData, RecordKind, ReflectionData, ShowcaseData, ShowcaseItem,
    ShowcaseItemKind, ShowcaseSection, Visibility,
};
use portfolio_media::{ImportOptions, MediaStore};
use portfolio_showcase::{build, gather, pdf, write_folder, zip_bytes, ShowcaseError, Site};
use portfolio_store::{Store, StoreError};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 9, 30, 0).single().unwrap_or_default()
}

fn jpeg(w: u32, h: u32, seed: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            ((x * 7 + seed * 31) % 256) as u8,
            ((y * 5 + seed * 17) % 256) as u8,
            (((x ^ y) + seed) % 256) as u8,
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img).unwrap_or_default();
    out
}

fn photo(media: &MediaStore, name: &str, bytes: &[u8], alt: &str, others: bool) -> Evidence {
    let item = media.import_bytes_with(name, bytes, &ImportOptions::default()).map(|i| i.item);
    let item = item.unwrap_or_else(|e| panic!("import {name}: {e}"));
    Evidence {
        sha256: item.sha256,
        name: name.into(),
        kind: if item.mime.starts_with("image/") { "image".into() } else { "file".into() },
        mime: item.mime,
        size: item.size,
        caption: format!("Pie de foto: {name}"),
        alt: alt.into(),
        shows_others: others,
        ..Default::default()
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    media: MediaStore,
    learner: Id,
    showcase: Id,
    private_entry: Id,
    group: (Id, String),
}

fn entry(store: &Store, learner: Id, title: &str, body: &str, visibility: Visibility) -> Id {
    let r = ReflectionData {
        date: NaiveDate::from_ymd_opt(2026, 5, 20).unwrap_or_default(),
        title: title.into(),
        body: body.into(),
        experience_ids: vec![],
        goal_ids: vec![],
        prompt: String::new(),
        visibility,
        evidence: vec![],
    };
    store.create(learner, AuthorRole::Student, RecordData::Reflection(r)).unwrap_or_else(|e| panic!("{e}")).meta().id
}

fn first(store: &Store, learner: Id, kind: RecordKind) -> AnyRecord {
    store.list(learner, kind, "").unwrap_or_default().into_iter().next().unwrap_or_else(|| panic!("no {kind:?}"))
}

/// The demo learner with photos on an experience (one without alt text, one
/// of other people), a PDF, a link, journal entries in Spanish, Vietnamese,
/// Arabic and Chinese, a signed badge and a showcase of it all.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = Store::open(dir.path().join("store")).unwrap_or_else(|e| panic!("{e}"));
    let learner = portfolio_demo::create_demo(&store, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"))
        .id;
    let media = MediaStore::open(dir.path().join("media")).unwrap_or_else(|e| panic!("{e}"));
    let AnyRecord::Experience(mut exp) = first(&store, learner, RecordKind::Experience) else { panic!() };
    exp.data.evidence.push(photo(
        &media,
        "clinica.jpg",
        &jpeg(3000, 2000, 1),
        "Maya holds a kitten at the clinic",
        false,
    ));
    exp.data.evidence.push(photo(&media, "sin-alt.jpg", &jpeg(800, 600, 3), "", false));
    let group = photo(&media, "equipo.jpg", &jpeg(900, 1200, 4), "The clinic team on the steps", true);
    exp.data.evidence.push(group.clone());
    exp.data.evidence.push(photo(&media, "Báo cáo cuối kỳ.pdf", b"%PDF-1.4\n% demo\n", "", false));
    exp.data.evidence.push(Evidence {
        kind: "link".into(),
        url: "https://example.org/harbor-clinic?ref=maya&x=1".into(),
        name: "The clinic's page".into(),
        ..Default::default()
    });
    store.update(exp.meta.id, RecordData::Experience(exp.data.clone())).unwrap_or_else(|e| panic!("{e}"));

    let es = entry(
        &store,
        learner,
        "Lo que aprendí en la clínica",
        "Aprendí a **escuchar** a los dueños.\n\n- paciencia\n- cuidado",
        Visibility::Family,
    );
    let vi =
        entry(&store, learner, "Điều em học được", "Em đã học cách *quan sát* động vật.", Visibility::LearningTeam);
    let ar = entry(&store, learner, "ما تعلمته", "تعلمت أن أستمع إلى أصحاب الحيوانات.", Visibility::Family);
    let zh = entry(&store, learner, "我的学习", "我学会了照顾小猫。", Visibility::Family);
    let private_entry = entry(&store, learner, "Solo para mí", "Nadie más lo lee.", Visibility::Private);

    let key = portfolio_badges::IssuerKey::from_secret_bytes(&[7; 32]);
    let vc = portfolio_badges::issue_achievement(
        &key,
        &portfolio_badges::IssuerProfile::new(&key, "Harbor City Animal Clinic"),
        &portfolio_badges::AchievementInput {
            name: "Animal Care Assistant".into(),
            description: "40 hours of supervised animal care.".into(),
            criteria_narrative: "Cared for animals under a vet's supervision.".into(),
            image: None,
            achievement_type: Some("Badge".into()),
        },
        &portfolio_badges::issue::Recipient {
            name: Some("Maya Okafor".into()),
            email: Some("maya.okafor@example.org".into()),
        },
        now() - Duration::days(30),
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let badge = portfolio_backpack::import(&store, learner, vc.to_string().as_bytes(), now())
        .unwrap_or_else(|e| panic!("{e}"))
        .records[0]
        .meta()
        .id;
    let goal = first(&store, learner, RecordKind::Goal).meta().id;
    let exhibition = first(&store, learner, RecordKind::Exhibition).meta().id;

    let item = |kind, id| ShowcaseItem::record(kind, id);
    let mut noted = item(ShowcaseItemKind::Experience, exp.meta.id);
    noted.note = "For the admissions team: this is where I decided to study **veterinary science**.".into();
    let mut one_photo = item(ShowcaseItemKind::Evidence, exp.meta.id);
    one_photo.record_kind = Some(RecordKind::Experience);
    one_photo.sha256 = exp.data.evidence[0].sha256.clone();
    let mut exhibit = item(ShowcaseItemKind::ExhibitionItem, exhibition);
    exhibit.index = Some(0);
    let data = ShowcaseData {
        title: "Senior portfolio 2026".into(),
        audience: "Harbor City College admissions".into(),
        introduction: "# Hola, xin chào, مرحبا, 你好\n\nI am Maya. These are the pieces of work I am **proudest** of."
            .into(),
        sections: vec![
            ShowcaseSection {
                title: "Animal health".into(),
                introduction: "Two years at the clinic.".into(),
                items: vec![noted, one_photo, item(ShowcaseItemKind::Badge, badge), item(ShowcaseItemKind::Goal, goal)],
            },
            ShowcaseSection {
                title: "Journal".into(),
                introduction: String::new(),
                items: vec![
                    item(ShowcaseItemKind::JournalEntry, es),
                    item(ShowcaseItemKind::JournalEntry, vi),
                    item(ShowcaseItemKind::JournalEntry, ar),
                    item(ShowcaseItemKind::JournalEntry, zh),
                ],
            },
            ShowcaseSection { title: "Exhibition".into(), introduction: String::new(), items: vec![exhibit] },
        ],
    };
    let showcase = store
        .create(learner, AuthorRole::Student, RecordData::Showcase(data))
        .unwrap_or_else(|e| panic!("{e}"))
        .meta()
        .id;
    Fixture { _dir: dir, store, media, learner, showcase, private_entry, group: (exp.meta.id, group.sha256) }
}

fn export(f: &Fixture) -> (portfolio_showcase::Content, Site) {
    let content = gather(&f.store, Some(&f.media), f.learner, f.showcase, now()).unwrap_or_else(|e| panic!("{e}"));
    let site = build(&content, Some(&f.media)).unwrap_or_else(|e| panic!("{e}"));
    (content, site)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_default()
}

#[test]
fn every_page_is_valid_accessible_and_self_contained() {
    let f = fixture();
    let (content, site) = export(&f);
    if let Ok(out) = std::env::var("LP_SHOWCASE_OUT") {
        write_folder(&site, std::path::Path::new(&out)).unwrap_or_else(|e| panic!("{e}"));
    }
    let pages: Vec<&str> = site.pages().collect();
    assert!(pages.contains(&"index.html") && pages.contains(&"about.html"), "{pages:?}");
    assert_eq!(pages.len(), 2 + 9, "index, about and one page per item: {pages:?}");
    let mut all_text = String::new();
    let mut external = 0;
    for path in &pages {
        let html = String::from_utf8(site.files[*path].clone()).unwrap_or_default();
        let doc = Document::from(html.as_str());
        assert_eq!(doc.errors.borrow().len(), 0, "{path}: HTML5 parse errors {:?}", doc.errors.borrow());
        assert!(html.starts_with("<!DOCTYPE html>"), "{path}");
        assert_eq!(doc.select("html").attr("lang").map(|s| s.to_string()), Some("en".into()), "{path}");
        for landmark in ["header", "nav", "main", "footer"] {
            assert_eq!(doc.select(landmark).length(), 1, "{path}: one <{landmark}>");
        }
        assert!(!html.contains("<script") && !html.contains(" style=") && !html.contains("@import"), "{path}");
        for img in doc.select("img").iter() {
            let alt = img.attr("alt").map(|s| s.to_string());
            assert!(alt.as_deref().is_some_and(|a| !a.trim().is_empty()), "{path}: an <img> without alt");
        }
        // Headings start at h1, once, and never skip a level going down.
        let mut last = 0;
        let mut h1 = 0;
        for h in doc.select("h1, h2, h3, h4, h5, h6").iter() {
            let level: u32 =
                h.nodes().first().and_then(|n| n.node_name()).unwrap_or_default()[1..].parse().unwrap_or(0);
            assert!(level <= last + 1, "{path}: h{level} after h{last}");
            h1 += u32::from(level == 1);
            last = level;
        }
        assert_eq!(h1, 1, "{path}: one h1");
        for el in doc.select("[src], [href]").iter() {
            let url = el.attr("src").or_else(|| el.attr("href")).map(|s| s.to_string()).unwrap_or_default();
            let absolute = url.contains("://") || url.starts_with("//") || url.starts_with('/') || url.contains(':');
            if absolute {
                assert!(url.starts_with("https://") || url.starts_with("http://"), "{path}: {url}");
                assert!(el.has_class("external"), "{path}: a remote link not marked external: {url}");
                assert!(el.text().contains("(external site)"), "{path}: {url}");
                assert_eq!(
                    el.nodes().first().and_then(|n| n.node_name()).as_deref(),
                    Some("a"),
                    "{path}: remote {url} is not a link"
                );
                external += 1;
                continue;
            }
            let target = percent_decode(url.split('#').next().unwrap_or(""));
            assert!(target.is_empty() || site.files.contains_key(&target), "{path}: {url} points at nothing");
        }
        all_text.push_str(&doc.select("body").text());
    }
    assert!(external >= 1, "the learner's link is there");
    let css = String::from_utf8(site.files["style.css"].clone()).unwrap_or_default();
    assert!(!css.contains("url(") && !css.contains("@import") && css.contains("@media print"));
    for s in
        ["Lo que aprendí en la clínica", "Điều em học được", "ما تعلمته", "我的学习", "Hola, xin chào, مرحبا, 你好"]
    {
        assert!(all_text.contains(s), "{s} is shown");
    }
    assert!(!all_text.contains("Solo para mí"), "the Private entry is nowhere");
    // Photos: the one with alt text at screen size linking to print size;
    // neither the one without alt text nor the one of other people.
    let exp_page = pages.iter().find(|p| p.contains("item-01")).unwrap_or_else(|| panic!("{pages:?}"));
    let exp_html = String::from_utf8(site.files[*exp_page].clone()).unwrap_or_default();
    let doc = Document::from(exp_html.as_str());
    let imgs: Vec<String> =
        doc.select("figure img").iter().map(|i| i.attr("alt").unwrap_or_default().to_string()).collect();
    assert_eq!(imgs, ["Maya holds a kitten at the clinic"]);
    let src = doc.select("figure img").attr("src").unwrap_or_default().to_string();
    let print = doc.select("figure a.print-size").attr("href").unwrap_or_default().to_string();
    assert!(src.ends_with("-screen.jpg") && print.ends_with("-print.jpg"), "{src} {print}");
    assert!(exp_html.contains("Print size (2400 \u{d7} 1600 pixels)"), "{exp_html}");
    assert!(content.left_out.iter().any(|s| s.contains("without alternative text")), "{:?}", content.left_out);
    assert!(content.left_out.iter().any(|s| s.contains("showing other people")), "{:?}", content.left_out);
    // The PDF, with its original name, as a download.
    assert!(
        site.files.keys().any(|k| k.starts_with("files/") && k.ends_with("/Báo cáo cuối kỳ.pdf")),
        "{:?}",
        site.files.keys()
    );
    // The badge: its original file byte for byte, verified at export time.
    let badge_page = pages.iter().find(|p| p.contains("animal-care")).unwrap_or_else(|| panic!("{pages:?}"));
    let badge_html = String::from_utf8(site.files[*badge_page].clone()).unwrap_or_default();
    assert!(badge_html.contains("<strong>Verified</strong>"), "{badge_html}");
    assert!(badge_html.contains("Checked on 1 June 2026"), "{badge_html}");
    let AnyRecord::Badge(b) = first(&f.store, f.learner, RecordKind::Badge) else { panic!() };
    let original = site.files.iter().find(|(k, _)| k.starts_with("badges/")).map(|(_, v)| v.clone());
    assert!(original.is_some() && original == b.data.original_credential, "the badge's original file");
    let about = String::from_utf8(site.files["about.html"].clone()).unwrap_or_default();
    assert!(about.contains("1 June 2026") && about.contains("at its issuer"), "{about}");
}

#[test]
fn two_exports_are_byte_identical_as_folders_and_zips() {
    let f = fixture();
    let (_, a) = export(&f);
    let (_, b) = export(&f);
    assert!(a == b, "two exports differ");
    let (za, zb) = (zip_bytes(&a, "senior-portfolio-2026"), zip_bytes(&b, "senior-portfolio-2026"));
    let za = za.unwrap_or_else(|e| panic!("{e}"));
    assert!(Some(&za) == zb.as_ref().ok(), "two zips differ");
    // The folder: written over an earlier export, the same files again; a
    // folder holding something else is refused.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("site");
    write_folder(&a, &out).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(out.join(".git")).unwrap_or_default();
    write_folder(&b, &out).unwrap_or_else(|e| panic!("{e}"));
    let mut on_disk = BTreeSet::new();
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(&out).unwrap_or(&p).to_string_lossy().replace('\\', "/");
                assert!(std::fs::read(&p).ok().as_ref() == a.files.get(&rel), "{rel}");
                on_disk.insert(rel);
            }
        }
    }
    assert_eq!(on_disk, a.files.keys().cloned().collect::<BTreeSet<_>>());
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap_or_default();
    std::fs::write(other.join("notes.txt"), "mine").unwrap_or_default();
    let err = write_folder(&a, &other).unwrap_err();
    assert!(err.to_string().contains("is not empty"), "{err}");
    // The PDF of the same content (printpdf gives each file a random /ID, so
    // only the site is byte-identical).
    let (content, _) = export(&f);
    let (p1, report) = pdf::render(&content, Some(&f.media), portfolio_documents::Paper::A4, now());
    assert!(p1.starts_with(b"%PDF"));
    if let Ok(out) = std::env::var("LP_SHOWCASE_OUT") {
        std::fs::write(format!("{out}.pdf"), &p1).unwrap_or_default();
    }
    assert!(report.pages >= 3, "{report:?}");
    assert_eq!(report.photos, 2, "the clinic photo on its experience and as its own item: {report:?}");
}

#[test]
fn a_private_entry_is_refused_and_photos_of_others_only_when_chosen() {
    let f = fixture();
    let AnyRecord::Showcase(s) = f.store.get(RecordKind::Showcase, f.showcase).unwrap_or_else(|e| panic!("{e}")) else {
        panic!()
    };
    // Chosen by mistake: refused with one sentence, naming the item.
    let mut data = s.data.clone();
    data.sections[1].items.push(ShowcaseItem::record(ShowcaseItemKind::JournalEntry, f.private_entry));
    let err = f.store.update(f.showcase, RecordData::Showcase(data)).unwrap_err();
    let StoreError::NotShowable { field, message } = &err else { panic!("{err:?}") };
    assert_eq!(field, "sections[1].items[4]");
    assert!(message.starts_with("\u{201c}Solo para mí\u{201d} is a private journal entry"), "{message}");
    // An entry made Private after it was chosen: the export refuses.
    let AnyRecord::Reflection(mut r) = f.store.get(RecordKind::Reflection, s.data.sections[1].items[0].id).unwrap()
    else {
        panic!()
    };
    r.data.visibility = Visibility::Private;
    f.store.update(r.meta.id, RecordData::Reflection(r.data.clone())).unwrap_or_else(|e| panic!("{e}"));
    let err = gather(&f.store, Some(&f.media), f.learner, f.showcase, now()).unwrap_err();
    assert!(matches!(&err, ShowcaseError::NotShowable { field, .. } if field == "sections[1].items[0]"), "{err:?}");
    assert!(err.to_string().contains("is a private journal entry"), "{err}");
    r.data.visibility = Visibility::Family;
    f.store.update(r.meta.id, RecordData::Reflection(r.data)).unwrap_or_else(|e| panic!("{e}"));
    // The photo of other people as its own item, included on purpose.
    let mut data = s.data.clone();
    let mut group = ShowcaseItem::record(ShowcaseItemKind::Evidence, f.group.0);
    group.record_kind = Some(RecordKind::Experience);
    group.sha256 = f.group.1.clone();
    data.sections[0].items.push(group.clone());
    let err = f.store.update(f.showcase, RecordData::Showcase(data.clone())).unwrap_err();
    assert!(matches!(err, StoreError::NotShowable { .. }), "{err:?}");
    group.include_photos_of_others = true;
    data.sections[0].items.pop();
    data.sections[0].items.push(group);
    f.store.update(f.showcase, RecordData::Showcase(data)).unwrap_or_else(|e| panic!("{e}"));
    let (_, site) = export(&f);
    let shown = site.files.keys().any(|k| k.starts_with(&format!("media/{}-screen", f.group.1)));
    assert!(shown, "the group photo, chosen on purpose, is in the site");
    // Another learner's showcase id gives not found.
    let other = f.store.create_learner(portfolio_demo::demo_profile()).unwrap_or_else(|e| panic!("{e}")).id;
    let err = gather(&f.store, Some(&f.media), other, f.showcase, now()).unwrap_err();
    assert!(matches!(err, ShowcaseError::NotFound(_)), "{err:?}");
}
