import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { buildRowModel } from '@/lib/view/row-model';
import { marker, testPod } from '@/lib/view/test-pods';
import { DEFAULT_VIEW_STATE } from '@/lib/view/view-state';
import { TimelineTable } from './TimelineTable';

const T0 = Date.UTC(2026, 11, 4, 9, 0, 0);

function html(pods: Parameters<typeof buildRowModel>[0]): string {
  const model = buildRowModel(pods, [], DEFAULT_VIEW_STATE);
  return renderToStaticMarkup(<TimelineTable rows={model.pods} selectedUid={null} onSelect={() => undefined} />);
}

/** The cells of the row of `pod`, as text. */
function cells(page: string, pod: string): string[] {
  const row = new RegExp(`<tr[^>]*data-pod="${pod}"[^>]*>(.*?)</tr>`).exec(page)?.[1] ?? '';
  return [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map(([, inner]) => inner!.replace(/<[^>]+>/g, ''));
}

describe('TimelineTable', () => {
  it('a pod not ready yet, never deleted, shows no clock time among the offsets', () => {
    const starting = testPod({
      uid: 's',
      name: 'web-starting',
      markers: [marker('created', T0), marker('endpointNotReady', T0 + 1_000)],
      gaps: [],
    });
    const row = cells(html([starting]), 'web-starting');
    expect(row[2]).toBe('not deleted');
    // Endpoint not ready: the start-up's not-ready is not a termination step.
    expect(row[3]).toBe('');
    expect(row.join(' ')).not.toMatch(/\d\d:\d\d:\d\d/);
  });

  it('a deleted pod counts from its delete request, ignoring the not-ready of its start-up', () => {
    const pod = testPod({
      uid: 'd',
      name: 'web-deleted',
      markers: [
        marker('created', T0),
        marker('endpointNotReady', T0 + 500),
        marker('endpointReady', T0 + 2_000),
        marker('deleteRequested', T0 + 10_000),
        marker('endpointNotReady', T0 + 10_200),
        marker('podDeleted', T0 + 12_000),
      ],
      gaps: [],
    });
    const row = cells(html([pod]), 'web-deleted');
    expect(row[2]).toBe('09:00:10.000');
    expect(row[3]).toBe('+0.20 s');
  });

  it('a row is clickable as a whole: it carries the pointer cursor', () => {
    const pod = testPod({ uid: 'd', name: 'web-x', markers: [marker('deleteRequested', T0)], gaps: [] });
    expect(html([pod])).toMatch(/<tr class="cursor-pointer[^"]*"[^>]*data-pod="web-x"/);
  });

  it('an endpoint already not ready when the delete came shows how long before it', () => {
    const pod = testPod({
      uid: 'u',
      name: 'web-unready',
      markers: [
        marker('created', T0),
        marker('endpointReady', T0 + 2_000),
        marker('endpointNotReady', T0 + 7_000),
        marker('deleteRequested', T0 + 10_000),
        marker('podDeleted', T0 + 12_000),
      ],
      gaps: [],
    });
    expect(cells(html([pod]), 'web-unready')[3]).toBe('−3 s');
  });
});
