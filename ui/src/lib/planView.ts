// The read view of a signed Learning Plan: which sections it shows (filled-in
// text only), who may still sign, and what editing it means.

import type { PlanContent } from "./bindings/PlanContent";
import type { PlanData } from "./bindings/PlanData";
import type { PlanGoal } from "./bindings/PlanGoal";
import type { SignOff } from "./bindings/SignOff";

/** The cover sheet's text fields, in the order the plan document shows them. */
export const COVER_FIELDS: readonly { key: "interests" | "life_goals" | "learn_best" | "needs_supports" | "internship_sites"; label: string }[] = [
  { key: "interests", label: "Interests and passions" },
  { key: "life_goals", label: "Life goals and learning priorities" },
  { key: "learn_best", label: "How I learn best" },
  { key: "needs_supports", label: "Needs and supports" },
  { key: "internship_sites", label: "Possible internship sites" },
];

/** A plan goal's text fields, with the editor's labels. */
export const GOAL_FIELDS: readonly { key: "work" | "questions" | "resources" | "timeline" | "show_advisor" | "exhibition_evidence"; label: string }[] = [
  { key: "work", label: "What the work is" },
  { key: "questions", label: "Guiding questions it answers, and how" },
  { key: "resources", label: "Resources and people" },
  { key: "timeline", label: "Timeline" },
  { key: "show_advisor", label: "What I will show my advisor" },
  { key: "exhibition_evidence", label: "Evidence for my exhibition" },
];

/** A label and its text, for a definition list. */
export interface Filled {
  label: string;
  text: string;
}

/** The cover sheet's fields that have text (the read view leaves out empty ones). */
export function filledCover(content: PlanContent): Filled[] {
  return COVER_FIELDS.map((f) => ({ label: f.label, text: content.cover[f.key].trim() })).filter((f) => f.text);
}

/** A plan goal's fields that have text. */
export function filledGoal(goal: PlanGoal): Filled[] {
  return GOAL_FIELDS.map((f) => ({ label: f.label, text: goal[f.key].trim() })).filter((f) => f.text);
}

/** Whether the plan opens in the read view: once its current revision has a signature. */
export function opensReadOnly(plan: Pick<PlanData, "signoffs">): boolean {
  return plan.signoffs.length > 0;
}

/** The signature already on this revision by `name` (trimmed, case and accents folded), if any. */
export function signatureBy(signoffs: readonly SignOff[], name: string): SignOff | undefined {
  const fold = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").trim().toLocaleLowerCase();
  const n = fold(name);
  if (!n) return undefined;
  return signoffs.find((s) => fold(s.name) === n);
}

/** The Edit button's words: editing a signed revision starts the next one. */
export function editLabel(plan: Pick<PlanData, "revision">): string {
  return `Edit — starts revision ${plan.revision + 1}`;
}
