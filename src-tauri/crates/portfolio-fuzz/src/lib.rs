//! Fuzz targets for every parser that reads bytes from other computers,
//! wallets and schools. Each target is a plain `fn(&[u8])` that must return
//! for every input without panicking, within bounded time and memory; the
//! crates under test refuse bad input with an error, which a target ignores.
//!
//! The same targets are driven three ways:
//! - `tests/smoke.rs` (stable Rust, in CI): every target over its seeds
//!   ([`seeds`]: made from the demo portfolio, hand-written edge cases and the
//!   Open Badges fixtures in `../shared/fixtures/openbadges` when present),
//!   the regression inputs in `tests/regressions/` and a fixed number of
//!   deterministic mutations of each ([`mutate`]), within a time budget;
//! - AFL++ through cargo-afl: the `fuzz TARGET` binary built with the `afl`
//!   feature is a persistent-mode target (`.ci/fuzz.sh TARGET SECONDS`);
//! - by hand: `fuzz TARGET FILE...` (without the `afl` feature) runs the
//!   files through the target, to reproduce a crash.
//!
//! A target also checks what must hold for every input (e.g. the HTML
//! conversion's output stays linear in its input) with an assertion, so the
//! fuzzer reports a broken bound like a crash.

#![warn(missing_docs)]

pub mod mutate;
pub mod seeds;

use std::io::Write;

use chrono::{TimeZone, Utc};

/// A fuzz target: must return (not panic) for every input.
pub type Target = fn(&[u8]);

/// Every target by name, in the order the smoke test and the README list them.
pub const TARGETS: &[(&str, Target)] = &[
    ("leap2a", leap2a),
    ("leap2a_html", leap2a_html),
    ("archive", archive),
    ("archive_entries", archive_entries),
    ("matrix", matrix),
    ("badge", badge),
    ("markdown", markdown),
    ("media", media),
];

/// The target called `name`.
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Largest input a target looks at: bigger inputs are cut here, so that a
/// mutation that only grows the input cannot make a run slow by size alone.
pub const MAX_INPUT: usize = 1 << 20;

fn capped(data: &[u8]) -> &[u8] {
    &data[..data.len().min(MAX_INPUT)]
}

/// A Leap2A export (a zip with `leap2a.xml`, or the bare XML) read and
/// converted into planned records, as `import-leap2a` does before it touches
/// the store.
pub fn leap2a(data: &[u8]) {
    let _ = portfolio_interchange::read_leap2a(capped(data), portfolio_interchange::Limits::default());
}

/// Mahara's HTML content of an entry reduced to the Markdown subset, and
/// character references decoded. The output stays linear in the input
/// (issue #16, case 1: nested lists once grew with the square of the depth).
pub fn leap2a_html(data: &[u8]) {
    let html = String::from_utf8_lossy(capped(data));
    let out = portfolio_interchange::html::to_markdown(&html);
    assert!(
        out.len() <= 32 * html.len() + 64,
        "to_markdown grew {} bytes of HTML into {} bytes of text",
        html.len(),
        out.len()
    );
    let decoded = portfolio_interchange::html::decode_entities(&html);
    assert!(decoded.len() <= 4 * html.len() + 4, "decode_entities grew {} bytes into {}", html.len(), decoded.len());
}

/// Limits for archives in the fuzzer: the defaults, with entries capped at
/// 16 MiB so a zip bomb is refused before it costs time.
fn archive_limits() -> portfolio_archive::Limits {
    portfolio_archive::Limits {
        max_entry_bytes: 16 << 20,
        max_total_bytes: 64 << 20,
        ..portfolio_archive::Limits::default()
    }
}

/// A whole `.lportfolio` file read and checked as `import` does before
/// planning (zip structure, names, sizes, manifest, checksums, entries,
/// referenced media staged to temporary files).
pub fn archive(data: &[u8]) {
    let _ = portfolio_archive::read_archive(capped(data), &archive_limits());
}

/// The separator between sections of an [`archive_entries`] input.
pub const SECTION: &[u8] = b"\n=== ";

/// An archive's manifest and entries without the zip and checksum layer in
/// the way: the input is the manifest JSON followed by sections
/// `"\n=== NAME\n" BODY`, one per entry. The target writes them into a zip
/// (the manifest's `entries` replaced by the real sizes and SHA-256 when the
/// manifest is a JSON object, so that mutations reach the learner, record and
/// framework parsers and the manifest's other fields) and reads it like
/// [`archive`].
pub fn archive_entries(data: &[u8]) {
    let _ = portfolio_archive::read_archive(&entries_zip(capped(data)), &archive_limits());
}

/// The zip [`archive_entries`] reads for `data` (public for the seeds and
/// regression files, which are kept in the sectioned form).
pub fn entries_zip(data: &[u8]) -> Vec<u8> {
    let mut parts = split(data, SECTION).into_iter();
    let manifest = parts.next().unwrap_or_default();
    let entries: Vec<(String, &[u8])> = parts
        .map(|p| {
            let nl = p.iter().position(|b| *b == b'\n').unwrap_or(p.len());
            let name = String::from_utf8_lossy(&p[..nl]).into_owned();
            (name, p.get(nl + 1..).unwrap_or_default())
        })
        .collect();
    let manifest = match serde_json::from_slice::<serde_json::Value>(manifest) {
        Ok(serde_json::Value::Object(mut m)) => {
            let listed = entries
                .iter()
                .map(|(name, body)| {
                    serde_json::json!({ "path": name, "size": body.len(), "sha256": seeds::sha256_hex(body) })
                })
                .collect();
            m.insert("entries".into(), serde_json::Value::Array(listed));
            serde_json::to_vec(&m).unwrap_or_default()
        }
        _ => manifest.to_vec(),
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut add = |name: &str, body: &[u8]| -> zip::result::ZipResult<()> {
        zip.start_file(name, opts)?;
        zip.write_all(body)?;
        Ok(())
    };
    // A name the zip writer refuses (or a second copy) is left out: the
    // reader's own refusals of such names are the `archive` target's work.
    let _ = add(portfolio_archive::MANIFEST, &manifest);
    for (name, body) in &entries {
        let _ = add(name, body);
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

fn split<'a>(data: &'a [u8], sep: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.windows(sep.len()).position(|w| w == sep) {
        out.push(&rest[..i]);
        rest = &rest[i + sep.len()..];
    }
    out.push(rest);
    out
}

/// A Mahara SmartEvidence `.matrix` file read as a framework, validated and
/// written back.
pub fn matrix(data: &[u8]) {
    use portfolio_domain::Validate;
    if let Ok(f) = portfolio_domain::matrix::from_matrix(capped(data), "fuzz".into()) {
        let _ = f.validate();
        let _ = portfolio_domain::matrix::to_matrix(&f);
    }
}

/// A badge file (baked PNG or SVG, JSON, compact JWS / VC-JWT, a CLR, a
/// presentation) examined by content and verified offline with no keys, at a
/// fixed time.
pub fn badge(data: &[u8]) {
    let ex = portfolio_badges::examine(capped(data));
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("a valid date");
    let _ = portfolio_badges::verify(&ex, &portfolio_badges::VerifyOptions::new(now));
}

/// The Markdown subset of reflections and descriptions, parsed into blocks
/// and inline spans as the print documents set them.
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(capped(data));
    let _ = portfolio_documents::markdown::parse(&text);
    let _ = portfolio_documents::markdown::inline(&text);
}

/// An evidence file imported into a fresh media folder with the default
/// limits (sniffed, decoded under the decoder's allocation limit, EXIF
/// orientation, derivatives encoded), as attaching a photo does.
pub fn media(data: &[u8]) {
    let Ok(dir) = tempfile::tempdir() else { return };
    let Ok(store) = portfolio_media::MediaStore::open(dir.path()) else { return };
    let _ = store.import_bytes_with("fuzz input", capped(data), &portfolio_media::ImportOptions::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_is_found_by_name() {
        for (name, _) in TARGETS {
            assert!(target(name).is_some(), "{name}");
        }
        assert!(target("nothing").is_none());
    }

    #[test]
    fn sections_split_into_manifest_and_named_entries() {
        let zip = entries_zip(b"{\"format\":\"x\"}\n=== learners/a.json\n{}\n=== records/b.json\n[1]");
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
        let names: Vec<String> = (0..z.len()).map(|i| z.by_index(i).unwrap().name().to_string()).collect();
        assert_eq!(names, ["manifest.json", "learners/a.json", "records/b.json"]);
        let mut manifest = String::new();
        std::io::Read::read_to_string(&mut z.by_name("manifest.json").unwrap(), &mut manifest).unwrap();
        let m: serde_json::Value = serde_json::from_str(&manifest).unwrap();
        assert_eq!(m["format"], "x");
        assert_eq!(m["entries"][1]["path"], "records/b.json");
        assert_eq!(m["entries"][1]["size"], 3);
        assert_eq!(m["entries"][0]["sha256"], seeds::sha256_hex(b"{}"));
    }
}
