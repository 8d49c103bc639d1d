//! Learning-goal frameworks: the built-ins plus the user's own (tree `frameworks`).

use chrono::Utc;
use portfolio_domain::framework::builtin_frameworks;
use portfolio_domain::matrix::{from_matrix, to_matrix};
use portfolio_domain::{Framework, Validate};

use crate::codec::{decode, encode};
use crate::{Result, Store, StoreError};

impl Store {
    /// Every framework: built-ins first, then the user's, by name.
    pub fn frameworks(&self) -> Result<Vec<Framework>> {
        let mut own = Vec::new();
        for item in self.frameworks_tree().iter() {
            let (k, v) = item?;
            own.push(decode::<Framework>("framework", &k, &v)?);
        }
        own.sort_by_cached_key(|f| f.name.to_lowercase());
        let mut all = builtin_frameworks();
        all.extend(own);
        Ok(all)
    }

    /// One framework.
    pub fn framework(&self, id: &str) -> Result<Framework> {
        if let Some(f) = builtin_frameworks().into_iter().find(|f| f.id == id) {
            return Ok(f);
        }
        match self.frameworks_tree().get(id.as_bytes())? {
            Some(v) => decode("framework", id.as_bytes(), &v),
            None => Err(StoreError::NoSuchFramework(id.to_string())),
        }
    }

    /// Creates or replaces one of the user's frameworks. Learning goals keep
    /// their ids, so tags stay readable; removing a goal that tags still use
    /// is allowed (the tag shows its id) but a built-in cannot be changed.
    pub fn save_framework(&self, mut f: Framework) -> Result<Framework> {
        if builtin_frameworks().iter().any(|b| b.id == f.id) {
            return Err(StoreError::Refused(format!(
                "\u{201c}{}\u{201d} ships with the app and cannot be changed; save a copy under a new name.",
                f.name
            )));
        }
        if f.id.trim().is_empty() {
            f.id = portfolio_domain::new_id().to_string();
        }
        f.builtin = false;
        f.updated = Some(Utc::now());
        f.validate()?;
        self.frameworks_tree().insert(f.id.as_bytes(), encode(&f)?)?;
        self.flush()?;
        Ok(f)
    }

    /// Deletes one of the user's frameworks, unless a learner uses it.
    pub fn delete_framework(&self, id: &str) -> Result<Framework> {
        let f = self.framework(id)?;
        if f.builtin {
            return Err(StoreError::Refused(format!(
                "\u{201c}{}\u{201d} ships with the app and cannot be deleted.",
                f.name
            )));
        }
        let users: Vec<String> =
            self.learners()?.into_iter().filter(|l| l.profile.framework() == id).map(|l| l.profile.name).collect();
        if !users.is_empty() {
            return Err(StoreError::Refused(format!(
                "\u{201c}{}\u{201d} is in use by {}; choose another framework for them first.",
                f.name,
                users.join(", ")
            )));
        }
        self.frameworks_tree().remove(id.as_bytes())?;
        self.flush()?;
        Ok(f)
    }

    /// Imports a Mahara SmartEvidence `.matrix` file as a new framework.
    pub fn import_matrix(&self, bytes: &[u8]) -> Result<Framework> {
        let f = from_matrix(bytes, portfolio_domain::new_id().to_string())
            .map_err(|e| StoreError::Refused(e.to_string()))?;
        self.save_framework(f)
    }

    /// A framework as `.matrix` JSON text.
    pub fn export_matrix(&self, id: &str) -> Result<String> {
        let f = self.framework(id)?;
        serde_json::to_string_pretty(&to_matrix(&f)).map_err(|e| StoreError::Engine(e.to_string()))
    }
}
