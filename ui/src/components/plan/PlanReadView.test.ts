// The signed plan's read view and the signing form, rendered on the server.
import { render } from "svelte/server";
import { describe, expect, it } from "vitest";
import type { RecordOf } from "../../lib/kinds";
import { blankPlanContent, blankPlanGoal, type PeriodRecord } from "../../lib/plan";
import PlanReadView from "./PlanReadView.svelte";
import PlanSign from "./PlanSign.svelte";
import { testMeta as meta } from "../../lib/testData";

const period: PeriodRecord = { kind: "period", meta: meta("P1"), data: { name: "Trimestre 1", start: "2026-09-01", end: "2026-12-31" } };

function signedPlan(): RecordOf<"plan"> {
  const content = blankPlanContent();
  content.cover.interests = "Biología marina 🐠";
  content.team = [{ name: "Mr. Osei", role: "advisor", contact: "" }];
  content.goals = [{ ...blankPlanGoal("g1"), title: "Nghiên cứu chất lượng nước", work: "测量水质", goal_tags: ["empirical_reasoning"], status: "on_track" }];
  return {
    kind: "plan",
    meta: meta("PL1"),
    data: {
      period_id: "P1",
      revision: 2,
      content,
      signoffs: [{ name: "Ana Reyes", role: "student", signed_at: "2026-09-02T10:00:00Z" }],
      history: [],
    },
  };
}

describe("PlanReadView", () => {
  it("shows the signed plan as a document with a deliberate Edit", () => {
    const { body } = render(PlanReadView, {
      props: { plan: signedPlan(), period, goalName: (id: string) => (id === "empirical_reasoning" ? "Empirical Reasoning" : id), onedit: () => {} },
    });
    expect(body).toContain('data-testid="plan-read-view"');
    expect(body).toContain("Edit — starts revision 3");
    expect(body).toContain("Biología marina 🐠");
    expect(body).toContain("Nghiên cứu chất lượng nước");
    expect(body).toContain("测量水质");
    expect(body).toContain("Learning goals: Empirical Reasoning");
    expect(body).toContain("On track");
    expect(body).toContain("Ana Reyes (student)");
    // Read-only: no form fields, and empty cover fields are left out.
    expect(body).not.toMatch(/<(textarea|input|select)\b/);
    expect(body).not.toContain("How I learn best");
  });
});

describe("PlanSign", () => {
  it("offers another signature on a signed revision", () => {
    const { body } = render(PlanSign, { props: { plan: signedPlan(), onsigned: () => {} } });
    expect(body).toContain("Add a signature to revision 2");
    expect(body).toContain('name="signer-name"');
    expect(body).toContain('data-testid="sign-plan"');
  });

  it("asks for a first signature on an unsigned revision", () => {
    const plan = signedPlan();
    plan.data.signoffs = [];
    const { body } = render(PlanSign, { props: { plan, onsigned: () => {} } });
    expect(body).toContain("Sign revision 2");
  });
});
