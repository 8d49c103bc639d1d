//! Hostile pictures and leftovers: refused within a memory budget, swept away.

use std::collections::HashSet;
use std::fs;
use std::time::{Instant, SystemTime};

use portfolio_media::hostile::{jpeg_header_claiming, png_rgba16_zeros};
use portfolio_media::{MediaError, MediaStore, DEFAULT_GRACE, MAX_ALLOC};

fn store() -> (tempfile::TempDir, MediaStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = MediaStore::open(dir.path().join("media")).unwrap();
    (dir, store)
}

/// This process's peak resident memory so far, in MB (Linux; 0 elsewhere).
fn peak_mb() -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    kb / 1024
}

fn assert_one_sentence(message: &str) {
    assert!(message.ends_with('.') && !message.ends_with(".."), "{message}");
    assert!(!message.contains('\n'), "{message}");
    assert_eq!(message.matches(". ").count(), 0, "one sentence: {message}");
}

#[test]
fn a_16_bit_rgba_png_of_16384_squared_is_refused_before_decoding() {
    let (_dir, store) = store();
    let png = png_rgba16_zeros(16_384);
    assert!(png.len() < 20_000_000, "{} bytes", png.len());
    let started = Instant::now();
    let err = store.import_bytes("huge-16bit.png", &png).unwrap_err();
    println!(
        "16384² RGBA16 PNG ({} bytes): refused in {:?}, peak {} MB for the test process",
        png.len(),
        started.elapsed(),
        peak_mb()
    );
    assert!(
        matches!(err, MediaError::TooMuchMemory { width: 16_384, height: 16_384, needed_mb, .. } if needed_mb > 3_000),
        "{err:?}"
    );
    assert_eq!(err.code(), "too_many_pixels");
    assert!(err.to_string().starts_with("“huge-16bit.png” is a 16384 × 16384 picture that would need about "));
    assert_one_sentence(&err.to_string());
    assert!(store.list().unwrap().is_empty());
}

#[test]
fn a_small_16_bit_png_of_the_same_kind_decodes() {
    // The same generator at a size within the budget: a valid, transparent picture.
    let (_dir, store) = store();
    let item = store.import_bytes("small-16bit.png", &png_rgba16_zeros(640)).unwrap();
    assert_eq!((item.width, item.height), (Some(640), Some(640)));
    let thumb = store.derivative(&item.sha256, portfolio_media::Variant::Thumb).unwrap();
    assert_eq!(thumb.extension().unwrap(), "png", "see-through pixels keep a PNG derivative");
}

#[test]
fn a_631_byte_jpeg_claiming_16000_squared_is_refused_before_decoding() {
    let (_dir, store) = store();
    let jpeg = jpeg_header_claiming(16_000, 16_000);
    assert_eq!(jpeg.len(), 631);
    let started = Instant::now();
    let err = store.import_bytes("claims-16000.jpg", &jpeg).unwrap_err();
    println!("631-byte JPEG claiming 16000²: refused in {:?}, peak {} MB", started.elapsed(), peak_mb());
    assert!(matches!(err, MediaError::TooMuchMemory { width: 16_000, height: 16_000, .. }), "{err:?}");
    assert!(err.to_string().contains(&format!("more than the {} MB one picture may use", MAX_ALLOC / 1_000_000)));
    assert_one_sentence(&err.to_string());
}

#[test]
fn a_jpeg_header_within_the_budget_is_cut_off_not_decoded_forever() {
    let (_dir, store) = store();
    let started = Instant::now();
    let err = store.import_bytes("claims-3000.jpg", &jpeg_header_claiming(3000, 2000)).unwrap_err();
    println!("631-byte JPEG claiming 3000×2000: refused in {:?}, peak {} MB", started.elapsed(), peak_mb());
    assert!(matches!(err, MediaError::Truncated { .. } | MediaError::Unreadable { .. }), "{err:?}");
    assert_one_sentence(&err.to_string());
}

#[test]
fn leftovers_of_a_killed_import_are_swept_but_live_ones_are_kept() {
    let (_dir, store) = store();
    let kept = store.import_bytes("notes-tiếng-việt.txt", "Ghi chú 📝".as_bytes()).unwrap();
    let shard = store.root().join("originals").join(&kept.sha256[..2]);
    // A killed writer's partial original: nobody holds its lock.
    let dead = shard.join(".tmp-killed");
    fs::write(&dead, vec![7u8; 1 << 20]).unwrap();
    let dead_item = store.root().join("items").join(&kept.sha256[..2]).join(".tmp-item");
    fs::write(&dead_item, b"{").unwrap();
    // A live writer's file: locked for as long as it is open.
    let live = shard.join(".tmp-live");
    let writer = fs::File::create(&live).unwrap();
    writer.lock().unwrap();
    // Not a leftover: a file that merely looks like one in another folder.
    let other = store.root().join("originals").join(".tmp-shard-dir");
    fs::create_dir_all(&other).unwrap();

    let referenced: HashSet<String> = [kept.sha256.clone()].into();
    let dry = store.sweep(&referenced, SystemTime::now(), DEFAULT_GRACE, true).unwrap();
    assert_eq!(dry.leftovers, vec![(dead_item.clone(), 1), (dead.clone(), 1 << 20)]);
    assert!(dead.exists(), "a dry run removes nothing");

    let report = store.sweep(&referenced, SystemTime::now(), DEFAULT_GRACE, false).unwrap();
    assert_eq!(report.leftovers, dry.leftovers);
    assert!(!dead.exists() && !dead_item.exists());
    assert!(live.exists(), "a file being written is never swept");
    assert!(other.is_dir());
    assert_eq!(report.in_use, 1);
    assert!(store.original_path(&kept.sha256).is_file());
    drop(writer);
    assert_eq!(store.sweep_leftovers(false).unwrap(), vec![(live.clone(), 0)]);
    assert!(!live.exists());
}
