// The exhibition's team pieces rendered on the server: the criterion
// summary, a score sheet being filled in, unread counts on one item and
// what a team member's replica says instead of an editor (the score
// commands' arguments are checked in lib/plan.test.ts).
import { render } from "svelte/server";
import { afterEach, describe, expect, it } from "vitest";
import type { Rubric } from "../../lib/bindings/Rubric";
import { chosenScores, defaultRubric, missingSentence } from "../../lib/plan";
import { BPL } from "../../lib/testData";
import { team } from "../../lib/team.svelte";
import NewComments from "../team/NewComments.svelte";
import ReplicaNote from "../team/ReplicaNote.svelte";
import ScoreSummary from "./ScoreSummary.svelte";
import SheetForm from "./SheetForm.svelte";

const rubric: Rubric = defaultRubric(BPL);

afterEach(() => {
  team.unread = [];
});

describe("exhibition team pieces", () => {
  it("sums up each criterion with its level's name and marks a wide spread", () => {
    const body = render(ScoreSummary, {
      props: {
        rubric,
        summary: [
          { criterion_id: "empirical_reasoning", count: 3, mean: 3.0, min: 2, max: 4, wide: true },
          { criterion_id: "communication", count: 0, mean: 0, min: 0, max: 0, wide: false },
        ],
      },
    }).body;
    expect(body).toContain("Empirical Reasoning");
    expect(body).toMatch(/3\.0 <span class="lp-muted[^"]*">Proficient/);
    expect(body).toContain("2–4");
    expect(body).toContain('data-testid="wide"');
    expect(body).toContain("Not scored");
  });

  it("offers one level per criterion and a comment", () => {
    const body = render(SheetForm, { props: { rubric, chosen: { communication: 2 }, comment: "¡Bien!", name: "my-score" } }).body;
    expect(body.match(/type="radio"/g)?.length).toBe(8);
    expect(body).toContain('name="my-score-communication"');
    expect(body).toMatch(/value="2"[^>]*checked/);
    expect(body).toContain("¡Bien!");
  });

  it("turns the chosen levels into scores and names what is missing", () => {
    expect(chosenScores(rubric, { communication: 2, empirical_reasoning: 4 })).toEqual([
      { criterion_id: "empirical_reasoning", value: 4 },
      { criterion_id: "communication", value: 2 },
    ]);
    expect(missingSentence(rubric, { communication: 2 })).toBe("Choose a level for: Empirical Reasoning.");
    expect(missingSentence(rubric, { communication: 2, empirical_reasoning: 1 })).toBe("");
  });

  it("counts new comments on exactly one item", () => {
    team.unread = [
      { on: "exhibition:X#1", count: 2 },
      { on: "exhibition:X#2", count: 1 },
    ];
    expect(render(NewComments, { props: { on: "exhibition:X#1" } }).body).toContain("2 new comments");
    expect(render(NewComments, { props: { on: "exhibition:X#2" } }).body).toContain("1 new comment<");
    expect(render(NewComments, { props: { on: "exhibition:X#3" } }).body).not.toContain("target-unread");
  });

  it("says whose portfolio a replica shows and what this device can do", () => {
    const body = render(ReplicaNote, { props: { learnerName: "Ana Nguyễn" } }).body;
    expect(body).toContain("This portfolio belongs to Ana Nguyễn; you can comment and sign.");
  });
});
