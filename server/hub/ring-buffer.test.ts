import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

const fill = (ring: RingBuffer<{ seq: number }>, from: number, to: number) => {
  for (let seq = from; seq <= to; seq += 1) ring.push({ seq });
};

describe('RingBuffer', () => {
  it('returns everything after a sequence it still holds', () => {
    const ring = new RingBuffer<{ seq: number }>(5);
    fill(ring, 1, 4);
    expect(ring.since(2)?.map((item) => item.seq)).toEqual([3, 4]);
    expect(ring.since(4)).toEqual([]);
    expect(ring.since(0)?.map((item) => item.seq)).toEqual([1, 2, 3, 4]);
  });

  it('keeps only the newest capacity items and refuses to resume from before them', () => {
    const ring = new RingBuffer<{ seq: number }>(3);
    fill(ring, 1, 10);
    expect(ring.size).toBe(3);
    expect(ring.since(7)?.map((item) => item.seq)).toEqual([8, 9, 10]);
    expect(ring.since(6)).toBeUndefined();
  });

  it('refuses a sequence from the future (another process) and a gap in pushes', () => {
    const ring = new RingBuffer<{ seq: number }>(3);
    fill(ring, 1, 2);
    expect(ring.since(3)).toBeUndefined();
    expect(() => ring.push({ seq: 5 })).toThrow('ring expects seq 3');
  });
});
