/**
 * The apps/v1 Deployment object the simulated apiserver serves for a modelled Deployment: its spec as the scenario
 * configured it (replicas, a RollingUpdate strategy: the scenario's numbers, or the apiserver defaults 25%/25%,
 * pkg/apis/apps/v1/defaults.go) and the status the deployment controller writes (sync.go `calculateStatus`: counts
 * over the ReplicaSets' active pods, terminating ones excluded; available = ready, as minReadySeconds is 0).
 */
import { DEFAULT_MAX_SURGE, DEFAULT_MAX_UNAVAILABLE } from '@/lib/kube/rollout-bounds';
import type { ApiObject, ObjectStore } from '../../object-store';
import { isPodReady } from '../pod-json';
import { isActive, podsOf } from './replicaset-controller';
import type { DeploymentState } from './state';

export interface DeploymentStatus {
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
}

export function deploymentStatus(store: ObjectStore, deployment: DeploymentState): DeploymentStatus {
  let replicas = 0;
  let updatedReplicas = 0;
  let readyReplicas = 0;
  for (const rs of deployment.replicaSets) {
    const active = podsOf(store, rs).filter(isActive);
    replicas += active.length;
    if (rs.templateVersion === deployment.templateVersion) updatedReplicas += active.length;
    readyReplicas += active.filter(isPodReady).length;
  }
  return {
    observedGeneration: deployment.generation,
    replicas,
    updatedReplicas,
    readyReplicas,
    availableReplicas: readyReplicas,
    unavailableReplicas: Math.max(0, deployment.spec.replicas - readyReplicas),
  };
}

function podTemplateSpec(deployment: DeploymentState): Record<string, unknown> {
  const { template } = deployment.spec;
  const container = (c: { name: string; image: string; port?: number }): Record<string, unknown> => ({
    name: c.name,
    image: c.image,
    ...(c.port === undefined ? {} : { ports: [{ name: 'http', containerPort: c.port, protocol: 'TCP' }] }),
  });
  return {
    metadata: { labels: { ...template.labels } },
    spec: {
      containers: template.containers.map(container),
      ...(template.sidecars?.length
        ? { initContainers: template.sidecars.map((c) => ({ ...container(c), restartPolicy: 'Always' })) }
        : {}),
      terminationGracePeriodSeconds: template.terminationGracePeriodSeconds,
    },
  };
}

/** `status` undefined: a Deployment just created, before the controller has observed it (an empty status). */
export function deploymentObject(deployment: DeploymentState, status: DeploymentStatus | undefined): ApiObject {
  const { spec } = deployment;
  const rollingUpdate = spec.strategy
    ? { maxUnavailable: spec.strategy.maxUnavailable, maxSurge: spec.strategy.maxSurge }
    : { maxUnavailable: DEFAULT_MAX_UNAVAILABLE, maxSurge: DEFAULT_MAX_SURGE };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: spec.name,
      namespace: spec.namespace,
      uid: deployment.uid,
      generation: deployment.generation,
      labels: { ...spec.template.labels },
      annotations: { 'deployment.kubernetes.io/revision': String(deployment.templateVersion) },
    },
    spec: {
      replicas: spec.replicas,
      selector: { matchLabels: { ...spec.template.labels } },
      template: podTemplateSpec(deployment),
      strategy: { type: 'RollingUpdate', rollingUpdate },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: status ? { ...status } : {},
  };
}
