/** `kubectl kustomize` of deploy/ and its overlays, parsed, with the few lookups the tests need. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { loadAll } from 'js-yaml';

export const DEPLOY_DIR = path.resolve(__dirname, '..');

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface ProbeSpec {
  exec?: { command: string[] };
  httpGet?: unknown;
  periodSeconds?: number;
}

export interface Container {
  name: string;
  image: string;
  env?: { name: string; value?: string }[];
  ports?: { name: string; containerPort: number }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  livenessProbe?: ProbeSpec;
  readinessProbe?: ProbeSpec;
  startupProbe?: ProbeSpec;
  lifecycle?: { preStop?: { sleep?: { seconds: number }; exec?: unknown; httpGet?: unknown } };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface PodSpec {
  serviceAccountName?: string;
  terminationGracePeriodSeconds?: number;
  enableServiceLinks?: boolean;
  securityContext?: Record<string, unknown>;
  containers: Container[];
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string }; emptyDir?: Record<string, unknown> }[];
}

export interface DeploymentSpec {
  replicas: number;
  strategy: { type: string };
  template: { spec: PodSpec };
}

export function render(overlay: '' | 'namespaced' | 'prometheus'): Manifest[] {
  const yaml = execFileSync('kubectl', ['kustomize', path.join(DEPLOY_DIR, overlay)], { encoding: 'utf8' });
  return loadAll(yaml) as Manifest[];
}

export function only(manifests: Manifest[], kind: string): Manifest[] {
  return manifests.filter((manifest) => manifest.kind === kind);
}

export function one(manifests: Manifest[], kind: string): Manifest {
  const found = only(manifests, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0] as Manifest;
}

export function deploymentSpec(manifests: Manifest[]): DeploymentSpec {
  return one(manifests, 'Deployment').spec as DeploymentSpec;
}

export function mainContainer(manifests: Manifest[]): Container {
  const container = deploymentSpec(manifests).template.spec.containers[0];
  if (!container) throw new Error('the Deployment has no container');
  return container;
}
