/**
 * Which workload a pod belongs to, from its controller owner reference. A ReplicaSet made by a Deployment is
 * named `<deployment>-<pod-template-hash>` (deployment/sync.go), so the Deployment is that name with the pod's
 * `pod-template-hash` label stripped; we do not see ReplicaSet objects, so this is the only way to tell.
 */
import type { Pod } from '../kube/objects';
import type { Workload } from './types';

export interface Ownership {
  workload: Workload | null;
  /** The direct controller's name (the ReplicaSet for a Deployment's pods): one lane group per revision. */
  controllerName: string | null;
}

export function ownershipOf(pod: Pod): Ownership {
  const owners = pod.metadata.ownerReferences ?? [];
  const owner = owners.find((ref) => ref.controller) ?? owners[0];
  // A mirror pod (a static pod's API copy) is owned by its Node (kubelet mirror_client.go): the node is no
  // workload, and the pod's settings live in a manifest on that node, so it is read as a pod without a controller.
  if (!owner || owner.kind === 'Node') return { workload: null, controllerName: null };
  if (owner.kind === 'ReplicaSet') {
    const hash = pod.metadata.labels?.['pod-template-hash'];
    const suffix = hash ? `-${hash}` : null;
    if (suffix && owner.name.endsWith(suffix) && owner.name.length > suffix.length) {
      return {
        workload: { kind: 'Deployment', name: owner.name.slice(0, -suffix.length) },
        controllerName: owner.name,
      };
    }
  }
  return { workload: { kind: owner.kind, name: owner.name }, controllerName: owner.name };
}
