/**
 * Ground truth: what really happened in the simulated cluster, per pod uid and container, with exact
 * millisecond times, including what the API never shows (SIGTERM, SIGKILL, the preStop hook's end). Written
 * beside a recording as `*.truth.json` (format: ../GROUND-TRUTH.md) so the analysis can be checked against it.
 */
import type { ObjectStore, StoreEvent } from '../object-store';
import type { AddressType } from './types';
import type {
  DeleteRequestTruth,
  DeletionCause,
  GroundTruth,
  IsoMs,
  PodTruth,
  PreStopOutcome,
  RestartTruth,
} from './truth-format';

export type * from './truth-format';

type Ms = number | null;

export interface ContainerTruthState {
  name: string;
  sidecar: boolean;
  startedAt: Ms;
  killingAt: Ms;
  preStop: { kind: 'sleep' | 'exec'; startedAt: number; endedAt: Ms; outcome: PreStopOutcome | null } | null;
  sigtermAt: Ms;
  sigkillAt: Ms;
  exitedAt: Ms;
  exitCode: number | null;
  reason: string | null;
  restarts: RestartTruthState[];
}

export interface RestartTruthState {
  reason: RestartTruth['reason'];
  killingAt: number;
  sigtermAt: Ms;
  sigkillAt: Ms;
  exitedAt: Ms;
  exitCode: number | null;
  exitReason: string | null;
  restartedAt: Ms;
}

interface EndpointState {
  present: Set<string>;
  readyIn: Set<string>;
  servingIn: Set<string>;
  readyAt: Ms;
  notReadyAt: Ms;
  notServingAt: Ms;
  removedAt: Ms;
}

interface PodTruthState {
  uid: string;
  namespace: string;
  name: string;
  node: string | null;
  createdAt: number;
  readyAt: Ms;
  cause: DeletionCause | null;
  deleteRequests: { at: number; gracePeriodSeconds: number; effect: DeleteRequestTruth['effect'] }[];
  gracePeriodSeconds: number | null;
  kubeletNoticedAt: Ms;
  killDeadlines: { appliedAt: number; gracePeriodSeconds: number; deadline: number }[];
  deletedAt: Ms;
  finalPhase: string | null;
  containers: ContainerTruthState[];
  endpoints: Map<AddressType, EndpointState>;
}

interface SliceEndpointView {
  uid: string;
  ready: boolean;
  serving: boolean;
}

function iso(ms: Ms): IsoMs | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function sliceEndpoints(object: StoreEvent['object']): SliceEndpointView[] {
  const endpoints = object?.endpoints;
  if (!Array.isArray(endpoints)) return [];
  const out: SliceEndpointView[] = [];
  for (const endpoint of endpoints as {
    targetRef?: { uid?: string };
    conditions?: { ready?: boolean; serving?: boolean };
  }[]) {
    const uid = endpoint.targetRef?.uid;
    if (uid)
      out.push({ uid, ready: endpoint.conditions?.ready === true, serving: endpoint.conditions?.serving === true });
  }
  return out;
}

export class TruthRecorder {
  private readonly pods = new Map<string, PodTruthState>();
  /** Each slice's endpoints as last committed (keyed namespace/name), to diff the next write against. */
  private readonly slices = new Map<string, SliceEndpointView[]>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly now: () => number) {}

  /** Follows slice commits (network track) and pod removals in the store. */
  attach(store: ObjectStore): void {
    this.unsubscribe = store.subscribe((event) => this.onStoreEvent(event));
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  podCreated(input: {
    uid: string;
    namespace: string;
    name: string;
    containers: { name: string; sidecar: boolean }[];
  }): void {
    this.pods.set(input.uid, {
      uid: input.uid,
      namespace: input.namespace,
      name: input.name,
      node: null,
      createdAt: this.now(),
      readyAt: null,
      cause: null,
      deleteRequests: [],
      gracePeriodSeconds: null,
      kubeletNoticedAt: null,
      killDeadlines: [],
      deletedAt: null,
      finalPhase: null,
      containers: input.containers.map((c) => ({
        name: c.name,
        sidecar: c.sidecar,
        startedAt: null,
        killingAt: null,
        preStop: null,
        sigtermAt: null,
        sigkillAt: null,
        exitedAt: null,
        exitCode: null,
        reason: null,
        restarts: [],
      })),
      endpoints: new Map(),
    });
  }

  pod(uid: string): PodTruthState | undefined {
    return this.pods.get(uid);
  }

  container(uid: string, name: string): ContainerTruthState | undefined {
    return this.pods.get(uid)?.containers.find((c) => c.name === name);
  }

  scheduled(uid: string, node: string): void {
    const pod = this.pods.get(uid);
    if (pod) pod.node = node;
  }

  podReady(uid: string): void {
    const pod = this.pods.get(uid);
    if (pod && pod.readyAt === null) pod.readyAt = this.now();
  }

  /** A termination began for a reason; the first cause is kept (a force delete after an eviction stays an eviction). */
  setCause(uid: string, cause: DeletionCause): void {
    const pod = this.pods.get(uid);
    if (pod && pod.cause === null) pod.cause = cause;
  }

  deleteRequest(uid: string, gracePeriodSeconds: number, effect: DeleteRequestTruth['effect']): void {
    this.pods.get(uid)?.deleteRequests.push({ at: this.now(), gracePeriodSeconds, effect });
  }

  kubeletNoticed(uid: string, gracePeriodSeconds: number): void {
    const pod = this.pods.get(uid);
    if (!pod) return;
    pod.kubeletNoticedAt ??= this.now();
    pod.gracePeriodSeconds = gracePeriodSeconds;
  }

  /** The kubelet (re)started its kill of the pod with this grace period: its wait ends `gracePeriodSeconds` from now. */
  killDeadline(uid: string, gracePeriodSeconds: number): void {
    const now = this.now();
    this.pods
      .get(uid)
      ?.killDeadlines.push({ appliedAt: now, gracePeriodSeconds, deadline: now + gracePeriodSeconds * 1000 });
  }

  /** The kubelet began killing a container to restart it; returns the record to fill in as the restart goes on. */
  restartStarted(uid: string, container: string, reason: RestartTruth['reason']): RestartTruthState | undefined {
    const truth = this.container(uid, container);
    if (!truth) return undefined;
    const restart: RestartTruthState = {
      reason,
      killingAt: this.now(),
      sigtermAt: null,
      sigkillAt: null,
      exitedAt: null,
      exitCode: null,
      exitReason: null,
      restartedAt: null,
    };
    truth.restarts.push(restart);
    return restart;
  }

  finalPhase(uid: string, phase: string): void {
    const pod = this.pods.get(uid);
    if (pod) pod.finalPhase = phase;
  }

  toJson(meta: { scenario: string; seed: number; startedAt: number }): GroundTruth {
    return {
      drainscope: 'ground-truth',
      version: 1,
      scenario: meta.scenario,
      seed: meta.seed,
      startedAt: new Date(meta.startedAt).toISOString(),
      pods: [...this.pods.values()].map((pod) => this.podJson(pod)),
    };
  }

  private podJson(pod: PodTruthState): PodTruth {
    return {
      uid: pod.uid,
      namespace: pod.namespace,
      name: pod.name,
      node: pod.node,
      createdAt: new Date(pod.createdAt).toISOString(),
      readyAt: iso(pod.readyAt),
      cause: pod.cause,
      deleteRequestedAt: iso(pod.deleteRequests[0]?.at ?? null),
      deleteRequests: pod.deleteRequests.map((r) => ({
        at: new Date(r.at).toISOString(),
        gracePeriodSeconds: r.gracePeriodSeconds,
        effect: r.effect,
      })),
      gracePeriodSeconds: pod.gracePeriodSeconds,
      kubeletNoticedAt: iso(pod.kubeletNoticedAt),
      killDeadlines: pod.killDeadlines.map((d) => ({
        appliedAt: new Date(d.appliedAt).toISOString(),
        gracePeriodSeconds: d.gracePeriodSeconds,
        deadline: new Date(d.deadline).toISOString(),
      })),
      deletedAt: iso(pod.deletedAt),
      finalPhase: pod.finalPhase,
      containers: pod.containers.map((c) => ({
        name: c.name,
        sidecar: c.sidecar,
        startedAt: iso(c.startedAt),
        killingAt: iso(c.killingAt),
        preStop: c.preStop && {
          kind: c.preStop.kind,
          startedAt: new Date(c.preStop.startedAt).toISOString(),
          endedAt: iso(c.preStop.endedAt),
          outcome: c.preStop.outcome,
        },
        sigtermAt: iso(c.sigtermAt),
        sigkillAt: iso(c.sigkillAt),
        exitedAt: iso(c.exitedAt),
        exitCode: c.exitCode,
        reason: c.reason,
        ...(c.restarts.length > 0 && {
          restarts: c.restarts.map((r) => ({
            reason: r.reason,
            killingAt: new Date(r.killingAt).toISOString(),
            sigtermAt: iso(r.sigtermAt),
            sigkillAt: iso(r.sigkillAt),
            exitedAt: iso(r.exitedAt),
            exitCode: r.exitCode,
            exitReason: r.exitReason,
            restartedAt: iso(r.restartedAt),
          })),
        }),
      })),
      endpoints: [...pod.endpoints.entries()].map(([addressType, e]) => ({
        addressType,
        readyAt: iso(e.readyAt),
        notReadyAt: iso(e.notReadyAt),
        notServingAt: iso(e.notServingAt),
        removedAt: iso(e.removedAt),
      })),
    };
  }

  private onStoreEvent(event: StoreEvent): void {
    if (event.resource === 'pods' && event.type === 'DELETED') {
      const pod = event.object.metadata.uid ? this.pods.get(event.object.metadata.uid) : undefined;
      if (pod) pod.deletedAt = this.now();
      return;
    }
    if (event.resource !== 'endpointslices') return;
    const sliceName = `${event.object.metadata.namespace ?? ''}/${event.object.metadata.name}`;
    const addressType = event.object.addressType === 'IPv6' ? 'IPv6' : 'IPv4';
    const before = this.slices.get(sliceName) ?? [];
    const after = event.type === 'DELETED' ? [] : sliceEndpoints(event.object);
    if (event.type === 'DELETED') this.slices.delete(sliceName);
    else this.slices.set(sliceName, after);
    const touched = new Set([...before, ...after].map((e) => e.uid));
    for (const uid of touched) {
      const pod = this.pods.get(uid);
      if (!pod) continue;
      const state = this.endpointState(pod, addressType);
      const now = after.find((e) => e.uid === uid);
      this.applySlice(state, sliceName, now);
    }
  }

  private endpointState(pod: PodTruthState, addressType: AddressType): EndpointState {
    let state = pod.endpoints.get(addressType);
    if (!state) {
      state = {
        present: new Set(),
        readyIn: new Set(),
        servingIn: new Set(),
        readyAt: null,
        notReadyAt: null,
        notServingAt: null,
        removedAt: null,
      };
      pod.endpoints.set(addressType, state);
    }
    return state;
  }

  /** Folds one slice's view of an endpoint into the union over all slices of the family. */
  private applySlice(state: EndpointState, slice: string, view: SliceEndpointView | undefined): void {
    const wasPresent = state.present.size > 0;
    const wasReady = state.readyIn.size > 0;
    const wasServing = state.servingIn.size > 0;
    for (const [set, on] of [
      [state.present, view !== undefined],
      [state.readyIn, view?.ready === true],
      [state.servingIn, view?.serving === true],
    ] as const) {
      if (on) set.add(slice);
      else set.delete(slice);
    }
    const now = this.now();
    if (!wasReady && state.readyIn.size > 0) {
      state.readyAt ??= now;
      state.notReadyAt = null;
    }
    if (state.servingIn.size > 0) state.notServingAt = null;
    if (state.present.size > 0) state.removedAt = null;
    if (wasReady && state.readyIn.size === 0) state.notReadyAt = now;
    if (wasServing && state.servingIn.size === 0) state.notServingAt = now;
    if (wasPresent && state.present.size === 0) state.removedAt = now;
  }
}
