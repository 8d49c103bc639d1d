//! Import of good and bad inputs, all generated here.

use std::io::Cursor;
use std::path::Path;
use std::time::{Duration, Instant};

use image::{DynamicImage, GenericImageView, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use portfolio_media::{ImportOptions, ImportStatus, MediaError, MediaKind, MediaStore, Outcome, Variant};
use sha2::{Digest, Sha256};

fn store() -> (tempfile::TempDir, MediaStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = MediaStore::open(dir.path().join("media")).unwrap();
    (dir, store)
}

fn gradient(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| Rgb([(x * 255 / w.max(1)) as u8, (y * 255 / h.max(1)) as u8, 128]))
}

fn encode(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    encode(&DynamicImage::ImageRgb8(gradient(w, h)), ImageFormat::Jpeg)
}

/// An EXIF APP1 segment (big-endian TIFF) with Orientation and, optionally, a GPS IFD.
fn exif_app1(orientation: u16, gps: bool) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    let entries: u16 = if gps { 2 } else { 1 };
    tiff.extend_from_slice(&entries.to_be_bytes());
    // 0x0112 Orientation, SHORT, 1, value
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    let gps_ifd = 8 + 2 + 12 * entries as u32 + 4;
    if gps {
        // 0x8825 GPSInfo, LONG, 1, offset of the GPS IFD
        tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1]);
        tiff.extend_from_slice(&gps_ifd.to_be_bytes());
    }
    tiff.extend_from_slice(&[0, 0, 0, 0]); // no next IFD
    if gps {
        assert_eq!(tiff.len() as u32, gps_ifd);
        tiff.extend_from_slice(&1u16.to_be_bytes());
        // 0x0001 GPSLatitudeRef, ASCII, 2, "N\0"
        tiff.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
        tiff.extend_from_slice(&[0, 0, 0, 0]);
    }
    let mut seg = vec![0xFF, 0xE1];
    seg.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    seg.extend_from_slice(b"Exif\0\0");
    seg.extend_from_slice(&tiff);
    seg
}

fn with_app1(jpeg: &[u8], app1: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// The marker bytes of a JPEG's segments before its first scan.
fn header_markers(jpeg: &[u8]) -> Vec<u8> {
    let mut markers = Vec::new();
    let mut i = 2;
    while i + 4 <= jpeg.len() {
        assert_eq!(jpeg[i], 0xFF, "segment at {i}");
        let marker = jpeg[i + 1];
        markers.push(marker);
        if marker == 0xDA {
            break;
        }
        let len = u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]) as usize;
        i += 2 + len;
    }
    markers
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn files_under(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        n += if path.is_dir() { files_under(&path) } else { 1 };
    }
    n
}

fn assert_nothing_stored(store: &MediaStore) {
    assert_eq!(files_under(store.root()), 0, "a refused file left something behind");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn opts() -> ImportOptions {
    ImportOptions::default()
}

#[test]
fn zero_byte_file_is_refused() {
    let (dir, store) = store();
    let path = write(dir.path(), "empty.jpg", b"");
    let err = store.import_file(&path, &opts()).unwrap_err();
    assert!(matches!(err, MediaError::Empty { .. }), "{err:?}");
    assert_eq!(err.to_string(), "“empty.jpg” is empty (0 bytes), so there is nothing to import.");
    assert_nothing_stored(&store);
}

#[test]
fn truncated_jpeg_is_refused() {
    let (_dir, store) = store();
    let full = jpeg(64, 48);
    let err = store.import_bytes("cut.jpg", &full[..full.len() / 2]).unwrap_err();
    assert!(matches!(err, MediaError::Truncated { .. }), "{err:?}");
    assert!(err.to_string().contains("is cut off"), "{err}");
    assert_nothing_stored(&store);
}

#[test]
fn huge_declared_png_is_refused_before_decoding() {
    let (_dir, store) = store();
    let mut png = encode(&DynamicImage::ImageRgb8(gradient(1, 1)), ImageFormat::Png);
    // IHDR data is at 16..29, its CRC at 29..33 (over the type and data, 12..29).
    png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    let started = Instant::now();
    let err = store.import_bytes("bomb.png", &png).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(matches!(err, MediaError::TooManyPixels { width: 100_000, height: 100_000, .. }), "{err:?}");
    assert!(err.to_string().contains("100000 × 100000 pixels"), "{err}");
    assert_nothing_stored(&store);
}

#[test]
fn gif_with_thousands_of_frames_decodes_only_the_first() {
    let (_dir, store) = store();
    let one = encode(&DynamicImage::ImageRgb8(gradient(16, 16)), ImageFormat::Gif);
    // The frame runs from its graphic control extension to the trailer (0x3B).
    let start = one.windows(3).position(|w| w == [0x21, 0xF9, 0x04]).expect("a frame");
    assert_eq!(*one.last().unwrap(), 0x3B);
    let frame = &one[start..one.len() - 1];
    let mut gif = one[..start].to_vec();
    for _ in 0..5000 {
        gif.extend_from_slice(frame);
    }
    gif.push(0x3B);
    let started = Instant::now();
    let item = store.import_bytes("party.gif", &gif).unwrap();
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    assert_eq!((item.kind, item.width, item.height), (MediaKind::Image, Some(16), Some(16)));
    assert_eq!(item.mime, "image/gif");
}

#[test]
fn text_named_jpg_is_kept_as_a_file_and_says_so() {
    let (dir, store) = store();
    let path = write(dir.path(), "holiday.jpg", b"not a picture, just notes\n");
    let imported = store.import_path(&path, &opts()).unwrap();
    assert_eq!(imported.status, ImportStatus::Added);
    assert_eq!(imported.item.kind, MediaKind::File);
    assert_eq!(imported.item.mime, "text/plain");
    assert_eq!((imported.item.width, imported.item.height), (None, None));
    let notice = imported.notice.expect("a notice");
    assert!(notice.contains("kept as a file attachment, not an image"), "{notice}");
    let err = store.derivative(&imported.item.sha256, Variant::Thumb).unwrap_err();
    assert!(matches!(err, MediaError::NotAnImage { .. }), "{err:?}");
    assert!(!store.root().join("derived").join(&imported.item.sha256).exists());
}

#[test]
fn pdf_and_unknown_bytes_are_attachments() {
    let (_dir, store) = store();
    let pdf = store.import_bytes("essay.pdf", b"%PDF-1.7\n%...\n").unwrap();
    assert_eq!((pdf.kind, pdf.mime.as_str()), (MediaKind::File, "application/pdf"));
    let bin = store.import_bytes("data.bin", &[0u8, 159, 146, 150, 1, 2, 3]).unwrap();
    assert_eq!((bin.kind, bin.mime.as_str()), (MediaKind::File, "application/octet-stream"));
}

#[test]
fn too_large_file_is_refused_with_the_cap() {
    let (dir, store) = store();
    let path = write(dir.path(), "video.mp4", &vec![7u8; 5_000]);
    let small = ImportOptions { max_file_bytes: 2_000 };
    let err = store.import_file(&path, &small).unwrap_err();
    assert!(matches!(err, MediaError::TooLarge { size: 5_000, limit: 2_000, .. }), "{err:?}");
    assert!(err.to_string().contains("is 5 kB, more than the 2 kB a single file can be"), "{err}");
    let err = store.import_bytes_with("video.mp4", &vec![7u8; 5_000], &small).unwrap_err();
    assert!(matches!(err, MediaError::TooLarge { .. }));
    assert_nothing_stored(&store);
}

#[test]
fn file_that_disappears_is_refused() {
    let (dir, store) = store();
    let path = write(dir.path(), "gone.jpg", &jpeg(8, 8));
    std::fs::remove_file(&path).unwrap();
    let err = store.import_file(&path, &opts()).unwrap_err();
    assert!(matches!(err, MediaError::Disappeared { .. }), "{err:?}");
    assert!(err.to_string().contains("moved, renamed or deleted"), "{err}");
    assert_nothing_stored(&store);
}

#[test]
fn directory_is_refused() {
    let (dir, store) = store();
    std::fs::create_dir(dir.path().join("Photos")).unwrap();
    let err = store.import_file(dir.path().join("Photos"), &opts()).unwrap_err();
    assert!(matches!(err, MediaError::IsDirectory { .. }), "{err:?}");
    assert_eq!(err.to_string(), "“Photos” is a folder, not a file: choose the files inside it instead.");
}

#[test]
fn heic_is_refused_with_a_way_out() {
    let (_dir, store) = store();
    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.extend_from_slice(&[0u8; 100]);
    let err = store.import_bytes("IMG_0001.HEIC", &heic).unwrap_err();
    assert!(matches!(err, MediaError::Heic { .. }), "{err:?}");
    assert!(err.to_string().contains(
        "HEIC photos can't be read yet: export it as JPEG (on iPhone: Settings → Camera → Formats → Most Compatible)"
    ));
    assert_nothing_stored(&store);
}

#[test]
fn garbage_after_a_png_signature_is_unreadable() {
    let (_dir, store) = store();
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&[0xAB; 64]);
    let err = store.import_bytes("broken.png", &bytes).unwrap_err();
    assert!(matches!(err, MediaError::Unreadable { .. } | MediaError::Truncated { .. }), "{err:?}");
    assert_nothing_stored(&store);
}

#[test]
fn exif_orientation_is_applied_and_metadata_stripped() {
    let (_dir, store) = store();
    // 40 wide, 20 high as stored; Orientation=6 means shown rotated 90° clockwise.
    let original = with_app1(&jpeg(40, 20), &exif_app1(6, true));
    let item = store.import_bytes("IMG_1234.JPG", &original).unwrap();
    assert_eq!((item.width, item.height), (Some(20), Some(40)));
    for variant in Variant::ALL {
        let path = store.derivative(&item.sha256, variant).unwrap();
        assert!(path.to_string_lossy().ends_with(&format!("{}.jpg", variant.stem())));
        let bytes = std::fs::read(&path).unwrap();
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!(img.dimensions(), (20, 40), "{variant:?} rotated, never upscaled");
        let markers = header_markers(&bytes);
        assert!(!markers.contains(&0xE1), "{variant:?} has an APP1 segment: {markers:x?}");
        assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"), "{variant:?} has EXIF");
    }
    // The original is kept byte-exact, under its hash.
    let stored = std::fs::read(store.original_path(&item.sha256)).unwrap();
    assert_eq!(stored, original);
    let sha = format!("{:x}", Sha256::digest(&original));
    assert_eq!(item.sha256, sha);
    assert_eq!(store.original_path(&sha), store.root().join("originals").join(&sha[..2]).join(&sha));
    assert_eq!(item.size, original.len() as u64);
}

#[test]
fn derivative_sizes_and_regeneration() {
    let (_dir, store) = store();
    let item = store.import_bytes("wide.jpg", &jpeg(1700, 34)).unwrap();
    let dims = |v| image::image_dimensions(store.derivative(&item.sha256, v).unwrap()).unwrap();
    assert_eq!(dims(Variant::Thumb), (320, 6));
    assert_eq!(dims(Variant::Screen), (1600, 32));
    assert_eq!(dims(Variant::Print), (1700, 34), "never upscaled");
    std::fs::remove_dir_all(store.root().join("derived").join(&item.sha256)).unwrap();
    assert_eq!(dims(Variant::Screen), (1600, 32), "made again on demand");
    let err = store.derivative(&"0".repeat(64), Variant::Thumb).unwrap_err();
    assert!(matches!(err, MediaError::NotStored { .. }));
    assert!(store.derivative("../../etc/passwd", Variant::Thumb).is_err());
}

#[test]
fn alpha_png_keeps_alpha_in_png_derivatives() {
    let (_dir, store) = store();
    let img = RgbaImage::from_fn(50, 30, |x, _| Rgba([200, 10, 10, if x < 25 { 0 } else { 255 }]));
    let item = store.import_bytes("logo.png", &encode(&DynamicImage::ImageRgba8(img), ImageFormat::Png)).unwrap();
    let path = store.derivative(&item.sha256, Variant::Thumb).unwrap();
    assert!(path.to_string_lossy().ends_with("thumb.png"));
    let thumb = image::open(&path).unwrap();
    assert!(thumb.color().has_alpha());
    assert_eq!(thumb.to_rgba8().get_pixel(0, 0).0[3], 0);
    assert_eq!(thumb.to_rgba8().get_pixel(49, 0).0[3], 255);
}

#[test]
fn opaque_rgba_png_gets_jpeg_derivatives() {
    let (_dir, store) = store();
    let img = RgbaImage::from_pixel(10, 10, Rgba([1, 2, 3, 255]));
    let item = store.import_bytes("flat.png", &encode(&DynamicImage::ImageRgba8(img), ImageFormat::Png)).unwrap();
    assert!(store.derivative(&item.sha256, Variant::Thumb).unwrap().to_string_lossy().ends_with(".jpg"));
}

#[test]
fn sixteen_bit_png_and_webp_work() {
    let (_dir, store) = store();
    let deep =
        image::ImageBuffer::<Rgb<u16>, _>::from_fn(30, 20, |x, y| Rgb([x as u16 * 2000, y as u16 * 3000, 65535]));
    let png = encode(&DynamicImage::ImageRgb16(deep), ImageFormat::Png);
    let item = store.import_bytes("scan16.png", &png).unwrap();
    assert_eq!((item.kind, item.width, item.height), (MediaKind::Image, Some(30), Some(20)));
    let thumb = image::open(store.derivative(&item.sha256, Variant::Thumb).unwrap()).unwrap();
    assert_eq!(thumb.dimensions(), (30, 20));

    let webp = encode(&DynamicImage::ImageRgba8(RgbaImage::from_pixel(12, 9, Rgba([9, 9, 9, 255]))), ImageFormat::WebP);
    let item = store.import_bytes("sticker.webp", &webp).unwrap();
    assert_eq!((item.mime.as_str(), item.width, item.height), ("image/webp", Some(12), Some(9)));
}

#[test]
fn duplicates_are_stored_once() {
    let (dir, store) = store();
    let bytes = jpeg(32, 32);
    let first = store.import_path(&write(dir.path(), "a.jpg", &bytes), &opts()).unwrap();
    let second = store.import_path(&write(dir.path(), "copy of a.jpg", &bytes), &opts()).unwrap();
    assert_eq!(first.status, ImportStatus::Added);
    assert_eq!(second.status, ImportStatus::Duplicate);
    assert_eq!(second.item, first.item, "the item as first stored");
    assert_eq!(files_under(&store.root().join("originals")), 1);
    assert_eq!(store.list().unwrap(), vec![first.item.clone()]);
    assert_eq!(store.item(&first.item.sha256).unwrap(), Some(first.item));
}

#[test]
fn import_many_continues_past_failures_in_order() {
    let (dir, store) = store();
    let good = write(dir.path(), "good.jpg", &jpeg(64, 64));
    let same = write(dir.path(), "same.jpg", &jpeg(64, 64));
    let empty = write(dir.path(), "empty.png", b"");
    let other = write(dir.path(), "other.png", &encode(&DynamicImage::ImageRgb8(gradient(20, 10)), ImageFormat::Png));
    let missing = dir.path().join("missing.jpg");
    let notes = write(dir.path(), "notes.txt", b"hello");
    let paths = vec![good, same, empty, other, missing, notes];
    let calls = std::sync::Mutex::new(Vec::new());
    let outcomes = store.import_many(&paths, &opts(), 2, |p| calls.lock().unwrap().push((p.done, p.total, p.refused)));
    assert_eq!(outcomes.len(), 6);
    let added = |o: &Outcome| matches!(o, Outcome::Added { .. });
    let dup = |o: &Outcome| matches!(o, Outcome::Duplicate(_));
    // good/same race on two workers: exactly one of them is new.
    assert!(added(&outcomes[0]) ^ added(&outcomes[1]), "{outcomes:?}");
    assert!(dup(&outcomes[0]) ^ dup(&outcomes[1]), "{outcomes:?}");
    assert!(matches!(&outcomes[2], Outcome::Refused { reason: MediaError::Empty { .. }, .. }));
    assert!(added(&outcomes[3]));
    assert!(matches!(&outcomes[4], Outcome::Refused { reason: MediaError::Disappeared { .. }, .. }));
    assert_eq!(outcomes[5].item().unwrap().kind, MediaKind::File);
    let mut calls = calls.into_inner().unwrap();
    calls.sort();
    assert_eq!(calls.iter().map(|c| c.0).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 6]);
    assert!(calls.iter().all(|c| c.1 == 6));
    assert_eq!(calls.iter().filter(|c| c.2).count(), 2);
    assert_eq!(store.list().unwrap().len(), 3);
    assert_eq!(files_under(&store.root().join("originals")), 3);
}

#[test]
fn every_message_is_one_sentence() {
    let errors = [
        MediaError::Empty { name: "a".into() },
        MediaError::IsDirectory { name: "a".into() },
        MediaError::Disappeared { name: "a".into() },
        MediaError::Heic { name: "a".into() },
        MediaError::Truncated { name: "a".into() },
        MediaError::TooManyPixels { name: "a".into(), width: 1, height: 1, max: 1 },
        MediaError::TooMuchMemory { name: "a".into(), width: 1, height: 1, needed_mb: 2, limit_mb: 1 },
        MediaError::Unreadable { name: "a".into(), detail: "x".into() },
        MediaError::NotStored { sha256: "a".into() },
        MediaError::NotAnImage { name: "a".into() },
    ];
    for e in errors {
        let text = e.to_string();
        assert!(text.ends_with('.') || text.ends_with(")."), "{text}");
        assert_eq!(text.matches(". ").count(), 0, "one sentence: {text}");
        assert!(!e.code().is_empty());
    }
}
