import { describe, expect, it } from 'vitest';
import { readWholeRecording } from '@/lib/recording/reader';
import { episodesAnswerSchema, reviewRangeAnswerSchema } from '@/lib/review/api-schemas';
import { runScenario } from '../sim/scenarios/run';
import { storeRouter } from './routes';
import type { RecordingStore } from './store';
import { runtimeWithStore } from './testing/runtime-stub';
import { tempStores } from './testing/temp-stores';

const { open } = tempStores();

/** The simulator's recording of a scenario, stored as the live recorder stores it, line by line. */
async function storedScenario(name: string): Promise<{ store: RecordingStore; run: ReturnType<typeof runScenario> }> {
  const run = runScenario(name);
  const store = open();
  const { entries } = await readWholeRecording(
    (async function* () {
      yield new TextEncoder().encode(run.recording);
    })(),
  );
  for (const { entry, raw } of entries) store.append(entry, raw);
  return { store, run };
}

describe('episodes of a stored live recording', () => {
  it('a node drained while another rollout runs is one drain naming the node with every evicted pod; the rollout keeps only its own', async () => {
    const { store, run } = await storedScenario('node-drain');
    const evicted = run.truth.pods.filter((pod) => pod.cause === 'eviction');
    const rolled = run.truth.pods.filter((pod) => pod.cause === 'replicaset-scale-down');
    // What the scenario has to show: pods of three workloads evicted from one node, and a rollout's own deletes.
    expect(evicted.map((pod) => pod.name.split('-')[0]).sort()).toEqual(['api', 'db', 'web']);
    expect(rolled.length).toBeGreaterThan(0);

    const episodes = store.episodes({ from: 0, to: Number.MAX_SAFE_INTEGER });

    expect(episodes.map((episode) => [episode.kind, episode.title])).toEqual(
      expect.arrayContaining([
        ['drain', 'node worker-1 · 3 workloads'],
        ['rollout', 'shop Deployment/web'],
      ]),
    );
    expect(episodes).toHaveLength(2);
    const drain = episodes.find((episode) => episode.kind === 'drain');
    const rollout = episodes.find((episode) => episode.kind === 'rollout');
    expect(drain).toMatchObject({ node: 'worker-1', workload: null, podCount: 3 });
    expect([...(drain?.podUids ?? [])].sort()).toEqual(evicted.map((pod) => pod.uid).sort());
    expect([...(rollout?.podUids ?? [])].sort()).toEqual(rolled.map((pod) => pod.uid).sort());
  });

  it('the review of the drain says what it is (kind, title naming the node) through the history routes, as the browser reads them', async () => {
    const { store } = await storedScenario('node-drain');
    const get = async (pathAndQuery: string): Promise<unknown> => {
      const response = await storeRouter(runtimeWithStore(store))(new Request(`http://drainscope.test${pathAndQuery}`));
      expect(response?.status).toBe(200);
      return response?.json();
    };
    const listed = episodesAnswerSchema.parse(await get('/api/episodes?from=0&to=4102444800000')).episodes;
    const drain = listed.find((episode) => episode.kind === 'drain');
    const rollout = listed.find((episode) => episode.kind === 'rollout');
    expect(drain).toBeDefined();

    const review = reviewRangeAnswerSchema.parse(await get(`/api/history/timelines?episode=${drain?.id ?? ''}`));
    expect(review.episode).toEqual({
      kind: 'drain',
      title: 'node worker-1 · 3 workloads',
      namespace: null,
      workload: null,
      node: 'worker-1',
    });
    const rolled = reviewRangeAnswerSchema.parse(await get(`/api/history/timelines?episode=${rollout?.id ?? ''}`));
    expect(rolled.episode).toMatchObject({ kind: 'rollout', workload: 'Deployment/web', node: null });
    // Listed while it went on: its id names an earlier end; the review still says what it is.
    const early = drain?.id.replace(`~${drain.to}~`, `~${Math.floor((drain.from + drain.to) / 2)}~`) ?? '';
    expect(early).not.toBe(drain?.id);
    expect(reviewRangeAnswerSchema.parse(await get(`/api/history/timelines?episode=${early}`)).episode).toMatchObject({
      kind: 'drain',
      node: 'worker-1',
    });
    const range = reviewRangeAnswerSchema.parse(
      await get(`/api/history/timelines?from=${drain?.from ?? 0}&to=${drain?.to ?? 0}`),
    );
    expect(range.episode).toBeNull();
  });
});
