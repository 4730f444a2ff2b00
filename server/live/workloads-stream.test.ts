/**
 * Deployments end to end: the simulated apiserver's apps/v1 Deployment (rolling-update: 4 replicas, maxSurge 1,
 * maxUnavailable 1) → client-node watch → hub → SSE → the browser's client store, whose `workloads` the capacity
 * lane reads. And a cluster that forbids listing Deployments: the same pods, findings and no blind window, only no
 * workload specs, said once in the watch status.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HelloMessage } from '@/lib/live/protocol';
import { createLiveViewStateHolder } from '@/lib/live/live-view-state';
import type { TimelineHub } from '../hub/hub';
import { handleStreamRequest } from '../sse/handler';
import { serveWebHandler, type ServedHandler } from '../sse/node-http';
import { SseSessions } from '../sse/sessions';
import { connectSse, type SseTestClient } from '../sse/testing/sse-client';
import { comparableView } from './testing/compare-timelines';
import { runStepped } from './testing/stepped-run';

const SCENARIO = { scenario: 'rolling-update', seed: 20261124 } as const;

const hello: HelloMessage = {
  type: 'hello',
  protocol: 1,
  mode: 'simulated',
  cluster: 'rolling-update',
  namespaces: null,
  labelSelector: null,
  allowanceSeconds: 2,
  notice: null,
  resumed: false,
};

let served: ServedHandler | undefined;
let client: SseTestClient | undefined;
afterEach(async () => {
  client?.close();
  await served?.close();
  client = served = undefined;
});

async function streamFrom(hub: TimelineHub): Promise<void> {
  served = await serveWebHandler((request) =>
    handleStreamRequest(request, { hub, sessions: new SseSessions(), hello: () => hello }),
  );
  client = connectSse(`${served.url}/api/stream`);
  await client.waitFor((events) => events.some((event) => event.event === 'snapshot'));
}

describe('workload specs over the live stream', () => {
  it("a rolling update: the Deployment's replicas and resolved bounds reach the client store, joined to its pods by workload", async () => {
    const run = await runStepped({ ...SCENARIO, onHub: streamFrom });
    const expected = [
      {
        namespace: 'shop',
        kind: 'Deployment',
        name: 'web',
        points: [{ at: expect.any(Number), replicas: 4, strategy: 'RollingUpdate', maxUnavailable: 1, maxSurge: 1 }],
      },
    ];
    expect(run.analysis.workloads).toEqual(expected);
    await client!.waitFor((events) => events.some((event) => event.event === 'workloads'));
    const store = createLiveViewStateHolder();
    for (const event of client!.events) expect(store.applyEvent(event)).toBe(true);
    const state = store.getSnapshot();
    expect(state.workloads).toEqual(run.analysis.workloads);
    // Every pod of the rollout finds its spec by namespace + workload.
    const pods = [...state.pods.values()];
    expect(pods.length).toBeGreaterThan(4);
    for (const pod of pods) {
      expect(
        state.workloads.find(
          (workload) =>
            workload.namespace === pod.namespace &&
            workload.kind === pod.workload?.kind &&
            workload.name === pod.workload?.name,
        ),
      ).toBeDefined();
    }
    expect(state.watches.deployments).toMatchObject({ resource: 'deployments', state: 'connected' });
  });

  it('a cluster that forbids Deployments: the same pods and findings, no blind window, no workload specs, the reason in the status', async () => {
    const allowed = await runStepped(SCENARIO);
    const forbidden = await runStepped({ ...SCENARIO, forbid: ['deployments'], onHub: streamFrom });
    expect(forbidden.analysis.workloads).toBeUndefined();
    expect(forbidden.analysis.pods.map((pod) => pod.uid)).toEqual(allowed.analysis.pods.map((pod) => pod.uid));
    expect(comparableView(forbidden.analysis, [])).toEqual(comparableView(allowed.analysis, []));
    expect(forbidden.analysis.findings).toEqual(allowed.analysis.findings);
    expect(forbidden.analysis.pods.flatMap((pod) => pod.gaps).filter((gap) => gap.kind === 'watchBlind')).toEqual([]);
    expect(forbidden.watchStates.filter((change) => change.resource === 'deployments')).toEqual([]);
    expect(forbidden.status).toMatchObject({
      ready: true,
      problems: [],
      unavailable: [{ resource: 'deployments', reason: expect.stringContaining('forbidden: cannot list deployments') }],
    });

    const store = createLiveViewStateHolder();
    for (const event of client!.events) store.applyEvent(event);
    expect(store.getSnapshot().workloads).toEqual([]);
    expect(store.getSnapshot().watches.deployments).toMatchObject({
      state: 'disconnected',
      synced: false,
      reason: expect.stringContaining('optional: no workload specs'),
    });
  });
});
