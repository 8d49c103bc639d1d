//! Helpers for writing the Leap2A feed: elements, links, dates and entry
//! heads, with text made safe for XML 1.0.

use chrono::{DateTime, NaiveDate, Utc};
use portfolio_domain::Id;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::{InterchangeError, Result};

pub(super) fn io_err(e: impl std::fmt::Display) -> InterchangeError {
    InterchangeError::Write(e.to_string())
}

pub(super) struct Feed {
    pub(super) w: Writer<Vec<u8>>,
}

impl Feed {
    pub(super) fn start(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        let mut s = BytesStart::new(name);
        for a in attrs {
            s.push_attribute(*a);
        }
        self.w.write_event(Event::Start(s)).map_err(io_err)
    }
    pub(super) fn end(&mut self, name: &str) -> Result<()> {
        self.w.write_event(Event::End(BytesEnd::new(name))).map_err(io_err)
    }
    pub(super) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        let mut s = BytesStart::new(name);
        for a in attrs {
            s.push_attribute(*a);
        }
        self.w.write_event(Event::Empty(s)).map_err(io_err)
    }
    pub(super) fn text_el(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> Result<()> {
        self.start(name, attrs)?;
        self.w.write_event(Event::Text(BytesText::new(&clean_xml_text(text)))).map_err(io_err)?;
        self.end(name)
    }
    pub(super) fn link(&mut self, rel: &str, href: &str) -> Result<()> {
        self.empty("link", &[("rel", rel), ("href", href)])
    }
    pub(super) fn rdf_type(&mut self, t: &str) -> Result<()> {
        self.empty("rdf:type", &[("rdf:resource", t)])
    }
    pub(super) fn mahara_type(&mut self, plugin: &str, t: &str) -> Result<()> {
        self.empty("mahara:artefactplugin", &[("mahara:plugin", plugin), ("mahara:type", t)])
    }
    pub(super) fn date(&mut self, point: &str, d: NaiveDate) -> Result<()> {
        self.text_el("leap2:date", &[("leap2:point", point)], &d.format("%Y-%m-%d").to_string())
    }
    pub(super) fn head(
        &mut self,
        id: &str,
        title: &str,
        updated: DateTime<Utc>,
        published: Option<DateTime<Utc>>,
    ) -> Result<()> {
        self.start("entry", &[])?;
        self.text_el("title", &[], title)?;
        self.text_el("id", &[], id)?;
        self.text_el("updated", &[], &rfc3339(updated))?;
        if let Some(p) = published {
            self.text_el("published", &[], &rfc3339(p))?;
        }
        Ok(())
    }
}

/// XML 1.0 cannot carry most control characters, even escaped: drop them.
pub(super) fn clean_xml_text(s: &str) -> String {
    s.chars().filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')).collect()
}

pub(super) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub(super) fn noon(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(12, 0, 0).map(|t| t.and_utc()).unwrap_or_default()
}

pub(super) fn entry_id(id: Id) -> String {
    format!("portfolio:{id}")
}
