// The record form rendered on the server (no DOM here): the learning-goal
// picker offers the framework's goals by name and stores ids.
import { render } from "svelte/server";
import { describe, expect, it } from "vitest";
import { BPL, testMeta } from "../../lib/testData";
import RecordForm from "./RecordForm.svelte";

describe("RecordForm", () => {
  it("offers the framework's goals by name, ticks tags typed by name, lists unknown tags to untick", () => {
    const { body } = render(RecordForm, {
      props: {
        kind: "experience",
        record: {
          kind: "experience",
          meta: testMeta("E1"),
          data: {
            kind: "internship",
            title: "Prácticas en la clínica",
            organisation: "",
            location: "",
            mentor: { name: "", role: "", contact: "" },
            start_date: "2026-02-02",
            end_date: null,
            hours: null,
            description: "",
            goal_tags: ["Empirical Reasoning", "cocina"],
            status: "ongoing",
            evidence: [],
          },
        },
        linkOptions: { experience: [], goal: [] },
        goals: BPL.goals,
        tagLabel: (tag: string) => ({ label: tag, muted: true }),
        onsave: async () => {},
        oncancel: () => {},
      },
    });
    const boxes = [...body.matchAll(/<input[^>]*name="goal_tags"[^>]*>\s*<span[^>]*>([^<]*)<\/span>/g)].map((m) => [
      /value="([^"]*)"/.exec(m[0])?.[1],
      /\bchecked\b/.test(m[0]),
      m[1],
    ]);
    expect(boxes).toEqual([
      ["empirical_reasoning", true, "Empirical Reasoning"],
      ["communication", false, "Communication"],
      ["cocina", true, "“cocina” (not a learning goal of this framework)"],
    ]);
  });
});
