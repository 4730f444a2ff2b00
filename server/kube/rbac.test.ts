import { describe, expect, it } from 'vitest';
import { describeForbidden, describeHttpFailure } from './rbac';

describe('describeForbidden', () => {
  it('names the verb, resource and cluster scope, and what to grant', () => {
    expect(describeForbidden({ verb: 'list', resource: 'pods', namespace: null })).toMatch(
      /^forbidden: cannot list pods at cluster scope: grant get, list, watch on pods /,
    );
  });

  it('names the namespace and the API group of EndpointSlices', () => {
    expect(describeForbidden({ verb: 'watch', resource: 'endpointslices', namespace: 'shop' })).toBe(
      'forbidden: cannot watch endpointslices in namespace "shop": grant get, list, watch on endpointslices (apiGroup discovery.k8s.io) (a Role bound in "shop")',
    );
  });

  it('keeps other statuses with their code and detail', () => {
    expect(describeHttpFailure({ verb: 'list', resource: 'events', namespace: null }, 500, 'etcd timeout')).toBe(
      'list events at cluster scope failed: HTTP 500 etcd timeout',
    );
  });
});
