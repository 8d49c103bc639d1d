import { describe, expect, it } from "vitest";
import type { RecordCounts } from "./bindings/RecordCounts";
import { firstSteps, hiddenKey, periodCountText, progressText, showFirstSteps } from "./firstSteps";

const zero: RecordCounts = { experience: 0, reflection: 0, goal: 0, badge: 0, period: 0, plan: 0, check_in: 0, exhibition: 0, narrative: 0, showcase: 0 };

describe("first steps", () => {
  it("starts with nothing done and the marking period before the plan", () => {
    const steps = firstSteps(zero);
    expect(steps.map((s) => s.id)).toEqual(["experience", "reflection", "period", "plan", "exhibition"]);
    expect(steps.every((s) => !s.done)).toBe(true);
    expect(progressText(steps)).toBe("0 of 5 done");
    expect(steps.find((s) => s.id === "period")?.target).toEqual({ plan: true });
    expect(steps[0]?.target).toEqual({ kind: "experience" });
  });

  it("ticks steps from the counts and disappears when all are done", () => {
    const some = { ...zero, experience: 3, period: 1 };
    expect(firstSteps(some).filter((s) => s.done).map((s) => s.id)).toEqual(["experience", "period"]);
    expect(progressText(firstSteps(some))).toBe("2 of 5 done");
    expect(showFirstSteps(some, false)).toBe(true);
    const all = { ...zero, experience: 1, reflection: 2, period: 1, plan: 1, exhibition: 1 };
    expect(showFirstSteps(all, false)).toBe(false);
  });

  it("stays hidden once hidden, and before the counts arrive", () => {
    expect(showFirstSteps(zero, true)).toBe(false);
    expect(showFirstSteps(null, false)).toBe(false);
    expect(hiddenKey("01J-ñ")).toBe("lp.firstSteps.hidden.01J-ñ");
  });

  it("says what the Learning Plan number counts", () => {
    expect(periodCountText(0)).toBe("No marking periods yet");
    expect(periodCountText(1)).toBe("1 marking period");
    expect(periodCountText(4)).toBe("4 marking periods");
  });
});
