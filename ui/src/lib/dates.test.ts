import { describe, expect, it } from "vitest";
import { formatDate, formatDateRange, parseDay, toIsoDay, todayIso } from "./dates";

describe("dates", () => {
  it("formats calendar days in the given locale without shifting the day", () => {
    expect(formatDate("2026-09-01", "en-US")).toBe("Sep 1, 2026");
    expect(formatDate("2026-01-01", "en-GB")).toBe("1 Jan 2026");
    expect(formatDate("2026-12-31", "de-DE")).toBe("31.12.2026");
  });

  it("leaves empty and invalid input readable", () => {
    expect(formatDate(null)).toBe("");
    expect(formatDate("")).toBe("");
    expect(formatDate("2026-02-31")).toBe("2026-02-31");
    expect(formatDate("soon")).toBe("soon");
  });

  it("rejects days that do not exist", () => {
    expect(parseDay("2026-02-29")).toBeNull();
    expect(parseDay("2028-02-29")?.getDate()).toBe(29);
    expect(parseDay("2026-9-1")).toBeNull();
  });

  it("formats ranges, open ends and single days", () => {
    expect(formatDateRange("2026-09-01", null, "en-US")).toBe("Sep 1, 2026 – ongoing");
    expect(formatDateRange("2026-09-01", "2026-10-02", "en-US")).toBe("Sep 1, 2026 – Oct 2, 2026");
    expect(formatDateRange("2026-09-01", "2026-09-01", "en-US")).toBe("Sep 1, 2026");
  });

  it("gives today as a local YYYY-MM-DD day", () => {
    expect(toIsoDay(new Date(2026, 0, 5))).toBe("2026-01-05");
    expect(todayIso()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(todayIso()).toBe(toIsoDay(new Date()));
  });
});
