/**
 * The few facts the derivation reads from a Pod's spec and metadata, summarised from the newest object seen. The
 * engine keeps this instead of the object itself: holding 10,000 parsed Pods (one version each, replaced every
 * few seconds of recording time) made most of the engine's memory and kept the garbage collector busy.
 */
import type { Container, Pod } from '../kube/objects';
import { parseApiTime, type EpochMs } from '../time';
import { summarizePreStop } from './prestop';
import type { PreStopSummary } from './types';
import { ownershipOf, type Ownership } from './workload';

export interface ContainerSpec {
  name: string;
  preStop: PreStopSummary | null;
}

export interface PodSpecSummary {
  /** `metadata.creationTimestamp` (whole seconds). */
  createdAt: EpochMs | null;
  nodeName: string | null;
  terminationGracePeriodSeconds: number | null;
  /** `spec.containers`, in declaration order. */
  containers: ContainerSpec[];
  /** Restartable init containers (restartPolicy Always, 1.29+), in declaration order. */
  sidecars: ContainerSpec[];
  ownership: Ownership;
}

/** Restartable init containers (restartPolicy Always, 1.29+), in declaration order. */
export function sidecarContainers(pod: Pod): Container[] {
  return (pod.spec?.initContainers ?? []).filter((container) => container.restartPolicy === 'Always');
}

function containerSpec(container: Container): ContainerSpec {
  return { name: container.name, preStop: summarizePreStop(container.lifecycle?.preStop) };
}

/**
 * The parts of the last summary made, which a new summary shares when they are equal: the pods of a workload
 * have the same containers and owner, and one copy per pod was most of what the engine holds per pod. Never
 * mutated, so sharing them (also across analyses) is safe.
 */
let shared: Pick<PodSpecSummary, 'containers' | 'sidecars' | 'ownership'> | null = null;

export function summarizePodSpec(pod: Pod): PodSpecSummary {
  let containers = (pod.spec?.containers ?? []).map(containerSpec);
  let sidecars = sidecarContainers(pod).map(containerSpec);
  let ownership = ownershipOf(pod);
  if (shared !== null) {
    if (sameContainers(shared.containers, containers)) containers = shared.containers;
    if (sameContainers(shared.sidecars, sidecars)) sidecars = shared.sidecars;
    if (sameOwnership(shared.ownership, ownership)) ownership = shared.ownership;
  }
  shared = { containers, sidecars, ownership };
  return {
    createdAt: parseApiTime(pod.metadata.creationTimestamp),
    nodeName: pod.spec?.nodeName ?? null,
    terminationGracePeriodSeconds: pod.spec?.terminationGracePeriodSeconds ?? null,
    containers,
    sidecars,
    ownership,
  };
}

function samePreStop(a: PreStopSummary | null, b: PreStopSummary | null): boolean {
  if (a === null || b === null) return a === b;
  switch (a.kind) {
    case 'sleep':
      return b.kind === 'sleep' && a.seconds === b.seconds;
    case 'exec':
      return (
        b.kind === 'exec' &&
        a.sleepSeconds === b.sleepSeconds &&
        a.command.length === b.command.length &&
        a.command.every((word, index) => word === b.command[index])
      );
    case 'httpGet':
    case 'tcpSocket':
      return a.kind === b.kind;
  }
}

function sameContainers(a: readonly ContainerSpec[], b: readonly ContainerSpec[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (container, index) =>
        container.name === b[index]?.name && samePreStop(container.preStop, b[index]?.preStop ?? null),
    )
  );
}

function sameOwnership(a: Ownership, b: Ownership): boolean {
  return (
    a.controllerName === b.controllerName &&
    a.workload?.kind === b.workload?.kind &&
    a.workload?.name === b.workload?.name
  );
}

/**
 * `previous` when `pod` summarises to the same values, else the new summary. Nearly every update of a pod
 * repeats its spec; a new summary each time lived until the pod's next update, long enough to be copied by
 * young-generation collections and promoted, which for a big rollout cost more than making it.
 */
export function updatePodSpec(previous: PodSpecSummary, pod: Pod): PodSpecSummary {
  const next = summarizePodSpec(pod);
  const same =
    previous.createdAt === next.createdAt &&
    previous.nodeName === next.nodeName &&
    previous.terminationGracePeriodSeconds === next.terminationGracePeriodSeconds &&
    (previous.containers === next.containers || sameContainers(previous.containers, next.containers)) &&
    (previous.sidecars === next.sidecars || sameContainers(previous.sidecars, next.sidecars)) &&
    (previous.ownership === next.ownership || sameOwnership(previous.ownership, next.ownership));
  return same ? previous : next;
}
