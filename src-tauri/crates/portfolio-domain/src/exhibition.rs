//! Exhibitions: a public presentation of learning, scored by a panel on a rubric.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::framework::Framework;
use crate::plan::RecordRef;
use crate::record::Id;
use crate::validate::{search_text, Checker, Validate, ValidationErrors};

/// A panel member (the student may be one: self-assessment).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Panelist {
    /// Stable id within the exhibition.
    pub id: String,
    /// Name.
    pub name: String,
    /// Role (advisor, mentor, family, student, community member).
    pub role: String,
}

/// One piece of evidence to present, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExhibitionItem {
    /// What is presented.
    pub item: RecordRef,
    /// The learner's notes for it.
    #[serde(default)]
    pub notes: String,
    /// Photos, files and links attached to this item (e.g. the poster as shown).
    #[serde(default)]
    pub evidence: Vec<crate::Evidence>,
}

/// A rubric criterion.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Criterion {
    /// Stable id within the rubric.
    pub id: String,
    /// Name ("Empirical Reasoning").
    pub name: String,
    /// What the panel looks for.
    pub description: String,
}

/// A rubric level.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Level {
    /// Score (higher is better).
    pub value: u8,
    /// Name ("Proficient").
    pub name: String,
}

/// Criteria × levels.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Rubric {
    /// Criteria, in order.
    pub criteria: Vec<Criterion>,
    /// Levels, lowest first.
    pub levels: Vec<Level>,
}

impl Rubric {
    /// The default rubric: one criterion per learning goal of the framework,
    /// four levels.
    pub fn from_framework(f: &Framework) -> Rubric {
        Rubric {
            criteria: f
                .goals
                .iter()
                .map(|g| Criterion {
                    id: g.id.clone(),
                    name: g.name.clone(),
                    description: g.guiding_questions.first().cloned().unwrap_or_else(|| g.description.clone()),
                })
                .collect(),
            levels: ["Emerging", "Developing", "Proficient", "Advanced"]
                .iter()
                .enumerate()
                .map(|(i, n)| Level { value: i as u8 + 1, name: (*n).into() })
                .collect(),
        }
    }
}

impl Rubric {
    fn check_scores(&self, c: &mut Checker, field: &str, scores: &[Score]) {
        for sc in scores {
            if !self.criteria.iter().any(|cr| cr.id == sc.criterion_id) {
                c.fail(field, format!("A score is for an unknown criterion ({}).", sc.criterion_id));
            } else if !self.levels.iter().any(|l| l.value == sc.value) {
                c.fail(field, format!("Score {} is not one of the rubric's levels.", sc.value));
            }
        }
    }

    /// Checks a score sheet handed in from a panelist's own device against
    /// this rubric: the same rules as a sheet in the record (known
    /// criteria, the rubric's levels, the comment's length), plus at least
    /// one score and at most one per criterion.
    pub fn check_sheet(&self, scores: &[Score], comment: &str) -> Result<(), ValidationErrors> {
        let mut c = Checker::new();
        if scores.is_empty() {
            c.fail("scores", "A score sheet needs at least one score.");
        }
        let mut seen = std::collections::HashSet::new();
        for sc in scores {
            if !seen.insert(sc.criterion_id.as_str()) {
                c.fail("scores", format!("Two scores for one criterion ({}).", sc.criterion_id));
            }
        }
        self.check_scores(&mut c, "scores", scores);
        c.long("comment", "Comment", comment);
        c.finish()
    }
}

/// One criterion's score on one sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Score {
    /// Criterion id.
    pub criterion_id: String,
    /// Level value.
    pub value: u8,
}

/// A panelist's score sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScoreSheet {
    /// Whose sheet.
    pub panelist_id: String,
    /// Scores.
    #[serde(default)]
    pub scores: Vec<Score>,
    /// Comment.
    #[serde(default)]
    pub comment: String,
    /// When it was handed in.
    pub submitted_at: DateTime<Utc>,
}

/// The agreed overall result.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct AgreedResult {
    /// Overall level value.
    pub value: u8,
    /// Notes on the decision.
    pub note: String,
}

/// An exhibition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExhibitionData {
    /// The marking period.
    pub period_id: Id,
    /// Title.
    pub title: String,
    /// When.
    pub date: NaiveDate,
    /// Where.
    #[serde(default)]
    pub place: String,
    /// The panel.
    #[serde(default)]
    pub panel: Vec<Panelist>,
    /// Agenda, one line per item.
    #[serde(default)]
    pub agenda: Vec<String>,
    /// Evidence to present, in order.
    #[serde(default)]
    pub items: Vec<ExhibitionItem>,
    /// The rubric.
    #[serde(default)]
    pub rubric: Rubric,
    /// Handed-in score sheets (one per panelist at most).
    #[serde(default)]
    pub sheets: Vec<ScoreSheet>,
    /// The agreed overall result.
    #[serde(default)]
    pub agreed: Option<AgreedResult>,
    /// Commendations.
    #[serde(default)]
    pub commendations: Vec<String>,
    /// Recommendations.
    #[serde(default)]
    pub recommendations: Vec<String>,
    /// Suggestions for the next plan.
    #[serde(default)]
    pub next_plan_suggestions: Vec<String>,
}

impl ExhibitionData {
    pub(crate) fn list_date(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
    pub(crate) fn text(&self) -> String {
        let mut t = search_text([self.title.as_str(), &self.place]);
        t.push_str(&search_text(self.panel.iter().map(|p| p.name.as_str())));
        t
    }
}

impl Validate for ExhibitionData {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = Checker::new();
        c.required("title", "Title", &self.title);
        c.date("date", "Date", self.date);
        c.short("place", "Place", &self.place);
        c.count("panel", "Panel", self.panel.len());
        let mut ids = std::collections::HashSet::new();
        for (i, p) in self.panel.iter().enumerate() {
            c.required(&format!("panel[{i}].name"), &format!("Panelist {}'s name", i + 1), &p.name);
            if p.id.trim().is_empty() || !ids.insert(p.id.as_str()) {
                c.fail(format!("panel[{i}].id"), format!("Panelist {} needs their own id.", i + 1));
            }
        }
        c.short_list("agenda", "Agenda", &self.agenda);
        c.count("items", "Evidence", self.items.len());
        for (i, it) in self.items.iter().enumerate() {
            crate::evidence::check_at(&mut c, &format!("items[{i}].evidence"), &it.evidence);
        }
        let r = &self.rubric;
        if r.criteria.is_empty() {
            c.fail("rubric.criteria", "The rubric needs at least one criterion.");
        }
        if r.levels.is_empty() {
            c.fail("rubric.levels", "The rubric needs at least one level.");
        }
        for (i, cr) in r.criteria.iter().enumerate() {
            c.required(&format!("rubric.criteria[{i}].name"), &format!("Criterion {}", i + 1), &cr.name);
        }
        for (i, l) in r.levels.iter().enumerate() {
            c.required(&format!("rubric.levels[{i}].name"), &format!("Level {}", i + 1), &l.name);
        }
        let values: Vec<u8> = r.levels.iter().map(|l| l.value).collect();
        let mut seen_sheets = std::collections::HashSet::new();
        for (i, s) in self.sheets.iter().enumerate() {
            if !self.panel.iter().any(|p| p.id == s.panelist_id) {
                c.fail(format!("sheets[{i}]"), "A score sheet belongs to someone who is not on the panel.");
            }
            if !seen_sheets.insert(s.panelist_id.as_str()) {
                c.fail(format!("sheets[{i}]"), "A panelist handed in two score sheets.");
            }
            r.check_scores(&mut c, &format!("sheets[{i}]"), &s.scores);
            c.long(&format!("sheets[{i}].comment"), "Comment", &s.comment);
        }
        if let Some(a) = &self.agreed {
            if !values.contains(&a.value) {
                c.fail("agreed.value", "The agreed result must be one of the rubric's levels.");
            }
        }
        c.short_list("commendations", "Commendations", &self.commendations);
        c.short_list("recommendations", "Recommendations", &self.recommendations);
        c.short_list("next_plan_suggestions", "Suggestions for the next plan", &self.next_plan_suggestions);
        c.finish()
    }
}

/// How the panel scored one criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CriterionSummary {
    /// Criterion id.
    pub criterion_id: String,
    /// How many sheets scored it.
    pub count: u32,
    /// Mean score.
    pub mean: f64,
    /// Lowest score.
    pub min: u8,
    /// Highest score.
    pub max: u8,
    /// True when scores differ by two levels or more.
    pub wide: bool,
}

/// Per-criterion aggregation of the handed-in sheets.
pub fn summarize(ex: &ExhibitionData) -> Vec<CriterionSummary> {
    ex.rubric
        .criteria
        .iter()
        .map(|cr| {
            let vals: Vec<u8> = ex
                .sheets
                .iter()
                .flat_map(|s| s.scores.iter())
                .filter(|s| s.criterion_id == cr.id)
                .map(|s| s.value)
                .collect();
            let min = vals.iter().copied().min().unwrap_or(0);
            let max = vals.iter().copied().max().unwrap_or(0);
            let mean =
                if vals.is_empty() { 0.0 } else { vals.iter().map(|&v| f64::from(v)).sum::<f64>() / vals.len() as f64 };
            CriterionSummary {
                criterion_id: cr.id.clone(),
                count: vals.len() as u32,
                mean,
                min,
                max,
                wide: max.saturating_sub(min) >= 2,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::builtin_frameworks;

    fn sheet(panelist: &str, values: &[u8]) -> ScoreSheet {
        let ids = [
            "empirical_reasoning",
            "quantitative_reasoning",
            "communication",
            "social_reasoning",
            "personal_qualities",
        ];
        ScoreSheet {
            panelist_id: panelist.into(),
            scores: ids.iter().zip(values).map(|(c, v)| Score { criterion_id: (*c).into(), value: *v }).collect(),
            comment: String::new(),
            submitted_at: Utc::now(),
        }
    }

    fn exhibition() -> ExhibitionData {
        ExhibitionData {
            period_id: Id::now_v7(),
            title: "Quarter 2 exhibition".into(),
            date: NaiveDate::from_ymd_opt(2026, 1, 20).unwrap(),
            place: "Library".into(),
            panel: ["student", "advisor", "mentor"]
                .iter()
                .map(|r| Panelist { id: (*r).into(), name: format!("The {r}"), role: (*r).into() })
                .collect(),
            agenda: vec![],
            items: vec![],
            rubric: Rubric::from_framework(&builtin_frameworks()[0]),
            sheets: vec![],
            agreed: None,
            commendations: vec![],
            recommendations: vec![],
            next_plan_suggestions: vec![],
        }
    }

    #[test]
    fn aggregation_flags_wide_disagreement() {
        let mut ex = exhibition();
        ex.sheets = vec![
            sheet("student", &[4, 3, 3, 2, 4]),
            sheet("advisor", &[2, 3, 3, 2, 3]),
            sheet("mentor", &[3, 3, 4, 2, 3]),
        ];
        assert_eq!(ex.validate(), Ok(()));
        let s = summarize(&ex);
        assert_eq!(s.len(), 5);
        assert_eq!((s[0].min, s[0].max, s[0].wide, s[0].count), (2, 4, true, 3));
        assert!((s[0].mean - 3.0).abs() < 1e-9);
        assert!(!s[2].wide);
        assert!((s[2].mean - 10.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn rubric_rules_and_out_of_range_scores() {
        let mut ex = exhibition();
        ex.sheets = vec![sheet("advisor", &[5, 3, 3, 3, 3])];
        assert_eq!(ex.validate().unwrap_err().to_string(), "Score 5 is not one of the rubric's levels.");
        let mut ex = exhibition();
        ex.rubric.levels.clear();
        assert_eq!(ex.validate().unwrap_err().0[0].field, "rubric.levels");
        let r = &exhibition().rubric;
        assert_eq!(r.check_sheet(&sheet("a", &[4, 1]).scores, "Bien 👍"), Ok(()));
        assert_eq!(r.check_sheet(&[], "").unwrap_err().to_string(), "A score sheet needs at least one score.");
        let twice = [sheet("a", &[2]).scores, sheet("a", &[3]).scores].concat();
        assert!(r.check_sheet(&twice, "").unwrap_err().to_string().starts_with("Two scores for one criterion"));
        let odd = vec![Score { criterion_id: "juggling".into(), value: 1 }];
        assert_eq!(r.check_sheet(&odd, "").unwrap_err().to_string(), "A score is for an unknown criterion (juggling).");
        assert!(r.check_sheet(&sheet("a", &[9]).scores, "").is_err());
        let mut ex = exhibition();
        ex.sheets = vec![sheet("stranger", &[1, 1, 1, 1, 1])];
        assert!(ex
            .validate()
            .unwrap_err()
            .to_string()
            .starts_with("A score sheet belongs to someone who is not on the panel."));
    }
}
