//! PNG chunk walking, badge extraction ("unbaking") and baking.
//!
//! The chunk layout is walked by hand: signature, then `length (4) | type (4)
//! | data (length) | CRC-32 (4)` until `IEND`. Every length is bounds-checked
//! and every CRC verified, so a damaged file gives a specific error rather
//! than a wrong badge. Image data (`IDAT`) is never decoded or re-encoded.

use std::io::Read;

use crate::error::BadgeError;

/// The eight bytes every PNG starts with.
pub const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// Keyword of the Open Badges 2.0 chunk (assertion JSON, JWS or hosted URL).
pub const KEYWORD_OB2: &str = "openbadges";
/// Keyword of the Open Badges 3.0 chunk (credential JSON or VC-JWT).
pub const KEYWORD_OB3: &str = "openbadgecredential";

/// Largest text we inflate from a compressed chunk (badge JSON is small).
const MAX_INFLATED: u64 = 8 * 1024 * 1024;

/// One chunk of a PNG file, borrowing the file's bytes.
#[derive(Debug, Clone, Copy)]
pub struct Chunk<'a> {
    /// Four-letter chunk type.
    pub kind: [u8; 4],
    /// Chunk data.
    pub data: &'a [u8],
    /// Offset of the chunk (its length field) in the file.
    pub offset: usize,
    /// The whole chunk: length, type, data and CRC.
    pub raw: &'a [u8],
}

impl Chunk<'_> {
    fn kind_str(&self) -> String {
        String::from_utf8_lossy(&self.kind).into_owned()
    }
}

/// Does `bytes` start with the PNG signature?
pub fn is_png(bytes: &[u8]) -> bool {
    bytes.starts_with(&PNG_SIGNATURE)
}

/// Walk all chunks, checking lengths and CRCs, up to and including `IEND`.
pub fn chunks(bytes: &[u8]) -> Result<Vec<Chunk<'_>>, BadgeError> {
    if !is_png(bytes) {
        return Err(BadgeError::PngInvalid("it does not start with the PNG signature.".into()));
    }
    let mut out = Vec::new();
    let mut pos = PNG_SIGNATURE.len();
    loop {
        if pos == bytes.len() {
            return Err(BadgeError::PngInvalid("it ends without an IEND chunk (the file is truncated).".into()));
        }
        let header = bytes.get(pos..pos + 8).ok_or(BadgeError::PngTruncated { chunk: "?".into(), offset: pos })?;
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let kind = [header[4], header[5], header[6], header[7]];
        let kind_s = String::from_utf8_lossy(&kind).into_owned();
        if len > 0x7FFF_FFFF {
            return Err(BadgeError::PngInvalid(format!(
                "the '{kind_s}' chunk at byte {pos} declares an impossible length."
            )));
        }
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(BadgeError::PngInvalid(format!("byte {pos} does not start a chunk (bad chunk type).")));
        }
        let end = pos.checked_add(12 + len).ok_or(BadgeError::PngTruncated { chunk: kind_s.clone(), offset: pos })?;
        let raw = bytes.get(pos..end).ok_or(BadgeError::PngTruncated { chunk: kind_s.clone(), offset: pos })?;
        let data = &raw[8..8 + len];
        let crc_stored = u32::from_be_bytes([raw[8 + len], raw[9 + len], raw[10 + len], raw[11 + len]]);
        if crc_stored != crc(&kind, data) {
            return Err(BadgeError::PngBadCrc { chunk: kind_s, offset: pos });
        }
        out.push(Chunk { kind, data, offset: pos, raw });
        pos = end;
        if &kind == b"IEND" {
            break;
        }
    }
    match out.first() {
        Some(c) if &c.kind == b"IHDR" => Ok(out),
        _ => Err(BadgeError::PngInvalid("its first chunk is not IHDR.".into())),
    }
}

fn crc(kind: &[u8; 4], data: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(kind);
    h.update(data);
    h.finalize()
}

/// A badge found in a PNG text chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PngBadge {
    /// `openbadges` or `openbadgecredential`.
    pub keyword: String,
    /// Chunk type it came from (`iTXt`, `tEXt` or `zTXt`).
    pub chunk: String,
    /// The text: JSON, a compact JWS, or (legacy) a hosted assertion URL.
    pub text: String,
}

fn is_badge_keyword(k: &[u8]) -> bool {
    k == KEYWORD_OB2.as_bytes() || k == KEYWORD_OB3.as_bytes()
}

/// Keyword of a text chunk (`iTXt`, `tEXt`, `zTXt`), if it is one.
fn text_keyword<'a>(c: &Chunk<'a>) -> Option<&'a [u8]> {
    match &c.kind {
        b"iTXt" | b"tEXt" | b"zTXt" => c.data.iter().position(|&b| b == 0).map(|n| &c.data[..n]),
        _ => None,
    }
}

/// Find the single badge chunk of a PNG.
pub fn extract(bytes: &[u8]) -> Result<PngBadge, BadgeError> {
    let all = chunks(bytes)?;
    let badges: Vec<&Chunk> = all.iter().filter(|c| text_keyword(c).is_some_and(is_badge_keyword)).collect();
    match badges.len() {
        0 => Err(BadgeError::PngNoBadge),
        1 => decode_text_chunk(badges[0]),
        n => Err(BadgeError::PngSeveralBadges(n)),
    }
}

fn inflate(data: &[u8], what: &str) -> Result<String, BadgeError> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .take(MAX_INFLATED + 1)
        .read_to_end(&mut out)
        .map_err(|e| BadgeError::PngBadChunk(format!("the compressed {what} chunk cannot be decompressed ({e}).")))?;
    if out.len() as u64 > MAX_INFLATED {
        return Err(BadgeError::PngBadChunk(format!("the compressed {what} chunk expands to more than 8 MB.")));
    }
    String::from_utf8(out).map_err(|_| BadgeError::PngBadChunk(format!("the {what} chunk is not valid UTF-8 text.")))
}

fn decode_text_chunk(c: &Chunk) -> Result<PngBadge, BadgeError> {
    let kind = c.kind_str();
    let nul =
        c.data.iter().position(|&b| b == 0).ok_or_else(|| BadgeError::PngBadChunk("no keyword terminator.".into()))?;
    let keyword = String::from_utf8_lossy(&c.data[..nul]).into_owned();
    let rest = &c.data[nul + 1..];
    let text = match &c.kind {
        b"tEXt" => rest.iter().map(|&b| b as char).collect::<String>(), // Latin-1
        b"zTXt" => {
            let (&method, compressed) =
                rest.split_first().ok_or_else(|| BadgeError::PngBadChunk("the zTXt chunk is cut short.".into()))?;
            if method != 0 {
                return Err(BadgeError::PngBadChunk(format!("unknown compression method {method} in zTXt.")));
            }
            inflate(compressed, "zTXt")?
        }
        _ => {
            // iTXt: flag, method, language\0, translated keyword\0, text
            let short = || BadgeError::PngBadChunk("the iTXt chunk is cut short.".into());
            let (&flag, rest) = rest.split_first().ok_or_else(short)?;
            let (&method, rest) = rest.split_first().ok_or_else(short)?;
            let lang_end = rest.iter().position(|&b| b == 0).ok_or_else(short)?;
            let rest = &rest[lang_end + 1..];
            let tk_end = rest.iter().position(|&b| b == 0).ok_or_else(short)?;
            let body = &rest[tk_end + 1..];
            match flag {
                0 => String::from_utf8(body.to_vec())
                    .map_err(|_| BadgeError::PngBadChunk("the iTXt text is not valid UTF-8.".into()))?,
                1 if method == 0 => inflate(body, "iTXt")?,
                1 => return Err(BadgeError::PngBadChunk(format!("unknown compression method {method} in iTXt."))),
                f => return Err(BadgeError::PngBadChunk(format!("invalid iTXt compression flag {f}."))),
            }
        }
    };
    let text = text.trim().to_owned();
    if text.is_empty() {
        return Err(BadgeError::PngBadChunk(format!("the '{keyword}' chunk is empty.")));
    }
    Ok(PngBadge { keyword, chunk: kind, text })
}

/// Build an uncompressed `iTXt` chunk.
pub fn itxt_chunk(keyword: &str, text: &str) -> Vec<u8> {
    let mut data = Vec::with_capacity(keyword.len() + text.len() + 5);
    data.extend_from_slice(keyword.as_bytes());
    data.extend_from_slice(&[0, 0, 0, 0, 0]); // NUL, flag, method, empty language NUL, empty translated NUL
    data.extend_from_slice(text.as_bytes());
    raw_chunk(b"iTXt", &data)
}

fn raw_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 12);
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc(kind, data).to_be_bytes());
    out
}

/// Bake `text` under `keyword` into a PNG: every existing badge chunk is
/// removed and one uncompressed `iTXt` chunk is written right after `IHDR`.
/// All other chunks are copied byte for byte (image data is not re-encoded).
pub fn bake(image: &[u8], keyword: &str, text: &str) -> Result<Vec<u8>, BadgeError> {
    let all = chunks(image)?;
    if text.len() > 0x7FFF_0000 {
        return Err(BadgeError::Bake("the credential is too large for a PNG chunk.".into()));
    }
    let mut out = Vec::with_capacity(image.len() + text.len() + 64);
    out.extend_from_slice(&PNG_SIGNATURE);
    for c in &all {
        if text_keyword(c).is_some_and(is_badge_keyword) {
            continue;
        }
        out.extend_from_slice(c.raw);
        if &c.kind == b"IHDR" {
            out.extend_from_slice(&itxt_chunk(keyword, text));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny_png(extra: &[Vec<u8>]) -> Vec<u8> {
        let mut v = PNG_SIGNATURE.to_vec();
        v.extend(raw_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
        v.extend(raw_chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]));
        for e in extra {
            v.extend_from_slice(e);
        }
        v.extend(raw_chunk(b"IEND", &[]));
        v
    }

    #[test]
    fn finds_chunk_after_idat() {
        let png = tiny_png(&[itxt_chunk(KEYWORD_OB3, "{\"a\":1}")]);
        let b = extract(&png).unwrap();
        assert_eq!(b.keyword, KEYWORD_OB3);
        assert_eq!(b.text, "{\"a\":1}");
    }

    #[test]
    fn compressed_itxt_and_ztxt() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"{\"x\":true}").unwrap();
        let comp = z.finish().unwrap();
        let mut d = b"openbadges\0\x01\x00\0\0".to_vec();
        d.extend_from_slice(&comp);
        let png = tiny_png(&[raw_chunk(b"iTXt", &d)]);
        assert_eq!(extract(&png).unwrap().text, "{\"x\":true}");
        let mut d = b"openbadges\0\x00".to_vec();
        d.extend_from_slice(&comp);
        let png = tiny_png(&[raw_chunk(b"zTXt", &d)]);
        assert_eq!(extract(&png).unwrap().text, "{\"x\":true}");
    }

    #[test]
    fn legacy_text_url() {
        let png = tiny_png(&[raw_chunk(b"tEXt", b"openbadges\0https://example.org/a.json")]);
        let b = extract(&png).unwrap();
        assert_eq!((b.chunk.as_str(), b.text.as_str()), ("tEXt", "https://example.org/a.json"));
    }

    #[test]
    fn two_badges_truncated_bad_crc() {
        let png = tiny_png(&[itxt_chunk(KEYWORD_OB3, "{}"), itxt_chunk(KEYWORD_OB2, "{}")]);
        assert_eq!(extract(&png), Err(BadgeError::PngSeveralBadges(2)));
        let ok = tiny_png(&[itxt_chunk(KEYWORD_OB3, "{\"k\":1}")]);
        let cut = &ok[..ok.len() - 20];
        assert!(matches!(extract(cut), Err(BadgeError::PngTruncated { .. })), "{:?}", extract(cut));
        let mut bad = ok.clone();
        let i = bad.windows(4).position(|w| w == b"{\"k\"").unwrap();
        bad[i + 2] = b'K';
        assert!(matches!(extract(&bad), Err(BadgeError::PngBadCrc { ref chunk, .. }) if chunk == "iTXt"));
    }

    #[test]
    fn bake_replaces_existing() {
        let png = tiny_png(&[itxt_chunk(KEYWORD_OB2, "old")]);
        let baked = bake(&png, KEYWORD_OB3, "new").unwrap();
        let b = extract(&baked).unwrap();
        assert_eq!((b.keyword.as_str(), b.text.as_str()), (KEYWORD_OB3, "new"));
        let idat = |p: &[u8]| {
            chunks(p).unwrap().iter().filter(|c| &c.kind == b"IDAT").map(|c| c.raw.to_vec()).collect::<Vec<_>>()
        };
        assert_eq!(idat(&png), idat(&baked));
    }
}
