/**
 * Reads the output of `kubectl get pods,endpointslices,events -A -w --output-watch-events -o json`: a stream of
 * `{"type":…,"object":…}` JSON values, one per line or pretty-printed across lines. It has no receipt times, so
 * each observation is stamped with the object's own latest timestamp (whole seconds, apiserver or node clock);
 * an EndpointSlice carries none, so it gets the latest time seen before it in the stream. What is lost: the
 * millisecond receipt times (every "observed" marker becomes a second-resolution one, and endpoint changes are
 * placed no better than the surrounding pod and event times) and watch disconnects (kubectl does not report
 * them, so no "watch blind" gap can be shown).
 */
import { isJsonObject } from '@/lib/json-object';
import { RecordingError } from '@/lib/recording/recording-error';
import { formatObservationLine, stripForRecording } from '@/lib/recording/writer';
import { parseApiTime } from '@/lib/time';

export const KUBECTL_PRECISION_NOTE =
  'kubectl output has no receipt times: observations are stamped with the objects’ own timestamps (whole seconds); EndpointSlice changes get the latest time seen before them; watch disconnects are not recorded, so no watch-blind gaps can be shown.';

export interface KubectlLine {
  line: string;
  /** Where the value started in the input (1-based), for error messages. */
  sourceLine: number;
}

const TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED']);

/** Splits the decoded text into top-level JSON values by brace depth (strings and escapes respected). */
export async function* kubectlLines(text: AsyncIterable<string>): AsyncGenerator<KubectlLine, void, undefined> {
  let buffer = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  let start = 1;
  let latest = 0;
  for await (const chunk of text) {
    for (const char of chunk) {
      if (depth === 0 && buffer === '' && /\s/.test(char)) {
        if (char === '\n') line += 1;
        continue;
      }
      if (depth === 0 && buffer === '') {
        if (char !== '{') throw new RecordingError(line, `expected a JSON object from kubectl --output-watch-events -o json, found "${char}"`);
        start = line;
      }
      buffer += char;
      if (char === '\n') line += 1;
      if (inString) {
        if (escaped) escaped = false;
        else if (char === '\\') escaped = true;
        else if (char === '"') inString = false;
        continue;
      }
      if (char === '"') inString = true;
      else if (char === '{') depth += 1;
      else if (char === '}') depth -= 1;
      if (depth === 0) {
        const converted = convert(buffer, start, latest);
        buffer = '';
        if (converted) {
          latest = Math.max(latest, converted.at);
          yield { line: converted.line, sourceLine: start };
        }
      }
    }
  }
  if (buffer.trim() !== '') throw new RecordingError(start, 'the last JSON object is cut short (the kubectl output ends in the middle of it)');
}

function convert(text: string, line: number, latest: number): { line: string; at: number } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RecordingError(line, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isJsonObject(value) || typeof value.type !== 'string' || !isJsonObject(value.object)) throw new RecordingError(line, 'expected {"type": …, "object": …} (kubectl --output-watch-events)');
  // BOOKMARK and ERROR carry no object state worth keeping.
  if (!TYPES.has(value.type)) return null;
  const own = objectTime(value.object);
  const at = own ?? latest;
  if (at === 0) throw new RecordingError(line, 'the first object has no timestamp to place it in time');
  return { line: formatObservationLine(at, value.type as 'ADDED', stripForRecording(value.object)), at };
}

/** The latest timestamp an object carries about itself; null when it has none (EndpointSlices). */
export function objectTime(object: Record<string, unknown>): number | null {
  if (object.kind === 'EndpointSlice') return null;
  const times: string[] = [];
  collectTimes(object.kind === 'Event' ? pick(object, ['lastTimestamp', 'eventTime', 'firstTimestamp', 'deprecatedLastTimestamp']) : pick(object, ['status']), times);
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  if (typeof metadata.creationTimestamp === 'string') times.push(metadata.creationTimestamp);
  // deletionTimestamp is the delete time plus the grace period: the request happened grace seconds earlier.
  if (typeof metadata.deletionTimestamp === 'string') {
    const grace = typeof metadata.deletionGracePeriodSeconds === 'number' ? metadata.deletionGracePeriodSeconds : 0;
    const deadline = parseApiTime(metadata.deletionTimestamp);
    if (deadline !== null) times.push(new Date(deadline - grace * 1000).toISOString());
  }
  const parsed = times.map((time) => parseApiTime(time)).filter((time): time is number => time !== null);
  return parsed.length > 0 ? Math.max(...parsed) : null;
}

const TIME_FIELD = /^(lastTransitionTime|startedAt|finishedAt|startTime|lastTimestamp|eventTime|firstTimestamp|deprecatedLastTimestamp)$/;

function collectTimes(value: unknown, out: string[], key = ''): void {
  if (typeof value === 'string' && TIME_FIELD.test(key)) out.push(value);
  else if (Array.isArray(value)) for (const item of value) collectTimes(item, out, key);
  else if (isJsonObject(value)) for (const [name, item] of Object.entries(value)) collectTimes(item, out, name);
}

function pick(object: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in object).map((key) => [key, object[key]]));
}
