import { describe, expect, it } from "vitest";
import type { BadgeData } from "./bindings/BadgeData";
import {
  addAttachedKey,
  blankIssueDraft,
  buildIssueRequest,
  issueErrors,
  issuerLabel,
  keyKind,
  keySummary,
  passphraseErrors,
  recipientSummary,
  removeAttachedKey,
  validateIssueDraft,
  withAttachedKeys,
} from "./issue";

const PEM = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----";
const JWK = '{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"k1"}';
const DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

describe("issue form", () => {
  it("requires issuer, name, description and criteria", () => {
    expect(validateIssueDraft(blankIssueDraft())).toEqual({
      issuer: expect.any(String),
      name: expect.any(String),
      description: expect.any(String),
      criteria: expect.any(String),
    });
    expect(validateIssueDraft({ issuerId: "did:key:z1", name: " ", description: "d", criteria: "c" })).toEqual({ name: expect.any(String) });
    expect(validateIssueDraft({ issuerId: "did:key:z1", name: "n", description: "d", criteria: "c" })).toEqual({});
  });

  it("builds the request with trimmed texts and the learner", () => {
    expect(buildIssueRequest({ issuerId: " did:key:z1 ", name: " Teamwork ", description: " Works well ", criteria: "\nDid it\n" }, "L1")).toEqual({
      issuer_id: "did:key:z1",
      learner_id: "L1",
      name: "Teamwork",
      description: "Works well",
      criteria: "Did it",
    });
  });

  it("places the core's errors on fields", () => {
    expect(
      issueErrors({
        code: "validation",
        message: "x",
        fields: [
          { field: "description", message: "Needed." },
          { field: "request.criteria", message: "Also needed." },
          { field: "issuer_id", message: "Unknown issuer." },
          { field: "other", message: "Odd." },
        ],
      }),
    ).toEqual({ description: "Needed.", criteria: "Also needed.", issuer: "Unknown issuer.", "": "Odd." });
    expect(issueErrors({ code: "invalid_input", message: "No key.", fields: [] })).toEqual({ "": "No key." });
  });

  it("labels self-asserted issuers", () => {
    expect(issuerLabel({ name: "Ms Rivera", self_asserted: false })).toBe("Ms Rivera");
    expect(issuerLabel({ name: "Maya", self_asserted: true })).toBe("Maya (self-asserted)");
  });

  it("describes the recipient, gently when there is no email", () => {
    const withEmail = recipientSummary({ name: "Maya", emails: ["", " maya@example.org "] });
    expect(withEmail.email).toBe("maya@example.org");
    const none = recipientSummary({ name: "Maya", emails: [] });
    expect(none.email).toBeNull();
    expect(none.note).toMatch(/only by name/);
  });
});

describe("key backup passphrase", () => {
  it("needs at least 8 characters and a matching confirmation", () => {
    expect(passphraseErrors("short", "short").passphrase).toBeTruthy();
    expect(passphraseErrors("long enough", "long enouhg")).toEqual({ confirm: expect.any(String) });
    expect(passphraseErrors("long enough", "long enough")).toEqual({});
    expect(passphraseErrors("12345678", "12345678")).toEqual({});
  });
});

describe("attached keys", () => {
  it("recognises PEM, JWK and did:key", () => {
    expect(keyKind(PEM)).toBe("PEM");
    expect(keyKind(` ${JWK} `)).toBe("JWK");
    expect(keyKind(DID)).toBe("did:key");
    expect(keyKind("hello")).toBeNull();
    expect(keyKind("{not json")).toBeNull();
    expect(keySummary(JWK)).toBe("JWK (OKP, Ed25519, k1)");
  });

  it("adds a trimmed key, refusing empty, unknown, private and duplicate keys", () => {
    expect(addAttachedKey([], `\n${PEM}\n`)).toEqual({ keys: [PEM] });
    expect(addAttachedKey([PEM], DID)).toEqual({ keys: [PEM, DID] });
    expect(addAttachedKey([], "  ")).toHaveProperty("error");
    expect(addAttachedKey([], "not a key")).toHaveProperty("error");
    expect(addAttachedKey([], "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")).toHaveProperty("error");
    expect(addAttachedKey([], '{"kty":"OKP","crv":"Ed25519","x":"a","d":"secret"}')).toHaveProperty("error");
    expect(addAttachedKey([PEM], PEM.replace(/\n/g, "\r\n"))).toHaveProperty("error");
    expect(addAttachedKey([JWK], JSON.stringify(JSON.parse(JWK), null, 2))).toHaveProperty("error");
  });

  it("removes a key by index", () => {
    expect(removeAttachedKey([PEM, DID, JWK], 1)).toEqual([PEM, JWK]);
    expect(removeAttachedKey([PEM], 5)).toEqual([PEM]);
  });

  it("changes only the attached keys of the badge", () => {
    const d: BadgeData = {
      name: "B",
      issuer_name: "I",
      issued_on: "2026-01-01",
      expires_on: null,
      description: "",
      criteria: "",
      image_ref: null,
      evidence_links: ["https://example.org"],
      goal_tags: ["communication"],
      attached_keys: [],
      source: "open_badges2",
      original_credential: "eyJ9",
    };
    const next = withAttachedKeys(d, [DID]);
    expect(next).toEqual({ ...d, attached_keys: [DID] });
    expect(d.attached_keys).toEqual([]);
  });
});
