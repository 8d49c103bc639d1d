import { describe, expect, it } from "vitest";
import type { AnyRecord } from "./bindings/AnyRecord";
import type { GoalProgress } from "./bindings/GoalProgress";
import {
  evidenceDate,
  evidenceFor,
  evidenceText,
  hoursText,
  nothingMissingText,
  onTrackText,
  stillToDoHeading,
} from "./overview";
import { testMeta as meta } from "./testData";


function goal(over: Partial<GoalProgress> = {}): GoalProgress {
  return {
    goal_id: "communication",
    name: "Communication",
    evidence: 0,
    hours: 0,
    plan_goals: 0,
    plan_goals_on_track: 0,
    experience_ids: [],
    reflection_ids: [],
    ...over,
  };
}

describe("overview lines", () => {
  it("says plainly when no plan goal serves a learning goal instead of 0 of 0", () => {
    expect(onTrackText(goal())).toBe("No plan goal for it yet");
    expect(onTrackText(goal({ plan_goals: 1 }))).toBe("0 of 1 plan goal on track");
    expect(onTrackText(goal({ plan_goals: 3, plan_goals_on_track: 2 }))).toBe("2 of 3 plan goals on track");
  });

  it("counts evidence and hours in words", () => {
    expect(evidenceText(0)).toBe("No evidence yet");
    expect(evidenceText(1)).toBe("1 piece of evidence");
    expect(evidenceText(12)).toBe("12 pieces of evidence");
    expect(hoursText(20)).toBe("20 h");
    expect(hoursText(2.25)).toBe("2.3 h");
  });

  it("ties the still-to-do heading to the exhibition and the period's end", () => {
    const o = { end: "2026-11-09", exhibition_date: "2026-11-05" };
    expect(stillToDoHeading(o, "2026-10-01", "en-GB")).toBe("Still to do before the exhibition on 5 Nov 2026");
    expect(stillToDoHeading(o, "2026-11-05", "en-GB")).toBe("Still to do before the exhibition on 5 Nov 2026");
    expect(stillToDoHeading(o, "2026-11-06", "en-GB")).toBe("Not done by the exhibition on 5 Nov 2026");
    const none = { end: "2026-11-09", exhibition_date: null };
    expect(stillToDoHeading(none, "2026-10-01", "en-GB")).toBe("Still to do before the period ends on 9 Nov 2026");
    expect(stillToDoHeading(none, "2027-01-01", "en-GB")).toBe("Not done when the period ended on 9 Nov 2026");
  });

  it("gives no praise while plan goals are off track", () => {
    expect(nothingMissingText({ goals: [goal({ plan_goals: 1 })] })).toContain("not on track");
    expect(nothingMissingText({ goals: [goal({ plan_goals: 1, plan_goals_on_track: 1 })] })).toMatch(/^Nothing missing/);
    expect(nothingMissingText({ goals: [] })).not.toContain("Well done");
  });
});

describe("evidence behind a bar", () => {
  const records: AnyRecord[] = [
    { kind: "reflection", meta: meta("R1"), data: { date: "2026-09-12", title: "Semana 2 — reflexión", body: "", experience_ids: ["E1"], goal_ids: [], tags: [], evidence: [] } } as unknown as AnyRecord,
    { kind: "experience", meta: meta("E1"), data: { title: "Phòng khám cảng 🏥", start_date: "2026-09-10", end_date: null } } as unknown as AnyRecord,
    { kind: "experience", meta: meta("E2"), data: { title: "Not counted", start_date: "2025-01-01", end_date: null } } as unknown as AnyRecord,
    { kind: "period", meta: meta("P1"), data: { name: "Q1", start: "2026-09-01", end: "2026-11-09" } },
  ];

  it("lists experiences then journal entries, in the overview's order, skipping unknown ids", () => {
    const items = evidenceFor(goal({ experience_ids: ["E1", "gone"], reflection_ids: ["R1", "P1"] }), records);
    expect(items.map((r) => r.data.title)).toEqual(["Phòng khám cảng 🏥", "Semana 2 — reflexión"]);
    expect(items.map(evidenceDate)).toEqual(["2026-09-10", "2026-09-12"]);
    expect(evidenceFor(goal(), records)).toEqual([]);
  });
});
