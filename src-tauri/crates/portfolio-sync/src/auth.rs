//! How a device proves its key to the project's relay, inside the websocket
//! before the Automerge sync protocol starts (text frames, JSON):
//!
//! 1. relay → device: [`Challenge`] with a fresh random nonce for this connection;
//! 2. device → relay: [`Hello`]: its `did:key`, its signature over
//!    [`auth_message`]`(nonce, did)`, and any team manifests it publishes;
//! 3. relay → device: [`Welcome`] (then binary sync messages, the connection
//!    bound to that did as its peer id) or [`Refused`] and the socket closes.
//!
//! The nonce is never reused, so a recorded hello cannot be replayed on
//! another connection. The stock relay speaks no such step: devices use
//! [`crate::repo::RelayKind::Plain`] for it.

use serde::{Deserialize, Serialize};

use crate::invite::InviteClaim;
use crate::team::SignedManifest;

/// The relay's first message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// `"challenge/1"`.
    pub lp: String,
    /// Random, base64url, one per connection.
    pub nonce: String,
}

/// The device's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// `"hello/1"`.
    pub lp: String,
    /// The device's key.
    pub did: String,
    /// Signature over [`auth_message`].
    pub signature: String,
    /// Team manifests this device (a student's) publishes.
    #[serde(default)]
    pub manifests: Vec<SignedManifest>,
    /// Invitations this device claims (it joins those teams).
    #[serde(default)]
    pub claims: Vec<InviteClaim>,
}

/// What the relay did with one published manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestReceipt {
    /// The learner.
    pub learner_id: portfolio_domain::Id,
    /// Stored (or already current).
    pub accepted: bool,
    /// Why not, in a sentence.
    #[serde(default)]
    pub reason: String,
}

/// The relay accepts the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcome {
    /// `"welcome/1"`.
    pub lp: String,
    /// One receipt per published manifest.
    #[serde(default)]
    pub manifests: Vec<ManifestReceipt>,
    /// One receipt per claimed invitation (`learner_id`, accepted, reason).
    #[serde(default)]
    pub claims: Vec<ManifestReceipt>,
    /// Invitations others joined on the teams this device signs: fold them
    /// into the next manifest ([`crate::TeamManifest::accept_claim`]).
    #[serde(default)]
    pub joined: Vec<InviteClaim>,
}

/// The relay refuses the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    /// `"refused/1"`.
    pub lp: String,
    /// Why, in a sentence.
    pub reason: String,
}

/// The bytes a device signs to answer `nonce`.
pub fn auth_message(nonce: &str, did: &str) -> Vec<u8> {
    format!("lp-relay-auth/1\n{nonce}\n{did}").into_bytes()
}
