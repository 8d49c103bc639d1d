//! Decoding (first frame, limits, panics caught) and the derivative sizes.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use fast_image_resize as fr;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::{MediaError, Variant};

/// The largest side a picture may declare.
pub const MAX_SIDE: u32 = 16_384;
/// The most memory one picture may take while it is read and its
/// derivatives are made, counted on what the decoder really allocates
/// (see [`decode_cost`]): 384 MiB, enough for a 108-megapixel photo.
pub const MAX_ALLOC: u64 = 384 * 1024 * 1024;
/// JPEG quality of the derivatives.
pub const JPEG_QUALITY: u8 = 85;

/// One encoded derivative.
pub(crate) struct Encoded {
    pub variant: Variant,
    pub bytes: Vec<u8>,
    /// "jpg" or "png".
    pub ext: &'static str,
}

/// A decoded picture's facts and its encoded derivatives.
pub(crate) struct Rendered {
    /// Width as shown (after EXIF orientation).
    pub width: u32,
    /// Height as shown (after EXIF orientation).
    pub height: u32,
    pub derivatives: Vec<Encoded>,
}

/// Decode `bytes` (already sniffed as `format`) and make every derivative.
/// Decoder panics become [`MediaError::Unreadable`].
pub(crate) fn render(name: &str, format: ImageFormat, bytes: &[u8]) -> Result<Rendered, MediaError> {
    match catch_unwind(AssertUnwindSafe(|| render_inner(name, format, bytes))) {
        Ok(result) => result,
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "decoder panicked".into());
            Err(MediaError::Unreadable { name: name.into(), detail })
        }
    }
}

fn unreadable(name: &str, e: impl std::fmt::Display) -> MediaError {
    MediaError::Unreadable { name: name.into(), detail: e.to_string() }
}

fn render_inner(name: &str, format: ImageFormat, bytes: &[u8]) -> Result<Rendered, MediaError> {
    // Header first: the declared size is checked before anything is decoded.
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.no_limits();
    let mut decoder = reader.into_decoder().map_err(|e| decode_error(name, format, bytes, e))?;
    let (width, height) = decoder.dimensions();
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(MediaError::TooManyPixels { name: name.into(), width, height, max: MAX_SIDE });
    }
    if width == 0 || height == 0 {
        return Err(unreadable(name, "zero-sized image"));
    }
    let progressive = format == ImageFormat::Jpeg && jpeg_is_progressive(bytes);
    let needed = decode_cost(width, height, decoder.total_bytes(), decoder.color_type(), progressive);
    if needed > MAX_ALLOC {
        return Err(MediaError::TooMuchMemory {
            name: name.into(),
            width,
            height,
            needed_mb: needed.div_ceil(1_000_000),
            limit_mb: MAX_ALLOC / 1_000_000,
        });
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    decoder.set_limits(limits).map_err(|e| unreadable(name, e))?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    // GIF/WebP/APNG: `from_decoder` reads the first frame only.
    let image = DynamicImage::from_decoder(decoder).map_err(|e| decode_error(name, format, bytes, e))?;
    if format == ImageFormat::Jpeg && !jpeg_has_end(bytes) {
        return Err(MediaError::Truncated { name: name.into() });
    }

    let (pixels, pixel_type, ext) = into_pixels(image);
    let src = fr::images::Image::from_vec_u8(width, height, pixels, pixel_type).map_err(|e| unreadable(name, e))?;

    let swapped = matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    );
    let mut resizer = fr::Resizer::new();
    let options = fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    let mut derivatives = Vec::with_capacity(3);
    // Largest first; each smaller size is made from the one before (cheaper, same look).
    let mut previous: Option<fr::images::Image<'static>> = None;
    for variant in [Variant::Print, Variant::Screen, Variant::Thumb] {
        let (w, h) = fit(width, height, variant.long_edge());
        let from = previous.as_ref().unwrap_or(&src);
        let scaled = if (w, h) == (from.width(), from.height()) {
            fr::images::Image::from_vec_u8(w, h, from.buffer().to_vec(), pixel_type).map_err(|e| unreadable(name, e))?
        } else {
            let mut dst = fr::images::Image::new(w, h, pixel_type);
            resizer.resize(from, &mut dst, &options).map_err(|e| unreadable(name, e))?;
            dst
        };
        let bytes = encode(&scaled, orientation, ext).map_err(|e| unreadable(name, e))?;
        derivatives.push(Encoded { variant, bytes, ext });
        previous = Some(scaled);
    }
    let (width, height) = if swapped { (height, width) } else { (width, height) };
    Ok(Rendered { width, height, derivatives })
}

/// The bytes reading a `width` × `height` picture will allocate at its peak:
/// the decoder's output (`decoded`: width × height × bytes per pixel, so bit
/// depth and channels count), the 8-bit copy the derivatives are made from
/// when the output is not already 8-bit RGB, the resizer's intermediate
/// image for the largest derivative, and for a progressive JPEG the
/// decoder's coefficient planes (two bytes per sample).
pub fn decode_cost(width: u32, height: u32, decoded: u64, color: image::ColorType, progressive_jpeg: bool) -> u64 {
    let (w, h) = (u64::from(width), u64::from(height));
    let pixels = w * h;
    let eight_bit_channels: u64 = if color.has_alpha() { 4 } else { 3 };
    let copy = if color == image::ColorType::Rgb8 { 0 } else { pixels * 4 };
    let (fw, fh) = fit(width, height, Variant::Print.long_edge());
    let intermediate = (u64::from(fw) * h).max(w * u64::from(fh)) * eight_bit_channels;
    let coefficients = if progressive_jpeg { pixels * u64::from(color.channel_count()) * 2 } else { 0 };
    decoded.saturating_add(copy).saturating_add(intermediate).saturating_add(coefficients)
}

/// Whether a JPEG's frame header is progressive (SOF2, SOF6, SOF10, SOF14),
/// read from the marker segments before the first scan.
fn jpeg_is_progressive(bytes: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        match marker {
            0xFF => i += 1,
            0xC2 | 0xC6 | 0xCA | 0xCE => return true,
            0xC0 | 0xC1 | 0xC3 | 0xC5 | 0xC7 | 0xC9 | 0xCB | 0xCD | 0xCF | 0xDA => return false,
            0x01 | 0xD0..=0xD7 => i += 2,
            _ => i += 2 + usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]])),
        }
    }
    false
}

/// 8-bit RGB (JPEG derivatives) or, when any pixel is see-through, RGBA (PNG).
fn into_pixels(image: DynamicImage) -> (Vec<u8>, fr::PixelType, &'static str) {
    if image.color().has_alpha() {
        let rgba = image.into_rgba8();
        if rgba.pixels().any(|p| p.0[3] != 255) {
            return (rgba.into_raw(), fr::PixelType::U8x4, "png");
        }
        let rgb = DynamicImage::ImageRgba8(rgba).into_rgb8();
        return (rgb.into_raw(), fr::PixelType::U8x3, "jpg");
    }
    (image.into_rgb8().into_raw(), fr::PixelType::U8x3, "jpg")
}

/// The size that fits `long_edge` on the long side, never larger than the original.
pub(crate) fn fit(width: u32, height: u32, long_edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= long_edge {
        return (width, height);
    }
    let scale = long_edge as f64 / long as f64;
    let w = ((width as f64 * scale).round() as u32).max(1);
    let h = ((height as f64 * scale).round() as u32).max(1);
    (w, h)
}

/// Re-encode pixels only (no metadata is ever copied), orientation applied.
fn encode(scaled: &fr::images::Image<'_>, orientation: Orientation, ext: &str) -> Result<Vec<u8>, image::ImageError> {
    let (w, h) = (scaled.width(), scaled.height());
    let buffer = scaled.buffer().to_vec();
    let mut image = if ext == "png" {
        DynamicImage::ImageRgba8(image::RgbaImage::from_raw(w, h, buffer).expect("buffer size"))
    } else {
        DynamicImage::ImageRgb8(image::RgbImage::from_raw(w, h, buffer).expect("buffer size"))
    };
    image.apply_orientation(orientation);
    let mut out = Vec::new();
    if ext == "png" {
        let encoder = image::codecs::png::PngEncoder::new_with_quality(
            &mut out,
            image::codecs::png::CompressionType::Fast,
            image::codecs::png::FilterType::Adaptive,
        );
        image.write_with_encoder(encoder)?;
    } else {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
        image.write_with_encoder(encoder)?;
    }
    Ok(out)
}

/// A decode failure: "cut off" when the data ends early, otherwise unreadable.
fn decode_error(name: &str, format: ImageFormat, bytes: &[u8], e: image::ImageError) -> MediaError {
    let text = e.to_string().to_ascii_lowercase();
    let eof = matches!(&e, image::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof)
        || text.contains("eof")
        || text.contains("end of file")
        || text.contains("unexpected end")
        || text.contains("no more bytes")
        || text.contains("truncated");
    if eof || (format == ImageFormat::Jpeg && !jpeg_has_end(bytes)) {
        MediaError::Truncated { name: name.into() }
    } else {
        unreadable(name, e)
    }
}

/// A complete JPEG has an end-of-image marker after its last start-of-scan
/// (markers never occur inside entropy-coded data, which stuffs 0xFF as FF 00).
fn jpeg_has_end(bytes: &[u8]) -> bool {
    let last = |m: u8| bytes.windows(2).rposition(|w| w[0] == 0xFF && w[1] == m);
    match (last(0xD9), last(0xDA)) {
        (Some(eoi), Some(sos)) => eoi > sos,
        (Some(_), None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_counts_bit_depth_channels_and_progressive_planes() {
        use image::ColorType;
        // 16384² 16-bit RGBA: 2 GiB of output alone.
        let rgba16 = decode_cost(16_384, 16_384, 16_384 * 16_384 * 8, ColorType::Rgba16, false);
        assert!(rgba16 > 3 * 1024 * 1024 * 1024, "{rgba16}");
        // A 12-megapixel phone photo is far below the budget, progressive or not.
        let phone = decode_cost(4032, 3024, 4032 * 3024 * 3, ColorType::Rgb8, true);
        assert!(phone < MAX_ALLOC / 2, "{phone}");
        // 108 megapixels, baseline: still accepted.
        assert!(decode_cost(12_000, 9_000, 12_000 * 9_000 * 3, ColorType::Rgb8, false) < MAX_ALLOC);
        // 16000² RGB JPEG (what a 631-byte header can claim): refused.
        assert!(decode_cost(16_000, 16_000, 16_000 * 16_000 * 3, ColorType::Rgb8, false) > MAX_ALLOC);
    }

    #[test]
    fn fit_never_upscales_and_keeps_aspect() {
        assert_eq!(fit(4032, 3024, 320), (320, 240));
        assert_eq!(fit(3024, 4032, 1600), (1200, 1600));
        assert_eq!(fit(100, 50, 320), (100, 50));
        assert_eq!(fit(10_000, 1, 320), (320, 1));
    }
}
