//! A device's identity: an Ed25519 key kept in a folder the caller names,
//! shown to others as a `did:key`.
//!
//! The key file is `device-key.json` (owner-only on Unix):
//! `{"type": "PortfolioDeviceKey", "version": 1, "did": "did:key:z6Mk…", "secretKey": "<base64>"}`.
//! The key is generated once and never derived from anything else.

use std::path::{Path, PathBuf};

use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::error::{Result, SyncError};

const KEY_FILE: &str = "device-key.json";
const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// This device's signing key.
#[derive(Clone)]
pub struct DeviceIdentity {
    key: SigningKey,
}

impl std::fmt::Debug for DeviceIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceIdentity").field("did", &self.did()).finish_non_exhaustive()
    }
}

#[derive(Serialize, Deserialize)]
struct KeyFile {
    #[serde(rename = "type")]
    kind: String,
    version: u32,
    did: String,
    #[serde(rename = "secretKey")]
    secret_key: String,
}

impl DeviceIdentity {
    /// A new random key (not saved).
    pub fn generate() -> Self {
        DeviceIdentity { key: SigningKey::generate(&mut rand_core::OsRng) }
    }

    /// Where the key file of `dir` is.
    pub fn key_path(dir: &Path) -> PathBuf {
        dir.join(KEY_FILE)
    }

    /// Loads the key saved in `dir`.
    pub fn load(dir: &Path) -> Result<Self> {
        let path = Self::key_path(dir);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(SyncError::NoKey(dir.to_path_buf())),
            Err(e) => return Err(key_err(&path, "read", e)),
        };
        let file: KeyFile = serde_json::from_str(&text).map_err(|e| key_err(&path, "read", e))?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(file.secret_key.trim())
            .map_err(|e| key_err(&path, "read", e))?;
        let secret: [u8; 32] =
            bytes.try_into().map_err(|_| key_err(&path, "read", "the secret key is not 32 bytes"))?;
        let id = DeviceIdentity { key: SigningKey::from_bytes(&secret) };
        if id.did() != file.did {
            return Err(key_err(&path, "read", "the secret key does not match the did it names"));
        }
        Ok(id)
    }

    /// Loads the key in `dir`, or creates and saves a new one there.
    pub fn load_or_create(dir: &Path) -> Result<Self> {
        match Self::load(dir) {
            Err(SyncError::NoKey(_)) => {
                let id = Self::generate();
                id.save(dir)?;
                Ok(id)
            }
            other => other,
        }
    }

    /// Saves the key into `dir` (created if needed), owner-only, atomically.
    /// Refuses to replace a different key already there.
    pub fn save(&self, dir: &Path) -> Result<()> {
        let path = Self::key_path(dir);
        if let Ok(existing) = Self::load(dir) {
            if existing.did() == self.did() {
                return Ok(());
            }
            return Err(key_err(&path, "saved", "another device key is already there"));
        }
        std::fs::create_dir_all(dir).map_err(|e| key_err(&path, "saved", e))?;
        let file = KeyFile {
            kind: "PortfolioDeviceKey".into(),
            version: 1,
            did: self.did(),
            secret_key: base64::engine::general_purpose::STANDARD.encode(self.key.to_bytes()),
        };
        let text = serde_json::to_string_pretty(&file)?;
        let tmp = path.with_extension("tmp");
        write_private(&tmp, text.as_bytes()).map_err(|e| key_err(&path, "saved", e))?;
        std::fs::rename(&tmp, &path).map_err(|e| key_err(&path, "saved", e))
    }

    /// A key from its secret (base64, 32 bytes): only for the one-time
    /// invite keys that travel inside invite files.
    pub fn from_secret(secret: &str) -> Result<Self> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(secret.trim())
            .map_err(|_| SyncError::BadSignature("the invite key is not base64".into()))?;
        let secret: [u8; 32] =
            bytes.try_into().map_err(|_| SyncError::BadSignature("the invite key is not 32 bytes".into()))?;
        Ok(DeviceIdentity { key: SigningKey::from_bytes(&secret) })
    }

    /// The secret (base64): only for one-time invite keys.
    pub fn secret(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.key.to_bytes())
    }

    /// This device's `did:key:z6Mk…`.
    pub fn did(&self) -> String {
        did_from_public(&self.key.verifying_key())
    }

    /// Signs `message`; the signature as unpadded base64url.
    pub fn sign(&self, message: &[u8]) -> String {
        B64.encode(self.key.sign(message).to_bytes())
    }
}

/// The `did:key` of an Ed25519 public key (multicodec `0xed01`, base58btc).
pub fn did_from_public(key: &VerifyingKey) -> String {
    let mut b = vec![0xed, 0x01];
    b.extend_from_slice(key.as_bytes());
    format!("did:key:z{}", bs58::encode(b).into_string())
}

/// The Ed25519 public key a `did:key` names.
pub fn public_from_did(did: &str) -> Result<VerifyingKey> {
    let bad = || SyncError::BadDid(did.to_string());
    let tail = did.strip_prefix("did:key:z").ok_or_else(bad)?;
    let bytes = bs58::decode(tail).into_vec().map_err(|_| bad())?;
    if bytes.len() != 34 || bytes[..2] != [0xed, 0x01] {
        return Err(bad());
    }
    let raw: [u8; 32] = bytes[2..].try_into().map_err(|_| bad())?;
    VerifyingKey::from_bytes(&raw).map_err(|_| bad())
}

/// Checks that `signature` (base64url, from [`DeviceIdentity::sign`]) is `did`'s
/// signature over `message`.
pub fn verify(did: &str, message: &[u8], signature: &str) -> Result<()> {
    let key = public_from_did(did)?;
    let bytes = B64.decode(signature.trim()).map_err(|_| SyncError::BadSignature("it is not base64url text".into()))?;
    let sig = Signature::from_slice(&bytes).map_err(|_| SyncError::BadSignature("it is not 64 bytes".into()))?;
    key.verify(message, &sig)
        .map_err(|_| SyncError::BadSignature(format!("it was not made by {did} over this content")))
}

fn key_err(path: &Path, action: &'static str, e: impl std::fmt::Display) -> SyncError {
    SyncError::KeyFile { path: path.to_path_buf(), action, reason: e.to_string() }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_kept_in_the_given_folder_and_reloads() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("claves del dispositivo 🔑");
        let a = DeviceIdentity::load_or_create(&keys).unwrap();
        assert!(a.did().starts_with("did:key:z6Mk"), "{}", a.did());
        let b = DeviceIdentity::load_or_create(&keys).unwrap();
        assert_eq!(a.did(), b.did());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(DeviceIdentity::key_path(&keys)).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "key file readable by others: {mode:o}");
        }
        let other = DeviceIdentity::generate();
        assert!(matches!(other.save(&keys), Err(SyncError::KeyFile { .. })));
        assert_ne!(DeviceIdentity::generate().did(), a.did(), "keys are random, never derived");
    }

    #[test]
    fn missing_and_damaged_keys_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(DeviceIdentity::load(dir.path()), Err(SyncError::NoKey(_))));
        let id = DeviceIdentity::generate();
        id.save(dir.path()).unwrap();
        let path = DeviceIdentity::key_path(dir.path());
        let text = std::fs::read_to_string(&path).unwrap();
        let other = DeviceIdentity::generate().did();
        std::fs::write(&path, text.replace(&id.did(), &other)).unwrap();
        let e = DeviceIdentity::load(dir.path()).unwrap_err().to_string();
        assert!(e.contains("does not match"), "{e}");
    }

    #[test]
    fn signatures_verify_and_forgeries_fail() {
        let a = DeviceIdentity::generate();
        let b = DeviceIdentity::generate();
        let msg = "Tôi đã ký kế hoạch này ✍️ وقعت".as_bytes();
        let sig = a.sign(msg);
        verify(&a.did(), msg, &sig).unwrap();
        assert!(verify(&b.did(), msg, &sig).is_err());
        assert!(verify(&a.did(), b"another message", &sig).is_err());
        assert!(verify(&a.did(), msg, "not a signature!").is_err());
        assert!(matches!(verify("did:web:example.org", msg, &sig), Err(SyncError::BadDid(_))));
        let pk = public_from_did(&a.did()).unwrap();
        assert_eq!(did_from_public(&pk), a.did());
    }
}
