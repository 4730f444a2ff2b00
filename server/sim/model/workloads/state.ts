/**
 * Deployments and ReplicaSets exist only inside the model (the simulated apiserver does not serve them); pods
 * point at ReplicaSets by owner reference and events name both by kind, name and uid.
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
  replicaSets: ReplicaSetState[];
}

export function deploymentRef(deployment: DeploymentState): InvolvedObject {
  return { kind: 'Deployment', apiVersion: 'apps/v1', namespace: deployment.spec.namespace, name: deployment.spec.name, uid: deployment.uid };
}

export function replicaSetRef(rs: ReplicaSetState): InvolvedObject {
  return { kind: 'ReplicaSet', apiVersion: 'apps/v1', namespace: rs.namespace, name: rs.name, uid: rs.uid };
}
