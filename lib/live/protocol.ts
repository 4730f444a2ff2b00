/**
 * The live stream's wire protocol (`GET /api/stream`, Server-Sent Events). The server formats these messages and
 * the browser parses them with the same schemas, so both ends agree by construction.
 *
 * A stream is: `hello`, then one `snapshot`, then deltas (`timeline`, `removed`, `findings`, `watch`, `workloads`) in sequence
 * order, and maybe `shutdown` at the end. Every message but `hello` carries the SSE `id:` of the hub sequence it
 * reflects; a client that reconnects with `Last-Event-ID` gets the deltas it missed, or a fresh snapshot flagged
 * `resync: true` when they are no longer buffered. Times are epoch ms numbers, as inside the pipeline.
 */
import { z } from 'zod';
import { MARKER_KINDS, type Analysis, type Finding, type PodTimeline, type WorkloadSpec } from '../timeline/types';

export const PROTOCOL_VERSION = 1;

const epochMs = z.number();
const severity = z.enum(['critical', 'warning', 'info']);
const workload = z.object({ kind: z.string(), name: z.string() });

const evidenceSchema = z.object({
  source: z.enum(['pod', 'event', 'endpointslice', 'spec', 'inference', 'watch']),
  text: z.string(),
  at: epochMs.optional(),
});

const markerSchema = z.object({
  kind: z.enum(MARKER_KINDS),
  at: epochMs,
  precision: z.enum(['observed', 'second', 'estimated']),
  earliest: epochMs,
  latest: epochMs,
  expected: z.literal(true).optional(),
  container: z.string().optional(),
  exitCode: z.number().optional(),
  reason: z.string().optional(),
  evidence: z.array(evidenceSchema),
});

const gapSchema = z.object({
  kind: z.enum([
    'sigtermWhileRouted',
    'exitWhileRouted',
    'shortPropagationBuffer',
    'killedAtDeadline',
    'preStopCutByGrace',
    'watchBlind',
  ]),
  from: epochMs,
  to: epochMs,
  severity,
  open: z.literal(true).optional(),
  container: z.string().optional(),
});

const preStopSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sleep'), seconds: z.number() }),
  z.object({ kind: z.literal('exec'), command: z.array(z.string()), sleepSeconds: z.number().nullable() }),
  z.object({ kind: z.literal('httpGet') }),
  z.object({ kind: z.literal('tcpSocket') }),
]);

export const podTimelineSchema = z.object({
  uid: z.string(),
  namespace: z.string(),
  name: z.string(),
  node: z.string().nullable(),
  workload: workload.nullable(),
  controllerName: z.string().nullable(),
  gracePeriodSeconds: z.number().nullable(),
  preStop: preStopSchema.nullable(),
  markers: z.array(markerSchema),
  gaps: z.array(gapSchema),
});

export const findingSchema = z.object({
  kind: z.enum([
    'missingPreStop',
    'preStopShorterThanPropagation',
    'graceTooShort',
    'sigtermNotHandled',
    'sigkilled',
    'noEndpointSeen',
  ]),
  severity,
  workload: workload.nullable(),
  pods: z.array(z.string()),
  message: z.string(),
  fix: z.string(),
});

const workloadSpecPointSchema = z.object({
  at: epochMs,
  replicas: z.number(),
  strategy: z.enum(['RollingUpdate', 'Recreate']),
  maxUnavailable: z.number(),
  maxSurge: z.number(),
});

export const workloadSpecSchema = z.object({
  namespace: z.string(),
  kind: z.string(),
  name: z.string(),
  points: z.array(workloadSpecPointSchema),
});

/** Where the data comes from: a real cluster, or the built-in simulated one (the page must say so). */
export const liveModeSchema = z.enum(['cluster', 'in-cluster', 'simulated']);

export const watchStatusSchema = z.object({
  /** `deployments` is optional: a cluster may forbid it, which leaves only the workload specs unknown. */
  resource: z.enum(['pods', 'events', 'endpointslices', 'deployments']),
  state: z.enum(['connected', 'disconnected', 'relisted']),
  synced: z.boolean(),
  at: epochMs,
  reason: z.string().optional(),
  /** On `disconnected`: the last time the watch delivered anything; the blind window starts here, not at `at`. */
  since: epochMs.optional(),
  /** A watch of this resource went silent past the hang bound at this time and has not delivered since. */
  hungSince: epochMs.optional(),
});

export const helloMessageSchema = z.object({
  type: z.literal('hello'),
  protocol: z.literal(PROTOCOL_VERSION),
  mode: liveModeSchema,
  /** Context or server name; for the simulator, the scenario. */
  cluster: z.string().nullable(),
  namespaces: z.array(z.string()).nullable(),
  labelSelector: z.string().nullable(),
  allowanceSeconds: z.number(),
  /** Plain words for the page's banner, e.g. "Simulated cluster (demo scenario): no kubeconfig was found". */
  notice: z.string().nullable(),
  /** True when this stream resumes the client's `Last-Event-ID`: only missed deltas follow, no snapshot. */
  resumed: z.boolean(),
});

export const snapshotMessageSchema = z.object({
  type: z.literal('snapshot'),
  /** True when the client asked to resume but the missed deltas were gone: replace, don't merge. */
  resync: z.boolean(),
  pods: z.array(podTimelineSchema),
  findings: z.array(findingSchema),
  watches: z.array(watchStatusSchema),
  /** Watched Deployments' spec histories (additive: a server that sends none means none were seen). */
  workloads: z.array(workloadSpecSchema).optional(),
  /** Retention has forgotten pods gone before this time (epoch ms); absent when it never forgot any. */
  forgottenBefore: z.number().optional(),
});

export const timelineMessageSchema = z.object({ type: z.literal('timeline'), pod: podTimelineSchema });
/** The pod left the live view: retention expired, or it stopped matching the client's filters. */
/**
 * `forgottenBefore`: the pod was forgotten by retention, with every pod gone before that time (epoch ms): the view
 * holds no longer every pod before it, so counts over pods (the capacity rows) are not known there.
 */
export const removedMessageSchema = z.object({
  type: z.literal('removed'),
  uid: z.string(),
  forgottenBefore: z.number().optional(),
});
/** The whole current findings list (findings span pods, so they are replaced, not patched). */
export const findingsMessageSchema = z.object({ type: z.literal('findings'), findings: z.array(findingSchema) });
export const watchMessageSchema = z.object({ type: z.literal('watch'), watch: watchStatusSchema });
/** Every workload's spec history, whole, when one changed (few and small: replaced, not patched, like findings). */
export const workloadsMessageSchema = z.object({
  type: z.literal('workloads'),
  workloads: z.array(workloadSpecSchema),
});
/** The server is going away; reconnect after `retryMs`. */
export const shutdownMessageSchema = z.object({ type: z.literal('shutdown'), retryMs: z.number() });

export const liveMessageSchema = z.discriminatedUnion('type', [
  helloMessageSchema,
  snapshotMessageSchema,
  timelineMessageSchema,
  removedMessageSchema,
  findingsMessageSchema,
  watchMessageSchema,
  workloadsMessageSchema,
  shutdownMessageSchema,
]);

export type LiveMode = z.infer<typeof liveModeSchema>;
export type WatchStatus = z.infer<typeof watchStatusSchema>;
export type HelloMessage = z.infer<typeof helloMessageSchema>;
export type SnapshotMessage = z.infer<typeof snapshotMessageSchema>;
export type TimelineMessage = z.infer<typeof timelineMessageSchema>;
export type RemovedMessage = z.infer<typeof removedMessageSchema>;
export type FindingsMessage = z.infer<typeof findingsMessageSchema>;
export type WatchMessage = z.infer<typeof watchMessageSchema>;
export type WorkloadsMessage = z.infer<typeof workloadsMessageSchema>;
export type ShutdownMessage = z.infer<typeof shutdownMessageSchema>;
export type LiveMessage = z.infer<typeof liveMessageSchema>;
/** Messages that change state after the snapshot; each has its own sequence id. */
export type DeltaMessage = TimelineMessage | RemovedMessage | FindingsMessage | WatchMessage | WorkloadsMessage;

/** An SSE event as the browser's EventSource delivers it: the `event:` name, the `data:` text and the `id:`. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** Parses one SSE event into a message; throws a zod error when the server sent something this client does not understand. */
export function parseLiveMessage(data: string): LiveMessage {
  return liveMessageSchema.parse(JSON.parse(data));
}

// Compile-time guards: the wire schemas must accept exactly the internal model, or these lines stop compiling.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const podTimelineMatches: Same<z.infer<typeof podTimelineSchema>, PodTimeline> = true;
const findingMatches: Same<z.infer<typeof findingSchema>, Finding> = true;
const allowanceMatches: Same<Analysis['allowanceSeconds'], HelloMessage['allowanceSeconds']> = true;
const workloadSpecMatches: Same<z.infer<typeof workloadSpecSchema>, WorkloadSpec> = true;
export const schemaChecks = [podTimelineMatches, findingMatches, allowanceMatches, workloadSpecMatches] as const;
