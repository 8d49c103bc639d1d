//! Test helpers shared by the IPC and end-to-end tests.

/// A valid, opaque RGB PNG of `w`×`h` pixels (stored, uncompressed zlib),
/// different for each `seed`, made without any image library.
pub fn png(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0u8);
        for x in 0..w {
            raw.extend_from_slice(&[
                (x as u8).wrapping_mul(7).wrapping_add(seed),
                (y as u8).wrapping_mul(5),
                200u8.wrapping_sub(seed),
            ]);
        }
    }
    // zlib: stored blocks of at most 65535 bytes, then Adler-32.
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for byte in &raw {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], body: &[u8]| {
        out.extend_from_slice(&(body.len() as u32).to_be_bytes());
        let mut c = kind.to_vec();
        c.extend_from_slice(body);
        out.extend_from_slice(&c);
        out.extend_from_slice(&crc32(&c).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &z);
    chunk(b"IEND", &[]);
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// The project's relay, in-process on its own runtime, on a free loopback
/// port; stopped when dropped.
pub struct Relay {
    rt: tokio::runtime::Runtime,
    relay: Option<portfolio_relay::RunningRelay>,
}

impl Relay {
    /// Starts a relay keeping its data in `data`.
    pub fn start(data: &std::path::Path) -> Relay {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let config =
            portfolio_relay::RelayConfig { addr: "127.0.0.1:0".parse().unwrap(), data_dir: data.to_path_buf() };
        let relay = rt.block_on(portfolio_relay::start(config)).expect("the relay starts");
        Relay { rt, relay: Some(relay) }
    }

    /// `ws://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        self.relay.as_ref().map(|r| r.url()).unwrap_or_default()
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        if let Some(r) = self.relay.take() {
            self.rt.block_on(r.stop());
        }
    }
}
