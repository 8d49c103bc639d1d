//! Compact JWS / JWT parsing and signature checking.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value};

use crate::error::BadgeError;
use crate::keys::PublicKey;

/// A parsed compact JWS (`header.payload.signature`).
#[derive(Debug, Clone, PartialEq)]
pub struct CompactJws {
    /// The token exactly as found (trimmed).
    pub compact: String,
    /// Decoded protected header.
    pub header: Map<String, Value>,
    /// Decoded payload (a JSON object).
    pub payload: Map<String, Value>,
    /// Signature bytes.
    pub signature: Vec<u8>,
}

/// Does `s` have the shape of a compact JWS (three base64url parts)?
pub fn looks_like_jws(s: &str) -> bool {
    let s = s.trim();
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3
        && parts[0].starts_with("eyJ")
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'='))
}

fn decode_part(part: &str, what: &str) -> Result<Vec<u8>, BadgeError> {
    URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|_| BadgeError::Jws(format!("its {what} is not valid base64url.")))
}

fn decode_json(part: &str, what: &str) -> Result<Map<String, Value>, BadgeError> {
    let bytes = decode_part(part, what)?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(BadgeError::Jws(format!("its {what} is not a JSON object."))),
        Err(e) => Err(BadgeError::Jws(format!("its {what} is not valid JSON ({e})."))),
    }
}

impl CompactJws {
    /// Parse a compact JWS. The signature is not checked here.
    pub fn parse(token: &str) -> Result<Self, BadgeError> {
        let compact = token.trim();
        let parts: Vec<&str> = compact.split('.').collect();
        if parts.len() != 3 {
            return Err(BadgeError::Jws(format!("it has {} dot-separated parts instead of 3.", parts.len())));
        }
        let header = decode_json(parts[0], "header")?;
        let payload = decode_json(parts[1], "payload")?;
        let signature = decode_part(parts[2], "signature")?;
        Ok(Self { compact: compact.to_owned(), header, payload, signature })
    }

    /// The `alg` header.
    pub fn alg(&self) -> Option<&str> {
        self.header.get("alg").and_then(Value::as_str)
    }

    /// The bytes that were signed: `header.payload` as found.
    pub fn signing_input(&self) -> &[u8] {
        let end = self.compact.rfind('.').unwrap_or(self.compact.len());
        &self.compact.as_bytes()[..end]
    }

    /// Check the signature with `key`. `Err` explains why the check could not
    /// be made (algorithm refused or key of the wrong type).
    pub fn verify_with(&self, key: &PublicKey) -> Result<bool, String> {
        let alg = self.alg().ok_or("the token has no 'alg' header")?;
        check_alg(alg)?;
        key.verify_jose(alg, self.signing_input(), &self.signature)
    }
}

/// Is this JOSE algorithm acceptable? `none` and unknown ones are refused.
pub fn check_alg(alg: &str) -> Result<(), String> {
    match alg {
        "RS256" | "ES256" | "EdDSA" | "Ed25519" => Ok(()),
        a if a.eq_ignore_ascii_case("none") => {
            Err("the token declares algorithm 'none' (it is unsigned); unsigned tokens are refused".into())
        }
        a => Err(format!("the signature algorithm '{a}' is not supported (RS256, ES256 and EdDSA are)")),
    }
}
