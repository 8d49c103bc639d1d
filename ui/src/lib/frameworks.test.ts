import { describe, expect, it } from "vitest";
import type { Framework } from "./bindings/Framework";
import {
  assignGoalIds,
  duplicateDraft,
  errorsByField,
  fromDraft,
  goalOptions,
  goalTagLabel,
  migrateGoalTags,
  unknownGoalLabel,
  matrixFileName,
  move,
  slugify,
  uniqueGoalId,
} from "./frameworks";

const fw = (id: string, goals: [string, string][]): Framework => ({
  id,
  name: id,
  description: "",
  institution: "",
  builtin: false,
  updated: null,
  goals: goals.map(([gid, name]) => ({ id: gid, name, description: "", guiding_questions: [] })),
});

describe("slugify", () => {
  it("joins lower-case ascii letters and digits with _", () => {
    expect(slugify("Empirical Reasoning")).toBe("empirical_reasoning");
    expect(slugify("  Maths & Stats 2!  ")).toBe("maths_stats_2");
    expect(slugify("Expressão Criativa")).toBe("expressao_criativa");
    expect(slugify("!!!")).toBe("");
  });
});

describe("uniqueGoalId", () => {
  it("adds a number when taken and falls back to goal", () => {
    expect(uniqueGoalId("Communication", new Set())).toBe("communication");
    expect(uniqueGoalId("Communication", new Set(["communication"]))).toBe("communication_2");
    expect(uniqueGoalId("Communication", new Set(["communication", "communication_2"]))).toBe("communication_3");
    expect(uniqueGoalId("?", new Set())).toBe("goal");
  });
});

describe("assignGoalIds", () => {
  it("keeps existing ids, even when the name changed, and makes new ones unique", () => {
    const out = assignGoalIds([
      { id: "communication", name: "Speaking" },
      { id: "", name: "Communication" },
      { id: "", name: "Communication" },
      { id: "", name: "" },
    ]);
    expect(out.map((g) => g.id)).toEqual(["communication", "communication_2", "communication_3", "goal"]);
  });
});

describe("drafts", () => {
  it("duplicates as a new framework with the same goal ids", () => {
    const d = duplicateDraft({ ...fw("bpl", [["communication", "Communication"]]), builtin: true, name: "BPL" });
    expect(d.id).toBe("");
    expect(d.name).toBe("Copy of BPL");
    expect(d.goals[0]?.id).toBe("communication");
  });
  it("splits guiding questions and trims", () => {
    const f = fromDraft({ id: "", name: " Mine ", description: "", institution: "", goals: [{ id: "", name: "Art", description: "", questions: "Why?\n\n  How? " }] });
    expect(f.name).toBe("Mine");
    expect(f.builtin).toBe(false);
    expect(f.goals[0]).toEqual({ id: "art", name: "Art", description: "", guiding_questions: ["Why?", "How?"] });
  });
});

describe("move", () => {
  it("swaps neighbours and ignores moves off the ends", () => {
    expect(move([1, 2, 3], 0, 1)).toEqual([2, 1, 3]);
    expect(move([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
    expect(move([1, 2, 3], 2, 1)).toEqual([1, 2, 3]);
  });
});

describe("errorsByField", () => {
  it("places known fields and collects the rest under ''", () => {
    const e = errorsByField(
      [
        { field: "goals[1].name", message: "Name is required." },
        { field: "framework.name", message: "Required." },
        { field: "goals", message: "Add a goal." },
        { field: "other", message: "Odd." },
      ],
      (f) => f === "name" || /^goals\[\d+\]\.name$/.test(f),
    );
    expect(e).toEqual({ "goals[1].name": "Name is required.", name: "Required.", "": "Add a goal. Odd." });
  });
});

describe("goalTagLabel", () => {
  const a = fw("a", [["x", "Ex"]]);
  const b = fw("b", [["y", "Why"]]);
  it("uses the current framework, then any framework, then the id muted", () => {
    expect(goalTagLabel("x", a, [a, b])).toEqual({ label: "Ex", muted: false });
    expect(goalTagLabel("y", a, [a, b])).toEqual({ label: "Why", muted: false });
    expect(goalTagLabel("gone", a, [a, b])).toEqual({ label: "gone", muted: true });
    expect(goalTagLabel("x", null, [])).toEqual({ label: "x", muted: true });
  });
});

describe("matrixFileName", () => {
  it("drops characters a file name cannot hold", () => {
    expect(matrixFileName("A/B: C")).toBe("AB C.matrix");
    expect(matrixFileName("  ")).toBe("framework.matrix");
  });
});

describe("learning-goal picker", () => {
  const goals = [
    { id: "empirical_reasoning", name: "Empirical Reasoning" },
    { id: "razonamiento", name: "Razonamiento empírico" },
    { id: "g3", name: "Giao tiếp" },
    { id: "g4", name: "沟通 🗣️" },
  ];
  it("turns goal names typed as text into ids, keeps ids and unknown tags, drops repeats", () => {
    expect(
      migrateGoalTags(
        ["Empirical Reasoning", "empirical_reasoning", " empirical reasoning ", "RAZONAMIENTO EMPIRICO", "giao tiếp", "沟通 🗣️", "", "cooking"],
        goals,
      ),
    ).toEqual(["empirical_reasoning", "razonamiento", "g3", "g4", "cooking"]);
  });
  it("ignores punctuation in names and keeps every tag when the framework has no goals", () => {
    expect(migrateGoalTags(["Empirical-Reasoning!"], goals)).toEqual(["empirical_reasoning"]);
    expect(migrateGoalTags(["g3", "Giao tiếp"], [])).toEqual(["g3", "Giao tiếp"]);
  });
  it("offers the goals by name and says why an unknown tag is listed", () => {
    expect(goalOptions(goals.slice(0, 1))).toEqual([{ value: "empirical_reasoning", label: "Empirical Reasoning" }]);
    expect(unknownGoalLabel("cooking", { label: "cooking", muted: true })).toBe("“cooking” (not a learning goal of this framework)");
    expect(unknownGoalLabel("x", { label: "Wellbeing", muted: false })).toBe("Wellbeing (from another framework)");
  });
});
