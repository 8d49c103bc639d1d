//! Decoding (first frame, limits, panics caught) and the derivative sizes.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use fast_image_resize as fr;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::{MediaError, Variant};

/// The largest side a picture may declare.
pub const MAX_SIDE: u32 = 16_384;
/// The most memory one decode may allocate.
pub const MAX_ALLOC: u64 = 512 * 1024 * 1024;
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
    fn fit_never_upscales_and_keeps_aspect() {
        assert_eq!(fit(4032, 3024, 320), (320, 240));
        assert_eq!(fit(3024, 4032, 1600), (1200, 1600));
        assert_eq!(fit(100, 50, 320), (100, 50));
        assert_eq!(fit(10_000, 1, 320), (320, 1));
    }
}
