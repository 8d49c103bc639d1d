import { describe, expect, it } from "vitest";
import { commentTarget, isRelayUrl, newComments, removalSentence, replicaSentence, shortDid, signatureText, syncTone, unreadAt, unreadByKind, unreadOn } from "./team";

describe("team texts", () => {
  it("counts unread comments on exactly one target and says how many", () => {
    const counts = [
      { on: "plan:p#g1", count: 3 },
      { on: "plan:p", count: 1 },
    ];
    expect(unreadAt(counts, "plan:p#g1")).toBe(3);
    expect(unreadAt(counts, "plan:p#g2")).toBe(0);
    expect([newComments(1), newComments(3)]).toEqual(["1 new comment", "3 new comments"]);
    expect(replicaSentence("  ")).toBe("This portfolio belongs to the student; you can comment and sign.");
  });

  it("shortens a device key to its start and end", () => {
    expect(shortDid("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")).toBe("did:key:z6MkhaXg…2doK");
    expect(shortDid("did:key:z6Mkshort")).toBe("did:key:z6Mkshort");
  });

  it("gives every sync state a tone, unreachable the alarming one", () => {
    expect(syncTone("up_to_date")).toBe("success");
    expect(syncTone("waiting")).toBe("warning");
    expect(syncTone("unreachable")).toBe("danger");
    expect(syncTone("not_shared")).toBe("muted");
  });

  it("counts unread comments per kind and per record, parts included", () => {
    const counts = [
      { on: "experience:a", count: 2 },
      { on: "plan:p#g1", count: 1 },
      { on: "plan:p", count: 3 },
      { on: "experience:ab", count: 5 },
    ];
    expect(unreadByKind(counts)).toEqual({ experience: 7, plan: 4 });
    expect(unreadOn(counts, "plan", "p")).toBe(4);
    expect(unreadOn(counts, "experience", "a")).toBe(2);
    expect(commentTarget("plan", "p", "g1")).toBe("plan:p#g1");
  });

  it("says what a signature check found", () => {
    expect(signatureText({ status: "valid" }).tone).toBe("success");
    expect(signatureText({ status: "earlier_revision", revision: 1 }).label).toBe("Valid for revision 1 (not this one)");
    expect(signatureText({ status: "invalid", reason: "the signature does not match" })).toEqual({
      label: "Invalid: the signature does not match",
      tone: "danger",
    });
  });

  it("says honestly what a removed person keeps", () => {
    expect(removalSentence("Ana", "They keep what they synced.", null)).toBe("Ana is no longer on the team. They keep what they synced.");
    expect(isRelayUrl("ws://127.0.0.1:3030")).toBe(true);
    expect(isRelayUrl("https://x")).toBe(false);
  });
});
