/**
 * Plain-words messages for API failures. A 403 names the verb and resource that is missing and what to grant,
 * because "Forbidden" alone sends people reading RBAC docs.
 */
import type { WatchResource } from '@/lib/recording/types';

export type ApiVerb = 'list' | 'watch';

const groupOf: Record<WatchResource, string> = {
  pods: '',
  events: '',
  endpointslices: 'discovery.k8s.io',
  deployments: 'apps',
};

export interface RequestScope {
  verb: ApiVerb;
  resource: WatchResource;
  /** null: cluster scope (all namespaces). */
  namespace: string | null;
}

function where(namespace: string | null): string {
  return namespace === null ? 'at cluster scope' : `in namespace "${namespace}"`;
}

/** e.g. `forbidden: cannot list pods at cluster scope: grant get, list, watch on pods`. */
export function describeForbidden(scope: RequestScope): string {
  const group = groupOf[scope.resource];
  const target = group ? `${scope.resource} (apiGroup ${group})` : scope.resource;
  const binding =
    scope.namespace === null ? 'a ClusterRole bound with a ClusterRoleBinding' : `a Role bound in "${scope.namespace}"`;
  return `forbidden: cannot ${scope.verb} ${scope.resource} ${where(scope.namespace)}: grant get, list, watch on ${target} (${binding})`;
}

export function describeHttpFailure(scope: RequestScope, statusCode: number, detail: string): string {
  if (statusCode === 403) return describeForbidden(scope);
  if (statusCode === 401)
    return `unauthorized: the credentials were refused when trying to ${scope.verb} ${scope.resource} ${where(scope.namespace)}`;
  return `${scope.verb} ${scope.resource} ${where(scope.namespace)} failed: HTTP ${statusCode}${detail ? ` ${detail}` : ''}`;
}
