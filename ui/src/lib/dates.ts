// Dates in the data are calendar days ("YYYY-MM-DD", no time zone); they are
// shown in the user's locale. They must never be parsed with `new Date(iso)`,
// which reads them as UTC midnight and shows the previous day west of Greenwich.

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar day as a local `Date`, or null when `iso` is not a valid day. */
export function parseDay(iso: string): Date | null {
  const m = ISO_DAY.exec(iso);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  // Rejects 2026-02-31 and the like, which Date would silently roll over.
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date;
}

/** "Sep 1, 2026" (in the user's locale); the input unchanged when it is no valid day. */
export function formatDate(iso: string | null | undefined, locale?: string): string {
  if (!iso) return "";
  const date = parseDay(iso);
  if (!date) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(date);
}

/** A date range for display; an open end reads "ongoing" (or "" when `openEnd` is ""). */
export function formatDateRange(start: string, end: string | null, locale?: string, openEnd = "ongoing"): string {
  const from = formatDate(start, locale);
  if (end === null || end === "") return openEnd ? `${from} – ${openEnd}` : from;
  if (end === start) return from;
  return `${from} – ${formatDate(end, locale)}`;
}

/** An RFC 3339 timestamp as a local date and time. */
export function formatTimestamp(ts: string, locale?: string): string {
  const date = new Date(ts);
  if (Number.isNaN(date.getTime())) return ts;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/** A local `Date` as "YYYY-MM-DD". */
export function toIsoDay(date: Date): string {
  const y = String(date.getFullYear()).padStart(4, "0");
  const m = String(date.getMonth() + 1).padStart(2, "0");
  const d = String(date.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

/** Today on the user's calendar, as "YYYY-MM-DD". */
export function todayIso(): string {
  return toIsoDay(new Date());
}
