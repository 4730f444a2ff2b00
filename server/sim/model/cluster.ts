/**
 * The simulated cluster: nodes with their kubelets, the scheduler, the Deployment/ReplicaSet, EndpointSlice and
 * node lifecycle controllers, all on one SimClock and one seeded Random, writing pods, events and
 * endpointslices into the ObjectStore the HTTP layer serves. It implements ClusterControl, so a client's
 * DELETE or eviction terminates a pod the way its containers' behaviours say. Scenarios build on the methods
 * below; `truth` records what really happened.
 */
import type { SimClock } from '../clock';
import type { ClusterControl, ControlResult, PodDeleteOptions } from '../control';
import type { ObjectStore } from '../object-store';
import { PodApi } from './apiserver';
import { EndpointSliceController } from './endpointslice/controller';
import { EventRecorder } from './event-recorder';
import { Kubelet } from './kubelet/kubelet';
import { NodeAgents } from './kubelet/node-agents';
import { NodeLifecycleController } from './node-lifecycle';
import { buildPod } from './pod-factory';
import { asPod, isPodReady, isPodTerminal, labelsMatch, type PodObject } from './pod-json';
import { Random } from './random';
import { Scheduler } from './scheduler';
import { Timers } from './timers';
import { TruthRecorder, type GroundTruth } from './truth';
import {
  DEFAULT_MODEL_CONFIG,
  type DeploymentSpec,
  type ModelConfig,
  type PodTemplate,
  type ServiceSpec,
} from './types';
import { WorkloadControllers } from './workloads/deployment-controller';
import { StatefulSetController, type StatefulSetSpec } from './workloads/statefulset-controller';

export interface SimClusterOptions {
  clock: SimClock;
  store: ObjectStore;
  seed: number;
  /** Recorded in the ground truth. */
  scenario?: string;
  config?: Partial<ModelConfig>;
  /** Dual-stack pod networking (an IPv6 address per pod next to the IPv4 one). */
  dualStack?: boolean;
  /** Builds the cluster and schedules its actions; runs at `start()`. */
  setup?: (cluster: SimCluster) => void;
}

export class SimCluster implements ClusterControl {
  readonly truth: TruthRecorder;
  readonly config: ModelConfig;
  readonly rng: Random;
  readonly clock: SimClock;
  readonly store: ObjectStore;
  readonly scenario: string;
  readonly seed: number;
  startedAt: number;
  private readonly timers: Timers;
  private readonly events: EventRecorder;
  private readonly podApi: PodApi;
  private readonly agents: NodeAgents;
  private readonly scheduler: Scheduler;
  private readonly slices: EndpointSliceController;
  private readonly workloads: WorkloadControllers;
  private readonly nodeLifecycle: NodeLifecycleController;
  private readonly statefulSets: StatefulSetController;
  private readonly templates = new Map<string, PodTemplate>();
  /** Nodes `kubectl cordon` marked unschedulable (Node spec.unschedulable; Nodes are not served, so only the scheduler sees it). */
  private readonly cordoned = new Set<string>();
  private readonly dualStack: boolean;
  private readonly setup: ((cluster: SimCluster) => void) | undefined;
  private finished = false;
  private readonly doneListeners: (() => void)[] = [];
  private started = false;

  constructor(options: SimClusterOptions) {
    this.clock = options.clock;
    this.store = options.store;
    this.seed = options.seed;
    this.scenario = options.scenario ?? 'custom';
    this.config = { ...DEFAULT_MODEL_CONFIG, ...options.config };
    this.rng = new Random(options.seed);
    this.dualStack = options.dualStack ?? false;
    this.setup = options.setup;
    this.startedAt = options.clock.now();
    const now = (): number => this.clock.now();
    this.timers = new Timers(options.clock);
    this.truth = new TruthRecorder(now);
    const base = { store: this.store, rng: this.rng, timers: this.timers, config: this.config };
    this.events = new EventRecorder({
      store: this.store,
      rng: this.rng,
      now,
      timers: this.timers,
      ttlMs: this.config.eventTtlMs,
    });
    this.podApi = new PodApi({ store: this.store, truth: this.truth, now });
    this.agents = new NodeAgents({ ...base, templateOf: (uid) => this.templates.get(uid) });
    this.scheduler = new Scheduler({ ...base, events: this.events, podApi: this.podApi, truth: this.truth, now });
    this.slices = new EndpointSliceController(base);
    this.workloads = new WorkloadControllers({
      ...base,
      events: this.events,
      podApi: this.podApi,
      truth: this.truth,
      registerTemplate: (uid, template) => this.templates.set(uid, template),
    });
    this.nodeLifecycle = new NodeLifecycleController({ ...base, events: this.events, podApi: this.podApi, now });
    this.statefulSets = new StatefulSetController({
      ...base,
      events: this.events,
      podApi: this.podApi,
      truth: this.truth,
      registerTemplate: (uid, template) => this.templates.set(uid, template),
    });
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.startedAt = this.clock.now();
    this.truth.attach(this.store);
    this.agents.attach();
    this.scheduler.attach();
    this.slices.attach();
    this.workloads.attach();
    this.statefulSets.attach();
    this.events.startExpiry();
    this.setup?.(this);
  }

  stop(): void {
    this.timers.stop();
    this.truth.detach();
    this.agents.detach();
    this.scheduler.detach();
    this.slices.detach();
    this.workloads.detach();
    this.statefulSets.detach();
  }

  get done(): boolean {
    return this.finished;
  }

  onDone(listener: () => void): void {
    if (this.finished) listener();
    else this.doneListeners.push(listener);
  }

  whenDone(): Promise<void> {
    return new Promise((resolve) => this.onDone(resolve));
  }

  groundTruth(): GroundTruth {
    return this.truth.toJson({ scenario: this.scenario, seed: this.seed, startedAt: this.startedAt });
  }

  // ---- ClusterControl (the HTTP layer's DELETE and eviction) ----

  deletePod(namespace: string, name: string, options: PodDeleteOptions): ControlResult {
    return this.podApi.deletePod(namespace, name, options, { cause: 'delete' });
  }

  evictPod(namespace: string, name: string, options: PodDeleteOptions): ControlResult {
    return this.podApi.evictPod(namespace, name, options);
  }

  // ---- building a cluster ----

  addNode(name: string): void {
    const index = this.agents.kubelets.size + 1;
    const kubelet = new Kubelet(
      {
        now: () => this.clock.now(),
        store: this.store,
        rng: this.rng,
        truth: this.truth,
        events: this.events,
        podApi: this.podApi,
        config: this.config,
        timers: this.timers,
        dualStack: this.dualStack,
      },
      { name, index, internalIP: `10.0.0.${10 + index}` },
    );
    this.agents.add(kubelet);
    this.scheduler.addNode({
      name,
      schedulable: () => !kubelet.dead && !kubelet.shuttingDown && !this.cordoned.has(name),
    });
  }

  addService(spec: ServiceSpec): void {
    this.slices.addService(spec);
  }

  addDeployment(spec: DeploymentSpec): void {
    this.workloads.addDeployment(spec);
  }

  updateDeployment(namespace: string, name: string, change: (template: PodTemplate) => PodTemplate): void {
    this.workloads.updateTemplate(namespace, name, change);
  }

  addStatefulSet(spec: StatefulSetSpec): void {
    this.statefulSets.add(spec);
  }

  /** The StatefulSet controller deletes pod `ordinal` (rolling update); it comes back under the same name. */
  rollStatefulSetPod(namespace: string, name: string, ordinal: number): boolean {
    return this.statefulSets.rollPod(namespace, name, ordinal);
  }

  scaleDeployment(namespace: string, name: string, replicas: number): void {
    this.workloads.scale(namespace, name, replicas);
  }

  /** A pod without an owner (`kubectl run`). */
  createPod(input: { namespace: string; name: string; template: PodTemplate }): PodObject {
    const uid = this.rng.uuid();
    this.templates.set(uid, input.template);
    this.truth.podCreated({
      uid,
      namespace: input.namespace,
      name: input.name,
      containers: [
        ...(input.template.sidecars ?? []).map((c) => ({ name: c.name, sidecar: true })),
        ...input.template.containers.map((c) => ({ name: c.name, sidecar: false })),
      ],
    });
    return asPod(
      this.store.create(
        'pods',
        buildPod({
          name: input.name,
          namespace: input.namespace,
          uid,
          template: input.template,
          labels: input.template.labels,
        }),
      ),
    );
  }

  /** Runs `fn` at `ms` after the cluster started (immediately if that time has passed). */
  at(ms: number, fn: () => void): void {
    this.timers.after(this.startedAt + ms - this.clock.now(), fn);
  }

  /** Live pods matching the labels, oldest first. */
  pods(selector: Record<string, string> = {}): PodObject[] {
    return this.store
      .list('pods', (o) => labelsMatch(selector, o.metadata.labels))
      .items.map(asPod)
      .sort(
        (a, b) =>
          (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
          a.metadata.name.localeCompare(b.metadata.name),
      );
  }

  /** Sets an annotation (e.g. `controller.kubernetes.io/pod-deletion-cost`), as `kubectl annotate` would. */
  annotatePod(pod: PodObject, key: string, value: string): void {
    this.store.update('pods', pod.metadata.namespace, pod.metadata.name, (object) => {
      const annotated = asPod(object);
      annotated.metadata.annotations = { ...annotated.metadata.annotations, [key]: value };
    });
  }

  // ---- disruptions ----

  /** The node is lost (power, network): kubelet gone, the node lifecycle controller takes over. */
  loseNode(name: string): void {
    this.agents.kubelets.get(name)?.die();
    this.nodeLifecycle.nodeLost(name);
  }

  /** `kubectl cordon`: no new pod is scheduled to the node; those on it stay. */
  cordonNode(name: string): void {
    this.cordoned.add(name);
  }

  /**
   * `kubectl drain --ignore-daemonsets`: cordons the node, then evicts every pod on it through the Eviction API,
   * all at once (k8s.io/kubectl/pkg/drain evicts each pod in its own goroutine). No PodDisruptionBudgets here, so
   * none is refused. Returns the evicted pods' names.
   */
  drainNode(name: string): string[] {
    this.cordonNode(name);
    const victims = this.pods().filter(
      (pod) => pod.spec.nodeName === name && pod.metadata.deletionTimestamp === undefined && !isPodTerminal(pod),
    );
    for (const pod of victims) this.evictPod(pod.metadata.namespace, pod.metadata.name, {});
    return victims.map((pod) => pod.metadata.name);
  }

  /** The kubelet evicts the pod for memory pressure. */
  pressureEvict(pod: PodObject): boolean {
    const kubelet = this.agents.kubelets.get(pod.spec.nodeName ?? '');
    const message = `The node was low on resource: memory. Threshold quantity: 100Mi, available: 87Mi. Container ${pod.spec.containers[0]?.name ?? 'app'} was using 612Mi, request is 0, has larger consumption of memory.`;
    return kubelet?.evictForPressure(pod.metadata.uid, message) ?? false;
  }

  /** Graceful node shutdown with `shutdownGracePeriod` (non-critical pods' share). */
  shutdownNode(name: string, shutdownGraceSeconds: number): void {
    this.agents.kubelets.get(name)?.shutdown(shutdownGraceSeconds);
  }

  /** The app in one container of the pod hangs: its liveness probe fails until the kubelet restarts it. */
  hangContainer(pod: PodObject, container: string): boolean {
    return this.agents.kubelets.get(pod.spec.nodeName ?? '')?.hangContainer(pod.metadata.uid, container) ?? false;
  }

  preempt(preemptor: PodObject, victim: PodObject, options: { reportRetries?: boolean } = {}): void {
    this.scheduler.preempt(preemptor, victim, options);
  }

  // ---- completion ----

  /** Nothing is starting, terminating or waiting to propagate, and every Deployment is complete. */
  get settled(): boolean {
    if (!this.workloads.settled || this.slices.busy) return false;
    for (const pod of this.store.scan('pods').map(asPod)) {
      if (isPodTerminal(pod)) continue;
      if (pod.metadata.deletionTimestamp !== undefined || !isPodReady(pod)) return false;
    }
    for (const kubelet of this.agents.kubelets.values()) {
      if (kubelet.dead) continue;
      for (const pod of kubelet.pods.values()) if (pod.terminating && !pod.finished) return false;
    }
    return true;
  }

  /** Declares the scenario finished once the cluster settled, plus `settleMs` so late writes are seen. */
  finishWhenSettled(settleMs = 2000): void {
    const poll = (): void => {
      if (!this.settled) {
        this.timers.after(500, poll);
        return;
      }
      this.timers.after(settleMs, () => {
        this.finished = true;
        for (const listener of this.doneListeners.splice(0)) listener();
      });
    };
    this.timers.after(500, poll);
  }
}
