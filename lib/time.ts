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
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** ISO-8601 UTC with milliseconds, the form the recording and analysis formats use. */
export function toIso(ms: EpochMs): string {
  return new Date(ms).toISOString();
}

export const SECOND_MS = 1000;
