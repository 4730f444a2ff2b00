import { describe, expect, it } from 'vitest';
import { foldablePods, foldGonePods, foldLabel, goneEndMs, rowsOverflow } from './fold-gone';
import { buildRowModel } from './row-model';
import { marker, testPod } from './test-pods';
import { DEFAULT_VIEW_STATE } from './view-state';

/** A pod of revision `rs` created at `from` and gone at `goneAt` (null: still there). */
function pod(uid: string, rs: string, from: number, goneAt: number | null, withGap = false) {
  const markers = [marker('created', from)];
  if (goneAt !== null) markers.push(marker('deleteRequested', goneAt - 2_000), marker('podDeleted', goneAt));
  const gaps =
    withGap && goneAt !== null
      ? [{ kind: 'exitWhileRouted' as const, from: goneAt - 1_500, to: goneAt - 1_000, severity: 'critical' as const }]
      : [];
  return testPod({ uid, name: `web-${uid}`, controllerName: rs, markers, gaps });
}

const pods = [
  pod('a1', 'web-1', 0, 10_000, true),
  pod('a2', 'web-1', 1_000, 12_000),
  pod('a3', 'web-1', 2_000, 12_000, true),
  pod('a4', 'web-1', 3_000, 95_000),
  pod('b1', 'web-2', 11_000, 14_000),
  pod('b2', 'web-2', 12_000, null),
];
const model = buildRowModel(pods, [], DEFAULT_VIEW_STATE);
const describeRows = (rows: ReturnType<typeof foldGonePods>['rows']) =>
  rows.map((row) =>
    row.kind === 'pod' ? row.key : row.kind === 'fold' ? foldLabel(row) : row.kind === 'capacity' ? row.key : row.label,
  );

describe('foldGonePods', () => {
  it('folds the gone pods that end before the window, one line per revision, with how many had gaps', () => {
    const folded = foldGonePods(model, { windowStartMs: 60_000, unfolded: new Set() });
    // b2 (not ready yet) is changing: it leads the workload, above the settled (and gone) pods.
    expect(describeRows(folded.rows)).toEqual([
      'Deployment web',
      'changing now',
      'b2',
      'web-1',
      '3 earlier pods, 2 with gaps — show',
      'a4',
      'web-2',
      '1 earlier pod — show',
    ]);
    expect(folded.pods.map((row) => row.key)).toEqual(['b2', 'a4']);
    // The group counts stay whole: folding hides lanes, it does not forget pods.
    expect(folded.rows[0]).toMatchObject({ kind: 'workload', podCount: 6 });
    expect(folded.rows.find((row) => row.kind === 'fold')).toMatchObject({
      count: 3,
      withGaps: 2,
      unfolded: false,
      revisionKey: 'r:shop/Deployment/web/web-1',
    });
  });

  it('never folds a pod that still exists or one whose marks reach into the window', () => {
    expect(foldablePods(model, 12_500)).toEqual(['a1', 'a2', 'a3']);
    // a2 and a3 end exactly at the window start: their gone mark is on screen.
    expect(foldablePods(model, 12_000)).toEqual(['a1']);
    expect(foldablePods(model, 1_000_000)).toEqual(['a1', 'a2', 'a3', 'a4', 'b1']);
  });

  it('returns the same model when nothing folds', () => {
    expect(foldGonePods(model, { windowStartMs: 5_000, unfolded: new Set() })).toBe(model);
  });

  it('shows the pods of an unfolded revision under a line that folds them back', () => {
    const folded = foldGonePods(model, { windowStartMs: 60_000, unfolded: new Set(['r:shop/Deployment/web/web-1']) });
    expect(describeRows(folded.rows)).toEqual([
      'Deployment web',
      'changing now',
      'b2',
      'web-1',
      '3 earlier pods, 2 with gaps — hide',
      'a1',
      'a2',
      'a3',
      'a4',
      'web-2',
      '1 earlier pod — show',
    ]);
    expect(folded.pods.map((row) => row.key)).toEqual(['b2', 'a1', 'a2', 'a3', 'a4']);
  });

  it('keeps the selected pod as a lane', () => {
    const folded = foldGonePods(model, { windowStartMs: 60_000, unfolded: new Set(), keep: new Set(['a2']) });
    expect(describeRows(folded.rows)).toEqual([
      'Deployment web',
      'changing now',
      'b2',
      'web-1',
      '2 earlier pods, 2 with gaps — show',
      'a2',
      'a4',
      'web-2',
      '1 earlier pod — show',
    ]);
  });

  it('compares aligned lanes on their own time line', () => {
    const aligned = buildRowModel(pods, [], { ...DEFAULT_VIEW_STATE, align: true });
    // Aligned on the delete, every gone pod ends 2 s after t = 0.
    expect(foldablePods(aligned, 1_000)).toEqual([]);
    expect(foldablePods(aligned, 3_000)).toEqual(['a1', 'a2', 'a3', 'a4', 'b1']);
  });

  it('ends a gone pod at its latest mark or gap', () => {
    expect(goneEndMs(pods[0]!)).toBe(10_000);
    expect(goneEndMs(pods[5]!)).toBeNull();
  });

  it('folds only when the rows do not fit the lanes viewport', () => {
    // Workload 28 + three revision rows (web-2 in two sections) 3 × 20 + six pods 6 × 30 = 268 px.
    expect(rowsOverflow(model.rows, 268)).toBe(false);
    expect(rowsOverflow(model.rows, 267)).toBe(true);
  });
});
