import { describe, expect, it } from "vitest";
import type { PeriodData } from "./bindings/PeriodData";
import type { PortfolioRecord } from "./kinds";
import { filterByPeriod, inPeriod } from "./periods";

const q1: PeriodData = { name: "Q1", start: "2026-09-01", end: "2026-11-15" };
const meta = (created = "2026-01-01T10:00:00Z") => ({ id: created, learner_id: "l", created, updated: created, author_role: "student" as const });

function exp(start: string, end: string | null): PortfolioRecord {
  return {
    kind: "experience",
    meta: meta(),
    data: { kind: "project", title: "", organisation: "", location: "", mentor: { name: "", role: "", contact: "" }, start_date: start, end_date: end, hours: null, description: "", goal_tags: [], status: "ongoing", evidence: [] },
  };
}
function refl(date: string): PortfolioRecord {
  return { kind: "reflection", meta: meta(), data: { date, title: "", body: "", experience_ids: [], goal_ids: [], prompt: "", visibility: "private", evidence: [] } };
}
function badge(issued: string): PortfolioRecord {
  return {
    kind: "badge",
    meta: meta(),
    data: { name: "", issuer_name: "", issued_on: issued, expires_on: null, description: "", criteria: "", image_ref: null, evidence_links: [], goal_tags: [], attached_keys: [], source: "manual", original_credential: null },
  };
}
function goal(target: string | null, created: string): PortfolioRecord {
  return { kind: "goal", meta: meta(created), data: { statement: "", why: "", goal_tags: [], target_date: target, status: "planned", steps: [], progress_notes: [], evidence: [] } };
}

describe("inPeriod", () => {
  it("experiences overlap the period; no end date means ongoing", () => {
    expect(inPeriod(exp("2026-08-01", "2026-09-01"), q1)).toBe(true);
    expect(inPeriod(exp("2026-11-15", "2026-12-01"), q1)).toBe(true);
    expect(inPeriod(exp("2026-01-01", null), q1)).toBe(true);
    expect(inPeriod(exp("2026-11-16", null), q1)).toBe(false);
    expect(inPeriod(exp("2026-01-01", "2026-08-31"), q1)).toBe(false);
  });
  it("journal entries and badges by their day, inclusive", () => {
    expect(inPeriod(refl("2026-09-01"), q1)).toBe(true);
    expect(inPeriod(refl("2026-11-16"), q1)).toBe(false);
    expect(inPeriod(badge("2026-11-15"), q1)).toBe(true);
    expect(inPeriod(badge("2026-08-31"), q1)).toBe(false);
  });
  it("goals by target date, else by when they were created", () => {
    expect(inPeriod(goal("2026-10-01", "2025-01-01T00:00:00Z"), q1)).toBe(true);
    expect(inPeriod(goal("2027-01-01", "2026-10-01T00:00:00Z"), q1)).toBe(false);
    expect(inPeriod(goal(null, "2026-10-01T08:00:00Z"), q1)).toBe(true);
    expect(inPeriod(goal(null, "2026-12-01T08:00:00Z"), q1)).toBe(false);
  });
});

describe("filterByPeriod", () => {
  it("keeps the order and returns everything without a period", () => {
    const list = [refl("2026-10-02"), refl("2026-12-01"), refl("2026-09-05")];
    expect(filterByPeriod(list, q1)).toEqual([list[0], list[2]]);
    expect(filterByPeriod(list, null)).toEqual(list);
  });
});
