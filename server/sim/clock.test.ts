import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock';

describe('VirtualClock', () => {
  it('runs timers in due order, ties in the order they were set', () => {
    const clock = new VirtualClock(1000);
    const ran: string[] = [];
    clock.setTimer(50, () => ran.push('b'));
    clock.setTimer(10, () => ran.push('a'));
    clock.setTimer(50, () => ran.push('c'));
    clock.advanceTo(1100);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBe(1100);
  });

  it('runs timers set by timers when they fall due within the advance', () => {
    const clock = new VirtualClock(0);
    const times: number[] = [];
    clock.setTimer(10, () => {
      times.push(clock.now());
      clock.setTimer(5, () => times.push(clock.now()));
    });
    clock.advanceTo(100);
    expect(times).toEqual([10, 15]);
  });

  it('skips a cleared timer and stops at the limit', () => {
    const clock = new VirtualClock(0);
    const ran: number[] = [];
    const handle = clock.setTimer(10, () => ran.push(1));
    clock.setTimer(20, () => ran.push(2));
    clock.setTimer(5000, () => ran.push(3));
    clock.clearTimer(handle);
    expect(clock.runUntilIdle(1000)).toBe(20);
    expect(ran).toEqual([2]);
    clock.runUntilIdle();
    expect(ran).toEqual([2, 3]);
  });
});
