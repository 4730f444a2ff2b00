/**
 * The default scheduler, reduced to what shows in the API: a pending pod is bound to the schedulable node with
 * the fewest pods (binding sets `spec.nodeName` and PodScheduled=True) and a `Scheduled` event is written
 * through the events.k8s.io API (µs `eventTime`). Preemption (pkg/scheduler/framework/preemption) marks the
 * victim with DisruptionTarget=PreemptionByScheduler, deletes it with its own grace period, and reports
 * `Preempted`; the preemptor waits with `nominatedNodeName` until the victim is gone.
 */
import type { ObjectStore, StoreEvent } from '../object-store';
import { apiTime } from './api-time';
import type { PodApi } from './apiserver';
import type { EventRecorder, InvolvedObject } from './event-recorder';
import { asPod, isPodTerminal, upsertCondition, type PodObject } from './pod-json';
import type { Random } from './random';
import type { Timers } from './timers';
import type { TruthRecorder } from './truth';
import type { ModelConfig } from './types';

export interface SchedulableNode {
  name: string;
  schedulable: () => boolean;
}

function podRef(pod: PodObject): InvolvedObject {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    uid: pod.metadata.uid,
  };
}

export class Scheduler {
  private readonly nodes: SchedulableNode[] = [];
  /** Preemptor uid → the victim uid it waits for, and the preemptor's name. */
  private readonly waitingFor = new Map<string, { victim: string; name: string }>();
  /**
   * Bound, non-terminal pods per node, kept up to date from the store's events: counting them with a scan of every
   * pod on each bind made scheduling a 10,000-pod Deployment quadratic.
   */
  private readonly podsPerNode = new Map<string, number>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly deps: {
      store: ObjectStore;
      rng: Random;
      timers: Timers;
      config: ModelConfig;
      events: EventRecorder;
      podApi: PodApi;
      truth: TruthRecorder;
      now: () => number;
    },
  ) {}

  addNode(node: SchedulableNode): void {
    this.nodes.push(node);
  }

  attach(): void {
    for (const object of this.deps.store.scan('pods')) this.countOnNode(asPod(object), 1);
    this.unsubscribe = this.deps.store.subscribe((event) => this.onEvent(event));
  }

  detach(): void {
    this.unsubscribe?.();
  }

  /**
   * Preempts `victim` for the (already created, unbound) pod `preemptor`. With `reportRetries`, the failed scheduling
   * attempt that led to the preemption and every retry while the preemptor waits (backoff 1 s doubling to 10 s, the
   * scheduler's podInitialBackoff/podMaxBackoff) are reported as `FailedScheduling`, which become one events.k8s.io
   * series on the preemptor.
   */
  preempt(preemptor: PodObject, victim: PodObject, options: { reportRetries?: boolean } = {}): void {
    const { podApi, events, store } = this.deps;
    const node = victim.spec.nodeName ?? '';
    this.waitingFor.set(preemptor.metadata.uid, { victim: victim.metadata.uid, name: preemptor.metadata.name });
    podApi.addDisruptionTarget(victim.metadata.namespace, victim.metadata.name, {
      reason: 'PreemptionByScheduler',
      message: `default-scheduler: preempting to accommodate a higher priority pod`,
    });
    podApi.deletePod(victim.metadata.namespace, victim.metadata.name, {}, { cause: 'preemption' });
    events.recordSeries({
      regarding: podRef(victim),
      related: podRef(preemptor),
      reason: 'Preempted',
      note: `Preempted by pod ${preemptor.metadata.uid} on node ${node}`,
      action: 'Preempting',
      type: 'Normal',
      reportingController: 'default-scheduler',
      reportingInstance: 'default-scheduler-control-plane',
    });
    if (options.reportRetries)
      this.reportFailedScheduling(
        preemptor,
        `Insufficient cpu. preemption: 0/${this.nodes.length} nodes are available: 1 No preemption victims found for incoming pod.`,
        1000,
      );
    store.update('pods', preemptor.metadata.namespace, preemptor.metadata.name, (object) => {
      const waiting = asPod(object);
      waiting.status.nominatedNodeName = node;
      upsertCondition(waiting, {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: `0/${this.nodes.length} nodes are available: ${this.nodes.length} Insufficient cpu. preemption: 0/${this.nodes.length} nodes are available: 1 No preemption victims found for incoming pod.`,
        lastTransitionTime: apiTime(this.deps.now()),
      });
    });
  }

  /** One failed attempt of a pod waiting for its victim, then the next after `backoffMs` if it still waits. */
  private reportFailedScheduling(pod: PodObject, why: string, backoffMs: number): void {
    const count = this.nodes.length;
    this.deps.events.recordSeries({
      regarding: podRef(pod),
      reason: 'FailedScheduling',
      note: `0/${count} nodes are available: ${count} ${why}`,
      action: 'Scheduling',
      type: 'Warning',
      reportingController: 'default-scheduler',
      reportingInstance: 'default-scheduler-control-plane',
    });
    this.deps.timers.after(backoffMs, () => {
      if (!this.waitingFor.has(pod.metadata.uid)) return;
      this.reportFailedScheduling(
        pod,
        `Insufficient cpu. preemption: 0/${count} nodes are available: 1 No preemption victims found for incoming pod, ${count - 1} Preemption is not helpful for scheduling.`,
        Math.min(backoffMs * 2, 10_000),
      );
    });
  }

  private onEvent(event: StoreEvent): void {
    if (event.resource !== 'pods') return;
    const pod = asPod(event.object);
    if (event.previousObject) this.countOnNode(asPod(event.previousObject), -1);
    if (event.type !== 'DELETED') this.countOnNode(pod, 1);
    if (event.type === 'DELETED') {
      for (const [preemptor, waiting] of this.waitingFor) {
        if (waiting.victim === pod.metadata.uid) {
          this.waitingFor.delete(preemptor);
          this.scheduleBind(preemptor, pod.metadata.namespace, waiting.name, pod.spec.nodeName);
        }
      }
      return;
    }
    if (
      event.type === 'ADDED' &&
      !pod.spec.nodeName &&
      !this.waitingFor.has(pod.metadata.uid) &&
      !pod.spec.schedulingGates
    ) {
      this.scheduleBind(pod.metadata.uid, pod.metadata.namespace, pod.metadata.name, undefined);
    }
  }

  private countOnNode(pod: PodObject, delta: number): void {
    if (!pod.spec.nodeName || isPodTerminal(pod)) return;
    this.podsPerNode.set(pod.spec.nodeName, (this.podsPerNode.get(pod.spec.nodeName) ?? 0) + delta);
  }

  private scheduleBind(uid: string, namespace: string, name: string, nodeName: string | undefined): void {
    this.deps.timers.after(this.deps.rng.ms([5, 40]) + this.deps.rng.ms(this.deps.config.informerDelayMs), () => {
      if (this.waitingFor.has(uid)) return;
      const pod = this.deps.store.peek('pods', namespace, name);
      if (!pod || pod.metadata.uid !== uid) return;
      this.bind(asPod(pod), nodeName ?? this.pickNode());
    });
  }

  private pickNode(): string | undefined {
    const counts = this.podsPerNode;
    let best: SchedulableNode | undefined;
    for (const node of this.nodes) {
      if (!node.schedulable()) continue;
      if (!best || (counts.get(node.name) ?? 0) < (counts.get(best.name) ?? 0)) best = node;
    }
    return best?.name;
  }

  private bind(pod: PodObject, nodeName: string | undefined): void {
    if (!nodeName || pod.spec.nodeName || pod.metadata.deletionTimestamp !== undefined) return;
    const now = this.deps.now();
    this.deps.store.update('pods', pod.metadata.namespace, pod.metadata.name, (object) => {
      const bound = asPod(object);
      bound.spec.nodeName = nodeName;
      upsertCondition(bound, { type: 'PodScheduled', status: 'True', lastTransitionTime: apiTime(now) });
    });
    this.deps.truth.scheduled(pod.metadata.uid, nodeName);
    this.deps.events.recordSeries({
      regarding: podRef(pod),
      reason: 'Scheduled',
      note: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
      action: 'Binding',
      type: 'Normal',
      reportingController: 'default-scheduler',
      reportingInstance: 'default-scheduler-control-plane',
    });
  }
}
