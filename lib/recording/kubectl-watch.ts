/**
 * Converts the output of `kubectl get RESOURCE -A -w --output-watch-events -o json` (one watch per resource type:
 * kubectl takes one with -w; several such outputs may be concatenated in any order) into recording observations.
 *
 * kubectl output has no receipt times, so no change is placed as if observed. Each one carries the interval it
 * can have happened in (Observation `earliest`/`latest`):
 *  - earliest: the newest timestamp the object carries about itself, which was written before the change was
 *    committed (see `ownTime`); raised to the newest such bound of the objects before it in the same stream once
 *    that stream is past its initial list, because a watch delivers changes in commit order. The initial list
 *    (the ADDED events kubectl prints before it starts watching) comes in no time order, so nothing is carried
 *    across it; a stream ends where the object kind changes (concatenated outputs).
 *  - latest: the end of the capture, the newest timestamp found anywhere in the input: nothing in kubectl output
 *    bounds a change from above. It is known only once the whole input is read: until then an entry carries the
 *    newest timestamp seen so far, and a reader of the whole input sets the final one (`withLatest`).
 *  - at (where it is ordered and drawn): earliest, the best placement that can be justified.
 * An EndpointSlice is never placed at another object's time (the old importer stamped it with the last pod time
 * before it, labelled as observed: that invented endpoint gaps).
 */
import { isJsonObject } from '../json-object';
import type { EpochMs } from '../time';
import { toIso } from '../time';
import { parseIsoTime } from './iso-time';
import { RecordingError } from './recording-error';
import type { WatchEventType } from './types';
import { formatObservationLine, stripForRecording } from './writer';

export const KUBECTL_PRECISION_NOTE =
  'kubectl output has no receipt times: each change is known only to lie between the newest timestamp its object carries (whole seconds) and the end of the capture, so its markers are intervals, not observed times, and a gap is shown only if it holds wherever in them the changes happened; watch disconnects are not recorded, so no watch-blind gaps can be shown.';

/** Read on the EndpointSlice before stripForRecording drops annotations: when the change that caused this update happened. */
const TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';

const TYPES: ReadonlySet<string> = new Set<WatchEventType>(['ADDED', 'MODIFIED', 'DELETED']);

export interface KubectlObservation {
  at: EpochMs;
  earliest: EpochMs;
  type: WatchEventType;
  /** The object stripped for recording. */
  object: unknown;
}

interface Stream {
  kind: string;
  /** The newest lower bound of the objects read so far in this stream. */
  floor: number;
  /** Past the initial list: the first MODIFIED or DELETED shows the watch has started. */
  watching: boolean;
}

export class KubectlWatchConverter {
  private stream: Stream | null = null;
  private end: number | null = null;

  /** The newest timestamp read so far (the end of the capture once the whole input is read); null before any. */
  get captureEnd(): EpochMs | null {
    return this.end;
  }

  /** One `{"type":…,"object":…}` value; null for BOOKMARK and ERROR, which carry no object state worth keeping. */
  convert(text: string, line: number): KubectlObservation | null {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new RecordingError(line, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!isJsonObject(value) || typeof value.type !== 'string' || !isJsonObject(value.object))
      throw new RecordingError(line, 'expected {"type": …, "object": …} (kubectl --output-watch-events)');
    if (!TYPES.has(value.type)) return null;
    const type = value.type as WatchEventType;
    const object = value.object;
    const kind = `${String(object.apiVersion)} ${String(object.kind)}`;
    if (this.stream === null || this.stream.kind !== kind) this.stream = { kind, floor: -Infinity, watching: false };
    const stream = this.stream;
    if (type !== 'ADDED') stream.watching = true;
    const own = ownTime(object);
    const floor = stream.watching ? stream.floor : -Infinity;
    const earliest = Math.max(own ?? -Infinity, floor);
    if (!Number.isFinite(earliest))
      throw new RecordingError(
        line,
        'the object carries no timestamp (not even metadata.creationTimestamp) to place it in time',
      );
    stream.floor = Math.max(stream.floor, earliest);
    this.end = Math.max(this.end ?? -Infinity, earliest);
    return { at: earliest, earliest, type, object: stripForRecording(object) };
  }
}

/** The recording line of a converted observation, with `latest` as known so far. */
export function kubectlObservationLine(observation: KubectlObservation, latest: EpochMs): string {
  return formatObservationLine(observation.at, observation.type, observation.object, {
    earliest: observation.earliest,
    latest,
  });
}

const LATEST_FIELD = ',"latest":"';

/**
 * `line` (written by `kubectlObservationLine`) with `latest` replaced: the same text formatObservationLine writes
 * with the final bound. Done on the text (the field sits before the object, in a fixed place) so that a whole
 * import is not parsed a second time.
 */
export function withLatest(line: string, latest: EpochMs): string {
  const start = line.indexOf(LATEST_FIELD);
  const valueStart = start + LATEST_FIELD.length;
  const end = start === -1 ? -1 : line.indexOf('"', valueStart);
  if (end === -1) throw new Error('not a line written by kubectlObservationLine');
  return `${line.slice(0, valueStart)}${toIso(latest)}${line.slice(end)}`;
}

/**
 * The newest time an object carries about itself, each written before the change that carries it was committed:
 * a lower bound of when the state shown came to be. null when it has none.
 */
export function ownTime(object: Record<string, unknown>): EpochMs | null {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  const times: unknown[] = [metadata.creationTimestamp];
  if (object.kind === 'EndpointSlice') {
    if (isJsonObject(metadata.annotations)) times.push(metadata.annotations[TRIGGER_TIME_ANNOTATION]);
  } else {
    collectTimes(
      object.kind === 'Event'
        ? pick(object, ['lastTimestamp', 'eventTime', 'firstTimestamp', 'deprecatedLastTimestamp', 'series'])
        : pick(object, ['status']),
      times,
    );
  }
  // deletionTimestamp is the delete request's time plus the grace period: the request happened grace seconds earlier.
  if (typeof metadata.deletionTimestamp === 'string') {
    const grace = typeof metadata.deletionGracePeriodSeconds === 'number' ? metadata.deletionGracePeriodSeconds : 0;
    const deadline = parseIsoTime(metadata.deletionTimestamp);
    if (deadline !== null) times.push(toIso(deadline - grace * 1000));
  }
  let newest: number | null = null;
  for (const time of times) {
    const ms = typeof time === 'string' ? parseIsoTime(time) : null;
    if (ms !== null && (newest === null || ms > newest)) newest = ms;
  }
  return newest;
}

const TIME_FIELD =
  /^(lastTransitionTime|startedAt|finishedAt|startTime|lastTimestamp|eventTime|firstTimestamp|deprecatedLastTimestamp|lastObservedTime)$/;

function collectTimes(value: unknown, out: unknown[], key = ''): void {
  if (typeof value === 'string' && TIME_FIELD.test(key)) out.push(value);
  else if (Array.isArray(value)) for (const item of value) collectTimes(item, out, key);
  else if (isJsonObject(value)) for (const [name, item] of Object.entries(value)) collectTimes(item, out, name);
}

function pick(object: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in object).map((key) => [key, object[key]]));
}
