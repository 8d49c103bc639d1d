//! Documents and interchange: `render`, `export-leap2a`, `import-leap2a`, `export-resume`.

use std::path::Path;

use portfolio_app::{ApiError, App, Result};
use portfolio_documents::{DocumentKind, Paper, RenderRequest};

use super::parse_id;
use crate::output::{self, out};

/// `render`'s arguments as typed.
pub struct RenderArgs {
    pub document: String,
    pub learner: String,
    pub period: Option<String>,
    pub exhibition: Option<String>,
    pub paper: Option<String>,
    pub include_others: bool,
}

/// The paper asked for, else the usual one for the locale in LC_ALL / LC_PAPER / LANG.
pub fn paper(asked: Option<&str>) -> Paper {
    asked.and_then(Paper::parse).unwrap_or_else(|| {
        let locale =
            ["LC_ALL", "LC_PAPER", "LANG"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
        Paper::for_locale(locale.as_deref().unwrap_or(""))
    })
}

pub fn render(app: &App, json: bool, a: &RenderArgs, out: &Path) -> Result<()> {
    let request = RenderRequest {
        kind: DocumentKind::parse(&a.document).ok_or_else(|| {
            ApiError::invalid(format!("Unknown document {}: use plan, exhibition or summary.", a.document))
        })?,
        learner_id: parse_id("learner", &a.learner)?,
        period_id: a.period.as_deref().map(|p| parse_id("period", p)).transpose()?,
        exhibition_id: a.exhibition.as_deref().map(|p| parse_id("exhibition", p)).transpose()?,
        paper: paper(a.paper.as_deref()),
        include_photos_of_others: a.include_others,
    };
    let report = app.render_to_file(&request, out)?;
    if json {
        return output::json(&report);
    }
    out!("Wrote {} ({} pages, {} photos, {} bytes).", out.display(), report.pages, report.photos, report.bytes);
    for l in &report.left_out {
        out!("Note: {l}");
    }
    if !report.missing_characters.is_empty() {
        out!(
            "Note: the fonts cannot show these characters (printed as empty boxes): {}",
            report.missing_characters.join(" ")
        );
    }
    Ok(())
}

pub fn export_leap2a(app: &App, json: bool, learner: &str, out: &Path) -> Result<()> {
    let summary = app.export_leap2a(parse_id("learner", learner)?, out)?;
    if json {
        return output::json(&summary);
    }
    out!("Wrote {}.", out.display());
    Ok(())
}

pub fn import_leap2a(app: &App, json: bool, file: &Path) -> Result<()> {
    let report = app.import_leap2a_file(file)?;
    if json {
        return output::json(&report);
    }
    for sentence in report.sentences() {
        out!("{sentence}");
    }
    Ok(())
}

pub fn export_resume(app: &App, json: bool, learner: &str, out: &Path) -> Result<()> {
    app.export_resume(parse_id("learner", learner)?, out)?;
    if !json {
        out!("Wrote {}.", out.display());
    }
    Ok(())
}
