/**
 * The per-pod material of the big bench recording, taken from a small run of the simulator's rolling-update
 * scenario, so every line the generator writes has the shape, fields and order the simulator (and so a
 * recording) really has. Only names, uids, IPs, resource versions and times are rewritten per copy.
 */
import { runScenario } from '../server/sim/scenarios/run';

/** A template line: its receipt time and the line text, rewritten per copy by `rewriteLine`. */
export interface TemplateLine {
  at: number;
  text: string;
}

/** One change of a pod's endpoint in the Service's slice: the endpoint JSON, or null once it is removed. */
export interface EndpointChange {
  at: number;
  endpoint: string | null;
}

export interface RolloutTemplate {
  header: string;
  /** Initial-list lines that exist once (Deployment events), then the per-old-pod ones, by resource. */
  sharedInitial: TemplateLine[];
  podInitial: TemplateLine[];
  eventInitial: TemplateLine[];
  /** The replaced pod's and its replacement's lines after the rollout starts, with the Deployment's scaling events. */
  perPod: TemplateLine[];
  /** The old pod's endpoint in the initial slice, and the endpoint changes of both pods during the rollout. */
  initialEndpoint: string;
  endpointChanges: { old: EndpointChange[]; replacement: EndpointChange[] };
  /** The initial list's receipt time for slices, and the slice object without its endpoints. */
  sliceListAt: number;
  sliceObject: Record<string, unknown>;
  /** The first line after the initial list: per-copy times are offsets from it. */
  actionAt: number;
  /** Strings replaced per copy (pod names, pod and event uids, pod IPs, event name suffixes). */
  perCopyKeys: {
    oldName: string;
    newName: string;
    uids: string[];
    oldIp: string;
    newIp: string;
    eventSuffixes: string[];
  };
}

interface Parsed {
  at: number;
  text: string;
  type: string;
  object: Record<string, unknown> & { kind: string; metadata: { uid: string; name: string } };
}

interface SliceEndpoint {
  targetRef: { uid: string };
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export function buildRolloutTemplate(): RolloutTemplate {
  const run = runScenario('rolling-update', { replicas: 4 });
  const [header, ...rest] = run.lines;
  if (header === undefined) throw new Error('the scenario produced no recording');
  const lines: Parsed[] = rest.map((text) => {
    const value = JSON.parse(text) as Omit<Parsed, 'at' | 'text'> & { at: string };
    return { ...value, at: Date.parse(value.at), text };
  });
  const startedAt = Date.parse(str((JSON.parse(header) as { startedAt: unknown }).startedAt));
  // The recorder writes the initial list at start (plus a delivery latency of at most 30 ms); the rollout begins seconds later.
  const isInitial = (line: Parsed): boolean => line.at < startedAt + 1000;
  const killing = lines.find((line) => line.object.kind === 'Event' && line.object.reason === 'Killing');
  const created = lines.find((line) => !isInitial(line) && line.type === 'ADDED' && line.object.kind === 'Pod');
  if (!killing || !created) throw new Error('the rolling-update scenario did not replace a pod');
  const old = killing.object.involvedObject as { uid: string; name: string };
  const replacement = created.object.metadata;
  const concerns = (line: Parsed, pod: { uid: string; name: string }): boolean => {
    const { object } = line;
    if (object.kind === 'Pod') return object.metadata.uid === pod.uid;
    if (object.kind !== 'Event') return false;
    const involved = object.involvedObject as { uid?: string; kind?: string };
    return involved.uid === pod.uid || (involved.kind === 'ReplicaSet' && str(object.message).endsWith(` ${pod.name}`));
  };
  const concernsEither = (line: Parsed): boolean => concerns(line, old) || concerns(line, replacement);
  const initial = lines.filter(isInitial);
  const later = lines.filter((line) => !isInitial(line));
  const actionAt = later[0]?.at ?? startedAt;
  const scaling = later.filter((line) => line.object.reason === 'ScalingReplicaSet').slice(0, 2);
  const perPod = later.filter((line) => concernsEither(line) || scaling.includes(line));
  const templateEvents = [...initial, ...perPod].filter((line) => line.object.kind === 'Event' && concernsEither(line));
  const slices = lines.filter((line) => line.object.kind === 'EndpointSlice');
  const firstSlice = slices[0];
  if (!firstSlice) throw new Error('the rolling-update scenario wrote no EndpointSlice');
  const endpointsOf = (line: Parsed): SliceEndpoint[] => (line.object.endpoints as SliceEndpoint[] | undefined) ?? [];
  const endpointIn = (line: Parsed, uid: string): string | undefined => {
    const found = endpointsOf(line).find((endpoint) => endpoint.targetRef.uid === uid);
    return found === undefined ? undefined : JSON.stringify(found);
  };
  const { endpoints: _endpoints, ...sliceObject } = firstSlice.object;
  return {
    header,
    sharedInitial: initial
      .filter(
        (line) => line.object.kind === 'Event' && !concernsEither(line) && line.object.reason === 'ScalingReplicaSet',
      )
      .map(toTemplate),
    podInitial: initial.filter((line) => line.object.kind === 'Pod' && concerns(line, old)).map(toTemplate),
    eventInitial: initial.filter((line) => line.object.kind === 'Event' && concerns(line, old)).map(toTemplate),
    perPod: perPod.filter((line) => line.object.kind !== 'EndpointSlice').map(toTemplate),
    initialEndpoint: endpointIn(firstSlice, old.uid) ?? '',
    endpointChanges: {
      old: changesOf(slices, old.uid, endpointIn),
      replacement: changesOf(slices, replacement.uid, endpointIn),
    },
    sliceListAt: firstSlice.at,
    sliceObject,
    actionAt,
    perCopyKeys: {
      oldName: old.name,
      newName: replacement.name,
      uids: [
        old.uid,
        replacement.uid,
        ...templateEvents.map((line) => line.object.metadata.uid),
        ...scaling.map((line) => line.object.metadata.uid),
      ],
      oldIp: podIp(lines, old.uid),
      newIp: podIp(lines, replacement.uid),
      eventSuffixes: [...templateEvents, ...scaling].map((line) =>
        line.object.metadata.name.slice(line.object.metadata.name.lastIndexOf('.')),
      ),
    },
  };
}

function toTemplate(line: Parsed): TemplateLine {
  return { at: line.at, text: line.text };
}

/** Every time the pod's endpoint differs from the previous slice write that held (or dropped) it. */
function changesOf(
  slices: Parsed[],
  uid: string,
  endpointIn: (line: Parsed, uid: string) => string | undefined,
): EndpointChange[] {
  const changes: EndpointChange[] = [];
  const [initial, ...rest] = slices;
  let current: string | null = initial === undefined ? null : (endpointIn(initial, uid) ?? null);
  for (const slice of rest) {
    const endpoint = endpointIn(slice, uid) ?? null;
    if (endpoint !== current) changes.push({ at: slice.at, endpoint });
    current = endpoint;
  }
  return changes;
}

function podIp(lines: Parsed[], uid: string): string {
  for (const line of lines) {
    const status = line.object.status as { podIP?: string } | undefined;
    if (line.object.kind === 'Pod' && line.object.metadata.uid === uid && status?.podIP) return status.podIP;
  }
  throw new Error(`the template pod ${uid} never got an IP`);
}
