/**
 * Termination timelines as a Chrome Trace Event Format file (the JSON object form: `traceEvents` plus
 * `displayTimeUnit`), which Perfetto UI (https://ui.perfetto.dev) and chrome://tracing open:
 *
 * - one process per workload (`namespace/Kind/name`; pods without a controller, one process per namespace);
 * - per pod a thread named after the pod: the `terminating` slice (delete request → pod gone) and the pod's own
 *   markers; a `<pod> endpoints` thread: `routed` (endpoint ready → not ready or removed) and the endpoint markers;
 *   a `<pod> gaps` thread: every gap. The container's markers and `preStop` slice go on the pod's thread, or on a
 *   `<pod>/<container>` thread each when the pod has more than one container;
 * - every marker an instant event, every interval a complete (`X`) event; `ts` and `dur` in microseconds from the
 *   episode start, the earliest time in the input (earliest bound of any marker, start of any gap). What a marker
 *   knows (bounds as ISO and µs offsets, precision, expected, container, exit code, reason) is in `args`.
 *
 * Slices on one thread are a stack in both viewers: two that cross (B starts inside A and ends after it) cannot be
 * shown, and Perfetto drops or cuts one of them. Every thread therefore holds only nested or disjoint slices; a
 * slice that would cross one goes on an overflow thread (`<name> (2)`, …) next to it.
 *
 * Pod names, reasons and other strings from the cluster are only ever JSON values, written by JSON.stringify.
 */
import type { EpochMs } from '../time';
import { toIso } from '../time';
import type { Gap, Marker, MarkerKind, PodTimeline, Severity } from '../timeline/types';

export type TraceArgValue = string | number | boolean;
export type TraceArgs = Record<string, TraceArgValue>;

interface EventBase {
  name: string;
  cat: string;
  /** Microseconds from the episode start. */
  ts: number;
  pid: number;
  tid: number;
  args: TraceArgs;
}

export interface MetadataEvent extends EventBase {
  ph: 'M';
  name: 'process_name' | 'process_sort_index' | 'thread_name' | 'thread_sort_index';
}

export interface CompleteEvent extends EventBase {
  ph: 'X';
  /** Microseconds. */
  dur: number;
  /** A reserved colour name of chrome://tracing; Perfetto picks its own colours. */
  cname?: string;
}

export interface InstantEvent extends EventBase {
  ph: 'i';
  /** Thread scope: drawn on the pod's (or container's) own track. */
  s: 't';
}

export type TraceEvent = MetadataEvent | CompleteEvent | InstantEvent;

export interface ChromeTrace {
  displayTimeUnit: 'ms';
  otherData: Record<string, string>;
  traceEvents: TraceEvent[];
}

export interface TraceOptions {
  /**
   * The newest observation ("now"): where a slice whose end has not been seen yet stops (a pod still terminating,
   * an endpoint still routed). Without it, the latest time the input saw happen.
   */
  nowMs?: EpochMs | null;
}

const CONTAINER_KINDS: ReadonlySet<MarkerKind> = new Set([
  'killing',
  'preStopStart',
  'preStopEnd',
  'sigterm',
  'containerExited',
  'sigkill',
]);
const ENDPOINT_KINDS: ReadonlySet<MarkerKind> = new Set([
  'endpointReady',
  'endpointNotReady',
  'endpointNotServing',
  'endpointRemoved',
]);
/** chrome://tracing's reserved colour names, by how bad the gap is. */
const GAP_COLOUR: Record<Severity, string> = { critical: 'terrible', warning: 'bad', info: 'grey' };

/** The episode start: nothing in the trace is earlier, so every offset is >= 0. Null when there is nothing. */
export function traceOrigin(pods: readonly PodTimeline[]): EpochMs | null {
  let origin = Infinity;
  for (const pod of pods) {
    for (const marker of pod.markers) origin = Math.min(origin, marker.earliest, marker.at);
    for (const gap of pod.gaps) origin = Math.min(origin, gap.from);
  }
  return Number.isFinite(origin) ? origin : null;
}

/**
 * The latest time anything in the input was seen to happen: "now" when none is given. Not a prediction, and not
 * a grace deadline (a time set in advance, often after the pod is long gone).
 */
function latestSeen(pods: readonly PodTimeline[]): EpochMs | null {
  let latest = -Infinity;
  for (const pod of pods) {
    for (const marker of pod.markers)
      if (!marker.expected && marker.kind !== 'graceDeadline') latest = Math.max(latest, marker.at);
    for (const gap of pod.gaps) latest = Math.max(latest, gap.to);
  }
  return Number.isFinite(latest) ? latest : null;
}

/** An interval to draw: a slice (`X`, possibly of zero length) or a marker (an instant). */
interface Item {
  startMs: EpochMs;
  endMs: EpochMs;
  build(pid: number, tid: number, us: (ms: EpochMs) => number): TraceEvent;
}

/** A thread of one pod before packing: what it holds, and its name. */
interface Track {
  name: string;
  items: Item[];
}

function markerItem(pod: PodTimeline, marker: Marker, cat: string): Item {
  return {
    startMs: marker.at,
    endMs: marker.at,
    build: (pid, tid, us) => {
      const args: TraceArgs = {
        kind: marker.kind,
        pod: `${pod.namespace}/${pod.name}`,
        uid: pod.uid,
        at: toIso(marker.at),
        earliest: toIso(marker.earliest),
        latest: toIso(marker.latest),
        earliestUs: us(marker.earliest),
        latestUs: us(marker.latest),
        precision: marker.precision,
      };
      if (marker.expected) args.expected = true;
      if (marker.container !== undefined) args.container = marker.container;
      if (marker.exitCode !== undefined) args.exitCode = marker.exitCode;
      if (marker.reason !== undefined) args.reason = marker.reason;
      // A prediction says so in its name too: it is on the track before anyone clicks it.
      return {
        name: marker.expected ? `${marker.kind} (expected)` : marker.kind,
        cat,
        ph: 'i',
        s: 't',
        ts: us(marker.at),
        pid,
        tid,
        args,
      };
    },
  };
}

/**
 * A slice between two markers. `to` null: not seen yet, so it runs to now (or the pod's removal) and says `open`. A slice whose ends are
 * on different clocks (API server, node, drainscope) can come out backwards: drawn with no length, its true ends in
 * `args`.
 */
function sliceItem(
  pod: PodTimeline,
  name: string,
  cat: string,
  from: Marker,
  to: Marker | null,
  nowMs: EpochMs | null,
  extra: TraceArgs = {},
): Item | null {
  const endMs = to ? to.at : nowMs;
  if (endMs === null || (to === null && endMs < from.at)) return null;
  return {
    startMs: from.at,
    endMs: Math.max(from.at, endMs),
    build: (pid, tid, us) => {
      const args: TraceArgs = {
        pod: `${pod.namespace}/${pod.name}`,
        uid: pod.uid,
        from: toIso(from.at),
        to: toIso(endMs),
        fromMarker: from.kind,
        ...extra,
      };
      if (to) args.toMarker = to.kind;
      else args.open = true;
      return { name, cat, ph: 'X', ts: us(from.at), dur: Math.max(0, us(endMs) - us(from.at)), pid, tid, args };
    },
  };
}

function gapItem(pod: PodTimeline, gap: Gap): Item {
  return {
    startMs: gap.from,
    endMs: Math.max(gap.from, gap.to),
    build: (pid, tid, us) => {
      const args: TraceArgs = {
        kind: gap.kind,
        pod: `${pod.namespace}/${pod.name}`,
        uid: pod.uid,
        from: toIso(gap.from),
        to: toIso(gap.to),
        severity: gap.severity,
      };
      if (gap.open) args.open = true;
      if (gap.container !== undefined) args.container = gap.container;
      return {
        name: gap.kind,
        cat: 'gap',
        ph: 'X',
        ts: us(gap.from),
        dur: Math.max(0, us(gap.to) - us(gap.from)),
        pid,
        tid,
        cname: GAP_COLOUR[gap.severity],
        args,
      };
    },
  };
}

/**
 * Where a slice ends: the earliest marker of `kinds` (for that container) that is not a prediction. A pod has at
 * most one of each, so it is looked for among all the markers, not only those after the start: times from
 * different clocks can put the end first.
 */
function endMarker(markers: readonly Marker[], kinds: ReadonlySet<MarkerKind>, container?: string): Marker | null {
  return markers.find((marker) => kinds.has(marker.kind) && marker.container === container && !marker.expected) ?? null;
}

const TERMINATED: ReadonlySet<MarkerKind> = new Set(['podDeleted']);
const UNROUTED: ReadonlySet<MarkerKind> = new Set(['endpointNotReady', 'endpointRemoved']);
const PRESTOP_ENDED: ReadonlySet<MarkerKind> = new Set(['preStopEnd']);

/** A pod's threads, in the order they are shown: the pod, its endpoints, its containers (if several), its gaps. */
function podTracks(pod: PodTimeline, observedUntil: EpochMs | null): Track[] {
  // Nothing happens to a pod once it is gone: a slice whose end was never seen stops there at the latest.
  const gone = pod.markers.find((m) => m.kind === 'podDeleted' && !m.expected);
  const nowMs = gone && observedUntil !== null ? Math.min(gone.at, observedUntil) : (gone?.at ?? observedUntil);
  const containers = [
    ...new Set(
      [...pod.markers.map((m) => m.container), ...pod.gaps.map((g) => g.container)].filter(
        (c): c is string => c !== undefined,
      ),
    ),
  ].sort();
  const perContainer = containers.length > 1;
  const podTrack: Track = { name: pod.name, items: [] };
  const endpointTrack: Track = { name: `${pod.name} endpoints`, items: [] };
  const containerTracks = new Map(
    perContainer ? containers.map((c) => [c, { name: `${pod.name}/${c}`, items: [] as Item[] }]) : [],
  );
  const gapTrack: Track = { name: `${pod.name} gaps`, items: [] };
  const containerTrack = (container: string | undefined): Track =>
    (container !== undefined && containerTracks.get(container)) || podTrack;

  for (const marker of pod.markers) {
    if (ENDPOINT_KINDS.has(marker.kind)) endpointTrack.items.push(markerItem(pod, marker, 'endpoint'));
    else if (CONTAINER_KINDS.has(marker.kind))
      containerTrack(marker.container).items.push(markerItem(pod, marker, 'container'));
    else podTrack.items.push(markerItem(pod, marker, 'pod'));
    if (marker.expected) continue;
    // Each slice starts at a marker that happened; where it ends may not have been seen yet.
    let slice: Item | null = null;
    if (marker.kind === 'deleteRequested')
      slice = sliceItem(pod, 'terminating', 'pod', marker, endMarker(pod.markers, TERMINATED), nowMs);
    else if (marker.kind === 'endpointReady')
      slice = sliceItem(pod, 'routed', 'endpoint', marker, endMarker(pod.markers, UNROUTED), nowMs);
    else if (marker.kind === 'preStopStart') {
      const extra: TraceArgs = marker.container === undefined ? {} : { container: marker.container };
      slice = sliceItem(
        pod,
        'preStop',
        'container',
        marker,
        endMarker(pod.markers, PRESTOP_ENDED, marker.container),
        nowMs,
        extra,
      );
    }
    if (!slice) continue;
    if (marker.kind === 'endpointReady') endpointTrack.items.push(slice);
    else if (marker.kind === 'preStopStart') containerTrack(marker.container).items.push(slice);
    else podTrack.items.push(slice);
  }
  for (const gap of pod.gaps) gapTrack.items.push(gapItem(pod, gap));
  return [podTrack, endpointTrack, ...containerTracks.values(), gapTrack].filter((track) => track.items.length > 0);
}

/** Slices before the instants at the same time, longer before shorter: the order a thread stacks them in. */
function compareItems(a: Item, b: Item): number {
  return a.startMs - b.startMs || b.endMs - b.startMs - (a.endMs - a.startMs);
}

/**
 * Splits a track's items (sorted: by start, longer first) over threads that each stay a proper stack: every slice
 * nested in or disjoint from the others on its thread, ends exclusive (as Perfetto reads them). Two slices that start together but end apart
 * go on different threads, so the result does not rest on how a viewer orders events with equal timestamps.
 * Zero-length items (markers) never cross anything and stay on the first thread.
 */
export function packTrack<T extends { startMs: number; endMs: number }>(items: readonly T[]): T[][] {
  const lanes: { items: T[]; open: { startMs: number; endMs: number }[] }[] = [];
  for (const item of items) {
    for (const lane of lanes)
      while (lane.open.length > 0 && (lane.open[lane.open.length - 1] as { endMs: number }).endMs <= item.startMs)
        lane.open.pop();
    const zero = item.endMs <= item.startMs;
    let lane = zero
      ? lanes[0]
      : lanes.find(({ open }) => {
          const top = open[open.length - 1];
          return !top || (item.endMs <= top.endMs && (top.startMs !== item.startMs || top.endMs === item.endMs));
        });
    if (!lane) {
      lane = { items: [], open: [] };
      lanes.push(lane);
    }
    lane.items.push(item);
    if (!zero) lane.open.push(item);
  }
  return lanes.map((lane) => lane.items);
}

function workloadKey(pod: PodTimeline): { key: string; name: string } {
  if (!pod.workload) return { key: `${pod.namespace}\u0000`, name: `${pod.namespace} (pods without a controller)` };
  const name = `${pod.namespace}/${pod.workload.kind}/${pod.workload.name}`;
  return { key: `${pod.namespace}\u0000${pod.workload.kind}\u0000${pod.workload.name}`, name };
}

function metadata(name: MetadataEvent['name'], pid: number, tid: number, args: TraceArgs): MetadataEvent {
  return { name, cat: '__metadata', ph: 'M', ts: 0, pid, tid, args };
}

/**
 * The pods (in the order given, e.g. an analysis's) as a Chrome trace. Processes and threads are numbered from one
 * counter, so no thread id is ever another process's id (Perfetto keys threads by tid).
 */
export function toChromeTrace(pods: readonly PodTimeline[], options: TraceOptions = {}): ChromeTrace {
  const origin = traceOrigin(pods) ?? options.nowMs ?? 0;
  const nowMs = options.nowMs ?? latestSeen(pods);
  const us = (ms: EpochMs): number => Math.round((ms - origin) * 1000);
  const head: TraceEvent[] = [];
  const body: TraceEvent[] = [];
  const processes = new Map<string, number>();
  let nextId = 1;
  let threadOrder = 0;
  for (const pod of pods) {
    const workload = workloadKey(pod);
    let pid = processes.get(workload.key);
    if (pid === undefined) {
      pid = nextId++;
      processes.set(workload.key, pid);
      head.push(
        metadata('process_name', pid, pid, { name: workload.name }),
        metadata('process_sort_index', pid, pid, { sort_index: processes.size }),
      );
    }
    for (const track of podTracks(pod, nowMs)) {
      const lanes = packTrack([...track.items].sort(compareItems));
      lanes.forEach((items, index) => {
        const tid = nextId++;
        head.push(
          metadata('thread_name', pid, tid, { name: index === 0 ? track.name : `${track.name} (${index + 1})` }),
          metadata('thread_sort_index', pid, tid, { sort_index: ++threadOrder }),
        );
        for (const item of items) body.push(item.build(pid as number, tid, us));
      });
    }
  }
  const otherData: Record<string, string> = {
    source: 'drainscope',
    episodeStart: toIso(origin),
    pods: String(pods.length),
  };
  if (nowMs !== null) otherData.observedUntil = toIso(nowMs);
  return { displayTimeUnit: 'ms', otherData, traceEvents: [...head, ...body] };
}

/** Pieces are joined up to about this many characters before they are yielded. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The trace as JSON text, one event per line, in pieces (a big analysis makes a big trace). `displayTimeUnit` comes
 * first: Perfetto reads it only near the start of the file, and stops at a top-level key it does not know, so
 * nothing but `displayTimeUnit`, `otherData` and `traceEvents` is written.
 */
export function* chromeTraceChunks(trace: ChromeTrace): Generator<string, void, undefined> {
  let buffer = `{"displayTimeUnit":${JSON.stringify(trace.displayTimeUnit)},"otherData":${JSON.stringify(trace.otherData)},"traceEvents":[`;
  let separator = '\n';
  for (const event of trace.traceEvents) {
    buffer += separator + JSON.stringify(event);
    separator = ',\n';
    if (buffer.length < CHUNK_CHARS) continue;
    yield buffer;
    buffer = '';
  }
  yield `${buffer}\n]}\n`;
}
