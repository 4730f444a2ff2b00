/**
 * Namespaces are not modelled: one exists while any served object lives in it, which is all a client that
 * looks one up (kubectl, to word a NotFound) needs.
 */
import type { ObjectStore, SimResource } from '../store';
import { notFound } from './status';

const RESOURCES: SimResource[] = ['pods', 'events', 'endpointslices'];

export function namespaceObject(store: ObjectStore, name: string): Record<string, unknown> {
  const used = RESOURCES.some((resource) => store.list(resource, (object) => object.metadata.namespace === name).items.length > 0);
  if (!used) throw notFound('namespaces', name);
  return { kind: 'Namespace', apiVersion: 'v1', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}
