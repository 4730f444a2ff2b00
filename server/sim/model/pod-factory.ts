/**
 * Builds Pod objects from a template the way the ReplicaSet controller's pod template + apiserver defaulting
 * produce them: `generateName` of the ReplicaSet plus 5 random characters, the `pod-template-hash` label,
 * an `apps/v1 ReplicaSet` controller owner reference, sidecars as init containers with `restartPolicy: Always`,
 * and the admission defaults (not-ready/unreachable NoExecute tolerations, 300 s unless the template says).
 */
import type { ApiObject } from '../object-store';
import type { ContainerTemplate, PodTemplate, PreStopHook } from './types';
import type { OwnerReference } from './pod-json';

function preStopJson(hook: PreStopHook): Record<string, unknown> {
  switch (hook.kind) {
    case 'sleep':
      return { sleep: { seconds: hook.seconds } };
    case 'exec-sleep':
      return {
        exec: { command: hook.shell ? ['sh', '-c', `sleep ${hook.seconds}`] : ['sleep', String(hook.seconds)] },
      };
    case 'exec-fails':
      return { exec: { command: hook.command } };
  }
}

export function containerJson(
  container: ContainerTemplate,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    name: container.name,
    image: container.image,
    imagePullPolicy: 'IfNotPresent',
    ...extra,
    env: [{ name: 'APP_NAME', value: container.name }],
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
  if (container.port !== undefined) json.ports = [{ name: 'http', containerPort: container.port, protocol: 'TCP' }];
  if (container.preStop) json.lifecycle = { preStop: preStopJson(container.preStop) };
  if (container.readinessProbe) {
    json.readinessProbe = {
      httpGet: { path: '/ready', port: container.port ?? 8080, scheme: 'HTTP' },
      periodSeconds: container.readinessProbe.periodSeconds,
      failureThreshold: container.readinessProbe.failureThreshold,
      successThreshold: 1,
      timeoutSeconds: 1,
    };
  }
  if (container.livenessProbe) {
    json.livenessProbe = {
      httpGet: { path: '/healthz', port: container.port ?? 8080, scheme: 'HTTP' },
      periodSeconds: container.livenessProbe.periodSeconds,
      failureThreshold: container.livenessProbe.failureThreshold,
      successThreshold: 1,
      timeoutSeconds: 1,
    };
  }
  return json;
}

export interface BuildPodInput {
  name: string;
  generateName?: string;
  namespace: string;
  uid: string;
  template: PodTemplate;
  labels: Record<string, string>;
  owner?: OwnerReference;
}

export function buildPod(input: BuildPodInput): ApiObject {
  const { template } = input;
  const tolerationSeconds = template.unreachableTolerationSeconds ?? 300;
  const spec: Record<string, unknown> = {
    containers: template.containers.map((c) => containerJson(c)),
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: template.terminationGracePeriodSeconds,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    schedulerName: 'default-scheduler',
    securityContext: {},
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: template.priority ?? 0,
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds },
    ],
  };
  if (template.priorityClassName) spec.priorityClassName = template.priorityClassName;
  if (template.sidecars && template.sidecars.length > 0)
    spec.initContainers = template.sidecars.map((c) => containerJson(c, { restartPolicy: 'Always' }));
  const metadata: ApiObject['metadata'] = {
    name: input.name,
    namespace: input.namespace,
    uid: input.uid,
    labels: { ...input.labels },
  };
  if (input.generateName) metadata.generateName = input.generateName;
  if (input.owner) metadata.ownerReferences = [input.owner];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec, status: { phase: 'Pending', qosClass: 'BestEffort' } };
}
