/**
 * `<input type="datetime-local">` values read and written as UTC. The input has no time zone of its own; the
 * dashboard shows UTC everywhere (like the CLI and the API), so the picker does too and says so.
 */
import { toIso } from '../time';

/** `2026-11-24T04:25:10`: seconds always, milliseconds dropped. */
export function toUtcInputValue(ms: number): string {
  return toIso(ms).slice(0, 19);
}

/** null when the value is empty or not a datetime-local value. */
export function fromUtcInputValue(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return null;
  const ms = Date.parse(`${value}Z`);
  return Number.isFinite(ms) ? ms : null;
}

export type UtcRange = { from: number; to: number } | { error: string };

export function utcRangeOf(fromValue: string, toValue: string): UtcRange {
  const from = fromUtcInputValue(fromValue);
  const to = fromUtcInputValue(toValue);
  if (from === null || to === null) return { error: 'choose both ends of the range' };
  if (to <= from) return { error: 'the range must end after it starts' };
  return { from, to };
}
