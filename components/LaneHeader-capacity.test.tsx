import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { capacitySeries } from '@/lib/view/capacity';
import type { Row } from '@/lib/view/row-model';
import { marker, testPod, webDeployment } from '@/lib/view/test-pods';
import { LaneHeader } from './LaneHeader';

const noop = () => undefined;
const html = (row: Row) =>
  renderToStaticMarkup(
    <LaneHeader row={row} top={0} height={36} selected={false} onSelect={noop} onToggleFold={noop} />,
  );

describe('LaneHeader of a workload’s capacity and changing pods', () => {
  it('names the newest counts and the dips of the capacity row', () => {
    const pods = [
      testPod({ uid: 'a', markers: [marker('endpointReady', 0), marker('endpointNotReady', 5_000)] }),
      testPod({ uid: 'b', markers: [marker('endpointReady', 8_000)] }),
    ];
    const spec = webDeployment(1);
    const page = html({ kind: 'capacity', key: 'c:x', series: capacitySeries({ pods, spec, endMs: 10_000 }) });
    expect(page).toContain('data-testid="capacity-row"');
    expect(page).toContain('data-dips="1"');
    expect(page).toContain('capacity · ready 1 of 1 · 1 dip');
  });

  it('says changing now, not a revision, over the pods of every revision in flux', () => {
    const page = html({ kind: 'revision', key: 'r:x#changing', label: 'changing now', podCount: 20, changing: true });
    expect(page).toContain('data-testid="changing-row"');
    expect(page).toMatch(/changing now<\/span> · 20/);
    expect(page).not.toContain('>revision<');
  });

  it('says a capacity row held while the live seed arrives is counted once every pod is in', () => {
    const page = html({
      kind: 'capacity',
      key: 'c:x',
      series: { steps: [], dips: [], blind: [], peak: 0, hasSpec: true },
      pending: true,
    });
    expect(page).toContain('data-pending="true"');
    expect(page).toContain('capacity · counted once every pod is in…');
    expect(page).not.toContain('capacity · ready');
  });

  it('shows no count on a workload or revision row drawn from part of the pods (the live seed still arriving)', () => {
    const workload = html({
      kind: 'workload',
      key: 'w:x',
      namespace: 'shop',
      label: 'Deployment web',
      podCount: 3,
      problemCount: 2,
      partial: true,
    });
    expect(workload).toContain('Deployment web');
    expect(workload).not.toContain('with gaps');
    const changing = html({
      kind: 'revision',
      key: 'r:x#changing',
      label: 'changing now',
      podCount: 20,
      changing: true,
      partial: true,
    });
    expect(changing).toMatch(/changing now<\/span><\/span>/);
    expect(changing).not.toContain('20');
    const revision = html({ kind: 'revision', key: 'r:x/web-1', label: 'web-1', podCount: 17, partial: true });
    expect(revision).toContain('web-1');
    expect(revision).not.toContain('17');
  });
});
