/**
 * The parts of a core/v1 Pod the model reads and writes, typed over the store's plain JSON objects.
 * The store holds objects exactly as the API would serve them; these types only give the model safe access.
 */
import type { ApiObject } from '../object-store';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastProbeTime: string | null;
  lastTransitionTime: string;
}

export interface ContainerStateJson {
  waiting?: { reason: string; message?: string };
  running?: { startedAt: string };
  terminated?: {
    exitCode: number;
    reason: string;
    message?: string;
    startedAt: string | null;
    finishedAt: string;
    containerID?: string;
  };
}

export interface ContainerStatusJson {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  ready: boolean;
  started: boolean;
  restartCount: number;
  state: ContainerStateJson;
  lastState: ContainerStateJson;
}

export interface PodStatusJson {
  phase: string;
  reason?: string;
  message?: string;
  conditions?: PodCondition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  nominatedNodeName?: string;
  qosClass?: string;
  containerStatuses?: ContainerStatusJson[];
  initContainerStatuses?: ContainerStatusJson[];
}

export interface PodObject extends ApiObject {
  metadata: ApiObject['metadata'] & {
    uid: string;
    namespace: string;
    deletionTimestamp?: string;
    deletionGracePeriodSeconds?: number;
    ownerReferences?: OwnerReference[];
    annotations?: Record<string, string>;
  };
  spec: {
    nodeName?: string;
    terminationGracePeriodSeconds: number;
    containers: { name: string }[];
    initContainers?: { name: string; restartPolicy?: string }[];
    [field: string]: unknown;
  };
  status: PodStatusJson;
}

/** The store hands out ApiObjects; pods it holds were all written by the model in this shape. */
export function asPod(object: ApiObject): PodObject {
  return object as PodObject;
}

export function conditionOf(pod: PodObject, type: string): PodCondition | undefined {
  return pod.status.conditions?.find((c) => c.type === type);
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: PodObject): boolean {
  return conditionOf(pod, 'Ready')?.status === 'True';
}

export function isPodTerminal(pod: PodObject): boolean {
  return pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
}

/** Sets or replaces a condition; `lastTransitionTime` only moves when the status changes (as the API does). */
export function upsertCondition(pod: PodObject, condition: Omit<PodCondition, 'lastProbeTime'>): void {
  const conditions = (pod.status.conditions ??= []);
  const existing = conditions.findIndex((c) => c.type === condition.type);
  const previous = conditions[existing];
  const next: PodCondition = { lastProbeTime: null, ...condition };
  if (previous && previous.status === condition.status) next.lastTransitionTime = previous.lastTransitionTime;
  if (existing >= 0) conditions[existing] = next;
  else conditions.push(next);
}

export function labelsMatch(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

export function controllerOf(pod: PodObject): OwnerReference | undefined {
  return pod.metadata.ownerReferences?.find((ref) => ref.controller);
}
