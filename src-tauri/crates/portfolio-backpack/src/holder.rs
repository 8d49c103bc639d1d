//! The learner's own key as the holder of their badges: an Ed25519 key in
//! the keys folder the caller names (owner-only, like issuers' keys), made on
//! first use, identified by its `did:key`. It signs the verifiable
//! presentations the learner shares; it never issues anything.

use std::path::{Path, PathBuf};

use portfolio_badges::{load_key, save_key, IssuerKey};
use portfolio_domain::Id;
use serde_json::{json, Value};

use crate::{BackpackError, Result};

fn pointer(keys: &Path, learner: Id) -> PathBuf {
    keys.join(format!("holder-{learner}.json"))
}

fn storage(e: impl std::fmt::Display) -> BackpackError {
    BackpackError::Storage(e.to_string())
}

/// The holder key of `learner`, made and saved in `keys` on first use. The
/// file `holder-<learner id>.json` names the key's `did:key`; the key itself
/// is saved as any issuer key is (`issuer-key-z6Mk….json`, owner-only).
pub fn holder_key(keys: &Path, learner: Id) -> Result<IssuerKey> {
    let path = pointer(keys, learner);
    if let Ok(text) = std::fs::read_to_string(&path) {
        let v: Value = serde_json::from_str(&text)
            .map_err(|e| storage(format!("The learner's holder key file {} is damaged: {e}", path.display())))?;
        let did = v.get("did").and_then(Value::as_str).unwrap_or_default();
        let mb = did.strip_prefix("did:key:").unwrap_or_default();
        let key_file = keys.join(format!("issuer-key-{mb}.json"));
        return load_key(&key_file)
            .map_err(|e| storage(format!("The learner's holder key is missing or damaged: {e}")));
    }
    let key = IssuerKey::generate();
    save_key(keys, &key).map_err(storage)?;
    let tmp = path.with_extension("tmp");
    std::fs::write(
        &tmp,
        serde_json::to_string_pretty(&json!({"did": key.did_key(), "learner": learner})).unwrap_or_default(),
    )
    .and_then(|_| std::fs::rename(&tmp, &path))
    .map_err(|e| storage(format!("Could not save the learner's holder key: {e}")))?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_once_and_kept_per_learner() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (portfolio_domain::new_id(), portfolio_domain::new_id());
        let ka = holder_key(tmp.path(), a).unwrap();
        assert_eq!(holder_key(tmp.path(), a).unwrap().did_key(), ka.did_key());
        assert_ne!(holder_key(tmp.path(), b).unwrap().did_key(), ka.did_key());
        // Holder keys are not issuers.
        assert!(crate::issuing::issuers(tmp.path()).unwrap().is_empty());
    }
}
