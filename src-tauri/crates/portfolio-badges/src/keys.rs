//! Public keys: PEM, JWK, Multikey (`z6Mk…`) and `did:key`.
//!
//! Only public keys are handled; nothing here signs.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use serde_json::Value;
use thiserror::Error;

/// A key could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("The public key cannot be used: {0}")]
pub struct KeyError(pub String);

fn kerr(msg: impl Into<String>) -> KeyError {
    KeyError(msg.into())
}

/// The algorithm family of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// RSA (RS256).
    Rsa,
    /// NIST P-256 (ES256).
    P256,
    /// Ed25519 (EdDSA, eddsa-rdfc-2022).
    Ed25519,
}

#[derive(Clone)]
pub(crate) enum KeyMaterial {
    Rsa(Box<rsa::RsaPublicKey>),
    P256(p256::ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// A public key a caller trusts (or one found in a credential).
///
/// Build one with [`PublicKey::parse`] (PEM, JWK, Open Badges 2.0
/// `CryptographicKey` JSON, Multikey JSON, `did:key` or a bare `z6Mk…`
/// multibase key), or the specific constructors.
#[derive(Clone)]
pub struct PublicKey {
    /// Identifier, e.g. the OB 2.0 key URL or a verification method id; used
    /// to prefer a key whose id matches the credential's.
    pub id: Option<String>,
    pub(crate) material: KeyMaterial,
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicKey").field("id", &self.id).field("kind", &self.kind()).finish()
    }
}

fn b64url(field: &str, v: Option<&Value>) -> Result<Vec<u8>, KeyError> {
    let s = v.and_then(Value::as_str).ok_or_else(|| kerr(format!("the JWK has no '{field}'.")))?;
    URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).map_err(|_| kerr(format!("the JWK's '{field}' is not base64url.")))
}

impl PublicKey {
    /// The algorithm family.
    pub fn kind(&self) -> KeyKind {
        match self.material {
            KeyMaterial::Rsa(_) => KeyKind::Rsa,
            KeyMaterial::P256(_) => KeyKind::P256,
            KeyMaterial::Ed25519(_) => KeyKind::Ed25519,
        }
    }

    /// Attach an identifier.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Read any supported textual form: PEM, JSON (JWK, OB 2.0
    /// `CryptographicKey` with `publicKeyPem`, Multikey with
    /// `publicKeyMultibase`), `did:key:…`, or a `z…` multibase key.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let t = text.trim();
        if t.starts_with("-----BEGIN") {
            Self::from_pem(t)
        } else if t.starts_with('{') {
            let v: Value = serde_json::from_str(t).map_err(|e| kerr(format!("the key JSON is malformed ({e}).")))?;
            Self::from_json(&v)
        } else if t.starts_with("did:key:") {
            Self::from_did_key(t)
        } else if t.starts_with('z') {
            Self::from_multibase(t)
        } else {
            Err(kerr("expected a PEM key, a JWK, a did:key or a multibase key."))
        }
    }

    /// A key document: JWK, OB 2.0 `CryptographicKey` or Multikey. Its `id`
    /// (or JWK `kid`) is kept.
    pub fn from_json(v: &Value) -> Result<Self, KeyError> {
        let id = v.get("id").or_else(|| v.get("kid")).and_then(Value::as_str).map(str::to_owned);
        let key = if let Some(pem) = v.get("publicKeyPem").and_then(Value::as_str) {
            Self::from_pem(pem)?
        } else if let Some(jwk) = v.get("publicKeyJwk") {
            Self::from_jwk(jwk)?
        } else if let Some(mb) = v.get("publicKeyMultibase").and_then(Value::as_str) {
            Self::from_multibase(mb)?
        } else if v.get("kty").is_some() {
            Self::from_jwk(v)?
        } else {
            return Err(kerr("the JSON has no publicKeyPem, publicKeyJwk, publicKeyMultibase or JWK 'kty'."));
        };
        Ok(Self { id: id.or(key.id), material: key.material })
    }

    /// SPKI (`BEGIN PUBLIC KEY`, RSA or P-256) or PKCS#1 (`BEGIN RSA PUBLIC KEY`).
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let pem = pem.trim();
        if pem.contains("BEGIN RSA PUBLIC KEY") {
            let k = rsa::RsaPublicKey::from_pkcs1_pem(pem).map_err(|e| kerr(format!("invalid RSA PEM ({e}).")))?;
            return Ok(Self { id: None, material: KeyMaterial::Rsa(Box::new(k)) });
        }
        if let Ok(k) = rsa::RsaPublicKey::from_public_key_pem(pem) {
            return Ok(Self { id: None, material: KeyMaterial::Rsa(Box::new(k)) });
        }
        if let Ok(k) = p256::ecdsa::VerifyingKey::from_public_key_pem(pem) {
            return Ok(Self { id: None, material: KeyMaterial::P256(k) });
        }
        Err(kerr("the PEM is neither an RSA nor a P-256 public key."))
    }

    /// A JSON Web Key: `RSA`, `EC` (`P-256`) or `OKP` (`Ed25519`). Private
    /// members, if any, are ignored.
    pub fn from_jwk(jwk: &Value) -> Result<Self, KeyError> {
        let id = jwk.get("kid").and_then(Value::as_str).map(str::to_owned);
        let material = match jwk.get("kty").and_then(Value::as_str) {
            Some("RSA") => {
                let n = rsa::BigUint::from_bytes_be(&b64url("n", jwk.get("n"))?);
                let e = rsa::BigUint::from_bytes_be(&b64url("e", jwk.get("e"))?);
                KeyMaterial::Rsa(Box::new(
                    rsa::RsaPublicKey::new(n, e).map_err(|e| kerr(format!("invalid RSA key ({e}).")))?,
                ))
            }
            Some("EC") => {
                if jwk.get("crv").and_then(Value::as_str) != Some("P-256") {
                    return Err(kerr("only the P-256 elliptic curve is supported."));
                }
                let mut sec1 = vec![4u8];
                sec1.extend(b64url("x", jwk.get("x"))?);
                sec1.extend(b64url("y", jwk.get("y"))?);
                KeyMaterial::P256(
                    p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).map_err(|_| kerr("invalid P-256 point."))?,
                )
            }
            Some("OKP") => {
                if jwk.get("crv").and_then(Value::as_str) != Some("Ed25519") {
                    return Err(kerr("only the Ed25519 OKP curve is supported."));
                }
                return Self::ed25519(&b64url("x", jwk.get("x"))?).map(|k| Self { id, ..k });
            }
            Some(other) => return Err(kerr(format!("unsupported JWK key type '{other}'."))),
            None => return Err(kerr("the JWK has no 'kty'.")),
        };
        Ok(Self { id, material })
    }

    /// A raw 32-byte Ed25519 public key.
    pub fn ed25519(bytes: &[u8]) -> Result<Self, KeyError> {
        let arr: [u8; 32] = bytes.try_into().map_err(|_| kerr("an Ed25519 public key is 32 bytes."))?;
        let k = ed25519_dalek::VerifyingKey::from_bytes(&arr).map_err(|_| kerr("invalid Ed25519 public key."))?;
        Ok(Self { id: None, material: KeyMaterial::Ed25519(k) })
    }

    /// A multibase (base58btc, `z…`) multicodec key: Ed25519 (`0xed01`,
    /// `z6Mk…`) or P-256 (`0x1200`, `zDn…`).
    pub fn from_multibase(mb: &str) -> Result<Self, KeyError> {
        let body = mb.strip_prefix('z').ok_or_else(|| kerr("only base58btc ('z') multibase keys are supported."))?;
        let bytes = bs58::decode(body).into_vec().map_err(|_| kerr("the multibase key is not valid base58."))?;
        match bytes.as_slice() {
            [0xed, 0x01, rest @ ..] => Self::ed25519(rest),
            [0x80, 0x24, rest @ ..] => Ok(Self {
                id: None,
                material: KeyMaterial::P256(
                    p256::ecdsa::VerifyingKey::from_sec1_bytes(rest).map_err(|_| kerr("invalid P-256 point."))?,
                ),
            }),
            _ => Err(kerr("the multibase key is neither Ed25519 (0xed01) nor P-256 (0x1200).")),
        }
    }

    /// A `did:key` DID or DID URL, with or without a `#fragment`. When a
    /// fragment is present it must repeat the key (as `did:key` defines).
    pub fn from_did_key(did: &str) -> Result<Self, KeyError> {
        let rest = did.strip_prefix("did:key:").ok_or_else(|| kerr("not a did:key identifier."))?;
        let (key, fragment) = match rest.split_once('#') {
            Some((k, f)) => (k, Some(f)),
            None => (rest, None),
        };
        if let Some(f) = fragment {
            if f != key {
                return Err(kerr(format!("the did:key fragment '#{f}' does not name its own key.")));
            }
        }
        Ok(Self::from_multibase(key)?.with_id(did))
    }

    /// Verify `sig` over `msg` with the JOSE algorithm `alg`.
    pub(crate) fn verify_jose(&self, alg: &str, msg: &[u8], sig: &[u8]) -> Result<bool, String> {
        use sha2::{Digest, Sha256};
        match (alg, &self.material) {
            ("RS256", KeyMaterial::Rsa(k)) => {
                let hashed = Sha256::digest(msg);
                Ok(k.verify(rsa::Pkcs1v15Sign::new::<Sha256>(), &hashed, sig).is_ok())
            }
            ("ES256", KeyMaterial::P256(k)) => {
                use p256::ecdsa::signature::Verifier;
                let Ok(s) = p256::ecdsa::Signature::from_slice(sig) else { return Ok(false) };
                Ok(k.verify(msg, &s).is_ok())
            }
            ("EdDSA" | "Ed25519", KeyMaterial::Ed25519(k)) => Ok(self.verify_ed25519_with(k, msg, sig)),
            (alg, _) => Err(format!("a {:?} key cannot check an {alg} signature", self.kind())),
        }
    }

    fn verify_ed25519_with(&self, k: &ed25519_dalek::VerifyingKey, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(arr) = <[u8; 64]>::try_from(sig) else { return false };
        k.verify_strict(msg, &ed25519_dalek::Signature::from_bytes(&arr)).is_ok()
    }

    /// Verify an Ed25519 signature; false for other key kinds.
    pub(crate) fn verify_ed25519(&self, msg: &[u8], sig: &[u8]) -> bool {
        match &self.material {
            KeyMaterial::Ed25519(k) => self.verify_ed25519_with(k, msg, sig),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_key_with_and_without_fragment() {
        let k = "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";
        assert_eq!(PublicKey::from_did_key(k).unwrap().kind(), KeyKind::Ed25519);
        let with = format!("{k}#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi");
        assert_eq!(PublicKey::from_did_key(&with).unwrap().kind(), KeyKind::Ed25519);
        assert!(PublicKey::from_did_key(&format!("{k}#other")).is_err());
        assert!(PublicKey::from_did_key("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme").is_err());
        assert!(PublicKey::parse("hello").is_err());
    }
}
