//! Issuer profiles and their Ed25519 signing keys.
//!
//! An issuer (an advisor, or a learner asserting an achievement themself)
//! is identified by the `did:key` of its Ed25519 key, so anyone can check
//! its credentials offline without a key directory.
//!
//! * [`IssuerKey::generate`] makes a key from the operating system's random
//!   source.
//! * [`save_key`] writes the secret key as a small JSON file readable by the
//!   owner only (mode `0600` on Unix, set when the file is created, so it is
//!   never readable by others, not even briefly); [`load_key`] reads it.
//! * [`export_key`] / [`import_key`] move a key between devices or into a
//!   backup, protected by a passphrase: Argon2id (RFC 9106) derives a
//!   256-bit key from the passphrase and a random salt, and
//!   XChaCha20-Poly1305 encrypts the secret, with the `did:key` as
//!   associated data. The JSON names the algorithms and their parameters.
//!
//! Key file (`save_key`):
//!
//! ```json
//! {"type": "PortfolioIssuerKey", "version": 1, "algorithm": "Ed25519",
//!  "did": "did:key:z6Mk…", "secretKey": "<base64, 32 bytes>"}
//! ```
//!
//! Export (`export_key`):
//!
//! ```json
//! {"type": "PortfolioEncryptedIssuerKey", "version": 1, "did": "did:key:z6Mk…",
//!  "kdf": {"algorithm": "argon2id", "version": 19, "memoryKiB": 65536,
//!          "iterations": 3, "parallelism": 1, "salt": "<base64, 16 bytes>"},
//!  "cipher": {"algorithm": "XChaCha20-Poly1305", "nonce": "<base64, 24 bytes>",
//!             "associatedData": "did"},
//!  "ciphertext": "<base64, 32 + 16 bytes>"}
//! ```

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signer, SigningKey};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use thiserror::Error;
use zeroize::{Zeroize, Zeroizing};

use crate::keys::PublicKey;

/// Something went wrong with an issuer key.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum IssuerError {
    /// Reading or writing a key file failed.
    #[error("Could not {action} the issuer key file {path}: {reason}")]
    Io {
        /// What was being done ("read", "write"…).
        action: &'static str,
        /// The file.
        path: String,
        /// The operating system's message.
        reason: String,
    },
    /// A key file or export is not in the expected format.
    #[error("This is not a usable issuer key: {0}")]
    BadKeyFile(String),
    /// The passphrase does not open the exported key (or the export was altered).
    #[error("The passphrase is wrong, or the exported key has been altered; the key could not be unlocked.")]
    WrongPassphrase,
    /// The passphrase chosen for an export is too weak.
    #[error("Please choose a passphrase of at least {0} characters to protect the exported key.")]
    WeakPassphrase(usize),
    /// A file already exists for another key.
    #[error("The file {0} already exists and holds a different key; it was not overwritten.")]
    AlreadyExists(String),
    /// The key derivation or encryption failed.
    #[error("The key could not be protected: {0}")]
    Crypto(String),
}

fn bad(msg: impl Into<String>) -> IssuerError {
    IssuerError::BadKeyFile(msg.into())
}

fn io_err(action: &'static str, path: &Path, e: &std::io::Error) -> IssuerError {
    IssuerError::Io { action, path: path.display().to_string(), reason: e.to_string() }
}

/// An issuer's Ed25519 signing key. The secret is wiped from memory when
/// the key is dropped, and is never printed by `Debug`.
#[derive(Clone)]
pub struct IssuerKey {
    signing: SigningKey,
}

impl std::fmt::Debug for IssuerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuerKey").field("did", &self.did_key()).finish_non_exhaustive()
    }
}

impl PartialEq for IssuerKey {
    fn eq(&self, other: &Self) -> bool {
        self.signing.to_bytes() == other.signing.to_bytes()
    }
}
impl Eq for IssuerKey {}

impl IssuerKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Self {
        Self { signing: SigningKey::generate(&mut OsRng) }
    }

    /// A key from its 32-byte Ed25519 secret (seed).
    pub fn from_secret_bytes(secret: &[u8; 32]) -> Self {
        Self { signing: SigningKey::from_bytes(secret) }
    }

    /// The 32-byte secret. Handle with care: whoever has it can issue in
    /// this issuer's name.
    pub fn secret_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.signing.to_bytes())
    }

    /// The public key as multibase multicodec (`z6Mk…`).
    pub fn public_key_multibase(&self) -> String {
        let mut b = vec![0xed, 0x01];
        b.extend_from_slice(self.signing.verifying_key().as_bytes());
        format!("z{}", bs58::encode(b).into_string())
    }

    /// The issuer's identifier: `did:key:z6Mk…`.
    pub fn did_key(&self) -> String {
        format!("did:key:{}", self.public_key_multibase())
    }

    /// The verification method: `did:key:z6Mk…#z6Mk…`.
    pub fn verification_method(&self) -> String {
        let mb = self.public_key_multibase();
        format!("did:key:{mb}#{mb}")
    }

    /// The public key, with the verification method as its id.
    pub fn public_key(&self) -> PublicKey {
        PublicKey::ed25519(self.signing.verifying_key().as_bytes())
            .expect("a dalek verifying key is a valid Ed25519 key")
            .with_id(self.verification_method())
    }

    /// Sign `msg` (Ed25519, RFC 8032).
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.signing.sign(msg).to_bytes()
    }
}

/// Who issues: the `did:key` of its key and how it presents itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuerProfile {
    /// The issuer's `did:key` (the key's [`IssuerKey::did_key`]).
    pub id: String,
    /// Display name, e.g. the advisor's or the learner's name.
    pub name: String,
    /// Web page, if any.
    pub url: Option<String>,
    /// Contact e-mail, if any.
    pub email: Option<String>,
    /// True when the learner asserts an achievement about themself; such
    /// credentials are labelled as self-asserted (see [`crate::issue`]).
    pub self_asserted: bool,
}

impl IssuerProfile {
    /// An issuer (e.g. an advisor) using `key`.
    pub fn new(key: &IssuerKey, name: impl Into<String>) -> Self {
        Self { id: key.did_key(), name: name.into(), url: None, email: None, self_asserted: false }
    }

    /// A learner asserting their own achievements with `key`.
    pub fn self_asserted(key: &IssuerKey, name: impl Into<String>) -> Self {
        Self { self_asserted: true, ..Self::new(key, name) }
    }
}

const KEY_FILE_TYPE: &str = "PortfolioIssuerKey";
const EXPORT_TYPE: &str = "PortfolioEncryptedIssuerKey";
/// Shortest passphrase [`export_key`] accepts.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

fn key_file_json(key: &IssuerKey) -> Zeroizing<String> {
    let secret = key.secret_bytes();
    let v = json!({
        "type": KEY_FILE_TYPE,
        "version": 1,
        "algorithm": "Ed25519",
        "did": key.did_key(),
        "secretKey": B64.encode(secret.as_slice()),
    });
    Zeroizing::new(serde_json::to_string_pretty(&v).unwrap_or_default())
}

fn decode_32(v: &Value, field: &str) -> Result<Zeroizing<[u8; 32]>, IssuerError> {
    let s = v.get(field).and_then(Value::as_str).ok_or_else(|| bad(format!("'{field}' is missing.")))?;
    let bytes = Zeroizing::new(B64.decode(s).map_err(|_| bad(format!("'{field}' is not base64.")))?);
    let arr: [u8; 32] = bytes.as_slice().try_into().map_err(|_| bad(format!("'{field}' is not 32 bytes long.")))?;
    Ok(Zeroizing::new(arr))
}

fn key_from_file_json(text: &str) -> Result<IssuerKey, IssuerError> {
    let v: Value = serde_json::from_str(text).map_err(|_| bad("the file is not JSON."))?;
    if v.get("type").and_then(Value::as_str) != Some(KEY_FILE_TYPE) {
        return Err(bad(format!("the file's type is not '{KEY_FILE_TYPE}'.")));
    }
    if v.get("algorithm").and_then(Value::as_str) != Some("Ed25519") {
        return Err(bad("only Ed25519 keys are supported."));
    }
    let key = IssuerKey::from_secret_bytes(&*decode_32(&v, "secretKey")?);
    check_did(&v, &key)?;
    Ok(key)
}

fn check_did(v: &Value, key: &IssuerKey) -> Result<(), IssuerError> {
    match v.get("did").and_then(Value::as_str) {
        Some(d) if d == key.did_key() => Ok(()),
        Some(d) => Err(bad(format!("the secret key does not belong to {d}."))),
        None => Err(bad("'did' is missing.")),
    }
}

/// The file name [`save_key`] uses for `key`.
pub fn key_file_name(key: &IssuerKey) -> String {
    format!("issuer-key-{}.json", key.public_key_multibase())
}

/// Write `key` into `dir` (created if needed) as `issuer-key-z6Mk….json`,
/// readable and writable by the owner only. Saving the same key again is
/// harmless; a different key is never overwritten. Returns the file's path.
pub fn save_key(dir: &Path, key: &IssuerKey) -> Result<PathBuf, IssuerError> {
    std::fs::create_dir_all(dir).map_err(|e| io_err("create the folder for", dir, &e))?;
    let path = dir.join(key_file_name(key));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut file = match opts.open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return match load_key(&path) {
                Ok(existing) if existing == *key => {
                    restrict(&path)?;
                    Ok(path)
                }
                _ => Err(IssuerError::AlreadyExists(path.display().to_string())),
            };
        }
        Err(e) => return Err(io_err("create", &path, &e)),
    };
    // The mode applies at creation, minus the umask, so it is at most 0600;
    // set it exactly in case the umask removed the owner's bits.
    restrict(&path)?;
    use std::io::Write;
    let text = key_file_json(key);
    file.write_all(text.as_bytes()).and_then(|_| file.sync_all()).map_err(|e| io_err("write", &path, &e))?;
    Ok(path)
}

#[cfg(unix)]
fn restrict(path: &Path) -> Result<(), IssuerError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| io_err("restrict the permissions of", path, &e))
}

#[cfg(not(unix))]
fn restrict(_path: &Path) -> Result<(), IssuerError> {
    Ok(())
}

/// Read a key file written by [`save_key`].
pub fn load_key(path: &Path) -> Result<IssuerKey, IssuerError> {
    let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| io_err("read", path, &e))?);
    key_from_file_json(&text)
}

/// Argon2id cost parameters for [`export_key_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl Default for KdfParams {
    /// 64 MiB, 3 passes, 1 lane: above the OWASP minimum for Argon2id and
    /// about a quarter of a second on a laptop (release build).
    fn default() -> Self {
        Self { memory_kib: 64 * 1024, iterations: 3, parallelism: 1 }
    }
}

/// Limits on the parameters an imported file may ask for, so that a
/// crafted file cannot exhaust memory or time.
const MAX_MEMORY_KIB: u32 = 1024 * 1024;
const MAX_ITERATIONS: u32 = 64;
const MAX_PARALLELISM: u32 = 16;

fn derive(passphrase: &str, salt: &[u8], p: KdfParams) -> Result<Zeroizing<[u8; 32]>, IssuerError> {
    let params = argon2::Params::new(p.memory_kib, p.iterations, p.parallelism, Some(32))
        .map_err(|e| IssuerError::Crypto(format!("invalid Argon2id parameters ({e})")))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut_slice())
        .map_err(|e| IssuerError::Crypto(format!("Argon2id failed ({e})")))?;
    Ok(out)
}

/// Export `key` protected by `passphrase` (Argon2id with default
/// [`KdfParams`], XChaCha20-Poly1305). The result is JSON text, safe to
/// store in a backup.
pub fn export_key(key: &IssuerKey, passphrase: &str) -> Result<String, IssuerError> {
    export_key_with(key, passphrase, KdfParams::default())
}

/// [`export_key`] with chosen Argon2id costs.
pub fn export_key_with(key: &IssuerKey, passphrase: &str, params: KdfParams) -> Result<String, IssuerError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(IssuerError::WeakPassphrase(MIN_PASSPHRASE_CHARS));
    }
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    let mut nonce = [0u8; 24];
    OsRng.fill_bytes(&mut nonce);
    let kek = derive(passphrase, &salt, params)?;
    let cipher = XChaCha20Poly1305::new(kek.as_slice().into());
    let did = key.did_key();
    let secret = key.secret_bytes();
    let ciphertext = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: secret.as_slice(), aad: did.as_bytes() })
        .map_err(|_| IssuerError::Crypto("encryption failed".into()))?;
    let v = json!({
        "type": EXPORT_TYPE,
        "version": 1,
        "did": did,
        "kdf": {
            "algorithm": "argon2id",
            "version": 19,
            "memoryKiB": params.memory_kib,
            "iterations": params.iterations,
            "parallelism": params.parallelism,
            "salt": B64.encode(salt),
        },
        "cipher": {"algorithm": "XChaCha20-Poly1305", "nonce": B64.encode(nonce), "associatedData": "did"},
        "ciphertext": B64.encode(ciphertext),
    });
    Ok(serde_json::to_string_pretty(&v).unwrap_or_default())
}

/// Unlock a key exported by [`export_key`]. A wrong passphrase gives
/// [`IssuerError::WrongPassphrase`].
pub fn import_key(text: &str, passphrase: &str) -> Result<IssuerKey, IssuerError> {
    let v: Value = serde_json::from_str(text.trim()).map_err(|_| bad("the exported key is not JSON."))?;
    if v.get("type").and_then(Value::as_str) != Some(EXPORT_TYPE) {
        return Err(bad(format!("this is not an exported issuer key (type '{EXPORT_TYPE}').")));
    }
    let kdf = v.get("kdf").ok_or_else(|| bad("'kdf' is missing."))?;
    if kdf.get("algorithm").and_then(Value::as_str) != Some("argon2id")
        || kdf.get("version").and_then(Value::as_u64) != Some(19)
    {
        return Err(bad("only Argon2id version 19 is supported as key derivation."));
    }
    let num = |k: &str, max: u32| -> Result<u32, IssuerError> {
        kdf.get(k)
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| bad(format!("the key derivation parameter '{k}' is missing or out of range (1 to {max}).")))
    };
    let params = KdfParams {
        memory_kib: num("memoryKiB", MAX_MEMORY_KIB)?,
        iterations: num("iterations", MAX_ITERATIONS)?,
        parallelism: num("parallelism", MAX_PARALLELISM)?,
    };
    let b64 = |obj: &Value, k: &str| -> Result<Vec<u8>, IssuerError> {
        obj.get(k)
            .and_then(Value::as_str)
            .and_then(|s| B64.decode(s).ok())
            .ok_or_else(|| bad(format!("'{k}' is missing or not base64.")))
    };
    let salt = b64(kdf, "salt")?;
    let cipher_v = v.get("cipher").ok_or_else(|| bad("'cipher' is missing."))?;
    if cipher_v.get("algorithm").and_then(Value::as_str) != Some("XChaCha20-Poly1305") {
        return Err(bad("only XChaCha20-Poly1305 is supported as cipher."));
    }
    let nonce = b64(cipher_v, "nonce")?;
    if nonce.len() != 24 {
        return Err(bad("the nonce is not 24 bytes long."));
    }
    let ciphertext = b64(&v, "ciphertext")?;
    let did = v.get("did").and_then(Value::as_str).ok_or_else(|| bad("'did' is missing."))?;
    let kek = derive(passphrase, &salt, params)?;
    let cipher = XChaCha20Poly1305::new(kek.as_slice().into());
    let mut plain = cipher
        .decrypt(XNonce::from_slice(&nonce), Payload { msg: &ciphertext, aad: did.as_bytes() })
        .map_err(|_| IssuerError::WrongPassphrase)?;
    let arr: Result<[u8; 32], _> = plain.as_slice().try_into();
    plain.zeroize();
    let mut arr = arr.map_err(|_| bad("the decrypted secret is not 32 bytes long."))?;
    let key = IssuerKey::from_secret_bytes(&arr);
    arr.zeroize();
    check_did(&v, &key)?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: KdfParams = KdfParams { memory_kib: 256, iterations: 1, parallelism: 1 };

    #[test]
    fn did_key_shape() {
        let k = IssuerKey::from_secret_bytes(&[7u8; 32]);
        assert!(k.did_key().starts_with("did:key:z6Mk"));
        let vm = k.verification_method();
        assert_eq!(vm, format!("{}#{}", k.did_key(), k.public_key_multibase()));
        // The crate's own did:key reader agrees.
        assert!(PublicKey::from_did_key(&vm).is_ok());
        assert!(!format!("{k:?}").contains("secret"));
    }

    #[test]
    fn save_and_load_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let k = IssuerKey::generate();
        let path = save_key(dir.path(), &k).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{mode:o}");
        }
        assert_eq!(load_key(&path).unwrap(), k);
        // Saving again is fine; another key under the same name is refused.
        assert_eq!(save_key(dir.path(), &k).unwrap(), path);
        let other = IssuerKey::generate();
        std::fs::write(&path, key_file_json(&other).as_bytes()).unwrap();
        assert!(matches!(save_key(dir.path(), &k), Err(IssuerError::AlreadyExists(_))));
        // A file whose did does not match its secret is refused.
        let tampered = key_file_json(&k).replace(&k.did_key(), &other.did_key());
        assert!(matches!(key_from_file_json(&tampered), Err(IssuerError::BadKeyFile(_))));
    }

    #[test]
    fn export_import_round_trip_and_wrong_passphrase() {
        let k = IssuerKey::generate();
        let text = export_key_with(&k, "correct horse battery", CHEAP).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["kdf"]["algorithm"], "argon2id");
        assert_eq!(v["cipher"]["algorithm"], "XChaCha20-Poly1305");
        assert!(!text.contains(&B64.encode(k.secret_bytes().as_slice())));
        assert_eq!(import_key(&text, "correct horse battery").unwrap(), k);
        let e = import_key(&text, "wrong horse battery").unwrap_err();
        assert_eq!(e, IssuerError::WrongPassphrase);
        assert!(e.to_string().contains("passphrase is wrong"));
        // Swapping in another did (the associated data) is detected.
        let swapped = text.replace(&k.did_key(), &IssuerKey::generate().did_key());
        assert_eq!(import_key(&swapped, "correct horse battery").unwrap_err(), IssuerError::WrongPassphrase);
        // Absurd parameters are refused before any work.
        let greedy = text.replace("\"memoryKiB\": 256", "\"memoryKiB\": 99999999");
        assert!(matches!(import_key(&greedy, "correct horse battery"), Err(IssuerError::BadKeyFile(_))));
        assert_eq!(export_key(&k, "short").unwrap_err(), IssuerError::WeakPassphrase(MIN_PASSPHRASE_CHARS));
    }

    #[test]
    fn default_parameters_round_trip() {
        let k = IssuerKey::generate();
        let text = export_key(&k, "a long enough passphrase").unwrap();
        assert!(text.contains("\"memoryKiB\": 65536"));
        assert_eq!(import_key(&text, "a long enough passphrase").unwrap(), k);
    }
}
