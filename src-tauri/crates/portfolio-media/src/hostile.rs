//! Hostile pictures made on the spot for tests (feature `test-support`): tiny
//! files that claim, or really hold, far more pixels than memory allows; and
//! an ordinary photo-like JPEG ([`photo_jpeg`]).

/// CRC-32 (IEEE), as PNG chunks and zip entries use it.
pub fn crc32(data: &[u8]) -> u32 {
    crc32_update(0, data)
}

/// Continues a CRC-32 over more bytes (`crc32_update(crc32(a), b)` is the CRC of `a ‖ b`).
pub fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    let mut crc = !crc;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Deflate bits, least significant first.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u64, count: u32) {
        self.acc |= value << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let reversed = code.reverse_bits() >> (32 - len);
        self.put(u64::from(reversed), len);
    }
}

/// A zlib stream of `n` zero bytes (one fixed-Huffman block: a literal, then
/// matches of 258 at distance 1), about 13 bits per 258 bytes.
fn zlib_zeros(n: u64) -> Vec<u8> {
    let mut b = Bits { out: vec![0x78, 0x01], acc: 0, n: 0 };
    b.put(1, 1); // final block
    b.put(1, 2); // fixed Huffman
    let literal_zero = |b: &mut Bits| b.code(0b0011_0000, 8);
    literal_zero(&mut b);
    let rest = n - 1;
    for _ in 0..rest / 258 {
        b.code(0b1100_0101, 8); // length code 285: 258
        b.code(0, 5); // distance code 0: 1
    }
    for _ in 0..rest % 258 {
        literal_zero(&mut b);
    }
    b.code(0, 7); // end of block
    if b.n > 0 {
        b.put(0, 8 - b.n);
    }
    let adler = ((n % 65_521) << 16 | 1) as u32;
    b.out.extend_from_slice(&adler.to_be_bytes());
    b.out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc32_update(crc32(kind), data).to_be_bytes());
}

/// A complete, valid PNG of `side` × `side` transparent black pixels, 16-bit
/// RGBA (8 bytes a pixel: 2 GiB decoded at 16384), compressed to about
/// `side² / 160` bytes (13 MB at 16384).
pub fn png_rgba16_zeros(side: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&side.to_be_bytes());
    ihdr.extend_from_slice(&side.to_be_bytes());
    ihdr.extend_from_slice(&[16, 6, 0, 0, 0]); // 16-bit, RGBA, deflate, no filter, no interlace
    chunk(&mut out, b"IHDR", &ihdr);
    let raw = u64::from(side) * (1 + u64::from(side) * 8);
    chunk(&mut out, b"IDAT", &zlib_zeros(raw));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// The standard luminance AC Huffman values (JPEG Annex K.3.3.2).
#[rustfmt::skip]
const AC_LUMINANCE: [u8; 162] = [
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71,
    0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72,
    0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37,
    0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59,
    0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83,
    0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3,
    0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
    0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
    0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
];

/// A 631-byte baseline JPEG whose header claims `width` × `height` pixels
/// (three components) and whose data stops right after the first scan header.
pub fn jpeg_header_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    // APP0 JFIF.
    out.extend_from_slice(&[0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
    // Two quantisation tables of ones.
    for t in 0..2u8 {
        out.extend_from_slice(&[0xFF, 0xDB, 0, 67, t]);
        out.extend_from_slice(&[1; 64]);
    }
    // Frame: baseline, 8-bit, three components 1x1.
    out.extend_from_slice(&[0xFF, 0xC0, 0, 17, 8]);
    out.extend_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&width.to_be_bytes());
    out.extend_from_slice(&[3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
    // Standard luminance DC and AC Huffman tables (JPEG Annex K), reused for chroma.
    let dc_counts = [0u8, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    let dc_values: Vec<u8> = (0..12).collect();
    let ac_counts = [0u8, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
    let ac_values = AC_LUMINANCE.to_vec();
    for (class_id, counts, values) in [
        (0x00u8, &dc_counts, &dc_values),
        (0x10, &ac_counts, &ac_values),
        (0x01, &dc_counts, &dc_values),
        (0x11, &ac_counts, &ac_values),
    ] {
        let len = 2 + 1 + 16 + values.len();
        out.extend_from_slice(&[0xFF, 0xC4]);
        out.extend_from_slice(&(len as u16).to_be_bytes());
        out.push(class_id);
        out.extend_from_slice(counts);
        out.extend_from_slice(values);
    }
    // Scan header, then a few bytes of entropy-coded data and nothing more.
    out.extend_from_slice(&[0xFF, 0xDA, 0, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
    out.resize(631, 0);
    out
}

/// A photo-like JPEG of `width` × `height` (a gradient with noise, which
/// compresses like a photo); `seed` makes each one different.
pub fn photo_jpeg(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let mut state = 0x2545_f491_u32 ^ seed.wrapping_mul(0x9e37_79b9);
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let n = (state & 0x1f) as u8;
        let (r, g) = ((x * 255 / width.max(1)) as u8, (y * 255 / height.max(1)) as u8);
        image::Rgb([r.wrapping_add(n), g.wrapping_add(n), 120 + n])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).expect("a JPEG can be written to memory");
    out.into_inner()
}
