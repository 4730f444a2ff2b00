import { describe, expect, it } from 'vitest';
import { deploymentSchema, type Deployment } from '../kube/objects';
import { resolveFenceposts, scaledValue } from '../kube/rollout-bounds';
import { analyzeEntries, applyEntry, buildAnalysis, createTimelineState, takeChangedWorkloads } from './engine';
import { pruneOrphans } from './prune';
import { at, observe, termination, watchState } from './test-support';

function deployment(
  options: {
    replicas?: number | null;
    type?: string;
    maxUnavailable?: number | string | null;
    maxSurge?: number | string | null;
    generation?: number;
    ready?: number;
    name?: string;
  } = {},
): Deployment {
  const rollingUpdate: Record<string, unknown> = {};
  if (options.maxUnavailable !== null) rollingUpdate.maxUnavailable = options.maxUnavailable ?? '25%';
  if (options.maxSurge !== null) rollingUpdate.maxSurge = options.maxSurge ?? '25%';
  return deploymentSchema.parse({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { uid: 'deploy-1', name: options.name ?? 'web', namespace: 'shop', generation: options.generation ?? 1 },
    spec: {
      ...(options.replicas === null ? {} : { replicas: options.replicas ?? 4 }),
      strategy:
        options.type === 'Recreate' ? { type: 'Recreate' } : { type: options.type ?? 'RollingUpdate', rollingUpdate },
    },
    status: { replicas: 4, readyReplicas: options.ready ?? 4 },
  });
}

describe('resolveFenceposts (pkg/controller/deployment/util ResolveFenceposts)', () => {
  it('rounds a percentage of maxSurge up and of maxUnavailable down', () => {
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(resolveFenceposts('25%', '25%', 4)).toEqual({ maxSurge: 1, maxUnavailable: 1 });
    expect(resolveFenceposts('50%', '33%', 3)).toEqual({ maxSurge: 2, maxUnavailable: 0 });
  });

  it('makes maxUnavailable 1 when both resolve to 0, so a rollout can progress', () => {
    expect(resolveFenceposts('25%', '25%', 2)).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(resolveFenceposts('10%', '10%', 1)).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(resolveFenceposts(0, '25%', 3)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(resolveFenceposts(0, 0, 5)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  it('takes integers as they are, and refuses what is neither an integer nor a percentage', () => {
    expect(resolveFenceposts(2, 1, 10)).toEqual({ maxSurge: 2, maxUnavailable: 1 });
    expect(resolveFenceposts('2', '1', 10)).toEqual({ maxSurge: 2, maxUnavailable: 1 });
    expect(scaledValue('half', 10, true)).toBeNull();
    expect(scaledValue(1.5, 10, true)).toBeNull();
    expect(resolveFenceposts('x%', 1, 10)).toBeNull();
  });
});

describe('workload spec points', () => {
  it('keeps a point when replicas or bounds change, not on a status update', () => {
    const analysis = analyzeEntries([
      observe(0, 'ADDED', deployment({ ready: 0 })),
      observe(1, 'MODIFIED', deployment({ ready: 2 })),
      observe(2, 'MODIFIED', deployment({ ready: 4 })),
      observe(5, 'MODIFIED', deployment({ replicas: 10, generation: 2 })),
      observe(6, 'MODIFIED', deployment({ replicas: 10, generation: 2, ready: 9 })),
      observe(8, 'MODIFIED', deployment({ replicas: 10, maxUnavailable: 0, maxSurge: 1, generation: 3 })),
      // A template change (a new generation) with the same replicas and bounds: nothing the lane draws changed.
      observe(9, 'MODIFIED', deployment({ replicas: 10, maxUnavailable: 0, maxSurge: 1, generation: 4 })),
    ]);
    expect(analysis.workloads).toEqual([
      {
        namespace: 'shop',
        kind: 'Deployment',
        name: 'web',
        points: [
          { at: at(0), replicas: 4, strategy: 'RollingUpdate', maxUnavailable: 1, maxSurge: 1 },
          { at: at(5), replicas: 10, strategy: 'RollingUpdate', maxUnavailable: 2, maxSurge: 3 },
          { at: at(8), replicas: 10, strategy: 'RollingUpdate', maxUnavailable: 0, maxSurge: 1 },
        ],
      },
    ]);
  });

  it('applies the apiserver defaults: 1 replica, RollingUpdate 25%/25% (resolved: 0 surge-rounded 1, unavailable 0)', () => {
    const analysis = analyzeEntries([
      observe(0, 'ADDED', deployment({ replicas: null, maxUnavailable: null, maxSurge: null })),
    ]);
    expect(analysis.workloads?.[0]?.points).toEqual([
      { at: at(0), replicas: 1, strategy: 'RollingUpdate', maxUnavailable: 0, maxSurge: 1 },
    ]);
  });

  it('gives a Recreate Deployment no rolling bounds, and notes a change of strategy', () => {
    const analysis = analyzeEntries([
      observe(0, 'ADDED', deployment({ type: 'Recreate' })),
      observe(3, 'MODIFIED', deployment({})),
    ]);
    expect(
      analysis.workloads?.[0]?.points.map((point) => [point.strategy, point.maxUnavailable, point.maxSurge]),
    ).toEqual([
      ['Recreate', 0, 0],
      ['RollingUpdate', 1, 1],
    ]);
  });

  it('names the workload as its pods do, keeps the history when the Deployment is deleted, and sorts by namespace and name', () => {
    const analysis = analyzeEntries([
      ...termination({ deployment: 'web' }),
      observe(1, 'ADDED', deployment({ name: 'web' })),
      observe(2, 'ADDED', deployment({ name: 'api', replicas: 2 })),
      observe(20, 'DELETED', deployment({ name: 'web' })),
    ]);
    const pod = analysis.pods[0]!;
    expect(pod.workload).toEqual({ kind: 'Deployment', name: 'web' });
    expect(analysis.workloads?.map((workload) => `${workload.namespace}/${workload.kind}/${workload.name}`)).toEqual([
      'shop/Deployment/api',
      'shop/Deployment/web',
    ]);
    const web = analysis.workloads?.find(
      (workload) =>
        workload.namespace === pod.namespace &&
        workload.kind === pod.workload?.kind &&
        workload.name === pod.workload?.name,
    );
    expect(web?.points).toHaveLength(1);
  });

  it('leaves an analysis without Deployments as it was (no workloads field), and the pods unchanged by them', () => {
    const without = analyzeEntries(termination());
    expect('workloads' in without).toBe(false);
    const withDeployment = analyzeEntries([observe(0, 'ADDED', deployment()), ...termination()]);
    expect(withDeployment.pods).toEqual(without.pods);
    expect(withDeployment.findings).toEqual(without.findings);
  });

  it('never takes a blind or forbidden Deployments watch for a blind window on the pods', () => {
    const plain = analyzeEntries(termination());
    const blindDeployments = analyzeEntries([
      watchState(0, 'deployments', 'disconnected'),
      ...termination(),
      watchState(60, 'deployments', 'relisted'),
    ]);
    expect(blindDeployments.pods).toEqual(plain.pods);
    expect(blindDeployments.pods[0]!.gaps.some((gap) => gap.kind === 'watchBlind')).toBe(false);
    // The same window on the pods' watch is blind: the test above can fail.
    const blindPods = analyzeEntries([
      watchState(0, 'pods', 'disconnected'),
      ...termination(),
      watchState(60, 'pods', 'relisted'),
    ]);
    expect(blindPods.pods[0]!.gaps.some((gap) => gap.kind === 'watchBlind')).toBe(true);
  });

  it('reports changed workloads once per change (what the hub publishes)', () => {
    const state = createTimelineState();
    applyEntry(state, observe(0, 'ADDED', deployment()));
    expect(takeChangedWorkloads(state)?.[0]?.points).toHaveLength(1);
    expect(takeChangedWorkloads(state)).toBeNull();
    applyEntry(state, observe(1, 'MODIFIED', deployment({ ready: 1 })));
    expect(takeChangedWorkloads(state)).toBeNull();
    applyEntry(state, observe(2, 'MODIFIED', deployment({ replicas: 6 })));
    expect(takeChangedWorkloads(state)?.[0]?.points.map((point) => point.replicas)).toEqual([4, 6]);
  });

  it('retention keeps the last point before the cutoff: that spec was still in force', () => {
    const state = createTimelineState();
    for (const [seconds, replicas] of [
      [0, 2],
      [10, 3],
      [20, 4],
      [30, 5],
    ] as const)
      applyEntry(state, observe(seconds, 'MODIFIED', deployment({ replicas })));
    takeChangedWorkloads(state);
    pruneOrphans(state, at(25));
    expect(buildAnalysis(state).workloads?.[0]?.points.map((point) => point.replicas)).toEqual([4, 5]);
    // The shorter history goes out to clients again.
    expect(takeChangedWorkloads(state)?.[0]?.points.map((point) => point.replicas)).toEqual([4, 5]);
    pruneOrphans(state, at(25));
    expect(takeChangedWorkloads(state)).toBeNull();
  });
});
