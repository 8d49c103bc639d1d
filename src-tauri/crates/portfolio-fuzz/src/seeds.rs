//! Seed inputs for every target, made on the spot (nothing large is
//! committed): the demo portfolio exported as a `.lportfolio` archive and as
//! Leap2A, its journal text, the built-in frameworks as `.matrix` files, small
//! pictures in every accepted format (and the hostile ones of
//! `portfolio_media::hostile`), hand-written edge cases, and the Open Badges
//! conformance fixtures in `../shared/fixtures/openbadges` when that folder is
//! beside the repository.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone, Utc};
use portfolio_domain::{AnyRecord, RecordKind};

/// One seed: a file name (unique within its target) and the bytes.
pub type Seed = (String, Vec<u8>);

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The Open Badges fixtures folder (`<repository>/../shared/fixtures/openbadges`), if present.
pub fn badge_fixtures() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.ancestors().find(|p| p.join("src-tauri").is_dir() && p.join("Cargo.toml").is_file())?;
    let dir = root.join("../shared/fixtures/openbadges");
    dir.is_dir().then_some(dir)
}

/// What the demo portfolio gives the seeds.
struct Demo {
    archive: Vec<u8>,
    leap2a_zip: Vec<u8>,
    journal: Vec<String>,
}

fn demo() -> Demo {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let store = portfolio_store::Store::open(tmp.path().join("seed-store")).expect("a fresh store");
    let media = portfolio_media::MediaStore::open(tmp.path().join("seed-media")).expect("a fresh media folder");
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).expect("a date");
    let learner = portfolio_demo::create_demo(&store, today).expect("the demo portfolio");
    let archive = portfolio_archive::export(&store, &media, portfolio_archive::Scope::Learner(learner.id), "fuzz")
        .expect("the demo archive");
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).single().expect("a time");
    let (leap2a_zip, _) =
        portfolio_interchange::export_leap2a(&store, &media, learner.id, now).expect("the demo as Leap2A");
    let journal = store
        .list(learner.id, RecordKind::Reflection, "")
        .expect("the demo journal")
        .into_iter()
        .filter_map(|r| match r {
            AnyRecord::Reflection(r) => Some(r.data.body),
            _ => None,
        })
        .filter(|b| !b.is_empty())
        .take(6)
        .collect();
    Demo { archive, leap2a_zip, journal }
}

/// The entries of a zip, in order (name, bytes).
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip made here");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("an entry");
            let mut body = Vec::new();
            f.read_to_end(&mut body).expect("its bytes");
            (f.name().to_string(), body)
        })
        .collect()
}

/// The sectioned form of [`crate::archive_entries`] for a small archive: the
/// demo's manifest, its learner, the first record of each kind and its
/// frameworks, with the manifest's counts made to match.
fn small_archive_sections(archive: &[u8]) -> Vec<u8> {
    let entries = unzip(archive);
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&entries.iter().find(|(n, _)| n == portfolio_archive::MANIFEST).expect("a manifest").1)
            .expect("the manifest is JSON");
    let mut picked: Vec<&(String, Vec<u8>)> = Vec::new();
    let mut counts = BTreeMap::new();
    for e in &entries {
        let name = e.0.as_str();
        if name.starts_with("learners/") || name.starts_with("frameworks/") {
            picked.push(e);
        } else if let Some(kind) = name.strip_prefix("records/").and_then(|r| r.split('/').next()) {
            if !counts.contains_key(kind) {
                counts.insert(kind.to_string(), 1u64);
                picked.push(e);
            }
        }
    }
    if let Some(c) = manifest.get_mut("counts").and_then(|c| c.as_object_mut()) {
        for (kind, n) in c.iter_mut() {
            *n = serde_json::json!(counts.get(kind).copied().unwrap_or(0));
        }
    }
    manifest["entries"] = serde_json::json!([]);
    let mut out = serde_json::to_vec_pretty(&manifest).expect("JSON");
    for (name, body) in picked {
        out.extend_from_slice(crate::SECTION);
        out.extend_from_slice(name.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(body);
    }
    out
}

const MAHARA_FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns:leap2="http://terms.leapspecs.org/" xmlns:categories="http://wiki.leapspecs.org/2A/categories/"
    xmlns:mahara="http://wiki.mahara.org/Developer_Area/Import%2F%2FExport/LEAP_Extensions#">
  <id>http://mahara.example/export/1</id>
  <title>Mahara export for Ann</title>
  <author><name>Ann Example</name><email>ann@example.org</email></author>
  <updated>2024-05-01T10:00:00Z</updated>
  <leap2:version>http://www.leapspecs.org/2010-07/2A/</leap2:version>
  <entry>
    <id>portfolio:artefact1</id><title>Journal</title><updated>2024-05-01T10:00:00Z</updated>
    <rdf:type rdf:resource="leap2:selection"/>
    <category term="Blog" scheme="categories:selection_type#"/>
    <content type="text">My journal</content>
    <link rel="leap2:has_part" href="portfolio:artefact2" leap2:display_order="1"/>
  </entry>
  <entry>
    <id>portfolio:artefact2</id><title>First week &amp; more</title><updated>2024-05-02T10:00:00Z</updated>
    <published>2024-05-02T09:00:00Z</published>
    <rdf:type rdf:resource="leap2:entry"/>
    <content type="html">&lt;p&gt;We &lt;strong&gt;built&lt;/strong&gt; a robot.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;arm&lt;ul&gt;&lt;li&gt;servo&lt;/li&gt;&lt;/ul&gt;&lt;/li&gt;&lt;/ul&gt;</content>
    <link rel="leap2:is_part_of" href="portfolio:artefact1"/>
    <category term="robots"/>
  </entry>
  <entry>
    <id>portfolio:plan1</id><title>Learn to weld</title><updated>2024-05-03T10:00:00Z</updated>
    <rdf:type rdf:resource="leap2:plan"/>
    <content type="text">Safety first</content>
    <link rel="leap2:has_part" href="portfolio:task1"/>
  </entry>
  <entry>
    <id>portfolio:task1</id><title>Find a mentor</title><updated>2024-05-03T10:00:00Z</updated>
    <rdf:type rdf:resource="leap2:plan"/>
    <leap2:date point="target" date="2024-06-01"/>
    <link rel="leap2:is_part_of" href="portfolio:plan1"/>
  </entry>
</feed>
"#;

const HTML: &[&str] = &[
    "<p>We <strong>built</strong> a <em>robot</em>.<br/>Then we <code>tested</code> it.</p>",
    "<h2>Week 1</h2><ul><li>one<ul><li>two<ol><li>three</li></ol></li></ul></li></ul>",
    "<p>See <a href=\"https://example.org/a?b=1&amp;c=2\">the site</a> &amp; &lt;more&gt; &#169; &#x1F600; &nbsp;</p>",
    "<script>alert(1)</script><style>p{}</style><!-- a comment --><p>kept</p>",
    "<div><table><tr><td>cell</td></tr></table><blockquote>quoted</blockquote></div>",
    "<ul><li><ul><li><ul><li><ul><li><ul><li><ul><li><ul><li><ul><li><ul><li>deep</li></ul></li></ul></li></ul></li></ul></li></ul></li></ul></li></ul></li></ul></li></ul>",
    "text with & and &unknown; and &#99999999; and < unclosed",
    "<p>unclosed <!-- comment",
];

const MARKDOWN: &[&str] = &[
    "# Heading\n\nA paragraph with **bold**, *italic*, `code` and _more_.\n\n- one\n- two\n  - nested\n\n1. first\n2. second\n",
    "## Sub\n### Small\nline one  \nline two\n\n* star list\n+ plus list\n\n10. ten\n",
    "**unclosed bold and *unclosed italic and `unclosed code\n\n***both*** __under__ ~~strike~~",
    "\u{202e}reversed\u{202c} \u{0}\u{1b}[31m tab\tend \\*escaped\\*",
];

const BADGE_SEEDS: &[(&str, &str)] = &[
    ("empty-object.json", "{}"),
    (
        "ob2-assertion.json",
        r#"{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"urn:uuid:1","recipient":{"type":"email","hashed":false,"identity":"a@example.org"},"badge":{"type":"BadgeClass","id":"urn:uuid:2","name":"B","description":"D","criteria":{"narrative":"N"},"issuer":{"type":"Profile","id":"urn:uuid:3","name":"I"}},"issuedOn":"2024-01-01T00:00:00Z","verification":{"type":"hosted"}}"#,
    ),
    ("jws.jwt", "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.AAAA"),
    (
        "baked.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"]}]]></openbadges:credential></svg>"#,
    ),
];

fn pictures() -> Vec<Seed> {
    use image::{ImageFormat, RgbImage};
    let img = RgbImage::from_fn(24, 16, |x, y| image::Rgb([(x * 10) as u8, (y * 15) as u8, 128]));
    let mut out = Vec::new();
    for (name, format) in [
        ("small.png", ImageFormat::Png),
        ("small.jpg", ImageFormat::Jpeg),
        ("small.gif", ImageFormat::Gif),
        ("small.webp", ImageFormat::WebP),
    ] {
        let mut bytes = std::io::Cursor::new(Vec::new());
        if image::DynamicImage::ImageRgb8(img.clone()).write_to(&mut bytes, format).is_ok() {
            out.push((name.to_string(), bytes.into_inner()));
        }
    }
    out.push(("rgba16-zeros-64.png".into(), portfolio_media::hostile::png_rgba16_zeros(64)));
    out.push(("jpeg-claiming-16000.jpg".into(), portfolio_media::hostile::jpeg_header_claiming(16000, 16000)));
    out.push(("notes.txt".into(), b"plain text evidence\n".to_vec()));
    out.push(("doc.pdf".into(), b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec()));
    out
}

fn texts(prefix: &str, ext: &str, items: &[&str]) -> Vec<Seed> {
    items.iter().enumerate().map(|(i, s)| (format!("{prefix}-{i}.{ext}"), s.as_bytes().to_vec())).collect()
}

/// Every target's seeds, by target name (every name in [`crate::TARGETS`]).
/// Builds the demo portfolio once (about a second): call it once and keep it.
pub fn all() -> BTreeMap<&'static str, Vec<Seed>> {
    let demo = demo();
    let mut m: BTreeMap<&'static str, Vec<Seed>> = BTreeMap::new();

    let feed = unzip(&demo.leap2a_zip)
        .into_iter()
        .find(|(n, _)| n == portfolio_interchange::leap2a::FEED_FILE)
        .map(|(_, b)| b)
        .unwrap_or_default();
    m.insert(
        "leap2a",
        vec![
            ("mahara.xml".into(), MAHARA_FEED.as_bytes().to_vec()),
            ("demo-leap2a.xml".into(), feed),
            ("demo-leap2a.zip".into(), demo.leap2a_zip),
        ],
    );
    m.insert("leap2a_html", texts("html", "html", HTML));

    let sections = small_archive_sections(&demo.archive);
    m.insert(
        "archive",
        vec![("small.lportfolio".into(), crate::entries_zip(&sections)), ("demo.lportfolio".into(), demo.archive)],
    );
    m.insert("archive_entries", vec![("small-archive.sections".into(), sections)]);

    let mut matrices: Vec<Seed> = portfolio_domain::builtin_frameworks()
        .iter()
        .map(|f| {
            let json = serde_json::to_vec_pretty(&portfolio_domain::matrix::to_matrix(f)).expect("JSON");
            (format!("{}.matrix", f.id), json)
        })
        .collect();
    matrices.push((
        "nested.matrix".into(),
        br#"{"framework":{"name":"Old","description":"<p>HTML <b>here</b></p>","standards":[{"shortname":"S1","name":"One","description":"d","standardid":1,"standardelement":[{"shortname":"E1","name":"Elem","description":"q"}]}]}}"#
            .to_vec(),
    ));
    m.insert("matrix", matrices);

    let mut badges: Vec<Seed> = BADGE_SEEDS.iter().map(|(n, s)| (n.to_string(), s.as_bytes().to_vec())).collect();
    if let Some(dir) = badge_fixtures() {
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(&dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
        files.sort();
        for p in files {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if p.is_file() && matches!(ext, "png" | "svg" | "json" | "jwt") {
                if let Ok(bytes) = std::fs::read(&p) {
                    badges.push((p.file_name().unwrap_or_default().to_string_lossy().into_owned(), bytes));
                }
            }
        }
    }
    m.insert("badge", badges);

    let mut md = texts("markdown", "md", MARKDOWN);
    md.extend(demo.journal.into_iter().enumerate().map(|(i, t)| (format!("journal-{i}.md"), t.into_bytes())));
    m.insert("markdown", md);

    m.insert("media", pictures());
    m
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_target_has_seeds() {
        let all = super::all();
        for (name, _) in crate::TARGETS {
            let seeds = &all[name];
            assert!(!seeds.is_empty(), "{name} has no seeds");
            assert!(seeds.iter().all(|(_, b)| !b.is_empty()), "{name} has an empty seed");
        }
    }

    #[test]
    fn the_small_archive_seed_is_a_valid_archive() {
        let all = super::all();
        let small = &all["archive"].iter().find(|(n, _)| n == "small.lportfolio").unwrap().1;
        let a = portfolio_archive::read_archive(small, &portfolio_archive::Limits::default()).unwrap();
        assert_eq!(a.learners.len(), 1);
        assert!(a.records.len() >= 5, "one record of each kind the demo has: {}", a.records.len());
    }
}
