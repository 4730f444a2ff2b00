import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { capacityAt, capacitySeries } from '@/lib/view/capacity';
import type { CapacityRow } from '@/lib/view/row-model';
import { marker, testPod } from '@/lib/view/test-pods';
import { CapacityTooltip } from './CapacityTooltip';

const pods = [
  testPod({
    uid: 'old',
    markers: [
      marker('endpointReady', 0),
      marker('endpointNotReady', 10_000, { precision: 'estimated', earliest: 9_000, latest: 11_000 }),
    ],
  }),
  testPod({ uid: 'new', markers: [marker('endpointReady', 14_000)] }),
];

function html(spec: boolean, atMs: number): string {
  const points = spec
    ? [{ at: 0, replicas: 1, strategy: 'RollingUpdate' as const, maxUnavailable: 0, maxSurge: 1 }]
    : [];
  const series = capacitySeries({
    pods,
    spec: spec ? { namespace: 'shop', kind: 'Deployment', name: 'web', points } : null,
    endMs: 20_000,
  });
  const row: CapacityRow = { kind: 'capacity', key: 'c:x', series };
  return renderToStaticMarkup(
    <CapacityTooltip hit={{ row, timeMs: atMs, step: capacityAt(series, atMs) }} x={0} y={0} />,
  );
}

describe('CapacityTooltip', () => {
  it('says the ready range, desired and threshold, and names a dip', () => {
    // The old endpoint stopped being ready some time in [9 s, 11 s]; it was never seen to stop serving.
    expect(html(true, 10_000)).toContain('ready 0–1 · serving 1');
    const dip = html(true, 12_000);
    expect(dip).toContain('desired 1 · threshold 1 (replicas − maxUnavailable)');
    expect(dip).toContain('below replicas − maxUnavailable');
    expect(html(true, 10_000)).not.toContain('below');
  });

  it('says the desired replicas are unknown without a spec', () => {
    const page = html(false, 12_000);
    expect(page).toContain('desired replicas unknown');
    expect(page).not.toContain('below');
  });
});
