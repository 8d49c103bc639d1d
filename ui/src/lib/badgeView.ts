// How a badge's page is laid out in plain words: a hand-entered badge has no
// credential to check, so it shows one quiet sentence instead of a
// verification section; an imported one shows its check result and folds the
// technical details (format, hashes, keys, raw credential) behind "Details".

import type { BadgeSource } from "./bindings/BadgeSource";

/** What the "checked" part of a badge page shows. */
export interface CheckLayout {
  /** The heading of the section. */
  heading: string;
  /** A plain sentence shown under the status (empty: the check's own detail is shown). */
  note: string;
  /** Whether technical details and issuer keys are offered (folded away). */
  details: boolean;
}

/** The layout for a badge from `source`. */
export function checkLayout(source: BadgeSource): CheckLayout {
  if (source === "manual") {
    return { heading: "Where it came from", note: "Typed in by hand, so there is no badge file to check.", details: false };
  }
  return { heading: "Checked on this computer", note: "", details: true };
}

/** How an imported badge's credential format is named for people ("Open Badges 3.0 file"). */
export function sourceLabel(source: BadgeSource): string {
  switch (source) {
    case "open_badges2":
      return "Open Badges 2.0 file";
    case "open_badges3":
      return "Open Badges 3.0 file";
    default:
      return "Entered by hand";
  }
}
