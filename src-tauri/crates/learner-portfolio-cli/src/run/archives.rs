//! Archives and backups: `export`, `import`, `backup`, `backups`, `restore-backup`.

use std::path::Path;

use portfolio_app::{import_mode, ApiError, App, Result};
use portfolio_archive::Scope;

use super::parse_id;
use crate::output::{self, out};

pub fn export(app: &App, json: bool, learner: Option<&str>, all: bool, out: &Path) -> Result<()> {
    let scope = match (learner, all) {
        (_, true) => Scope::All,
        (Some(l), false) => Scope::Learner(parse_id("learner", l)?),
        (None, false) => return Err(ApiError::invalid("--learner ID or --all is required.")),
    };
    let report = app.export_archive(scope, out)?;
    if !json {
        out!("Wrote {} ({} bytes).", out.display(), report.size);
    }
    Ok(())
}

pub fn import(app: &App, json: bool, file: &Path, merge: bool, copy: bool, dry_run: bool) -> Result<()> {
    // Read, checked and planned once: a refused archive costs nothing, and
    // the dry run reports exactly what the import would do.
    let planned = app.plan_archive_import(file, import_mode(merge, copy))?;
    let report = if dry_run { planned.report().clone() } else { app.import_archive(planned)? };
    if json {
        return output::json(&report);
    }
    for l in &report.learners {
        out!("{}: {:?}", l.name, l.outcome);
    }
    out!(
        "added {}, updated {}, kept {}, conflicts {}",
        report.added,
        report.updated,
        report.kept,
        report.conflicts.len()
    );
    for w in &report.warnings {
        out!("warning: {w}");
    }
    for c in &report.conflicts {
        out!(
            "conflict: {} {} (kept this computer's \u{201c}{}\u{201d}; the archive has \u{201c}{}\u{201d})",
            c.kind.as_str(),
            c.id,
            c.local_title,
            c.archive_title
        );
    }
    Ok(())
}

pub fn backup(app: &App, json: bool) -> Result<()> {
    let b = app.create_backup("manual")?;
    if json {
        return output::json(&b);
    }
    out!("Backed up to {} ({} bytes).", app.dir().backups().join(&b.name).display(), b.size);
    Ok(())
}

pub fn backups(app: &App, json: bool) -> Result<()> {
    let list = app.backups()?;
    if json {
        return output::json(&list);
    }
    for b in list {
        out!("{}  {}  {} bytes", b.name, b.reason, b.size);
    }
    Ok(())
}

pub fn restore(app: &App, json: bool, name: &str) -> Result<()> {
    let report = app.restore_backup(name)?;
    if json {
        return output::json(&report);
    }
    out!("Restored {name}: {} records.", report.added);
    Ok(())
}
