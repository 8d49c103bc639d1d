// Pure helpers of the Learning Plan section: periods, plans, sign-offs,
// exhibitions and the overview chart. Components stay thin and call these.

import type { ApiError } from "./bindings/ApiError";
import type { ExhibitionData } from "./bindings/ExhibitionData";
import type { Framework } from "./bindings/Framework";
import type { LearningGoal } from "./bindings/LearningGoal";
import type { Level } from "./bindings/Level";
import type { PeriodData } from "./bindings/PeriodData";
import type { PlanContent } from "./bindings/PlanContent";
import type { PlanData } from "./bindings/PlanData";
import type { PlanGoal } from "./bindings/PlanGoal";
import type { PlanGoalStatus } from "./bindings/PlanGoalStatus";
import type { Rubric } from "./bindings/Rubric";
import type { Score } from "./bindings/Score";
import type { ScoreSheet } from "./bindings/ScoreSheet";
import type { SignOff } from "./bindings/SignOff";
import { formatTimestamp } from "./dates";
import type { Option, RecordOf } from "./kinds";

export type PeriodRecord = RecordOf<"period">;

/** The id of Big Picture Learning's five, used when a learner names none. */
export const DEFAULT_FRAMEWORK_ID = "bpl";

/** The learner's framework: `framework_id` ("" = the default), else the default, else the first. */
export function frameworkFor(frameworks: readonly Framework[], frameworkId: string): Framework | null {
  const id = frameworkId || DEFAULT_FRAMEWORK_ID;
  return frameworks.find((f) => f.id === id) ?? frameworks.find((f) => f.id === DEFAULT_FRAMEWORK_ID) ?? frameworks[0] ?? null;
}

/** Every guiding question of the framework, in order, without duplicates. */
export function guidingQuestions(framework: Framework | null): string[] {
  if (!framework) return [];
  return [...new Set(framework.goals.flatMap((g) => g.guiding_questions))];
}

/** The learning goals with the given ids, in the framework's order. */
export function taggedGoals(framework: Framework | null, tags: readonly string[]): LearningGoal[] {
  return framework ? framework.goals.filter((g) => tags.includes(g.id)) : [];
}

// ---------------------------------------------------------------------------
// Periods

/** Newest first (by first day). */
export function sortPeriods(periods: readonly PeriodRecord[]): PeriodRecord[] {
  return [...periods].sort((a, b) => b.data.start.localeCompare(a.data.start));
}

/** The period containing `today`, else the newest; null when there are none. */
export function defaultPeriodId(periods: readonly PeriodRecord[], today: string): string | null {
  const current = periods.find((p) => p.data.start <= today && today <= p.data.end);
  if (current) return current.meta.id;
  return sortPeriods(periods)[0]?.meta.id ?? null;
}

/** Periods that start after `period` ends, oldest first (for "Start next plan"). */
export function laterPeriods(periods: readonly PeriodRecord[], period: PeriodData): PeriodRecord[] {
  return periods.filter((p) => p.data.start > period.end).sort((a, b) => a.data.start.localeCompare(b.data.start));
}

/** Client-side checks of the period form, as field errors. */
export function checkPeriod(p: PeriodData): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  if (!p.name.trim()) errors.push({ field: "name", message: "Name is required." });
  if (!p.start) errors.push({ field: "start", message: "First day is required." });
  if (!p.end) errors.push({ field: "end", message: "Last day is required." });
  if (p.start && p.end && p.end < p.start) errors.push({ field: "end", message: "The last day cannot be before the first day." });
  return errors;
}

// ---------------------------------------------------------------------------
// Plans

export const PLAN_GOAL_STATUSES: readonly Option<PlanGoalStatus>[] = [
  { value: "not_started", label: "Not started" },
  { value: "on_track", label: "On track" },
  { value: "at_risk", label: "At risk" },
  { value: "met", label: "Met" },
  { value: "changed", label: "Changed" },
];

export const SIGNER_ROLES: readonly Option[] = [
  { value: "student", label: "Student" },
  { value: "family", label: "Family" },
  { value: "advisor", label: "Advisor" },
  { value: "mentor", label: "Mentor" },
];

export function blankPlanContent(): PlanContent {
  return {
    cover: { interests: "", life_goals: "", learn_best: "", needs_supports: "", abilities: [], internship_sites: "" },
    team: [],
    goals: [],
    carried_recommendations: [],
  };
}

/** A new plan for a period: revision 1, empty, unsigned. */
export function blankPlan(periodId: string): PlanData {
  return { period_id: periodId, revision: 1, content: blankPlanContent(), signoffs: [], history: [] };
}

export function blankPlanGoal(id: string): PlanGoal {
  return {
    id,
    title: "",
    goal_tags: [],
    work: "",
    questions: "",
    resources: "",
    timeline: "",
    target_date: null,
    show_advisor: "",
    exhibition_evidence: "",
    status: "not_started",
    links: [],
    evidence: [],
  };
}

/** The content with one ability rating per framework goal (kept where present, 0 = not rated). */
export function withAbilities(content: PlanContent, framework: Framework | null): PlanContent {
  if (!framework) return content;
  const abilities = framework.goals.map(
    (g) => content.cover.abilities.find((a) => a.goal_id === g.id) ?? { goal_id: g.id, self_rating: 0, advisor_rating: 0 },
  );
  const extra = content.cover.abilities.filter((a) => !framework.goals.some((g) => g.id === a.goal_id));
  return { ...content, cover: { ...content.cover, abilities: [...abilities, ...extra] } };
}

/**
 * The plan with one more signature on the current revision. The content is
 * unchanged, so the core adds the signature without starting a revision.
 */
export function signPlan(plan: PlanData, name: string, role: string, signedAt: string): PlanData {
  const signoff: SignOff = { name: name.trim(), role, signed_at: signedAt };
  return { ...plan, signoffs: [...plan.signoffs, signoff] };
}

/** "Signed by Maya (student), Ms Lee (advisor)" or "Not signed yet". */
export function signedByText(signoffs: readonly SignOff[]): string {
  if (signoffs.length === 0) return "Not signed yet";
  return `Signed by ${signoffs.map((s) => `${s.name} (${s.role})`).join(", ")}`;
}

/** "Maya (student), Sep 1, 2026, 10:00 AM" for the history list. */
export function signoffLine(s: SignOff, locale?: string): string {
  return `${s.name} (${s.role}), ${formatTimestamp(s.signed_at, locale)}`;
}

/** Whether two plan contents differ (unsaved changes in the editor). */
export function contentDiffers(a: PlanContent, b: PlanContent): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

// ---------------------------------------------------------------------------
// Exhibitions

export const DEFAULT_LEVELS: readonly Level[] = [
  { value: 1, name: "Emerging" },
  { value: 2, name: "Developing" },
  { value: 3, name: "Proficient" },
  { value: 4, name: "Advanced" },
];

/** A rubric from the framework: one criterion per learning goal, the four default levels. */
export function defaultRubric(framework: Framework | null): Rubric {
  return {
    criteria: (framework?.goals ?? []).map((g) => ({
      id: g.id,
      name: g.name,
      description: g.guiding_questions[0] ?? g.description,
    })),
    levels: DEFAULT_LEVELS.map((l) => ({ ...l })),
  };
}

export function blankExhibition(periodId: string, framework: Framework | null, date: string): ExhibitionData {
  return {
    period_id: periodId,
    title: "",
    date,
    place: "",
    panel: [],
    agenda: [],
    items: [],
    rubric: defaultRubric(framework),
    sheets: [],
    agreed: null,
    commendations: [],
    recommendations: [],
    next_plan_suggestions: [],
  };
}

/** Panelists who have not handed in a sheet yet. */
export function unscoredPanelists(ex: ExhibitionData): ExhibitionData["panel"] {
  return ex.panel.filter((p) => !ex.sheets.some((s) => s.panelist_id === p.id));
}

/** "2 of 3 panelists have scored". */
export function scoringProgress(ex: ExhibitionData): string {
  const done = ex.panel.length - unscoredPanelists(ex).length;
  return `${done} of ${ex.panel.length} ${ex.panel.length === 1 ? "panelist has" : "panelists have"} scored`;
}

/** True once every panel member has handed in (and there is a panel). */
export function allPanelistsScored(ex: ExhibitionData): boolean {
  return ex.panel.length > 0 && unscoredPanelists(ex).length === 0;
}

/** Criteria of the rubric that have no score in `chosen`. */
export function missingScores(rubric: Rubric, chosen: Readonly<Record<string, number>>): string[] {
  return rubric.criteria.filter((c) => !(c.id in chosen)).map((c) => c.id);
}

/** The chosen levels as scores, in rubric order. */
export function chosenScores(rubric: Rubric, chosen: Readonly<Record<string, number>>): Score[] {
  return rubric.criteria.filter((c) => c.id in chosen).map((c) => ({ criterion_id: c.id, value: chosen[c.id] as number }));
}

/** A score sheet from the chosen levels (rubric order). */
export function buildSheet(
  rubric: Rubric,
  panelistId: string,
  chosen: Readonly<Record<string, number>>,
  comment: string,
  submittedAt: string,
): ScoreSheet {
  return { panelist_id: panelistId, scores: chosenScores(rubric, chosen), comment: comment.trim(), submitted_at: submittedAt };
}

/** "Choose a level for: …" when a criterion has no level yet ("" when every one has). */
export function missingSentence(rubric: Rubric, chosen: Readonly<Record<string, number>>): string {
  const missing = missingScores(rubric, chosen);
  if (!missing.length) return "";
  const names = rubric.criteria.filter((c) => missing.includes(c.id)).map((c) => c.name);
  return `Choose a level for: ${names.join(", ")}.`;
}

/** Text with one item per line → the items (trimmed, empty lines dropped). */
export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

// ---------------------------------------------------------------------------
// Overview chart

/**
 * Bar lengths for `values` so that the largest fills `max` (0 stays 0; any
 * positive value gets at least `min` so that it stays visible).
 */
export function scaleBars(values: readonly number[], max: number, min = 2): number[] {
  const top = Math.max(0, ...values);
  if (top <= 0) return values.map(() => 0);
  return values.map((v) => (v <= 0 ? 0 : Math.max(min, (v / top) * max)));
}

// ---------------------------------------------------------------------------
// Rubric editor

/** Client-side checks of a rubric, as field errors ("criteria", "criteria[1].name", "levels", "levels[0].name"). */
export function checkRubric(r: Rubric): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  if (r.criteria.length === 0) errors.push({ field: "criteria", message: "Add at least one criterion." });
  r.criteria.forEach((c, i) => {
    if (!c.name.trim()) errors.push({ field: `criteria[${i}].name`, message: `Criterion ${i + 1} needs a name.` });
  });
  if (r.levels.length === 0) errors.push({ field: "levels", message: "Add at least one level." });
  r.levels.forEach((l, i) => {
    if (!l.name.trim()) errors.push({ field: `levels[${i}].name`, message: `Level ${i + 1} needs a name.` });
  });
  return errors;
}

/**
 * Where the core's refusal of a new exhibition shows: on the rubric editor (by field relative to the
 * rubric, "" = above it) when it is about the rubric, the other field messages above the buttons;
 * null when it is not about the rubric.
 */
export function rubricErrorsOf(e: ApiError): { rubric: Record<string, string>; rest: string } | null {
  const onRubric = e.fields.filter((f) => /^(data\.)?rubric\b/.test(f.field));
  if (!onRubric.length && !/rubric|criteri|level/i.test(e.message)) return null;
  const rubric: Record<string, string> = {};
  for (const f of onRubric) {
    const key = f.field.replace(/^(data\.)?rubric\.?/, "");
    rubric[key] = rubric[key] ? `${rubric[key]} ${f.message}` : f.message;
  }
  if (!onRubric.length) rubric[""] = e.message;
  const rest = e.fields.filter((f) => !onRubric.includes(f));
  return { rubric, rest: rest.map((f) => f.message).join(" ") };
}

/** The levels numbered 1..n in their order. */
export function renumberLevels(levels: readonly Level[]): Level[] {
  return levels.map((l, i) => ({ ...l, value: i + 1 }));
}

/** A criterion id not used in the rubric yet ("criterion_3"). */
export function newCriterionId(r: Rubric): string {
  const taken = new Set(r.criteria.map((c) => c.id));
  for (let n = r.criteria.length + 1; ; n++) {
    const id = `criterion_${n}`;
    if (!taken.has(id)) return id;
  }
}

/** The rubric as saved: names trimmed, levels numbered 1..n. */
export function cleanRubric(r: Rubric): Rubric {
  return {
    criteria: r.criteria.map((c) => ({ ...c, name: c.name.trim(), description: c.description.trim() })),
    levels: renumberLevels(r.levels.map((l) => ({ ...l, name: l.name.trim() }))),
  };
}
