// A badge's page rendered on the server: what it is comes before how it was checked.
import { render } from "svelte/server";
import { describe, expect, it } from "vitest";
import type { RecordOf } from "../../lib/kinds";
import BadgeDetail from "./BadgeDetail.svelte";

function badge(source: "manual" | "open_badges3"): RecordOf<"badge"> {
  return {
    kind: "badge",
    meta: { id: "B1", learner_id: "L", created: "2026-01-01T00:00:00Z", updated: "2026-01-01T00:00:00Z", author_role: "student" },
    data: {
      name: "Primeros auxilios",
      issuer_name: "Cruz Roja",
      issued_on: "2026-05-01",
      expires_on: null,
      description: "Curso de primeros auxilios básicos — 急救 🩹",
      criteria: "Eight hours and a practical test.",
      image_ref: null,
      evidence_links: [],
      goal_tags: [],
      attached_keys: [],
      source,
      original_credential: null,
    },
  };
}

describe("BadgeDetail", () => {
  it("opens a hand-entered badge with its description, without verification jargon", () => {
    const { body } = render(BadgeDetail, { props: { record: badge("manual"), goals: [], frameworkName: "" } });
    const description = body.indexOf("Curso de primeros auxilios");
    expect(description).toBeGreaterThan(-1);
    expect(body.indexOf("Where it came from")).toBeGreaterThan(description);
    expect(body).not.toContain("Verification");
    expect(body).not.toContain("Attach issuer public key");
    expect(body).not.toContain("Imported from");
  });

  it("names an imported badge's source in words and puts the check after the description", () => {
    const { body } = render(BadgeDetail, { props: { record: badge("open_badges3"), goals: [], frameworkName: "" } });
    expect(body).toContain("Imported from an Open Badges 3.0 file");
    expect(body.indexOf("Checked on this computer")).toBeGreaterThan(body.indexOf("Curso de primeros auxilios"));
    expect(body).not.toContain("Share badge file");
  });

  it("offers to share an imported badge's original file", () => {
    const record = badge("open_badges3");
    record.data.original_credential = "e30=";
    const { body } = render(BadgeDetail, { props: { record, goals: [], frameworkName: "" } });
    expect(body).toContain("Share badge file…");
    expect(body.indexOf("Share badge file…")).toBeGreaterThan(body.indexOf("Checked on this computer"));
  });
});
