//! Badges and issuers: `badge verify|import|issue`, `issuers`, `issuer create|export`.

use std::path::{Path, PathBuf};

use portfolio_app::files::{read_capped, MAX_SMALL_FILE_BYTES};
use portfolio_app::{App, Result};
use portfolio_backpack::issuing::IssueRequest;
use portfolio_backpack::wallet::WalletOutcome;

use super::parse_id;
use crate::args::{BadgeAction, IssuerAction};
use crate::output::{self, out};

/// `badge verify`: offline, no store needed; exit 0 whenever the file could be examined.
pub fn verify(json: bool, file: &Path, emails: &[String], keys: &[PathBuf], lists: &[PathBuf]) -> Result<()> {
    let check = portfolio_app::verify_badge_file(file, emails, keys, lists)?;
    if json {
        return output::json(&check);
    }
    output::badge_check(&check);
    Ok(())
}

pub fn badge(app: &App, json: bool, action: BadgeAction) -> Result<()> {
    match action {
        BadgeAction::Verify { .. } => Ok(()),
        BadgeAction::Import { learner, file } => {
            let imported = app.import_badge_file(parse_id("learner", &learner)?, &file)?;
            if json {
                return output::json(&imported);
            }
            if !imported.wallet.is_empty() {
                out!("A Learner Credential Wallet backup of {} credentials:", imported.wallet.len());
                for w in &imported.wallet {
                    let what = match w.outcome {
                        WalletOutcome::Imported => {
                            let ids: Vec<String> = w.record_ids.iter().map(ToString::to_string).collect();
                            format!(
                                "imported ({}), {}: {}",
                                ids.join(", "),
                                w.status.as_deref().unwrap_or("").replace('_', " "),
                                w.message
                            )
                        }
                        WalletOutcome::Duplicate => "already in this portfolio".to_owned(),
                        WalletOutcome::Refused => format!("not imported: {}", w.message),
                    };
                    out!("  \u{201c}{}\u{201d} ({}): {what}", w.name, w.profile);
                }
                return Ok(());
            }
            if let Some(g) = &imported.check.clr {
                out!(
                    "\u{201c}{}\u{201d} from {} is a learner record holding {} achievements:",
                    g.name,
                    g.issuer_name,
                    g.parts.len()
                );
            }
            for r in &imported.records {
                out!("Imported \u{201c}{}\u{201d} ({}).", r.title(), r.meta().id);
            }
            output::badge_check(&imported.check);
            Ok(())
        }
        BadgeAction::Share { learner, badge, out, presentation: true } => {
            let p = app.share_badge_presentation(parse_id("learner", &learner)?, parse_id("badge", &badge)?, &out)?;
            if json {
                return output::json(&p);
            }
            out!(
                "Wrote a verifiable presentation of \u{201c}{}\u{201d} to {}, signed by the learner ({}).",
                p.name,
                out.display(),
                p.holder
            );
            Ok(())
        }
        BadgeAction::Linkedin { learner, badge } => {
            let url = app.badge_linkedin_url(parse_id("learner", &learner)?, parse_id("badge", &badge)?)?;
            if json {
                return output::json(&serde_json::json!({ "url": url }));
            }
            out!("{url}");
            Ok(())
        }
        BadgeAction::Share { learner, badge, out, presentation: false } => {
            let shared = app.share_badge(parse_id("learner", &learner)?, parse_id("badge", &badge)?, &out)?;
            if json {
                return output::json(&shared);
            }
            out!(
                "Wrote \u{201c}{}\u{201d} to {} (the original file, SHA-256 {}).",
                shared.name,
                out.display(),
                shared.sha256
            );
            if let Some(note) = &shared.note_file {
                out!("Wrote how to verify it to {note}, beside it.");
            }
            Ok(())
        }
        BadgeAction::Issue { issuer, learner, name, description, criteria, out } => {
            let request = IssueRequest {
                issuer_id: issuer,
                learner_id: parse_id("learner", &learner)?,
                name,
                description,
                criteria,
            };
            let (imported, svg) = app.issue_badge(&request)?;
            if let Some(path) = out {
                portfolio_app::files::write(&path, &svg)?;
            }
            if json {
                return output::json(&imported);
            }
            out!("Issued \u{201c}{}\u{201d} and added it to the portfolio.", request.name);
            output::badge_check(&imported.check);
            Ok(())
        }
    }
}

pub fn issuers(app: &App, json: bool) -> Result<()> {
    let list = app.issuers()?;
    if json {
        return output::json(&list);
    }
    for i in list {
        out!("{}  {}{}", i.id, i.name, if i.self_asserted { " (self-asserted)" } else { "" });
    }
    Ok(())
}

pub fn issuer(app: &App, json: bool, action: IssuerAction) -> Result<()> {
    match action {
        IssuerAction::Create { name, self_asserted } => {
            let i = app.create_issuer(&name, self_asserted)?;
            if json {
                return output::json(&i);
            }
            out!("Created issuer {} ({}).", i.name, i.id);
        }
        IssuerAction::Export { id, out, passphrase_file } => {
            let bytes = read_capped(&passphrase_file, MAX_SMALL_FILE_BYTES)?;
            let pass = String::from_utf8_lossy(&bytes).lines().next().unwrap_or("").to_string();
            portfolio_app::files::write(&out, app.export_issuer_key(&id, &pass)?.as_bytes())?;
            if !json {
                out!("Wrote the encrypted key to {}.", out.display());
            }
        }
    }
    Ok(())
}
