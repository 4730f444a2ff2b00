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

export function summarizePodSpec(pod: Pod): PodSpecSummary {
  return {
    createdAt: parseApiTime(pod.metadata.creationTimestamp),
    nodeName: pod.spec?.nodeName ?? null,
    terminationGracePeriodSeconds: pod.spec?.terminationGracePeriodSeconds ?? null,
    containers: (pod.spec?.containers ?? []).map(containerSpec),
    sidecars: sidecarContainers(pod).map(containerSpec),
    ownership: ownershipOf(pod),
  };
}
