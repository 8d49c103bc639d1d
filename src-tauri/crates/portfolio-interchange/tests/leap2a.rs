use std::io::{Cursor, Read};

use chrono::{NaiveDate, Utc};
use portfolio_domain::{AnyRecord, RecordKind};
use portfolio_interchange::{export_leap2a, import_leap2a, InterchangeError, Limits};
use portfolio_media::MediaStore;
use portfolio_store::Store;

fn demo() -> (tempfile::TempDir, Store, MediaStore, portfolio_domain::Learner) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("store")).unwrap();
    let media = MediaStore::open(dir.path().join("media")).unwrap();
    let l = portfolio_demo::create_demo(&store, NaiveDate::from_ymd_opt(2026, 6, 20).unwrap()).unwrap();
    (dir, store, media, l)
}

fn feed_of(zip: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    let mut s = String::new();
    z.by_name("leap2a.xml").unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn demo_export_is_well_formed_with_expected_entries() {
    let (_d, store, media, l) = demo();
    let (zip, summary) = export_leap2a(&store, &media, l.id, Utc::now()).unwrap();
    let xml = feed_of(&zip);
    // Parse it back with quick-xml and count rdf:type values.
    let mut r = quick_xml::Reader::from_str(&xml);
    let mut types = std::collections::BTreeMap::<String, usize>::new();
    loop {
        match r.read_event().unwrap() {
            quick_xml::events::Event::Empty(e) if e.name().as_ref() == "rdf:type" => {
                let v = e.try_get_attribute("rdf:resource").unwrap().unwrap();
                *types.entry(v.value.to_string()).or_default() += 1;
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    let count = |k| store.list(l.id, k, "").unwrap().len();
    let steps: usize = store
        .list(l.id, RecordKind::Goal, "")
        .unwrap()
        .iter()
        .map(|g| if let AnyRecord::Goal(g) = g { g.data.steps.len() } else { 0 })
        .sum();
    assert!(count(RecordKind::Experience) > 0 && count(RecordKind::Reflection) > 0);
    assert_eq!(types["leap2:person"], 1);
    assert_eq!(types["leap2:activity"], count(RecordKind::Experience));
    assert_eq!(types["leap2:entry"], count(RecordKind::Reflection));
    assert_eq!(types["leap2:plan"], count(RecordKind::Goal) + steps);
    assert_eq!(types["leap2:achievement"], count(RecordKind::Badge));
    assert_eq!(types["leap2:selection"], count(RecordKind::Exhibition) + 1, "exhibitions + the journal");
    assert_eq!(summary.activities, count(RecordKind::Experience));
    assert!(xml.contains("<leap2:version>http://www.leapspecs.org/2010-07/2A/</leap2:version>"));
    assert!(xml.contains("leap2:reflects_on"));
}

#[test]
fn round_trip_preserves_the_portfolio() {
    let (_d, store, media, l) = demo();
    let (zip, _) = export_leap2a(&store, &media, l.id, Utc::now()).unwrap();
    let report = import_leap2a(&store, &media, &zip, Limits::default()).unwrap();
    assert_eq!(report.learner.profile.name, l.profile.name);
    assert_eq!(report.learner.profile.emails, l.profile.emails);
    for kind in RecordKind::PORTFOLIO {
        let a = store.list(l.id, kind, "").unwrap();
        let b = store.list(report.learner.id, kind, "").unwrap();
        assert_eq!(a.len(), b.len(), "{kind:?}");
        let key = |r: &AnyRecord| match r {
            AnyRecord::Experience(e) => {
                let d = &e.data;
                format!(
                    "{:?}|{}|{}|{}|{:?}|{}|{:?}",
                    d.kind, d.title, d.organisation, d.start_date, d.end_date, d.description, d.mentor
                )
            }
            AnyRecord::Reflection(r) => {
                format!("{}|{}|{}|{}", r.data.title, r.data.date, r.data.body, r.data.experience_ids.len())
            }
            AnyRecord::Goal(g) => format!("{}|{:?}", g.data.statement, g.data.steps),
            AnyRecord::Badge(b) => format!("{}|{}|{}", b.data.name, b.data.issuer_name, b.data.issued_on),
            _ => String::new(),
        };
        let mut ka: Vec<String> = a.iter().map(key).collect();
        let mut kb: Vec<String> = b.iter().map(key).collect();
        ka.sort();
        kb.sort();
        assert_eq!(ka, kb, "{kind:?}");
    }
}

const MAHARA: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"
    xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns:leap2="http://terms.leapspecs.org/"
    xmlns:categories="http://wiki.leapspecs.org/2A/categories/"
    xmlns:portfolio="http://mahara.example/export/leap/7/1700000000/"
    xmlns:mahara="http://wiki.mahara.org/Developer_Area/Import%2F%2FExport/LEAP_Extensions#">
    <leap2:version>http://www.leapspecs.org/2010-07/2A/</leap2:version>
    <id>http://mahara.example/export/7/1700000000</id>
    <title>Mahara Leap2A Export for Ana Díaz</title>
    <updated>2026-05-01T10:00:00+00:00</updated>
    <generator uri="http://mahara.org/" version="2024.04">Mahara</generator>
    <author><name>Ana Díaz</name><email>ana@example.org</email></author>
    <entry>
        <title>Ana Díaz</title>
        <id>portfolio:artefactinternal</id>
        <updated>2026-05-01T10:00:00+00:00</updated>
        <content type="text"></content>
        <rdf:type rdf:resource="leap2:person"/>
        <leap2:persondata leap2:field="legal_given_name">Ana</leap2:persondata>
        <leap2:persondata leap2:field="legal_family_name">Díaz &amp; Cruz</leap2:persondata>
        <leap2:persondata leap2:field="email">ana@example.org</leap2:persondata>
    </entry>
    <entry>
        <title>Barista: Café Sol</title>
        <id>portfolio:resumecompositeemploymenthistory3</id>
        <updated>2026-05-01T10:00:00+00:00</updated>
        <content type="html">&lt;p&gt;Morning shifts, &lt;strong&gt;latte art&lt;/strong&gt;.&lt;/p&gt;</content>
        <rdf:type rdf:resource="leap2:activity"/>
        <mahara:artefactplugin mahara:type="resumeemploymenthistory" mahara:plugin="resume"/>
        <category term="Work" scheme="categories:life_area#"/>
        <leap2:date leap2:point="start">2025-01-10</leap2:date>
        <leap2:date leap2:point="end">2025-08-30</leap2:date>
    </entry>
    <entry>
        <title>Diploma of Design: City College</title>
        <id>portfolio:resumecompositeeducationhistory4</id>
        <updated>2026-05-01T10:00:00+00:00</updated>
        <content type="text">Two years part time.</content>
        <rdf:type rdf:resource="leap2:activity"/>
        <mahara:artefactplugin mahara:type="educationhistory" mahara:plugin="resume"/>
        <leap2:date leap2:point="start">2023-02-01</leap2:date>
    </entry>
    <entry>
        <title>First Aid Certificate</title>
        <id>portfolio:resumecertification5</id>
        <updated>2026-05-01T10:00:00+00:00</updated>
        <content type="text">Level 2</content>
        <rdf:type rdf:resource="leap2:achievement"/>
        <mahara:artefactplugin mahara:type="certification" mahara:plugin="resume"/>
        <leap2:orgname>Red Cross</leap2:orgname>
        <leap2:date leap2:point="start">2024-03-15</leap2:date>
    </entry>
    <entry>
        <title>Hackathon winner</title>
        <id>portfolio:resumecertification6</id>
        <updated>2026-05-01T10:00:00+00:00</updated>
        <content type="text"></content>
        <rdf:type rdf:resource="leap2:achievement"/>
        <mahara:artefactplugin mahara:type="certification" mahara:plugin="resume"/>
        <leap2:date leap2:point="start">2024-11-02</leap2:date>
    </entry>
    <entry>
        <title>Learn to code</title>
        <id>portfolio:artefact20</id>
        <updated>2026-05-01T10:00:00+00:00</updated>
        <content type="html">&lt;p&gt;Web basics&lt;/p&gt;</content>
        <rdf:type rdf:resource="leap2:plan"/>
        <mahara:artefactplugin mahara:type="plan" mahara:plugin="plans"/>
        <link rel="leap2:has_part" href="portfolio:artefact21"/>
        <link rel="leap2:has_part" href="portfolio:artefact22"/>
    </entry>
    <entry>
        <title>HTML course</title>
        <id>portfolio:artefact21</id>
        <updated>2026-05-01T10:00:00+00:00</updated>
        <content type="text"></content>
        <rdf:type rdf:resource="leap2:plan"/>
        <mahara:artefactplugin mahara:type="task" mahara:plugin="plans"/>
        <link rel="leap2:is_part_of" href="portfolio:artefact20"/>
        <leap2:date leap2:point="target">2026-06-01</leap2:date>
        <leap2:status leap2:stage="completed"/>
    </entry>
    <entry>
        <title>Build a site</title>
        <id>portfolio:artefact22</id>
        <updated>2026-05-01T10:00:00+00:00</updated>
        <content type="text"></content>
        <rdf:type rdf:resource="leap2:plan"/>
        <mahara:artefactplugin mahara:type="task" mahara:plugin="plans"/>
        <link rel="leap2:is_part_of" href="portfolio:artefact20"/>
    </entry>
    <entry>
        <title>My journal</title>
        <id>portfolio:artefact30</id>
        <updated>2026-05-01T10:00:00+00:00</updated>
        <content type="text"></content>
        <rdf:type rdf:resource="leap2:selection"/>
        <mahara:artefactplugin mahara:type="blog" mahara:plugin="blog"/>
        <category term="Blog" scheme="categories:selection_type#"/>
        <link rel="leap2:has_part" href="portfolio:artefact31"/>
    </entry>
    <entry>
        <title>Week 1 &lt;reflections&gt;</title>
        <id>portfolio:artefact31</id>
        <updated>2026-05-01T10:00:00+00:00</updated>
        <published>2025-02-03T09:30:00+00:00</published>
        <content type="html">&lt;p&gt;I &lt;em&gt;learned&lt;/em&gt; a lot.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;milk&lt;/li&gt;&lt;li&gt;beans&lt;/li&gt;&lt;/ul&gt;&lt;script&gt;alert(1)&lt;/script&gt;</content>
        <rdf:type rdf:resource="entry"/>
        <mahara:artefactplugin mahara:type="blogpost" mahara:plugin="blog"/>
        <link rel="leap2:is_part_of" href="portfolio:artefact30"/>
        <link rel="leap2:reflects_on" href="portfolio:resumecompositeemploymenthistory3"/>
        <link rel="enclosure" href="portfolio:artefact40"/>
    </entry>
    <entry>
        <title>photo.jpg</title>
        <id>portfolio:artefact40</id>
        <updated>2026-05-01T10:00:00+00:00</updated>
        <content src="files/photo.jpg" type="image/jpeg"/>
        <rdf:type rdf:resource="resource"/>
        <mahara:artefactplugin mahara:type="image" mahara:plugin="file"/>
        <link rel="enclosure" href="files/photo.jpg" type="image/jpeg"/>
    </entry>
</feed>"#;

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn imports_a_mahara_export() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("store")).unwrap();
    let media = MediaStore::open(dir.path().join("media")).unwrap();
    let zip = zip_with(&[("leap2a.xml", MAHARA.as_bytes()), ("files/photo.jpg", b"\xff\xd8\xff")]);
    let rep = import_leap2a(&store, &media, &zip, Limits::default()).unwrap();
    assert_eq!(rep.learner.profile.name, "Ana Díaz & Cruz");
    assert_eq!(rep.learner.profile.emails, ["ana@example.org"]);
    assert_eq!((rep.experiences, rep.reflections, rep.goals, rep.badges, rep.files_skipped), (3, 1, 1, 1, 1));
    let id = rep.learner.id;
    let exps: Vec<_> = store.list(id, RecordKind::Experience, "").unwrap();
    let find = |t: &str| {
        exps.iter()
            .find_map(|r| match r {
                AnyRecord::Experience(e) if e.data.title == t => Some(e.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{t} missing"))
    };
    let job = find("Barista");
    assert_eq!(job.data.organisation, "Café Sol");
    assert_eq!(job.data.kind, portfolio_domain::ExperienceKind::Job);
    assert_eq!(job.data.description, "Morning shifts, **latte art**.");
    assert_eq!(find("Diploma of Design").data.kind, portfolio_domain::ExperienceKind::Course);
    assert_eq!(find("Hackathon winner").data.kind, portfolio_domain::ExperienceKind::Other);
    let AnyRecord::Badge(b) = &store.list(id, RecordKind::Badge, "").unwrap()[0] else { panic!() };
    assert_eq!((b.data.name.as_str(), b.data.issuer_name.as_str()), ("First Aid Certificate", "Red Cross"));
    let AnyRecord::Goal(g) = &store.list(id, RecordKind::Goal, "").unwrap()[0] else { panic!() };
    assert_eq!(g.data.statement, "Learn to code");
    assert_eq!(g.data.why, "Web basics");
    assert_eq!(
        g.data.steps.iter().map(|s| (s.text.as_str(), s.done)).collect::<Vec<_>>(),
        [("HTML course", true), ("Build a site", false)]
    );
    let AnyRecord::Reflection(r) = &store.list(id, RecordKind::Reflection, "").unwrap()[0] else { panic!() };
    assert_eq!(r.data.title, "Week 1 <reflections>");
    assert_eq!(r.data.date, NaiveDate::from_ymd_opt(2025, 2, 3).unwrap());
    assert_eq!(r.data.body, "I *learned* a lot.\n\n- milk\n- beans");
    assert_eq!(r.data.experience_ids, [job.meta.id]);
}

#[test]
fn bad_input_is_refused_with_sentences_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("store")).unwrap();
    let media = MediaStore::open(dir.path().join("media")).unwrap();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>".to_vec(), "not well-formed"),
        (b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><x></y></feed>".to_vec(), "not well-formed"),
        (b"<html><body/></html>".to_vec(), "not an Atom feed"),
        (zip_with(&[("leap2a.xml", MAHARA.as_bytes()), ("../evil.txt", b"x")]), "unsafe file name"),
        (zip_with(&[("files/a.txt", b"x")]), "no leap2a.xml"),
        (
            MAHARA
                .replace("2025-02-03T09:30:00+00:00", "soon")
                .replace("<leap2:date leap2:point=\"start\">2023-02-01</leap2:date>", "")
                .into_bytes(),
            "no start date",
        ),
    ];
    for (bytes, expect) in cases {
        let err = import_leap2a(&store, &media, &bytes, Limits::default()).unwrap_err();
        assert!(err.to_string().contains(expect), "{err}");
        assert!(
            !matches!(
                err,
                portfolio_interchange::InterchangeError::Store(_) | portfolio_interchange::InterchangeError::Write(_)
            ),
            "a refusal of the input: {err:?}"
        );
    }
    let small = Limits { max_feed: 100, ..Limits::default() };
    let err = import_leap2a(&store, &media, &zip_with(&[("leap2a.xml", MAHARA.as_bytes())]), small).unwrap_err();
    assert!(matches!(err, InterchangeError::TooLarge { .. }), "{err}");
    assert!(store.learners().unwrap().is_empty());
}

/// The shape Mahara's importer (`htdocs/import/leap/lib.php`) requires:
/// `leap2:version` 2010-07; types as `leap2:` curies (its `is_rdf_type`
/// matches `leap2:entry`, `[leap2:entry]` or the full URI, never a bare
/// `entry`); the person found by the author's `uri` and the `person_type#Self`
/// category; journal posts `is_part_of` a blog selection.
#[test]
fn the_export_has_the_shape_mahara_imports() {
    let (_d, store, media, l) = demo();
    let (zip, _) = export_leap2a(&store, &media, l.id, Utc::now()).unwrap();
    let xml = feed_of(&zip);
    assert!(xml.contains("<leap2:version>http://www.leapspecs.org/2010-07/2A/</leap2:version>"));
    assert!(xml.contains("xmlns:leap2=\"http://terms.leapspecs.org/\""));
    assert!(xml.contains("xmlns:categories=\"http://wiki.leapspecs.org/2A/categories/\""));
    let mut r = quick_xml::Reader::from_str(&xml);
    let mut types = Vec::new();
    loop {
        match r.read_event().unwrap() {
            quick_xml::events::Event::Empty(e) if e.name().as_ref() == "rdf:type" => {
                types.push(e.try_get_attribute("rdf:resource").unwrap().unwrap().value.to_string());
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert!(!types.is_empty() && types.iter().all(|t| t.starts_with("leap2:")), "{types:?}");
    let person = xml.split("<entry>").find(|e| e.contains("leap2:person")).unwrap();
    assert!(person.contains("<id>portfolio:self</id>"));
    assert!(person.contains("<category term=\"Self\" scheme=\"categories:person_type#\"/>"));
    assert!(xml.contains("<uri>portfolio:self</uri>"));
    let journal = xml.split("<entry>").find(|e| e.contains("mahara:type=\"blog\"")).unwrap();
    assert!(journal.contains("<rdf:type rdf:resource=\"leap2:selection\"/>"));
    for post in xml.split("<entry>").filter(|e| e.contains("mahara:type=\"blogpost\"")) {
        assert!(post.contains("<link rel=\"leap2:is_part_of\" href=\"portfolio:journal\"/>"), "{post}");
    }
}
