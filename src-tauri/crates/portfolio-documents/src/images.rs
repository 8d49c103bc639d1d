//! Photos for print: each placement gets the stored derivative that has enough
//! pixels for [`TARGET_DPI`] at its size on the page. A JPEG derivative that is
//! close to that size is embedded byte for byte (no decoding); a larger one is
//! scaled down once and encoded as JPEG. Pictures are never scaled up. Work is
//! spread over the machine's cores.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use fast_image_resize as fr;
use portfolio_media::{MediaStore, Variant};

use crate::layout::{Placement, TARGET_DPI};

/// Highest resolution a photo is embedded at: a derivative up to this many
/// dots per inch at its size on the page is embedded unchanged.
pub const MAX_DPI: f32 = 240.0;

/// JPEG quality of scaled photos.
const QUALITY: u8 = 85;

type Key = (String, u32, u32);
type Outcome = Result<std::sync::Arc<Prepared>, String>;

/// A photo ready for the PDF: JPEG bytes and pixel size.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// JPEG data (baseline or progressive), embedded with `DCTDecode`.
    pub jpeg: Vec<u8>,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// One colour component (grey) instead of three.
    pub gray: bool,
}

fn needed_px(points: f32) -> u32 {
    (points / 72.0 * TARGET_DPI).ceil().max(1.0) as u32
}

/// Prepares every placement (deduplicated by picture and pixel size), in
/// parallel. A placement that fails gives `Err` with a sentence for the user.
pub fn prepare_all(media: &MediaStore, placements: &[Placement]) -> Vec<Result<std::sync::Arc<Prepared>, String>> {
    let keys: Vec<(String, u32, u32)> =
        placements.iter().map(|p| (p.photo.sha256.clone(), needed_px(p.w), needed_px(p.h))).collect();
    let mut unique: Vec<(String, u32, u32)> = keys.clone();
    unique.sort();
    unique.dedup();
    let results: Mutex<HashMap<Key, Outcome>> = Mutex::new(HashMap::new());
    let next = AtomicUsize::new(0);
    let workers =
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).clamp(1, 8).min(unique.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(key) = unique.get(i) else { break };
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| prepare(media, &key.0, key.1, key.2)))
                    .unwrap_or_else(|_| Err("this picture could not be read".to_string()))
                    .map(std::sync::Arc::new);
                if let Ok(mut m) = results.lock() {
                    m.insert(key.clone(), r);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_default();
    keys.iter()
        .map(|k| results.get(k).cloned().unwrap_or_else(|| Err("this picture could not be prepared".to_string())))
        .collect()
}

fn jpeg_info(bytes: &[u8]) -> Option<(u32, u32, u8)> {
    // Walk the JPEG markers to the frame header (SOF0–SOF15 but DHT/JPG/DAC).
    if bytes.len() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8 {
        return None;
    }
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let h = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]) as u32;
            let w = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]) as u32;
            let comps = bytes[i + 9];
            return Some((w, h, comps));
        }
        i += 2 + len;
    }
    None
}

fn prepare(media: &MediaStore, sha: &str, need_w: u32, need_h: u32) -> Result<Prepared, String> {
    let need_long = need_w.max(need_h);
    let variant = if need_long <= Variant::Screen.long_edge() { Variant::Screen } else { Variant::Print };
    let path = media.derivative(sha, variant).map_err(|e| e.to_string())?;
    let bytes = std::fs::read(&path).map_err(|e| format!("the picture could not be read ({e})"))?;
    if let Some((w, h, comps)) = jpeg_info(&bytes) {
        let max_w = (need_w as f32 * MAX_DPI / TARGET_DPI).ceil() as u32 + 1;
        if w <= max_w && (comps == 1 || comps == 3) {
            return Ok(Prepared { jpeg: bytes, width: w, height: h, gray: comps == 1 });
        }
    }
    scale(&bytes, need_w, need_h)
}

fn scale(bytes: &[u8], need_w: u32, need_h: u32) -> Result<Prepared, String> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("the picture could not be read ({e})"))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(16_384);
    limits.max_image_height = Some(16_384);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().map_err(|e| format!("the picture could not be read ({e})"))?;
    let rgb = img.to_rgb8();
    let (sw, sh) = rgb.dimensions();
    // Keep the aspect ratio of the source; never larger than the source.
    let scale = (need_w as f32 / sw as f32).max(need_h as f32 / sh as f32).min(1.0);
    let dw = ((sw as f32 * scale).round() as u32).max(1);
    let dh = ((sh as f32 * scale).round() as u32).max(1);
    let out = if (dw, dh) == (sw, sh) {
        rgb.into_raw()
    } else {
        let src =
            fr::images::Image::from_vec_u8(sw, sh, rgb.into_raw(), fr::PixelType::U8x3).map_err(|e| e.to_string())?;
        let mut dst = fr::images::Image::new(dw, dh, fr::PixelType::U8x3);
        let mut resizer = fr::Resizer::new();
        let opts = fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::CatmullRom));
        resizer.resize(&src, &mut dst, &opts).map_err(|e| e.to_string())?;
        dst.into_vec()
    };
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, QUALITY)
        .encode(&out, dw, dh, image::ExtendedColorType::Rgb8)
        .map_err(|e| e.to_string())?;
    Ok(Prepared { jpeg, width: dw, height: dh, gray: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_header_is_read_without_decoding() {
        let img = image::RgbImage::from_pixel(30, 20, image::Rgb([10, 20, 30]));
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 80).encode_image(&img).unwrap_or_default();
        assert_eq!(jpeg_info(&bytes), Some((30, 20, 3)));
        assert_eq!(jpeg_info(b"not a jpeg"), None);
        assert_eq!(jpeg_info(&bytes[..12]), None);
    }

    #[test]
    fn scaling_keeps_aspect_and_never_enlarges() {
        let img = image::RgbImage::from_fn(800, 600, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 0]));
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90).encode_image(&img).unwrap_or_default();
        let p = scale(&bytes, 400, 300).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((p.width, p.height), (400, 300));
        let p = scale(&bytes, 1600, 1200).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((p.width, p.height), (800, 600));
        assert!(scale(b"garbage", 10, 10).is_err());
    }
}
