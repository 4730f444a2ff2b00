/**
 * Routes pod changes to the kubelet of the pod's node, as each kubelet's pod config watch (filtered by
 * `spec.nodeName`) would: a newly bound pod is admitted after the informer delay; a deletionTimestamp or a
 * shorter grace period is noticed after the kubelet lag (L in docs/termination-model.md); a removed pod likewise.
 */
import type { ObjectStore, StoreEvent } from '../../object-store';
import { asPod } from '../pod-json';
import type { Random } from '../random';
import type { Timers } from '../timers';
import type { ModelConfig, PodTemplate } from '../types';
import type { Kubelet } from './kubelet';

export class NodeAgents {
  readonly kubelets = new Map<string, Kubelet>();
  /** Per pod uid: the grace period whose notice is already scheduled (only a shorter one is news). */
  private readonly graceScheduled = new Map<string, number>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly deps: {
      store: ObjectStore;
      rng: Random;
      timers: Timers;
      config: ModelConfig;
      templateOf: (uid: string) => PodTemplate | undefined;
    },
  ) {}

  add(kubelet: Kubelet): void {
    this.kubelets.set(kubelet.node.name, kubelet);
  }

  attach(): void {
    this.unsubscribe = this.deps.store.subscribe((event) => this.onEvent(event));
  }

  detach(): void {
    this.unsubscribe?.();
  }

  kubeletOf(uid: string): Kubelet | undefined {
    for (const kubelet of this.kubelets.values()) if (kubelet.pods.has(uid)) return kubelet;
    return undefined;
  }

  private onEvent(event: StoreEvent): void {
    if (event.resource !== 'pods') return;
    const pod = asPod(event.object);
    const nodeName = pod.spec.nodeName;
    const kubelet = nodeName ? this.kubelets.get(nodeName) : undefined;
    if (!kubelet) return;
    const { uid, namespace, name } = pod.metadata;
    const { rng, timers, config } = this.deps;
    if (event.type === 'DELETED') {
      timers.after(rng.ms(config.kubeletLagMs), () => kubelet.onRemovedSeen(uid));
      return;
    }
    if (!kubelet.pods.has(uid)) {
      timers.after(rng.ms(config.informerDelayMs), () => {
        const current = this.deps.store.get('pods', namespace, name);
        const template = this.deps.templateOf(uid);
        if (current && current.metadata.uid === uid && template) kubelet.admit(asPod(current), template);
      });
    }
    const grace = pod.metadata.deletionGracePeriodSeconds;
    if (pod.metadata.deletionTimestamp === undefined || grace === undefined) return;
    const scheduled = this.graceScheduled.get(uid);
    if (scheduled !== undefined && grace >= scheduled) return;
    this.graceScheduled.set(uid, grace);
    timers.after(rng.ms(config.kubeletLagMs), () => kubelet.onDeletionSeen(uid, grace));
  }
}
