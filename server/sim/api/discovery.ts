/**
 * Discovery documents (apimachinery `pkg/apis/meta/v1` APIVersions, APIGroupList, APIResourceList), enough for
 * kubectl to map `pods`, `po`, `events`, `endpointslices`, `deployments`, `deploy` to paths. Aggregated discovery
 * (`as=APIGroupDiscoveryList`) is not offered: the plain form is answered with `Content-Type: application/json`,
 * which tells client-go to fall back to per-group discovery (client-go `discovery/discovery_client.go`).
 */
import { servedResources } from './resources';

export const simKubernetesVersion = { major: '1', minor: '32', gitVersion: 'v1.32.0-drainscope-sim' };

/**
 * policy/v1 is not listed: it would serve no resource of its own and client-go rejects an empty APIResourceList
 * ("received empty response"). Eviction is still advertised as the `pods/eviction` subresource of v1.
 */
const groups = ['apps', 'discovery.k8s.io', 'events.k8s.io'];

export function versionInfo(): Record<string, string> {
  return {
    ...simKubernetesVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.23.4',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDocument(name: string): Record<string, unknown> {
  const version = { groupVersion: `${name}/v1`, version: 'v1' };
  return { name, versions: [version], preferredVersion: version };
}

export function apiGroupList(): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(groupDocument) };
}

/** undefined when the group is not served (→ 404). */
export function apiGroup(name: string): Record<string, unknown> | undefined {
  return groups.includes(name) ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(name) } : undefined;
}

/** undefined when the group/version is not served (→ 404). */
export function apiResourceList(group: string, version: string): Record<string, unknown> | undefined {
  if (version !== 'v1' || (group !== '' && !groups.includes(group))) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const resource of servedResources) {
    if (resource.group !== group) continue;
    const entry: Record<string, unknown> = {
      name: resource.plural,
      singularName: resource.singularName,
      namespaced: true,
      kind: resource.kind,
      verbs: resource.verbs,
    };
    if (resource.shortNames.length > 0) entry.shortNames = resource.shortNames;
    if (resource.categories.length > 0) entry.categories = resource.categories;
    resources.push(entry);
    if (resource.plural === 'pods') {
      resources.push({
        name: 'pods/eviction',
        singularName: '',
        namespaced: true,
        group: 'policy',
        version: 'v1',
        kind: 'Eviction',
        verbs: ['create'],
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}
