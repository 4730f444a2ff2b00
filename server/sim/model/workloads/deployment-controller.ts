/**
 * The Deployment controller's rolling update (pkg/controller/deployment/rolling.go): a template change makes a
 * new ReplicaSet; `reconcileNewReplicaSet` scales it up within maxSurge (counting ReplicaSet replicas, so
 * terminating pods do not count), `reconcileOldReplicaSets` scales old ones down while at least
 * replicas - maxUnavailable pods stay available. Each scaling step is a `ScalingReplicaSet` event on the
 * Deployment. Then the ReplicaSet controller makes the pods match. Both run on one coalesced queue that any
 * pod change triggers, like their informers. Each Deployment is also an apps/v1 object in the store: its spec
 * written when it changes (as `kubectl apply` / `scale` would), its status when a sync changes it.
 */
import type { Random } from '../random';
import type { Timers } from '../timers';
import type { DeploymentSpec, ModelConfig, PodTemplate } from '../types';
import { availableCount, manageReplicas, podsOf, isActive, type ReplicaSetDeps } from './replicaset-controller';
import { deploymentRef, type DeploymentState, type ReplicaSetState } from './state';
import { isPodReady } from '../pod-json';
import { resolveFenceposts, DEFAULT_MAX_SURGE, DEFAULT_MAX_UNAVAILABLE } from '@/lib/kube/rollout-bounds';
import { deploymentObject, deploymentStatus } from './deployment-object';

export class WorkloadControllers {
  readonly deployments = new Map<string, DeploymentState>();
  private queued = false;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: ReplicaSetDeps & { rng: Random; timers: Timers; config: ModelConfig }) {}

  attach(): void {
    this.unsubscribe = this.deps.store.subscribe((event) => {
      if (event.resource === 'pods') this.queue();
    });
  }

  detach(): void {
    this.unsubscribe?.();
  }

  addDeployment(spec: DeploymentSpec): DeploymentState {
    const state: DeploymentState = {
      spec: { ...spec },
      uid: this.deps.rng.uuid(),
      templateVersion: 1,
      generation: 1,
      replicaSets: [],
    };
    this.deployments.set(`${spec.namespace}/${spec.name}`, state);
    this.deps.store.create('deployments', deploymentObject(state, undefined));
    this.queue();
    return state;
  }

  /** `kubectl set image` / `apply`: a new template starts a rollout. */
  updateTemplate(namespace: string, name: string, change: (template: PodTemplate) => PodTemplate): void {
    const deployment = this.get(namespace, name);
    deployment.spec.template = change(structuredClone(deployment.spec.template));
    deployment.templateVersion += 1;
    this.writeSpec(deployment);
    this.queue();
  }

  scale(namespace: string, name: string, replicas: number): void {
    const deployment = this.get(namespace, name);
    deployment.spec.replicas = replicas;
    this.writeSpec(deployment);
    this.queue();
  }

  /** `kubectl patch` of the rolling update bounds (undefined: the apiserver defaults, 25% each). */
  setStrategy(namespace: string, name: string, strategy: DeploymentSpec['strategy']): void {
    const deployment = this.get(namespace, name);
    deployment.spec.strategy = strategy && { ...strategy };
    this.writeSpec(deployment);
    this.queue();
  }

  get(namespace: string, name: string): DeploymentState {
    const deployment = this.deployments.get(`${namespace}/${name}`);
    if (!deployment) throw new Error(`no deployment ${namespace}/${name}`);
    return deployment;
  }

  /** Every Deployment has only its newest ReplicaSet's pods, all ready, and nothing terminating. */
  get settled(): boolean {
    for (const deployment of this.deployments.values()) {
      const newest = deployment.replicaSets.at(-1);
      if (
        !newest ||
        newest.templateVersion !== deployment.templateVersion ||
        newest.replicas !== deployment.spec.replicas
      )
        return false;
      for (const rs of deployment.replicaSets) {
        const pods = podsOf(this.deps.store, rs);
        if (rs !== newest && (rs.replicas > 0 || pods.some(isActive))) return false;
        if (rs === newest && pods.filter((p) => isActive(p) && isPodReady(p)).length !== rs.replicas) return false;
      }
    }
    return !this.queued;
  }

  private queue(): void {
    if (this.queued) return;
    this.queued = true;
    this.deps.timers.after(this.deps.rng.ms(this.deps.config.informerDelayMs), () => {
      this.queued = false;
      for (const deployment of this.deployments.values()) this.syncDeployment(deployment);
      for (const deployment of this.deployments.values())
        for (const rs of deployment.replicaSets) manageReplicas(this.deps, rs);
      for (const deployment of this.deployments.values()) this.writeStatus(deployment);
    });
  }

  /** A spec change: a new generation, the status as last written until the controller observes it. */
  private writeSpec(deployment: DeploymentState): void {
    deployment.generation += 1;
    const status =
      deployment.writtenStatus === undefined
        ? undefined
        : (JSON.parse(deployment.writtenStatus) as ReturnType<typeof deploymentStatus>);
    this.deps.store.update('deployments', deployment.spec.namespace, deployment.spec.name, (object) => {
      const next = deploymentObject(deployment, status);
      object.metadata = { ...object.metadata, ...next.metadata };
      object.spec = next.spec;
    });
  }

  private writeStatus(deployment: DeploymentState): void {
    const status = deploymentStatus(this.deps.store, deployment);
    const json = JSON.stringify(status);
    if (json === deployment.writtenStatus) return;
    deployment.writtenStatus = json;
    this.deps.store.update('deployments', deployment.spec.namespace, deployment.spec.name, (object) => {
      object.status = status;
    });
  }

  private syncDeployment(deployment: DeploymentState): void {
    const { spec } = deployment;
    let newRS = deployment.replicaSets.find((rs) => rs.templateVersion === deployment.templateVersion);
    if (!newRS) {
      const hash = this.deps.rng.kubeSuffix(this.deps.rng.int(9, 10));
      newRS = {
        name: `${spec.name}-${hash}`,
        namespace: spec.namespace,
        uid: this.deps.rng.uuid(),
        hash,
        template: spec.template,
        templateVersion: deployment.templateVersion,
        replicas: 0,
        deployment,
      };
      deployment.replicaSets.push(newRS);
    }
    const oldRSs = deployment.replicaSets.filter((rs) => rs !== newRS);
    const strategy = resolveFenceposts(
      spec.strategy?.maxSurge ?? DEFAULT_MAX_SURGE,
      spec.strategy?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE,
      spec.replicas,
    ) ?? { maxSurge: 1, maxUnavailable: 0 };
    if (oldRSs.every((rs) => rs.replicas === 0)) {
      if (newRS.replicas !== spec.replicas) this.scaleReplicaSet(newRS, spec.replicas);
      return;
    }
    this.reconcileNewReplicaSet(newRS, oldRSs, strategy.maxSurge);
    this.reconcileOldReplicaSets(newRS, oldRSs, strategy.maxUnavailable);
  }

  private reconcileNewReplicaSet(newRS: ReplicaSetState, oldRSs: ReplicaSetState[], maxSurge: number): void {
    const desired = newRS.deployment.spec.replicas;
    if (newRS.replicas >= desired) {
      if (newRS.replicas > desired) this.scaleReplicaSet(newRS, desired);
      return;
    }
    const current = newRS.replicas + oldRSs.reduce((sum, rs) => sum + rs.replicas, 0);
    const scaleUp = Math.min(desired + maxSurge - current, desired - newRS.replicas);
    if (scaleUp > 0) this.scaleReplicaSet(newRS, newRS.replicas + scaleUp);
  }

  private reconcileOldReplicaSets(newRS: ReplicaSetState, oldRSs: ReplicaSetState[], maxUnavailable: number): void {
    const desired = newRS.deployment.spec.replicas;
    const all = [newRS, ...oldRSs];
    const allPods = all.reduce((sum, rs) => sum + rs.replicas, 0);
    const minAvailable = desired - maxUnavailable;
    const newUnavailable = newRS.replicas - availableCount(this.deps.store, newRS);
    let canScaleDown = allPods - minAvailable - newUnavailable;
    if (canScaleDown <= 0) return;
    // cleanupUnhealthyReplicas: unavailable old pods go first, they cost no availability.
    for (const rs of oldRSs) {
      const unhealthy = rs.replicas - availableCount(this.deps.store, rs);
      const down = Math.min(unhealthy, canScaleDown);
      if (down > 0) {
        this.scaleReplicaSet(rs, rs.replicas - down);
        canScaleDown -= down;
      }
    }
    // scaleDownOldReplicaSetsForRollingUpdate: keep minAvailable available pods.
    const available = all.reduce((sum, rs) => sum + Math.min(rs.replicas, availableCount(this.deps.store, rs)), 0);
    let total = available - minAvailable;
    for (const rs of oldRSs) {
      if (total <= 0) break;
      const down = Math.min(rs.replicas, total);
      if (down > 0) {
        this.scaleReplicaSet(rs, rs.replicas - down);
        total -= down;
      }
    }
  }

  private scaleReplicaSet(rs: ReplicaSetState, replicas: number): void {
    const direction = replicas > rs.replicas ? 'up' : 'down';
    this.deps.events.record({
      involvedObject: deploymentRef(rs.deployment),
      reason: 'ScalingReplicaSet',
      message: `Scaled ${direction} replica set ${rs.name} from ${rs.replicas} to ${replicas}`,
      type: 'Normal',
      component: 'deployment-controller',
    });
    rs.replicas = replicas;
  }
}
