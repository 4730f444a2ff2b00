import { describe, expect, it } from 'vitest';
import { analysisCsv } from '../../report/analysis-csv';
import type { Finding } from '../../timeline/types';
import { buildRowModel } from '../row-model';
import { marker, testPod } from '../test-pods';
import { DEFAULT_VIEW_STATE } from '../view-state';
import { screenAnalysis } from './screen-analysis';

const T0 = Date.UTC(2024, 4, 1, 4, 25, 0);

function pod(uid: string, namespace: string, deleteAt: number) {
  return testPod({
    uid,
    namespace,
    markers: [
      marker('created', T0 - 60_000),
      marker('deleteRequested', deleteAt),
      marker('sigterm', deleteAt + 100),
      marker('podDeleted', deleteAt + 5_000),
    ],
    gaps: [{ kind: 'sigtermWhileRouted', from: deleteAt + 100, to: deleteAt + 900, severity: 'critical' }],
  });
}

const finding = (pods: string[]): Finding => ({
  kind: 'missingPreStop',
  severity: 'warning',
  workload: { kind: 'Deployment', name: 'web' },
  pods,
  message: 'm',
  fix: 'f',
});

describe('screenAnalysis', () => {
  const pods = [
    pod('a', 'shop', T0),
    pod('b', 'shop', T0 + 2_000),
    pod('c', 'other', T0 + 1_000),
    pod('late', 'shop', T0 + 120_000),
  ];

  it('holds the filtered lanes only, and only what lies in the span', () => {
    const view = { ...DEFAULT_VIEW_STATE, namespaces: ['shop'] };
    const model = buildRowModel(pods, [], view);
    const analysis = screenAnalysis({
      model,
      span: { startMs: T0 - 1_000, endMs: T0 + 30_000 },
      findings: [finding(['a', 'c', 'late']), finding(['c'])],
      allowanceSeconds: 3,
    });
    expect(analysis.pods.map((p) => p.uid).sort()).toEqual(['a', 'b', 'late']);
    expect(analysis.allowanceSeconds).toBe(3);
    const late = analysis.pods.find((p) => p.uid === 'late')!;
    // Deleted two minutes after the span: its lane is on screen, its delete is not.
    expect(late.markers).toEqual([]);
    expect(late.gaps).toEqual([]);
    const a = analysis.pods.find((p) => p.uid === 'a')!;
    expect(a.markers.map((m) => m.kind)).toEqual(['deleteRequested', 'sigterm', 'podDeleted']);
    expect(a.gaps).toHaveLength(1);
    // A finding names only exported pods; one about none of them is left out.
    expect(analysis.findings).toEqual([finding(['a', 'late'])]);
    const csv = analysisCsv(analysis);
    expect(csv).not.toContain(',other,');
    expect(csv.split('\r\n').filter((line) => line.startsWith('gap,'))).toHaveLength(2);
  });

  it('keeps a gap whose band reaches into the span, whole', () => {
    const model = buildRowModel([pod('a', 'shop', T0)], [], DEFAULT_VIEW_STATE);
    const analysis = screenAnalysis({ model, span: { startMs: T0 + 500, endMs: T0 + 600 } });
    expect(analysis.pods[0]!.gaps).toEqual([
      { kind: 'sigtermWhileRouted', from: T0 + 100, to: T0 + 900, severity: 'critical' },
    ]);
    expect(analysis.pods[0]!.markers).toEqual([]);
  });

  it('aligned, reads the span around each pod’s own delete request', () => {
    const view = { ...DEFAULT_VIEW_STATE, align: true };
    const model = buildRowModel([pod('a', 'shop', T0), pod('b', 'shop', T0 + 50_000)], [], view);
    const analysis = screenAnalysis({ model, span: { startMs: -1_000, endMs: 1_000 } });
    for (const p of analysis.pods) expect(p.markers.map((m) => m.kind)).toEqual(['deleteRequested', 'sigterm']);
  });
});
