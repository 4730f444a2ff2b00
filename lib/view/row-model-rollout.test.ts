import { describe, expect, it } from 'vitest';
import type { WorkloadSpec } from '../timeline/types';
import { applyFolds, foldablePods } from './fold-gone';
import { RowLayout } from './row-layout';
import { buildRowModel, type Row } from './row-model';
import { marker, newPod, rollout, rolloutSpec as spec } from './test-pods';
import { DEFAULT_VIEW_STATE } from './view-state';

const describeRow = (row: Row) =>
  row.kind === 'pod' ? row.pod.name : row.kind === 'revision' ? `${row.label} · ${row.podCount}` : row.kind;

describe('row order in a big rollout', () => {
  it('leads with the pods changing now, old and new side by side in the order they changed, on the first screen', () => {
    const model = buildRowModel(rollout(), [], DEFAULT_VIEW_STATE, [spec]);
    const layout = new RowLayout(model.rows);
    // A 720 px screen less the page's header, toolbar and axis.
    const { end } = layout.visible(0, 600, 0);
    const firstScreen = model.rows.slice(0, end).map(describeRow);
    expect(firstScreen.slice(0, 3)).toEqual(['workload', 'capacity', 'changing now · 20']);
    // The old pod deleted at 140 s beside the new one created then (the old revision first on a tie), and so on.
    const pairs = Array.from({ length: 10 }, (_, k) => [`web-1-0${59 - k}`, `web-2-00${9 - k}`]).flat();
    expect(model.rows.slice(3, 23).map(describeRow)).toEqual(pairs);
    expect(firstScreen.filter((name) => name.startsWith('web-1-')).length).toBeGreaterThanOrEqual(8);
    expect(firstScreen.filter((name) => name.startsWith('web-2-')).length).toBeGreaterThanOrEqual(8);
    // Then the settled pods per revision: gone old pods by delete, the untouched ones, the new ready ones.
    expect(
      model.rows
        .slice(23)
        .filter((row) => row.kind === 'revision')
        .map(describeRow),
    ).toEqual(['web-1 · 90', 'web-2 · 40']);
    expect(model.rows[24] && describeRow(model.rows[24])).toBe('web-1-099');
  });

  it('keeps pods in place as deltas arrive: only a change of phase moves a pod', () => {
    const pods = rollout();
    const before = buildRowModel(pods, [], DEFAULT_VIEW_STATE, [spec]).pods.map((row) => row.key);
    // An unrelated marker on a settled pod (a later observation of an old pod's endpoint) moves nothing.
    const touched = pods.map((pod) =>
      pod.uid === 'o0' ? { ...pod, markers: [...pod.markers, marker('preStopStart', 150_000)] } : pod,
    );
    expect(buildRowModel(touched, [], DEFAULT_VIEW_STATE, [spec]).pods.map((row) => row.key)).toEqual(before);
    // A new pod becoming ready leaves the changing section and joins its revision's settled pods by creation time.
    const ready = pods.map((pod) =>
      pod.uid === 'n0'
        ? { ...pod, markers: [...pod.markers, marker('ready', 160_000), marker('endpointReady', 160_000)] }
        : pod,
    );
    const after = buildRowModel(ready, [], DEFAULT_VIEW_STATE, [spec]).pods.map((row) => row.key);
    expect(after.filter((key) => key !== 'n0')).toEqual(before.filter((key) => key !== 'n0'));
    expect(after.indexOf('n0')).toBeGreaterThan(after.indexOf('n10'));
  });

  it('folds the gone old pods under their settled revision, leaving the changing pods on top', () => {
    const model = buildRowModel(rollout(), [], DEFAULT_VIEW_STATE, [spec]);
    const folded = applyFolds(model, new Set(foldablePods(model, 200_000)), new Set());
    expect(folded.rows.slice(0, 5).map(describeRow)).toEqual([
      'workload',
      'capacity',
      'changing now · 20',
      'web-1-059',
      'web-2-009',
    ]);
    expect(folded.rows.find((row) => row.kind === 'fold')).toMatchObject({
      count: 40,
      revisionKey: 'r:shop/Deployment/web/web-1',
    });
  });
});

describe('capacity row', () => {
  it('sits under the workload header, counts all its pods whatever the search leaves, and marks the dip', () => {
    const strict: WorkloadSpec = { ...spec, points: [{ ...spec.points[0]!, maxUnavailable: 0 }] };
    const model = buildRowModel(rollout(), [], { ...DEFAULT_VIEW_STATE, search: 'web-2-000' }, [strict]);
    const capacity = model.rows[1];
    expect(capacity?.kind).toBe('capacity');
    if (capacity?.kind !== 'capacity') return;
    expect(capacity.key).toBe('c:shop/Deployment/web');
    // 100 ready until the first old pod stops being ready at 100.1 s; with maxUnavailable 0 the floor is 100.
    expect(capacity.series.steps[0]).toMatchObject({
      fromMs: 1_000,
      toMs: 100_100,
      ready: { min: 100, max: 100 },
      desired: 100,
      threshold: 100,
    });
    // One old pod leaves each second from 100.1 s, replacements are ready from 110 s on: never back to 100.
    expect(capacity.series.dips).toEqual([{ fromMs: 100_100, toMs: 169_000 }]);
    expect(model.pods.map((row) => row.key)).toEqual(['n0']);
  });

  it('draws counts only without a spec, and is left out while aligned or when no pod had an endpoint', () => {
    const counts = buildRowModel(rollout(), [], DEFAULT_VIEW_STATE).rows[1];
    expect(counts).toMatchObject({ kind: 'capacity', series: { hasSpec: false, dips: [] } });
    expect(
      buildRowModel(rollout(), [], { ...DEFAULT_VIEW_STATE, align: true }, [spec]).rows.some(
        (row) => row.kind === 'capacity',
      ),
    ).toBe(false);
    const noEndpoints = [newPod(0, 0, null)];
    expect(buildRowModel(noEndpoints, [], DEFAULT_VIEW_STATE, [spec]).rows.some((row) => row.kind === 'capacity')).toBe(
      false,
    );
  });

  it('takes the spec of its own workload only', () => {
    const other: WorkloadSpec = { ...spec, name: 'api' };
    const row = buildRowModel(rollout(), [], DEFAULT_VIEW_STATE, [other]).rows[1];
    expect(row).toMatchObject({ kind: 'capacity', series: { hasSpec: false } });
  });
});
