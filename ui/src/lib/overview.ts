// Pure helpers of the period overview: what its headings and lines say, so
// that the numbers, the praise and the dates never contradict each other.

import type { AnyRecord } from "./bindings/AnyRecord";
import type { GoalProgress } from "./bindings/GoalProgress";
import type { PeriodOverview } from "./bindings/PeriodOverview";
import { formatDate } from "./dates";
import type { RecordOf } from "./kinds";

/** One piece of evidence behind a bar: an experience or a journal entry. */
export type EvidenceItem = RecordOf<"experience"> | RecordOf<"reflection">;

/** "2 of 3 plan goals on track", or a plain sentence when no plan goal serves the learning goal. */
export function onTrackText(g: Pick<GoalProgress, "plan_goals" | "plan_goals_on_track">): string {
  if (g.plan_goals === 0) return "No plan goal for it yet";
  const noun = g.plan_goals === 1 ? "plan goal" : "plan goals";
  return `${g.plan_goals_on_track} of ${g.plan_goals} ${noun} on track`;
}

/** "1 piece of evidence" / "3 pieces of evidence" / "No evidence yet". */
export function evidenceText(n: number): string {
  if (n === 0) return "No evidence yet";
  return n === 1 ? "1 piece of evidence" : `${n} pieces of evidence`;
}

/** Hours with at most one decimal ("12 h", "2.5 h"). */
export function hoursText(h: number): string {
  return `${Number.isInteger(h) ? String(h) : h.toFixed(1)} h`;
}

/**
 * The heading of the "still to do" list, tied to the period's dates (`today`
 * as YYYY-MM-DD): before the exhibition it names its date; after the
 * exhibition or the period's end it says what was not done in time.
 */
export function stillToDoHeading(o: Pick<PeriodOverview, "end" | "exhibition_date">, today: string, locale?: string): string {
  if (o.exhibition_date) {
    if (today <= o.exhibition_date) return `Still to do before the exhibition on ${formatDate(o.exhibition_date, locale)}`;
    return `Not done by the exhibition on ${formatDate(o.exhibition_date, locale)}`;
  }
  if (today > o.end) return `Not done when the period ended on ${formatDate(o.end, locale)}`;
  return `Still to do before the period ends on ${formatDate(o.end, locale)}`;
}

/** What to say when nothing is missing (no praise unless every check passed, which is what an empty list means). */
export function nothingMissingText(o: Pick<PeriodOverview, "goals">): string {
  const tracked = o.goals.reduce((n, g) => n + g.plan_goals, 0);
  const onTrack = o.goals.reduce((n, g) => n + g.plan_goals_on_track, 0);
  if (tracked > 0 && onTrack < tracked) return "Nothing is missing from the records, but some plan goals are not on track.";
  return "Nothing missing: the plan is signed, its goals are on track with evidence, and an exhibition is scheduled.";
}

/** The records behind one bar, in the order the overview counted them (unknown ids are skipped). */
export function evidenceFor(g: Pick<GoalProgress, "experience_ids" | "reflection_ids">, records: readonly AnyRecord[]): EvidenceItem[] {
  const byId = new Map<string, EvidenceItem>();
  for (const r of records) if (r.kind === "experience" || r.kind === "reflection") byId.set(r.meta.id, r);
  return [...g.experience_ids, ...g.reflection_ids].flatMap((id) => byId.get(id) ?? []);
}

/** The date shown beside a piece of evidence (an experience's start, a journal entry's day). */
export function evidenceDate(r: EvidenceItem): string {
  return r.kind === "experience" ? r.data.start_date : r.data.date;
}
