import { describe, expect, it } from 'vitest';
import type { PodTimeline } from '@/lib/timeline/types';
import { ClientQueue, type HubDelta } from './client-queue';

const timeline = (seq: number, uid: string): HubDelta => ({
  seq,
  message: { type: 'timeline', pod: { uid } as PodTimeline },
});

describe('ClientQueue', () => {
  it('hands out deltas in sequence order', () => {
    const queue = new ClientQueue(10);
    queue.push(timeline(1, 'a'));
    queue.push(timeline(2, 'b'));
    expect([queue.shift()?.seq, queue.shift()?.seq, queue.shift()]).toEqual([1, 2, undefined]);
  });

  it('keeps only the latest delta per pod, moved behind the others so ids stay increasing', () => {
    const queue = new ClientQueue(10);
    queue.push(timeline(1, 'a'));
    queue.push(timeline(2, 'b'));
    queue.push(timeline(3, 'a'));
    queue.push({ seq: 4, message: { type: 'removed', uid: 'b' } });
    expect(queue.size).toBe(2);
    expect(queue.coalesced).toBe(2);
    expect([queue.shift(), queue.shift()].map((delta) => [delta?.seq, delta?.message.type])).toEqual([
      [3, 'timeline'],
      [4, 'removed'],
    ]);
  });

  it('stays bounded when the client never reads: it drops everything and asks for a resync', () => {
    const queue = new ClientQueue(100);
    for (let seq = 1; seq <= 100_000; seq += 1) queue.push(timeline(seq, `pod-${seq % 5000}`));
    expect(queue.size).toBe(0);
    expect(queue.needsResync).toBe(true);
    expect(queue.overflows).toBe(1);
    queue.clearResync();
    queue.push(timeline(100_001, 'x'));
    expect(queue.size).toBe(1);
  });

  it('does not overflow when many updates concern few pods', () => {
    const queue = new ClientQueue(100);
    for (let seq = 1; seq <= 100_000; seq += 1) queue.push(timeline(seq, `pod-${seq % 50}`));
    expect(queue.size).toBe(50);
    expect(queue.needsResync).toBe(false);
  });
});
