/**
 * A StatefulSet's pods keep their names: `NAME-0`, `NAME-1`, … are deleted and made again under the same name with
 * a new uid (pkg/controller/statefulset). Enough of the controller for that: it creates missing ordinals once the
 * old pod object is gone, and `rollPod` deletes one as a rolling update does. Its events are those of
 * stateful_pod_control.go `recordPodEvent`: `SuccessfulDelete` "delete Pod db-0 in StatefulSet db successful"
 * and `SuccessfulCreate` "create Pod …". Because the message names only the pod, the same event for the next pod
 * of that name is the same event to client-go's EventCorrelator: it becomes one Event whose `count` grows and
 * whose `firstTimestamp` stays at the first pod's deletion.
 */
import type { ObjectStore } from '../../object-store';
import type { PodApi } from '../apiserver';
import type { EventRecorder, InvolvedObject } from '../event-recorder';
import { buildPod } from '../pod-factory';
import { asPod } from '../pod-json';
import type { Random } from '../random';
import type { Timers } from '../timers';
import type { TruthRecorder } from '../truth';
import type { ModelConfig, PodTemplate } from '../types';

export interface StatefulSetSpec {
  name: string;
  namespace: string;
  replicas: number;
  template: PodTemplate;
}

interface StatefulSetState {
  spec: StatefulSetSpec;
  uid: string;
  revision: string;
}

export interface StatefulSetDeps {
  store: ObjectStore;
  rng: Random;
  timers: Timers;
  config: ModelConfig;
  events: EventRecorder;
  podApi: PodApi;
  truth: TruthRecorder;
  registerTemplate: (uid: string, template: PodTemplate) => void;
}

export class StatefulSetController {
  private readonly sets = new Map<string, StatefulSetState>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: StatefulSetDeps) {}

  attach(): void {
    this.unsubscribe = this.deps.store.subscribe((event) => {
      if (event.resource !== 'pods' || event.type !== 'DELETED') return;
      const owner = asPod(event.object).metadata.ownerReferences?.find((r) => r.kind === 'StatefulSet');
      const set = owner && [...this.sets.values()].find((s) => s.uid === owner.uid);
      if (set) this.deps.timers.after(this.deps.rng.ms(this.deps.config.informerDelayMs), () => this.sync(set));
    });
  }

  detach(): void {
    this.unsubscribe?.();
  }

  add(spec: StatefulSetSpec): void {
    const set: StatefulSetState = {
      spec,
      uid: this.deps.rng.uuid(),
      revision: `${spec.name}-${this.deps.rng.kubeSuffix(10)}`,
    };
    this.sets.set(`${spec.namespace}/${spec.name}`, set);
    this.deps.timers.after(this.deps.rng.ms(this.deps.config.informerDelayMs), () => this.sync(set));
  }

  /** Deletes pod `ordinal` of the set as a rolling update does; it is made again once its object is gone. */
  rollPod(namespace: string, name: string, ordinal: number): boolean {
    const set = this.sets.get(`${namespace}/${name}`);
    if (!set) return false;
    const podName = `${name}-${ordinal}`;
    const result = this.deps.podApi.deletePod(namespace, podName, {}, { cause: 'statefulset-update' });
    if (!result.ok) return false;
    this.deps.events.record({
      involvedObject: this.ref(set),
      reason: 'SuccessfulDelete',
      message: `delete Pod ${podName} in StatefulSet ${name} successful`,
      type: 'Normal',
      component: 'statefulset-controller',
    });
    return true;
  }

  private ref(set: StatefulSetState): InvolvedObject {
    return {
      kind: 'StatefulSet',
      apiVersion: 'apps/v1',
      namespace: set.spec.namespace,
      name: set.spec.name,
      uid: set.uid,
    };
  }

  /** Creates every missing ordinal (a name whose old pod object still exists waits for it to go). */
  private sync(set: StatefulSetState): void {
    const { spec } = set;
    for (let ordinal = 0; ordinal < spec.replicas; ordinal++) {
      const name = `${spec.name}-${ordinal}`;
      if (this.deps.store.get('pods', spec.namespace, name)) continue;
      const uid = this.deps.rng.uuid();
      this.deps.registerTemplate(uid, spec.template);
      this.deps.truth.podCreated({
        uid,
        namespace: spec.namespace,
        name,
        containers: [
          ...(spec.template.sidecars ?? []).map((c) => ({ name: c.name, sidecar: true })),
          ...spec.template.containers.map((c) => ({ name: c.name, sidecar: false })),
        ],
      });
      this.deps.store.create(
        'pods',
        buildPod({
          name,
          namespace: spec.namespace,
          uid,
          template: spec.template,
          labels: {
            ...spec.template.labels,
            'controller-revision-hash': set.revision,
            'statefulset.kubernetes.io/pod-name': name,
            'apps.kubernetes.io/pod-index': String(ordinal),
          },
          owner: {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: spec.name,
            uid: set.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        }),
      );
      this.deps.events.record({
        involvedObject: this.ref(set),
        reason: 'SuccessfulCreate',
        message: `create Pod ${name} in StatefulSet ${spec.name} successful`,
        type: 'Normal',
        component: 'statefulset-controller',
      });
    }
  }
}
