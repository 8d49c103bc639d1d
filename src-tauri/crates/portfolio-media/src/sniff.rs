//! Content sniffing: what a file is, from its first bytes (never its name).

/// What the first bytes say a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// A picture we decode.
    Image(image::ImageFormat, &'static str),
    /// HEIC/HEIF (by its `ftyp` brand).
    Heic,
    /// Anything else: kept as an attachment with this MIME type.
    File(&'static str),
}

const HEIF_BRANDS: &[&[u8; 4]] =
    &[b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1", b"heif", b"avci"];

/// Sniff `bytes` (the whole file or at least its first few KB).
pub(crate) fn sniff(bytes: &[u8]) -> Sniffed {
    use image::ImageFormat as F;
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Sniffed::Image(F::Jpeg, "image/jpeg");
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Sniffed::Image(F::Png, "image/png");
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Sniffed::Image(F::Gif, "image/gif");
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Sniffed::Image(F::WebP, "image/webp");
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        // ISO base media: the major brand, then compatible brands up to the box's size.
        let box_len = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
        let end = box_len.clamp(12, 256).min(bytes.len());
        let major = &bytes[8..12];
        let compatible = bytes.get(16..end).unwrap_or(&[]);
        let is_brand = |b: &[u8]| HEIF_BRANDS.iter().any(|h| &h[..] == b);
        if major == b"avif" || major == b"avis" {
            return Sniffed::File("image/avif");
        }
        if is_brand(major) || compatible.chunks_exact(4).any(is_brand) {
            return Sniffed::Heic;
        }
        if major == b"qt  " {
            return Sniffed::File("video/quicktime");
        }
        return Sniffed::File("video/mp4");
    }
    if bytes.starts_with(b"%PDF-") {
        return Sniffed::File("application/pdf");
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Sniffed::File("application/zip");
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Sniffed::File("image/tiff");
    }
    if bytes.starts_with(b"BM") && bytes.len() > 26 {
        return Sniffed::File("image/bmp");
    }
    if looks_like_text(bytes) {
        return Sniffed::File("text/plain");
    }
    Sniffed::File("application/octet-stream")
}

/// UTF-8 without NULs in the first 8 KB (a cut multi-byte sequence at the end is fine).
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && head.len() == 8192,
    }
}

/// Whether a name's extension claims a picture.
pub(crate) fn named_like_picture(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif"].iter().any(|ext| lower.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert!(matches!(sniff(b"\xFF\xD8\xFF\xE0rest"), Sniffed::Image(image::ImageFormat::Jpeg, _)));
        assert_eq!(sniff(b"%PDF-1.7\n"), Sniffed::File("application/pdf"));
        assert_eq!(sniff(b"hello, world\n"), Sniffed::File("text/plain"));
        assert_eq!(sniff(&[0, 1, 2, 3, 0xFF]), Sniffed::File("application/octet-stream"));
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert_eq!(sniff(heic), Sniffed::Heic);
        let heif_compat = b"\0\0\0\x18ftypmsf1\0\0\0\0mif1heic";
        assert_eq!(sniff(heif_compat), Sniffed::Heic);
        let mp4 = b"\0\0\0\x18ftypisom\0\0\0\0isomavc1";
        assert_eq!(sniff(mp4), Sniffed::File("video/mp4"));
    }
}
