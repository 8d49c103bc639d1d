import { describe, expect, it } from "vitest";
import { blankPlanContent, blankPlanGoal } from "./plan";
import { editLabel, filledCover, filledGoal, opensReadOnly, signatureBy } from "./planView";

const ana = { name: "Ana Reyes", role: "student", signed_at: "2026-09-01T10:00:00Z" };
const osei = { name: "Mr. Osei", role: "advisor", signed_at: "2026-09-02T10:00:00Z" };

describe("signed plan read view", () => {
  it("opens read-only once the revision is signed", () => {
    expect(opensReadOnly({ signoffs: [] })).toBe(false);
    expect(opensReadOnly({ signoffs: [ana] })).toBe(true);
  });

  it("shows only the cover and goal fields that have text", () => {
    const c = blankPlanContent();
    c.cover.interests = "  Biología marina 🐠 ";
    c.cover.learn_best = "Học bằng cách làm";
    expect(filledCover(c)).toEqual([
      { label: "Interests and passions", text: "Biología marina 🐠" },
      { label: "How I learn best", text: "Học bằng cách làm" },
    ]);
    const g = { ...blankPlanGoal("g1"), work: "测量水质", timeline: "   " };
    expect(filledGoal(g)).toEqual([{ label: "What the work is", text: "测量水质" }]);
  });

  it("does not offer signing again to someone who already signed this revision", () => {
    expect(signatureBy([ana, osei], "  ana reyes ")).toEqual(ana);
    expect(signatureBy([{ ...ana, name: "José Núñez" }], "jose nunez")?.name).toBe("José Núñez");
    expect(signatureBy([ana], "Dr. Priya Nair")).toBeUndefined();
    expect(signatureBy([ana], "   ")).toBeUndefined();
  });

  it("says that editing starts the next revision", () => {
    expect(editLabel({ revision: 3 })).toBe("Edit — starts revision 4");
  });
});
