//! Hostile Leap2A files (issue 16, cases 1 and 5, and XML limits): every input
//! is generated here, each must end quickly with a sentence or a correct
//! import, and the store must stay unchanged when it is refused. Timings and
//! peak memory are printed (`cargo test -p portfolio-interchange --test
//! hostile -- --nocapture`), never asserted.

use std::time::Instant;

use portfolio_domain::{AnyRecord, RecordKind};
use portfolio_interchange::html::{to_markdown, MAX_LIST_INDENT};
use portfolio_interchange::leap2a::{MAX_ATTRIBUTES, MAX_DEPTH};
use portfolio_interchange::{import_leap2a, Limits};
use portfolio_media::MediaStore;
use portfolio_store::Store;

const HEAD: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns:leap2="http://terms.leapspecs.org/" xmlns:categories="http://wiki.leapspecs.org/2A/categories/"
    xmlns:mahara="http://wiki.mahara.org/Developer_Area/Import%2F%2FExport/LEAP_Extensions#">
<leap2:version>http://www.leapspecs.org/2010-07/2A/</leap2:version>
<id>urn:hostile</id><title>Hostile</title><updated>2026-05-01T10:00:00Z</updated>
<author><name>Nguyễn Thị Lan</name></author>
"#;

fn feed(entries: &str) -> Vec<u8> {
    format!("{HEAD}{entries}</feed>").into_bytes()
}

fn post(title: &str, content_attr: &str, content: &str) -> String {
    format!(
        "<entry><title>{title}</title><id>portfolio:{title}</id><updated>2026-05-01T10:00:00Z</updated>\
         <published>2026-05-01T10:00:00Z</published><content{content_attr}>{content}</content>\
         <rdf:type rdf:resource=\"leap2:entry\"/><mahara:artefactplugin mahara:type=\"blogpost\" mahara:plugin=\"blog\"/></entry>\n"
    )
}

/// Peak resident memory of this test process so far, in MB (Linux).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// CPU seconds this thread has used (Linux; 0 elsewhere): unlike wall time,
/// not inflated when other programs share the machine.
fn cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn store() -> (tempfile::TempDir, Store, MediaStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("store")).unwrap();
    let media = MediaStore::open(dir.path().join("media")).unwrap();
    (dir, store, media)
}

fn nested_lists(levels: usize) -> String {
    let mut html = String::with_capacity(levels * 24);
    for i in 0..levels {
        html.push_str(&format!("<ul><li>L{i}"));
    }
    html.push_str("fondo 🌊");
    for _ in 0..levels {
        html.push_str("</li></ul>");
    }
    html
}

#[test]
fn deeply_nested_lists_are_linear_and_indented_at_most_max_levels() {
    for levels in [20_000, 100_000] {
        let html = nested_lists(levels);
        let t = Instant::now();
        let md = to_markdown(&html);
        let took = t.elapsed();
        println!(
            "nested lists: {levels} levels, {} KB of HTML -> {} KB of text in {:.1} ms (peak RSS {:.0} MB)",
            html.len() / 1024,
            md.len() / 1024,
            took.as_secs_f64() * 1e3,
            peak_mb()
        );
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines.len(), levels, "one line per item");
        assert_eq!(lines[0], "- L0");
        assert_eq!(lines[3], "      - L3");
        let deepest = format!("{}- L{}fondo 🌊", "  ".repeat(MAX_LIST_INDENT), levels - 1);
        assert_eq!(*lines.last().unwrap(), deepest);
        let widest = lines.iter().map(|l| l.len() - l.trim_start().len()).max().unwrap();
        assert_eq!(widest, 2 * MAX_LIST_INDENT, "indentation stops growing");
        assert!(md.len() < 40 * levels, "output linear in the input ({} bytes)", md.len());
    }
}

#[test]
fn a_deeply_nested_journal_entry_is_refused_in_one_sentence_and_nothing_is_written() {
    let (_d, store, media) = store();
    for levels in [20_000, 100_000] {
        let escaped = nested_lists(levels).replace('<', "&lt;").replace('>', "&gt;");
        let bytes = feed(&post("deep", " type=\"html\"", &escaped));
        let t = Instant::now();
        let err = import_leap2a(&store, &media, &bytes, Limits::default()).unwrap_err().to_string();
        println!("import of a {levels}-level list: {:.1} ms, refused: {err}", t.elapsed().as_secs_f64() * 1e3);
        assert!(err.contains("too long") && err.ends_with("Nothing was imported."), "{err}");
        assert!(store.learners().unwrap().is_empty());
    }
    // A legitimate nested list of 200 levels is imported, indentation capped.
    let escaped = nested_lists(200).replace('<', "&lt;").replace('>', "&gt;");
    let rep = import_leap2a(&store, &media, &feed(&post("ok", " type=\"html\"", &escaped)), Limits::default()).unwrap();
    let AnyRecord::Reflection(r) = &store.list(rep.learner.id, RecordKind::Reflection, "").unwrap()[0] else {
        panic!()
    };
    assert_eq!(r.data.body.lines().count(), 200);
    assert!(r.data.body.ends_with(&format!("{}- L199fondo 🌊", "  ".repeat(MAX_LIST_INDENT))));
}

/// A feed with a DOCTYPE declaring `dtd`, whose one post's content is `body`.
fn with_doctype(dtd: &str, body: &str) -> String {
    let feed = String::from_utf8(feed(&post("x", "", body))).unwrap();
    let feed = feed.replacen("<?xml version=\"1.0\" encoding=\"utf-8\"?>", "", 1);
    format!("<?xml version=\"1.0\"?><!DOCTYPE feed [{dtd}]>{feed}")
}

#[test]
fn deep_xml_nesting_and_attribute_floods_are_refused() {
    let (_d, store, media) = store();
    let deep = format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
    let t = Instant::now();
    let err = import_leap2a(&store, &media, &feed(&post("deep", " type=\"xhtml\"", &deep)), Limits::default())
        .unwrap_err()
        .to_string();
    println!("100,000 nested XHTML elements: {:.1} ms: {err}", t.elapsed().as_secs_f64() * 1e3);
    assert!(err.contains(&format!("more than {MAX_DEPTH} levels deep")), "{err}");

    let attrs: String = (0..200_000).map(|i| format!(" a{i}=\"\"")).collect();
    let t = Instant::now();
    let err = import_leap2a(&store, &media, &feed(&format!("<entry{attrs}></entry>")), Limits::default())
        .unwrap_err()
        .to_string();
    println!("an element with 200,000 attributes: {:.1} ms: {err}", t.elapsed().as_secs_f64() * 1e3);
    assert!(err.contains("200000 attributes") && err.contains(&format!("at most {MAX_ATTRIBUTES}")), "{err}");

    // Entities: external (XXE) and expanding (billion laughs) ones are never expanded.
    let xxe = with_doctype("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">", "&xxe;");
    let err = import_leap2a(&store, &media, xxe.as_bytes(), Limits::default()).unwrap_err().to_string();
    assert!(err.contains("&xxe; is not defined"), "{err}");
    let mut dtd = String::from("<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
        dtd.push_str(&format!("<!ENTITY lol{i} \"{}\">", format!("&{prev};").repeat(10)));
    }
    let laughs = with_doctype(&dtd, "&lol9;");
    let err = import_leap2a(&store, &media, laughs.as_bytes(), Limits::default()).unwrap_err().to_string();
    assert!(err.contains("&lol9; is not defined"), "{err}");
    assert!(store.learners().unwrap().is_empty());
}

#[test]
fn ampersand_and_comment_floods_are_linear() {
    let n = 400_000;
    let amps = format!("<p>{}fin</p>", "&".repeat(n));
    let t = Instant::now();
    let md = to_markdown(&amps);
    println!("{n} bare ampersands: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    assert_eq!(md, format!("{}fin", "&".repeat(n)));

    let comments = format!("<p>visible</p>{}", "<!-- x >".repeat(n));
    let t = Instant::now();
    let md = to_markdown(&comments);
    println!("{n} unclosed comments: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    assert_eq!(md, "visible");
    assert_eq!(to_markdown("a &amp;&#x1F600;&unknown; b &copy"), "a &😀&unknown; b &copy");
}

#[test]
fn many_has_part_links_and_orphan_tasks_are_linked_in_linear_time() {
    let (_d, store, media) = store();
    let (links, orphans, tasks) = (900_000, 19_000, 300);
    let mut xml = String::with_capacity(48 << 20);
    xml.push_str(
        "<entry><title>Aprender 中文</title><id>portfolio:plan</id><updated>2026-05-01T10:00:00Z</updated>\
         <content>Plan</content><rdf:type rdf:resource=\"leap2:plan\"/>\
         <mahara:artefactplugin mahara:type=\"plan\" mahara:plugin=\"plans\"/>\n",
    );
    for i in 0..tasks {
        xml.push_str(&format!("<link rel=\"leap2:has_part\" href=\"portfolio:t{i}\"/>\n"));
    }
    for i in 0..links - tasks {
        xml.push_str(&format!("<link rel=\"leap2:has_part\" href=\"n{i}\"/>\n"));
    }
    xml.push_str("</entry>\n");
    for i in 0..orphans + tasks {
        let id = if i < tasks { format!("portfolio:t{i}") } else { format!("portfolio:o{i}") };
        xml.push_str(&format!(
            "<entry><title>Tarea {i}</title><id>{id}</id><updated>2026-05-01T10:00:00Z</updated><content/>\
             <rdf:type rdf:resource=\"leap2:plan\"/><mahara:artefactplugin mahara:type=\"task\" mahara:plugin=\"plans\"/></entry>\n"
        ));
    }
    let bytes = feed(&xml);
    let limits = Limits { max_feed: 64 << 20, ..Limits::default() };
    let (t, cpu) = (Instant::now(), cpu_s());
    let parsed = portfolio_interchange::read_leap2a(&bytes, limits).unwrap();
    let (read, read_cpu) = (t.elapsed().as_secs_f64(), cpu_s() - cpu);
    assert_eq!(parsed.records.len(), 1);
    let t = Instant::now();
    let rep = import_leap2a(&store, &media, &bytes, limits).unwrap();
    println!(
        "{links} has_part links, {orphans} orphan tasks, {} MB feed: read and linked in {read:.2} s ({read_cpu:.2} s CPU), \
         imported (read again and stored) in {:.2} s (peak RSS {:.0} MB)",
        bytes.len() >> 20,
        t.elapsed().as_secs_f64(),
        peak_mb()
    );
    assert_eq!(rep.goals, 1);
    assert!(rep.skipped.contains(&format!("{orphans} task(s) outside any plan")), "{:?}", rep.skipped);
    let AnyRecord::Goal(g) = &store.list(rep.learner.id, RecordKind::Goal, "").unwrap()[0] else { panic!() };
    assert_eq!(g.data.steps.len(), tasks);
    assert_eq!(g.data.steps[299].text, "Tarea 299");
}

#[test]
fn a_zip_bomb_of_named_files_stops_at_the_media_budget() {
    use std::io::Write;
    let (_d, store, media) = store();
    let mut entries = String::new();
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let zeros = vec![0u8; 2 << 20];
    for i in 0..10 {
        entries.push_str(&format!(
            "<entry><title>bomba{i}.bin</title><id>portfolio:f{i}</id><content/><rdf:type rdf:resource=\"leap2:resource\"/>\
             <link rel=\"enclosure\" href=\"files/bomba{i}.bin\"/></entry>\n"
        ));
        z.start_file(format!("files/bomba{i}.bin"), opts).unwrap();
        z.write_all(&zeros).unwrap();
    }
    z.start_file("leap2a.xml", opts).unwrap();
    z.write_all(&feed(&entries)).unwrap();
    let bytes = z.finish().unwrap().into_inner();
    let limits = Limits { max_media_total: 5 << 20, ..Limits::default() };
    let t = Instant::now();
    let rep = import_leap2a(&store, &media, &bytes, limits).unwrap();
    println!(
        "10 × 2 MB files in a {} KB zip, 5 MB budget: {:.1} ms, {} refused",
        bytes.len() / 1024,
        t.elapsed().as_secs_f64() * 1e3,
        rep.files_skipped
    );
    assert_eq!(rep.files_skipped, 8);
    assert!(rep
        .skipped
        .iter()
        .any(|s| s.starts_with("The file \u{201c}bomba9.bin\u{201d} was not imported: it is too large")));
    assert_eq!(media.list().unwrap().len(), 1, "the same bytes are stored once");
}
