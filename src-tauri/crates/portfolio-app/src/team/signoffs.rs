//! Plan sign-offs from each person's own device: signing a revision and
//! checking every signature the team's contributions documents hold.

use chrono::{DateTime, Utc};
use portfolio_domain::{AnyRecord, AuthorRole, Id, PlanData, RecordKind};
use portfolio_sync::signing::{check_plan_signature, sign_plan};
use portfolio_sync::{PlanSignature, SignatureStatus};
use serde::Serialize;
use ts_rs::TS;

use super::engine::{contribution_docs, open_doc};
use super::sync::not_shared;
use crate::{ApiError, App, ErrorCode, Result};

/// One signature on a plan and what this device makes of it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SignatureCheck {
    /// The signer's name, as signed.
    pub name: String,
    /// The signer's role, as signed.
    pub role: AuthorRole,
    /// The signer's device key.
    pub signer: String,
    /// The revision signed.
    pub revision: u32,
    /// When.
    pub signed_at: DateTime<Utc>,
    /// Valid for the current revision, valid for an earlier one, or invalid (and why).
    pub status: SignatureStatus,
}

/// Every signature on a plan.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PlanVerification {
    /// The plan.
    pub plan_id: Id,
    /// Its current revision.
    pub revision: u32,
    /// Each signature found, oldest first.
    pub signatures: Vec<SignatureCheck>,
}

impl PlanVerification {
    /// How many signatures are valid for the current revision.
    pub fn valid(&self) -> usize {
        self.signatures.iter().filter(|s| s.status == SignatureStatus::Valid).count()
    }

    /// How many are invalid (forged, altered, or not where their signer writes).
    pub fn invalid(&self) -> usize {
        self.signatures.iter().filter(|s| matches!(s.status, SignatureStatus::Invalid { .. })).count()
    }
}

impl App {
    fn plan_of(&self, learner: Id, plan: Id) -> Result<PlanData> {
        match self.store().get(RecordKind::Plan, plan)? {
            AnyRecord::Plan(p) if p.meta.learner_id == learner => Ok(p.data),
            _ => Err(ApiError::new(ErrorCode::NotFound, "That plan is not one of this learner's.")),
        }
    }

    /// Signs the current revision of `plan` with this device's key as `name`
    /// (in this device's role); the signature goes to the team at the next sync.
    pub fn sign_plan(&self, learner: Id, plan: Id, name: &str) -> Result<PlanSignature> {
        let s = self.team_settings(learner)?.ok_or_else(|| not_shared(learner))?;
        let data = self.plan_of(learner, plan)?;
        let identity = self.device_identity()?;
        let mine = s.docs.contributions.get(&identity.did()).cloned().ok_or_else(|| {
            ApiError::new(ErrorCode::NotFound, "This device has no contributions document on this team.")
        })?;
        let sig = sign_plan(&identity, learner, plan, &data, name, s.role, Utc::now())?;
        let put = sig.clone();
        self.with_engine(move |repo| async move { Ok(open_doc(&repo, &mine).await?.put_signature(&put).await?) })?;
        self.saved(sig)
    }

    /// Checks every signature on `plan` found in the team's contributions
    /// documents: a signature counts only when it verifies against the stored
    /// revision, sits in its signer's own document and (when the team is
    /// known) its signer is on the team in the role it claims.
    pub fn verify_plan(&self, learner: Id, plan: Id) -> Result<PlanVerification> {
        let s = self.team_settings(learner)?.ok_or_else(|| not_shared(learner))?;
        let data = self.plan_of(learner, plan)?;
        let docs = s.docs.contributions.clone();
        let found: Vec<(String, PlanSignature)> = self.with_engine(move |repo| async move {
            let mut found = Vec::new();
            for (author, doc) in contribution_docs(&repo, docs).await? {
                found.extend(doc.signatures().await?.into_iter().map(|sig| (author.clone(), sig)));
            }
            Ok(found)
        })?;
        let manifest = s.manifest.as_ref().map(|m| &m.manifest);
        let mut signatures: Vec<SignatureCheck> = found
            .into_iter()
            .filter(|(_, sig)| sig.plan_id == plan)
            .map(|(author, sig)| {
                let mut status = check_plan_signature(&sig, learner, plan, &data);
                if author != sig.signer {
                    status = SignatureStatus::Invalid {
                        reason: format!("It is not in {}'s own contributions document.", sig.name),
                    };
                } else if let Some(role) = manifest.and_then(|m| m.role_of(&sig.signer)).filter(|r| *r != sig.role) {
                    status = SignatureStatus::Invalid {
                        reason: format!(
                            "{} signed as {} but is on the team as {}.",
                            sig.name,
                            sig.role.as_str(),
                            role.as_str()
                        ),
                    };
                }
                SignatureCheck {
                    name: sig.name,
                    role: sig.role,
                    signer: sig.signer,
                    revision: sig.revision,
                    signed_at: sig.signed_at,
                    status,
                }
            })
            .collect();
        signatures.sort_by_key(|c| c.signed_at);
        Ok(PlanVerification { plan_id: plan, revision: data.revision, signatures })
    }
}
