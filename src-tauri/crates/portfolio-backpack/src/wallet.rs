//! Importing a Learner Credential Wallet backup (the Digital Credentials
//! Consortium's wallet app): "Wallet Backup.json" or "Profile Backup.json".
//!
//! The backup is a JSON array of profiles (or one profile), each a W3C
//! Universal Wallet `UniversalWallet2020` object whose flat `contents` hold
//! the profile's credentials beside its DID document, its keys
//! (`Ed25519VerificationKey2020`, `X25519KeyAgreementKey2020`, private parts
//! included) and a `ProfileMetadata`. Every verifiable credential in it is
//! imported as a badge file of its own and verified as any import is, with a
//! line each in the report; the wallet's DID document, keys and metadata
//! are never read into the portfolio. A backup locked with a password
//! (`locked_wallet:` / `locked_profile:` followed by CryptoJS ciphertext) is
//! refused with what to do.
//!
//! Hostile input is bounded: the caller caps the file's size before reading
//! it; at most [`MAX_WALLET_PROFILES`] profiles and [`MAX_WALLET_CREDENTIALS`]
//! credentials are accepted (more refuses the whole backup, nothing stored),
//! and `serde_json` limits nesting.

use chrono::{DateTime, Utc};
use portfolio_domain::Id;
use portfolio_store::Store;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use portfolio_domain::AnyRecord;

use crate::{BackpackError, BadgeCheck, BadgeImport, Result};

/// At most this many profiles in one backup.
pub const MAX_WALLET_PROFILES: usize = 64;
/// At most this many credentials in one backup.
pub const MAX_WALLET_CREDENTIALS: usize = 1000;

const LOCKED: [&str; 2] = ["locked_wallet:", "locked_profile:"];

/// What happened to one credential of a wallet backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WalletOutcome {
    /// Added to the portfolio.
    Imported,
    /// Already in this portfolio; nothing added.
    Duplicate,
    /// Not added (the reason is in the message).
    Refused,
}

/// One credential of a wallet backup and what its import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WalletItem {
    /// The credential's name as the wallet shows it (the achievement's name).
    pub name: String,
    /// The profile it was in (its `profileName`).
    pub profile: String,
    /// Imported, duplicate or refused.
    pub outcome: WalletOutcome,
    /// One sentence: the verification verdict, or why it was not imported.
    pub message: String,
    /// The verification status of an imported credential (as `BadgeCheck.status`).
    pub status: Option<String>,
    /// The badge records it became.
    pub record_ids: Vec<Id>,
}

/// Is `bytes` a Learner Credential Wallet backup (locked or not)?
pub fn is_wallet_backup(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]);
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if LOCKED.iter().any(|p| head.starts_with(p)) {
        return true;
    }
    if !(head.starts_with('[') || head.starts_with('{')) {
        return false;
    }
    serde_json::from_slice::<Value>(bytes).ok().is_some_and(|v| !profiles(&v).is_empty())
}

fn is_wallet(v: &Value) -> bool {
    has_type(v, "UniversalWallet2020") && v.get("contents").is_some_and(Value::is_array)
}

fn has_type(v: &Value, t: &str) -> bool {
    match v.get("type") {
        Some(Value::String(s)) => s == t,
        Some(Value::Array(a)) => a.iter().any(|x| x.as_str() == Some(t)),
        _ => false,
    }
}

fn profiles(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) if !a.is_empty() && a.iter().all(is_wallet) => a.iter().collect(),
        v if is_wallet(v) => vec![v],
        _ => Vec::new(),
    }
}

/// The name the wallet shows for a credential.
fn credential_name(c: &Value) -> String {
    let subject = match c.get("credentialSubject") {
        Some(Value::Array(a)) => a.first(),
        s => s,
    };
    let achievement = subject.and_then(|s| s.get("achievement").or_else(|| s.get("hasCredential")));
    let achievement = match achievement {
        Some(Value::Array(a)) => a.first(),
        a => a,
    };
    achievement
        .and_then(|a| a.get("name"))
        .or_else(|| c.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("Unnamed credential")
        .to_owned()
}

/// Imports every verifiable credential of the wallet backup `bytes` into
/// `learner`'s portfolio, each as its own badge file through
/// [`crate::import`] (so verified and de-duplicated as any import is).
/// Returns one item per credential, in backup order, with the records made
/// and the check of the first credential imported.
pub(crate) fn import_wallet(
    store: &Store,
    learner: Id,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<(Vec<WalletItem>, Vec<AnyRecord>, Option<BadgeCheck>)> {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]);
    if LOCKED.iter().any(|p| text.trim_start_matches('\u{feff}').trim_start().starts_with(p)) {
        return Err(BackpackError::Refused(
            "This Learner Credential Wallet backup is locked with a password, which this app cannot open; in the wallet, export the backup again without a password.".into(),
        ));
    }
    let v: Value = serde_json::from_slice(bytes)
        .map_err(|e| BackpackError::Refused(format!("This wallet backup is not valid JSON: {e}.")))?;
    let profiles = profiles(&v);
    if profiles.is_empty() {
        return Err(BackpackError::Refused("This file is not a Learner Credential Wallet backup.".into()));
    }
    if profiles.len() > MAX_WALLET_PROFILES {
        return Err(BackpackError::Refused(format!(
            "This wallet backup holds {} profiles; at most {MAX_WALLET_PROFILES} are imported at once.",
            profiles.len()
        )));
    }
    let mut credentials: Vec<(String, &Value)> = Vec::new();
    for p in &profiles {
        let profile_name = p["contents"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| has_type(c, "ProfileMetadata"))
            .and_then(|m| m.pointer("/data/profileName"))
            .and_then(Value::as_str)
            .unwrap_or("Untitled Profile")
            .to_owned();
        for c in p["contents"].as_array().into_iter().flatten() {
            // A wallet inside a wallet is not read (no recursion on hostile input).
            if has_type(c, "VerifiableCredential") && !is_wallet(c) {
                credentials.push((profile_name.clone(), c));
            }
        }
        if credentials.len() > MAX_WALLET_CREDENTIALS {
            return Err(BackpackError::Refused(format!(
                "This wallet backup holds more than {MAX_WALLET_CREDENTIALS} credentials; nothing was imported."
            )));
        }
    }
    if credentials.is_empty() {
        return Err(BackpackError::Refused("This wallet backup holds no credentials.".into()));
    }
    let mut items = Vec::with_capacity(credentials.len());
    let mut all_records = Vec::new();
    let mut first_check = None;
    for (profile, c) in credentials {
        let name = credential_name(c);
        let file = serde_json::to_vec_pretty(c).map_err(|e| BackpackError::Internal(e.to_string()))?;
        let item = match crate::import(store, learner, &file, now) {
            Ok(BadgeImport { records, check, .. }) => {
                let item = WalletItem {
                    name,
                    profile,
                    outcome: WalletOutcome::Imported,
                    message: check.detail.clone(),
                    status: Some(check.status.clone()),
                    record_ids: records.iter().map(|r| r.meta().id).collect(),
                };
                all_records.extend(records);
                first_check.get_or_insert(check);
                item
            }
            Err(BackpackError::Refused(m)) if m.ends_with("is already in this portfolio.") => WalletItem {
                name,
                profile,
                outcome: WalletOutcome::Duplicate,
                message: m,
                status: None,
                record_ids: Vec::new(),
            },
            Err(e @ (BackpackError::Refused(_) | BackpackError::Validation(_))) => WalletItem {
                name,
                profile,
                outcome: WalletOutcome::Refused,
                message: e.to_string(),
                status: None,
                record_ids: Vec::new(),
            },
            Err(e) => return Err(e),
        };
        items.push(item);
    }
    Ok((items, all_records, first_check))
}
