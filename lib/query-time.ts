/**
 * A point in time given in a URL (`?from=`, `?to=`): the one reader for every route and page that takes one, so
 * they accept and refuse the same things with the same words.
 *
 * Accepted: an ISO-8601 date-time with a zone (`2026-11-24T04:25:00Z`, `…T05:25:00.5+01:00`), an ISO-8601 date
 * (`2026-11-24`, midnight UTC), or epoch milliseconds as a plain integer. Every time must be 0 (the beginning,
 * as in `?from=0`) or lie from 2000-01-01 to the end of year 9999: a year (`2030`) or epoch seconds read as epoch
 * milliseconds would land in January 1970 and silently select nothing, and a time past year 9999 cannot be written
 * back as ISO-8601 (the export names its file and header with it). `Date.parse` is not used alone: it takes
 * "March 7" and rolls 2026-02-30 over to March.
 */
import { parseIsoTime } from './recording/iso-time';
import type { EpochMs } from './time';

export type QueryTime = { ok: true; ms: EpochMs } | { ok: false; problem: string };

/** 2000-01-01T00:00:00.000Z: no Kubernetes object is older. */
export const MIN_QUERY_TIME_MS = Date.UTC(2000, 0, 1);
/** 9999-12-31T23:59:59.999Z: the last instant a four-digit ISO-8601 year can write. */
export const MAX_QUERY_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const EXAMPLE = '2026-11-24T04:25:00Z';
const EXPECTED = `an ISO-8601 time like ${EXAMPLE}, or epoch milliseconds`;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;
const DATE_TIME_WITHOUT_SECONDS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})$/;
/** `+01:00` as a query parameter arrives as ` 01:00` when the `+` was not escaped. */
const SPACE_FOR_PLUS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)? \d{2}:\d{2}$/;

/** The value as quoted back in a message: short, and only printable ASCII, so a message stays one plain line. */
function quoted(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
  return JSON.stringify(shown).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function refused(value: string, why: string): QueryTime {
  return { ok: false, problem: `must be ${EXPECTED}; got ${quoted(value)}: ${why}` };
}

function inRange(ms: EpochMs): boolean {
  return ms === 0 || (ms >= MIN_QUERY_TIME_MS && ms <= MAX_QUERY_TIME_MS);
}

/** Why an integer outside the range is not epoch milliseconds, with the likely intent when there is one. */
function integerProblem(value: string): string {
  const digits = value.replace(/^0+(?=\d)/, '');
  if (digits.length <= 4)
    return `as epoch milliseconds that is ${new Date(Number(digits)).toISOString()}; for a year write ${digits.padStart(4, '0')}-01-01T00:00:00Z`;
  if (digits.length <= 10 && Number(digits) * 1000 >= MIN_QUERY_TIME_MS)
    return `that looks like epoch seconds (${new Date(Number(digits) * 1000).toISOString()}): multiply by 1000`;
  if (Number(digits) < MIN_QUERY_TIME_MS)
    return 'as epoch milliseconds that is before 2000-01-01, earlier than anything drainscope can have recorded';
  return 'as epoch milliseconds that is after year 9999';
}

/** Reads one time; `problem` says what was wrong without the parameter's name (the caller adds it). */
export function parseQueryTime(value: string): QueryTime {
  if (value === '') return refused(value, 'it is empty');
  if (/^\d+$/.test(value)) {
    // Past 16 digits Number() rounds: such a value is out of range anyway, and is refused as such below.
    const ms = Number(value);
    return inRange(ms) ? { ok: true, ms } : refused(value, integerProblem(value));
  }
  const withoutSeconds = DATE_TIME_WITHOUT_SECONDS.exec(value);
  const iso = ISO_DATE.test(value)
    ? parseIsoTime(`${value}T00:00:00Z`)
    : withoutSeconds
      ? parseIsoTime(`${withoutSeconds[1]}:00${withoutSeconds[2]}`)
      : parseIsoTime(value);
  if (iso !== null)
    return inRange(iso)
      ? { ok: true, ms: iso }
      : refused(value, 'it is before 2000-01-01, earlier than anything drainscope can have recorded');
  if (SPACE_FOR_PLUS.test(value))
    return refused(value, 'a "+" in a query string reads as a space: write the offset as %2B01:00, or use Z');
  if (DATE_TIME_WITHOUT_ZONE.test(value))
    return refused(value, 'it has no time zone: add Z for UTC, or an offset like +01:00');
  if (/^[+-]\d+$/.test(value))
    return refused(value, 'epoch milliseconds are written as a plain integer, without a sign');
  if (/^[\d:T.Z+-]+$/.test(value)) return refused(value, 'not a date or time that exists');
  return refused(value, 'not a form drainscope reads');
}

/** A time that did not come from a query parameter (an episode id's bounds) in the same range. */
export function isQueryTimeInRange(ms: EpochMs): boolean {
  return Number.isSafeInteger(ms) && inRange(ms);
}
