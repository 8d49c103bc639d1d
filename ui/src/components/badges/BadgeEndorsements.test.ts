// Endorsements and a learner record's achievements, rendered on the server.
import { render } from "svelte/server";
import { describe, expect, it } from "vitest";
import type { EndorsementCheck } from "../../lib/bindings/EndorsementCheck";
import BadgeEndorsements from "./BadgeEndorsements.svelte";

function endorsement(status: string, extra: Partial<EndorsementCheck> = {}): EndorsementCheck {
  return {
    on: "achievement",
    endorser: "Associação Brasileira de Robótica",
    endorser_id: "did:key:z6Mk",
    comment: "Critérios alinhados — 很好",
    issued_at: "2025-01-01T00:00:00Z",
    status,
    detail: status === "verified" ? "The eddsa-rdfc-2022 signature is valid." : "The signature does not match.",
    warnings: [],
    ...extra,
  };
}

describe("BadgeEndorsements", () => {
  it("names each endorser, what they endorse, their words and their own check", () => {
    const { body } = render(BadgeEndorsements, {
      props: { endorsements: [endorsement("verified"), endorsement("invalid", { on: "issuer", endorser: "Outro" })], clr: null },
    });
    const shown = [
      "Endorsements",
      "Associação Brasileira de Robótica",
      "endorses the achievement",
      "“Critérios alinhados — 很好”",
      "Verified",
      "endorses the issuer",
      "Signature invalid",
      // Only a check that failed says why in the text.
      "The signature does not match.",
    ];
    for (const text of shown) expect(body).toContain(text);
    expect(body.match(/The eddsa-rdfc-2022 signature is valid\./g)?.length ?? 0).toBe(1); // in the title only
    expect(body).not.toContain("learner record");
  });

  it("lists a learner record's achievements in order with their status", () => {
    const parts = [
      { name: "Álgebra", issuer_name: "Liceo", status: "verified", detail: "", endorsements: [endorsement("verified")] },
      { name: "Física — 物理", issuer_name: "Liceo", status: "not_yet_valid", detail: "", endorsements: [] },
    ];
    const { body } = render(BadgeEndorsements, {
      props: { endorsements: [], clr: { name: "Certificado 2025", issuer_name: "Liceo Industrial", parts } },
    });
    expect(body).toContain("A learner record from Liceo Industrial, “Certificado 2025”, holding 2");
    expect(body.indexOf("Álgebra")).toBeLessThan(body.indexOf("Física — 物理"));
    expect(body).toContain("Not yet valid");
    expect(body).not.toContain(">Endorsements<");
  });

  it("shows nothing when there is nothing to show", () => {
    const { body } = render(BadgeEndorsements, { props: { endorsements: [], clr: null } });
    expect(body.replace(/<!--.*?-->/g, "").trim()).toBe("");
  });
});
