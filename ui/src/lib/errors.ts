// The core's refusals as one line of text for a message under a form.

import { toApiError } from "./api";

/** What the core said: its field messages joined when there are any, else its message. */
export function errorSentences(e: unknown): string {
  const a = toApiError(e);
  return a.fields.length ? a.fields.map((f) => f.message).join(" ") : a.message;
}
