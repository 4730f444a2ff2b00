/**
 * Tiny builders for the engine's tests (used only by tests): API objects as the watch would send them, parsed
 * through the same zod schemas as real input, and recording entries. Times are seconds after T0.
 */
import {
  coreEventSchema,
  endpointSliceSchema,
  eventsV1EventSchema,
  podSchema,
  type CoreEvent,
  type EndpointSlice,
  type EventsV1Event,
  type KubeObject,
  type Pod,
} from '../kube/objects';
import type { Observation, WatchEventType, WatchResource, WatchStateChange, WatchStateKind } from '../recording/types';
import { SECOND_MS, toIso, type EpochMs } from '../time';

export const T0: EpochMs = Date.parse('2026-11-24T04:25:00.000Z');

/** Epoch ms of T0 + `seconds` (fractions allowed: receipt times are ms). */
export function at(seconds: number): EpochMs {
  return T0 + Math.round(seconds * SECOND_MS);
}

/** An API `Time`: whole seconds, as metav1.Time serialises (fractions are truncated). */
export function apiTime(seconds: number): string {
  return toIso(T0 + Math.floor(seconds) * SECOND_MS).replace('.000Z', 'Z');
}

/** An API `MicroTime` (`eventTime`): microseconds. */
export function microTime(seconds: number): string {
  return toIso(at(seconds)).replace('Z', '000Z');
}

type Handler = Record<string, unknown>;
export const sleepHook = (seconds: number): Handler => ({ sleep: { seconds } });
export const execHook = (...command: string[]): Handler => ({ exec: { command } });
export const httpGetHook = (): Handler => ({ httpGet: { path: '/drain', port: 8080 } });

export interface ContainerOptions {
  name: string;
  preStop?: Handler;
}

export interface TerminatedOptions {
  exitCode: number;
  reason?: string;
  finishedAt?: number;
  startedAt?: number;
}

export interface PodOptions {
  uid?: string;
  name?: string;
  namespace?: string;
  node?: string | null;
  createdAt?: number;
  /** A ReplicaSet owner named `<deployment>-<hash>` with the `pod-template-hash` label, unless `owner` is given. */
  deployment?: string;
  owner?: { kind: string; name: string } | null;
  grace?: number;
  containers?: ContainerOptions[];
  sidecars?: ContainerOptions[];
  phase?: string;
  reason?: string;
  scheduledAt?: number;
  readyAt?: number;
  /** deletionTimestamp (seconds) and deletionGracePeriodSeconds. */
  deletion?: { timestamp: number; grace: number };
  disruption?: { reason: string; at: number };
  terminated?: Record<string, TerminatedOptions>;
}

const HASH = '7d9c5b';

function containerJson(container: ContainerOptions, sidecar: boolean): Record<string, unknown> {
  return {
    name: container.name,
    image: 'example/app:1',
    ...(sidecar ? { restartPolicy: 'Always' } : {}),
    ...(container.preStop ? { lifecycle: { preStop: container.preStop } } : {}),
  };
}

function statusJson(name: string, terminated: TerminatedOptions | undefined): Record<string, unknown> {
  if (!terminated) return { name, ready: true, restartCount: 0, state: { running: { startedAt: apiTime(1) } } };
  return {
    name,
    ready: false,
    restartCount: 0,
    state: {
      terminated: {
        exitCode: terminated.exitCode,
        reason: terminated.reason ?? (terminated.exitCode === 0 ? 'Completed' : 'Error'),
        startedAt: apiTime(terminated.startedAt ?? 1),
        ...(terminated.finishedAt === undefined ? {} : { finishedAt: apiTime(terminated.finishedAt) }),
      },
    },
  };
}

export function pod(options: PodOptions = {}): Pod {
  const name = options.name ?? (options.deployment ? `${options.deployment}-${HASH}-x2x` : 'web-7d9c5b-x2x');
  const deployment = options.deployment ?? 'web';
  const owner = options.owner === undefined ? { kind: 'ReplicaSet', name: `${deployment}-${HASH}` } : options.owner;
  const containers = options.containers ?? [{ name: 'app' }];
  const sidecars = options.sidecars ?? [];
  const conditions: Record<string, unknown>[] = [];
  if (options.scheduledAt !== undefined)
    conditions.push({ type: 'PodScheduled', status: 'True', lastTransitionTime: apiTime(options.scheduledAt) });
  if (options.readyAt !== undefined)
    conditions.push({ type: 'Ready', status: 'True', lastTransitionTime: apiTime(options.readyAt) });
  if (options.disruption)
    conditions.push({
      type: 'DisruptionTarget',
      status: 'True',
      reason: options.disruption.reason,
      lastTransitionTime: apiTime(options.disruption.at),
    });
  const terminated = options.terminated ?? {};
  return podSchema.parse({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      uid: options.uid ?? 'pod-1',
      name,
      namespace: options.namespace ?? 'shop',
      creationTimestamp: apiTime(options.createdAt ?? 0),
      labels: owner?.kind === 'ReplicaSet' ? { app: deployment, 'pod-template-hash': HASH } : { app: deployment },
      ownerReferences: owner ? [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, controller: true }] : [],
      ...(options.deletion
        ? { deletionTimestamp: apiTime(options.deletion.timestamp), deletionGracePeriodSeconds: options.deletion.grace }
        : {}),
    },
    spec: {
      nodeName: options.node === undefined ? 'worker-1' : options.node,
      terminationGracePeriodSeconds: options.grace ?? 30,
      containers: containers.map((c) => containerJson(c, false)),
      ...(sidecars.length > 0 ? { initContainers: sidecars.map((c) => containerJson(c, true)) } : {}),
    },
    status: {
      phase: options.phase ?? 'Running',
      ...(options.reason ? { reason: options.reason } : {}),
      podIP: '10.0.0.7',
      conditions,
      containerStatuses: containers.map((c) => statusJson(c.name, terminated[c.name])),
      ...(sidecars.length > 0
        ? { initContainerStatuses: sidecars.map((c) => statusJson(c.name, terminated[c.name])) }
        : {}),
    },
  });
}

export interface EndpointOptions {
  pod: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  address?: string;
}

export function slice(options: {
  uid?: string;
  name?: string;
  addressType?: string;
  endpoints: EndpointOptions[];
}): EndpointSlice {
  return endpointSliceSchema.parse({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { uid: options.uid ?? 'slice-1', name: options.name ?? 'web-abc12', namespace: 'shop' },
    addressType: options.addressType ?? 'IPv4',
    endpoints: options.endpoints.map((endpoint) => ({
      addresses: [endpoint.address ?? '10.0.0.7'],
      conditions: {
        ready: endpoint.ready ?? true,
        serving: endpoint.serving ?? endpoint.ready ?? true,
        terminating: endpoint.terminating ?? false,
      },
      targetRef: { kind: 'Pod', namespace: 'shop', name: endpoint.pod, uid: endpoint.pod },
    })),
  });
}

export interface EventOptions {
  uid?: string;
  /** The pod uid (or other object's uid) the event is about. */
  regarding?: string;
  kind?: string;
  name?: string;
  reason: string;
  message?: string;
  container?: string;
  first?: number;
  last?: number;
  count?: number;
  eventTime?: number;
}

export function coreEvent(options: EventOptions): CoreEvent {
  return coreEventSchema.parse({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { uid: options.uid ?? `ev-${options.reason}-${options.container ?? ''}`, name: 'e', namespace: 'shop' },
    involvedObject: {
      kind: options.kind ?? 'Pod',
      namespace: 'shop',
      name: options.name ?? 'web-7d9c5b-x2x',
      uid: options.regarding ?? 'pod-1',
      ...(options.container ? { fieldPath: `spec.containers{${options.container}}` } : {}),
    },
    reason: options.reason,
    message:
      options.message ?? (options.reason === 'Killing' ? `Stopping container ${options.container ?? 'app'}` : ''),
    count: options.count ?? 1,
    ...(options.first === undefined ? {} : { firstTimestamp: apiTime(options.first) }),
    ...((options.last ?? options.first) === undefined
      ? {}
      : { lastTimestamp: apiTime(options.last ?? options.first ?? 0) }),
    ...(options.eventTime === undefined ? {} : { eventTime: microTime(options.eventTime) }),
  });
}

export function eventsV1Event(options: EventOptions): EventsV1Event {
  return eventsV1EventSchema.parse({
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { uid: options.uid ?? `ev-${options.reason}-${options.container ?? ''}`, name: 'e', namespace: 'shop' },
    regarding: {
      kind: options.kind ?? 'Pod',
      namespace: 'shop',
      name: options.name ?? 'web-7d9c5b-x2x',
      uid: options.regarding ?? 'pod-1',
      ...(options.container ? { fieldPath: `spec.containers{${options.container}}` } : {}),
    },
    reason: options.reason,
    note: options.message ?? (options.reason === 'Killing' ? `Stopping container ${options.container ?? 'app'}` : ''),
    ...(options.first === undefined ? {} : { deprecatedFirstTimestamp: apiTime(options.first) }),
    ...(options.eventTime === undefined ? {} : { eventTime: microTime(options.eventTime) }),
    ...(options.count === undefined ? {} : { deprecatedCount: options.count }),
  });
}

export function observe(seconds: number, type: WatchEventType, object: KubeObject): Observation {
  return { at: at(seconds), type, object };
}

export function watchState(seconds: number, resource: WatchResource, state: WatchStateKind): WatchStateChange {
  return { at: at(seconds), type: 'WATCH', resource, state };
}

export interface TerminationScript {
  uid?: string;
  name?: string;
  deployment?: string;
  containers?: ContainerOptions[];
  sidecars?: ContainerOptions[];
  grace?: number;
  /** The delete request (whole seconds): deletionTimestamp = deleteAt + grace. */
  deleteAt?: number;
  /** Receipt of the slice update that marks the endpoint not ready; null for none. */
  notReadyAt?: number | null;
  /** `Killing` first timestamp (whole seconds) for every container; null for no event. */
  killingAt?: number | null;
  exits?: Record<string, TerminatedOptions>;
  /** Whether the pod was ever in a slice. */
  inSlice?: boolean;
}

/**
 * A graceful delete as the API shows it (docs/termination-model.md scenario 1): pod ready in a slice, delete request,
 * endpoint not ready, Killing, container exit with a terminal phase, endpoint removed, the kubelet's final grace-0
 * delete, DELETED. Entries are ordered by receipt time.
 */
export function termination(script: TerminationScript = {}): Observation[] {
  const uid = script.uid ?? 'pod-1';
  const deleteAt = script.deleteAt ?? 10;
  const grace = script.grace ?? 30;
  const containers = script.containers ?? [{ name: 'app' }];
  const sidecars = script.sidecars ?? [];
  const killingAt = script.killingAt === undefined ? deleteAt + 1 : script.killingAt;
  const exits =
    script.exits ??
    Object.fromEntries(containers.map((c) => [c.name, { exitCode: 0, finishedAt: (killingAt ?? deleteAt) + 1 }]));
  const base: PodOptions = {
    uid,
    containers,
    sidecars,
    grace,
    scheduledAt: 0,
    readyAt: 2,
    ...(script.name ? { name: script.name } : {}),
    ...(script.deployment ? { deployment: script.deployment } : {}),
  };
  const inSlice = script.inSlice ?? true;
  const deletion = { timestamp: deleteAt + grace, grace };
  const finished = Math.max(...Object.values(exits).map((e) => e.finishedAt ?? deleteAt + 1));
  const allExited = [...containers, ...sidecars].every((c) => exits[c.name]);
  const statusAt = finished + 0.5;
  const phase = allExited ? (Object.values(exits).every((e) => e.exitCode === 0) ? 'Succeeded' : 'Failed') : 'Running';
  const entries: Observation[] = [
    observe(0, 'ADDED', pod(base)),
    observe(deleteAt + 0.05, 'MODIFIED', pod({ ...base, deletion })),
  ];
  if (inSlice) {
    // One slice per pod, so several scripts can be mixed in one recording.
    const ids = { uid: `slice-${uid}`, name: `web-${uid}` };
    entries.push(observe(3, 'ADDED', slice({ ...ids, endpoints: [{ pod: uid }] })));
    const notReadyAt = script.notReadyAt === undefined ? deleteAt + 0.2 : script.notReadyAt;
    if (notReadyAt !== null)
      entries.push(
        observe(
          notReadyAt,
          'MODIFIED',
          slice({ ...ids, endpoints: [{ pod: uid, ready: false, serving: true, terminating: true }] }),
        ),
      );
    if (allExited) entries.push(observe(statusAt + 0.2, 'MODIFIED', slice({ ...ids, endpoints: [] })));
  }
  if (killingAt !== null) {
    for (const container of [...containers, ...sidecars]) {
      entries.push(
        observe(
          killingAt + 0.1,
          'ADDED',
          coreEvent({
            uid: `kill-${uid}-${container.name}`,
            regarding: uid,
            reason: 'Killing',
            container: container.name,
            first: killingAt,
          }),
        ),
      );
    }
  }
  if (Object.keys(exits).length > 0)
    entries.push(observe(statusAt, 'MODIFIED', pod({ ...base, deletion, phase, terminated: exits })));
  if (allExited) {
    const final = pod({ ...base, deletion: { timestamp: deleteAt, grace: 0 }, phase, terminated: exits });
    entries.push(observe(statusAt + 0.4, 'MODIFIED', final), observe(statusAt + 0.5, 'DELETED', final));
  }
  return entries.sort((a, b) => a.at - b.at);
}
