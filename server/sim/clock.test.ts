import { describe, expect, it } from 'vitest';
import { RealClock, VirtualClock } from './clock';

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

describe('RealClock', () => {
  const busy = (ms: number): void => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      /* hold the event loop, as a loaded machine does */
    }
  };

  it('runs timers in simulated due order, each at its due instant, even when the event loop is late', async () => {
    const clock = RealClock.startingAt(1_000_000, 10);
    const ran: [string, number][] = [];
    const done = new Promise<void>((resolve) => {
      clock.setTimer(30, () => {
        ran.push(['c', clock.now()]);
        resolve();
      });
      clock.setTimer(10, () => {
        ran.push(['a', clock.now()]);
        clock.setTimer(5, () => ran.push(['a+5', clock.now()]));
      });
      clock.setTimer(20, () => ran.push(['b', clock.now()]));
    });
    busy(20);
    await done;
    clock.dispose();
    expect(ran).toEqual([
      ['a', 1_000_010],
      ['a+5', 1_000_015],
      ['b', 1_000_020],
      ['c', 1_000_030],
    ]);
  });

  it('stands at its start until the first timer runs, so a slow setup still happens at the start instant', () => {
    const clock = RealClock.startingAt(5_000, 1000);
    busy(5);
    expect(clock.now()).toBe(5_000);
    clock.dispose();
  });

  it('from a whole second, at any speed', () => {
    for (const speed of [1, 20]) {
      const clock = RealClock.fromWholeSecond(speed);
      expect(clock.now() % 1000).toBe(0);
      clock.dispose();
    }
  });
});
