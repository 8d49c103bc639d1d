//! Learners and records: `demo`, `learners`, `list`, `add`, `export-json`, `check`.

use std::path::Path;

use portfolio_app::files::{read_capped, read_capped_from, MAX_JSON_BYTES};
use portfolio_app::{ApiError, App, Result};
use portfolio_domain::{AnyRecord, LearnerProfile, RecordData};
use serde_json::Value;

use super::{parse_author, parse_id, parse_kind};
use crate::output::{self, out};

pub fn demo(app: &App, json: bool) -> Result<()> {
    let learner = app.create_demo(chrono::Local::now().date_naive())?;
    if json {
        return output::json(&learner);
    }
    let c = app.record_counts(learner.id)?;
    out!(
        "Created demo learner {} ({}): {} experiences, {} reflections, {} goals, {} badges.",
        learner.profile.name,
        learner.id,
        c.experience,
        c.reflection,
        c.goal,
        c.badge
    );
    Ok(())
}

pub fn learners(app: &App, json: bool) -> Result<()> {
    let learners = app.learners()?;
    if json {
        output::json(&learners)?;
    } else if learners.is_empty() {
        out!("No learners yet. Create one in the app, or run `learner-portfolio-cli demo`.");
    } else {
        for l in learners {
            out!("{}  {}", l.id, l.profile.name);
        }
    }
    Ok(())
}

fn print_record_line(r: &AnyRecord) {
    out!("{}  {}  {}", r.list_date(), r.meta().id, r.title());
}

pub fn list(app: &App, json: bool, kind: &str, learner: &str, filter: &str) -> Result<()> {
    let kind = parse_kind(kind)?;
    let records = app.list_records(parse_id("learner", learner)?, kind, filter)?;
    if json {
        return output::json(&records);
    }
    records.iter().for_each(print_record_line);
    Ok(())
}

/// The JSON in `path` ("-": standard input), read up to the cap.
fn read_json(path: &Path) -> Result<Value> {
    let bytes = if path.as_os_str() == "-" {
        read_capped_from(std::io::stdin().lock(), MAX_JSON_BYTES, || {
            ApiError::invalid("Standard input holds more than 256 MB of JSON, so it was not read.")
        })?
    } else {
        read_capped(path, MAX_JSON_BYTES)?
    };
    serde_json::from_slice(&bytes).map_err(|e| ApiError::invalid(format!("{} is not valid JSON: {e}", path.display())))
}

fn one_or_many(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items,
        other => vec![other],
    }
}

pub fn add(app: &App, json: bool, kind: &str, learner: Option<&str>, file: &Path, author: &str) -> Result<()> {
    let author = parse_author(author)?;
    let items = one_or_many(read_json(file)?);
    let item = |i: usize, e: serde_json::Error| ApiError::invalid(format!("Item {}: {e}", i + 1));
    if kind == "learner" || kind == "learners" {
        let profiles = items
            .into_iter()
            .enumerate()
            .map(|(i, v)| serde_json::from_value::<LearnerProfile>(v).map_err(|e| item(i, e)))
            .collect::<Result<Vec<_>>>()?;
        let created = app.add_learners(profiles)?;
        if json {
            return output::json(&created);
        }
        for l in &created {
            out!("Added learner {}  {}", l.id, l.profile.name);
        }
        return Ok(());
    }
    let kind = parse_kind(kind)?;
    let learner =
        parse_id("learner", learner.ok_or_else(|| ApiError::invalid("--learner ID is required to add records."))?)?;
    let data = items
        .into_iter()
        .enumerate()
        .map(|(i, v)| RecordData::from_json(kind, v).map_err(|e| item(i, e)))
        .collect::<Result<Vec<_>>>()?;
    let created = app.add_records(learner, author, data)?;
    if json {
        return output::json(&created);
    }
    out!("Added {} {}.", created.len(), if created.len() == 1 { kind.as_str() } else { kind.plural() });
    Ok(())
}

pub fn export_json(app: &App, learner: &str, out: Option<&Path>) -> Result<()> {
    let export = app.export_learner(parse_id("learner", learner)?)?;
    let text = serde_json::to_string_pretty(&export).map_err(|e| ApiError::internal(e.to_string()))?;
    match out {
        Some(path) => portfolio_app::files::write(path, (text + "\n").as_bytes()),
        None => {
            output::raw(&text);
            Ok(())
        }
    }
}

pub fn check(app: &App, json: bool) -> Result<()> {
    let (report, rebuilt) = app.check()?;
    if let (Some(n), false) = (rebuilt, json) {
        out!("Rebuilt the indexes from the records ({n} entries).");
    }
    if json {
        output::json(&report)?;
    } else if report.problems.is_empty() {
        out!("All {} records and their indexes are consistent.", report.records);
    } else {
        for p in &report.problems {
            out!("{p}");
        }
    }
    if !report.problems.is_empty() {
        return Err(portfolio_app::problems_found(report.problems.len()));
    }
    Ok(())
}
