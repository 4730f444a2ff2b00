/**
 * Deployments and ReplicaSets as the model keeps them. The simulated apiserver serves each Deployment as an apps/v1
 * object the controller writes (./deployment-object.ts); ReplicaSets are not served: pods point at them by owner
 * reference and events name both by kind, name and uid.
 */
import type { InvolvedObject } from '../event-recorder';
import type { DeploymentSpec, PodTemplate } from '../types';

export interface ReplicaSetState {
  name: string;
  namespace: string;
  uid: string;
  hash: string;
  template: PodTemplate;
  /** The Deployment template version this ReplicaSet was made from. */
  templateVersion: number;
  replicas: number;
  deployment: DeploymentState;
}

export interface DeploymentState {
  spec: DeploymentSpec;
  uid: string;
  templateVersion: number;
  /** metadata.generation: raised by every spec change (template, replicas), as the apiserver does. */
  generation: number;
  replicaSets: ReplicaSetState[];
  /** The status last written to the store (JSON), so an unchanged status is not written again. */
  writtenStatus?: string;
}

export function deploymentRef(deployment: DeploymentState): InvolvedObject {
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    namespace: deployment.spec.namespace,
    name: deployment.spec.name,
    uid: deployment.uid,
  };
}

export function replicaSetRef(rs: ReplicaSetState): InvolvedObject {
  return { kind: 'ReplicaSet', apiVersion: 'apps/v1', namespace: rs.namespace, name: rs.name, uid: rs.uid };
}
