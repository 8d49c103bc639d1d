//! Print documents: the Learning Plan, the exhibition packet and the
//! progress summary as PDF.

use std::path::Path;

use chrono::Utc;
use portfolio_documents::{RenderReport, RenderRequest};

use crate::{App, Result};

impl App {
    /// Renders a document: the PDF's bytes and what went into it.
    pub fn render(&self, request: &RenderRequest) -> Result<(Vec<u8>, RenderReport)> {
        Ok(portfolio_documents::render(self.store(), Some(self.media()), request, Utc::now())?)
    }

    /// Renders a document into the file `path`.
    pub fn render_to_file(&self, request: &RenderRequest, path: &Path) -> Result<RenderReport> {
        let (bytes, report) = self.render(request)?;
        crate::files::write(path, &bytes)?;
        Ok(report)
    }
}
