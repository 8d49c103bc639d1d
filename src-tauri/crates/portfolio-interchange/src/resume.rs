//! JSON Resume (schema v1.0.0) export: not written yet. See the crate docs.
