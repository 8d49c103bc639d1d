//! Evidence files: `media import|list|gc`.

use std::time::Duration;

use portfolio_app::{parse_target, ApiError, App, Result};
use serde_json::{json, Value};

use super::parse_id;
use crate::args::MediaAction;
use crate::output::{self, out};

pub fn media(app: &App, json: bool, action: MediaAction) -> Result<()> {
    match action {
        MediaAction::Import { learner, to, files } => {
            let results = app.attach_files(parse_id("learner", &learner)?, &parse_target(&to)?, &files)?;
            let refused = results.iter().filter(|(_, r)| r.is_err()).count();
            if json {
                let v: Vec<Value> = results
                    .iter()
                    .map(|(p, r)| match r {
                        Ok(o) => json!({"file": p, "status": o.status, "sha256": o.evidence.sha256, "kind": o.evidence.kind, "notice": o.notice}),
                        Err(e) => json!({"file": p, "status": "refused", "code": e.code, "message": e.message}),
                    })
                    .collect();
                output::json(&v)?;
            } else {
                for (p, r) in &results {
                    match r {
                        Ok(o) => out!(
                            "{}: {}{}",
                            p.display(),
                            o.status.replace('_', " "),
                            o.notice.as_deref().map(|n| format!(" ({n})")).unwrap_or_default()
                        ),
                        Err(e) => out!("{}: refused: {}", p.display(), e.message),
                    }
                }
            }
            if refused > 0 {
                return Err(ApiError::invalid(format!("{refused} of {} files were refused.", results.len())));
            }
            Ok(())
        }
        MediaAction::List { learner } => {
            let rows = app.evidence(parse_id("learner", &learner)?)?;
            if json {
                let v: Vec<Value> = rows
                    .iter()
                    .map(|r| {
                        json!({
                            "id": r.evidence.sha256, "kind": r.evidence.kind, "original_file_name": r.evidence.name,
                            "sha256": r.evidence.sha256, "mime": r.evidence.mime, "size": r.evidence.size,
                            "attached_to": {"kind": r.kind, "id": r.record_id, "title": r.record_title, "part": r.part_title, "target": r.target()},
                        })
                    })
                    .collect();
                return output::json(&v);
            }
            for r in rows {
                let sha = &r.evidence.sha256[..12.min(r.evidence.sha256.len())];
                out!("{sha}  {}  {}  \u{2192} {}", r.evidence.kind, r.evidence.name, r.place());
            }
            Ok(())
        }
        MediaAction::Gc { dry_run, grace_days } => {
            let grace = Duration::from_secs(grace_days.saturating_mul(24 * 60 * 60));
            let r = app.collect_garbage(grace, dry_run)?;
            let since =
                |u: &portfolio_evidence::Unreferenced| chrono::DateTime::<chrono::Utc>::from(u.since).date_naive();
            if json {
                let removed: Vec<Value> = r
                    .removed
                    .iter()
                    .map(|u| json!({"sha256": u.sha256, "name": u.name, "size": u.size, "unused_since": since(u)}))
                    .collect();
                return output::json(
                    &json!({"dry_run": dry_run, "removed": removed, "leftovers": r.leftovers.iter().map(|(p, s)| json!({"path": p, "size": s})).collect::<Vec<_>>(), "waiting": r.waiting.len(), "in_use": r.in_use}),
                );
            }
            let verb = if dry_run { "would remove" } else { "removed" };
            for (path, size) in &r.leftovers {
                out!("{verb} the leftover of an interrupted import {} ({size} bytes)", path.display());
            }
            for u in &r.removed {
                let sha = &u.sha256[..12.min(u.sha256.len())];
                out!("{verb} {sha}  {} ({} bytes), unused since {}", u.name, u.size, since(u));
            }
            out!(
                "{} {verb}, {} unused within the {grace_days}-day grace period, {} in use.",
                r.removed.len(),
                r.waiting.len(),
                r.in_use
            );
            Ok(())
        }
    }
}
