import { describe, expect, it } from "vitest";
import type { AnyRecord } from "./bindings/AnyRecord";
import { countNoun, initials, recordDate, recordStatus, recordSubtitle, recordTitle } from "./kinds";

const meta = { id: "g1", learner_id: "L1", created: "", updated: "", author_role: "student" as const };
const goal: AnyRecord = {
  kind: "goal",
  meta,
  data: {
    statement: "Present my research",
    why: "",
    goal_tags: [],
    target_date: "2027-05-15",
    status: "in_progress",
    steps: [
      { text: "a", done: true },
      { text: "b", done: false },
    ],
    progress_notes: [],
    evidence: [],
  },
};

describe("kinds", () => {
  it("summarises a goal for the list", () => {
    expect(recordTitle(goal)).toBe("Present my research");
    expect(recordSubtitle(goal)).toBe("1 of 2 steps done");
    expect(recordStatus(goal)).toEqual({ label: "In progress", tone: "accent" });
    expect(recordDate(goal, "en-US")).toBe("by May 15, 2027");
  });

  it("makes avatar initials", () => {
    expect(initials("Maya Johnson")).toBe("MJ");
    expect(initials("  sam ")).toBe("S");
    expect(initials("Ana María de la Cruz")).toBe("AC");
    expect(initials("")).toBe("?");
  });

  it("counts in words", () => {
    expect(countNoun(1, "reflection")).toBe("1 journal entry");
    expect(countNoun(3, "badge")).toBe("3 badges");
  });
});
