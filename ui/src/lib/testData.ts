// Records and frameworks shared by the unit tests (never imported by the app).

import type { AnyRecord } from "./bindings/AnyRecord";
import type { BadgeCheck } from "./bindings/BadgeCheck";
import type { BadgeData } from "./bindings/BadgeData";
import type { Framework } from "./bindings/Framework";
import type { RecordMeta } from "./bindings/RecordMeta";
import { badgeForm } from "./recordForms";

/** Big Picture Learning with two of its goals. */
export const BPL: Framework = {
  id: "bpl",
  name: "Big Picture Learning",
  description: "",
  institution: "",
  builtin: true,
  updated: null,
  goals: [
    { id: "empirical_reasoning", name: "Empirical Reasoning", description: "Like a scientist", guiding_questions: ["How do I prove it?"] },
    { id: "communication", name: "Communication", description: "Ideas", guiding_questions: [] },
  ],
};

/** Record metadata: id `id`, learner `learner`, made by the student on 1 January 2026. */
export function testMeta(id: string, learner = "L"): RecordMeta {
  return { id, learner_id: learner, created: "2026-01-01T00:00:00Z", updated: "2026-01-01T00:00:00Z", author_role: "student" };
}

/** A hand-made-looking imported badge named `name` (id `id-<name>`), with `extra` fields. */
export function testBadge(name: string, extra: Partial<BadgeData> = {}, meta: RecordMeta = testMeta(`id-${name}`)): AnyRecord {
  const data: BadgeData = { ...badgeForm.blank(), name, issuer_name: "Issuer", issued_on: "2026-01-01", source: "open_badges2" };
  return { kind: "badge", meta, data: { ...data, ...extra } };
}

/** What checking a badge found: `status`, in an Open Badges 2.0 file, nothing else. */
export function testCheck(status: string): BadgeCheck {
  return {
    status,
    detail: "",
    warnings: [],
    format: "ob2",
    recipient_matches: null,
    recipient: null,
    achievement_type: null,
    alignments: [],
    found_in: null,
    sha256: null,
    raw_json: "",
    endorsements: [],
    clr: null,
  };
}
