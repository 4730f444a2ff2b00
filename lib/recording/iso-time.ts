import { parseUtcFixed, type EpochMs } from '../time';

/**
 * ISO-8601 date-time with a zone: what `at` and `startedAt` must look like. `Date.parse` alone is too forgiving
 * (it takes "2026-11-24 04:25:01" and month-day overflow), so the shape is checked first. Offsets other than `Z`
 * and any number of fractional digits are accepted: the spec asks writers for UTC with ms, readers take more.
 */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

export const ISO_EXAMPLE = '2026-11-24T04:25:01.234Z';

/** Epoch ms, or null when `value` is not an ISO-8601 date-time with a zone or names a day that does not exist. */
export function parseIsoTime(value: unknown): EpochMs | null {
  if (typeof value !== 'string') return null;
  // The form the writer uses, with every field in range: the checks below could not refuse it.
  const fixed = parseUtcFixed(value);
  if (fixed !== null) return fixed;
  // `test` and fixed offsets rather than capture groups: this runs once per line and should not allocate.
  if (!ISO_DATE_TIME.test(value)) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return null;
  // Date.parse rolls 2026-02-30 over to March and 24:00 over to the next day; a recording with either has a
  // broken timestamp, not a date. The month length is only looked up when the day could overflow.
  if (value.charCodeAt(11) === 0x32 && value.charCodeAt(12) === 0x34) return null;
  const day = Number(value.slice(8, 10));
  if (day > 28 && day > new Date(Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)), 0)).getUTCDate())
    return null;
  return ms;
}
