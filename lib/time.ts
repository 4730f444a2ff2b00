/**
 * Time inside the pipeline is epoch milliseconds as a plain number; `Date` and ISO strings exist only at the
 * edges (parsing API objects, writing JSON). Every point in time that drainscope shows carries a precision.
 */
export type EpochMs = number;

/**
 * - `observed`: a watch receipt time on drainscope's own clock, millisecond resolution.
 * - `second`: an API timestamp (apiserver or node clock), truncated to whole seconds by the API.
 * - `estimated`: inferred from other markers and the pod spec; never reported by the API.
 */
export type Precision = 'observed' | 'second' | 'estimated';

/** Parses an RFC 3339 API timestamp (`2026-11-24T04:25:01Z`, also with fractional seconds); null when absent or invalid. */
export function parseApiTime(value: string | null | undefined): EpochMs | null {
  if (!value) return null;
  const fixed = parseUtcFixed(value);
  if (fixed !== null) return fixed;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** Two ASCII digits at `index` as a number, or -1. */
function twoDigits(value: string, index: number): number {
  const tens = value.charCodeAt(index) - 0x30;
  const ones = value.charCodeAt(index + 1) - 0x30;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil); `month` is 1-12. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return (
    era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468
  );
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/**
 * The two forms nearly every timestamp takes, `YYYY-MM-DDTHH:MM:SSZ` (API) and `YYYY-MM-DDTHH:MM:SS.mmmZ`
 * (receipts), read without Date.parse, which costs several times more and runs some 300,000 times per big
 * recording. Null for anything else, including out-of-range fields (hour 24, day 31 of a 30-day month): callers
 * fall back to their general path, so those keep exactly the answer they had.
 */
export function parseUtcFixed(value: string): EpochMs | null {
  const length = value.length;
  if (length !== 20 && length !== 24) return null;
  if (
    value.charCodeAt(length - 1) !== 0x5a ||
    value.charCodeAt(4) !== 0x2d ||
    value.charCodeAt(7) !== 0x2d ||
    value.charCodeAt(10) !== 0x54 ||
    value.charCodeAt(13) !== 0x3a ||
    value.charCodeAt(16) !== 0x3a
  )
    return null;
  const century = twoDigits(value, 0);
  const yearOfCentury = twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  const second = twoDigits(value, 17);
  // Years before 1000 are left to Date.parse: nothing records them, and no branch here need reason about them.
  if (
    century < 10 ||
    yearOfCentury < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  )
    return null;
  const year = century * 100 + yearOfCentury;
  if (day > 28 && day > daysInMonth(year, month)) return null;
  let ms = 0;
  if (length === 24) {
    const hundreds = value.charCodeAt(20) - 0x30;
    const rest = twoDigits(value, 21);
    if (value.charCodeAt(19) !== 0x2e || hundreds < 0 || hundreds > 9 || rest < 0) return null;
    ms = hundreds * 100 + rest;
  }
  return daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

/** ISO-8601 UTC with milliseconds, the form the recording and analysis formats use. */
export function toIso(ms: EpochMs): string {
  return new Date(ms).toISOString();
}

export const SECOND_MS = 1000;
