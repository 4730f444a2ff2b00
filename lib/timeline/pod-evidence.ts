/**
 * What the Pod objects of one uid have shown, accumulated over its watch events. Each field keeps the first
 * sighting of a fact (so a relist, which repeats the object, changes nothing) or follows the rules upstream uses
 * to change it (grace shortening). Applying a Pod costs O(its containers and conditions).
 */
import type { ContainerStatus, Pod } from '../kube/objects';
import { parseApiTime, type EpochMs } from '../time';
import { receiptInterval, secondAt, type ReceiptBounds, type TimeInterval } from './interval';
import { SECOND_MS } from '../time';
import { sidecarContainers, summarizePodSpec, updatePodSpec, type PodSpecSummary } from './pod-spec';

export { sidecarContainers };

export interface ContainerExit {
  container: string;
  /** A restartable init container (restartPolicy Always, 1.29+). */
  sidecar: boolean;
  exitCode: number;
  reason: string | null;
  /** `finishedAt` (node clock, whole seconds); estimated from receipt times when the status lacks it. */
  finishedAt: TimeInterval;
  finishedAtKnown: boolean;
  receivedAt: EpochMs;
  /**
   * Seen as `lastState`: the kubelet started the container again after this exit (a crash, a failed probe), so
   * it is an earlier instance's end, not what a termination stopped.
   */
  restarted: boolean;
}

export interface GraceChange {
  at: EpochMs;
  gracePeriodSeconds: number;
  deadlineAt: EpochMs;
}

export interface DeletionEvidence {
  /** deletionTimestamp − G: the apiserver's request time, unchanged by later shortening (registry/rest/delete.go). */
  requestedAt: EpochMs | null;
  /**
   * Set instead of `requestedAt` when the object shows a deletionTimestamp but no deletionGracePeriodSeconds
   * (trimmed output, some tools' fixtures): G is unknown, so the request lies anywhere from the pod's creation to
   * the deadline; `at` is the deadline minus the spec's grace, the usual G.
   */
  requestedWithin: TimeInterval | null;
  /** The G in force now; null when only the kubelet's final grace-0 delete was seen. */
  gracePeriodSeconds: number | null;
  deadlineAt: EpochMs | null;
  /** Every accepted G, in order: the first request, then each shortening (a force delete is a shortening to 0). */
  graceChanges: GraceChange[];
  forceDeletedAt: EpochMs | null;
  /** The kubelet's own grace-0 delete once the pod is terminal (status_manager.go): not a force delete. */
  kubeletFinalDeleteAt: EpochMs | null;
}

export interface DisruptionEvidence {
  reason: string;
  message: string;
  at: EpochMs | null;
  receivedAt: EpochMs;
}

export interface PodEvidence {
  uid: string;
  namespace: string;
  name: string;
  /** From the newest object seen: spec, owner references and labels. */
  spec: PodSpecSummary;
  firstSeenAt: EpochMs;
  lastSeenAt: EpochMs;
  scheduledAt: EpochMs | null;
  readyAt: EpochMs | null;
  disruption: DisruptionEvidence | null;
  deletion: DeletionEvidence | null;
  /** Keyed by container instance (name + startedAt), first sighting only. */
  exits: Map<string, ContainerExit>;
  terminalPhase: { phase: string; reason: string | null; receivedAt: EpochMs } | null;
  /** Receipt of the DELETED. */
  deletedAt: EpochMs | null;
  /** When the pod really went: wider than [deletedAt, deletedAt] when a relist found it gone (Replace). */
  deleted: TimeInterval | null;
  /** The DELETED came from a relist or from input without receipt times: not a receipt of the deletion. */
  deletedSeenLate: boolean;
}

export function createPodEvidence(pod: Pod, at: EpochMs): PodEvidence {
  return {
    uid: pod.metadata.uid,
    namespace: pod.metadata.namespace ?? '',
    name: pod.metadata.name,
    spec: summarizePodSpec(pod),
    firstSeenAt: at,
    lastSeenAt: at,
    scheduledAt: null,
    readyAt: null,
    disruption: null,
    deletion: null,
    exits: new Map(),
    terminalPhase: null,
    deletedAt: null,
    deleted: null,
    deletedSeenLate: false,
  };
}

function isTerminalPhase(phase: string | null | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Terminal phase, or every container already reports `terminated`. */
export function isPodTerminal(pod: Pod): boolean {
  if (isTerminalPhase(pod.status?.phase)) return true;
  const statuses = pod.status?.containerStatuses ?? [];
  return statuses.length > 0 && statuses.every((status) => status.state?.terminated);
}

function applyConditions(evidence: PodEvidence, pod: Pod, at: EpochMs): void {
  // A time is parsed only when it is kept: every update repeats the pod's conditions, and most are known already.
  for (const condition of pod.status?.conditions ?? []) {
    if (condition.status !== 'True') continue;
    if (condition.type === 'PodScheduled') evidence.scheduledAt ??= parseApiTime(condition.lastTransitionTime);
    else if (condition.type === 'Ready') evidence.readyAt ??= parseApiTime(condition.lastTransitionTime);
    else if (condition.type === 'DisruptionTarget' && !evidence.disruption) {
      evidence.disruption = {
        reason: condition.reason ?? '',
        message: condition.message ?? '',
        at: parseApiTime(condition.lastTransitionTime),
        receivedAt: at,
      };
    }
  }
}

/**
 * registry/rest/delete.go BeforeDelete: a repeated delete may only shorten G, and moves deletionTimestamp by the
 * difference, so deletionTimestamp − G stays the request time; a longer G is ignored. The kubelet's own final
 * delete (grace 0 once the pod is terminal) also moves deletionTimestamp, but it is not a force delete and says
 * nothing about the grace the containers had, so it is recorded apart and the deadline is kept.
 */
function applyDeletion(evidence: PodEvidence, pod: Pod, at: EpochMs): void {
  const deletionTimestamp = parseApiTime(pod.metadata.deletionTimestamp);
  if (deletionTimestamp === null) return;
  const grace = pod.metadata.deletionGracePeriodSeconds ?? null;
  const requestedAt = grace === null ? null : deletionTimestamp - grace * 1000;
  const deletion = evidence.deletion;
  if (grace === 0 && isPodTerminal(pod)) {
    if (deletion) deletion.kubeletFinalDeleteAt ??= at;
    else
      evidence.deletion = {
        requestedAt,
        requestedWithin: null,
        gracePeriodSeconds: null,
        deadlineAt: null,
        graceChanges: [],
        forceDeletedAt: null,
        kubeletFinalDeleteAt: at,
      };
    return;
  }
  if (!deletion) {
    evidence.deletion = {
      requestedAt,
      requestedWithin: grace === null ? requestBounds(evidence, pod, deletionTimestamp) : null,
      gracePeriodSeconds: grace,
      deadlineAt: deletionTimestamp,
      graceChanges: grace === null ? [] : [{ at, gracePeriodSeconds: grace, deadlineAt: deletionTimestamp }],
      forceDeletedAt: grace === 0 ? at : null,
      kubeletFinalDeleteAt: null,
    };
    return;
  }
  if (grace === null || deletion.gracePeriodSeconds === null || grace >= deletion.gracePeriodSeconds) return;
  deletion.gracePeriodSeconds = grace;
  deletion.deadlineAt = deletionTimestamp;
  deletion.graceChanges.push({ at, gracePeriodSeconds: grace, deadlineAt: deletionTimestamp });
  deletion.requestedAt ??= requestedAt;
  if (grace === 0) deletion.forceDeletedAt = at;
}

/**
 * A delete request seen without its G: after the pod was created and no later than the deadline (G ≥ 0), most
 * likely the deadline minus the spec's grace (what a delete without a grace of its own is given).
 */
function requestBounds(evidence: PodEvidence, pod: Pod, deletionTimestamp: EpochMs): TimeInterval {
  const latest = deletionTimestamp + SECOND_MS;
  const created = evidence.spec.createdAt;
  const earliest = Math.min(created ?? -Infinity, latest);
  const specGrace = pod.spec?.terminationGracePeriodSeconds;
  const guess = specGrace == null ? deletionTimestamp : deletionTimestamp - specGrace * SECOND_MS;
  return { at: Math.min(Math.max(guess, earliest), latest), earliest, latest };
}

function recordExit(
  evidence: PodEvidence,
  status: ContainerStatus,
  sidecar: boolean,
  at: EpochMs,
  bounds: ReceiptBounds,
): void {
  const current = status.state?.running?.startedAt ?? status.state?.terminated?.startedAt;
  for (const [state, restarted] of [
    [status.lastState, true],
    [status.state, false],
  ] as const) {
    const terminated = state?.terminated;
    if (!terminated) continue;
    const key = `${status.name}/${terminated.startedAt ?? terminated.finishedAt ?? ''}`;
    const known = evidence.exits.get(key);
    if (known) {
      // The exit was this instance's last state before, and now the container runs again.
      if (restarted) known.restarted = true;
      continue;
    }
    const finished = parseApiTime(terminated.finishedAt);
    // Without finishedAt all we know is that it exited by this receipt, and after the previous one; an earlier
    // instance's exit also came before the current instance started.
    const nextStart = restarted ? parseApiTime(current) : null;
    // A receipt from a relist or without a receipt time widens what "by this receipt" means (reducer.ts).
    const latest =
      nextStart === null ? Math.max(at, bounds.latest) : Math.min(Math.max(at, bounds.latest), nextStart + SECOND_MS);
    const earliest = Math.min(evidence.lastSeenAt, bounds.earliest, latest);
    evidence.exits.set(key, {
      container: status.name,
      sidecar,
      exitCode: terminated.exitCode,
      reason: terminated.reason ?? null,
      finishedAt:
        finished === null
          ? { at: latest, earliest: restarted ? (parseApiTime(terminated.startedAt) ?? earliest) : earliest, latest }
          : secondAt(finished),
      finishedAtKnown: finished !== null,
      receivedAt: at,
      restarted,
    });
  }
}

function applyExits(evidence: PodEvidence, pod: Pod, at: EpochMs, bounds: ReceiptBounds): void {
  for (const status of pod.status?.containerStatuses ?? []) recordExit(evidence, status, false, at, bounds);
  const sidecars = sidecarContainers(pod);
  if (sidecars.length === 0) return;
  for (const status of pod.status?.initContainerStatuses ?? []) {
    if (sidecars.some((container) => container.name === status.name)) recordExit(evidence, status, true, at, bounds);
  }
}

/** `bounds`: when the state shown came to be (reducer.ts receiptBounds); [at, at] for a change a watch delivered. */
export function applyPod(
  evidence: PodEvidence,
  pod: Pod,
  at: EpochMs,
  deleted: boolean,
  bounds: ReceiptBounds = { earliest: at, latest: at },
): void {
  evidence.spec = updatePodSpec(evidence.spec, pod);
  applyConditions(evidence, pod, at);
  applyDeletion(evidence, pod, at);
  applyExits(evidence, pod, at, bounds);
  if (!evidence.terminalPhase && isTerminalPhase(pod.status?.phase)) {
    evidence.terminalPhase = { phase: pod.status?.phase ?? '', reason: pod.status?.reason ?? null, receivedAt: at };
  }
  if (deleted && evidence.deletedAt === null) {
    evidence.deletedAt = at;
    evidence.deleted = receiptInterval(at, bounds);
    evidence.deletedSeenLate = bounds.widenedBy !== undefined;
  }
  evidence.lastSeenAt = at;
}
