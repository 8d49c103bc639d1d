import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { exhibitionScores, exhibitionSummary, importFrameworkMatrix, periodOverview, scoreExhibition, startNextPlan } from "./api";
import type { Framework } from "./bindings/Framework";
import { BPL } from "./testData";
import {
  allPanelistsScored,
  blankExhibition,
  blankPlan,
  buildSheet,
  defaultPeriodId,
  defaultRubric,
  frameworkFor,
  guidingQuestions,
  laterPeriods,
  lines,
  missingScores,
  scaleBars,
  scoringProgress,
  signedByText,
  signPlan,
  sortPeriods,
  unscoredPanelists,
  withAbilities,
  checkPeriod,
  type PeriodRecord,
} from "./plan";

const bpl = BPL;
const other: Framework = { ...bpl, id: "u1", name: "Mine", builtin: false, goals: [] };

function period(id: string, start: string, end: string): PeriodRecord {
  return {
    kind: "period",
    meta: { id, learner_id: "L", created: "2026-01-01T00:00:00Z", updated: "2026-01-01T00:00:00Z", author_role: "student" },
    data: { name: id, start, end },
  };
}

describe("frameworks", () => {
  it("uses the learner's framework, else Big Picture Learning", () => {
    expect(frameworkFor([other, bpl], "u1")?.id).toBe("u1");
    expect(frameworkFor([other, bpl], "")?.id).toBe("bpl");
    expect(frameworkFor([other, bpl], "gone")?.id).toBe("bpl");
    expect(frameworkFor([], "")).toBeNull();
  });

  it("offers the guiding questions as journal prompts", () => {
    expect(guidingQuestions(bpl)).toEqual(["How do I prove it?"]);
    expect(guidingQuestions(null)).toEqual([]);
  });
});

describe("periods", () => {
  const q1 = period("q1", "2026-09-01", "2026-11-15");
  const q2 = period("q2", "2026-11-16", "2027-01-31");
  const q3 = period("q3", "2027-02-01", "2027-04-15");

  it("sorts newest first and defaults to the period containing today", () => {
    expect(sortPeriods([q1, q3, q2]).map((p) => p.meta.id)).toEqual(["q3", "q2", "q1"]);
    expect(defaultPeriodId([q1, q2, q3], "2026-12-01")).toBe("q2");
    expect(defaultPeriodId([q1, q2, q3], "2030-01-01")).toBe("q3");
    expect(defaultPeriodId([], "2030-01-01")).toBeNull();
  });

  it("lists later periods oldest first", () => {
    expect(laterPeriods([q3, q1, q2], q1.data).map((p) => p.meta.id)).toEqual(["q2", "q3"]);
  });

  it("checks the period form", () => {
    expect(checkPeriod({ name: "", start: "2026-02-01", end: "2026-01-01" })).toEqual([
      { field: "name", message: "Name is required." },
      { field: "end", message: "The last day cannot be before the first day." },
    ]);
    expect(checkPeriod({ name: "Q1", start: "2026-01-01", end: "2026-02-01" })).toEqual([]);
  });
});

describe("plans", () => {
  it("signs without changing the content", () => {
    const plan = blankPlan("q1");
    const signed = signPlan(plan, " Maya ", "student", "2026-09-02T10:00:00Z");
    expect(signed.content).toBe(plan.content);
    expect(signed.revision).toBe(1);
    expect(signed.signoffs).toEqual([{ name: "Maya", role: "student", signed_at: "2026-09-02T10:00:00Z" }]);
    expect(plan.signoffs).toEqual([]);
    expect(signedByText(signed.signoffs)).toBe("Signed by Maya (student)");
    expect(signedByText([])).toBe("Not signed yet");
  });

  it("adds one ability rating per learning goal, keeping existing ones", () => {
    const content = blankPlan("q1").content;
    content.cover.abilities = [{ goal_id: "communication", self_rating: 3, advisor_rating: 2 }];
    expect(withAbilities(content, bpl).cover.abilities).toEqual([
      { goal_id: "empirical_reasoning", self_rating: 0, advisor_rating: 0 },
      { goal_id: "communication", self_rating: 3, advisor_rating: 2 },
    ]);
  });
});

describe("exhibitions", () => {
  it("builds the default rubric from the framework", () => {
    expect(defaultRubric(bpl)).toEqual({
      criteria: [
        { id: "empirical_reasoning", name: "Empirical Reasoning", description: "How do I prove it?" },
        { id: "communication", name: "Communication", description: "Ideas" },
      ],
      levels: [
        { value: 1, name: "Emerging" },
        { value: 2, name: "Developing" },
        { value: 3, name: "Proficient" },
        { value: 4, name: "Advanced" },
      ],
    });
  });

  it("knows when every panelist has scored", () => {
    const ex = blankExhibition("q1", bpl, "2026-11-10");
    expect(allPanelistsScored(ex)).toBe(false);
    ex.panel = [
      { id: "a", name: "Ms Lee", role: "advisor" },
      { id: "b", name: "Dr Ortiz", role: "mentor" },
    ];
    const sheet = buildSheet(ex.rubric, "a", { empirical_reasoning: 3, communication: 4 }, " Good ", "2026-11-10T12:00:00Z");
    expect(sheet).toEqual({
      panelist_id: "a",
      scores: [
        { criterion_id: "empirical_reasoning", value: 3 },
        { criterion_id: "communication", value: 4 },
      ],
      comment: "Good",
      submitted_at: "2026-11-10T12:00:00Z",
    });
    ex.sheets = [sheet];
    expect(unscoredPanelists(ex).map((p) => p.id)).toEqual(["b"]);
    expect(scoringProgress(ex)).toBe("1 of 2 panelists have scored");
    expect(allPanelistsScored(ex)).toBe(false);
    ex.sheets.push(buildSheet(ex.rubric, "b", { empirical_reasoning: 1, communication: 4 }, "", "t"));
    expect(allPanelistsScored(ex)).toBe(true);
  });

  it("lists criteria without a score", () => {
    expect(missingScores(defaultRubric(bpl), { communication: 2 })).toEqual(["empirical_reasoning"]);
  });

  it("splits one item per line", () => {
    expect(lines(" a \n\n b\n")).toEqual(["a", "b"]);
  });
});

describe("chart scaling", () => {
  it("scales the largest value to the full width and keeps small values visible", () => {
    expect(scaleBars([0, 5, 10], 200)).toEqual([0, 100, 200]);
    expect(scaleBars([1, 1000], 100)).toEqual([2, 100]);
    expect(scaleBars([0, 0], 100)).toEqual([0, 0]);
    expect(scaleBars([], 100)).toEqual([]);
  });
});

describe("plan commands", () => {
  beforeAll(() => vi.stubGlobal("window", globalThis));
  afterEach(() => clearMocks());

  it("sends camelCase arguments", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, payload) => {
      calls.push([cmd, payload]);
      return null;
    });
    await periodOverview("L1", "P1");
    await exhibitionSummary("E1");
    await startNextPlan("E1", "P2");
    await importFrameworkMatrix("<xml/>");
    await scoreExhibition("L1", "E1", [{ criterion_id: "communication", value: 3 }], "Muy bien");
    await exhibitionScores("L1", "E1");
    expect(calls).toEqual([
      ["period_overview", { learnerId: "L1", periodId: "P1" }],
      ["exhibition_summary", { id: "E1" }],
      ["start_next_plan", { exhibitionId: "E1", periodId: "P2" }],
      ["import_framework_matrix", { text: "<xml/>" }],
      ["score_exhibition", { learnerId: "L1", exhibitionId: "E1", scores: [{ criterion_id: "communication", value: 3 }], comment: "Muy bien" }],
      ["exhibition_scores", { learnerId: "L1", exhibitionId: "E1" }],
    ]);
  });
});

import { checkRubric, cleanRubric, newCriterionId, renumberLevels, rubricErrorsOf } from "./plan";

describe("rubric editor helpers", () => {
  const rubric = {
    criteria: [{ id: "a", name: "A", description: "" }, { id: "criterion_2", name: " ", description: "" }],
    levels: [{ value: 3, name: "Low" }, { value: 9, name: "" }],
  };
  it("checks for criteria, levels and names", () => {
    expect(checkRubric({ criteria: [], levels: [] }).map((e) => e.field)).toEqual(["criteria", "levels"]);
    expect(checkRubric(rubric).map((e) => e.field)).toEqual(["criteria[1].name", "levels[1].name"]);
  });
  it("numbers levels 1..n and trims", () => {
    expect(renumberLevels(rubric.levels).map((l) => l.value)).toEqual([1, 2]);
    expect(cleanRubric(rubric).criteria[1]?.name).toBe("");
  });
  it("makes new criterion ids unique", () => {
    expect(newCriterionId(rubric)).toBe("criterion_3");
    expect(newCriterionId({ criteria: [], levels: [] })).toBe("criterion_1");
  });
  it("places the core's rubric refusals on the rubric editor, others above the buttons", () => {
    const e = {
      code: "validation" as const,
      message: "The exhibition has problems.",
      fields: [
        { field: "data.rubric.criteria[0].name", message: "El criterio 1 necesita un nombre." },
        { field: "rubric.criteria[0].name", message: "Too long." },
        { field: "rubric.levels", message: "Add at least one level." },
        { field: "title", message: "Title is too long." },
      ],
    };
    expect(rubricErrorsOf(e)).toEqual({
      rubric: { "criteria[0].name": "El criterio 1 necesita un nombre. Too long.", levels: "Add at least one level." },
      rest: "Title is too long.",
    });
    expect(rubricErrorsOf({ code: "validation", message: "A rubric needs at least one level.", fields: [] })).toEqual({
      rubric: { "": "A rubric needs at least one level." },
      rest: "",
    });
    expect(rubricErrorsOf({ code: "storage", message: "Disk full.", fields: [] })).toBeNull();
  });
});
