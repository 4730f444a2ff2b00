/**
 * URL path → what is asked for. Kubernetes paths: `/api/v1[/namespaces/NS]/PLURAL[/NAME[/SUBRESOURCE]]` and the
 * same under `/apis/GROUP/VERSION`; discovery documents; and the simulator's admin API under `/_sim/`, a prefix
 * no Kubernetes path uses.
 */
import { findResource, type ServedResource } from './resources';

export const adminPrefix = '/_sim/';

export type Route =
  | { kind: 'version' }
  | { kind: 'apiVersions' }
  | { kind: 'apiGroupList' }
  | { kind: 'apiGroup'; group: string }
  | { kind: 'resourceList'; group: string; version: string }
  | { kind: 'resource'; resource: ServedResource; namespace?: string; name?: string; subresource?: string }
  | { kind: 'namespace'; name: string }
  | { kind: 'admin'; segments: string[] }
  | { kind: 'notFound' };

function resourceRoute(group: string, version: string, rest: string[]): Route {
  let namespace: string | undefined;
  let tail = rest;
  if (tail[0] === 'namespaces' && tail.length >= 3) {
    namespace = tail[1];
    tail = tail.slice(2);
  }
  const [plural, name, subresource, ...extra] = tail;
  if (!plural || extra.length > 0) return { kind: 'notFound' };
  const resource = findResource(group, version, plural);
  if (!resource) return { kind: 'notFound' };
  // Every served resource is namespaced: a name is only addressable inside a namespace.
  if (name !== undefined && namespace === undefined) return { kind: 'notFound' };
  return { kind: 'resource', resource, namespace, name, subresource };
}

export function parseRoute(pathname: string): Route {
  if (pathname.startsWith(adminPrefix))
    return { kind: 'admin', segments: pathname.slice(adminPrefix.length).split('/').filter(Boolean) };
  const segments = pathname
    .split('/')
    .filter(Boolean)
    .map((segment) => decodeURIComponent(segment));
  const [root, ...rest] = segments;
  if (root === 'version' && rest.length === 0) return { kind: 'version' };
  if (root === 'api') {
    if (rest.length === 0) return { kind: 'apiVersions' };
    if (rest[0] !== 'v1') return { kind: 'notFound' };
    if (rest.length === 1) return { kind: 'resourceList', group: '', version: 'v1' };
    // kubectl GETs the namespace after a NotFound to word its error (`pods "x" not found`).
    if (rest.length === 3 && rest[1] === 'namespaces' && rest[2]) return { kind: 'namespace', name: rest[2] };
    return resourceRoute('', 'v1', rest.slice(1));
  }
  if (root === 'apis') {
    const [group, version, ...tail] = rest;
    if (group === undefined) return { kind: 'apiGroupList' };
    if (version === undefined) return { kind: 'apiGroup', group };
    if (tail.length === 0) return { kind: 'resourceList', group, version };
    return resourceRoute(group, version, tail);
  }
  return { kind: 'notFound' };
}
