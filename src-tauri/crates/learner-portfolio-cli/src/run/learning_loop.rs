//! The learning-plan loop: `frameworks`, `framework import|export`, `overview`, `next-plan`.

use portfolio_app::{App, Result};
use serde_json::{json, Value};

use super::parse_id;
use crate::args::FrameworkAction;
use crate::output::{self, out};

pub fn frameworks(app: &App, json: bool) -> Result<()> {
    let frameworks = app.frameworks()?;
    if json {
        let v: Vec<Value> = frameworks
            .iter()
            .map(|f| {
                json!({
                    "id": f.id, "name": f.name, "builtin": f.builtin,
                    "goals": f.goals.iter().map(|g| json!({"id": g.id, "name": g.name, "guiding_questions": g.guiding_questions})).collect::<Vec<_>>(),
                })
            })
            .collect();
        return output::json(&v);
    }
    for f in frameworks {
        let names: Vec<&str> = f.goals.iter().map(|g| g.name.as_str()).collect();
        out!("{}  {} ({})", f.id, f.name, names.join(", "));
    }
    Ok(())
}

pub fn framework(app: &App, json: bool, action: FrameworkAction) -> Result<()> {
    match action {
        FrameworkAction::Import { file } => {
            let f = app.import_matrix_file(&file)?;
            if json {
                return output::json(&f);
            }
            out!("Imported framework {} \u{201c}{}\u{201d} with {} learning goals.", f.id, f.name, f.goals.len());
        }
        FrameworkAction::Export { id, out } => {
            portfolio_app::files::write(&out, (app.export_matrix(&id)? + "\n").as_bytes())?;
            if !json {
                out!("Wrote {}.", out.display());
            }
        }
    }
    Ok(())
}

pub fn overview(app: &App, json: bool, learner: &str, period: &str) -> Result<()> {
    let o = app.period_overview(parse_id("learner", learner)?, parse_id("period", period)?)?;
    if json {
        return output::json(&o);
    }
    for g in &o.goals {
        out!(
            "{:<28} evidence {:>3}  hours {:>6.1}  plan goals on track {}/{}",
            g.name,
            g.evidence,
            g.hours,
            g.plan_goals_on_track,
            g.plan_goals
        );
    }
    for m in &o.missing {
        out!("missing: {m}");
    }
    Ok(())
}

pub fn next_plan(app: &App, json: bool, exhibition: &str, period: &str) -> Result<()> {
    let plan = app.start_next_plan(parse_id("exhibition", exhibition)?, parse_id("period", period)?)?;
    if json {
        return output::json(&plan);
    }
    out!("Started Learning Plan {}.", plan.meta().id);
    Ok(())
}
