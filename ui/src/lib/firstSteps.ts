// The "first steps" checklist shown after a learner is created: what to do
// next, ticked off from the record counts, gone once everything is done or
// the person hides it (remembered per learner on this computer).

import type { RecordCounts } from "./bindings/RecordCounts";
import type { PortfolioKind } from "./kinds";

/** Where a step's button leads: a portfolio list or the Learning Plan. */
export type StepTarget = { kind: PortfolioKind } | { plan: true };

/** One step of the checklist. */
export interface FirstStep {
  id: "experience" | "reflection" | "period" | "plan" | "exhibition";
  label: string;
  /** Why, in one short phrase (shown under the label). */
  hint: string;
  done: boolean;
  target: StepTarget;
}

/** The five steps in order, ticked from `counts`. */
export function firstSteps(counts: RecordCounts): FirstStep[] {
  return [
    { id: "experience", label: "Add your first experience", hint: "an internship, a project, a course", done: counts.experience > 0, target: { kind: "experience" } },
    { id: "reflection", label: "Write a journal entry", hint: "what you did and learned", done: counts.reflection > 0, target: { kind: "reflection" } },
    { id: "period", label: "Set up this marking period", hint: "a plan belongs to a term or quarter", done: counts.period > 0, target: { plan: true } },
    { id: "plan", label: "Write the Learning Plan", hint: "goals for the period, signed by the team", done: counts.plan > 0, target: { plan: true } },
    { id: "exhibition", label: "Schedule the exhibition", hint: "show your work at the end of the period", done: counts.exhibition > 0, target: { plan: true } },
  ];
}

/** Whether the checklist is shown: not when hidden by the person or when every step is done. */
export function showFirstSteps(counts: RecordCounts | null, hidden: boolean): boolean {
  if (!counts || hidden) return false;
  return firstSteps(counts).some((s) => !s.done);
}

/** "2 of 5 done". */
export function progressText(steps: readonly FirstStep[]): string {
  return `${steps.filter((s) => s.done).length} of ${steps.length} done`;
}

/** The localStorage key remembering that the checklist was hidden for `learnerId`. */
export function hiddenKey(learnerId: string): string {
  return `lp.firstSteps.hidden.${learnerId}`;
}

/** The sidebar's note beside Learning Plan: what its number counts ("No periods yet", "1 period", "3 periods"). */
export function periodCountText(periods: number): string {
  if (periods === 0) return "No marking periods yet";
  return periods === 1 ? "1 marking period" : `${periods} marking periods`;
}
