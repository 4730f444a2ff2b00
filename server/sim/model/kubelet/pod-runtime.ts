/**
 * What one node's kubelet knows about a pod it runs: the real state of each container (as the container runtime
 * has it) next to what the kubelet has observed and reports (container exits reach the status only at the next
 * PLEG relist). `applyKubeletStatus` turns that into the pod's API status the way the status manager merges it
 * (pkg/kubelet/status/status_manager.go): kubelet-owned conditions are replaced, others (PodScheduled,
 * DisruptionTarget from controllers) are kept.
 */
import type { TimerHandle } from '../../clock';
import { apiTime } from '../api-time';
import type { PodCondition, PodObject, ContainerStatusJson, ContainerStateJson } from '../pod-json';
import type { RestartTruthState } from '../truth';
import type { ContainerTemplate, PodTemplate } from '../types';

export type ContainerPhase = 'waiting' | 'running' | 'exited';

export interface HookState {
  kind: 'sleep' | 'exec';
  /** When the hook would finish on its own, and whether it then fails. */
  naturalEndAt: number;
  fails: boolean;
  /** The kill (or re-kill after grace shortening) that is waiting on this hook, and its grace. */
  killStartedAt: number;
  graceSeconds: number;
  timer: TimerHandle | undefined;
}

export interface TurnState {
  since: number;
  graceSeconds: number;
  timer: TimerHandle | undefined;
}

export interface ContainerRuntime {
  template: ContainerTemplate;
  sidecar: boolean;
  containerId: string;
  imageId: string;
  phase: ContainerPhase;
  /** What the status reports (exits are seen at the next PLEG relist). */
  reportedPhase: ContainerPhase;
  startedAt: number | null;
  exit: { at: number; code: number; reason: string } | null;
  probeReady: boolean;
  probeFailures: number;
  killing: boolean;
  hook: HookState | null;
  turn: TurnState | null;
  sigtermAt: number | null;
  sigkillAt: number | null;
  sigkillTimer: TimerHandle | undefined;
  exitTimer: TimerHandle | undefined;
  /** Instances that ended before this one (a restart after a failed liveness probe). */
  restartCount: number;
  /** The previous instance's end, shown as `lastState.terminated`. */
  lastTerminated: {
    exitCode: number;
    reason: string;
    startedAt: number | null;
    finishedAt: number;
    containerId: string;
  } | null;
  /** Set by a scenario: the app hangs and fails its liveness probe until it is restarted. */
  livenessFailing: boolean;
  livenessFailures: number;
  /** A kill for a restart is under way (restart.ts); the ground truth record it fills in. */
  restarting: { truth: RestartTruthState | undefined } | null;
}

export interface KubeletCondition {
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  since: number;
}

/** How the pod ends when the kubelet itself terminates it (node-pressure eviction, node shutdown). */
export interface TerminalOutcome {
  reason: string;
  message: string;
}

export interface PodRuntime {
  uid: string;
  namespace: string;
  name: string;
  node: string;
  template: PodTemplate;
  /** Sidecars first, in spec order, then the main containers. */
  containers: ContainerRuntime[];
  podIP: string | null;
  podIPv6: string | null;
  hostIP: string;
  startTime: number;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  conditions: Map<string, KubeletCondition>;
  /** A condition the kubelet adds itself (DisruptionTarget / TerminationByKubelet). */
  disruption: { reason: string; message: string; since: number } | null;
  terminalOutcome: TerminalOutcome | null;
  /** The grace period a delete asked for, as last scheduled for the kubelet to notice. */
  pendingGraceSeconds: number | null;
  terminating: { startedAt: number; graceSeconds: number } | null;
  deletionRequested: boolean;
  /** The pod object is gone from the apiserver (force delete): no status is ever written again. */
  removed: boolean;
  finished: boolean;
  publishTimer: TimerHandle | undefined;
  readyPublished: boolean;
}

export function mainContainers(pod: PodRuntime): ContainerRuntime[] {
  return pod.containers.filter((c) => !c.sidecar);
}

export function setKubeletCondition(
  pod: PodRuntime,
  type: string,
  next: Omit<KubeletCondition, 'since'>,
  now: number,
): void {
  const previous = pod.conditions.get(type);
  pod.conditions.set(type, { ...next, since: previous && previous.status === next.status ? previous.since : now });
}

function containerReady(container: ContainerRuntime): boolean {
  return container.reportedPhase === 'running' && container.probeReady;
}

/** Recomputes Initialized / ContainersReady / Ready from the reported container states (pkg/kubelet/status/generate.go). */
export function refreshConditions(pod: PodRuntime, now: number): void {
  const sidecarsPending = pod.containers
    .filter((c) => c.sidecar && c.reportedPhase === 'waiting')
    .map((c) => c.template.name);
  setKubeletCondition(
    pod,
    'Initialized',
    sidecarsPending.length > 0 && pod.phase === 'Pending'
      ? {
          status: 'False',
          reason: 'ContainersNotInitialized',
          message: `containers with incomplete status: [${sidecarsPending.join(' ')}]`,
        }
      : { status: 'True' },
    now,
  );
  const unready = pod.containers.filter((c) => !containerReady(c)).map((c) => c.template.name);
  const terminal = pod.phase === 'Succeeded' || pod.phase === 'Failed';
  let ready: Omit<KubeletCondition, 'since'>;
  if (pod.phase === 'Succeeded') ready = { status: 'False', reason: 'PodCompleted' };
  else if (unready.length > 0 || terminal)
    ready = {
      status: 'False',
      reason: 'ContainersNotReady',
      message: `containers with unready status: [${unready.join(' ')}]`,
    };
  else ready = { status: 'True' };
  setKubeletCondition(pod, 'ContainersReady', ready, now);
  setKubeletCondition(pod, 'Ready', ready, now);
}

function containerState(container: ContainerRuntime, waitingReason: string): ContainerStateJson {
  if (container.reportedPhase === 'running' && container.startedAt !== null)
    return { running: { startedAt: apiTime(container.startedAt) } };
  if (container.reportedPhase === 'exited' && container.exit) {
    return {
      terminated: {
        exitCode: container.exit.code,
        reason: container.exit.reason,
        startedAt: container.startedAt === null ? null : apiTime(container.startedAt),
        finishedAt: apiTime(container.exit.at),
        containerID: container.containerId,
      },
    };
  }
  return { waiting: { reason: waitingReason } };
}

function lastState(container: ContainerRuntime): ContainerStateJson {
  const last = container.lastTerminated;
  if (!last) return {};
  return {
    terminated: {
      exitCode: last.exitCode,
      reason: last.reason,
      startedAt: last.startedAt === null ? null : apiTime(last.startedAt),
      finishedAt: apiTime(last.finishedAt),
      containerID: last.containerId,
    },
  };
}

function containerStatus(container: ContainerRuntime, waitingReason: string): ContainerStatusJson {
  const status: ContainerStatusJson = {
    name: container.template.name,
    image: container.template.image,
    imageID: container.reportedPhase === 'waiting' ? '' : container.imageId,
    ready: containerReady(container),
    started: container.reportedPhase === 'running',
    restartCount: container.restartCount,
    state: containerState(container, waitingReason),
    lastState: lastState(container),
  };
  if (container.reportedPhase !== 'waiting') status.containerID = container.containerId;
  return status;
}

const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'];

/** Writes the kubelet's view into the API pod (status manager merge). */
export function applyKubeletStatus(object: PodObject, pod: PodRuntime): void {
  const kubeletConditions: PodCondition[] = [];
  for (const type of KUBELET_CONDITIONS) {
    const condition = pod.conditions.get(type);
    if (!condition) continue;
    const json: PodCondition = {
      type,
      status: condition.status,
      lastProbeTime: null,
      lastTransitionTime: apiTime(condition.since),
    };
    if (condition.reason) json.reason = condition.reason;
    if (condition.message) json.message = condition.message;
    kubeletConditions.push(json);
  }
  const others = (object.status.conditions ?? []).filter(
    (c) => !KUBELET_CONDITIONS.includes(c.type) && !(pod.disruption && c.type === 'DisruptionTarget'),
  );
  if (pod.disruption) {
    others.push({
      type: 'DisruptionTarget',
      status: 'True',
      reason: pod.disruption.reason,
      message: pod.disruption.message,
      lastProbeTime: null,
      lastTransitionTime: apiTime(pod.disruption.since),
    });
  }
  const status = object.status;
  status.phase = pod.phase;
  status.conditions = [...kubeletConditions, ...others];
  status.hostIP = pod.hostIP;
  status.hostIPs = [{ ip: pod.hostIP }];
  if (pod.podIP) {
    status.podIP = pod.podIP;
    status.podIPs = pod.podIPv6 ? [{ ip: pod.podIP }, { ip: pod.podIPv6 }] : [{ ip: pod.podIP }];
  }
  status.startTime = apiTime(pod.startTime);
  if (pod.terminalOutcome && (pod.phase === 'Failed' || pod.phase === 'Succeeded')) {
    status.reason = pod.terminalOutcome.reason;
    status.message = pod.terminalOutcome.message;
  }
  const sidecars = pod.containers.filter((c) => c.sidecar);
  if (sidecars.length > 0) status.initContainerStatuses = sidecars.map((c) => containerStatus(c, 'PodInitializing'));
  const mainWaiting = sidecars.some((c) => c.reportedPhase === 'waiting') ? 'PodInitializing' : 'ContainerCreating';
  status.containerStatuses = pod.containers.filter((c) => !c.sidecar).map((c) => containerStatus(c, mainWaiting));
  status.qosClass = 'BestEffort';
}
