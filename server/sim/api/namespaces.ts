/**
 * Namespaces are not modelled: one exists while any served object lives in it, which is all a client that
 * looks one up (kubectl, to word a NotFound) needs; `kube-system` always exists, as in every cluster. Each has a
 * UID stable for this simulated cluster and its own: drainscope identifies a cluster by kube-system's.
 */
import type { ObjectStore, SimResource } from '../object-store';
import { notFound } from './status';

const RESOURCES: SimResource[] = ['pods', 'events', 'endpointslices', 'deployments'];

export function namespaceObject(store: ObjectStore, name: string): Record<string, unknown> {
  const used = RESOURCES.some(
    (resource) => store.list(resource, (object) => object.metadata.namespace === name).items.length > 0,
  );
  if (!used && name !== 'kube-system') throw notFound('namespaces', name);
  return {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: { name, uid: store.namespaceUid(name), labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}
