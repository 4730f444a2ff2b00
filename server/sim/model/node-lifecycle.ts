/**
 * What happens to pods on a node that stops reporting (pkg/controller/nodelifecycle): after the node monitor
 * grace period the node is NotReady/unreachable, its pods are marked Ready=False (`MarkPodsNotReady`, event
 * `NodeNotReady`); the NoExecute `unreachable` taint then evicts each pod once its toleration runs out
 * (pkg/controller/tainteviction: event `TaintManagerEviction`, DisruptionTarget=DeletionByTaintManager, delete
 * with the pod's own grace period). No kubelet is left to stop the containers or to finish the deletion: the
 * pod stays Terminating until someone force-deletes it.
 */
import type { ObjectStore } from '../object-store';
import { apiTime } from './api-time';
import type { PodApi } from './apiserver';
import type { EventRecorder } from './event-recorder';
import { asPod, isPodTerminal, upsertCondition, type PodObject } from './pod-json';
import type { Random } from './random';
import type { Timers } from './timers';
import type { ModelConfig } from './types';

interface Toleration {
  key?: string;
  tolerationSeconds?: number;
}

function unreachableTolerationSeconds(pod: PodObject): number {
  const tolerations = (pod.spec.tolerations ?? []) as Toleration[];
  return tolerations.find((t) => t.key === 'node.kubernetes.io/unreachable')?.tolerationSeconds ?? 300;
}

export class NodeLifecycleController {
  constructor(
    private readonly deps: {
      store: ObjectStore;
      rng: Random;
      timers: Timers;
      config: ModelConfig;
      events: EventRecorder;
      podApi: PodApi;
      now: () => number;
    },
  ) {}

  nodeLost(nodeName: string): void {
    const { timers, rng, config } = this.deps;
    // The node controller checks every --node-monitor-period (5 s) whether the grace period ran out.
    timers.after(config.nodeMonitorGraceMs + rng.ms([0, 5000]), () => {
      for (const pod of this.podsOn(nodeName)) {
        this.markNotReady(pod);
        timers.after(unreachableTolerationSeconds(pod) * 1000 + rng.ms([0, 1000]), () =>
          this.evict(pod.metadata.namespace, pod.metadata.name, pod.metadata.uid),
        );
      }
    });
  }

  private podsOn(nodeName: string): PodObject[] {
    return this.deps.store
      .list('pods', (o) => asPod(o).spec.nodeName === nodeName)
      .items.map(asPod)
      .filter((pod) => !isPodTerminal(pod));
  }

  private markNotReady(pod: PodObject): void {
    const now = this.deps.now();
    this.deps.store.update('pods', pod.metadata.namespace, pod.metadata.name, (object) => {
      const current = asPod(object);
      const ready = current.status.conditions?.find((c) => c.type === 'Ready');
      upsertCondition(current, {
        type: 'Ready',
        status: 'False',
        ...(ready?.reason ? { reason: ready.reason } : {}),
        lastTransitionTime: apiTime(now),
      });
    });
    this.deps.events.record({
      involvedObject: this.ref(pod),
      reason: 'NodeNotReady',
      message: 'Node is not ready',
      type: 'Warning',
      component: 'node-controller',
    });
  }

  private evict(namespace: string, name: string, uid: string): void {
    const current = this.deps.store.get('pods', namespace, name);
    if (!current || current.metadata.uid !== uid || asPod(current).metadata.deletionTimestamp !== undefined) return;
    const pod = asPod(current);
    this.deps.events.record({
      involvedObject: this.ref(pod),
      reason: 'TaintManagerEviction',
      message: `Marking for deletion Pod ${namespace}/${name}`,
      type: 'Normal',
      component: 'taint-eviction-controller',
    });
    this.deps.podApi.addDisruptionTarget(namespace, name, {
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    });
    this.deps.podApi.deletePod(namespace, name, {}, { cause: 'taint-manager' });
  }

  private ref(pod: PodObject): { kind: string; apiVersion: string; namespace: string; name: string; uid: string } {
    return {
      kind: 'Pod',
      apiVersion: 'v1',
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      uid: pod.metadata.uid,
    };
  }
}
