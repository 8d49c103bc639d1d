//! Badges: digital credentials earned anywhere.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::{search_text, Checker, Validate, ValidationErrors};

/// Where a badge record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BadgeSource {
    /// Typed in by hand.
    #[default]
    Manual,
    /// Imported from an Open Badges 2.0 assertion.
    OpenBadges2,
    /// Imported from an Open Badges 3.0 credential.
    OpenBadges3,
}

/// The fields of a badge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BadgeData {
    /// Badge name (required).
    pub name: String,
    /// Who issued it (required).
    pub issuer_name: String,
    /// When it was issued.
    pub issued_on: NaiveDate,
    /// When it expires, if ever.
    #[serde(default)]
    pub expires_on: Option<NaiveDate>,
    /// What the badge is.
    #[serde(default)]
    pub description: String,
    /// What was required to earn it.
    #[serde(default)]
    pub criteria: String,
    /// Reference to the badge image (media id or data reference), if any.
    #[serde(default)]
    pub image_ref: Option<String>,
    /// Links to evidence.
    #[serde(default)]
    pub evidence_links: Vec<String>,
    /// Learning-goal ids the badge counts towards (the user confirms the
    /// mapping of an imported badge's alignments).
    #[serde(default)]
    pub goal_tags: Vec<String>,
    /// Issuer public keys (PEM, JWK or `did:key` text) the user attached so a
    /// signed badge can be verified offline.
    #[serde(default)]
    pub attached_keys: Vec<String>,
    /// Where the record came from.
    #[serde(default)]
    pub source: BadgeSource,
    /// The original credential exactly as imported (baked image, JSON or JWS),
    /// base64 in JSON; `None` for badges entered by hand.
    #[serde(default, with = "base64_bytes")]
    #[ts(type = "string | null")]
    pub original_credential: Option<Vec<u8>>,
}

impl BadgeData {
    pub(crate) fn list_date(&self) -> Option<NaiveDate> {
        Some(self.issued_on)
    }

    pub(crate) fn text(&self) -> String {
        search_text([self.name.as_str(), &self.issuer_name, &self.description, &self.criteria])
    }
}

impl Validate for BadgeData {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = Checker::new();
        c.required("name", "Badge name", &self.name);
        c.required("issuer_name", "Issuer", &self.issuer_name);
        c.date("issued_on", "Issue date", self.issued_on);
        if let Some(d) = self.expires_on {
            c.date("expires_on", "Expiry date", d);
        }
        c.order("expires_on", self.issued_on, self.expires_on, "Expiry date cannot be before the issue date.");
        c.long("description", "Description", &self.description);
        c.long("criteria", "Criteria", &self.criteria);
        if let Some(r) = &self.image_ref {
            c.short("image_ref", "Image", r);
        }
        c.short_list("evidence_links", "Evidence links", &self.evidence_links);
        c.short_list("goal_tags", "Learning goals", &self.goal_tags);
        c.count("attached_keys", "Attached keys", self.attached_keys.len());
        for (i, k) in self.attached_keys.iter().enumerate() {
            c.long(&format!("attached_keys[{i}]"), "Attached key", k);
        }
        c.finish()
    }
}

mod base64_bytes {
    //! Optional bytes as a standard base64 string.
    use serde::{Deserialize, Deserializer, Serializer};

    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn serialize<S: Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            None => s.serialize_none(),
            Some(bytes) => s.serialize_str(&encode(bytes)),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        let s: Option<String> = Option::deserialize(d)?;
        s.map(|s| decode(&s).ok_or_else(|| serde::de::Error::custom("original_credential is not valid base64")))
            .transpose()
    }

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    pub fn decode(s: &str) -> Option<Vec<u8>> {
        let s = s.trim_end_matches('=');
        let mut out = Vec::with_capacity(s.len() * 3 / 4);
        let mut acc = 0u32;
        let mut bits = 0;
        for c in s.bytes() {
            let v = ALPHABET.iter().position(|&a| a == c)? as u32;
            acc = (acc << 6) | v;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        Some(out)
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn round_trips_all_lengths() {
            for n in 0..20u8 {
                let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
                assert_eq!(super::decode(&super::encode(&bytes)).as_deref(), Some(bytes.as_slice()));
            }
            assert_eq!(super::encode(b"Man"), "TWFu");
            assert_eq!(super::encode(b"Ma"), "TWE=");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn original_bytes_round_trip_through_json() {
        let b = BadgeData {
            name: "Robotics Level 1".into(),
            issuer_name: "City Science Museum".into(),
            issued_on: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
            expires_on: None,
            description: String::new(),
            criteria: String::new(),
            image_ref: None,
            evidence_links: vec![],
            goal_tags: vec![],
            attached_keys: vec![],
            source: BadgeSource::OpenBadges2,
            original_credential: Some(vec![0x89, b'P', b'N', b'G', 0, 255]),
        };
        let json = serde_json::to_string(&b).unwrap();
        assert!(json.contains("\"original_credential\":\"iVBORwD/\""), "{json}");
        let back: BadgeData = serde_json::from_str(&json).unwrap();
        assert_eq!(back, b);
    }

    #[test]
    fn expiry_before_issue_refused() {
        let b: BadgeData = serde_json::from_str(
            r#"{"name":"N","issuer_name":"I","issued_on":"2026-05-01","expires_on":"2026-01-01"}"#,
        )
        .unwrap();
        assert_eq!(b.validate().unwrap_err().0[0].field, "expires_on");
    }
}
