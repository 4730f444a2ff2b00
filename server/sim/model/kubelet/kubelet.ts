/**
 * One node's kubelet: admits pods bound to its node, starts their containers (startup events, status), runs
 * readiness probes, reports container exits at the PLEG relist, stops pods (kill.ts) when they are deleted,
 * evicted for node pressure or the node shuts down, and deletes the pod object once everything stopped
 * (status_manager.go `canBeDeleted` → delete with grace 0 and a uid precondition).
 */
import type { ObjectStore } from '../../object-store';
import type { PodApi } from '../apiserver';
import type { EventRecorder } from '../event-recorder';
import { asPod, type PodObject } from '../pod-json';
import type { Random } from '../random';
import { Timers } from '../timers';
import type { TruthRecorder } from '../truth';
import type { ModelConfig, PodTemplate } from '../types';
import { containerDone, shortenPodKill, startPodKill, type KillHost } from './kill';
import {
  applyKubeletStatus,
  refreshConditions,
  setKubeletCondition,
  type ContainerRuntime,
  type PodRuntime,
} from './pod-runtime';
import { restartAfterExit, probeLiveness } from './restart';
import { probeReadiness, startContainers } from './startup';

export interface KubeletDeps {
  now: () => number;
  store: ObjectStore;
  rng: Random;
  truth: TruthRecorder;
  events: EventRecorder;
  podApi: PodApi;
  config: ModelConfig;
  timers: Timers;
  dualStack: boolean;
}

export class Kubelet implements KillHost {
  readonly pods = new Map<string, PodRuntime>();
  readonly timers: Timers;
  readonly rng: Random;
  readonly truth: TruthRecorder;
  dead = false;
  shuttingDown = false;
  private nextAddress = 2;
  /** The PLEG relist runs on a fixed phase per node. */
  private readonly plegOffset: number;

  constructor(
    readonly deps: KubeletDeps,
    readonly node: { name: string; index: number; internalIP: string },
  ) {
    this.timers = new Timers({
      now: deps.now,
      setTimer: (ms, fn) => deps.timers.after(ms, fn),
      clearTimer: (h) => deps.timers.cancel(h),
    });
    this.rng = deps.rng;
    this.truth = deps.truth;
    this.plegOffset = deps.rng.int(0, deps.config.plegPeriodMs - 1);
  }

  now(): number {
    return this.deps.now();
  }

  admit(object: PodObject, template: PodTemplate): void {
    if (this.dead || this.pods.has(object.metadata.uid)) return;
    const rng = this.rng;
    const containers: ContainerRuntime[] = [
      ...(template.sidecars ?? []).map((t) => ({ t, sidecar: true })),
      ...template.containers.map((t) => ({ t, sidecar: false })),
    ].map(({ t, sidecar }) => ({
      template: t,
      sidecar,
      containerId: `containerd://${hex(rng, 64)}`,
      imageId: `${t.image.includes('/') ? '' : 'docker.io/library/'}${t.image.split(':')[0] ?? t.image}@sha256:${hex(rng, 64)}`,
      phase: 'waiting',
      reportedPhase: 'waiting',
      startedAt: null,
      exit: null,
      probeReady: false,
      probeFailures: 0,
      killing: false,
      hook: null,
      turn: null,
      sigtermAt: null,
      sigkillAt: null,
      sigkillTimer: undefined,
      exitTimer: undefined,
      restartCount: 0,
      lastTerminated: null,
      livenessFailing: false,
      livenessFailures: 0,
      restarting: null,
    }));
    const pod: PodRuntime = {
      uid: object.metadata.uid,
      namespace: object.metadata.namespace,
      name: object.metadata.name,
      node: this.node.name,
      template,
      containers,
      podIP: null,
      podIPv6: null,
      hostIP: this.node.internalIP,
      startTime: this.now(),
      phase: 'Pending',
      conditions: new Map(),
      disruption: null,
      terminalOutcome: null,
      pendingGraceSeconds: null,
      terminating: null,
      deletionRequested: false,
      removed: false,
      finished: false,
      publishTimer: undefined,
      readyPublished: false,
    };
    this.pods.set(pod.uid, pod);
    setKubeletCondition(pod, 'PodReadyToStartContainers', { status: 'False' }, this.now());
    this.publish(pod);
    // RunPodSandbox: the CNI plugin assigns the pod's addresses.
    this.timers.after(rng.ms([300, 1200]), () => {
      if (pod.terminating) return;
      const n = this.nextAddress++;
      pod.podIP = `10.244.${this.node.index}.${n}`;
      if (this.deps.dualStack) pod.podIPv6 = `fd00:10:244:${this.node.index}::${n.toString(16)}`;
      setKubeletCondition(pod, 'PodReadyToStartContainers', { status: 'True' }, this.now());
      this.publish(pod);
      startContainers(this, pod);
    });
  }

  /** The kubelet saw the pod's deletionTimestamp (or a shorter grace period) `kubeletLag` after the write. */
  onDeletionSeen(uid: string, graceSeconds: number): void {
    const pod = this.pods.get(uid);
    if (!pod || this.dead || pod.finished) return;
    pod.deletionRequested = true;
    // pod_workers.go calculateEffectiveGracePeriod: "no matter what, we always supply a grace period of 1".
    const grace = Math.max(graceSeconds, 1);
    this.truth.kubeletNoticed(uid, grace);
    if (pod.terminating) shortenPodKill(this, pod, grace);
    else this.beginKill(pod, grace);
  }

  /** The pod object is gone (force delete): stop it with the 1 s minimum; nothing is reported any more. */
  onRemovedSeen(uid: string): void {
    const pod = this.pods.get(uid);
    if (!pod || this.dead) return;
    pod.removed = true;
    if (pod.finished) return;
    this.truth.kubeletNoticed(uid, 1);
    if (pod.terminating) shortenPodKill(this, pod, 1);
    else this.beginKill(pod, 1);
  }

  /** eviction_manager.go evictPod: hard eviction (grace override 0, raised to 1 by the pod worker). */
  evictForPressure(uid: string, message: string): boolean {
    const pod = this.pods.get(uid);
    if (!pod || pod.terminating || this.dead) return false;
    this.podEvent(pod, { reason: 'Evicted', message, type: 'Warning' });
    this.endByKubelet(pod, { reason: 'Evicted', message, graceSeconds: 1 });
    this.truth.setCause(uid, 'node-pressure-eviction');
    return true;
  }

  /** nodeshutdown_manager_linux.go: every pod gets min(its grace, the shutdown grace period). */
  shutdown(shutdownGraceSeconds: number): void {
    this.shuttingDown = true;
    const message = 'Pod was terminated in response to imminent node shutdown.';
    for (const pod of this.pods.values()) {
      if (pod.terminating || pod.finished) continue;
      this.truth.setCause(pod.uid, 'node-shutdown');
      this.endByKubelet(pod, {
        reason: 'Terminated',
        message,
        graceSeconds: Math.min(pod.template.terminationGracePeriodSeconds, shutdownGraceSeconds),
      });
    }
  }

  /** The node is lost: its processes die with it, and nothing is reported from here on. */
  die(): void {
    const now = this.now();
    for (const pod of this.pods.values()) {
      for (const container of pod.containers) {
        const truth = this.truth.container(pod.uid, container.template.name);
        if (container.phase === 'running' && truth) {
          truth.exitedAt = now;
          truth.reason = 'NodeLost';
        }
      }
    }
    this.dead = true;
    this.timers.stop();
  }

  containerEvent(
    pod: PodRuntime,
    container: ContainerRuntime,
    event: { reason: string; message: string; type: 'Normal' | 'Warning' },
  ): void {
    const field = container.sidecar ? 'initContainers' : 'containers';
    this.podEvent(pod, event, `spec.${field}{${container.template.name}}`);
  }

  podEvent(
    pod: PodRuntime,
    event: { reason: string; message: string; type: 'Normal' | 'Warning' },
    fieldPath?: string,
  ): void {
    if (this.dead) return;
    const involvedObject = {
      kind: 'Pod',
      apiVersion: 'v1',
      namespace: pod.namespace,
      name: pod.name,
      uid: pod.uid,
      ...(fieldPath ? { fieldPath } : {}),
    };
    this.deps.events.record({ involvedObject, ...event, component: 'kubelet', host: this.node.name });
  }

  /** PLEG: the exit reaches the kubelet at the next relist. */
  containerExited(pod: PodRuntime, container: ContainerRuntime): void {
    const period = this.deps.config.plegPeriodMs;
    const now = this.now();
    const nextRelist = this.plegOffset + (Math.floor((now - this.plegOffset) / period) + 1) * period;
    this.timers.after(nextRelist - now + this.rng.ms([5, 50]), () => {
      container.reportedPhase = 'exited';
      this.checkFinished(pod);
      this.publish(pod);
      restartAfterExit(this, pod, container);
    });
  }

  /** The app in this container hangs: its liveness probe fails from now on, until the kubelet restarts it. */
  hangContainer(uid: string, name: string): boolean {
    const container = this.pods.get(uid)?.containers.find((c) => c.template.name === name);
    if (!container || container.phase !== 'running' || !container.template.livenessProbe) return false;
    container.livenessFailing = true;
    return true;
  }

  /** Starts the probe workers of a (re)started container. */
  probe(pod: PodRuntime, container: ContainerRuntime): void {
    probeReadiness(this, pod, container);
    probeLiveness(this, pod, container);
  }

  hex(length: number): string {
    return hex(this.rng, length);
  }

  /** Status manager: a change is written shortly after the kubelet knows it; writes in between are merged. */
  publish(pod: PodRuntime): void {
    if (pod.removed || this.dead || pod.publishTimer) return;
    pod.publishTimer = this.timers.after(this.rng.ms(this.deps.config.statusDelayMs), () => {
      pod.publishTimer = undefined;
      const current = this.deps.store.get('pods', pod.namespace, pod.name);
      if (!current || current.metadata.uid !== pod.uid) return;
      refreshConditions(pod, this.now());
      this.deps.store.update('pods', pod.namespace, pod.name, (object) => applyKubeletStatus(asPod(object), pod));
      if (!pod.readyPublished && pod.conditions.get('Ready')?.status === 'True') {
        pod.readyPublished = true;
        this.truth.podReady(pod.uid);
      }
    });
  }

  private beginKill(pod: PodRuntime, graceSeconds: number): void {
    startPodKill(this, pod, graceSeconds);
    this.checkFinished(pod);
  }

  private endByKubelet(pod: PodRuntime, end: { reason: string; message: string; graceSeconds: number }): void {
    pod.disruption = { reason: 'TerminationByKubelet', message: end.message, since: this.now() };
    pod.terminalOutcome = { reason: end.reason, message: end.message };
    this.truth.kubeletNoticed(pod.uid, end.graceSeconds);
    // The DisruptionTarget condition lands now; the phase stays Running until the containers stopped
    // (status_manager.go mergePodStatus delays a terminal phase while containers may run).
    this.publish(pod);
    this.beginKill(pod, end.graceSeconds);
  }

  /** Once every container stopped and was reported: terminal phase, then volumes, then the final delete. */
  private checkFinished(pod: PodRuntime): void {
    if (pod.finished || !pod.terminating) return;
    if (!pod.containers.every((c) => containerDone(c) && (c.phase !== 'exited' || c.reportedPhase === 'exited')))
      return;
    pod.finished = true;
    const mainsSucceeded = pod.containers.filter((c) => !c.sidecar).every((c) => c.exit?.code === 0);
    pod.phase = pod.terminalOutcome || !mainsSucceeded ? 'Failed' : 'Succeeded';
    if (!pod.removed) this.truth.finalPhase(pod.uid, pod.phase);
    this.publish(pod);
    if (!pod.deletionRequested || pod.removed) return;
    this.timers.after(this.rng.ms(this.deps.config.teardownMs), () => {
      if (pod.removed) return;
      this.deps.podApi.deletePod(
        pod.namespace,
        pod.name,
        { gracePeriodSeconds: 0, preconditions: { uid: pod.uid } },
        { record: false },
      );
    });
  }
}

function hex(rng: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(rng.next() * 16).toString(16);
  return out;
}
