import { describe, expect, it } from 'vitest';
import { parseLine } from '@/lib/recording/parse-line';
import { toObservation } from './observation';

const T0 = Date.UTC(2026, 10, 24, 4, 25, 0, 0);
const metadata = { uid: 'e1', name: 'web-1.18', namespace: 'shop' };

describe('toObservation', () => {
  it('holds an API object to the standard a recording line of it is held to, and its line reads back the same', () => {
    // Tried: an event the analysis never reads with a wrong field nobody reads, and the same wrong field on an
    // event it does read (Killing). Live and file reading must agree on both.
    const pulled = { apiVersion: 'v1', kind: 'Event', metadata, involvedObject: { kind: 'Pod', uid: 'u1' }, reason: 'Pulled', count: 'twice' };
    const live = toObservation(T0, 'ADDED', pulled);
    expect(live.ok).toBe(true);
    if (!live.ok) return;
    const read = parseLine(live.line, 2);
    expect(read).toEqual({ kind: 'observation', entry: live.entry });

    const killing = toObservation(T0, 'ADDED', { ...pulled, reason: 'Killing' });
    expect(killing).toEqual({ ok: false, kind: 'malformed', problem: expect.stringMatching(/^Event shop\/web-1\.18: count: /) });
    expect(() => parseLine(JSON.stringify({ at: '2026-11-24T04:25:00.000Z', type: 'ADDED', object: { ...pulled, reason: 'Killing' } }), 2)).toThrow(/object\.count/);
  });
});
