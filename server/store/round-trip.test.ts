import { afterEach, describe, expect, it } from 'vitest';
import { toAnalysisJson } from '@/lib/timeline/analysis-json';
import { readLiveConfig } from '../live/config';
import { createLiveRuntime, type LiveRuntime } from '../live/runtime';
import { episodesResponse, exportResponse, historyTimelinesResponse, importResponse } from './routes';
import { TimelineHub } from '../hub/hub';
import { attachStore } from './live-recorder';
import type { RecordingStore } from './store';
import { tempStores } from './testing/temp-stores';

const { open, tempFile } = tempStores();
let runtime: LiveRuntime | undefined;

// Registered after tempStores(): it runs first, so the runtime is drained before its store closes.
afterEach(async () => {
  await runtime?.drain({ timeoutMs: 300 });
  runtime = undefined;
});

const config = readLiveConfig({
  DRAINSCOPE_SIMULATE: '1',
  DRAINSCOPE_SIM_SCENARIO: 'no-prestop',
  DRAINSCOPE_SIM_SPEED: '20',
  DRAINSCOPE_SIM_SEED: '3',
  HOME: '/nonexistent',
});

async function liveSessionUntilDeleted(store: RecordingStore): Promise<LiveRuntime> {
  const live = await createLiveRuntime(config, { log: () => undefined, store });
  const deadline = Date.now() + 15_000;
  while (!live.hub.analysis().pods.some((pod) => pod.markers.some((marker) => marker.kind === 'podDeleted'))) {
    if (Date.now() > deadline) throw new Error('the simulated pod was not deleted in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return live;
}

describe('live session → store → export → import', () => {
  it('gives the same timelines live, from the stored range, and from the exported-then-imported recording', async () => {
    const store = open();
    runtime = await liveSessionUntilDeleted(store);
    const live = toAnalysisJson(runtime.hub.analysis());
    await runtime.watches.stop();
    const span = store.liveSpan();
    if (!span) throw new Error('nothing was stored');
    const query = `from=${span.from}&to=${span.to}`;
    const stored = (await (
      await historyTimelinesResponse(new Request(`http://t/api/history/timelines?${query}`), runtime)
    ).json()) as { analysis: unknown };
    const exported = await exportResponse(new Request(`http://t/api/export?${query}`), runtime);
    expect(exported.headers.get('content-disposition')).toMatch(/attachment; filename="drainscope-.*\.ndjson\.gz"/);
    const body = new Uint8Array(await exported.arrayBuffer());
    const imported = (await (
      await importResponse(new Request('http://t/api/import', { method: 'POST', body }), runtime)
    ).json()) as { episode: string };
    const reopened = (await (
      await historyTimelinesResponse(new Request(`http://t/api/history/timelines?episode=${imported.episode}`), runtime)
    ).json()) as { analysis: unknown };
    expect(live.pods.length).toBeGreaterThan(0);
    expect(stored.analysis).toEqual(live);
    expect(reopened.analysis).toEqual(live);
    const listed = (await (await episodesResponse(new Request('http://t/api/episodes'), runtime)).json()) as {
      episodes: { kind: string; workload: string | null; podCount: number }[];
    };
    expect(listed.episodes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'rollout', workload: 'Deployment/web', podCount: 1 }),
        expect.objectContaining({ kind: 'imported' }),
      ]),
    );
  }, 30_000);

  it('after a restart, the live view resumes with the stored timelines before any watch has delivered', async () => {
    const file = tempFile();
    const first = open(file);
    runtime = await liveSessionUntilDeleted(first);
    const before = runtime.hub
      .analysis()
      .pods.map((pod) => pod.uid)
      .sort();
    await runtime.drain({ timeoutMs: 300 });
    first.close();
    const restarted = open(file);
    expect(before.length).toBeGreaterThan(0);
    // What the restarted runtime does before it starts its watches, on a hub of its own.
    // The simulator stamps receipt times on its own (sped-up) clock: the restart happens at its last time.
    // It first says which cluster it watches (server/store/clusters.ts): the same one, known by the same identity.
    const [watched, ...others] = restarted.clusters();
    expect(others).toEqual([]);
    restarted.useCluster(
      { uid: watched?.uid ?? null, endpoint: watched?.endpoint ?? '' },
      watched?.name ?? null,
      Date.now(),
    );
    expect(watched?.uid).toMatch(/^[0-9a-f-]{36}$/);
    const restartAt = restarted.liveSpan()?.to ?? 0;
    const hub = new TimelineHub({ now: () => restartAt });
    attachStore(restarted, hub, {
      now: () => restartAt,
      replayMs: 3_600_000,
      policy: { maxAgeMs: 86_400_000, maxBytes: 1 << 30 },
      owned: false,
    });
    expect(
      hub
        .analysis()
        .pods.map((pod) => pod.uid)
        .sort(),
    ).toEqual(before);
    expect(hub.snapshot().watches.map((watch) => watch.state)).toEqual([
      'disconnected',
      'disconnected',
      'disconnected',
      'disconnected',
    ]);
  }, 30_000);
});
