import { describe, expect, it } from "vitest";
import { checkLayout, sourceLabel } from "./badgeView";

describe("badge page layout", () => {
  it("gives a hand-entered badge one plain sentence and no technical details", () => {
    const l = checkLayout("manual");
    expect(l.details).toBe(false);
    expect(l.heading).not.toMatch(/verif/i);
    expect(l.note).toBe("Typed in by hand, so there is no badge file to check.");
  });

  it("folds an imported badge's details away under a plain heading", () => {
    for (const s of ["open_badges2", "open_badges3"] as const) {
      const l = checkLayout(s);
      expect(l).toEqual({ heading: "Checked on this computer", note: "", details: true });
    }
  });

  it("names where a badge came from", () => {
    expect(sourceLabel("open_badges2")).toBe("Open Badges 2.0 file");
    expect(sourceLabel("open_badges3")).toBe("Open Badges 3.0 file");
    expect(sourceLabel("manual")).toBe("Entered by hand");
  });
});
