//! Deterministic mutations for the stable smoke test: the same seed and
//! round always give the same input, so a failure in CI reproduces anywhere.
//! Not coverage-guided (that is AFL++'s job); enough to shake the edges of
//! each parser a little on every test run.

/// A small xorshift64* generator (no dependency, fixed sequence).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (any value; zero is replaced).
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// Bytes that often change a parser's path: structure characters of XML,
/// HTML, JSON, Markdown and zip headers, and boundary numbers.
const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"/>",
    b"<li>",
    b"<ul>",
    b"<ol>",
    b"</li>",
    b"<!--",
    b"-->",
    b"&",
    b"&#x",
    b";",
    b"&amp;",
    b"<![CDATA[",
    b"]]>",
    b"<!DOCTYPE a [<!ENTITY e \"x\">]>",
    b"&e;",
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b",",
    b"null",
    b"true",
    b"-1",
    b"0",
    b"4294967296",
    b"18446744073709551616",
    b"1e309",
    b"\\u0000",
    b"\\ud800",
    b"**",
    b"*",
    b"_",
    b"`",
    b"# ",
    b"- ",
    b"1. ",
    b"\n",
    b"\n\n",
    b"  ",
    b"\t",
    b"\0",
    b"\x1b[31m",
    b"\xe2\x80\xae",
    b"PK\x03\x04",
    b"PK\x01\x02",
    b"PK\x05\x06",
    b"\xff\xd8\xff",
    b"\x89PNG\r\n\x1a\n",
    b"IHDR",
    b"iTXt",
    b"openbadges",
    b"eyJ",
    b".",
    b"..",
    b"../",
    b"=== ",
];

/// One mutation of `input`: 1 to 4 random edits (bit flips, byte changes,
/// inserted tokens or random bytes, deleted, duplicated or repeated ranges,
/// truncation, a splice with `other`).
pub fn mutate(input: &[u8], other: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = out.len();
        match rng.below(9) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                out[i] = [0, 0xff, 0x7f, 0x80, b'<', b'"', b'\n'][rng.below(7)];
            }
            2 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                let i = rng.below(len + 1);
                out.splice(i..i, t.iter().copied());
            }
            3 => {
                let i = rng.below(len + 1);
                let n = 1 + rng.below(16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
                out.splice(i..i, bytes);
            }
            4 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(64)).min(len);
                out.drain(a..b);
            }
            5 if len > 0 => {
                // Repeat a short range many times: deep nesting, long runs.
                let a = rng.below(len);
                let b = (a + 1 + rng.below(16)).min(len);
                let piece = out[a..b].to_vec();
                let times = 1 + rng.below(512);
                let at = b;
                out.splice(at..at, piece.iter().copied().cycle().take(piece.len() * times));
            }
            6 if len > 0 => out.truncate(rng.below(len)),
            7 if !other.is_empty() => {
                let cut = rng.below(len + 1);
                let from = rng.below(other.len());
                out.truncate(cut);
                out.extend_from_slice(&other[from..]);
            }
            8 if len > 0 => {
                // Change a decimal number in place (sizes, counts, offsets in text formats).
                let start = rng.below(len);
                if let Some(i) = (0..len).map(|k| (start + k) % len).find(|&k| out[k].is_ascii_digit()) {
                    let n = [b"0".as_slice(), b"99999999999", b"-1", b"65535", b"2147483648"][rng.below(5)];
                    out.splice(i..i + 1, n.iter().copied());
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_mutations() {
        let a: Vec<Vec<u8>> = {
            let mut r = Rng::new(7);
            (0..50).map(|_| mutate(b"<ul><li>one</li></ul>", b"{}", &mut r)).collect()
        };
        let mut r = Rng::new(7);
        let b: Vec<Vec<u8>> = (0..50).map(|_| mutate(b"<ul><li>one</li></ul>", b"{}", &mut r)).collect();
        assert_eq!(a, b);
        assert!(a.iter().any(|m| m.as_slice() != b"<ul><li>one</li></ul>"));
    }

    #[test]
    fn empty_inputs_can_be_mutated() {
        let mut r = Rng::new(1);
        for _ in 0..100 {
            let _ = mutate(b"", b"", &mut r);
        }
    }
}
