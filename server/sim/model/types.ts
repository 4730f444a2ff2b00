/**
 * What the simulated cluster is made of. Deployments, ReplicaSets, Services and Nodes live only inside the model
 * (the simulated apiserver serves pods, events and endpointslices); the behaviour of each container on SIGTERM
 * is simulator-only knowledge that never appears in an API object.
 */

/** A preStop hook (core/v1 LifecycleHandler) and how long it really runs. */
export type PreStopHook =
  /** `lifecycle.preStop.sleep.seconds` (1.30+): the kubelet itself sleeps; validation keeps it below the grace period. */
  | { kind: 'sleep'; seconds: number }
  /** `exec: ["sleep", "N"]`, or `["sh", "-c", "sleep N"]` with `shell`. */
  | { kind: 'exec-sleep'; seconds: number; shell?: boolean }
  /** An exec hook that exits non-zero after `runsSeconds` (e.g. a missing binary): `FailedPreStopHook`. */
  | { kind: 'exec-fails'; command: string[]; runsSeconds: number };

/** What the container's process does when the runtime sends the stop signal. */
export type SigtermBehaviour =
  /** Handles SIGTERM, finishes in-flight work for `seconds`, exits 0 (`Completed`). */
  | { kind: 'drain'; seconds: number }
  /** Dies of the signal at once (no handler, not PID 1): exit 143, `Error`. */
  | { kind: 'exit-143' }
  /** PID 1 without a handler: the signal is ignored, SIGKILL at the deadline gives 137. */
  | { kind: 'ignore' }
  /** Runs out of memory `afterSeconds` into its drain: 137 with reason `OOMKilled` (not a SIGKILL by the kubelet). */
  | { kind: 'oom'; afterSeconds: number };

export interface ReadinessProbeSpec {
  periodSeconds: number;
  failureThreshold: number;
}

export interface ContainerTemplate {
  name: string;
  image: string;
  /** Exposed as the container port named `http`. */
  port?: number;
  preStop?: PreStopHook;
  onSigterm: SigtermBehaviour;
  /** The app fails its readiness probe once it got SIGTERM (it flips /ready before draining). */
  stopsServingOnSigterm?: boolean;
  readinessProbe?: ReadinessProbeSpec;
  /** An HTTP liveness probe; it fails only while a scenario made the app hang (`SimCluster.hangContainer`). */
  livenessProbe?: ReadinessProbeSpec;
  /** How long the process needs after start before its readiness probe can pass. */
  startupSeconds?: number;
}

export interface PodTemplate {
  labels: Record<string, string>;
  containers: ContainerTemplate[];
  /** Restartable init containers (`restartPolicy: Always`), started in order before the main containers. */
  sidecars?: ContainerTemplate[];
  terminationGracePeriodSeconds: number;
  priorityClassName?: string;
  priority?: number;
  /** tolerationSeconds of the default not-ready/unreachable NoExecute tolerations (admission default 300). */
  unreachableTolerationSeconds?: number;
}

export interface RollingUpdateStrategy {
  maxSurge: number;
  maxUnavailable: number;
}

export interface DeploymentSpec {
  name: string;
  namespace: string;
  replicas: number;
  template: PodTemplate;
  strategy?: RollingUpdateStrategy;
}

export type AddressType = 'IPv4' | 'IPv6';

export interface ServiceSpec {
  name: string;
  namespace: string;
  selector: Record<string, string>;
  port: number;
  /** The container port (named `http`) the Service targets; slices carry it as their port. Default 8080. */
  targetPort?: number;
  /** Dual-stack Services have both families and get one set of slices per family. */
  ipFamilies?: AddressType[];
  publishNotReadyAddresses?: boolean;
}

/** Timing knobs of the model; every range is [min, max] ms. */
export interface ModelConfig {
  /** Delay before a watcher inside the cluster (controllers, scheduler) sees a change. */
  informerDelayMs: [number, number];
  /** Kubelet noticing a delete (pod config watch, pod worker): L in docs/termination-model.md. */
  kubeletLagMs: [number, number];
  /** EndpointSlice controller: from the pod change to the slice write. */
  sliceLagMs: [number, number];
  /** `--endpoint-updates-batch-period`: changes within it are written together. */
  sliceBatchPeriodMs: number;
  maxEndpointsPerSlice: number;
  /**
   * Simulator-only: re-pack endpoints of an almost empty slice into slices with room (added there first, then
   * the emptied slice is deleted), so the analysis meets endpoints that move between slices.
   */
  compactSlices: boolean;
  /** Kubelet status manager: from a status change the kubelet knows to the API write. */
  statusDelayMs: [number, number];
  /** PLEG relist period: container exits are noticed at the next relist. */
  plegPeriodMs: number;
  /** Unmounting volumes after the containers stopped, before the kubelet's final delete. */
  teardownMs: [number, number];
  /** Node lifecycle controller `--node-monitor-grace-period`. */
  nodeMonitorGraceMs: number;
  /** Core/v1 events expire after this (apiserver `--event-ttl`, 1 h). */
  eventTtlMs: number;
}

export const DEFAULT_MODEL_CONFIG: ModelConfig = {
  informerDelayMs: [1, 15],
  kubeletLagMs: [20, 2000],
  sliceLagMs: [20, 300],
  sliceBatchPeriodMs: 0,
  maxEndpointsPerSlice: 100,
  compactSlices: false,
  statusDelayMs: [5, 40],
  plegPeriodMs: 1000,
  teardownMs: [500, 2000],
  nodeMonitorGraceMs: 40_000,
  eventTtlMs: 3600_000,
};
