/** Building blocks shared by the scenarios: a small cluster, a web Deployment behind a Service, timing. */
import type { SimCluster } from '../model/cluster';
import type { PodObject } from '../model/pod-json';
import type { AddressType, ContainerTemplate, PodTemplate, RollingUpdateStrategy } from '../model/types';

export const NAMESPACE = 'shop';
/** Every finite scenario acts here: long after its pods became ready. */
export const ACTION_AT_MS = 15_000;
/** Fixtures start recording here: the pods' start-up is in the initial list. */
export const RECORD_FROM_MS = 10_000;

export function addNodes(cluster: SimCluster, count = 3): void {
  for (let i = 1; i <= count; i++) cluster.addNode(`worker-${i}`);
}

export interface WebAppOptions {
  name?: string;
  replicas?: number;
  grace?: number;
  container?: Partial<ContainerTemplate>;
  sidecars?: ContainerTemplate[];
  strategy?: RollingUpdateStrategy;
  ipFamilies?: AddressType[];
  template?: Partial<PodTemplate>;
}

export function appContainer(overrides: Partial<ContainerTemplate> = {}): ContainerTemplate {
  return {
    name: 'app',
    image: 'registry.example.com/shop/web:1.0.0',
    port: 8080,
    onSigterm: { kind: 'drain', seconds: 2 },
    readinessProbe: { periodSeconds: 2, failureThreshold: 1 },
    ...overrides,
  };
}

/** A Service and a Deployment named alike, selecting `app: NAME`. */
export function addWebApp(cluster: SimCluster, options: WebAppOptions = {}): string {
  const name = options.name ?? 'web';
  cluster.addService({
    name,
    namespace: NAMESPACE,
    selector: { app: name },
    port: 80,
    targetPort: 8080,
    ipFamilies: options.ipFamilies,
  });
  cluster.addDeployment({
    name,
    namespace: NAMESPACE,
    replicas: options.replicas ?? 2,
    strategy: options.strategy,
    template: {
      labels: { app: name },
      terminationGracePeriodSeconds: options.grace ?? 30,
      containers: [appContainer(options.container)],
      sidecars: options.sidecars,
      ...options.template,
    },
  });
  return name;
}

/** The oldest live pod of the app: the one a scenario acts on. */
export function targetPod(cluster: SimCluster, app = 'web'): PodObject {
  const pod = cluster.pods({ app }).find((p) => p.metadata.deletionTimestamp === undefined);
  if (!pod) throw new Error(`no pod of ${app} to act on`);
  return pod;
}

/** `kubectl set image`: bumps the image tag of every container, which starts a rollout. */
export function bumpImage(template: PodTemplate, version: string): PodTemplate {
  return {
    ...template,
    containers: template.containers.map((c) => ({ ...c, image: c.image.replace(/:[^:]+$/, `:${version}`) })),
  };
}
