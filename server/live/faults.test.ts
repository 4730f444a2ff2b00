/**
 * Recovery from apiserver faults, end to end over HTTP with client-node: the timelines after dropped watches, hung
 * watches (caught by the idle watchdog), 410 Expired and an apiserver restart that loses its watch history equal
 * those of an undisturbed run of the same seeded scenario, apart from the recorded watch-blind intervals.
 */
import { describe, expect, it } from 'vitest';
import { blindIntervals, comparableView } from './testing/compare-timelines';
import { runStepped } from './testing/stepped-run';

const SCENARIO = { scenario: 'rolling-update', seed: 20261124 } as const;

describe('recovery from watch faults', () => {
  it('ends with the timelines of an undisturbed run, apart from the watch-blind intervals it recorded', async () => {
    const undisturbed = await runStepped(SCENARIO);
    const faulted = await runStepped({
      ...SCENARIO,
      beforeStep: async (elapsed, faults) => {
        if (elapsed === 16_000) faults.dropWatches();
        if (elapsed === 18_000) {
          faults.expireNextWatches(4);
          faults.dropWatches();
        }
        if (elapsed === 22_000) {
          faults.hangWatches();
          // Hold the hang in real time past the idle watchdog (500 ms): virtual time only moves between steps.
          await new Promise((resolve) => setTimeout(resolve, 1200));
        }
        if (elapsed === 22_300) faults.releaseWatches();
        if (elapsed === 26_000) faults.restartWithHistoryLost();
      },
    });

    const states = faulted.watchStates.map((change) => change.state);
    expect(states).toContain('disconnected');
    expect(states).toContain('relisted');
    expect(faulted.watchStates.some((change) => change.reason?.includes('410'))).toBe(true);
    expect(faulted.watchStates.some((change) => change.reason?.includes('no data or bookmark'))).toBe(true);
    expect(undisturbed.watchStates.every((change) => change.state === 'connected')).toBe(true);

    const intervals = blindIntervals(faulted.analysis);
    expect(intervals.length).toBeGreaterThan(0);
    expect(faulted.analysis.pods.map((pod) => pod.uid).sort()).toEqual(
      undisturbed.analysis.pods.map((pod) => pod.uid).sort(),
    );
    expect(comparableView(faulted.analysis, intervals)).toEqual(comparableView(undisturbed.analysis, intervals));
    // The comparison is not vacuous: most markers lie outside the blind intervals.
    const compared = Object.values(comparableView(faulted.analysis, intervals)).flat().length;
    expect(compared).toBeGreaterThan(20);
  });
});
