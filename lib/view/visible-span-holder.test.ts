import { describe, expect, it } from 'vitest';
import { VisibleSpanHolder } from './visible-span-holder';

function manualScheduler() {
  const queue: Array<() => void> = [];
  return {
    schedule: (callback: () => void) => void queue.push(callback),
    flush: () => queue.splice(0).forEach((callback) => callback()),
    queue,
  };
}

describe('VisibleSpanHolder', () => {
  it('returns the latest span at once, before subscribers are told', () => {
    const frames = manualScheduler();
    const store = new VisibleSpanHolder({ startMs: 0, endMs: 10 }, frames.schedule);
    store.set({ startMs: 5, endMs: 15 });
    expect(store.get()).toEqual({ startMs: 5, endMs: 15 });
  });

  it('coalesces many writes in a frame into one notification with the last span', () => {
    const frames = manualScheduler();
    const store = new VisibleSpanHolder({ startMs: 0, endMs: 10 }, frames.schedule);
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.get().startMs));
    store.set({ startMs: 1, endMs: 10 });
    store.set({ startMs: 2, endMs: 10 });
    store.set({ startMs: 3, endMs: 10 });
    expect(frames.queue).toHaveLength(1);
    frames.flush();
    expect(seen).toEqual([3]);
  });

  it('ignores a span equal by value to the current one', () => {
    const frames = manualScheduler();
    const store = new VisibleSpanHolder({ startMs: 0, endMs: 10 }, frames.schedule);
    store.set({ startMs: 0, endMs: 10 });
    expect(frames.queue).toHaveLength(0);
  });

  it('stops telling a listener once it unsubscribes', () => {
    const frames = manualScheduler();
    const store = new VisibleSpanHolder({ startMs: 0, endMs: 10 }, frames.schedule);
    let calls = 0;
    const unsubscribe = store.subscribe(() => (calls += 1));
    unsubscribe();
    store.set({ startMs: 1, endMs: 10 });
    frames.flush();
    expect(calls).toBe(0);
  });
});
