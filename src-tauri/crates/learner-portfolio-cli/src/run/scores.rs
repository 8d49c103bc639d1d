//! `score exhibition` (a panelist's sheet from their own device) and
//! `scores` (every sheet of an exhibition with the criterion summary).

use portfolio_app::{ApiError, App, Result};
use portfolio_domain::Score;

use super::parse_id;
use super::team::with_stop;
use crate::output::{self, out};

/// `CRIT=LEVEL,…` as scores (level numbers; the rubric checks the rest).
fn parse_scores(text: &str) -> Result<Vec<Score>> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let parsed = part.split_once('=').and_then(|(c, v)| {
            let c = c.trim();
            (!c.is_empty()).then_some(())?;
            Some(Score { criterion_id: c.to_string(), value: v.trim().parse().ok()? })
        });
        out.push(parsed.ok_or_else(|| {
            ApiError::invalid(format!(
                "\u{201c}{}\u{201d} is not a score: write CRITERION=LEVEL with the level's number, e.g. communication=3.",
                output::escape(part)
            ))
        })?);
    }
    Ok(out)
}

pub fn score(
    app: &App,
    json: bool,
    what: &str,
    learner: &str,
    exhibition: &str,
    scores: &str,
    comment: &str,
) -> Result<()> {
    if what != "exhibition" {
        return Err(ApiError::invalid(format!(
            "Only exhibitions are scored: use `exhibition`, not \u{201c}{}\u{201d}.",
            output::escape(what)
        )));
    }
    let (learner, exhibition, scores) =
        (parse_id("learner", learner)?, parse_id("exhibition", exhibition)?, parse_scores(scores)?);
    let sheet = with_stop(app, || app.score_exhibition(learner, exhibition, scores, comment))?;
    if json {
        return output::json(&sheet);
    }
    out!(
        "Score sheet for exhibition {} saved as {} ({} scores); it goes to the team at the next sync.",
        sheet.exhibition_id,
        sheet.author_name,
        sheet.scores.len()
    );
    Ok(())
}

pub fn scores(app: &App, json: bool, learner: &str, exhibition: &str) -> Result<()> {
    let (learner, exhibition) = (parse_id("learner", learner)?, parse_id("exhibition", exhibition)?);
    let s = with_stop(app, || app.exhibition_scores(learner, exhibition))?;
    if json {
        return output::json(&s);
    }
    let from_devices = s.sheets.iter().filter(|v| v.device.is_some()).count();
    out!(
        "Exhibition {}: {} score sheets ({} from team members' devices).",
        s.exhibition_id,
        s.sheets.len(),
        from_devices
    );
    for v in &s.sheets {
        let from = match &v.device {
            Some(d) if v.mine => format!("this device, {d}"),
            Some(d) => d.clone(),
            None => "the student's device, in the record".into(),
        };
        let role = if v.role.is_empty() { String::new() } else { format!("{}, ", v.role) };
        let scores: Vec<String> = v.scores.iter().map(|sc| format!("{}={}", sc.criterion_id, sc.value)).collect();
        out!("{} ({role}from {from}): {}", v.name, scores.join(", "));
        if !v.comment.is_empty() {
            out!("    {}", v.comment);
        }
    }
    for c in &s.summary {
        let wide = if c.wide { " · panel differs" } else { "" };
        out!("{}: mean {:.1}, {}–{}, {} sheets{wide}", c.criterion_id, c.mean, c.min, c.max, c.count);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_criterion_equals_level_number() {
        let got = parse_scores(" communication=3, empirical_reasoning = 4 ,").unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!((got[1].criterion_id.as_str(), got[1].value), ("empirical_reasoning", 4));
        for bad in ["communication", "=3", "communication=three", "communication=300"] {
            let e = parse_scores(bad).unwrap_err();
            assert!(e.message.contains("is not a score"), "{bad}: {e}");
        }
    }
}
