import { describe, expect, it } from 'vitest';
import { parseLine } from '@/lib/recording/parse-line';
import { toObservation } from './observation';

const T0 = Date.UTC(2026, 10, 24, 4, 25, 0, 0);
const metadata = { uid: 'e1', name: 'web-1.18', namespace: 'shop' };

describe('toObservation', () => {
  it('holds an API object to the standard a recording line of it is held to, and its line reads back the same', () => {
    // Tried: an event the analysis never reads with a wrong field nobody reads, and the same wrong field on an
    // event it does read (Killing). Live and file reading must agree on both.
    const pulled = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata,
      involvedObject: { kind: 'Pod', uid: 'u1' },
      reason: 'Pulled',
      count: 'twice',
    };
    const live = toObservation(T0, 'ADDED', pulled);
    expect(live.ok).toBe(true);
    if (!live.ok) return;
    const read = parseLine(live.line, 2);
    expect(read).toEqual({ kind: 'observation', entry: live.entry });

    const killing = toObservation(T0, 'ADDED', { ...pulled, reason: 'Killing' });
    expect(killing).toEqual({
      ok: false,
      kind: 'malformed',
      problem: expect.stringMatching(/^Event shop\/web-1\.18: count: /),
    });
    expect(() =>
      parseLine(
        JSON.stringify({ at: '2026-11-24T04:25:00.000Z', type: 'ADDED', object: { ...pulled, reason: 'Killing' } }),
        2,
      ),
    ).toThrow(/object\.count/);
  });

  it('reads a list item without apiVersion/kind as the resource it was listed from, and writes them into its line', () => {
    // What the API returns in a PodList's items: no TypeMeta (only the list carries it).
    const item = {
      metadata: { uid: 'p1', name: 'web-0', namespace: 'shop' },
      spec: { containers: [{ name: 'app' }] },
      status: { phase: 'Running' },
    };
    expect(toObservation(T0, 'ADDED', item)).toMatchObject({ ok: false, kind: 'skipped' });
    const listed = toObservation(T0, 'ADDED', item, 'pods');
    expect(listed.ok).toBe(true);
    if (!listed.ok) return;
    expect(listed.entry.object).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0' } });
    expect(parseLine(listed.line, 1)).toEqual({ kind: 'observation', entry: listed.entry });
    const slice = toObservation(
      T0,
      'ADDED',
      { metadata: { uid: 's1', name: 'web-abc' }, endpoints: [{ addresses: ['10.0.0.1'] }] },
      'endpointslices',
    );
    expect(slice).toMatchObject({
      ok: true,
      entry: { object: { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' } },
    });
  });

  it('keeps the kind an object names itself over the resource', () => {
    const other = toObservation(T0, 'ADDED', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata }, 'pods');
    expect(other).toMatchObject({ ok: false, kind: 'skipped' });
  });
});
