import { describe, expect, it } from 'vitest';
import type { PodTimeline } from '../timeline/types';
import { foldGonePods } from './fold-gone';
import { buildRowModel } from './row-model';
import { firstScreenOrder } from './seed-order';
import { marker, rollout, rolloutSpec, testPod } from './test-pods';
import { DEFAULT_VIEW_STATE, type ViewState } from './view-state';
import { DEFAULT_FOLLOW_WIDTH_MS } from './visible-span';

// The rollout's 40 gone old pods end by 170 s: at 300 s the followed window (90 s) starts after them, so they fold.
const NOW_MS = 300_000;

/** The rollout's Deployment `shop/web`, an `api` Deployment in namespace `zeta` (sorted after it) and a bare pod. */
function cluster(): PodTimeline[] {
  const api = Array.from({ length: 12 }, (_, i) =>
    testPod({
      uid: `api${i}`,
      name: `api-7-${i}`,
      namespace: 'zeta',
      workload: { kind: 'Deployment', name: 'api' },
      controllerName: 'api-7',
      markers: [marker('created', 5_000 + i), marker('ready', 6_000 + i), marker('endpointReady', 6_000 + i)],
    }),
  );
  const bare = testPod({
    uid: 'bare',
    name: 'debug',
    workload: null,
    controllerName: null,
    markers: [marker('created', 0)],
  });
  // Shuffled, as a hub's map could hold them.
  return [...api.slice(6), ...rollout().reverse(), bare, ...api.slice(0, 6)];
}

function order(view: ViewState, pods = cluster()): PodTimeline[] {
  return firstScreenOrder({ pods, findings: [], view, workloads: [rolloutSpec], forgottenBefore: null, nowMs: NOW_MS });
}

/** The lanes the page shows when it has every pod, gone pods folded as in the followed window at NOW_MS. */
function wholeLanes(view: ViewState, pods = cluster()): string[] {
  const model = buildRowModel(pods, [], view, [rolloutSpec]);
  const windowStartMs = Math.max(NOW_MS, model.extent?.endMs ?? NOW_MS) - DEFAULT_FOLLOW_WIDTH_MS;
  return foldGonePods(model, { windowStartMs, unfolded: new Set() }).pods.map((row) => row.key);
}

describe('firstScreenOrder: the seed sends the first screen’s pods first', () => {
  it('sends every pod once, whatever the view', () => {
    const all = cluster()
      .map((pod) => pod.uid)
      .sort();
    for (const view of [
      DEFAULT_VIEW_STATE,
      { ...DEFAULT_VIEW_STATE, workload: 'Deployment/api' },
      { ...DEFAULT_VIEW_STATE, namespaces: ['zeta'], search: 'api-7-1' },
      { ...DEFAULT_VIEW_STATE, align: true },
      { ...DEFAULT_VIEW_STATE, problemsOnly: true, view: 'table' as const },
    ]) {
      expect(
        order(view)
          .map((pod) => pod.uid)
          .sort(),
      ).toEqual(all);
    }
  });

  it('in the order of the lanes: the first pods draw the first screen the whole seed would draw', () => {
    const lanes = wholeLanes(DEFAULT_VIEW_STATE);
    const ordered = order(DEFAULT_VIEW_STATE);
    // The 20 pods changing now, old and new side by side, then the old revision's untouched pods...
    expect(ordered.slice(0, lanes.length).map((pod) => pod.uid)).toEqual(lanes);
    // ...and drawn from the first 30 pods alone (the page's first line), the lanes are the whole seed's first 30.
    const partial = buildRowModel(ordered.slice(0, 30), [], DEFAULT_VIEW_STATE, [rolloutSpec], null, { partial: true });
    expect(partial.pods.map((row) => row.key)).toEqual(lanes.slice(0, 30));
    expect(
      partial.pods.filter((row) => row.terminating && row.pod.markers.every((m) => m.kind !== 'podDeleted')),
    ).toHaveLength(10);
  });

  it('sends the gone pods that fold out of the window after the lanes, and the pods the view filters out last', () => {
    const ordered = order(DEFAULT_VIEW_STATE).map((pod) => pod.uid);
    const lanes = wholeLanes(DEFAULT_VIEW_STATE);
    const folded = ordered.slice(lanes.length);
    expect(folded).toHaveLength(40);
    expect(folded.every((uid) => uid.startsWith('o'))).toBe(true);

    const api = order({ ...DEFAULT_VIEW_STATE, workload: 'Deployment/api' }).map((pod) => pod.uid);
    expect(api.slice(0, 12).every((uid) => uid.startsWith('api'))).toBe(true);
    expect(api.slice(12).some((uid) => uid.startsWith('api'))).toBe(false);
  });

  it('folds nothing where the page folds nothing: a search asks for particular pods', () => {
    const view = { ...DEFAULT_VIEW_STATE, search: 'web-1' };
    const ordered = order(view).map((pod) => pod.uid);
    const lanes = buildRowModel(cluster(), [], view, [rolloutSpec]).pods.map((row) => row.key);
    expect(lanes).toHaveLength(100);
    expect(ordered.slice(0, 100)).toEqual(lanes);
  });
});
