//! Mahara exports in both namespace dialects (17.x: leapspecs.org; 18.10 and
//! later: web.archive.org copies), built here to resemble real exports (the
//! element names follow Mahara's `htdocs/export/leap` templates): a person
//! with a profile picture, a journal with three entries and attachments, a
//! plan with tasks, a page with a text block and an image, a collection,
//! comments, tags, a SmartEvidence annotation, Mahara's own profile and
//! dashboard pages, and a file the export names but does not include.

use std::io::{Cursor, Write};

use chrono::NaiveDate;
use portfolio_domain::{AnyRecord, RecordKind, ReflectionData};
use portfolio_interchange::{import_leap2a, Limits};
use portfolio_media::{MediaStore, Variant};
use portfolio_store::Store;

const OLD_NS: &str = r#"xmlns:leap2="http://terms.leapspecs.org/"
    xmlns:categories="http://wiki.leapspecs.org/2A/categories/"
    xmlns:mahara="http://wiki.mahara.org/Developer_Area/Import%2F%2FExport/LEAP_Extensions#""#;
const NEW_NS: &str = r#"xmlns:leap2="https://web.archive.org/web/20100503000634/http://terms.leapspecs.org"
    xmlns:categories="https://web.archive.org/web/20120819100914/http://wiki.leapspecs.org:80/2A/categories"
    xmlns:mahara="https://wiki.mahara.org/wiki/Developer_Area/Import//Export/LEAP_Extensions""#;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A real PNG (RGB, one colour), written by hand: no image crate needed.
fn png(w: u32, h: u32, rgb: [u8; 3]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut c = !0u32;
        for &b in data {
            c ^= b as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    let row: Vec<u8> = std::iter::once(0).chain((0..w).flat_map(|_| rgb)).collect();
    let raw = row.repeat(h as usize);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&raw).unwrap();
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    out
}

struct Entry<'a> {
    id: &'a str,
    title: &'a str,
    leaptype: &'a str,
    plugin: Option<(&'a str, &'a str)>,
    content: String,
    extra: String,
}

fn entry(e: Entry) -> String {
    let plugin = e
        .plugin
        .map(|(p, t)| format!("<mahara:artefactplugin mahara:type=\"{t}\" mahara:plugin=\"{p}\"/>"))
        .unwrap_or_default();
    format!(
        "    <entry>\n        <title>{}</title>\n        <id>{}</id>\n        <updated>2025-03-01T09:00:00+07:00</updated>\n        \
         <published>2025-03-01T09:00:00+07:00</published>\n        {}\n        <rdf:type rdf:resource=\"leap2:{}\"/>\n        {plugin}\n{}\n    </entry>\n",
        esc(e.title),
        e.id,
        e.content,
        e.leaptype,
        e.extra
    )
}

fn html(s: &str) -> String {
    format!("<content type=\"html\">{}</content>", esc(s))
}

fn file_entry(id: &str, title: &str, kind: &str, mime: &str, path: &str) -> String {
    entry(Entry {
        id,
        title,
        leaptype: "resource",
        plugin: Some(("file", kind)),
        content: "<content></content>".into(),
        extra: format!(
            "        <link rel=\"enclosure\" type=\"{mime}\" href=\"{}\"/>\n        <category term=\"Offline\" scheme=\"categories:resource_type#\" label=\"File\"/>",
            esc(path)
        ),
    })
}

/// A Mahara-like export: the feed and its files (the odt is named but left out).
fn mahara_export(ns: &str) -> (String, Vec<(String, Vec<u8>)>) {
    let text_block = serde_json::to_string(&vec![
        "<p>Nuestro proyecto sobre el <strong>agua</strong> del barrio. مشروع المياه 💧</p><ul><li>muestras</li><li>informe</li></ul>",
    ])
    .unwrap();
    let mut x = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"
    xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    {ns}
    xmlns:portfolio="http://mahara.example.edu/export/leap/57/1740000000/">
    <leap2:version>http://www.leapspecs.org/2010-07/2A/</leap2:version>
    <id>http://mahara.example.edu/export/57/1740000000</id>
    <title>Mahara Leap2A Export for Lucía Nguyễn, 2025/03/01 09:00</title>
    <updated>2025-03-01T09:00:00+07:00</updated>
    <generator uri="https://mahara.org/" version="2020101600">Mahara</generator>
    <author>
        <name>Lucía Nguyễn</name>
        <email>lucia@example.edu</email>
        <uri>portfolio:artefactinternal</uri>
    </author>
"#
    );
    x += &entry(Entry {
        id: "portfolio:artefactinternal",
        title: "Lucía Nguyễn",
        leaptype: "person",
        plugin: Some(("internal", "internal")),
        content: html("<p>Me encanta la química y el <em>fútbol</em>.</p>"),
        extra: r#"        <link rel="related" href="portfolio:artefact90"/>
        <category term="Self" scheme="categories:person_type#"/>
        <leap2:persondata mahara:artefactplugin="internal" mahara:artefacttype="email" leap2:field="email" leap2:label="Email address">lucia@example.edu</leap2:persondata>
        <leap2:persondata mahara:artefactplugin="internal" mahara:artefacttype="firstname" leap2:field="legal_given_name" leap2:label="First name">Lucía</leap2:persondata>
        <leap2:persondata mahara:artefactplugin="internal" mahara:artefacttype="lastname" leap2:field="legal_family_name" leap2:label="Last name">Nguyễn</leap2:persondata>
        <leap2:persondata mahara:artefactplugin="internal" mahara:artefacttype="studentid" leap2:field="other" leap2:label="Student ID">500</leap2:persondata>
        <leap2:persondata mahara:artefactplugin="internal" mahara:artefacttype="mobilenumber" leap2:field="mobile" leap2:label="Mobile phone">+84 90 123 4567</leap2:persondata>"#
            .into(),
    });
    x += &file_entry("portfolio:artefact90", "avatar.png", "profileicon", "image/png", "files/90-avatar.png");
    x += &entry(Entry {
        id: "portfolio:artefact40",
        title: "Lucía Nguyễn's Journal",
        leaptype: "selection",
        plugin: Some(("blog", "blog")),
        content: "<content></content>".into(),
        extra: r#"        <link rel="leap2:has_part" href="portfolio:artefact41"/>
        <link rel="leap2:has_part" href="portfolio:artefact42"/>
        <link rel="leap2:has_part" href="portfolio:artefact43"/>
        <category term="Blog" scheme="categories:selection_type#"/>"#
            .into(),
    });
    let posts = [
        (
            "41",
            "Semana 1: muestras",
            "<p>Tomamos <strong>12 muestras</strong> del río.</p>",
            "portfolio:artefact51",
            "",
        ),
        (
            "42",
            "Chuyến đi 旅行",
            "<p>Viaje a Hà Nội con la clase.</p>",
            "",
            "<category term=\"viaje\"/><category term=\"-\" label=\"旅行\"/>",
        ),
        ("43", "Informe final", "<p>Entregado el informe.</p>", "portfolio:artefact52", ""),
    ];
    for (n, title, body, attachment, tags) in posts {
        let mut extra = "        <link rel=\"leap2:is_part_of\" href=\"portfolio:artefact40\"/>\n".to_string();
        if !attachment.is_empty() {
            extra += &format!("        <link rel=\"related\" href=\"{attachment}\"/>\n");
        }
        extra += tags;
        x += &entry(Entry {
            id: &format!("portfolio:artefact{n}"),
            title,
            leaptype: "entry",
            plugin: Some(("blog", "blogpost")),
            content: html(body),
            extra,
        });
    }
    x += &file_entry("portfolio:artefact51", "río.png", "image", "image/png", "files/51-río.png");
    x += &file_entry("portfolio:artefact52", "informe.pdf", "file", "application/pdf", "files/52-informe.pdf");
    x += &file_entry("portfolio:artefact53", "notas.txt", "file", "text/plain", "files/53-notas.txt");
    x += &file_entry(
        "portfolio:artefact54",
        "dummy document3.odt",
        "file",
        "application/vnd.oasis.opendocument.text",
        "files/54-dummy document3.odt",
    );
    x += &entry(Entry {
        id: "portfolio:artefact60",
        title: "Aprender programación",
        leaptype: "plan",
        plugin: Some(("plans", "plan")),
        content: "<content>Web y Python</content>".into(),
        extra: "        <link rel=\"leap2:has_part\" href=\"portfolio:artefact61\"/>\n        <link rel=\"leap2:has_part\" href=\"portfolio:artefact62\"/>".into(),
    });
    for (n, title, done) in [("61", "Curso de HTML", true), ("62", "Crear un sitio", false)] {
        x += &entry(Entry {
            id: &format!("portfolio:artefact{n}"),
            title,
            leaptype: "plan",
            plugin: Some(("plans", "task")),
            content: "<content></content>".into(),
            extra: format!(
                "        <link rel=\"leap2:is_part_of\" href=\"portfolio:artefact60\"/>\n        <leap2:date leap2:point=\"target\">2025-06-01</leap2:date>{}",
                if done { "\n        <leap2:status leap2:stage=\"completed\" />" } else { "" }
            ),
        });
    }
    for (id, title, comment_on, who, text) in [
        ("70", "Comentario", "portfolio:artefact41", "Trần Văn Minh", "<p>¡Muy buen trabajo!</p>"),
        ("71", "Comentario", "portfolio:view30", "Ana Díaz", "<p>Falta la conclusión.</p>"),
        ("72", "Comentario", "portfolio:view17", "Ana Díaz", "<p>Hola</p>"),
    ] {
        x += &entry(Entry {
            id: &format!("portfolio:artefact{id}"),
            title,
            leaptype: "entry",
            plugin: Some(("comment", "comment")),
            content: html(text),
            extra: format!(
                "        <author><name>{who}</name></author>\n        <link rel=\"leap2:reflects_on\" href=\"{comment_on}\"/>"
            ),
        });
    }
    x += &entry(Entry {
        id: "portfolio:artefact80",
        title: "Evidencia: Empirical Reasoning",
        leaptype: "entry",
        plugin: Some(("annotation", "annotation")),
        content: html("<p>Level 3</p>"),
        extra: "        <link rel=\"leap2:reflects_on\" href=\"portfolio:view30\"/>".into(),
    });
    for (id, title, kind) in [("17", "Profile page", "profile"), ("24", "Dashboard page", "dashboard")] {
        x += &entry(Entry {
            id: &format!("portfolio:view{id}"),
            title,
            leaptype: "selection",
            plugin: None,
            content: "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>x</p></div></content>".into(),
            extra: format!(
                "        <category term=\"Webpage\" scheme=\"categories:selection_type#\"/>\n        <mahara:view mahara:layout=\"50,50\" mahara:type=\"{kind}\" mahara:ownerformat=\"6\"></mahara:view>"
            ),
        });
    }
    x += &entry(Entry {
        id: "portfolio:view30",
        title: "Mi proyecto del agua",
        leaptype: "selection",
        plugin: None,
        content: "<summary>Proyecto de ciencias, 2025.</summary>\n        <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><div class=\"column\"><h3>Introducción</h3><p>rendered page</p></div></div></content>".into(),
        extra: format!(
            r#"        <link rel="leap2:is_part_of" href="portfolio:collection5"/>
        <link rel="leap2:has_part" href="portfolio:artefact51"/>
        <category term="Webpage" scheme="categories:selection_type#"/>
        <category term="ciencias"/>
        <mahara:view mahara:layout="100" mahara:type="portfolio" mahara:ownerformat="6">
          <mahara:row>
            <mahara:column>
                <mahara:blockinstance mahara:blocktype="text" mahara:blocktitle="Introducción">
                    <mahara:text>{}</mahara:text>
                </mahara:blockinstance>
                <mahara:blockinstance mahara:blocktype="image" mahara:blocktitle="El río">
                    <mahara:artefactid>["portfolio:artefact51"]</mahara:artefactid>
                </mahara:blockinstance>
            </mahara:column>
          </mahara:row>
        </mahara:view>"#,
            esc(&text_block)
        ),
    });
    x += &entry(Entry {
        id: "portfolio:view31",
        title: "Reflexión final",
        leaptype: "selection",
        plugin: None,
        content: "<summary>Lo que aprendí.</summary><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"></div></content>".into(),
        extra: "        <link rel=\"leap2:is_part_of\" href=\"portfolio:collection5\"/>\n        <category term=\"Webpage\" scheme=\"categories:selection_type#\"/>\n        <mahara:view mahara:type=\"portfolio\" mahara:ownerformat=\"6\"></mahara:view>".into(),
    });
    x += &entry(Entry {
        id: "portfolio:collection5",
        title: "Portafolio de ciencias",
        leaptype: "selection",
        plugin: None,
        content: "<summary>Mis páginas de ciencias.</summary>\n        <content>Mis páginas de ciencias.</content>".into(),
        extra: "        <category term=\"Website\" scheme=\"categories:selection_type#\"/>\n        <link rel=\"has_part\" href=\"portfolio:view30\"/>\n        <link rel=\"has_part\" href=\"portfolio:view31\"/>".into(),
    });
    x += "</feed>\n";
    let files = vec![
        ("files/90-avatar.png".to_string(), png(64, 64, [200, 30, 30])),
        ("files/51-río.png".to_string(), png(400, 300, [20, 90, 200])),
        ("files/52-informe.pdf".to_string(), b"%PDF-1.4\n% informe final\n".to_vec()),
        ("files/53-notas.txt".to_string(), "notas del laboratorio 🧪\n".as_bytes().to_vec()),
    ];
    (x, files)
}

fn zip(xml: &str, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("leap2a.xml", opts).unwrap();
    z.write_all(xml.as_bytes()).unwrap();
    for (name, bytes) in files {
        z.start_file(name.as_str(), opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// An empty store and media folder in a temporary folder.
fn fresh() -> (tempfile::TempDir, Store, MediaStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("store")).unwrap();
    let media = MediaStore::open(dir.path().join("media")).unwrap();
    (dir, store, media)
}

fn reflection<'a>(all: &'a [AnyRecord], title: &str) -> &'a ReflectionData {
    all.iter()
        .find_map(|r| match r {
            AnyRecord::Reflection(r) if r.data.title == title => Some(&r.data),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no journal entry {title}"))
}

fn check_dialect(ns: &str) {
    let (_dir, store, media) = fresh();
    let (xml, files) = mahara_export(ns);
    let bytes = zip(&xml, &files);
    let rep = import_leap2a(&store, &media, &bytes, Limits::default()).unwrap();
    let say = rep.sentences().join("\n");
    println!("{say}");

    // The person, with the profile picture stored and its thumbnail made.
    let p = &rep.learner.profile;
    assert_eq!((p.name.as_str(), p.emails.as_slice()), ("Lucía Nguyễn", &["lucia@example.edu".to_string()][..]));
    assert!(rep.new_learner);
    let thumb = media.derivative(&p.photo_sha256, Variant::Thumb).unwrap();
    assert!(thumb.exists(), "profile picture thumbnail at {thumb:?}");
    assert!(
        say.contains(
            "Profile fields with no place here were not imported: Student ID (500), Mobile phone (+84 90 123 4567)."
        ),
        "{say}"
    );

    // Journal: three posts, an attachment with a thumbnail, comments and tags.
    let id = rep.learner.id;
    let all = store.list(id, RecordKind::Reflection, "").unwrap();
    let week1 = reflection(&all, "Semana 1: muestras");
    assert!(week1.body.starts_with("Tomamos **12 muestras** del río."), "{}", week1.body);
    assert!(week1.body.contains("**Comment from Trần Văn Minh, 2025-03-01:** ¡Muy buen trabajo!"), "{}", week1.body);
    assert_eq!(week1.evidence.len(), 1);
    let river = &week1.evidence[0];
    assert_eq!((river.name.as_str(), river.kind.as_str(), river.mime.as_str()), ("río.png", "image", "image/png"));
    assert!(media.derivative(&river.sha256, Variant::Thumb).unwrap().exists());
    assert_eq!(week1.date, NaiveDate::from_ymd_opt(2025, 3, 1).unwrap());
    assert!(reflection(&all, "Chuyến đi 旅行").body.ends_with("Tags: viaje, 旅行"));
    let report = reflection(&all, "Informe final");
    assert_eq!(report.evidence[0].kind, "file");
    assert_eq!(report.evidence[0].mime, "application/pdf");
    assert_eq!(reflection(&all, "About me").body, "Me encanta la química y el *fútbol*.");

    // The page: description, its text block, what it held, its image, the comment.
    let page = reflection(&all, "Mi proyecto del agua");
    assert!(page.body.starts_with("Proyecto de ciencias, 2025.\n\n## Introducción\n\nNuestro proyecto sobre el **agua** del barrio. مشروع المياه 💧\n\n- muestras\n- informe"), "{}", page.body);
    assert!(page.body.contains("On this page:\n- \u{201c}río.png\u{201d}"), "{}", page.body);
    assert!(page.body.contains("Tags: ciencias"));
    assert!(page.body.contains("**Comment from Ana Díaz, 2025-03-01:** Falta la conclusión."));
    assert!(!page.body.contains("rendered page"), "Mahara's rendered HTML is not copied");
    assert_eq!(page.evidence.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["río.png"]);
    let coll = reflection(&all, "Portafolio de ciencias");
    assert_eq!(
        coll.body,
        "Mis páginas de ciencias.\n\nPages in this collection:\n1. Mi proyecto del agua\n2. Reflexión final"
    );

    // The loose file is kept, and the missing one named.
    let loose = reflection(&all, "Files from Mahara");
    assert_eq!(loose.evidence.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["notas.txt"]);
    assert_eq!(loose.body, "Files that were in the export without being attached to anything:\n- notas.txt");
    assert_eq!(rep.missing_files, ["dummy document3.odt"]);
    assert!(say.contains("1 file is named in the export but not included (dummy document3.odt)."), "{say}");

    // The plan and its tasks.
    let AnyRecord::Goal(g) = &store.list(id, RecordKind::Goal, "").unwrap()[0] else { panic!() };
    assert_eq!(g.data.statement, "Aprender programación");
    let steps: Vec<(&str, bool)> = g.data.steps.iter().map(|s| (s.text.as_str(), s.done)).collect();
    assert_eq!(steps, [("Curso de HTML", true), ("Crear un sitio", false)]);

    // What could not be imported, item by item.
    for expect in [
        "The profile page \u{201c}Profile page\u{201d} was not imported",
        "The dashboard page \u{201c}Dashboard page\u{201d} was not imported",
        "The SmartEvidence assessment \u{201c}Evidencia: Empirical Reasoning\u{201d} on \u{201c}Mi proyecto del agua\u{201d} was not imported: Mahara's export does not say which framework standard it assesses or its status.",
        "The comment by Ana Díaz on \u{201c}Profile page\u{201d} was not imported.",
    ] {
        assert!(rep.skipped.iter().any(|s| s.starts_with(expect)), "{expect}\n{say}");
    }
    assert_eq!((rep.pages, rep.collections, rep.comments), (2, 1, 2));
    assert_eq!((rep.reflections, rep.goals, rep.files, rep.files_skipped), (8, 1, 4, 1));

    // A second import of the same export adds nothing.
    let media_before = media.list().unwrap().len();
    let again = import_leap2a(&store, &media, &bytes, Limits::default()).unwrap();
    assert!(!again.new_learner);
    assert_eq!(again.learner.id, id);
    assert_eq!((again.experiences, again.reflections, again.goals, again.badges), (0, 0, 0, 0));
    assert_eq!(again.already_imported, 9);
    assert_eq!(store.learners().unwrap().len(), 1);
    assert_eq!(store.list(id, RecordKind::Reflection, "").unwrap().len(), 8);
    assert_eq!(media.list().unwrap().len(), media_before);
    assert!(
        again.sentences()[1].starts_with("9 items were already imported before and left as they were."),
        "{:?}",
        again.sentences()
    );
}

#[test]
fn a_mahara_17_export_arrives_whole() {
    check_dialect(OLD_NS);
}

#[test]
fn a_mahara_20_export_with_web_archive_namespaces_arrives_whole() {
    check_dialect(NEW_NS);
}

#[test]
fn a_later_export_of_the_same_account_adds_only_what_is_new() {
    let (_dir, store, media) = fresh();
    let (xml, files) = mahara_export(NEW_NS);
    let first = import_leap2a(&store, &media, &zip(&xml, &files), Limits::default()).unwrap();
    // Exported a month later (another export time in the feed id), with one more post.
    let later = xml.replace("/1740000000", "/1742600000").replace(
        "</feed>",
        "<entry><title>Semana 5</title><id>portfolio:artefact44</id><published>2025-04-01T09:00:00Z</published>\
         <content>Nuevo</content><rdf:type rdf:resource=\"leap2:entry\"/>\
         <mahara:artefactplugin mahara:type=\"blogpost\" mahara:plugin=\"blog\"/></entry></feed>",
    );
    let second = import_leap2a(&store, &media, &zip(&later, &files), Limits::default()).unwrap();
    assert_eq!(second.learner.id, first.learner.id);
    assert_eq!(second.reflections, 1);
    assert_eq!(second.already_imported, 9);
    assert_eq!(store.list(first.learner.id, RecordKind::Reflection, "").unwrap().len(), 9);
}

#[test]
fn a_2009_draft_feed_without_a_version_is_read() {
    let (_dir, store, media) = fresh();
    let xml = r#"<feed xmlns="http://www.w3.org/2005/Atom" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        xmlns:leap="http://wiki.cetis.ac.uk/2009-03/LEAP2A_predicates#"
        xmlns:leaptype="http://wiki.cetis.ac.uk/2009-03/LEAP2A_types#">
        <id>http://old.example/export/3/1250000000</id><title>t</title><updated>2009-08-01T10:00:00Z</updated>
        <author><name>Omar Haddad عمر</name></author>
        <entry><title>First post</title><id>portfolio:artefact1</id><published>2009-08-01T10:00:00Z</published>
        <content type="html">&lt;p&gt;Hello&lt;/p&gt;</content><rdf:type rdf:resource="leaptype:entry"/></entry></feed>"#;
    let rep = import_leap2a(&store, &media, xml.as_bytes(), Limits::default()).unwrap();
    assert_eq!(rep.learner.profile.name, "Omar Haddad عمر");
    assert_eq!(rep.reflections, 1);
    assert_eq!(rep.files, 0);
}

#[test]
fn the_feed_alone_names_every_missing_file_and_keeps_no_empty_file_list() {
    let (_dir, store, media) = fresh();
    let (xml, _) = mahara_export(NEW_NS);
    let rep = import_leap2a(&store, &media, xml.as_bytes(), Limits::default()).unwrap();
    assert_eq!(rep.missing_files, ["avatar.png", "río.png", "informe.pdf", "notas.txt", "dummy document3.odt"]);
    assert!(rep.sentences()[1].starts_with("5 files are named in the export but not included (avatar.png, río.png,"));
    assert_eq!((rep.files, rep.files_skipped, rep.reflections), (0, 5, 7));
    assert!(rep.learner.profile.photo_sha256.is_empty());
    let all = store.list(rep.learner.id, RecordKind::Reflection, "").unwrap();
    assert!(all.iter().all(|r| r.title() != "Files from Mahara"));
    assert!(media.list().unwrap().is_empty());
}
