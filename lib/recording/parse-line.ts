/**
 * One recording line → a typed value (docs/recording-format.md). Per line this costs one JSON.parse and, for
 * an observation of an understood kind, one zod parse of the object's fields the analysis reads (of an event
 * whose reason it does not read, only that much: objects.ts); the envelope is checked by hand because it is
 * small and its messages should name the field in plain words.
 */
import { isJsonObject } from '../json-object';
import { knownKindOf, schemaForObject } from '../kube/objects';
import type {
  Observation,
  RecordingHeader,
  WatchEventType,
  WatchResource,
  WatchStateChange,
  WatchStateKind,
} from './types';
import { describeIssues, describeValue } from './describe-issue';
import { ISO_EXAMPLE, parseIsoTime } from './iso-time';
import { parseHeaderObject } from './parse-header';
import { RecordingError } from './recording-error';

export { RecordingError };

export type ParsedLine =
  | { kind: 'blank' }
  | { kind: 'header'; header: RecordingHeader }
  | { kind: 'observation'; entry: Observation }
  | { kind: 'watch-state'; entry: WatchStateChange }
  /** An object of a kind drainscope does not analyse; `apiVersionKind` is e.g. `apps/v1 Deployment`. */
  | { kind: 'skipped'; apiVersionKind: string };

const EVENT_TYPES: readonly WatchEventType[] = ['ADDED', 'MODIFIED', 'DELETED'];
const WATCH_RESOURCES: readonly WatchResource[] = ['pods', 'events', 'endpointslices', 'deployments'];
const WATCH_STATES: readonly WatchStateKind[] = ['connected', 'disconnected', 'relisted'];

/** `text` is one line without its line ending; `line` is its 1-based number, used in error messages. */
export function parseLine(text: string, line: number): ParsedLine {
  if (isBlank(text)) return { kind: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RecordingError(line, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isJsonObject(value)) throw new RecordingError(line, `expected a JSON object, found ${describeValue(value)}`);
  if (value.drainscope !== undefined) return { kind: 'header', header: parseHeaderObject(value, line) };
  if (value.type === 'WATCH') return { kind: 'watch-state', entry: parseWatchState(value, line) };
  return parseObservation(value, line);
}

const AT_PREFIX = '{"at":"';

/**
 * The `at` of a line as every writer we know formats it (`{"at":"<ISO time>",...`), without parsing the line; null
 * for any other shape. It lets the reader order lines before it parses them (reader.ts says why). `parseLine`
 * still checks the whole line later, `at` included.
 */
export function peekLineTime(text: string): number | null {
  if (!text.startsWith(AT_PREFIX)) return null;
  const end = text.indexOf('"', AT_PREFIX.length);
  if (end === -1 || text.charCodeAt(end + 1) !== 0x2c) return null;
  return parseIsoTime(text.slice(AT_PREFIX.length, end));
}

const AT_PREFIX_BYTES = Array.from(AT_PREFIX, (char) => char.charCodeAt(0));
/** Longer than any ISO time parseIsoTime accepts: such a value is not one, whatever it holds. */
const MAX_TIME_BYTES = 64;

/**
 * `peekLineTime` on the line's UTF-8 bytes (`bytes[from, to)`), before they are decoded, with the same answer: `"`
 * and `,` are ASCII, never part of a multi-byte sequence, and a time with any non-ASCII byte is refused either way.
 */
export function peekLineTimeBytes(bytes: Uint8Array, from = 0, to = bytes.byteLength): number | null {
  if (to - from < AT_PREFIX_BYTES.length) return null;
  for (let i = 0; i < AT_PREFIX_BYTES.length; i++) if (bytes[from + i] !== AT_PREFIX_BYTES[i]) return null;
  const start = from + AT_PREFIX_BYTES.length;
  const end = bytes.indexOf(0x22, start);
  if (end === -1 || end + 1 >= to || bytes[end + 1] !== 0x2c || end - start > MAX_TIME_BYTES) return null;
  // `apply` takes the typed array as it is; a spread would walk it with an iterator, three times slower.
  return parseIsoTime(String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]));
}

function parseObservation(value: Record<string, unknown>, line: number): ParsedLine {
  const at = requireTime(value.at, line);
  const type = requireOneOf(value.type, 'type', EVENT_TYPES, line, ' (or WATCH for a watch-state line)');
  const object = value.object;
  if (!isJsonObject(object))
    throw new RecordingError(
      line,
      object === undefined ? 'object is required' : `object must be a JSON object (found ${describeValue(object)})`,
    );
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || apiVersion === '')
    throw new RecordingError(line, 'object.apiVersion is required');
  if (typeof kind !== 'string' || kind === '') throw new RecordingError(line, 'object.kind is required');
  const known = knownKindOf(apiVersion, kind);
  if (known === null) return { kind: 'skipped', apiVersionKind: `${apiVersion} ${kind}` };
  const parsed = schemaForObject(known, object).safeParse(object);
  if (!parsed.success) throw new RecordingError(line, describeIssues(parsed.error.issues, object, 'object'));
  const entry: Observation = { at, type, object: parsed.data };
  if (value.earliest !== undefined || value.latest !== undefined) {
    const earliest = value.earliest === undefined ? at : requireTime(value.earliest, line, 'earliest');
    const latest = value.latest === undefined ? at : requireTime(value.latest, line, 'latest');
    if (!(earliest <= at && at <= latest)) throw new RecordingError(line, 'earliest ≤ at ≤ latest must hold');
    entry.earliest = earliest;
    entry.latest = latest;
  }
  return { kind: 'observation', entry };
}

function parseWatchState(value: Record<string, unknown>, line: number): WatchStateChange {
  const at = requireTime(value.at, line);
  const resource = requireOneOf(value.resource, 'resource', WATCH_RESOURCES, line);
  const state = requireOneOf(value.state, 'state', WATCH_STATES, line);
  const reason = value.reason;
  const entry: WatchStateChange = { at, type: 'WATCH', resource, state };
  if (reason !== undefined && reason !== null) {
    if (typeof reason !== 'string')
      throw new RecordingError(line, `reason must be a string (found ${describeValue(reason)})`);
    entry.reason = reason;
  }
  if (value.since !== undefined && value.since !== null) {
    const since = requireTime(value.since, line, 'since');
    if (since > at) throw new RecordingError(line, 'since must not be after at');
    entry.since = since;
  }
  return entry;
}

function requireTime(value: unknown, line: number, field = 'at'): number {
  const ms = parseIsoTime(value);
  if (ms !== null) return ms;
  if (value === undefined)
    throw new RecordingError(line, `${field} is required (the receipt time, ISO-8601 UTC like ${ISO_EXAMPLE})`);
  throw new RecordingError(
    line,
    `${field} must be an ISO-8601 time like ${ISO_EXAMPLE} (found ${describeValue(value)})`,
  );
}

function requireOneOf<T extends string>(
  value: unknown,
  field: string,
  allowed: readonly T[],
  line: number,
  hint = '',
): T {
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  const choices = allowed.join(', ') + hint;
  if (value === undefined) throw new RecordingError(line, `${field} is required (one of ${choices})`);
  throw new RecordingError(line, `${field} must be one of ${choices} (found ${describeValue(value)})`);
}

function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  // Only a line that starts with whitespace can be blank; the common case costs one comparison.
  return (first === 0x20 || first === 0x09 || first === 0x0d) && text.trim() === '';
}
