// Evidence a learner can point at (experiences, journal entries, badges), as
// picker options "kind:id" → "Kind: title". Shared by the exhibition and the
// plan goals.

import { listRecords } from "./api";
import type { RecordKind } from "./bindings/RecordKind";
import type { RecordRef } from "./bindings/RecordRef";
import { recordTitle } from "./kinds";

export type EvidenceOption = { value: string; label: string };

export const EVIDENCE_KINDS: readonly { kind: RecordKind; label: string }[] = [
  { kind: "experience", label: "Experience" },
  { kind: "reflection", label: "Journal" },
  { kind: "badge", label: "Badge" },
];

export function refKey(ref: RecordRef): string {
  return `${ref.kind}:${ref.id}`;
}

export function parseRefKey(key: string): RecordRef | null {
  const i = key.indexOf(":");
  if (i <= 0 || i === key.length - 1) return null;
  return { kind: key.slice(0, i) as RecordKind, id: key.slice(i + 1) };
}

/** The learner's experiences, journal entries and badges as options. */
export async function loadEvidenceOptions(learnerId: string): Promise<EvidenceOption[]> {
  const lists = await Promise.all(EVIDENCE_KINDS.map((k) => listRecords(learnerId, k.kind, "")));
  return lists.flatMap((list, i) =>
    list.map((r) => ({ value: `${r.kind}:${r.meta.id}`, label: `${EVIDENCE_KINDS[i]?.label ?? r.kind}: ${recordTitle(r)}` })),
  );
}
