// Client-side filter of the portfolio lists by marking period.

import type { PeriodData } from "./bindings/PeriodData";
import type { PortfolioRecord } from "./kinds";

/** Whether a record falls into the period (first and last day inclusive). */
export function inPeriod(r: PortfolioRecord, p: PeriodData): boolean {
  const within = (day: string) => day.slice(0, 10) >= p.start && day.slice(0, 10) <= p.end;
  switch (r.kind) {
    case "experience": {
      // Overlaps; no end date = still going.
      const end = r.data.end_date;
      return r.data.start_date <= p.end && (end === null || end === "" || end >= p.start);
    }
    case "reflection":
      return within(r.data.date);
    case "badge":
      return within(r.data.issued_on);
    case "goal":
      return within(r.data.target_date || r.meta.created);
  }
}

/** The records of the period, in the given order; all of them when `period` is null. */
export function filterByPeriod<R extends PortfolioRecord>(records: readonly R[], period: PeriodData | null): R[] {
  return period ? records.filter((r) => inPeriod(r, period)) : [...records];
}
