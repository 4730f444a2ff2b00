/**
 * The EndpointSlice controller (pkg/controller/endpointslice): a pod change queues a sync of every Service that
 * selects the pod; the sync runs after the batch period plus the controller's lag, reads the pods as they are
 * then (so one write may carry several pods' changes), and writes the plan of reconcile.ts per address family.
 * Empty Services keep one placeholder slice, as upstream does.
 */
import type { ApiObject, ObjectStore, StoreEvent } from '../../object-store';
import { asPod, labelsMatch } from '../pod-json';
import type { Random } from '../random';
import type { Timers } from '../timers';
import type { AddressType, ModelConfig, ServiceSpec } from '../types';
import { podToEndpoint, type EndpointJson } from './pod-to-endpoint';
import { planSlices, type SliceView } from './reconcile';

const MANAGED_BY = 'endpointslice-controller.k8s.io';

interface ServiceState {
  spec: ServiceSpec;
  uid: string;
  syncPending: boolean;
}

export class EndpointSliceController {
  private readonly services = new Map<string, ServiceState>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: { store: ObjectStore; rng: Random; timers: Timers; config: ModelConfig }) {}

  addService(spec: ServiceSpec): void {
    this.services.set(`${spec.namespace}/${spec.name}`, { spec, uid: this.deps.rng.uuid(), syncPending: false });
    this.queue(`${spec.namespace}/${spec.name}`);
  }

  attach(): void {
    this.unsubscribe = this.deps.store.subscribe((event) => this.onEvent(event));
  }

  detach(): void {
    this.unsubscribe?.();
  }

  /** True while a sync is queued: the network track has not caught up yet. */
  get busy(): boolean {
    return [...this.services.values()].some((s) => s.syncPending);
  }

  private onEvent(event: StoreEvent): void {
    if (event.resource !== 'pods') return;
    const pod = asPod(event.object);
    for (const [key, service] of this.services) {
      if (service.spec.namespace === pod.metadata.namespace && labelsMatch(service.spec.selector, pod.metadata.labels))
        this.queue(key);
    }
  }

  private queue(key: string): void {
    const service = this.services.get(key);
    if (!service || service.syncPending) return;
    service.syncPending = true;
    const { rng, config, timers } = this.deps;
    timers.after(config.sliceBatchPeriodMs + rng.skewedMs(config.sliceLagMs), () => {
      service.syncPending = false;
      this.sync(service);
    });
  }

  private sync(service: ServiceState): void {
    const { spec } = service;
    // Read only (ObjectStore.scan): the endpoints are built fresh from them, and a copy of every pod per sync would
    // make a large rollout quadratic.
    const pods = this.deps.store
      .scan('pods', (o) => o.metadata.namespace === spec.namespace && labelsMatch(spec.selector, o.metadata.labels))
      .map(asPod)
      .sort(
        (a, b) =>
          (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
          a.metadata.name.localeCompare(b.metadata.name),
      );
    for (const addressType of spec.ipFamilies ?? ['IPv4']) {
      const desired = pods
        .map((pod) =>
          podToEndpoint(pod, { addressType, publishNotReadyAddresses: spec.publishNotReadyAddresses === true }),
        )
        .filter((e): e is EndpointJson => e !== undefined);
      this.apply(service, addressType, desired);
    }
  }

  private apply(service: ServiceState, addressType: AddressType, desired: EndpointJson[]): void {
    const { store, config } = this.deps;
    const { spec } = service;
    const existing: SliceView[] = store
      .list(
        'endpointslices',
        (o) =>
          o.metadata.namespace === spec.namespace &&
          o.metadata.labels?.['kubernetes.io/service-name'] === spec.name &&
          o.addressType === addressType,
      )
      .items.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map((o) => ({
        name: o.metadata.name,
        endpoints: Array.isArray(o.endpoints) ? (o.endpoints as EndpointJson[]) : [],
      }));
    const plan = planSlices({
      existing,
      desired,
      maxPerSlice: config.maxEndpointsPerSlice,
      compact: config.compactSlices,
    });
    if (existing.length - plan.delete.length + plan.create.length === 0) {
      const keep = plan.delete.shift();
      if (keep) plan.update.push({ name: keep, endpoints: [] });
      else plan.create.push([]);
    }
    for (const endpoints of plan.create) store.create('endpointslices', this.newSlice(service, addressType, endpoints));
    for (const slice of plan.update) {
      const before = existing.find((e) => e.name === slice.name);
      if (before && JSON.stringify(before.endpoints) === JSON.stringify(slice.endpoints)) continue;
      store.update('endpointslices', spec.namespace, slice.name, (object) => {
        object.endpoints = slice.endpoints.length > 0 ? slice.endpoints : null;
      });
    }
    for (const name of plan.delete) store.delete('endpointslices', spec.namespace, name);
  }

  private newSlice(service: ServiceState, addressType: AddressType, endpoints: EndpointJson[]): ApiObject {
    const { spec } = service;
    return {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: `${spec.name}-${this.deps.rng.kubeSuffix(5)}`,
        generateName: `${spec.name}-`,
        namespace: spec.namespace,
        uid: this.deps.rng.uuid(),
        labels: { 'kubernetes.io/service-name': spec.name, 'endpointslice.kubernetes.io/managed-by': MANAGED_BY },
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'Service',
            name: spec.name,
            uid: service.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      addressType,
      endpoints: endpoints.length > 0 ? endpoints : null,
      ports: [{ name: 'http', port: spec.targetPort ?? 8080, protocol: 'TCP' }],
    };
  }
}
