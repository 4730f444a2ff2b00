/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go `manageReplicas`): counts active pods
 * (not terminating, not terminal), creates missing ones (`SuccessfulCreate` "Created pod: NAME") and deletes
 * surplus ones (`SuccessfulDelete` "Deleted pod: NAME"), choosing victims like controller_utils.go
 * `ActivePodsWithRanks`: lower pod-deletion-cost first, unscheduled, not ready, more recently ready, newer.
 */
import type { ObjectStore } from '../../object-store';
import type { PodApi } from '../apiserver';
import type { EventRecorder } from '../event-recorder';
import { buildPod } from '../pod-factory';
import { asPod, conditionOf, isPodReady, isPodTerminal, type PodObject } from '../pod-json';
import type { Random } from '../random';
import type { TruthRecorder } from '../truth';
import type { PodTemplate } from '../types';
import { replicaSetRef, type ReplicaSetState } from './state';

export interface ReplicaSetDeps {
  store: ObjectStore;
  rng: Random;
  events: EventRecorder;
  podApi: PodApi;
  truth: TruthRecorder;
  registerTemplate: (uid: string, template: PodTemplate) => void;
}

/** The stored pods themselves (ObjectStore.scan): read them, never mutate or keep them. */
export function podsOf(store: ObjectStore, rs: ReplicaSetState): PodObject[] {
  return store
    .ownedBy('pods', rs.uid)
    .filter((o) => o.metadata.namespace === rs.namespace)
    .map(asPod);
}

export function isActive(pod: PodObject): boolean {
  return pod.metadata.deletionTimestamp === undefined && !isPodTerminal(pod);
}

export function availableCount(store: ObjectStore, rs: ReplicaSetState): number {
  return podsOf(store, rs).filter((p) => isActive(p) && isPodReady(p)).length;
}

/** Sort key: the pod to delete first sorts first. */
function deletionRank(pod: PodObject): [number, number, number, string, string] {
  const cost = Number(pod.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'] ?? 0);
  const readySince = conditionOf(pod, 'Ready')?.lastTransitionTime ?? '';
  return [
    cost,
    pod.spec.nodeName ? 1 : 0,
    isPodReady(pod) ? 1 : 0,
    invert(readySince),
    invert(pod.metadata.creationTimestamp ?? '') + pod.metadata.name,
  ];
}

/** Reverses string order for ISO timestamps, so that newer sorts first. */
function invert(iso: string): string {
  return [...iso].map((ch) => String.fromCharCode(0xffff - ch.charCodeAt(0))).join('');
}

function compareRanks(ra: ReturnType<typeof deletionRank>, rb: ReturnType<typeof deletionRank>): number {
  for (let i = 0; i < ra.length; i++) {
    const x = ra[i] as number | string;
    const y = rb[i] as number | string;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

export function manageReplicas(deps: ReplicaSetDeps, rs: ReplicaSetState): void {
  const active = podsOf(deps.store, rs).filter(isActive);
  const diff = active.length - rs.replicas;
  if (diff < 0) {
    for (let i = 0; i < -diff; i++) createPod(deps, rs);
  } else if (diff > 0) {
    // Ranks computed once per pod, not once per comparison: a scale-down of thousands sorts thousands.
    const ranked = active.map((pod) => ({ pod, rank: deletionRank(pod) })).sort((a, b) => compareRanks(a.rank, b.rank));
    for (const { pod } of ranked.slice(0, diff)) {
      deps.podApi.deletePod(pod.metadata.namespace, pod.metadata.name, {}, { cause: 'replicaset-scale-down' });
      deps.events.record({
        involvedObject: replicaSetRef(rs),
        reason: 'SuccessfulDelete',
        message: `Deleted pod: ${pod.metadata.name}`,
        type: 'Normal',
        component: 'replicaset-controller',
      });
    }
  }
}

function createPod(deps: ReplicaSetDeps, rs: ReplicaSetState): void {
  const uid = deps.rng.uuid();
  // generateName's 5 random characters collide within thousands of pods; the apiserver then refuses the create
  // (AlreadyExists) and the controller tries again with a new name. Only a collision draws again, so the names of
  // smaller runs stay what their seed made them.
  let name = `${rs.name}-${deps.rng.kubeSuffix(5)}`;
  while (deps.store.peek('pods', rs.namespace, name)) name = `${rs.name}-${deps.rng.kubeSuffix(5)}`;
  deps.registerTemplate(uid, rs.template);
  deps.truth.podCreated({
    uid,
    namespace: rs.namespace,
    name,
    containers: [
      ...(rs.template.sidecars ?? []).map((c) => ({ name: c.name, sidecar: true })),
      ...rs.template.containers.map((c) => ({ name: c.name, sidecar: false })),
    ],
  });
  deps.store.create(
    'pods',
    buildPod({
      name,
      generateName: `${rs.name}-`,
      namespace: rs.namespace,
      uid,
      template: rs.template,
      labels: { ...rs.template.labels, 'pod-template-hash': rs.hash },
      owner: {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: rs.name,
        uid: rs.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    }),
  );
  deps.events.record({
    involvedObject: replicaSetRef(rs),
    reason: 'SuccessfulCreate',
    message: `Created pod: ${name}`,
    type: 'Normal',
    component: 'replicaset-controller',
  });
}
